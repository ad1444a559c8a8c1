"""`fls-docs init`: a new project whose own `make docs` works, as a git repository, blank or from the example."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import docx
import pytest
import yaml

from fls_docs import __version__
from fls_docs.migrate import CURRENT
from fls_docs.project_init import Origin, create_project, project_name
from tests.conftest import REPO, TODAY, copy_project, run

pytestmark = pytest.mark.skipif(shutil.which("make") is None or shutil.which("git") is None,
                                reason="needs make and git")


def _env(**extra: str) -> dict[str, str]:
    """The environment a team member's shell would give make: no make variables inherited from a calling make."""
    env = {k: v for k, v in os.environ.items() if k not in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL", "FLS_DOCS")}
    return {**env, "FLS_DOCS_TODAY": TODAY, **extra}


def _make(project: Path, *args: str, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(["make", *args], cwd=project, capture_output=True, text=True, env=_env(**env), timeout=600)


def _git(project: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=project, capture_output=True, text=True, check=True).stdout


def _bold_runs(path: Path) -> set[str]:
    return {r.text for p in docx.Document(str(path)).paragraphs for r in p.runs if r.bold}


@pytest.fixture(scope="module")
def blank(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, subprocess.CompletedProcess]:
    """A blank project made as a team would (init, then its own `make docs`), built once."""
    project = tmp_path_factory.mktemp("init") / "borders"
    made = run("init", project, "--blank", "--name", "NHS Borders FLS")
    assert made.exit_code == 0, made.output
    return project, _make(project, "docs")


@pytest.fixture(scope="module")
def from_example(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, subprocess.CompletedProcess]:
    project = tmp_path_factory.mktemp("init") / "nhs-ayrshire-fls"
    made = run("init", project)
    assert made.exit_code == 0, made.output
    return project, _make(project, "docs")


def test_a_blank_project_builds_with_its_own_make_docs(blank: tuple[Path, subprocess.CompletedProcess]) -> None:
    project, built = blank
    assert built.returncode == 0, built.stdout + built.stderr
    for output in ("docs/project-initiation-document.docx", "docs/business-case.docx", "docs/improvement-project-plan.xlsx",
                   "site/index.html"):
        assert (project / "build" / output).is_file(), output
    # The site is named after the project, not the example.
    assert yaml.safe_load((project / "mkdocs.yml").read_text())["site_name"] == "NHS Borders FLS"
    assert "<title>" in (index := (project / "build/site/index.html").read_text()) and "NHS Borders FLS" in index
    assert "Wyvern" not in index
    # Placeholders show in bold square brackets in the documents, and are listed as warnings.
    assert "[Why now]" in _bold_runs(project / "build/docs/project-initiation-document.docx")
    assert 'why_now: not given yet, so the document shows "[Why now]"' in _make(project, "validate").stderr


def test_a_blank_project_holds_no_example_text_or_data(blank: tuple[Path, subprocess.CompletedProcess]) -> None:
    project, _ = blank
    for path in (project / "content").iterdir():
        text = path.read_text()
        for marker in ("Wyvern", "Okafor", "Ashby", "fictional"):
            assert marker not in text, (path.name, marker)
    # No audit counts: the example's CSV file is left out and no indicator has values.
    assert not (project / "content/indicators.csv").exists()
    indicators = yaml.safe_load((project / "content/indicators.yaml").read_text())["indicators"]
    assert indicators and not any("values" in i for i in indicators)
    assert yaml.safe_load((project / "content/standards.yaml").read_text())["standards"] == []
    # Every example file with a schema is there, as placeholders or a commented list of its fields.
    expected = {p.name for p in (REPO / "content").glob("*.yaml")}
    assert expected <= {p.name for p in (project / "content").iterdir()}


def test_a_blank_projects_required_text_is_a_placeholder_with_a_warning(blank: tuple[Path, subprocess.CompletedProcess]) -> None:
    project, _ = blank
    validated = _make(project, "validate")
    assert validated.returncode == 0, validated.stderr
    lines = (project / "content/project.yaml").read_text().splitlines()
    line = next(n for n, text in enumerate(lines, 1) if '"[Name of the clinical lead]"' in text)
    assert (f'content/project.yaml:{line}:11: warning: team[0].name: not given yet, so the documents show '
            '"[Name of the clinical lead]" (replace it with your own text)') in validated.stderr
    # The name given is the project's name; the plan's first task starts on the Monday after init.
    data = yaml.safe_load((project / "content/project.yaml").read_text())
    assert data["project"]["name"] == data["project"]["short_name"] == "NHS Borders FLS"
    plan = yaml.safe_load((project / "content/plan.yaml").read_text())
    first = plan["phases"][0]["tasks"][0]
    start = first["start"]  # YAML reads a date as a date
    assert start.weekday() == 0 and 0 <= (start - date.today()).days < 7
    assert all(t["status"] == "not started" for ph in plan["phases"] for t in ph["tasks"])


def test_the_new_folder_is_a_git_repository_with_a_first_commit(blank: tuple[Path, subprocess.CompletedProcess]) -> None:
    project, _ = blank
    assert _git(project, "log", "--format=%s").splitlines() == [
        f"Start NHS Borders FLS from a blank project (fls-docs {__version__})"]
    # The build and any .venv are ignored, so a build leaves nothing to commit.
    assert _git(project, "status", "--porcelain") == ""
    tracked = set(_git(project, "ls-files").splitlines())
    assert {"README.md", "Makefile", ".gitignore", "mkdocs.yml", "content/plan.yaml", "schemas/plan.schema.json"} <= tracked
    readme = (project / "README.md").read_text()
    assert readme.startswith("# NHS Borders FLS\n")
    for words in ("make docs", "make serve", "build/docs/", "build/site/index.html", "| `content/plan.yaml` |"):
        assert words in readme, words


def test_a_project_from_the_example_builds_and_warns_about_example_text(
        from_example: tuple[Path, subprocess.CompletedProcess]) -> None:
    project, built = from_example
    assert built.returncode == 0, built.stdout + built.stderr
    assert (project / "build/docs/business-case.docx").is_file() and (project / "build/site/index.html").is_file()
    # Whatever is in the example's content/ today is copied, including files added since this test was written.
    assert sorted(p.name for p in (project / "content").iterdir()) == sorted(p.name for p in (REPO / "content").iterdir())
    # The name comes from the folder, for the project and the site.
    assert project_name(project) == "NHS Ayrshire FLS"
    assert yaml.safe_load((project / "content/project.yaml").read_text())["project"]["name"] == "NHS Ayrshire FLS"
    assert yaml.safe_load((project / "mkdocs.yml").read_text())["site_name"] == "NHS Ayrshire FLS"
    # One warning per file that still holds the example's text, at the first line that does.
    lines = (project / "content/brief.yaml").read_text().splitlines()
    hits = [(n, text.index("Wyvern") + 1) for n, text in enumerate(lines, 1) if "Wyvern" in text]
    validated = _make(project, "validate").stderr
    warnings = [w for w in validated.splitlines() if w.startswith("content/brief.yaml") and "worked example" in w]
    assert len(warnings) == 1
    assert warnings[0].startswith(f"content/brief.yaml:{hits[0][0]}:{hits[0][1]}: warning: text from the worked "
                                  f"example is still here (")
    assert f"and on {len(hits) - 1} more lines" in warnings[0]
    assert ("content/indicators.csv: warning: is still the worked example's file, unchanged (replace it with your own "
            "project's, or start again with `fls-docs init --blank`)") in validated


def test_the_example_itself_and_its_copies_have_no_example_text_warnings(tmp_path: Path) -> None:
    result = run("validate", copy_project(tmp_path))
    assert result.exit_code == 0 and "worked example" not in result.output


def test_example_text_is_warned_about_once_per_file_with_its_line(tmp_path: Path) -> None:
    root = copy_project(tmp_path, "minimal")
    (root / "content/brief.yaml").write_text((root / "content/brief.yaml").read_text().replace(
        "governance: The team reports to the board.",
        "governance: The team reports to the board.\n# Ask Dr Amara Okafor\n# and Wyvern Valley too"))
    result = run("validate", root)
    lines = (root / "content/brief.yaml").read_text().splitlines()
    line = lines.index("# Ask Dr Amara Okafor") + 1
    assert result.exit_code == 0
    assert (f'content/brief.yaml:{line}:7: warning: text from the worked example is still here ("# Ask Dr Amara '
            'Okafor"), and on 1 more line (replace it with your own project\'s, or start again with '
            "`fls-docs init --blank`)") in result.output
    assert result.output.count("worked example") == 1


def test_the_makefile_uses_the_fls_docs_it_was_created_with(blank: tuple[Path, subprocess.CompletedProcess]) -> None:
    project, built = blank
    assert f"'{sys.executable}' -m fls_docs build ." in built.stdout
    makefile = (project / "Makefile").read_text()
    assert f"CREATED_WITH := {sys.executable}\n" in makefile and f"FLS_DOCS_VERSION := {__version__}\n" in makefile
    # One given on the command line wins, and nothing is installed.
    named = _make(project, "-n", "validate", "FLS_DOCS=/opt/fls/bin/fls-docs")
    assert named.stdout.splitlines() == ["/opt/fls/bin/fls-docs validate ."]


def test_without_it_the_makefile_installs_the_source_it_came_from_into_its_own_venv(tmp_path: Path) -> None:
    project = tmp_path / "elsewhere"
    create_project(project, blank=True, git=False, origin=Origin("0.1.0", "/nowhere/python", REPO))
    planned = _make(project, "-n", "docs").stdout
    assert "python3 -m venv .venv" in planned
    assert f".venv/bin/python -m pip install --quiet --disable-pip-version-check -e '{REPO}'" in planned
    assert ".venv/bin/fls-docs build ." in planned


def test_an_installed_fls_docs_is_reinstalled_at_its_version(tmp_path: Path) -> None:
    project = tmp_path / "elsewhere"
    create_project(project, blank=True, git=False, origin=Origin("0.9.3", "/nowhere/python", None))
    planned = _make(project, "-n", "docs").stdout
    assert "pip install --quiet --disable-pip-version-check 'fls-docs==0.9.3'" in planned
    assert "# Made by `fls-docs init` with fls-docs 0.9.3 (installed at " in (project / "Makefile").read_text()


def test_the_first_commit_works_without_a_git_identity_and_sets_none(tmp_path: Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("GIT_AUTHOR_NAME", "GIT_AUTHOR_EMAIL", "GIT_COMMITTER_NAME", "GIT_COMMITTER_EMAIL", "EMAIL"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(tmp_path / "none"))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    made = create_project(tmp_path / "fresh", blank=True)
    assert made.git == "made it a git repository with a first commit"
    assert _git(made.directory, "log", "--format=%an <%ae>") == "fls-docs <fls-docs@localhost>\n"
    assert subprocess.run(["git", "config", "user.name"], cwd=made.directory).returncode == 1


def _example_with(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, like: str, new: str) -> Path:
    """An example whose content and schemas gain a file ``new`` (a copy of ``like``), as init will see it."""
    example, schemas = tmp_path / "example", tmp_path / "schemas"
    shutil.copytree(REPO / "content", example)
    shutil.copytree(REPO / "schemas", schemas)
    shutil.copy(example / f"{like}.yaml", example / f"{new}.yaml")
    shutil.copy(schemas / f"{like}.schema.json", schemas / f"{new}.schema.json")
    monkeypatch.setattr("fls_docs.project_init.EXAMPLE_CONTENT_DIR", example)
    monkeypatch.setattr("fls_docs.project_init.SCHEMAS_DIR", schemas)
    return example


def test_a_blank_project_gets_new_content_files_as_they_are_added(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A content file added to the example later is copied, or in a blank project listed field by field."""
    example = _example_with(tmp_path, monkeypatch, "business_case", "future")
    assert (create_project(tmp_path / "copy", git=False).directory / "content/future.yaml").read_text() == \
        (example / "future.yaml").read_text()
    stub = (create_project(tmp_path / "blank", blank=True, git=False).directory / "content/future.yaml").read_text()
    assert stub.startswith("# yaml-language-server: $schema=../schemas/future.schema.json\n")
    assert "#   executive_summary:      A few sentences a busy reader can act on.\n" in stub
    # Comments but for the layout's version: every field a placeholder until given.
    assert yaml.safe_load(stub) == {"schema_version": CURRENT}


def test_a_required_file_without_a_blank_version_is_left_out_with_a_reason(tmp_path: Path,
                                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    example = _example_with(tmp_path, monkeypatch, "standards", "audit")
    made = create_project(tmp_path / "blank", blank=True, git=False)
    assert not (made.directory / "content/audit.yaml").exists()
    assert (f"content/audit.yaml: left out, because its fields need your own values; the example's is at "
            f"{example / 'audit.yaml'}") in made.left_out


@pytest.mark.parametrize(("folder", "name"), [("nhs-borders-fls", "NHS Borders FLS"), ("our_fls", "Our FLS"),
                                              ("Wessex fracture service", "Wessex Fracture Service")])
def test_a_name_is_made_from_the_folder(tmp_path: Path, folder: str, name: str) -> None:
    assert project_name(tmp_path / folder) == name


def test_a_name_that_needs_quotes_in_yaml_reads_back_as_given(tmp_path: Path) -> None:
    made = create_project(tmp_path / "p", name='St Mary\'s: "Bones" #1', git=False)
    assert yaml.safe_load((made.directory / "mkdocs.yml").read_text())["site_name"] == 'St Mary\'s: "Bones" #1'
    assert yaml.safe_load((made.directory / "content/project.yaml").read_text())["project"]["name"] == \
        'St Mary\'s: "Bones" #1'
    # Nothing else in the file changed: comments and layout are the example's.
    before = (REPO / "content/project.yaml").read_text().splitlines()
    after = (made.directory / "content/project.yaml").read_text().splitlines()
    assert [(a, b) for a, b in zip(before, after) if a != b] == [
        ("  name: Wyvern Valley Fracture Liaison Service", '  name: "St Mary\'s: \\"Bones\\" #1"'),
        ("  short_name: Wyvern Valley FLS", '  short_name: "St Mary\'s: \\"Bones\\" #1"')]


def test_init_inside_another_repository_leaves_it_to_that_repository(tmp_path: Path) -> None:
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    made = create_project(tmp_path / "fls", blank=True)
    assert made.git == f"the folder is inside the git repository at {tmp_path.resolve()}; add and commit it there"
    assert not (made.directory / ".git").exists()


def test_the_nation_given_replaces_the_examples(tmp_path: Path) -> None:
    made = create_project(tmp_path / "wales", name="Cwm Taf FLS", nation="Wales", git=False)
    before = (REPO / "content/project.yaml").read_text().splitlines()
    after = (made.directory / "content/project.yaml").read_text().splitlines()
    assert [(a, b) for a, b in zip(before, after) if a != b] == [
        ("  name: Wyvern Valley Fracture Liaison Service", "  name: Cwm Taf FLS"),
        ("  short_name: Wyvern Valley FLS", "  short_name: Cwm Taf FLS"),
        ("  nation: England", "  nation: Wales")]
    blank = create_project(tmp_path / "borders", blank=True, nation="Scotland", git=False)
    assert yaml.safe_load((blank.directory / "content/project.yaml").read_text())["organisation"]["nation"] == "Scotland"
