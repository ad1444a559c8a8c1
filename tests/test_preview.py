"""Which site commands serve can render page by page: MkDocs run by this Python, however it is named."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from fls_docs.preview import available


@pytest.mark.parametrize("command, expected", [
    ("", True),  # the default: MkDocs run by this Python
    (f"{sys.executable} -m mkdocs", True),  # as the Makefile names it
    (f"{Path(sys.prefix) / 'bin' / 'python3'} -m mkdocs", True),
    (f"{sys.executable} -m zensical", False),
    ("/opt/elsewhere/bin/python -m mkdocs", False),  # another environment's MkDocs, perhaps another version
    ("mkdocs-wrapper --fast", False),
])
def test_page_by_page_needs_this_pythons_mkdocs(monkeypatch: pytest.MonkeyPatch, command: str, expected: bool) -> None:
    monkeypatch.delenv("FLS_DOCS_SITE_ENGINE", raising=False)
    monkeypatch.setenv("FLS_DOCS_SITE_CMD", command)
    assert available() is expected


def test_zensical_by_name_is_built_whole(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("FLS_DOCS_SITE_CMD", raising=False)
    monkeypatch.setenv("FLS_DOCS_SITE_ENGINE", "zensical")
    assert available() is False
