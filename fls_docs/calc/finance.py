"""The financial case: costs and savings year by year, discounted, with optimism bias.

Like the benefits arithmetic, this works on plain numbers and on NumPy arrays.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any


def discount_factors(rate: Any, horizon: int) -> list[Any]:
    """Factor for years 1..horizon: 1 / (1 + rate) ** year (year 0 is today and is not discounted)."""
    return [1 / (1 + rate) ** year for year in range(1, horizon + 1)]


@dataclass(frozen=True)
class Year:
    year: int
    parts: dict[str, Any]  # cost by kind (staff, scans ...), after optimism bias
    savings: Any
    discount_factor: Any

    @property
    def costs(self) -> Any:
        return sum(self.parts.values())

    @property
    def net(self) -> Any:
        return self.savings - self.costs


@dataclass(frozen=True)
class Appraisal:
    setup: Any  # year 0, after optimism bias
    years: tuple[Year, ...]

    @property
    def present_costs(self) -> Any:
        return self.setup + sum(y.costs * y.discount_factor for y in self.years)

    @property
    def present_savings(self) -> Any:
        return sum(y.savings * y.discount_factor for y in self.years)

    @property
    def npv(self) -> Any:
        """Net present value: discounted savings less discounted costs."""
        return self.present_savings - self.present_costs

    @property
    def cumulative(self) -> list[Any]:
        """Discounted net position at the end of each year, starting from the set-up cost."""
        out, running = [], -self.setup
        for y in self.years:
            running = running + y.net * y.discount_factor
            out.append(running)
        return out

    @property
    def break_even_year(self) -> int | None:
        """The first year whose end finds discounted savings covering every cost so far; None within the horizon."""
        return next((y.year for y, position in zip(self.years, self.cumulative) if position >= 0), None)

    @property
    def savings_per_pound(self) -> float | None:
        """Discounted savings for each pound of discounted cost (plain numbers only)."""
        costs = self.present_costs
        return self.present_savings / costs if costs else None


def appraise(setup: Any, costs: Sequence[Any], savings: Sequence[Any], discount_rate: Any, optimism_bias: Any) -> Appraisal:
    """Year-by-year costs (before optimism bias) and savings, discounted into one appraisal.

    Each year's costs are one figure or a mapping of figures by kind.
    """
    uplift = 1 + optimism_bias
    factors = discount_factors(discount_rate, len(costs))
    years = []
    for i, (cost, saving, factor) in enumerate(zip(costs, savings, factors)):
        parts = cost if isinstance(cost, dict) else {"costs": cost}
        years.append(Year(i + 1, {kind: value * uplift for kind, value in parts.items()}, saving, factor))
    return Appraisal(setup=setup * uplift, years=tuple(years))
