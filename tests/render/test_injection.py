"""No text from content becomes a live formula or link in any cell of either workbook, headers and titles included."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook

from fls_docs.calc.results import calculate
from fls_docs.model.validate import load_project
from fls_docs.render.context import build_info, make_context
from fls_docs.render.indicators_workbook import write_indicators_workbook
from fls_docs.render.plan_workbook import write_plan_workbook
from tests.conftest import copy_project, edit

ATTACKS = ['=HYPERLINK("http://example.invalid","Click")', "+1+1", "-2+3", "@SUM(1,1)"]


@pytest.fixture(scope="module")
def workbooks(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    root = copy_project(tmp_path_factory.mktemp("attack"))
    content = root / "content"
    edit(content / "project.yaml", "name: Dr Amara Okafor", f"name: '{ATTACKS[0]}'")
    edit(content / "indicators.yaml", "name: Referred for falls assessment", f"name: '{ATTACKS[3]}'")
    edit(content / "plan.yaml", "title: Talk to colleagues across the fracture pathway to test the idea", f"title: '{ATTACKS[1]}'")
    edit(content / "plan.yaml", "title: Agree the clinical lead and a project sponsor", f"title: '{ATTACKS[2]}'")
    project, _ = load_project(root)
    today = date(2026, 11, 26)
    context = make_context(project, calculate(project, today), build_info(today))
    plan, indicators = root / "plan.xlsx", root / "indicators.xlsx"
    write_plan_workbook(context, plan)
    write_indicators_workbook(context, indicators)
    return [plan, indicators]


def test_content_text_reaches_the_workbooks_only_as_text(workbooks: list[Path]) -> None:
    """The attacks reach the workbooks (the RACI header row and indicator sheets included) as plain text.

    The renderers' own formulas (Summary counts, risk scores, shares) are checked in test_plan_workbook.py.
    """
    seen = set()
    for path in workbooks:
        for ws in load_workbook(path).worksheets:
            for row in ws.iter_rows():
                for cell in row:
                    if cell.data_type == "f":
                        assert not any(a.lstrip("=+-@") in str(cell.value) for a in ATTACKS), (ws.title, cell.coordinate)
                    elif isinstance(cell.value, str) and cell.value in ATTACKS:
                        assert cell.data_type == "s"
                        seen.add(cell.value)
    assert seen == set(ATTACKS)


def test_no_cell_carries_a_link(workbooks: list[Path]) -> None:
    for path in workbooks:
        wb = load_workbook(path)
        for ws in wb.worksheets:
            assert not any(cell.hyperlink for row in ws.iter_rows() for cell in row), (path.name, ws.title)
