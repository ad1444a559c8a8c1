"""Sentences and words, counted the way the reading scores count them."""

from __future__ import annotations

import re

import textstat

LONG_SENTENCE = 25  # words; plain-English guides put the limit between 20 and 25

# A sentence ends at . ! or ? followed by a space and a capital, digit or opening mark,
# so "e.g. a scan" and "£1.5m" do not end one.
_END = re.compile(r"(?<=[.!?])[\"')\u201d\u2019]*\s+(?=[A-Z0-9\"'(\u201c\u2018£])")


def sentences(block: str) -> list[str]:
    """The sentences of one block (a block never shares a sentence with the next)."""
    return [s.strip() for s in _END.split(block) if s.strip()]


def word_count(sentence: str) -> int:
    return int(textstat.lexicon_count(sentence))


def closed(block: str) -> str:
    """A block ending in a full stop, so headings and cells count as sentences of their own."""
    return block if block.rstrip()[-1:] in ".!?" else block.rstrip() + "."


def quote(sentence: str, words: int = 8) -> str:
    """The first few words of a sentence, enough to find it."""
    parts = sentence.split()
    return " ".join(parts[:words]) + (" \u2026" if len(parts) > words else "")


def long_sentences(block: str) -> list[tuple[str, int]]:
    """Each sentence of a block over the limit, with its word count."""
    found = []
    for sentence in sentences(block):
        count = word_count(sentence)
        if count > LONG_SENTENCE:
            found.append((sentence, count))
    return found
