"""Rules that span fields or files, which a JSON Schema cannot express.

Each rule reads the raw documents (with their positions) and tolerates data
the schema has already rejected, so every problem is reported in one run.
"""

from __future__ import annotations

import difflib
import math
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from typing import Any

from fls_docs import data
from fls_docs.diagnostics import Diagnostic, Severity
from fls_docs.model.indicator_rules import figures_fit_kind, own_fields
from fls_docs.model.load import Document
from fls_docs.model.meeting_rules import meetings_consistent
from fls_docs.model.nation_rules import outcomes_in_framework
from fls_docs.model.pathway_rules import pathway_consistent
from fls_docs.model.references import EXAMPLES, long_date, references_in
from fls_docs.model.task_ids import suggest_task_id, task_name
from fls_docs.model.values import date_in_range, parse_date
from fls_docs.nations import reference_names as nation_reference_names

Docs = dict[str, Document]
Rule = Callable[[Docs], Iterator[Diagnostic]]


def _items(value: Any) -> list[tuple[int, dict[str, Any]]]:
    return [(i, v) for i, v in enumerate(value) if isinstance(v, dict)] if isinstance(value, list) else []


def _list(value: Any) -> list[Any]:
    """``value`` if it is a list; anything else (which the schema has reported) reads as empty."""
    return value if isinstance(value, list) else []


def _get(mapping: Any, key: str, default: Any = None) -> Any:
    return mapping.get(key, default) if isinstance(mapping, dict) else default


def _number(value: Any) -> bool:
    """A number a rule can calculate with: not true/false, .nan or .inf (the schema layer reports those)."""
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def _share(value: Any) -> bool:
    """A share from 0 to 1; one outside that is reported by the schema and would make a comparison meaningless."""
    return _number(value) and 0 <= value <= 1


def _date(value: Any) -> date | None:
    """A date within the range the schema accepts; others are reported there, not compared here."""
    day = parse_date(value)
    return day if day is not None and date_in_range(day) else None


def _suggest(word: Any, options: list[str]) -> str:
    found = difflib.get_close_matches(str(word), options, n=1, cutoff=0.5)
    return f'did you mean "{found[0]}"?' if found else ""


class TeamIds(list):  # type: ignore[type-arg]
    """The team's member ids, knowing who each is: a name typed where an id belongs gets its id suggested."""

    def __init__(self, members: dict[str, dict[str, Any]]):
        super().__init__(members)
        self.members = members


def team_ids(docs: Docs) -> TeamIds:
    project = docs.get("project")
    return TeamIds({str(m["id"]): m for _, m in _items(_get(project.data if project else None, "team")) if "id" in m})


NOT_AN_ID = "is not a team member id"  # validation drops the schema's own complaint about such a value
_TITLES = {"dr", "mr", "mrs", "ms", "miss", "mx", "prof", "professor", "sir", "dame"}


def _plain_name(text: Any) -> str:
    """A name or job title as people type it: any case, any spacing, with or without "Dr"."""
    words = str(text).casefold().replace(".", " ").split()
    return " ".join(words[1:] if len(words) > 1 and words[0] in _TITLES else words)


def members_named(text: str, members: dict[str, dict[str, Any]]) -> str:
    """'"pshah" (Priya Shah)' for the member whose name, job title or role ``text`` is; empty if none."""
    typed = _plain_name(text)
    if not typed:
        return ""
    found = []
    for mid, member in members.items():
        if typed == _plain_name(member.get("name", "")):
            found.append(f'"{mid}" ({member.get("name")})')
        elif typed in (_plain_name(member.get("job_title", "")), _plain_name(member.get("role", ""))):
            found.append(f'"{mid}" ({member.get("name")}, {text.strip()})')
    return " or ".join(found[:3])


