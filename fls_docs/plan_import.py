"""Bring edits made in the plan workbook back into content/plan.yaml, as a three-way merge.

The base is what the workbook was made with (kept in its very hidden sheets),
ours is plan.yaml now, theirs is the Plan sheet's editable cells. A cell changed
in the workbook and not in plan.yaml is applied; a cell changed on both sides to
different values is a conflict, and nothing is written unless the caller says
which side wins. Every change is checked with the same schema and rules as the
YAML before anything is written. plan.yaml is edited value by value in its own
text, so comments, blank lines, line endings and a byte-order mark stay exactly
as they were.
"""

from __future__ import annotations

import codecs
import copy
import difflib
import functools
import json
import os
import re
import tempfile
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any, Literal

import yaml
from openpyxl import load_workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.workbook.workbook import Workbook

from fls_docs import data as reference
from fls_docs import workbook_files
from fls_docs.diagnostics import Diagnostic, has_errors
from fls_docs.model.files import CONTENT_DIR
from fls_docs.model.load import load_document
from fls_docs.model.project import STATUSES
from fls_docs.model.validate import check_project
from fls_docs.render.plan_workbook import (
    EDITABLE,
    NEW_TASK_KEYS,
    PLAN_COLUMNS,
    PLAN_SHEET,
    PROJECT_KEY,
    PROJECT_SHEET,
    SOURCE_SHEET,
)
from fls_docs.workbook_files import MAX_SHEET_ROWS

PLAN_FILE = f"{CONTENT_DIR}/plan.yaml"
PROJECT_FILE = f"{CONTENT_DIR}/project.yaml"
PREFERENCES = ("workbook", "yaml")
Prefer = Literal["workbook", "yaml"]

_TITLES = {c.key: c.title for c in PLAN_COLUMNS}
_YAML_STATUS = "status in plan.yaml"  # the Generated values column with plan.yaml's own status
_BLOCK = ("|", ">")
_BLOCK_HEADER_COMMENT = re.compile(r"[|>][-+0-9]*([ \t]+#[^\r\n]*)")
_ANCHOR = re.compile(r"&([^\s,\[\]{}]+)\s*")
# From the end of a key (or the previous list item) to an alias: colons, dashes, spaces and comments.
_ALIAS = re.compile(r"(?:[\s:?-]|#[^\n]*)*(\*[^\s,\[\]{}]+)")


@dataclass(frozen=True)
class Edit:
    task_id: str
    key: str  # start, due, percent_complete, status or notes
    value: Any  # None clears the field
    cell: str  # for example "Plan!G12"


@dataclass(frozen=True)
class Change:
    """One editable cell that differs from the value the workbook was made with."""

    task_id: str
    key: str
    base: Any  # as generated; for status, the word the workbook showed (a task past due shows Late)
    base_yaml: Any  # what plan.yaml held when the workbook was made
    value: Any  # the cell now
    cell: str


@dataclass(frozen=True)
class Conflict:
    """A cell changed both in the workbook and in plan.yaml since the workbook was made, to different values."""

    change: Change
    ours: Any  # plan.yaml's value now

    def message(self) -> str:
        c = self.change
        return (f"task {c.task_id} {_TITLES[c.key]} was changed both in the workbook (to {_show(c.value)}) "
                f"and in {PLAN_FILE} (to {_show(self.ours)}) since the workbook was made (it was {_show(c.base_yaml)})")


@dataclass(frozen=True)
class NewTask:
    """A task typed into an empty row of the Plan sheet, as read; phase and lead are still as typed."""

    task_id: str
    values: dict[str, Any]  # by key, parsed; empty optional cells left out
    cells: dict[str, str]  # key -> "Plan!C44", for messages
    row: int


@dataclass(frozen=True)
class Addition:
    """A new task ready to write: the phase it goes in and its fields as plan.yaml holds them."""

    task_id: str
    phase: int  # index in plan.yaml's phases
    fields: dict[str, Any]  # in the order they are written
    cells: dict[str, str]

    @property
    def cell(self) -> str:
        return self.cells["id"]


@dataclass
class ImportResult:
    edits: list[Edit] = field(default_factory=list)  # applied (or, with --dry-run, to apply)
    added: list[Addition] = field(default_factory=list)  # new tasks written (or, with --dry-run, to write)
    skipped: list[str] = field(default_factory=list)  # rows or values not applied, and why
    conflicts: list[Conflict] = field(default_factory=list)  # cells changed on both sides
    diagnostics: list[Diagnostic] = field(default_factory=list)
    diff: str = ""
    written: bool = False

    @property
    def ok(self) -> bool:
        return not has_errors(self.diagnostics)


@dataclass
class WorkbookChanges:
    is_plan: bool = False  # a plan workbook made by fls-docs, whatever its cells hold
    project: str | None = None  # the project the workbook was made for; None if it does not say
    changes: list[Change] = field(default_factory=list)
    new_tasks: list[NewTask] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    problems: list[Diagnostic] = field(default_factory=list)


@dataclass(frozen=True)
class PlanFile:
    """plan.yaml as read: its text (without a byte-order mark, line endings untouched), its data and its node tree."""

    path: Path
    raw: bytes
    text: str
    bom: bool
    data: Any  # read the way `fls-docs validate` reads it: dates stay text
    root: yaml.Node | None  # where each value sits in the text


