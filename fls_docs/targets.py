"""Every output a build makes, what each one reads, and the plan: what to rebuild and why.

A target's inputs are named pieces: the parts of the project model it reads,
its template, the fls-docs code and reference data, and the build date (which
documents, workbooks and the site print, and which the calculations use for
financial years and late tasks). Each piece is hashed; a target is rebuilt
when any piece's hash differs from the last good build, or when its output is
missing or no longer has the SHA-256 the manifest recorded for it.

Planning reads and hashes; it never renders or writes (see build.py).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any

from fls_docs.diagnostics import Diagnostic, Severity, ValidationFailed
from fls_docs.manifest import (
    MISSING, Manifest, digest, file_digest, links_outside, tool_digest, tree_digest, value_digest,
)
from fls_docs.model.project import Project
from fls_docs.paths import SCHEMAS_DIR, TEMPLATES_DIR, template_path
from fls_docs.site_engine import site_engine

# The parts of the model a target can read, by name.
PARTS: dict[str, Callable[[Project], Any]] = {
    "project": lambda p: (p.info, p.organisation, p.document_control),
    "catchment": lambda p: p.catchment,
    "team": lambda p: (p.team, p.stakeholders),
    "brief": lambda p: p.brief,
    "plan": lambda p: p.plan,
    "calculator": lambda p: (p.calculator, p.organisation.nation),  # the nation picks pay, payers and basis of value
    "service_specification": lambda p: p.service_specification,
    "business_case": lambda p: p.business_case,
    "indicators": lambda p: p.indicators,
    "standards": lambda p: p.self_assessment,
    "meetings": lambda p: p.meetings,
    "pathway": lambda p: p.pathway,
}
EVERYTHING = tuple(PARTS)
SITE = "site"
# The site target's files: the built site and the Markdown it was built from.
SITE_FOLDERS = ("site/", "site-src/")


@dataclass(frozen=True)
class Target:
    name: str  # the output, relative to build/
    kind: str  # chart, word, plan-workbook, indicators-workbook, json
    parts: tuple[str, ...]
    template: str | None = None  # relative to templates/
    charts: tuple[str, ...] = ()  # chart keys a document embeds
    key: str = ""  # a chart's key, or the meeting group an agenda or minutes template is for


def chart_targets(indicator_ids: list[str]) -> list[Target]:
    calc = ("catchment", "calculator")
    # The maps: PNG for documents, SVG for the site. Kinds of stakeholder are named for the nation (project);
    # drop-outs take their shares from the calculator. They go first: without Graphviz a build stops at once.
    maps = (("stakeholder-map", "stakeholder_map", ("project", "team")),
            ("pathway-current", "pathway_current", ("pathway", *calc)),
            ("pathway-future", "pathway_future", ("pathway", *calc)),
            ("patient-journey", "patient_journey", ("pathway", *calc)))
    targets = [Target(f"charts/{file}.{kind}", "chart", parts, key=key + ("_svg" if kind == "svg" else ""))
               for file, key, parts in maps for kind in ("png", "svg")]
    targets += [
        Target("charts/fractures-by-site.png", "chart", calc, key="fractures_by_site"),
        Target("charts/costs-and-savings.png", "chart", calc, key="costs_and_savings"),
        Target("charts/sensitivity.png", "chart", calc, key="sensitivity"),
        Target("charts/acceptability.png", "chart", calc, key="acceptability"),
        Target("charts/phase-progress.png", "chart", ("plan",), key="phase_progress"),
        Target("charts/power-interest.png", "chart", ("team",), key="power_interest"),
    ]
    targets += [Target(f"charts/indicator-{i}.png", "chart", ("indicators",), key=f"indicator_{i}") for i in indicator_ids]
    return targets


def all_targets(project: Project) -> list[Target]:
    """Every output file of a build, except the site (handled page by page)."""
    docs = [
        # The brief holds its milestone tasks, so the PID and the business case follow those tasks
        # but not the rest of the plan.
        Target("docs/project-initiation-document.docx", "word",
               ("project", "catchment", "team", "brief", "calculator"), "word/project-initiation-document.docx",
               ("stakeholder_map",)),
        Target("docs/service-specification.docx", "word",
               # The quality requirements list the indicators with a target.
               ("project", "service_specification", "catchment", "calculator", "pathway", "indicators"),
               "word/service-specification.docx",
               ("fractures_by_site", "pathway_future")),
        Target("docs/business-case.docx", "word",
               ("project", "team", "business_case", "brief", "catchment", "calculator", "pathway"), "word/business-case.docx",
               ("fractures_by_site", "pathway_future", "costs_and_savings", "sensitivity", "acceptability")),
        Target("docs/improvement-project-plan.xlsx", "plan-workbook", ("project", "team", "plan", "brief", "meetings")),
        Target("docs/outcome-indicators.xlsx", "indicators-workbook", ("project", "indicators")),
        # The presentation's charts are PowerPoint's own; ``charts`` names only the pictures it shows. Like the
        # business case, it follows the milestones through the brief, not the rest of the plan.
        Target("docs/commissioner-presentation.pptx", "presentation",
               ("project", "team", "brief", "business_case", "service_specification", "catchment", "calculator",
                "pathway"), "pptx/commissioner-presentation.pptx", ("pathway_future",)),
        Target("calculator-results.json", "json", ("catchment", "calculator", "plan")),
        # The month's report for the board: the plan, the brief's risks, the indicators' charts and the decisions
        # the meeting groups are asked for.
        Target("docs/highlight-report.docx", "word", ("project", "team", "plan", "brief", "indicators", "meetings"),
               "word/highlight-report.docx", tuple(f"indicator_{i.id}" for i in project.indicators)),
    ]
    return chart_targets([i.id for i in project.indicators]) + docs + meeting_targets(project)


def meeting_targets(project: Project) -> list[Target]:
    """The calendar of every meeting, and an agenda and a minutes template for each group's next meeting."""
    from fls_docs.render.meeting_papers import CALENDAR_FILE, agenda_file, minutes_file

    groups = project.meetings.groups
    # An agenda reads the plan's tasks and decisions, the brief's risks, the indicators and the action log.
    reads = ("project", "team", "plan", "brief", "indicators", "meetings")
    targets = [Target(f"docs/{CALENDAR_FILE}", "calendar", ("project", "team", "meetings"))] if groups else []
    for group in groups:
        targets += [Target(f"docs/{agenda_file(group.id)}", "agenda", reads, "word/agenda.docx", key=group.id),
                    Target(f"docs/{minutes_file(group.id)}", "minutes", reads, "word/minutes.docx", key=group.id)]
    return targets


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
    profile: str = "draft"
    _parts: dict[str, str] = field(default_factory=dict)

    def part(self, name: str) -> str:
        if name not in self._parts:
            self._parts[name] = value_digest(PARTS[name](self.project))
        return self._parts[name]

    def of(self, target: Target) -> dict[str, str]:
        # Every target takes the date: documents and workbooks print it, and the figures behind
        # charts and results (financial years, late tasks) are worked out from it.
        pieces = {"fls-docs": tool_digest(), "date": self.today, "profile": self.profile}
        pieces.update({part: self.part(part) for part in target.parts})
        if target.template:
            pieces["template"] = file_digest(template_path(self.project_dir, target.template))
        return pieces

    def of_site(self) -> dict[str, str]:
        project_dir = self.project_dir
        pieces = {"fls-docs": tool_digest(), "date": self.today, "profile": self.profile,
                  "mkdocs.yml": file_digest(project_dir / "mkdocs.yml"), "site engine": site_engine(),
                  "site templates": digest(tree_digest(TEMPLATES_DIR / "site") + tree_digest(project_dir / "templates" / "site")),
                  "schemas": tree_digest(SCHEMAS_DIR)}
        pieces.update({part: self.part(part) for part in EVERYTHING})
        return pieces


