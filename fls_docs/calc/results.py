"""Run every calculator over a project and gather the results in one place."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

import numpy as np

from fls_docs import data
from fls_docs.calc.benefits import SiteFractures, expected_fractures
from fls_docs.calc.cohort import People
from fls_docs.calc.costs import Costs, ModelCost, StaffNeed, calculate_costs, merge_pay, staff_needed
from fls_docs.calc.indicators import IndicatorResult, assess_all
from fls_docs.calc.highlight import Highlight, highlight
from fls_docs.calc.meetings import MeetingsResult, meetings_for
from fls_docs.calc.inputs import TABLES, Tables, gather, incidence_rates
from fls_docs.calc.optimism import BiasRule, rules
from fls_docs.calc.parameters import Parameters
from fls_docs.calc.prices import Prices
from fls_docs.calc.progress import Progress, calculate_progress
from fls_docs.calc.risks import GradedRisk, grade_risks
from fls_docs.calc.run import Option, Run, Setting, run
from fls_docs.calc.spc import SpcChart, spc_all
from fls_docs.calc.sensitivity import BreakEven, Probabilistic, Swing, break_even, one_way, probabilistic
from fls_docs.calc.pathway import PathwayResults, pathway_results
from fls_docs.calc.stakeholders import StakeholderGroups, group_stakeholders, map_stakeholders
from fls_docs.calc.summary import BudgetRow, EvaluationSummary, budget_rows, summarise
from fls_docs.model.project import SEXES, CalculatorInputs, Project
from fls_docs.nations import localise, stakeholder_labels

# How many of the inputs that move the answer most get a break-even value.
BREAK_EVEN_INPUTS = 8

# Middle age of each band, for reading life tables and quality-of-life norms at the right age.
BAND_MIDDLES = {"50-54": 52.5, "55-59": 57.5, "60-64": 62.5, "65-69": 67.5, "70-74": 72.5, "75-79": 77.5,
                "80-84": 82.5, "85-89": 87.5, "90+": 92.5}


@dataclass(frozen=True)
class Perspective:
    key: str
    label: str
    counts: tuple[str, ...]
    note: str


@dataclass(frozen=True)
class Benefits:
    """The catchment's fractures, and the headline figures of the preferred model, for documents."""

    sites: tuple[SiteFractures, ...]
    horizon_years: int
    service_years: int
    option: Option
    incidence_source: str
    incidence_method: str
    local_sites: tuple[str, ...]  # sites rated with the project's own figures

    @property
    def expected_per_year(self) -> float:
        return sum(site.total for site in self.sites)

    @property
    def prevented(self) -> float:
        return float(self.option.evaluation.total_prevented)

    @property
    def hip_prevented(self) -> float:
        return float(self.option.evaluation.prevented.get("hip", 0.0))


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
    prices: Prices
    bias: dict[str, BiasRule]
    perspective: Perspective
    financial_years: tuple[str, ...]
    thresholds: tuple[float, float]  # NICE's lower and upper cost per QALY
    threshold_source: str
    threshold_label: str = "NICE threshold range"  # what the range is called where the service is
    payers: dict[str, str] = field(default_factory=dict)  # payer key -> name
    labels: dict[str, dict[str, Any]] = field(default_factory=dict)  # cost line -> label, payer, cash_releasing
    summaries: dict[str, EvaluationSummary] = field(default_factory=dict)  # model id -> evaluation in plain figures
    budgets: dict[str, tuple[BudgetRow, ...]] = field(default_factory=dict)  # model id -> budget by financial year
    break_even: tuple[BreakEven, ...] = ()
    targets: EvaluationSummary | None = None  # the preferred model if it met the national targets
    targets_label: str = ""
    longer: EvaluationSummary | None = None  # the preferred model with each group followed for the longest horizon
    longer_horizon: int = 0
    risks: tuple[GradedRisk, ...] = ()
    indicators: tuple[IndicatorResult, ...] = ()
    spc: dict[str, SpcChart] = field(default_factory=dict)  # indicator id -> its SPC chart and reading
    stakeholder_map: dict[str, tuple[str, ...]] = field(default_factory=dict)  # approach -> names
    probabilistic: Probabilistic | None = None
    meetings: MeetingsResult | None = None  # each group's schedule, next meeting and its agenda; decisions and actions
    stakeholder_groups: StakeholderGroups | None = None  # the team inside the reference group, by kind of stakeholder
    pathway: PathwayResults | None = None  # the pathway and journey maps with their drop-outs
    highlight: Highlight | None = None  # this month's highlight report

    @property
    def preferred(self) -> Option:
        return self.run.option(self.costs.preferred.model.id)

    @property
    def economics(self) -> EvaluationSummary:
        """The preferred model's economic evaluation."""
        return self.summaries[self.costs.preferred.model.id]

    @property
    def budget(self) -> tuple[BudgetRow, ...]:
        """The preferred model's budget impact."""
        return self.budgets[self.costs.preferred.model.id]


