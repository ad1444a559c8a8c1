"""Properties that hold for any inputs, checked with generated cases."""

import random
from datetime import date
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fls_docs.calc.benefits import STEPS, expected_fractures
from fls_docs.calc.export import results_to_dict
from fls_docs.calc.results import Results, calculate, load_tables
from fls_docs.calc.run import run
from fls_docs.model.validate import load_project
from tests.conftest import copy_project

REPO = Path(__file__).resolve().parents[2]
BANDS = ["50-54", "55-59", "60-64", "65-69", "70-74", "75-79", "80-84", "85-89", "90+"]
TABLES = load_tables()
LABELS = {site: info["label"] for site, info in TABLES["sites"]["sites"].items()}
counts = st.integers(min_value=0, max_value=200_000)
populations = st.fixed_dictionaries({sex: st.fixed_dictionaries({b: counts for b in BANDS}) for sex in ("female", "male")})


@pytest.fixture(scope="module")
def example() -> Results:
    project, _ = load_project(REPO)
    return calculate(project, date(2026, 11, 25))


@given(populations, st.sampled_from(["female", "male"]), st.sampled_from(BANDS), st.integers(1, 50_000))
def test_more_people_never_means_fewer_fractures(population, sex, band, extra) -> None:
    rates = TABLES["incidence"]["sites"]
    before = expected_fractures(population, rates, LABELS)
    population[sex][band] += extra
    after = expected_fractures(population, rates, LABELS)
    for b, a in zip(before, after):
        assert a.total >= b.total
    assert sum(a.total for a in after) > sum(b.total for b in before)


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture], max_examples=40, deadline=None)
@given(st.sampled_from(STEPS), st.floats(0.0, 1.0))
def test_a_better_fls_cascade_never_prevents_fewer_fractures(example, step, gain) -> None:
    values = example.params.numbers()
    key = f"cascade.fls.{step}"
    better = dict(values, **{key: values[key] + (1 - values[key]) * gain})
    for model in example.setting.models:
        mid = model.model.id
        if f"models.{mid}.cascade.{step}" in values:
            continue  # this model uses its own figure for the step
        before = run(values, example.setting).option(mid).evaluation
        after = run(better, example.setting).option(mid).evaluation
        assert after.total_prevented >= before.total_prevented - 1e-9
        assert after.qalys >= before.qalys - 1e-9


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture], max_examples=20, deadline=None)
@given(st.floats(0.1, 10.0))
def test_scaling_every_fracture_cost_scales_the_savings(example, factor) -> None:
    values = example.params.numbers()
    scaled = {k: v * factor if k.startswith("unit_costs.") and not k.endswith("bed_days") else v for k, v in values.items()}
    parts = set(example.setting.components)
    for option, bigger in zip(run(values, example.setting).options, run(scaled, example.setting).options):
        for part in parts:
            assert bigger.evaluation.costs[part] == pytest.approx(option.evaluation.costs[part] * factor)
        assert bigger.evaluation.qalys == pytest.approx(option.evaluation.qalys)


def test_no_deaths_and_no_fractures_without_people(example) -> None:
    values = dict(example.params.numbers(), incidence_scale=0.0)
    for option in run(values, example.setting).options:
        assert option.evaluation.total_prevented == 0 and option.evaluation.qalys == 0
        assert option.evaluation.deaths_avoided == 0


def test_a_perfect_treatment_with_everyone_on_it_prevents_the_most(example) -> None:
    values = example.params.numbers()
    perfect = dict(values, **{f"treatment.{g}": 1e-9 for g in ("hip", "vertebral", "wrist", "non_vertebral")})
    for option, ideal in zip(run(values, example.setting).options, run(perfect, example.setting).options):
        assert ideal.evaluation.total_prevented > option.evaluation.total_prevented


def _shuffled(value, rng: random.Random):
    if isinstance(value, dict):
        items = list(value.items())
        rng.shuffle(items)
        return {k: _shuffled(v, rng) for k, v in items}
    if isinstance(value, list):
        return [_shuffled(v, rng) for v in value]
    return value


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture], max_examples=5, deadline=None)
@given(st.randoms(use_true_random=False))
def test_results_do_not_depend_on_the_order_of_the_yaml(example, tmp_path_factory, rng) -> None:
    root = copy_project(tmp_path_factory.mktemp("shuffled"))
    for name in ("calculator.yaml", "project.yaml"):
        path = root / "content" / name
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        path.write_text(yaml.safe_dump(_shuffled(data, rng), sort_keys=False, allow_unicode=True), encoding="utf-8")
    project, _ = load_project(root)
    shuffled = results_to_dict(calculate(project, date(2026, 11, 25)))
    original = results_to_dict(example)
    # Inputs are listed in the order the defaults are gathered, not the project's order, so everything
    # matches; sums taken in another order may differ in the last binary digit, hence the tolerance.
    assert _same(shuffled, original)


def _same(a, b) -> bool:
    if isinstance(a, dict):
        return isinstance(b, dict) and a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return isinstance(b, list) and len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b))
    if isinstance(a, float) and isinstance(b, (int, float)):
        return b == pytest.approx(a, rel=1e-9, abs=1e-9)
    return a == b
