"""fls-docs import-plan: edits made in the plan workbook come back into plan.yaml, safely."""

import shutil
from datetime import date
from pathlib import Path

import openpyxl
import pytest
import yaml

from fls_docs import plan_import
from fls_docs.plan_import import import_plan
from tests.conftest import edit, run

PLAN_XLSX = Path("build/docs/improvement-project-plan.xlsx")


@pytest.fixture()
def built(built_example: Path, tmp_path: Path) -> Path:
    """A copy of the built example: its content and its plan workbook."""
    root = tmp_path / "project"
    shutil.copytree(built_example / "content", root / "content")
    shutil.copy(built_example / "mkdocs.yml", root / "mkdocs.yml")
    (root / PLAN_XLSX).parent.mkdir(parents=True)
    shutil.copy(built_example / PLAN_XLSX, root / PLAN_XLSX)
    return root


def _copy_workbook(built: Path, tmp_path: Path, name: str) -> Path:
    workbook = tmp_path / name
    workbook.write_bytes((built / PLAN_XLSX).read_bytes())
    return workbook


def _edit_cells(path: Path, task_id: str, values: dict[str, object]) -> str:
    """Change the Plan sheet's cells for one task, by column title (None empties a cell); returns the row number."""
    book = openpyxl.load_workbook(path)
    sheet = book["Plan"]
    columns = {c.value: c.column for c in sheet[1]}
    row = next(r[0].row for r in sheet.iter_rows(min_row=2) if r[0].value == task_id)
    for title, value in values.items():
        sheet.cell(row=row, column=columns[title]).value = value
    book.save(path)
    return str(row)


def _task(root: Path, task_id: str) -> dict:
    data = yaml.safe_load((root / "content" / "plan.yaml").read_text(encoding="utf-8"))
    return next(t for ph in data["phases"] for t in ph["tasks"] if str(t["id"]) == task_id)


def test_edits_come_back_as_text_with_comments_kept_and_a_rebuild_shows_them(built: Path, tmp_path: Path) -> None:
    workbook = tmp_path / "edited.xlsx"
    workbook.write_bytes((built / PLAN_XLSX).read_bytes())
    _edit_cells(workbook, "4.3", {"Status": "At risk", "Due": date(2027, 3, 26),
                                  "Notes": "=IMPORTXML(\"http://example.com\") waiting on finance"})
    _edit_cells(workbook, "4.4", {"% complete": 45})
    before = (built / "content" / "plan.yaml").read_text(encoding="utf-8")

    result = run("import-plan", workbook, built)
    assert result.exit_code == 0, result.output
    assert "4 change(s)" in result.output

    text = (built / "content" / "plan.yaml").read_text(encoding="utf-8")
    task = _task(built, "4.3")
    assert task["status"] == "at risk"
    assert str(task["due"]) == "2027-03-26"
    assert task["notes"] == '=IMPORTXML("http://example.com") waiting on finance'
    assert _task(built, "4.4")["percent_complete"] == 45
    # Comments and untouched lines are exactly as they were.
    comments = [line for line in before.splitlines() if line.lstrip().startswith("#")]
    assert comments and all(line in text.splitlines() for line in comments)
    changed = [(a, b) for a, b in zip(before.splitlines(), text.splitlines()) if a != b]
    assert len(text.splitlines()) == len(before.splitlines()) + 1  # the new notes line
    assert all("4.3" not in a for a, _ in changed)

    assert run("build", "--quiet", built).exit_code == 0
    sheet = openpyxl.load_workbook(built / PLAN_XLSX)["Plan"]
    row = next(r for r in sheet.iter_rows(min_row=2) if r[0].value == "4.3")
    values = {sheet.cell(row=1, column=c.column).value: c for c in row}
    assert values["Status"].value == "At risk"
    assert values["Due"].value.date() == date(2027, 3, 26)
    assert values["Notes"].value.startswith("=IMPORTXML") and values["Notes"].data_type == "s"


def test_an_invalid_date_names_the_cell_and_changes_nothing(built: Path, tmp_path: Path) -> None:
    workbook = tmp_path / "bad.xlsx"
    workbook.write_bytes((built / PLAN_XLSX).read_bytes())
    row = _edit_cells(workbook, "4.3", {"Due": "31/02/2027", "Status": "At risk"})
    plan = built / "content" / "plan.yaml"
    before = plan.read_bytes()
    result = run("import-plan", workbook, built)
    assert result.exit_code == 1
    assert f'bad.xlsx: Plan!G{row}: "31/02/2027" is not a date' in result.output
    assert "content/plan.yaml is unchanged" in result.output
    assert plan.read_bytes() == before


