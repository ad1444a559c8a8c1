"""Load every content file, check it, and build the project model."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath, PureWindowsPath

import yaml

from fls_docs.diagnostics import Diagnostic, ValidationFailed, has_errors
from fls_docs.migrate import version_problems
from fls_docs.model.characters import printable
from fls_docs.model.convert import build_project
from fls_docs.model.counts_csv import read_counts
from fls_docs.model.example_text import example_text_warnings, placeholder_text_warnings
from fls_docs.model.files import CONTENT_DIR, CONTENT_FILES, ContentFile
from fls_docs.model.load import Document, load_document
from fls_docs.model.placeholders import placeholder_warnings
from fls_docs.model.project import Project
from fls_docs.model.references import resolve
from fls_docs.model.rules import NOT_AN_ID, check_rules
from fls_docs.model.schema import validate_document


@dataclass
class Checked:
    """The outcome of checking a project: its documents and every problem found."""

    documents: dict[str, Document] = field(default_factory=dict)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    indicator_counts: list[dict] = field(default_factory=list)  # rows read from the indicators' CSV file

    @property
    def ok(self) -> bool:
        return not has_errors(self.diagnostics)


def check_project(project_dir: Path, texts: dict[str, str] | None = None,
                  files: dict[str, Path] | None = None) -> Checked:
    """Load and validate every content file, gathering all problems at once.

    ``texts`` maps a content file's name (such as "plan") to text to check in place
    of the file on disk: a proposed change is checked before it is written.
    ``files`` maps a content file's name to another file to read instead, such as a
    scenario's calculator inputs; problems name that file.
    """
    texts, files = texts or {}, files or {}
    checked = Checked()
    unreadable = False
    for spec in CONTENT_FILES:
        path = project_dir / CONTENT_DIR / spec.filename
        display = f"{CONTENT_DIR}/{spec.filename}"
        if spec.name in files:  # named on the command line, so it may live anywhere
            path, display = files[spec.name], str(files[spec.name])
        elif spec.name not in texts and (outside := _leaves_project(project_dir, path, display)):
            checked.diagnostics.append(outside)
            continue
        if not path.is_file() and spec.name not in texts:
            if spec.required:
                checked.diagnostics.append(Diagnostic(
                    display, 0, 0, "", "the file is missing",
                    f"create it with {spec.description}; `fls-docs init` makes a complete example",
                ))
            else:
                checked.diagnostics.extend(placeholder_warnings(spec.name, None, display))
            continue
        doc, problems = _check_file(spec, path, display, texts.get(spec.name))
        checked.diagnostics.extend(problems)
        if doc is not None:
            checked.documents[spec.name] = doc
        else:
            unreadable = True
    # A file that cannot be read (a YAML syntax error, say) would make every reference to it from the other
    # files look wrong too, burying the one real problem: the checks across files wait until it reads.
    rules = [] if unreadable else check_rules(checked.documents)
    # A name typed where a member id belongs: the rule's "did you mean" replaces the schema's "not in the expected form".
    named = {(d.file, d.path) for d in rules if NOT_AN_ID in d.message}
    checked.diagnostics = [d for d in checked.diagnostics if (d.file, d.path) not in named] + rules
    checked.diagnostics.extend(example_text_warnings(project_dir, checked.documents))
    checked.diagnostics.extend(placeholder_text_warnings(checked.documents))
    _read_indicator_counts(project_dir, checked)
    checked.diagnostics.sort()
    return checked


# A long-lived process (serve) checks the project after every save, usually of one file: each file's own
# checks are kept by its bytes, so only the file that changed is parsed and checked against its schema again.
# The checks across files always run.
_FILES: dict[tuple[str, ...], tuple[Document | None, list[Diagnostic]]] = {}
_KEEP = 64


def _check_file(spec: ContentFile, path: Path, display: str, text: str | None) -> tuple[Document | None, list[Diagnostic]]:
    """One content file parsed and checked against its schema: the document (None if unreadable) and its problems."""
    key = None
    if text is None:
        try:
            key = (str(path), display, spec.name, spec.schema, hashlib.sha256(path.read_bytes()).hexdigest())
        except OSError:  # load_document says what is wrong
            key = None
        if key in _FILES:
            return _FILES[key]
    doc, problems = load_document(path, display, text)
    if doc is not None:
        found = validate_document(doc, spec.schema)
        problems = [*problems, *found, *version_problems(doc)]
        if not has_errors(found):
            problems.extend(placeholder_warnings(spec.name, doc, display))
    if key is not None:
        _FILES[key] = (doc, problems)
        while len(_FILES) > _KEEP:  # oldest first
            del _FILES[next(iter(_FILES))]
    return doc, problems


def _leaves_project(project_dir: Path, path: Path, display: str) -> Diagnostic | None:
    """A problem when ``path`` is a link that leads out of the project folder.

    Nothing is read from such a file, so no message can show what it holds.
    """
    try:
        target = path.resolve()
        inside = target.is_relative_to(project_dir.resolve())
    except (OSError, RuntimeError):  # a loop of links
        return Diagnostic(display, 0, 0, "", "the file is a link that leads nowhere", "replace the link with the file itself")
    if inside:
        return None
    return Diagnostic(display, 0, 0, "", "the file is a link to somewhere outside the project folder, so it is not read",
                      "keep the file itself in the content folder")


def _csv_path_problem(name: str) -> str | None:
    """Why ``values_csv`` cannot name a file, or None when it is a plain name in the content folder."""
    if not name.strip() or "\x00" in name:
        return "is not a file name"
    posix, windows = PurePosixPath(name), PureWindowsPath(name)  # the project may be shared across systems
    if posix.is_absolute() or windows.is_absolute() or windows.drive:
        return "is a full path; name a file in the content folder instead"
    if ".." in posix.parts or ".." in windows.parts:
        return "leads out of the content folder ('..'); name a file in the content folder instead"
    return None


def _is_file(path: Path) -> bool:
    try:
        return path.is_file()
    except (OSError, ValueError):  # a name too long for the system, for example
        return False


def _read_indicator_counts(project_dir: Path, checked: Checked) -> None:
    doc = checked.documents.get("indicators")
    name = doc.data.get("values_csv") if doc and isinstance(doc.data, dict) else None
    if not isinstance(name, str):
        return
    if (problem := _csv_path_problem(name)) is not None:
        checked.diagnostics.append(doc.diagnostic(("values_csv",), f'"{name}" {problem}',
                                                  "put the CSV file in the content folder and give just its name, such as indicators.csv"))
        return
    path, display = project_dir / CONTENT_DIR / name, printable(f"{CONTENT_DIR}/{name}")
    if (outside := _leaves_project(project_dir, path, display)) is not None:
        checked.diagnostics.append(outside)
        return
    if not _is_file(path):
        checked.diagnostics.append(doc.diagnostic(("values_csv",), f'the file "{CONTENT_DIR}/{name}" does not exist',
                                                  "put the CSV file in the content folder, or remove values_csv"))
        return
    indicators = doc.data.get("indicators")
    ids = [str(i.get("id")) for i in indicators if isinstance(i, dict)] if isinstance(indicators, list) else []
    rows, problems = read_counts(path, display, ids)
    checked.indicator_counts = rows
    checked.diagnostics.extend(problems)


def load_project(project_dir: Path, files: dict[str, Path] | None = None,
                 texts: dict[str, str] | None = None) -> tuple[Project, list[Diagnostic]]:
    """The validated project model and any warnings; raises ValidationFailed on errors."""
    project_dir = project_dir.resolve()
    checked = check_project(project_dir, texts, files)
    if not checked.ok:
        raise ValidationFailed(checked.diagnostics)
    raw = {name: doc.data for name, doc in checked.documents.items()}
    for spec in CONTENT_FILES:  # an optional file left out reads as empty: every value a placeholder
        raw.setdefault(spec.name, {})
    raw["indicator_csv_rows"] = checked.indicator_counts
    return resolve(build_project(project_dir, raw)), checked.diagnostics


def load_scenario(project_dir: Path, calculator: Path) -> tuple[Project, list[Diagnostic]]:
    """The project with another file's calculator inputs, such as a published evaluation's scenario.

    The scenario names its own staffing models, so the business case's options (which name the
    project's) are left out of the check; everything else is checked as usual.
    """
    case = project_dir / CONTENT_DIR / "business_case.yaml"
    texts = {}
    if case.is_file():
        raw = yaml.safe_load(case.read_text(encoding="utf-8")) or {}
        if isinstance(raw, dict):
            raw.pop("options", None)
            texts["business_case"] = yaml.safe_dump(raw, sort_keys=False, allow_unicode=True)
    return load_project(project_dir, {"calculator": calculator}, texts)
