"""A regional programme: three projects built by one command, one of them broken, and the page comparing them."""

from __future__ import annotations

import json
import re
import shutil
from html import unescape
from pathlib import Path
from types import SimpleNamespace

import pytest
import yaml

from fls_docs.calc.programme import Stage, current_stage
from tests.conftest import FIXTURES, TODAY, copy_project, run

# The example's phases, as the guide numbers and names them.
PHASES = {"start-out": "1. Start out", "define-and-scope": "2. Define and scope",
          "measure-and-understand": "3. Measure and understand", "design-and-plan": "4. Design and plan",
          "pilot-and-implement": "5. Pilot and implement", "sustain-and-share": "6. Sustain and share"}


@pytest.fixture(scope="module")
def programme(built_example: Path, tmp_path_factory: pytest.TempPathFactory) -> SimpleNamespace:
    """A programme of the built example, the minimal project and a project with a bad date, built twice."""
    root = tmp_path_factory.mktemp("programme") / "south-west"
    root.mkdir()
    shutil.copytree(built_example, root / "wyvern", symlinks=True)  # already built: reused as it stands
    copy_project(root / "test-valley", "minimal")
    broken = copy_project(root / "broken-vale", "minimal")
    shutil.copy(FIXTURES / "broken" / "bad-date" / "plan.yaml", broken / "content" / "plan.yaml")
    with pytest.MonkeyPatch.context() as patch:  # the autouse date is not set yet for a module's fixture
        patch.setenv("FLS_DOCS_TODAY", TODAY)
        first = run("programme", root)
        page = root / "build" / "programme" / "index.html"
        before = {"page": page.stat().st_mtime_ns,
                  "manifests": {p: (root / p / "build" / ".manifest.json").read_bytes() for p in ("wyvern", "test-valley")}}
        second = run("programme", root)
    return SimpleNamespace(root=root, first=first, second=second, page=page, before=before)