def test_a_change_that_breaks_a_rule_points_at_the_cell(built: Path, tmp_path: Path) -> None:
    workbook = tmp_path / "early.xlsx"
    workbook.write_bytes((built / PLAN_XLSX).read_bytes())
    row = _edit_cells(workbook, "4.3", {"Due": date(2027, 1, 1)})
    before = (built / "content" / "plan.yaml").read_bytes()
    result = run("import-plan", workbook, built)
    assert result.exit_code == 1
    assert f"early.xlsx: Plan!G{row}: the due date 2027-01-01 is before the start date 2027-02-15" in result.output
    assert (built / "content" / "plan.yaml").read_bytes() == before


def test_dry_run_prints_a_diff_and_writes_nothing(built: Path, tmp_path: Path) -> None:
    workbook = tmp_path / "dry.xlsx"
    workbook.write_bytes((built / PLAN_XLSX).read_bytes())
    _edit_cells(workbook, "4.4", {"% complete": 60})
    before = (built / "content" / "plan.yaml").read_bytes()
    result = run("import-plan", "--dry-run", workbook, built)
    assert result.exit_code == 0
    assert "-        percent_complete: 30\n+        percent_complete: 60" in result.output
    assert (built / "content" / "plan.yaml").read_bytes() == before


def test_an_untouched_workbook_changes_nothing_even_when_a_task_shows_late(built: Path) -> None:
    before = (built / "content" / "plan.yaml").read_bytes()
    result = run("import-plan", built / PLAN_XLSX, built)
    assert result.exit_code == 0 and "No changes" in result.output
    assert (built / "content" / "plan.yaml").read_bytes() == before


def test_a_workbook_from_older_content_is_matched_by_task_id(built: Path, tmp_path: Path) -> None:
    workbook = tmp_path / "old.xlsx"
    workbook.write_bytes((built / PLAN_XLSX).read_bytes())
    _edit_cells(workbook, "4.4", {"% complete": 70})
    _edit_cells(workbook, "5.1", {"Notes": "Pilot site agreed"})
    # Since the workbook was made: task 5.1 was removed from the plan, 4.4 was renamed, and 4.3's notes changed.
    plan = built / "content" / "plan.yaml"
    text = plan.read_text(encoding="utf-8")
    start = text.index('      - id: "5.1"')
    end = text.index("      - id:", start + 10)
    text = text[:start] + text[end:]
    text = text.replace('"5.1"', '"4.6"')  # anything that depended on 5.1 now depends on an existing task
    text = text.replace("title: Find out who will pay, how they decide and by when", "title: Find out who pays and when they decide")
    plan.write_text(text, encoding="utf-8")

    result = run("import-plan", workbook, built)
    assert result.exit_code == 0, result.output
    assert "task 5.1 is no longer in plan.yaml, so this change was not applied" in result.output
    task = _task(built, "4.4")
    assert task["percent_complete"] == 70 and task["title"] == "Find out who pays and when they decide"


def test_a_file_that_is_not_a_plan_workbook_is_refused(built: Path, tmp_path: Path) -> None:
    other = tmp_path / "other.xlsx"
    openpyxl.Workbook().save(other)
    result = run("import-plan", other, built)
    assert result.exit_code == 1
    assert "is not a plan workbook made by fls-docs" in result.output


def test_status_is_checked_against_the_allowed_words(built: Path, tmp_path: Path) -> None:
    workbook = tmp_path / "status.xlsx"
    workbook.write_bytes((built / PLAN_XLSX).read_bytes())
    row = _edit_cells(workbook, "4.3", {"Status": "Done", "% complete": 150})
    result = run("import-plan", workbook, built)
    assert result.exit_code == 1
    assert f'Plan!I{row}: "Done" is not a status (choose one of: Not started, On track, At risk, Late, Complete)' in result.output
    assert f'Plan!H{row}: "150" is not a whole number from 0 to 100' in result.output


