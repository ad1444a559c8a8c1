"""The full results, with every input and its source, as plain JSON-ready data (``calculator-results.json``)."""

from __future__ import annotations

import math
from dataclasses import asdict
from typing import Any

from fls_docs.calc.benefits import ARMS, STEPS
from fls_docs.calc.costs import StaffNeed
from fls_docs.calc.results import BAND_MIDDLES, Results
from fls_docs.calc.run import Option, scalar
from fls_docs.calc.summary import BudgetRow, EvaluationSummary


def _finite(value: Any) -> Any:
    """JSON has no NaN or infinity: such a figure becomes null rather than invalid JSON."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {k: _finite(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_finite(v) for v in value]
    return value


def _evaluation(s: EvaluationSummary, low: float, high: float) -> dict[str, Any]:
    return {
        "fractures_prevented": {"total": s.total_prevented, **s.prevented},
        "deaths_avoided": s.deaths_avoided,
        "life_years_gained": s.life_years,
        "qalys_gained": s.qalys,
        "qalys_gained_green_book_discounting": s.qalys_green_book,
        "bed_days_saved": s.bed_days,
        "costs": [asdict(line) for line in s.lines],
        "net_cost": s.net_cost,
        "cost_per_qaly": s.cost_per_qaly,
        "dominant": s.dominant,
        "verdict": s.verdict(low, high),
        "qaly_value": s.qaly_value,
        "net_present_social_value": s.npsv,
        "optimism_bias_included": s.optimism_bias,
        "service_cost_per_year": s.service_cost,
        "break_even_service_cost_per_year": {
            "pays_for_itself": s.affordable_service_cost(),
            f"cost_effective_at_{low:.0f}": s.affordable_service_cost(low),
            f"cost_effective_at_{high:.0f}": s.affordable_service_cost(high),
        },
    }


def _budget(rows: tuple[BudgetRow, ...], payers: dict[str, str]) -> list[dict[str, Any]]:
    return [{
        "financial_year": row.year,
        "ask": row.ask,
        "lines": [asdict(line) for line in row.lines],
        "by_payer": {payer: row.total(payer) for payer in payers if any(l.payer == payer and l.counted for l in row.lines)},
        "cash_releasing_savings": row.cash_releasing_savings,
        "non_cash_releasing_savings": row.other_savings,
        "net": row.total(),
    } for row in rows]


def _option(results: Results, option: Option, need: StaffNeed) -> dict[str, Any]:
    m = option.model
    mid = m.model.id
    low, high = results.thresholds
    return {
        "id": mid, "name": m.model.name, "preferred": m.model.preferred,
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
        "cascade": [{"step": step, **{arm: {"share": scalar(option.shares[arm][step]),
                                            "patients_per_year": scalar(option.reached[arm][step])} for arm in ARMS}}
                    for step in STEPS],
        "one_cohort": {arm: {
            "deaths": [scalar(x) for x in option.arms[arm].years.deaths],
            "further_fractures": [{k: scalar(v) for k, v in year.items()} for year in option.arms[arm].years.further],
            "qalys": [scalar(x) for x in option.arms[arm].years.qalys],
            "life_years": [scalar(x) for x in option.arms[arm].years.life_years],
            "person_years_on_treatment": [scalar(x) for x in option.arms[arm].years.on_treatment],
        } for arm in ARMS},
        "staff_needed": {
            "productive_hours_per_wte": need.productive_hours,
            "activities": [{"key": r.key, "label": r.label, "patients": r.patients, "minutes": r.minutes,
                            "group": r.group, "hours": r.hours} for r in need.activities],
            "wte_needed": need.needed, "wte_funded": need.funded, "shortfall": need.shortfall,
        },
        "economic_evaluation": _evaluation(results.summaries[mid], low, high),
        "budget_impact": _budget(results.budgets[mid], results.payers),
    }


def results_to_dict(results: Results) -> dict[str, Any]:
    b, c, p = results.benefits, results.costs, results.progress
    low, high = results.thresholds
    out: dict[str, Any] = {
        "inputs": [param.to_dict() for param in results.params.values()],
        "overridden": [param.key for param in results.params.overridden()] + [f"incidence.{s}" for s in b.local_sites],
        "perspective": {"key": results.perspective.key, "label": results.perspective.label,
                        "counts": list(results.perspective.counts), "note": results.perspective.note},
        "price_year": results.prices.price_year,
        "inflation": {"index": results.prices.index, "source": results.prices.source,
                      "inflated": [{**asdict(i), "value": i.value} for i in results.prices.inflated]},
        "optimism_bias": {k: {**asdict(r), "applied": r.applied} for k, r in results.bias.items()},
        "discounting": {"costs": results.params["discount_rate"].value,
                        "health_nice": results.params["discount_rate"].value,
                        "health_green_book": results.params["health_discount_rate"].value},
        "thresholds": {"low": low, "high": high, "source": results.threshold_source},
        "expected_fractures_per_year": {
            "total": b.expected_per_year,
            "by_site": {s.site: {"label": s.label, "total": s.total, **s.by_sex, "source": " ".join(s.source.split()),
                                 "local": s.site in b.local_sites} for s in b.sites},
            "by_sex_age_site": {sex: {band: {site: float(results.setting.people.counts[i, j, k])
                                             for k, site in enumerate(results.setting.people.sites)}
                                      for j, band in enumerate(BAND_MIDDLES)}
                                for i, sex in enumerate(("female", "male"))},
            "source": b.incidence_source,
            "method": b.incidence_method,
        },
        "horizon_years": results.setting.horizon,
        "service_years": results.setting.service_years,
        "financial_years": list(results.financial_years),
        "pay": {"year": c.pay_year, "source": c.pay_source, "national_insurance": c.ni_source,
                "pension": c.pension_source, "method": c.method},
        "preferred_model": c.preferred.model.id,
        "options": [_option(results, o, results.staff_needs[o.model.model.id]) for o in results.run.options],
        "sensitivity": {
            "model": c.preferred.model.id,
            "measure": f"net monetary benefit at £{low:,.0f} per QALY",
            "one_way": [{"input": s.param.key, "label": s.param.label, "value": s.param.value, "low": s.param.low,
                         "high": s.param.high, "net_benefit_at_low": s.benefit[0], "net_benefit_at_high": s.benefit[1],
                         "net_cost_at_low": s.net_cost[0], "net_cost_at_high": s.net_cost[1],
                         "prevented_at_low": s.prevented[0], "prevented_at_high": s.prevented[1]}
                        for s in results.sensitivity],
            "break_even": [{"input": e.param.key, "label": e.param.label, "measure": e.measure, "central": e.param.value,
                            "value": e.value, "favourable_when": e.direction} for e in results.break_even],
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
    if results.longer:
        out["longer_horizon_scenario"] = {"horizon_years": results.longer_horizon,
                                          **_evaluation(results.longer, low, high)}
    if results.targets:
        out["targets_scenario"] = {"label": results.targets_label, **_evaluation(results.targets, low, high)}
    if results.probabilistic:
        pr = results.probabilistic
        out["probabilistic"] = {
            "samples": pr.samples, "seed": pr.seed, "inputs_sampled": list(pr.sampled),
            "method": "Inputs drawn independently: beta for shares, gamma for costs and times, log-normal for relative "
                      "risks and multipliers; each input's low and high values are the ends of a 95% interval. "
                      "Intervals are the 2.5th and 97.5th centiles.",
            "models": [{"id": m.model_id, "prevented": vars(m.prevented), "hip_prevented": vars(m.hip_prevented),
                        "qalys": vars(m.qalys), "net_cost": vars(m.net_cost), "npsv": vars(m.npsv),
                        "probability_saves_money": m.probability_saves_money,
                        "probability_cost_effective": {f"{t:.0f}": m.probability_cost_effective(t) for t in (low, high)},
                        "acceptability_curve": [{"threshold": t, "probability": pcs} for t, pcs in m.acceptability]}
                       for m in pr.models],
        }
    return _finite(out)
