"""Monthly indicator counts from a CSV file, each problem pinned to its line and column."""

from __future__ import annotations

import csv
import re
from functools import partial
from pathlib import Path
from typing import Any

from fls_docs.diagnostics import Diagnostic
from fls_docs.model.characters import printable
from fls_docs.model.values import EARLIEST_DATE, LATEST_DATE

COLUMNS = ("indicator", "month", "numerator", "denominator")
_MONTH = re.compile(r"[0-9]{4}-(0[1-9]|1[0-2])")
_COUNT = re.compile(r"[0-9]{1,9}")  # ASCII digits only: str.isdigit() also takes "²", which int() rejects
MAX_CSV_BYTES = 10_000_000


def _column(cells: list[str], index: int) -> int:
    """Where field ``index`` starts on its line, counting from 1."""
    return sum(len(c) + 1 for c in cells[:index]) + 1


def _read_text(path: Path, display: str) -> tuple[str | None, list[Diagnostic]]:
    try:
        if path.stat().st_size > MAX_CSV_BYTES:
            return None, [Diagnostic(display, 1, 1, "", f"the file is larger than {MAX_CSV_BYTES // 1_000_000} MB",
                                     "keep one row per indicator and month; check it is the right file")]
        return path.read_text(encoding="utf-8-sig"), []  # Excel saves CSV with a byte-order mark
    except UnicodeDecodeError:
        return None, [Diagnostic(display, 1, 1, "", "the file is not UTF-8 text", "save it from Excel as 'CSV UTF-8'")]
    except OSError as exc:
        return None, [Diagnostic(display, 1, 1, "", f"the file cannot be read ({exc.strerror or type(exc).__name__})",
                                 "check the file's permissions")]


def read_counts(path: Path, display: str, indicator_ids: list[str]) -> tuple[list[dict[str, Any]], list[Diagnostic]]:
    """Rows of (indicator, month, numerator, denominator) and every problem found, all at once."""
    text, problems = _read_text(path, display)
    if text is None:
        return [], problems
    try:
        return _read_rows(csv.reader(text.splitlines()), display, indicator_ids)
    except csv.Error as exc:  # a field longer than the csv module allows, for example
        return [], [Diagnostic(display, 1, 1, "", f"the file cannot be read as CSV ({printable(str(exc))})",
                               "save it from Excel as 'CSV UTF-8'")]


def _read_rows(reader: Any, display: str, indicator_ids: list[str]) -> tuple[list[dict[str, Any]], list[Diagnostic]]:
    problems: list[Diagnostic] = []
    rows: list[dict[str, Any]] = []
    header = next(reader, None)
    if header is None or [h.strip().lower() for h in header] != list(COLUMNS):
        return [], [Diagnostic(display, 1, 1, "", f"the first row should be the column names: {','.join(COLUMNS)}",
                               "keep the columns in that order")]
    seen: dict[tuple[str, str], int] = {}
    for line, cells in enumerate(reader, start=2):
        if not any(c.strip() for c in cells):
            continue
        if len(cells) != len(COLUMNS):
            problems.append(Diagnostic(display, line, 1, "", f"the row has {len(cells)} values, not {len(COLUMNS)}",
                                       "each row needs an indicator id, a month and two counts"))
            continue
        indicator, month, numerator, denominator = (c.strip() for c in cells)
        column = partial(_column, cells)
        row_ok = True
        if indicator not in indicator_ids:
            problems.append(Diagnostic(display, line, column(0), "indicator", f'"{_shown(indicator)}" is not an indicator in indicators.yaml',
                                       "use one of: " + ", ".join(printable(i) for i in indicator_ids)))
            row_ok = False
        if not _MONTH.fullmatch(month):
            problems.append(Diagnostic(display, line, column(1), "month", f'"{_shown(month)}" is not a month',
                                       "write it as YYYY-MM, for example 2026-04"))
            row_ok = False
        elif not EARLIEST_DATE.year <= int(month[:4]) <= LATEST_DATE.year:
            problems.append(Diagnostic(display, line, column(1), "month", f'"{month}" is outside the months fls-docs '
                                       f"accepts, {EARLIEST_DATE:%Y-%m} to {LATEST_DATE:%Y-%m}", "check the year"))
            row_ok = False
        counts = []
        for i, (name, value) in enumerate((("numerator", numerator), ("denominator", denominator)), start=2):
            if not _COUNT.fullmatch(value):
                problems.append(Diagnostic(display, line, column(i), name, f'"{_shown(value)}" is not a whole number of patients',
                                           "write a count such as 42, with no decimal point or separators, up to 999,999,999"))
                row_ok = False
            else:
                counts.append(int(value))
        if row_ok and counts[0] > counts[1]:
            problems.append(Diagnostic(display, line, column(2), "numerator", f"the numerator ({counts[0]}) is larger than the denominator ({counts[1]})",
                                       "the numerator counts patients within the denominator"))
            row_ok = False
        if row_ok and (indicator, month) in seen:
            problems.append(Diagnostic(display, line, 1, "", f"{indicator} already has a row for {month} on line {seen[(indicator, month)]}",
                                       "keep one row per indicator and month"))
            row_ok = False
        if row_ok:
            seen[(indicator, month)] = line
            rows.append({"indicator": indicator, "month": month, "numerator": counts[0], "denominator": counts[1]})
    return rows, problems


def _shown(cell: str) -> str:
    """A cell as a message may quote it: one line, and short."""
    return printable(cell if len(cell) <= 40 else cell[:39] + "…")
