"""The one render context that every document, workbook and page is made from."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from fls_docs import __version__, data
from fls_docs.calc.results import Results
from fls_docs.model.project import Project


@dataclass(frozen=True)
class BuildInfo:
    generated: date
    tool_version: str
    data_version: str


def build_info(today: date) -> BuildInfo:
    return BuildInfo(generated=today, tool_version=__version__, data_version=data.fingerprint())


def make_context(project: Project, results: Results, build: BuildInfo) -> dict[str, Any]:
    states = {state.task.id: state for ph in results.progress.phases for state in ph.tasks}
    return {
        "project": project,
        "results": results,
        "build": build,
        "milestones": [states[task.id] for task in project.brief.milestones],
        "phases": {ph["id"]: ph for ph in data.load("phases")["phases"]},
        "phase_progress": {ph.phase.id: ph for ph in results.progress.phases},
    }
