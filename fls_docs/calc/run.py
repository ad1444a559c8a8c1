"""The whole calculation for one set of input values.

The main results, each bar of the one-way sensitivity analysis and the
probabilistic analysis all go through :func:`run`, so they cannot disagree. The
values may be plain numbers or NumPy arrays holding one sample each.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from fls_docs.calc.benefits import ARMS, Flows, SiteFractures, flows, reach, yearly_risk
from fls_docs.calc.costs import ModelCost, scan_and_drug_costs
from fls_docs.calc.finance import Appraisal, appraise
from fls_docs.calc.inputs import cascade_shares


@dataclass(frozen=True)
class Setting:
    """What stays fixed between runs: the catchment's fractures, the sites and the costed staffing models."""

    sites: tuple[SiteFractures, ...]
    effect_group: dict[str, str]  # site -> which treatment effect applies
    unit_cost_parts: dict[str, tuple[str, ...]]  # site -> cost components it has
    risk_by_year: dict[int, float]  # published cumulative refracture risk
    horizon: int
    models: tuple[ModelCost, ...]

    @property
    def caseload(self) -> float:
        return sum(site.total for site in self.sites)

    @property
    def site_mix(self) -> dict[str, float]:
        total = self.caseload
        return {s.site: (s.total / total if total else 0.0) for s in self.sites}


@dataclass(frozen=True)
class Option:
    """One staffing model's outcome against usual care."""

    model: ModelCost
    shares: dict[str, dict[str, Any]]  # arm -> step -> share
    reached: dict[str, dict[str, Any]]  # arm -> step -> patients a year
    flows: Flows
    service_costs: list[dict[str, Any]]  # year -> dxa/drugs
    appraisal: Appraisal


@dataclass(frozen=True)
class Run:
    options: tuple[Option, ...]

    def option(self, model_id: str) -> Option:
        return next(o for o in self.options if o.model.model.id == model_id)


def run(values: Mapping[str, Any], setting: Setting) -> Run:
    """Every staffing model's benefits, costs and financial case for these input values."""
    horizon = setting.horizon
    scale = values["refracture_risk_5y"] / setting.risk_by_year[5]
    risk = [r * scale for r in yearly_risk(setting.risk_by_year, horizon)]
    relative_risk = {site: values[f"treatment.{group}"] for site, group in setting.effect_group.items()}
    unit_costs = {site: {part: values[f"unit_costs.{site}.{part}"] for part in parts if part != "bed_days"}
                  for site, parts in setting.unit_cost_parts.items()}
    bed_days = {site: values[f"unit_costs.{site}.bed_days"] for site, parts in setting.unit_cost_parts.items()
                if "bed_days" in parts}
    site_mix = setting.site_mix
    options = []
    for model in setting.models:
        shares = cascade_shares(values, model.model.id)
        reached = {arm: reach(setting.caseload, shares[arm]) for arm in ARMS}
        on_treatment = {arm: reached[arm]["persistent"] / setting.caseload if setting.caseload else 0.0 for arm in ARMS}
        benefit = flows(setting.caseload, site_mix, risk, on_treatment, relative_risk, unit_costs, bed_days)
        service = scan_and_drug_costs(reached, horizon, values["dxa_share"], values["dxa_cost"],
                                      values["drug_cost"])
        costs = [{"staff": model.staff, "running": model.running, **service[y]} for y in range(horizon)]
        savings = [benefit.avoided_in_year(y) for y in range(horizon)]
        appraisal = appraise(model.setup, costs, savings, values["discount_rate"], values["optimism_bias"])
        options.append(Option(model, shares, reached, benefit, service, appraisal))
    return Run(tuple(options))
