"""SPC charts read the Making Data Count way: the maths against published worked examples, and each rule.

Published examples used:

* XmR: NHS England's "Making Data Count" Excel tool, as reproduced by the NHS-R community's
  NHSRplotthedots package (vignette "Deviations from Excel defaults", with outliers not screened, as
  the Excel tool does): the 18 daily values 1, 2, 1, 2, 10, 1, 2, ... give a mean of 1.94 and process
  limits of -3.06 and 6.95, with the one value of 10 the only special-cause point.
* p-chart with varying sample sizes: Pyzdek and Keller, *The Handbook for Quality Management*, 2nd
  edition (McGraw-Hill, 2013), Table 9.6: bruised peaches in 25 shipments of one crate (250 peaches) or
  two (500), 1,544 bruised out of 8,000. The limits below are worked by hand from p-bar = 1544/8000.
"""

from __future__ import annotations

import math

import pytest

from fls_docs.calc.spc import (
    BEYOND, CONCERNING, FAILS, HIT_AND_MISS, IMPROVING, NO_DATA, NO_TARGET, NOT_ENOUGH, P_CHART, PASSES, RUN, RUN_CHART,
    TREND, TWO_OF_THREE, XMR, rule_signals, spc_chart,
)
from fls_docs.model.project import Indicator, IndicatorChange, MonthlyCount


