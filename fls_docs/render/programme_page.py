"""The programme page: one Markdown page comparing the projects, built into a small site by the projects' engine."""

from __future__ import annotations

import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
import yaml
from markupsafe import Markup

from fls_docs import data
from fls_docs.build import RenderFailed, today
from fls_docs.calc.programme import ProgrammeTotals, ProjectSummary, Stage, programme_totals
from fls_docs.paths import EXAMPLE_MKDOCS, TEMPLATES_DIR
from fls_docs.render.formatting import md, num, pct
from fls_docs.render.site import copy_assets, site_build_problems, site_env, write_site_config
from fls_docs.site_engine import site_build_args

PAGE_DIR = "programme"  # the built page, under the programme's build/
SOURCE_DIR = "programme-src"
STAGING = ".programme-staging"


@dataclass(frozen=True)
class Row:
    folder: str
    summary: ProjectSummary
    link: str | None  # the project's own site, relative to the page


@dataclass(frozen=True)
class KpiTable:
    number: int
    name: str  # as the national audit names it
    rows: tuple[tuple[Row, Any], ...]  # each project reporting it, with its KeyIndicator


def stage_words(stage: Stage | None) -> str:
    if stage is None:
        return "Every phase complete"
    return f"{stage.number}. {stage.name} ({stage.complete} of {stage.tasks} tasks done)"


def indicator_figure(kind: str, unit: str, value: float | None) -> str:
    """A share as a percentage; a count or an average with its unit; "None set" for no figure."""
    if value is None:
        return "None set"
    if kind == "share":
        return pct(value)
    return f"{num(value) if kind == 'count' or abs(value) >= 10 else num(value, 1)} {unit}".strip()


def project_link(row: Row) -> Markup:
    """The project's name, linking to its own site when it has one.

    Raw HTML: the link leaves this small site, where the site engine would report a Markdown link as broken.
    """
    name = md(row.summary.name)
    if not row.link:
        return Markup(name)
    return Markup(f'<a href="{row.link}">{name}</a>')


def page_context(programme_dir: Path, outcomes: list[Any], title: str) -> dict[str, Any]:
    build_dir = programme_dir / "build" / PAGE_DIR
    rows = []
    for outcome in outcomes:
        if not outcome.ok:
            continue
        site = programme_dir / outcome.folder / "build" / "site" / "index.html"
        link = Path(os.path.relpath(site, build_dir)).as_posix() if site.is_file() else None
        rows.append(Row(outcome.folder, ProjectSummary.from_dict(outcome.summary), link))
    kpi_names = {int(k): v["name"] for k, v in data.load("kpis")["kpis"].items()}
    numbers = sorted({k.kpi for row in rows for k in row.summary.key_indicators})
    kpis = [KpiTable(n, kpi_names.get(n, f"KPI {n}"),
                     tuple((row, k) for row in rows for k in row.summary.key_indicators if k.kpi == n)) for n in numbers]
    totals: ProgrammeTotals = programme_totals([row.summary for row in rows])
    return {"title": title, "generated": today(), "rows": rows, "totals": totals, "kpis": kpis,
            "failed": [o for o in outcomes if not o.ok], "first_years": sorted({r.summary.ask_year for r in rows})}


def render_page(programme_dir: Path, context: dict[str, Any], out_dir: Path) -> Path:
    """Write the page's Markdown and the site's assets into ``out_dir``."""
    # The site's filters, badges and escaping of every value, in a copy: the site's own environment is shared.
    env = site_env(programme_dir).overlay(
        loader=jinja2.FileSystemLoader([programme_dir / "templates" / "programme", TEMPLATES_DIR / "programme"]))
    env.globals = dict(env.globals, stage_words=stage_words, indicator_figure=indicator_figure, project_link=project_link)
    copy_assets(TEMPLATES_DIR / "site" / "assets", out_dir / "assets", TEMPLATES_DIR)
    copy_assets(programme_dir / "templates" / "site" / "assets", out_dir / "assets", programme_dir)
    page = out_dir / "index.md"
    page.write_text(env.get_template("index.md.j2").render(context), encoding="utf-8")
    return page


def programme_title(programme_dir: Path, config: Path) -> str:
    """The programme's own site name, or one made from its folder's name ("south-west" -> "South West programme")."""
    if config != EXAMPLE_MKDOCS:
        with open(config, encoding="utf-8") as handle:
            name = (yaml.safe_load(handle) or {}).get("site_name")
        if name:
            return str(name)
    return f"{programme_dir.name.replace('-', ' ').replace('_', ' ').title()} programme"


def build_page(programme_dir: Path, outcomes: list[Any]) -> Path:
    """Render the page and build it with the site engine into build/programme/, replacing the last one.

    The programme's own mkdocs.yml is used when it has one (its look and its name), else the shipped example's.
    Raises RenderFailed when the engine reports a problem; the last page then stays.
    """
    build_dir = programme_dir / "build"
    staging = build_dir / STAGING
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    own = programme_dir / "mkdocs.yml"
    base = own if own.is_file() else EXAMPLE_MKDOCS
    title = programme_title(programme_dir, base)
    try:
        render_page(programme_dir, page_context(programme_dir, outcomes, title), staging / SOURCE_DIR)
    except Exception as exc:
        raise RenderFailed("programme page", str(exc)) from exc
    overrides: dict[str, Any] = {"nav": [{"Programme": "index.md"}]}
    if base == EXAMPLE_MKDOCS:
        overrides["site_name"] = title
    config = write_site_config(base, staging / SOURCE_DIR, staging / PAGE_DIR, {}, staging / "mkdocs.yml", overrides)
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", DISABLE_MKDOCS_2_WARNING="true")
    done = subprocess.run(site_build_args(config), capture_output=True, text=True, env=env, check=False)
    problems = site_build_problems(done.returncode, done.stdout + done.stderr)
    if problems:
        raise RenderFailed("programme page", problems)
    for name in (PAGE_DIR, SOURCE_DIR):
        shutil.rmtree(build_dir / name, ignore_errors=True)
        os.replace(staging / name, build_dir / name)
    shutil.rmtree(staging, ignore_errors=True)
    return build_dir / PAGE_DIR / "index.html"
