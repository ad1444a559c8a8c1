"""The typed project model. Nothing after validation reads raw YAML data."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
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
    date: date
    decision: str
    made_by: str
    rationale: str


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
    name: str
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
    text: str
    contact: Person
    meetings: str = ""


@dataclass(frozen=True)
class Brief:
    background: tuple[str, ...]  # paragraphs
    aims: tuple[str, ...]
    objectives: tuple[str, ...]
    scope_in: tuple[str, ...]
    scope_out: tuple[str, ...]
    deliverables: tuple[Deliverable, ...]
    benefits: tuple[str, ...]
    risks: tuple[Risk, ...]
    milestones: tuple[Task, ...]
    governance: str
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
    numerator: int
    denominator: int


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


@dataclass(frozen=True)
class ProjectInfo:
    name: str
    short_name: str
    summary: str
    facts: dict[str, str] = field(default_factory=dict)  # name -> words, for [[fact.name]] references


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

    def person(self, person_id: str) -> Person:
        for person in self.team:
            if person.id == person_id:
                return person
        raise KeyError(person_id)
