"""The model's arithmetic on cases small enough to work by hand: one sex, one age band, one site."""

from dataclasses import replace

import numpy as np
import pytest

from fls_docs.calc.cohort import People, follow, persistence_at, treatment_course
from fls_docs.calc.costs import ModelCost
from fls_docs.calc.run import Setting, run
from fls_docs.model.project import CostLine, StaffingModel


def _people(horizon: int = 1, death: float = 0.0, utility: float = 1.0) -> People:
    """1,000 women aged 50-54 with a hip fracture; nobody else."""
    counts = np.zeros((2, 9, 1))
    counts[0, 0, 0] = 1000.0
    mix = np.zeros((2, 9, 1))
    mix[..., 0] = 1.0
    return People(("hip",), counts, mix, np.full((horizon, 2, 9), death), np.full((horizon, 2, 9), utility))


def test_persistence_reads_the_curve_and_stops_at_the_review() -> None:
    curve = {1: 1.0, 2: 0.8, 3: 0.6}
    assert persistence_at(curve, 1.5, 5) == pytest.approx(0.9)
    assert persistence_at(curve, 2.5, 2) == 0.0  # after the review nobody is on treatment
    assert persistence_at(curve, 2.0, 5, multiplier=2.0) == pytest.approx(0.64)  # stopping twice as fast


def test_treatment_course_worked_by_hand() -> None:
    # Half start at 13 weeks (a quarter of a year); 80% of them are still on it at 12 months.
    # Effect after 3 more months, so protected for half of year 1: 0.5 x 0.8 x 0.5 = 0.2.
    # Year 1 on treatment: 0.5 x 0.75 x (1 + 0.8) / 2 = 0.3375.
    # Year 2: persistence 1.0 -> 0.5, so on treatment 0.5 x 0.8 x 0.75 = 0.3; protected at the middle of
    # year 2 lagged by a 1-year offset: persistence at max(1, 0.5) = 1.0 -> 0.4.
    course = treatment_course(0.5, 0.8, 2, 13, 3, {1: 1.0, 2: 0.5}, 5, 1.0, {"a": (1.0, 1.0)})
    assert course.on_treatment == pytest.approx([0.3375, 0.3])
    assert course.protected == pytest.approx([0.2, 0.4])


def test_one_year_of_fractures_deaths_and_qalys_by_hand() -> None:
    # Risk 10%; a fifth protected; treatment halves the risk: 1,000 x 0.10 x (1 - 0.2 x 0.5) = 90.
    # Deaths: 1% background x 3 after a hip fracture = 30, plus 25% x 1% x (3 - 1) x 90 caused = 0.45.
    # QALYs: (1,000 - 30.45 / 2) x 0.8 (utility) x 0.7 (year-1 multiplier) less 0.8 x (1 - 0.7) x 90.
    from fls_docs.calc.cohort import Treatment

    out = follow(_people(death=0.01, utility=0.8), 1.0, [0.10], {"hip": 0.5}, Treatment([0.0], [0.2]),
                 {"hip": (3.0, 1.5), "vertebral": (2.0, 1.5)}, 0.25, {"hip": (0.7, 0.8)})
    assert out.further[0]["hip"] == pytest.approx(90)
    assert out.deaths[0] == pytest.approx(30.45)
    assert out.qalys[0] == pytest.approx((1000 - 30.45 / 2) * 0.8 * 0.7 - 0.8 * 0.3 * 90)


def _setting(horizon: int = 1, counted: tuple[str, ...] = ("acute", "medicines", "staff", "running", "setup")) -> Setting:
    model = StaffingModel("m", "Model", "", True, (), running_costs=(CostLine("Running costs", 10_000),),
                          setup_costs=(CostLine("Set-up", 4_000),))
    labels = {"acute": {"label": "Hospital", "payer": "provider", "cash_releasing": False}}
    return Setting(_people(horizon), {"hip": "hip"}, {"hip": ("acute",)}, labels,
                   {"medicines": "commissioner"}, counted, {1: 0.10, 2: 0.18, 5: 0.31}, {1: 1.0, 2: 1.0},
                   5.0, ("a",), horizon, 1, (ModelCost(model, ()),))


