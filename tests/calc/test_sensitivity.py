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
    swing = next(s for s in example.sensitivity if s.param.key == "drug_cost")
    values = example.params.numbers()
    values["drug_cost"] = swing.param.high
    assert run(values, example.setting).option(example.costs.preferred.model.id).appraisal.npv == pytest.approx(swing.npv[1])
    # Medicine cost does not change how many fractures are prevented, and dearer medicine lowers the net value.
    assert swing.prevented[0] == pytest.approx(swing.prevented[1])
    assert swing.npv[1] < swing.npv[0]


def test_net_value_is_a_straight_line_in_medicine_cost(example: Results) -> None:
    swing = next(s for s in example.sensitivity if s.param.key == "drug_cost")
    p = swing.param
    base = example.preferred.appraisal.npv
    assert (swing.npv[1] - swing.npv[0]) / (p.high - p.low) == pytest.approx((base - swing.npv[0]) / (p.value - p.low))


def test_inputs_without_a_range_are_left_out(example: Results) -> None:
    keys = {s.param.key for s in example.sensitivity}
    assert "horizon_years" not in keys and "discount_rate" not in keys
    assert {"optimism_bias", "treatment.hip", "cascade.fls.identified"} <= keys


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
    assert a == b
    assert a.models[0].npv.mean != c.models[0].npv.mean


def test_probabilistic_interval_surrounds_the_central_result(example: Results) -> None:
    pr = probabilistic(example.params, example.setting, 10_000)
    assert "optimism_bias" not in pr.sampled and "cascade.fls.identified" in pr.sampled
    for m in pr.models:
        option = example.run.option(m.model_id)
        assert m.prevented.low < option.flows.total_prevented() < m.prevented.high
        assert m.npv.low < option.appraisal.npv < m.npv.high
        assert m.hip_prevented.high < m.prevented.high
        assert 0 <= m.probability_saves_money <= 1
