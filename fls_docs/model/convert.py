"""Turn validated content data into the typed project model."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Any

from fls_docs import data
from fls_docs.model.project import (
    Brief,
    CalculatorInputs,
    Catchment,
    CostLine,
    Deliverable,
    DocumentControl,
    GetInvolved,
    Organisation,
    Outcome,
    Person,
    Phase,
    Plan,
    Post,
    Project,
    ProjectInfo,
    Revision,
    Risk,
    StaffingModel,
    Stakeholder,
    Task,
)


def _paragraphs(text: str) -> tuple[str, ...]:
    return tuple(" ".join(p.split()) for p in text.strip().split("\n\n") if p.strip())


def build_project(root: Path, raw: dict[str, Any]) -> Project:
    """Build the model from every file's data. Assumes validation found no errors."""
    p = raw["project"]
    team = tuple(Person(
        id=m["id"], name=m["name"], role=m["role"], job_title=m.get("job_title", ""),
        organisation=m.get("organisation", ""), email=m.get("email", ""),
    ) for m in p["team"])
    people = {person.id: person for person in team}
    labels = data.load("stakeholders")["categories"]
    stakeholders = tuple(Stakeholder(
        category=s["category"], category_label=labels[s["category"]], name=s["name"],
        contact=s.get("contact", ""), interest=s.get("interest", ""),
    ) for s in p["stakeholder_reference_group"])
    dc = p["document_control"]
    document_control = DocumentControl(
        version=dc["version"], status=dc["status"],
        authors=tuple(people[a] for a in dc["authors"]),
        history=tuple(Revision(h["version"], date.fromisoformat(h["date"]), people[h["author"]], h["changes"].strip())
                      for h in dc["history"]),
        approved_by=dc.get("approved_by", ""),
    )
    c = p["catchment"]
    catchment = Catchment(
        name=c["name"], description=" ".join(c.get("description", "").split()),
        total_population=c["total_population"], population_year=c["population_year"],
        population_source=" ".join(c["population_source"].split()),
        population={sex: dict(bands) for sex, bands in c["population"].items()},
    )
    o = p["organisation"]
    organisation = Organisation(o["name"], o["nation"], o.get("commissioner", ""), o.get("address", ""), o.get("website", ""))
    plan = _build_plan(raw["plan"], people)
    return Project(
        root=root,
        info=ProjectInfo(p["project"]["name"], p["project"]["short_name"], " ".join(p["project"]["summary"].split())),
        organisation=organisation, catchment=catchment, team=team, stakeholders=stakeholders,
        document_control=document_control,
        brief=_build_brief(raw["brief"], people, plan),
        plan=plan,
        calculator=_build_calculator(raw["calculator"]),
    )


def _build_plan(raw: dict[str, Any], people: dict[str, Person]) -> Plan:
    phase_info = {ph["id"]: ph for ph in data.load("phases")["phases"]}
    phases = []
    for block in raw["phases"]:
        info = phase_info[block["phase"]]
        tasks = tuple(Task(
            id=t["id"], title=t["title"], phase=block["phase"], lead=people[t["lead"]],
            start=date.fromisoformat(t["start"]), due=date.fromisoformat(t["due"]), status=t["status"],
            percent_complete=t.get("percent_complete"), milestone=t.get("milestone", False),
            depends_on=tuple(t.get("depends_on", ())), deliverable=t.get("deliverable", ""),
            notes=t.get("notes", ""),
        ) for t in block["tasks"])
        outcomes = tuple(Outcome(o["id"], o["text"], tuple(o["delivered_by"])) for o in block.get("outcomes", ()))
        phases.append(Phase(block["phase"], info["number"], info["name"], info["purpose"], outcomes, tasks))
    return Plan(tuple(phases))


def _build_brief(raw: dict[str, Any], people: dict[str, Person], plan: Plan) -> Brief:
    gi = raw["get_involved"]
    return Brief(
        background=_paragraphs(raw["background"]),
        aims=tuple(raw["aims"]), objectives=tuple(raw["objectives"]),
        scope_in=tuple(raw["scope"]["in"]), scope_out=tuple(raw["scope"].get("out", ())),
        deliverables=tuple(Deliverable(d["name"], d["description"]) for d in raw["deliverables"]),
        benefits=tuple(raw["benefits"]),
        risks=tuple(Risk(r["id"], r["description"], r["likelihood"], r["consequence"], people[r["owner"]], r["mitigation"])
                    for r in raw["risks"]),
        milestones=tuple(sorted((plan.task(t) for t in raw["milestones"]), key=lambda t: (t.due, t.id))),
        governance=" ".join(raw["governance"].split()),
        get_involved=GetInvolved(" ".join(gi["text"].split()), people[gi["contact"]], gi.get("meetings", "")),
    )


# Sections of calculator.yaml that hold single figures, and the parameter key
# each figure overrides: section -> key prefix. Nested mappings add ".name".
OVERRIDE_SECTIONS = {
    "horizon_years": "horizon_years", "cascade": "cascade", "treatment_effect": "treatment",
    "unit_costs": "unit_costs", "dxa_cost": "dxa_cost", "dxa_share": "dxa_share", "drug_cost": "drug_cost",
    "discount_rate": "discount_rate", "optimism_bias": "optimism_bias",
    "activity_minutes": "minutes", "productive_hours": "productive_hours",
}


def _flatten(prefix: str, value: Any) -> dict[str, float]:
    if isinstance(value, dict):
        return {k: v for name, sub in value.items() for k, v in _flatten(f"{prefix}.{name}", sub).items()}
    return {prefix: value}


def _lines(raw: list[dict[str, Any]], key: str) -> tuple[CostLine, ...]:
    return tuple(CostLine(" ".join(line["item"].split()), float(line[key])) for line in raw)


def _group(post: dict[str, Any]) -> str:
    if "group" in post:
        return post["group"]
    return "admin" if re.search(data.load("workload")["admin_roles"], post["role"], re.IGNORECASE) else "clinical"


def _build_calculator(raw: dict[str, Any]) -> CalculatorInputs:
    overrides: dict[str, float] = {}
    for section, prefix in OVERRIDE_SECTIONS.items():
        if section in raw:
            overrides.update(_flatten(prefix, raw[section]))
    return CalculatorInputs(
        overrides=overrides,
        incidence={site: dict(rates) for site, rates in raw.get("incidence", {}).items()},
        staffing_models=tuple(StaffingModel(
            id=m["id"], name=m["name"], description=" ".join(m.get("description", "").split()),
            preferred=m.get("preferred", False),
            posts=tuple(Post(p["role"], p["band"], p.get("pay_point", "mid"), float(p["wte"]), _group(p))
                        for p in m["posts"]),
            cascade=dict(m.get("cascade", {})),
            consultant_pas=float(m.get("consultant_pas", 0)),
            consultant_pay_point=m.get("consultant_pay_point", "mid"),
            setup_costs=_lines(m.get("setup_costs", []), "cost"),
            running_costs=_lines(m.get("running_costs", []), "cost_per_year"),
        ) for m in raw["staffing_models"]),
    )