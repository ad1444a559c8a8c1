"""Mutations of a project's content files, for fuzz tests and the longer fuzz run in benchmarks/.

Each mutation is small and the kind a hurried edit, a bad merge or a hostile file
makes: a character changed, a line lost or doubled, indentation shifted, a value
of the wrong type, a YAML tag or alias, a number that is not finite, a control
character. Whatever the mutation, every command must either succeed or report
located problems and exit 1.
"""

from __future__ import annotations

import random

TAGS = ("!!binary aGVsbG8=", "!!set {a, b}", "!!int abc", "!!timestamp soon", "!!python/object:os.system ls", "!custom x")
VALUES = (".nan", ".inf", "-.inf", "[1, 2]", "{a: 1}", "''", "null", "yes", "1e999", "-5", "2025-13-45", "\"\\x07bell\"",
          "\"\\x1b[31mred\"", "9999-12-31", "1700-01-04", "*nowhere", "&anchor 1", "~", "=HYPERLINK(\"x\")")
ALIAS_BOMB = ("a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n"
              "b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n"
              "d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\n"
              "f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]\ng: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]\n")


def mutate(text: str, rng: random.Random) -> str:
    """One random mutation of a YAML file's text."""
    lines = text.splitlines(keepends=True) or ["\n"]
    i = rng.randrange(len(lines))
    kind = rng.randrange(9)
    if kind == 0 and text:  # change one character
        at = rng.randrange(len(text))
        return text[:at] + rng.choice(":-[]{}#&*!|>'\"\t \n0aZ\x00\x07é") + text[at + 1:]
    if kind == 1:  # lose a line
        del lines[i]
    elif kind == 2:  # double a line
        lines.insert(i, lines[i])
    elif kind == 3:  # shift indentation
        lines[i] = (" " * rng.choice((1, 2, 4)) + lines[i]) if rng.random() < 0.5 else lines[i].lstrip()
    elif kind == 4 and ":" in lines[i]:  # a value of another type, or a bad one
        key = lines[i].split(":", 1)[0]
        lines[i] = f"{key}: {rng.choice(VALUES)}\n"
    elif kind == 5 and ":" in lines[i]:  # an explicit tag
        key = lines[i].split(":", 1)[0]
        lines[i] = f"{key}: {rng.choice(TAGS)}\n"
    elif kind == 6:  # an alias bomb at the top
        return ALIAS_BOMB + text
    elif kind == 7:  # a recursive or dangling alias
        return text + rng.choice(("\nloop: &loop [*loop]\n", "\nx: *missing\n"))
    elif kind == 8:  # deep nesting
        return text + "\ndeep: " + "[" * rng.choice((60, 500)) + "]" * 60 + "\n"
    return "".join(lines)
