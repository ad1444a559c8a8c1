"""Turn validated content data into the typed project model."""

from __future__ import annotations

import re
from datetime import date
from functools import partial
from pathlib import Path
from typing import Any

from fls_docs import data
from fls_docs.model.placeholders import fill
from fls_docs.model.project import (
    BenefitPlan,
    Brief,
    BusinessCase,
    CalculatorInputs,
    Catchment,
    Communication,
    CostLine,
    Decision,
    Deliverable,
    DocumentControl,
    GetInvolved,
    Guidance,
    Indicator,
    Interdependency,
    Issue,
    Missing,
    MonthlyCount,
    OptionNotes,
    Organisation,
    Outcome,
    PathwayStep,
    Person,
    Phase,
    Plan,
    Post,
    Project,
    ProjectInfo,
    QualityRequirement,
    Raci,
    Revision,
    Risk,
    SelfAssessment,
    ServiceSpecification,
    StaffingModel,
    Stakeholder,
    StandardAssessment,
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
        contact=s.get("contact", ""), interest=s.get("interest", ""), power=s.get("power", ""),
        interest_level=s.get("interest_level", ""), engagement=s.get("engagement", ""),
        owner=people[s["owner"]] if "owner" in s else None,
    ) for s in p["stakeholder_reference_group"])
    dc = p["document_control"]
    document_control = DocumentControl(
        version=dc["version"], status=dc["status"],
        authors=tuple(people[a] for a in dc["authors"]),
        history=tuple(Revision(h["version"], date.fromisoformat(h["date"]), people[h["author"]], h["changes"].strip(),
                               tuple(h.get("documents", ()))) for h in dc["history"]),
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
        info=ProjectInfo(p["project"]["name"], p["project"]["short_name"], " ".join(p["project"]["summary"].split()),
                         {k: " ".join(str(v).split()) for k, v in p.get("facts", {}).items()}),
        organisation=organisation, catchment=catchment, team=team, stakeholders=stakeholders,
        document_control=document_control,
        brief=_build_brief(raw["brief"], people, plan),
        plan=plan,
        calculator=_build_calculator(raw["calculator"]),
        service_specification=_build_specification(raw.get("service_specification") or {}),
        business_case=_build_business_case(raw.get("business_case") or {}, people),
        indicators=_build_indicators(raw.get("indicators") or {}, raw.get("indicator_csv_rows", [])),
        self_assessment=_build_self_assessment(raw.get("standards") or {}),
    )


def _build_self_assessment(raw: dict[str, Any]) -> SelfAssessment | None:
    """All ten standards, each with the project's judgement or 'not assessed'."""
    if not raw:
        return None
    given = {entry["standard"]: entry for entry in raw.get("standards", [])}
    return SelfAssessment(date.fromisoformat(raw["assessed_on"]), tuple(
        StandardAssessment(s["number"], s["name"], s["text"], given.get(s["number"], {}).get("status", "not assessed"),
                           _join(given.get(s["number"], {}).get("evidence", "")),
                           _join(given.get(s["number"], {}).get("action", "")))
        for s in data.load("standards")["standards"]))


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
            notes=t.get("notes", ""), raci=_raci(t, people),
        ) for t in block["tasks"])
        outcomes = tuple(Outcome(o["id"], o["text"], tuple(o["delivered_by"])) for o in block.get("outcomes", ()))
        phases.append(Phase(block["phase"], info["number"], info["name"], info["purpose"], outcomes, tasks))
    issues = tuple(Issue(
        id=i["id"], raised=date.fromisoformat(i["raised"]), description=_join(i["description"]),
        impact=_join(i.get("impact", "")), priority=i["priority"], owner=people[i["owner"]],
        action=_join(i.get("action", "")), due=_maybe_date(i.get("due")), status=i["status"],
        closed=_maybe_date(i.get("closed")),
    ) for i in raw.get("issues", ()))
    decisions = tuple(Decision(d["id"], date.fromisoformat(d["date"]), _join(d["decision"]), d["made_by"],
                               _join(d.get("rationale", ""))) for d in raw.get("decisions", ()))
    return Plan(tuple(phases), issues, decisions)


def _maybe_date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _raci(task: dict[str, Any], people: dict[str, Person]) -> Raci:
    """The task's RACI; without one, its lead is responsible and accountable."""
    raci = task.get("raci", {})
    lead = people[task["lead"]]
    return Raci(
        accountable=people[raci["accountable"]] if "accountable" in raci else lead,
        responsible=tuple(people[p] for p in raci.get("responsible", [task["lead"]])),
        consulted=tuple(people[p] for p in raci.get("consulted", [])),
        informed=tuple(people[p] for p in raci.get("informed", [])),
    )


