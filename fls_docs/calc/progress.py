"""Where the plan stands on a given day: statuses, phase progress, overdue tasks, milestones."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from fls_docs.model.project import STATUSES, Outcome, Phase, Plan, Task


def effective_status(task: Task, today: date) -> str:
    """A task past its due date that is not complete is late, whatever it says."""
    if task.status != "complete" and task.due < today:
        return "late"
    return task.status


@dataclass(frozen=True)
class TaskState:
    task: Task
    status: str


@dataclass(frozen=True)
class OutcomeState:
    outcome: Outcome
    achieved: bool


@dataclass(frozen=True)
class PhaseProgress:
    phase: Phase
    tasks: tuple[TaskState, ...]
    outcomes: tuple[OutcomeState, ...]

    @property
    def complete(self) -> int:
        return sum(1 for t in self.tasks if t.status == "complete")

    @property
    def counts(self) -> dict[str, int]:
        """Tasks by status, in STATUSES order."""
        return {status: sum(1 for t in self.tasks if t.status == status) for status in STATUSES}


@dataclass(frozen=True)
class Progress:
    today: date
    phases: tuple[PhaseProgress, ...]
    counts: dict[str, int]  # status -> tasks, in STATUSES order
    overdue: tuple[TaskState, ...]
    next_milestones: tuple[TaskState, ...]

    @property
    def milestones(self) -> tuple[TaskState, ...]:
        """Every milestone, by due date."""
        return tuple(sorted((s for ph in self.phases for s in ph.tasks if s.task.milestone), key=lambda s: (s.task.due, s.task.id)))

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def calculate_progress(plan: Plan, today: date, milestones_shown: int = 5) -> Progress:
    states = {t.id: TaskState(t, effective_status(t, today)) for t in plan.tasks}
    phases = []
    for phase in plan.phases:
        outcomes = tuple(
            OutcomeState(o, all(states[t].status == "complete" for t in o.delivered_by)) for o in phase.outcomes
        )
        phases.append(PhaseProgress(phase, tuple(states[t.id] for t in phase.tasks), outcomes))
    counts = {status: 0 for status in STATUSES}
    for state in states.values():
        counts[state.status] += 1
    overdue = tuple(sorted((s for s in states.values() if s.status == "late"), key=lambda s: (s.task.due, s.task.id)))
    upcoming = sorted(
        (s for s in states.values() if s.task.milestone and s.status != "complete"),
        key=lambda s: (s.task.due, s.task.id),
    )
    return Progress(today, tuple(phases), counts, overdue, tuple(upcoming[:milestones_shown]))
