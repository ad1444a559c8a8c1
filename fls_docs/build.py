"""Build every deliverable from a project: only what changed, in parallel, all or nothing.

Each output is a target with declared inputs (see targets.py). A build works
out which targets' inputs changed since the last good build, renders only
those into a staging folder inside ``build/``, and moves them into place when
every one has succeeded. A failed build leaves ``build/`` and its manifest as
they were, so the next build redoes whatever is still out of date.

Nothing heavy is imported until something has to be rendered: a build with
nothing to do reads and hashes the inputs and stops.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any

from fls_docs.diagnostics import Diagnostic, ValidationFailed
from fls_docs.manifest import Manifest, digest, file_digest, tool_digest, tree_digest
from fls_docs.paths import SCHEMAS_DIR, TEMPLATES_DIR, template_path
from fls_docs.progress import Progress
from fls_docs.targets import EVERYTHING, Decision, Inputs, Target, all_targets, decide

BUILD_DIR = "build"
TODAY_ENV = "FLS_DOCS_TODAY"
# The business case reports a probabilistic analysis; 10,000 samples take a few hundredths of a second.
PSA_SAMPLES = 10_000
TITLES = {
    "docs/project-initiation-document.docx": "Project initiation document",
    "docs/service-specification.docx": "Service specification",
    "docs/business-case.docx": "Business case",
}
SITE = "site"


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
    outputs: list[Path] = field(default_factory=list)  # written by this build
    decisions: list[Decision] = field(default_factory=list)  # every target, rebuilt or not, and why
    warnings: list[Diagnostic] = field(default_factory=list)
    remembered_warnings: list[str] = field(default_factory=list)  # from the last build, when nothing was read

    @property
    def nothing_to_do(self) -> bool:
        return not any(d.rebuild for d in self.decisions)


def _quick_key(project_dir: Path, on: date) -> str:
    """One hash of every raw input. When it matches the last good build, nothing can have changed."""
    parts = [
        tool_digest(), str(on), tree_digest(project_dir / "content"), tree_digest(project_dir / "templates"),
        tree_digest(TEMPLATES_DIR), tree_digest(SCHEMAS_DIR), file_digest(project_dir / "mkdocs.yml"),
    ]
    return digest("|".join(parts))


def _outputs_exist(build_dir: Path, manifest: Manifest) -> bool:
    return all((build_dir / name).exists() for name in manifest.targets)


def build(project_dir: Path, progress: Progress | None = None, force: bool = False, jobs: int | None = None) -> BuildReport:
    """Bring ``project_dir/build`` up to date with the project's content.

    Raises ValidationFailed (nothing is touched) or RenderFailed (the staging
    folder is removed and earlier outputs stay as they were).
    """
    progress = progress or Progress(quiet=True)
    project_dir = project_dir.resolve()
    build_dir = project_dir / BUILD_DIR
    manifest = Manifest.load(build_dir)
    on = today()
    quick = _quick_key(project_dir, on)
    if not force and manifest.quick == quick and _outputs_exist(build_dir, manifest):
        decisions = [Decision(name, False, "up to date") for name in manifest.targets]
        return BuildReport(decisions=decisions, remembered_warnings=manifest.warnings)

    from fls_docs.model.validate import load_project

    project, warnings = load_project(project_dir)
    if not (project_dir / "mkdocs.yml").is_file():
        raise ValidationFailed([Diagnostic("mkdocs.yml", 0, 0, "", "the file is missing",
                                           "the site needs it; `fls-docs init` makes one to copy")])
    inputs = Inputs(project_dir, project, str(on))
    targets = all_targets(project)
    target_inputs = {t.name: inputs.of(t) for t in targets}
    decisions = {t.name: decide(t.name, target_inputs[t.name], manifest, build_dir / t.name, force) for t in targets}
    site_inputs = _site_inputs(project_dir, inputs)
    decisions[SITE] = decide(SITE, site_inputs, manifest, build_dir / SITE, force)
    report = BuildReport(decisions=list(decisions.values()), warnings=warnings)
    new = Manifest(quick=quick, warnings=[w.format() for w in warnings], targets=dict(manifest.targets),
                   pages=dict(manifest.pages))
    if report.nothing_to_do:
        new.save(build_dir)
        return report

    build_dir.mkdir(exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".staging-", dir=build_dir))
    try:
        stale = [t for t in targets if decisions[t.name].rebuild]
        # Pages that come out the same need no new site, unless what builds them (the configuration, the
        # tool) changed, or there is no site yet.
        before = manifest.targets.get(SITE, {})
        site_config_changed = force or not before or any(site_inputs.get(k) != before.get(k) for k in ("mkdocs.yml", "fls-docs"))
        site_rebuilt = _render(project_dir, project, on, stale, decisions[SITE].rebuild, site_config_changed, manifest,
                               new, staging, build_dir, progress, jobs or os.cpu_count() or 1)
        if not site_rebuilt and decisions[SITE].rebuild:
            decisions[SITE] = Decision(SITE, False, "inputs changed but every page came out the same")
        if decisions[SITE].rebuild or site_rebuilt or new.pages != manifest.pages:
            for page, page_hash in sorted(new.pages.items()):
                if page.endswith(".md"):
                    same = manifest.pages.get(page) == page_hash
                    decisions[f"site-src/{page}"] = Decision(f"site-src/{page}", not same,
                                                             "same Markdown" if same else "its Markdown changed")
        report.decisions = list(decisions.values())
        report.outputs = _commit(staging, build_dir, site_rebuilt)
        if not site_rebuilt:
            _refresh_site_files(build_dir, [t for t in stale if t.kind != "json"])
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    for t in targets:
        if decisions[t.name].rebuild:
            new.targets[t.name] = target_inputs[t.name]
    new.targets[SITE] = site_inputs
    new.save(build_dir)
    return report


def _site_inputs(project_dir: Path, inputs: Inputs) -> dict[str, str]:
    pieces = {"fls-docs": tool_digest(), "date": inputs.today, "mkdocs.yml": file_digest(project_dir / "mkdocs.yml"),
              "site templates": digest(tree_digest(TEMPLATES_DIR / "site") + tree_digest(project_dir / "templates" / "site")),
              "schemas": tree_digest(SCHEMAS_DIR)}
    pieces.update({part: inputs.part(part) for part in EVERYTHING})
    return pieces


# ---------------------------------------------------------------- rendering


def _draw_chart(key: str, results: Any, path: Path) -> None:
    from fls_docs.render.charts import chart_specs

    chart_specs(results)[key].draw(results, path)


def _render_target(target: Target, context: dict[str, Any], out: Path, template: Path | None, charts: dict) -> None:
    if target.kind == "word":
        from fls_docs.render.word import render_docx

        render_docx(template, context, out, {k: charts[k] for k in target.charts}, TITLES.get(target.name, ""))
    elif target.kind == "plan-workbook":
        from fls_docs.render.plan_workbook import write_plan_workbook

        write_plan_workbook(context, out)
    elif target.kind == "indicators-workbook":
        from fls_docs.render.indicators_workbook import write_indicators_workbook

        write_indicators_workbook(context, out)
    elif target.kind == "json":
        from fls_docs.calc.export import results_to_dict

        out.write_text(json.dumps(results_to_dict(context["results"]), indent=2, default=str), encoding="utf-8")
    else:
        raise ValueError(target.kind)


class _Inline(Executor):
    """Runs each job at once in this process: for --jobs 1, and for debugging."""

    def submit(self, fn, /, *args, **kwargs):  # type: ignore[override]
        future: Future = Future()
        try:
            future.set_result(fn(*args, **kwargs))
        except BaseException as exc:  # handed to whoever waits on the future
            future.set_exception(exc)
        return future


def _render(project_dir: Path, project: Any, on: date, stale: list[Target], site_stale: bool, site_config_changed: bool,
            manifest: Manifest, new: Manifest, staging: Path, build_dir: Path, progress: Progress, jobs: int) -> bool:
    """Render the stale targets (and the site, if its pages changed) into ``staging``. Returns whether the site was rebuilt."""
    from fls_docs.calc.results import calculate
    from fls_docs.render.charts import describe_all
    from fls_docs.render.context import build_info, make_context

    results = calculate(project, on, samples=PSA_SAMPLES)
    context = make_context(project, results, build_info(on))
    rebuilt = {t.name for t in stale}
    # A chart drawn this time is read from staging; an unchanged one from the last good build.
    charts = {key: c if f"charts/{c.name}" in rebuilt else replace(c, path=build_dir / "charts" / c.name)
              for key, c in describe_all(results, staging / "charts").items()}
    (staging / "charts").mkdir()
    (staging / "docs").mkdir()
    progress.plan(len(stale) + (1 if site_stale else 0))

    pool: Executor = ProcessPoolExecutor(max_workers=jobs) if jobs > 1 and len(stale) > 1 else _Inline()

    def submit(t: Target) -> Future:
        if t.kind == "chart":
            return pool.submit(_draw_chart, t.key, results, staging / t.name)
        template = template_path(project_dir, t.template) if t.template else None
        return pool.submit(_render_target, t, context, staging / t.name, template, charts)

    site = None
    try:
        # Charts and the documents that need no chart start at once; the site builds alongside them.
        drawing = {submit(t): t.name for t in stale if t.kind == "chart"}
        rendering = {submit(t): t.name for t in stale if t.kind != "chart" and not t.charts}
        site = _start_site(project_dir, context, charts, staging, manifest, new, site_stale, site_config_changed)
        for future, name in drawing.items():
            _finish(future, name, progress)
        # Documents that embed charts go once the charts are drawn.
        rendering.update({submit(t): t.name for t in stale if t.kind != "chart" and t.charts})
        for future, name in rendering.items():
            _finish(future, name, progress)
    except BaseException:
        if site is not None:  # do not leave MkDocs writing into a staging folder about to be removed
            site.process.kill()
            site.process.wait()
        raise
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
    if site is None:
        if site_stale:
            progress.finished("site (its pages came out the same)")
        return False
    _finish_site(site, staging, build_dir, charts, progress)
    return True


def _finish(future: Future, name: str, progress: Progress) -> None:
    try:
        future.result()
    except Exception as exc:  # any failure here must leave build/ as it was
        raise RenderFailed(name, _explain(exc)) from exc
    progress.finished(name)


@dataclass
class _SiteBuild:
    process: subprocess.Popen
    docs_dir: Path
    site_dir: Path


def _start_site(project_dir: Path, context: dict, charts: dict, staging: Path, manifest: Manifest, new: Manifest,
                site_stale: bool, config_changed: bool) -> _SiteBuild | None:
    """Render the site's pages; if any changed, start a clean MkDocs build of them in the background."""
    if not site_stale:
        return None
    from fls_docs.render.site import DOWNLOADS, render_pages, start_site_build

    docs_dir = staging / "site-src"
    try:
        pages = render_pages(project_dir, context, docs_dir, charts)
    except Exception as exc:
        raise RenderFailed("site pages", _explain(exc)) from exc
    hashes = {str(p.relative_to(docs_dir)): file_digest(p) for p in pages}
    assets = {str(p.relative_to(docs_dir)): file_digest(p) for p in (docs_dir / "assets").rglob("*") if p.is_file()}
    hashes.update(assets)
    new.pages = hashes
    built_before = (project_dir / BUILD_DIR / SITE / "index.html").is_file()
    if hashes == manifest.pages and built_before and not config_changed:
        return None
    # Charts and downloads are binary files copied in after the build; MkDocs only needs to see their names.
    for chart in charts.values():
        placeholder = docs_dir / "assets" / "charts" / chart.name
        placeholder.parent.mkdir(parents=True, exist_ok=True)
        placeholder.touch()
    for d in DOWNLOADS:
        placeholder = docs_dir / "downloads" / d.file
        placeholder.parent.mkdir(parents=True, exist_ok=True)
        placeholder.touch()
    site_dir = staging / SITE
    try:
        process = start_site_build(project_dir / "mkdocs.yml", docs_dir, site_dir, context)
    except Exception as exc:
        raise RenderFailed("site", _explain(exc)) from exc
    return _SiteBuild(process, docs_dir, site_dir)