def _build_indicators(raw: dict[str, Any], csv_rows: list[dict[str, Any]]) -> tuple[Indicator, ...]:
    """Indicators with definitions from the FLS Database KPIs where named, and counts from YAML and CSV."""
    kpis = data.load("kpis")["kpis"]
    out = []
    for entry in raw.get("indicators", []):
        base = kpis.get(entry.get("kpi"), {})
        given = {k: v for k, v in entry.items() if k != "values"}
        merged = {**base, **given}
        counts = [MonthlyCount(str(v["month"]), v["numerator"], v["denominator"]) for v in entry.get("values", [])]
        counts += [MonthlyCount(r["month"], r["numerator"], r["denominator"]) for r in csv_rows if r["indicator"] == entry["id"]]
        out.append(Indicator(
            id=entry["id"], name=merged["name"], kpi=entry.get("kpi"), standard=merged.get("standard"),
            numerator=_join(merged.get("numerator", "")), denominator=_join(merged.get("denominator", "")),
            source=_join(merged.get("source", "")), frequency=merged.get("frequency", "monthly"),
            target=merged.get("target"), direction=merged.get("direction", "higher"),
            values=tuple(sorted(counts, key=lambda c: c.month)),
        ))
    return tuple(out)


def _join(text: Any) -> Any:
    """Text with its line breaks folded; a placeholder as it is."""
    return " ".join(text.split()) if isinstance(text, str) else text


def _list(value: Any) -> tuple:
    """A list of text, or a one-item list holding the placeholder."""
    return (value,) if isinstance(value, Missing) else tuple(_join(v) for v in value)


def _person(value: Any, people: dict[str, Person]) -> Person | Missing:
    return value if isinstance(value, Missing) else people[value]


def _build_brief(raw: dict[str, Any], people: dict[str, Person], plan: Plan) -> Brief:
    gi = raw["get_involved"]
    get = partial(fill, "brief", raw)
    comms = get("communications")
    return Brief(
        background=_paragraphs(raw["background"]),
        aims=tuple(raw["aims"]), objectives=tuple(raw["objectives"]),
        scope_in=tuple(raw["scope"]["in"]), scope_out=tuple(raw["scope"].get("out", ())),
        deliverables=tuple(Deliverable(d["name"], d["description"]) for d in raw["deliverables"]),
        benefits=tuple(raw["benefits"]),
        risks=tuple(Risk(r["id"], r["description"], r["likelihood"], r["consequence"], people[r["owner"]], r["mitigation"])
                    for r in raw["risks"]),
        # One source for milestones: the plan's tasks marked milestone: true.
        milestones=tuple(sorted((t for ph in plan.phases for t in ph.tasks if t.milestone), key=lambda t: (t.due, t.id))),
        governance=" ".join(raw["governance"].split()),
        get_involved=GetInvolved(" ".join(gi["text"].split()), people[gi["contact"]], gi.get("meetings", "")),
        why_now=_join(get("why_now")), if_we_do_nothing=_join(get("if_we_do_nothing")),
        constraints=_list(get("constraints")), assumptions=_list(get("assumptions")),
        sponsor=_person(get("roles", "sponsor"), people), clinical_lead=_person(get("roles", "clinical_lead"), people),
        project_manager=_person(get("roles", "project_manager"), people),
        budget_summary=_join(get("budget", "summary")),
        budget_lines=tuple(CostLine(_join(x["item"]), float(x["cost"])) for x in raw.get("budget", {}).get("lines", [])),
        communications=(Communication(comms, "", "", ""),) if isinstance(comms, Missing) else tuple(
            Communication(c["audience"], c.get("what", ""), c["how"], c["when"]) for c in comms),
    )


PATHWAY = (("identification", "Identification"), ("investigation", "Investigation"), ("information", "Information"),
           ("intervention", "Intervention"), ("integration", "Integration"), ("quality", "Quality"))


def _rows(value: Any, make: Any, first: str) -> tuple:
    """Table rows from a list of blocks, or one row whose first cell is the placeholder."""
    if isinstance(value, Missing):
        return (make(**{first: value}),)
    return tuple(make(**{k: _join(v) for k, v in row.items()}) for row in value)


