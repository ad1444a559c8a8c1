"""The improvement project plan workbook, read back with openpyxl."""

from collections import Counter
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest

from fls_docs.build import today
from fls_docs.calc.results import calculate
from fls_docs.model.validate import load_project
from fls_docs.render.excel import STATUS_STYLE, save_guarded, set_formula, text_lines
from fls_docs.render.plan_workbook import EDITABLE, PLAN_COLUMNS, PROJECT_KEY, PROJECT_SHEET, SOURCE_SHEET, phase_label
from tests.conftest import TRICKY_TITLE

PLAN = Path("build/docs/improvement-project-plan.xlsx")
SHEETS = ["Read me", "Summary", "Plan", "Timeline", "Milestones", "RACI", "Risks", "Issues", "Decisions", "Actions",
          "Stakeholders"]


@pytest.fixture(scope="module")
def book(built_example: Path):
    return openpyxl.load_workbook(built_example / PLAN)


@pytest.fixture(scope="module")
def values(built_example: Path):
    """The workbook as a reader that does not calculate sees it: each formula's cached value."""
    return openpyxl.load_workbook(built_example / PLAN, data_only=True)


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
    lists = [dv for dv in sheet.data_validations.dataValidation if dv.type == "list" and str(dv.sqref).startswith("I2:I")]
    assert len(lists) == 1 and lists[0].formula1 == '"Not started,On track,At risk,Late,Complete"'
    # The drop-down reaches the empty rows under the plan, where new tasks are typed.
    assert int(str(lists[0].sqref).split(":I")[1]) > sheet.max_row
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


def test_the_rows_under_the_plan_are_open_for_new_tasks(book) -> None:
    sheet = book["Plan"]
    for col in range(1, len(PLAN_COLUMNS) + 1):
        assert not sheet.column_dimensions[openpyxl.utils.get_column_letter(col)].protection.locked
    assert sheet.protection.insertRows is False and sheet.protection.deleteRows is False
    phases = next(dv for dv in sheet.data_validations.dataValidation if str(dv.sqref).startswith("B2:B"))
    assert phases.formula1 == "Lists!$A:$A"
    lists = book["Lists"]
    assert lists.sheet_state == "veryHidden" and lists["A1"].value == "1. Start out"


def test_the_plan_is_an_excel_table_with_a_frozen_header(book) -> None:
    sheet = book["Plan"]
    assert list(sheet.tables) == ["PlanTasks"]
    assert sheet.freeze_panes == "A2"


def test_timeline_has_a_column_a_week_and_marks_this_week_with_today(book, values, project) -> None:
    sheet = book["Timeline"]
    weeks = [c.value for c in sheet[2][5:] if c.value is not None]
    assert all((b - a).days == 7 for a, b in zip(weeks, weeks[1:]))
    assert weeks[0].date() <= min(t.start for t in project.plan.tasks) < (weeks[0] + (weeks[1] - weeks[0])).date()
    months = [c.value for c in sheet[1][5:] if c.value]
    assert months[0] == weeks[0].strftime("%b %y") and len(months) == len({(w.year, w.month) for w in weeks})
    rules = [(str(rng.sqref), rule) for rng in sheet.conditional_formatting for rule in rng.rules]
    marker = [(sq, rule) for sq, rule in rules if "TODAY()" in rule.formula[0]]
    assert {sq.split(":")[0] for sq, _ in marker} == {"F2", "F3"}  # the date row and the bars: it moves with the date
    assert all(rule.formula[0] == "AND(F$2<=TODAY(),TODAY()<F$2+7)" for _, rule in marker)
    assert not any(c.fill.fgColor.rgb[-6:] == "DA291C" for c in sheet[2][5:])  # no fixed fill left behind
    assert any('$C3="Complete"' in rule.formula[0] for _, rule in rules)
    assert sheet.page_setup.orientation == "landscape" and sheet.print_title_cols == "$A:$C"


def test_timeline_follows_the_plan_sheet_by_task_id(book, values, project) -> None:
    sheet, cached = book["Timeline"], values["Timeline"]
    assert sheet["C3"].value == '=IFERROR(INDEX(Plan!$I:$I,MATCH($A3,Plan!$A:$A,0)),"")'
    assert sheet["E3"].value == '=IFERROR(INDEX(Plan!$G:$G,MATCH($A3,Plan!$A:$A,0)),"")'
    first = project.plan.tasks[0]
    assert (cached["A3"].value, cached["C3"].value, cached["E3"].value.date()) == (first.id, "Complete", first.due)


