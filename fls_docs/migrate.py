"""Content files say which version of their layout they follow, and ``fls-docs migrate`` upgrades them.

Each content file carries ``schema_version: N`` just below its first line. A file
without it was written before versions existed: version 0. When a release changes
a file's layout it raises ``CURRENT`` and registers a migration from the version
before, in ``MIGRATIONS``: a small function from one version's text to the next.
``migrate`` runs them in turn, then sets ``schema_version``, editing the file's own
text so that comments and every line a migration does not touch stay as they were.
``validate`` warns about a file behind ``CURRENT`` and refuses one ahead of it.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from fls_docs.diagnostics import ContentChanges, Diagnostic, Severity
from fls_docs.model.files import CONTENT_DIR, CONTENT_FILES
from fls_docs.model.load import Document, load_document
from fls_docs.paths import SCHEMAS_DIR

KEY = "schema_version"
CURRENT = 1
COMMAND = "fls-docs migrate"
_NOTE = "  # the version of this file's layout; fls-docs migrate updates it"


@dataclass(frozen=True)
class Migration:
    source: int  # the version it upgrades from; the file is at source + 1 afterwards
    summary: str  # what it changes, as migrate reports it
    apply: Callable[[str, str], str]  # (content file name such as "plan", text) -> text, before the version is set


def _says_its_version(name: str, text: str) -> str:
    """0 to 1: the layout is unchanged; the file starts to say which version it follows."""
    return text


MIGRATIONS: dict[int, Migration] = {
    0: Migration(0, f"the file now says which version of the layout it follows ({KEY}: 1)", _says_its_version),
}


def file_version(data: Any) -> int | None:
    """The version a file's data says it follows (0 when it does not say); None when it is not a whole number."""
    version = data.get(KEY, 0) if isinstance(data, dict) else 0
    return version if isinstance(version, int) and not isinstance(version, bool) else None


def version_problems(doc: Document) -> list[Diagnostic]:
    """A warning when a file needs `fls-docs migrate`; an error when it was written by a newer fls-docs."""
    version = file_version(doc.data)
    if version is None or version == CURRENT or not isinstance(doc.data, dict) or not doc.data:
        return []  # a version that is not a whole number is reported by the schema; an empty file fits any
    hint = f"run `{COMMAND}` in the project folder to upgrade it; your comments are kept"
    if version > CURRENT:
        return [doc.diagnostic((KEY,), f"the file follows version {version} of the layout, newer than this "
                               f"fls-docs reads (version {CURRENT})", "upgrade fls-docs to the release the project "
                               "was made with, or later")]
    if KEY not in doc.data:
        return [Diagnostic(doc.display, 1, 1, "", f"the file has no {KEY}, so it was written for an older fls-docs "
                           f"(this one reads version {CURRENT} of the layout)", hint, severity=Severity.WARNING)]
    return [doc.diagnostic((KEY,), f"the file follows version {version} of the layout; this fls-docs reads version "
                           f"{CURRENT}", hint, severity=Severity.WARNING)]


# --- editing the text --------------------------------------------------------------------------------------


class _Unchangeable(Exception):
    """The file is laid out in a way the version cannot be written into safely."""


def set_version(text: str, version: int) -> str:
    """``text`` with ``schema_version`` set: its value replaced, or a line added below the first ($schema) line."""
    from fls_docs.plan_import import _composer, _render

    root = yaml.compose(text, Loader=_composer())
    if root is not None and (not isinstance(root, yaml.MappingNode) or root.flow_style):
        raise _Unchangeable("the file is not a block of fields, one to a line")
    for key, value in root.value if root is not None else []:
        if isinstance(key, yaml.ScalarNode) and key.value == KEY:
            if not isinstance(value, yaml.ScalarNode):
                raise _Unchangeable(f"{KEY} holds more than a number")
            return text[:value.start_mark.index] + _render(version, value) + text[value.end_mark.index:]
    lines = text.splitlines(keepends=True)
    first_key = root.start_mark.line if root is not None else len(lines)
    at = 0
    for number, line in enumerate(lines[:first_key]):
        # Below the editor's "$schema=" line, and inside the document when it opens with "---".
        if line.lstrip().startswith("#") and "$schema=" in line or line.rstrip() == "---":
            at = number + 1
    first_break = text.find("\n")
    newline = "\r\n" if first_break > 0 and text[first_break - 1] == "\r" else "\n"
    if at and not lines[at - 1].endswith(("\n", "\r")):
        lines[at - 1] += newline
    indent = " " * (root.start_mark.column if root is not None else 0)
    lines.insert(at, f"{indent}{KEY}: {version}{_NOTE}{newline}")
    return "".join(lines)


# --- the command -------------------------------------------------------------------------------------------


