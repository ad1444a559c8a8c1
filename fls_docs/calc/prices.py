"""Today's prices: older unit costs brought forward with a published NHS cost inflation index."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Inflated:
    """One cost brought to today's prices."""

    what: str
    from_year: str
    original: float
    factor: float

    @property
    def value(self) -> float:
        return self.original * self.factor


@dataclass
class Prices:
    """The index, the year every cost is brought to, and a record of every cost it changed."""

    index: str
    source: str
    price_year: str
    values: dict[str, float]
    inflated: list[Inflated] = field(default_factory=list)

    @classmethod
    def from_table(cls, table: Mapping[str, Any]) -> Prices:
        return cls(table["index"], " ".join(str(table["source"]).split()), str(table["price_year"]),
                   {str(k): float(v) for k, v in table["values"].items()})

    def year(self, price_year: Any) -> str:
        """The index's name for a price year: financial years as given, a calendar year as the one it starts."""
        text = str(price_year)
        if text in self.values:
            return text
        if text.isdigit():
            fy = f"{text}/{(int(text) + 1) % 100:02d}"
            if fy in self.values:
                return fy
        raise KeyError(f"no {self.index} value for {text}; the index runs from {min(self.values)} to {max(self.values)}")

    def factor(self, price_year: Any) -> float:
        return self.values[self.price_year] / self.values[self.year(price_year)]

    def inflate_entry(self, entry: Mapping[str, Any]) -> Mapping[str, Any]:
        """A data-file entry in today's prices, its source saying from which year and by how much."""
        from_year = entry.get("price_year")
        if from_year is None or self.year(from_year) == self.price_year:
            return entry
        factor = self.factor(from_year)
        out = dict(entry)
        for key in ("value", "low", "high"):
            if entry.get(key) is not None:
                out[key] = float(entry[key]) * factor
        source = " ".join(str(entry.get("source", "")).split())
        out["source"] = (f"{source} Published in {from_year} prices ({float(entry['value']):,.0f} pounds); brought to "
                         f"{self.price_year} prices with the {self.index} (x {factor:.3f}).")
        self.inflated.append(Inflated(source.split(" - ")[0][:120], str(from_year), float(entry["value"]), factor))
        return out