@dataclass(frozen=True)
class TaskSpot:
    phase: int
    index: int
    data: dict
    node: yaml.MappingNode


@dataclass(frozen=True)
class _Splice:
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class _Span:
    start: int
    end: int  # where the value's own text ends: never the blank lines or comments after it
    node: yaml.Node | None  # None for an alias (*name), whose node is written elsewhere


class _Layout(Exception):
    """plan.yaml is laid out in a way a change cannot safely be written into."""

    def __init__(self, reason: str, edit: Edit | None = None, line: int = 0):
        super().__init__(reason)
        self.reason, self.edit, self.line = reason, edit, line


# --- reading the workbook -------------------------------------------------------------------------


def _problem(file: str, message: str, hint: str, where: str = "") -> Diagnostic:
    return Diagnostic(file, 0, 0, where, message, hint)


def check_workbook_size(workbook: Path) -> list[Diagnostic]:
    """Refuse a file too big to be a plan workbook, before openpyxl unpacks all of it into memory."""
    return workbook_files.check_workbook_size(
        workbook, "a plan workbook",
        "check it is the plan workbook from fls-docs build, and remove any pictures or data pasted into it",
        "a plan workbook has one row per task: check it is the plan workbook from fls-docs build, "
        "and delete any rows pasted below the plan", max_rows=MAX_SHEET_ROWS)


def _as_date(value: Any) -> date | None | str:
    """A date from a cell: a real Excel date, or text such as 2027-03-31 or 31/03/2027. Text it cannot read is returned as is."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date) or value is None:
        return value
    text = str(value).strip()
    for fmt in ("%Y-%m-%d", "%d/%m/%Y", "%d/%m/%y"):
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return text


def _parse(key: str, value: Any, where: str, workbook: str) -> tuple[Any, Diagnostic | None]:
    """The YAML value for one edited cell, or a problem pinned to the cell."""
    def problem(message: str, hint: str) -> tuple[Any, Diagnostic]:
        return None, Diagnostic(workbook, 0, 0, where, message, hint)

    if key in ("start", "due"):
        parsed = _as_date(value)
        if parsed is None:
            return problem("the date is empty", "every task needs a start and a due date")
        if isinstance(parsed, str):
            return problem(f'"{parsed}" is not a date', "type a date such as 31/03/2027")
        return parsed, None
    if key == "percent_complete":
        if value is None or (isinstance(value, str) and not value.strip()):
            return None, None
        number = value if isinstance(value, (int, float)) else _number(value)
        if number is None or number != int(number) or not 0 <= number <= 100:
            return problem(f'"{value}" is not a whole number from 0 to 100', "type a percentage without the % sign, such as 40")
        return int(number), None
    if key == "status":
        text = str(value or "").strip().lower()
        if text not in STATUSES:
            return problem(f'"{value}" is not a status', "choose one of: " + ", ".join(s.capitalize() for s in STATUSES))
        return text, None
    if key == "notes":
        return ("" if value is None else str(value)), None
    raise ValueError(key)


def _number(text: Any) -> float | None:
    try:
        return float(str(text).strip().rstrip("%"))
    except ValueError:
        return None


def _recorded_project(wb: Workbook) -> str | None:
    if PROJECT_SHEET not in wb.sheetnames:
        return None
    ws = wb[PROJECT_SHEET]
    return str(ws["B1"].value) if ws["A1"].value == PROJECT_KEY and ws["B1"].value is not None else None


def _generated(wb: Workbook) -> dict[str, dict[str, Any]]:
    """Task id -> the editable values as generated, by key, with plan.yaml's own status under _YAML_STATUS."""
    rows = wb[SOURCE_SHEET].iter_rows(values_only=True)
    titles = [str(t) if t is not None else "" for t in next(rows, ())]
    return {str(row[0]).strip(): dict(zip(titles, row)) for row in rows if row and row[0] is not None}


def read_changes(workbook: Path) -> WorkbookChanges:
    """The cells edited in the Plan sheet since the workbook was made, rows that cannot be matched, and cells that cannot be read."""
    name = workbook.name
    found = WorkbookChanges()
    try:
        wb = load_workbook(workbook, read_only=False)
    except Exception as exc:  # openpyxl raises several kinds for a file that is not a workbook
        found.problems.append(_problem(name, f"cannot be opened as an Excel workbook ({exc})",
                                       "give the .xlsx file made by fls-docs build"))
        return found
    if PLAN_SHEET not in wb.sheetnames or SOURCE_SHEET not in wb.sheetnames:
        found.problems.append(_problem(name, "is not a plan workbook made by fls-docs (its Plan sheet or generated values are missing)",
                                       "use build/docs/improvement-project-plan.xlsx from fls-docs build"))
        return found
    found.is_plan = True
    found.project = _recorded_project(wb)
    ws = wb[PLAN_SHEET]
    titles = {str(c.value).strip(): c.column for c in ws[1] if c.value is not None}
    missing = [c.title for c in PLAN_COLUMNS if (c.key == "id" or c.editable) and c.title not in titles]
    if missing:
        found.problems.append(_problem(name, "the header row has lost the column(s) " + ", ".join(missing),
                                       "put the column titles back as they were generated", f"{PLAN_SHEET}!1"))
        return found
    columns = {c.key: titles[c.title] for c in PLAN_COLUMNS if c.title in titles}
    generated = _generated(wb)
    seen: set[str] = set()
    for row in ws.iter_rows(min_row=2):
        task_cell = row[columns["id"] - 1]
        if task_cell.value is None or not str(task_cell.value).strip():
            if any(cell.value not in (None, "") for cell in row):
                found.skipped.append(f"{PLAN_SHEET}!{task_cell.coordinate}: row {task_cell.row} has no ID, so it was not "
                                     "read; give a new task an ID such as 4.8")
            continue
        task_id = str(task_cell.value).strip()
        if task_id in seen:
            found.skipped.append(f"{PLAN_SHEET}!{task_cell.coordinate}: task {task_id} appears twice; only its first row was read")
            continue
        seen.add(task_id)
        original = generated.get(task_id)
        if original is None:
            _read_new_task(found, name, task_id, {key: row[columns[key] - 1] for key in NEW_TASK_KEYS if key in columns})
            continue
        _read_row(found, name, task_id, [row[columns[key] - 1] for key in EDITABLE], original)
    return found


