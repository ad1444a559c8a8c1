"""The site engine: MkDocs or Zensical behind one switch, each build strict, each engine's problems read."""

from __future__ import annotations

import importlib.util
import json
import re
import shlex
import shutil
import sys
from pathlib import Path

import pytest

from fls_docs.diagnostics import UserError
from fls_docs.paths import TEMPLATES_DIR
from fls_docs.site_engine import (
    SITE_CMD_ENV,
    SITE_ENGINE_ENV,
    checks_file_links,
    engine_failure,
    engine_problems,
    site_command,
    site_engine,
)
from tests.conftest import _build, copy_project, run

# What Zensical 0.0.73 printed for a link to a missing page, colours and box drawing included.
ZENSICAL_OUTPUT = (
    "Build started\n"
    "\x1b[33mWarning:\x1b[0m page does not exist\n"
    "     \x1b[38;5;246m╭\x1b[0m\x1b[38;5;246m─\x1b[0m\x1b[38;5;246m[\x1b[0m project/plan.md:127:15 \x1b[38;5;246m]\x1b[0m\n"
    "     \x1b[38;5;246m│\x1b[0m\n"
    " \x1b[38;5;246m127 │\x1b[0m See [missing](nowhere.md)\n"
    "1 issues found\n"
    "Traceback (most recent call last):\n"
    '  File "/venv/bin/zensical", line 8, in <module>\n'
    "RuntimeError: Aborted because --strict flag is set\n"
)
MKDOCS_OUTPUT = (
    "INFO    -  Building documentation...\n"
    "WARNING -  Doc file 'index.md' contains a link 'nowhere.md', but the target is not found among documentation files.\n"
    "Aborted with 1 warnings in strict mode!\n"
)


