"""The guide site's Markdown pages, rendered from Jinja templates, and the MkDocs build."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
import yaml
from markupsafe import Markup

from fls_docs.paths import TEMPLATES_DIR
from fls_docs.render.formatting import FILTERS, md


@dataclass(frozen=True)
class Page:
    path: str  # under the site's docs_dir
    template: str  # under templates/site/
    nav: tuple[str, ...]  # where it sits in the navigation


PHASE_PAGES = (
    ("start-out", "guide/1-start-out.md"),
    ("define-and-scope", "guide/2-define-and-scope.md"),
    ("measure-and-understand", "guide/3-measure-and-understand.md"),
    ("design-and-plan", "guide/4-design-and-plan.md"),
    ("pilot-and-implement", "guide/5-pilot-and-implement.md"),
    ("sustain-and-share", "guide/6-sustain-and-share.md"),
    ("manage-and-lead", "guide/manage-and-lead.md"),
)

PAGES: tuple[Page, ...] = (
    Page("index.md", "index.md.j2", ("Home",)),
    Page("project/status.md", "project/status.md.j2", ("Our project", "Where we are")),
    Page("project/team.md", "project/team.md.j2", ("Our project", "Team and stakeholders")),
    Page("guide/index.md", "guide/index.md.j2", ("The guide", "About the guide")),
) + tuple(Page(path, f"guide/{phase}.md.j2", ("The guide", phase)) for phase, path in PHASE_PAGES)


def _finalize(value: Any) -> Any:
    # Every value printed into a page is content, shown literally; the
    # template's own Markdown is the only markup. Markup() opts out.
    if isinstance(value, Markup) or not isinstance(value, str):
        return value
    return md(value)


def site_env(project_dir: Path) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader([project_dir / "templates" / "site", TEMPLATES_DIR / "site"]),
        undefined=jinja2.StrictUndefined, finalize=_finalize, keep_trailing_newline=True,
        trim_blocks=True, lstrip_blocks=True,
    )
    env.filters.update(FILTERS)
    env.filters["md"] = lambda v: Markup(md(v))
    return env


def render_pages(project_dir: Path, context: dict[str, Any], out_dir: Path) -> list[Path]:
    env = site_env(project_dir)
    ctx = dict(context, phase_pages={phase: Markup(path) for phase, path in PHASE_PAGES})
    written = []
    for page in PAGES:
        target = out_dir / page.path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(env.get_template(page.template).render(ctx), encoding="utf-8")
        written.append(target)
    return written


def nav(context: dict[str, Any]) -> list[Any]:
    """Navigation in reading order; MkDocs would otherwise sort pages by file name."""
    phases = context["phases"]
    tree: list[Any] = []
    sections: dict[str, list[Any]] = {}
    for page in PAGES:
        if len(page.nav) == 1:
            tree.append({page.nav[0]: page.path})
            continue
        section, label = page.nav
        if label in phases:
            info = phases[label]
            label = f"{info['number']}. {info['name']}" if info["number"] else info["name"]
        if section not in sections:
            sections[section] = []
            tree.append({section: sections[section]})
        sections[section].append({label: page.path})
    return tree


def write_site_config(mkdocs_yml: Path, docs_dir: Path, site_dir: Path, context: dict[str, Any], out: Path) -> Path:
    """A small MkDocs config that inherits the project's own and points at ``docs_dir``.

    The project's mkdocs.yml stays the one place a team edits; this adds the
    page folders and, unless the team set its own, the navigation.
    """
    with open(mkdocs_yml, encoding="utf-8") as handle:
        user = yaml.safe_load(handle) or {}
    config: dict[str, Any] = {
        "INHERIT": str(mkdocs_yml.resolve()),
        "docs_dir": str(docs_dir.resolve()),
        "site_dir": str(site_dir.resolve()),
    }
    if "nav" not in user:
        config["nav"] = nav(context)
    out.write_text(yaml.safe_dump(config, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return out


def build_site(mkdocs_yml: Path, docs_dir: Path, site_dir: Path, context: dict[str, Any]) -> None:
    """Run a clean, strict MkDocs build of ``docs_dir`` into ``site_dir``."""
    config = write_site_config(mkdocs_yml, docs_dir, site_dir, context, docs_dir.parent / "mkdocs.staged.yml")
    # The upstream end-of-life banner is noise for the people running a build.
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", DISABLE_MKDOCS_2_WARNING="true")
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "--config-file", str(config)],
        capture_output=True, text=True, env=env,
    )
    if result.returncode != 0:
        raise SiteBuildError(result.stderr.strip() or result.stdout.strip())


class SiteBuildError(RuntimeError):
    """MkDocs could not build the site."""
