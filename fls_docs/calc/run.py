"""The whole economic model for one set of input values.

The main results, each bar of the one-way sensitivity analysis, the break-even
search and the probabilistic analysis all go through :func:`run`, so they cannot
disagree. The values may be plain numbers or NumPy arrays holding one sample each.

Two views come out of one run: the economic evaluation (each year's patients
followed over the horizon, discounted, with QALYs) and the budget impact (cash
by financial year and payer, as the service's years unfold).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from fls_docs.calc.benefits import ARMS, reach, yearly_risk
from fls_docs.calc.cohort import ArmYears, People, follow, treatment_course
from fls_docs.calc.costs import ModelCost
from fls_docs.calc.inputs import cascade_shares

# Volume-driven cost lines of an arm, besides the fractures it leads to.
CARE_LINES = ("dxa", "medicines", "monitoring")
SERVICE_LINES = ("setup", "staff", "running")


@dataclass(frozen=True)
class Setting:
    """What stays fixed between runs: the people, the sites, the costed staffing models and the appraisal rules."""

    people: People
    effect_group: dict[str, str]  # site -> which treatment effect applies
    cost_parts: dict[str, tuple[str, ...]]  # site -> cost components it has (bed_days apart)
    components: dict[str, dict[str, Any]]  # component -> label, payer, cash_releasing
    line_payers: dict[str, str]  # care and service line -> payer
    counted: tuple[str, ...]  # components and lines the chosen perspective counts
    risk_by_year: dict[int, float]  # published cumulative refracture risk
    persistence: dict[int, float]
    max_years_on_treatment: float
    regimens: tuple[str, ...]
    horizon: int  # years each cohort is followed
    service_years: int  # cohorts appraised, and financial years in the budget
    models: tuple[ModelCost, ...]

    @property
    def caseload(self) -> float:
        return float(self.people.counts.sum())


@dataclass(frozen=True)
class Arm:
    """One arm of one year's cohort: its cascade, health outcomes and costs year by year."""

    reached: dict[str, Any]  # step -> patients
    years: ArmYears
    costs: list[dict[str, Any]]  # year -> component or line -> pounds (undiscounted)
    bed_days: list[Any]


@dataclass(frozen=True)
class Evaluation:
    """The economic evaluation of one staffing model against usual care, over every cohort appraised.

    Costs are discounted at the cost rate, health at the health rate (QALYs also at the
    NICE rate for cost per QALY). ``costs`` holds the extra cost by component and line,
    positive for spending and negative for savings, optimism bias on service lines.
    """

    costs: dict[str, Any]
    qalys: Any  # discounted at the NICE rate
    qalys_green_book: Any  # discounted at the Green Book health rate
    life_years: Any  # discounted at the NICE rate
    deaths_avoided: Any  # undiscounted
    prevented: dict[str, Any]  # site -> further fractures prevented (undiscounted)
    bed_days: Any
    counted: tuple[str, ...]
    qaly_value: Any
    optimism_bias: Any  # pounds of optimism bias included in costs
    service_factor: Any  # present value, with optimism bias, of one pound a year of staff and running cost

    @property
    def net_cost(self) -> Any:
        """Extra cost less savings, for what the perspective counts."""
        return sum(v for k, v in self.costs.items() if k in self.counted)

    @property
    def total_prevented(self) -> Any:
        return sum(self.prevented.values())

    @property
    def cost_per_qaly(self) -> Any:
        """Incremental cost-effectiveness ratio; negative when the service saves money and gains health."""
        return self.net_cost / self.qalys

    @property
    def npsv(self) -> Any:
        """Net present social value: QALYs valued as the Green Book does, less net cost."""
        return self.qalys_green_book * self.qaly_value - self.net_cost

    def net_benefit(self, threshold: Any) -> Any:
        """Net monetary benefit at a cost-per-QALY threshold."""
        return self.qalys * threshold - self.net_cost


@dataclass(frozen=True)
class BudgetYear:
    year: int  # 1 = the service's first year
    lines: dict[str, Any]  # component or line -> extra cash, undiscounted, no optimism bias (negative: saving)


