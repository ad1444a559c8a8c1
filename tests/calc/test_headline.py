"""The example's headline figures against an independent calculation written out here.

Nothing below calls the calculators. The test reads the shipped reference data and
the example's content files with plain YAML, restates the model in plain Python
(loops and lists, no NumPy) and compares its own figures with what ``calculate()``
reports: fractures a year, fractures prevented, deaths, QALYs, net cost, cost per
QALY, net present social value and the probability of being cost-effective.

The model, in words:
- Fractures a year: people in each sex and age band times the site's rate per 10,000.
- Each year's patients are followed for the horizon. Each year a living person dies
  with the life-table risk for their age (read between band middles on a log scale),
  times 3.0 or so in the first year after a hip fracture (the index site's multiple).
- A living person breaks another bone with the yearly risk from the refracture curve
  (rise in the year over the share still free of one), spread across sites as fractures
  in their sex and age band are, lowered by treatment for those protected.
- Only the attributable share of the extra deaths after a further hip or spine fracture
  counts as caused by it, in its first year and later years.
- With the service, patients it finds follow its cascade; those it misses keep usual care.
- Treatment starts after some weeks, acts after some months; people stop along the
  persistence curve; protection lasts for each regimen's offset after stopping.
- QALYs: person-years times the age's quality of life times the index fracture's
  multiplier, less the loss for each further fracture in its year and later years.
- Costs: fractures by site and component, scans in the first year, medicines and
  monitoring for person-years on treatment; staff and running costs each year and
  set-up once, with optimism bias on those service lines only.
- Five years of patients; year y is discounted by 1.035^y; health for the social
  value at 1.5%, valued at the Green Book's QALY value in today's prices.
"""

from __future__ import annotations

import math
from datetime import date
from pathlib import Path

import numpy as np
import pytest
import yaml

from fls_docs.calc.results import Results, calculate
from fls_docs.model.validate import load_project

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "fls_docs" / "data"
BANDS = ["50-54", "55-59", "60-64", "65-69", "70-74", "75-79", "80-84", "85-89", "90+"]
MIDDLE = [52.5, 57.5, 62.5, 67.5, 72.5, 77.5, 82.5, 87.5, 92.5]
SEXES = ["female", "male"]
ARMS_RR = {"hip": "hip", "vertebral": "vertebral", "wrist_forearm": "wrist", "humerus": "non_vertebral",
           "pelvis": "non_vertebral", "other": "non_vertebral"}


def table(name: str) -> dict:
    return yaml.safe_load((DATA / f"{name}.yaml").read_text())


def content(name: str) -> dict:
    return yaml.safe_load((ROOT / "content" / f"{name}.yaml").read_text())


def straight(xs: list[float], ys: list[float], x: float) -> float:
    if x <= xs[0]:
        return ys[0]
    if x >= xs[-1]:
        return ys[-1]
    for x0, x1, y0, y1 in zip(xs, xs[1:], ys, ys[1:]):
        if x0 <= x <= x1:
            return y0 + (y1 - y0) * (x - x0) / (x1 - x0)
    raise AssertionError


def death_risk(by_band: dict, age: float) -> float:
    logs = [math.log(by_band[b]) for b in BANDS]
    if age > MIDDLE[-1]:
        slope = (logs[-1] - logs[-2]) / (MIDDLE[-1] - MIDDLE[-2])
        return min(1.0, math.exp(logs[-1] + slope * (age - MIDDLE[-1])))
    return min(1.0, math.exp(straight(MIDDLE, logs, age)))


