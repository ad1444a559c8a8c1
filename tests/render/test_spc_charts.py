"""SPC charts as the reader sees them: the chart images, their alt text, the indicators page and the workbook.

The example's figures are in content/indicators.yaml. Patients identified: 660 of 15 x 131 expected
before the orthogeriatric change in August 2025 and 875 of 15 x 131 after it, worked by hand below.
"""

from __future__ import annotations

import math
import re
from datetime import date
from pathlib import Path

import numpy as np
import openpyxl
import pytest
from PIL import Image

from fls_docs.calc.results import calculate
from fls_docs.calc.spc import FAILS, IMPROVING, NO_DATA, NOT_ENOUGH
from fls_docs.model.validate import load_project
from fls_docs.render.spc_charts import BLUE, ORANGE, describe_spc, draw_spc

BEFORE, AFTER = 660 / 1965, 875 / 1965  # patients identified out of 15 months of 131 expected


@pytest.fixture(scope="module")
def results(built_example: Path):
    project, _ = load_project(built_example)
    return calculate(project, date(2026, 11, 25), analyses=False)


def _pixels_like(path: Path, colour: str, tolerance: int = 30) -> int:
    target = np.array([int(colour[i:i + 2], 16) for i in (1, 3, 5)])
    pixels = np.asarray(Image.open(path).convert("RGB"), dtype=int)
    return int((np.abs(pixels - target) <= tolerance).all(axis=-1).sum())


def test_the_example_shows_special_cause_improving_after_the_marked_change(results) -> None:
    chart = results.spc["identification"]
    before, after = chart.segments
    assert before.centre == pytest.approx(BEFORE) and after.centre == pytest.approx(AFTER)
    # Limits at the 131 expected a month: p-bar -/+ 3 x sqrt(p-bar (1 - p-bar) / 131).
    assert after.upper == pytest.approx(AFTER + 3 * math.sqrt(AFTER * (1 - AFTER) / 131))
    assert after.change.month == "2025-08"
    assert chart.variation == IMPROVING and chart.assurance == FAILS
    assert chart.reading == ("Improved since August 2025 (orthogeriatric team sees all fracture inpatients): 15 months "
                             "in a row above the earlier average of 34% (now 45%).")


def test_every_indicator_has_its_chart_under_a_stable_key(built_example: Path, results) -> None:
    for r in results.indicators:
        assert (built_example / "build" / "charts" / f"indicator-{r.indicator.id}.png").is_file()
    assert results.spc.keys() == {r.indicator.id for r in results.indicators}
    assert results.spc["information"].variation == NOT_ENOUGH and results.spc["plan-shared"].variation == NO_DATA


def test_special_cause_months_are_blue_and_a_steady_chart_has_none(results, tmp_path: Path) -> None:
    draw_spc(results, "identification", tmp_path / "improving.png")
    draw_spc(results, "hip-fractures", tmp_path / "steady.png")
    assert _pixels_like(tmp_path / "improving.png", BLUE) > 500
    assert _pixels_like(tmp_path / "steady.png", BLUE) == 0 and _pixels_like(tmp_path / "steady.png", ORANGE) == 0
    # The assurance icon for a target always missed is orange.
    assert _pixels_like(tmp_path / "improving.png", ORANGE) > 100


def test_a_chart_is_the_same_file_each_time(results, tmp_path: Path) -> None:
    draw_spc(results, "assessment", tmp_path / "a.png")
    draw_spc(results, "assessment", tmp_path / "b.png")
    assert (tmp_path / "a.png").read_bytes() == (tmp_path / "b.png").read_bytes()


