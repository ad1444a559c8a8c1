"""Checks every value needs, whatever field it is in.

A JSON Schema's ``minimum`` and ``maximum`` let ``.nan`` through (every comparison
with it is false), and it says nothing about control characters, so these checks
walk every value of every content file before anything uses them.
"""

from __future__ import annotations

import math
import re
from datetime import date
from typing import Any

from fls_docs.diagnostics import Diagnostic
from fls_docs.model.characters import UNUSABLE_HINT, describe_unusable, first_unusable
from fls_docs.model.load import Document

EARLIEST_DATE = date(1990, 1, 1)
LATEST_DATE = date(2100, 12, 31)
DATE_RANGE = f"{EARLIEST_DATE.isoformat()} to {LATEST_DATE.isoformat()}"
LARGEST_NUMBER = 10**15  # a spreadsheet keeps 15 significant digits
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_NUMBER_HINT = "write a number, for example 0.5"

Path_ = tuple[str | int, ...]


def parse_date(value: Any) -> date | None:
    """A YYYY-MM-DD date, or None. Stricter than ``date.fromisoformat``, which also takes "20260131" and "2026-W05"."""
    if not isinstance(value, str) or not _ISO_DATE.fullmatch(value):
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


def date_in_range(value: date) -> bool:
    return EARLIEST_DATE <= value <= LATEST_DATE


def number_problem(value: Any) -> tuple[str, str] | None:
    """(message, hint) when ``value`` is a number nothing can calculate with."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    if isinstance(value, float) and math.isnan(value):
        return '.nan ("not a number") cannot be used as a number', _NUMBER_HINT
    if isinstance(value, float) and math.isinf(value):
        return (".inf (infinity)" if value > 0 else "-.inf (minus infinity)") + " cannot be used as a number", _NUMBER_HINT
    if abs(value) >= LARGEST_NUMBER:
        shown = f"{value:,}" if isinstance(value, int) and len(str(value)) < 40 else f"{value:.3g}"
        return (f"{shown} is too large a number to use",
                "numbers have at most 15 digits, the most a spreadsheet keeps exactly; check for extra digits")
    return None


def text_problem(value: Any) -> tuple[str, str] | None:
    """(message, hint) when text holds a character a document cannot show."""
    if not isinstance(value, str):
        return None
    index = first_unusable(value)
    return None if index is None else (describe_unusable(value, index), UNUSABLE_HINT)


def value_problems(doc: Document) -> list[tuple[Path_, Diagnostic]]:
    """Every unusable number and text, field name or value, with its path.

    Iterative, so the depth of the data cannot exhaust the stack; the loader has
    bounded how many values aliases can add, so the walk is bounded too.
    """
    found: list[tuple[Path_, Diagnostic]] = []
    stack: list[tuple[Any, Path_]] = [(doc.data, ())]
    while stack:
        value, path = stack.pop()
        if isinstance(value, dict):
            for key, item in value.items():
                child = path + (key,)
                if (problem := text_problem(key)) is not None:
                    found.append((child, doc.diagnostic(child, "the field name " + problem[0], problem[1], key=True)))
                stack.append((item, child))
        elif isinstance(value, list):
            stack.extend((item, path + (i,)) for i, item in enumerate(value))
        elif (problem := number_problem(value) or text_problem(value)) is not None:
            found.append((path, doc.diagnostic(path, *problem)))
    return found