@dataclass(frozen=True)
class Option:
    """One staffing model's outcome against usual care."""

    model: ModelCost
    shares: dict[str, dict[str, Any]]  # arm -> step -> share
    arms: dict[str, Arm]  # one year's cohort under each arm
    evaluation: Evaluation
    budget: tuple[BudgetYear, ...]

    @property
    def reached(self) -> dict[str, dict[str, Any]]:
        return {arm: self.arms[arm].reached for arm in ARMS}

    @property
    def treated(self) -> dict[str, float]:
        """Share of all fracture patients who start treatment in each arm; with the service, those it
        misses keep usual care's chance."""
        usual = treated_share(self.shares["usual_care"])
        found = treated_share(self.shares["fls"])
        return {"usual_care": scalar(usual), "fls": scalar(found + (1 - self.shares["fls"]["identified"]) * usual)}

    @property
    def reached_with_service(self) -> dict[str, float]:
        """Patients a year reaching each step of care with the service: those it finds, along its own cascade,
        and those it misses, along usual care's."""
        missed = 1 - self.shares["fls"]["identified"]
        usual = self.arms["usual_care"].reached
        return {step: scalar(found + missed * usual[step]) for step, found in self.arms["fls"].reached.items()}


@dataclass(frozen=True)
class Run:
    options: tuple[Option, ...]

    def option(self, model_id: str) -> Option:
        return next(o for o in self.options if o.model.model.id == model_id)


def treated_share(shares: Mapping[str, Any]) -> Any:
    """Share of all fracture patients who start treatment along one cascade."""
    return shares["identified"] * shares["assessed"] * shares["recommended"] * shares["started"]


def _cohort_arm(values: Mapping[str, Any], setting: Setting, shares: Mapping[str, Any], risk: list[Any],
                missed: Mapping[str, Any] | None = None) -> Arm:
    """One year's patients along a cascade. ``missed``: the cascade that patients the service does not find still get.

    A service finds only part of its caseload; those it misses keep the chance of
    treatment that usual care gives them, so the arm's treated and persistent shares
    mix the two cascades.
    """
    caseload = setting.caseload * values["incidence_scale"]
    reached = reach(caseload, shares)
    treated = treated_share(shares)
    persistent = shares["persistent"]
    assessed = reached["assessed"]
    if missed is not None:
        assessed = assessed + caseload * (1 - shares["identified"]) * missed["identified"] * missed["assessed"]
        usual = treated_share(missed)
        found = treated
        treated = found + (1 - shares["identified"]) * usual
        kept = found * shares["persistent"] + (1 - shares["identified"]) * usual * missed["persistent"]
        # Nobody treated: the share persisting is immaterial, so take the service's own.
        persistent = np.divide(kept, treated, out=np.broadcast_to(np.asarray(shares["persistent"], dtype=float),
                                                                  np.shape(kept * treated)).copy(),
                               where=np.asarray(treated) > 0)
    offsets = {r: (values[f"regimens.{r}.share"], values[f"regimens.{r}.offset_years"]) for r in setting.regimens}
    course = treatment_course(treated, persistent, setting.horizon, values["treatment.weeks_to_start"],
                              values["treatment.onset_months"], setting.persistence, setting.max_years_on_treatment,
                              values["treatment.persistence_multiplier"], offsets)
    sites = setting.people.sites
    years = follow(
        setting.people, values["incidence_scale"], risk,
        {site: values[f"treatment.{setting.effect_group[site]}"] for site in sites}, course,
        {site: (values[f"mortality.{site}.year_1"], values[f"mortality.{site}.later"]) for site in ("hip", "vertebral")},
        values["mortality.attributable"],
        {site: (values[f"utility.{site}.year_1"], values[f"utility.{site}.later"]) for site in sites},
    )
    drug = sum(values[f"regimens.{r}.share"] * values[f"regimens.{r}.drug_cost"] for r in setting.regimens)
    monitoring = sum(values[f"regimens.{r}.share"] * values[f"regimens.{r}.monitoring_cost"] for r in setting.regimens)
    costs, bed_days = [], []
    for t in range(setting.horizon):
        further = years.further[t]
        line: dict[str, Any] = {part: sum(further[site] * values[f"unit_costs.{site}.{part}"]
                                          for site in sites if part in setting.cost_parts[site])
                                for part in setting.components}
        line["dxa"] = assessed * values["dxa_share"] * values["dxa_cost"] if t == 0 else 0.0
        line["medicines"] = years.on_treatment[t] * drug
        line["monitoring"] = years.on_treatment[t] * monitoring
        costs.append(line)
        bed_days.append(further.get("hip", 0.0) * values["unit_costs.hip.bed_days"])
    return Arm(reached, years, costs, bed_days)


