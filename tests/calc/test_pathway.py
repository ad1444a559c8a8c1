"""Drop-outs on the pathway maps: the share lost at each point, worked out by hand from the care cascade."""

from pathlib import Path

import pytest
import yaml

from fls_docs.calc.pathway import cascade_loss, map_pathway, map_pathways
from fls_docs.model.project import CareMap, CareStep, DropOut, Missing, Pathways
from tests.conftest import REPO

# Usual care, as the example runs it: cascade.yaml with the example's local figure for assessment.
USUAL = {"identified": 0.45, "assessed": 0.55, "recommended": 0.74, "started": 0.725, "persistent": 0.44}


def test_the_share_lost_is_one_less_the_step_and_of_everyone_is_that_times_the_steps_before() -> None:
    assert cascade_loss(USUAL, "identified") == pytest.approx((0.55, 0.55))
    assert cascade_loss(USUAL, "assessed") == pytest.approx((0.45, 0.45 * 0.45))
    assert cascade_loss(USUAL, "started") == pytest.approx((0.275, 0.45 * 0.55 * 0.74 * 0.275))
    assert cascade_loss(USUAL, "persistent") == pytest.approx((0.56, 0.45 * 0.55 * 0.74 * 0.725 * 0.56))


def _map(*steps: CareStep) -> CareMap:
    return CareMap("A map", "What it shows.", steps)


def test_steps_follow_in_order_unless_they_name_what_comes_next() -> None:
    care = _map(CareStep("a", "A", next=("c",)), CareStep("b", "B"), CareStep("c", "C"))
    mapped = map_pathway("current", care, USUAL, 1000.0, "usual care")
    assert [(s.number, s.step.id, s.follows) for s in mapped.steps] == [(1, "a", ("c",)), (2, "b", ("c",)), (3, "c", ())]


def test_a_cascade_drop_out_counts_patients_a_year_and_an_audit_one_keeps_its_own_share() -> None:
    care = _map(CareStep("a", "A", drop_out=DropOut("Missed", cascade="assessed")),
                CareStep("b", "B", drop_out=DropOut("Never booked", share=0.3, source="Our audit, 2026")))
    mapped = map_pathway("journey", care, USUAL, 2000.0, "care cascade, usual care")
    first, second = (s.loss for s in mapped.losses)
    assert (first.share, first.of_all, first.per_year) == pytest.approx((0.45, 0.2025, 405.0))
    assert first.source == "care cascade, usual care" and first.cascade == "assessed"
    assert (second.share, second.of_all, second.per_year, second.source) == (0.3, None, None, "Our audit, 2026")


def test_each_map_takes_its_own_arm_of_the_cascade() -> None:
    step = CareStep("a", "A", drop_out=DropOut("Not found", cascade="identified"))
    fls = {**USUAL, "identified": 0.43}
    maps = map_pathways(Pathways(_map(step), _map(step), _map(step)), {"usual_care": USUAL, "fls": fls}, 100.0,
                        {"usual_care": "usual", "fls": "service"})
    assert [(m.arm, m.steps[0].loss.share, m.steps[0].loss.source) for m in maps.maps] == [
        ("usual_care", pytest.approx(0.55), "usual"), ("fls", pytest.approx(0.57), "service"),
        ("usual_care", pytest.approx(0.55), "usual")]


def test_a_map_not_given_is_a_placeholder_with_no_steps() -> None:
    maps = map_pathways(None, {"usual_care": USUAL, "fls": USUAL}, 100.0, {"usual_care": "", "fls": ""})
    assert maps.future.placeholder == Missing("The pathway with the service")
    assert maps.future.steps == ()


def test_the_example_drop_outs_come_from_the_cascade_data_and_the_local_figure(example_results) -> None:
    cascade = yaml.safe_load((REPO / "fls_docs" / "data" / "cascade.yaml").read_text(encoding="utf-8"))["steps"]
    local = yaml.safe_load((REPO / "content" / "calculator.yaml").read_text(encoding="utf-8"))["cascade"]
    usual = {step: local.get("usual_care", {}).get(step, v["usual_care"]["value"]) for step, v in cascade.items()}
    fls = {step: local.get("fls", {}).get(step, v["fls"]["value"]) for step, v in cascade.items()}
    by_step = {s.loss.cascade: s.loss for s in example_results.pathway.future.losses}
    assert by_step["identified"].share == pytest.approx(1 - fls["identified"])
    assert by_step["assessed"].of_all == pytest.approx(fls["identified"] * (1 - fls["assessed"]))
    current = {s.loss.cascade: s.loss for s in example_results.pathway.current.losses}
    assert current["assessed"].share == pytest.approx(1 - usual["assessed"])
    assert current["started"].of_all == pytest.approx(
        usual["identified"] * usual["assessed"] * usual["recommended"] * (1 - usual["started"]))
    caseload = example_results.setting.caseload
    assert current["identified"].per_year == pytest.approx(caseload * (1 - usual["identified"]))


@pytest.fixture(scope="module")
def example_results():
    from datetime import date

    from fls_docs.calc.results import calculate
    from fls_docs.model.validate import load_project

    project, _ = load_project(Path(REPO))
    return calculate(project, date(2026, 11, 25), analyses=False)