@dataclass
class Upgrade:
    display: str  # content/plan.yaml, or schemas/plan.schema.json
    before: int
    notes: list[str]
    path: Path
    raw: bytes
    data: bytes  # what is written
    old_text: str
    new_text: str


@dataclass
class MigrateResult(ContentChanges):
    upgrades: list[Upgrade] = field(default_factory=list)

    def report(self) -> Iterator[str]:
        content = [u for u in self.upgrades if u.display.startswith(CONTENT_DIR)]
        for upgrade in self.upgrades:
            if upgrade.display.startswith(CONTENT_DIR):
                for step, note in enumerate(upgrade.notes, start=upgrade.before):
                    yield f"{upgrade.display}: version {step} -> {step + 1}: {note}"
            else:
                yield f"{upgrade.display}: {upgrade.notes[0]}"
        if not content:
            yield f"Every content file follows version {CURRENT} of the layout already."
        elif self.written:
            yield f"Upgraded {len(content)} content file(s) to version {CURRENT} of the layout."


def _upgrade(project_dir: Path, name: str) -> tuple[Upgrade | None, list[Diagnostic]]:
    from fls_docs.plan_import import _read_text

    display = f"{CONTENT_DIR}/{name}.yaml"
    text, raw, bom, problems = _read_text(project_dir, display)
    if text is None:
        return None, problems
    doc, problems = load_document(project_dir / display, display, text)
    if doc is None:
        return None, [p for p in problems if p.severity is Severity.ERROR] or problems
    version = file_version(doc.data)
    if version is None:
        return None, [doc.diagnostic((KEY,), f"{KEY} is not a whole number", f"write {KEY}: {CURRENT}")]
    if version > CURRENT:
        return None, version_problems(doc)
    if version == CURRENT or not doc.data:
        return None, []
    new, notes = text, []
    try:
        for step in range(version, CURRENT):
            migration = MIGRATIONS[step]
            new = set_version(migration.apply(name, new), step + 1)
            notes.append(migration.summary)
    except (_Unchangeable, yaml.YAMLError) as exc:
        return None, [Diagnostic(display, 1, 1, "", f"cannot be upgraded safely: {exc}",
                                 f"add {KEY}: {CURRENT} at the top of the file yourself")]
    after, _ = load_document(project_dir / display, display, new)
    if after is None or file_version(after.data) != CURRENT:  # a migration that breaks the file is a fault
        raise RuntimeError(f"migrating {display} did not give a readable version {CURRENT} file")
    data = (b"\xef\xbb\xbf" if bom else b"") + new.encode("utf-8")
    return Upgrade(display, version, notes, project_dir / display, raw, data, text, new), []


def _schema_copies(project_dir: Path) -> list[Upgrade]:
    """The project's own copy of the schemas (for editors), brought up to this fls-docs's."""
    folder = project_dir / "schemas"
    if not folder.is_dir() or folder.resolve() == SCHEMAS_DIR.resolve():
        return []
    out = []
    for shipped in sorted(SCHEMAS_DIR.glob("*.schema.json")):
        copy = folder / shipped.name
        old = copy.read_bytes() if copy.is_file() else b""
        if old != shipped.read_bytes():
            note = "updated to this fls-docs's schema, for editors" if old else "added, for editors"
            out.append(Upgrade(f"schemas/{shipped.name}", 0, [note], copy, old, shipped.read_bytes(), "", ""))
    return out


def migrate_project(project_dir: Path, dry_run: bool = False) -> MigrateResult:
    """Upgrade every content file to version CURRENT of its layout; nothing is written if any file cannot be."""
    from fls_docs.plan_import import _write_atomically

    result = MigrateResult()
    for spec in CONTENT_FILES:
        if not (project_dir / CONTENT_DIR / spec.filename).is_file():
            continue
        upgrade, problems = _upgrade(project_dir, spec.name)
        result.diagnostics += problems
        if upgrade:
            result.upgrades.append(upgrade)
    if not result.ok:
        return result
    result.diff = "".join("".join(difflib.unified_diff(u.old_text.splitlines(True), u.new_text.splitlines(True),
                                                       u.display, f"{u.display} (migrated)")) for u in result.upgrades)
    result.upgrades += _schema_copies(project_dir)  # editors check the files against this copy
    if dry_run or not result.upgrades:
        return result
    for upgrade in result.upgrades:
        if upgrade.path.is_file() and upgrade.path.read_bytes() != upgrade.raw:
            result.diagnostics.append(Diagnostic(upgrade.display, 0, 0, "", "was changed while migrate ran, so "
                                                 "nothing was written", f"run {COMMAND} again"))
            return result
    for upgrade in result.upgrades:
        if upgrade.path.is_file():
            _write_atomically(upgrade.path, upgrade.data)
        else:
            upgrade.path.write_bytes(upgrade.data)
    result.written = True
    return result
