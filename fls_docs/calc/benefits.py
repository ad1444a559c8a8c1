"""Benefits: fractures expected in the catchment, the care cascade, and the further fractures a service prevents.

The arithmetic uses only +, -, * and /, so every function here works the same on
plain numbers and on NumPy arrays of samples (the probabilistic analysis).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from fls_docs.model.project import SEXES

ARMS = ("usual_care", "fls")
ARM_LABELS = {"usual_care": "Usual care", "fls": "With the FLS"}
STEPS = ("identified", "assessed", "recommended", "started", "persistent")


@dataclass(frozen=True)
class SiteFractures:
    site: str
    label: str
    by_sex: dict[str, float]
    source: str = ""

    @property
    def total(self) -> float:
        return sum(self.by_sex.values())


def rate_for(rate: float | Mapping[str, float], band: str) -> float:
    """A rate per 10,000 person-years: one figure for all bands, or a figure per band."""
    return float(rate[band]) if isinstance(rate, Mapping) else float(rate)


def expected_fractures(population: Mapping[str, Mapping[str, int]], rates: Mapping[str, Mapping[str, Any]],
                       labels: Mapping[str, str]) -> tuple[SiteFractures, ...]:
    """Fractures a year by site and sex: people in each age band times that band's rate per 10,000."""
    return tuple(
        SiteFractures(site, labels[site], {
            sex: sum(count * rate_for(site_rates[sex], band) / 10_000 for band, count in population[sex].items())
            for sex in SEXES
        }, site_rates.get("source", ""))
        for site, site_rates in rates.items()
    )


def cumulative_risk(by_year: Mapping[int, float], years: int) -> float:
    """Cumulative risk of a further fracture after ``years``, on straight lines between published points."""
    points = [(0, 0.0)] + sorted((int(y), float(r)) for y, r in by_year.items())
    if years > points[-1][0]:
        raise ValueError(f"refracture risk is only published up to {points[-1][0]} years")
    for (y0, r0), (y1, r1) in zip(points, points[1:]):
        if y0 <= years <= y1:
            return r0 + (r1 - r0) * (years - y0) / (y1 - y0)
    raise ValueError(years)


def yearly_risk(by_year: Mapping[int, float], horizon: int) -> list[float]:
    """Risk of a further fracture in each year after the first fracture: year 1, year 2, ... up to the horizon."""
    cumulative = [cumulative_risk(by_year, t) for t in range(horizon + 1)]
    return [cumulative[t] - cumulative[t - 1] for t in range(1, horizon + 1)]


def reach(caseload: Any, shares: Mapping[str, Any]) -> dict[str, Any]:
    """Patients reaching each step of care a year: each step is a share of the step before."""
    out, reached = {}, caseload
    for step in STEPS:
        reached = reached * shares[step]
        out[step] = reached
    return out


@dataclass(frozen=True)
class Flows:
    """Further fractures and what they cost, year by year over the horizon (index 0 is year 1)."""

    further: dict[str, list[dict[str, Any]]]  # arm -> year -> site -> further fractures
    prevented: list[dict[str, Any]]  # year -> site -> fractures prevented
    avoided: list[dict[str, dict[str, Any]]]  # year -> site -> cost component -> pounds
    bed_days: list[Any]  # year -> bed days saved

    def total_prevented(self, site: str | None = None) -> Any:
        return sum(sum(v for s, v in year.items() if site in (None, s)) for year in self.prevented)

    def total_further(self, arm: str) -> Any:
        return sum(sum(year.values()) for year in self.further[arm])

    def avoided_in_year(self, year: int) -> Any:
        return sum(sum(parts.values()) for parts in self.avoided[year].values())

    @property
    def total_avoided(self) -> Any:
        return sum(self.avoided_in_year(y) for y in range(len(self.avoided)))


def flows(caseload: float, site_mix: Mapping[str, float], risk: Sequence[Any], on_treatment: Mapping[str, Any],
          relative_risk: Mapping[str, Any], unit_costs: Mapping[str, Mapping[str, Any]],
          bed_days: Mapping[str, Any]) -> Flows:
    """Further fractures under each arm and those the service prevents, by year and site.

    A new group of ``caseload`` patients arrives each year. In year y the group that
    arrived in year c is in its (y - c + 1)th year since fracture and carries that
    year's ``risk``. Further fractures fall across sites in ``site_mix`` proportions;
    patients still on treatment (``on_treatment`` per patient, by arm) have the
    site's risk multiplied by its ``relative_risk``.
    """
    horizon = len(risk)
    # People at risk, weighted by how far each arriving group is into its own risk curve.
    exposure = [caseload * sum(risk[y - c] for c in range(y + 1)) for y in range(horizon)]
    further = {
        arm: [{site: exposure[y] * share * (1 - on_treatment[arm] * (1 - relative_risk[site]))
               for site, share in site_mix.items()} for y in range(horizon)]
        for arm in ARMS
    }
    prevented = [{site: further["usual_care"][y][site] - further["fls"][y][site] for site in site_mix}
                 for y in range(horizon)]
    avoided = [{site: {part: n * unit_costs[site][part] for part in unit_costs[site]} for site, n in year.items()}
               for year in prevented]
    days = [sum(n * bed_days.get(site, 0.0) for site, n in year.items()) for year in prevented]
    return Flows(further, prevented, avoided, days)
