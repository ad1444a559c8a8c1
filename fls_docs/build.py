"""Build every deliverable from a project: only what changed, in parallel, all or nothing.

A build runs in two halves:

* plan (targets.plan_build): load the project, hash each target's inputs,
  check the last good build's outputs against the SHA-256 hashes in its
  manifest, and decide what to rebuild and why. Nothing is written.
* execute (here): render the stale targets into a fresh staging folder,
  carry the unchanged outputs over from the last good build, write the
  manifest last, and commit the whole folder by switching one link.

build/ holds whole builds side by side and shows one of them::

    build/.gen-<id>/        one complete build, manifest included
    build/.current          a link to the current generation
    build/docs, site, ...   links through .current, made once, so the paths people open never change
    build/.staging-<id>/    a build in progress

Replacing the .current link is a single rename, so a build that fails or is
killed at any moment leaves build/ showing either the last good build or the
new one, never a mix. Whatever a killed build left is removed by the next.

Nothing heavy is imported until something has to be rendered: a build with
nothing to do reads and hashes the inputs and the outputs, and stops.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import uuid
from collections.abc import Iterator
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import IO, Any

from fls_docs.diagnostics import Diagnostic
from fls_docs.manifest import Manifest, file_digest, output_digests
from fls_docs.paths import template_path
from fls_docs.progress import Progress
from fls_docs.render.reproducible import settle_all
from fls_docs.targets import SITE, Decision, Plan, Target, plan_build
from fls_docs.workers import holding, released, start_worker

BUILD_DIR = "build"
TODAY_ENV = "FLS_DOCS_TODAY"
# The business case reports a probabilistic analysis; 10,000 samples take a few hundredths of a second.
PSA_SAMPLES = 10_000
DOCUMENT_KEYS = {
    "docs/project-initiation-document.docx": "pid",
    "docs/service-specification.docx": "specification",
    "docs/business-case.docx": "business_case",
}
TITLES = {
    "docs/project-initiation-document.docx": "Project initiation document",
    "docs/service-specification.docx": "Service specification",
    "docs/business-case.docx": "Business case",
    "docs/highlight-report.docx": "Highlight report",
}
# For tests only: SIGKILL the build after this many renames of its commit (see _Moves).
KILL_AFTER_MOVES_ENV = "FLS_DOCS_TEST_KILL_AFTER_MOVES"


def today() -> date:
    """The build date. FLS_DOCS_TODAY=YYYY-MM-DD pins it, for reproducible builds and tests."""
    pinned = os.environ.get(TODAY_ENV)
    return date.fromisoformat(pinned) if pinned else date.today()


class RenderFailed(Exception):
    """One output could not be rendered; earlier outputs were left as they were."""

    def __init__(self, target: str, reason: str):
        self.target, self.reason = target, reason
        super().__init__(f"{target}: {reason}")


class CommitFailed(RenderFailed):
    """The new build could not be written into build/ (a read-only folder, a full disk); the last one stands."""

    def __init__(self, error: OSError, project_dir: Path):
        where = ""
        if error.filename:
            path = Path(os.fsdecode(error.filename))
            where = ": " + (path.relative_to(project_dir).as_posix() if path.is_relative_to(project_dir) else str(path))
        super().__init__("the outputs", f"build/ could not be written ({error.strerror or error}{where}). "
                                        "Check that the folder is writable and the disk has room.")


@dataclass
class BuildReport:
    outputs: list[Path] = field(default_factory=list)  # written by this build
    decisions: list[Decision] = field(default_factory=list)  # every target, rebuilt or not, and why
    warnings: list[Diagnostic] = field(default_factory=list)
    remembered_warnings: list[str] = field(default_factory=list)  # from the last build, when nothing was read

    @property
    def nothing_to_do(self) -> bool:
        return not any(d.rebuild for d in self.decisions)


PROFILES = ("draft", "review", "final")


def build(project_dir: Path, progress: Progress | None = None, force: bool = False, jobs: int | None = None,
          profile: str = "draft") -> BuildReport:
    """Bring ``project_dir/build`` up to date with the project's content.

    Raises ValidationFailed (nothing is touched), RenderFailed or CommitFailed
    (the staging folder is removed and build/ shows the last good build).
    """
    progress = progress or Progress(quiet=True)
    project_dir = project_dir.resolve()
    with BuildFolder(project_dir / BUILD_DIR) as folder:
        plan = plan_build(project_dir, folder.path, today(), force, profile)
        if plan.nothing_to_do:
            if plan.next != plan.previous:  # a new quick key, say after a YAML comment
                folder.keep_manifest(plan.next)
            remembered = plan.previous.warnings if plan.project is None else []
            return BuildReport(decisions=list(plan.decisions.values()), warnings=plan.warnings,
                               remembered_warnings=remembered)
        outputs = _build_and_commit(plan, folder, progress, jobs or os.cpu_count() or 1)
    return BuildReport(outputs, list(plan.decisions.values()), plan.warnings)


def _build_and_commit(plan: Plan, folder: BuildFolder, progress: Progress, jobs: int) -> list[Path]:
    with folder.staging() as staging:
        try:
            outputs = execute(plan, staging, progress, jobs)
            plan.next.outputs = output_digests(staging)
            plan.next.save(staging)  # last: only a whole build gets a manifest
            folder.commit(staging)
        except OSError as error:
            raise CommitFailed(error, plan.project_dir) from error
    return outputs


# ---------------------------------------------------------------- execution


@dataclass
class _Work:
    """What the rendering steps share."""

    plan: Plan
    staging: Path
    progress: Progress
    results: Any
    context: dict[str, Any]
    charts: dict[str, Any]  # chart key -> Chart, every one's file in staging


def execute(plan: Plan, staging: Path, progress: Progress, jobs: int) -> list[Path]:
    """Make ``staging`` a whole build: render what is stale, carry the rest over from the last good build.

    Returns what this build made, by the paths people open under build/.
    """
    build_dir = staging.parent
    _carry_over(build_dir, staging, [t.name for t in plan.targets if not plan.decisions[t.name].rebuild])
    work = _prepare(plan, staging, progress)
    site = _render(work, jobs)
    # Before the site links the documents in: settling replaces each file.
    settle_all(staging, [t.name for t in plan.stale], plan.on)
    if site:
        _finish_site(site, work)
    else:
        _carry_site_over(build_dir, staging, plan.stale)
    _record_page_decisions(plan, site_rebuilt=site is not None)
    made = [build_dir / t.name for t in plan.stale]
    return made + ([build_dir / "site-src", build_dir / SITE] if site else [])


def _prepare(plan: Plan, staging: Path, progress: Progress) -> _Work:
    from fls_docs.calc.results import calculate
    from fls_docs.render.charts import describe_all
    from fls_docs.render.context import build_info, make_context

    results = calculate(plan.project, plan.on, samples=PSA_SAMPLES)
    context = make_context(plan.project, results, build_info(plan.on, plan.profile))
    for folder in ("charts", "docs"):
        (staging / folder).mkdir(exist_ok=True)
    progress.plan(len(plan.stale) + (1 if plan.site_stale else 0))
    return _Work(plan, staging, progress, results, context, describe_all(results, staging / "charts"))


# What rendering reads (results, context, charts), handed to each pool worker once as it starts (inherited, not
# copied, where workers are forked) rather than pickled again with every job: the results alone are megabytes.
_SHARED: dict[str, Any] = {}


def _share(results: Any, context: dict[str, Any], charts: dict) -> None:
    _SHARED.update(results=results, context=context, charts=charts)


def _start_worker(results: Any, context: dict[str, Any], charts: dict) -> None:
    start_worker()
    _share(results, context, charts)


def _draw_chart(key: str, path: Path) -> None:
    from fls_docs.render.charts import chart_specs

    results = _SHARED["results"]
    chart_specs(results)[key].draw(results, path)


def _render_target(target: Target, out: Path, template: Path | None) -> None:
    context, charts = _SHARED["context"], _SHARED["charts"]
    if target.kind == "word":
        from fls_docs.render.word import render_docx

        # Each document lists only the versions that changed it.
        document = DOCUMENT_KEYS.get(target.name, "")
        history = [rev for rev in context["project"].document_control.history if rev.applies_to(document)]
        version = history[-1].version if history else context["project"].document_control.version
        render_docx(template, {**context, "history": history, "version": version}, out,
                    {k: charts[k] for k in target.charts},
                    TITLES.get(target.name, ""))
    elif target.kind == "plan-workbook":
        from fls_docs.render.plan_workbook import write_plan_workbook

        write_plan_workbook(context, out)
    elif target.kind == "indicators-workbook":
        from fls_docs.render.indicators_workbook import write_indicators_workbook

        write_indicators_workbook(context, out)
    elif target.kind == "presentation":
        from fls_docs.render.presentation import render_presentation

        render_presentation(template, context, out, {k: charts[k] for k in target.charts if k in charts})
    elif target.kind == "calendar":
        from fls_docs.render.calendar import write_calendar

        write_calendar(context, out)
    elif target.kind in ("agenda", "minutes"):
        from fls_docs.render.meeting_papers import render_meeting_paper

        render_meeting_paper(target.kind, template, context, out, target.key)
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


def _render(work: _Work, jobs: int) -> _SiteBuild | None:
    """Render the stale targets into staging, and start the site if its pages changed. Returns the site's build.

    CPU is what a build is judged on, so each library is imported in as few processes as can be: this
    process draws the matplotlib charts, between its other work, and the pool (one worker fewer, since
    this process draws too) renders the maps and the documents. A document goes as soon as its charts are drawn.
    """
    from fls_docs.render.charts import drawn_by_graphviz

    stale = work.plan.stale
    _share(work.results, work.context, work.charts)
    need = [k for t in stale for k in t.charts]
    # Drawn here in the order documents need them, so the documents can start early.
    here = sorted((t for t in stale if t.kind == "chart" and not drawn_by_graphviz(t.key)),
                  key=lambda t: need.index(t.key) if t.key in need else len(need))
    elsewhere = [t for t in stale if t not in here]
    workers = min(max(1, jobs - 1) if here else jobs, len(elsewhere))
    pool: Executor = ProcessPoolExecutor(max_workers=workers, initializer=_start_worker, initargs=(
        work.results, work.context, work.charts)) if jobs > 1 and len(stale) > 1 and workers else _Inline()

    def submit(t: Target) -> Future:
        if t.kind == "chart":
            return pool.submit(_draw_chart, t.key, work.staging / t.name)
        template = template_path(work.plan.project_dir, t.template) if t.template else None
        return pool.submit(_render_target, t, work.staging / t.name, template)

    pending = {t.key for t in stale if t.kind == "chart"}  # charts not yet drawn
    waiting = [t for t in stale if t.kind != "chart"]
    rendering: dict[Future, str] = {}

    def send_ready() -> None:
        for t in [t for t in waiting if not pending.intersection(t.charts)]:
            waiting.remove(t)
            rendering[submit(t)] = t.name

    def collect(maps: dict[Future, Target], wait: bool) -> None:
        for future, t in list(maps.items()):
            if wait or future.done():
                _finish(future, t.name, work.progress)
                pending.discard(t.key)
                del maps[future]

    site = None
    try:
        # The maps and the documents that need no chart start at once; the site builds alongside them.
        maps = {submit(t): t for t in stale if t.kind == "chart" and t not in here}
        collect(maps, wait=False)  # drawn already when inline: without Graphviz the build stops here
        send_ready()
        site = _start_site(work)
        for t in here:
            _finish(_Inline().submit(_draw_chart, t.key, work.staging / t.name), t.name, work.progress)
            pending.discard(t.key)
            collect(maps, wait=False)
            send_ready()
        collect(maps, wait=True)
        send_ready()
        for future, name in rendering.items():
            _finish(future, name, work.progress)
    except BaseException:
        if site is not None:  # do not leave MkDocs writing into a staging folder about to be removed
            site.process.kill()
            site.process.wait()
        raise
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
        _SHARED.clear()  # a long-lived process (serve) keeps no build's results
    if site is None and work.plan.site_stale:
        work.progress.finished("site (its pages came out the same)")
    return site


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
    config: Path


def _start_site(work: _Work) -> _SiteBuild | None:
    """Render the site's pages; if any changed, start a clean MkDocs build of them in the background."""
    plan = work.plan
    if not plan.site_stale:
        return None
    from fls_docs.render.site import downloads_for, render_pages, start_site_build

    docs_dir = work.staging / "site-src"
    try:
        pages = render_pages(plan.project_dir, work.context, docs_dir, work.charts)
    except Exception as exc:
        raise RenderFailed("site pages", _explain(exc)) from exc
    hashes = {str(p.relative_to(docs_dir)): file_digest(p) for p in pages}
    hashes.update({str(p.relative_to(docs_dir)): file_digest(p) for p in (docs_dir / "assets").rglob("*") if p.is_file()})
    plan.next.pages = hashes
    if hashes == plan.previous.pages and plan.site_reusable:
        shutil.rmtree(docs_dir)  # rendered only to compare; the last good site is carried over instead
        return None
    # Charts and downloads are binary files linked in after the build; MkDocs only needs to see their names.
    for name in [f"assets/charts/{c.name}" for c in work.charts.values()] + [f"downloads/{d.file}" for d in downloads_for(work.context)]:
        (docs_dir / name).parent.mkdir(parents=True, exist_ok=True)
        (docs_dir / name).touch()
    site_dir = work.staging / SITE
    config = work.staging / "mkdocs.staged.yml"  # not an output: removed once the site is built
    try:
        process = start_site_build(plan.project_dir / "mkdocs.yml", docs_dir, site_dir, work.context, config)
    except Exception as exc:
        raise RenderFailed("site", _explain(exc)) from exc
    return _SiteBuild(process, docs_dir, site_dir, config)


