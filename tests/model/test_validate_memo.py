"""Checking a project again after a save: each file's checks are kept by its bytes, never past a change."""

from __future__ import annotations

from pathlib import Path

from fls_docs.model.validate import check_project
from tests.conftest import copy_project, edit


def _errors(root: Path) -> list[str]:
    return [d.format() for d in check_project(root).diagnostics if d.severity.name == "ERROR"]


def test_a_saved_mistake_is_found_and_its_repair_clears_it(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "a")
    assert _errors(root) == []
    edit(root / "content" / "plan.yaml", "due: 2027-01-22", "due: 2027-13-45")
    found = _errors(root)
    assert len(found) == 1 and found[0].startswith("content/plan.yaml:") and "2027-13-45" in found[0]
    edit(root / "content" / "plan.yaml", "due: 2027-13-45", "due: 2027-01-22")
    assert _errors(root) == []


def test_the_same_mistake_in_two_projects_is_reported_for_each(tmp_path: Path) -> None:
    first, second = copy_project(tmp_path / "first"), copy_project(tmp_path / "second")
    for root in (first, second):
        edit(root / "content" / "brief.yaml", "schema_version: 1", "schema_version: 1\nsurprise_field: 3")
    for root in (first, second):
        checked = check_project(root)
        assert [d.file for d in checked.diagnostics if "surprise_field" in d.format()] == ["content/brief.yaml"]
        assert checked.documents["brief"].path == root / "content" / "brief.yaml"
