"""The typed project model. Nothing after validation reads raw YAML data."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, time
from pathlib import Path
from typing import Any

SEXES = ("female", "male")


@dataclass(frozen=True)
class Missing:
    """A local value the project has not given yet, shown as **[label]** in documents.

    Documents still build, so a team can share a first draft; `fls-docs validate`
    lists each one as a warning.
    """

    label: str

    def __str__(self) -> str:
        return f"[{self.label}]"

    def __html__(self) -> str:
        # Word: end the current run, write the placeholder in a bold run, start a new run.
        text = str(self).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        return ('</w:t></w:r><w:r><w:rPr><w:b/></w:rPr><w:t xml:space="preserve">' + text
                + '</w:t></w:r><w:r><w:t xml:space="preserve">')


# Free text that may still be a placeholder.
Text = str | Missing
STATUSES = ("not started", "on track", "at risk", "late", "complete")


@dataclass(frozen=True)
class Person:
    id: str
    name: str
    role: str
    job_title: str = ""
    organisation: str = ""
    email: str = ""


@dataclass(frozen=True)
class Stakeholder:
    category: str
    category_label: str
    name: str
    contact: str = ""
    interest: str = ""
    power: str = ""  # high or low
    interest_level: str = ""  # high or low
    engagement: str = ""
    owner: Person | None = None

    @property
    def grid(self) -> str:
        """Where they sit on the power and interest grid, as the action it calls for."""
        return {("high", "high"): "Manage closely", ("high", "low"): "Keep satisfied",
                ("low", "high"): "Keep informed", ("low", "low"): "Monitor"}.get((self.power, self.interest_level), "")


@dataclass(frozen=True)
class Organisation:
    name: str
    nation: str
    commissioner: str = ""
    address: str = ""
    website: str = ""


@dataclass(frozen=True)
class Catchment:
    name: str
    description: str
    total_population: int
    population_year: int
    population_source: str
    # population[sex][age band] -> people
    population: dict[str, dict[str, int]]

    @property
    def aged_50_plus(self) -> int:
        return sum(sum(bands.values()) for bands in self.population.values())


@dataclass(frozen=True)
class Revision:
    version: str
    date: date
    author: Person
    changes: str
    documents: tuple[str, ...] = ()  # pid, specification, business_case; empty: all of them

    def applies_to(self, document: str) -> bool:
        return not self.documents or document in self.documents


@dataclass(frozen=True)
class DocumentControl:
    version: str
    status: str
    authors: tuple[Person, ...]
    history: tuple[Revision, ...]
    approved_by: str = ""


@dataclass(frozen=True)
class Task:
    id: str
    title: str
    phase: str
    lead: Person
    start: date
    due: date
    status: str
    percent_complete: int | None = None
    milestone: bool = False
    depends_on: tuple[str, ...] = ()
    deliverable: str = ""
    notes: str = ""
    raci: Raci | None = None


@dataclass(frozen=True)
class Raci:
    """Who is responsible, accountable, consulted and informed for a task: exactly one accountable."""

    accountable: Person
    responsible: tuple[Person, ...]
    consulted: tuple[Person, ...] = ()
    informed: tuple[Person, ...] = ()

    def letters(self, person: Person) -> str:
        """This person's part: R, A, C or I (or several, such as 'A/R'), or '' if none."""
        parts = [("A", (self.accountable,)), ("R", self.responsible), ("C", self.consulted), ("I", self.informed)]
        return "/".join(letter for letter, people in parts if person in people)


@dataclass(frozen=True)
class Issue:
    id: str
    raised: date
    description: str
    impact: str
    priority: str
    owner: Person
    action: str
    due: date | None
    status: str
    closed: date | None


@dataclass(frozen=True)
class Decision:
    id: str
    date: date | None  # when it was made; None while it is still needed
    decision: str
    made_by: str
    rationale: str
    status: str = "made"  # made, or needed: still to be taken
    needed_by: date | None = None
    to_be_made_by: str = ""  # the id of the meeting group that is to take it; "" for any

    @property
    def needed(self) -> bool:
        return self.status == "needed"


@dataclass(frozen=True)
class Outcome:
    id: str
    text: str
    delivered_by: tuple[str, ...]