def plan_tasks(docs: Docs) -> Iterator[tuple[tuple, dict[str, Any]]]:
    """Each task in plan.yaml with its path, e.g. ``("phases", 2, "tasks", 0)``."""
    plan = docs.get("plan")
    for pi, phase in _items(_get(plan.data if plan else None, "phases")):
        for ti, task in _items(phase.get("tasks")):
            yield ("phases", pi, "tasks", ti), task


def _member_ref(doc: Document, path: tuple, value: Any, people: list[str], what: str) -> Iterator[Diagnostic]:
    if isinstance(value, str) and value not in people:
        named = members_named(value, getattr(people, "members", {}))
        if named:
            yield doc.diagnostic(path, f'"{value}" {NOT_AN_ID}; did you mean {named}?',
                                 "write the member's id from team in project.yaml, not their name")
            return
        hint = _suggest(value, people) or "use the id of someone listed under team in project.yaml: " + ", ".join(people)
        yield doc.diagnostic(path, f'"{value}" is not a member of the project team, so cannot be {what}', hint)


def _repeats(entries: Iterator[tuple[tuple, Any]]) -> Iterator[tuple[tuple, str, tuple]]:
    """``(path, value, path of its first use)`` for every text value seen before."""
    first: dict[str, tuple] = {}
    for path, value in entries:
        if isinstance(value, str):
            if value in first:
                yield path, value, first[value]
            else:
                first[value] = path


def unique_ids(docs: Docs) -> Iterator[Diagnostic]:
    """Team member ids, task ids and phases must each be unique, so references are unambiguous."""
    project, plan = docs.get("project"), docs.get("plan")
    if project:
        team = _items(_get(project.data, "team"))
        for path, mid, first in _repeats((("team", i, "id"), m.get("id")) for i, m in team):
            yield project.diagnostic(path, f'the id "{mid}" is already used on line {project.mark(first).line}',
                                     "give each person a different id")
    if plan:
        for path, tid, first in _repeats((path + ("id",), t.get("id")) for path, t in plan_tasks(docs)):
            yield plan.diagnostic(path, f'the task id "{tid}" is already used on line {plan.mark(first).line}',
                                  "give each task a different id")
        phases = _items(_get(plan.data, "phases"))
        for path, name, _ in _repeats((("phases", i, "phase"), ph.get("phase")) for i, ph in phases):
            yield plan.diagnostic(path, f'the phase "{name}" appears more than once', "put all of a phase's tasks in one block")


def people_exist(docs: Docs) -> Iterator[Diagnostic]:
    """Every person named by id is on the team."""
    people = team_ids(docs)
    if not people:
        return
    project, plan, brief = docs.get("project"), docs.get("plan"), docs.get("brief")
    if plan:
        for path, task in plan_tasks(docs):
            yield from _member_ref(plan, path + ("lead",), task.get("lead"), people, "a task's lead")
            raci = task.get("raci") if isinstance(task.get("raci"), dict) else {}
            yield from _member_ref(plan, path + ("raci", "accountable"), raci.get("accountable"), people, "accountable")
            for part in ("responsible", "consulted", "informed"):
                for i, who in enumerate(_list(raci.get(part))):
                    yield from _member_ref(plan, path + ("raci", part, i), who, people, part)
        for i, issue in _items(_get(plan.data, "issues")):
            yield from _member_ref(plan, ("issues", i, "owner"), issue.get("owner"), people, "an issue's owner")
    if project:
        for i, s in _items(_get(project.data, "stakeholder_reference_group")):
            yield from _member_ref(project, ("stakeholder_reference_group", i, "owner"), s.get("owner"), people, "a stakeholder's owner")
        dc = _get(project.data, "document_control", {})
        for i, author in enumerate(_list(_get(dc, "authors"))):
            yield from _member_ref(project, ("document_control", "authors", i), author, people, "an author")
        for i, entry in _items(_get(dc, "history")):
            yield from _member_ref(project, ("document_control", "history", i, "author"), entry.get("author"), people, "an author")
    if brief:
        for i, risk in _items(_get(brief.data, "risks")):
            yield from _member_ref(brief, ("risks", i, "owner"), risk.get("owner"), people, "a risk owner")
        contact = _get(_get(brief.data, "get_involved"), "contact")
        yield from _member_ref(brief, ("get_involved", "contact"), contact, people, "the contact")
        roles = _get(brief.data, "roles")
        for role in ("sponsor", "clinical_lead", "project_manager"):
            yield from _member_ref(brief, ("roles", role), _get(roles, role), people, f"the {role.replace('_', ' ')}")
    case = docs.get("business_case")
    if case:
        for i, entry in _items(_get(case.data, "benefits_realisation")):
            yield from _member_ref(case, ("benefits_realisation", i, "owner"), entry.get("owner"), people, "a benefit's owner")


