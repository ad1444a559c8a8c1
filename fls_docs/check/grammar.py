"""Slips a template makes when it fills in a word or a number: "a upper arm", "1 fractures"."""

from __future__ import annotations

import re
from collections.abc import Iterator

from fls_docs.check.glossary import known

# Letters whose names start with a vowel sound: "an F", "an M", "an X-ray", "an NHS trust".
_VOWEL_LETTERS = set("AEFHILMNORSX")
# Words that start with a vowel letter but a consonant sound ("a user", "a one-off"),
# and words that start with a silent h ("an hour").
_CONSONANT_SOUND = re.compile(r"^(?:uni(?![nmdl])|use|usu|usa|uti|ura|ure|uro|eu|ewe|one\b|once|ouija|ubiq)", re.I)
_SILENT_H = re.compile(r"^(?:hour|honest|honou?r|heir)", re.I)

_ARTICLE = re.compile(r"(?:(?<=^)|(?<=[.!?:;]\s)|(?<=[.!?:;]\s\s))(A|An)\s+([\w\u2019'-]+)|(?<![\w\-'])(a|an)\s+([\w\u2019'-]+)")


def wants_an(word: str) -> bool | None:
    """Whether the word takes "an" before it, or None when we cannot tell."""
    if word[0].isdigit():
        # "an 8-week", "an 11-point", "an 18-month"; other numbers take "a".
        return bool(re.match(r"^(?:8|1[18](?!\d))", word))
    letters = word.split("-")[0]
    acronym = known(letters.rstrip("s")) if letters.isupper() else None
    if len(letters) == 1 and letters.isupper() or (letters.isupper() and len(letters) > 1 and not
                                                   (acronym and acronym.said_as_word)):
        return letters[0] in _VOWEL_LETTERS  # read letter by letter
    if _SILENT_H.match(word):
        return True
    if _CONSONANT_SOUND.match(word):
        return False
    return word[0].lower() in "aeiou"


def article_slips(block: str) -> Iterator[tuple[str, str]]:
    """Each "a" or "an" that does not suit the next word, with the article it wants."""
    for match in _ARTICLE.finditer(block):
        article, word = (match.group(1), match.group(2)) if match.group(1) else (match.group(3), match.group(4))
        want = wants_an(word)
        if want is None or (article.lower() == "an") == want:
            continue
        right = ("an" if want else "a")
        yield match.group(0), (right.capitalize() if article[0].isupper() else right) + " " + word


# Words that label a thing by its number ("phase 1 covers", "KPI 1 measures", "£1 saves"),
# after which "1" is a name, not a count.
_LABELS = {"phase", "task", "standard", "section", "table", "figure", "page", "version", "step", "option",
           "domain", "schedule", "kpi", "level", "part", "year", "month", "week", "day", "band", "tier",
           "stage", "row", "column", "item", "question", "appendix", "chapter", "number", "no", "indicator"}
# Nouns a count usually comes before in these documents.
_COUNTED = {"fracture", "task", "patient", "year", "month", "week", "day", "hour", "milestone", "outcome",
            "risk", "issue", "decision", "indicator", "scan", "referral", "session", "document", "member",
            "standard", "phase", "option", "page", "nurse", "post", "item", "person", "site", "clinic",
            "assessment", "appointment", "death", "admission", "life", "case", "stakeholder", "action"}
_PLURAL = {"person": "people", "life": "lives"}
# Words after a singular noun that show the noun is not a modifier of the next word.
_FUNCTION = {"in", "of", "a", "an", "the", "and", "or", "are", "is", "were", "was", "have", "has", "this",
             "that", "each", "per", "will", "to", "from", "for", "on", "at", "by", "with", "complete",
             "completed", "prevented", "expected", "left", "done", "due", "late", "so", "but", "than"}

_NUMBER = r"(?<![\w.,£$\u20ac\-])(\d[\d,]*(?:\.\d+)?)"
_ONE_PLURAL = re.compile(r"(?:(\w+)\s+)?" + r"(?<![\w.,£$\u20ac\-])(1)\s+([a-z]+)\b")
_MANY_SINGULAR = re.compile(r"(?:(\w+)\s+)?" + _NUMBER + r"\s+([a-z]+)\b(?:\s*([\w]+)|\s*$|(?=[^\w\s]))")
_ONE_OF = re.compile(_NUMBER + r"\s+of\s+[\d,]+\s+(?:[\w\-]+\s+){1,5}?(are|were|have|is|was|has)\b")
_VERB_FOR_ONE = {"are": "is", "were": "was", "have": "has"}
_VERB_FOR_MANY = {v: k for k, v in _VERB_FOR_ONE.items()}


def number_slips(block: str) -> Iterator[tuple[str, str]]:
    """Counts that disagree with their noun or verb, with the wording they want."""
    for match in _ONE_PLURAL.finditer(block):
        label, noun = match.group(1), match.group(3)
        if label and (label.lower() in _LABELS or label[0].isupper()):
            continue
        singular = next((s for s, p in _PLURAL.items() if p == noun), noun[:-1] if noun.endswith("s") else None)
        if singular in _COUNTED:
            yield match.group(0).split(None, 1)[-1] if label else match.group(0), f"1 {singular}"
    for match in _MANY_SINGULAR.finditer(block):
        label, number, noun, after = match.groups()
        if noun not in _COUNTED or (label and label.lower() in _LABELS) or number in ("1", "1.0"):
            continue
        if after and after.lower() not in _FUNCTION:
            continue  # "2 fracture clinics": the noun describes the next word
        yield f"{number} {noun}", f"{number} {_PLURAL.get(noun, noun + 's')}"
    for match in _ONE_OF.finditer(block):
        number, verb = match.group(1), match.group(2)
        one = number == "1"
        right = _VERB_FOR_ONE.get(verb) if one else _VERB_FOR_MANY.get(verb)
        if right:
            yield match.group(0), match.group(0)[: -len(verb)] + right
