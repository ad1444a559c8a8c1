"""The action log and the decision log in the plan workbook and on the site's meetings page, from the example built
on 25 November 2026 (tests/conftest.py)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import openpyxl
import pytest

from tests.test_consistency import _html_text


@pytest.fixture(scope="module")
def book(built_example: Path):
    return openpyxl.load_workbook(built_example / "build" / "docs" / "improvement-project-plan.xlsx")


def _rows(sheet, count: int) -> list[tuple]:
    return [row for row in sheet.iter_rows(min_row=2, max_row=count + 1, values_only=True)]


def test_the_actions_sheet_holds_the_log_with_overdue_actions_marked(book) -> None:
    rows = _rows(book["Actions"], 7)
    # By due date. a4 was due on 20 November and is still open on the 25th: overdue.
    assert [(r[0], r[1], r[4], r[6]) for r in rows] == [
        ("a1", "Stakeholder reference group", "Priya Desai", "Done"),
        ("a2", "Project team", "Sarah Whitfield", "Done"),
        ("a3", "Project team", "Ben Carter", "Done"),
        ("a4", "Project team", "Dr Tom Hughes", "Overdue"),
        ("a5", "Project team", "Gareth Lewis", "Open"),
        ("a7", "Project team", "Ben Carter", "Open"),
        ("a6", "Stakeholder reference group", "Priya Desai", "Open"),
    ]
    assert rows[3][5] == datetime(2026, 11, 20)
    assert rows[0][7] == datetime(2026, 9, 22)


def test_the_decisions_sheet_shows_decisions_needed_beside_those_made(book) -> None:
    rows = _rows(book["Decisions"], 4)
    assert [(r[0], r[1], r[5], r[6]) for r in rows] == [
        ("d1", "Made", None, None), ("d2", "Made", None, None),
        ("d3", "Needed", datetime(2027, 1, 14), "Stakeholder reference group"),
        ("d4", "Needed", datetime(2027, 2, 2), "Project team"),
    ]
    assert rows[0][2] == datetime(2026, 6, 5) and rows[2][2] is None


def test_the_meetings_page_lists_next_meetings_papers_and_both_logs(built_example: Path) -> None:
    page = built_example / "build" / "site" / "project" / "meetings.html"
    text = " ".join(_html_text(page).split())
    assert "Project team Tuesday 8 December 2026 12:30pm to 1:30pm" in text
    assert "Stakeholder reference group Thursday 14 January 2027 2pm to 3:30pm" in text
    assert "Tuesday 22 December 2026 - Cancelled: Christmas week" in text
    html = page.read_text(encoding="utf-8")
    for name in ("meetings.ics", "agenda-project-team.docx", "minutes-reference-group.docx"):
        assert f'href="../downloads/{name}"' in html
        assert (built_example / "build" / "site" / "downloads" / name).is_file()
    # The last mention of each heading is the page's own; earlier ones are in the navigation.
    open_actions = text[text.rindex("Open actions"):text.rindex("Closed actions")]
    assert [a for a in ("a4", "a5", "a6", "a7", "a1") if f" {a} " in open_actions] == ["a4", "a5", "a6", "a7"]
    needed = text[text.rindex("Decisions needed"):text.rindex("Decisions made")]
    assert "who starts bone-protection treatment" in needed and "The service will cover inpatients" not in needed