def _months(n: int, start: tuple[int, int] = (2024, 1)) -> list[str]:
    year, month = start
    out = []
    for _ in range(n):
        out.append(f"{year}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out


def xmr(values: list[float], direction: str = "higher", target: float | None = None,
        changes: tuple[IndicatorChange, ...] = ()) -> Indicator:
    counts = tuple(MonthlyCount(m, None, None, v) for m, v in zip(_months(len(values)), values))
    return Indicator("days", "Days to assessment", None, 2, "Days", "Patients", "", "monthly", target, direction,
                     counts, kind="average", unit="days", changes=changes)


def share(numerators: list[int], denominators: list[int], direction: str = "higher", target: float | None = None,
          changes: tuple[IndicatorChange, ...] = ()) -> Indicator:
    counts = tuple(MonthlyCount(m, x, n) for m, x, n in zip(_months(len(numerators)), numerators, denominators))
    return Indicator("identified", "Patients identified", 2, 1, "Identified", "Expected", "", "monthly", target,
                     direction, counts, changes=changes)


# --- the published worked examples -----------------------------------------------------------

def test_xmr_matches_the_making_data_count_excel_tool() -> None:
    values = [1, 2, 1, 2, 10, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1]
    chart = spc_chart(xmr(values))
    part = chart.segments[0]
    assert chart.chart == XMR
    # Mean 35/18; moving ranges 1,1,1,8,9 then twelve 1s: 32/17; limits mean -/+ 2.66 x 32/17.
    assert part.centre == pytest.approx(35 / 18)
    assert part.mean_moving_range == pytest.approx(32 / 17)
    assert round(part.upper, 2) == 6.95 and round(part.lower, 2) == -3.06 and round(part.centre, 2) == 1.94
    flagged = [(p.month, p.signals) for p in chart.points if p.signals]
    assert flagged == [("2024-05", (BEYOND,))]
    assert chart.points[4].variation == IMPROVING and chart.variation == "common cause"


PEACHES = [47, 42, 55, 51, 46, 61, 39, 44, 41, 51, 88, 101, 101, 40, 48, 47, 50, 48, 57, 45, 43, 105, 98, 100, 96]
CRATES = [1] * 10 + [2] * 3 + [1] * 8 + [2] * 4


def test_p_chart_limits_match_the_bruised_peaches_example() -> None:
    sizes = [250 * c for c in CRATES]
    assert sum(sizes) == 8000 and sum(PEACHES) == 1544
    chart = spc_chart(share(PEACHES, sizes, direction="lower"))
    assert chart.chart == P_CHART
    assert chart.segments[0].centre == pytest.approx(0.193)
    # By hand: 3 x sqrt(0.193 x 0.807 / 250) = 0.07488 and 3 x sqrt(0.193 x 0.807 / 500) = 0.05295.
    one, two = chart.points[0], chart.points[10]
    assert (round(one.lower, 4), round(one.upper, 4)) == (0.1181, 0.2679)
    assert (round(two.lower, 4), round(two.upper, 4)) == (0.1401, 0.2459)
    # Every shipment is inside its own limits, as in the book.
    assert not any(BEYOND in p.signals for p in chart.points)


# --- p-chart limits follow each month's denominator -------------------------------------------

def test_p_chart_limits_step_with_the_denominator_and_stay_within_0_and_1() -> None:
    sizes = [50, 200] * 8
    chart = spc_chart(share([n // 10 for n in sizes], sizes))  # every month 10%, so p-bar is 0.1
    small, large = chart.points[0], chart.points[1]
    assert small.centre == large.centre == pytest.approx(0.1)
    # n = 50: 0.1 -/+ 3 x sqrt(0.09 / 50) = 0.1 -/+ 0.12728, the lower limit held at 0.
    assert small.lower == 0.0 and small.upper == pytest.approx(0.2272792)
    # n = 200: 0.1 -/+ 3 x sqrt(0.09 / 200) = 0.1 -/+ 0.06364.
    assert large.lower == pytest.approx(0.0363604) and large.upper == pytest.approx(0.1636396)


# --- each rule, with a series that must trigger it and one just short ------------------------

WIDE = 100.0  # limits and sigma so wide that only the rule under test can fire


def _signals(values: list[float], centre: float = 0.0, sigma: float = WIDE, lower: float = -WIDE,
             upper: float = WIDE) -> list[dict[str, int]]:
    n = len(values)
    return rule_signals(values, [centre] * n, [sigma] * n, [lower] * n, [upper] * n)


def _flagged(found: list[dict[str, int]], rule: str) -> list[int]:
    return [i for i, f in enumerate(found) if rule in f]


def test_a_point_beyond_a_limit() -> None:
    found = _signals([1, -1, 3.01, 1, -3.5, 3.0], lower=-3, upper=3)
    assert _flagged(found, BEYOND) == [2, 4]
    assert found[2][BEYOND] == 1 and found[4][BEYOND] == -1  # 3.0, on the limit, is not beyond it


def test_a_run_of_seven_on_one_side_and_not_six() -> None:
    seven = [-1, 1, 1, 1, 1, 1, 1, 1, -1]
    assert _flagged(_signals(seven), RUN) == [1, 2, 3, 4, 5, 6, 7]
    six = [-1, 1, 1, 1, 1, 1, 1, -1, -2, -1, -2]
    assert _flagged(_signals(six), RUN) == []
    on_the_line = [1, 1, 1, 0, 1, 1, 1, 1]  # a point on the centre line ends the run
    assert _flagged(_signals(on_the_line), RUN) == []
    below = [-1] * 7
    assert {f[RUN] for f in _signals(below)} == {-1}


def test_a_trend_of_six_and_not_five() -> None:
    six = [5, 1, 2, 3, 4, 5, 6, 2, 9]  # 1..6 rises five times: six points
    found = _signals(six, centre=4.5)
    assert _flagged(found, TREND) == [1, 2, 3, 4, 5, 6] and found[1][TREND] == 1
    five = [5, 1, 2, 3, 4, 5, 2, 9]
    assert _flagged(_signals(five, centre=4.5), TREND) == []
    repeated = [1, 2, 3, 3, 4, 5, 6]  # a repeated value is not a rise
    assert _flagged(_signals(repeated, centre=3.5), TREND) == []
    falling = _signals([9, 8, 7, 6, 5, 4], centre=6.5)
    assert {f[TREND] for f in falling} == {-1}


def test_two_of_three_beyond_two_sigma_on_the_same_side() -> None:
    # sigma 1: the outer third is beyond 2 (and the limits at 3).
    found = _signals([0, 2.5, 0.5, 2.2, 0, -0.5], sigma=1, lower=-3, upper=3)
    assert _flagged(found, TWO_OF_THREE) == [1, 3] and found[1][TWO_OF_THREE] == 1
    opposite = _signals([0, 2.5, -2.5, 0, 0], sigma=1, lower=-3, upper=3)
    assert _flagged(opposite, TWO_OF_THREE) == []
    apart = _signals([2.5, 0, 0, 2.5, 0], sigma=1, lower=-3, upper=3)  # 2 of 4, never 2 of 3
    assert _flagged(apart, TWO_OF_THREE) == []
    inside = _signals([1.9, 1.9, 1.9, 0], sigma=1, lower=-3, upper=3)  # close, but not beyond 2 sigma
    assert _flagged(inside, TWO_OF_THREE) == []


def test_a_run_in_the_wrong_direction_is_concerning_with_its_letter() -> None:
    # Lower is better: the last 8 months above the average are special cause, concerning, from higher values.
    values = [10, 8, 9, 7, 10, 8, 9, 7, 10, 8, 9, 7, 10, 8, 9, 7, 10, 11, 10, 11, 10, 11, 10, 11]
    chart = spc_chart(xmr(values, direction="lower"))
    assert chart.variation == CONCERNING and chart.variation_letter == "H"
    assert all(RUN in p.signals for p in chart.points[-8:]) and RUN not in chart.points[-9].signals
    assert chart.reading.startswith("Getting worse: 8 months in a row above the average of")


# --- a change to care: the limits worked out again, and the shift read as special cause -----

BEFORE = [9, 11] * 7 + [10]  # mean 10; moving ranges: thirteen 2s and a 1, 27/14
AFTER = [14, 16] * 7 + [15]  # mean 15, the same spread
CHANGE = IndicatorChange("2025-04", "Pilot service starts")


def test_a_shift_after_a_change_date_recalculates_limits_and_reads_special_cause_improving() -> None:
    chart = spc_chart(xmr(BEFORE + AFTER, target=12, changes=(CHANGE,)))
    before, after = chart.segments
    spread = 2.66 * 27 / 14  # 5.13
    assert (before.first, before.last, after.first, after.last) == ("2024-01", "2025-03", "2025-04", "2026-06")
    assert before.centre == pytest.approx(10) and after.centre == pytest.approx(15)
    assert before.upper == pytest.approx(10 + spread) and after.lower == pytest.approx(15 - spread)
    assert after.change == CHANGE and before.change is None
    # Within its own limits the new process is steady; against the old average every month is above it.
    assert not any(p.signals for p in chart.points[15:])
    assert all(RUN in p.before_change for p in chart.points[15:])
    assert chart.points[-1].upper == pytest.approx(15 + spread)
    assert chart.variation == IMPROVING and chart.variation_letter == "H"
    assert chart.reading == ("Improved since April 2025 (pilot service starts): 15 months in a row above the "
                             "earlier average of 10 days (now 15 days).")
    assert chart.assurance == HIT_AND_MISS  # 12 lies between 9.87 and 20.13


def test_a_p_chart_shift_gives_each_part_its_own_centre() -> None:
    numerators = [30] * 15 + [50] * 15
    chart = spc_chart(share(numerators, [100] * 30, changes=(CHANGE,)))
    assert [round(s.centre, 6) for s in chart.segments] == [0.3, 0.5]
    # 0.5 -/+ 3 x sqrt(0.25 / 100) = 0.5 -/+ 0.15
    assert chart.segments[1].lower == pytest.approx(0.35) and chart.segments[1].upper == pytest.approx(0.65)
    assert chart.variation == IMPROVING


def test_too_few_months_after_a_change_are_judged_against_the_limits_before_it() -> None:
    chart = spc_chart(xmr(BEFORE + AFTER[:9], changes=(CHANGE,)))
    assert len(chart.segments) == 1 and chart.waiting == CHANGE and chart.waiting_months == 9
    assert chart.segments[0].centre == pytest.approx(10) and chart.segments[0].points == 15
    assert all(p.centre == pytest.approx(10) for p in chart.points[15:])
    assert chart.variation == IMPROVING
    assert chart.reading.startswith("Improved since April 2025 (pilot service starts): 9 months in a row above the "
                                    "earlier average of 10 days")


def test_no_change_marked_means_one_set_of_limits() -> None:
    chart = spc_chart(xmr(BEFORE + AFTER))
    assert len(chart.segments) == 1 and chart.segments[0].centre == pytest.approx(12.5)


# --- assurance ------------------------------------------------------------------------------

@pytest.mark.parametrize(("direction", "target", "expected"), [
    ("higher", 4, PASSES), ("higher", 16, FAILS), ("higher", 12, HIT_AND_MISS),
    ("lower", 16, PASSES), ("lower", 4, FAILS), ("lower", 10, HIT_AND_MISS),
])
def test_assurance_compares_the_target_with_the_process_limits(direction: str, target: float, expected: str) -> None:
    chart = spc_chart(xmr(BEFORE, direction=direction, target=target))  # limits 4.87 to 15.13
    assert chart.assurance == expected
    assert chart.assurance_letter == {PASSES: "P", FAILS: "F", HIT_AND_MISS: "?"}[expected]


def test_assurance_in_words() -> None:
    assert spc_chart(xmr(BEFORE, target=16)).assurance_reading == (
        "At this level it will miss the 16 days target every month unless care changes.")
    assert spc_chart(xmr(BEFORE, target=4)).assurance_reading == "At this level it will meet the 4.0 days target every month."
    assert spc_chart(xmr(BEFORE)).assurance == NO_TARGET


def test_common_cause_reading_gives_the_range_to_expect() -> None:
    chart = spc_chart(xmr(BEFORE, target=12))
    assert chart.variation == "common cause" and chart.variation_letter == ""
    assert chart.reading == "No sign of change: expect between 5 and 15 days a month, around an average of 10 days."
    assert chart.summary == chart.reading + " It will meet the 12 days target in some months and miss it in others."


# --- enough points ----------------------------------------------------------------------------

def test_fewer_than_fifteen_months_is_a_run_chart_and_none_is_no_chart() -> None:
    short = spc_chart(xmr(BEFORE[:14], target=12))
    assert short.chart == RUN_CHART and not short.has_limits
    assert short.variation == short.assurance == NOT_ENOUGH
    assert short.segments[0].centre == 10  # the median of seven 9s and seven 11s
    assert short.reading == ("Not enough months yet to read as a control chart: 14 of the 15 needed. "
                             "The latest, February 2025, was 11 days.")
    assert spc_chart(xmr(BEFORE)).chart == XMR
    empty = spc_chart(xmr([]))
    assert empty.variation == NO_DATA and empty.points == ()


def test_a_month_without_patients_is_left_off_a_p_chart() -> None:
    chart = spc_chart(share([3] * 16, [10] * 15 + [0]))
    assert len(chart.points) == 15 and chart.chart == P_CHART


def test_a_beyond_limit_signal_outranks_a_trend_pointing_the_other_way() -> None:
    values = [10, 8, 9, 7, 10, 8, 9, 7, 10, 8, 9, 7, 10, 8, 30, 25, 20, 15, 12, 9]
    found = _signals(values, centre=10, sigma=2, lower=4, upper=16)
    assert found[14] == {BEYOND: 1, TREND: -1, TWO_OF_THREE: 1}
    chart = spc_chart(xmr(values[:15]))
    assert chart.points[14].side == 1 and not math.isnan(chart.points[14].value)
