"""Meeting schedules, next and previous meetings, and what goes on an agenda, against dates worked out by hand.

Calendars used: March 2027 starts on a Monday and the clocks go forward on Sunday 28 March 2027;
October 2027 starts on a Friday and the clocks go back on Sunday 31 October 2027.
"""

from __future__ import annotations

from datetime import date, datetime, time, timezone
from types import SimpleNamespace

from fls_docs.calc.indicators import assess
from fls_docs.calc.meetings import (
    ActionState, decisions_needed, gather_agenda, next_action_ids, next_meeting, previous_meeting, repeat_dates,
    schedule,
)
from fls_docs.calc.progress import calculate_progress
from fls_docs.calc.risks import GradedRisk
from fls_docs.model.project import (
    Action, Attendee, Decision, Indicator, MeetingChange, MeetingGroup, Meetings, MonthlyCount, Person, Phase, Plan,
    Repeat, Risk, Task,
)

TUESDAY, THURSDAY, FRIDAY = 1, 3, 4
PM = Person("pm", "Pat Manager", "Project manager", email="pat@example.nhs.uk")


def group(repeat: Repeat | None = None, dates: tuple[date, ...] = (), changes: tuple[MeetingChange, ...] = (),
          gid: str = "team", at: time = time(12, 30), minutes: int = 60) -> MeetingGroup:
    return MeetingGroup(gid, "Project team", "", Attendee(PM.name, PM.role, PM.email, PM), (), at, minutes,
                        "Room 2", "", repeat, dates, changes)


def utc(moment: datetime) -> datetime:
    return moment.astimezone(timezone.utc).replace(tzinfo=None)


# ---------------------------------------------------------------- expanding repeats

def test_every_two_weeks_on_a_tuesday_starts_at_the_first_tuesday_on_or_after_the_start() -> None:
    # From Monday 1 March: Tuesdays 2 and 16 March, 30 March, 13 and 27 April; 11 May is after the end.
    repeat = Repeat(2, "weeks", date(2027, 3, 1), date(2027, 5, 10), weekday=TUESDAY)
    assert repeat_dates(repeat) == [date(2027, 3, 2), date(2027, 3, 16), date(2027, 3, 30), date(2027, 4, 13),
                                    date(2027, 4, 27)]


def test_a_weekly_repeat_without_a_weekday_keeps_the_start_dates_weekday_and_includes_the_end() -> None:
    repeat = Repeat(1, "weeks", date(2027, 3, 3), date(2027, 3, 17))  # Wednesdays
    assert repeat_dates(repeat) == [date(2027, 3, 3), date(2027, 3, 10), date(2027, 3, 17)]


def test_every_two_months_on_the_second_thursday() -> None:
    # Second Thursdays: 10 Sep 2026 (the 1st is a Tuesday), 12 Nov (the 1st is a Sunday), 14 Jan 2027 (a Friday),
    # 11 Mar (a Monday), 13 May (a Saturday).
    repeat = Repeat(2, "months", date(2026, 9, 1), date(2027, 5, 31), weekday=THURSDAY, week_of_month=2)
    assert repeat_dates(repeat) == [date(2026, 9, 10), date(2026, 11, 12), date(2027, 1, 14), date(2027, 3, 11),
                                    date(2027, 5, 13)]


def test_monthly_on_the_last_friday() -> None:
    repeat = Repeat(1, "months", date(2027, 1, 1), date(2027, 3, 31), weekday=FRIDAY, week_of_month=-1)
    assert repeat_dates(repeat) == [date(2027, 1, 29), date(2027, 2, 26), date(2027, 3, 26)]


def test_monthly_on_a_day_of_the_month_skips_months_without_that_day() -> None:
    repeat = Repeat(1, "months", date(2027, 1, 31), date(2027, 5, 31))
    assert repeat_dates(repeat) == [date(2027, 1, 31), date(2027, 3, 31), date(2027, 5, 31)]


def test_a_meeting_keeps_its_uk_time_across_both_clock_changes() -> None:
    spring = schedule(group(Repeat(2, "weeks", date(2027, 3, 1), date(2027, 4, 1), weekday=TUESDAY)))
    # 12:30 in March before the change is 12:30 GMT; after it, 12:30 BST is 11:30 UTC.
    assert [utc(m.start) for m in spring] == [datetime(2027, 3, 2, 12, 30), datetime(2027, 3, 16, 12, 30),
                                              datetime(2027, 3, 30, 11, 30)]
    assert [m.start.strftime("%H:%M") for m in spring] == ["12:30"] * 3
    assert [utc(m.end) for m in spring] == [datetime(2027, 3, 2, 13, 30), datetime(2027, 3, 16, 13, 30),
                                            datetime(2027, 3, 30, 12, 30)]
    autumn = schedule(group(Repeat(1, "months", date(2027, 10, 1), date(2027, 11, 30), weekday=THURSDAY, week_of_month=1),
                            at=time(14, 0)))
    # First Thursdays: 7 October (BST: 13:00 UTC) and 4 November (GMT: 14:00 UTC).
    assert [utc(m.start) for m in autumn] == [datetime(2027, 10, 7, 13, 0), datetime(2027, 11, 4, 14, 0)]


