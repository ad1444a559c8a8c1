"""Costs: what each staffing model costs a year, with employer on-costs."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from fls_docs.model.project import Post, StaffingModel


@dataclass(frozen=True)
class PostCost:
    post: Post
    salary: float  # full-time salary at the pay point
    national_insurance: float  # per whole-time equivalent
    pension: float  # per whole-time equivalent

    @property
    def cost_per_wte(self) -> float:
        return self.salary + self.national_insurance + self.pension

    @property
    def total(self) -> float:
        return self.cost_per_wte * self.post.wte


@dataclass(frozen=True)
class ModelCost:
    model: StaffingModel
    posts: tuple[PostCost, ...]

    @property
    def wte(self) -> float:
        return sum(p.post.wte for p in self.posts)

    @property
    def total(self) -> float:
        return sum(p.total for p in self.posts)


@dataclass(frozen=True)
class Costs:
    models: tuple[ModelCost, ...]
    pay_year: str
    pay_source: str
    ni_source: str
    pension_source: str
    method: str

    @property
    def preferred(self) -> ModelCost:
        return next((m for m in self.models if m.model.preferred), self.models[0])


def staff_cost(salary: float, pay: dict[str, Any]) -> tuple[float, float]:
    """Employer National Insurance and pension on one full-time salary."""
    ni = pay["employer_national_insurance"]
    national_insurance = ni["rate"] * max(0.0, salary - ni["threshold"])
    pension = pay["employer_pension"]["rate"] * salary
    return national_insurance, pension


def cost_post(post: Post, pay: dict[str, Any]) -> PostCost:
    salary = float(pay["bands"][post.band][post.pay_point])
    national_insurance, pension = staff_cost(salary, pay)
    return PostCost(post, salary, national_insurance, pension)


def calculate_costs(models: tuple[StaffingModel, ...], pay: dict[str, Any]) -> Costs:
    return Costs(
        models=tuple(ModelCost(m, tuple(cost_post(p, pay) for p in m.posts)) for m in models),
        pay_year=pay["pay_year"],
        pay_source=" ".join(pay["source"].split()),
        ni_source=pay["employer_national_insurance"]["source"],
        pension_source=pay["employer_pension"]["source"],
        method=" ".join(pay["method"].split()),
    )
