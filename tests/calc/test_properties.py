"""Properties that hold for any inputs, checked with generated cases."""

import random
from datetime import date
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fls_docs.calc.benefits import STEPS, expected_fractures
from fls_docs.calc.results import Results, calculate, load_tables, results_to_dict
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


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture], max_examples=60)
@given(st.sampled_from(STEPS), st.floats(0.0, 1.0))
def test_a_better_fls_cascade_never_prevents_fewer_fractures(example, step, gain) -> None:
    values = example.params.numbers()
    key = f"cascade.fls.{step}"
    better = dict(values, **{key: values[key] + (1 - values[key]) * gain})
    for model in example.setting.models:
        mid = model.model.id
        if f"models.{mid}.cascade.{step}" in values:
            continue  # this model uses its own figure for the step
        before = run(values, example.setting).option(mid).flows.total_prevented()
        after = run(better, example.setting).option(mid).flows.total_prevented()
        assert after >= before - 1e-9


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture], max_examples=30)
@given(st.floats(0.1, 10.0))
def test_scaling_every_unit_cost_scales_costs_avoided(example, factor) -> None:
    values = example.params.numbers()
    scaled = {k: v * factor if k.startswith("unit_costs.") and not k.endswith("bed_days") else v for k, v in values.items()}
    for option, bigger in zip(run(values, example.setting).options, run(scaled, example.setting).options):
        assert bigger.flows.total_avoided == pytest.approx(option.flows.total_avoided * factor)
        assert sum(bigger.flows.bed_days) == pytest.approx(sum(option.flows.bed_days))


def test_doubling_every_unit_cost_doubles_costs_avoided_in_every_year_and_site(example) -> None:
    values = example.params.numbers()
    doubled = {k: 2 * v if k.startswith("unit_costs.") and not k.endswith("bed_days") else v for k, v in values.items()}
    once, twice = run(values, example.setting).options[0].flows, run(doubled, example.setting).options[0].flows
    for year_once, year_twice in zip(once.avoided, twice.avoided):
        for site, parts in year_once.items():
            assert year_twice[site] == pytest.approx({part: 2 * v for part, v in parts.items()})


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
