"""Every rule run over one document's blocks, turned into findings."""

from __future__ import annotations

from collections.abc import Callable

from fls_docs.check import acronyms, grammar
from fls_docs.check.findings import Finding, Scores
from fls_docs.check.sentences import LONG_SENTENCE, long_sentences, quote
from fls_docs.diagnostics import Severity

# A function that says whether a piece of text was written by the team (in content/).
TeamText = Callable[[str], bool]


def no_team_text(_: str) -> bool:
    """For text with no team-written part, such as a test paragraph."""
    return False


def findings(name: str, blocks: list[str], team_text: TeamText = no_team_text) -> list[Finding]:
    """The findings for one document, each an error unless the text it quotes came from content/."""
    found: list[tuple[str, str, str, str]] = []  # rule, quote, suggestion, the text to trace to content/
    for acronym, where in acronyms.unexpanded(blocks):
        found.append(("acronym-not-expanded", where,
                      f'spell it out the first time: "{acronym.full} ({acronym.letters})"', where))
    for acronym, where in acronyms.lower_case(blocks):
        found.append(("lower-case-acronym", where, f"write {acronym.letters} in capitals", where))
    for letters, where in acronyms.unknown(blocks):
        found.append(("unknown-acronym", where,
                      f"spell out {letters} the first time it is used, or use plain words; "
                      "the checker's glossary does not know it", where))
    for block in blocks:
        for sentence, count in long_sentences(block):
            found.append(("long-sentence", quote(sentence),
                          f"split it: it has {count} words, and a sentence should have {LONG_SENTENCE} or fewer",
                          sentence))
        for wrong, right in grammar.article_slips(block):
            found.append(("a-or-an", wrong, f'write "{right}"', wrong))
        for wrong, right in grammar.number_slips(block):
            found.append(("number-agreement", wrong, f'write "{right}"', wrong))
    return [
        Finding(name, text, rule, suggestion, Severity.WARNING if rule == "unknown-acronym" or team_text(source)
                else Severity.ERROR)
        for rule, text, suggestion, source in found
    ]


def grade_finding(name: str, scores: Scores, goal: float | None) -> Finding | None:
    """A finding when the reading grade of the document's own words is above its goal."""
    if goal is None or scores.grade <= goal:
        return None
    return Finding(name, f"reading grade {scores.grade:g} (Flesch reading ease {scores.ease:g})", "reading-grade",
                   f"aim for grade {goal:g} or below: use shorter "
                   "sentences and everyday words")