def output_problem(target: str, previous: Manifest, damaged: dict[str, str]) -> str:
    """Why the last build's output of ``target`` cannot be kept, or "" if it can."""
    if target == SITE:
        names = [n for n in previous.outputs if n.startswith(SITE_FOLDERS)]
        if not names:
            return "its output is missing"
        broken = sorted(n for n in names if n in damaged)
        if broken:
            return f"{broken[0]} is missing" if damaged[broken[0]] == MISSING else f"{broken[0]} does not match the manifest"
        return ""
    if target not in previous.outputs or damaged.get(target) == MISSING:
        return "its output is missing"
    return "its output does not match the manifest" if target in damaged else ""


def decide(target: str, inputs: dict[str, str], previous: Manifest, problem: str, force: bool) -> Decision:
    """Whether to rebuild ``target``, and why, in words for --explain. ``problem`` is from output_problem."""
    if force:
        return Decision(target, True, "--force")
    before = previous.targets.get(target)
    if before is None:
        return Decision(target, True, "not built before")
    if problem:
        return Decision(target, True, problem)
    changed = sorted(k for k in inputs.keys() | before.keys() if inputs.get(k) != before.get(k))
    if changed:
        return Decision(target, True, "changed: " + ", ".join(changed))
    return Decision(target, False, "up to date")