def business_case_options(docs: Docs) -> Iterator[Diagnostic]:
    """The business case's notes on options name staffing models that exist, and there is something to compare."""
    case, calc = docs.get("business_case"), docs.get("calculator")
    models = [str(m.get("id")) for _, m in _items(_get(calc.data if calc else None, "staffing_models"))]
    if not case:
        return
    for i, option in _items(_get(case.data, "options")):
        model = option.get("model")
        if isinstance(model, str) and models and model not in models:
            hint = _suggest(model, models) or "use the id of a staffing model in calculator.yaml: " + ", ".join(models)
            yield case.diagnostic(("options", i, "model"), f'"{model}" is not a staffing model in calculator.yaml', hint)
    if calc and len(models) == 1:
        yield calc.diagnostic(("staffing_models",), "the business case compares options, but only one staffing model is given",
                              "add a minimum option beside the preferred one", severity=Severity.WARNING)


def task_references(docs: Docs) -> Iterator[Diagnostic]:
    """Dependencies, outcomes and brief milestones name tasks that exist."""
    plan, brief = docs.get("plan"), docs.get("brief")
    if not plan:
        return
    ids = [str(t["id"]) for _, t in plan_tasks(docs) if isinstance(t.get("id"), str)]

    def check(doc: Document, path: tuple, ref: Any, what: str) -> Iterator[Diagnostic]:
        if isinstance(ref, str) and ref not in ids:
            nearby = [str(t["id"]) for p, t in plan_tasks(docs) if p[1] == path[1] and isinstance(t.get("id"), str)]
            yield doc.diagnostic(path, f'there is no task with the id "{ref}", so it cannot be {what}',
                                 suggest_task_id(ref, ids, nearby) or "check the task ids in plan.yaml")

    for path, task in plan_tasks(docs):
        for i, dep in enumerate(_list(task.get("depends_on"))):
            if isinstance(dep, str) and dep == task.get("id"):
                yield plan.diagnostic(path + ("depends_on", i), "a task cannot depend on itself", "remove it from its own depends_on list")
            else:
                yield from check(plan, path + ("depends_on", i), dep, "a dependency")
    for pi, phase in _items(_get(plan.data, "phases")):
        for oi, outcome in _items(phase.get("outcomes")):
            for i, ref in enumerate(_list(outcome.get("delivered_by"))):
                yield from check(plan, ("phases", pi, "outcomes", oi, "delivered_by", i), ref, "delivering an outcome")
    if brief:
        if _get(brief.data, "milestones") is not None:
            yield brief.diagnostic(("milestones",), "this list is no longer used: the milestones are the tasks marked "
                                   "milestone: true in plan.yaml", "remove milestones: from brief.yaml and mark the "
                                   "tasks in plan.yaml instead", severity=Severity.WARNING)


def _dependency_graph(docs: Docs) -> tuple[dict[str, list[str]], dict[str, tuple]]:
    """Each task id's dependencies on other known tasks, and where each task sits."""
    graph: dict[str, list[str]] = {}
    where: dict[str, tuple] = {}
    for path, task in plan_tasks(docs):
        tid = task.get("id")
        if isinstance(tid, str) and tid not in graph:
            graph[tid] = [d for d in _list(task.get("depends_on")) if isinstance(d, str) and d != tid]
            where[tid] = path
    return {tid: [d for d in deps if d in graph] for tid, deps in graph.items()}, where