def test_a_cell_changed_in_both_places_is_a_conflict_and_nothing_is_written(built: Path, tmp_path: Path) -> None:
    workbook = _copy_workbook(built, tmp_path, "conflict.xlsx")
    row = _edit_cells(workbook, "4.4", {"% complete": 60})
    _edit_cells(workbook, "4.3", {"Status": "At risk"})  # a clean change: held back too, all or nothing
    plan = built / "content" / "plan.yaml"
    edit(plan, "        percent_complete: 30\n", "        percent_complete: 35\n")
    before = plan.read_bytes()

    result = run("import-plan", workbook, built)
    assert result.exit_code == 1
    assert (f"conflict.xlsx: Plan!H{row}: task 4.4 % complete was changed both in the workbook (to 60) and in "
            "content/plan.yaml (to 35) since the workbook was made (it was 30) (choose which to keep with "
            "--prefer workbook or --prefer yaml, or make the two agree and import again)") in result.output
    assert "1 error(s)" in result.output and "content/plan.yaml is unchanged" in result.output
    assert plan.read_bytes() == before


def test_a_conflict_is_settled_only_when_the_caller_says_which_side_wins(built: Path, tmp_path: Path) -> None:
    workbook = _copy_workbook(built, tmp_path, "conflict.xlsx")
    _edit_cells(workbook, "4.4", {"% complete": 60})
    _edit_cells(workbook, "4.3", {"Status": "At risk"})
    plan = built / "content" / "plan.yaml"
    edit(plan, "        percent_complete: 30\n", "        percent_complete: 35\n")

    kept = import_plan(built, workbook, prefer="yaml")
    assert kept.ok and len(kept.conflicts) == 1 and [e.task_id for e in kept.edits] == ["4.3"]
    assert any("kept the value in plan.yaml (--prefer yaml)" in note for note in kept.skipped)
    assert _task(built, "4.4")["percent_complete"] == 35 and _task(built, "4.3")["status"] == "at risk"

    taken = import_plan(built, workbook, prefer="workbook")
    assert taken.ok and [(e.task_id, e.value) for e in taken.edits] == [("4.4", 60)]
    assert _task(built, "4.4")["percent_complete"] == 60


def test_a_change_made_in_yaml_after_the_export_is_kept(built: Path, tmp_path: Path) -> None:
    workbook = _copy_workbook(built, tmp_path, "later.xlsx")
    _edit_cells(workbook, "4.4", {"% complete": 45})
    _edit_cells(workbook, "4.3", {"Status": "At risk"})
    plan = built / "content" / "plan.yaml"
    # Since the workbook was made: 4.4's due date moved, and 4.3 was set at risk in plan.yaml too (no conflict).
    edit(plan, "        due: 2027-02-26\n", "        due: 2027-03-05\n")
    edit(plan, "        due: 2027-03-19\n        status: not started\n", "        due: 2027-03-19\n        status: at risk\n")

    result = run("import-plan", workbook, built)
    assert result.exit_code == 0, result.output
    assert "Updated content/plan.yaml with 1 change(s)" in result.output
    task = _task(built, "4.4")
    assert task["percent_complete"] == 45 and task["due"] == date(2027, 3, 5)
    assert _task(built, "4.3")["status"] == "at risk"


def test_clearing_the_last_tasks_percent_complete_keeps_the_next_sections_comment(built: Path, tmp_path: Path) -> None:
    workbook = _copy_workbook(built, tmp_path, "cleared.xlsx")
    _edit_cells(workbook, "m.3", {"% complete": None})
    plan = built / "content" / "plan.yaml"
    before = plan.read_text(encoding="utf-8")
    tail = "        status: on track\n        percent_complete: 25\n\n# Issues: problems that have happened"
    assert before.count(tail) == 1

    result = run("import-plan", workbook, built)
    assert result.exit_code == 0, result.output
    assert plan.read_text(encoding="utf-8") == before.replace(tail, "        status: on track\n\n# Issues: problems that have happened")
    assert "percent_complete" not in _task(built, "m.3")


def test_crlf_line_endings_and_a_byte_order_mark_are_kept_byte_for_byte(built: Path, tmp_path: Path) -> None:
    workbook = _copy_workbook(built, tmp_path, "windows.xlsx")
    _edit_cells(workbook, "4.4", {"% complete": 60, "Notes": "Waiting on the ICB"})
    plan = built / "content" / "plan.yaml"
    text = plan.read_text(encoding="utf-8")

    def windows(lf: str) -> bytes:
        return b"\xef\xbb\xbf" + lf.replace("\n", "\r\n").encode("utf-8")

    plan.write_bytes(windows(text))
    result = run("import-plan", workbook, built)
    assert result.exit_code == 0, result.output
    expected = text.replace("        percent_complete: 30\n", "        percent_complete: 60\n").replace(
        '          informed: [pm, clinical-lead]\n      - id: "4.5"',
        '          informed: [pm, clinical-lead]\n        notes: Waiting on the ICB\n      - id: "4.5"')
    assert plan.read_bytes() == windows(expected)


