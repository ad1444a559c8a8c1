"""What the UK nation a service is in decides: its bodies' names, agreement form, guidance, audits, pay and basis of value.

Everything comes from fls_docs/data/nations.yaml (and, for pay, the nations: part
of pay.yaml), picked by organisation.nation in project.yaml. Templates and
calculators ask here rather than writing England's terms.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from functools import lru_cache
from typing import Any

from fls_docs import data

NATIONS = ("England", "Scotland", "Wales", "Northern Ireland")


@lru_cache(maxsize=None)
def pack(nation: str) -> dict[str, Any]:
    """The nation's entry in nations.yaml, with its name; an unknown name (never valid content) gets England's."""
    entries = data.load("nations")["nations"]
    return {"name": nation if nation in entries else "England", **entries.get(nation, entries["England"])}


def words(nation: str) -> dict[str, str]:
    """The words content text can name as [[nation.<key>]]."""
    return {key: " ".join(str(value).split()) for key, value in pack(nation)["words"].items() if key != "source"}


def reference_names() -> set[str]:
    """Every [[nation.<key>]] name; each nation has the same keys."""
    return {f"nation.{key}" for key in words("England")}


def exclusive_terms() -> dict[str, tuple[str, ...]]:
    """Each nation's terms that belong to its own system alone."""
    return {nation: tuple(pack(nation)["exclusive_terms"]) for nation in NATIONS}


def foreign_terms(nation: str) -> tuple[str, ...]:
    """Terms of other nations' systems that this nation's documents must not use (a shared term is allowed)."""
    own = set(pack(nation)["exclusive_terms"])
    return tuple(sorted({t for other in NATIONS if other != nation for t in pack(other)["exclusive_terms"]} - own))


def glossary(nation: str) -> dict[str, Any]:
    """The glossary a project's site shows: the general terms and its nation's own, in order."""
    general = data.load("glossary")
    # Alphabetical, with terms that start with a figure (5IQ) at the end, as the general glossary has them.
    terms = sorted([*general["terms"], *pack(nation)["glossary"]],
                   key=lambda t: (t["term"][0].isdigit(), t["term"].lower()))
    return {**general, "terms": terms}


def every_glossary_term() -> list[dict[str, Any]]:
    """The general terms and every nation's, so a checker knows any acronym a document may use."""
    return [*data.load("glossary")["terms"], *(t for n in NATIONS for t in pack(n)["glossary"])]


def stakeholder_labels(nation: str) -> dict[str, str]:
    """Kinds of stakeholder, key -> label, with the nation's name for the host organisation's directors."""
    labels = dict(data.load("stakeholders")["categories"])
    labels["trust-directors"] = words(nation)["directors"]
    return labels


def outcomes(nation: str) -> dict[int, str]:
    """The nation's national outcomes framework, number -> title; empty where specifications use none."""
    framework = pack(nation).get("outcomes") or {}
    return {int(n): " ".join(t.split()) for n, t in framework.get("items", {}).items()}


def localise(tables: Mapping[str, Any], nation: str) -> dict[str, Any]:
    """The calculators' reference tables as they stand in ``nation``.

    Its pay, its payers' names and perspectives, and its basis of value replace England's.
    """
    # Imported here, so the model layer can use this module without loading the calculators.
    from fls_docs.calc.costs import pay_for_nation

    entry = pack(nation)
    out = dict(tables)
    out["pay"] = pay_for_nation(tables["pay"], nation)
    perspectives = copy.deepcopy(dict(tables["perspectives"]))
    perspectives["payers"].update(entry.get("payers", {}))
    for key, label in entry.get("perspectives", {}).items():
        perspectives["perspectives"][key]["label"] = label
    out["perspectives"] = perspectives
    economics = entry["economics"]
    finance = dict(tables["finance"])
    threshold = finance["nice_threshold"]
    finance["nice_threshold"] = {**threshold, "label": economics["threshold_label"],
                                 "source": " ".join(f"{economics['source']} {threshold['source']}".split())}
    out["finance"] = finance
    return out


def for_documents(project: Any) -> dict[str, Any]:
    """The nation's entry as the templates use it, with the national guidance table the specification shows.

    The table is the nation's own guidance, then any the team added in the specification.
    """
    nation = project.organisation.nation
    entry = pack(nation)
    national = [dict(g) for g in entry["guidance"]["documents"]]
    known = {g["reference"] for g in national}
    added = [{"reference": g.reference, "title": g.title}
             for g in getattr(project.service_specification, "nice_guidance", ()) if g.reference not in known]
    sources = data.load("data_items")["sources"]
    return {**entry, "words": words(nation), "guidance_rows": national + added,
            "data_sources": {kind: by_nation.get(entry["name"], "") for kind, by_nation in sources.items()}}
