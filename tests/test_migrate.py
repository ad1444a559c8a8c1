"""Schema versions: validate says when a file needs upgrading, and fls-docs migrate upgrades it, comments kept."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from fls_docs import migrate
from fls_docs.migrate import CURRENT, Migration, migrate_project, set_version
from fls_docs.model.files import CONTENT_FILES
from fls_docs.model.validate import check_project
from fls_docs.paths import SCHEMAS_DIR
from tests.conftest import REPO, copy_project, run

NOTE = "  # the version of this file's layout; fls-docs migrate updates it"
WARNING = ("warning: the file has no schema_version, so it was written for an older fls-docs (this one reads version 1 "
           "of the layout) (run `fls-docs migrate` in the project folder to upgrade it; your comments are kept)")


def _lines(path: Path) -> list[str]:
    return path.read_bytes().decode("utf-8-sig").splitlines()


def _version_problems(root: Path) -> list[str]:
    return [d.format() for d in check_project(root).diagnostics if "schema_version" in d.format()]


def test_the_example_and_every_schema_are_at_the_current_version() -> None:
    for spec in CONTENT_FILES:
        lines = (REPO / "content" / spec.filename).read_text(encoding="utf-8").splitlines()
        assert lines[0].startswith("# yaml-language-server: $schema=")
        assert lines[1] == f"schema_version: {CURRENT}{NOTE}", spec.filename
    for schema in SCHEMAS_DIR.glob("*.schema.json"):
        assert json.loads(schema.read_text(encoding="utf-8"))["properties"]["schema_version"]["type"] == "integer"


def test_validate_names_each_unversioned_file_and_migrate_adds_one_line_to_each(tmp_path: Path) -> None:
    root = copy_project(tmp_path, "minimal")  # written before versions existed
    plan = root / "content" / "plan.yaml"
    plan.write_text("# yaml-language-server: $schema=../schemas/plan.schema.json\n# Our plan.\n" + plan.read_text())
    project = root / "content" / "project.yaml"
    project.write_bytes(b"\xef\xbb\xbf" + project.read_bytes().replace(b"\n", b"\r\n"))
    before = {spec.filename: _lines(root / "content" / spec.filename)
              for spec in CONTENT_FILES if (root / "content" / spec.filename).is_file()}
    assert sorted(_version_problems(root)) == [f"content/{name}:1:1: {WARNING}" for name in sorted(before)]

    result = run("migrate", root)
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        f"content/{name}: version 0 -> 1: the file now says which version of the layout it follows (schema_version: 1)"
        for name in ("project.yaml", "brief.yaml", "plan.yaml", "calculator.yaml")
    ] + ["Upgraded 4 content file(s) to version 1 of the layout."]
    # Line by line: one line added (below the editor's $schema line when there is one), nothing else changed.
    assert _lines(plan) == before["plan.yaml"][:1] + [f"schema_version: 1{NOTE}"] + before["plan.yaml"][1:]
    for name in ("project.yaml", "brief.yaml", "calculator.yaml"):
        assert _lines(root / "content" / name) == [f"schema_version: 1{NOTE}"] + before[name]
    raw = project.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbfschema_version: 1") and raw.count(b"\r\n") == raw.count(b"\n")
    assert _version_problems(root) == []
    again = run("migrate", root)
    assert again.output == "Every content file follows version 1 of the layout already.\n"


def test_a_file_from_a_newer_fls_docs_is_refused_by_validate_and_migrate(tmp_path: Path) -> None:
    root = copy_project(tmp_path)
    brief = root / "content" / "brief.yaml"
    brief.write_text(brief.read_text().replace(f"schema_version: {CURRENT}", "schema_version: 7", 1))
    assert _version_problems(root) == [
        "content/brief.yaml:2:17: schema_version: the file follows version 7 of the layout, newer than this fls-docs "
        "reads (version 1) (upgrade fls-docs to the release the project was made with, or later)"]
    before = brief.read_bytes()
    result = run("migrate", root)
    assert result.exit_code == 1 and "Nothing was written." in result.output
    assert brief.read_bytes() == before


def test_migrations_run_in_turn_from_the_files_own_version(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A later release's migration: version 2 renames a field, so version 0 goes to 1, then 2."""
    def rename_summary(name: str, text: str) -> str:
        return text.replace("\nsummary:", "\noverview:") if name == "project" else text

    monkeypatch.setattr(migrate, "CURRENT", 2)
    monkeypatch.setitem(migrate.MIGRATIONS, 1, Migration(1, "summary is now called overview", rename_summary))
    root = copy_project(tmp_path, "minimal")
    project = root / "content" / "project.yaml"
    project.write_text("schema_version: 0  # as it was\n" + project.read_text().replace("  summary:", "\nsummary:", 1))
    plan = root / "content" / "plan.yaml"
    plan.write_text("schema_version: 1\n" + plan.read_text())
    before = {"project": _lines(project), "plan": _lines(plan)}

    result = migrate_project(root)
    assert result.ok and result.written
    assert list(result.report())[:4] == [
        "content/project.yaml: version 0 -> 1: the file now says which version of the layout it follows "
        "(schema_version: 1)",
        "content/project.yaml: version 1 -> 2: summary is now called overview",
        "content/brief.yaml: version 0 -> 1: the file now says which version of the layout it follows "
        "(schema_version: 1)",
        "content/brief.yaml: version 1 -> 2: summary is now called overview",
    ]
    changed = [(a, b) for a, b in zip(before["project"], _lines(project)) if a != b]
    assert changed == [("schema_version: 0  # as it was", "schema_version: 2  # as it was"),
                       ("summary: A small project for tests.", "overview: A small project for tests.")]
    assert _lines(plan) == ["schema_version: 2"] + before["plan"][1:]


def test_a_dry_run_writes_nothing_and_the_editors_copy_of_the_schemas_is_brought_up_to_date(tmp_path: Path) -> None:
    root = copy_project(tmp_path, "minimal")
    (root / "schemas").mkdir()
    (root / "schemas" / "plan.schema.json").write_text("{}")
    before = {p: p.read_bytes() for p in root.rglob("*") if p.is_file()}
    dry = run("migrate", root, "--dry-run")
    assert dry.exit_code == 0
    assert f"+schema_version: 1{NOTE}\n" in dry.output and "Dry run: nothing written." in dry.output
    assert {p: p.read_bytes() for p in root.rglob("*") if p.is_file()} == before
    result = run("migrate", root)
    assert "schemas/plan.schema.json: updated to this fls-docs's schema, for editors" in result.output
    assert "schemas/brief.schema.json: added, for editors" in result.output
    assert (root / "schemas" / "plan.schema.json").read_bytes() == (SCHEMAS_DIR / "plan.schema.json").read_bytes()


@pytest.mark.parametrize(("text", "expected"), [
    ("a: 1\n", f"schema_version: 3{NOTE}\na: 1\n"),
    ("# note\n---\na: 1\n", f"# note\n---\nschema_version: 3{NOTE}\na: 1\n"),
    ("# yaml-language-server: $schema=x.json", f"# yaml-language-server: $schema=x.json\nschema_version: 3{NOTE}\n"),
    ('a: 1\nschema_version: "1"  # kept\n', 'a: 1\nschema_version: "3"  # kept\n'),
])
def test_the_version_is_written_in_place_or_on_a_line_of_its_own(text: str, expected: str) -> None:
    assert set_version(text, 3) == expected
    assert yaml.safe_load(expected)["schema_version"] in (3, "3")
