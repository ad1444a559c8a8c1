"""fls-docs import-plan: edits made in the plan workbook come back into plan.yaml, safely."""

from datetime import date
from pathlib import Path

import openpyxl
import pytest
import yaml

from tests.conftest import copy_project, run

PLAN_XLSX = Path("build/docs/improvement-project-plan.xlsx")


@pytest.fixture()
def built(tmp_path: Path) -> Path:
    root = copy_project(tmp_path)
    assert run("build", "--quiet", root).exit_code == 0
    return root


def _edit_cells(path: Path, task_id: str, values: dict[str, object]) -> str:
    """Change the Plan sheet's cells for one task, by column title; returns the row number."""
    book = openpyxl.load_workbook(path)
    sheet = book["Plan"]
    columns = {c.value: c.column for c in sheet[1]}
    row = next(r[0].row for r in sheet.iter_rows(min_row=2) if r[0].value == task_id)
    for title, value in values.items():
        sheet.cell(row=row, column=columns[title], value=value)
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
    book = openpyxl.load_workbook(workbook)
    sheet = book["Plan"]
    sheet.cell(row=sheet.max_row + 1, column=1, value="9.9")  # a row someone added in Excel
    book.save(workbook)

    result = run("import-plan", workbook, built)
    assert result.exit_code == 0, result.output
    assert "task 5.1 is no longer in plan.yaml, so this change was not applied" in result.output
    assert "task 9.9 was not in the workbook when it was made" in result.output
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
