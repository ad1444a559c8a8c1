"""Checks on meetings.yaml, and on decisions that name a meeting group, each located at file:line:col."""

from __future__ import annotations

from datetime import date, time
from pathlib import Path

from fls_docs.diagnostics import Severity
from fls_docs.model.validate import check_project, load_project
from tests.conftest import copy_project

# Columns are counted from 1, as editors count them; each value's column is worked out in the comment beside it.
BAD = """\
groups:
  - id: team
    name: Project team
    chair: pn
    members: [lead, Local GP]
    time: 12:30
    length_minutes: 60
    place: Room 2
    repeat: {every: 2, unit: weeks, weekday: tuesday, from: 2026-01-06, until: 2026-06-30}
    changes:
      - {date: 2026-01-07, cancelled: true}
actions:
  - {id: a1, group: tema, raised: 2026-01-06, action: Call, owner: nobody, due: 2026-01-20, status: done}
"""
# line 4 "    chair: pn": the value starts at column 12.
# line 5 "    members: [lead, Local GP]": "Local GP" starts at column 21.
# line 6 "    time: 12:30": column 11; YAML reads 12:30 as 12 × 60 + 30 = 750.
# line 11 "      - {date: 2026-01-07, ...": the date starts at column 16; Tuesdays from 6 January are 6 and 20 January.
# line 13 "  - {id: a1, group: tema, ...": tema at column 21, nobody at 68, done at 101.


def _meetings(tmp_path: Path, text: str) -> Path:
    root = copy_project(tmp_path, "minimal")
    (root / "content" / "meetings.yaml").write_text(text, encoding="utf-8")
    return root


def _found(root: Path, file: str) -> list[tuple[str, str]]:
    """Problems in ``file``, leaving out the layout version's warning, which fls-docs migrate answers (tested there)."""
    return [(d.severity.value, d.format()) for d in check_project(root).diagnostics
            if d.file == file and "schema_version" not in d.message]


def test_a_bad_chair_member_time_change_and_action_are_each_located(tmp_path: Path) -> None:
    found = _found(_meetings(tmp_path, BAD), "content/meetings.yaml")
    people = "is neither a member of the project team nor a group in the stakeholder reference group"
    assert found == [
        ("error", f'content/meetings.yaml:4:12: groups[0].chair: "pn" {people}, so cannot be the chair (did you mean "pm"?)'),
        ("error", f'content/meetings.yaml:5:21: groups[0].members[1]: "Local GP" {people}, so cannot be a member '
                  '(did you mean "Local GPs"?)'),
        ("error", 'content/meetings.yaml:6:11: groups[0].time: the time reads as the number 750, because it is not in '
                  'quotes (write time: "12:30")'),
        ("error", "content/meetings.yaml:11:16: groups[0].changes[0].date: there is no meeting on 2026-01-07 to change "
                  "(give the date the schedule gives the meeting, such as 2026-01-06)"),
        ("error", 'content/meetings.yaml:13:21: actions[0].group: there is no group with the id "tema" (did you mean "team"?)'),
        ("error", 'content/meetings.yaml:13:68: actions[0].owner: "nobody" is not a member of the project team, so '
                  "cannot be an action's owner (use the id of someone listed under team in project.yaml: pm, lead)"),
        ("warning", "content/meetings.yaml:13:101: warning: actions[0].status: the action is done but has no done date "
                    "(add done: YYYY-MM-DD)"),
    ]


def test_a_group_needs_dates_and_a_place_and_a_monthly_weekday_needs_its_week(tmp_path: Path) -> None:
    root = _meetings(tmp_path, """\
groups:
  - {id: a, name: A, chair: pm, time: "09:00", length_minutes: 30}
  - id: b
    name: B
    chair: lead
    time: "09:00"
    length_minutes: 30
    online: https://meet.example/b
    repeat: {every: 1, unit: months, weekday: monday, from: 2026-01-01, until: 2026-12-31}
""")
    found = [text for _, text in _found(root, "content/meetings.yaml")]
    assert found == [
        'content/meetings.yaml:2:5: groups[0]: the group "a" has no meeting dates (add repeat: (how the meetings repeat) '
        "or dates: (a list of dates))",
        'content/meetings.yaml:2:5: groups[0]: the group "a" has no place to meet (add place: (a room) or online: '
        "(a link to join), or both)",
        "content/meetings.yaml:9:47: groups[1].repeat.weekday: a monthly repeat on a weekday needs to say which one in "
        "the month (add week_of_month: 1 for the first, 2 for the second, and so on, or -1 for the last)",
    ]


def test_a_decision_for_a_group_that_does_not_meet_and_a_needed_decision_without_a_date(tmp_path: Path) -> None:
    root = _meetings(tmp_path, "groups:\n  - {id: team, name: Team, chair: pm, time: \"09:00\", length_minutes: 30, "
                               "place: Room 1, dates: [2026-02-02]}\n")
    plan = root / "content" / "plan.yaml"
    last = len(plan.read_text(encoding="utf-8").splitlines())
    plan.write_text(plan.read_text(encoding="utf-8") + "decisions:\n"
                    "  - {id: d1, status: needed, decision: Where?, needed_by: 2026-03-01, to_be_made_by: tame}\n"
                    "  - {id: d2, status: needed, decision: Who?}\n", encoding="utf-8")
    found = [text for _, text in _found(root, "content/plan.yaml")]
    # d1 is on the line after "decisions:"; to_be_made_by's value "tame" starts at column 86.
    assert found == [
        f'content/plan.yaml:{last + 2}:86: decisions[0].to_be_made_by: there is no meeting group with the id "tame" '
        'in meetings.yaml (did you mean "team"?)',
        f"content/plan.yaml:{last + 3}:5: decisions[1]: the required field \"needed_by\" is missing (add needed_by: the "
        "date the decision is needed by (YYYY-MM-DD))",
    ]


def test_without_meetings_yaml_the_project_builds_with_a_placeholder_and_a_warning(tmp_path: Path) -> None:
    root = copy_project(tmp_path, "minimal")
    project, warnings = load_project(root)
    assert project.meetings.groups == () and str(project.meetings.placeholder) == "[Meetings: who meets, when and where]"
    missing = [w for w in warnings if w.file == "content/meetings.yaml"]
    assert [w.severity for w in missing] == [Severity.WARNING]
    assert "the file is missing" in missing[0].message


def test_a_valid_file_becomes_groups_with_attendees_and_an_action_log(tmp_path: Path) -> None:
    root = _meetings(tmp_path, """\
groups:
  - id: team
    name: Team
    chair: lead
    members: [pm, Local GPs, pm]
    time: "14:30"
    length_minutes: 45
    place: Room 1
    dates: [2026-02-02]
actions:
  - {id: a1, group: team, raised: 2026-02-02, action: Call, owner: pm, due: 2026-02-09, status: open}
""")
    project, _ = load_project(root)
    assert _found(root, "content/meetings.yaml") == []
    team = project.meetings.group("team")
    assert [a.name for a in team.attendees] == ["Dr Lee Lead", "Pat Manager", "Local GPs"]
    assert (team.start_time, team.length_minutes, team.dates) == (time(14, 30), 45, (date(2026, 2, 2),))
    assert project.meetings.actions[0].owner.name == "Pat Manager"
