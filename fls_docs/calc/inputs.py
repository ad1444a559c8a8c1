"""Gather every calculator input: the shipped defaults with their sources, replaced where the project gave its own."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from fls_docs.calc.benefits import ARM_LABELS, ARMS, STEPS
from fls_docs.calc.parameters import (
    BETA,
    GAMMA,
    LOGNORMAL,
    Parameter,
    Parameters,
    parameter,
)
from fls_docs.model.project import CalculatorInputs

# The reference tables the calculators read, by data file name.
TABLES = ("sites", "incidence", "cascade", "refracture", "treatment", "unit_costs", "service_costs",
          "finance", "workload", "pay", "risk_matrix")

Tables = Mapping[str, Mapping[str, Any]]


def gather(inputs: CalculatorInputs, tables: Tables) -> Parameters:
    """Every single-figure input, keyed as in calculator.yaml (``cascade.fls.identified``, ``dxa_cost``, ...)."""
    local = inputs.overrides
    params = Parameters()
    finance = tables["finance"]
    params.add(parameter("horizon_years", "Years the financial case covers", finance["horizon_years"], local.get("horizon_years")))

    for step, info in tables["cascade"]["steps"].items():
        for arm in ARMS:
            key = f"cascade.{arm}.{step}"
            label = ARM_LABELS[arm][0].lower() + ARM_LABELS[arm][1:]
            params.add(parameter(key, f"{info['label']} ({label})", info[arm], local.get(key), BETA))
    for model in inputs.staffing_models:
        for step, value in model.cascade.items():
            default = params[f"cascade.fls.{step}"]
            key = f"models.{model.id}.cascade.{step}"
            entry = {"value": default.value, "low": default.low, "high": default.high, "source": default.source}
            params.add(parameter(key, f"{tables['cascade']['steps'][step]['label']} ({model.name.lower()})", entry, value, BETA))

    risk = tables["refracture"]["cumulative_risk"]
    params.add(parameter("refracture_risk_5y", "Risk of a further fracture within 5 years",
                         {"value": risk["by_year"][5], "low": risk["low_5y"], "high": risk["high_5y"],
                          "source": f"{risk['source']}. {risk['note']} The sensitivity analyses scale the whole curve with this figure."}, None, BETA))

    treatment = tables["treatment"]
    for group, effect in treatment["effects"].items():
        key = f"treatment.{group}"
        params.add(parameter(key, f"Relative risk of a further {effect['label'].lower()} fracture on treatment",
                             effect, local.get(key), LOGNORMAL, value_key="relative_risk"))

    labels = {site: info["label"] for site, info in tables["sites"]["sites"].items()}
    components = tables["unit_costs"]["components"]
    for site, costs in tables["unit_costs"]["sites"].items():
        for part, entry in costs.items():
            key = f"unit_costs.{site}.{part}"
            what = "Bed days for a" if part == "bed_days" else f"{components[part]} cost of a"
            params.add(parameter(key, f"{what} {labels[site].lower()} fracture", entry, local.get(key), GAMMA))
    for key, value in local.items():  # cost parts the defaults leave out, such as community care
        if key.startswith("unit_costs.") and key not in params:
            _, site, part = key.split(".")
            params.add(Parameter(key, f"{components.get(part, 'Bed days')} for a {labels[site].lower()} fracture",
                                 float(value), "Local figure from content/calculator.yaml", True))

    service = tables["service_costs"]
    params.add(parameter("dxa_cost", "Cost of a DXA scan", service["dxa_cost"], local.get("dxa_cost"), GAMMA))
    params.add(parameter("dxa_share", "Share of assessed patients sent for a DXA scan", service["dxa_share"], local.get("dxa_share"), BETA))
    params.add(parameter("drug_cost", "Medicine cost per patient-year on treatment", service["drug_cost"], local.get("drug_cost"), GAMMA))
    params.add(parameter("discount_rate", "Discount rate a year", finance["discount_rate"], local.get("discount_rate")))
    # Optimism bias is a policy adjustment, not a measured quantity: tested one way, never sampled.
    params.add(parameter("optimism_bias", "Optimism bias uplift on costs", finance["optimism_bias"], local.get("optimism_bias")))

    workload = tables["workload"]
    for key, activity in workload["activities"].items():
        entry = {"value": activity["minutes"], "source": workload["source"]}
        params.add(parameter(f"minutes.{key}", f"Minutes per patient: {activity['label'].lower()}", entry, local.get(f"minutes.{key}")))
    params.add(parameter("productive_hours", "Patient-work hours a year per whole-time equivalent",
                         workload["productive_hours"], local.get("productive_hours")))
    return params


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
        rates[site] = {**local, "source": "Local figure from content/calculator.yaml"}
    order = list(tables["sites"]["sites"])
    return {site: rates[site] for site in order if site in rates}
