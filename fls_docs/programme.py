"""A regional programme: every service project in one folder built at once, and a page comparing them.

    programme/                 the folder `fls-docs programme` is given
      north-vale/content/ ...  one normal fls-docs project per folder (content/, mkdocs.yml)
      south-vale/content/ ...
      build/programme/         the comparison page, built by the same site engine as the projects
      build/programme-src/     its Markdown
      build/.programme.json    what the page was last made from, and each project's figures

Each project is built by fls_docs.build.build(), so it rebuilds only what
changed; projects build side by side in a pool of processes, one per core. A
project that fails is reported with its problems and the others carry on.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from concurrent.futures import Executor, ProcessPoolExecutor, as_completed
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from fls_docs.build import RenderFailed, _Inline, build, today  # _Inline: one project after another, here
from fls_docs.diagnostics import Severity, UserError
from fls_docs.manifest import Manifest, digest, file_digest, tool_digest, tree_digest
from fls_docs.paths import TEMPLATES_DIR
from fls_docs.site_engine import site_engine
from fls_docs.workers import start_worker

BUILD = "build"
STATE = ".programme.json"


@dataclass
class ProjectOutcome:
    """How one project's build went, and its figures for the page (None when it did not build)."""

    folder: str
    built: int = 0  # outputs this build wrote
    warnings: int = 0
    errors: list[str] = field(default_factory=list)
    summary: dict[str, Any] | None = None  # fls_docs.calc.programme.ProjectSummary.as_dict()
    key: str = ""  # the project's quick key when its summary was made
    reused: bool = False  # the summary came from the last programme build

    @property
    def ok(self) -> bool:
        return not self.errors


@dataclass
class ProgrammeReport:
    outcomes: list[ProjectOutcome]
    page: Path
    page_rebuilt: bool

    @property
    def failed(self) -> list[ProjectOutcome]:
        return [o for o in self.outcomes if not o.ok]


def find_projects(programme_dir: Path) -> list[Path]:
    """Each folder directly inside ``programme_dir`` that holds a content/ folder, in name order."""
    return sorted(p for p in programme_dir.iterdir() if p.is_dir() and p.name != BUILD and (p / "content").is_dir())


def _summarise(project_dir: Path) -> dict[str, Any]:
    from fls_docs.calc.programme import summarise_project
    from fls_docs.calc.results import calculate
    from fls_docs.model.validate import load_project

    project, _ = load_project(project_dir)
    # The central figures only: the sensitivity and scenario runs do not change them.
    return summarise_project(project, calculate(project, today(), analyses=False)).as_dict()


def build_project(project_dir: Path, cached: dict[str, Any] | None, force: bool, profile: str,
                  jobs: int) -> ProjectOutcome:
    """Build one project incrementally and gather its figures; its problems are returned, never raised."""
    outcome = ProjectOutcome(project_dir.name)
    try:
        report = build(project_dir, force=force, jobs=jobs, profile=profile)
        outcome.built = 0 if report.nothing_to_do else len(report.outputs)
        outcome.warnings = len(report.warnings) if report.warnings else len(report.remembered_warnings)
        outcome.key = Manifest.load(project_dir / BUILD).quick
        if cached and not force and cached.get("key") == outcome.key and cached.get("summary"):
            outcome.summary, outcome.reused = cached["summary"], True
        else:
            outcome.summary = _summarise(project_dir)
    except UserError as failed:
        outcome.errors = [d.format() for d in failed.diagnostics if d.severity is Severity.ERROR] or [str(failed)]
    except RenderFailed as failed:
        outcome.errors = [f"could not build {failed.target}: {failed.reason}"]
    except Exception as fault:  # noqa: BLE001 - one project's fault must not stop the programme
        outcome.errors = [f"fls-docs failed inside while building this project ({type(fault).__name__}: {fault})"]
    return outcome


def _load_state(build_dir: Path) -> dict[str, Any]:
    try:
        state = json.loads((build_dir / STATE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return state if isinstance(state, dict) and state.get("tool") == tool_digest() else {}


def build_programme(programme_dir: Path, force: bool = False, profile: str = "draft", jobs: int | None = None,
                    on_project: Callable[[ProjectOutcome], None] | None = None) -> ProgrammeReport:
    """Build every project in ``programme_dir`` in parallel, then the programme page if any figure changed.

    ``jobs`` is how many projects build at once (default: the number of cores). Raises UserError
    when the folder holds no project; a project's own failure is in its outcome.
    """
    from fls_docs.render.programme_page import PAGE_DIR, build_page

    programme_dir = programme_dir.resolve()
    projects = find_projects(programme_dir)
    if not projects:
        raise UserError(f"{programme_dir} holds no project folders",
                        hint="a programme is a folder of projects, each a folder with content/ and mkdocs.yml "
                             "(fls-docs init makes one)")
    build_dir = programme_dir / BUILD
    state = _load_state(build_dir)
    cached = state.get("projects", {})
    cores = jobs or os.cpu_count() or 1
    workers = min(cores, len(projects))
    # One project per core; a project on its own may use every core for its outputs.
    per_project = 1 if workers > 1 else cores
    outcomes = []
    pool: Executor = ProcessPoolExecutor(max_workers=workers, initializer=start_worker) if workers > 1 else _Inline()
    with pool:
        futures = {pool.submit(build_project, p, cached.get(p.name), force, profile, per_project): p for p in projects}
        for future in as_completed(futures):
            try:
                outcome = future.result()
            except Exception as fault:  # noqa: BLE001 - a worker that died takes only its own project down
                outcome = ProjectOutcome(futures[future].name,
                                         errors=[f"the process building this project stopped ({fault})"])
            if on_project:
                on_project(outcome)
            outcomes.append(outcome)
    outcomes.sort(key=lambda o: o.folder)

    # What the page is made from: every project's figures and problems, its template and assets, the engine.
    made_from = [tool_digest(), str(today()), profile, site_engine(),
                 tree_digest(TEMPLATES_DIR / "programme", TEMPLATES_DIR / "site" / "assets", programme_dir / "templates"),
                 file_digest(programme_dir / "mkdocs.yml"),
                 [asdict(o) | {"built": 0, "reused": False, "warnings": 0} for o in outcomes]]
    inputs = digest(json.dumps(made_from, sort_keys=True))
    page = build_dir / PAGE_DIR / "index.html"
    rebuilt = force or state.get("page") != inputs or not page.is_file()
    if rebuilt:
        build_page(programme_dir, outcomes)
    build_dir.mkdir(exist_ok=True)
    new_state = {"tool": tool_digest(), "page": inputs,
                 "projects": {o.folder: {"key": o.key, "summary": o.summary} for o in outcomes if o.ok}}
    (build_dir / f"{STATE}.tmp").write_text(json.dumps(new_state, sort_keys=True), encoding="utf-8")
    os.replace(build_dir / f"{STATE}.tmp", build_dir / STATE)
    return ProgrammeReport(outcomes, page, rebuilt)
