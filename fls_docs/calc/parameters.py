"""Calculator inputs: each value with where it came from, its plausible range and whether the project changed it."""

from __future__ import annotations

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

    def to_dict(self) -> dict[str, Any]:
        return {k: v for k, v in asdict(self).items() if v is not None}


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
