"""Benefits calculator against cases worked by hand (see the reference check cases RC-5 and RC-7)."""

import pytest

from fls_docs import data
from fls_docs.calc.benefits import calculate_benefits, cascade, cumulative_risk, expected_fractures, further_fractures
from fls_docs.model.project import CalculatorInputs

BANDS = ["50-54", "55-59", "60-64", "65-69", "70-74", "75-79", "80-84", "85-89", "90+"]


def _population(women: list[int], men: list[int]) -> dict[str, dict[str, int]]:
    return {"female": dict(zip(BANDS, women)), "male": dict(zip(BANDS, men))}


def test_rc5_incidence_on_100000_women_and_100000_men() -> None:
    # Any split by age gives the same total while the default rates are one figure per sex.
    women = [15000, 14000, 13000, 12000, 12000, 11000, 10000, 8000, 5000]
    men = [17000, 16000, 14000, 13000, 12000, 11000, 9000, 5000, 3000]
    assert sum(women) == sum(men) == 100_000
    sites = {s.site: s for s in expected_fractures(_population(women, men), data.load("incidence"))}
    # 100,000 people x rate per 10,000 person-years = 10 x rate.
    assert sites["hip"].by_sex == pytest.approx({"female": 335.0, "male": 134.0})
    assert sites["vertebral"].by_sex == pytest.approx({"female": 118.0, "male": 59.0})
    assert sites["wrist_forearm"].by_sex == pytest.approx({"female": 412.0, "male": 96.0})
    assert sum(s.by_sex["female"] for s in sites.values()) == pytest.approx(1700.0)
    assert sum(s.by_sex["male"] for s in sites.values()) == pytest.approx(789.0)


def test_a_rate_table_by_age_band_is_applied_band_by_band() -> None:
    incidence = {"sites": {"hip": {"label": "Hip", "female": {b: 10.0 * (i + 1) for i, b in enumerate(BANDS)}, "male": 5.0}}}
    population = _population([1000, 0, 0, 0, 0, 0, 0, 0, 2000], [0] * 8 + [4000])
    (hip,) = expected_fractures(population, incidence)
    # women: 1,000 x 10/10,000 + 2,000 x 90/10,000 = 1 + 18; men: 4,000 x 5/10,000 = 2
    assert hip.by_sex == pytest.approx({"female": 19.0, "male": 2.0})


@pytest.mark.parametrize("years, risk", [(1, 0.10), (2, 0.18), (3, 0.18 + 0.13 / 3), (4, 0.18 + 0.26 / 3), (5, 0.31)])
def test_cumulative_refracture_risk_between_published_points(years: int, risk: float) -> None:
    assert cumulative_risk({1: 0.10, 2: 0.18, 5: 0.31}, years) == pytest.approx(risk)


def test_refracture_risk_is_not_extrapolated() -> None:
    with pytest.raises(ValueError):
        cumulative_risk({1: 0.10, 2: 0.18, 5: 0.31}, 6)


def test_rc7_cascade_arithmetic() -> None:
    """RC-7: caseload 1,000; 80% identified; 74% need treatment; 92.7% vs 26.1% treated; 0.0365 prevented per extra person treated."""
    steps = {
        "identified": {"label": "Identified", "fls": {"value": 0.8, "source": "x"}, "usual_care": {"value": 0.8, "source": "x"}},
        "recommended": {"label": "Need treatment", "fls": {"value": 0.74, "source": "x"}, "usual_care": {"value": 0.74, "source": "x"}},
        "treated": {"label": "Treated", "fls": {"value": 0.927, "source": "x"}, "usual_care": {"value": 0.261, "source": "x"}},
    }
    out = cascade(1000, steps, {})
    assert out[0].patients == pytest.approx({"fls": 800, "usual_care": 800})
    assert out[1].patients == pytest.approx({"fls": 592, "usual_care": 592})
    extra = out[2].patients["fls"] - out[2].patients["usual_care"]
    assert extra == pytest.approx(394.272)
    # With risk x effect = 0.0365 per person treated, the difference in further fractures is the number prevented.
    prevented = further_fractures(1000, out[2].patients["usual_care"], 0.31, 0.0365 / 0.31) - further_fractures(
        1000, out[2].patients["fls"], 0.31, 0.0365 / 0.31)
    assert prevented == pytest.approx(14.39, abs=0.01)


def test_local_cascade_figures_replace_defaults_and_are_flagged() -> None:
    steps = data.load("cascade")["steps"]
    out = cascade(100, steps, {"usual_care": {"assessed": 0.5}})
    assessed = next(s for s in out if s.step == "assessed")
    assert assessed.shares["usual_care"].value == 0.5 and assessed.shares["usual_care"].overridden
    assert assessed.shares["fls"].value == steps["assessed"]["fls"]["value"] and not assessed.shares["fls"].overridden


def test_whole_benefits_calculation_on_a_small_population() -> None:
    population = _population([100, 100, 0, 0, 0, 0, 0, 0, 0], [100, 0, 0, 0, 0, 0, 0, 0, 0])
    inputs = CalculatorInputs(horizon_years=2, cascade={}, relative_risk_reduction=0.5, staffing_models=())
    b = calculate_benefits(population, inputs, data.load("incidence"), data.load("cascade"), data.load("refracture"))
    # 200 women x 170.0 + 100 men x 78.9, per 10,000
    assert b.expected_per_year == pytest.approx(3.4 + 0.789)
    # Default shares: FLS 0.8 x 0.9 x 0.74 x 0.8 x 0.8; usual care 0.43 x 0.6 x 0.74 x 0.35 x 0.5
    fls = 4.189 * 0.8 * 0.9 * 0.74 * 0.8 * 0.8
    usual = 4.189 * 0.43 * 0.6 * 0.74 * 0.35 * 0.5
    assert b.cascade[-1].patients == pytest.approx({"fls": fls, "usual_care": usual})
    assert b.refracture_risk.value == pytest.approx(0.18)
    assert b.prevented == pytest.approx((fls - usual) * 0.18 * 0.5)
    assert b.horizon_years.overridden and b.relative_risk_reduction.overridden
