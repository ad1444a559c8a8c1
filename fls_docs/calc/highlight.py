"""The monthly highlight report's content: where the project stands this month, worked out from the plan.

A highlight report (the PRINCE2 habit NHS project boards expect) gives a
red, amber or green rating for each thing the board watches, then what was
done this month, what is planned next month, late tasks, the risks and issues
to know about, and the decisions the board is asked for. Each rating follows
a written rule (``RULES``), so a reader can check it and a team cannot argue
it up or down.
"""

from __future__ import annotations

from calendar import monthrange
from dataclasses import dataclass
from datetime import date

from fls_docs.calc.progress import PhaseProgress, Progress, TaskState
from fls_docs.calc.risks import GradedRisk
from fls_docs.model.project import Issue

RED, AMBER, GREEN = "Red", "Amber", "Green"
# Risks scored this high or more are reported to the board (12: the top of "High" on the 5 x 5 matrix).
BOARD_RISK_SCORE = 12
# A risk scored this high or more makes the risk rating red ("Extreme" on the 5 x 5 matrix).
RED_RISK_SCORE = 15

# Each rating's rule, in the words the report prints beside it.
RULES = {
    "Schedule": "Red if a milestone is late; amber if any other task is late; green if nothing is late.",
    "Risks": f"Red if any risk scores {RED_RISK_SCORE} or more; amber if any scores {BOARD_RISK_SCORE} or more; "
             "green otherwise.",
    "Issues": "Red if a high-priority issue is open; amber if any issue is open; green if none is.",
    "Indicators": "Red if any indicator's latest month is more than 10 percentage points short of its target. "
                  "Amber if any is short, but by less. Green if every indicator with a target meets it.",
}


@dataclass(frozen=True)
class Rating:
    area: str
    rating: str  # Red, Amber or Green
    reason: str  # why, in a short sentence with the numbers
    rule: str


@dataclass(frozen=True)
class PhaseLine:
    name: str
    complete: int
    total: int
    late: int

    @property
    def share(self) -> float:
        return self.complete / self.total if self.total else 0.0


@dataclass(frozen=True)
class Highlight:
    period_start: date
    period_end: date  # the build date: the report covers the month so far
    next_start: date
    next_end: date
    overall: str
    ratings: tuple[Rating, ...]
    phases: tuple[PhaseLine, ...]
    done: tuple[TaskState, ...]  # complete tasks due this month (or finished early)
    next: tuple[TaskState, ...]  # tasks open next month, soonest due first
    late: tuple[TaskState, ...]
    risks: tuple[GradedRisk, ...]  # scored BOARD_RISK_SCORE or more, highest first
    issues: tuple[Issue, ...]  # open, high priority first


def month_window(on: date) -> tuple[date, date, date, date]:
    """This month (from its first day to ``on``) and the whole of next month."""
    start = on.replace(day=1)
    next_start = date(on.year + on.month // 12, on.month % 12 + 1, 1)
    next_end = next_start.replace(day=monthrange(next_start.year, next_start.month)[1])
    return start, on, next_start, next_end


def _worst(ratings: list[str]) -> str:
    for rating in (RED, AMBER):
        if rating in ratings:
            return rating
    return GREEN


def rate_schedule(progress: Progress) -> Rating:
    late_milestones = [s for s in progress.overdue if s.task.milestone]
    if late_milestones:
        rating, reason = RED, f"{counted(len(late_milestones), 'milestone')} late, {counted(len(progress.overdue), 'task')} late in all."
    elif progress.overdue:
        rating, reason = AMBER, f"{counted(len(progress.overdue), 'task')} late; no milestone is late."
    else:
        rating, reason = GREEN, "No task is late."
    return Rating("Schedule", rating, reason, RULES["Schedule"])


def rate_risks(risks: tuple[GradedRisk, ...]) -> Rating:
    top = max((r.score for r in risks), default=0)
    high = [r for r in risks if r.score >= BOARD_RISK_SCORE]
    if top >= RED_RISK_SCORE:
        rating = RED
    elif high:
        rating = AMBER
    else:
        rating = GREEN
    reason = f"{counted(len(high), 'risk')} scored {BOARD_RISK_SCORE} or more; the highest scores {top}." if risks else "No risks recorded."
    return Rating("Risks", rating, reason, RULES["Risks"])


def open_issues(issues: tuple[Issue, ...]) -> tuple[Issue, ...]:
    order = {"high": 0, "medium": 1, "low": 2}
    return tuple(sorted((i for i in issues if i.status != "closed"), key=lambda i: (order.get(i.priority, 3), i.id)))


def rate_issues(issues: tuple[Issue, ...]) -> Rating:
    high = [i for i in issues if i.priority == "high"]
    rating = RED if high else AMBER if issues else GREEN
    reason = f"{counted(len(issues), 'issue')} open, {len(high)} of high priority." if issues else "No open issues."
    return Rating("Issues", rating, reason, RULES["Issues"])


def rate_indicators(statuses: list[str]) -> Rating | None:
    """From each indicator's latest status (Met, Close, Not met); None when no indicator has a target and data."""
    judged = [s for s in statuses if s in ("Met", "Close", "Not met")]
    if not judged:
        return None
    missed, close = judged.count("Not met"), judged.count("Close")
    rating = RED if missed else AMBER if close else GREEN
    reason = (f"{judged.count('Met')} of {len(judged)} indicators met their target in the latest month; "
              f"{close} close, {missed} not met.")
    return Rating("Indicators", rating, reason, RULES["Indicators"])


def counted(n: int, noun: str) -> str:
    """3 -> '3 tasks', 1 -> '1 task', 0 -> 'no tasks'."""
    return f"{n or 'no'} {noun}" + ("" if n == 1 else "s")


def phase_lines(phases: tuple[PhaseProgress, ...]) -> tuple[PhaseLine, ...]:
    return tuple(PhaseLine(ph.phase.name, ph.complete, len(ph.tasks), ph.counts.get("late", 0)) for ph in phases)


def highlight(progress: Progress, risks: tuple[GradedRisk, ...], issues: tuple[Issue, ...],
              indicator_statuses: list[str], on: date) -> Highlight:
    """The month's highlight report as of ``on``."""
    start, end, next_start, next_end = month_window(on)
    states = [s for ph in progress.phases for s in ph.tasks]
    done = tuple(sorted((s for s in states if s.status == "complete" and s.task.due >= start),
                        key=lambda s: (s.task.due, s.task.id)))
    upcoming = tuple(sorted((s for s in states if s.status != "complete" and s.task.start <= next_end
                             and s.task.due >= next_start), key=lambda s: (s.task.due, s.task.id)))
    still_open = open_issues(issues)
    ratings = [rate_schedule(progress), rate_risks(risks), rate_issues(still_open)]
    indicators = rate_indicators(indicator_statuses)
    if indicators:
        ratings.append(indicators)
    return Highlight(start, end, next_start, next_end, _worst([r.rating for r in ratings]), tuple(ratings),
                     phase_lines(progress.phases), done, upcoming, progress.overdue,
                     tuple(r for r in risks if r.score >= BOARD_RISK_SCORE), still_open)
