"""One year's fracture patients followed over the appraisal horizon, under usual care or with the service.

The cohort is split by sex, age band and the site of the first (index) fracture.
Each year of follow-up, people die (background risk, raised after a hip or spine
fracture), some break another bone (the published refracture curve, spread
across sites as the catchment's own fractures are), and those still benefiting
from treatment break fewer. Quality of life falls after every fracture.

Every input may be a plain number or a NumPy array holding one sample each (the
probabilistic analysis). Arrays over people have shape ``(sex, band, index
site)``; a sample array is given a leading axis so that NumPy broadcasts it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

# Further fractures that raise the risk of dying, and so have deaths a prevented fracture avoids.
FATAL_SITES = ("hip", "vertebral")


@dataclass(frozen=True)
class People:
    """Who is in one year's cohort: fixed between runs (only the incidence scale is uncertain)."""

    sites: tuple[str, ...]  # index and further fracture sites, in order
    counts: np.ndarray  # (sex, band, site): index fractures a year
    site_mix: np.ndarray  # (sex, band, site): share of a person's further fractures at each site
    background_death: np.ndarray  # (year, sex, band): chance of dying in each year of follow-up
    utility: np.ndarray  # (year, sex, band): quality of life of people that age without a fracture

    @property
    def horizon(self) -> int:
        return self.background_death.shape[0]


@dataclass(frozen=True)
class Treatment:
    """Share of the living cohort on treatment, and benefiting from it, in each year after the fracture."""

    on_treatment: list[Any]  # year -> share paying for medicines
    protected: list[Any]  # year -> share whose fracture risk is lowered


def persistence_at(by_year: Mapping[int, float], years: Any, max_years: float, multiplier: Any = 1.0) -> Any:
    """Share of the people still on treatment at 12 months who are still on it ``years`` after the fracture.

    Straight lines between the published yearly points; nobody is on treatment
    after ``max_years`` (the review at which treatment usually stops). The
    multiplier scales the rate of stopping: the share is raised to its power.
    ``years`` and ``multiplier`` may be sample arrays.
    """
    points = sorted((int(y), float(v)) for y, v in by_year.items())
    at = np.asarray(years, dtype=float)
    share = np.interp(at, [p[0] for p in points], [p[1] for p in points]) ** np.asarray(multiplier, dtype=float)
    return np.where(at > max_years, 0.0, share)


def treatment_course(treated: Any, persistent: Any, horizon: int, weeks_to_start: Any, onset_months: Any,
                     persistence: Mapping[int, float], max_years: float, persistence_multiplier: Any,
                     offsets: Mapping[str, tuple[float, Any]]) -> Treatment:
    """Who is on treatment and who is protected, year by year, as shares of the living cohort.

    ``treated`` start treatment (by 16 weeks); ``persistent`` of them are still on it at 12 months.
    In the first year starters pay from their start date and those who stop do so evenly
    through the year; protection begins only once treatment has had time to act, and
    only for those still on it at 12 months. Later, the persistence curve thins the
    group; people who stop stay protected for their regimen's offset period, so the
    protected share at the middle of a year is the persistence ``offset`` years earlier.
    ``offsets`` maps each regimen to (share of patients, offset years).
    """
    def still_on(at: Any) -> Any:
        return persistence_at(persistence, at, max_years, persistence_multiplier)

    start = weeks_to_start / 52
    first_year = np.maximum(0.0, 1 - start - onset_months / 12)
    on = [treated * (1 - start) * (1 + persistent) / 2]
    protected = [treated * persistent * first_year]
    for year in range(2, horizon + 1):
        on.append(treated * persistent * (still_on(year - 1) + still_on(year)) / 2)
        middle = year - 0.5
        protected.append(treated * persistent * sum(
            share * still_on(np.maximum(1.0, middle - np.asarray(offset, dtype=float))) for share, offset in offsets.values()))
    return Treatment(on, protected)


@dataclass(frozen=True)
class ArmYears:
    """One arm of one cohort, year by year (index 0 is the first year after the fracture)."""

    alive: list[Any]  # people alive at the start of each year (summed)
    deaths: list[Any]  # deaths in each year
    life_years: list[Any]
    qalys: list[Any]
    further: list[dict[str, Any]]  # year -> site -> further fractures
    on_treatment: list[Any]  # person-years on treatment


def _total(x: Any) -> Any:
    """Sum over people (the last three axes), keeping any sample axis."""
    return np.asarray(x).sum(axis=(-3, -2, -1))


