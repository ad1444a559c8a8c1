from pathlib import Path

import pytest

from fls_docs.diagnostics import Severity
from fls_docs.model.validate import check_project
from tests.conftest import copy_project, edit, run


def _problems(root: Path) -> list[str]:
    """Every problem except the placeholder warnings the minimal project always has (tested in test_placeholders),
    and the warnings that its files have no schema_version (tested in test_migrate)."""
    return [d.format() for d in check_project(root).diagnostics if "shows" not in d.message
            and "no schema_version" not in d.message]


def test_due_before_start_is_an_error(tmp_path: Path) -> None:
    root = copy_project(tmp_path, "minimal")
    edit(root / "content" / "plan.yaml", "        due: 2026-03-27", "        due: 2026-02-27")
    assert _problems(root) == [
        'content/plan.yaml:28:14: task 2.1 "Map the pathway", due: the due date 2026-02-27 is before the start date 2026-03-02 '
        "(move the due date later or the start date earlier)"
    ]


def test_references_to_missing_tasks_and_people_are_errors(tmp_path: Path) -> None:
    root = copy_project(tmp_path, "minimal")
    edit(root / "content" / "brief.yaml", "owner: pm", "owner: nobody")
    edit(root / "content" / "plan.yaml", 'delivered_by: ["1.1"]', 'delivered_by: ["9.9"]')
    out = _problems(root)
    assert 'content/brief.yaml:16:12: risks[0].owner: "nobody" is not a member of the project team, so cannot be a risk owner' in out[0]
    assert 'content/plan.yaml:6:24: phases[0].outcomes[0].delivered_by[0]: there is no task with the id "9.9"' in out[1]


def test_a_reference_to_nothing_is_located_and_a_near_miss_suggested(tmp_path: Path) -> None:
    root = copy_project(tmp_path, "minimal")
    edit(root / "content" / "brief.yaml", "background: Patients are missed after fractures.",
         "background: We start in [[task.1.1.mnth]] with [[nothing]], and keep {{ braces }} as written.")
    out = _problems(root)
    assert out[0] == ('content/brief.yaml:1:13: background: "[[nothing]]" does not name anything the content holds '
                      "(references look like [[decision.month]], [[task.4.6.due]], [[commissioner]] or "
                      "[[fact.pilot_length]]; keep other facts under facts: in project.yaml)")
    assert out[1] == ('content/brief.yaml:1:13: background: "[[task.1.1.mnth]]" does not name anything the content '
                      "holds (did you mean [[task.1.1.month]]?)")


def test_references_print_the_fact_and_braces_print_as_written(tmp_path: Path) -> None:
    from fls_docs.model.validate import load_project

    root = copy_project(tmp_path, "minimal")
    edit(root / "content" / "brief.yaml", "background: Patients are missed after fractures.",
         "background: Due [[task.1.1.due]] ([[task.1.1.month]]), for [[organisation]]; {{ braces }} stay.")
    project, _ = load_project(root)
    assert project.brief.background[0].startswith("Due 30 January 2026 (January 2026), for ")
    assert project.brief.background[0].endswith("; {{ braces }} stay.")


def test_a_milestone_date_typed_by_hand_is_a_warning(tmp_path: Path) -> None:
    root = copy_project(tmp_path, "minimal")
    edit(root / "content" / "brief.yaml", "background: Patients are missed after fractures.",
         "background: We decide on 27 February 2026.")
    out = run("validate", root).output
    assert ('content/brief.yaml:1:13: warning: background: types "27 February 2026", a date the content holds as data '
            "(write [[task.1.2.due]] instead, so every document keeps in step)") in out


def test_duplicate_ids_are_errors(tmp_path: Path) -> None:
    root = copy_project(tmp_path, "minimal")
    edit(root / "content" / "plan.yaml", '      - id: "2.1"', '      - id: "1.2"')
    edit(root / "content" / "project.yaml", "  - id: lead", "  - id: pm")
    out = _problems(root)
    assert any('plan.yaml:24:13: task 1.2 "Map the pathway", id: the task id "1.2" is already used on line 14' in line for line in out)
    assert any('project.yaml:21:9: team[1].id: the id "pm" is already used on line 18' in line for line in out)