def test_one_off_dates_join_the_repeat_once_each_in_order() -> None:
    meetings = schedule(group(Repeat(2, "weeks", date(2027, 3, 1), date(2027, 3, 31), weekday=TUESDAY),
                              dates=(date(2027, 3, 16), date(2027, 2, 20))))
    assert [m.day for m in meetings] == [date(2027, 2, 20), date(2027, 3, 2), date(2027, 3, 16), date(2027, 3, 30)]


def test_changes_cancel_and_move_meetings_which_keep_their_scheduled_date() -> None:
    meetings = schedule(group(Repeat(2, "weeks", date(2027, 3, 1), date(2027, 3, 31), weekday=TUESDAY), changes=(
        MeetingChange(date(2027, 3, 16), cancelled=True, reason="Audit day"),
        MeetingChange(date(2027, 3, 30), moved_to=date(2027, 3, 31), start_time=time(9, 0), place="Room 9"),
    )))
    first, cancelled, moved = meetings
    assert (first.cancelled, first.changed) == (False, False)
    assert (cancelled.cancelled, cancelled.changed, cancelled.reason) == (True, True, "Audit day")
    assert (moved.scheduled, moved.day, moved.place, moved.changed) == (date(2027, 3, 30), date(2027, 3, 31), "Room 9", True)
    assert utc(moved.start) == datetime(2027, 3, 31, 8, 0)  # 9am BST


# ---------------------------------------------------------------- next and previous

def test_the_next_meeting_is_on_or_after_the_day_and_skips_cancelled_ones() -> None:
    team = group(Repeat(2, "weeks", date(2027, 3, 1), date(2027, 4, 30), weekday=TUESDAY),
                 changes=(MeetingChange(date(2027, 3, 16), cancelled=True),))
    assert next_meeting(team, date(2027, 3, 2)).day == date(2027, 3, 2)  # a meeting today still needs its agenda
    assert next_meeting(team, date(2027, 3, 3)).day == date(2027, 3, 30)
    assert previous_meeting(team, date(2027, 3, 29)).day == date(2027, 3, 2)
    assert previous_meeting(team, date(2027, 3, 2)) is None
    assert next_meeting(team, date(2027, 4, 28)) is None


# ---------------------------------------------------------------- agendas

def _task(tid: str, due: date, status: str) -> Task:
    return Task(tid, f"Task {tid}", "start-out", PM, date(2027, 1, 4), due, status)


