from datetime import date
from pathlib import Path

from fls_docs.calc.progress import calculate_progress
from fls_docs.model.validate import load_project
from tests.conftest import copy_project, edit


def _plan(tmp_path: Path):
    project, _ = load_project(copy_project(tmp_path, "minimal"))
    return project.plan


def test_counts_and_outcomes_on_a_given_day(tmp_path: Path) -> None:
    progress = calculate_progress(_plan(tmp_path), date(2026, 2, 10))
    assert progress.counts == {"not started": 1, "on track": 1, "at risk": 0, "late": 0, "complete": 1}
    assert progress.overdue == ()
    assert [s.task.id for s in progress.next_milestones] == ["1.2"]
    start_out = progress.phases[0]
    assert (start_out.complete, len(start_out.tasks)) == (1, 2)
    assert [o.achieved for o in start_out.outcomes] == [True]


def test_a_task_past_its_due_date_is_late(tmp_path: Path) -> None:
    progress = calculate_progress(_plan(tmp_path), date(2026, 2, 28))
    assert progress.counts["late"] == 1 and progress.counts["on track"] == 0
    assert [s.task.id for s in progress.overdue] == ["1.2"]
    # Complete tasks are never late, however old.
    assert progress.phases[0].tasks[0].status == "complete"


def test_an_outcome_is_achieved_only_when_all_its_tasks_are_complete(tmp_path: Path) -> None:
    root = copy_project(tmp_path, "minimal")
    edit(root / "content" / "plan.yaml", 'delivered_by: ["1.1"]', 'delivered_by: ["1.1", "1.2"]')
    project, _ = load_project(root)
    assert [o.achieved for o in calculate_progress(project.plan, date(2026, 2, 10)).phases[0].outcomes] == [False]
