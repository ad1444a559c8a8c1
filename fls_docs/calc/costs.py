"""Costs: what each staffing model costs a year with employer on-costs, what scans and medicines add, and the staff a caseload needs."""

from __future__ import annotations

from collections.abc import Mapping
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
    consultant: float = 0.0  # consultant programmed activities, with on-costs, a year

    @property
    def wte(self) -> float:
        return sum(p.post.wte for p in self.posts)

    @property
    def staff(self) -> float:
        """Staff cost a year: posts and consultant sessions."""
        return sum(p.total for p in self.posts) + self.consultant

    @property
    def running(self) -> float:
        """Non-pay running costs a year."""
        return sum(line.cost for line in self.model.running_costs)

    @property
    def setup(self) -> float:
        return sum(line.cost for line in self.model.setup_costs)

    @property
    def total(self) -> float:
        """Staff and non-pay running costs a year, before scans and medicines."""
        return self.staff + self.running


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


def pay_for_nation(table: Mapping[str, Any], nation: str) -> dict[str, Any]:
    """England's pay table with the nation's own scales, week and on-costs (pay.yaml, nations:) in their place."""
    own = table.get("nations", {}).get(nation, {})
    pay = {key: value for key, value in table.items() if key != "nations"}
    for key, value in own.items():
        pay[key] = {**pay[key], **value} if key in ("bands", "band_notes") else value
    return pay


def merge_pay(table: dict[str, Any], local: dict[str, Any]) -> dict[str, Any]:
    """The shipped pay table with the project's own pay scales, on-cost rates or working week in place.

    Anything the project replaces is named as local in the sources the documents print.
    """
    if not local:
        return table
    pay = {**table, "bands": {**table["bands"], **{str(b): dict(v) for b, v in local.get("bands", {}).items()}},
           "employer_national_insurance": dict(table["employer_national_insurance"]),
           "employer_pension": dict(table["employer_pension"]), "consultant": dict(table["consultant"])}
    basis = local.get("source", "figures supplied by the project team")
    if "bands" in local:
        pay["pay_year"] = str(local.get("pay_year", pay["pay_year"]))
        pay["source"] = f"Local pay scales: {basis}"
    if "employer_pension_rate" in local:
        pay["employer_pension"]["rate"] = float(local["employer_pension_rate"])
        pay["employer_pension"]["source"] = f"Local employer pension rate of {float(local['employer_pension_rate']):.2%}: {basis}"
    for key, field_ in (("employer_ni_rate", "rate"), ("ni_threshold", "threshold")):
        if key in local:
            pay["employer_national_insurance"][field_] = float(local[key])
            pay["employer_national_insurance"]["source"] = f"Local National Insurance figures: {basis}"
    if "consultant_salary" in local:
        pay["consultant"]["salary"] = {**pay["consultant"]["salary"], **local["consultant_salary"]}
    if "hours_per_week" in local:
        pay["hours_per_week"] = float(local["hours_per_week"])
    return pay


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


def consultant_cost(pas: float, pay_point: str, pay: dict[str, Any]) -> float:
    """A year of ``pas`` consultant programmed activities a week, with employer on-costs.

    One PA is a tenth of a full-time consultant job, so the cost is that share of
    salary plus National Insurance and pension on the full-time salary.
    """
    if not pas:
        return 0.0
    consultant = pay["consultant"]
    salary = float(consultant["salary"][pay_point])
    national_insurance, pension = staff_cost(salary, pay)
    return (salary + national_insurance + pension) * pas / consultant["programmed_activities"]


def calculate_costs(models: tuple[StaffingModel, ...], pay: dict[str, Any]) -> Costs:
    return Costs(
        models=tuple(ModelCost(m, tuple(cost_post(p, pay) for p in m.posts),
                               consultant_cost(m.consultant_pas, m.consultant_pay_point, pay)) for m in models),
        pay_year=pay["pay_year"],
        pay_source=" ".join(pay["source"].split()),
        ni_source=pay["employer_national_insurance"]["source"],
        pension_source=pay["employer_pension"]["source"],
        method=" ".join(pay["method"].split()),
    )


@dataclass(frozen=True)
class Activity:
    key: str
    label: str
    patients: float  # a year
    minutes: float
    group: str

    @property
    def hours(self) -> float:
        return self.patients * self.minutes / 60


@dataclass(frozen=True)
class StaffNeed:
    """Staff a model's caseload needs against the staff it has, by group."""

    activities: tuple[Activity, ...]
    productive_hours: float
    needed: dict[str, float]  # group -> whole-time equivalents
    funded: dict[str, float]  # group -> whole-time equivalents in the model

    @property
    def shortfall(self) -> dict[str, float]:
        return {g: self.needed[g] - self.funded.get(g, 0.0) for g in self.needed if self.needed[g] > self.funded.get(g, 0.0)}


def staff_needed(model: StaffingModel, reached: dict[str, float], scanned: float, activities: dict[str, Any],
                 minutes: dict[str, float], productive_hours: float) -> StaffNeed:
    """Whole-time equivalents each staff group needs for the patients the model reaches each year."""
    volumes = {**reached, "scanned": scanned}
    rows = tuple(Activity(key, a["label"], volumes[a["per"]], minutes[key], a["group"]) for key, a in activities.items())
    groups = {a["group"] for a in activities.values()}
    needed = {g: sum(r.hours for r in rows if r.group == g) / productive_hours for g in sorted(groups)}
    funded = {g: sum(p.wte for p in model.posts if p.group == g) for g in sorted(groups)}
    return StaffNeed(rows, productive_hours, needed, funded)
