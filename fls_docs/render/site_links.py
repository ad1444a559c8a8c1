"""Every link and image in a built site leads to a file of the site: the check for engines that do not make it.

Zensical's strict mode fails on a link to a missing page or heading, but not on
a link to a missing image, chart or download, which MkDocs' does. Run on the
built HTML, this catches those whichever engine made it.
"""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

# The attributes that load or lead to another file.
_REFERENCES = {"a": "href", "img": "src", "link": "href", "script": "src", "source": "src", "iframe": "src"}


class _References(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        wanted = _REFERENCES.get(tag)
        for name, value in attrs:
            if name == wanted and value:
                self.found.append(value)


def _local_path(reference: str) -> str | None:
    """The file a reference names inside the site, or None for one that leaves the site or stays on the page."""
    parts = urlsplit(reference)
    if parts.scheme or parts.netloc or reference.startswith(("#", "/")):
        return None
    return unquote(parts.path) or None


def broken_links(site_dir: Path) -> list[str]:
    """``page: link to target, which is not in the site`` for every reference to a file that is not there."""
    root = site_dir.resolve()
    problems = []
    for page in sorted(root.rglob("*.html")):
        parser = _References()
        parser.feed(page.read_text(encoding="utf-8", errors="replace"))
        for reference in dict.fromkeys(parser.found):  # each once per page
            path = _local_path(reference)
            if path is None:
                continue
            target = (page.parent / path).resolve()
            inside = target == root or root in target.parents
            if not inside or not (target.is_file() or (target / "index.html").is_file()):
                problems.append(f"{page.relative_to(root).as_posix()}: a link to {reference!r}, which is not in the site")
    return problems


def site_link_problems(site_dir: Path) -> str:
    """Why a built site fails the link check, in words for the terminal, or "" when every link leads somewhere.

    Only for an engine that does not check links to files itself (see site_engine.checks_file_links).
    """
    from fls_docs.site_engine import checks_file_links, site_engine

    if checks_file_links():
        return ""
    broken = broken_links(site_dir)
    if not broken:
        return ""
    listed = "\n".join(f"  {b}" for b in broken)
    return (f"{len(broken)} link(s) in the site built by {site_engine()} lead nowhere, and a strict build fails on any "
            f"(the pages are made from the templates in templates/site/):\n{listed}")
