"""The shipped indicator set: every standard covered, a data source for each nation, and figures that fit each kind."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from fls_docs import data
from fls_docs.model.indicator_set import defaults, measure_keys
from fls_docs.model.validate import check_project, load_project
from tests.conftest import REPO, copy_project, edit

NATIONS = ("England", "Scotland", "Wales", "Northern Ireland")


def test_the_set_covers_all_ten_standards_experience_and_the_outcomes_the_issue_names() -> None:
    measures = data.load("indicator_set")["measures"]
    kpis = data.load("kpis")["kpis"]
    standards = {m.get("standard", kpis.get(m.get("kpi"), {}).get("standard")) for m in measures.values()}
    assert set(range(1, 11)) <= standards
    assert {"patient-experience", "refracture", "hip-fractures", "treatment-at-52-weeks"} <= set(measures)
    assert measures["hip-fractures"]["kind"] == "count" and measures["refracture"]["direction"] == "lower"


def test_the_schema_offers_exactly_the_sets_measures() -> None:
    schema = json.loads((REPO / "schemas" / "indicators.schema.json").read_text(encoding="utf-8"))
    assert tuple(schema["properties"]["indicators"]["items"]["properties"]["measure"]["enum"]) == measure_keys()


@pytest.mark.parametrize("nation, expected", [
    ("England", "Fracture Liaison Service Database (FLS-DB), Royal College of Physicians"),
    ("Wales", "Fracture Liaison Service Database (FLS-DB), Royal College of Physicians"),
    ("Scotland", "The service's own patient database until the national audit of fracture liaison services"),
    ("Northern Ireland", "The trust's own audit against the fracture liaison service key performance indicators"),
])
def test_a_kpi_takes_its_definition_and_its_nations_data_source(nation: str, expected: str) -> None:
    base, source = defaults({"id": "identification", "kpi": 2}, nation)
    assert base["name"] == "Patients identified" and base["target"] == 0.8 and base["standard"] == 1
    assert source.startswith(expected)


def test_every_measure_has_a_source_in_every_nation() -> None:
    for key in measure_keys():
        for nation in NATIONS:
            assert defaults({"id": key, "measure": key}, nation)[1], (key, nation)
    _, hips = defaults({"id": "h", "measure": "hip-fractures"}, "Scotland")
    assert "Scottish Hip Fracture Audit" in hips


def test_content_overrides_the_measure_and_names_the_change(tmp_path: Path) -> None:
    root = copy_project(tmp_path, "minimal")
    (root / "content" / "indicators.yaml").write_text(
        "indicators:\n"
        "  - id: hips\n    measure: hip-fractures\n    target: 20\n"
        "    changes:\n      - {month: '2026-03', label: FLS starts}\n"
        "    values:\n      - {month: '2026-02', value: 24}\n      - {month: '2026-01', value: 27}\n", encoding="utf-8")
    project, _ = load_project(root)
    (hips,) = project.indicators
    assert (hips.name, hips.kind, hips.unit, hips.target, hips.group) == (
        "Hip fractures in the catchment", "count", "hip fractures", 20, "outcome")
    assert [(c.month, c.label) for c in hips.changes] == [("2026-03", "FLS starts")]
    assert [(m.month, m.value) for m in hips.values] == [("2026-01", 27), ("2026-02", 24)]
    assert hips.text(hips.target) == "20 hip fractures" and hips.source.startswith("Hospital Episode Statistics")


def _problems(root: Path) -> list[str]:
    return [d.format() for d in check_project(root).diagnostics if d.file == "content/indicators.yaml"
            and "schema_version" not in d.message]


def test_figures_that_do_not_fit_the_kind_are_located(tmp_path: Path) -> None:
    root = copy_project(tmp_path, "minimal")
    (root / "content" / "indicators.yaml").write_text(
        "indicators:\n"
        "  - id: seen\n    measure: information\n    target: 90\n"                       # lines 2-4
        "    values:\n      - {month: '2026-01', numerator: 3}\n"                          # line 6
        "      - {month: '2026-02', numerator: 3, denominator: 4, value: 0.75}\n"           # line 7
        "  - id: hips\n    measure: hip-fractures\n"                                         # lines 8-9
        "    values:\n      - {month: '2026-01', numerator: 24}\n"                         # line 11
        "    changes:\n      - {month: '2026-02', label: A}\n      - {month: '2026-02', label: B}\n"
        "  - id: waits\n    name: Days waited\n    kind: average\n    numerator: Days from referral\n",
        encoding="utf-8")
    out = _problems(root)
    assert out == [
        "content/indicators.yaml:4:13: indicators[0].target: 90 is more than 1, but this indicator is a share "
        "(write the share from 0 to 1 (0.8 is 80%), or set kind: count or kind: average)",
        "content/indicators.yaml:6:9: indicators[0].values[0]: the month has no denominator "
        "(a share needs numerator: and denominator: each month (this indicator's kind is share))",
        "content/indicators.yaml:7:65: indicators[0].values[1].value: a share is worked out from its numerator and "
        "denominator, so it takes no value (remove value:, or set kind: count or kind: average)",
        "content/indicators.yaml:11:9: indicators[1].values[0]: the month has no value "
        "(a count needs value: each month, such as value: 24)",
        "content/indicators.yaml:11:39: indicators[1].values[0].numerator: a count takes one value a month, not a "
        "numerator (write the month's figure as value:)",
        "content/indicators.yaml:14:17: indicators[1].changes[1].month: a change is already marked in 2026-02 on "
        "line 13 (mark one change a month; put both in one label)",
    ]


def test_an_own_count_or_average_needs_no_denominator_or_target(tmp_path: Path) -> None:
    root = copy_project(tmp_path, "minimal")
    (root / "content" / "indicators.yaml").write_text(
        "indicators:\n  - id: waits\n    name: Days waited\n    kind: average\n    numerator: Days from referral\n"
        "  - id: seen\n    name: Seen\n", encoding="utf-8")
    # "waits", an average, is complete; "seen", a share by default, lacks what a share needs.
    hint = "or kpi: with the FLS Database KPI number it reports, or measure: with one of fls-docs' indicators"
    assert _problems(root) == [
        f'content/indicators.yaml:6:5: indicators[1]: the indicator "seen" has no kpi or measure, so it needs a '
        f"{key} (add {key}:, {hint})" for key in ("denominator", "numerator", "target")]


def test_the_example_validates_with_its_changes(tmp_path: Path) -> None:
    root = copy_project(tmp_path)
    edit(root / "content" / "indicators.yaml", "label: Orthogeriatric team sees all fracture inpatients",
         "label: Orthogeriatric team sees all fracture inpatients and more")
    project, _ = load_project(root)
    ident = next(i for i in project.indicators if i.id == "identification")
    assessment = next(i for i in project.indicators if i.id == "assessment")
    # The change is written once (a YAML anchor) and shared.
    assert ident.changes == assessment.changes and ident.changes[0].label.endswith("and more")
