"""Checks on meetings.yaml that its schema cannot make, and on the decisions in plan.yaml that name a meeting group.

Chairs and members are people or groups that project.yaml lists; each group
meets somewhere, on dates its repeat really gives; a change names a meeting
the schedule has; an action names its group, a team member as its owner and
the date of a meeting that group held.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

from fls_docs.diagnostics import Diagnostic, Severity
from fls_docs.model.load import Document
from fls_docs.model.project import Repeat

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_CHANGES = ("moved_to", "time", "place")  # what a change can change, besides cancelling


def meetings_consistent(docs: dict[str, Document]) -> Iterator[Diagnostic]:
    """Groups are chaired and attended by people the project knows and meet on real dates; actions and decisions name them."""
    from fls_docs.model import rules as shared  # here, not above: rules.py imports this module

    doc = docs.get("meetings")
    groups = shared._items(shared._get(doc.data if doc else None, "groups"))
    group_ids = [str(g["id"]) for _, g in groups if isinstance(g.get("id"), str)]
    if doc:
        for path, gid, first in shared._repeats((("groups", i, "id"), g.get("id")) for i, g in groups):
            yield doc.diagnostic(path, f'the group id "{gid}" is already used on line {doc.mark(first).line}',
                                 "give each group a different id")
        for i, group in groups:
            yield from _attendance(doc, docs, i, group)
            yield from _schedule(doc, ("groups", i), group)
        days = {str(g.get("id")): _meeting_days(g) for _, g in groups}
        for i, action in shared._items(shared._get(doc.data, "actions")):
            yield from _action(doc, docs, ("actions", i), action, days, group_ids)
    plan = docs.get("plan")
    for i, decision in shared._items(shared._get(plan.data if plan else None, "decisions")):
        group = decision.get("to_be_made_by")
        where = ("decisions", i, "to_be_made_by")
        if not isinstance(group, str) or group in group_ids:
            continue
        if not group_ids:
            yield plan.diagnostic(where, f'names the meeting group "{group}", but meetings.yaml lists no groups',  # type: ignore[union-attr]
                                  "add the group to meetings.yaml, or remove to_be_made_by", severity=Severity.WARNING)
        else:
            yield plan.diagnostic(where, f'there is no meeting group with the id "{group}" in meetings.yaml',  # type: ignore[union-attr]
                                  shared._suggest(group, group_ids) or "use the id of a group: " + ", ".join(group_ids))


def _attendance(doc: Document, docs: dict[str, Document], i: int, group: dict[str, Any]) -> Iterator[Diagnostic]:
    """The chair and each member are a team member's id or a stakeholder group's name."""
    from fls_docs.model import rules as shared

    people = shared.team_ids(docs)
    project = docs.get("project")
    names = [str(s["name"]) for _, s in shared._items(shared._get(project.data if project else None,
                                                                  "stakeholder_reference_group"))
             if isinstance(s.get("name"), str)]
    if not people:
        return  # project.yaml's own problems are reported there
    who = [(("groups", i, "chair"), group.get("chair"), "the chair")]
    who += [(("groups", i, "members", j), m, "a member") for j, m in enumerate(shared._list(group.get("members")))]
    for path, ref, role in who:
        if isinstance(ref, str) and ref not in people and ref not in names:
            hint = shared._suggest(ref, people + names) or ("use the id of a member of the project team, or the name of a "
                                                             "group in the stakeholder reference group, as project.yaml gives them")
            yield doc.diagnostic(path, f'"{ref}" is neither a member of the project team nor a group in the stakeholder '
                                       f"reference group, so cannot be {role}", hint)


def _schedule(doc: Document, path: tuple, group: dict[str, Any]) -> Iterator[Diagnostic]:
    """The group has dates and a place to meet, a repeat that makes sense, and changes only to meetings it has."""
    from fls_docs.model import rules as shared

    name = group.get("id")
    if group.get("repeat") is None and group.get("dates") is None:
        yield doc.diagnostic(path, f'the group "{name}" has no meeting dates',
                             "add repeat: (how the meetings repeat) or dates: (a list of dates)")
    if "place" not in group and "online" not in group:
        yield doc.diagnostic(path, f'the group "{name}" has no place to meet',
                             "add place: (a room) or online: (a link to join), or both")
    yield from _time(doc, path + ("time",), group.get("time"))
    repeat = group.get("repeat")
    if isinstance(repeat, dict):
        yield from _repeat_problems(doc, path + ("repeat",), repeat)
    days = _scheduled_days(group)
    if days is not None and (isinstance(repeat, dict) or group.get("dates")) and not days:
        yield doc.diagnostic(path, f'the group "{name}" gets no meetings from its repeat and dates',
                             "check the repeat's from and until dates", severity=Severity.WARNING)
    seen: dict[date, int] = {}
    for i, change in shared._items(group.get("changes")):
        at, day = path + ("changes", i), shared._date(change.get("date"))
        yield from _time(doc, at + ("time",), change.get("time"))
        if day and days and day not in days:  # days is None, or empty, when the schedule itself has a problem
            yield doc.diagnostic(at + ("date",), f"there is no meeting on {day} to change",
                                 f"give the date the schedule gives the meeting, such as {_nearest(day, days)}")
        if day in seen:
            yield doc.diagnostic(at + ("date",), f"the meeting on {day} is already changed on line {seen[day]}",
                                 "put both changes in one entry")
        elif day:
            seen[day] = doc.mark(at + ("date",)).line
        changes = any(k in change for k in _CHANGES)
        if change.get("cancelled") is True and changes:
            yield doc.diagnostic(at, "a cancelled meeting cannot also move", "remove cancelled:, or the new date, time and place")
        elif change.get("cancelled") is not True and not changes:
            yield doc.diagnostic(at, f"the change to the meeting on {change.get('date')} changes nothing",
                                 "add cancelled: true, or moved_to:, time: or place:", severity=Severity.WARNING)


def _repeat_problems(doc: Document, where: tuple, repeat: dict[str, Any]) -> Iterator[Diagnostic]:
    from fls_docs.model import rules as shared

    start, until = shared._date(repeat.get("from")), shared._date(repeat.get("until"))
    if start and until and until < start:
        yield doc.diagnostic(where + ("until",), f"the repeat ends ({until}) before it starts ({start})", "put until: after from:")
    week, day, unit = repeat.get("week_of_month"), repeat.get("weekday"), repeat.get("unit")
    if unit == "weeks" and week is not None:
        yield doc.diagnostic(where + ("week_of_month",), "week_of_month is for monthly meetings", "remove it, or make unit: months")
    elif unit == "months" and week is not None and day is None:
        yield doc.diagnostic(where + ("week_of_month",), "week_of_month needs a weekday to count",
                             "add weekday:, for example weekday: tuesday with week_of_month: 1 for the first Tuesday")
    elif unit == "months" and day is not None and week is None:
        yield doc.diagnostic(where + ("weekday",), "a monthly repeat on a weekday needs to say which one in the month",
                             "add week_of_month: 1 for the first, 2 for the second, and so on, or -1 for the last")


def _time(doc: Document, path: tuple, value: Any) -> Iterator[Diagnostic]:
    """A time written without quotes, which YAML reads as a number of minutes (12:30 as 750)."""
    if isinstance(value, int) and not isinstance(value, bool):
        written = f'time: "{value // 60:02d}:{value % 60:02d}"' if 0 <= value < 24 * 60 else 'the time in quotes, such as "12:30"'
        yield doc.diagnostic(path, f"the time reads as the number {value}, because it is not in quotes", f"write {written}")


def _action(doc: Document, docs: dict[str, Document], at: tuple, action: dict[str, Any],
            days: dict[str, set[date] | None], group_ids: list[str]) -> Iterator[Diagnostic]:
    """An action names a group and a team member, was raised at one of the group's meetings, and is closed with a date."""
    from fls_docs.model import rules as shared

    people = shared.team_ids(docs)
    if people:
        yield from shared._member_ref(doc, at + ("owner",), action.get("owner"), people, "an action's owner")
    gid = action.get("group")
    if isinstance(gid, str) and gid not in group_ids:
        yield doc.diagnostic(at + ("group",), f'there is no group with the id "{gid}"',
                             shared._suggest(gid, group_ids) or "use the id of a group under groups: " + ", ".join(group_ids))
    raised, due = shared._date(action.get("raised")), shared._date(action.get("due"))
    held = days.get(gid) if isinstance(gid, str) else None
    if raised and held and raised not in held:
        yield doc.diagnostic(at + ("raised",), f'the group "{gid}" has no meeting on {raised}',
                             f"give the date of the meeting that raised it, such as {_nearest(raised, held)}",
                             severity=Severity.WARNING)
    if raised and due and due < raised:
        yield doc.diagnostic(at + ("due",), f"the action is due ({due}) before it was raised ({raised})", "check both dates")
    if action.get("status") in ("done", "dropped") and "done" not in action:
        yield doc.diagnostic(at + ("status",), f"the action is {action.get('status')} but has no done date",
                             "add done: YYYY-MM-DD", severity=Severity.WARNING)


