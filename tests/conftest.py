"""Shared fixtures: throwaway copies of the example and minimal projects, built once per session."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from fls_docs.cli import main

REPO = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
TODAY = "2026-11-25"
TRICKY_TITLE = "Agree the <b>brief</b> & sign it off {{ x }} {% if y %} <script>alert(1)</script>"


@pytest.fixture(autouse=True)
def pinned_today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FLS_DOCS_TODAY", TODAY)


def copy_project(target: Path, base: str = "example", overlay: str | None = None) -> Path:
    """A project folder at ``target``: the example or a fixture, with a broken fixture's files laid over it."""
    content = REPO / "content" if base == "example" else FIXTURES / base / "content"
    shutil.copytree(content, target / "content")
    shutil.copy(REPO / "mkdocs.yml", target / "mkdocs.yml")
    if overlay:
        for file in (FIXTURES / "broken" / overlay).iterdir():
            shutil.copy(file, target / "content" / file.name)
    return target


def run(*args: str | Path) -> "CliRunner.Result":  # type: ignore[name-defined]
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _build(root: Path) -> Path:
    previous = os.environ.get("FLS_DOCS_TODAY")
    os.environ["FLS_DOCS_TODAY"] = TODAY
    try:
        result = run("build", "--quiet", root)
    finally:
        if previous is None:
            os.environ.pop("FLS_DOCS_TODAY")
        else:
            os.environ["FLS_DOCS_TODAY"] = previous
    assert result.exit_code == 0, result.output
    return root


@pytest.fixture(scope="session")
def built_example(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shipped example project, built once."""
    return _build(copy_project(tmp_path_factory.mktemp("example")))


@pytest.fixture(scope="session")
def built_tricky(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example with a milestone whose title holds markup, ampersands and template tags."""
    root = copy_project(tmp_path_factory.mktemp("tricky"))
    edit(root / "content" / "plan.yaml", "title: Draft and agree the project initiation document",
         "title: " + repr(TRICKY_TITLE).replace("'", '"'))
    return _build(root)
