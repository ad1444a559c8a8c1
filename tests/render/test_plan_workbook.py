"""The improvement project plan workbook, read back with openpyxl."""

from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest

from fls_docs.build import today
from fls_docs.calc.results import calculate
from fls_docs.model.validate import load_project
from fls_docs.render.excel import STATUS_STYLE
from fls_docs.render.plan_workbook import EDITABLE, PLAN_COLUMNS, PROJECT_KEY, PROJECT_SHEET, SOURCE_SHEET
from tests.conftest import TRICKY_TITLE

PLAN = Path("build/docs/improvement-project-plan.xlsx")
SHEETS = ["Read me", "Summary", "Plan", "Timeline", "Milestones", "RACI", "Risks", "Issues", "Decisions", "Stakeholders"]


@pytest.fixture(scope="module")
def book(built_example: Path):
    return openpyxl.load_workbook(built_example / PLAN)


@pytest.fixture(scope="module")
def project(built_example: Path):
    return load_project(built_example)[0]


def _day(value: date) -> datetime:
    return datetime.combine(value, datetime.min.time())


def _rows(ws, first: int = 2) -> list[tuple]:
    return [r for r in ws.iter_rows(min_row=first, values_only=True) if r[0] is not None]


def test_sheets_in_order_with_the_generated_values_hidden(book) -> None:
    visible = [ws.title for ws in book.worksheets if ws.sheet_state == "visible"]
    assert visible == SHEETS
    assert book[SOURCE_SHEET].sheet_state == "veryHidden"


def test_the_project_it_was_made_for_is_recorded_out_of_sight(book, project) -> None:
    sheet = book[PROJECT_SHEET]
    assert sheet.sheet_state == "veryHidden" and sheet.protection.sheet
    assert (sheet["A1"].value, sheet["B1"].value) == (PROJECT_KEY, project.info.name)


def test_one_row_per_task_with_lead_dates_and_status(book, project) -> None:
    sheet = book["Plan"]
    assert [c.value for c in sheet[1]] == [c.title for c in PLAN_COLUMNS]
    rows = _rows(sheet)
    assert [r[0] for r in rows] == [t.id for t in project.plan.tasks]
    first = project.plan.tasks[0]
    assert rows[0][2:7] == (first.title, first.lead.name, first.lead.role, _day(first.start), _day(first.due))
    assert sheet["F2"].number_format == "DD/MM/YYYY"
    statuses = {r[0]: r[8] for r in rows}
    assert statuses["3.2"] == "Late"  # past due and not complete: late, whatever plan.yaml says
    assert project.plan.task("3.2").status != "late"


def test_status_has_a_drop_down_and_colours_that_follow_the_word(book) -> None:
    sheet = book["Plan"]
    lists = [dv for dv in sheet.data_validations.dataValidation if dv.type == "list"]
    assert len(lists) == 1 and lists[0].formula1 == '"Not started,On track,At risk,Late,Complete"'
    assert str(lists[0].sqref).startswith("I2:I")
    rules = [(str(rng.sqref), rule) for rng in sheet.conditional_formatting for rule in rng.rules]
    words = {rule.formula[0].strip('"'): rule.dxf.fill.bgColor.rgb[-6:] for sq, rule in rules if rule.type == "cellIs"}
    assert words == {status.capitalize(): fill for status, (fill, _) in STATUS_STYLE.items()}
    late_rule = next(rule for sq, rule in rules if rule.type == "expression" and sq.startswith("G2"))
    assert "TODAY()" in late_rule.formula[0]


def test_only_editable_cells_are_unlocked_on_a_protected_sheet(book) -> None:
    sheet = book["Plan"]
    assert sheet.protection.sheet and not sheet.protection.password
    editable = {c.title for c in PLAN_COLUMNS if c.editable}
    assert editable == {"Start", "Due", "% complete", "Status", "Notes"} and len(EDITABLE) == 5
    for cell in sheet[2]:
        title = sheet.cell(row=1, column=cell.column).value
        assert cell.protection.locked == (title not in editable), title