@dataclass
class Plan:
    """What a build will do and why, worked out before anything is rendered."""

    project_dir: Path
    on: date
    force: bool
    previous: Manifest  # the last good build
    next: Manifest  # what this build will record; its pages and outputs are filled in as it goes
    decisions: dict[str, Decision]
    project: Project | None = None  # None when nothing can have changed, so nothing was loaded
    warnings: list[Diagnostic] = field(default_factory=list)
    targets: list[Target] = field(default_factory=list)  # every output file but the site
    site_reusable: bool = False  # the last site stands if its pages come out the same
    profile: str = "draft"  # draft, review or final: who the copy is for

    @property
    def stale(self) -> list[Target]:
        return [t for t in self.targets if self.decisions[t.name].rebuild]

    @property
    def site_stale(self) -> bool:
        return SITE in self.decisions and self.decisions[SITE].rebuild

    @property
    def nothing_to_do(self) -> bool:
        return not any(d.rebuild for d in self.decisions.values())


def quick_key(project_dir: Path, on: date, profile: str = "draft") -> str:
    """One hash of every raw input. When it matches the last good build, nothing can have changed."""
    parts = [
        tool_digest(), str(on), profile, tree_digest(project_dir / "content"), tree_digest(project_dir / "templates"),
        tree_digest(TEMPLATES_DIR), tree_digest(SCHEMAS_DIR), file_digest(project_dir / "mkdocs.yml"), site_engine(),
    ]
    return digest("|".join(parts))


def refuse_outside_links(project_dir: Path) -> None:
    """A build never reads, hashes or copies a file that a link in templates/ leads to outside the project."""
    found = links_outside(project_dir / "templates", project_dir)
    if found:
        # Worded as validate.py words links out of content/; where the link leads is not repeated.
        raise ValidationFailed([
            Diagnostic(path.relative_to(project_dir).as_posix(), 0, 0, "",
                       f"the {'folder' if path.is_dir() else 'file'} is a link to somewhere outside the project "
                       "folder, so it is not used", "keep the file itself in the project's templates folder")
            for path, _ in found])


# Warnings that mean a document is not finished: a placeholder where content is missing.
UNFINISHED = ("not given yet", "the file is missing")


def refuse_unfinished(project_dir: Path, warnings: list[Diagnostic]) -> None:
    """A final copy has no placeholders: each one left is reported as an error, by file and line."""
    left = [replace(w, severity=Severity.ERROR, hint=w.hint + "; a final copy cannot show a placeholder")
            for w in warnings if any(words in w.message for words in UNFINISHED)]
    if left:
        raise ValidationFailed(left)


def plan_build(project_dir: Path, build_dir: Path, on: date, force: bool = False, profile: str = "draft") -> Plan:
    """Decide what to rebuild and why. Raises ValidationFailed when the project has errors."""
    refuse_outside_links(project_dir)
    previous = Manifest.load(build_dir)
    damaged = previous.damaged(build_dir)
    quick = quick_key(project_dir, on, profile)
    if not force and previous.quick == quick and previous.outputs and not damaged:
        decisions = {name: Decision(name, False, "up to date") for name in previous.targets}
        return Plan(project_dir=project_dir, on=on, force=force, previous=previous, next=previous, decisions=decisions,
                    profile=profile)

    from fls_docs.model.validate import load_project

    project, warnings = load_project(project_dir)
    if profile == "final":
        refuse_unfinished(project_dir, warnings)
    if not (project_dir / "mkdocs.yml").is_file():
        raise ValidationFailed([Diagnostic("mkdocs.yml", 0, 0, "", "the file is missing",
                                           "the site needs it; `fls-docs init` makes one to copy")])
    inputs = Inputs(project_dir, project, str(on), profile)
    targets = all_targets(project)
    recorded = {t.name: inputs.of(t) for t in targets} | {SITE: inputs.of_site()}
    decisions = {name: decide(name, pieces, previous, output_problem(name, previous, damaged), force)
                 for name, pieces in recorded.items()}
    # Pages that come out the same need no new site, unless what builds them (the configuration, the
    # tool) changed, or the last site is not there as it was built.
    before = previous.targets.get(SITE, {})
    config_changed = not before or any(recorded[SITE].get(k) != before.get(k) for k in ("mkdocs.yml", "site engine", "fls-docs"))
    reusable = not force and not config_changed and not output_problem(SITE, previous, damaged)
    following = Manifest(quick=quick, warnings=[w.format() for w in warnings], targets=recorded,
                         pages=dict(previous.pages), outputs=dict(previous.outputs))
    return Plan(project_dir=project_dir, on=on, force=force, previous=previous, next=following, decisions=decisions,
                project=project, warnings=warnings, targets=targets, site_reusable=reusable, profile=profile)