def _discounted(series: list[Any], rate: Any, service_years: int) -> Any:
    """A cohort's yearly series summed over every cohort appraised, each year discounted to today.

    The cohort arriving in service year c (1, 2, ...) is in its t-th year of follow-up (1, 2, ...) in
    year c + t - 1, discounted like every cost in that year: once for year 1, twice for year 2.
    """
    return sum(value / (1 + rate) ** (c + t + 1) for c in range(service_years) for t, value in enumerate(series))


def evaluate(values: Mapping[str, Any], setting: Setting, model: ModelCost, usual: Arm, service: Arm) -> Evaluation:
    rate, health = values["discount_rate"], values["health_discount_rate"]
    n = setting.service_years
    lines = list(setting.components) + list(CARE_LINES)
    costs = {k: _discounted([s[k] - u[k] for s, u in zip(service.costs, usual.costs)], rate, n) for k in lines}
    opex = values["optimism_bias.running"]
    capex = values["optimism_bias.setup"]
    yearly = {"staff": model.staff, "running": model.running}
    for key, amount in yearly.items():
        costs[key] = sum(amount * (1 + opex) / (1 + rate) ** (c + 1) for c in range(n))
    costs["setup"] = model.setup * (1 + capex)
    factor = sum((1 + opex) / (1 + rate) ** (c + 1) for c in range(n))
    bias = sum(amount * opex / (1 + rate) ** (c + 1) for amount in yearly.values() for c in range(n)) + model.setup * capex

    def gain(series: str, at: Any) -> Any:
        return _discounted([s - u for s, u in zip(getattr(service.years, series), getattr(usual.years, series))], at, n)

    prevented = {site: n * sum(u[site] - s[site] for u, s in zip(usual.years.further, service.years.further))
                 for site in setting.people.sites}
    return Evaluation(
        costs=costs, qalys=gain("qalys", rate), qalys_green_book=gain("qalys", health), life_years=gain("life_years", rate),
        deaths_avoided=n * (sum(usual.years.deaths) - sum(service.years.deaths)), prevented=prevented,
        bed_days=n * (sum(usual.bed_days) - sum(service.bed_days)), counted=setting.counted,
        qaly_value=values["qaly_value"], optimism_bias=bias, service_factor=factor,
    )


def budget(setting: Setting, model: ModelCost, usual: Arm, service: Arm) -> tuple[BudgetYear, ...]:
    """Extra cash in each of the service's years: every cohort so far, in its own year of follow-up."""
    out = []
    for year in range(1, setting.service_years + 1):
        lines: dict[str, Any] = {k: 0.0 for k in list(setting.components) + list(CARE_LINES)}
        for cohort in range(1, year + 1):
            t = year - cohort
            if t < setting.horizon:
                for k in lines:
                    lines[k] = lines[k] + service.costs[t][k] - usual.costs[t][k]
        lines.update({"setup": model.setup if year == 1 else 0.0, "staff": model.staff, "running": model.running})
        out.append(BudgetYear(year, lines))
    return tuple(out)


def run(values: Mapping[str, Any], setting: Setting, only: str | None = None) -> Run:
    """Every staffing model's economic evaluation and budget impact for these input values.

    ``only``: the id of the one model wanted (the sensitivity analyses' many runs need only the preferred
    one); each model is worked out on its own, so its figures are the same either way.
    """
    # The uncertain 5-year risk scales the whole published cumulative curve.
    scale = values["refracture_risk_5y"] / setting.risk_by_year[5]
    risk = yearly_risk({year: r * scale for year, r in setting.risk_by_year.items()}, setting.horizon)
    base = cascade_shares(values)
    usual = _cohort_arm(values, setting, base["usual_care"], risk)
    options = []
    for model in (m for m in setting.models if only is None or m.model.id == only):
        shares = cascade_shares(values, model.model.id)
        service = _cohort_arm(values, setting, shares["fls"], risk, missed=shares["usual_care"])
        options.append(Option(model, shares, {"usual_care": usual, "fls": service},
                              evaluate(values, setting, model, usual, service), budget(setting, model, usual, service)))
    return Run(tuple(options))


def scalar(x: Any) -> float:
    """A plain number from a result computed without samples."""
    return float(np.asarray(x).reshape(-1)[0]) if np.ndim(x) else float(x)