def test_charts_with_no_months_are_drawn_once_for_each_look(results, tmp_path: Path) -> None:
    from dataclasses import replace

    from fls_docs.calc.spc import NO_CHART, NO_TARGET
    from fls_docs.render import spc_charts

    empty = [i for i, c in results.spc.items() if c.chart == NO_CHART]
    assert len(empty) >= 2
    spc_charts._NO_MONTHS.clear()
    for name in empty[:2]:
        draw_spc(results, name, tmp_path / f"{name}.png")
    # The second was copied from the first, and is what drawing it afresh gives.
    spc_charts._draw_spc(results.spc[empty[1]], tmp_path / "fresh.png")
    assert (tmp_path / f"{empty[1]}.png").read_bytes() == (tmp_path / "fresh.png").read_bytes()
    assert (tmp_path / f"{empty[0]}.png").read_bytes() == (tmp_path / "fresh.png").read_bytes()
    # With no target the assurance icon gives way to words: a different picture, not a copy of the first.
    untargeted = replace(results.spc[empty[1]], assurance=NO_TARGET)
    drawn = replace(results, spc={**results.spc, "untargeted": untargeted})
    draw_spc(drawn, "untargeted", tmp_path / "untargeted.png")
    assert (tmp_path / "untargeted.png").read_bytes() != (tmp_path / "fresh.png").read_bytes()


def test_alt_text_gives_each_part_the_readings_and_every_month(results) -> None:
    alt = describe_spc(results, "identification")
    assert "May 2024 to July 2025: average 34%, process limits 21% to 46%" in alt
    assert "August 2025 to October 2026, from the change (Orthogeriatric team sees all fracture inpatients): average 45%" in alt
    assert "Target 80%." in alt and "Variation: special cause improving. Assurance: consistently fails." in alt
    assert "May 2024 36%;" in alt and "October 2026 50% (special cause improving)." in alt
    assert describe_spc(results, "plan-shared") == "No chart yet for care plan shared with primary care: no months are recorded."


def test_the_indicators_page_reads_each_chart_in_words(built_example: Path) -> None:
    html = (built_example / "build" / "site" / "project" / "indicators.html").read_text(encoding="utf-8")
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))
    for heading in ("Care against the FLS clinical standards", "Patient experience", "Outcomes", "How to read the charts"):
        assert heading in text, heading
    assert "Improved since February 2026 (falls service takes referrals from the fracture clinic): 9 months in a row " \
           "above the earlier average of 38%." in text
    assert 'fls-special-cause-improving' in html and 'fls-consistently-fails' in html
    assert "Data source in England: Fracture Liaison Service Database (FLS-DB), Royal College of Physicians." in text
    assert "indicator-identification.png" in html


def test_the_workbook_gives_each_indicator_its_centre_limits_and_reading(built_example: Path) -> None:
    book = openpyxl.load_workbook(built_example / "build" / "docs" / "outcome-indicators.xlsx")
    sheet = book["SPC readings"]
    assert [c.value for c in sheet[1]] == ["ID", "Indicator", "Chart", "Latest month", "Latest figure", "Centre line",
                                           "Lower limit", "Upper limit", "Limits since", "Variation", "Assurance",
                                           "Reading"]
    rows = {r[0]: r for r in sheet.iter_rows(min_row=2, values_only=True) if r[0]}
    ident = rows["identification"]
    spread = 3 * math.sqrt(AFTER * (1 - AFTER) / 131)
    assert ident[2:5] == ("p-chart", "2026-10", pytest.approx(66 / 131))
    assert ident[5:9] == (pytest.approx(AFTER), pytest.approx(AFTER - spread), pytest.approx(AFTER + spread), "2025-08")
    assert ident[9:11] == ("Special cause improving", "Consistently fails")
    assert ident[11].startswith("Improved since August 2025") and ident[11].endswith("unless care changes.")
    assert sheet["F2"].number_format == "0.0%" and rows["hip-fractures"][2] == "XmR chart"
    monthly = [r for r in book["Monthly data"].iter_rows(min_row=2, values_only=True) if r[0] == "identification"]
    assert monthly[0][7] == pytest.approx(BEFORE) and monthly[-1][7] == pytest.approx(AFTER)
    assert monthly[0][10] == "Common cause" and monthly[-1][10] == "Special cause improving"
