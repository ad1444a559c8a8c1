"""fls-docs rename: every reference follows, and nothing else in the files changes, comments included."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from fls_docs.diagnostics import Severity
from fls_docs.model.validate import check_project
from fls_docs.paths import SCHEMAS_DIR
from fls_docs.rename import KINDS, rename
from tests.conftest import copy_project, edit, run

MEETINGS = """\
# yaml-language-server: $schema=../schemas/meetings.schema.json
groups:
  - id: team
    name: Project team
    chair: pm  # chairs every meeting
    members: [lead, pm]
    time: "12:30"
    length_minutes: 60
    place: Room 1
    dates: [2026-02-02]
  - id: reference-group
    name: Reference group
    chair: lead
    members:
      - Local GPs
      - pm
    time: "14:00"
    length_minutes: 90
    place: Room 2
    dates: [2026-02-09]
actions:
  - id: a1
    group: team
    raised: 2026-02-02
    action: Book the room.
    owner: pm
    due: 2026-02-20
    status: open
"""

INDICATORS = """\
values_csv: counts.csv
indicators:
  - id: found  # patients identified
    name: Patients identified
    numerator: Patients identified
    denominator: Patients expected
    target: 0.8
  - id: found-late
    name: Patients identified late
    numerator: Patients identified after 12 weeks
    denominator: Patients identified
    target: 0.1