def _cycles(graph: dict[str, list[str]]) -> Iterator[list[str]]:
    """Each circle of dependencies found by a depth-first search, as the tasks in it with the first repeated.

    The search keeps its own stack, so a chain of thousands of tasks cannot exhaust Python's.
    """
    finished: set[str] = set()
    for root in graph:
        if root in finished:
            continue
        trail: list[str] = [root]  # the tasks on the current path
        on_trail: set[str] = {root}
        pending: list[Iterator[str]] = [iter(graph[root])]
        while pending:
            dep = next(pending[-1], None)
            if dep is None:  # every dependency of the task at the end of the trail is done
                pending.pop()
                on_trail.discard(trail[-1])
                finished.add(trail.pop())
            elif dep in on_trail:
                yield trail[trail.index(dep):] + [dep]
            elif dep not in finished:
                trail.append(dep)
                on_trail.add(dep)
                pending.append(iter(graph[dep]))


def _circle_text(cycle: list[str]) -> str:
    """The tasks in a circle, in order; a long one shortened so that the message stays readable."""
    shown = [f'"{t}"' for t in cycle]
    if len(shown) > 12:
        shown = shown[:6] + [f"… ({len(cycle) - 10:,} more) …"] + shown[-4:]
    return " → ".join(shown)


def no_dependency_cycles(docs: Docs) -> Iterator[Diagnostic]:
    """Tasks cannot wait for each other in a circle: none of them could ever start."""
    plan = docs.get("plan")
    if not plan:
        return
    graph, where = _dependency_graph(docs)
    reported: set[frozenset[str]] = set()
    for cycle in _cycles(graph):
        key = frozenset(cycle)
        if key in reported:
            continue
        reported.add(key)
        yield plan.diagnostic(
            where[cycle[0]] + ("depends_on",),
            f"these tasks depend on each other in a circle: {_circle_text(cycle)}",
            "remove one of the dependencies so that one task can go first",
        )


EXCEL_COLUMNS = 16_384  # the most columns an Excel sheet has
TIMELINE_FIXED_COLUMNS = 5  # id, task, status, start and due, before one column per week
MAX_TIMELINE_WEEKS = EXCEL_COLUMNS - TIMELINE_FIXED_COLUMNS


def timeline_fits(docs: Docs) -> Iterator[Diagnostic]:
    """The plan workbook's timeline has one column per week, so the tasks must span no more weeks than a sheet has columns."""
    plan = docs.get("plan")
    spans = [(path, _date(task.get("start")), _date(task.get("due"))) for path, task in plan_tasks(docs)]
    starts = [(start, path) for path, start, _ in spans if start]
    dues = [(due, path) for path, _, due in spans if due]
    if not plan or not starts or not dues:
        return
    first, _ = min(starts)
    last, last_path = max(dues)
    monday = first - timedelta(days=first.weekday())
    weeks = (last - monday).days // 7 + 1
    if weeks > MAX_TIMELINE_WEEKS:
        yield plan.diagnostic(
            last_path + ("due",),
            f"the tasks run from {first} to {last}, {weeks:,} weeks, more than the {MAX_TIMELINE_WEEKS:,} weeks "
            "the plan workbook's timeline can show",
            "check the years of the earliest start and the latest due date",
        )


