"""The outcome and performance indicators workbook, read back with openpyxl."""

from datetime import date
from pathlib import Path

import openpyxl
import pytest

from fls_docs import data
from fls_docs.calc.indicators import MET, NOT_MET
from fls_docs.calc.results import calculate
from fls_docs.model.validate import load_project
from tests.conftest import copy_project, run

BOOK = Path("build/docs/outcome-indicators.xlsx")


@pytest.fixture(scope="module")
def book(built_example: Path):
    return openpyxl.load_workbook(built_example / BOOK)


@pytest.fixture(scope="module")
def results(built_example: Path):
    project, _ = load_project(built_example)
    return calculate(project, date(2026, 11, 25)).indicators


def test_definitions_take_the_fls_database_kpi_where_named(book, results) -> None:
    rows = [r for r in book["Definitions"].iter_rows(min_row=2, values_only=True) if r[0]]
    assert [r[0] for r in rows] == [r.indicator.id for r in results]
    kpi2 = data.load("kpis")["kpis"][2]
    first = rows[0]
    assert first[1] == kpi2["name"] and first[3] == "KPI 2" and first[2] == "1. Identification"
    assert first[4] == kpi2["numerator"] and first[8] == kpi2["target"]
    falls = next(r for r in rows if r[0] == "falls")
    assert falls[1] == "Referred for falls assessment" and not falls[3] and falls[8] == 0.9


def test_monthly_shares_come_from_the_yaml_and_the_csv(book, results) -> None:
    rows = [r for r in book["Monthly data"].iter_rows(min_row=2, values_only=True) if r[0]]
    by_key = {(r[0], r[1]): r for r in rows}
    assert by_key[("identification", "2026-04")][2:5] == (52, 131, pytest.approx(52 / 131))
    assert by_key[("assessment", "2026-10")][2:5] == (33, 66, pytest.approx(0.5))  # from indicators.csv
    assert len(rows) == sum(len(r.months) for r in results)
    assert by_key[("identification", "2026-04")][6] == NOT_MET


def test_status_colours_follow_the_words(book) -> None:
    words = {}
    for rng in book["Monthly data"].conditional_formatting:
        words.setdefault(str(rng.sqref)[0], set()).update(rule.formula[0].strip('"') for rule in rng.rules)
    assert words["G"] == {"Met", "Close", "Not met", "No data"}
    assert words["K"] == {"Common cause", "Special cause improving", "Special cause concerning", "Consistently passes",
                          "Consistently fails", "Hit and miss"}


def test_a_sheet_and_a_line_chart_with_limits_and_target_per_indicator(book, results) -> None:
    # The figure; the centre line and two limits once there are 15 months; the target where one is set.
    series = {"identification": 5, "information": 2, "hip-fractures": 4, "treatment-recommended": 5}
    for n, result in enumerate(results, start=1):
        sheet = next(ws for ws in book.worksheets if ws.title.startswith(f"{n} "))
        assert sheet["A1"].value == result.indicator.name
        if not result.months:
            assert sheet["A5"].value == "No counts yet." and not sheet._charts
            continue
        assert len(sheet._charts) == 1
        if result.indicator.id in series:
            assert len(sheet._charts[0].series) == series[result.indicator.id], result.indicator.id
        months = [r[0] for r in sheet.iter_rows(min_row=5, values_only=True) if r[0]]
        assert months == [m.month for m in result.months]


def test_targets_are_judged(results) -> None:
    falls = next(r for r in results if r.indicator.id == "falls")
    assert falls.latest.share == pytest.approx(19 / 34) and falls.status == NOT_MET
    assert all(m.status in (MET, NOT_MET, "Close") for r in results for m in r.months if r.indicator.target is not None)
    assert all(m.status == "No target" for r in results for m in r.months if r.indicator.target is None)


def test_csv_problems_name_the_line_and_column(tmp_path: Path) -> None:
    root = copy_project(tmp_path)
    csv = root / "content" / "indicators.csv"
    csv.write_text("indicator,month,numerator,denominator\n"
                   "assessment,2026-04,22,52\n"
                   "assesment,2026-13,x,52\n"
                   "assessment,2026-05,60,57\n", encoding="utf-8")
    result = run("validate", root)
    assert result.exit_code == 1
    out = result.output
    assert 'content/indicators.csv:3:1: indicator: "assesment" is not an indicator in indicators.yaml' in out
    assert 'content/indicators.csv:3:11: month: "2026-13" is not a month (write it as YYYY-MM' in out
    assert 'content/indicators.csv:3:19: numerator: "x" is not a whole number of patients' in out
    assert "content/indicators.csv:4:20: numerator: the numerator (60) is larger than the denominator (57)" in out


def test_a_project_without_indicators_still_gets_a_workbook(tmp_path: Path) -> None:
    root = copy_project(tmp_path, "minimal")
    assert run("build", "--quiet", root).exit_code == 0
    book = openpyxl.load_workbook(root / BOOK)
    assert "No indicators are defined yet" in " ".join(str(c.value) for c in book["Read me"]["A"])


def test_counts_are_entered_on_a_sheet_of_their_own_with_formulas(built_example: Path, results) -> None:
    book = openpyxl.load_workbook(built_example / BOOK)
    cached = openpyxl.load_workbook(built_example / BOOK, data_only=True)["Enter counts"]
    sheet = book["Enter counts"]
    assert [c.value for c in sheet[1]] == ["Month", "Indicator", "Numerator", "Denominator", "Share", "Target",
                                           "Gap to target", "Against target"]
    rows = [r for r in cached.iter_rows(min_row=2, values_only=True) if r[0]]
    # Shares only: a count or an average is written in indicators.yaml.
    assert len(rows) == sum(len(r.months) for r in results if r.indicator.kind == "share")
    assert {r[1] for r in rows} == {"identification", "assessment", "information", "treatment-recommended", "falls",
                                    "refracture"}
    first = rows[0]
    assert first[:4] == ("2024-05", "identification", 47, 131)
    assert first[4] == pytest.approx(47 / 131) and first[5] == 0.8 and first[7] == NOT_MET
    assert first[6] == pytest.approx(47 / 131 - 0.8)
    assert sheet["E2"].value == '=IF(AND(ISNUMBER(C2),ISNUMBER(D2)),IF(D2>0,C2/D2,""),"")'
    assert f"MATCH($B2,Definitions!$A$2:$A${len(results) + 1},0)" in sheet["F2"].value
    assert sheet["H2"].value.startswith('=IF($B2="","",IF(G2="",IF(AND(E2<>"",F2=""),"No target","No data"),IF(G2>=')
    refracture = next(r for r in rows if r[1] == "refracture")  # a share with no target
    assert refracture[5] in ("", None) and refracture[7] == "No target"
    # The four typed columns are open, down to the empty rows; the formulas are locked.
    assert sheet.protection.sheet and not sheet["C2"].protection.locked and sheet["E2"].protection.locked
    assert not sheet.column_dimensions["A"].protection.locked and sheet.column_dimensions["A"].number_format == "@"
    assert sheet[f"H{len(rows) + 50}"].data_type == "f"
    assert book["Generated for"].sheet_state == "veryHidden"