class Inputs:
    """The example's figures: defaults from the data files, replaced where content/calculator.yaml says so."""

    def __init__(self) -> None:
        calc = content("calculator")
        self.calc = calc
        inflation = table("inflation")
        index = {str(k): float(v) for k, v in inflation["values"].items()}
        today = index[str(inflation["price_year"])]

        def money(entry: dict) -> float:
            year = str(entry.get("price_year", inflation["price_year"]))
            if year not in index:
                year = f"{year}/{(int(year) + 1) % 100:02d}"
            return float(entry["value"]) * today / index[year]

        self.cascade = {arm: {step: float(info[arm]["value"]) for step, info in table("cascade")["steps"].items()}
                        for arm in ("usual_care", "fls")}
        for arm, steps in calc.get("cascade", {}).items():
            self.cascade[arm].update(steps)
        finance = table("finance")
        self.horizon = int(calc.get("horizon_years", finance["horizon_years"]["value"]))
        self.years = int(calc.get("service_years", finance["service_years"]["value"]))
        self.rate = float(finance["discount_rate"]["value"])
        self.health_rate = float(finance["health_discount_rate"]["value"])
        self.qaly_value = money(finance["qaly_value"])
        treatment = table("treatment")
        self.rr = {k: float(v["relative_risk"]) for k, v in treatment["effects"].items()}
        self.weeks = float(treatment["time_to_start_weeks"]["value"])
        self.onset = float(treatment["onset_months"]["value"])
        self.persistence = {int(k): float(v) for k, v in treatment["persistence"]["by_year"].items()}
        self.max_years = float(treatment["max_years_on_treatment"]["value"])
        self.regimens = {r: (float(i["share"]["value"]), money(i["drug_cost_per_year"]),
                             money(i["monitoring_cost_per_year"]), float(i["offset_years"]["value"]))
                         for r, i in treatment["regimens"].items()}
        mortality = table("mortality")
        self.background = mortality["background"]
        self.excess = {s: (float(mortality["excess"][s]["year_1"]["value"]), float(mortality["excess"][s]["later"]["value"]))
                       for s in ("hip", "vertebral")}
        self.attributable = float(mortality["attributable"]["value"])
        utilities = table("utilities")
        self.norms = utilities["baseline"]
        self.multiplier = {s: (float(m["year_1"]["value"]), float(m["later"]["value"]))
                           for s, m in utilities["multipliers"].items() if isinstance(m, dict)}
        curve = {int(k): float(v) for k, v in table("refracture")["cumulative_risk"]["by_year"].items()}
        self.refracture = curve
        costs = table("unit_costs")
        self.unit_costs = {site: {part: money(e) for part, e in parts.items() if part != "bed_days"}
                           for site, parts in costs["sites"].items()}
        self.dxa_cost = float(calc.get("dxa_cost", money(table("service_costs")["dxa_cost"])))
        self.dxa_share = float(table("service_costs")["dxa_share"]["value"])
        view = table("perspectives")["perspectives"][calc.get("perspective", "nhs_pss")]
        self.counted = set(view["counts"])
        self.rates = table("incidence")["sites"]
        self.population = content("project")["catchment"]["population"]
        bias = finance["optimism_bias"]
        self.bias = {}
        for measure, kind in (("setup", "capex"), ("running", "opex")):
            rule = calc["optimism_bias"][measure]
            bounds = bias["categories"][rule["category"]][kind]
            self.bias[measure] = max(bounds["lower"], bounds["upper"] * (1 - rule["mitigation"]))

    def yearly_risk(self) -> list[float]:
        points = [(0, 0.0)] + sorted(self.refracture.items())

        def cumulative(t: float) -> float:
            return straight([p[0] for p in points], [p[1] for p in points], t)

        out = []
        for t in range(1, self.horizon + 1):
            if t <= 5:
                out.append((cumulative(t) - cumulative(t - 1)) / (1 - cumulative(t - 1)))
            else:
                out.append(1 - ((1 - cumulative(5)) / (1 - cumulative(2))) ** (1 / 3))
        return out


