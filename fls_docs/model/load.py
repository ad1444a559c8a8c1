"""Read YAML while remembering where every value came from.

PyYAML's data has no positions, so we compose the node tree (which has
them) with libyaml's C parser, build plain data from it, and keep a map from
each JSON-style path to the line and column of its key and its value.

Nothing is built until the file's events have been screened (see
``yaml_screen``), so the walks here are bounded: no alias repeats without
limit, nothing nests deeper than ``MAX_DEPTH``, and no tag picks a constructor.
Every failure becomes a located message, never a traceback.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any, Callable

import yaml

from fls_docs.diagnostics import Diagnostic, format_path
from fls_docs.model.characters import UNUSABLE_HINT, character_kind, printable
from fls_docs.model.task_ids import field_name
from fls_docs.model.yaml_hints import explain_indentation, hidden_comments
from fls_docs.model.yaml_screen import screen_events

_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_C_PARSER = _BaseLoader is not yaml.SafeLoader  # libyaml reports reader errors at a byte offset, not a character
_CORE = "tag:yaml.org,2002:"
_MERGE = _CORE + "merge"
MAX_FILE_BYTES = 10_000_000  # a large plan is well under 1 MB


class _Loader(_BaseLoader):  # type: ignore[misc, valid-type]
    """Safe loader that leaves dates as text.

    Dates are checked by the schema's ``format: date`` so that "2025-13-01"
    becomes a clear error message instead of a crash inside the YAML library.
    A lone "=" stays text too: PyYAML resolves it to a tag it cannot build.
    """


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regex) for tag, regex in resolvers if tag not in (_CORE + "timestamp", _CORE + "value")]
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
        """A problem at ``path``; text from the file is escaped, so a message is always one clean line."""
        mark = self.mark(path, key=key)
        return Diagnostic(self.display, mark.line, mark.column, printable(field_name(self.data, tuple(path))),
                          printable(message), printable(hint), path=tuple(path), **kw)


def _to_mark(m: Any) -> Mark:
    return Mark(m.line + 1, m.column + 1)


def _problem(display: str, mark: Any, path: Path_, message: str, hint: str = "") -> Diagnostic:
    line, column = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
    return Diagnostic(display, line, column, printable(format_path(path)), printable(message), printable(hint))


# ---- building values from the screened node tree ----

_SCALARS: dict[str, Callable[[Any, yaml.ScalarNode], Any]] = {
    _CORE + "null": lambda loader, node: None,
    _CORE + "bool": lambda loader, node: loader.construct_yaml_bool(node),
    _CORE + "int": lambda loader, node: loader.construct_yaml_int(node),
    _CORE + "float": lambda loader, node: loader.construct_yaml_float(node),
}

Put = Callable[[Any], None]


def _scalar(loader: Any, node: yaml.ScalarNode, path: Path_, doc: Document, problems: list[Diagnostic]) -> Any:
    build = _SCALARS.get(node.tag)
    if build is None:  # text, and "<<" used as a value
        return node.value
    try:
        return build(loader, node)
    except ValueError:  # an integer with thousands of digits
        problems.append(_problem(doc.display, node.start_mark, path, "the number has too many digits to use",
                                 "check for digits typed by mistake"))
        return None


def _merge_sources(value_node: yaml.Node, display: str, path: Path_, problems: list[Diagnostic]) -> list[yaml.MappingNode]:
    """The blocks a ``<<:`` key merges in: one block, or a list of them."""
    nodes = value_node.value if isinstance(value_node, yaml.SequenceNode) else [value_node]
    good = [n for n in nodes if isinstance(n, yaml.MappingNode)]
    if len(good) != len(nodes):
        problems.append(_problem(display, value_node.start_mark, path + ("<<",),
                                 '"<<:" must be followed by a block of fields, or a list of them',
                                 "write the fields out, or merge an anchored block with <<: *name"))
    return good


def _pairs(node: yaml.MappingNode, display: str, path: Path_,
           problems: list[Diagnostic]) -> tuple[list[tuple[Any, Any]], list[tuple[Any, Any]]]:
    """A block's own (key, value) node pairs, and those merged in with ``<<:``, nearest first."""
    own, pending = _split(node, display, path, problems)
    merged: list[tuple[Any, Any]] = []
    pending.reverse()
    while pending:  # iterative, so a long chain of merges cannot exhaust the stack
        pairs, more = _split(pending.pop(), display, path, problems)
        merged.extend(pairs)
        pending.extend(reversed(more))
    return own, merged


