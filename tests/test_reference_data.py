"""The shipped reference data, pinned: a changed figure must be a deliberate change.

The hand calculations in tests/calc/test_headline.py read the same files, so a
changed figure would move the code and the hand calculation together. This test
makes any change visible, so that whoever makes it checks the figure's source and
the worked cases that depend on it, then updates the pin.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parents[1] / "fls_docs" / "data"

PINNED = {
    "cascade.yaml": "dc6bb31b82baef39",
    "data_items.yaml": "743b8bc775b4c8c2",
    "finance.yaml": "c440e3c5b2911390",
    "glossary.yaml": "5bdcfd4abe1393d9",
    "incidence.yaml": "888aee0eec4aeb99",
    "indicator_set.yaml": "bdb45f4c5956f102",
    "inflation.yaml": "91583a7d1d261435",
    "kpis.yaml": "b9b0fa8ea324fac1",
    "mortality.yaml": "aa27ee24d19d61e2",
    "nations.yaml": "ffe7db49efd94f32",
    "pay.yaml": "ed0d14b3c8cbc136",
    "perspectives.yaml": "ab47d20e6023992a",
    "phases.yaml": "d8a0f81d9b1c6b55",
    "refracture.yaml": "c09bbe133598393b",
    "risk_matrix.yaml": "83001ab08ae0c88e",
    "service_costs.yaml": "c5acdb209b9fd2e8",
    "sites.yaml": "304beb17ccbb2e90",
    "stakeholders.yaml": "29cdbf08ec2ef0a8",
    "standards.yaml": "e85cfd1e1f855482",
    "treatment.yaml": "1e5a27410108bbc1",
    "unit_costs.yaml": "e41203f9e83b1eb9",
    "utilities.yaml": "378f311b27836c06",
    "workload.yaml": "71d2fd611da2d807",
}


@pytest.mark.parametrize("name", sorted(PINNED))
def test_reference_data_is_as_pinned(name: str) -> None:
    found = hashlib.sha256((DATA / name).read_bytes()).hexdigest()[:16]
    assert found == PINNED[name], (
        f"a reference figure changed in fls_docs/data/{name}: update its source and the hand calculations "
        f"that use it, then pin the new checksum {found}")


def test_every_data_file_is_pinned() -> None:
    assert sorted(p.name for p in DATA.glob("*.yaml")) == sorted(PINNED)
