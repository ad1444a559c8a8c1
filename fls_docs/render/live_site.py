"""MkDocs kept running in this process, so a changed page is rendered on its own.

A clean ``mkdocs build`` of the site takes about half a second of work even
when one page changed, and a new process adds as much again. ``fls-docs serve``
instead keeps one MkDocs build in memory: the configuration, the theme, the
files, the navigation and every page as last rendered. When pages' Markdown
changes it renders just those pages again, in the same steps and with the same
plugins as a whole build, rebuilds the search index from each page's entries
(kept from when the page was last rendered) and writes only the files that
changed, into a folder of its own. The caller copies them into a build.

This is only for changes to the pages' text. A page added or removed, a new
image or download, a changed configuration or theme: each changes what every
page shows (its navigation, its links), so the caller makes a clean build
instead and starts a new LiveSite from it.

The steps follow ``mkdocs.commands.build.build`` of MkDocs 1.6 (pinned below 2);
tests/render/test_live_site.py checks that the result equals a clean build.
"""

from __future__ import annotations

import logging
import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from fls_docs.manifest import file_digest

# Files a clean build puts in the site only as names: the real ones are linked in afterwards (see build.py).
PLACEHOLDER_FOLDERS = ("assets/charts", "downloads")
SEARCH_FILES = ("search/search_index.json", "search/search_index.js")


class LiveSiteFailed(Exception):
    """MkDocs warned or failed; a clean build will report it in full."""


class _Warnings(logging.Handler):
    """Every warning MkDocs logs while the site is rendered: a strict build fails on any of them."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@contextmanager
def _strict() -> Iterator[_Warnings]:
    found = _Warnings()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(found)
    try:
        yield found
    finally:
        logger.removeHandler(found)
    if found.messages:
        raise LiveSiteFailed("; ".join(found.messages))


def copy_pages(site_src: Path, docs_dir: Path) -> None:
    """Copy a build's site-src into ``docs_dir``: pages and assets as they are, charts and downloads as empty names."""
    if docs_dir.exists():
        shutil.rmtree(docs_dir)

    def copy(source: str, target: str) -> None:
        relative = Path(source).relative_to(site_src).as_posix()
        if relative.startswith(PLACEHOLDER_FOLDERS):
            Path(target).touch()
        else:
            shutil.copyfile(source, target)

    shutil.copytree(site_src, docs_dir, copy_function=copy)


class LiveSite:
    """One MkDocs site held in memory: built whole once, then page by page."""

    def __init__(self, config_file: Path):
        """Build the whole site described by ``config_file`` (its docs_dir and site_dir are this site's own)."""
        os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")  # the upstream end-of-life banner
        from mkdocs.commands.build import _build_extra_template, _build_theme_template, _populate_page, get_files, \
            get_navigation
        from mkdocs.config import load_config
        from mkdocs.structure.files import set_exclusions
        from mkdocs.structure.pages import Page

        with _strict():
            config = load_config(str(config_file), strict=True)
            config = config.plugins.on_config(config)
            config.plugins.on_pre_build(config=config)
            site_dir = Path(config.site_dir)
            if site_dir.exists():
                shutil.rmtree(site_dir)
            files = get_files(config)
            env = config.theme.get_env()
            files.add_files_from_theme(env, config)
            files = config.plugins.on_files(files, config=config)
            set_exclusions(files, config)
            nav = get_navigation(files, config)
            nav = config.plugins.on_nav(nav, config=config, files=files)
            for file in files.documentation_pages():
                if file.page is None:
                    Page(None, file, config)
                _populate_page(file.page, config, files)
            env = config.plugins.on_env(env, config=config, files=files)
            files.copy_static_files()
            for template in config.theme.static_templates:
                _build_theme_template(template, env, files, config, nav)
            for template in config.extra_templates:
                _build_extra_template(template, files, config, nav)
            self.config, self.files, self.nav, self.env = config, files, nav, env
            self.docs_dir, self.site_dir = Path(config.docs_dir), site_dir
            self._entries: dict[str, list[dict[str, Any]]] = {}  # each page's search entries, by its source
            self._render(self._pages())
            self._finish()
        self.pages = {p.file.src_uri: file_digest(self.docs_dir / p.file.src_uri) for p in self._pages()}

    def _pages(self) -> list[Any]:
        return [file.page for file in self.files.documentation_pages()]

    def _search(self) -> Any:
        """Material's search plugin, whose index gathers each page's sections as the page is rendered."""
        return next(p for p in self.config.plugins.values() if hasattr(p, "search_index"))

    def _render(self, pages: list[Any]) -> None:
        from mkdocs.commands.build import _build_page

        index = self._search().search_index
        documentation = self.files.documentation_pages()
        for page in pages:
            before = len(index.entries)
            _build_page(page, self.config, documentation, self.nav, self.env)
            self._entries[page.file.src_uri] = index.entries[before:]

    def _finish(self) -> None:
        """Check links to headings across every page and write the search index (and the offline copy of it)."""
        index = self._search().search_index
        # In page order, as a clean build adds them, so the index comes out the same byte for byte.
        index.entries = [entry for page in self._pages() for entry in self._entries.get(page.file.src_uri, [])]
        log_level = self.config.validation.links.anchors
        for page in self._pages():
            page.validate_anchor_links(files=self.files, log_level=log_level)
        self.config.plugins.on_post_build(config=self.config)

    def update(self, changed: dict[str, str]) -> list[str]:
        """Render the pages whose Markdown is given (source path -> new text) and write what changed.

        Returns the site files written, relative to ``site_dir``. Raises LiveSiteFailed on any warning, and
        KeyError for a page the site does not have (a new page needs a clean build).
        """
        from mkdocs.commands.build import _populate_page

        files = {src: self.files.get_file_from_path(src) for src in changed}
        missing = [src for src, file in files.items() if file is None or file.page is None]
        if missing:
            raise KeyError(", ".join(missing))
        pages = [file.page for file in files.values()]
        with _strict():
            for page, (src, text) in zip(pages, changed.items()):
                (self.docs_dir / src).write_text(text, encoding="utf-8")
                _populate_page(page, self.config, self.files)
            index = self._search().search_index
            index.entries = []
            self._render(pages)
            self._finish()
        self.pages.update({src: file_digest(self.docs_dir / src) for src in changed})
        return [page.file.dest_uri for page in pages] + [name for name in SEARCH_FILES if (self.site_dir / name).exists()]
