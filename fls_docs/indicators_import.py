"""Bring monthly counts typed into the indicators workbook back into the indicators CSV file.

The workbook's "Enter counts" sheet is read row by row: month, indicator, numerator and
denominator. A row whose counts differ from the CSV file's replaces that line; a month the
project has no counts for yet is added at the end. Every other line of the CSV file, its
order, its line endings and a byte-order mark stay exactly as they were. Months whose counts
are written in indicators.yaml itself are left there, with a note. Everything is checked
before anything is written, each problem named by file, sheet and cell.
"""

from __future__ import annotations

import codecs
import csv
import difflib
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from openpyxl.workbook.workbook import Workbook

from fls_docs.diagnostics import Diagnostic, has_errors
from fls_docs.model.counts_csv import COLUMNS, _read_rows
from fls_docs.model.files import CONTENT_DIR
from fls_docs.model.load import load_document
from fls_docs.model.values import EARLIEST_DATE, LATEST_DATE
from fls_docs import workbook_files
from fls_docs.plan_import import _read_text, _write_atomically, check_project_name
from fls_docs.render.indicators_workbook import ENTRY_COLUMNS, ENTRY_SHEET, PROJECT_KEY, PROJECT_SHEET

INDICATORS_FILE = f"{CONTENT_DIR}/indicators.yaml"
KIND = "indicators workbook"
_MONTH = re.compile(r"([0-9]{4})-(0[1-9]|1[0-2])")
_COUNT = re.compile(r"[0-9]{1,9}")
_TITLES = {c.key: c.title for c in ENTRY_COLUMNS[:4]}


@dataclass(frozen=True)
class Count:
    """One row of the Enter counts sheet, as read."""

    indicator: str
    month: str
    numerator: int
    denominator: int
    cell: str  # the row's Month cell, for example "Enter counts!A12"


@dataclass(frozen=True)
class CountChange:
    """Counts to write: a changed line of the CSV file (``old`` holds its counts) or a new one (``old`` is None)."""

    count: Count
    old: tuple[int, int] | None

    @property
    def added(self) -> bool:
        return self.old is None

    def describe(self) -> str:
        c = self.count
        now = f"{c.numerator} of {c.denominator}"
        if self.old is None:
            return f"{c.cell}: {c.indicator} {c.month} added ({now})"
        return f"{c.cell}: {c.indicator} {c.month} changed from {self.old[0]} of {self.old[1]} to {now}"


@dataclass
class IndicatorsImportResult:
    changes: list[CountChange] = field(default_factory=list)  # written (or, with a dry run, to write)
    skipped: list[str] = field(default_factory=list)  # rows not applied, and why
    diagnostics: list[Diagnostic] = field(default_factory=list)
    csv_file: str = ""  # the CSV file as the user sees it, such as content/indicators.csv
    diff: str = ""
    written: bool = False

    @property
    def ok(self) -> bool:
        return not has_errors(self.diagnostics)


@dataclass(frozen=True)
class _CsvFile:
    path: Path
    display: str
    raw: bytes
    text: str  # without a byte-order mark, line endings untouched
    bom: bool
    lines: dict[tuple[str, str], tuple[int, int, int]]  # (indicator, month) -> (line index, numerator, denominator)


def _problem(file: str, message: str, hint: str, where: str = "") -> Diagnostic:
    return Diagnostic(file, 0, 0, where, message, hint)


# --- the workbook --------------------------------------------------------------------------------


def check_workbook_size(workbook: Path) -> list[Diagnostic]:
    """The same guard as import-plan: refuse a file too big to be the indicators workbook before opening it."""
    return workbook_files.check_workbook_size(
        workbook, f"an {KIND}",
        "check it is the indicators workbook from fls-docs build, and remove any pictures pasted into it",
        "keep one row per indicator and month, and delete any rows pasted below them")


def _month(value: Any) -> str | None:
    """YYYY-MM from a cell: text, or a date Excel made of what was typed."""
    if isinstance(value, (datetime, date)):
        return f"{value.year:04d}-{value.month:02d}"
    text = str(value).strip()
    return text if _MONTH.fullmatch(text) else None


