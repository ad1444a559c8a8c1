"""One-way and probabilistic sensitivity analysis."""

from datetime import date
from pathlib import Path

import numpy as np
import pytest

from fls_docs.calc.parameters import BETA, GAMMA, LOGNORMAL, Parameter
from fls_docs.calc.results import Results, calculate
from fls_docs.calc.run import run
from fls_docs.calc.sensitivity import draw, probabilistic
from fls_docs.model.validate import load_project

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def example() -> Results:
    project, _ = load_project(REPO)
    return calculate(project, date(2026, 11, 25))


def test_one_way_puts_the_widest_swing_first(example: Results) -> None:
    widths = [s.width for s in example.sensitivity]
    assert widths == sorted(widths, reverse=True) and widths[0] > 0


def test_one_way_moves_one_input_and_holds_the_rest(example: Results) -> None:
    key = "regimens.alendronate.drug_cost"
    swing = next(s for s in example.sensitivity if s.param.key == key)
    values = example.params.numbers()
    values[key] = swing.param.high
    option = run(values, example.setting).option(example.costs.preferred.model.id)
    assert option.evaluation.net_benefit(example.thresholds[0]) == pytest.approx(swing.benefit[1])
    # Medicine cost does not change how many fractures are prevented, and dearer medicine lowers the net benefit.
    assert swing.prevented[0] == pytest.approx(swing.prevented[1])
    assert swing.benefit[1] < swing.benefit[0]


def test_net_benefit_is_a_straight_line_in_medicine_cost(example: Results) -> None:
    swing = next(s for s in example.sensitivity if s.param.key == "regimens.alendronate.drug_cost")
    p = swing.param
    e = example.economics
    base = e.qalys * example.thresholds[0] - e.net_cost
    assert (swing.benefit[1] - swing.benefit[0]) / (p.high - p.low) == pytest.approx((base - swing.benefit[0]) / (p.value - p.low))


def test_inputs_without_a_range_are_left_out(example: Results) -> None:
    keys = {s.param.key for s in example.sensitivity}
    assert "horizon_years" not in keys and "discount_rate" not in keys and "regimens.alendronate.share" not in keys
    assert {"optimism_bias.running", "treatment.hip", "cascade.fls.identified", "mortality.attributable"} <= keys


def test_a_break_even_value_really_turns_the_answer(example: Results) -> None:
    found = [b for b in example.break_even if b.value is not None]
    assert found
    for b in found[:4]:
        values = example.params.numbers()
        model = example.costs.preferred.model.id
        step = abs(b.value) * 0.02 + 1e-6
        sides = []
        for value in (b.value - step, b.value + step):
            ev = run({**values, b.param.key: value}, example.setting).option(model).evaluation
            sides.append(float(-ev.net_cost if b.measure == "pays for itself" else ev.net_benefit(example.thresholds[0])))
        assert sides[0] * sides[1] < 0, b
        favourable = sides[1] > 0
        assert b.direction == ("above" if favourable else "below")


def test_the_affordable_service_cost_makes_the_service_just_cost_effective(example: Results) -> None:
    e = example.economics
    low = example.thresholds[0]
    budget = e.affordable_service_cost(low)
    # Net cost falls by (current - affordable) x the present value of a pound a year with optimism bias.
    assert e.qalys * low - (e.net_cost - (e.service_cost - budget) * e.service_factor) == pytest.approx(0, abs=1e-6)
    assert e.service_factor == pytest.approx(sum((1 + example.bias["running"].applied) / 1.035 ** y for y in range(1, 6)))


@pytest.mark.parametrize("param", [
    Parameter("share", "A share", 0.7, "s", low=0.5, high=0.9, distribution=BETA),
    Parameter("cost", "A cost", 1000.0, "s", low=750.0, high=1250.0, distribution=GAMMA),
])
def test_draws_centre_on_the_value_with_the_range_as_a_95_percent_interval(param: Parameter) -> None:
    samples = draw(param, 200_000, np.random.default_rng(1))
    assert samples.mean() == pytest.approx(param.value, rel=0.01)
    inside = np.mean((samples >= param.low) & (samples <= param.high))
    assert 0.93 < inside < 0.97


