"""How numbers, money and dates are written in every output."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from typing import Any


def num(value: float, digits: int = 0) -> str:
    """1571.3 -> "1,571"."""
    return f"{round(value + 0.0, digits):,.{digits}f}"


def money(value: float) -> str:
    """206071.4 -> '£206,071'."""
    sign = "-" if value < 0 else ""
    return f"{sign}£{abs(value):,.0f}"


def pct(share: float, digits: int = 0) -> str:
    """0.8 -> '80%'."""
    return f"{share * 100:.{digits}f}%"


def longdate(value: date) -> str:
    """date(2026, 11, 25) -> '25 November 2026' (NHS style: no ordinal, no comma)."""
    return f"{value.day} {value:%B %Y}"


def shortdate(value: date) -> str:
    """date(2026, 11, 25) -> '25 Nov 2026'."""
    return f"{value.day} {value:%b %Y}"


_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|])")


def md(value: Any) -> str:
    """Text from content, made safe for Markdown: shown literally, never as markup or HTML."""
    text = str(value)
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = _MD_SPECIAL.sub(r"\\\1", text)
    # Line breaks inside a table cell or list item would end it early.
    return " ".join(text.split())


FILTERS: dict[str, Callable[..., str]] = {
    "num": num, "money": money, "pct": pct, "longdate": longdate, "shortdate": shortdate, "md": md,
}
