"""import_indicators: monthly counts typed into the indicators workbook come back into content/indicators.csv."""

import shutil
from pathlib import Path

import openpyxl
import pytest

from fls_docs import indicators_import
from fls_docs.indicators_import import import_indicators
from tests.conftest import edit

BOOK = Path("build/docs/outcome-indicators.xlsx")


@pytest.fixture()
def built(built_example: Path, tmp_path: Path) -> Path:
    root = tmp_path / "project"
    shutil.copytree(built_example / "content", root / "content")
    (root / BOOK).parent.mkdir(parents=True)
    shutil.copy(built_example / BOOK, root / BOOK)
    return root


def _workbook(built: Path, tmp_path: Path, name: str, rows: dict[tuple[str, str], tuple], new: list[tuple] = ()) -> Path:
    """A copy of the workbook with counts changed by (indicator, month) and new rows typed under them."""
    path = tmp_path / name
    book = openpyxl.load_workbook(built / BOOK)
    sheet = book["Enter counts"]
    for row in sheet.iter_rows(min_row=2):
        key = (row[1].value, row[0].value)
        if key in rows:
            for cell, value in zip(row[2:4], rows[key]):
                cell.value = value
    at = 1 + sum(1 for r in sheet.iter_rows(min_row=2) if r[0].value)
    for n, values in enumerate(new, start=1):
        for col, value in enumerate(values, start=1):
            sheet.cell(row=at + n, column=col, value=value)
    book.save(path)
    return path


def test_changed_and_new_counts_come_back_in_place_keeping_order(built: Path, tmp_path: Path) -> None:
    csv = built / "content" / "indicators.csv"
    before = csv.read_text(encoding="utf-8")
    workbook = _workbook(built, tmp_path, "counts.xlsx", {("assessment", "2026-10"): (35, 66)},
                         [("2026-11", "assessment", 30, 60), ("2026-11", "falls", 20, 33)])
    result = import_indicators(built, workbook)
    assert result.ok and result.written, [d.format() for d in result.diagnostics]
    assert [c.describe() for c in result.changes] == [
        "Enter counts!A61: assessment 2026-10 changed from 33 of 66 to 35 of 66",
        f"Enter counts!A{2 + 133}: assessment 2026-11 added (30 of 60)",
        f"Enter counts!A{2 + 134}: falls 2026-11 added (20 of 33)"]
    after = csv.read_text(encoding="utf-8")
    assert after == before.replace("assessment,2026-10,33,66\n", "assessment,2026-10,35,66\n") + \
        "assessment,2026-11,30,60\nfalls,2026-11,20,33\n"
    again = import_indicators(built, workbook)
    assert again.ok and not again.changes and not again.written


def test_counts_kept_in_indicators_yaml_are_left_there_with_a_note(built: Path, tmp_path: Path) -> None:
    workbook = _workbook(built, tmp_path, "yaml.xlsx", {("identification", "2026-04"): (53, 131)})
    before = (built / "content" / "indicators.csv").read_bytes()
    result = import_indicators(built, workbook)
    assert result.ok and not result.changes
    assert result.skipped == ["Enter counts!A25: the counts for identification 2026-04 are written in "
                              "content/indicators.yaml, so this change was not applied; change them there"]
    assert (built / "content" / "indicators.csv").read_bytes() == before


def test_crlf_and_a_byte_order_mark_are_kept_and_dry_run_writes_nothing(built: Path, tmp_path: Path) -> None:
    csv = built / "content" / "indicators.csv"
    text = csv.read_text(encoding="utf-8")
    csv.write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"))
    workbook = _workbook(built, tmp_path, "crlf.xlsx", {("treatment-recommended", "2026-04"): (13, 52)},
                         [("2026-11", "treatment-recommended", 22, 64)])
    before = csv.read_bytes()
    dry = import_indicators(built, workbook, dry_run=True)
    assert dry.ok and not dry.written and len(dry.changes) == 2
    assert "-treatment-recommended,2026-04,12,52\n+treatment-recommended,2026-04,13,52\n" in dry.diff
    assert csv.read_bytes() == before
    assert import_indicators(built, workbook).written
    expected = text.replace("treatment-recommended,2026-04,12,52", "treatment-recommended,2026-04,13,52")
    expected += "treatment-recommended,2026-11,22,64\n"
    assert csv.read_bytes() == b"\xef\xbb\xbf" + expected.replace("\n", "\r\n").encode("utf-8")


def test_every_problem_names_its_cell_and_nothing_is_written(built: Path, tmp_path: Path) -> None:
    workbook = _workbook(built, tmp_path, "bad.xlsx", {("assessment", "2026-05"): (60, 57)},
                         [("2026-13", "assesment", "x", 10), ("2026-11", "falls", 3, 4), ("2026-11", "falls", 5, 6)])
    before = (built / "content" / "indicators.csv").read_bytes()
    result = import_indicators(built, workbook)
    assert not result.ok and not result.written
    messages = [d.format() for d in result.diagnostics]
    assert "bad.xlsx: Enter counts!C56: the numerator (60) is larger than the denominator (57) " \
           "(the numerator counts patients within the denominator)" in messages
    assert any(m.startswith('bad.xlsx: Enter counts!A135: "2026-13" is not a month') for m in messages)
    assert any(m.startswith('bad.xlsx: Enter counts!B135: "assesment" is not an indicator in indicators.yaml') for m in messages)
    assert any(m.startswith('bad.xlsx: Enter counts!C135: "x" is not a whole number of patients') for m in messages)
    assert "bad.xlsx: Enter counts!A137: falls has a second row for 2026-11 (the first is Enter counts!A136) " \
           "(keep one row per indicator and month)" in messages
    assert (built / "content" / "indicators.csv").read_bytes() == before


def test_the_same_size_guard_as_import_plan(built: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def never(*args: object, **kwargs: object) -> None:
        raise AssertionError("the workbook was opened")

    monkeypatch.setattr(indicators_import, "load_workbook", never)
    big = tmp_path / "big.xlsx"
    with big.open("wb") as handle:
        handle.truncate(10 * 1024 * 1024 + 1)
    result = import_indicators(built, big)
    assert [d.format() for d in result.diagnostics] == [
        "big.xlsx: is 10.1 MB, over the 10 MB limit for an indicators workbook (check it is the indicators workbook "
        "from fls-docs build, and remove any pictures pasted into it)"]
    text = tmp_path / "notes.xlsx"
    text.write_text("not a workbook", encoding="utf-8")
    assert "it is not an .xlsx file" in import_indicators(built, text).diagnostics[0].format()


def test_a_plan_workbook_or_another_projects_workbook_is_refused(built: Path, built_example: Path, tmp_path: Path) -> None:
    plan = built_example / "build/docs/improvement-project-plan.xlsx"
    result = import_indicators(built, plan)
    assert 'is not an indicators workbook made by fls-docs (it has no "Enter counts" sheet)' in result.diagnostics[0].format()
    workbook = _workbook(built, tmp_path, "other.xlsx", {("assessment", "2026-10"): (35, 66)})
    edit(built / "content" / "project.yaml", "name: Wyvern Valley Fracture Liaison Service",
         "name: Ashby Fracture Liaison Service")
    refused = import_indicators(built, workbook)
    assert not refused.ok and 'was made for the project "Wyvern Valley Fracture Liaison Service"' in refused.diagnostics[0].format()
    assert import_indicators(built, workbook, force=True).written
