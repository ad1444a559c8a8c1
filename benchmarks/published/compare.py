"""Published UK evaluations beside ours: run each scenario and print the comparison table (Markdown).

    .venv/bin/python benchmarks/published/compare.py

The table goes into benchmarks/results.md; tests/calc/test_published.py checks that
it is current and that every figure stays within its stated tolerance.
"""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(ROOT))

from fls_docs.calc.results import Results, calculate  # noqa: E402
from fls_docs.model.validate import load_scenario  # noqa: E402

# What each measure reads from our results: the preferred option's economic evaluation.
MEASURES = {
    "prevented": lambda r: r.economics.total_prevented,
    "hip": lambda r: r.economics.prevented["hip"],
    "life_years": lambda r: r.economics.life_years,
    "qalys": lambda r: r.economics.qalys,
    "bed_days": lambda r: r.economics.bed_days,
    "medicines": lambda r: next(line.amount for line in r.economics.lines if line.key == "medicines"),
    "avoided": lambda r: r.economics.savings,
    "spending": lambda r: r.economics.spending,
    "net_cost": lambda r: r.economics.net_cost,
}


def comparisons() -> dict:
    return yaml.safe_load((HERE / "comparison.yaml").read_text(encoding="utf-8"))


def run_scenario(name: str) -> Results:
    project, _ = load_scenario(ROOT, HERE / name)
    return calculate(project, date(2026, 11, 26))


def rows() -> list[dict]:
    """Every compared figure: published, ours, the relative difference and the tolerance."""
    out = []
    for evaluation in comparisons()["evaluations"]:
        results = run_scenario(evaluation["scenario"])
        for row in evaluation["rows"]:
            ours = float(MEASURES[row["measure"]](results))
            published = float(row["published"])
            out.append({**row, "evaluation": evaluation["title"], "ours": ours,
                        "difference": (ours - published) / abs(published)})
    return out


def _figure(value: float, measure: str) -> str:
    if measure in ("medicines", "avoided", "spending", "net_cost"):
        return f"{'-' if value < 0 else ''}£{abs(value):,.0f}"
    return f"{value:,.1f}"


def table() -> str:
    lines = []
    current = None
    for row in rows():
        if row["evaluation"] != current:
            current = row["evaluation"]
            lines += ["", f"**{current}**", "",
                      "| Figure | Published | Ours | Difference | Accepted | Why they differ |",
                      "|---|---:|---:|---:|---:|---|"]
        reason = " ".join(row["reason"].split()) if abs(row["difference"]) > 0.15 else "Within 15%."
        lines.append(f"| {row['label']} | {_figure(row['published'], row['measure'])} | {_figure(row['ours'], row['measure'])} "
                     f"| {row['difference']:+.0%} | ±{row['tolerance']:.0%} | {reason} |")
    return "\n".join(lines).strip() + "\n"


if __name__ == "__main__":
    print(table(), end="")
