"""Stakeholders: who sits where on the power and interest grid, and the groups of the stakeholder map."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from fls_docs.model.project import Person, Stakeholder

APPROACHES = ("Manage closely", "Keep satisfied", "Keep informed", "Monitor")


def map_stakeholders(stakeholders: tuple[Stakeholder, ...]) -> dict[str, tuple[str, ...]]:
    """Stakeholder names by approach; those without a power or interest rating are left off."""
    return {approach: tuple(s.name for s in stakeholders if s.grid == approach) for approach in APPROACHES}


@dataclass(frozen=True)
class StakeholderGroups:
    """The guide's picture: the project team inside the stakeholder reference group, grouped by kind."""

    team: tuple[Person, ...]
    categories: tuple[tuple[str, tuple[str, ...]], ...]  # (kind of stakeholder, names of its groups), every kind


def group_stakeholders(team: tuple[Person, ...], stakeholders: tuple[Stakeholder, ...],
                       categories: Mapping[str, str]) -> StakeholderGroups:
    """Every kind of stakeholder in ``categories`` (key -> label) in its order, each with the groups of that kind."""
    return StakeholderGroups(tuple(team), tuple(
        (label, tuple(s.name for s in stakeholders if s.category == key)) for key, label in categories.items()))