def load_tables() -> Tables:
    return {name: data.load(name) for name in TABLES}


def _interpolate(by_band: dict[str, float], ages: list[float], log: bool = False) -> np.ndarray:
    """A figure given at each band's middle age, read at other ages on straight lines (or straight on a log scale)."""
    xs = [BAND_MIDDLES[b] for b in BAND_MIDDLES]
    ys = np.array([float(by_band[b]) for b in BAND_MIDDLES])
    if not log:
        return np.interp(ages, xs, ys)
    slope = (np.log(ys[-1]) - np.log(ys[-2])) / (xs[-1] - xs[-2])
    inside = np.exp(np.interp(ages, xs, np.log(ys)))
    beyond = np.exp(np.log(ys[-1]) + slope * (np.asarray(ages) - xs[-1]))
    return np.minimum(1.0, np.where(np.asarray(ages) > xs[-1], beyond, inside))


def make_people(population: dict[str, dict[str, float]], rates: dict[str, dict[str, Any]], horizon: int,
                tables: Tables, cohort_size: float | None = None) -> People:
    """One year's fracture patients by sex, age band and site, with the death risks and quality of life they face."""
    sites = tuple(rates)
    bands = list(BAND_MIDDLES)

    def rate(site: str, sex: str, band: str) -> float:
        r = rates[site][sex]
        return float(r[band]) if isinstance(r, dict) else float(r)

    counts = np.array([[[population[sex].get(band, 0) * rate(site, sex, band) / 10_000 for site in sites]
                        for band in bands] for sex in SEXES], dtype=float)
    if cohort_size is not None and counts.sum() > 0:
        counts = counts * cohort_size / counts.sum()
    per_band = np.array([[[rate(site, sex, band) for site in sites] for band in bands] for sex in SEXES])
    totals = per_band.sum(axis=-1, keepdims=True)
    mix = np.divide(per_band, totals, out=np.zeros_like(per_band), where=totals > 0)
    mortality, utility = tables["mortality"]["background"], tables["utilities"]["baseline"]
    deaths, norms = [], []
    for t in range(horizon):
        ages = [BAND_MIDDLES[b] + t + 0.5 for b in bands]
        deaths.append([_interpolate(mortality[sex], ages, log=True) for sex in SEXES])
        norms.append([_interpolate(utility[sex], ages) for sex in SEXES])
    return People(sites, counts, mix, np.array(deaths), np.array(norms))


