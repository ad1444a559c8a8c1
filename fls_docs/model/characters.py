"""Characters a document cannot show, found in text and kept out of messages.

A control character pasted into a field breaks the Word and Excel files (their XML
forbids most of them) and, echoed in a message, can garble the terminal. Tabs and
line breaks are ordinary in long text and are allowed.
"""

from __future__ import annotations

import unicodedata

_ALLOWED = frozenset("\t\n")
_NONCHARACTERS = frozenset("\ufffe\uffff")


def _unusable(char: str) -> bool:
    if char in _ALLOWED:
        return False
    return char in _NONCHARACTERS or unicodedata.category(char) in ("Cc", "Cs")


def first_unusable(text: str) -> int | None:
    """The index of the first character a document cannot show, or None when there is none."""
    if text.isprintable():  # the common case, checked in C
        return None
    return next((i for i, char in enumerate(text) if _unusable(char)), None)


def character_kind(char: str) -> str:
    return "a control character" if unicodedata.category(char) == "Cc" else "an invalid character"


def describe_unusable(text: str, index: int) -> str:
    """What the character at ``index`` is and where, in words a reader can act on."""
    char = text[index]
    return f"contains {character_kind(char)} (U+{ord(char):04X}) at character {index + 1}, which documents cannot show"


UNUSABLE_HINT = "delete it; it usually arrives with text pasted from another program"


def printable(text: str) -> str:
    """``text`` safe to print on one line: line breaks and unusable characters written as escapes."""
    if text.isprintable():
        return text
    return "".join(f"\\u{ord(char):04x}" if _hidden(char) else char for char in text)


def _hidden(char: str) -> bool:
    # Format characters (such as right-to-left overrides) and line separators can disguise a message.
    return char in _NONCHARACTERS or unicodedata.category(char) in ("Cc", "Cs", "Cf", "Zl", "Zp")
