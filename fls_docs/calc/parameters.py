"""Calculator inputs: each value with where it came from, its plausible range and whether the project changed it."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from typing import Any

LOCAL_SOURCE = "Local figure supplied by the project team"

# How the probabilistic analysis draws each kind of input.
BETA, GAMMA, LOGNORMAL = "beta", "gamma", "lognormal"


@dataclass(frozen=True)
class Parameter:
    key: str
    label: str
    value: float
    source: str
    overridden: bool = False
    low: float | None = None
    high: float | None = None
    distribution: str | None = None  # None: held fixed in the uncertainty analyses

    @property
    def uncertain(self) -> bool:
        return self.low is not None and self.high is not None and self.low < self.high

    @property
    def citation(self) -> str:
        """The source as a reader of a finished document needs it: where the figure comes from.

        Notes meant for whoever maintains the figure (what to replace, what was not
        re-read) stay in the full ``source``, which the results file keeps.
        """
        return citation(self.source)

    @property
    def note(self) -> str:
        """The full source, for the team's own copy, with sums of money written as money."""
        return in_pounds(_clean(self.source))

    def to_dict(self) -> dict[str, Any]:
        return {k: v for k, v in asdict(self).items() if v is not None}


# Sentences addressed to the people who keep the figures, not to a reader of the case.
_FOR_AUTHORS = re.compile(r"\b(replace|raise it|lower it|re-read|not read|recalled|reachable|retrieved|was not found|"
                          r"were not|calculator\.yaml|content/|here\b|\b[a-z]+_[a-z_]+\b)", re.IGNORECASE)
_SENTENCE = re.compile(r"(?<=[.;])\s+(?=[A-Z(])")
_POUNDS = re.compile(r"\b(\d[\d,]*(?:\.\d+)?) pounds\b")


_ASIDE = re.compile(r"\s*\([^()]*\)")
_ABBREVIATION = re.compile(r"\b(et al|[A-Z])\.(?=\s)")


# A citation is a reference, not an essay: past this many words, keep the part before a dash or colon.
CITATION_WORDS = 25


def citation(source: str) -> str:
    text = _clean(source)
    # Asides for the maintainers go first, then whole sentences addressed to them.
    text = _ASIDE.sub(lambda m: "" if _FOR_AUTHORS.search(m.group(0)) else m.group(0), text)
    text = _ABBREVIATION.sub(lambda m: m.group(1) + "\x00", text)  # "et al." and initials end no sentence
    kept = [_short(part) for part in _SENTENCE.split(text) if not _FOR_AUTHORS.search(part)]
    # One sentence, unless it is only a label such as "Assumption." or "Derived.".
    count = 2 if kept and len(kept[0].split()) <= 3 else 1
    text = (" ".join(kept[:count]) or _short(text)).replace("\x00", ".")
    return in_pounds(text)


def in_pounds(text: str) -> str:
    """ "15,525 pounds" as "£15,525", the way documents write money."""
    return _POUNDS.sub(lambda m: f"£{m.group(1)}", text)


def _short(sentence: str) -> str:
    """A sentence of at most CITATION_WORDS words: the reference before a dash or colon, or the first words."""
    if len(sentence.split()) <= CITATION_WORDS:
        return sentence
    for mark in (" - ", ": ", "; ", ", "):
        head = sentence.split(mark)[0]
        if 2 < len(head.split()) <= CITATION_WORDS:
            return head.rstrip(".") + "."
    return " ".join(sentence.split()[:CITATION_WORDS]) + " …"


def _clean(text: str) -> str:
    return " ".join(str(text).split())


def parameter(key: str, label: str, entry: Mapping[str, Any], local: float | None = None,
              distribution: str | None = None, value_key: str = "value") -> Parameter:
    """A parameter from a data-file entry (value, source, low, high), replaced by the project's figure if it gave one.

    A local figure keeps the default's width of uncertainty, centred on the new value,
    so the sensitivity analyses still test it.
    """
    default = float(entry[value_key])
    low, high = entry.get("low"), entry.get("high")
    if local is None:
        return Parameter(key, label, default, _clean(entry["source"]), False, low, high, distribution if low is not None else None)
    local = float(local)
    if low is not None and high is not None:
        low, high = local - (default - low), local + (high - default)
        if distribution == BETA:
            low, high = max(0.0, low), min(1.0, high)
        elif distribution in (GAMMA, LOGNORMAL):
            low = max(local * 0.05, low)
    return Parameter(key, label, local, LOCAL_SOURCE, True, low, high, distribution if low is not None else None)


class Parameters(dict[str, Parameter]):
    """Every input of a run, by key, in the order they were gathered."""

    def add(self, param: Parameter) -> Parameter:
        self[param.key] = param
        return param

    def numbers(self) -> dict[str, float]:
        """Key -> value, the form the calculators read."""
        return {key: p.value for key, p in self.items()}

    def overridden(self) -> list[Parameter]:
        return [p for p in self.values() if p.overridden]
