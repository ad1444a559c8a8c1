"""Benefits calculator against cases worked by hand (reference check cases RC-5 and RC-7, and our own)."""

import pytest

from fls_docs import data
from fls_docs.calc.benefits import (
    cumulative_risk,
    expected_fractures,
    reach,
    yearly_risk,
)

BANDS = ["50-54", "55-59", "60-64", "65-69", "70-74", "75-79", "80-84", "85-89", "90+"]
LABELS = {site: info["label"] for site, info in data.load("sites")["sites"].items()}


def _population(women: list[int], men: list[int]) -> dict[str, dict[str, int]]:
    return {"female": dict(zip(BANDS, women)), "male": dict(zip(BANDS, men))}


def test_rc5_age_specific_rates_reproduce_the_published_50_plus_rates_on_the_uk_population() -> None:
    """RC-5: on the UK's own age structure the banded table gives van der Velde 2016's 50+ rates (within 10%)."""
    table = data.load("incidence")
    population = table["reference_population"]
    sites = {s.site: s for s in expected_fractures(population, table["sites"], LABELS)}
    per_10000 = {sex: sum(population[sex].values()) / 10_000 for sex in ("female", "male")}
    published = {"hip": (33.5, 13.4), "vertebral": (11.8, 5.9), "wrist_forearm": (41.2, 9.6)}
    for site, (women, men) in published.items():
        assert sites[site].by_sex["female"] / per_10000["female"] == pytest.approx(women, rel=0.10)
        assert sites[site].by_sex["male"] / per_10000["male"] == pytest.approx(men, rel=0.10)
    assert sum(s.by_sex["female"] for s in sites.values()) / per_10000["female"] == pytest.approx(170.0, rel=0.10)
    assert sum(s.by_sex["male"] for s in sites.values()) / per_10000["male"] == pytest.approx(78.9, rel=0.10)


def test_older_people_break_more_hips_so_age_structure_counts() -> None:
    table = data.load("incidence")
    young = _population([10_000] + [0] * 8, [0] * 9)
    old = _population([0] * 8 + [10_000], [0] * 9)
    (hip_young,) = [s for s in expected_fractures(young, table["sites"], LABELS) if s.site == "hip"]
    (hip_old,) = [s for s in expected_fractures(old, table["sites"], LABELS) if s.site == "hip"]
    assert hip_old.total > 20 * hip_young.total


def test_humerus_and_pelvis_are_sites_of_their_own() -> None:
    assert {"humerus", "pelvis"} <= set(data.load("incidence")["sites"])


def test_a_rate_table_by_age_band_is_applied_band_by_band() -> None:
    rates = {"hip": {"female": {b: 10.0 * (i + 1) for i, b in enumerate(BANDS)}, "male": 5.0}}
    population = _population([1000, 0, 0, 0, 0, 0, 0, 0, 2000], [0] * 8 + [4000])
    (hip,) = expected_fractures(population, rates, LABELS)
    # women: 1,000 x 10/10,000 + 2,000 x 90/10,000 = 1 + 18; men: 4,000 x 5/10,000 = 2
    assert hip.by_sex == pytest.approx({"female": 19.0, "male": 2.0})


@pytest.mark.parametrize("years, risk", [(1, 0.10), (2, 0.18), (3, 0.18 + 0.13 / 3), (4, 0.18 + 0.26 / 3), (5, 0.31)])
def test_cumulative_refracture_risk_between_published_points(years: int, risk: float) -> None:
    assert cumulative_risk({1: 0.10, 2: 0.18, 5: 0.31}, years) == pytest.approx(risk)


def test_yearly_risk_is_the_rise_in_cumulative_risk_over_those_still_free_of_a_further_fracture() -> None:
    # Year 1: 0.10 / 1; year 2: 0.08 / 0.90; year 3: (0.13 / 3) / 0.82.
    assert yearly_risk({1: 0.10, 2: 0.18, 5: 0.31}, 3) == pytest.approx([0.10, 0.08 / 0.90, (0.13 / 3) / 0.82])


def test_beyond_the_published_years_the_risk_stays_at_the_last_stretch_rate() -> None:
    # From 2 to 5 years 0.82 -> 0.69 of people stay free: (0.69 / 0.82) ** (1 / 3) a year.
    risk = yearly_risk({1: 0.10, 2: 0.18, 5: 0.31}, 7)
    assert risk[5] == risk[6] == pytest.approx(1 - (0.69 / 0.82) ** (1 / 3))


def test_refracture_risk_is_not_extrapolated() -> None:
    with pytest.raises(ValueError):
        cumulative_risk({1: 0.10, 2: 0.18, 5: 0.31}, 6)


def test_rc7_cascade_arithmetic() -> None:
    """RC-7: caseload 1,000; 80% identified; 74% need treatment; 92.7% vs 26.1% treated."""
    fls = reach(1000, {"identified": 0.8, "assessed": 1.0, "recommended": 0.74, "started": 0.927, "persistent": 1.0})
    usual = reach(1000, {"identified": 0.8, "assessed": 1.0, "recommended": 0.74, "started": 0.261, "persistent": 1.0})
    assert fls["identified"] == pytest.approx(800)
    assert fls["recommended"] == pytest.approx(592)
    extra = fls["started"] - usual["started"]
    assert extra == pytest.approx(394.272)
    # 0.0365 fractures prevented per extra person treated (McLellan 2011, derived) gives 14.4.
    assert extra * 0.0365 == pytest.approx(14.4, abs=0.05)