_REQUIRED = ("phase", "title", "lead", "start", "due")


def _read_new_task(found: WorkbookChanges, name: str, task_id: str, cells: dict[str, Any]) -> None:
    """A new task's row: every cell checked, each problem pinned to its cell."""
    values: dict[str, Any] = {"id": task_id}
    where = {key: f"{PLAN_SHEET}!{cell.coordinate}" for key, cell in cells.items()}
    for key, cell in cells.items():
        raw = cell.value
        empty = raw is None or (isinstance(raw, str) and not raw.strip())
        if key == "id":
            continue
        if empty:
            if key in _REQUIRED:
                found.problems.append(Diagnostic(name, 0, 0, where[key], f"new task {task_id} has no {_TITLES[key]}",
                                                 f"fill in {', '.join(_TITLES[k] for k in _REQUIRED)} for a new task"))
            continue
        if key in ("start", "due", "percent_complete", "status"):
            value, problem = _parse(key, raw, where[key], name)
            if problem:
                found.problems.append(problem)
                continue
        elif key == "depends_on":
            value = [part.strip() for part in str(raw).split(",") if part.strip()]
        elif key == "milestone":
            text = str(raw).strip().lower()
            if text not in ("yes", "no", "true", "false"):
                found.problems.append(Diagnostic(name, 0, 0, where[key], f'"{raw}" is not Yes or No', "type Yes, or leave it empty"))
                continue
            value = text in ("yes", "true")
        else:
            value = ILLEGAL_CHARACTERS_RE.sub("", str(raw)).strip()
        values[key] = value
    found.new_tasks.append(NewTask(task_id, values, where, cells["id"].row))


def _read_row(found: WorkbookChanges, name: str, task_id: str, cells: list, original: dict[str, Any]) -> None:
    for key, cell in zip(EDITABLE, cells):
        where = f"{PLAN_SHEET}!{cell.coordinate}"
        value, problem = _parse(key, cell.value, where, name)
        if problem:
            found.problems.append(problem)
            continue
        base, _ = _parse(key, original.get(key), where, name)
        if value == base:
            continue
        base_yaml = base
        if key == "status" and original.get(_YAML_STATUS):
            # The sheet shows Late for a task past due; plan.yaml may still say on track.
            base_yaml = str(original[_YAML_STATUS]).strip().lower()
        found.changes.append(Change(task_id, key, base, base_yaml, value, where))


# --- reading the project ----------------------------------------------------------------------------


def read_plan(project_dir: Path) -> tuple[PlanFile | None, list[Diagnostic]]:
    """plan.yaml, or the reason it cannot be read."""
    text, raw, bom, problems = _read_text(project_dir, PLAN_FILE)
    if text is None:
        return None, problems
    path = project_dir / PLAN_FILE
    doc, problems = load_document(path, PLAN_FILE, text)
    if doc is None or has_errors(problems):
        return None, problems
    try:
        root = yaml.compose(text, Loader=_composer())
    except yaml.YAMLError as exc:
        return None, [_problem(PLAN_FILE, f"YAML syntax error: {exc}", "check quotes, colons and indentation")]
    return PlanFile(path, raw, text, bom, doc.data, root), []


@functools.cache
def _composer() -> type:
    """libyaml's fast parser if its positions count characters, as indexing the text does; else the pure-Python one."""
    fast = getattr(yaml, "CSafeLoader", None)
    probe = "a: \u00e9\U0001f600\r\nb: x\n"
    if fast is not None and yaml.compose(probe, Loader=fast).value[1][1].start_mark.index == probe.index("x"):
        return fast
    return yaml.SafeLoader


def _read_text(project_dir: Path, file: str) -> tuple[str | None, bytes, bool, list[Diagnostic]]:
    """A content file's text without its byte-order mark, whether it had one, or why it cannot be read."""
    if not (project_dir / CONTENT_DIR).is_dir():
        return None, b"", False, [_problem(CONTENT_DIR, f"the folder is missing from {project_dir}",
                                           "give the project folder (the one that holds content/) after the workbook")]
    try:
        raw = (project_dir / file).read_bytes()
    except FileNotFoundError:
        return None, b"", False, [_problem(file, "the file is missing", "restore it, for example from version control")]
    except OSError as exc:
        return None, b"", False, [_problem(file, f"cannot be read ({exc.strerror})", "check the file's permissions")]
    bom = raw.startswith(codecs.BOM_UTF8)
    try:
        return raw[len(codecs.BOM_UTF8) if bom else 0:].decode("utf-8"), raw, bom, []
    except UnicodeDecodeError as exc:
        return None, raw, bom, [_problem(file, f"is not UTF-8 text ({exc.reason})", "save the file as UTF-8")]


