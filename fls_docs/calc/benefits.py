"""Benefits: fractures expected in the catchment and fractures a service prevents."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from fls_docs.calc.parameters import Parameter, choose
from fls_docs.model.project import SEXES, CalculatorInputs

ARMS = ("usual_care", "fls")
ARM_LABELS = {"usual_care": "Usual care", "fls": "With the FLS"}


@dataclass(frozen=True)
class SiteFractures:
    site: str
    label: str
    by_sex: dict[str, float]

    @property
    def total(self) -> float:
        return sum(self.by_sex.values())


@dataclass(frozen=True)
class CascadeStep:
    step: str
    label: str
    shares: dict[str, Parameter]  # arm -> share of the step before
    patients: dict[str, float]  # arm -> patients reaching this step each year


@dataclass(frozen=True)
class Benefits:
    sites: tuple[SiteFractures, ...]
    cascade: tuple[CascadeStep, ...]
    horizon_years: Parameter
    refracture_risk: Parameter
    relative_risk_reduction: Parameter
    refractures: dict[str, float]  # arm -> further fractures over the horizon, per year's patients
    incidence_source: str
    incidence_method: str

    @property
    def expected_per_year(self) -> float:
        return sum(site.total for site in self.sites)

    @property
    def prevented(self) -> float:
        return self.refractures["usual_care"] - self.refractures["fls"]


def rate_for(site_rates: dict[str, Any], sex: str, band: str) -> float:
    """A rate per 10,000 person-years: one figure for all bands, or a figure per band."""
    rate = site_rates[sex]
    return float(rate[band]) if isinstance(rate, dict) else float(rate)


def expected_fractures(population: dict[str, dict[str, int]], incidence: dict[str, Any]) -> tuple[SiteFractures, ...]:
    """Fractures a year by site and sex: people in each band times that band's rate."""
    sites = []
    for site, rates in incidence["sites"].items():
        by_sex = {
            sex: sum(count * rate_for(rates, sex, band) / 10_000 for band, count in population[sex].items())
            for sex in SEXES
        }
        sites.append(SiteFractures(site, rates["label"], by_sex))
    return tuple(sites)


def cumulative_risk(by_year: dict[int, float], years: int) -> float:
    """Cumulative risk of a further fracture after ``years``, on straight lines between published points."""
    points = sorted((int(y), float(r)) for y, r in by_year.items())
    points = [(0, 0.0)] + points
    if years > points[-1][0]:
        raise ValueError(f"refracture risk is only published up to {points[-1][0]} years")
    for (y0, r0), (y1, r1) in zip(points, points[1:]):
        if y0 <= years <= y1:
            return r0 + (r1 - r0) * (years - y0) / (y1 - y0)
    raise ValueError(years)


def cascade(caseload: float, steps: dict[str, Any], local: dict[str, dict[str, float]]) -> tuple[CascadeStep, ...]:
    """Patients reaching each step of care each year, under each arm."""
    out = []
    reached = {arm: caseload for arm in ARMS}
    for step, info in steps.items():
        shares = {
            arm: choose(f"cascade.{arm}.{step}", f"{info['label']} ({ARM_LABELS[arm].lower()})",
                        info[arm]["value"], info[arm]["source"], local.get(arm, {}).get(step))
            for arm in ARMS
        }
        reached = {arm: reached[arm] * shares[arm].value for arm in ARMS}
        out.append(CascadeStep(step, info["label"], shares, dict(reached)))
    return tuple(out)


def further_fractures(caseload: float, persistent: float, risk: float, relative_risk_reduction: float) -> float:
    """Further fractures among one year's patients over the horizon.

    Untreated patients carry the full risk; patients still on treatment have it
    cut by the treatment effect.
    """
    return caseload * risk - persistent * risk * relative_risk_reduction


def calculate_benefits(
    population: dict[str, dict[str, int]],
    inputs: CalculatorInputs,
    incidence: dict[str, Any],
    cascade_data: dict[str, Any],
    refracture: dict[str, Any],
    default_horizon: int = 5,
) -> Benefits:
    sites = expected_fractures(population, incidence)
    caseload = sum(site.total for site in sites)
    steps = cascade(caseload, cascade_data["steps"], inputs.cascade)
    horizon = choose("horizon_years", "Years each year's patients are followed", default_horizon,
                     "fls-docs default: five years, the horizon used by the Royal Osteoporosis Society and RCP models",
                     inputs.horizon_years)
    risk_info = refracture["cumulative_risk"]
    risk = Parameter("refracture_risk", f"Risk of a further fracture within {int(horizon.value)} years",
                     cumulative_risk(risk_info["by_year"], int(horizon.value)),
                     " ".join((risk_info["source"] + ". " + risk_info["note"]).split()))
    rrr_info = refracture["relative_risk_reduction"]
    rrr = choose("relative_risk_reduction", "Fall in further fractures among people taking treatment",
                 rrr_info["value"], rrr_info["source"], inputs.relative_risk_reduction)
    persistent = steps[-1].patients
    refractures = {arm: further_fractures(caseload, persistent[arm], risk.value, rrr.value) for arm in ARMS}
    return Benefits(
        sites=sites, cascade=steps, horizon_years=horizon, refracture_risk=risk,
        relative_risk_reduction=rrr, refractures=refractures,
        incidence_source=" ".join(incidence["source"].split()),
        incidence_method=" ".join(incidence["method"].split()),
    )