def _rows(html: str) -> dict[str, list[list[str]]]:
    """Each table's body rows under its section heading, as the text of each cell."""
    tables: dict[str, list[list[str]]] = {}
    for heading, table in re.findall(r"<h[23][^>]*>(.*?)</h[23]>\s*<table>(.*?)</table>", html, re.S):
        body = table.split("<tbody>", 1)[1]
        tables[unescape(re.sub(r"<[^>]+>", "", heading)).strip()] = [
            [unescape(re.sub(r"<[^>]+>", "", cell)).strip() for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
            for row in re.findall(r"<tr>(.*?)</tr>", body, re.S)]
    return tables


def _row(rows: list[list[str]], name: str) -> list[str]:
    found = [row for row in rows if row[0] == name]
    assert len(found) == 1, (name, rows)
    return found[0]


def _money(value: float) -> str:
    return f"-£{round(-value):,}" if value < 0 else f"£{round(value):,}"


def _own_results(project: Path) -> dict:
    return json.loads((project / "build" / "calculator-results.json").read_text(encoding="utf-8"))


def test_a_broken_project_is_reported_with_its_errors_and_the_others_still_build(programme: SimpleNamespace) -> None:
    assert programme.first.exit_code == 1
    out = programme.first.output
    assert "broken-vale: could not build (1 problem(s)); its build/ is unchanged" in out
    assert ('broken-vale/content/plan.yaml:12:14: task 1.1 "Form the team", due: "2026-13-01" is not a valid date '
            "(use YYYY-MM-DD, for example 2026-03-31)") in out
    assert "2 of 3 projects built" in out and "1 project(s) failed: broken-vale." in out
    assert not (programme.root / "broken-vale" / "build" / "site").exists()
    for name in ("wyvern", "test-valley"):
        assert (programme.root / name / "build" / "site" / "index.html").is_file()
    assert re.search(r"test-valley: built \d+ outputs", out)  # from scratch
    html = programme.page.read_text(encoding="utf-8")
    assert "Projects that did not build" in html and "2026-13-01" in html


def test_the_page_shows_each_projects_own_calculator_figures(programme: SimpleNamespace) -> None:
    tables = _rows(programme.page.read_text(encoding="utf-8"))
    for folder, name in (("wyvern", "Wyvern Valley Fracture Liaison Service"), ("test-valley", "Test Valley FLS")):
        own = _own_results(programme.root / folder)
        preferred = next(o for o in own["options"] if o["preferred"])
        evaluation, first_year = preferred["economic_evaluation"], preferred["budget_impact"][0]
        glance = _row(tables["At a glance"], name)
        assert glance[1] == f"{round(own['expected_fractures_per_year']['total']):,}"
        stage = next(p for p in own["progress"]["phases"] if p["phase"] in PHASES and p["complete"] < p["tasks"])
        assert glance[2] == f"{PHASES[stage['phase']]} ({stage['complete']} of {stage['tasks']} tasks done)"
        assert glance[3] == str(len(own["progress"]["overdue"]))
        value = _row(tables["Cost and value"], name)
        assert value[1] == f"{_money(first_year['ask'])} in {first_year['financial_year']}"
        assert value[2] == _money(evaluation["cost_per_qaly"])
        assert value[3] == _money(evaluation["net_present_social_value"])


def test_the_minimal_projects_row_holds_its_hand_worked_stage_and_late_tasks(programme: SimpleNamespace) -> None:
    # Task 1.1 is complete and 1.2 on track of Start out's two; on 25 November 2026, 1.2 (due 27 February)
    # and 2.1 (due 27 March) are late; the project reports no indicator.
    glance = _row(_rows(programme.page.read_text(encoding="utf-8"))["At a glance"], "Test Valley FLS")
    assert glance[2:] == ["1. Start out (1 of 2 tasks done)", "2", "0 of 0"]


def test_totals_add_up_the_projects(programme: SimpleNamespace) -> None:
    tables = _rows(programme.page.read_text(encoding="utf-8"))
    results = [_own_results(programme.root / f) for f in ("wyvern", "test-valley")]
    preferred = [next(o for o in r["options"] if o["preferred"]) for r in results]
    fractures = sum(r["expected_fractures_per_year"]["total"] for r in results)
    assert _row(tables["At a glance"], "All 2")[1] == f"{round(fractures):,}"
    total = _row(tables["Cost and value"], "All 2")
    assert total[1] == _money(sum(p["budget_impact"][0]["ask"] for p in preferred))
    assert total[3] == _money(sum(p["economic_evaluation"]["net_present_social_value"] for p in preferred))


def test_the_identification_kpi_shows_the_latest_month_against_target(programme: SimpleNamespace) -> None:
    """The example's identification indicator reports FLS Database KPI 2 (target 80%); its counts are in indicators.yaml."""
    content = yaml.safe_load((programme.root / "wyvern" / "content" / "indicators.yaml").read_text(encoding="utf-8"))
    latest = next(i for i in content["indicators"] if i["id"] == "identification")["values"][-1]
    year, number = latest["month"].split("-")
    names = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
             "November", "December"]
    row = _row(_rows(programme.page.read_text(encoding="utf-8"))["KPI 2: Patients identified"],
               "Wyvern Valley Fracture Liaison Service")
    assert row[1:4] == [f"{names[int(number) - 1]} {year}",
                        f"{round(100 * latest['numerator'] / latest['denominator'])}%", "80%"]


def test_a_second_run_rebuilds_nothing(programme: SimpleNamespace) -> None:
    out = programme.second.output
    assert programme.second.exit_code == 1  # the broken project is still broken
    assert "wyvern: up to date" in out and "test-valley: up to date" in out
    assert "programme page build/programme/index.html up to date" in out
    assert programme.page.stat().st_mtime_ns == programme.before["page"]
    for name, manifest in programme.before["manifests"].items():
        assert (programme.root / name / "build" / ".manifest.json").read_bytes() == manifest


def test_a_folder_without_projects_is_refused(tmp_path: Path) -> None:
    result = run("programme", tmp_path)
    assert result.exit_code == 1
    assert f"{tmp_path} holds no project folders" in result.output


def _phase(number: int, name: str, done: int, tasks: int) -> SimpleNamespace:
    return SimpleNamespace(phase=SimpleNamespace(number=number, name=name), complete=done, tasks=(None,) * tasks)


def test_the_stage_is_the_first_numbered_phase_with_work_left() -> None:
    manage = _phase(0, "Manage and lead", 0, 3)  # runs throughout, so never the stage
    progress = SimpleNamespace(phases=(manage, _phase(2, "Define and scope", 1, 4), _phase(1, "Start out", 5, 5),
                                       _phase(3, "Measure and understand", 0, 0)))
    assert current_stage(progress) == Stage(2, "Define and scope", 1, 4)
    finished = SimpleNamespace(phases=(manage, _phase(1, "Start out", 5, 5), _phase(2, "Define and scope", 4, 4)))
    assert current_stage(finished) is None

