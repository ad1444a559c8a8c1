"""Run every calculator over a project and gather the results in one place."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from fls_docs import data
from fls_docs.calc.benefits import ARMS, STEPS, SiteFractures, expected_fractures
from fls_docs.calc.costs import (
    Costs,
    ModelCost,
    StaffNeed,
    calculate_costs,
    staff_needed,
)
from fls_docs.calc.indicators import IndicatorResult, assess_all
from fls_docs.calc.inputs import TABLES, Tables, gather, incidence_rates
from fls_docs.calc.parameters import Parameters
from fls_docs.calc.progress import Progress, calculate_progress
from fls_docs.calc.risks import GradedRisk, grade_risks
from fls_docs.calc.run import Option, Run, Setting, run
from fls_docs.calc.sensitivity import Probabilistic, Swing, one_way, probabilistic
from fls_docs.calc.stakeholders import map_stakeholders
from fls_docs.model.project import CalculatorInputs, Project


@dataclass(frozen=True)
class Benefits:
    """The headline benefit figures of the preferred model, for documents."""

    sites: tuple[SiteFractures, ...]
    horizon_years: int
    option: Option
    incidence_source: str
    incidence_method: str

    @property
    def expected_per_year(self) -> float:
        return sum(site.total for site in self.sites)

    @property
    def prevented(self) -> float:
        return self.option.flows.total_prevented()

    @property
    def hip_prevented(self) -> float:
        return self.option.flows.total_prevented("hip")


@dataclass(frozen=True)
class Results:
    params: Parameters
    setting: Setting
    run: Run
    benefits: Benefits
    costs: Costs
    staff_needs: dict[str, StaffNeed]  # model id -> need
    sensitivity: tuple[Swing, ...]
    progress: Progress
    risks: tuple[GradedRisk, ...] = ()
    indicators: tuple[IndicatorResult, ...] = ()
    stakeholder_map: dict[str, tuple[str, ...]] = field(default_factory=dict)  # approach -> names
    probabilistic: Probabilistic | None = None

    @property
    def preferred(self) -> Option:
        return self.run.option(self.costs.preferred.model.id)


def load_tables() -> Tables:
    return {name: data.load(name) for name in TABLES}


def make_setting(population: dict[str, dict[str, int]], inputs: CalculatorInputs, models: tuple[ModelCost, ...],
                 horizon: int, tables: Tables) -> Setting:
    sites = tables["sites"]["sites"]
    labels = {site: info["label"] for site, info in sites.items()}
    expected = expected_fractures(population, incidence_rates(inputs, tables), labels)
    rated = [s.site for s in expected]
    parts = {site: tuple(tables["unit_costs"]["sites"].get(site, {})) for site in rated}
    for key in inputs.overrides:
        if key.startswith("unit_costs."):
            _, site, part = key.split(".")
            if site in parts and part not in parts[site]:
                parts[site] += (part,)
    return Setting(
        sites=expected,
        effect_group={site: sites[site]["treatment_effect"] for site in rated},
        unit_cost_parts=parts,
        risk_by_year={int(y): float(r) for y, r in tables["refracture"]["cumulative_risk"]["by_year"].items()},
        horizon=horizon,
        models=models,
    )


def calculate(project: Project, today: date, samples: int | None = None, seed: int = 20261125,
              tables: Tables | None = None) -> Results:
    """Every figure the documents show, from the model and the shipped reference data."""
    tables = tables or load_tables()
    inputs = project.calculator
    params = gather(inputs, tables)
    values = params.numbers()
    costs = calculate_costs(inputs.staffing_models, tables["pay"])
    setting = make_setting(project.catchment.population, inputs, costs.models, int(values["horizon_years"]), tables)
    result = run(values, setting)
    workload = tables["workload"]
    minutes = {key: values[f"minutes.{key}"] for key in workload["activities"]}
    needs = {}
    for option in result.options:
        fls = option.reached["fls"]
        reached = {"identified": fls["identified"], "assessed": fls["assessed"], "recommended": fls["recommended"],
                   "started": fls["started"]}
        needs[option.model.model.id] = staff_needed(option.model.model, reached, fls["assessed"] * values["dxa_share"],
                                                    workload["activities"], minutes, values["productive_hours"])
    incidence = tables["incidence"]
    benefits = Benefits(setting.sites, setting.horizon, result.option(costs.preferred.model.id),
                        " ".join(incidence["source"].split()), " ".join(incidence["method"].split()))
    return Results(
        params=params, setting=setting, run=result, benefits=benefits, costs=costs, staff_needs=needs,
        sensitivity=one_way(params, setting, costs.preferred.model.id),
        progress=calculate_progress(project.plan, today),
        risks=grade_risks(project.brief.risks, tables["risk_matrix"]),
        indicators=assess_all(project.indicators),
        stakeholder_map=map_stakeholders(project.stakeholders),
        probabilistic=probabilistic(params, setting, samples, seed) if samples else None,
    )


def _option_dict(option: Option, need: StaffNeed) -> dict[str, Any]:
    m = option.model
    a = option.appraisal
    return {
        "id": m.model.id, "name": m.model.name, "preferred": m.model.preferred,
        "staff": {
            "wte": m.wte, "annual_staff_cost": m.staff, "consultant_pas_per_week": m.model.consultant_pas,
            "consultant_cost": m.consultant,
            "posts": [{"role": pc.post.role, "band": pc.post.band, "pay_point": pc.post.pay_point, "group": pc.post.group,
                       "wte": pc.post.wte, "salary": pc.salary, "employer_ni": pc.national_insurance,
                       "employer_pension": pc.pension, "cost_per_wte": pc.cost_per_wte, "total": pc.total}
                      for pc in m.posts],
        },
        "setup_costs": [{"item": line.item, "cost": line.cost} for line in m.model.setup_costs],
        "running_costs": [{"item": line.item, "cost_per_year": line.cost} for line in m.model.running_costs],
        "cascade": [{"step": step, **{arm: {"share": option.shares[arm][step], "patients_per_year": option.reached[arm][step]}
                                      for arm in ARMS}} for step in STEPS],
        "staff_needed": {
            "productive_hours_per_wte": need.productive_hours,
            "activities": [{"key": r.key, "label": r.label, "patients": r.patients, "minutes": r.minutes,
                            "group": r.group, "hours": r.hours} for r in need.activities],
            "wte_needed": need.needed, "wte_funded": need.funded, "shortfall": need.shortfall,
        },
        "further_fractures": {arm: option.flows.total_further(arm) for arm in ARMS},
        "fractures_prevented": {
            "total": option.flows.total_prevented(), "hip": option.flows.total_prevented("hip"),
            "by_year": [dict(year) for year in option.flows.prevented],
        },
        "bed_days_saved": sum(option.flows.bed_days),
        "costs_avoided_by_year": [{site: dict(parts) for site, parts in year.items()} for year in option.flows.avoided],
        "finance": {
            "setup_cost": a.setup,
            "costs_note": "Costs include optimism bias; costs_by_kind splits them into staff, running costs, DXA scans and medicines.",
            "years": [{"year": y.year, "costs": y.costs, "costs_by_kind": dict(y.parts), "savings": y.savings, "net": y.net,
                       "discount_factor": y.discount_factor, "cumulative_discounted_net": c}
                      for y, c in zip(a.years, a.cumulative)],
            "present_costs": a.present_costs, "present_savings": a.present_savings, "npv": a.npv,
            "break_even_year": a.break_even_year, "savings_per_pound": a.savings_per_pound,
        },
    }


def results_to_dict(results: Results) -> dict[str, Any]:
    """The full results, with every input and its source, as plain JSON-ready data."""
    b, c, p = results.benefits, results.costs, results.progress
    out: dict[str, Any] = {
        "inputs": [param.to_dict() for param in results.params.values()],
        "overridden": [param.key for param in results.params.overridden()],
        "expected_fractures_per_year": {
            "total": b.expected_per_year,
            "by_site": {s.site: {"label": s.label, "total": s.total, **s.by_sex, "source": " ".join(s.source.split())}
                        for s in b.sites},
            "source": b.incidence_source,
            "method": b.incidence_method,
        },
        "horizon_years": results.setting.horizon,
        "pay": {"year": c.pay_year, "source": c.pay_source, "national_insurance": c.ni_source,
                "pension": c.pension_source, "method": c.method},
        "preferred_model": c.preferred.model.id,
        "do_nothing": {
            "costs": 0, "savings": 0, "npv": 0,
            "further_fractures": results.preferred.flows.total_further("usual_care"),
            "note": "Usual care continues: no new costs and no savings; the further fractures are those expected without the service.",
        },
        "options": [_option_dict(o, results.staff_needs[o.model.model.id]) for o in results.run.options],
        "sensitivity": {
            "model": c.preferred.model.id,
            "one_way": [{"input": s.param.key, "label": s.param.label, "value": s.param.value, "low": s.param.low,
                         "high": s.param.high, "npv_at_low": s.npv[0], "npv_at_high": s.npv[1],
                         "prevented_at_low": s.prevented[0], "prevented_at_high": s.prevented[1]}
                        for s in results.sensitivity],
        },
        "progress": {
            "today": p.today.isoformat(),
            "counts": dict(p.counts),
            "overdue": [s.task.id for s in p.overdue],
            "next_milestones": [{"id": s.task.id, "title": s.task.title, "due": s.task.due.isoformat()} for s in p.next_milestones],
            "phases": [{"phase": ph.phase.id, "tasks": len(ph.tasks), "complete": ph.complete,
                        "outcomes_achieved": sum(o.achieved for o in ph.outcomes), "outcomes": len(ph.outcomes)}
                       for ph in p.phases],
        },
    }
    if results.probabilistic:
        pr = results.probabilistic
        out["probabilistic"] = {
            "samples": pr.samples, "seed": pr.seed, "inputs_sampled": list(pr.sampled),
            "method": "Inputs drawn independently: beta for shares, gamma for costs, log-normal for relative risks; "
                      "each input's low and high values are the ends of a 95% interval. Intervals are the 2.5th and 97.5th centiles.",
            "models": [{"id": m.model_id, "prevented": vars(m.prevented), "hip_prevented": vars(m.hip_prevented),
                        "npv": vars(m.npv), "probability_saves_money": m.probability_saves_money} for m in pr.models],
        }
    return out
