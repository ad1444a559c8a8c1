"""Checks on indicators.yaml that its schema cannot make: each month's figures fit the indicator's kind.

A share (the default) counts a numerator out of a denominator and aims at a target from 0 to 1; a count
or an average gives one value a month. The kind may come from the content or from the shipped measure
it names, so these checks look both up.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from fls_docs.diagnostics import Diagnostic
from fls_docs.model import indicator_set
from fls_docs.model.load import Document


def kind_of(entry: dict[str, Any]) -> str:
    """share, count or average: the indicator's own kind, else its measure's, else share."""
    kind = entry.get("kind")
    if kind in ("share", "count", "average"):
        return kind
    base, _ = indicator_set.defaults(entry, "")
    return str(base.get("kind", "share"))


def own_fields(entry: dict[str, Any]) -> tuple[str, ...]:
    """What an indicator naming no KPI or measure must define itself."""
    return ("name", "numerator", "denominator", "target") if kind_of(entry) == "share" else ("name", "numerator")


def figures_fit_kind(doc: Document, i: int, entry: dict[str, Any]) -> Iterator[Diagnostic]:
    """A share's target is 0 to 1 and its months have counts; a count's or an average's months have a value."""
    kind = kind_of(entry)
    target = entry.get("target")
    if kind == "share" and isinstance(target, (int, float)) and not isinstance(target, bool) and target > 1:
        yield doc.diagnostic(("indicators", i, "target"), f"{target} is more than 1, but this indicator is a share",
                             "write the share from 0 to 1 (0.8 is 80%), or set kind: count or kind: average")
    for j, value in enumerate(entry.get("values") or []):
        if not isinstance(value, dict):
            continue
        where = ("indicators", i, "values", j)
        if kind == "share":
            for key in ("numerator", "denominator"):
                if key not in value:
                    yield doc.diagnostic(where, f"the month has no {key}",
                                         f"a share needs numerator: and denominator: each month (this indicator's kind is share)")
            if "value" in value:
                yield doc.diagnostic(where + ("value",), "a share is worked out from its numerator and denominator, "
                                     "so it takes no value", "remove value:, or set kind: count or kind: average")
        else:
            if "value" not in value:
                yield doc.diagnostic(where, "the month has no value",
                                     f"a{'n' if kind == 'average' else ''} {kind} needs value: each month, such as value: 24")
            for key in ("numerator", "denominator"):
                if key in value:
                    yield doc.diagnostic(where + (key,), f"a{'n' if kind == 'average' else ''} {kind} takes one value a month, "
                                         f"not a {key}", "write the month's figure as value:")
    months: dict[str, int] = {}
    for j, change in enumerate(entry.get("changes") or []):
        month = change.get("month") if isinstance(change, dict) else None
        if isinstance(month, str):
            if month in months:
                yield doc.diagnostic(("indicators", i, "changes", j, "month"),
                                     f"a change is already marked in {month} on line {months[month]}",
                                     "mark one change a month; put both in one label")
            months.setdefault(month, doc.mark(("indicators", i, "changes", j, "month")).line)
