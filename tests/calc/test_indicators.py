"""Indicator shares and status against target, worked by hand."""

import pytest

from fls_docs.calc.indicators import CLOSE, MET, NO_DATA, NOT_MET, assess, judge
from fls_docs.model.project import Indicator, MonthlyCount


@pytest.mark.parametrize("share, target, direction, status", [
    (0.80, 0.80, "higher", MET), (0.85, 0.80, "higher", MET), (0.70, 0.80, "higher", CLOSE),
    (0.69, 0.80, "higher", NOT_MET), (0.05, 0.10, "lower", MET), (0.18, 0.10, "lower", CLOSE),
    (0.25, 0.10, "lower", NOT_MET), (None, 0.8, "higher", NO_DATA), (0.5, None, "higher", NO_DATA),
])
def test_status_against_target(share, target, direction, status) -> None:
    assert judge(share, target, direction) == status


def test_monthly_shares_and_latest_status() -> None:
    indicator = Indicator("i", "Identified", 2, 1, "n", "d", "s", "monthly", 0.8, "higher",
                          (MonthlyCount("2026-04", 52, 131), MonthlyCount("2026-05", 0, 0), MonthlyCount("2026-06", 110, 131)))
    result = assess(indicator)
    assert [m.share for m in result.months] == [pytest.approx(52 / 131), None, pytest.approx(110 / 131)]
    assert [m.status for m in result.months] == [NOT_MET, NO_DATA, MET]
    assert result.status == MET


def test_a_count_is_judged_on_its_value_and_no_target_is_said_so() -> None:
    from fls_docs.calc.indicators import NO_TARGET

    counts = (MonthlyCount("2026-04", None, None, 24), MonthlyCount("2026-05", None, None, 21.5))
    hips = Indicator("hips", "Hip fractures", None, None, "n", "", "s", "monthly", 22, "lower", counts, kind="count")
    # Close for a count: within 10% of its target (22 + 2.2) on the wrong side.
    assert [(m.figure, m.status) for m in assess(hips).months] == [(24, CLOSE), (21.5, MET)]
    untargeted = Indicator("hips", "Hip fractures", None, None, "n", "", "s", "monthly", None, "lower", counts, kind="count")
    assert assess(untargeted).status == NO_TARGET
