"""Gathering inputs: every default has a source, and the project's own figures replace them visibly."""

import pytest

from fls_docs.calc.inputs import gather, incidence_rates
from fls_docs.calc.parameters import LOCAL_SOURCE
from fls_docs.calc.results import load_tables
from fls_docs.model.project import CalculatorInputs, Post, StaffingModel

MODEL = StaffingModel("m", "Model", "", True, (Post("Nurse", "6", "mid", 1.0),), cascade={"identified": 0.4})


def test_every_default_names_its_source_and_nothing_is_overridden() -> None:
    params = gather(CalculatorInputs({}, {}, (MODEL,)), load_tables())
    defaults = [p for p in params.values() if not p.key.startswith("models.")]
    assert defaults and all(p.source and not p.overridden for p in defaults)
    assert all(len(p.source) > 20 for p in defaults), [p.key for p in defaults if len(p.source) <= 20]


def test_a_local_figure_replaces_the_default_and_keeps_its_width_of_uncertainty() -> None:
    tables = load_tables()
    params = gather(CalculatorInputs({"cascade.usual_care.assessed": 0.55, "dxa_cost": 90.0}, {}, (MODEL,)), tables)
    assessed = params["cascade.usual_care.assessed"]
    default = tables["cascade"]["steps"]["assessed"]["usual_care"]
    assert (assessed.value, assessed.source, assessed.overridden) == (0.55, LOCAL_SOURCE, True)
    assert assessed.low == pytest.approx(0.55 - (default["value"] - default["low"]))
    assert assessed.high == pytest.approx(0.55 + (default["high"] - default["value"]))
    assert params["dxa_cost"].value == 90.0
    assert {p.key for p in params.overridden()} == {"cascade.usual_care.assessed", "dxa_cost", "models.m.cascade.identified"}


def test_local_rates_replace_a_site_and_can_add_one() -> None:
    inputs = CalculatorInputs({}, {"hip": {"female": 40.0, "male": 15.0}, "humerus": {"female": 20.0, "male": 8.0}}, (MODEL,))
    rates = incidence_rates(inputs, load_tables())
    assert rates["hip"]["female"] == 40.0
    assert list(rates) == ["hip", "vertebral", "wrist_forearm", "humerus", "other"]