@pytest.fixture
def clean_env(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    """No engine chosen: `make test` exports MkDocs' command, which would hide the choice under test."""
    monkeypatch.delenv(SITE_CMD_ENV, raising=False)
    monkeypatch.delenv(SITE_ENGINE_ENV, raising=False)
    return monkeypatch


def test_mkdocs_is_the_default_engine_run_by_this_python(clean_env: pytest.MonkeyPatch) -> None:
    assert site_command() == [sys.executable, "-m", "mkdocs"]
    assert site_engine() == "mkdocs" and checks_file_links()


def test_naming_zensical_runs_it_with_this_python(clean_env: pytest.MonkeyPatch) -> None:
    clean_env.setenv(SITE_ENGINE_ENV, "Zensical")
    assert site_command() == [sys.executable, "-m", "zensical"]
    assert site_engine() == "zensical" and not checks_file_links()


def test_the_engine_is_read_from_a_whole_command(clean_env: pytest.MonkeyPatch) -> None:
    clean_env.setenv(SITE_CMD_ENV, "'/opt/my tools/bin/python' -m zensical")
    assert site_command() == ["/opt/my tools/bin/python", "-m", "zensical"]
    assert site_engine() == "zensical"
    clean_env.setenv(SITE_CMD_ENV, "/usr/local/bin/zensical")
    assert site_engine() == "zensical"
    clean_env.setenv(SITE_CMD_ENV, "/usr/bin/python3 -m mkdocs")
    assert site_engine() == "mkdocs"


def test_an_unknown_engine_name_is_a_user_error(clean_env: pytest.MonkeyPatch) -> None:
    clean_env.setenv(SITE_ENGINE_ENV, "hugo")
    with pytest.raises(UserError) as raised:
        site_command()
    diagnostic = raised.value.diagnostics[0]
    assert diagnostic.message == "FLS_DOCS_SITE_ENGINE='hugo' is not a site engine fls-docs knows"
    assert diagnostic.hint == "use mkdocs or zensical"


def test_zensical_problems_are_read_with_their_place() -> None:
    assert engine_problems(ZENSICAL_OUTPUT) == ["project/plan.md:127:15: page does not exist"]


def test_mkdocs_problems_are_read_as_before() -> None:
    assert engine_problems(MKDOCS_OUTPUT) == [
        "Doc file 'index.md' contains a link 'nowhere.md', but the target is not found among documentation files."]


def test_a_missing_engine_says_how_to_install_it() -> None:
    assert engine_failure(1, "/venv/bin/python: No module named zensical\n") == (
        "the site builder zensical is not installed in this Python environment "
        "(install it with: pip install 'fls-docs[zensical]')")


def test_a_crash_shows_its_last_words_without_the_traceback() -> None:
    output = ("Build started\nthread '<unnamed>' panicked at crates/zensical/src/workflow.rs:698:10:\n"
              "Traceback (most recent call last):\n  File \"x\", line 1\npyo3_runtime.PanicException: invariant: Id\n")
    assert engine_failure(1, output) == ("Build started\nthread '<unnamed>' panicked at crates/zensical/src/workflow.rs:698:10:\n"
                                         "pyo3_runtime.PanicException: invariant: Id")


# ---------------------------------------------------------------- building with Zensical

needs_zensical = pytest.mark.skipif(importlib.util.find_spec("zensical") is None,
                                    reason="zensical is not installed (pip install -e '.[zensical]')")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The minimal project built with MkDocs."""
    with pytest.MonkeyPatch.context() as patch:
        patch.delenv(SITE_CMD_ENV, raising=False)
        return _build(copy_project(tmp_path_factory.mktemp("built"), "minimal"))


@pytest.fixture
def zensical(built: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the built minimal project, with Zensical chosen as its site engine."""
    monkeypatch.setenv(SITE_CMD_ENV, shlex.join([sys.executable, "-m", "zensical"]))
    return shutil.copytree(built, tmp_path / "project", symlinks=True)


def _explain(project: Path) -> dict[str, str]:
    result = run("build", "--explain", "--quiet", project)
    assert result.exit_code == 0, result.output
    return dict(line.split(": ", 1) for line in result.output.splitlines() if ": " in line)


def _add_to_home_page(project: Path, text: str) -> None:
    page = project / "templates" / "site" / "index.md.j2"
    page.parent.mkdir(parents=True, exist_ok=True)
    page.write_text((TEMPLATES_DIR / "site" / "index.md.j2").read_text(encoding="utf-8") + text, encoding="utf-8")


@needs_zensical
def test_choosing_zensical_rebuilds_the_site_and_nothing_else(zensical: Path) -> None:
    explained = _explain(zensical)
    assert {name for name, why in explained.items() if why.startswith("rebuilt")} == {"site"}
    assert explained["site"] == "rebuilt (changed: site engine)"
    site = zensical / "build" / "site"
    assert "assets/stylesheets/modern/" in (site / "index.html").read_text(encoding="utf-8")  # Zensical's look
    assert json.loads((site / "search.json").read_text(encoding="utf-8"))  # its search index
    # Its cache is not part of the build.
    assert not (zensical / "build" / ".cache").exists()
    outputs = json.loads((zensical / "build" / ".manifest.json").read_text(encoding="utf-8"))["outputs"]
    assert not [name for name in outputs if name.startswith(".cache")]


@needs_zensical
@pytest.mark.parametrize(("text", "said"), [
    # Zensical's own check, with the page's line and column.
    ("\nSee [our charter](no-such-page.md).\n", re.compile(r"index\.md:\d+:\d+: page does not exist")),
    # Zensical does not check links to files that are not pages; fls-docs checks the built site for them.
    ("\n![The team](assets/charts/no-such-chart.png)\n",
     re.compile(re.escape("index.html: a link to 'assets/charts/no-such-chart.png', which is not in the site"))),
])
def test_zensical_fails_the_build_on_a_link_that_leads_nowhere(zensical: Path, text: str, said: re.Pattern) -> None:
    _add_to_home_page(zensical, text)
    result = run("build", zensical)
    assert result.exit_code == 1
    assert "Could not build site; build/ is unchanged." in result.output
    assert said.search(result.output), result.output
    assert "Traceback" not in result.output