def test_more_people_aged_50_plus_than_the_whole_catchment(tmp_path: Path) -> None:
    root = copy_project(tmp_path, "minimal")
    edit(root / "content" / "project.yaml", "total_population: 1000", "total_population: 250")
    assert _problems(root) == [
        "content/project.yaml:11:21: catchment.total_population: the catchment's total population (250) is smaller "
        "than the 300 people aged 50 and over listed under population (check both figures come from the same area and year)"
    ]


def test_usual_care_cannot_beat_the_service(tmp_path: Path) -> None:
    # Usual care treats 1 x 1 x 0.74 x 1 = 74% of all patients; the service starts treatment for only
    # 0.80 x 0.74 x 0.60 = 35.5% of the patients it finds (the shipped achieved-performance defaults).
    root = copy_project(tmp_path, "minimal")
    (root / "content" / "calculator.yaml").write_text(
        (root / "content" / "calculator.yaml").read_text()
        + "cascade:\n  usual_care:\n    identified: 1.0\n    assessed: 1.0\n    started: 1.0\n")
    assert _problems(root) == [
        "content/calculator.yaml:11:3: cascade: with the service, 35.5% of the patients the service finds start "
        "treatment, fewer than the 74.0% of all patients who start it under usual care (the service should treat at "
        "least as large a share as usual care; check the assessed, recommended and started shares of both)"]


def test_a_dependency_due_after_its_dependant_is_only_a_warning(tmp_path: Path) -> None:
    root = copy_project(tmp_path, "minimal")
    edit(root / "content" / "plan.yaml", "        due: 2026-01-30", "        due: 2026-02-28")
    checked = check_project(root)
    assert checked.ok
    found = [d for d in checked.diagnostics if "shows" not in d.message and "no schema_version" not in d.message]
    assert [d.severity for d in found] == [Severity.WARNING]
    assert found[0].format() == ('content/plan.yaml:21:22: warning: task 1.2 "Agree the brief", depends_on[0]: task 1.1 '
                                '"Form the team" is due on 2026-02-28, after this task is due (2026-02-27) (a task '
                                'cannot finish before the tasks it depends on)')


def test_a_missing_file_is_reported(tmp_path: Path) -> None:
    root = copy_project(tmp_path, "minimal")
    (root / "content" / "plan.yaml").unlink()  # required; the brief is not (its document becomes placeholders)
    out = _problems(root)
    assert any(line.startswith("content/plan.yaml: the file is missing") for line in out)


def test_a_phase_or_staffing_model_listed_twice_is_an_error(tmp_path: Path) -> None:
    root = copy_project(tmp_path, "minimal")
    edit(root / "content" / "plan.yaml", "  - phase: define-and-scope", "  - phase: start-out")
    calc = root / "content" / "calculator.yaml"
    calc.write_text(calc.read_text() + "  - id: nurse\n    name: Again\n    posts:\n      - {role: Nurse, band: \"7\", wte: 1}\n")
    out = _problems(root)
    assert 'content/calculator.yaml:10:9: staffing_models[1].id: the staffing model id "nurse" is already used on line 2' in out[0]
    assert 'content/plan.yaml:22:12: phases[1].phase: the phase "start-out" appears more than once' in out[1]


def test_a_staffing_model_cannot_do_worse_than_usual_care(tmp_path: Path) -> None:
    # 0.2 x 0.74 x 0.60 = 8.9% of the patients it finds, against usual care's 0.45 x 0.80 x 0.74 x 0.725 = 19.3%.
    root = copy_project(tmp_path, "minimal")
    calc = root / "content" / "calculator.yaml"
    calc.write_text(calc.read_text().replace("    preferred: true\n", "    preferred: true\n    cascade:\n      assessed: 0.2\n"))
    assert _problems(root) == [
        'content/calculator.yaml:6:7: staffing_models[0].cascade: in the "nurse" model, 8.9% of the patients the '
        "service finds start treatment, fewer than the 19.3% of all patients who start it under usual care (the "
        "service should treat at least as large a share as usual care; check the assessed, recommended and started "
        "shares of both)"]


def test_validate_warns_when_a_model_funds_far_more_staff_than_its_caseload_needs() -> None:
    out = run("validate", Path("tests/fixtures/minimal").resolve())
    assert out.exit_code == 0
    assert ('content/calculator.yaml:6:7: warning: staffing_models[0].posts: the "nurse" model funds 1.00 whole-time '
            "equivalent clinical staff") in out.output
    assert "more than the 90% to 125% expected" in out.output


