"""Staff costs against the reference check case RC-6, worked by hand."""

import pytest

from fls_docs import data
from fls_docs.calc.costs import calculate_costs, cost_post
from fls_docs.model.project import Post, StaffingModel


def test_rc6_band_6_mid_point_with_on_costs() -> None:
    cost = cost_post(Post("Nurse", "6", "mid", 1.0), data.load("pay"))
    assert cost.salary == 40823
    assert cost.national_insurance == pytest.approx(0.15 * (40823 - 5000))  # 5,373.45
    assert cost.pension == pytest.approx(0.1438 * 40823)  # 5,870.35
    assert round(cost.total) == 52067


def test_rc6_band_7_mid_point() -> None:
    assert round(cost_post(Post("Nurse", "7", "mid", 1.0), data.load("pay")).total) == 64293


def test_models_add_up_their_posts_by_whole_time_equivalent() -> None:
    model = StaffingModel("m", "Model", "", True, (Post("Nurse", "6", "mid", 0.5), Post("Admin", "3", "entry", 2.0)))
    costs = calculate_costs((model,), data.load("pay"))
    band3 = 24937 + 0.15 * (24937 - 5000) + 0.1438 * 24937
    assert costs.preferred.total == pytest.approx(52066.8 / 2 + 2 * band3, abs=0.01)
    assert costs.preferred.wte == 2.5


def test_the_first_model_stands_in_when_none_is_preferred() -> None:
    a = StaffingModel("a", "A", "", False, (Post("Nurse", "6", "mid", 1.0),))
    b = StaffingModel("b", "B", "", False, (Post("Nurse", "7", "mid", 1.0),))
    assert calculate_costs((a, b), data.load("pay")).preferred.model.id == "a"


def test_every_pay_figure_has_a_source() -> None:
    pay = data.load("pay")
    assert pay["source"] and pay["employer_national_insurance"]["source"] and pay["employer_pension"]["source"]


def test_one_consultant_session_a_week_is_a_tenth_of_a_consultant_with_on_costs() -> None:
    from fls_docs.calc.costs import consultant_cost

    # Mid-point 127,602: NI 0.15 x (127,602 - 5,000) = 18,390.30; pension 0.1438 x 127,602 = 18,349.17.
    # (127,602 + 18,390.30 + 18,349.17) / 10 = 16,434.15 for one PA a week.
    assert consultant_cost(1, "mid", data.load("pay")) == pytest.approx(16_434.15, abs=0.01)
    assert consultant_cost(0, "mid", data.load("pay")) == 0


def test_model_cost_adds_consultant_sessions_and_running_costs() -> None:
    from fls_docs.model.project import CostLine

    model = StaffingModel("m", "Model", "", True, (Post("Nurse", "6", "mid", 1.0),), consultant_pas=2,
                          setup_costs=(CostLine("Laptop", 1200), CostLine("Training", 800)),
                          running_costs=(CostLine("Leaflets", 500),))
    cost = calculate_costs((model,), data.load("pay")).preferred
    assert cost.consultant == pytest.approx(2 * 16_434.147, abs=0.01)
    assert cost.staff == pytest.approx(52_066.8 + 2 * 16_434.147, abs=0.01)
    assert cost.total == pytest.approx(cost.staff + 500)
    assert cost.setup == 2000


def test_rc6_full_pension_rate_from_calculator_yaml() -> None:
    """RC-6: 1.0 WTE Band 6 mid-point with the full 23.7% employer pension costs 55,872 pounds."""
    from fls_docs.calc.costs import merge_pay

    pay = merge_pay(data.load("pay"), {"employer_pension_rate": 0.237, "source": "full employer rate"})
    national_insurance, pension = __import__("fls_docs.calc.costs", fromlist=["staff_cost"]).staff_cost(40_823, pay)
    assert 40_823 + national_insurance + pension == pytest.approx(55_872, abs=1)
    assert "23.70%" in pay["employer_pension"]["source"]
    assert data.load("pay")["employer_pension"]["rate"] == 0.1438  # the shipped table is untouched


def test_local_pay_scales_replace_a_band_and_name_their_source() -> None:
    from fls_docs.calc.costs import merge_pay

    pay = merge_pay(data.load("pay"), {"bands": {"6": {"entry": 40_000, "mid": 42_000, "top": 48_000}},
                                       "pay_year": "2026/27", "source": "NHS Scotland pay circular"})
    post = cost_post(Post("Nurse", "6", "mid", 1.0), pay)
    # 42,000 + 15% x 37,000 + 14.38% x 42,000
    assert post.cost_per_wte == pytest.approx(42_000 + 5_550 + 6_039.6)
    assert (pay["pay_year"], pay["source"]) == ("2026/27", "Local pay scales: NHS Scotland pay circular")
    assert pay["bands"]["7"] == data.load("pay")["bands"]["7"]


def test_staff_needed_from_caseload_and_minutes_worked_by_hand() -> None:
    from fls_docs.calc.costs import staff_needed

    model = StaffingModel("m", "Model", "", True, (Post("Nurse", "6", "mid", 1.0, "clinical"),
                                                   Post("Clerk", "3", "mid", 0.2, "admin")))
    activities = {
        "assessment": {"label": "Assessment", "per": "assessed", "minutes": 60, "group": "clinical"},
        "letters": {"label": "Letters", "per": "identified", "minutes": 30, "group": "admin"},
        "scan": {"label": "Scan request", "per": "scanned", "minutes": 6, "group": "admin"},
    }
    need = staff_needed(model, {"identified": 1200, "assessed": 1000}, 500,
                        activities, {"assessment": 60, "letters": 30, "scan": 6}, 1000)
    # Clinical: 1,000 x 60 min = 1,000 hours = 1.0 WTE at 1,000 hours each.
    # Admin: 1,200 x 30 min + 500 x 6 min = 600 + 50 hours = 0.65 WTE, against 0.2 funded.
    assert need.needed == pytest.approx({"clinical": 1.0, "admin": 0.65})
    assert need.funded == {"clinical": 1.0, "admin": 0.2}
    assert need.shortfall == pytest.approx({"admin": 0.45})
