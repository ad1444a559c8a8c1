"""Meetings: the dates each group's schedule gives, its next and previous meeting, and the next meeting's agenda.

Times are UK local time (Europe/London), the same in all four nations: a
meeting at 12:30 stays at 12:30 on both sides of a clock change, so its time
in UTC moves by an hour. The agenda of a group's next meeting gathers what the
meeting should look at, from the plan as it stands on the build date:

- tasks that fell due since the group last met or fall due by this meeting, and every late task;
- risks scored ``HIGH_RISK_SCORE`` or more on the 5 x 5 matrix;
- decisions still needed that the group is to take (or that name no group);
- indicators whose latest month is off target (not met, or close);
- the group's open actions, and those done or dropped since it last met.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from dateutil.rrule import FR, MO, MONTHLY, SA, SU, TH, TU, WE, WEEKLY, rrule

from fls_docs.calc.indicators import CLOSE, NOT_MET, IndicatorResult, assess_all
from fls_docs.calc.progress import Progress, TaskState, calculate_progress
from fls_docs.calc.risks import GradedRisk, grade_risks
from fls_docs.model.project import Action, Decision, MeetingGroup, Meetings, Project, Repeat

UK_TIME = ZoneInfo("Europe/London")
# Risks at or above this score go on every agenda. On the NHS 5 x 5 matrix "high" starts at 8 and
# "extreme" at 15; 12 (likely and moderate, or possible and major) is where a risk needs the
# group's attention rather than its owner's alone.
HIGH_RISK_SCORE = 12
OFF_TARGET = (NOT_MET, CLOSE)
_WEEKDAYS = (MO, TU, WE, TH, FR, SA, SU)


@dataclass(frozen=True)
class Meeting:
    group: MeetingGroup
    scheduled: date  # the date the schedule gives it; with the group, it names the meeting for good
    start: datetime  # UK local time, with its offset from UTC
    end: datetime
    place: str
    online: str
    cancelled: bool = False
    reason: str = ""  # why it was cancelled or moved

    @property
    def day(self) -> date:
        return self.start.date()

    @property
    def changed(self) -> bool:
        """Whether it is cancelled, or not on the date, at the time or in the place the schedule gives."""
        group = self.group
        return (self.cancelled or self.day != self.scheduled or self.start.time() != group.start_time
                or self.place != group.place)


@dataclass(frozen=True)
class NeededDecision:
    decision: Decision
    overdue: bool  # its needed-by date has passed
    group: MeetingGroup | None  # the group that is to take it, if named
    meeting: Meeting | None  # that group's next meeting, where it can be taken


@dataclass(frozen=True)
class ActionState:
    action: Action
    status: str  # open, overdue, done or dropped


@dataclass(frozen=True)
class Agenda:
    meeting: Meeting
    previous: Meeting | None  # the group's last meeting before the build date
    following: Meeting | None  # the meeting after this one, for the "date of next meeting" item
    cancelled: tuple[Meeting, ...]  # meetings called off between this one and the following one
    tasks: tuple[TaskState, ...]
    risks: tuple[GradedRisk, ...]
    decisions: tuple[NeededDecision, ...]
    indicators: tuple[IndicatorResult, ...]
    actions: tuple[ActionState, ...]


@dataclass(frozen=True)
class GroupMeetings:
    group: MeetingGroup
    on: date  # the build date
    meetings: tuple[Meeting, ...]  # the whole schedule, cancelled meetings included, by start
    next: Meeting | None  # on or after the build date
    previous: Meeting | None  # before the build date
    agenda: Agenda | None  # for the next meeting

    @property
    def upcoming(self) -> tuple[Meeting, ...]:
        """Meetings on or after the build date, cancelled ones included so that readers see they are off."""
        return tuple(m for m in self.meetings if m.day >= self.on)


@dataclass(frozen=True)
class MeetingsResult:
    on: date
    groups: tuple[GroupMeetings, ...]
    decisions: tuple[NeededDecision, ...]  # every decision still needed, soonest first
    actions: tuple[ActionState, ...]  # the whole action log, by due date

    def group(self, group_id: str) -> GroupMeetings:
        for entry in self.groups:
            if entry.group.id == group_id:
                return entry
        raise KeyError(group_id)

    @property
    def open_actions(self) -> tuple[ActionState, ...]:
        return tuple(a for a in self.actions if a.status in ("open", "overdue"))


# ---------------------------------------------------------------- the schedule

def repeat_dates(repeat: Repeat) -> list[date]:
    """Every date a repeat gives, from its start to its until date, both included."""
    start = datetime.combine(repeat.start, datetime.min.time())
    until = datetime.combine(repeat.until, datetime.min.time())
    if repeat.unit == "weeks":
        weekday = repeat.start.weekday() if repeat.weekday is None else repeat.weekday
        rule = rrule(WEEKLY, interval=repeat.every, byweekday=weekday, dtstart=start, until=until)
    elif repeat.weekday is not None and repeat.week_of_month:
        rule = rrule(MONTHLY, interval=repeat.every, byweekday=_WEEKDAYS[repeat.weekday](repeat.week_of_month),
                     dtstart=start, until=until)
    else:  # the same day of the month as the start; a month without that day has no meeting
        rule = rrule(MONTHLY, interval=repeat.every, bymonthday=repeat.start.day, dtstart=start, until=until)
    return [moment.date() for moment in rule]


def scheduled_dates(group: MeetingGroup) -> list[date]:
    """The dates the group's repeat and one-off dates give, before any change, in order."""
    days = set(group.dates)
    if group.repeat:
        days.update(repeat_dates(group.repeat))
    return sorted(days)