def test_raci_has_exactly_one_accountable_per_task(book, project) -> None:
    rows = _rows(book["RACI"])[: len(project.plan.tasks)]
    for row in rows:
        assert sum("A" in str(v or "").split("/") for v in row[2:]) == 1, row[0]
    header = [c.value for c in book["RACI"][1]]
    row = next(r for r in rows if r[0] == "4.3")
    assert row[header.index(next(h for h in header if h and h.startswith("Helen Marsh")))] == "A"


def test_raci_follows_roles_and_spreads_accountability(book, project) -> None:
    sheet = book["RACI"]
    names = [str(c.value).split("\n")[0] for c in sheet[1][2:]]
    rows = {r[0]: dict(zip(names, r[2:])) for r in _rows(sheet)[: len(project.plan.tasks)]}
    for task in project.plan.tasks:
        letters = rows[task.id]
        if task.raci.responsible == (task.lead,) and not task.raci.consulted:
            assert "R" in str(letters[task.lead.name]).split("/"), task.id  # the lead does the work
    accountable = Counter(name for row in rows.values() for name, v in row.items() if "A" in str(v or "").split("/"))
    # No one is accountable for most tasks, and few tasks have the same person accountable and responsible.
    assert max(accountable.values()) <= len(rows) / 2 and len(accountable) >= 3
    both = sum(1 for row in rows.values() for v in row.values() if v == "A/R")
    assert both <= len(rows) / 5
    assert any("C" in str(v) for row in rows.values() for v in row.values())
    assert any("I" in str(v) for row in rows.values() for v in row.values())
    # The sponsor signs off a milestone phase gate they do not run; the rule is written under the table.
    assert rows["4.6"]["Helen Marsh"] == "A/R" or "I" in str(rows["5.3"]["Helen Marsh"])
    assert "R is the task's lead. A is the phase owner" in " ".join(str(c.value) for c in sheet["B"] if c.value)


def test_risks_carry_score_and_band_as_formulas(book, values, built_example) -> None:
    project, _ = load_project(built_example)
    results = calculate(project, today())
    rows = _rows(values["Risks"])[: len(project.brief.risks)]
    assert [(r[0], r[2], r[3], r[4], r[5]) for r in rows] == [
        (g.risk.id, g.risk.likelihood, g.risk.consequence, g.score, g.band) for g in results.risks]
    sheet = book["Risks"]
    assert sheet["E2"].value == '=IF(AND(ISNUMBER(C2),ISNUMBER(D2)),C2*D2,"")'
    assert sheet["F2"].value.startswith('=IF(E2="","",IF(E2>=15,"Extreme"')
    # A risk typed into an open row is scored too; the formulas stay locked.
    empty = len(project.brief.risks) + 5
    assert sheet[f"E{empty}"].data_type == "f" and sheet[f"E{empty}"].protection.locked
    assert not sheet.column_dimensions["B"].protection.locked


def test_logs_and_stakeholders_come_from_content(book, project) -> None:
    issues = _rows(book["Issues"])
    assert [r[0] for r in issues[: len(project.plan.issues)]] == [i.id for i in project.plan.issues]
    decisions = _rows(book["Decisions"])
    assert decisions[0][3] == project.plan.decisions[0].decision
    stakeholders = _rows(book["Stakeholders"])[: len(project.stakeholders)]
    first = project.stakeholders[0]
    assert stakeholders[0][5] == first.grid == "Manage closely"