def check_project_name(project_dir: Path, workbook: str, recorded: str | None) -> list[Diagnostic]:
    """Refuse a workbook made for another project, or one that does not say which project it is for."""
    text, _, _, problems = _read_text(project_dir, PROJECT_FILE)
    if text is None:
        return problems
    doc, problems = load_document(project_dir / PROJECT_FILE, PROJECT_FILE, text)
    if doc is None or has_errors(problems):
        return problems
    info = doc.data.get("project") if isinstance(doc.data, dict) else None
    current = info.get("name") if isinstance(info, dict) else None
    if not isinstance(current, str) or not current.strip():
        return [_problem(PROJECT_FILE, "the project has no name", "give it one under project: name:", "project.name")]
    if recorded is None:
        return [_problem(workbook, "does not say which project it was made for (it was made by an older fls-docs)",
                         f'make the workbook again with fls-docs build and copy your edits into it, '
                         f'or add --force if you are sure it is for "{current}"')]
    # A workbook cannot hold control characters, so the name was saved without them.
    if recorded.strip() != ILLEGAL_CHARACTERS_RE.sub("", current).strip():
        return [_problem(workbook, f'was made for the project "{recorded}", not "{current}" in {PROJECT_FILE}',
                         "check you gave the right workbook and project folder; if the project was renamed "
                         "since the workbook was made, add --force")]
    return []


def _child(node: yaml.Node | None, key: str) -> yaml.Node | None:
    if isinstance(node, yaml.MappingNode):
        for k, v in node.value:
            if isinstance(k, yaml.ScalarNode) and k.value == key:
                return v
    return None


def _pair(node: yaml.MappingNode, key: str) -> tuple[yaml.Node, yaml.Node] | None:
    return next(((k, v) for k, v in node.value if isinstance(k, yaml.ScalarNode) and k.value == key), None)


def _items(data: Any, node: yaml.Node | None, key: str) -> list[tuple[Any, yaml.Node]]:
    """The items of a list field, each beside its node; empty when the field is not a list."""
    items, child = data.get(key) if isinstance(data, dict) else None, _child(node, key)
    if not isinstance(items, list) or not isinstance(child, yaml.SequenceNode):
        return []
    return list(zip(items, child.value))


def _tasks(plan: PlanFile) -> dict[str, TaskSpot]:
    """Task id -> where the task sits, in the data and in the text."""
    spots: dict[str, TaskSpot] = {}
    for p, (phase, phase_node) in enumerate(_items(plan.data, plan.root, "phases")):
        for t, (task, node) in enumerate(_items(phase, phase_node, "tasks")):
            if isinstance(task, dict) and isinstance(node, yaml.MappingNode) and "id" in task:
                spots.setdefault(str(task["id"]), TaskSpot(p, t, task, node))
    return spots


def _ours(task: dict, key: str) -> Any:
    """plan.yaml's value for a field, in the same form as a parsed cell."""
    raw = task.get(key)
    if key in ("start", "due"):
        return _as_date(raw)
    if key == "percent_complete":
        return int(raw) if isinstance(raw, float) and raw.is_integer() else raw
    if key == "status":
        return raw.strip().lower() if isinstance(raw, str) else raw
    return "" if raw is None else str(raw)


# --- new tasks -------------------------------------------------------------------------------------------

_FIELD_ORDER = ("id", "title", "lead", "start", "due", "status", "percent_complete", "milestone", "deliverable",
                "depends_on", "notes")


def _phase_index(plan: PlanFile, typed: str) -> int | None:
    """Which of plan.yaml's phases a typed phase means: "4. Design and plan", "Design and plan", "design-and-plan" or "4"."""
    wanted = typed.strip().lower()
    names = {}
    for info in reference.load("phases")["phases"]:
        number = str(info["number"])
        for form in (info["id"], info["name"], f"{number}. {info['name']}", number if info["number"] else ""):
            if form:
                names[str(form).lower()] = info["id"]
    phase_id = names.get(wanted, wanted)
    phases = plan.data.get("phases") if isinstance(plan.data, dict) else None
    for index, phase in enumerate(phases if isinstance(phases, list) else []):
        if isinstance(phase, dict) and str(phase.get("phase", "")).lower() == phase_id:
            return index
    return None


def _team(project_dir: Path) -> dict[str, str]:
    """Team member name or id (lower case) -> id, from project.yaml; empty when it cannot be read."""
    text, _, _, problems = _read_text(project_dir, PROJECT_FILE)
    doc = load_document(project_dir / PROJECT_FILE, PROJECT_FILE, text)[0] if text is not None else None
    team = doc.data.get("team") if doc is not None and isinstance(doc.data, dict) else None
    people: dict[str, str] = {}
    for person in team if isinstance(team, list) else []:
        if isinstance(person, dict) and isinstance(person.get("id"), str):
            people[person["id"].lower()] = person["id"]
            if isinstance(person.get("name"), str):
                people.setdefault(person["name"].strip().lower(), person["id"])
    return people


