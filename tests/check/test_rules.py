"""Each plain-English rule, on a paragraph made to break it."""

from __future__ import annotations

import pytest

from fls_docs.check import check_text
from fls_docs.check.text import markdown_blocks
from fls_docs.diagnostics import Severity

BROKEN = """We book a dxa scan for each patient the GP sends us.
An hip fracture and a upper arm fracture both count.
So far 1 of 6 tasks are complete, 1 fractures were found and 2 fracture in total.
This sentence is far too long for a reader to follow because it keeps adding one more clause after another and never stops to let them breathe.
Last year's ABC audit found problems."""


def _found(text: str, kind: str = "site") -> set[tuple[str, str]]:
    return {(f.rule, f.quote) for f in check_text("page.md", text, kind)}


def test_every_rule_finds_its_problem_with_a_quote() -> None:
    assert _found(BROKEN) == {
        ("acronym-not-expanded", "each patient the GP sends us."),
        ("lower-case-acronym", "We book a dxa scan for each"),
        ("a-or-an", "An hip"),
        ("a-or-an", "a upper"),
        ("number-agreement", "1 of 6 tasks are"),
        ("number-agreement", "1 fractures"),
        ("number-agreement", "2 fracture"),
        ("long-sentence", "This sentence is far too long for a \u2026"),
        ("unknown-acronym", "Last year's ABC audit found problems."),
    }


def test_each_finding_says_what_to_write_instead() -> None:
    suggestions = {f.quote: f.suggestion for f in check_text("page.md", BROKEN, "site")}
    assert suggestions["An hip"] == 'write "A hip"'
    assert suggestions["a upper"] == 'write "an upper"'
    assert suggestions["1 of 6 tasks are"] == 'write "1 of 6 tasks is"'
    assert suggestions["1 fractures"] == 'write "1 fracture"'
    assert suggestions["2 fracture"] == 'write "2 fractures"'
    assert suggestions["We book a dxa scan for each"] == "write DXA in capitals"
    assert "general practitioner (GP)" in suggestions["each patient the GP sends us."]
    assert "27 words" in suggestions["This sentence is far too long for a \u2026"]


@pytest.mark.parametrize("text", [
    "Book a dual-energy X-ray absorptiometry (DXA) scan.",
    "Book a bone density (DXA) scan.",
    "Book a DXA (bone density) scan.",
    "The Fracture Liaison Service (FLS) reports to the FLS Database (FLS-DB).",
    "A Fracture Liaison Service sees patients. An FLS saves money.",
])
def test_an_acronym_spelled_out_before_or_at_its_first_use_passes(text: str) -> None:
    assert not [f for f in check_text("page.md", text) if f.rule == "acronym-not-expanded"]


def test_an_acronym_spelled_out_only_later_is_reported_once() -> None:
    text = "Ask the FLS.\nA Fracture Liaison Service (FLS) helps. The FLS is new."
    assert _found(text) == {("acronym-not-expanded", "Ask the FLS.")}


@pytest.mark.parametrize("text", [
    "A Fracture Liaison Service (FLS) and a National Health Service (NHS) trust and a general practitioner (GP) "
    "and a quality-adjusted life year (QALY). An NHS trust runs an FLS. A GP and a QALY count.",
    "A user, a one-off visit, an hour, an X-ray, an 8-week wait and a unit.",
    "Phase 1 covers the start. Task 1 needs a lead. Standard 1 asks for data. 2 fracture clinics opened.",
    "7 of 7 tasks are complete, 1 of 6 tasks is late and 0 of 3 tasks are due.",
    "See kpis.yaml, fls-docs and priya@fls.example.",
    "It was a nice day.",
])
def test_correct_writing_passes(text: str) -> None:
    assert not [f for f in check_text("page.md", text) if f.rule != "long-sentence"]


def test_the_reading_grade_goal_depends_on_the_kind_of_document() -> None:
    hard = " ".join(["Organisational implementation necessitates comprehensive multidisciplinary "
                     "collaboration between institutional stakeholders."] * 10)
    easy = " ".join(["We see you soon after you break a bone. We check your bones and help you stay well."] * 5)
    assert ("reading-grade", ) in {(f.rule, ) for f in check_text("spec.docx", hard, "specification")}
    assert not [f for f in check_text("page.md", easy, "site") if f.rule == "reading-grade"]


def test_text_from_the_team_gives_warnings_and_our_own_text_errors() -> None:
    team = "The team books a dxa scan for every patient."
    text = team + "\nWe also book a dxa scan."
    found = {f.quote: f.severity for f in check_text("page.md", text, team_text=lambda s: s.rstrip(".") in team)}
    assert found == {"team books a dxa scan for every": Severity.WARNING, "also book a dxa scan.": Severity.ERROR}


def test_markdown_is_read_as_prose_without_tables_code_or_markup() -> None:
    page = """# Phase 1: Start out

Talk to **colleagues** in the [clinic](clinic.md) \\(today\\).
Run `make docs` now.

| ID | Task |
|----|------|
| 1.1 | Talk to colleagues |

```sh
fls-docs build
```

!!! tip "A useful hint"
    Keep it short.

- First point
  carries on.
- content/service\\_specification.yaml
"""
    assert markdown_blocks(page) == [
        "Phase 1: Start out",
        "Talk to colleagues in the clinic (today). Run \u2026 now.",
        "A useful hint",
        "Keep it short.",
        "First point carries on.",
    ]