def make_setting(project: Project, inputs: CalculatorInputs, models: tuple[ModelCost, ...], values: dict[str, float],
                 tables: Tables, perspective: Perspective) -> Setting:
    sites = tables["sites"]["sites"]
    horizon = int(values["horizon_years"])
    rates = incidence_rates(inputs, tables)
    people = make_people(project.catchment.population, rates, horizon, tables, inputs.cohort_size)
    parts = {site: tuple(p for p in tables["unit_costs"]["sites"].get(site, {}) if p != "bed_days") for site in rates}
    for key in inputs.overrides:
        if key.startswith("unit_costs."):
            _, site, part = key.split(".")
            if site in parts and part not in parts[site] and part != "bed_days":
                parts[site] += (part,)
    lines = tables["perspectives"]["lines"]
    treatment = tables["treatment"]
    return Setting(
        people=people,
        effect_group={site: sites[site]["treatment_effect"] for site in rates},
        cost_parts=parts,
        components=dict(tables["unit_costs"]["components"]),
        line_payers={k: v["payer"] for k, v in lines.items()},
        counted=perspective.counts,
        risk_by_year={int(y): float(r) for y, r in tables["refracture"]["cumulative_risk"]["by_year"].items()},
        persistence={int(y): float(v) for y, v in treatment["persistence"]["by_year"].items()},
        max_years_on_treatment=float(treatment["max_years_on_treatment"]["value"]),
        regimens=tuple(treatment["regimens"]),
        horizon=horizon,
        service_years=int(values["service_years"]),
        models=models,
    )


def financial_years(first: str | None, today: date, count: int) -> tuple[str, ...]:
    """Labels such as 2027/28 for each of the service's years."""
    if first:
        start = int(str(first)[:4])
    else:
        start = today.year + (1 if today.month >= 4 else 0)
    return tuple(f"{y}/{(y + 1) % 100:02d}" for y in range(start, start + count))


# A long-lived process (fls-docs serve) calculates again after every save. The economic model, about a second
# of work, reads only the catchment, the calculator inputs, the nation and the date, so its figures are kept for
# the last few inputs asked for; the plan, risks, indicators and meetings are worked out afresh every time.
_ECONOMICS: dict[str, tuple[dict[str, Any], dict[str, float]]] = {}
_KEEP = 4


def _economics_key(project: Project, today: date, samples: int | None, seed: int, analyses: bool) -> str:
    # Dataclass reprs name every field and value, so equal reprs mean equal inputs.
    text = repr((project.catchment, project.calculator, project.organisation.nation, today.isoformat(), samples, seed,
                 analyses))
    return hashlib.sha256(text.encode()).hexdigest()


def calculate(project: Project, today: date, samples: int | None = None, seed: int = 20261125,
              tables: Tables | None = None, analyses: bool = True) -> Results:
    """Every figure the documents show, from the model and the shipped reference data.

    ``analyses=False`` leaves out the sensitivity, break-even and scenario runs, for callers
    that need only the central figures (such as validate's staffing check).
    """
    key = _economics_key(project, today, samples, seed, analyses) if tables is None else ""
    tables = localise(tables or load_tables(), project.organisation.nation)
    if key in _ECONOMICS:
        economics, values = _ECONOMICS[key]
    else:
        economics, values = _economics(project, today, samples, seed, tables, analyses)
        if key:
            _ECONOMICS[key] = (economics, values)
            while len(_ECONOMICS) > _KEEP:  # oldest first: dicts keep their order
                del _ECONOMICS[next(iter(_ECONOMICS))]
    result, setting = economics["run"], economics["setting"]
    progress = calculate_progress(project.plan, today)
    risks = grade_risks(project.brief.risks, tables["risk_matrix"])
    indicators = assess_all(project.indicators)
    return Results(
        **economics,
        progress=progress,
        risks=risks,
        indicators=indicators,
        spc=spc_all(project.indicators),
        stakeholder_map=map_stakeholders(project.stakeholders),
        meetings=meetings_for(project, today, tables["risk_matrix"]),
        stakeholder_groups=group_stakeholders(project.team, project.stakeholders, stakeholder_labels(project.organisation.nation)),
        pathway=pathway_results(project.pathway, result.option(economics["costs"].preferred.model.id),
                                setting.caseload * values["incidence_scale"]),
        highlight=highlight(progress, risks, project.plan.issues, [i.status for i in indicators], today),
    )