def dates_in_order(docs: Docs) -> Iterator[Diagnostic]:
    """A task is not due before it starts, and should not be due before the tasks it waits for."""
    plan = docs.get("plan")
    if not plan:
        return
    due_of: dict[str, tuple[date, str]] = {}
    for _, task in plan_tasks(docs):
        due = _date(task.get("due"))
        if isinstance(task.get("id"), str) and due:
            due_of[task["id"]] = due, task_name(task)
    for path, task in plan_tasks(docs):
        start, due = _date(task.get("start")), _date(task.get("due"))
        if start and due and due < start:
            yield plan.diagnostic(path + ("due",), f"the due date {due} is before the start date {start}", "move the due date later or the start date earlier")
        for i, dep in enumerate(_list(task.get("depends_on"))):
            dep_due, dep_name = due_of.get(dep, (None, "")) if isinstance(dep, str) else (None, "")
            if due and dep_due and dep_due > due:
                yield plan.diagnostic(
                    path + ("depends_on", i),
                    f"{dep_name} is due on {dep_due}, after this task is due ({due})",
                    "a task cannot finish before the tasks it depends on", severity=Severity.WARNING,
                )


def population_consistent(docs: Docs) -> Iterator[Diagnostic]:
    """The people aged 50 and over cannot outnumber the whole catchment."""
    project = docs.get("project")
    catchment = _get(project.data if project else None, "catchment")
    total = _get(catchment, "total_population")
    population = _get(catchment, "population")
    if not isinstance(total, int) or isinstance(total, bool) or not isinstance(population, dict):
        return
    counted = sum(v for bands in population.values() if isinstance(bands, dict)
                  for v in bands.values() if isinstance(v, int) and not isinstance(v, bool))
    if counted > total:
        yield project.diagnostic(  # type: ignore[union-attr]
            ("catchment", "total_population"),
            f"the catchment's total population ({total:,}) is smaller than the {counted:,} people aged 50 and over listed under population",
            "check both figures come from the same area and year",
        )


def calculator_consistent(docs: Docs) -> Iterator[Diagnostic]:
    """Staffing models are distinct, one is preferred, and the service does no worse than usual care."""
    calc = docs.get("calculator")
    if not calc or not isinstance(calc.data, dict):
        return
    models = _items(calc.data.get("staffing_models"))
    for path, mid, first in _repeats((("staffing_models", i, "id"), m.get("id")) for i, m in models):
        yield calc.diagnostic(path, f'the staffing model id "{mid}" is already used on line {calc.mark(first).line}',
                              "give each model a different id")
    preferred = [i for i, m in models if m.get("preferred") is True]
    if len(preferred) > 1:
        for i in preferred[1:]:
            yield calc.diagnostic(("staffing_models", i, "preferred"), "more than one staffing model is marked preferred", "mark only the model you recommend")
    elif models and not preferred and len(models) > 1:
        yield calc.diagnostic(("staffing_models",), "no staffing model is marked preferred; the first one is used",
                              "add preferred: true to the model you recommend", severity=Severity.WARNING)
    defaults = data.load("cascade")["steps"]
    cascade = _get(calc.data, "cascade", {})

    def share(arm: str, step: str) -> Any:
        return _get(_get(cascade, arm), step, defaults[step][arm]["value"])

    def given(arm: str, step: str) -> bool:
        """Whether calculator.yaml sets this share itself, rather than leaving the default."""
        return _number(_get(_get(cascade, arm), step))

    # Steps are shares of the step before, on different bases in each arm, so compare what matters:
    # of the patients the service finds, the share it starts on treatment must be at least usual
    # care's share across all patients (those it misses keep usual care's chance).
    steps = ("identified", "assessed", "recommended", "started")
    numbers = [share(arm, s) for arm in ("fls", "usual_care") for s in steps]
    if not all(_share(n) for n in numbers):
        return
    usual = 1.0
    for s in steps:
        usual *= share("usual_care", s)
    checks = [(("cascade",), "with the service", {s: share("fls", s) for s in steps})]
    for i, m in models:
        if isinstance(m.get("cascade"), dict):
            own = {s: m["cascade"].get(s, share("fls", s)) for s in steps}
            checks.append((("staffing_models", i, "cascade"), f'in the "{m.get("id")}" model', own))
    for path, where, fls_shares in checks:
        if not all(_share(v) for v in fls_shares.values()):
            continue
        found = fls_shares["assessed"] * fls_shares["recommended"] * fls_shares["started"]
        if found + 1e-12 >= usual:
            continue
        given_here = [s for s in steps if given("fls", s) or given("usual_care", s)] if path == ("cascade",) else []
        field = path if not given_here else ("cascade",)
        yield calc.diagnostic(
            field,
            f"{where}, {found:.1%} of the patients the service finds start treatment, fewer than the {usual:.1%} "
            "of all patients who start it under usual care",
            "the service should treat at least as large a share as usual care; check the assessed, recommended "
            "and started shares of both",
        )