def _values(**changes: float) -> dict[str, float]:
    values = {
        **{f"cascade.fls.{s}": 1.0 for s in ("identified", "assessed", "recommended", "started", "persistent")},
        **{f"cascade.usual_care.{s}": 1.0 for s in ("identified", "assessed", "recommended", "persistent")},
        "cascade.usual_care.started": 0.2,
        "incidence_scale": 1.0, "treatment.hip": 0.5, "refracture_risk_5y": 0.31, "unit_costs.hip.acute": 10_000,
        "unit_costs.hip.bed_days": 10, "treatment.weeks_to_start": 0.0, "treatment.onset_months": 0.0,
        "treatment.persistence_multiplier": 1.0, "regimens.a.share": 1.0, "regimens.a.drug_cost": 100.0,
        "regimens.a.monitoring_cost": 0.0, "regimens.a.offset_years": 0.0,
        "mortality.hip.year_1": 1.0, "mortality.hip.later": 1.0, "mortality.vertebral.year_1": 1.0,
        "mortality.vertebral.later": 1.0, "mortality.attributable": 0.0, "utility.hip.year_1": 0.5,
        "utility.hip.later": 0.5, "dxa_share": 0.0, "dxa_cost": 0.0, "discount_rate": 0.0,
        "health_discount_rate": 0.0, "qaly_value": 60_000, "optimism_bias.setup": 0.0, "optimism_bias.running": 0.0,
    }
    values.update({k.replace("__", "."): v for k, v in changes.items()})
    return values


def test_one_year_of_one_cohort_worked_by_hand() -> None:
    option = run(_values(), _setting()).option("m")
    e = option.evaluation
    # Everyone on treatment and protected with the service (1.0) against a fifth under usual care.
    # Further hip fractures: 100 x (1 - 0.2 x 0.5) = 90 against 100 x 0.5 = 50: 40 prevented.
    assert e.total_prevented == pytest.approx(40)
    assert e.costs["acute"] == pytest.approx(-400_000)
    # Medicines: 1,000 person-years on treatment against 200, at 100 pounds.
    assert e.costs["medicines"] == pytest.approx(80_000)
    # QALYs: each fracture prevented saves the year-1 loss of 1 x (1 - 0.5).
    assert e.qalys == pytest.approx(40 * 0.5)
    assert e.net_cost == pytest.approx(-400_000 + 80_000 + 10_000 + 4_000)
    assert e.npsv == pytest.approx(20 * 60_000 + 306_000)
    assert e.bed_days == pytest.approx(400)


def test_optimism_bias_falls_on_the_service_only_and_discounting_counts_from_year_one() -> None:
    option = run(_values(**{"optimism_bias__running": 0.5, "optimism_bias__setup": 1.0, "discount_rate": 0.1}),
                 _setting()).option("m")
    e = option.evaluation
    assert e.costs["running"] == pytest.approx(10_000 * 1.5 / 1.1)
    assert e.costs["setup"] == pytest.approx(8_000)
    assert e.costs["medicines"] == pytest.approx(80_000 / 1.1)  # no optimism bias on medicines
    assert e.optimism_bias == pytest.approx(5_000 / 1.1 + 4_000)


def test_the_perspective_decides_which_costs_count() -> None:
    nhs_only = run(_values(), _setting(counted=("medicines", "staff", "running", "setup"))).option("m").evaluation
    assert nhs_only.net_cost == pytest.approx(80_000 + 14_000)


def test_budget_adds_each_years_new_patients_to_those_already_treated() -> None:
    setting = replace(_setting(horizon=2), service_years=3)
    option = run(_values(), setting).option("m")
    one = option.arms["fls"].costs
    usual = option.arms["usual_care"].costs
    medicines = [f["medicines"] - u["medicines"] for f, u in zip(one, usual)]
    # Year 1: the first group's first year; years 2 and 3: a new group's first year plus the last group's second.
    assert [row.lines["medicines"] for row in option.budget] == pytest.approx(
        [medicines[0], medicines[0] + medicines[1], medicines[0] + medicines[1]])
    assert [row.lines["setup"] for row in option.budget] == [4_000, 0.0, 0.0]