def _split(block: yaml.MappingNode, display: str, path: Path_,
           problems: list[Diagnostic]) -> tuple[list[tuple[Any, Any]], list[yaml.MappingNode]]:
    """One block's (key, value) node pairs, and the blocks it merges in with ``<<:``, in order."""
    pairs: list[tuple[Any, Any]] = []
    sources: list[yaml.MappingNode] = []
    for key_node, value_node in block.value:
        if key_node.tag == _MERGE:
            sources.extend(_merge_sources(value_node, display, path, problems))
        else:
            pairs.append((key_node, value_node))
    return pairs, sources


def _key_text(key_node: yaml.Node) -> str:
    # Field names are kept as written, so `6:` and `"6":` name the same field and match the paths in messages.
    return key_node.value if isinstance(key_node, yaml.ScalarNode) else "?"


def _mapping_children(node: yaml.MappingNode, value: dict[str, Any], path: Path_, doc: Document,
                      problems: list[Diagnostic], first: bool) -> list[tuple[yaml.Node, Path_, Put | None]]:
    own, merged = _pairs(node, doc.display, path, problems if first else [])
    children: dict[str, tuple[yaml.Node, Path_, Put | None]] = {}  # in the order the fields are written
    seen: dict[str, Mark] = {}
    for index, (key_node, value_node) in enumerate(own + merged):
        key = _key_text(key_node)
        child = path + (key,)
        key_mark = _to_mark(key_node.start_mark)
        if key in seen:
            if index < len(own):  # written twice here: an error, and the last one is kept, as PyYAML does
                if first:
                    problems.append(_duplicate_key(doc.display, key_mark, child, seen[key]))
                children[key] = (value_node, child, children[key][2])
            continue  # a field merged in gives way to one written here, and to one merged in before it
        seen[key] = key_mark
        doc.key_marks[child] = key_mark
        if first:
            value[key] = None  # keeps the fields in the order they are written
        children[key] = (value_node, child, partial(value.__setitem__, key) if first else None)
    return list(children.values())


def _duplicate_key(display: str, mark: Mark, path: Path_, first: Mark) -> Diagnostic:
    return Diagnostic(display, mark.line, mark.column, printable(format_path(path)),
                      f'the key "{printable(str(path[-1]))}" appears twice in the same block (first on line {first.line})',
                      "remove one of them; otherwise only the last one would be used")


def _children(node: yaml.Node, value: Any, path: Path_, doc: Document, problems: list[Diagnostic],
              first: bool) -> list[tuple[yaml.Node, Path_, Put | None]]:
    if isinstance(node, yaml.MappingNode):
        return _mapping_children(node, value, path, doc, problems, first)
    if isinstance(node, yaml.SequenceNode):
        return [(item, path + (i,), partial(value.__setitem__, i) if first else None) for i, item in enumerate(node.value)]
    return []


def _build(loader: Any, root: yaml.Node, doc: Document, problems: list[Diagnostic]) -> Any:
    """Plain data from the node tree, recording where each value sits.

    Iterative, so no depth of nesting can exhaust the stack. A value reached twice
    through an alias is built once and shared, as PyYAML does, but its positions are
    recorded under every path that reaches it (the screen has bounded how many).
    """
    built: dict[int, Any] = {}
    result: list[Any] = []
    stack: list[tuple[yaml.Node, Path_, Put | None]] = [(root, (), result.append)]
    while stack:
        node, path, put = stack.pop()
        doc.value_marks[path] = _to_mark(node.start_mark)
        first = id(node) not in built
        if first:
            if isinstance(node, yaml.MappingNode):
                built[id(node)] = {}
            elif isinstance(node, yaml.SequenceNode):
                built[id(node)] = [None] * len(node.value)
            else:
                built[id(node)] = _scalar(loader, node, path, doc, problems)
        if put is not None:
            put(built[id(node)])
        stack.extend(reversed(_children(node, built[id(node)], path, doc, problems, first)))
    return result[0]


# ---- reading a file and explaining what stops it being read ----

def _position(text: str, offset: int, *, in_bytes: bool) -> tuple[int, int]:
    """Line and column (from 1) of a character offset, or of a byte offset in the UTF-8 text."""
    before = text.encode("utf-8", "surrogatepass")[:offset].decode("utf-8", "replace") if in_bytes else text[:offset]
    line = before.count("\n") + 1
    return line, len(before) - (before.rfind("\n") + 1) + 1