def _finish_site(site: _SiteBuild, work: _Work) -> None:
    from fls_docs.render.site import downloads_for, site_build_problems
    from fls_docs.render.site_links import site_link_problems

    out, err = site.process.communicate()
    # Checked before the real charts and downloads are linked in: the engine copied their placeholders.
    problems = site_build_problems(site.process.returncode, out + err) or site_link_problems(site.site_dir)
    if problems:
        raise RenderFailed("site", problems)
    site.config.unlink()  # not an output
    shutil.rmtree(site.config.parent / ".cache", ignore_errors=True)  # Zensical's cache, beside the config: neither
    for folder in (site.docs_dir, site.site_dir):
        _link_site_files(folder, work.charts, work.staging / "docs", downloads_for(work.context))
    work.progress.finished("site")


def _link_site_files(folder: Path, charts: dict, docs: Path, downloads: tuple) -> None:
    """Put the real charts and downloads where the site expects them."""
    (folder / "assets" / "charts").mkdir(parents=True, exist_ok=True)
    for chart in charts.values():
        if chart.path.is_file():
            link_or_copy(chart.path, folder / "assets" / "charts" / chart.name)
    (folder / "downloads").mkdir(exist_ok=True)
    for d in downloads:
        if (docs / d.file).is_file():
            link_or_copy(docs / d.file, folder / "downloads" / d.file)


