"""Plain figures for readers: each option's evaluation and budget in pounds, QALYs and people, ready to print.

The model works on numbers or sample arrays; documents need plain numbers, labelled
lines and verdicts. Everything here is worked out from one run's results; nothing
is formatted.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from fls_docs.calc.run import SERVICE_LINES, Option, scalar


@dataclass(frozen=True)
class Line:
    key: str
    label: str
    payer: str
    cash_releasing: bool
    counted: bool  # in the chosen perspective
    amount: float  # extra spending (negative: saving)


@dataclass(frozen=True)
class EvaluationSummary:
    lines: tuple[Line, ...]
    net_cost: float
    qalys: float
    qalys_green_book: float
    life_years: float
    deaths_avoided: float
    prevented: dict[str, float]
    bed_days: float
    cost_per_qaly: float | None  # None when the service gains no health
    dominant: bool  # saves money and gains health
    npsv: float
    qaly_value: float
    optimism_bias: float
    service_factor: float  # pounds of present-value cost, with optimism bias, per pound a year of staff and running cost
    service_cost: float  # staff and running cost a year

    @property
    def total_prevented(self) -> float:
        return sum(self.prevented.values())

    @property
    def savings(self) -> float:
        """Costs avoided (counted lines only), as a positive figure."""
        return -sum(line.amount for line in self.lines if line.counted and line.amount < 0)

    @property
    def spending(self) -> float:
        return sum(line.amount for line in self.lines if line.counted and line.amount > 0)

    def affordable_service_cost(self, threshold: float | None = None) -> float:
        """The yearly staff and running cost at which the service would pay for itself (no threshold)
        or be just cost-effective at ``threshold`` pounds per QALY, everything else unchanged."""
        headroom = -self.net_cost if threshold is None else self.qalys * threshold - self.net_cost
        return self.service_cost + headroom / self.service_factor

    def verdict(self, low: float, high: float) -> str:
        """What NICE would conclude at its thresholds."""
        if self.dominant:
            return "saves money and improves health"
        if self.cost_per_qaly is None:
            return "costs more and gains no health"
        if self.cost_per_qaly <= low:
            return f"cost-effective (below £{low:,.0f} per QALY)"
        if self.cost_per_qaly <= high:
            return f"possibly cost-effective (between £{low:,.0f} and £{high:,.0f} per QALY)"
        return f"not cost-effective (above £{high:,.0f} per QALY)"


@dataclass(frozen=True)
class BudgetRow:
    year: str  # financial year
    lines: tuple[Line, ...]

    def total(self, payer: str | None = None, cash: bool | None = None) -> float:
        return sum(line.amount for line in self.lines if line.counted and payer in (None, line.payer)
                   and cash in (None, line.cash_releasing))

    @property
    def ask(self) -> float:
        """What the service itself costs in the year: the money the business case asks for."""
        return sum(line.amount for line in self.lines if line.key in SERVICE_LINES)

    @property
    def commissioner_cost(self) -> float:
        """Everything the commissioner pays in the year: the service, and the scans, medicines and monitoring it brings."""
        return self.total("commissioner")

    @property
    def cash_releasing_savings(self) -> float:
        return -sum(line.amount for line in self.lines if line.counted and line.cash_releasing and line.amount < 0)

    @property
    def other_savings(self) -> float:
        return -sum(line.amount for line in self.lines if line.counted and not line.cash_releasing and line.amount < 0)


def _lines(amounts: dict[str, Any], labels: dict[str, dict[str, Any]], counted: tuple[str, ...]) -> tuple[Line, ...]:
    return tuple(Line(key, labels[key]["label"], labels[key]["payer"], bool(labels[key]["cash_releasing"]),
                      key in counted, scalar(amount)) for key, amount in amounts.items())


def summarise(option: Option, labels: dict[str, dict[str, Any]]) -> EvaluationSummary:
    """``labels`` maps every cost component and line to its label, payer and whether saving it releases cash."""
    ev = option.evaluation
    qalys, cost = scalar(ev.qalys), scalar(ev.net_cost)
    return EvaluationSummary(
        lines=_lines(ev.costs, labels, ev.counted), net_cost=cost, qalys=qalys,
        qalys_green_book=scalar(ev.qalys_green_book), life_years=scalar(ev.life_years),
        deaths_avoided=scalar(ev.deaths_avoided), prevented={k: scalar(v) for k, v in ev.prevented.items()},
        bed_days=scalar(ev.bed_days), cost_per_qaly=cost / qalys if qalys > 0 else None,
        dominant=qalys > 0 and cost < 0, npsv=scalar(ev.npsv), qaly_value=scalar(ev.qaly_value),
        optimism_bias=scalar(ev.optimism_bias), service_factor=scalar(ev.service_factor),
        service_cost=option.model.staff + option.model.running,
    )


def budget_rows(option: Option, labels: dict[str, dict[str, Any]], years: tuple[str, ...],
                counted: tuple[str, ...]) -> tuple[BudgetRow, ...]:
    return tuple(BudgetRow(label, _lines(row.lines, labels, counted)) for label, row in zip(years, option.budget))
