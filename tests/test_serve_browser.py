"""fls-docs serve in a real headless Chromium: a broken save shows its errors on the open page until a good build."""

import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from fls_docs.serve import BANNER_HEADING
from tests.conftest import copy_project, edit

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
try:
    from playwright.sync_api import sync_playwright
except ImportError:  # pragma: no cover - playwright is in the test extras
    sync_playwright = None

if not (CHROMIUM and sync_playwright):
    if os.environ.get("FLS_DOCS_REQUIRE_BROWSER"):
        raise RuntimeError("Chromium and Playwright are required for the browser tests but are missing")
    pytest.skip("Chromium is not installed", allow_module_level=True)

BUILD_WAIT_MS = 180_000  # a rebuild on a busy two-core machine


@pytest.fixture()
def served(tmp_path: Path):
    """The minimal project served by `fls-docs serve` in its own process, and the URL it serves."""
    root = copy_project(tmp_path, "minimal")
    env = dict(os.environ, FLS_DOCS_TODAY="2026-11-25")
    process = subprocess.Popen([sys.executable, "-m", "fls_docs", "serve", "--port", "0", str(root)],
                               stderr=subprocess.PIPE, text=True, env=env)
    try:
        url = next((line.split()[1] for line in process.stderr if line.startswith("serving ")), None)
        assert url, "the server did not start"
        # Keep reading what the server says, so its pipe never fills and blocks it.
        threading.Thread(target=lambda: [None for _ in process.stderr], daemon=True).start()
        yield root, url
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_a_broken_save_shows_its_errors_on_the_open_page_until_a_good_build(served) -> None:
    root, url = served
    plan = root / "content" / "plan.yaml"
    with sync_playwright() as p:
        # --no-sandbox: CI runs as root in a container, where Chromium's sandbox cannot start.
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-dev-shm-usage"])
        try:
            page = browser.new_page()
            page.goto(url + "project/plan.html")
            page.wait_for_function("document.body.innerText.includes('Map the pathway')")
            assert page.locator("#fls-docs-error").count() == 0

            edit(plan, "due: 2026-01-30", "due: 2026-13-45")
            banner = page.locator("#fls-docs-error")
            banner.wait_for(state="visible", timeout=BUILD_WAIT_MS)
            assert banner.get_attribute("role") == "alert"
            assert banner.locator("strong").inner_text() == BANNER_HEADING
            assert banner.locator("li").all_inner_texts() == [
                'content/plan.yaml:12:14: task 1.1 "Form the team", due: "2026-13-45" is not a valid date '
                "(use YYYY-MM-DD, for example 2026-03-31)"]
            assert page.url == url + "project/plan.html"  # the same page, still showing the last good build
            assert "Map the pathway" in page.inner_text("article")

            edit(plan, "due: 2026-13-45", "due: 2026-01-30")
            edit(plan, "title: Map the pathway", "title: Map the current pathway")
            page.wait_for_function("document.body.innerText.includes('Map the current pathway')", timeout=BUILD_WAIT_MS)
            assert page.url == url + "project/plan.html"
            assert page.locator("#fls-docs-error").count() == 0
        finally:
            browser.close()
