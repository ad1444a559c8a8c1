"""The shipped indicator set: an indicator's defaults from an FLS Database KPI or a named measure, by nation.

An indicator in content/indicators.yaml names ``kpi: N`` (an FLS Database KPI, from kpis.yaml) or
``measure: key`` (an entry of indicator_set.yaml, which may itself name a KPI). Its own fields override
the defaults. Where the figures are reported depends on the nation, so the data source is chosen by
``organisation.nation``.
"""

from __future__ import annotations

from typing import Any

from fls_docs import data

# Fields an indicator takes from its KPI or measure unless the content gives its own.
DEFINITION_FIELDS = ("name", "standard", "numerator", "denominator", "target", "direction", "frequency", "kind",
                     "unit", "group")


def measure_keys() -> tuple[str, ...]:
    """Every measure a content file can name, in the set's order."""
    return tuple(data.load("indicator_set")["measures"])


def _kpi(value: Any) -> int | None:
    """A KPI number, or None for anything else (which the schema reports; rules read unchecked data)."""
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _measure_for(entry: dict[str, Any]) -> dict[str, Any]:
    measures = data.load("indicator_set")["measures"]
    if isinstance(entry.get("measure"), str) and entry["measure"] in measures:
        return measures[entry["measure"]]
    kpi = _kpi(entry.get("kpi"))
    # An indicator naming only a KPI takes the measure built on that KPI, for its data source.
    return next((m for m in measures.values() if kpi is not None and m.get("kpi") == kpi), {})


def national_source(kind: str | None, nation: str) -> str:
    """Where figures of this kind are reported in ``nation``; empty when the set does not say."""
    if not kind:
        return ""
    for table in (data.load("indicator_set")["sources"], data.load("data_items")["sources"]):
        if kind in table:
            return " ".join(str(table[kind].get(nation, "")).split())
    return ""


def defaults(entry: dict[str, Any], nation: str) -> tuple[dict[str, Any], str]:
    """The definition an indicator starts from (before its own fields), and its nation's data source."""
    measure = _measure_for(entry)
    kpi = _kpi(entry.get("kpi")) or measure.get("kpi")
    base = dict(data.load("kpis")["kpis"].get(kpi, {})) if kpi is not None else {}
    base.update({k: v for k, v in measure.items() if k in DEFINITION_FIELDS})
    if kpi is not None:
        base["kpi"] = kpi
    return base, national_source(measure.get("source", "fls_audit" if kpi is not None else None), nation)


def group_names() -> dict[str, str]:
    """Each group's heading: care against the standards, patient experience, outcomes."""
    return dict(data.load("indicator_set")["groups"])
