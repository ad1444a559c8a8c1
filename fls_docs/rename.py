"""Rename a team member's id, a task's id, a stakeholder group's name or an indicator's id everywhere.

Where each kind is named is listed once, below, by file and field (``[]`` is any
item of a list). Text anywhere in the content that refers to a task or an
indicator as ``[[task.<id>.due]]`` or ``[[indicator.<id>.target]]`` follows the
rename, and so do the indicator column of the indicators' CSV file.

Each file is edited in its own text: only the characters of each renamed value
change, so comments, layout, quotes, line endings and a byte-order mark stay
as they were. Before anything is written, every edited file is read back and
must hold exactly the data expected, and the project must have no error the
rename would bring.
"""

from __future__ import annotations

import difflib
import re
import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from fls_docs.diagnostics import ContentChanges, Diagnostic, Severity, format_path
from fls_docs.model.characters import printable
from fls_docs.model.files import CONTENT_DIR, CONTENT_FILES
from fls_docs.model.load import load_document
from fls_docs.model.rules import members_named, team_ids
from fls_docs.model.schema import load_schema
from fls_docs.model.task_ids import suggest_task_id
from fls_docs.model.validate import check_project
from fls_docs.plan_import import _composer, _read_text, _render, _write_atomically

Pattern = tuple[str, ...]  # field names, with "[]" for every item of a list


def _pattern(text: str) -> Pattern:
    return tuple(part for part in re.split(r"\.|(?=\[\])", text) if part)


@dataclass(frozen=True)
class Kind:
    """Something a rename can change: where it is defined, where it is named, and how text refers to it."""

    noun: str  # "team member", for messages
    key: str  # "id", or "name" for stakeholder groups
    defined: tuple[str, Pattern]  # (file, field) where each one is defined
    named: tuple[tuple[str, Pattern], ...] = ()  # (file, field) of every reference
    reference: str = ""  # "task" for [[task.<id>.due]] in text
    csv_column: bool = False  # the indicators' CSV file names it in its first column


def _fields(file: str, *patterns: str) -> tuple[tuple[str, Pattern], ...]:
    return tuple((file, _pattern(p)) for p in patterns)


KINDS: dict[str, Kind] = {
    "member": Kind(
        "team member", "id", ("project", _pattern("team[].id")),
        _fields("project", "stakeholder_reference_group[].owner", "document_control.authors[]",
                "document_control.history[].author")
        + _fields("plan", "phases[].tasks[].lead", "phases[].tasks[].raci.accountable",
                  "phases[].tasks[].raci.responsible[]", "phases[].tasks[].raci.consulted[]",
                  "phases[].tasks[].raci.informed[]", "issues[].owner")
        + _fields("brief", "risks[].owner", "get_involved.contact", "roles.sponsor", "roles.clinical_lead",
                  "roles.project_manager")
        + _fields("business_case", "benefits_realisation[].owner")
        + _fields("meetings", "groups[].chair", "groups[].members[]", "actions[].owner"),
    ),
    "task": Kind(
        "task", "id", ("plan", _pattern("phases[].tasks[].id")),
        _fields("plan", "phases[].tasks[].depends_on[]", "phases[].outcomes[].delivered_by[]"),
        reference="task",
    ),
    "stakeholder": Kind(
        "stakeholder group", "name", ("project", _pattern("stakeholder_reference_group[].name")),
        _fields("meetings", "groups[].chair", "groups[].members[]"),
    ),
    "indicator": Kind(
        "indicator", "id", ("indicators", _pattern("indicators[].id")), reference="indicator", csv_column=True,
    ),
}
_PARTS = {"task": "due|month|start|title", "indicator": "target|name"}  # the names [[task.<id>.…]] can end with


@dataclass(frozen=True)
class Change:
    """One value renamed: where, and what it was and is."""

    file: str
    line: int
    column: int
    where: str
    old: str
    new: str

    def describe(self) -> str:
        return f"{self.file}:{self.line}:{self.column}: {self.where}: {self.old} -> {self.new}"


@dataclass
class RenameResult(ContentChanges):
    kind: str
    old: str
    new: str
    changes: list[Change] = field(default_factory=list)

    def summary(self) -> str:
        files = len({c.file for c in self.changes})
        text = (f'Renamed {KINDS[self.kind].noun} "{self.old}" to "{self.new}": {len(self.changes)} change(s) '
                f"in {files} file(s).")
        if self.kind == "task":
            text += " Plan workbooks made before now still say the old id: build again before editing them."
        return text


@dataclass
class _File:
    """A content file being renamed in: its text as read, and the edits to make in it."""

    name: str  # "plan"
    display: str  # "content/plan.yaml"
    path: Path
    raw: bytes
    text: str
    bom: bool
    splices: dict[int, tuple[int, str]] = field(default_factory=dict)  # start -> (end, new text)
    edited_paths: list[tuple] = field(default_factory=list)  # data paths whose value becomes the new name


