"""The whole calculation for one staffing model, worked by hand end to end."""

import pytest

from fls_docs.calc.benefits import SiteFractures
from fls_docs.calc.costs import ModelCost
from fls_docs.calc.run import Setting, run
from fls_docs.model.project import CostLine, StaffingModel


def _setting(horizon: int = 1) -> Setting:
    model = StaffingModel("m", "Model", "", True, (), running_costs=(CostLine("Running costs", 10_000),),
                          setup_costs=(CostLine("Set-up", 4_000),))
    return Setting(
        sites=(SiteFractures("hip", "Hip", {"female": 1000.0, "male": 0.0}),),
        effect_group={"hip": "hip"}, unit_cost_parts={"hip": ("acute",)},
        risk_by_year={1: 0.10, 2: 0.18, 5: 0.31}, horizon=horizon, models=(ModelCost(model, ()),),
    )


def _values(**changes: float) -> dict[str, float]:
    values = {
        # FLS: everyone reaches treatment, half still take it at 12 months -> 500 of 1,000.
        **{f"cascade.fls.{s}": 1.0 for s in ("identified", "assessed", "recommended", "started")},
        "cascade.fls.persistent": 0.5,
        # Usual care: a fifth start, half of those persist -> 200 start, 100 persist.
        **{f"cascade.usual_care.{s}": 1.0 for s in ("identified", "assessed", "recommended")},
        "cascade.usual_care.started": 0.2, "cascade.usual_care.persistent": 0.5,
        "treatment.hip": 0.5, "refracture_risk_5y": 0.31, "unit_costs.hip.acute": 10_000,
        "dxa_share": 0.0, "dxa_cost": 0.0, "drug_cost": 100.0, "discount_rate": 0.0, "optimism_bias": 0.0,
    }
    values.update({k.replace("__", "."): v for k, v in changes.items()})
    return values


def test_one_year_worked_by_hand() -> None:
    option = run(_values(), _setting()).option("m")
    # At risk in year 1: 1,000 x 10% = 100. Extra share on treatment: 0.5 - 0.1 = 0.4; effect 0.5.
    # Prevented: 100 x 0.4 x 0.5 = 20 hip fractures, saving 20 x 10,000 = 200,000.
    assert option.flows.total_prevented("hip") == pytest.approx(20)
    assert option.appraisal.present_savings == pytest.approx(200_000)
    # Costs: running 10,000 + medicines for 800 extra starters x 100 = 90,000; set-up 4,000.
    assert option.appraisal.present_costs == pytest.approx(94_000)
    assert option.appraisal.npv == pytest.approx(106_000)
    assert option.appraisal.break_even_year == 1


def test_halving_the_refracture_risk_halves_the_fractures_prevented() -> None:
    option = run(_values(refracture_risk_5y=0.155), _setting()).option("m")
    assert option.flows.total_prevented() == pytest.approx(10)
    assert option.appraisal.npv == pytest.approx(100_000 - 94_000)


def test_a_model_with_its_own_cascade_reaches_fewer_patients() -> None:
    values = _values()
    values["models.m.cascade.identified"] = 0.5
    option = run(values, _setting()).option("m")
    # Half as many identified: 250 persist with the service against 100 -> 0.15 extra; 100 x 0.15 x 0.5 = 7.5.
    assert option.reached["fls"]["identified"] == pytest.approx(500)
    assert option.flows.total_prevented() == pytest.approx(7.5)
