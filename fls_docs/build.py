"""Build every deliverable from a project, all or nothing.

Everything is rendered into a staging folder inside ``build/`` first and moved
into place only when all of it succeeded, so a failed build never leaves a
half-written file or destroys the last good output.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from fls_docs.calc.results import calculate, results_to_dict
from fls_docs.diagnostics import Diagnostic, ValidationFailed
from fls_docs.model.validate import load_project
from fls_docs.paths import template_path
from fls_docs.render.context import build_info, make_context

BUILD_DIR = "build"
TODAY_ENV = "FLS_DOCS_TODAY"
# The business case reports a probabilistic analysis; 10,000 samples take a few hundredths of a second.
PSA_SAMPLES = 10_000
# Word documents: output file, template, title.
WORD_DOCUMENTS = (
    ("project-initiation-document.docx", "Project initiation document"),
    ("service-specification.docx", "Service specification"),
    ("business-case.docx", "Business case"),
)


def today() -> date:
    """The build date. FLS_DOCS_TODAY=YYYY-MM-DD pins it, for reproducible builds and tests."""
    pinned = os.environ.get(TODAY_ENV)
    return date.fromisoformat(pinned) if pinned else date.today()


class RenderFailed(Exception):
    """One output could not be rendered; earlier outputs were left as they were."""

    def __init__(self, target: str, reason: str):
        self.target, self.reason = target, reason
        super().__init__(f"{target}: {reason}")


@dataclass
class BuildReport:
    outputs: list[Path] = field(default_factory=list)
    warnings: list[Diagnostic] = field(default_factory=list)


def build(project_dir: Path, log: Callable[[str], None] = lambda _: None) -> BuildReport:
    """Validate, calculate and render everything into ``project_dir/build``.

    Raises ValidationFailed (nothing is touched) or the renderer's error
    (the staging folder is removed and earlier outputs stay as they were).
    """
    project_dir = project_dir.resolve()
    project, warnings = load_project(project_dir)
    if not (project_dir / "mkdocs.yml").is_file():
        raise ValidationFailed([Diagnostic("mkdocs.yml", 0, 0, "", "the file is missing",
                                           "the site needs it; `fls-docs init` makes one to copy")])
    on = today()
    results = calculate(project, on, samples=PSA_SAMPLES)
    context = make_context(project, results, build_info(on))

    build_dir = project_dir / BUILD_DIR
    build_dir.mkdir(exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".staging-", dir=build_dir))
    try:
        _render_all(project_dir, context, results, staging, log)
        outputs = _commit(staging, build_dir)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    _write_serve_config(project_dir, build_dir, context)
    return BuildReport(outputs=outputs, warnings=warnings)


def _write_serve_config(project_dir: Path, build_dir: Path, context: dict) -> None:
    """The config `make serve` uses to preview the last good pages with their navigation."""
    from fls_docs.render.site import write_site_config

    write_site_config(project_dir / "mkdocs.yml", build_dir / "site-src", build_dir / "site", context,
                      build_dir / "mkdocs.site.yml")


def _render_all(project_dir: Path, context: dict, results, staging: Path, log: Callable[[str], None]) -> None:
    # Heavy libraries are imported only when something is rendered.
    from fls_docs.render.charts import draw_all
    from fls_docs.render.indicators_workbook import write_indicators_workbook
    from fls_docs.render.plan_workbook import write_plan_workbook
    from fls_docs.render.site import build_site, render_pages
    from fls_docs.render.word import render_docx

    docs = staging / "docs"
    docs.mkdir()
    charts: dict = {}
    steps: list[tuple[str, Callable[[], object]]] = [("charts", lambda: charts.update(draw_all(results, staging / ".charts")))]
    for name, title in WORD_DOCUMENTS:
        template = template_path(project_dir, f"word/{name}")
        steps.append((f"docs/{name}", lambda t=template, n=name, ti=title: render_docx(t, context, docs / n, charts, ti)))
    steps += [
        ("docs/improvement-project-plan.xlsx",
         lambda: write_plan_workbook(context, docs / "improvement-project-plan.xlsx")),
        ("docs/outcome-indicators.xlsx",
         lambda: write_indicators_workbook(context, docs / "outcome-indicators.xlsx")),
        ("calculator-results.json", lambda: (staging / "calculator-results.json").write_text(
            json.dumps(results_to_dict(results), indent=2, default=str), encoding="utf-8")),
        ("site pages", lambda: render_pages(project_dir, context, staging / "site-src", charts)),
        # Stakeholders download the deliverables from the site itself.
        ("site downloads", lambda: shutil.copytree(docs, staging / "site-src" / "downloads")),
        ("site", lambda: build_site(project_dir / "mkdocs.yml", staging / "site-src", staging / "site", context)),
    ]
    for target, step in steps:
        log(target)
        try:
            step()
        except Exception as exc:  # any failure here must leave build/ as it was
            raise RenderFailed(target, _explain(exc)) from exc


def _explain(exc: Exception) -> str:
    """A failure in words a template author can act on."""
    import jinja2

    where = getattr(exc, "docx_context", None)  # docxtpl: the text around a broken tag
    if isinstance(exc, jinja2.TemplateError):
        text = f"template error: {exc.message or exc}"
        if isinstance(exc, jinja2.TemplateSyntaxError) and exc.name:
            text += f" in {exc.name}, line {exc.lineno}"
        if where:
            text += " near: " + " ".join(" ".join(where).split())[:200]
        return text
    return str(exc) or type(exc).__name__


def _commit(staging: Path, build_dir: Path) -> list[Path]:
    """Move staged outputs into place: files one by one, folders by swapping whole."""
    outputs = []
    for item in sorted(staging.iterdir()):
        if item.name in ("mkdocs.staged.yml", ".charts"):
            continue
        target = build_dir / item.name
        if item.is_dir() and item.name == "docs":
            target.mkdir(exist_ok=True)
            for file in sorted(item.iterdir()):
                os.replace(file, target / file.name)
                outputs.append(target / file.name)
        elif item.is_dir():
            old = build_dir / f".old-{item.name}"
            shutil.rmtree(old, ignore_errors=True)
            if target.exists():
                os.replace(target, old)
            os.replace(item, target)
            shutil.rmtree(old, ignore_errors=True)
            outputs.append(target)
        else:
            os.replace(item, target)
            outputs.append(target)
    return outputs
