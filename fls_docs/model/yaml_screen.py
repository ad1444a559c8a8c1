"""Screen a YAML file's events before any value is built from them.

Reading the parser's events costs time in proportion to the file's length, so
anything that would make building the values slow, endless or unsafe is caught
here first: explicit tags, aliases that multiply ("billion laughs"), aliases
inside their own anchor, very deep nesting, and more than one document.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import yaml

from fls_docs.diagnostics import Diagnostic, format_path
from fls_docs.model.characters import printable

MAX_DEPTH = 50  # levels of lists and blocks; content files need fewer than ten
MAX_ALIASES = 10_000  # uses of *name in one file
MAX_ALIAS_VALUES = 200_000  # values that aliases repeat, in all
MAX_ALIAS_CHARACTERS = 2_000_000  # characters of text that aliases repeat, in all

_CORE_TAG = "tag:yaml.org,2002:"
_ALIAS_HINT = "write the values out in full; content files rarely need aliases"

Path_ = tuple[str | int, ...]


def tag_name(tag: str) -> str:
    """A tag as it is written in a file: ``!!int`` rather than ``tag:yaml.org,2002:int``."""
    return "!!" + tag[len(_CORE_TAG):] if tag.startswith(_CORE_TAG) else tag


@dataclass(frozen=True)
class _Size:
    """What a value holds once its aliases are written out."""

    values: int
    characters: int
    levels: int  # lists and blocks, the value itself included


@dataclass
class _Open:
    """A list or block whose end has not been reached yet."""

    path: Path_
    anchor: str | None
    mapping: bool
    values: int = 1
    characters: int = 0
    levels: int = 1
    entries: int = 0  # in a block, keys and values alternate
    key: str = ""

    def add(self, size: _Size) -> None:
        self.values += size.values
        self.characters += size.characters
        self.levels = max(self.levels, 1 + size.levels)

    def size(self) -> _Size:
        return _Size(self.values, self.characters, self.levels)


class _Stop(Exception):
    """Reading further would be unsafe or pointless."""


class _Screen:
    def __init__(self, display: str):
        self.display = display
        self.problems: list[Diagnostic] = []
        self.open: list[_Open] = []
        self.anchors: dict[str, tuple[_Size, int]] = {}  # name -> (size, line it is defined on)
        self.aliases = 0
        self.alias_values = 0
        self.alias_characters = 0
        self.documents = 0

    def report(self, event: Any, path: Path_, message: str, hint: str, *, stop: bool = False) -> None:
        mark = event.start_mark
        self.problems.append(Diagnostic(self.display, mark.line + 1, mark.column + 1,
                                        printable(format_path(path)), printable(message), printable(hint)))
        if stop:
            raise _Stop

    def see(self, event: Any) -> None:
        if isinstance(event, yaml.DocumentStartEvent):
            self.document(event)
        elif isinstance(event, yaml.AliasEvent):
            self.alias(event)
        elif isinstance(event, yaml.ScalarEvent):
            self.scalar(event)
        elif isinstance(event, yaml.CollectionStartEvent):
            self.start(event)
        elif isinstance(event, yaml.CollectionEndEvent):
            self.end()

    def place(self) -> tuple[Path_, bool]:
        """The path of the next value, and whether it is a field name."""
        if not self.open:
            return (), False
        parent = self.open[-1]
        index = parent.entries
        parent.entries += 1
        if not parent.mapping:
            return parent.path + (index,), False
        if index % 2 == 0:
            return parent.path, True
        return parent.path + (parent.key,), False

    def grow(self, size: _Size) -> None:
        if self.open:
            self.open[-1].add(size)

    def check_tag(self, event: Any, path: Path_) -> None:
        if event.tag is not None:
            name = printable(tag_name(event.tag))
            self.report(event, path, f'the YAML tag "{name}" is not allowed',
                        f'remove "{name}"; content files hold only text, numbers, dates, true or false, lists and blocks of fields')

    def name_anchor(self, event: Any, path: Path_) -> None:
        name = event.anchor
        if name is not None and name in self.anchors:
            first = self.anchors[name][1]
            self.report(event, path, f'the anchor "&{printable(name)}" is already used on line {first}',
                        "give each anchor a different name", stop=True)

    def document(self, event: Any) -> None:
        self.documents += 1
        if self.documents > 1:
            self.report(event, (), "a second YAML document starts here",
                        "a content file holds one document; remove the line with --- or move what follows to its own file",
                        stop=True)

    def scalar(self, event: Any) -> None:
        path, is_key = self.place()
        self.check_tag(event, path)
        self.name_anchor(event, path)
        if is_key:
            self.open[-1].key = event.value
        size = _Size(1, len(event.value), 0)
        if event.anchor is not None:
            self.anchors[event.anchor] = (size, event.start_mark.line + 1)
        self.grow(size)

    def start(self, event: Any) -> None:
        path, is_key = self.place()
        self.check_tag(event, path)
        if is_key:
            self.report(event, path, "a field name must be plain text, not a list or a block of fields",
                        "write the name followed by a colon, like 'name: value'", stop=True)
        if len(self.open) >= MAX_DEPTH:
            self.report(event, path[:4], f"the values are nested more than {MAX_DEPTH} levels deep",
                        "content files need only a few levels; look for brackets or indentation that keep growing",
                        stop=True)
        self.name_anchor(event, path)
        if event.anchor is not None:  # known from here on, so an alias inside it is found; its size comes at the end
            self.anchors[event.anchor] = (_Size(1, 0, 1), event.start_mark.line + 1)
        self.open.append(_Open(path, event.anchor, isinstance(event, yaml.MappingStartEvent)))

    def end(self) -> None:
        done = self.open.pop()
        if done.anchor is not None:
            self.anchors[done.anchor] = (done.size(), self.anchors[done.anchor][1])
        self.grow(done.size())

    def alias(self, event: Any) -> None:
        path, is_key = self.place()
        name = event.anchor
        shown = printable(name)
        if any(o.anchor == name for o in self.open):
            self.report(event, path, f'the alias "*{shown}" is inside the value it repeats, so it would repeat forever',
                        f'remove "*{shown}" or point it at a value defined before "&{shown}"', stop=True)
        if name not in self.anchors:
            self.report(event, path, f'the alias "*{shown}" refers to no anchor "&{shown}" above it',
                        f'write the value out, or mark it with "&{shown}" before it is used', stop=True)
        size = self.anchors[name][0]
        if is_key and size.levels:
            self.report(event, path, "a field name must be plain text, not a list or a block of fields",
                        "write the name followed by a colon, like 'name: value'", stop=True)
        if is_key:
            self.open[-1].key = f"*{name}"
        self.aliases += 1
        self.alias_values += size.values
        self.alias_characters += size.characters
        if self.aliases > MAX_ALIASES:
            self.report(event, path, f"the file uses more than {MAX_ALIASES:,} aliases", _ALIAS_HINT, stop=True)
        if self.alias_values > MAX_ALIAS_VALUES or self.alias_characters > MAX_ALIAS_CHARACTERS:
            self.report(event, path, f'with "*{shown}", aliases repeat more than {MAX_ALIAS_VALUES:,} values '
                        f"or {MAX_ALIAS_CHARACTERS:,} characters in all", _ALIAS_HINT, stop=True)
        if len(self.open) + size.levels > MAX_DEPTH:
            self.report(event, path[:4], f'the alias "*{shown}" nests the values more than {MAX_DEPTH} levels deep',
                        _ALIAS_HINT, stop=True)
        self.grow(size)


def screen_events(loader: Any, display: str) -> list[Diagnostic]:
    """Every problem in the events ``loader`` parses; reading stops at the first one that makes going on unsafe.

    Parser errors (bad indentation, a missing bracket...) propagate as ``yaml.YAMLError``.
    """
    screen = _Screen(display)
    try:
        while loader.check_event():
            screen.see(loader.get_event())
    except _Stop:
        pass
    return screen.problems
