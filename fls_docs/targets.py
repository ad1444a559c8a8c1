"""Every output a build makes, what each one reads, and whether it needs making again.

A target's inputs are named pieces: the parts of the project model it reads,
its template, the fls-docs code and reference data, and the build date (which
every document prints). Each piece is hashed; a target is rebuilt when any
piece's hash differs from the last good build, or its output is missing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from fls_docs.manifest import Manifest, file_digest, tool_digest, value_digest
from fls_docs.model.project import Project
from fls_docs.paths import template_path

# The parts of the model a target can read, by name.
PARTS: dict[str, Callable[[Project], Any]] = {
    "project": lambda p: (p.info, p.organisation, p.document_control),
    "catchment": lambda p: p.catchment,
    "team": lambda p: (p.team, p.stakeholders),
    "brief": lambda p: p.brief,
    "plan": lambda p: p.plan,
    "calculator": lambda p: p.calculator,
    "service_specification": lambda p: p.service_specification,
    "business_case": lambda p: p.business_case,
    "indicators": lambda p: p.indicators,
    "standards": lambda p: p.self_assessment,
}
EVERYTHING = tuple(PARTS)


@dataclass(frozen=True)
class Target:
    name: str  # the output, relative to build/
    kind: str  # chart, word, plan-workbook, indicators-workbook, json
    parts: tuple[str, ...]
    template: str | None = None  # relative to templates/
    charts: tuple[str, ...] = ()  # chart keys a document embeds
    key: str = ""  # a chart's key


def chart_targets(indicator_ids: list[str]) -> list[Target]:
    calc = ("catchment", "calculator")
    targets = [
        Target("charts/fractures-by-site.png", "chart", calc, key="fractures_by_site"),
        Target("charts/costs-and-savings.png", "chart", calc, key="costs_and_savings"),
        Target("charts/sensitivity.png", "chart", calc, key="sensitivity"),
        Target("charts/acceptability.png", "chart", calc, key="acceptability"),
        Target("charts/phase-progress.png", "chart", ("plan",), key="phase_progress"),
        Target("charts/stakeholder-map.png", "chart", ("team",), key="stakeholder_map"),
    ]
    targets += [Target(f"charts/indicator-{i}.png", "chart", ("indicators",), key=f"indicator_{i}") for i in indicator_ids]
    return targets


def all_targets(project: Project) -> list[Target]:
    """Every output file of a build, except the site (handled page by page)."""
    docs = [
        # The brief holds its milestone tasks, so the PID and the business case follow those tasks
        # but not the rest of the plan.
        Target("docs/project-initiation-document.docx", "word",
               ("project", "catchment", "team", "brief", "calculator"), "word/project-initiation-document.docx"),
        Target("docs/service-specification.docx", "word",
               ("project", "service_specification", "catchment", "calculator"), "word/service-specification.docx",
               ("fractures_by_site",)),
        Target("docs/business-case.docx", "word", ("project", "team", "business_case", "brief", "catchment", "calculator"),
               "word/business-case.docx", ("fractures_by_site", "costs_and_savings", "sensitivity", "acceptability")),
        Target("docs/improvement-project-plan.xlsx", "plan-workbook", ("project", "team", "plan", "brief")),
        Target("docs/outcome-indicators.xlsx", "indicators-workbook", ("project", "indicators")),
        Target("calculator-results.json", "json", ("catchment", "calculator", "plan")),
    ]
    return chart_targets([i.id for i in project.indicators]) + docs


@dataclass
class Decision:
    target: str
    rebuild: bool
    reason: str


@dataclass
class Inputs:
    """Hashes of the pieces targets read, each worked out once per build."""

    project_dir: Path
    project: Project
    today: str
    _parts: dict[str, str] = field(default_factory=dict)

    def part(self, name: str) -> str:
        if name not in self._parts:
            self._parts[name] = value_digest(PARTS[name](self.project))
        return self._parts[name]

    def of(self, target: Target) -> dict[str, str]:
        pieces = {"fls-docs": tool_digest(), "date": self.today}
        pieces.update({part: self.part(part) for part in target.parts})
        if target.template:
            pieces["template"] = file_digest(template_path(self.project_dir, target.template))
        return pieces


def decide(target: str, inputs: dict[str, str], manifest: Manifest, output: Path, force: bool) -> Decision:
    """Whether to rebuild ``target``, and why, in words for --explain."""
    if force:
        return Decision(target, True, "--force")
    before = manifest.targets.get(target)
    if before is None:
        return Decision(target, True, "not built before")
    if not output.exists():
        return Decision(target, True, "its output is missing")
    changed = sorted(k for k in inputs.keys() | before.keys() if inputs.get(k) != before.get(k))
    if changed:
        return Decision(target, True, "changed: " + ", ".join(changed))
    return Decision(target, False, "up to date")
