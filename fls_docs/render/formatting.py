"""How numbers, money and dates are written in every output."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from typing import Any

from fls_docs.model.project import Missing


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


def longdate(value: date | Missing) -> str | Missing:
    """date(2026, 11, 25) -> '25 November 2026' (NHS style: no ordinal, no comma). A placeholder stays one."""
    if isinstance(value, Missing):
        return value
    return f"{value.day} {value:%B %Y}"


def shortdate(value: date) -> str:
    """date(2026, 11, 25) -> '25 Nov 2026'."""
    return f"{value.day} {value:%b %Y}"


_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|])")


def md(value: Any) -> str:
    """Text from content, made safe for Markdown: shown literally, never as markup or HTML."""
    if isinstance(value, Missing):
        return f"**{md(str(value))}**"
    text = str(value)
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = _MD_SPECIAL.sub(r"\\\1", text)
    # Line breaks inside a table cell or list item would end it early.
    return " ".join(text.split())


def who(person: Any) -> Any:
    """A person's name, or the placeholder standing in for them."""
    return person if isinstance(person, Missing) else person.name


def figure(param: Any, value: float | None = None) -> str:
    """A calculator input (or its low or high ``value``) in the units a reader expects: 80%, £1,500, 0.47."""
    value = param.value if value is None else value
    key = param.key
    if key.endswith(("weeks_to_start", "onset_months", "offset_years", "bed_days")):
        return num(value, 1).removesuffix(".0")
    if key.startswith(("utility.", "optimism_bias.", "regimens.")) and not key.endswith(("_cost",)) or \
            param.distribution == "beta" or key in ("discount_rate", "health_discount_rate"):
        return pct(value, 0 if abs(value * 100 - round(value * 100)) < 1e-9 else 1)
    if param.distribution == "gamma" or key == "qaly_value" or key.endswith("_cost"):
        return money(value)
    if key.startswith("minutes.") or key in ("horizon_years", "service_years", "productive_hours"):
        return num(value)
    return f"{value:.3g}"


FILTERS: dict[str, Callable[..., str]] = {
    "num": num, "money": money, "pct": pct, "longdate": longdate, "shortdate": shortdate, "md": md, "figure": figure, "who": who,
}