def log_ids_unique(docs: Docs) -> Iterator[Diagnostic]:
    """Issues, decisions and indicators each have their own ids; each standard is assessed once."""
    for name, section, what in (("plan", "issues", "issue"), ("plan", "decisions", "decision"),
                                ("indicators", "indicators", "indicator"), ("meetings", "actions", "action")):
        doc = docs.get(name)
        if not doc:
            continue
        entries = _items(_get(doc.data, section))
        for path, value, first in _repeats(((section, i, "id"), e.get("id")) for i, e in entries):
            yield doc.diagnostic(path, f'the {what} id "{value}" is already used on line {doc.mark(first).line}',
                                 f"give each {what} a different id")
    doc = docs.get("standards")
    if doc:
        entries = _items(_get(doc.data, "standards"))
        for path, value, first in _repeats(((("standards", i, "standard"), str(e.get("standard"))) for i, e in entries)):
            yield doc.diagnostic(path, f"standard {value} is already assessed on line {doc.mark(first).line}",
                                 "assess each standard once")


def indicators_defined(docs: Docs) -> Iterator[Diagnostic]:
    """An indicator either names an FLS Database KPI or says what it measures; its counts make sense."""
    doc = docs.get("indicators")
    if not doc:
        return
    for i, entry in _items(_get(doc.data, "indicators")):
        yield from figures_fit_kind(doc, i, entry)
        if "kpi" not in entry and "measure" not in entry:
            for key in own_fields(entry):
                if key not in entry:
                    yield doc.diagnostic(("indicators", i), f'the indicator "{entry.get("id")}" has no kpi or measure, so it needs a {key}',
                                         f"add {key}:, or kpi: with the FLS Database KPI number it reports, or measure: with one of fls-docs' indicators")
        months: dict[str, int] = {}
        for j, value in _items(entry.get("values")):
            num, den, month = value.get("numerator"), value.get("denominator"), value.get("month")
            if isinstance(num, int) and isinstance(den, int) and num > den:
                yield doc.diagnostic(("indicators", i, "values", j, "numerator"),
                                     f"the numerator ({num}) is larger than the denominator ({den})",
                                     "the numerator counts patients within the denominator")
            if isinstance(month, str):
                if month in months:
                    yield doc.diagnostic(("indicators", i, "values", j, "month"), f"{month} already has counts on line {months[month]}",
                                         "keep one entry per month")
                months.setdefault(month, doc.mark(("indicators", i, "values", j, "month")).line)


def issues_closed_properly(docs: Docs) -> Iterator[Diagnostic]:
    plan = docs.get("plan")
    for i, issue in _items(_get(plan.data if plan else None, "issues")):
        if issue.get("status") == "closed" and "closed" not in issue:
            yield plan.diagnostic(("issues", i, "status"), "the issue is closed but has no closed date",  # type: ignore[union-attr]
                                  "add closed: YYYY-MM-DD", severity=Severity.WARNING)


# Narrative files: where a date typed out by hand should be a reference instead.
NARRATIVE = ("brief", "business_case", "service_specification", "standards", "plan")


