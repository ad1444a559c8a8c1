"""The guide site's Markdown pages, rendered from Jinja templates, and the MkDocs build."""

from __future__ import annotations

import functools
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
from fls_docs.manifest import links_outside
from fls_docs.nations import glossary
from fls_docs.paths import TEMPLATES_DIR
from fls_docs.render.field_reference import all_references
from fls_docs.render.formatting import FILTERS, md
from fls_docs.render.maps import loss_words
from fls_docs.render.meeting_papers import agenda_file, meeting_papers, minutes_file
from fls_docs.site_engine import engine_failure, engine_problems, site_build_args


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

def _page(path: str, *nav: str) -> Page:
    return Page(path, path + ".j2", nav)


PAGES: tuple[Page, ...] = (
    _page("index.md", "Home"),
    _page("project/dashboard.md", "Our project", "Dashboard"),
    _page("project/plan.md", "Our project", "Plan"),
    _page("project/team.md", "Our project", "Team and stakeholders"),
    _page("project/meetings.md", "Our project", "Meetings"),
    _page("project/benefits-and-costs.md", "Our project", "Benefits and costs"),
    _page("project/service-model.md", "Our project", "Service model"),
    _page("project/pathway.md", "Our project", "Pathway and patient journey"),
    _page("project/standards.md", "Our project", "Standards self-assessment"),
    _page("project/indicators.md", "Our project", "Indicators"),
    _page("project/highlight-report.md", "Our project", "Highlight report"),
    _page("project/downloads.md", "Our project", "Downloads"),
    _page("guide/index.md", "The guide", "About the guide"),
    *(Page(path, f"guide/{phase}.md.j2", ("The guide", phase)) for phase, path in PHASE_PAGES),
    _page("reference/standards.md", "Reference", "The FLS standards"),
    _page("reference/5iq.md", "Reference", "The 5IQ model"),
    _page("reference/data.md", "Reference", "Data to collect"),
    _page("reference/glossary.md", "Reference", "Glossary"),
    _page("team/how-to-edit.md", "For the team", "How to edit"),
    _page("team/field-reference.md", "For the team", "Field reference"),
)


@dataclass(frozen=True)
class Download:
    file: str
    title: str
    description: str


DOWNLOADS = (
    Download("project-initiation-document.docx", "Project initiation document",
             "What the project is for, who is involved and how it will run (Word)."),
    Download("improvement-project-plan.xlsx", "Improvement project plan",
             "Every task with its lead, dates and status, a timeline, RACI and the project's logs (Excel)."),
    Download("service-specification.docx", "Service specification",
             "What the service will deliver, for whom and to what standard (Word)."),
    Download("business-case.docx", "Business case",
             "The options, what they cost and save, and the decision asked for (Word)."),
    Download("commissioner-presentation.pptx", "Commissioner presentation",
             "The case for commissioners in eleven slides, with speaker notes and charts you can read the figures "
             "from (PowerPoint)."),
    Download("outcome-indicators.xlsx", "Outcome and performance indicators",
             "How the project measures improvement, month by month (Excel)."),
    Download("highlight-report.docx", "Highlight report",
             "This month's update for the project board: ratings, progress, late tasks, risks, decisions needed "
             "and the indicators' charts (Word)."),
)


def downloads_for(context: dict[str, Any]) -> tuple[Download, ...]:
    """Every document this build offers: the fixed ones, then the meetings calendar and each group's papers."""
    return DOWNLOADS + tuple(Download(*paper) for paper in meeting_papers(context["project"]))


# The site's own stylesheet and the shim that lets search work from a file share.
EXTRA_CSS = "assets/stylesheets/fls.css"
SEARCH_SHIM = "assets/javascripts/iframe-worker-shim.js"


def _finalize(value: Any) -> Any:
    # Every value printed into a page is content, shown literally; the
    # template's own Markdown is the only markup. Markup() opts out.
    if isinstance(value, Markup) or not isinstance(value, str):
        return value
    return md(value)