def _read(path: Path, display: str) -> tuple[str | None, list[Diagnostic]]:
    """The file's text, or why it cannot be read."""
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            return None, [Diagnostic(display, 1, 1, "", f"the file is larger than {MAX_FILE_BYTES // 1_000_000} MB",
                                     "a content file holds text and numbers only; check it is the right file")]
        raw = path.read_bytes()
    except OSError as exc:
        return None, [Diagnostic(display, 1, 1, "", f"the file cannot be read ({exc.strerror or type(exc).__name__})",
                                 "check the file's permissions")]
    try:
        return raw.decode("utf-8"), []
    except UnicodeDecodeError as exc:
        before = raw[:exc.start].decode("utf-8", "replace")
        line, column = before.count("\n") + 1, len(before) - (before.rfind("\n") + 1) + 1
        return None, [Diagnostic(display, line, column, "", "the file is not UTF-8 text",
                                 "save it as UTF-8; most editors offer this under 'Save as' or 'Encoding'")]


def _yaml_problem(exc: yaml.YAMLError, display: str, text: str) -> Diagnostic:
    """A located message for anything the YAML reader, scanner, parser or composer rejects."""
    if isinstance(exc, yaml.reader.ReaderError):
        line, column = _position(text, exc.position, in_bytes=_C_PARSER)
        char = chr(exc.character) if isinstance(exc.character, int) else str(exc.character)[:1] or "?"
        return Diagnostic(display, line, column, "", f"the file contains {character_kind(char)} (U+{ord(char):04X}), "
                          "which documents cannot show", UNUSABLE_HINT)
    if isinstance(exc, yaml.MarkedYAMLError):
        mark = exc.problem_mark or exc.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        problem = printable(exc.problem or "cannot be read as YAML")
        if indentation := explain_indentation(text, line, problem):
            return Diagnostic(display, indentation[0], indentation[1], "", f"YAML syntax error: {indentation[2]}", indentation[3])
        hint = _syntax_hint(problem)
        if exc.context_mark and exc.context and exc.context_mark.line + 1 != line:
            where = "the list" if "sequence" in exc.context else "the block" if "mapping" in exc.context else "the value"
            hint += f"; {where} starts on line {exc.context_mark.line + 1}"
        return Diagnostic(display, line, column, "", f"YAML syntax error: {problem}", hint)
    return Diagnostic(display, 1, 1, "", f"YAML syntax error: {printable(str(exc))}", "check quotes, colons and indentation")


def _top_level(node: yaml.Node, display: str) -> list[Diagnostic]:
    if isinstance(node, yaml.MappingNode):
        return []
    found = "a list" if isinstance(node, yaml.SequenceNode) else "a single value"
    return [_problem(display, node.start_mark, (), f"the file should hold fields written as 'name: value', but it holds {found}",
                     "start each top-level line with a field name and a colon, with no '- ' before it")]


def load_document(path: Path, display: str, text: str | None = None) -> tuple[Document | None, list[Diagnostic]]:
    """Parse one YAML file (or ``text`` standing in for it). Returns the document (or None when unreadable) and any problems."""
    if text is None:
        text, problems = _read(path, display)
        if text is None:
            return None, problems
    elif len(text) > MAX_FILE_BYTES:
        return None, [Diagnostic(display, 1, 1, "", f"the file is larger than {MAX_FILE_BYTES // 1_000_000} MB")]
    doc = Document(path=path, display=display, data=None)
    problems = []
    loaders: list[Any] = []
    try:
        loaders.append(_Loader(text))
        problems = screen_events(loaders[-1], display)
        if problems:
            return None, problems
        loaders.append(_Loader(text))
        node = loaders[-1].get_single_node()
        if node is None:  # nothing but comments
            doc.data = {}
            return doc, problems
        problems = _top_level(node, display)
        if problems:
            return None, problems
        doc.data = _build(loaders[-1], node, doc, problems)
        problems.extend(hidden_comments(node, text, display, doc.value_marks, partial(field_name, doc.data)))
    except yaml.YAMLError as exc:
        return None, [_yaml_problem(exc, display, text)]
    except UnicodeEncodeError as exc:  # text handed in with a lone surrogate, which libyaml cannot take
        line, column = _position(text, exc.start, in_bytes=False)
        char = text[exc.start]
        return None, [Diagnostic(display, line, column, "", f"the file contains {character_kind(char)} (U+{ord(char):04X}), "
                                 "which documents cannot show", UNUSABLE_HINT)]
    finally:
        for loader in loaders:
            loader.dispose()
    return doc, problems


def _syntax_hint(problem: str) -> str:
    if "nesting depth" in problem:
        return "content files need only a few levels; look for brackets or indentation that keep growing"
    if "escape" in problem:
        return "a code such as \\u00e9 in double quotes must name a real character; write the character itself instead"
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