def _carry_over(build_dir: Path, staging: Path, names: list[str]) -> None:
    """Bring outputs that need no rebuilding from the last good build (checked against its manifest)."""
    for name in names:
        (staging / name).parent.mkdir(parents=True, exist_ok=True)
        link_or_copy(build_dir / name, staging / name)


def _carry_site_over(build_dir: Path, staging: Path, rebuilt: list[Target]) -> None:
    """The site itself did not change: carry it over, with the documents and charts it offers brought up to date."""
    for folder in (SITE, "site-src"):
        if (build_dir / folder).is_dir():
            shutil.copytree(build_dir / folder, staging / folder, copy_function=link_or_copy)
    for t in rebuilt:
        if t.kind == "json":
            continue
        inside = "assets/charts" if t.kind == "chart" else "downloads"
        for root in (staging / SITE, staging / "site-src"):
            if (root / inside).is_dir():
                link_or_copy(staging / t.name, root / inside / Path(t.name).name)


def link_or_copy(source: Path | str, target: Path | str) -> None:
    """Put ``source`` at ``target`` as a hard link where the file system allows, else as a copy.

    Never writes into an existing ``target``: it may be a link shared with the last good build.
    """
    Path(target).unlink(missing_ok=True)
    try:
        # Resolved first: os.link would otherwise link a symlink itself rather than the file it leads to.
        os.link(os.path.realpath(source), target)
    except OSError:
        shutil.copy2(source, target)