def references_resolve(docs: Docs) -> Iterator[Diagnostic]:
    """Every [[reference]] names a fact the content holds; dates the content holds are not typed out by hand."""
    known = _reference_names(docs)
    for name, doc in docs.items():
        if not isinstance(doc.data, (dict, list)):
            continue
        for path, ref in references_in(doc.data):
            if ref not in known:
                yield doc.diagnostic(path, f'"[[{ref}]]" does not name anything the content holds',
                                     _reference_hint(ref, known))
    typed = _typed_dates(docs)
    for name in NARRATIVE:
        doc = docs.get(name)
        if doc is None or not isinstance(doc.data, (dict, list)) or not typed:
            continue
        for path, text in _strings(doc.data):
            for words, ref in typed.items():
                if words in text and not (name == "plan" and path[-1:] != ("notes",)):
                    yield doc.diagnostic(path, f'types "{words}", a date the content holds as data',
                                         f"write [[{ref}]] instead, so every document keeps in step",
                                         severity=Severity.WARNING)
                    break


def _reference_names(docs: Docs) -> set[str]:
    names = {"project", "organisation", "commissioner", "catchment", *nation_reference_names()}
    plan = docs.get("plan")
    for _, phase in _items(_get(plan.data if plan else None, "phases")):
        for _, task in _items(phase.get("tasks")):
            tid = str(task.get("id"))
            names |= {f"task.{tid}.{part}" for part in ("due", "month", "start", "title")}
    case = docs.get("business_case")
    if isinstance(_get(_get(case.data if case else None, "decision"), "decision_date"), (str, date)):
        names |= {"decision.date", "decision.month"}
    indicators = docs.get("indicators")
    for _, indicator in _items(_get(indicators.data if indicators else None, "indicators")):
        names |= {f"indicator.{indicator.get('id')}.{part}" for part in ("target", "name")}
    project = docs.get("project")
    facts = _get(project.data if project else None, "facts")
    if isinstance(facts, dict):
        names |= {f"fact.{key}" for key in facts}
    return names


def _reference_hint(ref: str, known: set[str]) -> str:
    close = difflib.get_close_matches(ref, sorted(known), n=1)
    if close:
        return f"did you mean [[{close[0]}]]?"
    return f"references look like {EXAMPLES}; keep other facts under facts: in project.yaml"


def _typed_dates(docs: Docs) -> dict[str, str]:
    """Dates the content holds, as they would be typed: "18 March 2027" -> decision.date, and so on."""
    out: dict[str, str] = {}
    case = docs.get("business_case")
    decided = _as_date(_get(_get(case.data if case else None, "decision"), "decision_date"))
    if decided:
        out[long_date(decided)] = "decision.date"
    plan = docs.get("plan")
    for _, phase in _items(_get(plan.data if plan else None, "phases")):
        for _, task in _items(phase.get("tasks")):
            due = _as_date(task.get("due"))
            if due and task.get("milestone") is True:
                out.setdefault(long_date(due), f"task.{task.get('id')}.due")
    return out


def _as_date(value: Any) -> date | None:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


def _strings(data: Any) -> Iterator[tuple[tuple, str]]:
    stack: list[tuple[tuple, Any]] = [((), data)]
    while stack:
        where, node = stack.pop()
        if isinstance(node, str):
            yield where, node
        elif isinstance(node, dict):
            stack.extend((where + (k,), v) for k, v in node.items())
        elif isinstance(node, list):
            stack.extend((where + (i,), v) for i, v in enumerate(node))


RULES: tuple[Rule, ...] = (
    unique_ids, people_exist, task_references, no_dependency_cycles, dates_in_order, timeline_fits,
    population_consistent, calculator_consistent, business_case_options,
    log_ids_unique, indicators_defined, issues_closed_properly, references_resolve, pathway_consistent,
    meetings_consistent, outcomes_in_framework,
)


def check_rules(docs: Docs) -> list[Diagnostic]:
    return [d for rule in RULES for d in rule(docs)]
