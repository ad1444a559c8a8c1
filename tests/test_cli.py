"""The command line: validation reports, exit codes, and builds that never damage earlier output."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO, copy_project, run

BROKEN = {
    "bad-date": ['content/plan.yaml:12:14: task 1.1 "Form the team", due: "2026-13-01" is not a valid date (use YYYY-MM-DD'],
    "unknown-key": [
        'content/plan.yaml:14:9: task 1.1 "Form the team", stauts: unknown field "stauts" (did you mean "status"?)',
        'content/project.yaml:9:3: organisation.natoin: unknown field "natoin" (did you mean "nation"?)',
    ],
    "syntax-error": ["content/brief.yaml:3:11: YAML syntax error: did not find expected ',' or ']'"],
    "duplicate-key": ['content/project.yaml:6:3: project.name: the key "name" appears twice in the same block (first on line 3)'],
    "missing-lead": ['content/plan.yaml:16:15: task 1.2 "Agree the brief", lead: "leed" is not a member of the project team'],
    "dependency-cycle": ['content/plan.yaml:14:21: task 1.1 "Form the team", depends_on: these tasks depend on each other in a circle: "1.1" → "2.1" → "1.2" → "1.1"'],
}


def _snapshot(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_validate_reports_every_problem_with_its_place(tmp_path: Path, case: str) -> None:
    root = copy_project(tmp_path, "minimal", overlay=case)
    result = run("validate", root)
    assert result.exit_code == 1
    for expected in BROKEN[case]:
        assert expected in result.output
    errors = [line for line in result.output.splitlines() if line.startswith("content/") and "warning:" not in line]
    assert len(errors) == len(BROKEN[case])


def test_a_clean_project_validates(tmp_path: Path) -> None:
    result = run("validate", copy_project(tmp_path, "minimal"))
    assert result.exit_code == 0, result.output
    assert "content is valid" in result.output


def test_the_shipped_example_validates_without_warnings(tmp_path: Path) -> None:
    result = run("validate", copy_project(tmp_path))
    assert result.exit_code == 0
    assert "warning" not in result.output


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_a_failed_build_leaves_earlier_output_untouched(tmp_path: Path, case: str) -> None:
    root = copy_project(tmp_path, "minimal")
    assert run("build", "--quiet", root).exit_code == 0
    before = _snapshot(root / "build")
    assert before, "the good build wrote nothing"
    for file in (REPO / "tests" / "fixtures" / "broken" / case).iterdir():
        (root / "content" / file.name).write_bytes(file.read_bytes())
    result = run("build", root)
    assert result.exit_code == 1
    assert "build/ is unchanged" in result.output
    assert _snapshot(root / "build") == before


def test_a_site_failure_also_leaves_earlier_output_untouched(tmp_path: Path) -> None:
    root = copy_project(tmp_path, "minimal")
    assert run("build", "--quiet", root).exit_code == 0
    before = _snapshot(root / "build")
    # A broken mkdocs.yml makes the last step fail, after the documents were rendered.
    (root / "mkdocs.yml").write_text((root / "mkdocs.yml").read_text() + "\ntheme:\n  name: no-such-theme\n")
    result = run("build", root)
    assert result.exit_code == 1
    assert _snapshot(root / "build") == before
    assert not list((root / "build").glob(".staging-*"))


def test_init_creates_a_project_that_builds(tmp_path: Path) -> None:
    target = tmp_path / "new-fls"
    result = run("init", target)
    assert result.exit_code == 0, result.output
    for name in ("content/project.yaml", "content/plan.yaml", "content/brief.yaml", "content/calculator.yaml",
                 "schemas/plan.schema.json", "mkdocs.yml", "Makefile", ".gitignore"):
        assert (target / name).is_file(), name
    # The editor hint at the top of each content file resolves inside the new project.
    first = (target / "content" / "plan.yaml").read_text().splitlines()[0]
    assert first == "# yaml-language-server: $schema=../schemas/plan.schema.json"
    assert (target / "content" / first.split("=", 1)[1]).resolve().is_file()
    built = run("build", "--quiet", target)
    assert built.exit_code == 0, built.output
    assert (target / "build" / "docs" / "project-initiation-document.docx").is_file()
    assert (target / "build" / "site" / "index.html").is_file()


def test_init_refuses_to_overwrite_a_project(tmp_path: Path) -> None:
    target = tmp_path / "existing"
    (target / "content").mkdir(parents=True)
    (target / "content" / "keep.yaml").write_text("mine: true\n")
    result = run("init", target)
    assert result.exit_code != 0
    assert "already has content" in result.output
    assert (target / "content" / "keep.yaml").read_text() == "mine: true\n"


def test_commands_refuse_a_folder_that_is_not_a_project(tmp_path: Path) -> None:
    result = run("build", tmp_path)
    assert result.exit_code != 0
    assert "not an fls-docs project" in result.output


def test_calc_prints_a_table_and_full_json(tmp_path: Path) -> None:
    root = copy_project(tmp_path)
    table = run("calc", root)
    assert table.exit_code == 0
    for heading in ("Fragility fractures expected each year", "Care cascade", "Economic evaluation: 5 years of patients",
                    "Perspective: NHS and personal social services", "Budget impact", "Staff the caseload needs",
                    "Inputs that move the net benefit"):
        assert heading in table.output
    assert "cascade.usual_care.assessed = 55%" in table.output  # the example overrides this default
    assert "Uncertainty" not in table.output  # only with --samples

    results = json.loads(run("calc", "--json", root).output)
    inputs = {p["key"]: p for p in results["inputs"]}
    assert inputs["cascade.usual_care.assessed"] == {
        "key": "cascade.usual_care.assessed", "label": inputs["cascade.usual_care.assessed"]["label"],
        "value": 0.55, "source": "Local figure supplied by the project team", "overridden": True,
        "low": pytest.approx(0.55 - 0.2), "high": pytest.approx(0.55 + 0.1), "distribution": "beta",
    }
    assert all(p["source"] for p in inputs.values())
    assert "cascade.usual_care.assessed" in results["overridden"]
    nurse = next(o for o in results["options"] if o["id"] == "nurse-led")
    evaluation = nurse["economic_evaluation"]
    for key in ("qalys_gained", "life_years_gained", "deaths_avoided", "cost_per_qaly", "net_present_social_value",
                "fractures_prevented", "costs", "verdict"):
        assert key in evaluation
    assert evaluation["qalys_gained"] > 0 and evaluation["deaths_avoided"] > 0
    budget = nurse["budget_impact"]
    assert [year["financial_year"] for year in budget] == ["2027/28", "2028/29", "2029/30", "2030/31", "2031/32"]
    assert set(budget[0]["by_payer"]) == {"provider", "commissioner", "local_authority"}
    assert results["perspective"]["key"] == "nhs_pss" and results["price_year"] == "2024/25"
    inflated = results["inflation"]["inflated"]
    assert inflated and all(i["factor"] > 0 and i["from_year"] for i in inflated)
    assert results["inflation"]["index"].startswith("NHS Cost Inflation Index")
    by_age = results["expected_fractures_per_year"]["by_sex_age_site"]
    assert {"humerus", "pelvis"} <= set(by_age["female"]["80-84"])
    assert by_age["female"]["85-89"]["hip"] > by_age["female"]["55-59"]["hip"]
    assert results["sensitivity"]["one_way"] and "probabilistic" not in results


def test_calc_runs_one_cohort_and_a_published_scenario(tmp_path: Path) -> None:
    root = copy_project(tmp_path)
    cohort = json.loads(run("calc", "--json", "--cohort", "1000", root).output)
    assert cohort["expected_fractures_per_year"]["total"] == pytest.approx(1000)
    scenario = Path("benchmarks/published/mclellan2011.yaml").resolve()
    out = json.loads(run("calc", "--json", "--scenario", str(scenario), root).output)
    assert out["horizon_years"] == 10 and [o["id"] for o in out["options"]] == ["glasgow"]


def test_calc_samples_adds_a_reproducible_probabilistic_run(tmp_path: Path) -> None:
    root = copy_project(tmp_path)
    first = json.loads(run("calc", "--json", "--samples", "2000", root).output)["probabilistic"]
    again = json.loads(run("calc", "--json", "--samples", "2000", root).output)["probabilistic"]
    assert first == again and first["samples"] == 2000
    assert {m["id"] for m in first["models"]} == {"minimum", "nurse-led"}
    table = run("calc", "--samples", "2000", root).output
    assert "Uncertainty: 2,000 samples" in table and "Cost-effective at £20,000" in table
    nurse = next(m for m in first["models"] if m["id"] == "nurse-led")
    curve = nurse["acceptability_curve"]
    assert curve[0]["threshold"] == 0 and curve[-1]["threshold"] == 100_000
    assert nurse["probability_cost_effective"]["20000"] == next(c["probability"] for c in curve if c["threshold"] == 20_000)


@pytest.mark.parametrize("command", ["validate", "build", "calc", "init"])
def test_every_command_has_help(command: str) -> None:
    result = subprocess.run([sys.executable, "-m", "fls_docs", command, "--help"], capture_output=True, text=True)
    assert result.returncode == 0
    assert "Usage:" in result.stdout


def test_a_broken_template_override_is_reported_and_changes_nothing(tmp_path: Path) -> None:
    root = copy_project(tmp_path, "minimal")
    assert run("build", "--quiet", root).exit_code == 0
    before = _snapshot(root / "build")
    (root / "templates" / "site").mkdir(parents=True)
    (root / "templates" / "site" / "index.md.j2").write_text("# Home\n\n{{ project.info.nmae }}\n")
    result = run("build", root)
    assert result.exit_code == 1
    assert "Could not build site pages; build/ is unchanged." in result.output
    assert "nmae" in result.output
    assert _snapshot(root / "build") == before


def test_a_project_without_mkdocs_yml_gets_a_clear_error(tmp_path: Path) -> None:
    root = copy_project(tmp_path, "minimal")
    (root / "mkdocs.yml").unlink()
    result = run("build", root)
    assert result.exit_code == 1
    assert "mkdocs.yml: the file is missing" in result.output
    assert not (root / "build").exists()


def test_init_onto_a_file_is_a_message_not_a_traceback(tmp_path: Path) -> None:
    target = tmp_path / "taken"
    target.write_text("mine\n")
    result = run("init", target)
    assert result.exit_code == 1
    assert f"{target} is a file, not a folder (choose a new folder name for the project)" in result.output
    assert "Traceback" not in result.output and target.read_text() == "mine\n"


def test_a_pinned_date_that_is_not_a_date_is_a_message(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FLS_DOCS_TODAY", "garbage")
    result = run("validate", copy_project(tmp_path, "minimal"))
    assert result.exit_code == 1
    assert 'FLS_DOCS_TODAY is "garbage", which is not a date (set it as YYYY-MM-DD' in result.output
    monkeypatch.setenv("FLS_DOCS_TODAY", "9999-12-31")
    assert "outside the dates fls-docs accepts" in run("validate", tmp_path).output


def test_a_negative_seed_is_refused_by_the_option(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from fls_docs.cli import main

    result = CliRunner().invoke(main, ["calc", "--samples", "100", "--seed", "-1", str(copy_project(tmp_path, "minimal"))])
    assert result.exit_code == 2 and "Invalid value for '--seed'" in result.output


def test_serving_on_a_busy_port_is_a_message(tmp_path: Path) -> None:
    import socket

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = run("serve", "--port", str(port), copy_project(tmp_path, "minimal"))
    assert result.exit_code == 1
    assert f"cannot serve on 127.0.0.1:{port}" in result.output and "Traceback" not in result.output


def test_a_fault_inside_fls_docs_is_reported_without_a_traceback(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import fls_docs.calc.results as results

    def broken(*args, **kwargs):
        raise RuntimeError("deliberate")

    monkeypatch.setattr(results, "calculate", broken)
    root = copy_project(tmp_path, "minimal")
    result = run("calc", root)
    assert result.exit_code == 2
    assert "something went wrong inside fls-docs (RuntimeError: deliberate)" in result.output
    assert "Traceback" not in result.output
    with pytest.raises(RuntimeError):
        run("--debug", "calc", root)


def test_a_command_run_inside_content_says_to_run_it_from_the_project_folder(tmp_path: Path,
                                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    root = copy_project(tmp_path / "our-fls", "minimal")
    monkeypatch.chdir(root / "content")
    result = run("validate", ".")
    assert result.exit_code == 1
    assert result.output == ("Error: this is the content folder; run fls-docs from the project folder, one level up: "
                             "cd .. && fls-docs validate .\n")
    (tmp_path / "plan.xlsx").write_bytes(b"")
    assert run("import-plan", "../../plan.xlsx").output.endswith("one level up: cd .. && fls-docs import-plan ../plan.xlsx .\n")
    monkeypatch.chdir(root)  # the content folder named from the project folder
    assert run("build", "content").output.endswith("one level up: fls-docs build .\n")


def test_a_good_build_prints_one_line_and_verbose_lists_the_warnings(tmp_path: Path) -> None:
    import re

    from fls_docs.model.validate import check_project

    root = copy_project(tmp_path, "minimal")
    expected = [d.format() for d in check_project(root).diagnostics]  # the content's warnings, as validate lists them
    assert expected and all(": warning: " in line for line in expected), "the minimal project has placeholders"
    result = run("build", root)
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert len(lines) == 1, result.output
    assert re.fullmatch(rf"Built \d+ outputs in \d+\.\d s: {len(expected)} warnings \(fls-docs build --verbose lists "
                        r"them\)(; \d+ plain-English points? \(fls-docs check lists them\))?\.", lines[0]), lines[0]
    verbose = run("build", "--verbose", root)  # nothing changed, but the warnings are still listed
    assert verbose.output.splitlines() == expected + [
        f"Nothing changed; build/ is up to date: {len(expected)} warnings (listed above)."]
    explained = run("build", "--explain", root).output.splitlines()
    assert explained[0] == "calculator-results.json: skipped (up to date)"
    assert explained[-1] == f"Nothing changed; build/ is up to date: {len(expected)} warnings (fls-docs build --verbose lists them)."


@pytest.mark.parametrize("args, line", [
    ((9, 4.23, 3), "Built 9 outputs in 4.2 s: 3 warnings (fls-docs build --verbose lists them)."),
    ((1, 0.46, 1, 0, True), "Built 1 output in 0.5 s: 1 warning (listed above)."),
    ((17, 12.0, 0, 35), "Built 17 outputs in 12.0 s: no warnings; 35 plain-English points (fls-docs check lists them)."),
    ((0, 0.3, 0), "Nothing changed; build/ is up to date: no warnings."),
])
def test_the_build_summary_says_what_was_built_and_what_to_look_at(args: tuple, line: str) -> None:
    from fls_docs.cli import build_summary

    assert build_summary(*args) == line


def test_progress_on_a_terminal_is_one_line_erased_at_the_end_and_nothing_in_a_pipe() -> None:
    import io

    from fls_docs.progress import Progress

    for tty, expected in ((True, "\r\033[K[1/2] site\r\033[K"), (False, "")):
        stream = io.StringIO()
        progress = Progress(stream, tty=tty, transient=True)
        progress.plan(2)
        progress.finished("site")
        progress.finished("docs/business-case.docx")
        assert stream.getvalue() == expected
    stream = io.StringIO()
    progress = Progress(stream, tty=False)  # --verbose: a line per output
    progress.plan(1)
    progress.finished("site")
    assert stream.getvalue() == "[1/1] site\n"