@dataclass(frozen=True)
class Phase:
    id: str
    number: int
    name: str
    purpose: str
    outcomes: tuple[Outcome, ...]
    tasks: tuple[Task, ...]


@dataclass(frozen=True)
class Plan:
    phases: tuple[Phase, ...]
    issues: tuple[Issue, ...] = ()
    decisions: tuple[Decision, ...] = ()

    @property
    def tasks(self) -> tuple[Task, ...]:
        return tuple(task for phase in self.phases for task in phase.tasks)

    def task(self, task_id: str) -> Task:
        for task in self.tasks:
            if task.id == task_id:
                return task
        raise KeyError(task_id)


@dataclass(frozen=True)
class Deliverable:
    name: Text
    description: str


@dataclass(frozen=True)
class Risk:
    id: str
    description: str
    likelihood: int
    consequence: int
    owner: Person
    mitigation: str


@dataclass(frozen=True)
class GetInvolved:
    text: Text
    contact: Person | Missing
    meetings: str = ""


@dataclass(frozen=True)
class Brief:
    """The project initiation document's words. Any of them may still be a placeholder (a one-item list for lists)."""

    background: tuple[Text, ...]  # paragraphs
    aims: tuple[Text, ...]
    objectives: tuple[Text, ...]
    scope_in: tuple[Text, ...]
    scope_out: tuple[Text, ...]
    deliverables: tuple[Deliverable, ...]
    benefits: tuple[Text, ...]
    risks: tuple[Risk, ...]
    milestones: tuple[Task, ...]
    governance: Text
    get_involved: GetInvolved
    why_now: Text = ""
    if_we_do_nothing: Text = ""
    constraints: tuple[Text, ...] = ()
    assumptions: tuple[Text, ...] = ()
    sponsor: Person | Missing | None = None
    clinical_lead: Person | Missing | None = None
    project_manager: Person | Missing | None = None
    budget_summary: Text = ""
    budget_lines: tuple[CostLine, ...] = ()
    communications: tuple[Communication, ...] = ()
    risks_placeholder: Missing | None = None  # shown in place of the risk table while no risk is given

    @property
    def budget_total(self) -> float:
        return sum(line.cost for line in self.budget_lines)


@dataclass(frozen=True)
class Communication:
    audience: Text
    what: str
    how: str
    when: str


@dataclass(frozen=True)
class Interdependency:
    service: Text
    relationship: str


@dataclass(frozen=True)
class Guidance:
    reference: Text
    title: str


@dataclass(frozen=True)
class QualityRequirement:
    indicator: str
    threshold: str
    method: str
    frequency: str


@dataclass(frozen=True)
class PathwayStep:
    name: str  # one of the 5IQ headings
    text: Text


@dataclass(frozen=True)
class ServiceSpecification:
    number: Text
    service: Text
    commissioner_lead: Text
    provider_lead: Text
    period: Text
    review_date: date | Missing
    national_context: Text
    local_context: Text
    evidence_base: Text
    domains: tuple[tuple[int, str, bool], ...]  # number, title, whether the service contributes
    local_outcomes: tuple[Text, ...]
    aims: tuple[Text, ...]
    service_description: Text
    pathway: tuple[PathwayStep, ...]
    population_covered: Text
    acceptance_criteria: tuple[Text, ...]
    exclusion_criteria: tuple[Text, ...]
    interdependencies: tuple[Interdependency, ...]
    nice_guidance: tuple[Guidance, ...]
    other_guidance: tuple[str, ...]
    local_standards: tuple[str, ...]
    quality_requirements: tuple[QualityRequirement, ...]
    cquin: str
    premises: tuple[str, ...]
    placement: str
    pricing: str
    service_hours: str = ""
    referral: str = ""
    discharge_criteria: tuple[str, ...] = ()
    quality_consequences: str = ""


@dataclass(frozen=True)
class OptionNotes:
    advantages: tuple[str, ...] = ()
    disadvantages: tuple[str, ...] = ()


@dataclass(frozen=True)
class BenefitPlan:
    benefit: Text
    owner: Person | Missing
    measure: str
    baseline: str
    target: str
    cash_releasing: bool


