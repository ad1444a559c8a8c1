"""Reading scores from the textstat library, and the reading grade each kind of document aims for."""

from __future__ import annotations

import textstat

from fls_docs.check.findings import Scores
from fls_docs.check.sentences import closed

# The highest Flesch-Kincaid grade each kind of document aims for. Pages and the
# project initiation document are for everyone; the specification and business
# case are for managers and commissioners, so they may be a little harder.
GOALS = {"site": 8.0, "pid": 8.0, "specification": 10.0, "business-case": 10.0}

# Below this many words a reading grade swings on one sentence, so no goal applies.
MIN_WORDS = 60

# The documents are in British English: words the pronouncing dictionary lacks are
# split into syllables by British hyphenation rules. (textstat keeps one language
# for the whole process; nothing else in fls-docs uses it.)
textstat.set_lang("en_GB")


def scores(blocks: list[str]) -> Scores:
    """Flesch-Kincaid grade and Flesch reading ease of the blocks, each block a sentence or more."""
    text = " ".join(closed(block) for block in blocks)
    return Scores(
        grade=round(float(textstat.flesch_kincaid_grade(text)), 1),
        ease=round(float(textstat.flesch_reading_ease(text)), 1),
        words=int(textstat.lexicon_count(text)),
        sentences=int(textstat.sentence_count(text)),
    )


def goal_for(kind: str, found: Scores) -> float | None:
    """The highest reading grade a document of this kind aims for, or None when no goal applies."""
    if found.words < MIN_WORDS:
        return None
    return GOALS.get(kind)