def _agenda_inputs() -> dict:
    """A team meeting every two weeks; built on Wednesday 10 March, between 2 March (last) and 16 March (next)."""
    team = group(Repeat(2, "weeks", date(2027, 3, 1), date(2027, 4, 30), weekday=TUESDAY),
                 changes=(MeetingChange(date(2027, 3, 30), cancelled=True, reason="Easter"),))
    other = group(Repeat(1, "weeks", date(2027, 3, 1), date(2027, 4, 30)), gid="board")
    tasks = (
        _task("done-long-ago", date(2027, 2, 20), "complete"),
        _task("late", date(2027, 2, 25), "on track"),  # past due and not complete: late, however long ago
        _task("done-since", date(2027, 3, 5), "complete"),
        _task("due-by-meeting", date(2027, 3, 16), "not started"),
        _task("due-after", date(2027, 3, 17), "not started"),
        _task("done-at-last-meeting", date(2027, 3, 2), "complete"),
    )
    plan = Plan((Phase("start-out", 1, "Start out", "", (), tasks),), decisions=(
        Decision("d1", None, "For the team", "", "", "needed", date(2027, 3, 20), "team"),
        Decision("d2", None, "For the board", "", "", "needed", date(2027, 3, 1), "board"),
        Decision("d3", None, "For anyone", "", "", "needed", date(2027, 3, 1)),
        Decision("d4", date(2027, 2, 1), "Made", "Team", ""),
    ))
    actions = (
        Action("a1", "team", date(2027, 2, 16), "Overdue", PM, date(2027, 3, 1), "open"),
        Action("a2", "team", date(2027, 2, 16), "Done since", PM, date(2027, 3, 5), "done", date(2027, 3, 5)),
        Action("a3", "team", date(2027, 2, 2), "Done before", PM, date(2027, 2, 10), "done", date(2027, 2, 10)),
        Action("a4", "board", date(2027, 3, 1), "Board's", PM, date(2027, 4, 1), "open"),
        Action("a5", "team", date(2027, 2, 16), "Dropped at the last meeting", PM, date(2027, 3, 9), "dropped", date(2027, 3, 2)),
        Action("a6", "team", date(2027, 3, 2), "Open", PM, date(2027, 3, 30), "open"),
    )
    meetings = Meetings((team, other), actions)
    project = SimpleNamespace(plan=plan, meetings=meetings)
    on = date(2027, 3, 10)
    risks = tuple(GradedRisk(Risk(r, r, like, cons, PM, ""), like * cons, "", "", "")
                  for r, like, cons in (("r15", 3, 5), ("r12", 3, 4), ("r10", 2, 5)))
    indicators = tuple(assess(Indicator(i, i, None, None, "", "", "", "monthly", target, "higher",
                                        (MonthlyCount("2027-02", num, 10),) if num is not None else ()))
                       for i, target, num in (("met", 0.8, 8), ("close", 0.8, 7), ("not-met", 0.8, 2),
                                              ("no-data", 0.8, None)))
    return dict(group=team, on=on, progress=calculate_progress(plan, on), risks=risks,
                indicators=indicators, decisions=decisions_needed(project, on),
                actions=tuple(ActionState(a, s) for a, s in zip(actions, ("overdue", "done", "done", "open", "dropped", "open"))))


def test_the_agenda_gathers_what_the_meeting_should_look_at() -> None:
    agenda = gather_agenda(**_agenda_inputs())
    assert agenda.meeting.day == date(2027, 3, 16)
    assert agenda.previous.day == date(2027, 3, 2)
    # 30 March is cancelled, so the meeting after is 13 April, and the agenda says 30 March is off.
    assert agenda.following.day == date(2027, 4, 13)
    assert [m.scheduled for m in agenda.cancelled] == [date(2027, 3, 30)]
    assert [s.task.id for s in agenda.tasks] == ["late", "done-since", "due-by-meeting"]
    assert [s.status for s in agenda.tasks] == ["late", "complete", "not started"]
    assert [g.risk.id for g in agenda.risks] == ["r15", "r12"]
    assert [n.decision.id for n in agenda.decisions] == ["d3", "d1"]  # by date needed
    assert [i.indicator.id for i in agenda.indicators] == ["close", "not-met"]
    assert [a.action.id for a in agenda.actions] == ["a1", "a2", "a6"]


def test_a_first_meeting_lists_only_tasks_still_to_finish() -> None:
    inputs = _agenda_inputs()
    inputs["on"] = date(2027, 3, 1)  # before the first meeting, on 2 March
    inputs["progress"] = calculate_progress(Plan((Phase("start-out", 1, "", "", (), (
        _task("done", date(2027, 2, 1), "complete"), _task("open", date(2027, 3, 2), "on track"),
        _task("later", date(2027, 3, 3), "on track"))),)), inputs["on"])
    agenda = gather_agenda(**inputs)
    assert agenda.previous is None
    assert [s.task.id for s in agenda.tasks] == ["open"]


def test_no_agenda_after_the_last_meeting() -> None:
    inputs = _agenda_inputs()
    inputs["on"] = date(2027, 5, 1)
    assert gather_agenda(**inputs) is None


def test_decisions_needed_come_soonest_first_with_the_meeting_that_can_take_them() -> None:
    needed = _agenda_inputs()["decisions"]
    assert [(n.decision.id, n.overdue) for n in needed] == [("d2", True), ("d3", True), ("d1", False)]
    assert needed[0].meeting.day == date(2027, 3, 15)  # the board meets on Mondays from Monday 1 March
    assert needed[1].group is None and needed[1].meeting is None
    assert needed[2].meeting.day == date(2027, 3, 16)


def test_new_action_ids_continue_the_highest_number() -> None:
    log = Meetings(actions=tuple(Action(i, "team", date(2027, 1, 5), "", PM, date(2027, 1, 5), "open")
                                 for i in ("a7", "a10", "a9")))
    assert next_action_ids(log, 2) == ("a11", "a12")
    assert next_action_ids(Meetings(), 2) == ("a1", "a2")
    named = Meetings(actions=(Action("call-gp", "team", date(2027, 1, 5), "", PM, date(2027, 1, 5), "open"),))
    assert next_action_ids(named, 2) == ()
