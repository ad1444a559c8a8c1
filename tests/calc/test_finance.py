"""The financial case against discounting and break-even worked by hand."""

import pytest

from fls_docs.calc.finance import appraise, discount_factors


def test_discount_factors_count_from_year_one() -> None:
    assert discount_factors(0.035, 3) == pytest.approx([1 / 1.035, 1 / 1.035 ** 2, 1 / 1.035 ** 3])


def test_two_years_at_ten_percent_with_optimism_bias() -> None:
    # Set-up 1,000 and running costs 10,000 a year, each raised 50% for optimism bias: 1,500 and 15,000.
    # Factors: 1/1.1 = 0.909091, 1/1.21 = 0.826446.
    # Present costs: 1,500 + 15,000 x (0.909091 + 0.826446) = 27,533.06
    # Present savings: 5,000 x 0.909091 + 20,000 x 0.826446 = 21,074.38
    a = appraise(1000, [10_000, 10_000], [5_000, 20_000], 0.10, 0.5)
    assert a.setup == 1500
    assert [y.costs for y in a.years] == [15_000, 15_000]
    assert a.present_costs == pytest.approx(27_533.06, abs=0.01)
    assert a.present_savings == pytest.approx(21_074.38, abs=0.01)
    assert a.npv == pytest.approx(-6_458.68, abs=0.01)
    assert a.break_even_year is None
    assert a.savings_per_pound == pytest.approx(21_074.38 / 27_533.06)


def test_break_even_is_the_first_year_savings_cover_every_cost_so_far() -> None:
    # No discounting: position -100 after set-up, then -150, -50, +50.
    a = appraise(100, [50, 50, 50], [0, 150, 150], 0.0, 0.0)
    assert a.cumulative == pytest.approx([-150, -50, 50])
    assert a.break_even_year == 3
    assert a.npv == pytest.approx(50)
    assert a.savings_per_pound == pytest.approx(300 / 250)


def test_discounting_can_delay_break_even() -> None:
    # Undiscounted the position reaches exactly 0 in year 2; at 5% year 2's savings are worth less.
    assert appraise(0, [100, 0], [0, 100], 0.0, 0.0).break_even_year == 2
    assert appraise(0, [100, 0], [0, 100], 0.05, 0.0).break_even_year is None


def test_nothing_spent_gives_no_ratio() -> None:
    assert appraise(0, [0], [0], 0.035, 0.41).savings_per_pound is None
