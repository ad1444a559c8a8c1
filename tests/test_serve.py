"""fls-docs serve: builds, serves, rebuilds on save, and survives a broken file."""

import json
import os
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import copy_project, edit


def _get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 - a local test server
        return response.read().decode("utf-8")


def _wait_for(check, timeout: float = 60.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(0.3)
    raise AssertionError("timed out")


@pytest.fixture()
def server(tmp_path: Path):
    root = copy_project(tmp_path)
    env = dict(os.environ, FLS_DOCS_TODAY="2026-11-25")
    process = subprocess.Popen([sys.executable, "-m", "fls_docs", "serve", "--port", "0", str(root)],
                               stderr=subprocess.PIPE, text=True, env=env)
    url = None
    try:
        for line in process.stderr:
            if line.startswith("serving "):
                url = line.split()[1]
                break
        assert url, "the server did not start"
        yield root, url, process
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_serve_rebuilds_the_page_after_a_save_and_reloads(server) -> None:
    root, url, _ = server
    page = _get(url + "project/plan.html")
    assert "Estimate the staff and capacity needed with the cost calculator" in page
    assert "/__fls-docs/status" in page  # the reload script is injected
    first = json.loads(_get(url + "__fls-docs/status"))["build"]
    edit(root / "content" / "plan.yaml", "title: Estimate the staff and capacity needed with the cost calculator",
         "title: Work out the staff the service needs")
    _wait_for(lambda: "Work out the staff the service needs" in _get(url + "project/plan.html"))
    # The browser reloads when the build number moves on.
    _wait_for(lambda: json.loads(_get(url + "__fls-docs/status"))["build"] > first)


def test_a_broken_file_is_reported_and_the_last_good_site_stays(server) -> None:
    root, url, _ = server
    plan = root / "content" / "plan.yaml"
    good = plan.read_text(encoding="utf-8")
    plan.write_text(good.replace("due: 2027-01-22", "due: 2027-13-45", 1), encoding="utf-8")
    status = _wait_for(lambda: json.loads(_get(url + "__fls-docs/status"))["error"])
    assert 'content/plan.yaml' in status and "is not a valid date" in status
    assert "Estimate the staff and capacity needed" in _get(url + "project/plan.html")
    plan.write_text(good, encoding="utf-8")
    _wait_for(lambda: json.loads(_get(url + "__fls-docs/status"))["error"] == "")


def test_a_project_that_has_never_built_shows_why(tmp_path: Path) -> None:
    root = copy_project(tmp_path)
    edit(root / "content" / "plan.yaml", "due: 2027-01-22", "due: 2027-13-45")
    env = dict(os.environ, FLS_DOCS_TODAY="2026-11-25")
    process = subprocess.Popen([sys.executable, "-m", "fls_docs", "serve", "--port", "0", str(root)],
                               stderr=subprocess.PIPE, text=True, env=env)
    try:
        url = next(line.split()[1] for line in process.stderr if line.startswith("serving "))
        assert "The site has not been built yet" in _get(url + "index.html")
        assert "is not a valid date" in json.loads(_get(url + "__fls-docs/status"))["error"]
    finally:
        process.terminate()
        process.wait(timeout=10)
