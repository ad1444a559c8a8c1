"""`fls-docs diff`: what changed in the deliverables between two git revisions, on a real repository."""

from __future__ import annotations

import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest

from fls_docs.calc.results import calculate
from fls_docs.diff import word_summary
from fls_docs.model.validate import load_project
from tests.conftest import TODAY, copy_project, edit, run

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="needs git")


def git(root: Path, *args: str) -> str:
    return subprocess.run(["git", "-c", "user.name=Test", "-c", "user.email=test@example.org", *args], cwd=root,
                          capture_output=True, text=True, check=True).stdout


def _commit(root: Path, message: str) -> str:
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", message)
    return git(root, "rev-parse", "--short", "HEAD").strip()


def _change(content: Path) -> None:
    """The second commit: a task's status, a due date, a post's WTE and one sentence of the brief."""
    edit(content / "plan.yaml", 'due: 2026-02-27\n        status: on track', 'due: 2026-02-27\n        status: complete')
    edit(content / "plan.yaml", "due: 2026-03-27", "due: 2026-04-24")
    edit(content / "calculator.yaml", "wte: 1.0", "wte: 1.2")
    edit(content / "brief.yaml", "governance: The team reports to the board.",
         "governance: The team reports to the trust board every month.")


@pytest.fixture
def repo(tmp_path: Path) -> tuple[Path, str, str]:
    """The minimal project in git: a first commit, then a second with the changes above."""
    root = copy_project(tmp_path / "repo", "minimal")
    git(root, "init", "-q")
    first = _commit(root, "First version")
    _change(root / "content")
    return root, first, _commit(root, "Pilot changes")


def _money(value: float) -> str:
    return f"-£{-value:,.0f}" if value < 0 else f"£{value:,.0f}"


def _figures(root: Path, rev: str, into: Path) -> dict[str, str]:
    """The calculator's figures for the revision, worked out apart from diff: the content checked out and calculated."""
    into.mkdir()
    subprocess.run(f"git archive {rev} content | tar -x -C {into}", shell=True, cwd=root, check=True)
    project, _ = load_project(into)
    results = calculate(project, date.fromisoformat(TODAY), analyses=False)
    summary, model = results.summaries["nurse"], results.costs.preferred
    return {"staff cost a year": _money(model.staff), "service cost a year": _money(summary.service_cost),
            "net cost": _money(summary.net_cost), "cost per QALY": _money(summary.cost_per_qaly),
            "net present social value": _money(summary.npsv), "first year's ask": _money(results.budgets["nurse"][0].ask)}


def test_two_commits_give_each_change_with_old_and_new_values(repo: tuple[Path, str, str], tmp_path: Path) -> None:
    root, first, second = repo
    before, after = _figures(root, "HEAD~1", tmp_path / "a"), _figures(root, "HEAD", tmp_path / "b")
    derived = [f"  Nurse-led, {label}: {before[label]} -> {after[label]}" for label in before]
    result = run("diff", "-C", root)
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        f'What changed in Test Valley FLS between HEAD~1 ({first} "First version") and HEAD ({second} "Pilot changes")',
        "",
        "Figures",
        "  Nurse-led, Nurse (band 6): 1 WTE -> 1.2 WTE",
        "  Nurse-led, staff funded (WTE): 1 -> 1.2",
        *derived,
        "",
        "Dates",
        '  2.1 "Map the pathway", due: 27 March 2026 -> 24 April 2026',
        "",
        "Statuses",
        '  1.2 "Agree the brief": on track -> complete',
        "",
        "Text",
        '  Project initiation document, governance: "board." -> "trust board every month."',
    ]
    # Every derived figure really moved: more staff cost more, and nothing else in the model changed.
    assert all(before[label] != after[label] for label in before)


def test_the_markdown_page_holds_the_same_changes_as_tables(repo: tuple[Path, str, str], tmp_path: Path) -> None:
    root, first, second = repo
    page = tmp_path / "changes.md"
    assert run("diff", "HEAD~1", "HEAD", "-C", root, "--markdown", page).exit_code == 0
    text = page.read_text()
    assert text.startswith("# What changed in Test Valley FLS\n\n"
                           f'Between HEAD~1 \\({first} "First version"\\) and HEAD \\({second} "Pilot changes"\\).\n')
    for row in ("| Nurse\\-led, Nurse \\(band 6\\) | 1 WTE | 1\\.2 WTE |",
                '| 2\\.1 "Map the pathway", due | 27 March 2026 | 24 April 2026 |',
                '| 1\\.2 "Agree the brief" | on track | complete |',
                '| Project initiation document, governance | "board\\." → "trust board every month\\." |'):
        assert row in text.splitlines(), row
    for heading in ("## Figures", "## Dates", "## Statuses", "## Text"):
        assert heading in text.splitlines()


def test_uncommitted_changes_are_compared_with_the_last_commit(repo: tuple[Path, str, str]) -> None:
    root, _, second = repo
    plan = root / "content" / "plan.yaml"
    edit(plan, "title: Form the team", "title: Form the project team")
    edit(plan, '      - id: "2.1"\n        title: Map the pathway\n        lead: lead\n        start: 2026-03-02\n'
               '        due: 2026-04-24\n        status: not started\n        depends_on: ["1.2"]\n',
         '      - id: "2.2"\n        title: Hold an engagement event\n        lead: pm\n        start: 2026-04-06\n'
         '        due: 2026-05-29\n        status: not started\n')
    result = run("diff", "-C", root)
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        f'What changed in Test Valley FLS between HEAD ({second} "Pilot changes") and the working tree (files as they '
        "are now)",
        "",
        "Tasks",
        '  1.1 retitled: "Form the team" -> "Form the project team"',
        '  2.2 "Hold an engagement event": added (due 29 May 2026, not started)',
        '  2.1 "Map the pathway": removed',
    ]


