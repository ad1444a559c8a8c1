"""The built site in a real headless Chromium: pages, search, downloads, accessibility, escaping.

Each test that takes ``site`` or ``built_site`` runs once for each site engine: the site MkDocs builds and the
same pages built by Zensical.
"""

import functools
import http.server
import importlib.util
import os
import shlex
import shutil
import sys
import tempfile
import threading
from pathlib import Path
from urllib.parse import urlparse

import pytest

from fls_docs.render.site import DOWNLOADS, PAGES
from fls_docs.site_engine import ENGINES, SITE_CMD_ENV
from tests.conftest import REPO, TRICKY_TITLE, _build

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
# How each engine's search opens, what one found item is, and where the results are listed. Zensical's
# search dialog sits in a shadow root, which Playwright's CSS selectors reach into.
SEARCH = {"mkdocs": (".md-search__input", ".md-search-result__item", ".md-search-result"),
          "zensical": (".md-search__button", "dialog ol li", "dialog")}


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


@pytest.fixture(scope="module", params=ENGINES)
def engine(request: pytest.FixtureRequest) -> str:
    return request.param


@pytest.fixture(scope="module")
def built_site(engine: str, built_example: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example's site as ``engine`` builds it: MkDocs' is the shared build; Zensical rebuilds a copy of it."""
    if engine == "mkdocs":
        return built_example / "build" / "site"
    if importlib.util.find_spec(engine) is None:
        if REQUIRED:
            raise RuntimeError(f"{engine} is required for the browser tests but is not installed")
        pytest.skip(f"{engine} is not installed (pip install -e '.[{engine}]')")
    # build/'s links are relative, so the copy is a whole build; only the site is out of date in it.
    root = shutil.copytree(built_example, tmp_path_factory.mktemp(engine) / "example", symlinks=True)
    with pytest.MonkeyPatch.context() as patch:  # `make test` exports MkDocs' command
        patch.setenv(SITE_CMD_ENV, shlex.join([sys.executable, "-m", engine]))
        _build(root)
    site = root / "build" / "site"
    assert "assets/stylesheets/modern/" in (site / "index.html").read_text(encoding="utf-8")  # Zensical's own look
    return site


@pytest.fixture(scope="module")
def site(built_site: Path):
    server = _serve(built_site)
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


def _search(page, engine: str, words: str) -> str:
    """Type ``words`` into the engine's search box; the text of what it found."""
    opener, item, results = SEARCH[engine]
    page.locator(opener).first.click()
    page.keyboard.type(words, delay=20)
    page.locator(item).first.wait_for(timeout=10_000)
    return page.locator(results).first.inner_text()


def test_search_finds_a_task_by_name(browser, site: str, engine: str) -> None:
    page, errors, _ = _open(browser, f"{site}/index.html")
    assert "Extract fracture admissions by site from hospital statistics" in _search(page, engine, "extract")
    assert errors == []
    page.close()


def test_search_works_from_a_file_share(browser, built_site: Path, engine: str) -> None:
    """Opened as files (no web server), search still runs, using the bundled shim."""
    page, errors, requests = _open(browser, (built_site / "index.html").as_uri())
    assert "Extract fracture admissions" in _search(page, engine, "extract")
    assert errors == []
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