"""

COUNTS = 'indicator,month,numerator,denominator\r\nfound,2026-01,10,20\r\nfound-late,2026-01,1,10\r\n"found",2026-02,12,20\r\n'


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """The minimal project with references in every form: flow and block lists, comments, quotes, text."""
    root = copy_project(tmp_path, "minimal")
    content = root / "content"
    edit(content / "plan.yaml", "        lead: pm\n", "        lead: pm  # the project manager leads\n")
    edit(content / "plan.yaml", '        depends_on: ["1.1"]\n',
         '        depends_on: ["1.1"]\n        raci:\n          accountable: pm\n          responsible: [lead, pm]\n')
    edit(content / "brief.yaml", "background: Patients are missed after fractures.\n",
         "background: >-\n  Patients are missed after fractures. We agree the brief by [[task.1.2.due]],\n"
         "  and start once [[ task.1.2.title ]] is done, by [[task.1.2.month]]; [[task.1.1.due]] stays.\n")
    brief = content / "brief.yaml"
    brief.write_bytes(b"\xef\xbb\xbf" + brief.read_bytes().replace(b"\n", b"\r\n"))  # Windows line endings
    (content / "meetings.yaml").write_text(MEETINGS, encoding="utf-8")
    (content / "indicators.yaml").write_text(INDICATORS, encoding="utf-8")
    (content / "counts.csv").write_bytes(COUNTS.encode())
    return root


def _texts(root: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted((root / "content").iterdir())}


def _changed_lines(before: bytes, after: bytes) -> list[tuple[str, str]]:
    old, new = before.decode("utf-8-sig").splitlines(), after.decode("utf-8-sig").splitlines()
    assert len(old) == len(new), "a rename never adds or removes lines"
    return [(a, b) for a, b in zip(old, new) if a != b]


def test_a_member_rename_changes_each_reference_line_and_nothing_else(project: Path) -> None:
    before = _texts(project)
    result = rename(project, "member", "pm", "project-manager")
    assert result.ok and result.written, result.diagnostics
    after = _texts(project)
    assert _changed_lines(before["project.yaml"], after["project.yaml"]) == [
        ("  - id: pm", "  - id: project-manager"),
        ("  authors: [pm]", "  authors: [project-manager]"),
        ("      author: pm", "      author: project-manager"),
    ]
    assert _changed_lines(before["plan.yaml"], after["plan.yaml"]) == [
        ("        lead: pm  # the project manager leads", "        lead: project-manager  # the project manager leads"),
        ("          accountable: pm", "          accountable: project-manager"),
        ("          responsible: [lead, pm]", "          responsible: [lead, project-manager]"),
    ]
    assert _changed_lines(before["brief.yaml"], after["brief.yaml"]) == [
        ("    owner: pm", "    owner: project-manager"),
        ("  contact: pm", "  contact: project-manager"),
    ]
    assert _changed_lines(before["meetings.yaml"], after["meetings.yaml"]) == [
        ("    chair: pm  # chairs every meeting", "    chair: project-manager  # chairs every meeting"),
        ("    members: [lead, pm]", "    members: [lead, project-manager]"),
        ("      - pm", "      - project-manager"),
        ("    owner: pm", "    owner: project-manager"),
    ]
    # The Windows line endings and byte-order mark of brief.yaml survive; untouched files are byte for byte.
    assert after["brief.yaml"].startswith(b"\xef\xbb\xbf") and after["brief.yaml"].count(b"\r\n") == \
        before["brief.yaml"].count(b"\r\n")
    assert {name for name in before if before[name] != after[name]} == {"project.yaml", "plan.yaml", "brief.yaml",
                                                                        "meetings.yaml"}
    assert len(result.changes) == 12
    assert result.changes[0].describe() == "content/project.yaml:18:9: team[0].id: pm -> project-manager"
    assert check_project(project).ok


def test_a_task_rename_follows_dependencies_outcomes_and_references_in_text(project: Path) -> None:
    before = _texts(project)
    result = run("rename", "task", "1.2", "1.20", project)
    assert result.exit_code == 0, result.output
    after = _texts(project)
    assert _changed_lines(before["plan.yaml"], after["plan.yaml"]) == [
        ('      - id: "1.2"', '      - id: "1.20"'),
        ('        depends_on: ["1.2"]', '        depends_on: ["1.20"]'),
    ]
    assert _changed_lines(before["brief.yaml"], after["brief.yaml"]) == [
        ("  Patients are missed after fractures. We agree the brief by [[task.1.2.due]],",
         "  Patients are missed after fractures. We agree the brief by [[task.1.20.due]],"),
        ("  and start once [[ task.1.2.title ]] is done, by [[task.1.2.month]]; [[task.1.1.due]] stays.",
         "  and start once [[ task.1.20.title ]] is done, by [[task.1.20.month]]; [[task.1.1.due]] stays."),
    ]
    assert 'content/brief.yaml:2:62: background: [[task.1.2.due]], [[task.1.2.title]], [[task.1.2.month]] -> ' \
           '[[task.1.20.due]], [[task.1.20.title]], [[task.1.20.month]]' in result.output
    assert "Plan workbooks made before now still say the old id" in result.output
    assert check_project(project).ok


def test_an_indicator_rename_follows_its_rows_in_the_csv_file(project: Path) -> None:
    edit(project / "content" / "brief.yaml", "[[task.1.1.due]] stays.", "[[task.1.1.due]] stays; aim for [[indicator.found.target]].")
    before = _texts(project)
    result = rename(project, "indicator", "found", "identified")
    assert result.ok, result.diagnostics
    after = _texts(project)
    assert _changed_lines(before["indicators.yaml"], after["indicators.yaml"]) == [
        ("  - id: found  # patients identified", "  - id: identified  # patients identified")]
    assert after["counts.csv"] == (b'indicator,month,numerator,denominator\r\nidentified,2026-01,10,20\r\n'
                                   b'found-late,2026-01,1,10\r\n"identified",2026-02,12,20\r\n')
    assert [b for _, b in _changed_lines(before["brief.yaml"], after["brief.yaml"])] == [
        "  and start once [[ task.1.2.title ]] is done, by [[task.1.2.month]]; [[task.1.1.due]] stays; aim for "
        "[[indicator.identified.target]]."]
    assert [c.describe() for c in result.changes][-1] == "content/counts.csv:2:1: indicator: found -> identified (2 rows)"


def test_a_stakeholder_group_is_renamed_where_meetings_invite_it(project: Path) -> None:
    before = _texts(project)
    result = rename(project, "stakeholder", "Local GPs", "Wyvern Valley primary care networks")
    assert result.ok, result.diagnostics
    after = _texts(project)
    assert _changed_lines(before["project.yaml"], after["project.yaml"]) == [
        ("    name: Local GPs", "    name: Wyvern Valley primary care networks")]
    assert _changed_lines(before["meetings.yaml"], after["meetings.yaml"]) == [
        ("      - Local GPs", "      - Wyvern Valley primary care networks")]


def test_a_rename_is_refused_when_the_old_name_is_missing_or_the_new_one_taken(project: Path) -> None:
    before = _texts(project)
    missing = rename(project, "member", "pn", "x")
    assert [d.format() for d in missing.diagnostics] == [
        'content/project.yaml: there is no team member with the id "pn" (did you mean "pm"?)']
    by_name = rename(project, "member", "Pat Manager", "pat")
    assert [d.format() for d in by_name.diagnostics] == [
        'content/project.yaml: there is no team member with the id "Pat Manager" '
        '(did you mean "pm" (Pat Manager)? rename takes the id, not the name)']
    taken = rename(project, "member", "pm", "lead")
    assert [d.format() for d in taken.diagnostics] == [
        'content/project.yaml: there is already a team member with the id "lead" '
        '(choose another id, or rename that team member first)']
    bad = rename(project, "task", "1.2", "Task 2")
    assert bad.diagnostics[0].message.startswith('"Task 2" cannot be an id')
    assert _texts(project) == before


def test_a_dry_run_shows_the_diff_and_writes_nothing(project: Path) -> None:
    before = _texts(project)
    result = run("rename", "member", "lead", "clinical-lead", project, "--dry-run")
    assert result.exit_code == 0, result.output
    assert "-    chair: lead\n+    chair: clinical-lead\n" in result.output
    assert "(dry run: nothing written)" in result.output
    assert _texts(project) == before


def test_a_name_typed_where_a_member_id_belongs_gets_the_id_suggested(tmp_path: Path) -> None:
    root = copy_project(tmp_path, "minimal")
    edit(root / "content" / "project.yaml", "  - id: pm\n    name: Pat Manager\n",
         "  - id: pshah\n    name: Priya Shah\n    role: Project support\n    job_title: Service improvement manager\n"
         "  - id: pm\n    name: Pat Manager\n")
    edit(root / "content" / "plan.yaml", "        lead: pm\n", '        lead: "Priya Shah"\n')
    edit(root / "content" / "brief.yaml", "  contact: pm\n", "  contact: service improvement manager\n")
    problems = [d for d in check_project(root).diagnostics if d.severity is Severity.ERROR]
    assert [d.message for d in problems] == [
        '"service improvement manager" is not a team member id; did you mean "pshah" (Priya Shah, service '
        'improvement manager)?',
        '"Priya Shah" is not a team member id; did you mean "pshah" (Priya Shah)?',
    ]
    # Only the suggestion: not also the schema's "is not in the expected form" for the same value.
    assert [(d.file, d.line, d.column, d.hint) for d in problems] == [
        ("content/brief.yaml", 21, 12, "write the member's id from team in project.yaml, not their name"),
        ("content/plan.yaml", 10, 15, "write the member's id from team in project.yaml, not their name"),
    ]


# Free text that mentions the team or the reference group without naming anyone by id.
_NOT_REFERENCES = {("brief", ("get_involved", "meetings"))}
_NAMES_SOMEONE = re.compile(r"team member|member of the project team|project team members|ids? of (the )?tasks?|"
                            r"stakeholder reference group", re.IGNORECASE)


def _text_fields(schema: dict, root: dict, path: tuple = ()) -> Iterator[tuple[tuple, str]]:
    """(path, description) of every text field and list of text in a schema, following $ref."""
    if "$ref" in schema:
        schema = {**root["$defs"][schema["$ref"].rsplit("/", 1)[1]], **{k: v for k, v in schema.items() if k != "$ref"}}
    if schema.get("type") == "array" and isinstance(schema.get("items"), dict):
        for where, description in _text_fields(schema["items"], root, path + ("[]",)):
            # A list of text is described on the list; a list of blocks on each of the blocks' fields.
            yield where, (schema.get("description", "") if len(where) == len(path) + 1 else "") + " " + description
    elif schema.get("type") == "string":
        yield path, schema.get("description", "")
    for key, sub in schema.get("properties", {}).items():
        yield from _text_fields(sub, root, path + (key,))


def test_every_field_a_schema_says_names_a_member_task_or_stakeholder_is_renamed() -> None:
    registered = {(file, pattern) for kind in KINDS.values() for file, pattern in (kind.defined, *kind.named)}
    named = set()
    for schema_file in sorted(SCHEMAS_DIR.glob("*.schema.json")):
        root = json.loads(schema_file.read_text(encoding="utf-8"))
        file = schema_file.name.split(".")[0]
        named |= {(file, path) for path, description in _text_fields(root, root) if _NAMES_SOMEONE.search(description)}
    assert ("plan", ("phases", "[]", "tasks", "[]", "lead")) in named  # the walk finds what it should
    assert named - _NOT_REFERENCES <= registered, "add these fields to KINDS in fls_docs/rename.py"