class _Refused(Exception):
    def __init__(self, message: str, hint: str = "", file: str = "fls-docs"):
        super().__init__(message)
        self.diagnostic = Diagnostic(file, 0, 0, "", message, hint)


# --- finding the values ---------------------------------------------------------------------------------------


def _walk(node: yaml.Node | None, pattern: Pattern, path: tuple = ()) -> Iterator[tuple[tuple, yaml.ScalarNode]]:
    """Each scalar at ``pattern`` under ``node``, with its data path."""
    if node is None:
        return
    if not pattern:
        if isinstance(node, yaml.ScalarNode):
            yield path, node
        return
    part, rest = pattern[0], pattern[1:]
    if part == "[]":
        if isinstance(node, yaml.SequenceNode):
            for i, item in enumerate(node.value):
                yield from _walk(item, rest, path + (i,))
    elif isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if isinstance(key, yaml.ScalarNode) and key.value == part:
                yield from _walk(value, rest, path + (part,))


def _scalars(node: yaml.Node | None, path: tuple = ()) -> Iterator[tuple[tuple, yaml.ScalarNode]]:
    """Every scalar value in the file, with its data path; each node once, however many aliases name it."""
    seen: set[int] = set()
    stack: list[tuple[tuple, Any]] = [(path, node)]
    while stack:
        where, item = stack.pop()
        if item is None or id(item) in seen:
            continue
        seen.add(id(item))
        if isinstance(item, yaml.ScalarNode):
            yield where, item
        elif isinstance(item, yaml.SequenceNode):
            stack.extend((where + (i,), v) for i, v in enumerate(item.value))
        elif isinstance(item, yaml.MappingNode):
            stack.extend((where + (k.value,), v) for k, v in item.value if isinstance(k, yaml.ScalarNode))


def _reference(kind: str, name: str) -> re.Pattern[str]:
    """``[[task.<name>.due]]`` and the like, keeping any spaces inside the brackets."""
    return re.compile(r"\[\[(\s*)" + kind + r"\." + re.escape(name) + r"\.(" + _PARTS[kind] + r")(\s*)\]\]")


def _read(project_dir: Path, name: str) -> tuple[_File | None, yaml.Node | None]:
    display = f"{CONTENT_DIR}/{name}.yaml"
    if not (project_dir / display).is_file():
        return None, None
    text, raw, bom, problems = _read_text(project_dir, display)
    if text is None:
        raise _Refused(problems[0].message, problems[0].hint, display)
    try:
        root = yaml.compose(text, Loader=_composer())
    except yaml.YAMLError:
        raise _Refused("cannot be read as YAML", "fix it first: fls-docs validate shows where", display) from None
    return _File(name, display, project_dir / display, raw, text, bom), root


def _defined(project_dir: Path, kind: Kind) -> list[str]:
    file, pattern = kind.defined
    found, root = _read(project_dir, file)
    return [node.value for _, node in _walk(root, pattern)] if found else []


# --- checking the names -----------------------------------------------------------------------------------


def _check_names(project_dir: Path, kind_name: str, old: str, new: str) -> None:
    kind = KINDS[kind_name]
    existing = _defined(project_dir, kind)
    where = f"{CONTENT_DIR}/{kind.defined[0]}.yaml"
    if old not in existing:
        hint = _did_you_mean(project_dir, kind_name, old, existing)
        raise _Refused(f'there is no {kind.noun} with the {kind.key} "{old}"', hint, where)
    if new == old:
        raise _Refused(f'the new {kind.key} is the same as the old one, "{old}"', f"give a different {kind.key}")
    if new in existing:
        raise _Refused(f'there is already a {kind.noun} with the {kind.key} "{new}"',
                       f"choose another {kind.key}, or rename that {kind.noun} first", where)
    if kind.key == "id":
        pattern = load_schema("project")["$defs"]["id"]["pattern"]
        if not re.fullmatch(pattern, new):
            raise _Refused(f'"{new}" cannot be an id: ids are lower-case letters, digits, dots and hyphens, '
                           "starting with a letter or digit", "for example project-manager or 2.4")
    elif not new.strip() or new != printable(new) or "\n" in new:
        raise _Refused(f'"{printable(new)}" cannot be a name', "give the name on one line, without control characters")