def badge(status: str) -> Markup:
    """A status word in a coloured badge; the word carries the meaning, the colour only repeats it."""
    css = "fls-" + str(status).lower().replace(" ", "-")
    return Markup(f'<span class="fls-badge {css}">{md(str(status).capitalize())}</span>')


def chart_image(chart: Any, depth: str = "../", wide: bool = False) -> Markup:
    """A chart as a Markdown image whose alt text gives its figures; a ``wide`` one (a map) fills the column."""
    css = ".fls-chart .fls-map" if wide else ".fls-chart"
    return Markup(f"![{md(chart.alt)}]({depth}assets/charts/{chart.name}){{ {css} }}")


def checkbox(key: str, checked: bool, label: str) -> Markup:
    """A read-only tick box with its own label, so screen readers announce what is ticked."""
    state = " checked" if checked else ""
    return Markup(f'<input type="checkbox" id="{key}" disabled{state}> <label for="{key}">{md(label)}</label>')


def download(name: str, label: str, depth: str = "../") -> Markup:
    return Markup(f"[{md(label)}]({depth}downloads/{name})")


def site_env(project_dir: Path) -> jinja2.Environment:
    """The pages' Jinja environment, kept while the project's own site templates are the same files.

    Compiling the templates is most of the time spent rendering pages; a long-lived process (serve) keeps
    the compiled ones, and Jinja itself reloads any template whose file has changed since.
    """
    own = project_dir / "templates" / "site"
    names = tuple(sorted(str(p.relative_to(own)) for p in own.rglob("*.j2"))) if own.is_dir() else ()
    return _site_env(project_dir, names)


@functools.lru_cache(maxsize=4)
def _site_env(project_dir: Path, own_templates: tuple[str, ...]) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader([project_dir / "templates" / "site", TEMPLATES_DIR / "site"]),
        undefined=jinja2.StrictUndefined, finalize=_finalize, keep_trailing_newline=True,
        trim_blocks=True, lstrip_blocks=True,
    )
    env.filters.update(FILTERS)
    env.filters["md"] = lambda v: Markup(md(v))
    env.globals.update(badge=badge, chart=chart_image, download=download, checkbox=checkbox)
    env.globals.update(agenda_file=agenda_file, minutes_file=minutes_file)
    env.globals.update(loss_words=loss_words)
    # Code spans show their text as it is, so the Markdown escaping must not touch it.
    env.filters["code"] = lambda v: Markup("`" + str(v).replace("`", "'") + "`")
    return env


# Pages for the people who keep the content (file names, field names): left out of a reader's copy.
TEAM_PAGES = ("team/how-to-edit.md", "team/field-reference.md")


def pages_for(context: dict[str, Any]) -> tuple[Page, ...]:
    """The pages of this copy: all of them in a draft, none of the team's in a copy for readers."""
    build = context.get("build")
    if build is not None and getattr(build, "for_readers", False):
        return tuple(page for page in PAGES if page.path not in TEAM_PAGES)
    return PAGES


def render_pages(project_dir: Path, context: dict[str, Any], out_dir: Path, charts: dict[str, Any] | None = None) -> list[Path]:
    """Write every page's Markdown and the site's assets into ``out_dir``.

    Pages refer to ``charts`` by file name; the images themselves are added by the build.
    """
    env = site_env(project_dir)
    ctx = dict(
        context, phase_pages={phase: Markup(path) for phase, path in PHASE_PAGES}, charts=charts or {},
        downloads=downloads_for(context), downloads_by_title={d.title.lower(): d for d in downloads_for(context)},
        field_reference=all_references(), data_items=data.load("data_items"), glossary=glossary(context["project"].organisation.nation),
    )
    written = []
    # A project's own assets win over the shipped ones.
    copy_assets(TEMPLATES_DIR / "site" / "assets", out_dir / "assets", TEMPLATES_DIR)
    copy_assets(project_dir / "templates" / "site" / "assets", out_dir / "assets", project_dir)
    for page in pages_for(context):
        target = out_dir / page.path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(env.get_template(page.template).render(ctx), encoding="utf-8")
        written.append(target)
    return written


