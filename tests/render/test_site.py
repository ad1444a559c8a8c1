"""The guide site as built by MkDocs: pages, links, and content shown literally."""

from html.parser import HTMLParser
from pathlib import Path

from fls_docs.render.site import PHASE_PAGES
from tests.conftest import TRICKY_TITLE, copy_project, edit, run


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.text: list[str] = []
        self.scripts_inline: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])
        self._in_script = tag == "script" and "src" not in attrs

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = False

    def handle_data(self, data):
        (self.scripts_inline if self._in_script else self.text).append(data)


def _parse(path: Path) -> _Page:
    page = _Page()
    page.feed(path.read_text(encoding="utf-8"))
    return page


def test_home_page_links_to_every_phase_page(built_example: Path) -> None:
    site = built_example / "build" / "site"
    links = set(_parse(site / "index.html").links)
    for _, md_path in PHASE_PAGES:
        html = md_path.replace(".md", ".html")
        assert html in links, html
        assert (site / html).is_file()


def test_dashboard_shows_status_counts_milestones_and_headline_figures(built_example: Path) -> None:
    from fls_docs.build import today
    from fls_docs.calc.results import calculate
    from fls_docs.model.validate import load_project
    from fls_docs.render.formatting import money, num

    text = " ".join(_parse(built_example / "build" / "site" / "project" / "dashboard.html").text)
    assert "Tasks by status" in text and "Next milestones" in text
    assert "Compare our performance with the national standards and set priorities" in text
    project, _ = load_project(built_example)
    results = calculate(project, today())
    for figure in (num(results.benefits.expected_per_year), num(results.benefits.prevented),
                   money(results.economics.npsv), num(results.economics.qalys, 1)):
        assert figure in text


def _status_count(page: Path, status: str) -> int:
    """The number in the 'Tasks by status' table beside a status badge."""
    import re

    html = page.read_text(encoding="utf-8")
    match = re.search(rf">{status}</span></td>\s*<td[^>]*>(\d+)</td>", html)
    assert match, status
    return int(match[1])


TASK_1_3 = """      - id: "1.3"
        title: Form the project team and hold its first meeting
        lead: pm
        start: 2026-05-25
        due: 2026-06-05
        status: complete"""


def test_changing_a_status_changes_the_dashboard_and_the_checklist(tmp_path: Path) -> None:
    root = copy_project(tmp_path)
    assert run("build", "--quiet", root).exit_code == 0
    dashboard = root / "build" / "site" / "project" / "dashboard.html"
    checklist = root / "build" / "site" / "guide" / "1-start-out.html"
    complete, on_track = _status_count(dashboard, "Complete"), _status_count(dashboard, "On track")
    assert "A working project team with a clinical lead and a sponsor (done)" in " ".join(_parse(checklist).text)
    edit(root / "content" / "plan.yaml", TASK_1_3,
         TASK_1_3.replace("2026-06-05", "2026-12-18").replace("status: complete", "status: on track"))
    assert run("build", "--quiet", root).exit_code == 0
    assert _status_count(dashboard, "Complete") == complete - 1
    assert _status_count(dashboard, "On track") == on_track + 1
    assert "A working project team with a clinical lead and a sponsor (not yet)" in " ".join(_parse(checklist).text)


def test_phase_checklist_follows_the_plan(tmp_path: Path) -> None:
    root = copy_project(tmp_path, "minimal")
    assert run("build", "--quiet", root).exit_code == 0
    page = root / "build" / "site" / "guide" / "1-start-out.html"
    assert 'checked' in page.read_text() and "A working project team (done)" in " ".join(_parse(page).text)
    edit(root / "content" / "plan.yaml", "        status: complete", "        status: on track")
    assert run("build", "--quiet", root).exit_code == 0
    assert "A working project team (not yet)" in " ".join(_parse(page).text)


def test_markup_in_content_is_shown_as_text_everywhere(built_tricky: Path) -> None:
    page = built_tricky / "build" / "site" / "guide" / "1-start-out.html"
    parsed = _parse(page)
    assert TRICKY_TITLE in " ".join(" ".join(parsed.text).split())
    assert not any("alert(1)" in s for s in parsed.scripts_inline)
    assert "<script>alert(1)</script>" not in page.read_text()


def test_downloads_are_served_with_the_site(built_example: Path) -> None:
    downloads = built_example / "build" / "site" / "downloads"
    assert (downloads / "project-initiation-document.docx").is_file()
    assert (downloads / "improvement-project-plan.xlsx").is_file()


