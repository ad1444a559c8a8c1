"""Incremental builds: only what changed is rebuilt, from content hashes, and a failure loses nothing."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import copy_project, edit, run


def published(build: Path) -> dict[str, Path]:
    """Every file people see under build/, through its links, by its path there; not the hidden workings."""
    files = {}
    for entry in sorted(build.iterdir()):
        if entry.name.startswith(".") and entry.name != ".manifest.json":
            continue
        if entry.is_file():
            files[entry.name] = entry
        for here, _, names in os.walk(entry, followlinks=True):
            files.update({(Path(here) / n).relative_to(build).as_posix(): Path(here) / n for n in names})
    return files


def _mtimes(build: Path) -> dict[str, int]:
    return {name: p.stat().st_mtime_ns for name, p in published(build).items() if not name.startswith(".manifest")}


def _explain(root: Path, *options: str) -> dict[str, str]:
    result = run("build", "--explain", "--quiet", *options, root)
    assert result.exit_code == 0, result.output
    out = {}
    for line in result.output.splitlines():
        target, _, rest = line.partition(": ")
        out[target] = rest
    return out


def _rebuilt(explained: dict[str, str]) -> set[str]:
    return {t for t, why in explained.items() if why.startswith("rebuilt")}


@pytest.fixture()
def project(tmp_path: Path) -> Path:
    root = copy_project(tmp_path)
    assert run("build", "--quiet", root).exit_code == 0
    return root


def test_a_build_with_nothing_changed_rewrites_nothing(project: Path) -> None:
    before = _mtimes(project / "build")
    result = run("build", project)
    assert result.exit_code == 0 and "Nothing changed" in result.output
    assert _mtimes(project / "build") == before


def test_touching_a_file_without_changing_it_rebuilds_nothing(project: Path) -> None:
    plan = project / "content" / "plan.yaml"
    plan.write_bytes(plan.read_bytes())
    assert _rebuilt(_explain(project)) == set()


def test_one_task_status_rebuilds_only_what_shows_the_plan(project: Path) -> None:
    before = _mtimes(project / "build")
    # The first task not started is 3.5, not a milestone: the documents that list milestones are untouched.
    edit(project / "content" / "plan.yaml", "status: not started", "status: on track")
    explained = _explain(project)
    # The pages that show the task: the dashboard (status counts), the plan, and its phase's guide page;
    # each group's agenda and minutes template, which list the tasks due by the next meeting; and the
    # highlight report, in Word and on the site, which lists next month's tasks with their status.
    meeting_papers = {f"docs/{kind}-{group}.docx" for kind in ("agenda", "minutes")
                      for group in ("project-team", "reference-group")}
    assert _rebuilt(explained) == {"docs/improvement-project-plan.xlsx", "calculator-results.json",
                                   "charts/phase-progress.png", "site", "site-src/project/dashboard.md",
                                   "site-src/project/plan.md", "site-src/guide/3-measure-and-understand.md",
                                   "docs/highlight-report.docx", "site-src/project/highlight-report.md",
                                   *meeting_papers}
    assert explained["site-src/project/team.md"] == "skipped (same Markdown)"
    assert explained["docs/improvement-project-plan.xlsx"] == "rebuilt (changed: plan)"
    after = _mtimes(project / "build")
    assert after["docs/business-case.docx"] == before["docs/business-case.docx"]
    assert after["docs/improvement-project-plan.xlsx"] != before["docs/improvement-project-plan.xlsx"]


def test_a_comment_in_the_plan_rebuilds_nothing(project: Path) -> None:
    plan = project / "content" / "plan.yaml"
    plan.write_text(plan.read_text(encoding="utf-8") + "\n# a note to ourselves\n", encoding="utf-8")
    assert _rebuilt(_explain(project)) == set()


def test_editing_a_template_rebuilds_only_its_document(project: Path) -> None:
    import docx

    template = project / "templates" / "word" / "service-specification.docx"
    template.parent.mkdir(parents=True)
    from tests.conftest import REPO

    document = docx.Document(str(REPO / "templates" / "word" / "service-specification.docx"))
    document.styles["Heading 1"].font.name = "Georgia"
    document.save(str(template))
    explained = _explain(project)
    assert _rebuilt(explained) == {"docs/service-specification.docx"}
    assert explained["docs/service-specification.docx"] == "rebuilt (changed: template)"
    # The site offers the new document for download without a rebuild of its pages.
    served = project / "build" / "site" / "downloads" / "service-specification.docx"
    assert served.read_bytes() == (project / "build" / "docs" / "service-specification.docx").read_bytes()


def test_an_indicator_target_change_rebuilds_the_specification_that_lists_it(project: Path) -> None:
    from fls_docs.check.text import docx_blocks

    edit(project / "content" / "indicators.yaml", "    target: 0.9\n", "    target: 0.85\n")
    explained = _explain(project)
    assert explained["docs/service-specification.docx"].startswith("rebuilt (changed: ")
    assert "indicators" in explained["docs/service-specification.docx"]
    text = " ".join(docx_blocks(project / "build" / "docs" / "service-specification.docx"))
    assert "85%" in text


def test_a_cost_change_rebuilds_what_shows_the_money(project: Path) -> None:
    edit(project / "content" / "calculator.yaml", "dxa_cost: 72", "dxa_cost: 80")
    rebuilt = _rebuilt(_explain(project))
    assert {"docs/business-case.docx", "charts/costs-and-savings.png", "calculator-results.json", "site",
            "site-src/project/benefits-and-costs.md"} <= rebuilt
    assert "site-src/project/plan.md" not in rebuilt
    assert "docs/improvement-project-plan.xlsx" not in rebuilt and "docs/outcome-indicators.xlsx" not in rebuilt


def test_force_rebuilds_everything(project: Path) -> None:
    explained = _explain(project, "--force")
    assert all(why == "rebuilt (--force)" for target, why in explained.items() if not target.startswith("site-src/"))


def test_a_deleted_output_is_rebuilt(project: Path) -> None:
    (project / "build" / "docs" / "business-case.docx").unlink()
    explained = _explain(project)
    assert explained["docs/business-case.docx"] == "rebuilt (its output is missing)"
    assert (project / "build" / "docs" / "business-case.docx").is_file()


def test_after_a_failed_build_the_next_good_build_is_correct(project: Path) -> None:
    plan = project / "content" / "plan.yaml"
    edit(plan, "status: not started", "status: on track")
    template = project / "templates" / "word" / "project-initiation-document.docx"
    template.parent.mkdir(parents=True)
    template.write_bytes(b"not a word file")
    assert run("build", project).exit_code == 1
    template.unlink()
    assert _rebuilt(_explain(project)) >= {"docs/improvement-project-plan.xlsx", "site"}
    import openpyxl

    sheet = openpyxl.load_workbook(project / "build" / "docs" / "improvement-project-plan.xlsx")["Plan"]
    statuses = [row[8] for row in sheet.iter_rows(min_row=2, values_only=True) if row[0] == "3.5"]
    assert statuses == ["On track"]
    import re

    page = (project / "build" / "site" / "project" / "plan.html").read_text(encoding="utf-8")
    row = re.search(r"Estimate the staff and capacity needed with the cost calculator</td>(.*?)</tr>", page, re.S)
    assert row and "fls-on-track" in row[1]


def test_serial_and_parallel_builds_make_the_same_documents(tmp_path: Path) -> None:
    one = copy_project(tmp_path / "one")
    two = copy_project(tmp_path / "two")
    assert run("build", "--quiet", "--jobs", "1", one).exit_code == 0
    assert run("build", "--quiet", "--jobs", "2", two).exit_code == 0
    for name in ("calculator-results.json", "charts/sensitivity.png", "site/project/dashboard.html"):
        assert (one / "build" / name).read_bytes() == (two / "build" / name).read_bytes(), name


def test_a_build_with_nothing_to_do_imports_no_heavy_library(project: Path) -> None:
    script = (
        "import sys\n"
        "from pathlib import Path\n"
        "from fls_docs.build import build\n"
        f"report = build(Path({str(project)!r}))\n"
        "assert report.nothing_to_do\n"
        "heavy = [m for m in ('docxtpl', 'openpyxl', 'matplotlib', 'mkdocs', 'docx', 'numpy') if m in sys.modules]\n"
        "print(heavy)\n"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=False,
                            env={"FLS_DOCS_TODAY": "2026-11-25", "PATH": "/usr/bin:/bin"})
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