@dataclass(frozen=True)
class BusinessCase:
    decision_requested: Text
    decision_maker: Text
    decision_date: date | Missing
    funder: Text
    funding_route: Text
    executive_summary: Text
    problem: Text
    national_fit: tuple[Text, ...]
    local_fit: Text
    investment_objectives: tuple[Text, ...]
    option_notes: dict[str, OptionNotes]  # staffing model id -> notes
    unmonetised_benefits: tuple[str, ...]
    commercial_case: Text
    affordability: Text
    evaluation: Text
    exit: str
    benefits_realisation: tuple[BenefitPlan, ...]


@dataclass(frozen=True)
class Post:
    role: str
    band: str
    pay_point: str
    wte: float
    group: str = "clinical"  # clinical or admin, for the staff-needed check


@dataclass(frozen=True)
class CostLine:
    item: str
    cost: float


@dataclass(frozen=True)
class StaffingModel:
    id: str
    name: str
    description: str
    preferred: bool
    posts: tuple[Post, ...]
    # step -> share with the service run this way, where it differs from the project's FLS cascade
    cascade: dict[str, float] = field(default_factory=dict)
    consultant_pas: float = 0.0  # consultant programmed activities a week
    consultant_pay_point: str = "mid"
    setup_costs: tuple[CostLine, ...] = ()
    running_costs: tuple[CostLine, ...] = ()  # non-pay costs each year


# A rate per 10,000 person-years: one figure for every age band, or one per band.
Rate = float | dict[str, float]


@dataclass(frozen=True)
class CalculatorInputs:
    # parameter key (as shown by `fls-docs calc --json`) -> the project's own value
    overrides: dict[str, float]
    # incidence[site][sex] -> local rate, only where the project gave one
    incidence: dict[str, dict[str, Rate]]
    staffing_models: tuple[StaffingModel, ...]
    perspective: str = "nhs_pss"  # nhs, nhs_pss or public_sector
    first_financial_year: str | None = None  # e.g. "2027/28"; None: the year the plan's pilot starts
    optimism_bias: dict[str, dict[str, Any]] = field(default_factory=dict)  # setup/running -> category, mitigation, reason
    pay: dict[str, Any] = field(default_factory=dict)  # replaces parts of the shipped pay table
    cohort_size: float | None = None  # run one cohort of this many patients instead of the catchment


@dataclass(frozen=True)
class StandardAssessment:
    number: int
    name: str
    text: str  # what the standard asks
    status: str  # met, partly met, not met or not assessed
    evidence: str = ""
    action: str = ""


@dataclass(frozen=True)
class SelfAssessment:
    assessed_on: date
    standards: tuple[StandardAssessment, ...]  # all ten, in order


@dataclass(frozen=True)
class MonthlyCount:
    month: str  # YYYY-MM
    numerator: int | None  # None for a count or an average, which give value instead
    denominator: int | None
    value: float | None = None  # the month's figure for a count or an average (kind "count" or "average")


@dataclass(frozen=True)
class IndicatorChange:
    """A change to the process (a pilot start, a PDSA cycle): SPC limits are recalculated from its month."""

    month: str  # YYYY-MM
    label: str


@dataclass(frozen=True)
class Indicator:
    id: str
    name: str
    kpi: int | None
    standard: int | None
    numerator: str
    denominator: str
    source: str
    frequency: str
    target: float | None
    direction: str  # higher or lower is better
    values: tuple[MonthlyCount, ...]  # in month order
    kind: str = "share"  # share (numerator out of denominator), count, or average (such as days waited)
    unit: str = ""  # what a count or an average is in, such as "days" or "fractures"
    changes: tuple[IndicatorChange, ...] = ()  # in month order
    group: str = "standard"  # standard, experience or outcome: what the indicator shows
    measure: str | None = None  # the key of the shipped indicator set it takes its definition from
    national_source: str = ""  # where the figures are reported in the organisation's nation

    def text(self, value: float) -> str:
        """A figure of this indicator in words: 80% for a share, 24 for a count, 71 days for an average."""
        if self.kind == "share":
            return f"{value * 100:.0f}%"
        shown = f"{value:,.0f}" if self.kind == "count" or abs(value) >= 10 else f"{value:,.1f}"
        return f"{shown} {self.unit}".strip()


