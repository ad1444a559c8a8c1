"""Text a team has not replaced yet: the worked example's, or a blank project's "[placeholders]".

A project made with ``fls-docs init`` starts as a copy of the Wyvern Valley example
(or of the blank skeleton). Once it has a name of its own it is no longer the
example, so any of the example's distinctive text still in its content files is
reported, once per file at its first line; so is a content file left exactly as
the example's (such as its made-up audit counts). Placeholder text in square
brackets, as the blank project writes it, is reported field by field.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterator

import yaml

from fls_docs.diagnostics import Diagnostic, Severity
from fls_docs.model.characters import printable
from fls_docs.model.files import CONTENT_DIR
from fls_docs.model.load import Document
from fls_docs.paths import EXAMPLE_CONTENT_DIR, SKELETON_DIR

TEXT_SUFFIXES = (".yaml", ".yml", ".csv", ".md", ".txt")
# "[Name of the clinical lead]": a whole value in square brackets, as the blank project writes its placeholders.
PLACEHOLDER = re.compile(r"^\[[^\[\]]+\]$")


@lru_cache(maxsize=1)
def example() -> tuple[str, tuple[str, ...]]:
    """The example project's name and the strings only it uses (lower case).

    The fixed list lives in ``skeleton/example_text.yaml``; the example's team
    members' names are read from its project.yaml, so they follow the example.
    """
    markers = list(yaml.safe_load((SKELETON_DIR / "example_text.yaml").read_text(encoding="utf-8"))["markers"])
    project = yaml.safe_load((EXAMPLE_CONTENT_DIR / "project.yaml").read_text(encoding="utf-8"))
    markers += [person["name"] for person in project.get("team", [])]
    return project["project"]["name"], tuple(sorted({m.casefold() for m in markers}))


def _is_example(documents: dict[str, Document]) -> bool:
    """The example, or a copy of it that has not been given a name of its own."""
    project = documents.get("project")
    data = project.data if project else None
    name = data.get("project", {}).get("name") if isinstance(data, dict) and isinstance(data.get("project"), dict) else None
    return name is None or name == example()[0]


def _same_as_example(path: Path) -> bool:
    twin = EXAMPLE_CONTENT_DIR / path.name
    try:
        return twin.is_file() and twin.read_bytes() == path.read_bytes()
    except OSError:
        return False


def _first_marker(lines: list[str], markers: tuple[str, ...]) -> tuple[int, int, str, int] | None:
    """(line, column, the line's text, how many lines hold example text) for the first such line."""
    found = []
    for number, line in enumerate(lines, start=1):
        folded = line.casefold()
        hits = [folded.find(m) for m in markers if m in folded]
        if hits:
            found.append((number, min(hits) + 1, line.strip()))
    if not found:
        return None
    return (*found[0], len(found))


def _around(text: str, at: int, width: int = 60) -> str:
    """About ``width`` characters of ``text`` around position ``at``, with "..." where it is cut."""
    start = max(0, min(at - width // 3, len(text) - width))
    shown = text[start:start + width]
    return ("..." if start else "") + shown + ("..." if start + width < len(text) else "")


def _leftover(path: Path, display: str, markers: tuple[str, ...]) -> Diagnostic | None:
    hint = "replace it with your own project's, or start again with `fls-docs init --blank`"
    try:
        lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return None
    first = _first_marker(lines, markers)
    if first is None:
        if _same_as_example(path):  # the example's dates, statuses, figures or counts
            return Diagnostic(display, 0, 0, "", "is still the worked example's file, unchanged", hint, Severity.WARNING)
        return None
    line, column, text, count = first
    more = f", and on {count - 1} more line{'s' if count > 2 else ''}" if count > 1 else ""
    shown = _around(text, column - 1 - (len(lines[line - 1]) - len(lines[line - 1].lstrip())))
    return Diagnostic(display, line, column, "", printable(f'text from the worked example is still here ("{shown}"){more}'),
                      hint, Severity.WARNING)


def example_text_warnings(project_dir: Path, documents: dict[str, Document]) -> list[Diagnostic]:
    """One warning per content file that still holds the example's text, unless the project is the example."""
    if _is_example(documents):
        return []
    folder = project_dir / CONTENT_DIR
    if not folder.is_dir():
        return []
    markers = example()[1]
    out = []
    for path in sorted(folder.iterdir()):
        if path.suffix.lower() in TEXT_SUFFIXES and path.is_file() and not path.is_symlink():
            found = _leftover(path, f"{CONTENT_DIR}/{path.name}", markers)
            if found:
                out.append(found)
    return out


def _strings(data: Any, path: tuple = ()) -> Iterator[tuple[tuple, str]]:
    if isinstance(data, dict):
        for key, value in data.items():
            yield from _strings(value, path + (key,))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from _strings(value, path + (index,))
    elif isinstance(data, str):
        yield path, data


def placeholder_text_warnings(documents: dict[str, Document]) -> list[Diagnostic]:
    """A warning for each value that is still a "[placeholder]" in square brackets."""
    out = []
    for doc in documents.values():
        for path, text in _strings(doc.data):
            if PLACEHOLDER.match(text.strip()):
                out.append(doc.diagnostic(path, f'not given yet, so the documents show "{text.strip()}"',
                                          "replace it with your own text", severity=Severity.WARNING))
    return out