def schedule(group: MeetingGroup) -> tuple[Meeting, ...]:
    """Every meeting of the group, with cancellations and moves applied, by start time."""
    changes = {change.date: change for change in group.changes}
    meetings = []
    for day in scheduled_dates(group):
        change = changes.get(day)
        when = change.moved_to if change and change.moved_to else day
        at = change.start_time if change and change.start_time else group.start_time
        start = datetime.combine(when, at, tzinfo=UK_TIME)
        # Wall-clock arithmetic: a meeting that starts at 12:30 ends 60 minutes later on the clock,
        # whatever the offset from UTC that day.
        meetings.append(Meeting(group, day, start, start + timedelta(minutes=group.length_minutes),
                                change.place if change and change.place else group.place, group.online,
                                bool(change and change.cancelled), change.reason if change else ""))
    return tuple(sorted(meetings, key=lambda m: (m.start, m.scheduled)))


def next_meeting(group: MeetingGroup, on: date) -> Meeting | None:
    """The group's first meeting on or after ``on`` that is not cancelled: a meeting that day still needs its agenda."""
    return next((m for m in schedule(group) if not m.cancelled and m.day >= on), None)


def previous_meeting(group: MeetingGroup, on: date) -> Meeting | None:
    """The group's last meeting before ``on`` that was not cancelled."""
    held = [m for m in schedule(group) if not m.cancelled and m.day < on]
    return held[-1] if held else None


def next_meetings(project: Project, on: date) -> tuple[Meeting, ...]:
    """The next meeting of each group that has one, soonest first."""
    found = (next_meeting(group, on) for group in project.meetings.groups)
    return tuple(sorted((m for m in found if m), key=lambda m: m.start))


# ---------------------------------------------------------------- logs

def decisions_needed(project: Project, on: date) -> tuple[NeededDecision, ...]:
    """Decisions still to take, soonest needed first, each with the meeting of the group that is to take it."""
    groups = {group.id: group for group in project.meetings.groups}
    needed = sorted((d for d in project.plan.decisions if d.needed),
                    key=lambda d: (d.needed_by or date.max, d.id))
    out = []
    for decision in needed:
        group = groups.get(decision.to_be_made_by)
        out.append(NeededDecision(decision, decision.needed_by is not None and decision.needed_by < on, group,
                                  next_meeting(group, on) if group else None))
    return tuple(out)


def action_status(action: Action, on: date) -> str:
    """open, overdue (open and past its due date), done or dropped."""
    if action.status == "open" and action.due < on:
        return "overdue"
    return action.status