def staff_cost(model: dict) -> float:
    pay = table("pay")
    total = 0.0
    for post in model["posts"]:
        salary = pay["bands"][post["band"]][post.get("pay_point", "mid")]
        total += post["wte"] * (salary + 0.15 * (salary - 5000) + 0.1438 * salary)
    consultant = pay["consultant"]["salary"]["mid"]
    total += model.get("consultant_pas", 0) / 10 * (consultant + 0.15 * (consultant - 5000) + 0.1438 * consultant)
    return total


def cohort(x: Inputs, shares: dict, missed: dict | None) -> dict:  # noqa: C901 - one model, written out
    """One year's patients along one cascade: deaths, life-years, QALYs and costs, year by year."""
    sites = list(x.rates)

    def rate(site: str, sex: str, band: str) -> float:
        return float(x.rates[site][sex][band])

    treated = shares["identified"] * shares["assessed"] * shares["recommended"] * shares["started"]
    persistent = shares["persistent"]
    if missed:
        usual = missed["identified"] * missed["assessed"] * missed["recommended"] * missed["started"]
        found = treated
        treated = found + (1 - shares["identified"]) * usual
        persistent = (found * shares["persistent"] + (1 - shares["identified"]) * usual * missed["persistent"]) / treated

    def still_on(at: float) -> float:
        if at > x.max_years:
            return 0.0
        keys = sorted(x.persistence)
        return straight(keys, [x.persistence[k] for k in keys], at)

    start = x.weeks / 52
    on = [treated * (1 - start) * (1 + persistent) / 2]
    protected = [treated * persistent * max(0.0, 1 - start - x.onset / 12)]
    for y in range(2, x.horizon + 1):
        on.append(treated * persistent * (still_on(y - 1) + still_on(y)) / 2)
        protected.append(treated * persistent * sum(share * still_on(max(1.0, y - 0.5 - offset))
                                                    for share, _, _, offset in x.regimens.values()))
    drug = sum(share * cost for share, cost, _, _ in x.regimens.values())
    monitor = sum(share * cost for share, _, cost, _ in x.regimens.values())

    caseload = sum(x.population[sex][band] * rate(site, sex, band) / 10_000
                   for sex in SEXES for band in BANDS for site in sites)
    risk = x.yearly_risk()
    out = {"deaths": [0.0] * x.horizon, "life_years": [0.0] * x.horizon, "qalys": [0.0] * x.horizon,
           "further": [dict.fromkeys(sites, 0.0) for _ in range(x.horizon)], "costs": [{} for _ in range(x.horizon)]}
    on_years = [0.0] * x.horizon
    for sex in SEXES:
        for b, band in enumerate(BANDS):
            total_rate = sum(rate(s, sex, band) for s in sites)
            mix = {s: rate(s, sex, band) / total_rate for s in sites}
            alive = {k: x.population[sex][band] * rate(k, sex, band) / 10_000 for k in sites}
            pools = dict.fromkeys(sites, 0.0)
            for t in range(x.horizon):
                age = MIDDLE[b] + t + 0.5
                q = death_risk(x.background[sex], age)
                u = straight(MIDDLE, [x.norms[sex][bb] for bb in BANDS], age)
                everyone = sum(alive.values())
                further = {s: everyone * risk[t] * mix[s] * (1 - protected[t] * (1 - x.rr[ARMS_RR[s]])) for s in sites}
                caused = sum(x.attributable * q * ((x.excess[s][0] - 1) * further[s] + (x.excess[s][1] - 1) * pools[s])
                             for s in ("hip", "vertebral"))
                deaths = {}
                for k in sites:
                    multiple = x.excess[k][0 if t == 0 else 1] if k in x.excess else 1.0
                    own = alive[k] * min(1.0, q * multiple)
                    deaths[k] = min(alive[k], own + (caused * alive[k] / everyone if everyone else 0.0))
                years_lived = {k: alive[k] - deaths[k] / 2 for k in sites}
                qalys = sum(years_lived[k] * u * x.multiplier[k][0 if t == 0 else 1] for k in sites)
                qalys -= sum(u * ((1 - x.multiplier[s][0]) * further[s] + (1 - x.multiplier[s][1]) * pools[s]) for s in sites)
                out["deaths"][t] += sum(deaths.values())
                out["life_years"][t] += sum(years_lived.values())
                out["qalys"][t] += qalys
                for s in sites:
                    out["further"][t][s] += further[s]
                on_years[t] += sum(years_lived.values()) * on[t]
                pools = {s: (pools[s] + further[s]) * (1 - q) for s in sites}
                alive = {k: alive[k] - deaths[k] for k in sites}
    for t in range(x.horizon):
        costs = {}
        for site, parts in x.unit_costs.items():
            for part, cost in parts.items():
                costs[part] = costs.get(part, 0.0) + out["further"][t][site] * cost
        assessed = caseload * shares["identified"] * shares["assessed"]
        if missed:  # patients the service misses may still be assessed, and scanned, in usual care
            assessed += caseload * (1 - shares["identified"]) * missed["identified"] * missed["assessed"]
        costs["dxa"] = assessed * x.dxa_share * x.dxa_cost if t == 0 else 0.0
        costs["medicines"] = on_years[t] * drug
        costs["monitoring"] = on_years[t] * monitor
        out["costs"][t] = costs
    out["caseload"] = caseload
    return out


