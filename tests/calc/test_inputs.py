"""Gathering inputs: every default has a source, and the project's own figures replace them visibly."""

import pytest

from fls_docs.calc.inputs import gather, incidence_rates
from fls_docs.calc.optimism import rules
from fls_docs.calc.parameters import LOCAL_SOURCE
from fls_docs.calc.prices import Prices
from fls_docs.calc.results import load_tables
from fls_docs.model.project import CalculatorInputs, Post, StaffingModel

MODEL = StaffingModel("m", "Model", "", True, (Post("Nurse", "6", "mid", 1.0),), cascade={"identified": 0.4})


def _gather(inputs: CalculatorInputs):
    tables = load_tables()
    return gather(inputs, tables, Prices.from_table(tables["inflation"]), rules(inputs.optimism_bias, tables["finance"]))


def test_every_default_names_its_source_and_nothing_is_overridden() -> None:
    params = _gather(CalculatorInputs({}, {}, (MODEL,)))
    defaults = [p for p in params.values() if not p.key.startswith("models.")]
    assert defaults and all(p.source and not p.overridden for p in defaults)
    assert all(len(p.source) > 20 for p in defaults), [p.key for p in defaults if len(p.source) <= 20]


def test_a_local_figure_replaces_the_default_and_keeps_its_width_of_uncertainty() -> None:
    tables = load_tables()
    params = _gather(CalculatorInputs({"cascade.usual_care.assessed": 0.55, "dxa_cost": 90.0}, {}, (MODEL,)))
    assessed = params["cascade.usual_care.assessed"]
    default = tables["cascade"]["steps"]["assessed"]["usual_care"]
    assert (assessed.value, assessed.source, assessed.overridden) == (0.55, LOCAL_SOURCE, True)
    assert assessed.low == pytest.approx(0.55 - (default["value"] - default["low"]))
    assert assessed.high == pytest.approx(0.55 + (default["high"] - default["value"]))
    assert params["dxa_cost"].value == 90.0
    assert {p.key for p in params.overridden()} == {"cascade.usual_care.assessed", "dxa_cost", "models.m.cascade.identified"}


def test_older_costs_are_brought_to_todays_prices_with_the_index() -> None:
    tables = load_tables()
    params = _gather(CalculatorInputs({}, {}, (MODEL,)))
    entry = tables["unit_costs"]["sites"]["hip"]["acute"]
    index = {str(k): v for k, v in tables["inflation"]["values"].items()}
    factor = index[str(tables["inflation"]["price_year"])] / index[str(entry["price_year"])]
    assert factor > 1.2  # 2012/13 to 2024/25
    assert params["unit_costs.hip.acute"].value == pytest.approx(entry["value"] * factor)
    assert f"brought to {tables['inflation']['price_year']} prices" in params["unit_costs.hip.acute"].source


def test_a_local_cost_is_taken_as_todays_price() -> None:
    params = _gather(CalculatorInputs({"unit_costs.hip.acute": 12_000.0}, {}, (MODEL,)))
    assert params["unit_costs.hip.acute"].value == 12_000.0


def test_optimism_bias_is_the_upper_bound_less_the_recorded_mitigation() -> None:
    finance = load_tables()["finance"]
    mine = rules({"running": {"category": "outsourcing", "mitigation": 0.25, "reason": "Posts recruited."}}, finance)
    assert mine["running"].applied == pytest.approx(0.41 * 0.75)
    assert mine["running"].local and "Posts recruited." in mine["running"].source
    fully = rules({"setup": {"category": "standard_buildings", "mitigation": 1.0, "reason": "Done."}}, finance)
    assert fully["setup"].applied == finance["optimism_bias"]["categories"]["standard_buildings"]["capex"]["lower"]


def test_local_rates_replace_a_site() -> None:
    inputs = CalculatorInputs({}, {"hip": {"female": 40.0, "male": 15.0}}, (MODEL,))
    rates = incidence_rates(inputs, load_tables())
    assert rates["hip"]["female"] == 40.0 and rates["hip"]["source"] == LOCAL_SOURCE
    assert list(rates) == ["hip", "vertebral", "wrist_forearm", "humerus", "pelvis", "other"]


def test_a_citation_keeps_the_reference_and_drops_notes_for_maintainers() -> None:
    from fls_docs.calc.parameters import citation

    source = ("Walters S et al. Clin Interv Aging 2017;12:117 - adherence at one year (as cited before; not re-read). "
              "The national figure was not retrieved. Replace it with local data. Costs 15,525 pounds a person.")
    assert citation(source) == "Walters S et al. Clin Interv Aging 2017;12:117 - adherence at one year."
    assert citation("Assumption. The cost is 15,525 pounds a person.") == "Assumption. The cost is £15,525 a person."
    long = "Leal J et al. " + "word " * 40 + "- more."
    assert len(citation(long).split()) <= 26


def test_the_full_note_writes_money_as_money() -> None:
    from fls_docs.calc.parameters import Parameter

    note = Parameter("x", "x", 1.0, "Leal 2016 - 14,163 pounds in year 1 (10,964 pounds more). Replace it locally.").note
    assert note == "Leal 2016 - £14,163 in year 1 (£10,964 more). Replace it locally."
