"""A calculator input with its value, where it came from, and whether the project changed it."""

from __future__ import annotations

from dataclasses import asdict, dataclass


@dataclass(frozen=True)
class Parameter:
    key: str
    label: str
    value: float
    source: str
    overridden: bool = False

    def to_dict(self) -> dict[str, object]:
        return asdict(self)


def choose(key: str, label: str, default: float, source: str, local: float | None) -> Parameter:
    """The project's own value when it gave one, else the published default."""
    if local is None:
        return Parameter(key, label, default, " ".join(source.split()))
    return Parameter(key, label, local, "Local figure from content/calculator.yaml", overridden=True)