def test_summary_counts_are_formulas_over_the_plan_with_correct_cached_values(book, values, built_example) -> None:
    project, _ = load_project(built_example)
    progress = calculate(project, today()).progress
    sheet, cached = book["Summary"], values["Summary"]
    rows = {r[0]: r[1] for r in cached.iter_rows(min_row=5, max_row=11, values_only=True)}
    assert {k.lower(): v for k, v in rows.items() if k in {s.capitalize() for s in progress.counts}} == progress.counts
    assert rows["All tasks"] == progress.total and rows["Past due and not complete"] == len(progress.overdue)
    assert sheet["B5"].value == "=COUNTIFS(Plan!$I:$I,$A5)" and sheet["B10"].value == "=SUM(B5:B9)"
    assert sheet["B11"].value == '=COUNTIFS(Plan!$G:$G,"<"&TODAY(),Plan!$I:$I,"<>Complete")'
    top = next(c.row for c in sheet["A"] if c.value == "Phase")
    first = progress.phases[0]
    assert cached.cell(row=top + 1, column=1).value == phase_label(first.phase)
    assert sheet.cell(row=top + 1, column=2).value == f"=COUNTIFS(Plan!$B:$B,$A{top + 1},Plan!$I:$I,B${top})"
    assert [cached.cell(row=top + 1, column=c).value for c in range(2, 7)] == list(first.counts.values())
    assert book.calculation.fullCalcOnLoad


def test_every_sheet_prints_landscape_one_page_wide_with_titles_and_page_numbers(book) -> None:
    for name in SHEETS:
        sheet = book[name]
        setup = sheet.page_setup
        assert setup.orientation == "landscape" and sheet.sheet_properties.pageSetUpPr.fitToPage, name
        assert setup.fitToWidth == 1 and setup.fitToHeight in (0, 1), name
        assert sheet.print_area, name
        assert sheet.oddHeader.left.text == "Wyvern Valley Fracture Liaison Service", name
        assert (sheet.oddFooter.left.text, sheet.oddFooter.right.text) == ("&A", "Page &P of &N"), name
    for name in ("Plan", "Milestones", "RACI", "Risks", "Issues", "Decisions", "Actions", "Stakeholders"):
        assert book[name].print_title_rows == "$1:$1", name
    assert book["Timeline"].print_title_rows == "$1:$2"


def test_rows_are_tall_enough_for_their_wrapped_text(book) -> None:
    sheet = book["Plan"]
    widths = {c.title: c.width for c in PLAN_COLUMNS}
    for row in sheet.iter_rows(min_row=2, max_row=sheet.max_row):
        need = max(text_lines(str(row[i].value or ""), widths[t]) for i, t in ((2, "Task"), (12, "Notes")))
        height = sheet.row_dimensions[row[0].row].height or 15
        assert height >= need * 15, (row[0].value, height, need)


def test_only_registered_formulas_survive_the_guard(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws["A1"], ws["A2"] = 2, "=HYPERLINK(\"http://x\")"  # content text that looks like a formula
    set_formula(ws["B1"], "=A1*2", 4)
    set_formula(ws["B2"], "=A1*3", 6)
    ws["B2"] = "=A1*3+HYPERLINK(\"http://x\")"  # overwritten after registering: no longer ours
    out = tmp_path / "guarded.xlsx"
    save_guarded(wb, out)
    book, cached = openpyxl.load_workbook(out), openpyxl.load_workbook(out, data_only=True)["Sheet"]
    sheet = book["Sheet"]
    assert (sheet["B1"].data_type, sheet["B1"].value, cached["B1"].value) == ("f", "=A1*2", 4)
    assert sheet["A2"].data_type == "s" and sheet["B2"].data_type == "s"


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


# The attack project of test_injection: content text that looks like a formula in both workbooks.
from tests.render.test_injection import ATTACKS, workbooks  # noqa: E402,F401  (workbooks is a fixture)

FORMULA_SHEETS = {"Summary", "Timeline", "Milestones", "Risks", "Enter counts"}


def test_no_content_text_becomes_a_formula_only_the_renderers_own_do(workbooks: list[Path]) -> None:
    formulas = 0
    for path in workbooks:
        for ws in openpyxl.load_workbook(path).worksheets:
            for row in ws.iter_rows():
                for cell in row:
                    if cell.data_type == "f":
                        formulas += 1
                        assert ws.title in FORMULA_SHEETS, (path.name, ws.title, cell.coordinate, cell.value)
                        assert not any(a.lstrip("=+-@") in cell.value for a in ATTACKS), (ws.title, cell.coordinate)
                    elif isinstance(cell.value, str) and cell.value in ATTACKS:
                        assert cell.data_type == "s"
    assert formulas > 0
