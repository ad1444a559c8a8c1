"""One story across every deliverable: each fact reads the same in every Word file, workbook and site page.

Read from the built files themselves, not from the model that made them.
"""

from __future__ import annotations

import html
import re
from datetime import date, datetime
from pathlib import Path

import pytest
from docx import Document
from openpyxl import load_workbook

DOCS = ("project-initiation-document.docx", "service-specification.docx", "business-case.docx")
WORKBOOKS = ("improvement-project-plan.xlsx", "outcome-indicators.xlsx")


def _docx_text(path: Path) -> str:
    document = Document(str(path))
    cells = [c.text for t in document.tables for r in t.rows for c in r.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def _xlsx_text(path: Path) -> str:
    out = []
    for ws in load_workbook(path).worksheets:
        if ws.sheet_state != "visible":
            continue  # hidden sheets hold what the workbook was made from, not what a reader sees
        for row in ws.iter_rows(values_only=True):
            out.extend(_cell(v) for v in row if v is not None)
    return "\n".join(out)


def _cell(value: object) -> str:
    if isinstance(value, (datetime, date)):
        return f"{value.day} {value:%B %Y}"
    return str(value)


def _html_text(path: Path) -> str:
    text = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", path.read_text(encoding="utf-8"), flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", " ", text))


@pytest.fixture(scope="module")
def texts(built_example: Path) -> dict[str, str]:
    build = built_example / "build"
    out = {name: _docx_text(build / "docs" / name) for name in DOCS}
    out.update({name: _xlsx_text(build / "docs" / name) for name in WORKBOOKS})
    for page in (build / "site").rglob("*.html"):
        if "search" not in page.parts:
            out[str(page.relative_to(build / "site"))] = _html_text(page)
    return out


def _found(texts: dict[str, str], pattern: str) -> dict[str, set[str]]:
    return {name: set(re.findall(pattern, " ".join(text.split()))) for name, text in texts.items()
            if re.search(pattern, " ".join(text.split()))}


def test_the_commissioner_is_named_the_same_everywhere(texts: dict[str, str]) -> None:
    found = _found(texts, r"(?:NHS )?[A-Z][A-Za-z]+(?: and [A-Z][A-Za-z]+)? Integrated Care Board")
    assert found, "the commissioner is named somewhere"
    assert {name for names in found.values() for name in names} == {"NHS Wyvern and Ashby Integrated Care Board"}, found


def test_the_decision_date_is_the_same_everywhere(texts: dict[str, str]) -> None:
    case = " ".join(texts["business-case.docx"].split())
    decided = re.search(r"When (\d{1,2} \w+ \d{4})", case).group(1)
    assert decided == "28 May 2027"
    # The approval milestone shows the same date wherever milestones are listed.
    for name in ("project-initiation-document.docx", "business-case.docx", "improvement-project-plan.xlsx"):
        text = " ".join(texts[name].split())
        assert re.search(r"Get the business case approved .{0,60}?28 May 2027", text), name
    for name, text in texts.items():
        assert "18 March 2027" not in text, name


def test_each_target_is_the_same_everywhere(texts: dict[str, str]) -> None:
    # Targets ("at least 80% of ..."), not measured performance ("about 43% of ...").
    identification = _found(texts, r"at least (\d+%) of the expected (?:fragility fracture )?caseload")
    assessed = _found(texts, r"at least (\d+%) of identified patients (?:assessed )?within (\w+ \w+)")
    assert identification and assessed
    assert {v for values in identification.values() for v in values} == {"80%"}, identification
    assert {v for values in assessed.values() for v in values} == {("80%", "90 days")}, assessed


def test_the_preferred_staffing_is_the_same_everywhere(texts: dict[str, str]) -> None:
    found = _found(texts, r"Nurse-led service(?: \(preferred\))? (\d+\.\d+) ")
    assert found
    assert {v for values in found.values() for v in values} == {"0.90"}, found


def test_the_milestones_are_the_same_everywhere(texts: dict[str, str], built_example: Path) -> None:
    def listed(path: Path) -> dict[str, str]:
        document = Document(str(path))
        table = next(t for t in document.tables if t.rows[0].cells[0].text == "Milestone")
        return {r.cells[0].text: r.cells[2 if len(r.cells) == 5 else 1].text for r in table.rows[1:]}

    pid = listed(built_example / "build" / "docs" / "project-initiation-document.docx")
    case = listed(built_example / "build" / "docs" / "business-case.docx")
    sheet = load_workbook(built_example / "build" / "docs" / "improvement-project-plan.xlsx")["Milestones"]
    rows = [r for r in sheet.iter_rows(min_row=2, values_only=True) if r and r[0]]
    workbook = {str(r[1]): _cell(next(v for v in r if isinstance(v, (date, datetime)))) for r in rows
                if any(isinstance(v, (date, datetime)) for v in r)}
    assert pid.keys() == case.keys() == workbook.keys()
    for title in pid:
        assert pid[title] == case[title], title
        assert workbook[title].endswith(pid[title].split(" ", 1)[1][-4:]), title
