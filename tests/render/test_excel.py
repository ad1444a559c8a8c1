"""The improvement project plan workbook, read back with openpyxl."""

from datetime import datetime
from pathlib import Path

import openpyxl
import pytest

from fls_docs.model.validate import load_project
from fls_docs.render.excel import STATUS_STYLE
from tests.conftest import TRICKY_TITLE

PLAN = Path("build/docs/improvement-project-plan.xlsx")


@pytest.fixture(scope="module")
def sheet(built_example: Path):
    return openpyxl.load_workbook(built_example / PLAN)["Plan"]


def test_one_row_per_task_with_lead_dates_and_status(sheet, built_example: Path) -> None:
    project, _ = load_project(built_example)
    header = [c.value for c in sheet[1]]
    assert header[:9] == ["ID", "Phase", "Task", "Lead", "Lead's role", "Start", "Due", "% complete", "Status"]
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert [r[0] for r in rows] == [t.id for t in project.plan.tasks]
    first = project.plan.tasks[0]
    assert rows[0][2:7] == (first.title, first.lead.name, first.lead.role,
                            datetime.combine(first.start, datetime.min.time()), datetime.combine(first.due, datetime.min.time()))


def test_overdue_tasks_show_as_late_with_the_status_colour(sheet) -> None:
    rows = {row[0].value: row for row in sheet.iter_rows(min_row=2)}
    # Task 3.2 says "on track" but was due on 20 November 2026; the build date is 25 November.
    assert rows["3.2"][8].value == "late"
    assert rows["3.2"][8].fill.fgColor.rgb.endswith(STATUS_STYLE["late"][0])
    assert rows["1.1"][8].value == "complete"
    assert rows["1.1"][8].fill.fgColor.rgb.endswith(STATUS_STYLE["complete"][0])


def test_header_is_frozen_and_filtered(sheet) -> None:
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref.startswith("A1:L")
    assert sheet.auto_filter.ref.endswith(str(sheet.max_row))


def test_markup_in_titles_is_kept_as_text(built_tricky: Path) -> None:
    sheet = openpyxl.load_workbook(built_tricky / PLAN)["Plan"]
    titles = [row[2] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert TRICKY_TITLE in titles
    project, _ = load_project(built_tricky)
    assert len(titles) == len(project.plan.tasks)


def test_text_that_looks_like_a_formula_stays_text(tmp_path: Path) -> None:
    from fls_docs.render.excel import set_text

    wb = openpyxl.Workbook()
    for i, value in enumerate(["=SUM(A1:A2)", "+44 1234", "-x", "@cmd", "plain"], start=1):
        set_text(wb.active.cell(row=i, column=1), value)
    wb.save(tmp_path / "t.xlsx")
    cells = [c.value for c in openpyxl.load_workbook(tmp_path / "t.xlsx").active["A"]]
    types = [c.data_type for c in openpyxl.load_workbook(tmp_path / "t.xlsx").active["A"]]
    assert cells == ["=SUM(A1:A2)", "+44 1234", "-x", "@cmd", "plain"]
    assert "f" not in types
