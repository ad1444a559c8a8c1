"""Benefits calculator against cases worked by hand (reference check cases RC-5 and RC-7, and our own)."""

import pytest

from fls_docs import data
from fls_docs.calc.benefits import (
    cumulative_risk,
    expected_fractures,
    flows,
    reach,
    yearly_risk,
)

BANDS = ["50-54", "55-59", "60-64", "65-69", "70-74", "75-79", "80-84", "85-89", "90+"]
LABELS = {site: info["label"] for site, info in data.load("sites")["sites"].items()}


def _population(women: list[int], men: list[int]) -> dict[str, dict[str, int]]:
    return {"female": dict(zip(BANDS, women)), "male": dict(zip(BANDS, men))}


def test_rc5_incidence_on_100000_women_and_100000_men() -> None:
    # Any split by age gives the same total while the default rates are one figure per sex.
    women = [15000, 14000, 13000, 12000, 12000, 11000, 10000, 8000, 5000]
    men = [17000, 16000, 14000, 13000, 12000, 11000, 9000, 5000, 3000]
    assert sum(women) == sum(men) == 100_000
    sites = {s.site: s for s in expected_fractures(_population(women, men), data.load("incidence")["sites"], LABELS)}
    # 100,000 people x rate per 10,000 person-years = 10 x rate.
    assert sites["hip"].by_sex == pytest.approx({"female": 335.0, "male": 134.0})
    assert sites["vertebral"].by_sex == pytest.approx({"female": 118.0, "male": 59.0})
    assert sites["wrist_forearm"].by_sex == pytest.approx({"female": 412.0, "male": 96.0})
    assert sum(s.by_sex["female"] for s in sites.values()) == pytest.approx(1700.0)
    assert sum(s.by_sex["male"] for s in sites.values()) == pytest.approx(789.0)


def test_a_rate_table_by_age_band_is_applied_band_by_band() -> None:
    rates = {"hip": {"female": {b: 10.0 * (i + 1) for i, b in enumerate(BANDS)}, "male": 5.0}}
    population = _population([1000, 0, 0, 0, 0, 0, 0, 0, 2000], [0] * 8 + [4000])
    (hip,) = expected_fractures(population, rates, LABELS)
    # women: 1,000 x 10/10,000 + 2,000 x 90/10,000 = 1 + 18; men: 4,000 x 5/10,000 = 2
    assert hip.by_sex == pytest.approx({"female": 19.0, "male": 2.0})


@pytest.mark.parametrize("years, risk", [(1, 0.10), (2, 0.18), (3, 0.18 + 0.13 / 3), (4, 0.18 + 0.26 / 3), (5, 0.31)])
def test_cumulative_refracture_risk_between_published_points(years: int, risk: float) -> None:
    assert cumulative_risk({1: 0.10, 2: 0.18, 5: 0.31}, years) == pytest.approx(risk)


def test_yearly_risk_is_the_rise_in_cumulative_risk_each_year() -> None:
    assert yearly_risk({1: 0.10, 2: 0.18, 5: 0.31}, 3) == pytest.approx([0.10, 0.08, 0.13 / 3])


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


def test_further_fractures_and_costs_avoided_over_two_years_worked_by_hand() -> None:
    # 1,000 patients a year, all further fractures at the hip, risk 10% in year 1 and 8% in year 2.
    # Year 1: 1,000 x 0.10 = 100 at risk. Year 2: this year's 1,000 x 0.10 + last year's 1,000 x 0.08 = 180.
    # On treatment: 10% (usual care) or 50% (FLS); treatment halves the risk.
    # Usual care: 100 x (1 - 0.1 x 0.5) = 95 and 180 x 0.95 = 171.
    # FLS:        100 x (1 - 0.5 x 0.5) = 75 and 180 x 0.75 = 135.
    out = flows(1000, {"hip": 1.0}, [0.10, 0.08], {"usual_care": 0.1, "fls": 0.5}, {"hip": 0.5},
                {"hip": {"acute": 10_000, "social_care": 2_000}}, {"hip": 20})
    assert [y["hip"] for y in out.further["usual_care"]] == pytest.approx([95, 171])
    assert [y["hip"] for y in out.further["fls"]] == pytest.approx([75, 135])
    assert [y["hip"] for y in out.prevented] == pytest.approx([20, 36])
    assert out.total_prevented() == pytest.approx(56)
    assert out.avoided[1]["hip"] == pytest.approx({"acute": 360_000, "social_care": 72_000})
    assert out.total_avoided == pytest.approx(56 * 12_000)
    assert out.bed_days == pytest.approx([400, 720])


def test_further_fractures_split_across_sites_each_with_its_own_treatment_effect() -> None:
    # 200 at risk in one year; 25% hip (effect 0.5), 75% other (effect 0.8); 40% more people on treatment.
    out = flows(2000, {"hip": 0.25, "other": 0.75}, [0.10], {"usual_care": 0.0, "fls": 0.4}, {"hip": 0.5, "other": 0.8},
                {"hip": {"acute": 1}, "other": {"acute": 1}}, {})
    assert out.prevented[0] == pytest.approx({"hip": 50 * 0.4 * 0.5, "other": 150 * 0.4 * 0.2})
    assert out.total_prevented("hip") == pytest.approx(10)
    assert out.bed_days == [0]
