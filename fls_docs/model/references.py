"""References: narrative text names a fact the content holds as data, so every document says the same.

A reference is written ``[[name]]`` inside any text in the content files, for
example "agreed by [[decision.month]]" or "funded by [[commissioner]]". It is
our own syntax, not a template language: ``{{ }}`` in content still prints as
written. The names:

- ``organisation``, ``commissioner``, ``catchment``, ``project``
- ``task.<id>.due``, ``task.<id>.month``, ``task.<id>.start``, ``task.<id>.title``
- ``decision.date``, ``decision.month`` (the business case's decision date)
- ``indicator.<id>.target``, ``indicator.<id>.name``
- ``fact.<name>``: anything else, kept once under ``facts:`` in project.yaml
- ``nation.<key>``: the words of the project's nation, such as ``nation.provider_short`` (fls_docs/data/nations.yaml)
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Iterator
from datetime import date
from typing import Any

from fls_docs.nations import words

REFERENCE = re.compile(r"\[\[\s*([A-Za-z0-9_.\-]+)\s*\]\]")
EXAMPLES = "[[decision.month]], [[task.4.6.due]], [[commissioner]] or [[fact.pilot_length]]"


def long_date(value: date) -> str:
    return f"{value.day} {value:%B %Y}"


def month(value: date) -> str:
    return f"{value:%B %Y}"


def facts_of(project: Any) -> dict[str, str]:
    """Every name a reference can use, with the text it stands for, from the built project model."""
    out: dict[str, str] = {}

    def put(name: str, value: Any) -> None:
        if value is not None and not _missing(value):
            out[name] = value if isinstance(value, str) else str(value)

    put("project", project.info.name)
    put("organisation", project.organisation.name)
    put("commissioner", getattr(project.organisation, "commissioner", None))
    put("catchment", project.catchment.name)
    for phase in project.plan.phases:
        for task in phase.tasks:
            put(f"task.{task.id}.title", task.title)
            if isinstance(task.due, date):
                put(f"task.{task.id}.due", long_date(task.due))
                put(f"task.{task.id}.month", month(task.due))
            if isinstance(task.start, date):
                put(f"task.{task.id}.start", long_date(task.start))
    decided = getattr(project.business_case, "decision_date", None)
    if isinstance(decided, date):
        put("decision.date", long_date(decided))
        put("decision.month", month(decided))
    for indicator in project.indicators:
        put(f"indicator.{indicator.id}.name", indicator.name)
        if isinstance(indicator.target, (int, float)):
            put(f"indicator.{indicator.id}.target", indicator.text(indicator.target))
    for name, value in getattr(project.info, "facts", {}).items():
        put(f"fact.{name}", value)
    for key, value in words(project.organisation.nation).items():
        put(f"nation.{key}", value)
    return out


def _missing(value: Any) -> bool:
    return type(value).__name__ == "Missing"


def substitute(text: str, facts: dict[str, str]) -> str:
    """``text`` with each known reference replaced; an unknown one is left as written (validation reports it)."""
    return REFERENCE.sub(lambda m: facts.get(m.group(1), m.group(0)), text)


def resolve(project: Any) -> Any:
    """The project with every reference in its text replaced by the fact it names.

    Facts may themselves hold references, one level deep.
    """
    facts = facts_of(project)
    facts = {name: substitute(value, facts) for name, value in facts.items()}
    return _walk(project, lambda text: substitute(text, facts) if "[[" in text else text)


def _walk(value: Any, change: Callable[[str], str]) -> Any:
    if isinstance(value, str) and not _missing(value):
        return change(value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        updates = {}
        for f in dataclasses.fields(value):
            old = getattr(value, f.name)
            new = _walk(old, change)
            if new is not old:
                updates[f.name] = new
        return dataclasses.replace(value, **updates) if updates else value
    if isinstance(value, tuple):
        items = tuple(_walk(v, change) for v in value)
        return items if any(a is not b for a, b in zip(items, value)) else value
    if isinstance(value, list):
        return [_walk(v, change) for v in value]
    if isinstance(value, dict):
        changed = {k: _walk(v, change) for k, v in value.items()}
        return changed if any(changed[k] is not value[k] for k in value) else value
    return value


def references_in(data: Any, path: tuple = ()) -> Iterator[tuple[tuple, str]]:
    """Every (path, name) of a reference in a content file's raw data, without recursion."""
    stack = [(path, data)]
    while stack:
        where, node = stack.pop()
        if isinstance(node, str):
            for match in REFERENCE.finditer(node):
                yield where, match.group(1)
        elif isinstance(node, dict):
            stack.extend((where + (k,), v) for k, v in node.items())
        elif isinstance(node, list):
            stack.extend((where + (i,), v) for i, v in enumerate(node))
