"""Acronym rules: spell each out on first use in a document, and write it in capitals."""

from __future__ import annotations

import re
from collections.abc import Iterator

from fls_docs.check.glossary import Acronym, acronyms
from fls_docs.check.sentences import sentences

# Letters and digits (with an optional hyphenated part) that make one token, so "FLS" is
# not found inside "FLS-DB", and a plural or possessive ("GPs", "NHS's") still counts.
# A "/" joins parts of a code such as "WV/2027/MSK/FLS/01", which is a name, not a use.
_BEFORE = r"(?<![A-Za-z0-9\-/])"
_AFTER = r"(?:s|'s|\u2019s)?(?![A-Za-z0-9/]|-[A-Za-z0-9])"
# An all-capital token of two or more letters that the glossary may not know.
_CAPITALS = re.compile(_BEFORE + r"([A-Z][A-Z0-9]*[A-Z](?:-[A-Z0-9]+)?|[0-9][A-Z]{2,})" + _AFTER)
# Roman numerals are not acronyms; UK and HM (as in HM Treasury) are so well known that
# spelling them out gets in the way.
_NOT_ACRONYMS = {"II", "III", "IV", "VI", "VII", "VIII", "IX", "XI", "XII", "UK", "HM"}


def _pattern(letters: str) -> re.Pattern[str]:
    return re.compile(_BEFORE + re.escape(letters) + _AFTER)


def _normal(text: str) -> str:
    """Text for matching an expansion: lower case, hyphens as spaces, one space between words."""
    return " ".join(re.sub(r"[-\u2011,;:()]", " ", text.lower()).split())


def unexpanded(blocks: list[str]) -> Iterator[tuple[Acronym, str]]:
    """Each known acronym whose first use comes before any of its expansions.

    The expansion may come before the acronym or anywhere in the sentence of its
    first use: "dual-energy X-ray absorptiometry (DXA)", "a DXA (bone density) scan".
    """
    for acronym in acronyms():
        pattern = _pattern(acronym.letters)
        seen = ""
        for block in blocks:
            first = next((s for s in sentences(block) if pattern.search(s)), None)
            if first is None:
                seen += " " + block
                continue
            upto = _normal(seen + " " + block[: block.index(first) + len(first)])
            if not any(_normal(e) in upto for e in acronym.expansions):
                yield acronym, _around(first, pattern.search(first))  # type: ignore[arg-type]
            break


def lower_case(blocks: list[str]) -> Iterator[tuple[Acronym, str]]:
    """Known acronyms written in lower case in running text ("a dxa scan")."""
    for acronym in acronyms():
        if acronym.lower_is_word:
            continue
        # Not inside a file name, address or command: "kpis.yaml", "fls-docs", "x@fls.example".
        pattern = re.compile(r"(?<![\w@/.\-])" + re.escape(acronym.letters.lower()) + r"s?(?![\w@/\-]|\.\w)")
        for block in blocks:
            for match in pattern.finditer(block):
                yield acronym, _around(block, match)


def unknown(blocks: list[str]) -> Iterator[tuple[str, str]]:
    """All-capital tokens the glossary does not know, once each."""
    known_letters = {a.letters for a in acronyms()}
    reported: set[str] = set()
    for block in blocks:
        for match in _CAPITALS.finditer(block):
            letters = match.group(1)
            if letters in known_letters or letters in _NOT_ACRONYMS or letters in reported:
                continue
            # A heading or label in capitals is shouting, not an acronym.
            if sum(1 for word in block.split() if word.isupper() and len(word) > 1) > 3:
                continue
            reported.add(letters)
            yield letters, _around(block, match)


def _around(text: str, match: re.Match[str], words: int = 3) -> str:
    """The match with a few words either side, enough to find it."""
    glued = _glued(text, match.end())
    before = text[: match.start()].split()[-words:]
    after = text[match.end() + len(glued):].split()[:words]
    if before and not text[: match.start()].endswith((" ", "\n")):
        before[-1] += match.group(0) + glued  # the match is the end of a longer word
        return " ".join([*before, *after])
    return " ".join([*before, match.group(0) + glued, *after])


def _glued(text: str, end: int) -> str:
    """Punctuation stuck to the end of the match, so the quote reads as written."""
    tail = re.match(r"\S*", text[end:])
    return tail.group(0) if tail else ""