def test_the_example_is_staffed_within_the_range_its_caseload_needs() -> None:
    out = run("validate", Path(".").resolve())
    assert out.exit_code == 0
    assert "staffing_models" not in out.output


# ---- rules read data the schema has already rejected, and never crash on it ----

def _checked_without_crash(root: Path) -> list[str]:
    return [d.format() for d in check_project(root).diagnostics]


def test_depends_on_that_is_not_a_list_is_left_to_the_schema(tmp_path: Path) -> None:
    root = copy_project(tmp_path, "minimal")
    edit(root / "content" / "plan.yaml", 'depends_on: ["1.1"]', "depends_on: 5")
    assert _problems(root) == ['content/plan.yaml:21:21: task 1.2 "Agree the brief", depends_on: 5 should be a list']


@pytest.mark.parametrize("old, new", [
    ('depends_on: ["1.2"]', "depends_on: {a: 1}"),
    ('delivered_by: ["1.1"]', "delivered_by: 1.1"),
    ("authors: [pm]", "authors: 7"),
    ("authors: [pm]", "authors: pm"),
])
def test_any_wrong_type_in_a_referenced_field_is_tolerated(tmp_path: Path, old: str, new: str) -> None:
    root = copy_project(tmp_path, "minimal")
    for name in ("plan.yaml", "project.yaml"):
        if old in (root / "content" / name).read_text():
            edit(root / "content" / name, old, new)
    out = _problems(root)
    assert len(out) == 1 and "should be a list" in out[0]


@pytest.mark.parametrize("cascade, problem", [
    ("    cascade: most of them\n", 'cascade: "most of them" should be a block of fields'),
    ("    cascade: [0.5]\n", "cascade: a list should be a block of fields"),
    ("    cascade:\n      asessed: 0.2\n", 'cascade.asessed: unknown field "asessed" (did you mean "assessed"?)'),
    ("    cascade:\n      assessed: high\n", 'cascade.assessed: "high" should be a number'),
    ("    cascade:\n      assessed: .nan\n", 'cascade.assessed: .nan ("not a number") cannot be used as a number'),
])
def test_a_staffing_models_cascade_of_the_wrong_shape_is_left_to_the_schema(tmp_path: Path, cascade: str,
                                                                               problem: str) -> None:
    root = copy_project(tmp_path, "minimal")
    calc = root / "content" / "calculator.yaml"
    calc.write_text(calc.read_text().replace("    preferred: true\n", "    preferred: true\n" + cascade))
    out = _problems(root)
    assert len(out) == 1 and f"staffing_models[0].{problem}" in out[0], out


def _chain(length: int, loop: bool) -> str:
    """A plan whose tasks each wait for the one before, the first waiting for the last if ``loop``."""
    tasks = "".join(
        f'      - id: "{i}"\n        title: Step {i}\n        lead: pm\n        start: 2026-01-05\n        due: 2026-01-30\n'
        f"        status: not started\n"
        + (f'        depends_on: ["{i - 1}"]\n' if i > 1 else ('        depends_on: ["%d"]\n' % length if loop else ""))
        for i in range(1, length + 1))
    return "phases:\n  - phase: start-out\n    tasks:\n" + tasks


def test_a_thousand_task_dependency_chain_is_checked_without_recursion(tmp_path: Path) -> None:
    root = copy_project(tmp_path, "minimal")
    (root / "content" / "plan.yaml").write_text(_chain(1000, loop=False))
    assert _problems(root) == []
    (root / "content" / "plan.yaml").write_text(_chain(1000, loop=True))
    out = _problems(root)
    assert len(out) == 1
    assert out == ['content/plan.yaml:10:21: task 1 "Step 1", depends_on: these tasks depend on each other in a '
                   'circle: "1" → "1000" → "999" → "998" → "997" → "996" → … (991 more) … → "4" → "3" → "2" → "1" '
                   "(remove one of the dependencies so that one task can go first)"]