def test_relative_risks_are_drawn_log_normal_around_the_published_figure() -> None:
    param = Parameter("rr", "Relative risk", 0.55, "s", low=0.43, high=0.69, distribution=LOGNORMAL)
    samples = draw(param, 200_000, np.random.default_rng(1))
    assert np.median(samples) == pytest.approx(0.55, rel=0.01)
    assert np.percentile(samples, [2.5, 97.5]) == pytest.approx([0.43, 0.69], rel=0.02)
    assert samples.min() > 0


def test_probabilistic_results_reproduce_with_the_same_seed(example: Results) -> None:
    a = probabilistic(example.params, example.setting, 2000, seed=7)
    b = probabilistic(example.params, example.setting, 2000, seed=7)
    c = probabilistic(example.params, example.setting, 2000, seed=8)
    assert a.models[0].npsv == b.models[0].npsv and a.models[0].acceptability == b.models[0].acceptability
    assert a.models[0].npsv.mean != c.models[0].npsv.mean


def test_probabilistic_interval_surrounds_the_central_result(example: Results) -> None:
    pr = probabilistic(example.params, example.setting, 10_000)
    assert "optimism_bias.running" not in pr.sampled and "cascade.fls.identified" in pr.sampled
    for m in pr.models:
        central = example.summaries[m.model_id]
        assert m.prevented.low < central.total_prevented < m.prevented.high
        assert m.qalys.low < central.qalys < m.qalys.high
        assert m.net_cost.low < central.net_cost < m.net_cost.high
        assert m.hip_prevented.high < m.prevented.high


def test_the_acceptability_curve_rises_with_the_value_of_a_qaly(example: Results) -> None:
    pr = probabilistic(example.params, example.setting, 4000)
    for m in pr.models:
        shares = [p for _, p in m.acceptability]
        assert shares == sorted(shares)
        assert shares[0] == pytest.approx(m.probability_saves_money)  # at 0 pounds a QALY only saving money counts


def _constructed(cost_low: float, cost_high: float):
    """The one-cohort case of test_run, with only the hip fracture cost uncertain."""
    from fls_docs.calc.parameters import Parameters
    from tests.calc.test_run import _setting, _values

    params = Parameters()
    for key, value in _values().items():
        params.add(Parameter(key, key, value, "constructed"))
    params.add(Parameter("unit_costs.hip.acute", "cost", (cost_low + cost_high) / 2, "constructed", low=cost_low, high=cost_high,
                         distribution=GAMMA))
    return params, _setting()


def test_when_every_sample_saves_money_the_probability_is_one() -> None:
    # 40 fractures prevented at about 10,000 each against 94,000 of costs: every draw saves money.
    params, setting = _constructed(9_000.0, 11_000.0)
    m = probabilistic(params, setting, 5_000, seed=3, thresholds=(20_000.0, 30_000.0)).models[0]
    assert m.probability_saves_money == 1.0
    assert m.probability_cost_effective(20_000.0) == 1.0


def test_when_no_sample_saves_money_the_probability_is_zero() -> None:
    # At about 1 pound a fracture nothing offsets the 94,000 of costs; at 0 pounds a QALY health counts for nothing.
    params, setting = _constructed(0.5, 1.5)
    m = probabilistic(params, setting, 5_000, seed=3, thresholds=(20_000.0, 30_000.0)).models[0]
    assert m.probability_saves_money == 0.0
    assert m.probability_cost_effective(0.0) == 0.0


def test_the_interval_covers_95_percent_of_a_known_distribution() -> None:
    from fls_docs.calc.sensitivity import Interval

    values = np.random.default_rng(5).normal(100.0, 10.0, 400_000)
    interval = Interval.of(values)
    assert (interval.low, interval.mean, interval.high) == pytest.approx((100 - 19.6, 100.0, 100 + 19.6), abs=0.2)