def _build_specification(raw: dict[str, Any]) -> ServiceSpecification:
    get = partial(fill, "service_specification", raw)
    review = get("header", "review_date")
    domains = set(raw.get("outcomes", {}).get("framework_domains", []))
    titles = data.load("outcomes_framework")["domains"]
    return ServiceSpecification(
        number=get("header", "number"), service=get("header", "service"),
        commissioner_lead=get("header", "commissioner_lead"), provider_lead=get("header", "provider_lead"),
        period=get("header", "period"),
        review_date=review if isinstance(review, Missing) else date.fromisoformat(review),
        national_context=_join(get("population_needs", "national_context")),
        local_context=_join(get("population_needs", "local_context")),
        evidence_base=_join(get("population_needs", "evidence_base")),
        domains=tuple((int(n), title, int(n) in domains) for n, title in titles.items()),
        local_outcomes=_list(get("outcomes", "local_outcomes")),
        aims=_list(get("scope", "aims")),
        service_description=_join(get("scope", "service_description")),
        pathway=tuple(PathwayStep(name, _join(get("scope", "care_pathway", key))) for key, name in PATHWAY),
        population_covered=_join(get("scope", "population_covered")),
        acceptance_criteria=_list(get("scope", "acceptance_criteria")),
        exclusion_criteria=_list(get("scope", "exclusion_criteria")),
        interdependencies=_rows(get("scope", "interdependencies"),
                                lambda service, relationship="": Interdependency(service, relationship), "service"),
        nice_guidance=_rows(get("standards", "nice_guidance"), lambda reference, title="": Guidance(reference, title), "reference"),
        other_guidance=_list(raw.get("standards", {}).get("other_guidance", [])),
        local_standards=_list(raw.get("standards", {}).get("local_standards", [])),
        quality_requirements=tuple(QualityRequirement(q["indicator"], q["threshold"], q.get("method", ""), q.get("frequency", ""))
                                   for q in raw.get("quality_requirements", [])),
        cquin=_join(raw.get("cquin", "")), premises=_list(raw.get("premises", [])),
        placement=_join(raw.get("placement", "")), pricing=_join(raw.get("pricing", "")),
        service_hours=_join(raw.get("scope", {}).get("service_hours", "")),
        referral=_join(raw.get("scope", {}).get("referral", "")),
        discharge_criteria=_list(raw.get("scope", {}).get("discharge_criteria", [])),
        quality_consequences=_join(raw.get("quality_consequences", "")),
    )


def _build_business_case(raw: dict[str, Any], people: dict[str, Person]) -> BusinessCase:
    get = partial(fill, "business_case", raw)
    when = get("decision", "decision_date")
    plans = get("benefits_realisation")
    return BusinessCase(
        decision_requested=_join(get("decision", "requested")), decision_maker=_join(get("decision", "decision_maker")),
        decision_date=when if isinstance(when, Missing) else date.fromisoformat(when),
        funder=_join(get("decision", "funder")), funding_route=_join(get("decision", "funding_route")),
        executive_summary=_join(get("executive_summary")),
        problem=_join(get("strategic_case", "problem")), national_fit=_list(get("strategic_case", "national_fit")),
        local_fit=_join(get("strategic_case", "local_fit")),
        investment_objectives=_list(get("strategic_case", "investment_objectives")),
        option_notes={o["model"]: OptionNotes(_list(o.get("advantages", [])), _list(o.get("disadvantages", [])))
                      for o in raw.get("options", [])},
        unmonetised_benefits=_list(raw.get("unmonetised_benefits", [])),
        commercial_case=_join(get("commercial_case")),
        affordability=_join(get("financial_case", "affordability")),
        evaluation=_join(get("management_case", "evaluation")),
        exit=_join(raw.get("management_case", {}).get("exit", "")),
        benefits_realisation=(BenefitPlan(plans, Missing("Owner"), "", "", "", False),) if isinstance(plans, Missing) else tuple(
            BenefitPlan(_join(b["benefit"]), people[b["owner"]], _join(b["measure"]), _join(b["baseline"]),
                        _join(b["target"]), b.get("cash_releasing", False)) for b in plans),
    )


# Sections of calculator.yaml that hold single figures, and the parameter key
# each figure overrides: section -> key prefix. Nested mappings add ".name".
OVERRIDE_SECTIONS = {
    "horizon_years": "horizon_years", "service_years": "service_years", "cascade": "cascade",
    "treatment_effect": "treatment", "treatment_timing": "treatment", "regimens": "regimens",
    "mortality": "mortality", "utility": "utility",
    "unit_costs": "unit_costs", "dxa_cost": "dxa_cost", "dxa_share": "dxa_share",
    "discount_rate": "discount_rate", "health_discount_rate": "health_discount_rate", "qaly_value": "qaly_value",
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
        perspective=raw.get("perspective", "nhs_pss"),
        first_financial_year=raw.get("first_financial_year"),
        optimism_bias={k: dict(v) for k, v in raw.get("optimism_bias", {}).items()},
        pay=dict(raw.get("pay", {})),
        cohort_size=float(raw["cohort_size"]) if "cohort_size" in raw else None,
    )