"""Optimism bias as the Green Book describes it: a category's upper bound, lowered by recorded mitigation."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

# Which cost lines each measure covers; costs that move with the patients (scans, medicines) have none.
MEASURES = ("setup", "running")


@dataclass(frozen=True)
class BiasRule:
    measure: str  # setup (capital-like, once) or running (operating, every year)
    category: str  # key in the Green Book table
    category_label: str
    kind: str  # capex or opex
    upper: float
    lower: float
    mitigation: float  # 0 (none of the contributory risks managed) to 1 (all managed)
    reason: str
    local: bool  # the project recorded its own

    @property
    def applied(self) -> float:
        """Upper bound reduced by the mitigation, never below the category's lower bound."""
        return max(self.lower, self.upper * (1 - self.mitigation))

    @property
    def source(self) -> str:
        return (f"HM Treasury Green Book supplementary guidance on optimism bias: {self.category_label}, "
                f"{self.kind} upper bound {self.upper:.0%}, lowered by a mitigation factor of {self.mitigation:.2f}. "
                f"{self.reason}")


def rules(local: Mapping[str, Mapping[str, Any]], finance: Mapping[str, Any]) -> dict[str, BiasRule]:
    """The rule for set-up and for running costs: the project's own record where it gave one, else the default."""
    table = finance["optimism_bias"]
    out = {}
    for measure in MEASURES:
        default = table["defaults"][measure]
        mine = local.get(measure, {})
        category = mine.get("category", default["category"])
        info = table["categories"][category]
        kind = "capex" if measure == "setup" else "opex"
        if kind not in info:
            kind = next(k for k in ("capex", "opex") if k in info)
        bounds = info[kind]
        out[measure] = BiasRule(
            measure, category, info["label"], kind, float(bounds["upper"]), float(bounds["lower"]),
            float(mine.get("mitigation", default["mitigation"] if category == default["category"] else 0.0)),
            " ".join(str(mine.get("reason", default["reason"] if "mitigation" not in mine else "")).split()),
            bool(mine))
    return out