def _did_you_mean(project_dir: Path, kind_name: str, old: str, existing: list[str]) -> str:
    if kind_name == "member":  # a name or job title given instead of the id
        project, _ = _read(project_dir, "project")
        doc = load_document(project.path, project.display, project.text)[0] if project else None
        named = members_named(old, team_ids({"project": doc}).members) if doc else ""
        if named:
            return f"did you mean {named}? rename takes the id, not the name"
    if kind_name == "task" and (hint := suggest_task_id(old, existing)):
        return hint
    close = difflib.get_close_matches(old, existing, n=1, cutoff=0.5)
    if close:
        return f'did you mean "{close[0]}"?'
    return "the ones there are: " + ", ".join(existing[:12]) + (" ..." if len(existing) > 12 else "")


# --- editing -------------------------------------------------------------------------------------------------


def _plan(project_dir: Path, kind_name: str, old: str, new: str) -> tuple[list[_File], list[Change], dict[str, Any]]:
    """The files to edit and each change, without writing anything; plus the CSV file's new text, if any."""
    kind = KINDS[kind_name]
    patterns = [kind.defined, *kind.named]
    files: list[_File] = []
    changes: list[Change] = []
    for spec in CONTENT_FILES:
        found, root = _read(project_dir, spec.name)
        if found is None or root is None:
            continue
        for file, pattern in patterns:
            if file != spec.name:
                continue
            for path, node in _walk(root, pattern):
                if node.value == old and node.start_mark.index not in found.splices:
                    found.splices[node.start_mark.index] = (node.end_mark.index, _render(new, node))
                    found.edited_paths.append(path)
                    changes.append(Change(found.display, node.start_mark.line + 1, node.start_mark.column + 1,
                                          format_path(path), old, new))
        if kind.reference:
            _references(found, root, kind.reference, old, new, changes)
        if found.splices:
            files.append(found)
    changes.sort(key=lambda c: ([f.display for f in files].index(c.file), c.line, c.column))
    csv_text = _csv(project_dir, old, new, changes) if kind.csv_column else {}
    return files, changes, csv_text


def _references(found: _File, root: yaml.Node, kind: str, old: str, new: str, changes: list[Change]) -> None:
    """[[task.<old>.due]] and the like inside any text of the file."""
    pattern = _reference(kind, old)
    for path, node in _scalars(root):
        if "[[" not in node.value or not pattern.search(node.value) or node.start_mark.index in found.splices:
            continue
        start, end = node.start_mark.index, node.end_mark.index
        source = found.text[start:end]
        parts = list(dict.fromkeys(m[2] for m in pattern.finditer(node.value)))
        if sorted(m[2] for m in pattern.finditer(source)) != sorted(m[2] for m in pattern.finditer(node.value)):
            raise _Refused(f'{format_path(path)}: the reference to "{old}" is written in a way rename cannot change '
                           "safely", f"change it to [[{kind}.{new}...]] yourself, then rename again", found.display)
        found.splices[start] = (end, pattern.sub(lambda m: f"[[{m[1]}{kind}.{new}.{m[2]}{m[3]}]]", source))
        first = pattern.search(source).start()  # type: ignore[union-attr]
        line = node.start_mark.line + 1 + found.text.count("\n", start, start + first)
        column = first - found.text.rfind("\n", 0, start + first) + start if line > node.start_mark.line + 1 \
            else node.start_mark.column + 1 + first
        changes.append(Change(found.display, line, column, format_path(path),
                              ", ".join(f"[[{kind}.{old}.{p}]]" for p in parts),
                              ", ".join(f"[[{kind}.{new}.{p}]]" for p in parts)))


def _csv(project_dir: Path, old: str, new: str, changes: list[Change]) -> dict[str, Any]:
    """The indicators' CSV file with the indicator renamed in its first column; empty when nothing changes."""
    indicators, _ = _read(project_dir, "indicators")
    doc = load_document(indicators.path, indicators.display, indicators.text)[0] if indicators else None
    name = doc.data.get("values_csv") if doc and isinstance(doc.data, dict) else None
    if not isinstance(name, str) or "/" in name or "\\" in name or name.startswith("."):
        return {}
    display = f"{CONTENT_DIR}/{name}"
    text, raw, bom, problems = _read_text(project_dir, display)
    if text is None:
        return {}
    first = re.compile(r'^(\s*)("?)' + re.escape(old) + r'\2(\s*)(?=,)')
    lines = text.splitlines(keepends=True)
    renamed = 0
    for number, line in enumerate(lines[1:], start=2):
        updated = first.sub(lambda m: f"{m[1]}{m[2]}{new}{m[2]}{m[3]}", line, count=1)
        if updated != line:
            lines[number - 1] = updated
            renamed += 1
            if renamed == 1:
                changes.append(Change(display, number, 1, "indicator", old, new))
    if renamed > 1:
        changes[-1] = Change(display, changes[-1].line, 1, "indicator", old, f"{new} ({renamed} rows)")
    if not renamed:
        return {}
    return {"display": display, "path": project_dir / display, "raw": raw, "bom": bom, "text": "".join(lines),
            "old": text}


