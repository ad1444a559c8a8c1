"""The acronyms the checker knows, read from the glossary the site shows."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from fls_docs.nations import every_glossary_term


@dataclass(frozen=True)
class Acronym:
    letters: str  # as written, such as "DXA" or "FLS-DB"
    expansions: tuple[str, ...]  # the full form first, then other wordings that explain it
    said_as_word: bool  # "QALY" is said "kwolly", so "a QALY"; "FLS" is spelled out, so "an FLS"
    lower_is_word: bool  # "nice" and "cheers" are words, so lower case is not a mistake

    @property
    def full(self) -> str:
        return self.expansions[0]


@lru_cache(maxsize=1)
def acronyms() -> tuple[Acronym, ...]:
    """Every glossary term that has an acronym, longest first so "FLS-DB" is matched before "FLS"."""
    found = [
        Acronym(
            letters=term["acronym"],
            expansions=(term["expansion"], *term.get("also", ())),
            said_as_word=bool(term.get("said_as_word", False)),
            lower_is_word=bool(term.get("lower_is_word", False)),
        )
        for term in every_glossary_term()  # any nation's terms, so a document in any nation is checked
        if term.get("acronym")
    ]
    return tuple(sorted(found, key=lambda a: -len(a.letters)))


def known(letters: str) -> Acronym | None:
    for acronym in acronyms():
        if acronym.letters == letters:
            return acronym
    return None
