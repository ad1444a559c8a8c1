"""Indicator performance: each month's share, and how it stands against the target."""

from __future__ import annotations

from dataclasses import dataclass

from fls_docs.model.project import Indicator

MET, CLOSE, NOT_MET, NO_DATA = "Met", "Close", "Not met", "No data"
NO_TARGET = "No target"  # a month with a figure, for an indicator that sets no target
# How far short of the target (in percentage points) still counts as close.
CLOSE_MARGIN = 0.10
# For a count or an average, how far short (as a share of the target) still counts as close.
CLOSE_SHARE_OF_TARGET = 0.10


@dataclass(frozen=True)
class MonthResult:
    month: str
    numerator: int | None  # None for a count or an average
    denominator: int | None
    share: float | None  # None when the denominator is zero, and for a count or an average
    status: str
    value: float | None = None  # the month's figure: the share, the count or the average

    @property
    def figure(self) -> float | None:
        """The month's figure whatever the kind: the share, or the count or average."""
        return self.share if self.value is None else self.value


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


def judge(share: float | None, target: float | None, direction: str, margin: float = CLOSE_MARGIN) -> str:
    """Met, Close (within ``margin``, 10 percentage points for a share, on the wrong side) or Not met; No data without a figure or target."""
    if share is None or target is None:
        return NO_DATA
    gap = share - target if direction == "higher" else target - share
    if gap >= -1e-12:
        return MET
    return CLOSE if gap >= -margin - 1e-12 else NOT_MET


def assess(indicator: Indicator) -> IndicatorResult:
    months = []
    margin = CLOSE_MARGIN if indicator.kind == "share" else CLOSE_SHARE_OF_TARGET * (indicator.target or 0)
    for count in indicator.values:
        if indicator.kind == "share":
            share = count.numerator / count.denominator if count.denominator and count.numerator is not None else None
            value = share
        else:
            share, value = None, count.value
        status = NO_TARGET if indicator.target is None and value is not None else judge(
            value, indicator.target, indicator.direction, margin)
        months.append(MonthResult(count.month, count.numerator, count.denominator, share, status, value))
    return IndicatorResult(indicator, tuple(months))


def assess_all(indicators: tuple[Indicator, ...]) -> tuple[IndicatorResult, ...]:
    return tuple(assess(i) for i in indicators)