def _applied(found: _File) -> str:
    text = found.text
    for start in sorted(found.splices, reverse=True):
        end, replacement = found.splices[start]
        text = text[:start] + replacement + text[end:]
    return text


def _expected(data: Any, found: _File, kind: Kind, old: str, new: str) -> Any:
    """The file's data as the rename should leave it, worked out on the data rather than the text."""
    for path in found.edited_paths:
        target = data
        for part in path[:-1]:
            target = target[part]
        target[path[-1]] = new
    if not kind.reference:
        return data
    pattern = _reference(kind.reference, old)

    def fix(value: Any) -> Any:
        if isinstance(value, str):
            return pattern.sub(lambda m: f"[[{m[1]}{kind.reference}.{new}.{m[2]}{m[3]}]]", value)
        if isinstance(value, dict):
            return {k: fix(v) for k, v in value.items()}
        if isinstance(value, list):
            return [fix(v) for v in value]
        return value

    return fix(data)


def _reads_back(found: _File, updated: str, kind: Kind, old: str, new: str) -> bool:
    before, _ = load_document(found.path, found.display, found.text)
    after, _ = load_document(found.path, found.display, updated)
    return before is not None and after is not None and after.data == _expected(before.data, found, kind, old, new)


def _new_errors(project_dir: Path, texts: dict[Path, str], old: str, new: str) -> list[Diagnostic]:
    """Errors a copy of the project with the renamed files has that the project itself does not."""
    named = re.compile(r"(?<![\w.-])" + re.escape(old) + r"(?![\w-]|\.\w)")  # "1.2" in 'task 1.2 "Title"', not in "1.25"

    def key(d: Diagnostic) -> tuple[str, Any, str]:
        # The data path, not the field's name: a task's name in a message carries its id, which the rename changes.
        return d.file, d.path or d.field, named.sub(new, d.message)

    before = {key(d) for d in check_project(project_dir).diagnostics if d.severity is Severity.ERROR}
    with tempfile.TemporaryDirectory(prefix="fls-rename-") as folder:
        copy = Path(folder)
        shutil.copytree(project_dir / CONTENT_DIR, copy / CONTENT_DIR, symlinks=True)
        for path, text in texts.items():
            (copy / path.relative_to(project_dir)).write_text(text, encoding="utf-8", newline="")
        after = check_project(copy).diagnostics
    return [d for d in after if d.severity is Severity.ERROR and key(d) not in before]


def rename(project_dir: Path, kind_name: str, old: str, new: str, dry_run: bool = False) -> RenameResult:
    """Rename ``old`` to ``new`` everywhere it is named; nothing is written if any check fails."""
    result = RenameResult(kind_name, old, new)
    kind = KINDS[kind_name]
    try:
        _check_names(project_dir, kind_name, old, new)
        files, result.changes, csv_file = _plan(project_dir, kind_name, old, new)
        updated = {found.path: _applied(found) for found in files}
        for found in files:
            if not _reads_back(found, updated[found.path], kind, old, new):
                raise _Refused(f"the rename could not be made safely in {found.display} (anchors, aliases or merged "
                               "blocks share the value with other fields)",
                               f"rename it there yourself, then run fls-docs rename again", found.display)
    except _Refused as refused:
        result.diagnostics.append(refused.diagnostic)
        return result
    texts = dict(updated)
    if csv_file:
        texts[csv_file["path"]] = csv_file["text"]
    result.diagnostics = _new_errors(project_dir, texts, old, new)
    originals = {found.path: found.text for found in files} | ({csv_file["path"]: csv_file["old"]} if csv_file else {})
    result.diff = "".join("".join(difflib.unified_diff(originals[path].splitlines(True), text.splitlines(True),
                                                       str(path.relative_to(project_dir)),
                                                       f"{path.relative_to(project_dir)} (renamed)"))
                          for path, text in texts.items())
    if not result.ok or dry_run:
        return result
    raws = {found.path: (found.raw, found.bom) for found in files}
    if csv_file:
        raws[csv_file["path"]] = (csv_file["raw"], csv_file["bom"])
    changed = [path for path, (raw, _) in raws.items() if path.read_bytes() != raw]
    if changed:
        result.diagnostics.append(Diagnostic(str(changed[0].relative_to(project_dir)), 0, 0, "",
                                             "was changed while the rename ran, so nothing was written",
                                             "run the rename again"))
        return result
    for path, text in texts.items():
        _write_atomically(path, (b"\xef\xbb\xbf" if raws[path][1] else b"") + text.encode("utf-8"))
    result.written = True
    return result