def evaluate(x: Inputs, model: dict) -> dict:
    usual_shares = x.cascade["usual_care"]
    shares = {**x.cascade["fls"], **model.get("cascade", {})}
    usual, service = cohort(x, usual_shares, None), cohort(x, shares, usual_shares)
    n = x.years

    def over_cohorts(series: list[float], rate: float) -> float:
        return sum(v / (1 + rate) ** (c + t + 1) for c in range(n) for t, v in enumerate(series))

    net = 0.0
    for part in usual["costs"][0]:
        if part in x.counted:
            net += over_cohorts([s[part] - u[part] for s, u in zip(service["costs"], usual["costs"])], x.rate)
    running = sum(line["cost_per_year"] for line in model.get("running_costs", []))
    setup = sum(line["cost"] for line in model.get("setup_costs", []))
    net += sum((staff_cost(model) + running) * (1 + x.bias["running"]) / (1 + x.rate) ** (c + 1) for c in range(n))
    net += setup * (1 + x.bias["setup"])
    gained = [s - u for s, u in zip(service["qalys"], usual["qalys"])]
    qalys = over_cohorts(gained, x.rate)
    prevented = n * sum(sum(u.values()) - sum(s.values()) for u, s in zip(usual["further"], service["further"]))
    hip = n * sum(u["hip"] - s["hip"] for u, s in zip(usual["further"], service["further"]))
    return {
        "caseload": usual["caseload"], "prevented": prevented, "hip": hip,
        "deaths": n * (sum(usual["deaths"]) - sum(service["deaths"])),
        "life_years": over_cohorts([s - u for s, u in zip(service["life_years"], usual["life_years"])], x.rate),
        "qalys": qalys, "net_cost": net, "cost_per_qaly": net / qalys,
        "npsv": over_cohorts(gained, x.health_rate) * x.qaly_value - net,
    }


@pytest.fixture(scope="module")
def example() -> Results:
    project, _ = load_project(ROOT)
    return calculate(project, date(2026, 11, 26), samples=4000, seed=7)


@pytest.fixture(scope="module")
def by_hand() -> dict:
    x = Inputs()
    return {m["id"]: evaluate(x, m) for m in x.calc["staffing_models"]}


def test_fractures_a_year(example: Results, by_hand: dict) -> None:
    assert example.benefits.expected_per_year == pytest.approx(by_hand["nurse-led"]["caseload"], rel=1e-9)


