"""Read YAML while remembering where every value came from.

PyYAML's data has no positions, so we compose the node tree (which has
them) with libyaml's C parser, build plain data from it, and keep a map from
each JSON-style path to the line and column of its key and its value.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from fls_docs.diagnostics import Diagnostic, format_path

_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_TIMESTAMP = "tag:yaml.org,2002:timestamp"


class _Loader(_BaseLoader):  # type: ignore[misc, valid-type]
    """Safe loader that leaves dates as text.

    Dates are checked by the schema's ``format: date`` so that "2025-13-01"
    becomes a clear error message instead of a crash inside the YAML library.
    """


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regex) for tag, regex in resolvers if tag != _TIMESTAMP]
    for first, resolvers in _BaseLoader.yaml_implicit_resolvers.items()
}

Path_ = tuple[str | int, ...]


@dataclass(frozen=True)
class Mark:
    line: int  # from 1
    column: int  # from 1


@dataclass
class Document:
    """One content file: its data and where each part of it sits."""

    path: Path
    display: str
    data: Any
    value_marks: dict[Path_, Mark] = field(default_factory=dict)
    key_marks: dict[Path_, Mark] = field(default_factory=dict)

    def mark(self, path: Path_, *, key: bool = False) -> Mark:
        """The closest known position for ``path``, walking up if needed."""
        path = tuple(path)
        while True:
            if key and path in self.key_marks:
                return self.key_marks[path]
            if path in self.value_marks:
                return self.value_marks[path]
            if not path:
                return Mark(1, 1)
            path = path[:-1]

    def diagnostic(self, path: Path_, message: str, hint: str = "", *, key: bool = False, **kw: Any) -> Diagnostic:
        mark = self.mark(path, key=key)
        return Diagnostic(self.display, mark.line, mark.column, format_path(tuple(path)), message, hint, **kw)


def _to_mark(m: yaml.Mark) -> Mark:
    return Mark(m.line + 1, m.column + 1)


def _walk(node: yaml.Node, path: Path_, doc: Document, problems: list[Diagnostic]) -> None:
    doc.value_marks[path] = _to_mark(node.start_mark)
    if isinstance(node, yaml.MappingNode):
        seen: dict[Any, Mark] = {}
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else str(key_node.value)
            child = path + (key,)
            key_mark = _to_mark(key_node.start_mark)
            if key in seen:
                first = seen[key]
                problems.append(Diagnostic(
                    doc.display, key_mark.line, key_mark.column, format_path(child),
                    f'the key "{key}" appears twice in the same block (first on line {first.line})',
                    "remove one of them; otherwise only the last one would be used",
                ))
                continue
            seen[key] = key_mark
            doc.key_marks[child] = key_mark
            _walk(value_node, child, doc, problems)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _walk(item, path + (index,), doc, problems)


def load_document(path: Path, display: str, text: str | None = None) -> tuple[Document | None, list[Diagnostic]]:
    """Parse one YAML file (or ``text`` standing in for it). Returns the document (or None when unreadable) and any problems."""
    if text is None:
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError as exc:
            return None, [Diagnostic(display, 0, 0, "", f"is not UTF-8 text ({exc.reason})", "save the file as UTF-8")]
    doc = Document(path=path, display=display, data=None)
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        problems: list[Diagnostic] = []
        if node is None:
            doc.data = {}
            return doc, problems
        _walk(node, (), doc, problems)
        doc.data = loader.construct_document(node)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (0, 0)
        problem = exc.problem or "cannot be read as YAML"
        hint = _syntax_hint(problem)
        if exc.context_mark and exc.context and exc.context_mark.line + 1 != line:
            where = "the list" if "sequence" in exc.context else "the block" if "mapping" in exc.context else "the value"
            hint += f"; {where} starts on line {exc.context_mark.line + 1}"
        return None, [Diagnostic(display, line, column, "", f"YAML syntax error: {problem}", hint)]
    except yaml.YAMLError as exc:
        return None, [Diagnostic(display, 0, 0, "", f"YAML syntax error: {exc}")]
    finally:
        loader.dispose()
    return doc, problems


def _syntax_hint(problem: str) -> str:
    if "mapping values are not allowed" in problem:
        return "a value containing ': ' must be put in quotes"
    if "found character '\\t'" in problem or "tab" in problem:
        return "indent with spaces, not tabs"
    if "could not find expected ':'" in problem:
        return "each field needs a colon after its name, like 'name: value'"
    if "expected ',' or ']'" in problem:
        return "a list that starts with [ must end with ]"
    if "did not find expected" in problem or "expected <block end>" in problem:
        return "check the indentation of this line against the lines above it"
    return "check quotes, colons and indentation on this line"
