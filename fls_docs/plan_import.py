"""Bring edits made in the plan workbook back into content/plan.yaml.

Only the Plan sheet's editable columns are read. A cell counts as edited when it
differs from the value the workbook was generated with (kept in a hidden sheet),
so the import never undoes a change made to plan.yaml since. Every edit is
checked with the same schema and rules as the YAML before anything is written,
and plan.yaml keeps its comments, key order and layout.
"""

from __future__ import annotations

import difflib
import io
import os
import re
import tempfile
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from ruamel.yaml import YAML

from fls_docs.diagnostics import Diagnostic, has_errors
from fls_docs.model.files import CONTENT_DIR
from fls_docs.model.project import STATUSES
from fls_docs.model.validate import check_project
from fls_docs.render.plan_workbook import (
    EDITABLE,
    PLAN_COLUMNS,
    PLAN_SHEET,
    SOURCE_SHEET,
)

PLAN_FILE = f"{CONTENT_DIR}/plan.yaml"
_TASK_FIELD = re.compile(r"^phases\[(\d+)\]\.tasks\[(\d+)\]\.(\w+)")


@dataclass(frozen=True)
class Edit:
    task_id: str
    key: str  # start, due, percent_complete, status or notes
    value: Any  # None clears the field
    cell: str  # for example "Plan!G12"


@dataclass
class ImportResult:
    edits: list[Edit] = field(default_factory=list)  # applied (or, with --dry-run, to apply)
    skipped: list[str] = field(default_factory=list)  # rows or values not applied, and why
    diagnostics: list[Diagnostic] = field(default_factory=list)
    diff: str = ""
    written: bool = False

    @property
    def ok(self) -> bool:
        return not has_errors(self.diagnostics)


def _yaml() -> YAML:
    yaml = YAML()
    yaml.preserve_quotes = True
    yaml.width = 4096  # never re-wrap long lines
    yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml


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


def read_edits(workbook: Path) -> tuple[list[Edit], list[str], list[Diagnostic]]:
    """The edits made in the workbook's Plan sheet, rows that cannot be matched, and cells that cannot be read."""
    name = workbook.name
    try:
        wb = load_workbook(workbook, read_only=False)
    except Exception as exc:  # openpyxl raises several kinds for a file that is not a workbook
        return [], [], [Diagnostic(name, 0, 0, "", f"cannot be opened as an Excel workbook ({exc})",
                                   "give the .xlsx file made by fls-docs build")]
    if PLAN_SHEET not in wb.sheetnames or SOURCE_SHEET not in wb.sheetnames:
        return [], [], [Diagnostic(name, 0, 0, "", "is not a plan workbook made by fls-docs (its Plan sheet or generated values are missing)",
                                   "use build/docs/improvement-project-plan.xlsx from fls-docs build")]
    generated = {str(row[0]): row for row in wb[SOURCE_SHEET].iter_rows(min_row=2, values_only=True) if row[0] is not None}
    ws = wb[PLAN_SHEET]
    titles = {str(c.value).strip(): c.column for c in ws[1] if c.value is not None}
    missing = [c.title for c in PLAN_COLUMNS if (c.key == "id" or c.editable) and c.title not in titles]
    if missing:
        return [], [], [Diagnostic(name, 0, 0, f"{PLAN_SHEET}!1", "the header row has lost the column(s) " + ", ".join(missing),
                                   "put the column titles back as they were generated")]
    columns = {c.key: titles[c.title] for c in PLAN_COLUMNS if c.title in titles}
    edits: list[Edit] = []
    skipped: list[str] = []
    problems: list[Diagnostic] = []
    seen: set[str] = set()
    for row in ws.iter_rows(min_row=2):
        task_cell = row[columns["id"] - 1]
        if task_cell.value is None or not str(task_cell.value).strip():
            continue
        task_id = str(task_cell.value).strip()
        if task_id in seen:
            skipped.append(f"{PLAN_SHEET}!{task_cell.coordinate}: task {task_id} appears twice; only its first row was read")
            continue
        seen.add(task_id)
        original = generated.get(task_id)
        if original is None:
            skipped.append(f"{PLAN_SHEET}!{task_cell.coordinate}: task {task_id} was not in the workbook when it was made, "
                           "so its row was not read; add new tasks in plan.yaml")
            continue
        for i, key in enumerate(EDITABLE, start=1):
            cell = row[columns[key] - 1]
            where = f"{PLAN_SHEET}!{cell.coordinate}"
            value, problem = _parse(key, cell.value, where, name)
            if problem:
                problems.append(problem)
                continue
            before, _ = _parse(key, original[i], where, name)
            if value != before:
                edits.append(Edit(task_id, key, value, where))
    return edits, skipped, problems