@pytest.mark.parametrize("model", ["nurse-led", "minimum"])
@pytest.mark.parametrize("figure", ["prevented", "hip", "deaths", "life_years", "qalys", "net_cost", "cost_per_qaly", "npsv"])
def test_headline_figures_match_the_hand_calculation(example: Results, by_hand: dict, model: str, figure: str) -> None:
    s = example.summaries[model]
    ours = {"prevented": s.total_prevented, "hip": s.prevented["hip"], "deaths": s.deaths_avoided,
            "life_years": s.life_years, "qalys": s.qalys, "net_cost": s.net_cost, "cost_per_qaly": s.cost_per_qaly,
            "npsv": s.npsv}[figure]
    assert ours == pytest.approx(by_hand[model][figure], rel=1e-6)


def test_the_headline_figures_are_of_a_sensible_size(by_hand: dict) -> None:
    """Guards the hand calculation itself against a slip that the code shares."""
    nurse = by_hand["nurse-led"]
    assert 1_000 < nurse["caseload"] < 2_500  # about 126 per 10,000 aged 50+ in a catchment of 124,100
    assert 0 < nurse["hip"] < nurse["prevented"] < 0.1 * nurse["caseload"] * 5
    assert 0 < nurse["deaths"] < nurse["hip"]
    assert 0 < nurse["qalys"] < nurse["prevented"]


def test_probability_cost_effective_is_the_share_of_samples_with_positive_net_benefit(example: Results) -> None:
    low = example.thresholds[0]
    model = next(m for m in example.probabilistic.models if m.model_id == "nurse-led")
    positive = sum(1 for q, c in zip(model.qaly_samples, model.cost_samples) if q * low - c > 0)
    assert model.probability_cost_effective(low) == pytest.approx(positive / len(model.qaly_samples))


def test_away_from_the_central_values_the_model_still_matches_the_hand_calculation(example: Results) -> None:
    """Three draws of the probabilistic analysis for four inputs, rerun by the model and by hand."""
    from fls_docs.calc.run import run
    from fls_docs.calc.summary import summarise

    pr = example.probabilistic
    for i in (0, 1, 2):
        drawn = {k: float(pr.draws[k][i]) for k in ("treatment.hip", "cascade.fls.started", "refracture_risk_5y", "dxa_cost")}
        option = run({**example.params.numbers(), **drawn}, example.setting).option("nurse-led")
        ours = summarise(option, example.labels)
        x = Inputs()
        x.rr["hip"] = drawn["treatment.hip"]
        x.cascade["fls"]["started"] = drawn["cascade.fls.started"]
        x.refracture = {k: v * drawn["refracture_risk_5y"] / x.refracture[5] for k, v in x.refracture.items()}
        x.dxa_cost = drawn["dxa_cost"]
        hand = evaluate(x, next(m for m in x.calc["staffing_models"] if m["id"] == "nurse-led"))
        assert ours.qalys == pytest.approx(hand["qalys"], rel=1e-6)
        assert ours.net_cost == pytest.approx(hand["net_cost"], rel=1e-6)
        assert ours.total_prevented == pytest.approx(hand["prevented"], rel=1e-6)


def test_a_local_figure_is_used_and_reported_as_local(example: Results) -> None:
    assert example.params["dxa_cost"].value == 72
    assert example.params["dxa_cost"].overridden
    assert "cascade.usual_care.assessed" in [p.key for p in example.params.overridden()]


def test_probabilistic_draws_are_centred_on_each_input(example: Results) -> None:
    """Shares and costs are drawn with the central value as their mean; relative risks and multiples as their median."""
    for key, values in example.probabilistic.draws.items():
        p = example.params[key]
        centre = np.median(values) if p.distribution == "lognormal" else np.mean(values)
        assert centre == pytest.approx(p.value, rel=0.05, abs=0.005), key


def test_a_longer_horizon_is_shown_beside_the_central_one(example: Results) -> None:
    assert example.longer_horizon == 10
    assert example.longer.qalys > example.economics.qalys
    assert example.longer.total_prevented >= example.economics.total_prevented
