"""Monthly indicator counts from a CSV file, each problem pinned to its line and column."""

from __future__ import annotations

import csv
import re
from functools import partial
from pathlib import Path
from typing import Any

from fls_docs.diagnostics import Diagnostic

COLUMNS = ("indicator", "month", "numerator", "denominator")
_MONTH = re.compile(r"^[0-9]{4}-(0[1-9]|1[0-2])$")


def _column(cells: list[str], index: int) -> int:
    """Where field ``index`` starts on its line, counting from 1."""
    return sum(len(c) + 1 for c in cells[:index]) + 1


def read_counts(path: Path, display: str, indicator_ids: list[str]) -> tuple[list[dict[str, Any]], list[Diagnostic]]:
    """Rows of (indicator, month, numerator, denominator) and every problem found, all at once."""
    problems: list[Diagnostic] = []
    rows: list[dict[str, Any]] = []
    try:
        text = path.read_text(encoding="utf-8-sig")  # Excel saves CSV with a byte-order mark
    except UnicodeDecodeError:
        return [], [Diagnostic(display, 1, 1, "", "the file is not UTF-8 text", "save it from Excel as 'CSV UTF-8'")]
    reader = csv.reader(text.splitlines())
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
            problems.append(Diagnostic(display, line, column(0), "indicator", f'"{indicator}" is not an indicator in indicators.yaml',
                                       "use one of: " + ", ".join(indicator_ids)))
            row_ok = False
        if not _MONTH.match(month):
            problems.append(Diagnostic(display, line, column(1), "month", f'"{month}" is not a month', "write it as YYYY-MM, for example 2026-04"))
            row_ok = False
        counts = []
        for i, (name, value) in enumerate((("numerator", numerator), ("denominator", denominator)), start=2):
            if not value.isdigit():
                problems.append(Diagnostic(display, line, column(i), name, f'"{value}" is not a whole number of patients',
                                           "write a count such as 42, with no decimal point"))
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
