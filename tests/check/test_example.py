"""The shipped example, built: its site pages meet the plain-English goals."""

from __future__ import annotations

from pathlib import Path

import pytest

from fls_docs.check import check_project
from fls_docs.diagnostics import Severity, UserError


@pytest.fixture(scope="module")
def report(built_example: Path):  # type: ignore[no-untyped-def]
    return check_project(built_example)


def test_every_output_is_checked(report) -> None:  # type: ignore[no-untyped-def]
    names = {d.name for d in report.documents}
    assert {"build/docs/project-initiation-document.docx", "build/docs/service-specification.docx",
            "build/docs/business-case.docx", "build/site-src/index.md",
            "build/site-src/guide/1-start-out.md"} <= names
    assert all(d.scores.words > 0 for d in report.documents if d.name.endswith(".docx"))


def test_site_pages_meet_their_goals(report) -> None:  # type: ignore[no-untyped-def]
    pages = [d for d in report.documents if d.kind == "site"]
    assert len(pages) >= 20
    for page in pages:
        assert page.meets_goal, f"{page.name}: reading grade {page.own.grade} is above {page.goal}"
        errors = [(f.rule, f.quote) for f in page.findings if f.severity is Severity.ERROR]
        assert not errors, f"{page.name}: {errors}"
    # Every guide page is long enough to have a goal, and meets it.
    assert all(p.goal == 8 for p in pages if "/guide/" in p.name)


def test_findings_read_as_diagnostics(report) -> None:  # type: ignore[no-untyped-def]
    lines = [d.format() for d in report.diagnostics(as_warnings=True)]
    assert lines and all(": warning: " in line for line in lines)
    assert "Document" in report.summary()


def test_a_project_not_yet_built_gets_a_clear_message(tmp_path: Path) -> None:
    with pytest.raises(UserError, match="fls-docs build"):
        check_project(tmp_path)
