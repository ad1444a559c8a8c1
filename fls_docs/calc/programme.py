"""One project's figures for a regional programme's comparison page, taken from its own calculator results.

Pure: the project's results in, a small summary out. Every figure is one the
project's own documents show (the dashboard's headline figures, its phase
progress, its indicators' latest months), so the programme page can never
disagree with them.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from fls_docs.calc.indicators import MET, NO_DATA, NO_TARGET, IndicatorResult
from fls_docs.calc.progress import Progress
from fls_docs.calc.results import Results
from fls_docs.model.project import Project


@dataclass(frozen=True)
class Stage:
    """The phase a project is in: the first numbered phase with a task not yet complete."""

    number: int
    name: str
    complete: int  # tasks complete in the phase
    tasks: int


@dataclass(frozen=True)
class KeyIndicator:
    """An indicator that reports a national audit KPI, so it reads the same in every project."""

    kpi: int
    name: str
    kind: str  # share, count or average
    unit: str
    month: str | None  # the latest month with a figure
    latest: float | None
    target: float | None
    status: str  # Met, Close, Not met, No target or No data


@dataclass(frozen=True)
class ProjectSummary:
    name: str
    organisation: str
    nation: str
    fractures_per_year: float
    stage: Stage | None  # None once every numbered phase is complete
    tasks_complete: int
    tasks: int
    late_tasks: int
    indicators_met: int  # of those with a target and a latest figure
    indicators_judged: int
    ask_year: str  # the first financial year
    ask: float  # what the service costs in it: the business case's ask
    cost_per_qaly: float | None  # None when the service gains no health
    dominant: bool  # saves money and gains health
    npsv: float  # net present social value
    key_indicators: tuple[KeyIndicator, ...]

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ProjectSummary:
        stage = Stage(**data["stage"]) if data.get("stage") else None
        keys = tuple(KeyIndicator(**k) for k in data["key_indicators"])
        return cls(**{**data, "stage": stage, "key_indicators": keys})


def current_stage(progress: Progress) -> Stage | None:
    """The first numbered phase (Start out to Sustain and share) with a task left; "Manage and lead" runs throughout."""
    for phase in sorted((p for p in progress.phases if p.phase.number > 0), key=lambda p: p.phase.number):
        if phase.tasks and phase.complete < len(phase.tasks):
            return Stage(phase.phase.number, phase.phase.name, phase.complete, len(phase.tasks))
    return None


def key_indicator(result: IndicatorResult) -> KeyIndicator:
    indicator, latest = result.indicator, result.latest
    return KeyIndicator(int(indicator.kpi or 0), indicator.name, indicator.kind, indicator.unit,
                        latest.month if latest else None, latest.figure if latest else None, indicator.target,
                        result.status)


def summarise_project(project: Project, results: Results) -> ProjectSummary:
    """The figures a programme compares, exactly as the project's own dashboard shows them."""
    economics, first_year = results.economics, results.budget[0]
    judged = [r for r in results.indicators if r.status not in (NO_DATA, NO_TARGET)]
    return ProjectSummary(
        name=project.info.name, organisation=project.organisation.name, nation=project.organisation.nation,
        fractures_per_year=float(results.benefits.expected_per_year),
        stage=current_stage(results.progress),
        tasks_complete=results.progress.counts.get("complete", 0), tasks=results.progress.total,
        late_tasks=len(results.progress.overdue),
        indicators_met=sum(1 for r in judged if r.status == MET), indicators_judged=len(judged),
        ask_year=first_year.year, ask=float(first_year.ask),
        cost_per_qaly=None if economics.cost_per_qaly is None else float(economics.cost_per_qaly),
        dominant=bool(economics.dominant), npsv=float(economics.npsv),
        key_indicators=tuple(sorted((key_indicator(r) for r in results.indicators if r.indicator.kpi),
                                    key=lambda k: k.kpi)),
    )


@dataclass(frozen=True)
class ProgrammeTotals:
    projects: int
    fractures_per_year: float
    late_tasks: int
    ask: float  # each project's first-year ask, added up
    npsv: float


def programme_totals(summaries: list[ProjectSummary]) -> ProgrammeTotals:
    return ProgrammeTotals(len(summaries), sum(s.fractures_per_year for s in summaries),
                           sum(s.late_tasks for s in summaries), sum(s.ask for s in summaries),
                           sum(s.npsv for s in summaries))