@dataclass(frozen=True)
class Attendee:
    """Someone a group invites: a member of the project team, or a group of the stakeholder reference group."""

    name: str
    description: str  # the team member's role, or the stakeholder group's contact
    email: str = ""
    person: Person | None = None  # the team member, if it is one


@dataclass(frozen=True)
class Repeat:
    """Meetings every ``every`` weeks or months, on dates from ``start`` to ``until``."""

    every: int
    unit: str  # weeks or months
    start: date
    until: date
    weekday: int | None = None  # 0 for Monday to 6 for Sunday
    week_of_month: int | None = None  # 1 to 4, or -1 for the last, with weekday in a monthly repeat


@dataclass(frozen=True)
class MeetingChange:
    """One meeting of the schedule cancelled, or moved to another date, time or place."""

    date: date  # the date the schedule gives it
    cancelled: bool = False
    moved_to: date | None = None
    start_time: time | None = None
    place: str = ""
    reason: str = ""


@dataclass(frozen=True)
class MeetingGroup:
    id: str
    name: str
    purpose: str
    chair: Attendee
    members: tuple[Attendee, ...]  # the chair is not repeated here
    start_time: time  # UK local time
    length_minutes: int
    place: str = ""
    online: str = ""
    repeat: Repeat | None = None
    dates: tuple[date, ...] = ()  # one-off meetings, beside or instead of the repeat
    changes: tuple[MeetingChange, ...] = ()

    @property
    def attendees(self) -> tuple[Attendee, ...]:
        """The chair, then the members."""
        return (self.chair, *self.members)


@dataclass(frozen=True)
class Action:
    id: str
    group: str  # the id of the group whose meeting raised it
    raised: date
    action: str
    owner: Person
    due: date
    status: str  # open, done or dropped
    done: date | None = None
    notes: str = ""


@dataclass(frozen=True)
class Meetings:
    groups: tuple[MeetingGroup, ...] = ()
    actions: tuple[Action, ...] = ()
    placeholder: Missing | None = None  # shown where the groups should be, while meetings.yaml gives none

    def group(self, group_id: str) -> MeetingGroup:
        for group in self.groups:
            if group.id == group_id:
                return group
        raise KeyError(group_id)


@dataclass(frozen=True)
class ProjectInfo:
    name: str
    short_name: str
    summary: str
    facts: dict[str, str] = field(default_factory=dict)  # name -> words, for [[fact.name]] references


@dataclass(frozen=True)
class DropOut:
    """Where patients leave a pathway: the care-cascade step whose loss it is, or a local audit's share and source."""

    reason: str
    cascade: str = ""  # identified, assessed, recommended, started or persistent; "" for an audit figure
    share: float | None = None  # from an audit: share of those reaching the step who are lost there
    source: str = ""


@dataclass(frozen=True)
class CareStep:
    """One step of a care pathway, or one touchpoint of the patient journey."""

    id: str
    name: str
    who: str = ""
    where: str = ""
    wait: str = ""
    when: str = ""  # journey: when it happens, counted from the fracture
    recorded: str = ""
    hears: str = ""  # journey: what the patient is told
    next: tuple[str, ...] = ()  # ids of the steps that follow; empty: the next one in the list
    drop_out: DropOut | None = None


@dataclass(frozen=True)
class CareMap:
    title: str
    summary: str
    steps: tuple[CareStep, ...]


@dataclass(frozen=True)
class Pathways:
    """The pathway today and with the service, and the patient journey; each a placeholder until given."""

    current: CareMap | Missing
    future: CareMap | Missing
    journey: CareMap | Missing


@dataclass(frozen=True)
class Project:
    root: Path
    info: ProjectInfo
    organisation: Organisation
    catchment: Catchment
    team: tuple[Person, ...]
    stakeholders: tuple[Stakeholder, ...]
    document_control: DocumentControl
    brief: Brief
    plan: Plan
    calculator: CalculatorInputs
    service_specification: ServiceSpecification
    business_case: BusinessCase
    indicators: tuple[Indicator, ...] = ()
    self_assessment: SelfAssessment | None = None
    meetings: Meetings = Meetings()
    pathway: Pathways | None = None

    def person(self, person_id: str) -> Person:
        for person in self.team:
            if person.id == person_id:
                return person
        raise KeyError(person_id)
