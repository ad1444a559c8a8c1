"""The highlight report's ratings and lists, from a plan built by hand."""

from datetime import date

from fls_docs import data
from fls_docs.calc.highlight import highlight, month_window
from fls_docs.calc.progress import calculate_progress
from fls_docs.calc.risks import grade_risks
from fls_docs.model.project import Issue, Outcome, Person, Phase, Plan, Risk, Task

PM = Person("pm", "Pat Morgan", "Project manager")
ON = date(2026, 11, 26)


def _task(tid: str, start: date, due: date, status: str, milestone: bool = False) -> Task:
    return Task(tid, f"Task {tid}", "p1", PM, start, due, status, milestone=milestone)


def _plan(*tasks: Task) -> Plan:
    return Plan((Phase("p1", 1, "Start out", "Begin", (Outcome("o", "Done", (tasks[0].id,)),), tasks),))


def _issue(iid: str, priority: str, status: str = "open") -> Issue:
    return Issue(iid, date(2026, 10, 1), "Something", "", priority, PM, "Act", None, status, None)


def _risks(*scores: tuple[int, int]) -> tuple:
    return grade_risks(tuple(Risk(f"r{i}", "R", lk, cq, PM, "m") for i, (lk, cq) in enumerate(scores)),
                       data.load("risk_matrix"))


def test_the_month_runs_from_its_first_day_to_the_build_date_and_next_month_is_whole() -> None:
    assert month_window(ON) == (date(2026, 11, 1), ON, date(2026, 12, 1), date(2026, 12, 31))
    assert month_window(date(2026, 12, 3))[2:] == (date(2027, 1, 1), date(2027, 1, 31))


def test_done_next_and_late_are_picked_by_their_dates() -> None:
    plan = _plan(
        _task("1.1", date(2026, 9, 1), date(2026, 10, 30), "complete"),  # done last month: not this month's news
        _task("1.2", date(2026, 10, 1), date(2026, 11, 10), "complete"),  # done this month
        _task("1.3", date(2026, 11, 1), date(2027, 1, 15), "complete"),  # finished early: counts as done
        _task("1.4", date(2026, 10, 1), date(2026, 11, 20), "on track"),  # past due: late
        _task("1.5", date(2026, 12, 5), date(2027, 2, 1), "not started"),  # starts next month
        _task("1.6", date(2027, 1, 4), date(2027, 3, 1), "not started"),  # starts after next month
    )
    report = highlight(calculate_progress(plan, ON), (), (), [], ON)
    assert [s.task.id for s in report.done] == ["1.2", "1.3"]
    assert [s.task.id for s in report.late] == ["1.4"]
    assert [s.task.id for s in report.next] == ["1.5"]  # 1.4 is late, and due before next month
    assert [(p.complete, p.total, p.late) for p in report.phases] == [(3, 6, 1)]


def test_a_late_milestone_makes_the_schedule_red_and_a_late_task_amber() -> None:
    late_milestone = _plan(_task("1.1", date(2026, 10, 1), date(2026, 11, 2), "on track", milestone=True))
    late_task = _plan(_task("1.1", date(2026, 10, 1), date(2026, 11, 2), "on track"))
    on_time = _plan(_task("1.1", date(2026, 10, 1), date(2026, 12, 2), "on track", milestone=True))
    ratings = [highlight(calculate_progress(p, ON), (), (), [], ON).ratings[0] for p in (late_milestone, late_task, on_time)]
    assert [(r.area, r.rating) for r in ratings] == [("Schedule", "Red"), ("Schedule", "Amber"), ("Schedule", "Green")]
    assert ratings[0].reason == "1 milestone late, 1 task late in all."


def test_risk_issue_and_indicator_ratings_and_the_overall_rating_is_the_worst() -> None:
    plan = _plan(_task("1.1", date(2026, 10, 1), date(2026, 12, 2), "on track"))
    progress = calculate_progress(plan, ON)
    # Scores 16, 12 and 4: one red-level risk; two go to the board.
    report = highlight(progress, _risks((4, 4), (3, 4), (2, 2)), (_issue("i1", "low"),), ["Met", "Close"], ON)
    rated = {r.area: r.rating for r in report.ratings}
    assert rated == {"Schedule": "Green", "Risks": "Red", "Issues": "Amber", "Indicators": "Amber"}
    assert report.overall == "Red"
    assert [r.score for r in report.risks] == [16, 12]
    calm = highlight(progress, _risks((2, 3)), (_issue("i1", "high", "closed"),), ["Met", "No data"], ON)
    assert {r.area: r.rating for r in calm.ratings} == {"Schedule": "Green", "Risks": "Green", "Issues": "Green",
                                                        "Indicators": "Green"}
    assert calm.overall == "Green" and calm.issues == ()


def test_a_missed_target_makes_indicators_red_and_no_targets_means_no_rating() -> None:
    plan = _plan(_task("1.1", date(2026, 10, 1), date(2026, 12, 2), "on track"))
    progress = calculate_progress(plan, ON)
    missed = highlight(progress, (), (), ["Met", "Not met"], ON)
    assert missed.ratings[-1].rating == "Red" and missed.overall == "Red"
    assert missed.ratings[-1].reason == "1 of 2 indicators met their target in the latest month; 0 close, 1 not met."
    assert "Indicators" not in {r.area for r in highlight(progress, (), (), ["No data"], ON).ratings}


def test_open_issues_come_high_priority_first() -> None:
    plan = _plan(_task("1.1", date(2026, 10, 1), date(2026, 12, 2), "on track"))
    issues = (_issue("i1", "low"), _issue("i2", "high"), _issue("i3", "medium"), _issue("i4", "high", "closed"))
    report = highlight(calculate_progress(plan, ON), (), issues, [], ON)
    assert [i.id for i in report.issues] == ["i2", "i3", "i1"]
    assert report.ratings[2].rating == "Red"