def test_a_list_item_added_or_removed_is_one_change(repo: tuple[Path, str, str]) -> None:
    root, _, _ = repo
    edit(root / "content" / "brief.yaml", "  - id: r1\n    description: No funding.",
         "  - id: r2\n    description: Staff leave before the pilot starts.")
    result = run("diff", "-C", root)
    assert result.output.splitlines()[2:] == [
        "Text",
        '  Project initiation document, risks[r2]: added: "Staff leave before the pilot starts."',
        "  Project initiation document, risks[r1]: removed",
    ]


def test_one_revision_is_compared_with_the_files_as_they_are(repo: tuple[Path, str, str]) -> None:
    root, first, _ = repo
    result = run("diff", "HEAD~1", "-C", root)
    assert result.exit_code == 0
    assert result.output.splitlines()[0] == (f'What changed in Test Valley FLS between HEAD~1 ({first} "First version") '
                                             "and the working tree (files as they are now)")
    assert '  1.2 "Agree the brief": on track -> complete' in result.output.splitlines()


def test_diff_changes_nothing_in_the_project(repo: tuple[Path, str, str]) -> None:
    root, _, _ = repo
    files = {p: p.read_bytes() for p in (root / "content").iterdir()}
    assert run("diff", "-C", root).exit_code == 0
    assert {p: p.read_bytes() for p in (root / "content").iterdir()} == files
    assert git(root, "status", "--porcelain") == ""


def test_a_project_in_a_subfolder_of_its_repository(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "repo" / "fls", "minimal")
    git(root.parent, "init", "-q")
    _commit(root.parent, "First version")
    edit(root / "content" / "plan.yaml", "due: 2026-03-27", "due: 2026-04-24")
    _commit(root.parent, "Moved")
    result = run("diff", "-C", root)
    assert result.exit_code == 0, result.output
    assert '  2.1 "Map the pathway", due: 27 March 2026 -> 24 April 2026' in result.output.splitlines()


def test_no_change_says_so(repo: tuple[Path, str, str]) -> None:
    root, _, second = repo
    result = run("diff", "HEAD", "HEAD", "-C", root)
    assert result.output.splitlines() == [
        f'What changed in Test Valley FLS between HEAD ({second} "Pilot changes") and HEAD ({second} "Pilot changes")',
        "No changes to the deliverables."]


def test_a_folder_outside_git_is_a_message(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "loose", "minimal")
    result = run("diff", "-C", root)
    assert result.exit_code == 1
    assert (f"{root.resolve()} is not in a git repository, so there are no earlier versions to compare (run `git init` "
            "and commit the content; `fls-docs init` makes a project a repository)") in result.output


def test_an_unknown_revision_is_a_message(repo: tuple[Path, str, str]) -> None:
    root, _, _ = repo
    result = run("diff", "v9", "-C", root)
    assert result.exit_code == 1
    assert ('"v9" is not a revision of this repository (give a commit, branch or tag, such as HEAD~1; '
            "`git log --oneline` lists the commits)") in result.output


def test_a_revision_that_looks_like_an_option_never_reaches_git_as_one(repo: tuple[Path, str, str]) -> None:
    root, _, _ = repo
    result = run("diff", "-C", root, "--", "--output=written.txt")
    assert result.exit_code == 1 and '"--output=written.txt" is not a revision of this repository' in result.output
    assert not (root / "written.txt").exists()


def test_one_commit_and_no_change_is_a_message(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "repo", "minimal")
    git(root, "init", "-q")
    _commit(root, "First version")
    result = run("diff", "-C", root)
    assert result.exit_code == 1
    assert ("there is only one commit and no uncommitted change, so there is nothing to compare (change the content, "
            "or give two revisions)") in result.output


def test_a_revision_whose_content_has_errors_is_named(repo: tuple[Path, str, str]) -> None:
    root, _, _ = repo
    edit(root / "content" / "plan.yaml", "due: 2026-04-24", "due: 2026-13-24")
    _commit(root, "Broken")
    result = run("diff", "-C", root)
    assert result.exit_code == 1
    assert "the content at HEAD (" in result.output and 'has 1 error(s), so its deliverables cannot be worked out; ' \
        'the first: content/plan.yaml:' in result.output and '"2026-13-24" is not a valid date' in result.output


@pytest.mark.parametrize(("old", "new", "summary"), [
    ("We miss most patients.", "We find most patients.", '"miss" -> "find"'),
    ("one two three", "one three", 'removed "two"'),
    ("one", "one two three four five six seven eight nine ten", 'added "two three four five six seven eight nine ..."'),
    ("a b c d e f g h", "A b C d E f G h", '"a" -> "A"; "c" -> "C"; "e" -> "E"; and 1 more change'),
    ("same words", "same\nwords", "line breaks or spacing only"),
])
def test_word_summary(old: str, new: str, summary: str) -> None:
    assert word_summary(old, new) == summary
