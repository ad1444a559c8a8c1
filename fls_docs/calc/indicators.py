"""Indicator performance: each month's share, and how it stands against the target."""

from __future__ import annotations

from dataclasses import dataclass

from fls_docs.model.project import Indicator

MET, CLOSE, NOT_MET, NO_DATA = "Met", "Close", "Not met", "No data"
# How far short of the target (in percentage points) still counts as close.
CLOSE_MARGIN = 0.10


@dataclass(frozen=True)
class MonthResult:
    month: str
    numerator: int
    denominator: int
    share: float | None  # None when the denominator is zero
    status: str


@dataclass(frozen=True)
class IndicatorResult:
    indicator: Indicator
    months: tuple[MonthResult, ...]

    @property
    def latest(self) -> MonthResult | None:
        return self.months[-1] if self.months else None

    @property
    def status(self) -> str:
        return self.latest.status if self.latest else NO_DATA


def judge(share: float | None, target: float | None, direction: str) -> str:
    """Met, Close (within 10 percentage points on the wrong side) or Not met; No data without a share or target."""
    if share is None or target is None:
        return NO_DATA
    gap = share - target if direction == "higher" else target - share
    if gap >= -1e-12:
        return MET
    return CLOSE if gap >= -CLOSE_MARGIN - 1e-12 else NOT_MET


def assess(indicator: Indicator) -> IndicatorResult:
    months = []
    for count in indicator.values:
        share = count.numerator / count.denominator if count.denominator else None
        months.append(MonthResult(count.month, count.numerator, count.denominator, share,
                                  judge(share, indicator.target, indicator.direction)))
    return IndicatorResult(indicator, tuple(months))


def assess_all(indicators: tuple[Indicator, ...]) -> tuple[IndicatorResult, ...]:
    return tuple(assess(i) for i in indicators)