def _record_page_decisions(plan: Plan, site_rebuilt: bool) -> None:
    """Say, page by page, which Markdown changed when the site was rebuilt."""
    if plan.site_stale and not site_rebuilt:
        plan.decisions[SITE] = Decision(SITE, False, "inputs changed but every page came out the same")
    if not site_rebuilt:
        return
    for page, page_hash in sorted(plan.next.pages.items()):
        if page.endswith(".md"):
            same = plan.previous.pages.get(page) == page_hash
            name = f"site-src/{page}"
            plan.decisions[name] = Decision(name, not same, "same Markdown" if same else "its Markdown changed")


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


# ---------------------------------------------------------------- the build folder

CURRENT = ".current"
GENERATION = ".gen-"
STAGING = ".staging-"
TRASH = ".trash-"
LOCK = ".lock"
# What failed or killed builds can leave behind: staging folders, links and folders on their way in or
# out, and the folders an older fls-docs swapped out.
LEFTOVERS = (STAGING, ".new-", TRASH, ".old-")


class BuildFolder:
    """build/: whole builds side by side, the .current link to one of them, and stable links through it.

    Used as a context manager: it holds build/.lock for the whole build, so a build and a serve
    never clean up or commit at once, and removes what killed builds left.
    """

    def __init__(self, path: Path):
        self.path = path
        self._lock: IO | None = None

    def __enter__(self) -> BuildFolder:
        if self.path.is_dir():
            self._hold_lock()
            self._remove_leftovers()
        return self

    def __exit__(self, *exc: object) -> None:
        if self._lock:
            released(self._lock)
            self._lock.close()

    def _hold_lock(self) -> None:
        if self._lock is None:
            self._lock = _lock(self.path / LOCK)

    def current(self) -> Path | None:
        """The generation build/ shows, if any."""
        link = self.path / CURRENT
        if not link.is_symlink():
            return None
        generation = self.path / os.readlink(link)
        return generation if generation.is_dir() else None

    def _remove_leftovers(self) -> None:
        current = self.current()
        for entry in self.path.iterdir():
            if entry.name.startswith(LEFTOVERS) or (entry.name.startswith(GENERATION) and entry != current):
                _remove(entry)

    @contextmanager
    def staging(self) -> Iterator[Path]:
        """A fresh folder for the new build, removed afterwards unless it was committed."""
        try:
            self.path.mkdir(exist_ok=True)
            self._hold_lock()
            # Not mkdtemp: its private mode would outlive the commit and hide the site from the team.
            staging = self.path / f"{STAGING}{uuid.uuid4().hex[:12]}"
            staging.mkdir()
        except OSError as error:
            raise CommitFailed(error, self.path.parent) from error
        try:
            yield staging
        finally:
            shutil.rmtree(staging, ignore_errors=True)

    def keep_manifest(self, manifest: Manifest) -> None:
        """Record a manifest for the build already in place. Only a cache of hashes, so a failure is harmless."""
        current = self.current()
        if current:
            with suppress(OSError):
                manifest.save(current)

    def commit(self, staging: Path, tidy: bool = True) -> None:
        """Make ``staging`` the current build. The one visible step is the rename that replaces .current.

        Without ``tidy`` the builds it replaced are only moved aside, for the next build to remove: removing
        a few hundred files is slow on some file systems, and a preview should not wait for it.
        """
        moves = _Moves()
        generation = self.path / (GENERATION + staging.name.removeprefix(STAGING))
        moves.replace(staging, generation)
        try:
            for entry in sorted(generation.iterdir()):
                self._link(entry.name, moves)
            self._link_to(generation.name, CURRENT, moves)
        except OSError:
            shutil.rmtree(generation, ignore_errors=True)
            raise
        # The new build is in place; what follows only tidies, and what it misses is left for the next build.
        for entry in list(self.path.iterdir()):
            if entry.name.startswith(GENERATION) and entry != generation:
                with suppress(OSError):
                    moves.replace(entry, self.path / f"{TRASH}{uuid.uuid4().hex[:8]}")
        for entry in self.path.glob(f"{TRASH}*") if tidy else ():
            _remove(entry)

    def _link(self, name: str, moves: _Moves) -> None:
        """Make build/<name> lead through .current, once; later builds find it in place."""
        public = self.path / name
        wanted = f"{CURRENT}/{name}"
        if public.is_symlink() and os.readlink(public) == wanted:
            return
        if public.is_dir() and not public.is_symlink():  # left by an older fls-docs, or made by hand
            moves.replace(public, self.path / f"{TRASH}{uuid.uuid4().hex[:8]}")
        self._link_to(wanted, name, moves)

    def _link_to(self, target: str, name: str, moves: _Moves) -> None:
        """Point the link build/<name> at ``target`` in one rename, replacing any file or link there."""
        temp = self.path / f".new-{uuid.uuid4().hex[:8]}"
        os.symlink(target, temp)
        moves.replace(temp, self.path / name)