def test_the_plan_is_an_excel_table_with_a_frozen_header(book) -> None:
    sheet = book["Plan"]
    assert list(sheet.tables) == ["PlanTasks"]
    assert sheet.freeze_panes == "A2"


def test_timeline_has_a_column_a_week_and_marks_this_week(book, project) -> None:
    sheet = book["Timeline"]
    weeks = [c.value for c in sheet[1][5:] if c.value is not None]
    assert all((b - a).days == 7 for a, b in zip(weeks, weeks[1:]))
    assert weeks[0].date() <= min(t.start for t in project.plan.tasks) < (weeks[0] + (weeks[1] - weeks[0])).date()
    on = today()
    this_week = next(c for c in sheet[1][5:] if c.value and c.value.date() <= on < (c.value + (weeks[1] - weeks[0])).date())
    assert this_week.fill.fgColor.rgb[-6:] == "DA291C"
    formulas = [rule.formula[0] for rng in sheet.conditional_formatting for rule in rng.rules]
    assert any('$C2="Complete"' in f for f in formulas)
    assert sheet.page_setup.orientation == "landscape" and sheet.print_title_cols == "$A:$C"


def test_raci_has_exactly_one_accountable_per_task(book, project) -> None:
    rows = _rows(book["RACI"])[: len(project.plan.tasks)]
    for row in rows:
        assert sum("A" in str(v or "").split("/") for v in row[2:]) == 1, row[0]
    header = [c.value for c in book["RACI"][1]]
    row = next(r for r in rows if r[0] == "4.3")
    assert row[header.index(next(h for h in header if h and h.startswith("Helen Marsh")))] == "A"


def test_risks_carry_score_and_band(book, built_example) -> None:
    project, _ = load_project(built_example)
    results = calculate(project, today())
    rows = _rows(book["Risks"])[: len(project.brief.risks)]
    assert [(r[0], r[4], r[5]) for r in rows] == [(g.risk.id, g.score, g.band) for g in results.risks]


def test_logs_and_stakeholders_come_from_content(book, project) -> None:
    issues = _rows(book["Issues"])
    assert [r[0] for r in issues[: len(project.plan.issues)]] == [i.id for i in project.plan.issues]
    decisions = _rows(book["Decisions"])
    assert decisions[0][2] == project.plan.decisions[0].decision
    stakeholders = _rows(book["Stakeholders"])[: len(project.stakeholders)]
    first = project.stakeholders[0]
    assert stakeholders[0][5] == first.grid == "Manage closely"


def test_summary_counts_by_status(book, built_example) -> None:
    project, _ = load_project(built_example)
    progress = calculate(project, today()).progress
    rows = {r[0]: r[1] for r in book["Summary"].iter_rows(min_row=5, max_row=10, values_only=True)}
    assert {k.lower(): v for k, v in rows.items() if k != "All tasks"} == progress.counts
    assert rows["All tasks"] == progress.total


def test_text_that_looks_like_a_formula_stays_text(tmp_path: Path) -> None:
    from tests.conftest import copy_project, edit, run

    root = copy_project(tmp_path)
    edit(root / "content" / "plan.yaml", "title: Draft the service specification", "title: \"=HYPERLINK(\\\"http://x\\\")\"")
    assert run("build", "--quiet", root).exit_code == 0
    sheet = openpyxl.load_workbook(root / PLAN)["Plan"]
    cell = next(row[2] for row in sheet.iter_rows(min_row=2) if row[0].value == "4.3")
    assert cell.value == '=HYPERLINK("http://x")' and cell.data_type == "s"


def test_markup_in_content_is_written_as_plain_text(built_tricky: Path) -> None:
    sheet = openpyxl.load_workbook(built_tricky / PLAN)["Plan"]
    assert TRICKY_TITLE in [row[2] for row in sheet.iter_rows(min_row=2, values_only=True)]
