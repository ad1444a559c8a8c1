"""Warnings that need the calculators: a staffing model funded well above or below what its caseload needs."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from fls_docs.calc.results import Results
from fls_docs.diagnostics import Diagnostic, Severity

# Funded staff outside this share of the workload model's need earns a warning.
LOWEST, HIGHEST = 0.90, 1.25


def staffing_warnings(results: Results, calculator: Any) -> Iterator[Diagnostic]:
    """``calculator`` is the loaded calculator.yaml document, to point at each model's posts."""
    for i, option in enumerate(results.run.options):
        model = option.model.model
        need = results.staff_needs[model.id]
        for group, needed in need.needed.items():
            funded = need.funded.get(group, 0.0)
            if needed <= 0:
                continue
            ratio = funded / needed
            if LOWEST <= ratio <= HIGHEST:
                continue
            what = "more than" if ratio > HIGHEST else "less than"
            yield calculator.diagnostic(
                ("staffing_models", i, "posts"),
                f'the "{model.id}" model funds {funded:.2f} whole-time equivalent {group} staff, {ratio:.0%} of the '
                f"{needed:.2f} its caseload needs ({what} the {LOWEST:.0%} to {HIGHEST:.0%} expected)",
                "resize the posts to the need, or give your own activity timings under activity_minutes if the "
                "workload model's defaults do not fit your service",
                severity=Severity.WARNING,
            )
