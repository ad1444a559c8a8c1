"""All or nothing: build/ always shows one whole build, checked by SHA-256 against its manifest.

Every project here is a copy of one built minimal project in a temporary folder.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from fls_docs.build import KILL_AFTER_MOVES_ENV
from fls_docs.paths import TEMPLATES_DIR
from fls_docs.render.site import LinkOutside, copy_assets
from tests.conftest import TODAY, _build, copy_project, edit, run
from tests.test_build import published


def snapshot(build: Path) -> dict[str, str]:
    """The SHA-256 of every file people see under build/."""
    return {name: hashlib.sha256(path.read_bytes()).hexdigest() for name, path in published(build).items()}


def leftovers(build: Path) -> list[str]:
    """Hidden entries of build/ beyond the current build and its lock: what a failed or killed build left."""
    current = os.readlink(build / ".current")
    return sorted(p.name for p in build.iterdir()
                  if p.name.startswith(".") and p.name not in {".current", ".lock", ".manifest.json", current})


def assert_matches_manifest(build: Path) -> None:
    files = snapshot(build)
    recorded = json.loads((build / ".manifest.json").read_text(encoding="utf-8"))["outputs"]
    assert {name: digest for name, digest in files.items() if name != ".manifest.json"} == recorded


def fls_docs(root: Path, *args: str, env: dict[str, str] | None = None,
             wrapper: list[str] | None = None) -> subprocess.CompletedProcess:
    """``fls-docs build`` in a process of its own, as a user runs it."""
    environment = dict(os.environ, FLS_DOCS_TODAY=TODAY, MPLBACKEND="Agg", **(env or {}))
    command = [*(wrapper or []), sys.executable, "-m", "fls_docs", "build", *args, str(root)]
    return subprocess.run(command, capture_output=True, text=True, env=environment, check=False)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _build(copy_project(tmp_path_factory.mktemp("built"), "minimal"))


def copy_built(built: Path, target: Path) -> Path:
    shutil.copytree(built, target, symlinks=True)  # build/'s links are relative, so they work in the copy
    return target


@pytest.fixture()
def project(built: Path, tmp_path: Path) -> Path:
    return copy_built(built, tmp_path / "project")


# Which build a kill leaves, by the number of renames done: the second replaces build/.current.
KILLED_AFTER = {0: "old", 1: "old", 2: "new", 3: "new"}


@pytest.mark.parametrize("moves", sorted(KILLED_AFTER))
def test_a_build_killed_during_its_commit_leaves_a_whole_build(project: Path, moves: int) -> None:
    build = project / "build"
    old = snapshot(build)
    edit(project / "content" / "plan.yaml", "status: not started", "status: on track")
    # One process (--jobs 1): quicker for three small outputs, and the kill is all this test is about.
    killed = fls_docs(project, "--quiet", "--jobs", "1", env={KILL_AFTER_MOVES_ENV: str(moves)})
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    after_kill = snapshot(build)

    repair = fls_docs(project, "--explain", "--jobs", "1")
    assert repair.returncode == 0, repair.stderr
    new = snapshot(build)
    assert new != old
    assert after_kill == (old if KILLED_AFTER[moves] == "old" else new)
    if KILLED_AFTER[moves] == "new":  # the killed build was whole: nothing left to do
        assert "rebuilt" not in repair.stdout
    assert_matches_manifest(build)
    assert leftovers(build) == []


# Mounts build/ read-only for one command: file modes are no barrier to root, a read-only mount is.
READ_ONLY_MOUNT = 'mount --bind "$0" "$0" && mount -o remount,bind,ro "$0" && exec "$@"'


def build_in_read_only_folder(root: Path) -> subprocess.CompletedProcess:
    build = root / "build"
    if os.geteuid() != 0:
        build.chmod(0o555)
        try:
            return fls_docs(root)
        finally:
            build.chmod(0o755)
    wrapper = ["unshare", "--mount", "sh", "-c", READ_ONLY_MOUNT, str(build)]
    if not shutil.which("unshare") or subprocess.run([*wrapper, "true"], capture_output=True).returncode != 0:
        pytest.skip("running as root, and build/ cannot be mounted read-only here")
    return fls_docs(root, wrapper=wrapper)


def test_a_read_only_build_folder_fails_clearly_and_keeps_the_last_build(project: Path) -> None:
    build = project / "build"
    before = snapshot(build)
    edit(project / "content" / "plan.yaml", "status: not started", "status: on track")
    result = build_in_read_only_folder(project)
    assert result.returncode == 1, result.stderr
    assert "Could not build the outputs; build/ is unchanged." in result.stderr
    assert "build/ could not be written (" in result.stderr and ": build/.staging-" in result.stderr
    assert snapshot(build) == before
    assert leftovers(build) == []


def test_what_killed_builds_left_is_removed(project: Path) -> None:
    build = project / "build"
    (build / ".staging-killed" / "docs").mkdir(parents=True)
    (build / ".staging-killed" / "docs" / "half-written.docx").write_bytes(b"PK")
    (build / ".gen-never-switched").mkdir()
    (build / ".trash-half-removed").mkdir()
    result = run("build", project)
    assert result.exit_code == 0 and "Nothing changed" in result.output
    assert leftovers(build) == []


def test_a_build_folder_left_by_an_older_fls_docs_is_taken_over(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "project", "minimal")
    build = root / "build"
    (build / "docs").mkdir(parents=True)
    (build / "docs" / "withdrawn.docx").write_bytes(b"PK")
    (build / "site").mkdir()  # as serve makes it before a first good build
    (build / ".old-site").mkdir()
    (build / ".manifest.json").write_text('{"format": 2}')
    result = run("build", "--quiet", root)
    assert result.exit_code == 0, result.output
    assert all((build / name).is_symlink() for name in ("docs", "site", ".manifest.json"))
    assert not (build / "docs" / "withdrawn.docx").exists()
    assert (build / "site" / "index.html").is_file()
    assert_matches_manifest(build)
    assert leftovers(build) == []


def _explain(root: Path) -> dict[str, str]:
    result = run("build", "--explain", "--quiet", root)
    assert result.exit_code == 0, result.output
    return dict(line.split(": ", 1) for line in result.output.splitlines() if ": " in line)


def test_an_output_that_no_longer_matches_the_manifest_is_rebuilt(project: Path) -> None:
    build = project / "build"
    document = build / "docs" / "business-case.docx"
    good = document.read_bytes()
    document.unlink()  # replaced rather than edited in place, as most editors save
    document.write_bytes(b"edited by hand")
    with open(build / "site" / "index.html", "a", encoding="utf-8") as page:
        page.write("<!-- edited by hand -->")
    explained = _explain(project)
    assert explained["docs/business-case.docx"] == "rebuilt (its output does not match the manifest)"
    assert explained["site"] == "rebuilt (site/index.html does not match the manifest)"
    assert {t for t, why in explained.items() if why.startswith("rebuilt")} == {"docs/business-case.docx", "site"}
    assert document.read_bytes()[:2] == good[:2] == b"PK"
    assert "edited by hand" not in (build / "site" / "index.html").read_text(encoding="utf-8")
    assert_matches_manifest(build)


def test_a_broken_link_in_a_page_fails_the_strict_site_build(project: Path) -> None:
    before = snapshot(project / "build")
    page = project / "templates" / "site" / "index.md.j2"
    page.parent.mkdir(parents=True)
    page.write_text((TEMPLATES_DIR / "site" / "index.md.j2").read_text(encoding="utf-8")
                    + "\nSee [our charter](no-such-page.md).\n", encoding="utf-8")
    result = run("build", project)
    assert result.exit_code == 1
    assert "Could not build site; build/ is unchanged." in result.output
    assert "contains a link 'no-such-page.md', but the target is not found" in result.output
    assert snapshot(project / "build") == before
    assert leftovers(project / "build") == []


def test_a_new_build_date_rebuilds_what_prints_it(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import docx

    monkeypatch.setenv("FLS_DOCS_TODAY", "2026-12-02")
    explained = _explain(project)
    for name in ("docs/project-initiation-document.docx", "docs/service-specification.docx", "docs/business-case.docx",
                 "docs/improvement-project-plan.xlsx", "docs/outcome-indicators.xlsx", "site"):
        assert explained[name] == "rebuilt (changed: date)", name
    pid = docx.Document(str(project / "build" / "docs" / "project-initiation-document.docx"))
    cells = [cell.text for table in pid.tables for row in table.rows for cell in row.cells]
    assert any("2 December 2026" in text for text in [p.text for p in pid.paragraphs] + cells)
    assert "2 December 2026" in (project / "build" / "site" / "index.html").read_text(encoding="utf-8")


def test_links_out_of_the_project_in_templates_are_refused(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "project", "minimal")
    secret = tmp_path / "outside"
    secret.mkdir()
    (secret / "private.css").write_text("body { color: red }")
    (secret / "letterhead.docx").write_bytes(b"PK")
    (root / "templates" / "site" / "assets").mkdir(parents=True)
    (root / "templates" / "site" / "assets" / "extra.css").symlink_to(secret / "private.css")
    (root / "templates" / "word").mkdir()
    (root / "templates" / "word" / "business-case.docx").symlink_to(secret / "letterhead.docx")
    result = run("build", root)
    assert result.exit_code == 1
    for link in ("templates/site/assets/extra.css", "templates/word/business-case.docx"):
        assert f"{link}: the file is a link to somewhere outside the project folder, so it is not used" in result.output
    assert not (root / "build").exists()


def test_site_assets_never_copy_a_link_out_of_their_folder(tmp_path: Path) -> None:
    assets = tmp_path / "project" / "assets"
    (assets / "fonts").mkdir(parents=True)
    (tmp_path / "secret").mkdir()
    (assets / "fonts" / "shared").symlink_to(tmp_path / "secret", target_is_directory=True)
    with pytest.raises(LinkOutside, match="fonts/shared is a link to"):
        copy_assets(assets, tmp_path / "out", tmp_path / "project")
    assert not (tmp_path / "out").exists()
