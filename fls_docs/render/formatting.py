"""How numbers, money and dates are written in every output."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, datetime, time
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


def monthname(value: date | str) -> str:
    """date(2026, 11, 25) -> 'November 2026'; an indicator's month, '2026-10', -> 'October 2026'."""
    if isinstance(value, str):
        value = date.fromisoformat(f"{value}-01")
    return f"{value:%B %Y}"


def longday(value: date) -> str:
    """date(2026, 12, 8) -> 'Tuesday 8 December 2026', for a meeting's date."""
    return f"{value:%A} {longdate(value)}"


def clock(value: time | datetime) -> str:
    """A time of day as NHS style writes it: 9am, 12:30pm, 2pm, midday, midnight."""
    if value.hour == 12 and value.minute == 0:
        return "midday"
    if value.hour == 0 and value.minute == 0:
        return "midnight"
    hour = value.hour % 12 or 12
    minutes = f":{value.minute:02d}" if value.minute else ""
    return f"{hour}{minutes}{'am' if value.hour < 12 else 'pm'}"


_NUMBER_WORDS = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve")
_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_WHICH = {1: "first", 2: "second", 3: "third", 4: "fourth", -1: "last"}


def ordinal(n: int) -> str:
    """15 -> '15th', 22 -> '22nd'."""
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def repeat_words(repeat: Any) -> str:
    """How often a group meets: 'every two weeks on a Tuesday', 'every month on the first Tuesday', 'every month on the 15th'."""
    unit = repeat.unit.removesuffix("s")
    count = _NUMBER_WORDS[repeat.every] if repeat.every < len(_NUMBER_WORDS) else str(repeat.every)
    every = f"every {unit}" if repeat.every == 1 else f"every {count} {repeat.unit}"
    if unit == "week":
        return f"{every} on a {_WEEKDAYS[repeat.start.weekday() if repeat.weekday is None else repeat.weekday]}"
    if repeat.weekday is not None and repeat.week_of_month:
        return f"{every} on the {_WHICH[repeat.week_of_month]} {_WEEKDAYS[repeat.weekday]}"
    return f"{every} on the {ordinal(repeat.start.day)}"


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
    "num": num, "money": money, "pct": pct, "longdate": longdate, "shortdate": shortdate, "monthname": monthname, "md": md, "figure": figure, "who": who,
    "longday": longday, "clock": clock, "repeat_words": repeat_words,
}
