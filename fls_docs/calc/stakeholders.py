"""The stakeholder map: who sits where on the power and interest grid."""

from __future__ import annotations

from fls_docs.model.project import Stakeholder

APPROACHES = ("Manage closely", "Keep satisfied", "Keep informed", "Monitor")


def map_stakeholders(stakeholders: tuple[Stakeholder, ...]) -> dict[str, tuple[str, ...]]:
    """Stakeholder names by approach; those without a power or interest rating are left off."""
    return {approach: tuple(s.name for s in stakeholders if s.grid == approach) for approach in APPROACHES}