def test_every_download_is_served_and_linked(built_example: Path) -> None:
    from fls_docs.render.site import DOWNLOADS

    downloads = built_example / "build" / "site" / "downloads"
    links = set(_parse(built_example / "build" / "site" / "project" / "downloads.html").links)
    for d in DOWNLOADS:
        assert (downloads / d.file).is_file()
        assert f"../downloads/{d.file}" in links


def test_every_page_in_the_navigation_is_built(built_example: Path) -> None:
    from fls_docs.render.site import PAGES

    for page in PAGES:
        assert (built_example / "build" / "site" / page.path.replace(".md", ".html")).is_file(), page.path


def test_the_field_reference_lists_every_schema_field(built_example: Path) -> None:
    from fls_docs.render.field_reference import all_references

    text = " ".join(_parse(built_example / "build" / "site" / "team" / "field-reference.html").text)
    for ref in all_references():
        assert f"content/{ref.file.filename}" in text
        for field in ref.fields:
            assert field.path in text, field.path
    assert "phases[].tasks[].due" in text and "Placeholder: [Commissioner lead (post title)]" in text


# Strings in the theme's bundled JavaScript that name outside addresses but are never requested by
# this site: licence notices, and code paths for features the site does not use (diagrams, repository
# statistics, a polyfill for browsers without ResizeObserver). Any other address fails the scan.
INERT_IN_THEME_JS = (
    "mozilla.org/MPL", "github.com/", "snowball.tartarus.org", "code.google.com/p/urim", "unpkg.com/resize-observer-polyfill",
    "unpkg.com/mermaid", "fontawesome.com", "clipboardjs.com", "bit.ly/2s3ChXG", "api.github.com", "developer.mozilla.org",
    "wiki.ecmascript.org", "wiki.commonjs.org", "underscorejs.org", "tartarus.org/~martin", "people.mozilla.org",
    "narwhaljs.org", "msdn.microsoft.com", "lunrjs.com", "en.wikipedia.org", "npmjs.com/package/iframe-worker", "${e}/api/v4",
    "chasen.org/~taku", "docs.python.org/library",
)
LOCAL = ("http://127.0.0.1", "http://localhost", "http://www.w3.org/2000/svg", "http://www.w3.org/1999/xlink")


def test_no_page_references_anything_outside_the_site(built_example: Path) -> None:
    import re

    site = built_example / "build" / "site"
    absolute = re.compile(r"^(?:https?:)?//")
    url_in_js = re.compile(r"https?://[A-Za-z0-9$][^\s\"'()<>`]*")
    attribute = re.compile(r"""\b(?:src|href|srcset|action|poster|data)\s*=\s*["']([^"']+)["']""", re.I)
    css_url = re.compile(r"""(?:url\(|@import\s+)["']?([^"')\s]+)""")
    problems = []
    for path in sorted(site.rglob("*")):
        name = str(path.relative_to(site))
        if path.suffix == ".html":
            html = path.read_text(encoding="utf-8")
            problems += [f"{name}: {t}" for t in attribute.findall(html) if absolute.match(t) and not t.startswith(LOCAL)]
            assert 'class="mermaid"' not in html  # the theme would fetch its diagram library
        elif path.suffix == ".css":
            text = path.read_text(encoding="utf-8")
            problems += [f"{name}: {t}" for t in css_url.findall(text) if absolute.match(t) and not t.startswith(LOCAL)]
        elif path.suffix == ".js":
            for target in url_in_js.findall(path.read_text(encoding="utf-8")):
                if not target.startswith(LOCAL) and not any(inert in target for inert in INERT_IN_THEME_JS):
                    problems.append(f"{name}: {target}")
    assert problems == []


def test_the_team_page_has_the_stakeholder_map_and_the_power_interest_grid_with_alt_text(built_example: Path) -> None:
    html = (built_example / "build" / "site" / "project" / "team.html").read_text(encoding="utf-8")
    assert 'src="../assets/charts/stakeholder-map.svg"' in html
    assert 'alt="Map of the project team inside the stakeholder reference group. ' in html
    assert 'src="../assets/charts/power-interest.png"' in html
    assert 'alt="Power and interest grid of the stakeholder reference group. Keep satisfied: ' in html
    charts = built_example / "build" / "site" / "assets" / "charts"
    assert (charts / "power-interest.png").stat().st_size > 10_000
    assert (charts / "stakeholder-map.svg").read_text(encoding="utf-8").lstrip().startswith("<?xml")
