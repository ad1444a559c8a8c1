"""The built site in a real headless Chromium: pages, search, downloads, accessibility, escaping."""

import functools
import http.server
import os
import shutil
import tempfile
import threading
from pathlib import Path
from urllib.parse import urlparse

import pytest

from fls_docs.render.site import DOWNLOADS, PAGES
from tests.conftest import REPO, TRICKY_TITLE

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
REQUIRED = os.environ.get("FLS_DOCS_REQUIRE_BROWSER")
# Screenshots go to the temporary folder, never into the source tree.
ARTIFACTS = Path(tempfile.gettempdir()) / "fls-docs-test-artifacts"

try:
    from playwright.sync_api import sync_playwright
except ImportError:  # pragma: no cover - playwright is in the test extras
    sync_playwright = None

if not (CHROMIUM and sync_playwright):
    if REQUIRED:
        raise RuntimeError("Chromium and Playwright are required for the browser tests but are missing")
    pytest.skip("Chromium is not installed", allow_module_level=True)

HTML_PAGES = [p.path.replace(".md", ".html") for p in PAGES]


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


def _serve(root: Path):
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(root)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


@pytest.fixture(scope="module")
def browser():
    with sync_playwright() as p:
        # --no-sandbox: CI runs as root in a container, where Chromium's sandbox cannot start.
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-dev-shm-usage"])
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def site(built_example: Path):
    server = _serve(built_example / "build" / "site")
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


@pytest.fixture(scope="module")
def axe_script() -> str:
    import importlib.util

    spec = importlib.util.spec_from_file_location("fetch_axe_core", REPO / "scripts" / "fetch_axe_core.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    try:
        return module.fetch().read_text(encoding="utf-8")
    except OSError as exc:  # no network and nothing cached
        if REQUIRED:
            raise
        pytest.skip(f"axe-core could not be fetched: {exc}")


def _open(browser, url: str):
    """A page loaded from ``url``, with its console errors and every request it made."""
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    errors: list[str] = []
    requests: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("request", lambda r: requests.append(r.url))
    page.goto(url, wait_until="networkidle")
    return page, errors, requests


@pytest.mark.parametrize("path", HTML_PAGES)
def test_every_page_loads_cleanly_and_stays_on_localhost(browser, site: str, path: str) -> None:
    page, errors, requests = _open(browser, f"{site}/{path}")
    assert page.locator("h1").first.inner_text().strip()
    assert errors == []
    outside = [r for r in requests if urlparse(r).hostname not in ("127.0.0.1", "localhost") and not r.startswith("data:")]
    assert outside == []
    page.close()


def test_search_finds_a_task_by_name(browser, site: str) -> None:
    page, errors, _ = _open(browser, f"{site}/index.html")
    page.locator(".md-search__input").first.click()
    page.keyboard.type("extract", delay=20)
    results = page.locator(".md-search-result__item")
    results.first.wait_for(timeout=10_000)
    assert "Extract fracture admissions by site from hospital statistics" in page.locator(".md-search-result").inner_text()
    assert errors == []
    page.close()


def test_search_works_from_a_file_share(browser, built_example: Path) -> None:
    """Opened as files (no web server), search still runs, using the bundled shim."""
    page, errors, requests = _open(browser, (built_example / "build" / "site" / "index.html").as_uri())
    page.locator(".md-search__input").first.click()
    page.keyboard.type("extract", delay=20)
    page.locator(".md-search-result__item").first.wait_for(timeout=10_000)
    assert "Extract fracture admissions" in page.locator(".md-search-result").inner_text()
    assert all(r.startswith(("file:", "data:", "about:", "blob:")) for r in requests)
    page.close()


@pytest.mark.parametrize("download", [d.file for d in DOWNLOADS])
def test_downloads_respond(browser, site: str, download: str) -> None:
    page, _, _ = _open(browser, f"{site}/project/downloads.html")
    link = page.locator(f'a[href$="{download}"]')
    assert link.count() == 1
    response = page.request.get(f"{site}/downloads/{download}")
    assert response.status == 200 and len(response.body()) > 1000
    page.close()


@pytest.mark.parametrize("path", HTML_PAGES)
def test_no_serious_accessibility_violations(browser, site: str, axe_script: str, path: str) -> None:
    page, _, _ = _open(browser, f"{site}/{path}")
    page.add_script_tag(content=axe_script)
    result = page.evaluate("""async () => await axe.run(document, {
        runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']}})""")
    serious = [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3]) for v in result["violations"]
               if v["impact"] in ("serious", "critical")]
    assert serious == []
    page.close()


def test_a_task_named_like_a_script_shows_as_text(browser, built_tricky: Path) -> None:
    server = _serve(built_tricky / "build" / "site")
    try:
        page, errors, _ = _open(browser, f"http://127.0.0.1:{server.server_address[1]}/project/plan.html")
        dialogs: list[str] = []
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        page.reload(wait_until="networkidle")
        assert TRICKY_TITLE in page.locator("article").inner_text()
        assert page.locator("article b, article script").count() == 0
        assert dialogs == [] and errors == []
        page.close()
    finally:
        server.shutdown()


def test_dashboard_screenshot_is_kept(browser, site: str) -> None:
    page, _, _ = _open(browser, f"{site}/project/dashboard.html")
    ARTIFACTS.mkdir(exist_ok=True)
    shot = ARTIFACTS / "dashboard.png"
    page.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 20_000
    page.close()
