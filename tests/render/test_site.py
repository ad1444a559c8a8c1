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


def test_project_page_shows_status_counts_and_milestones(built_example: Path) -> None:
    text = " ".join(_parse(built_example / "build" / "site" / "project" / "status.html").text)
    assert "Tasks by status" in text and "Next milestones" in text
    assert "Compare our performance with the national standards and set priorities" in text


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
