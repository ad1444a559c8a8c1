"""What YAML does that surprises a newcomer, explained from the file's own text.

Two things, both found from the raw lines rather than from libyaml's wording:

* **Indentation.** libyaml reports a line indented one space too far as
  "mapping values are not allowed here", which reads like a problem with a
  colon. When the line it stopped at starts in a column that no line above it
  could share, we say so, and name the columns that would fit.
* **Text dropped as a comment.** In an unquoted value, `` #`` starts a comment,
  so ``title: Audit fracture clinic #2 list`` reads as "Audit fracture clinic".
  The rule: a plain (unquoted) text value followed on the same line by exactly
  *one* space and ``#`` is warned about. Two or more spaces (or a tab) before
  the ``#`` is the usual way to write a comment after a value (as yamllint
  asks), so it is taken as meant. A key with no value on its line, a quoted
  value and a block of text (``|`` or ``>``) are never warned about.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import yaml

from fls_docs.diagnostics import Diagnostic, Severity
from fls_docs.model.characters import printable

# libyaml's complaints that, at a line with a column nothing above it has, mean the indentation is wrong.
_INDENT_PROBLEMS = ("mapping values are not allowed", "did not find expected key", "did not find expected '-' indicator",
                    "expected <block end>")
INDENT_HINT = 'indent with spaces, and line up each key with the other keys of its block and each "- " with the other items of its list'
_SHOWN = 40  # characters of a comment quoted back
_TEXT = "tag:yaml.org,2002:str"  # numbers, dates and true/false cannot have meant to hold a '#'
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")  # dates stay text when loaded, but are not text to quote


def _content(line: str) -> str:
    """The line without a trailing comment (a rough cut: enough to see whether a line opens a block)."""
    return re.split(r"\s#", line, maxsplit=1)[0].rstrip()


def _starts(line: str) -> list[tuple[int, str]]:
    """Columns (from 0) where something on the line starts a key or an item, each with what starts there."""
    indent = len(line) - len(line.lstrip(" "))
    out = []
    rest = line[indent:]
    while rest.startswith("- ") or rest == "-":
        out.append((indent, '"- "'))
        step = len(rest) - len(rest[1:].lstrip(" "))
        indent, rest = indent + step, rest[step:]
    if rest:
        word = rest.split(":", 1)[0] + ":" if re.match(r"^[^\s\"'#][^:#]*:(\s|$)", rest) else rest[:20]
        out.append((indent, f'"{word}"'))
    return out


def _plain(text: str) -> bool:
    """A line holding something YAML reads: not blank, not only a comment."""
    stripped = text.strip()
    return bool(stripped) and not stripped.startswith("#")


def explain_indentation(text: str, line: int, problem: str) -> tuple[int, int, str, str] | None:
    """(line, column, message, hint) when ``line`` (from 1) is indented so that it fits no block above it.

    None when the indentation fits, or the problem is not one indentation causes; the caller keeps libyaml's words.
    """
    if not any(p in problem for p in _INDENT_PROBLEMS):
        return None
    lines = text.splitlines()
    if not 0 < line <= len(lines) or not _plain(lines[line - 1]):
        return None
    here = lines[line - 1]
    if "\t" in here[:len(here) - len(here.lstrip())]:
        return None  # libyaml's own message about tabs says it
    indent = len(here) - len(here.lstrip(" "))
    fits: dict[int, tuple[int, str]] = {}  # column -> (line, what starts there)
    limit = indent + 1_000_000
    previous = None
    for number in range(line - 1, 0, -1):  # the lines above that this one could belong beside: each less indented
        above = lines[number - 1]
        if not _plain(above):
            continue
        above_indent = len(above) - len(above.lstrip(" "))
        if previous is None:
            previous = (number, above)
        if above_indent < limit:
            for column, what in _starts(above):
                fits.setdefault(column, (number, what))
            limit = above_indent
        if above_indent == 0:
            break
    fits.setdefault(0, (0, ""))  # a top-level field always fits
    if previous and _content(previous[1]).endswith(":") and indent > len(previous[1]) - len(previous[1].lstrip(" ")):
        return None  # the first line of a new block may start in any deeper column
    if indent in fits and "'-' indicator" not in problem:
        return None
    if indent in fits:  # in line with a list's "- " but without one
        number, _ = fits[indent]
        inner = [(c, w) for c, w in _starts(lines[number - 1]) if c > indent]
        message = f'this line starts in the same column as the "- " of the list item on line {number}, but without "- "'
        hint = "to start a new item, put \"- \" before it"
        if inner:
            hint = f"to add it to that item, start it in column {inner[0][0] + 1} to line up with {inner[0][1]}; " + hint
        return line, indent + 1, message, hint
    near = sorted((c for c in fits if fits[c][0]), key=lambda c: (abs(c - indent), c))[:2]
    others = " or ".join(f"{c + 1} ({fits[c][1]} on line {fits[c][0]})" for c in near) or "1"
    message = (f"the line is indented differently from the lines around it: it starts in column {indent + 1}, "
               f"but the lines above it start in column {others}")
    return line, indent + 1, message, INDENT_HINT


def _quoted(value: str) -> str:
    if '"' not in value and "\\" not in value:
        return f'"{value}"'
    if "'" not in value:
        return f"'{value}'"
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def hidden_comments(root: yaml.Node, text: str, display: str, value_marks: dict[tuple, Any],
                    name: Callable[[tuple], str]) -> list[Diagnostic]:
    """A warning for each unquoted value whose text goes on after `` #`` (see the module's rule).

    ``value_marks`` maps each path in the data to where its value starts (``line`` and ``column``
    from 1); ``name`` turns a path into the field name a message shows.
    """
    paths: dict[tuple[int, int], tuple] = {}
    for path, mark in value_marks.items():
        paths.setdefault((mark.line, mark.column), path)
    lines = text.splitlines()
    out = []
    seen: set[int] = set()
    stack = [root]
    while stack:  # iterative, and each node once: aliases share nodes
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, yaml.MappingNode):
            stack.extend(value for _, value in node.value)
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)
        elif not node.style and node.tag == _TEXT and not _DATE.match(node.value) and node.end_mark.line < len(lines):
            after = lines[node.end_mark.line][node.end_mark.column:]
            if re.match(r"^ #", after):  # one space only: see the module's rule
                comment = after[1:].strip()
                shown, value = (s if len(s) <= _SHOWN else s[:_SHOWN - 1] + "…" for s in (comment, node.value))
                path = paths.get((node.start_mark.line + 1, node.start_mark.column + 1), ())
                out.append(Diagnostic(
                    display, node.end_mark.line + 1, node.end_mark.column + 2, printable(name(path)),
                    printable(f'"{shown}" is read as a comment and left out, so the value is "{value}"'),
                    printable(f"to keep it, put the whole value in quotes: {_quoted(node.value + ' ' + comment)}; "
                              "if it is a comment, leave two spaces before the #"),
                    severity=Severity.WARNING, path=path))
    return sorted(out)
