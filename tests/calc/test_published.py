"""Published UK evaluations reproduced from their published inputs, each figure within its stated tolerance."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _compare():
    spec = importlib.util.spec_from_file_location("compare", ROOT / "benchmarks" / "published" / "compare.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def compare():
    return _compare()


@pytest.fixture(scope="module")
def rows(compare) -> list[dict]:
    return compare.rows()


def test_both_evaluations_are_compared(rows: list[dict]) -> None:
    assert {r["evaluation"].split(",")[0] for r in rows} == {"McLellan et al. 2011", "Department of Health 2009"}


def test_every_figure_is_within_its_stated_tolerance(rows: list[dict]) -> None:
    for row in rows:
        assert abs(row["difference"]) <= row["tolerance"], (row["label"], row["ours"], row["published"])


def test_every_difference_over_15_percent_gives_its_reason(rows: list[dict]) -> None:
    for row in rows:
        if abs(row["difference"]) > 0.15:
            assert len(row["reason"].split()) >= 8, row["label"]


def test_mclellans_cascade_treats_686_against_193(compare) -> None:
    results = compare.run_scenario("mclellan2011.yaml")
    option = results.preferred
    treated = {arm: float(option.reached[arm]["started"]) for arm in ("fls", "usual_care")}
    assert treated == pytest.approx({"fls": 686, "usual_care": 193}, abs=0.5)
    assert results.benefits.expected_per_year == pytest.approx(1000)


def test_the_table_in_results_md_is_current(compare) -> None:
    text = (ROOT / "benchmarks" / "results.md").read_text(encoding="utf-8")
    between = text.split("<!-- published:start -->\n")[1].split("<!-- published:end -->")[0]
    assert between == compare.table()
