"""The one render context that every document, workbook and page is made from."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from fls_docs import __version__, data
from fls_docs.calc import spc
from fls_docs.calc.highlight import counted
from fls_docs.calc.results import Results
from fls_docs.model.indicator_set import group_names
from fls_docs.model.project import Project
from fls_docs.render.formatting import shortdate
from fls_docs.nations import for_documents


@dataclass(frozen=True)
class BuildInfo:
    generated: date
    tool_version: str
    data_version: str
    profile: str = "draft"  # draft (for the team), review or final (for readers)

    @property
    def for_readers(self) -> bool:
        return self.profile != "draft"


# What document control says a copy is, by profile; a draft keeps the status the content gives.
PROFILE_STATUS = {"review": "For review", "final": "Final"}


def build_info(today: date, profile: str = "draft") -> BuildInfo:
    return BuildInfo(generated=today, tool_version=__version__, data_version=data.fingerprint(), profile=profile)


def make_context(project: Project, results: Results, build: BuildInfo) -> dict[str, Any]:
    states = {state.task.id: state for ph in results.progress.phases for state in ph.tasks}
    if build.profile in PROFILE_STATUS:
        project = replace(project, document_control=replace(project.document_control, status=PROFILE_STATUS[build.profile]))
    return {
        "project": project,
        "results": results,
        "build": build,
        "milestones": list(results.progress.milestones),
        "phases": {ph["id"]: ph for ph in data.load("phases")["phases"]},
        "phase_progress": {ph.phase.id: ph for ph in results.progress.phases},
        "spec": project.service_specification,
        "case": project.business_case,
        "standards": data.load("standards")["standards"],
        "standards_source": " ".join(data.load("standards")["source"].split()),
        "roles": [("Project sponsor", project.brief.sponsor), ("Clinical lead", project.brief.clinical_lead),
                  ("Project manager", project.brief.project_manager)],
        "key_inputs": key_inputs(results),
        "staff_rows": staff_rows(results),
        "nation": for_documents(project),
        "indicator_groups": group_names(),  # group key -> heading, for the indicator pages
        "spc_rules": spc.RULES,  # the Making Data Count rules, in words
        "spc_min_points": spc.MIN_POINTS,
        **highlight_context(results),
    }


# SPC chart kinds worth a place in the highlight report: the others have too few points to read.
HIGHLIGHT_CHARTS = ("p-chart", "XmR chart", "run chart")


def highlight_context(results: Results) -> dict[str, Any]:
    """The highlight report's decisions, indicator readings and opening sentence, worded once for Word and the site."""
    report = results.highlight
    if report is None:
        return {}
    needed = results.meetings.decisions if results.meetings else ()
    decisions = [{"decision": n.decision.decision,
                  "who": n.group.name if n.group else (n.decision.made_by or "The project board"),
                  "needed_by": (shortdate(n.decision.needed_by) + (" (overdue)" if n.overdue else ""))
                  if n.decision.needed_by else "Not set"} for n in needed]
    indicators = []
    for result in results.indicators:
        chart = results.spc.get(result.indicator.id)
        if chart is None or chart.chart not in HIGHLIGHT_CHARTS:
            continue
        reading = " ".join(part for part in (chart.reading, chart.assurance_reading) if part)
        indicators.append({"name": result.indicator.name, "reading": reading, "chart": f"indicator_{result.indicator.id}"})
    summary = " ".join(_sentence(part) for part in (
        f"{counted(len(report.done), 'task')} completed this month; {counted(len(report.next), 'task')} under way next month.",
        f"{counted(len(report.late), 'task')} late.",
        f"{counted(len(report.risks), 'risk')} for the board to note; {counted(len(decisions), 'decision')} needed."))
    return {"highlight": report, "highlight_decisions": decisions, "highlight_indicators": indicators,
            "highlight_summary": summary}


def staff_rows(results: Results) -> list[dict[str, Any]]:
    """Whole-time equivalents needed and funded, by option and staff group."""
    groups = data.load("workload")["groups"]
    return [{"option": o.model.model.name, "group": groups.get(group, group), "needed": wte,
             "funded": results.staff_needs[o.model.model.id].funded.get(group, 0.0)}
            for o in results.run.options for group, wte in results.staff_needs[o.model.model.id].needed.items()]


# Inputs the business case lists with their sources, besides every figure the project changed.
KEY_INPUTS = (
    "horizon_years", "discount_rate", "health_discount_rate", "qaly_value", "optimism_bias.setup", "optimism_bias.running",
    "cascade.usual_care.identified", "cascade.fls.identified", "cascade.usual_care.started", "cascade.fls.started",
    "cascade.usual_care.persistent", "cascade.fls.persistent", "refracture_risk_5y", "treatment.hip",
    "treatment.non_vertebral", "treatment.weeks_to_start", "treatment.onset_months", "mortality.hip.year_1",
    "mortality.attributable", "utility.hip.year_1", "utility.hip.later", "unit_costs.hip.acute",
    "unit_costs.hip.social_care_public", "regimens.alendronate.drug_cost", "regimens.alendronate.share", "dxa_cost",
)


def key_inputs(results: Results) -> list[Any]:
    params = results.params
    return [p for key, p in params.items() if key in KEY_INPUTS or p.overridden]


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:]
