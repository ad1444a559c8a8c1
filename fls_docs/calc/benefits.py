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


def cumulative_risk(by_year: Mapping[int, Any], years: int) -> Any:
    """Cumulative risk of a further fracture after ``years``, on straight lines between published points.

    The risks may be sample arrays; the years are plain numbers."""
    points = [(0, 0.0)] + sorted(((int(y), r) for y, r in by_year.items()), key=lambda p: p[0])
    if years > points[-1][0]:
        raise ValueError(f"refracture risk is only published up to {points[-1][0]} years")
    for (y0, r0), (y1, r1) in zip(points, points[1:]):
        if y0 <= years <= y1:
            return r0 + (r1 - r0) * (years - y0) / (y1 - y0)
    raise ValueError(years)


def yearly_risk(by_year: Mapping[int, Any], horizon: int) -> list[Any]:
    """Chance that someone who has not yet broken another bone does so in each year after the first fracture.

    Read off the published cumulative curve as (rise in the year) / (share still free of
    a further fracture at its start). Beyond the last published year the risk stays at
    the average yearly rate of the curve's last stretch, an assumption the sources allow
    no better than.
    """
    last = max(int(y) for y in by_year)
    points = sorted(int(y) for y in by_year)
    before = points[-2] if len(points) > 1 else 0
    c_last, c_before = cumulative_risk(by_year, last), cumulative_risk(by_year, before)
    tail = 1 - ((1 - c_last) / (1 - c_before)) ** (1 / (last - before))
    out = []
    for t in range(1, horizon + 1):
        if t <= last:
            c0, c1 = cumulative_risk(by_year, t - 1), cumulative_risk(by_year, t)
            out.append((c1 - c0) / (1 - c0))
        else:
            out.append(tail)
    return out


def reach(caseload: Any, shares: Mapping[str, Any]) -> dict[str, Any]:
    """Patients reaching each step of care a year: each step is a share of the step before."""
    out, reached = {}, caseload
    for step in STEPS:
        reached = reached * shares[step]
        out[step] = reached
    return out