def resolve_new_tasks(new_tasks: list[NewTask], plan: PlanFile, tasks: dict[str, TaskSpot], project_dir: Path,
                      workbook: str) -> tuple[list[Addition], list[str], list[Diagnostic]]:
    """New tasks with their phase and lead worked out, tasks plan.yaml gained since (skipped), and problems."""
    people = _team(project_dir)
    additions: list[Addition] = []
    skipped: list[str] = []
    problems: list[Diagnostic] = []
    for new in new_tasks:
        if new.task_id in tasks:
            skipped.append(f"{new.cells['id']}: task {new.task_id} was added to plan.yaml since the workbook was made, "
                           "so this row was not read; change it in plan.yaml")
            continue
        values = dict(new.values)
        phase = _phase_index(plan, str(values.pop("phase", "")))
        if phase is None and "phase" in new.values:
            problems.append(Diagnostic(workbook, 0, 0, new.cells["phase"], f'"{new.values["phase"]}" is not a phase in {PLAN_FILE}',
                                       "choose a phase from the drop-down list"))
        lead = values.get("lead")
        if lead is not None:
            values["lead"] = people.get(str(lead).strip().lower(), lead)  # an unknown name is left for validation to name
        values.setdefault("status", "not started")
        if phase is not None:
            fields = {key: values[key] for key in _FIELD_ORDER if key in values and values[key] not in ("", False, [])}
            additions.append(Addition(new.task_id, phase, fields, new.cells))
    return additions, skipped, problems


def _yaml_value(value: Any, like: yaml.Node | None) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "[" + ", ".join(json.dumps(str(v), ensure_ascii=False) for v in value) + "]"
    return _render(value, like)


def _addition_splice(text: str, plan: PlanFile, addition: Addition) -> _Splice:
    """The new task's lines, just after the last task of its phase, laid out like that task."""
    phase_node = _items(plan.data, plan.root, "phases")[addition.phase][1]
    tasks_node = _child(phase_node, "tasks")
    if not isinstance(tasks_node, yaml.SequenceNode) or tasks_node.flow_style or not tasks_node.value:
        raise _Layout("its phase has no tasks written as a list of blocks to add it after")
    last = tasks_node.value[-1]
    if not isinstance(last, yaml.MappingNode) or last.flow_style:
        raise _Layout("the phase's last task is written in { } on one line")
    start = _line_start(text, last.start_mark.index)
    prefix = text[start:last.start_mark.index]
    if prefix.strip() != "-":
        raise _Layout("the phase's last task does not start on its own line with '- '")
    at = _line_end(text, _span(text, last, last.start_mark.index).end)
    newline = _break(text, at)
    id_node = _pair(last, "id")
    lines = []
    for key, value in addition.fields.items():
        lead = prefix if not lines else " " * len(prefix)
        lines.append(f"{lead}{key}: {_yaml_value(value, id_node[1] if key == 'id' and id_node else None)}")
    block = newline.join(lines)
    if at == len(text) and not text.endswith("\n"):
        return _Splice(at, at, newline + block)
    return _Splice(at, at, block + newline)


# --- merging ---------------------------------------------------------------------------------------------


def merge(changes: list[Change], tasks: dict[str, TaskSpot],
          prefer: Prefer | None) -> tuple[list[Edit], list[Conflict], list[str]]:
    """The edits to make, the cells changed on both sides, and changes not applied (with why)."""
    edits: list[Edit] = []
    conflicts: list[Conflict] = []
    skipped: list[str] = []
    for change in changes:
        spot = tasks.get(change.task_id)
        if spot is None:
            skipped.append(f"{change.cell}: task {change.task_id} is no longer in plan.yaml, "
                           "so this change was not applied")
            continue
        ours = _ours(spot.data, change.key)
        if change.value == ours:
            continue  # both sides already agree
        edit = Edit(change.task_id, change.key, change.value, change.cell)
        if ours == change.base_yaml:
            edits.append(edit)
            continue
        conflict = Conflict(change, ours)
        conflicts.append(conflict)
        if prefer == "workbook":
            edits.append(edit)
        elif prefer == "yaml":
            skipped.append(f"{change.cell}: {conflict.message()}; kept the value in plan.yaml (--prefer yaml)")
    return edits, conflicts, skipped


def _show(value: Any) -> str:
    if value is None or value == "":
        return "empty"
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, str):
        return '"' + (value if len(value) <= 60 else value[:57] + "...") + '"'
    return str(value)


# --- writing into the text -----------------------------------------------------------------------------


def _reads_back(candidate: str, text: str) -> bool:
    if "\n" in candidate or "\r" in candidate:
        return False
    try:
        return yaml.safe_load(f"k: {candidate}") == {"k": text}
    except yaml.YAMLError:
        return False


