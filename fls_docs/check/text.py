"""Plain text from built outputs: Word documents and the site's Markdown pages, as blocks.

A block is a heading, paragraph, list item or table cell. Rules never join
sentences across blocks, and a block without closing punctuation (a heading, a
cell) still counts as a sentence of its own, as a reader sees it.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

# Inline code is replaced by a mark that is not a word, so "an `id` field" is not read as "an field".
CODE_MARK = "\u2026"

_FENCE = re.compile(r"^\s*(```|~~~)")
_TABLE_ROW = re.compile(r"^\s*\|")
_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+")
_LIST_ITEM = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+")
_ADMONITION = re.compile(r'^\s*(?:!!!|\?\?\?\+?)\s*\w+(?:\s+"([^"]*)")?\s*$')
_IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)(\{[^}]*\})?")
_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_ATTRS = re.compile(r"\{\s*[.#:][^}]*\}")
_CODE = re.compile(r"`[^`]*`")
_TAG = re.compile(r"<[^>]+>")
_COMMENT = re.compile(r"<!--.*?-->", re.S)
_EMPHASIS = re.compile(r"(\*\*|__|\*|(?<!\w)_(?=\S)|(?<=\S)_(?!\w))")
_PATH = re.compile(r"\S*[/_.]\S*\w")
_HIDDEN = 0xE000  # the start of Unicode's private use area
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|<>~&])")


def inline_text(line: str) -> str:
    """One line of Markdown as a reader sees it: no markup, links as their words."""
    # An escaped character is text, not markup: hide it from the other patterns until the end.
    line = _ESCAPE.sub(lambda m: chr(_HIDDEN + ord(m.group(1))), line)
    line = _IMAGE.sub("", line)
    line = _CODE.sub(CODE_MARK, line)
    line = _LINK.sub(r"\1", line)
    line = _ATTRS.sub("", line)
    line = _TAG.sub("", line)
    line = _EMPHASIS.sub("", line)
    line = "".join(chr(ord(c) - _HIDDEN) if _HIDDEN <= ord(c) < _HIDDEN + 128 else c for c in line)
    return " ".join(html.unescape(line).split())


def markdown_blocks(markdown: str) -> list[str]:
    """The prose of a Markdown page as blocks; tables, code and images are left out."""
    blocks: list[str] = []
    current: list[str] = []
    in_code = False

    def close() -> None:
        text = " ".join(part for part in (inline_text(line) for line in current) if part)
        # A block that is one file name or path ("content/plan.yaml") is a label, not prose.
        if text.strip(CODE_MARK + " ") and not _PATH.fullmatch(text):
            blocks.append(text)
        current.clear()

    for line in _COMMENT.sub("", markdown).splitlines():
        if _FENCE.match(line):
            close()
            in_code = not in_code
            continue
        if in_code:
            continue
        if not line.strip() or _TABLE_ROW.match(line):
            close()
            continue
        admonition = _ADMONITION.match(line)
        if admonition:
            close()
            if admonition.group(1):
                blocks.append(inline_text(admonition.group(1)))
            continue
        if _HEADING.match(line):
            close()
            current.append(_HEADING.sub("", line))
            close()
            continue
        if _LIST_ITEM.match(line):
            close()
            line = _LIST_ITEM.sub("", line)
        current.append(line)
    close()
    return blocks


def docx_blocks(path: Path) -> list[str]:
    """Every paragraph and table cell of a Word document's body, in reading order."""
    from docx import Document
    from docx.table import Table

    blocks: list[str] = []

    def walk(container: object) -> None:
        for item in container.iter_inner_content():  # type: ignore[attr-defined]
            if isinstance(item, Table):
                # A merged cell is returned once for each grid column it spans. Its element is kept as well
                # as its id: lxml makes a new Python object for an element each time it is asked, and once one
                # is freed another cell's object can take the same id, which would skip that cell at random.
                seen: dict[int, object] = {}
                for row in item.rows:
                    for cell in row.cells:
                        if id(cell._tc) not in seen:
                            seen[id(cell._tc)] = cell._tc
                            walk(cell)
            else:
                text = " ".join(item.text.split())
                if text:
                    blocks.append(text)

    walk(Document(str(path)))
    return blocks


def plain_blocks(text: str) -> list[str]:
    """Plain text as blocks: each non-empty line is one."""
    return [" ".join(line.split()) for line in text.splitlines() if line.strip()]
