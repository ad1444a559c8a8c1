"""The power and interest grid."""

from fls_docs.calc.stakeholders import map_stakeholders
from fls_docs.model.project import Stakeholder


def test_stakeholders_are_placed_by_power_and_interest() -> None:
    people = (
        Stakeholder("gps", "GPs", "A", power="high", interest_level="high"),
        Stakeholder("gps", "GPs", "B", power="high", interest_level="low"),
        Stakeholder("gps", "GPs", "C", power="low", interest_level="high"),
        Stakeholder("gps", "GPs", "D", power="low", interest_level="low"),
        Stakeholder("gps", "GPs", "E"),  # not rated: left off the map
    )
    assert map_stakeholders(people) == {"Manage closely": ("A",), "Keep satisfied": ("B",), "Keep informed": ("C",),
                                        "Monitor": ("D",)}