def _single_quoted(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _scalar(text: str, quote: str | None) -> str:
    """Text as a YAML scalar that reads back exactly: in the old value's quotes if it had them, else plain when safe."""
    double = json.dumps(text, ensure_ascii=False)  # JSON's escapes are YAML's too
    candidates = {"'": [_single_quoted(text)], '"': [double]}.get(quote or "", [])
    candidates += [text, _single_quoted(text), double]
    return next((c for c in candidates if _reads_back(c, text)), json.dumps(text))


def _render(value: Any, old: yaml.Node | None) -> str:
    quote = old.style if isinstance(old, yaml.ScalarNode) and old.style in ('"', "'") else None
    if isinstance(value, bool) or not isinstance(value, (int, date)):
        return _scalar(str(value), quote)
    text = value.isoformat() if isinstance(value, date) else str(value)
    return f"{quote}{text}{quote}" if quote else text


def _line_start(text: str, index: int) -> int:
    return text.rfind("\n", 0, index) + 1


def _line_end(text: str, index: int) -> int:
    """Just past the line break of the line holding ``index`` (or the end of the text)."""
    end = text.find("\n", index)
    return len(text) if end < 0 else end + 1


def _span(text: str, node: yaml.Node, after: int) -> _Span:
    """Where a value's own text sits, given that it comes after index ``after`` (its key's end)."""
    if node.start_mark.index < after:
        # An alias: the parser hands back the anchored node, written earlier in the file.
        match = _ALIAS.match(text, after)
        if not match:
            raise _Layout("its value is an alias (*) this import cannot follow")
        return _Span(match.start(1), match.end(1), None)
    if isinstance(node, yaml.MappingNode) and not node.flow_style and node.value:
        key, value = node.value[-1]
        return _Span(node.start_mark.index, _span(text, value, key.end_mark.index).end, node)
    if isinstance(node, yaml.SequenceNode) and not node.flow_style and node.value:
        end = node.start_mark.index
        for item in node.value:
            end = _span(text, item, end).end
        return _Span(node.start_mark.index, end, node)
    # A block scalar's span takes in the blank lines after it; they are not the value's.
    start, end = node.start_mark.index, node.end_mark.index
    return _Span(start, start + len(text[start:end].rstrip(" \t\r\n")), node)


def _is_block(span: _Span) -> bool:
    return isinstance(span.node, yaml.ScalarNode) and span.node.style in _BLOCK


def _header_comment(text: str, span: _Span) -> str:
    """The comment on a block scalar's | or > line, such as '  # from the audit'."""
    match = _BLOCK_HEADER_COMMENT.match(text, span.start) if _is_block(span) else None
    return match[1] if match else ""


def _anchor_length(text: str, span: _Span) -> int:
    """How long an anchor (&name) written before the value is; a value other parts of the file share is refused."""
    match = _ANCHOR.match(text, span.start) if span.node is not None else None
    if not match:
        return 0
    if re.search(r"\*" + re.escape(match[1]) + r"(?![^\s,\[\]{}])", text):
        raise _Layout(f"its value is shared with other parts of the file through the anchor &{match[1]}")
    return match.end() - span.start


def _replace(text: str, key: yaml.Node, value: yaml.Node, rendered: str) -> _Splice:
    span = _span(text, value, key.end_mark.index)
    if span.node is not None and not isinstance(span.node, yaml.ScalarNode):
        raise _Layout("it holds a list or a block of fields, not a single value")
    start = span.start + _anchor_length(text, span)  # an anchor nothing uses stays where it is
    if _is_block(span):
        # A block scalar becomes one line; the comment on its | or > line stays.
        return _Splice(start, span.end, rendered + _header_comment(text, span))
    if start == span.end and not text[start - 1:start].isspace():
        rendered = " " + rendered  # an empty value written as "key:" with nothing after the colon
    return _Splice(start, span.end, rendered)


def _remove(text: str, key: yaml.Node, value: yaml.Node) -> _Splice:
    """Take out a field's lines; a comment on them stays, on a line of its own at the same indent."""
    start = _line_start(text, key.start_mark.index)
    indent = text[start:key.start_mark.index]
    if indent.strip():
        raise _Layout("it shares its line with another field")
    span = _span(text, value, key.end_mark.index)
    _anchor_length(text, span)
    end = _line_end(text, span.end)
    comment = (_header_comment(text, span) or text[span.end:end]).strip()
    if not comment:
        return _Splice(start, end, "")
    if not comment.startswith("#"):
        raise _Layout("something other than a comment follows it on its line")
    return _Splice(start, end, indent + comment + _break(text, end))


def _break(text: str, end: int) -> str:
    """The line break the line ending at ``end`` uses, or the file's first one when it is the unterminated last line."""
    if text[end - 2:end] == "\r\n":
        return "\r\n"
    if text[end - 1:end] == "\n":
        return "\n"
    first = text.find("\n")
    return "\r\n" if first > 0 and text[first - 1] == "\r" else "\n"


def _insert(text: str, anchor: tuple[yaml.Node, yaml.Node], key: str, rendered: str) -> _Splice:
    """A new field on its own line just after the anchor field, at the same indent."""
    anchor_key, anchor_value = anchor
    at = _line_end(text, _span(text, anchor_value, anchor_key.end_mark.index).end)
    line = " " * anchor_key.start_mark.column + f"{key}: {rendered}"
    newline = _break(text, at)
    if at == len(text) and not text.endswith("\n"):
        return _Splice(at, at, newline + line)  # the file ends without a line break; keep it that way
    return _Splice(at, at, line + newline)


def _clears(edit: Edit) -> bool:
    return edit.value is None or (edit.key == "notes" and edit.value == "")


def _splice_for(text: str, spot: TaskSpot, edit: Edit) -> _Splice:
    if spot.node.flow_style:
        raise _Layout("the task is written in { } on one line")
    pair = _pair(spot.node, edit.key)
    if pair is None and edit.key in spot.data:
        raise _Layout("the task takes this field from elsewhere in the file (<<)")
    if _clears(edit):
        return _remove(text, *pair) if pair else _Splice(0, 0, "")  # nothing there to take out
    if pair:
        return _replace(text, *pair, _render(edit.value, pair[1]))
    # A new field goes where a reader expects it: after status for % complete, at the end for notes.
    status = _pair(spot.node, "status")
    anchor = status if edit.key == "percent_complete" and status else spot.node.value[-1]
    return _insert(text, anchor, edit.key, _render(edit.value, None))


def _line_of(tasks: dict[str, TaskSpot], edit: Edit) -> int:
    node = tasks[edit.task_id].node
    pair = _pair(node, edit.key)
    return (pair[0] if pair else node).start_mark.line + 1


def apply_edits(plan: PlanFile, tasks: dict[str, TaskSpot], edits: list[Edit],
                additions: tuple[Addition, ...] | list[Addition] = ()) -> str:
    """plan.yaml's text with the edits made and new tasks added in place; every other character is left as it was."""
    splices = []
    for order, edit in enumerate(edits):
        try:
            splices.append((_splice_for(plan.text, tasks[edit.task_id], edit), order, edit))
        except _Layout as exc:
            raise _Layout(exc.reason, edit, _line_of(tasks, edit)) from exc
    for order, addition in enumerate(additions, start=len(edits)):
        try:
            # After any edit at the same spot, so a field added to the phase's last task stays with it.
            splices.append((_addition_splice(plan.text, plan, addition), order, None))
        except _Layout as exc:
            raise _Layout(f"new task {addition.task_id} ({addition.cell}) cannot be added: {exc.reason}") from exc
    text = plan.text
    # From the end backwards, so earlier positions stay true. Where several meet at one spot, lines
    # are taken out before new ones go in, and new lines keep the order of the edits.
    previous_start = len(text) + 1
    for splice, _, edit in sorted(splices, key=lambda s: (s[0].start, s[0].end > s[0].start, s[1]), reverse=True):
        if splice.end > previous_start:
            if edit is None:
                raise _Layout("another change touches the same lines")
            raise _Layout("another change touches the same lines", edit, _line_of(tasks, edit))
        text = text[:splice.start] + splice.text + text[splice.end:]
        previous_start = splice.start
    return text


def write_edits(plan: PlanFile, tasks: dict[str, TaskSpot], edits: list[Edit],
                additions: tuple[Addition, ...] | list[Addition] = ()) -> str:
    """The new text, checked to read back as plan.yaml with exactly these edits and new tasks."""
    updated = apply_edits(plan, tasks, edits, additions)
    if _reads_as(updated, plan, _expected(plan, tasks, edits, additions)):
        return updated
    # Only on failure: find the change to blame by trying each on its own.
    for edit in edits:
        if not _reads_as(apply_edits(plan, tasks, [edit]), plan, _expected(plan, tasks, [edit])):
            raise _Layout("the file did not read back as expected afterwards", edit, _line_of(tasks, edit))
    for addition in additions:
        if not _reads_as(apply_edits(plan, tasks, [], [addition]), plan, _expected(plan, tasks, [], [addition])):
            raise _Layout(f"new task {addition.task_id} ({addition.cell}) did not read back as expected once added")
    raise _Layout("together the changes did not read back as expected")


def _expected(plan: PlanFile, tasks: dict[str, TaskSpot], edits: list[Edit],
              additions: tuple[Addition, ...] | list[Addition] = ()) -> Any:
    """The data plan.yaml should read as once the edits are made, to check the new text against."""
    data = copy.deepcopy(plan.data)
    for edit in edits:
        spot = tasks[edit.task_id]
        task = data["phases"][spot.phase]["tasks"][spot.index]
        if _clears(edit):
            task.pop(edit.key, None)
        else:
            task[edit.key] = edit.value.isoformat() if isinstance(edit.value, date) else edit.value
    for addition in additions:
        data["phases"][addition.phase]["tasks"].append(
            {k: v.isoformat() if isinstance(v, date) else v for k, v in addition.fields.items()})
    return data


def _reads_as(text: str, plan: PlanFile, expected: Any) -> bool:
    doc, problems = load_document(plan.path, PLAN_FILE, text)
    return doc is not None and not has_errors(problems) and doc.data == expected


# --- the whole import ----------------------------------------------------------------------------------


def import_plan(project_dir: Path, workbook: Path, dry_run: bool = False, prefer: Prefer | None = None,
                force: bool = False) -> ImportResult:
    """Merge the workbook's edits into plan.yaml, all or nothing.

    ``prefer`` settles cells changed on both sides ("workbook" or "yaml"); without it they stop the import.
    ``force`` imports a workbook made for another project (or one that does not say).
    """
    if prefer not in (None, *PREFERENCES):
        raise ValueError(f"prefer must be one of {PREFERENCES} or None, not {prefer!r}")
    result = ImportResult()
    result.diagnostics = check_workbook_size(workbook)
    if result.diagnostics:
        return result
    plan, result.diagnostics = read_plan(project_dir)
    if plan is None:
        return result
    found = read_changes(workbook)
    result.skipped = found.skipped
    if found.is_plan and not force:
        result.diagnostics = check_project_name(project_dir, workbook.name, found.project)
    result.diagnostics = result.diagnostics or found.problems
    if result.diagnostics:
        return result
    tasks = _tasks(plan)
    edits, result.conflicts, skipped = merge(found.changes, tasks, prefer)
    result.skipped += skipped
    additions, skipped, problems = resolve_new_tasks(found.new_tasks, plan, tasks, project_dir, workbook.name)
    result.skipped += skipped
    if problems:
        result.diagnostics = problems
        return result
    if result.conflicts and prefer is None:
        result.diagnostics = [_problem(workbook.name, c.message(), "choose which to keep with --prefer workbook or "
                                       "--prefer yaml, or make the two agree and import again", c.change.cell)
                              for c in result.conflicts]
        return result
    return _finish(result, project_dir, workbook, plan, tasks, edits, dry_run, additions)


def _finish(result: ImportResult, project_dir: Path, workbook: Path, plan: PlanFile, tasks: dict[str, TaskSpot],
            edits: list[Edit], dry_run: bool, additions: list[Addition] | None = None) -> ImportResult:
    """Write the edits into the text, check the result as `fls-docs validate` would, then replace plan.yaml."""
    additions = additions or []
    try:
        updated = write_edits(plan, tasks, edits, additions)
    except _Layout as exc:
        result.diagnostics = [_unwritable(workbook, exc)]
        return result
    result.diagnostics = _validate(project_dir, workbook, updated, tasks, edits, _new_cells(plan, tasks, additions))
    if not result.ok:
        return result
    if updated == plan.text:
        return result  # nothing to do: never report changes that would not change the file
    result.edits, result.added = edits, additions
    result.diff = "".join(difflib.unified_diff(plan.text.replace("\r\n", "\n").splitlines(True),
                                               updated.replace("\r\n", "\n").splitlines(True),
                                               fromfile=f"a/{PLAN_FILE}", tofile=f"b/{PLAN_FILE}"))
    if not dry_run:
        result.diagnostics = _write(plan, (codecs.BOM_UTF8 if plan.bom else b"") + updated.encode("utf-8"))
        result.written = result.ok
        if not result.ok:
            result.edits, result.added = [], []
    return result


def _unwritable(workbook: Path, exc: _Layout) -> Diagnostic:
    hint = "make this change in plan.yaml by hand, then import the workbook again"
    if exc.edit is None:
        return _problem(PLAN_FILE, "the changes cannot be written in without disturbing the rest of the file: "
                        + exc.reason, hint)
    e = exc.edit
    return _problem(workbook.name, f"task {e.task_id} {_TITLES[e.key]} cannot be written into {PLAN_FILE} "
                    f"at line {exc.line}: {exc.reason}", hint, e.cell)


def _new_cells(plan: PlanFile, tasks: dict[str, TaskSpot], additions: list[Addition]) -> dict[tuple[int, int], dict[str, str]]:
    """(phase, task index) -> the new task's cells by key, where each new task will sit in plan.yaml."""
    counts: dict[int, int] = {}
    for spot in tasks.values():
        counts[spot.phase] = max(counts.get(spot.phase, 0), spot.index + 1)
    cells = {}
    for addition in additions:
        index = counts.get(addition.phase, 0)
        counts[addition.phase] = index + 1
        cells[(addition.phase, index)] = addition.cells
    return cells


def _validate(project_dir: Path, workbook: Path, updated: str, tasks: dict[str, TaskSpot],
              edits: list[Edit], new: dict[tuple[int, int], dict[str, str]] | None = None) -> list[Diagnostic]:
    """The same checks as `fls-docs validate`, on the plan as it would be written.

    A problem an edit caused names the edited cell; a problem with a new task names its cell (or its ID cell).
    """
    checked = check_project(project_dir, texts={"plan": updated})
    cells = {(tasks[e.task_id].phase, tasks[e.task_id].index, e.key): e.cell for e in edits}
    for (phase, index), by_key in (new or {}).items():
        for key, cell in by_key.items():
            cells[(phase, index, key)] = cell
    problems = []
    for d in checked.diagnostics:
        if d.severity.value != "error":
            continue
        spot = _task_field(d.path) if d.file == PLAN_FILE else None
        cell = cells.get(spot) if spot else None
        if cell is None and spot and spot[:2] in (new or {}):
            cell = new[spot[:2]]["id"]
        problems.append(Diagnostic(workbook.name, 0, 0, cell, d.message, d.hint) if cell else d)
    return problems


def _task_field(path: tuple) -> tuple[int, int, str] | None:
    """(phase, task, field) of a problem inside a task of plan.yaml, from its data path."""
    if len(path) > 4 and path[0] == "phases" and path[2] == "tasks" and isinstance(path[4], str):
        return path[1], path[3], path[4]
    return None


def _write(plan: PlanFile, data: bytes) -> list[Diagnostic]:
    """Replace plan.yaml, unless someone saved it while the import ran."""
    try:
        if plan.path.read_bytes() != plan.raw:
            return [_problem(PLAN_FILE, "was changed while the import ran, so nothing was written",
                             "run import-plan again to merge the workbook with the new version")]
        _write_atomically(plan.path, data)
    except OSError as exc:
        return [_problem(PLAN_FILE, f"could not be written ({exc.strerror}), so it is unchanged",
                         "check you can write to the content folder")]
    return []


def _write_atomically(path: Path, data: bytes) -> None:
    """Write next to the file, then swap it in: a crash leaves the old file or the new, never half of one."""
    fd, temp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(temp, path.stat().st_mode & 0o777)
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