def test_the_same_workbook_twice_makes_no_changes_the_second_time(built: Path, tmp_path: Path) -> None:
    workbook = _copy_workbook(built, tmp_path, "twice.xlsx")
    _edit_cells(workbook, "4.4", {"% complete": 45, "Notes": "Met the ICB"})
    plan = built / "content" / "plan.yaml"
    first = run("import-plan", workbook, built)
    assert first.exit_code == 0 and "Updated content/plan.yaml with 2 change(s)" in first.output
    after_first = plan.read_bytes()

    again = run("import-plan", workbook, built)
    assert again.exit_code == 0, again.output
    assert "No changes" in again.output and "Updated" not in again.output
    assert plan.read_bytes() == after_first
    result = import_plan(built, workbook)
    assert result.edits == [] and not result.written


def test_a_workbook_made_for_another_project_is_refused_unless_forced(built: Path, tmp_path: Path) -> None:
    workbook = _copy_workbook(built, tmp_path, "other.xlsx")
    _edit_cells(workbook, "4.4", {"% complete": 45})
    edit(built / "content" / "project.yaml", "name: Wyvern Valley Fracture Liaison Service",
         "name: Ashby Fracture Liaison Service")
    plan = built / "content" / "plan.yaml"
    before = plan.read_bytes()

    result = run("import-plan", workbook, built)
    assert result.exit_code == 1
    assert ('other.xlsx: was made for the project "Wyvern Valley Fracture Liaison Service", not '
            '"Ashby Fracture Liaison Service" in content/project.yaml (check you gave the right workbook and '
            "project folder; if the project was renamed since the workbook was made, add --force)") in result.output
    assert plan.read_bytes() == before

    forced = import_plan(built, workbook, force=True)
    assert forced.ok and forced.written and _task(built, "4.4")["percent_complete"] == 45


def test_a_workbook_that_does_not_say_which_project_it_is_for_is_refused(built: Path, tmp_path: Path) -> None:
    workbook = _copy_workbook(built, tmp_path, "old.xlsx")
    book = openpyxl.load_workbook(workbook)
    del book["Generated for"]
    book.save(workbook)
    result = run("import-plan", workbook, built)
    assert result.exit_code == 1
    assert "old.xlsx: does not say which project it was made for" in result.output
    assert "add --force if you are sure it is for \"Wyvern Valley Fracture Liaison Service\"" in result.output