def action_states(meetings: Meetings, on: date) -> tuple[ActionState, ...]:
    return tuple(ActionState(a, action_status(a, on)) for a in sorted(meetings.actions, key=lambda a: (a.due, a.id)))


# ---------------------------------------------------------------- agendas

def agenda_tasks(progress: Progress, since: date | None, until: date) -> tuple[TaskState, ...]:
    """Tasks due after ``since`` (the last meeting) and by ``until`` (this one), and every late task.

    With no meeting before, only tasks not yet complete are due by this one.
    """
    chosen = []
    for phase in progress.phases:
        for state in phase.tasks:
            due = state.task.due
            window = due <= until and (due > since if since else state.status != "complete")
            if window or state.status == "late":
                chosen.append(state)
    return tuple(sorted(chosen, key=lambda s: (s.task.due, s.task.id)))


def agenda_actions(actions: tuple[ActionState, ...], group: MeetingGroup, since: date | None) -> tuple[ActionState, ...]:
    """The group's actions still open, and those it closed since it last met."""
    return tuple(a for a in actions if a.action.group == group.id and (
        a.status in ("open", "overdue") or (since is not None and a.action.done is not None and a.action.done > since)))


def gather_agenda(group: MeetingGroup, on: date, progress: Progress, risks: tuple[GradedRisk, ...],
                  indicators: tuple[IndicatorResult, ...], decisions: tuple[NeededDecision, ...],
                  actions: tuple[ActionState, ...]) -> Agenda | None:
    """What the group's next meeting (on or after ``on``) should look at; None if it has no next meeting."""
    meeting = next_meeting(group, on)
    if meeting is None:
        return None
    previous = previous_meeting(group, on)
    following = next_meeting(group, meeting.day + timedelta(days=1))
    since = previous.day if previous else None
    until = following.day if following else date.max
    return Agenda(
        meeting=meeting, previous=previous, following=following,
        cancelled=tuple(m for m in schedule(group) if m.cancelled and meeting.day < m.day < until),
        tasks=agenda_tasks(progress, since, meeting.day),
        risks=tuple(r for r in risks if r.score >= HIGH_RISK_SCORE),
        decisions=tuple(d for d in decisions if d.decision.to_be_made_by in ("", group.id)),
        indicators=tuple(i for i in indicators if i.status in OFF_TARGET),
        actions=agenda_actions(actions, group, since),
    )


def plan_meetings(project: Project, on: date, progress: Progress, risks: tuple[GradedRisk, ...],
                  indicators: tuple[IndicatorResult, ...]) -> MeetingsResult:
    """Every group's schedule, next and previous meeting and next agenda, with the decision and action logs."""
    decisions = decisions_needed(project, on)
    actions = action_states(project.meetings, on)
    groups = []
    for group in project.meetings.groups:
        agenda = gather_agenda(group, on, progress, risks, indicators, decisions, actions)
        groups.append(GroupMeetings(group, on, schedule(group), agenda.meeting if agenda else None,
                                    previous_meeting(group, on), agenda))
    return MeetingsResult(on, tuple(groups), decisions, actions)


def meetings_for(project: Project, on: date, risk_matrix: Mapping[str, Any]) -> MeetingsResult:
    """``plan_meetings`` with the plan's progress, the graded risks and the indicators worked out here."""
    return plan_meetings(project, on, calculate_progress(project.plan, on), grade_risks(project.brief.risks, risk_matrix),
                         assess_all(project.indicators))


def next_action_ids(meetings: Meetings, count: int) -> tuple[str, ...]:
    """Ids for the next ``count`` actions, continuing the log's numbering ('a7' -> 'a8', 'a9' ...).

    Empty when the log's ids do not end in a number to continue.
    """
    found = [re.fullmatch(r"(.*?)(\d+)", a.id) for a in meetings.actions]
    numbered = [(m.group(1), int(m.group(2))) for m in found if m]
    if meetings.actions and not numbered:
        return ()
    prefix, last = max(numbered, key=lambda p: p[1]) if numbered else ("a", 0)
    return tuple(f"{prefix}{last + n}" for n in range(1, count + 1))
