"""Checks on pathway.yaml that its schema cannot make: step ids that are unique and exist, drop-outs that add up."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from fls_docs.diagnostics import Diagnostic, Severity
from fls_docs.model.load import Document

MAPS = ("current", "future", "journey")


def pathway_consistent(docs: dict[str, Document]) -> Iterator[Diagnostic]:
    """Each map's steps have their own ids, ``next`` names a step of the same map, and each drop-out's share is usable."""
    from fls_docs.model import rules as shared  # here, not above: rules.py imports this module

    doc = docs.get("pathway")
    if doc is None or not isinstance(doc.data, dict):
        return
    for key in MAPS:
        steps = shared._items(doc.data.get(key, {}).get("steps") if isinstance(doc.data.get(key), dict) else None)
        ids = [str(s["id"]) for _, s in steps if isinstance(s.get("id"), str)]
        for path, name, _ in shared._repeats(((key, "steps", i, "id"), s.get("id")) for i, s in steps):
            yield doc.diagnostic(path, f'the step id "{name}" is used twice in this map',
                                 "give each step its own id, so next can say which one follows")
        for i, step in steps:
            for j, target in enumerate(step.get("next") if isinstance(step.get("next"), list) else []):
                if isinstance(target, str) and target not in ids:
                    hint = shared._suggest(target, ids) or f"use the id of a step in {key}: " + ", ".join(ids)
                    yield doc.diagnostic((key, "steps", i, "next", j), f'"{target}" is not a step of this map', hint)
            if isinstance(step.get("drop_out"), dict):
                yield from _drop_out(doc, (key, "steps", i, "drop_out"), step["drop_out"])
        yield from _cascade_twice(doc, key, steps)


def _drop_out(doc: Document, path: tuple, drop: dict[str, Any]) -> Iterator[Diagnostic]:
    share, cascade = drop.get("share"), drop.get("cascade")
    if cascade is not None and share is not None:
        yield doc.diagnostic(path, "gives both a care cascade step and an audit share, so the map cannot say which to show",
                             "keep cascade to use the calculator's figure, or share and source for your audit's")
    elif cascade is None and share is None:
        yield doc.diagnostic(path, "says why patients are lost but not how many",
                             "add cascade: (identified, assessed, recommended, started or persistent) or share: and source:")
    if isinstance(share, (int, float)) and not isinstance(share, bool) and share > 1:
        hint = (f"write {share:g}% as {share / 100:g}" if share <= 100
                else "give the share of patients reaching this step who are lost here, from 0 to 1")
        yield doc.diagnostic(path + ("share",), f"{share:g} is more than 100% of the patients who reach this step", hint)
    if share is not None and not str(drop.get("source", "")).strip():
        yield doc.diagnostic(path, "gives an audit share without its source",
                             "add source: who counted what, where and when, so readers can trust the figure")


def _cascade_twice(doc: Document, key: str, steps: list[tuple[int, dict[str, Any]]]) -> Iterator[Diagnostic]:
    """The same cascade loss shown at two steps would count the same patients twice."""
    from fls_docs.model import rules as shared

    entries = (((key, "steps", i, "drop_out", "cascade"), s["drop_out"].get("cascade"))
               for i, s in steps if isinstance(s.get("drop_out"), dict))
    for path, name, first in shared._repeats(entries):
        yield doc.diagnostic(path, f'the care cascade step "{name}" is already a drop-out at {key} step {first[2] + 1}, '
                             "so its patients would be counted twice",
                             "show each cascade step's loss once; use an audit share for a second drop-out",
                             severity=Severity.WARNING)
