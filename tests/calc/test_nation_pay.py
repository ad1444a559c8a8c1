"""Each nation's pay table: its own scales, working week and employer pension, still replaceable by the project."""

from __future__ import annotations

import pytest

from fls_docs import data
from fls_docs.calc.costs import cost_post, merge_pay, pay_for_nation
from fls_docs.model.project import Post


def test_a_scottish_band_6_nurse_costs_scottish_pay_with_the_full_employer_pension() -> None:
    # Scotland 2025/26, band 6 mid-point: 41,670 (2024/25) x 1.0425 = 43,441.
    # Employer NI 0.15 x (43,441 - 5,000) = 5,766.15; SPPA employer pension 0.225 x 43,441 = 9,774.225.
    cost = cost_post(Post("Nurse", "6", "mid", 1.0), pay_for_nation(data.load("pay"), "Scotland"))
    assert cost.salary == 43_441
    assert cost.national_insurance == pytest.approx(5_766.15)
    assert cost.pension == pytest.approx(9_774.225)
    assert cost.cost_per_wte == pytest.approx(58_981.375)


def test_scotland_has_its_shorter_week_and_other_nations_keep_37_and_a_half_hours() -> None:
    pay = data.load("pay")
    assert pay_for_nation(pay, "Scotland")["hours_per_week"] == 36
    assert {pay_for_nation(pay, n)["hours_per_week"] for n in ("England", "Wales", "Northern Ireland")} == {37.5}


@pytest.mark.parametrize(("nation", "rate"), [("England", 0.1438), ("Wales", 0.1438), ("Scotland", 0.225),
                                               ("Northern Ireland", 0.232)])
def test_each_nation_pays_its_own_employer_pension_rate(nation: str, rate: float) -> None:
    # England and Wales: the NHS Business Services Authority collects 14.38% from employers, the rest is met
    # centrally. Scotland (SPPA, 22.5%) and Northern Ireland (HSC Pension Scheme, 23.2%) have no central top-up.
    assert pay_for_nation(data.load("pay"), nation)["employer_pension"]["rate"] == rate


def test_northern_ireland_and_wales_keep_englands_scales_and_name_their_own_source() -> None:
    pay = data.load("pay")
    for nation in ("Wales", "Northern Ireland"):
        own = pay_for_nation(pay, nation)
        assert own["bands"] == pay["bands"]
        assert nation.split()[-1] in own["title"] and own["source"] != pay["source"]


def test_a_scottish_team_can_still_replace_parts_of_its_pay_table() -> None:
    scottish = pay_for_nation(data.load("pay"), "Scotland")
    pay = merge_pay(scottish, {"employer_pension_rate": 0.2, "bands": {"6": {"entry": 42_000, "mid": 44_000, "top": 51_000}},
                               "hours_per_week": 37, "source": "Board finance team, 2026/27"})
    post = cost_post(Post("Nurse", "6", "mid", 1.0), pay)
    assert post.salary == 44_000 and post.pension == pytest.approx(0.2 * 44_000)
    assert pay["hours_per_week"] == 37
    assert pay["bands"]["7"] == scottish["bands"]["7"]  # what the team did not replace stays Scottish
    assert "Local employer pension rate of 20.00%" in pay["employer_pension"]["source"]


def test_every_nations_pay_has_a_source() -> None:
    for nation, own in data.load("pay")["nations"].items():
        assert own["source"] and own["employer_pension"]["source"] and own["consultant"]["source"], nation