class LinkOutside(ValueError):
    """An asset is a link that leads out of the folder it belongs to."""


def copy_assets(source: Path, target: Path, root: Path) -> None:
    """Copy the assets under ``source`` into ``target``, refusing any link that leads out of ``root``.

    A link out of the project could otherwise publish any file on the machine in the site.
    """
    if not source.is_dir():
        return
    outside = links_outside(source, root)
    if outside:
        raise LinkOutside(f"{outside[0][0]} is a link to somewhere outside {root}, so it was not copied")
    shutil.copytree(source, target, dirs_exist_ok=True)


def nav(context: dict[str, Any]) -> list[Any]:
    """Navigation in reading order; MkDocs would otherwise sort pages by file name."""
    phases = context["phases"]
    tree: list[Any] = []
    sections: dict[str, list[Any]] = {}
    for page in pages_for(context):
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


def write_site_config(mkdocs_yml: Path, docs_dir: Path, site_dir: Path, context: dict[str, Any], out: Path,
                      overrides: dict[str, Any] | None = None) -> Path:
    """A small MkDocs config that inherits the project's own and points at ``docs_dir``.

    The project's mkdocs.yml stays the one place a team edits; this adds the
    page folders and, unless the team set its own, the navigation. ``overrides``
    (such as another site's name and navigation) are set as given.
    """
    with open(mkdocs_yml, encoding="utf-8") as handle:
        user = yaml.safe_load(handle) or {}
    # Paths relative to the config file, which both engines accept (Zensical stops on absolute ones).
    here = out.resolve().parent
    config: dict[str, Any] = {
        "INHERIT": os.path.relpath(mkdocs_yml.resolve(), here),
        "docs_dir": os.path.relpath(docs_dir.resolve(), here),
        "site_dir": os.path.relpath(site_dir.resolve(), here),
    }
    overrides = overrides or {}
    if "nav" not in user and "nav" not in overrides:
        config["nav"] = nav(context)
    config.update(overrides)
    # Lists are not merged by INHERIT, so add ours to the team's own.
    config["extra_css"] = [*user.get("extra_css", []), EXTRA_CSS] if EXTRA_CSS not in user.get("extra_css", []) else user["extra_css"]
    extra = dict(user.get("extra") or {})
    polyfills = list(extra.get("polyfills") or [])
    if not any("iframe-worker" in str(p) for p in polyfills):
        polyfills.append(SEARCH_SHIM)  # otherwise the offline plugin fetches it from the internet
    extra["polyfills"] = polyfills
    config["extra"] = extra
    out.write_text(yaml.safe_dump(config, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return out


def start_site_build(mkdocs_yml: Path, docs_dir: Path, site_dir: Path, context: dict[str, Any],
                     config: Path) -> subprocess.Popen:
    """Start a clean, strict build of ``docs_dir`` into ``site_dir`` in the background (never --dirty).

    ``config`` is where the build's own configuration is written; the engine is MkDocs or
    Zensical (fls_docs/site_engine.py).
    """
    write_site_config(mkdocs_yml, docs_dir, site_dir, context, config)
    # The upstream end-of-life banner is noise for the people running a build.
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", DISABLE_MKDOCS_2_WARNING="true")
    return subprocess.Popen(site_build_args(config),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)


def site_build_problems(returncode: int, output: str) -> str:
    """Why a site build failed, in words for the terminal, or "" when it succeeded.

    Any warning fails the build, even when the builder exits 0 (one that
    ignores --strict, say): a warning is usually a broken link.
    """
    problems = engine_problems(output)
    if returncode == 0 and not problems:
        return ""
    if not problems:
        return engine_failure(returncode, output)
    listed = "\n".join(f"  {p}" for p in problems)
    return (f"the site builder found {len(problems)} problem(s), and a strict build fails on any "
            f"(the pages are made from the templates in templates/site/):\n{listed}")
