"""Risk scoring on the NHS 5 x 5 matrix."""

import pytest

from fls_docs import data
from fls_docs.calc.risks import band, grade_risks
from fls_docs.model.project import Person, Risk

BANDS = data.load("risk_matrix")["bands"]


@pytest.mark.parametrize("score, name", [(1, "Low"), (3, "Low"), (4, "Moderate"), (6, "Moderate"), (8, "High"),
                                         (12, "High"), (15, "Extreme"), (25, "Extreme")])
def test_scores_fall_in_the_npsa_bands(score: int, name: str) -> None:
    assert band(score, BANDS) == name


def test_risks_are_scored_and_sorted_highest_first() -> None:
    owner = Person("p", "P", "Role")
    risks = (Risk("a", "A", 2, 2, owner, "m"), Risk("b", "B", 3, 5, owner, "m"), Risk("c", "C", 4, 1, owner, "m"))
    graded = grade_risks(risks, data.load("risk_matrix"))
    assert [(g.risk.id, g.score, g.band) for g in graded] == [("b", 15, "Extreme"), ("a", 4, "Moderate"), ("c", 4, "Moderate")]
    assert (graded[0].likelihood_label, graded[0].consequence_label) == ("Possible", "Catastrophic")