def _lock(path: Path) -> IO | None:
    """Hold an exclusive lock on ``path``, waiting for any other build; None where that cannot be done."""
    try:
        import fcntl
    except ImportError:  # Windows: no advisory locks
        return None
    try:
        handle = open(path, "a")  # noqa: SIM115 - held until the build ends
    except OSError:  # a read-only build/: this build will find nothing to do or fail before writing
        return None
    fcntl.flock(handle, fcntl.LOCK_EX)
    holding(handle)
    return handle


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        with suppress(OSError):
            path.unlink()


class _Moves:
    """The renames of a commit, counted.

    FLS_DOCS_TEST_KILL_AFTER_MOVES=N makes the process SIGKILL itself after the
    Nth rename (0: before the first), so tests can show that a build killed at
    any point of its commit leaves a whole build behind.
    """

    def __init__(self) -> None:
        raw = os.environ.get(KILL_AFTER_MOVES_ENV, "")
        self.kill_after = int(raw) if raw.isdigit() else None
        self.done = 0
        self._checkpoint()

    def replace(self, source: Path, target: Path) -> None:
        os.replace(source, target)
        self.done += 1
        self._checkpoint()

    def _checkpoint(self) -> None:
        if self.done == self.kill_after:
            os.kill(os.getpid(), getattr(signal, "SIGKILL", signal.SIGTERM))
