"""Gather every calculator input: the shipped defaults with their sources, replaced where the project gave its own."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from fls_docs.calc.benefits import ARM_LABELS, ARMS, STEPS
from fls_docs.calc.parameters import (
    BETA,
    GAMMA,
    LOCAL_SOURCE,
    LOGNORMAL,
    Parameter,
    Parameters,
    parameter,
)
from fls_docs.calc.optimism import BiasRule
from fls_docs.calc.prices import Prices
from fls_docs.model.project import CalculatorInputs

# The reference tables the calculators read, by data file name.
TABLES = ("sites", "incidence", "cascade", "refracture", "treatment", "unit_costs", "service_costs",
          "finance", "workload", "pay", "risk_matrix", "mortality", "utilities", "inflation", "perspectives")

Tables = Mapping[str, Mapping[str, Any]]


def _fixed(value: float, source: str) -> dict[str, Any]:
    return {"value": value, "source": source}


def gather(inputs: CalculatorInputs, tables: Tables, prices: Prices, bias: Mapping[str, BiasRule]) -> Parameters:
    """Every single-figure input, keyed as in calculator.yaml (``cascade.fls.identified``, ``dxa_cost``, ...).

    Money from an older price year is brought to today's prices first; the source says how.
    """
    local = inputs.overrides
    params = Parameters()

    def add(key: str, label: str, entry: Mapping[str, Any], distribution: str | None = None,
            value_key: str = "value", money: bool = False) -> None:
        if money:
            entry = prices.inflate_entry(entry)
        params.add(parameter(key, label, entry, local.get(key), distribution, value_key))

    finance = tables["finance"]
    add("horizon_years", "Years each year's patients are followed", finance["horizon_years"])
    add("service_years", "Years of the service appraised, and financial years in the budget", finance["service_years"])
    add("discount_rate", "Discount rate a year for costs", finance["discount_rate"])
    add("health_discount_rate", "Discount rate a year for health (Green Book)", finance["health_discount_rate"])
    add("qaly_value", "Value of one quality-adjusted life year (Green Book)", finance["qaly_value"], money=True)

    add("incidence_scale", "Fracture rates, as a multiple of the published rates", {
        "value": 1.0, **{k: tables["incidence"]["uncertainty"][k] for k in ("low", "high")},
        "source": tables["incidence"]["uncertainty"]["source"]}, LOGNORMAL)

    for step, info in tables["cascade"]["steps"].items():
        for arm in ARMS:
            label = ARM_LABELS[arm][0].lower() + ARM_LABELS[arm][1:]
            add(f"cascade.{arm}.{step}", f"{info['label']} ({label})", info[arm], BETA)
    for model in inputs.staffing_models:
        for step, value in model.cascade.items():
            default = params[f"cascade.fls.{step}"]
            entry = {"value": default.value, "low": default.low, "high": default.high, "source": default.source}
            params.add(parameter(f"models.{model.id}.cascade.{step}",
                                 f"{tables['cascade']['steps'][step]['label']} ({model.name.lower()})", entry, value, BETA))

    risk = tables["refracture"]["cumulative_risk"]
    add("refracture_risk_5y", "Risk of a further fracture within 5 years",
        {"value": risk["by_year"][5], "low": risk["low_5y"], "high": risk["high_5y"],
         "source": f"{risk['source']}. {risk['note']}"}, BETA)

    treatment = tables["treatment"]
    for group, effect in treatment["effects"].items():
        add(f"treatment.{group}", f"Relative risk of a further {effect['label'].lower()} fracture on treatment",
            effect, LOGNORMAL, value_key="relative_risk")
    add("treatment.weeks_to_start", "Weeks from fracture to starting treatment", treatment["time_to_start_weeks"], GAMMA)
    add("treatment.onset_months", "Months on treatment before it lowers fracture risk", treatment["onset_months"], GAMMA)
    persistence = treatment["persistence"]
    add("treatment.persistence_multiplier", "Rate of stopping treatment after 12 months, as a multiple of the published rate",
        {"value": 1.0, **persistence["uncertainty"], "source": persistence["source"]}, LOGNORMAL)
    for regimen, info in treatment["regimens"].items():
        name = info["label"]
        # The mix is held fixed: moving one share alone would leave shares that do not add up to 1.
        add(f"regimens.{regimen}.share", f"Share of treated patients on {name}",
            _fixed(info["share"]["value"], info["share"]["source"]))
        add(f"regimens.{regimen}.drug_cost", f"Medicine cost a year: {name}", info["drug_cost_per_year"], GAMMA, money=True)
        add(f"regimens.{regimen}.monitoring_cost", f"Monitoring and giving the medicine, a year: {name}",
            info["monitoring_cost_per_year"], GAMMA, money=True)
        add(f"regimens.{regimen}.offset_years", f"Years the effect lasts after stopping: {name}", info["offset_years"],
            GAMMA if info["offset_years"]["value"] > 0 else None)

    mortality = tables["mortality"]
    labels = {site: info["label"] for site, info in tables["sites"]["sites"].items()}
    for site in ("hip", "vertebral"):
        for when, words in (("year_1", "in the first year"), ("later", "in later years")):
            add(f"mortality.{site}.{when}", f"Risk of dying {words} after a {labels[site].lower()} fracture, "
                "as a multiple of the usual risk at that age", mortality["excess"][site][when], LOGNORMAL)
    add("mortality.attributable", "Share of the extra deaths after a fracture that the fracture causes",
        mortality["attributable"], BETA)

    multipliers = tables["utilities"]["multipliers"]
    for site in labels:
        entry = multipliers[site]
        for when, words in (("year_1", "in the year of"), ("later", "in the years after")):
            add(f"utility.{site}.{when}", f"Quality of life {words} a {labels[site].lower()} fracture, as a share of "
                "what it was", {**entry[when], "source": entry.get("source", multipliers["source"])}, BETA)

    components = tables["unit_costs"]["components"]
    for site, costs in tables["unit_costs"]["sites"].items():
        for part, entry in costs.items():
            key = f"unit_costs.{site}.{part}"
            if part == "bed_days":
                add(key, f"Bed days for a {labels[site].lower()} fracture", entry, GAMMA)
            else:
                add(key, f"{components[part]['label']}: cost of a {labels[site].lower()} fracture", entry, GAMMA, money=True)
    for key, value in local.items():  # cost parts the defaults leave out, such as community care
        if key.startswith("unit_costs.") and key not in params:
            _, site, part = key.split(".")
            params.add(Parameter(key, f"{components[part]['label']}: cost of a {labels[site].lower()} fracture",
                                 float(value), LOCAL_SOURCE, True))

    service = tables["service_costs"]
    add("dxa_cost", "Cost of a bone density (DXA) scan", service["dxa_cost"], GAMMA, money=True)
    add("dxa_share", "Share of assessed patients sent for a bone density scan", service["dxa_share"], BETA)

    for measure, rule in bias.items():
        params.add(Parameter(f"optimism_bias.{measure}", f"Optimism bias on {OB_WORDS[measure]}", rule.applied,
                             rule.source, rule.local, rule.lower, rule.upper))

    workload = tables["workload"]
    for key, activity in workload["activities"].items():
        entry = {"value": activity["minutes"], "source": activity.get("source", workload["source"])}
        add(f"minutes.{key}", f"Minutes per patient: {activity['label'].lower()}", entry)
    add("productive_hours", "Patient-work hours a year per whole-time equivalent", workload["productive_hours"])
    return params


OB_WORDS = {"setup": "set-up costs", "running": "staff and running costs"}


def cascade_shares(values: Mapping[str, Any], model_id: str | None = None) -> dict[str, dict[str, Any]]:
    """Cascade shares by arm and step; a model's own figures replace the FLS arm's where it gave them."""
    shares = {arm: {step: values[f"cascade.{arm}.{step}"] for step in STEPS} for arm in ARMS}
    if model_id is not None:
        shares["fls"] = {step: values.get(f"models.{model_id}.cascade.{step}", shares["fls"][step]) for step in STEPS}
    return shares


def incidence_rates(inputs: CalculatorInputs, tables: Tables) -> dict[str, dict[str, Any]]:
    """Rates per site and sex: the default table, with any site the project rated itself replaced whole."""
    rates = {site: dict(r) for site, r in tables["incidence"]["sites"].items()}
    for site, local in inputs.incidence.items():
        rates[site] = {**local, "source": LOCAL_SOURCE, "local": True}
    order = list(tables["sites"]["sites"])
    return {site: rates[site] for site in order if site in rates}
