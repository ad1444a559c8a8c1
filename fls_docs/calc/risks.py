"""Risk scores on the NHS 5 x 5 matrix: consequence times likelihood, and the band that score falls in."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Mapping

from fls_docs.model.project import Risk


@dataclass(frozen=True)
class GradedRisk:
    risk: Risk
    score: int
    band: str
    likelihood_label: str
    consequence_label: str


def band(score: int, bands: list[Mapping[str, Any]]) -> str:
    """The band a score falls in: the first band whose upper limit it does not pass."""
    for entry in bands:
        if score <= entry["max"]:
            return entry["name"]
    raise ValueError(f"risk score {score} is above every band")


def grade_risks(risks: tuple[Risk, ...], matrix: Mapping[str, Any]) -> tuple[GradedRisk, ...]:
    """Each risk with its score and band, highest score first (ties keep their order)."""
    graded = [GradedRisk(r, r.likelihood * r.consequence, band(r.likelihood * r.consequence, matrix["bands"]),
                         matrix["likelihood"][r.likelihood], matrix["consequence"][r.consequence]) for r in risks]
    return tuple(sorted(graded, key=lambda g: -g.score))