def follow(people: People, scale: Any, yearly_risk: Sequence[Any], relative_risk: Mapping[str, Any],
           course: Treatment, excess_death: Mapping[str, tuple[Any, Any]], attributable: Any,
           multipliers: Mapping[str, tuple[Any, Any]]) -> ArmYears:
    """Follow one cohort arm over the horizon.

    ``yearly_risk``: chance a living person breaks another bone in each year.
    ``relative_risk``: further-fracture risk on treatment, by site.
    ``excess_death``: site -> (multiple of background death risk in the fracture's
    first year, in later years). The whole cohort dies at its index site's observed
    rate; only the ``attributable`` share of the excess follows from a further fracture.
    ``multipliers``: site -> quality-of-life multipliers (first year, later years).
    """
    sites = people.sites
    alive = np.asarray(people.counts * _lead(scale, 3), dtype=float)  # ([sample,] sex, band, index site)
    pools: dict[str, Any] = {site: 0.0 for site in sites}  # survivors of an earlier further fracture (sex, band)
    out = ArmYears([], [], [], [], [], [])
    # What does not change from year to year, worked out once (the first year's figures and the later years').
    index_excess = [_per_site([excess_death[s][later] if s in excess_death else 1.0 for s in sites]) for later in (0, 1)]
    index_multiplier = [_per_site([multipliers[s][later] for s in sites]) for later in (0, 1)]
    not_reduced = {site: 1 - relative_risk[site] for site in sites}
    fatal = {site: (_lead(excess_death[site][0] - 1, 2), _lead(excess_death[site][1] - 1, 2))
             for site in FATAL_SITES if site in sites}
    lost = {site: (_lead(1 - multipliers[site][0], 2), _lead(1 - multipliers[site][1], 2)) for site in sites}
    attributable = _lead(attributable, 2)
    for t in range(people.horizon):
        later = 0 if t == 0 else 1
        bg = people.background_death[t]  # (sex, band)
        # The work on arrays over people is done in place where the shapes allow: with 10,000 samples
        # each is megabytes, and making new ones costs more than the arithmetic.
        rate = bg[..., None] * index_excess[later]
        deaths = _times(np.minimum(1.0, rate, out=rate), alive)
        by_person = alive.sum(axis=-1)  # ([sample,] sex, band)
        further = {}
        for j, site in enumerate(sites):
            factor = 1 - course.protected[t] * not_reduced[site]
            further[site] = _times(by_person * _lead(yearly_risk[t] * factor, 2), people.site_mix[..., j])
        # Deaths a further hip or spine fracture causes, shared across index sites in proportion to who is alive.
        caused: Any = 0.0
        for site, (first, after) in fatal.items():
            caused = _apply(np.add, caused, _times(attributable * bg, _after(first, further[site], after, pools[site])))
        people_in = by_person[..., None]
        # Masked only where a group is empty: division alone gives the same shares elsewhere, faster.
        share = alive / people_in if (people_in > 0).all() else np.divide(
            alive, people_in, out=np.zeros_like(alive), where=people_in > 0)
        deaths = _apply(np.minimum, alive, _apply(np.add, deaths, _times(share, np.asarray(caused)[..., None])))
        person_years = _apply(np.subtract, alive, deaths / 2)
        utility = people.utility[t]  # (sex, band)
        qalys = _total(_times(person_years * utility[..., None], index_multiplier[later]))
        loss: Any = 0.0
        for site, (first, after) in lost.items():
            loss = _apply(np.add, loss, _apply(np.multiply, utility, _after(first, further[site], after, pools[site])))
        years_lived = _total(person_years)
        out.alive.append(_total(alive))
        out.deaths.append(_total(deaths))
        out.life_years.append(years_lived)
        out.qalys.append(qalys - np.asarray(loss).sum(axis=(-2, -1)))
        out.further.append({site: np.asarray(n).sum(axis=(-2, -1)) for site, n in further.items()})
        out.on_treatment.append(years_lived * course.on_treatment[t])
        survive = 1 - bg
        pools = {site: _times(_apply(np.add, pools[site], further[site], into=0), survive) for site in sites}
        alive = alive - deaths
    return out


def _times(temporary: np.ndarray, other: Any) -> np.ndarray:
    """``temporary * other``, written over ``temporary`` when the product has its shape."""
    return _apply(np.multiply, temporary, other, into=0)


def _after(first: Any, fractures: Any, later: Any, pool: Any) -> Any:
    """``first * fractures + later * pool``: a year's new fractures and the survivors of earlier ones, weighted."""
    return _apply(np.add, first * fractures, later * pool, into=0)


def _apply(ufunc: np.ufunc, a: Any, b: Any, into: int = 1) -> np.ndarray:
    """``ufunc(a, b)``, written over the temporary ``b`` (``a`` if into=0) when the result has its shape.

    The same operation on the same operands, so the same values, without a new array.
    """
    temporary = b if into else a
    if isinstance(temporary, np.ndarray) and temporary.shape == np.broadcast_shapes(np.shape(a), np.shape(b)):
        return ufunc(a, b, out=temporary)
    return ufunc(a, b)


def _lead(x: Any, ndim: int) -> Any:
    """A number, or a sample array given ``ndim`` trailing axes so it broadcasts against arrays over people."""
    x = np.asarray(x, dtype=float)
    return x.reshape(x.shape + (1,) * ndim) if x.ndim == 1 else x


def _per_site(values: list[Any]) -> np.ndarray:
    """One value per site (numbers or sample arrays) as an array over (sample,) sex, band, site."""
    stacked = np.stack(np.broadcast_arrays(*[np.asarray(v, dtype=float) for v in values]), axis=-1)
    return stacked[:, None, None, :] if stacked.ndim == 2 else stacked
