"""calculate() keeps the economic model's figures for inputs it has seen, and only for those."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from fls_docs.calc.results import calculate
from fls_docs.model.validate import load_project
from tests.conftest import REPO

ON = date(2026, 11, 25)


@pytest.fixture(scope="module")
def project():
    return load_project(REPO)[0]


def test_a_change_to_the_plan_reuses_the_economics_and_recounts_the_plan(project) -> None:
    first = calculate(project, ON, samples=200)
    phases = project.plan.phases
    last = phases[-1]
    assert any(t.status != "complete" for t in last.tasks)
    finished = replace(last, tasks=tuple(replace(t, status="complete", percent_complete=100) for t in last.tasks))
    done = replace(project, plan=replace(project.plan, phases=(*phases[:-1], finished)))
    second = calculate(done, ON, samples=200)
    assert second.run is first.run  # not worked out again
    assert second.progress != first.progress


def test_a_changed_cost_catchment_nation_or_date_is_worked_out_again(project) -> None:
    first = calculate(project, ON, samples=200)
    costs = replace(project.calculator, overrides={**project.calculator.overrides, "dxa_cost": 150.0})
    population = {sex: {band: n * 2 for band, n in bands.items()} for sex, bands in project.catchment.population.items()}
    changed = [
        replace(project, calculator=costs),
        replace(project, catchment=replace(project.catchment, population=population)),
        replace(project, organisation=replace(project.organisation, nation="scotland")),
    ]
    for other in changed:
        result = calculate(other, ON, samples=200)
        assert result.run is not first.run
    assert calculate(project, date(2027, 6, 1), samples=200).run is not first.run
    # Twice the people: twice the fractures expected, worked out afresh rather than taken from the first run.
    doubled = calculate(changed[1], ON, samples=200)
    assert doubled.benefits.expected_per_year == pytest.approx(2 * first.benefits.expected_per_year)