def test_a_workbook_too_big_is_refused_before_it_is_opened(built: Path, tmp_path: Path,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    def never(*args: object, **kwargs: object) -> None:
        raise AssertionError("the workbook was opened")

    monkeypatch.setattr(plan_import, "load_workbook", never)
    big = tmp_path / "big.xlsx"
    with big.open("wb") as handle:
        handle.truncate(10 * 1024 * 1024 + 1)
    result = run("import-plan", big, built)
    assert result.exit_code == 1
    assert ("big.xlsx: is 10.1 MB, over the 10 MB limit for a plan workbook (check it is the plan workbook "
            "from fls-docs build, and remove any pictures or data pasted into it)") in result.output

    long = tmp_path / "long.xlsx"
    book = openpyxl.Workbook()
    book.active.title = "Plan"
    for n in range(25):
        book.active.append([f"{n}", "row"])
    book.save(long)
    monkeypatch.setattr(plan_import, "MAX_SHEET_ROWS", 20)
    result = run("import-plan", long, built)
    assert result.exit_code == 1
    assert 'long.xlsx: the sheet "Plan" has more than 20 rows (a plan workbook has one row per task' in result.output

    text = tmp_path / "notes.xlsx"
    text.write_text("not a workbook", encoding="utf-8")
    result = run("import-plan", text, built)
    assert result.exit_code == 1
    assert "notes.xlsx: cannot be opened as an Excel workbook (it is not an .xlsx file)" in result.output


def test_an_unreadable_plan_gives_a_message_not_a_traceback(built: Path) -> None:
    workbook = built / PLAN_XLSX
    plan = built / "content" / "plan.yaml"
    plan.write_bytes(b"phases:\n  - phase: caf\xe9\n")
    result = run("import-plan", workbook, built)
    assert result.exit_code == 1
    assert "content/plan.yaml: is not UTF-8 text (invalid continuation byte) (save the file as UTF-8)" in result.output

    plan.write_text("phases:\n  - phase: [unclosed\n", encoding="utf-8")
    result = run("import-plan", workbook, built)
    assert result.exit_code == 1 and "content/plan.yaml:3:1: YAML syntax error" in result.output

    plan.unlink()
    plan.mkdir()
    result = run("import-plan", workbook, built)
    assert result.exit_code == 1 and "content/plan.yaml: cannot be read (Is a directory)" in result.output

    plan.rmdir()
    result = run("import-plan", workbook, built)
    assert result.exit_code == 1
    assert "content/plan.yaml: the file is missing (restore it, for example from version control)" in result.output

    shutil.rmtree(built / "content")
    missing = import_plan(built, workbook)
    assert not missing.ok and missing.diagnostics[0].format().startswith("content: the folder is missing from ")


def _replace_after(text: str, marker: str, old: str, new: str) -> str:
    """Replace the first ``old`` that comes after ``marker``."""
    at = text.index(marker)
    return text[:at] + text[at:].replace(old, new, 1)


def test_an_alias_is_replaced_but_a_value_shared_through_an_anchor_is_left_alone(built: Path, tmp_path: Path) -> None:
    plan = built / "content" / "plan.yaml"
    text = plan.read_text(encoding="utf-8")
    for task, start in (("m.1", "&kickoff 2026-06-01"), ("m.2", "*kickoff"), ("m.3", "*kickoff")):
        text = _replace_after(text, f"- id: {task}\n", "start: 2026-06-01", f"start: {start}")
    plan.write_text(text, encoding="utf-8")

    workbook = _copy_workbook(built, tmp_path, "aliases.xlsx")
    _edit_cells(workbook, "m.2", {"Start": date(2026, 6, 8)})
    result = run("import-plan", workbook, built)
    assert result.exit_code == 0, result.output
    text = _replace_after(text, "- id: m.2\n", "start: *kickoff", "start: 2026-06-08")
    assert plan.read_text(encoding="utf-8") == text

    row = _edit_cells(workbook, "m.1", {"Start": date(2026, 6, 2)})
    line = 1 + text.splitlines().index("        start: &kickoff 2026-06-01")
    result = run("import-plan", workbook, built)
    assert result.exit_code == 1
    assert (f"aliases.xlsx: Plan!F{row}: task m.1 Start cannot be written into content/plan.yaml at line {line}: "
            "its value is shared with other parts of the file through the anchor &kickoff "
            "(make this change in plan.yaml by hand, then import the workbook again)") in result.output
    assert plan.read_text(encoding="utf-8") == text


def _add_row(path: Path, values: dict[str, object]) -> int:
    """Type a new task into the first empty row under the plan, by column title; returns the row number."""
    book = openpyxl.load_workbook(path)
    sheet = book["Plan"]
    columns = {c.value: c.column for c in sheet[1]}
    row = next(r for r in range(2, sheet.max_row + 2) if sheet.cell(row=r, column=1).value is None)
    for title, value in values.items():
        sheet.cell(row=row, column=columns[title]).value = value
    book.save(path)
    return row


NEW_TASK = {"ID": "4.8", "Phase": "4. Design and plan", "Task": "Brief the finance committee: options and costs",
            "Lead": "Helen Marsh", "Start": date(2027, 3, 1), "Due": date(2027, 3, 12), "Status": "Not started",
            "Depends on": "4.5", "Notes": "Ask for a slot in March"}


def test_a_task_added_in_excel_joins_its_phase_in_plan_yaml(built: Path, tmp_path: Path) -> None:
    workbook = _copy_workbook(built, tmp_path, "added.xlsx")
    row = _add_row(workbook, NEW_TASK)
    _add_row(workbook, {"ID": "m.4", "Phase": "Manage and lead", "Task": "Close the project", "Lead": "pm",
                        "Start": date(2028, 5, 1), "Due": date(2028, 5, 26)})
    _edit_cells(workbook, "4.7", {"Notes": "Pilot site to be agreed"})  # a change to the phase's last task, at the same spot
    plan = built / "content" / "plan.yaml"
    before = plan.read_text(encoding="utf-8")

    result = import_plan(built, workbook)
    assert result.ok and result.written, [d.format() for d in result.diagnostics]
    assert [(a.task_id, a.cell) for a in result.added] == [("4.8", f"Plan!A{row}"), ("m.4", f"Plan!A{row + 1}")]
    assert [e.task_id for e in result.edits] == ["4.7"]
    data = yaml.safe_load(plan.read_text(encoding="utf-8"))
    design = next(ph for ph in data["phases"] if ph["phase"] == "design-and-plan")
    assert [t["id"] for t in design["tasks"]][-2:] == ["4.7", "4.8"]
    assert design["tasks"][-2]["notes"] == "Pilot site to be agreed"
    assert design["tasks"][-1] == {"id": "4.8", "title": NEW_TASK["Task"], "lead": "sponsor", "start": date(2027, 3, 1),
                                   "due": date(2027, 3, 12), "status": "not started", "depends_on": ["4.5"],
                                   "notes": "Ask for a slot in March"}
    assert _task(built, "m.4")["status"] == "not started"  # no status typed: not started
    text = plan.read_text(encoding="utf-8")
    assert '      - id: "4.8"\n        title: "Brief the finance committee: options and costs"\n' in text or \
        "      - id: \"4.8\"\n        title: 'Brief the finance committee: options and costs'\n" in text
    # Everything that was there is still there, comments included, in the same order.
    kept = iter(text.splitlines())
    assert all(line in kept for line in before.splitlines())
    assert run("build", "--quiet", built).exit_code == 0
    again = import_plan(built, built / PLAN_XLSX)
    assert again.ok and not again.added and not again.edits


def test_a_new_task_is_checked_like_the_yaml_and_problems_name_its_cells(built: Path, tmp_path: Path) -> None:
    workbook = _copy_workbook(built, tmp_path, "bad-new.xlsx")
    row = _add_row(workbook, {**NEW_TASK, "Lead": "Someone Else", "Due": date(2027, 2, 1), "Status": "Done"})
    other = _add_row(workbook, {"ID": "7.1", "Phase": "Tidy up", "Task": "Something"})
    plan = built / "content" / "plan.yaml"
    before = plan.read_bytes()
    result = run("import-plan", workbook, built)
    assert result.exit_code == 1
    out = result.output
    assert f'bad-new.xlsx: Plan!I{row}: "Done" is not a status' in out
    assert f"bad-new.xlsx: Plan!D{other}: new task 7.1 has no Lead" in out
    assert f"bad-new.xlsx: Plan!F{other}: new task 7.1 has no Start" in out
    assert plan.read_bytes() == before

    workbook = _copy_workbook(built, tmp_path, "bad-lead.xlsx")
    row = _add_row(workbook, {**NEW_TASK, "Lead": "Someone Else", "Due": date(2027, 2, 1)})
    result = run("import-plan", workbook, built)
    assert result.exit_code == 1
    assert f"bad-lead.xlsx: Plan!D{row}: " in result.output and "Someone Else" in result.output
    assert f"bad-lead.xlsx: Plan!G{row}: the due date 2027-02-01 is before the start date 2027-03-01" in result.output
    assert plan.read_bytes() == before

    workbook = _copy_workbook(built, tmp_path, "bad-phase.xlsx")
    row = _add_row(workbook, {**NEW_TASK, "Phase": "Tidy up"})
    result = import_plan(built, workbook)
    assert [d.format() for d in result.diagnostics] == [
        f'bad-phase.xlsx: Plan!B{row}: "Tidy up" is not a phase in content/plan.yaml (choose a phase from the drop-down list)']


def test_a_new_task_with_an_id_plan_yaml_gained_since_is_not_read(built: Path, tmp_path: Path) -> None:
    workbook = _copy_workbook(built, tmp_path, "late.xlsx")
    _add_row(workbook, NEW_TASK)
    plan = built / "content" / "plan.yaml"
    edit(plan, '      - id: "4.7"', '      - id: "4.8"\n        title: Added in YAML\n        lead: pm\n'
         '        start: 2027-03-01\n        due: 2027-03-05\n        status: not started\n      - id: "4.7"')
    result = import_plan(built, workbook, dry_run=True)
    assert result.ok and not result.added
    assert any("task 4.8 was added to plan.yaml since the workbook was made" in note for note in result.skipped)


def test_dry_run_shows_a_new_task_and_writes_nothing(built: Path, tmp_path: Path) -> None:
    workbook = _copy_workbook(built, tmp_path, "dry-new.xlsx")
    _add_row(workbook, NEW_TASK)
    before = (built / "content" / "plan.yaml").read_bytes()
    result = import_plan(built, workbook, dry_run=True)
    assert result.ok and not result.written and [a.task_id for a in result.added] == ["4.8"]
    assert '+      - id: "4.8"\n' in result.diff and "+        lead: sponsor\n" in result.diff
    assert (built / "content" / "plan.yaml").read_bytes() == before