def _finish_site(site: _SiteBuild, staging: Path, build_dir: Path, charts: dict, progress: Progress) -> None:
    out, err = site.process.communicate()
    if site.process.returncode != 0:
        raise RenderFailed("site", (err or out).strip())
    for folder in (site.docs_dir, site.site_dir):
        _copy_site_files(folder, charts, staging / "docs", build_dir / "docs")
    progress.finished("site")


def _copy_site_files(folder: Path, charts: dict, staged_docs: Path, built_docs: Path) -> None:
    """Put the real charts and downloads where the site expects them."""
    from fls_docs.render.site import DOWNLOADS

    (folder / "assets" / "charts").mkdir(parents=True, exist_ok=True)
    for chart in charts.values():
        if chart.path.is_file():
            shutil.copy2(chart.path, folder / "assets" / "charts" / chart.name)
    (folder / "downloads").mkdir(exist_ok=True)
    for d in DOWNLOADS:
        source = staged_docs / d.file if (staged_docs / d.file).is_file() else built_docs / d.file
        if source.is_file():
            shutil.copy2(source, folder / "downloads" / d.file)


def _refresh_site_files(build_dir: Path, rebuilt: list[Target]) -> None:
    """The site itself did not change, but documents or charts it offers did: replace just those files."""
    site = build_dir / SITE
    if not site.is_dir():
        return
    for t in rebuilt:
        source = build_dir / t.name
        folder = "assets/charts" if t.kind == "chart" else "downloads"
        for root in (site, build_dir / "site-src"):
            target = root / folder / source.name
            if target.parent.is_dir():
                temp = target.with_name(f".{target.name}.tmp")
                shutil.copy2(source, temp)
                os.replace(temp, target)


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


def _commit(staging: Path, build_dir: Path, site_rebuilt: bool) -> list[Path]:
    """Move staged outputs into place: files one by one, the site's folders by swapping whole."""
    outputs = []
    for folder in ("charts", "docs"):
        source = staging / folder
        if not source.is_dir():
            continue
        (build_dir / folder).mkdir(exist_ok=True)
        for file in sorted(source.iterdir()):
            if file.is_file():
                os.replace(file, build_dir / folder / file.name)
                outputs.append(build_dir / folder / file.name)
    for file in sorted(staging.glob("*.json")):
        os.replace(file, build_dir / file.name)
        outputs.append(build_dir / file.name)
    if site_rebuilt:
        for name in ("site-src", SITE):
            old = build_dir / f".old-{name}"
            shutil.rmtree(old, ignore_errors=True)
            if (build_dir / name).exists():
                os.replace(build_dir / name, old)
            os.replace(staging / name, build_dir / name)
            shutil.rmtree(old, ignore_errors=True)
            outputs.append(build_dir / name)
    return outputs