def _whole(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if 0 <= value <= 999_999_999 else None
    if isinstance(value, float):
        return int(value) if value.is_integer() and 0 <= value <= 999_999_999 else None
    text = str(value).strip()
    return int(text) if _COUNT.fullmatch(text) else None


def _recorded_project(wb: Workbook) -> str | None:
    if PROJECT_SHEET not in wb.sheetnames:
        return None
    ws = wb[PROJECT_SHEET]
    return str(ws["B1"].value) if ws["A1"].value == PROJECT_KEY and ws["B1"].value is not None else None


def read_counts(workbook: Path, ids: list[str]) -> tuple[list[Count], str | None, bool, list[Diagnostic]]:
    """The counts on the Enter counts sheet, the project it was made for, whether it is an
    indicators workbook at all, and every problem with a cell, all at once."""
    name = workbook.name
    try:
        wb = load_workbook(workbook)
    except Exception as exc:  # openpyxl raises several kinds for a file that is not a workbook
        return [], None, False, [_problem(name, f"cannot be opened as an Excel workbook ({exc})",
                                          "give the .xlsx file made by fls-docs build")]
    if ENTRY_SHEET not in wb.sheetnames:
        return [], None, False, [_problem(name, f'is not an indicators workbook made by fls-docs (it has no "{ENTRY_SHEET}" sheet)',
                                          "use build/docs/outcome-indicators.xlsx from fls-docs build")]
    ws = wb[ENTRY_SHEET]
    titles = {str(c.value).strip(): c.column for c in ws[1] if c.value is not None}
    missing = [t for t in _TITLES.values() if t not in titles]
    if missing:
        return [], None, True, [_problem(name, "the header row has lost the column(s) " + ", ".join(missing),
                                         "put the column titles back as they were generated", f"{ENTRY_SHEET}!1")]
    columns = {key: titles[title] for key, title in _TITLES.items()}
    counts: list[Count] = []
    problems: list[Diagnostic] = []
    seen: dict[tuple[str, str], str] = {}
    for row in ws.iter_rows(min_row=2):
        cells = {key: row[col - 1] for key, col in columns.items()}
        if all(c.value is None or (isinstance(c.value, str) and not c.value.strip()) for c in cells.values()):
            continue
        count = _read_row(name, cells, ids, problems)
        if count is None:
            continue
        key = (count.indicator, count.month)
        if key in seen:
            problems.append(_problem(name, f"{count.indicator} has a second row for {count.month} (the first is {seen[key]})",
                                     "keep one row per indicator and month", count.cell))
            continue
        seen[key] = count.cell
        counts.append(count)
    return counts, _recorded_project(wb), True, problems


def _read_row(name: str, cells: dict[str, Any], ids: list[str], problems: list[Diagnostic]) -> Count | None:
    where = {key: f"{ENTRY_SHEET}!{cell.coordinate}" for key, cell in cells.items()}
    before = len(problems)
    month = _month(cells["month"].value) if cells["month"].value is not None else None
    if month is None:
        problems.append(_problem(name, f'"{_shown(cells["month"].value)}" is not a month', "write it as YYYY-MM, for example 2026-11",
                                 where["month"]))
    elif not EARLIEST_DATE.year <= int(month[:4]) <= LATEST_DATE.year:
        problems.append(_problem(name, f'"{month}" is outside the months fls-docs accepts, '
                                       f"{EARLIEST_DATE:%Y-%m} to {LATEST_DATE:%Y-%m}", "check the year", where["month"]))
    indicator = str(cells["indicator"].value or "").strip()
    if indicator not in ids:
        problems.append(_problem(name, f'"{_shown(indicator)}" is not an indicator in indicators.yaml',
                                 "choose one from the drop-down list: " + ", ".join(ids), where["indicator"]))
    numbers = {}
    for key in ("numerator", "denominator"):
        numbers[key] = _whole(cells[key].value) if cells[key].value is not None else None
        if numbers[key] is None:
            problems.append(_problem(name, f'"{_shown(cells[key].value)}" is not a whole number of patients',
                                     "type a count such as 42", where[key]))
    if len(problems) > before:
        return None
    if numbers["numerator"] > numbers["denominator"]:
        problems.append(_problem(name, f"the numerator ({numbers['numerator']}) is larger than the denominator "
                                       f"({numbers['denominator']})", "the numerator counts patients within the denominator",
                                 where["numerator"]))
        return None
    return Count(indicator, month, numbers["numerator"], numbers["denominator"], where["month"])


def _shown(value: Any) -> str:
    text = "" if value is None else str(value)
    return text if len(text) <= 40 else text[:39] + "…"


# --- the project ---------------------------------------------------------------------------------


def _indicators(project_dir: Path) -> tuple[dict | None, list[Diagnostic]]:
    text, _, _, problems = _read_text(project_dir, INDICATORS_FILE)
    if text is None:
        return None, problems
    doc, problems = load_document(project_dir / INDICATORS_FILE, INDICATORS_FILE, text)
    if doc is None or has_errors(problems):
        return None, problems
    if not isinstance(doc.data, dict) or not isinstance(doc.data.get("values_csv"), str):
        return None, [_problem(INDICATORS_FILE, "names no CSV file for the counts",
                               "add values_csv: indicators.csv and create that file with the line "
                               + ",".join(COLUMNS), "values_csv")]
    return doc.data, []


def _yaml_counts(data: dict) -> dict[tuple[str, str], tuple[int, int]]:
    """(indicator, month) -> counts written in indicators.yaml itself."""
    counts = {}
    for entry in data.get("indicators") or []:
        if isinstance(entry, dict):
            for value in entry.get("values") or []:
                if isinstance(value, dict):
                    counts[(str(entry.get("id")), str(value.get("month")))] = (value.get("numerator"), value.get("denominator"))
    return counts


def _read_csv(project_dir: Path, name: str, ids: list[str]) -> tuple[_CsvFile | None, list[Diagnostic]]:
    file = f"{CONTENT_DIR}/{name}"
    text, raw, bom, problems = _read_text(project_dir, file)
    if text is None:
        return None, problems
    rows, problems = _read_rows(csv.reader(text.splitlines()), file, ids)
    if has_errors(problems):
        return None, problems
    lines = {}
    for index, line in enumerate(text.splitlines()):
        cells = next(csv.reader([line]), [])
        if index and len(cells) == len(COLUMNS):
            key = (cells[0].strip(), cells[1].strip())
            if key not in lines and _COUNT.fullmatch(cells[2].strip()) and _COUNT.fullmatch(cells[3].strip()):
                lines[key] = (index, int(cells[2]), int(cells[3]))
    return _CsvFile(project_dir / file, file, raw, text, bom, lines), []


# --- the whole import ----------------------------------------------------------------------------


def import_indicators(project_dir: Path, workbook: Path, dry_run: bool = False, force: bool = False) -> IndicatorsImportResult:
    """Bring changed and new monthly counts from the workbook into the indicators CSV file, all or nothing.

    ``force`` imports a workbook made for another project (or one that does not say).
    """
    result = IndicatorsImportResult()
    result.diagnostics = check_workbook_size(workbook)
    if result.diagnostics:
        return result
    data, result.diagnostics = _indicators(project_dir)
    if data is None:
        return result
    ids = [str(i.get("id")) for i in data.get("indicators") or [] if isinstance(i, dict)]
    source, result.diagnostics = _read_csv(project_dir, data["values_csv"], ids)
    if source is None:
        return result
    result.csv_file = source.display
    counts, project, is_workbook, problems = read_counts(workbook, ids)
    if is_workbook and not force:
        problems = check_project_name(project_dir, workbook.name, project) or problems
    if problems:
        result.diagnostics = problems
        return result
    in_yaml = _yaml_counts(data)
    for count in counts:
        key = (count.indicator, count.month)
        if key in in_yaml:
            if in_yaml[key] != (count.numerator, count.denominator):
                result.skipped.append(f"{count.cell}: the counts for {count.indicator} {count.month} are written in "
                                      f"{INDICATORS_FILE}, so this change was not applied; change them there")
        elif key not in source.lines:
            result.changes.append(CountChange(count, None))
        elif source.lines[key][1:] != (count.numerator, count.denominator):
            result.changes.append(CountChange(count, source.lines[key][1:]))
    if not result.changes:
        return result
    updated = _updated_text(source, result.changes)
    _, problems = _read_rows(csv.reader(updated.splitlines()), source.display, ids)
    if has_errors(problems):
        result.diagnostics, result.changes = problems, []
        return result
    result.diff = "".join(difflib.unified_diff(source.text.replace("\r\n", "\n").splitlines(True),
                                               updated.replace("\r\n", "\n").splitlines(True),
                                               fromfile=f"a/{source.display}", tofile=f"b/{source.display}"))
    if not dry_run:
        result.diagnostics = _write(source, (codecs.BOM_UTF8 if source.bom else b"") + updated.encode("utf-8"))
        result.written = result.ok
    return result


def _line(count: Count) -> str:
    return f"{count.indicator},{count.month},{count.numerator},{count.denominator}"


def _updated_text(source: _CsvFile, changes: list[CountChange]) -> str:
    """The CSV text with changed lines replaced where they stand and new lines added at the end, in the file's line endings."""
    lines = source.text.splitlines(keepends=True)
    newline = "\r\n" if lines and lines[0].endswith("\r\n") else "\n"
    for change in changes:
        if change.old is not None:
            index = source.lines[(change.count.indicator, change.count.month)][0]
            ending = lines[index][len(lines[index].rstrip("\r\n")):]
            lines[index] = _line(change.count) + ending
    text = "".join(lines)
    added = [_line(c.count) for c in changes if c.added]
    if not added:
        return text
    if text and not text.endswith(("\n", "\r")):
        return text + newline + newline.join(added)  # the file ended without a line break; so does the new one
    return text + "".join(line + newline for line in added)


def _write(source: _CsvFile, data: bytes) -> list[Diagnostic]:
    """Replace the CSV file, unless someone saved it while the import ran."""
    try:
        if source.path.read_bytes() != source.raw:
            return [_problem(source.display, "was changed while the import ran, so nothing was written",
                             "run import-indicators again")]
        _write_atomically(source.path, data)
    except OSError as exc:
        return [_problem(source.display, f"could not be written ({exc.strerror}), so it is unchanged",
                         "check you can write to the content folder")]
    return []