def _tasks(data: Any) -> dict[str, tuple[int, int, Any]]:
    """Task id -> (phase index, task index, the task's mapping) in the round-trip YAML."""
    out = {}
    for p, phase in enumerate(data.get("phases", [])):
        for t, task in enumerate(phase.get("tasks", [])):
            out[str(task["id"])] = (p, t, task)
    return out


def _set(task: Any, key: str, value: Any) -> None:
    if value is None or (key == "notes" and value == ""):
        task.pop(key, None)
    elif key in task:
        task[key] = value
    else:
        # A new field goes where a reader expects it: after status for % complete, at the end for notes.
        keys = list(task.keys())
        position = keys.index("status") + 1 if key == "percent_complete" and "status" in keys else len(keys)
        task.insert(position, key, value)


def import_plan(project_dir: Path, workbook: Path, dry_run: bool = False) -> ImportResult:
    """Apply the workbook's edits to plan.yaml, all or nothing."""
    result = ImportResult()
    edits, result.skipped, problems = read_edits(workbook)
    if problems:
        result.diagnostics = problems
        return result
    plan_path = project_dir / PLAN_FILE
    original = plan_path.read_text(encoding="utf-8")
    yaml = _yaml()
    data = yaml.load(original)
    tasks = _tasks(data)
    applied = []
    for edit in edits:
        if edit.task_id not in tasks:
            result.skipped.append(f"{edit.cell}: task {edit.task_id} is no longer in plan.yaml, so this change was not applied")
            continue
        _set(tasks[edit.task_id][2], edit.key, edit.value)
        applied.append(edit)
    buffer = io.StringIO()
    yaml.dump(data, buffer)
    updated = buffer.getvalue()

    # The same checks as `fls-docs validate`, on the plan as it would be written.
    checked = check_project(project_dir, texts={"plan": updated})
    cells = {(tasks[e.task_id][0], tasks[e.task_id][1], e.key): e.cell for e in applied}
    for d in checked.diagnostics:
        if d.file != PLAN_FILE or d.severity.value != "error":
            continue
        match = _TASK_FIELD.match(d.field)
        cell = cells.get((int(match[1]), int(match[2]), match[3])) if match else None
        if cell:  # a problem an edit caused: point at the cell
            result.diagnostics.append(Diagnostic(workbook.name, 0, 0, cell, d.message, d.hint))
        else:
            result.diagnostics.append(d)
    result.diagnostics += [d for d in checked.diagnostics if d.file != PLAN_FILE and d.severity.value == "error"]
    if not result.ok:
        return result
    result.edits = applied
    result.diff = "".join(difflib.unified_diff(original.splitlines(True), updated.splitlines(True),
                                               fromfile=f"a/{PLAN_FILE}", tofile=f"b/{PLAN_FILE}"))
    if not dry_run and updated != original:
        _write_atomically(plan_path, updated)
        result.written = True
    return result


def _write_atomically(path: Path, text: str) -> None:
    """Write next to the file, then swap it in: a crash leaves the old file or the new, never half of one."""
    fd, temp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
        os.chmod(temp, path.stat().st_mode & 0o777)
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