def _economics(project: Project, today: date, samples: int | None, seed: int, tables: Tables,
               analyses: bool) -> tuple[dict[str, Any], dict[str, float]]:
    """The economic model's figures (Results fields), and the parameter values they were worked out from."""
    inputs = project.calculator
    prices = Prices.from_table(tables["inflation"])
    bias = rules(inputs.optimism_bias, tables["finance"])
    params = gather(inputs, tables, prices, bias)
    values = params.numbers()
    view = tables["perspectives"]["perspectives"][inputs.perspective]
    perspective = Perspective(inputs.perspective, view["label"], tuple(view["counts"]), " ".join(view.get("note", "").split()))
    pay = merge_pay(dict(tables["pay"]), inputs.pay)
    costs = calculate_costs(inputs.staffing_models, pay)
    setting = make_setting(project, inputs, costs.models, values, tables, perspective)
    result = run(values, setting)

    workload = tables["workload"]
    minutes = {key: values[f"minutes.{key}"] for key in workload["activities"]}
    hours = values["productive_hours"] * float(pay.get("hours_per_week", 37.5)) / 37.5
    needs = {}
    for option in result.options:
        fls = option.reached["fls"]
        reached = {step: float(fls[step]) for step in ("identified", "assessed", "recommended", "started")}
        needs[option.model.model.id] = staff_needed(option.model.model, reached, reached["assessed"] * values["dxa_share"],
                                                    workload["activities"], minutes, hours)

    incidence = tables["incidence"]
    preferred = costs.preferred.model.id
    benefits = Benefits(expected_fractures(project.catchment.population, incidence_rates(inputs, tables),
                                           {s: i["label"] for s, i in tables["sites"]["sites"].items()}),
                        setting.horizon, setting.service_years, result.option(preferred),
                        " ".join(incidence["source"].split()), " ".join(incidence["method"].split()),
                        tuple(inputs.incidence))
    if inputs.cohort_size is not None:
        scale = inputs.cohort_size / max(benefits.expected_per_year, 1e-9)
        benefits = replace(benefits, sites=tuple(replace(s, by_sex={k: v * scale for k, v in s.by_sex.items()})
                                                 for s in benefits.sites))
    finance = tables["finance"]
    thresholds = (float(finance["nice_threshold"]["low"]), float(finance["nice_threshold"]["high"]))
    scenario = tables["cascade"].get("scenarios", {}).get("targets")
    targets = None
    if scenario and analyses:
        target_values = {**values, **{f"models.{preferred}.cascade.{step}": share for step, share in scenario["fls"].items()}}
        targets = run(target_values, setting).option(preferred)
    labels = {**tables["unit_costs"]["components"], **tables["perspectives"]["lines"]}
    longest = int(tables["finance"]["horizon_years"].get("longest", 10))
    longer = None
    if setting.horizon < longest and analyses:
        # Health lost after a hip fracture and to a death lasts beyond a short horizon: show the longest one too.
        far = make_setting(project, inputs, costs.models, {**values, "horizon_years": longest}, tables, perspective)
        longer = summarise(run(values, far).option(preferred), labels)
    years = financial_years(inputs.first_financial_year, today, setting.service_years)
    swings = one_way(params, setting, preferred, thresholds[0]) if analyses else ()
    return dict(
        params=params, setting=setting, run=result, benefits=benefits, costs=costs, staff_needs=needs,
        sensitivity=swings,
        prices=prices, bias=bias, perspective=perspective,
        financial_years=years, labels=labels, payers=dict(tables["perspectives"]["payers"]),
        summaries={o.model.model.id: summarise(o, labels) for o in result.options},
        budgets={o.model.model.id: budget_rows(o, labels, years, perspective.counts) for o in result.options},
        thresholds=thresholds, threshold_source=" ".join(str(finance["nice_threshold"]["source"]).split()),
        threshold_label=finance["nice_threshold"].get("label", "NICE threshold range"),
        break_even=break_even(params, setting, preferred, thresholds[0], swings[:BREAK_EVEN_INPUTS]),
        targets=summarise(targets, labels) if targets else None, targets_label=scenario["label"] if scenario else "",
        longer=longer, longer_horizon=longest if longer else 0,
        probabilistic=probabilistic(params, setting, samples, seed, thresholds) if samples else None,
    ), values