def test_a_plan_longer_than_the_timeline_sheet_can_hold_is_reported(tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    # Dates from 1990 to 2100 span fewer weeks than a sheet has columns, so the limit is lowered to show the rule.
    from fls_docs.model import rules

    root = copy_project(tmp_path, "minimal")
    assert rules.MAX_TIMELINE_WEEKS == 16_384 - 5
    monkeypatch.setattr(rules, "MAX_TIMELINE_WEEKS", 10)
    assert _problems(root) == [
        'content/plan.yaml:28:14: task 2.1 "Map the pathway", due: the tasks run from 2026-01-05 to 2026-03-27, 12 weeks, '
        "more than the 10 weeks the plan workbook's timeline can show (check the years of the earliest start and "
        "the latest due date)"]


def test_out_of_range_dates_are_not_compared(tmp_path: Path) -> None:
    root = copy_project(tmp_path, "minimal")
    edit(root / "content" / "plan.yaml", "        due: 2026-03-27", "        due: 1900-03-27")
    assert _problems(root) == [
        'content/plan.yaml:28:14: task 2.1 "Map the pathway", due: "1900-03-27" is outside the dates fls-docs accepts, '
        "1990-01-01 to 2100-12-31 (check the year)"]


def _plan(*phases: tuple[str, list[tuple[str, str]]]) -> str:
    """A plan.yaml text: each phase with its (id, depends_on) tasks."""
    text = "phases:\n"
    for phase, tasks in phases:
        text += f"  - phase: {phase}\n    tasks:\n"
        for tid, dep in tasks:
            text += (f'      - id: "{tid}"\n        title: Task {tid}\n        lead: pm\n        start: 2026-01-05\n'
                     f"        due: 2026-01-30\n        status: not started\n")
            text += f'        depends_on: ["{dep}"]\n' if dep else ""
    return text


def test_a_task_id_typo_suggests_the_nearest_number_in_the_same_phase(tmp_path: Path) -> None:
    # By spelling, "2.12" is nearest "2.1"; as numbers in phase 2 it is nearest 2.11, and "1.12" is another phase.
    root = copy_project(tmp_path, "minimal")
    (root / "content" / "plan.yaml").write_text(_plan(
        ("start-out", [("1.1", ""), ("1.2", ""), ("1.12", "")]),
        ("define-and-scope", [("2.1", ""), ("2.2", "2.12"), ("2.11", "")])))
    assert _problems(root) == [
        'content/plan.yaml:36:22: task 2.2 "Task 2.2", depends_on[0]: there is no task with the id "2.12", so it cannot '
        'be a dependency (did you mean "2.11"? The task ids starting "2." are 2.1, 2.2 and 2.11)']


@pytest.mark.parametrize("ref, ids, expected", [
    ("3.12", ["3.1", "3.2", "3.11"], '"3.11"'),  # not "3.1", which only looks alike
    ("3.10", ["3.1", "3.2", "3.9"], '"3.9"'),  # task ten is next to task nine, not task one
    ("3.4", ["3.3", "3.5"], '"3.3"'),  # a tie goes to the lower number
    ("3.12", ["2.12", "3.1"], '"3.1"'),  # the same phase first, even when another phase has the same number
    ("7.2", ["1.2", "6.1", "6.2"], '"6.2"'),  # no phase 7: the nearest phase, then the nearest number
    ("pilot-plan", ["pilot-plans", "3.1"], '"pilot-plans"'),  # words are compared by spelling
])
def test_task_id_suggestions_compare_numbers_as_numbers(ref: str, ids: list[str], expected: str) -> None:
    from fls_docs.model.task_ids import suggest_task_id

    assert suggest_task_id(ref, ids).startswith(f"did you mean {expected}?")


def test_a_word_is_matched_in_its_own_phase_first() -> None:
    from fls_docs.model.task_ids import suggest_task_id

    assert suggest_task_id("agree-case", ["agree-cost", "agree-cases"], nearby=["agree-cost"]) == 'did you mean "agree-cost"?'
    assert suggest_task_id("agree-case", ["agree-cost", "agree-cases"]) == 'did you mean "agree-cases"?'


def test_a_task_is_named_by_its_id_and_title_shortened_when_long() -> None:
    from fls_docs.model.task_ids import field_name

    data = {"phases": [{"tasks": [{"id": "2.3", "title": "Agree the data to collect"},
                                  {"id": "2.4", "title": "Agree " + "very " * 20 + "long"}, {"title": "No id"}]}]}
    assert field_name(data, ("phases", 0, "tasks", 0, "raci", "consulted", 1)) == \
        'task 2.3 "Agree the data to collect", raci.consulted[1]'
    assert field_name(data, ("phases", 0, "tasks", 1)) == 'task 2.4 "Agree very very very very very very very very…"'
    assert field_name(data, ("phases", 0, "tasks", 2, "id")) == "phases[0].tasks[2].id"