# ---------------------------------------------------------------- dates from raw data

def _repeat(raw: Any) -> Repeat | None:
    """The model's Repeat for a repeat block whose values can be used together, or None (its problems are reported)."""
    from fls_docs.model import rules as shared

    if not isinstance(raw, dict):
        return None
    start, until = shared._date(raw.get("from")), shared._date(raw.get("until"))
    every, unit, day, week = (raw.get(k) for k in ("every", "unit", "weekday", "week_of_month"))
    usable = (start and until and start <= until and isinstance(every, int) and not isinstance(every, bool) and every >= 1
              and unit in ("weeks", "months") and (day is None or day in WEEKDAYS) and week in (None, 1, 2, 3, 4, -1))
    # A week of the month goes with a weekday, and both or neither in a monthly repeat.
    if not usable or (unit == "weeks" and week is not None) or (unit == "months" and (day is None) != (week is None)):
        return None
    return Repeat(every, unit, start, until, WEEKDAYS.index(day) if day else None, week)  # type: ignore[arg-type]


def _scheduled_days(group: dict[str, Any]) -> set[date] | None:
    """The dates the group's repeat and one-off dates give, before any change; None if the repeat cannot be used."""
    from fls_docs.calc.meetings import repeat_dates
    from fls_docs.model import rules as shared

    given = group.get("repeat")
    repeat = _repeat(given)
    if given is not None and repeat is None:
        return None  # the repeat's own problem is reported; comparing dates with it would only add noise
    days = set(repeat_dates(repeat)) if repeat else set()
    return days | {d for d in map(shared._date, shared._list(group.get("dates"))) if d}


def _meeting_days(group: dict[str, Any]) -> set[date] | None:
    """Every date the group meets or met, moves included; None if the repeat cannot be used."""
    from fls_docs.model import rules as shared

    days = _scheduled_days(group)
    if days is None:
        return None
    moved = (shared._date(c.get("moved_to")) for _, c in shared._items(group.get("changes")))
    return days | {d for d in moved if d}


def _nearest(day: date, days: set[date]) -> date:
    return min(days, key=lambda d: (abs((d - day).days), d))
