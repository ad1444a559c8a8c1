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
