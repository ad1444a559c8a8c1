"""Turn validated content data into the typed project model."""

from __future__ import annotations

import re
from datetime import date, time
from functools import partial
from pathlib import Path
from typing import Any

from fls_docs import data
from fls_docs.model import indicator_set
from fls_docs.model.placeholders import fill
from fls_docs.nations import outcomes, stakeholder_labels
from fls_docs.model.project import (
    Action,
    Attendee,
    BenefitPlan,
    Brief,
    BusinessCase,
    CalculatorInputs,
    CareMap,
    CareStep,
    Catchment,
    Communication,
    CostLine,
    Decision,
    Deliverable,
    DocumentControl,
    DropOut,
    GetInvolved,
    Guidance,
    Indicator,
    IndicatorChange,
    Interdependency,
    Issue,
    MeetingChange,
    MeetingGroup,
    Meetings,
    Missing,
    MonthlyCount,
    OptionNotes,
    Organisation,
    Outcome,
    Pathways,
    PathwayStep,
    Person,
    Phase,
    Plan,
    Post,
    Project,
    ProjectInfo,
    QualityRequirement,
    Raci,
    Repeat,
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
    labels = stakeholder_labels(p["organisation"]["nation"])
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
        service_specification=_build_specification(raw.get("service_specification") or {}, o["nation"]),
        business_case=_build_business_case(raw.get("business_case") or {}, people),
        indicators=_build_indicators(raw.get("indicators") or {}, raw.get("indicator_csv_rows", []), organisation.nation),
        self_assessment=_build_self_assessment(raw.get("standards") or {}),
        meetings=_build_meetings(raw.get("meetings") or {}, people, stakeholders),
        pathway=_build_pathways(raw.get("pathway") or {}),
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


def _build_pathways(raw: dict[str, Any]) -> Pathways:
    """The three maps of pathway.yaml; one left out is a placeholder labelled from the schema."""

    def care_map(key: str) -> CareMap | Missing:
        given = fill("pathway", raw, key)
        if isinstance(given, Missing):
            return given
        steps = tuple(CareStep(
            id=s["id"], name=_join(s["name"]),
            **{k: _join(s.get(k, "")) for k in ("who", "where", "wait", "when", "recorded", "hears")},
            next=tuple(s.get("next", ())),
            drop_out=DropOut(_join(s["drop_out"]["reason"]), s["drop_out"].get("cascade", ""),
                             s["drop_out"].get("share"), _join(s["drop_out"].get("source", "")))
            if "drop_out" in s else None,
        ) for s in given["steps"])
        return CareMap(_join(given.get("title", "")), _join(given.get("summary", "")), steps)

    return Pathways(care_map("current"), care_map("future"), care_map("journey"))


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
    decisions = tuple(Decision(d["id"], _maybe_date(d.get("date")), _join(d["decision"]), d.get("made_by", ""),
                               _join(d.get("rationale", "")), d.get("status", "made"), _maybe_date(d.get("needed_by")),
                               d.get("to_be_made_by", "")) for d in raw.get("decisions", ()))
    return Plan(tuple(phases), issues, decisions)


def _maybe_date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def _time(value: str | None) -> time | None:
    return time.fromisoformat(value) if value else None


def _build_meetings(raw: dict[str, Any], people: dict[str, Person], stakeholders: tuple[Stakeholder, ...]) -> Meetings:
    """The meeting groups, with chair and members as attendees, and the action log."""
    groups_given = fill("meetings", raw, "groups")
    if isinstance(groups_given, Missing):
        groups_given = []
    by_name = {s.name: s for s in stakeholders}

    def attendee(ref: str) -> Attendee:
        if ref in people:
            person = people[ref]
            return Attendee(person.name, person.role, person.email, person)
        group = by_name[ref]
        return Attendee(group.name, group.contact or group.category_label)

    groups = []
    for g in groups_given:
        repeat = g.get("repeat")
        groups.append(MeetingGroup(
            id=g["id"], name=_join(g["name"]), purpose=_join(g.get("purpose", "")), chair=attendee(g["chair"]),
            members=tuple(attendee(m) for m in dict.fromkeys(g.get("members", ())) if m != g["chair"]),
            start_time=time.fromisoformat(g["time"]), length_minutes=g["length_minutes"],
            place=_join(g.get("place", "")), online=g.get("online", ""),
            repeat=Repeat(repeat["every"], repeat["unit"], date.fromisoformat(repeat["from"]),
                          date.fromisoformat(repeat["until"]),
                          WEEKDAYS.index(repeat["weekday"]) if "weekday" in repeat else None,
                          repeat.get("week_of_month")) if repeat else None,
            dates=tuple(sorted({date.fromisoformat(d) for d in g.get("dates", ())})),
            changes=tuple(MeetingChange(date.fromisoformat(c["date"]), c.get("cancelled", False),
                                        _maybe_date(c.get("moved_to")), _time(c.get("time")),
                                        _join(c.get("place", "")), _join(c.get("reason", "")))
                          for c in g.get("changes", ())),
        ))
    actions = tuple(Action(
        id=a["id"], group=a["group"], raised=date.fromisoformat(a["raised"]), action=_join(a["action"]),
        owner=people[a["owner"]], due=date.fromisoformat(a["due"]), status=a["status"],
        done=_maybe_date(a.get("done")), notes=_join(a.get("notes", "")),
    ) for a in raw.get("actions", ()))
    return Meetings(tuple(groups), actions, None if groups else fill("meetings", {}, "groups"))


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


def _build_indicators(raw: dict[str, Any], csv_rows: list[dict[str, Any]], nation: str) -> tuple[Indicator, ...]:
    """Indicators with definitions from an FLS Database KPI or the shipped set where named, and counts from YAML and CSV."""
    out = []
    for entry in raw.get("indicators", []):
        base, reported_in = indicator_set.defaults(entry, nation)
        merged = {**base, **{k: v for k, v in entry.items() if k != "values"}}
        counts = [MonthlyCount(str(v["month"]), v.get("numerator"), v.get("denominator"), v.get("value"))
                  for v in entry.get("values", [])]
        # The CSV file holds shares only: a count or an average is written in indicators.yaml.
        if merged.get("kind", "share") == "share":
            counts += [MonthlyCount(r["month"], r["numerator"], r["denominator"]) for r in csv_rows if r["indicator"] == entry["id"]]
        out.append(Indicator(
            id=entry["id"], name=merged["name"], kpi=merged.get("kpi"), standard=merged.get("standard"),
            numerator=_join(merged.get("numerator", "")), denominator=_join(merged.get("denominator", "")),
            source=_join(entry.get("source") or reported_in), frequency=merged.get("frequency", "monthly"),
            target=merged.get("target"), direction=merged.get("direction", "higher"),
            values=tuple(sorted(counts, key=lambda c: c.month)),
            kind=merged.get("kind", "share"), unit=merged.get("unit", ""), group=merged.get("group", "standard"),
            changes=tuple(sorted((IndicatorChange(str(c["month"]), _join(c["label"])) for c in entry.get("changes", [])),
                                 key=lambda c: c.month)),
            measure=entry.get("measure"), national_source=reported_in,
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
    """The brief; any field left out (or an empty list) is a placeholder, so an empty brief.yaml still makes a PID."""
    get = partial(fill, "brief", raw)
    comms = get("communications")
    background, risks = get("background"), get("risks")
    return Brief(
        background=(background,) if isinstance(background, Missing) else _paragraphs(background),
        aims=_list(get("aims")), objectives=_list(get("objectives")),
        scope_in=_list(get("scope", "in")), scope_out=_list(get("scope", "out")),
        deliverables=_rows(get("deliverables"), lambda name, description="": Deliverable(name, description), "name"),
        benefits=_list(get("benefits")),
        risks=() if isinstance(risks, Missing) else tuple(
            Risk(r["id"], r["description"], r["likelihood"], r["consequence"], people[r["owner"]], r["mitigation"])
            for r in risks),
        risks_placeholder=risks if isinstance(risks, Missing) else None,
        # One source for milestones: the plan's tasks marked milestone: true.
        milestones=tuple(sorted((t for ph in plan.phases for t in ph.tasks if t.milestone), key=lambda t: (t.due, t.id))),
        governance=_join(get("governance")),
        get_involved=GetInvolved(_join(get("get_involved", "text")), _person(get("get_involved", "contact"), people),
                                 _join((raw.get("get_involved") or {}).get("meetings", ""))),
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


def _build_specification(raw: dict[str, Any], nation: str = "England") -> ServiceSpecification:
    get = partial(fill, "service_specification", raw)
    review = get("header", "review_date")
    domains = set(raw.get("outcomes", {}).get("framework_domains", []))
    titles = outcomes(nation)  # the nation's own framework; none in some nations
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
        # National guidance comes with the nation; these are the team's additions.
        nice_guidance=tuple(Guidance(g["reference"], _join(g["title"])) for g in raw.get("standards", {}).get("nice_guidance", [])),
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