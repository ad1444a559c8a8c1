"""The improvement project plan workbook: the plan with its timeline, RACI, logs and summary.

The Plan sheet's white cells (start, due, % complete, status and notes) can be
edited in Excel, and new tasks typed in the rows under the plan; `fls-docs
import-plan` brings both back into plan.yaml. Very hidden sheets keep the values
as generated, the project they came from and the lists behind the drop-downs, so
the import can tell what was changed in Excel from what changed in the YAML
since, and can refuse a workbook made for another project.

The Summary and Timeline sheets are formulas over the Plan sheet, so they follow
edits made in Excel; each formula also carries its value at build time.
"""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.formatting.rule import FormulaRule
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from fls_docs.model.project import STATUSES, Person, Project, Raci, Task
from fls_docs.render.excel import (
    for_readers,
    DATE_FORMAT,
    HEADER_FILL,
    HEADER_FONT,
    RISK_BAND_STYLE,
    STATUS_STYLE,
    TOP_WRAP,
    UNLOCKED,
    Column,
    add_table,
    colour_words,
    fit_row_heights,
    header,
    page_furniture,
    print_landscape,
    protect,
    save_guarded,
    set_formula,
    set_print_area,
    set_text,
    write_rows,
)
from fls_docs.render.formatting import longdate

DOCUMENT = "Improvement project plan"
PLAN_SHEET = "Plan"
SOURCE_SHEET = "Generated values"
PROJECT_SHEET = "Generated for"
LISTS_SHEET = "Lists"
PROJECT_KEY = "project name"
PLAN_COLUMNS = (
    Column("id", "ID", 7), Column("phase", "Phase", 16, wrap=True), Column("title", "Task", 40, wrap=True),
    Column("lead", "Lead", 16, wrap=True), Column("role", "Lead's role", 16, wrap=True),
    Column("start", "Start", 11, editable=True, number_format=DATE_FORMAT),
    Column("due", "Due", 11, editable=True, number_format=DATE_FORMAT),
    Column("percent_complete", "% complete", 10, editable=True), Column("status", "Status", 11, editable=True),
    Column("depends_on", "Depends on", 10, wrap=True), Column("milestone", "Milestone", 10),
    Column("deliverable", "Deliverable", 16, wrap=True), Column("notes", "Notes", 34, wrap=True, editable=True),
)
# The columns import-plan reads back for a task already in plan.yaml, by key.
EDITABLE = tuple(c.key for c in PLAN_COLUMNS if c.editable)
# The columns import-plan reads for a new task typed under the plan (Lead's role follows from the lead).
NEW_TASK_KEYS = tuple(c.key for c in PLAN_COLUMNS if c.key != "role")
# Rows under each log kept open for typing, with the drop-downs and checks of the rows above.
ENTRY_ROWS = 100
LOCKED = Protection(locked=True)


def column_letter(key: str) -> str:
    return get_column_letter(next(i for i, c in enumerate(PLAN_COLUMNS, start=1) if c.key == key))


def phase_label(phase: Any) -> str:
    return f"{phase.number}. {phase.name}" if phase.number else phase.name


def write_plan_workbook(context: dict[str, Any], out: Path) -> None:
    project: Project = context["project"]
    results = context["results"]
    progress = results.progress
    wb = Workbook()
    readme = wb.active
    readme.title = "Read me"
    summary = wb.create_sheet("Summary")
    plan = wb.create_sheet(PLAN_SHEET)
    states = [(phase, state) for phase in progress.phases for state in phase.tasks]
    _plan(plan, states)
    _summary(summary, progress)
    _timeline(wb.create_sheet("Timeline"), states, progress.today)
    _milestones(wb.create_sheet("Milestones"), progress)
    _raci(wb.create_sheet("RACI"), project, progress)
    _risks(wb.create_sheet("Risks"), results.risks)
    _issues(wb.create_sheet("Issues"), project)
    _decisions(wb.create_sheet("Decisions"), project, results.meetings)
    _actions(wb.create_sheet("Actions"), results.meetings)
    _stakeholders(wb.create_sheet("Stakeholders"), project)
    _source(wb.create_sheet(SOURCE_SHEET), states, project)
    _made_for(wb.create_sheet(PROJECT_SHEET), project)
    _lists(wb.create_sheet(LISTS_SHEET), progress, project)
    _readme(readme, context)
    for ws in wb.worksheets:
        if ws.sheet_state == "visible":
            page_furniture(ws, project.info.name, DOCUMENT)
    wb.active = wb.sheetnames.index(PLAN_SHEET)
    wb.properties.title = f"{project.info.short_name} improvement project plan"
    wb.properties.creator = "fls-docs"
    wb.properties.language = "en-GB"
    save_guarded(wb, out)


def _unlock_columns(ws: Worksheet, count: int) -> None:
    """Cells under the generated rows take their column's style: unlocked, so new rows can be typed there."""
    for col in range(1, count + 1):
        ws.column_dimensions[get_column_letter(col)].protection = UNLOCKED


def _plan(ws: Worksheet, states: list) -> None:
    header(ws, PLAN_COLUMNS)
    rows = ([s.task.id, phase_label(phase.phase), s.task.title, s.task.lead.name, s.task.lead.role, s.task.start,
             s.task.due, s.task.percent_complete, s.status.capitalize(), ", ".join(s.task.depends_on),
             "Yes" if s.task.milestone else "", s.task.deliverable, s.task.notes] for phase, s in states)
    last = write_rows(ws, PLAN_COLUMNS, rows)
    add_table(ws, "PlanTasks", PLAN_COLUMNS, last)
    _unlock_columns(ws, len(PLAN_COLUMNS))
    _plan_checks(ws, last + ENTRY_ROWS)
    protect(ws)
    # Inserting and deleting rows stays allowed: a new task is a new row.
    ws.protection.insertRows = False
    ws.protection.deleteRows = False
    fit_row_heights(ws, 1, last)
    print_landscape(ws)
    set_print_area(ws, len(PLAN_COLUMNS), last)


def _plan_checks(ws: Worksheet, end: int) -> None:
    """Drop-downs, checks and colours on the plan's rows and the empty rows under it."""
    status, due, percent = column_letter("status"), column_letter("due"), column_letter("percent_complete")
    words = [s.capitalize() for s in STATUSES]
    checks = [
        (DataValidation(type="list", formula1='"' + ",".join(words) + '"', allow_blank=False, showErrorMessage=True,
                        errorTitle="Status", error="Choose one of: " + ", ".join(words)), f"{status}2:{status}{end}"),
        (DataValidation(type="whole", operator="between", formula1="0", formula2="100", allow_blank=True,
                        showErrorMessage=True, errorTitle="% complete", error="A whole number from 0 to 100"),
         f"{percent}2:{percent}{end}"),
        (DataValidation(type="date", operator="greaterThan", formula1="36526", allow_blank=False, showErrorMessage=True,
                        errorTitle="Date", error="A date, for example 31/03/2027"), f"{column_letter('start')}2:{due}{end}"),
        (DataValidation(type="list", formula1=f"{LISTS_SHEET}!$A:$A", allow_blank=False, showErrorMessage=True,
                        errorTitle="Phase", error="Choose a phase from the list"), f"{column_letter('phase')}2:{column_letter('phase')}{end}"),
        (DataValidation(type="list", formula1=f"{LISTS_SHEET}!$B:$B", allow_blank=False, showErrorMessage=True,
                        errorTitle="Lead", error="Choose a member of the project team"), f"{column_letter('lead')}2:{column_letter('lead')}{end}"),
    ]
    for check, cells in checks:
        check.add(cells)
        ws.add_data_validation(check)
    colour_words(ws, f"{status}2:{status}{end}", STATUS_STYLE)
    # A task past its due date and not complete shows red in the Due column as soon as the date passes.
    ws.conditional_formatting.add(f"{due}2:{due}{end}", FormulaRule(
        formula=[f'AND({due}2<>"",{due}2<TODAY(),{status}2<>"Complete")'],
        fill=PatternFill("solid", fgColor="DA291C", bgColor="DA291C"), font=Font(color="FFFFFF", bold=True)))


def _weeks(first: date, last: date) -> list[date]:
    monday = first - timedelta(days=first.weekday())
    return [monday + timedelta(weeks=i) for i in range((last - monday).days // 7 + 1)]


TIMELINE_FIXED = (Column("id", "ID", 6), Column("title", "Task", 34, wrap=True), Column("status", "Status", 11),
                  Column("start", "Start", 10, number_format=DATE_FORMAT), Column("due", "Due", 10, number_format=DATE_FORMAT))
WEEK_WIDTH = 1.6
THIS_WEEK = "DA291C"


def _lookup(key: str, row: int) -> str:
    """A Plan cell for the task whose ID is in column A of ``row``: found by ID, so sorting the plan does no harm."""
    col = column_letter(key)
    return f'=IFERROR(INDEX({PLAN_SHEET}!${col}:${col},MATCH($A{row},{PLAN_SHEET}!$A:$A,0)),"")'


def _timeline(ws: Worksheet, states: list, today: date) -> None:
    """A Gantt chart: one column per week, filled between start and due in the status colour, this week marked.

    Row 1 names each month over its first week; row 2 holds each week's Monday, shown as its day of the month.
    Status, start and due are looked up in the Plan sheet, so the bars follow edits made there.
    """
    header(ws, TIMELINE_FIXED)
    for col in range(1, len(TIMELINE_FIXED) + 1):
        ws.merge_cells(start_row=1, start_column=col, end_row=2, end_column=col)
    ws.freeze_panes = "F3"
    first = TIMELINE_FIRST_ROW
    last = write_rows(ws, TIMELINE_FIXED, ([s.task.id, s.task.title, None, None, None] for _, s in states), first_row=first)
    for r, (_, s) in enumerate(states, start=first):
        for col, key, cached in ((3, "status", s.status.capitalize()), (4, "start", s.task.start), (5, "due", s.task.due)):
            set_formula(ws.cell(row=r, column=col), _lookup(key, r), cached)
    if last < first:
        return
    weeks = _weeks(min(s.task.start for _, s in states), max(max(s.task.due for _, s in states), today))
    first_col = len(TIMELINE_FIXED) + 1
    for i, monday in enumerate(weeks):
        col = first_col + i
        _week_header(ws, col, monday, first_of_month=i == 0 or monday.month != weeks[i - 1].month)
    a, z = get_column_letter(first_col), get_column_letter(first_col + len(weeks) - 1)
    area = f"{a}{first}:{z}{last}"
    # Conditional formats rather than filled cells: the chart follows edits, and a 2,000-task plan stays quick to write.
    for status, (fill, _) in STATUS_STYLE.items():
        ws.conditional_formatting.add(area, FormulaRule(
            formula=[f'AND({a}$2+6>=$D{first},{a}$2<=$E{first},$C{first}="{status.capitalize()}")'],
            fill=PatternFill("solid", fgColor=fill, bgColor=fill)))
    # The week holding today, worked out each time the sheet is opened, not fixed at build time.
    this_week = f"AND({a}$2<=TODAY(),TODAY()<{a}$2+7)"
    side = Side(style="medium", color=THIS_WEEK)
    ws.conditional_formatting.add(f"{a}2:{z}2", FormulaRule(
        formula=[this_week], fill=PatternFill("solid", fgColor=THIS_WEEK, bgColor=THIS_WEEK)))
    ws.conditional_formatting.add(area, FormulaRule(
        formula=[this_week], fill=PatternFill("solid", fgColor="FDE7E5", bgColor="FDE7E5"),
        border=Border(left=side, right=side)))
    for col in ("D", "E"):
        ws.column_dimensions[col].hidden = True  # on the Plan sheet already; the bars show them here
    note = ws.cell(row=last + 2, column=2, value="Bars run from start to due, coloured by status, and follow the Plan sheet. "
                                                 "The week that holds today is marked in red whenever the workbook is opened. "
                                                 "Start and due are in the hidden columns D and E.")
    note.alignment = Alignment(vertical="top", wrap_text=False)
    fit_row_heights(ws, first, last)
    print_landscape(ws, title_rows="1:2")
    ws.print_title_cols = "A:C"
    set_print_area(ws, first_col + len(weeks) - 1, last + 2)
    protect(ws)


TIMELINE_FIRST_ROW = 3


def _week_header(ws: Worksheet, col: int, monday: date, first_of_month: bool) -> None:
    """A week's two header cells: the month's name over its first week (text runs on into the empty cells
    beside it), and the Monday, shown as its day of the month, that the bar and marker formulas read."""
    ws.column_dimensions[get_column_letter(col)].width = WEEK_WIDTH
    top = ws.cell(row=1, column=col, value=monday.strftime("%b %y") if first_of_month else None)
    top.font = Font(bold=True, size=8, color="FFFFFF")
    top.fill = HEADER_FILL
    top.alignment = Alignment(horizontal="left", vertical="center")
    day = ws.cell(row=2, column=col, value=monday)
    day.number_format = "D"
    day.font = Font(size=6, color="FFFFFF")
    day.fill = HEADER_FILL
    day.alignment = Alignment(horizontal="center", vertical="center")


def _milestones(ws: Worksheet, progress: Any) -> None:
    columns = (Column("id", "ID", 7), Column("title", "Milestone", 55, wrap=True), Column("phase", "Phase", 22, wrap=True),
               Column("due", "Due", 12, number_format=DATE_FORMAT), Column("lead", "Lead", 20), Column("status", "Status", 12))
    header(ws, columns)
    phases = {ph.phase.id: ph.phase for ph in progress.phases}
    last = write_rows(ws, columns, ([s.task.id, s.task.title, phase_label(phases[s.task.phase]), s.task.due,
                                     s.task.lead.name, s.status.capitalize()] for s in progress.milestones))
    for r, s in enumerate(progress.milestones, start=2):
        set_formula(ws.cell(row=r, column=6), _lookup("status", r), s.status.capitalize())
    add_table(ws, "Milestones", columns, last)
    colour_words(ws, f"F2:F{max(last, 2)}", STATUS_STYLE)
    fit_row_heights(ws, 1, last)
    print_landscape(ws)
    set_print_area(ws, len(columns), last)
    protect(ws)


# --- RACI ------------------------------------------------------------------------------------------

RACI_NOTE = ("R responsible, A accountable (exactly one per task), C consulted, I informed. Unless the plan gives a task "
             "its own raci: R is the task's lead. A is the phase owner, the most senior person leading one of the "
             "phase's milestones (project sponsor, then clinical lead, then project manager); for the phase owner's "
             "own tasks A passes to the project manager, and for the project manager's to the project sponsor. "
             "C is whoever leads a task this one depends on, and the clinical lead for a milestone or deliverable "
             "someone else leads. I is the project manager, who keeps the plan, for every task they have no other part "
             "in, and the project sponsor for each milestone.")
_SENIORITY = ("sponsor", "clinical lead", "project manager")


def _role_rank(person: Person) -> int:
    role = person.role.lower()
    return next((i for i, word in enumerate(_SENIORITY) if word in role), len(_SENIORITY))


def _by_role(team: tuple[Person, ...], word: str) -> Person | None:
    return next((p for p in team if word in p.role.lower()), None)


def _is_default(task: Task) -> bool:
    """True when plan.yaml gives the task no RACI of its own (the lead is then accountable and responsible)."""
    raci = task.raci
    return raci is None or (raci.accountable == task.lead and raci.responsible == (task.lead,)
                            and not raci.consulted and not raci.informed)


def phase_owner(phase: Any, team: tuple[Person, ...]) -> Person | None:
    """The most senior person leading one of the phase's milestones (or, with none, one of its tasks)."""
    leads = [t.lead for t in phase.tasks if t.milestone] or [t.lead for t in phase.tasks]
    order = {p: i for i, p in enumerate(team)}
    return min(leads, key=lambda p: (_role_rank(p), order.get(p, len(order))), default=None)


def derived_raci(task: Task, owner: Person | None, team: tuple[Person, ...], leads: dict[str, Person]) -> Raci:
    """The RACI the sheet shows for a task without one of its own in plan.yaml (see RACI_NOTE)."""
    if not _is_default(task):
        return task.raci
    pm, sponsor, clinical = (_by_role(team, w) for w in ("project manager", "sponsor", "clinical lead"))
    lead = task.lead
    accountable = owner if owner is not None and owner != lead else (pm if lead != pm else sponsor)
    accountable = accountable or lead
    taken = {lead, accountable}
    consulted = [leads[d] for d in task.depends_on if d in leads and leads[d] not in taken]
    if clinical and clinical not in taken and (task.milestone or task.deliverable):
        consulted.append(clinical)
    consulted = list(dict.fromkeys(consulted))
    taken |= set(consulted)
    informed = [p for p in (pm, sponsor if task.milestone else None) if p is not None and p not in taken]
    return Raci(accountable, (lead,), tuple(consulted), tuple(dict.fromkeys(informed)))


def _raci(ws: Worksheet, project: Project, progress: Any) -> None:
    people = project.team
    columns = (Column("id", "ID", 6), Column("title", "Task", 44, wrap=True),
               *(Column(p.id, f"{p.name}\n{p.role}", 12, wrap=True) for p in people))
    header(ws, columns)
    ws.freeze_panes = "C2"
    leads = {t.id: t.lead for t in project.plan.tasks}
    rows = []
    for ph in progress.phases:
        owner = phase_owner(ph.phase, people)
        for s in ph.tasks:
            raci = derived_raci(s.task, owner, people, leads)
            rows.append([s.task.id, s.task.title, *(raci.letters(p) for p in people)])
    last = write_rows(ws, columns, rows)
    for row in ws.iter_rows(min_row=2, max_row=last, min_col=3, max_col=len(columns)):
        for cell in row:
            cell.alignment = Alignment(horizontal="center", vertical="top")
    add_table(ws, "Raci", columns, last)
    ws.merge_cells(start_row=last + 2, start_column=2, end_row=last + 2, end_column=len(columns))
    note = ws.cell(row=last + 2, column=2, value=RACI_NOTE)
    note.alignment = TOP_WRAP
    fit_row_heights(ws, 1, last + 2)
    print_landscape(ws)
    set_print_area(ws, len(columns), last + 2)
    protect(ws)


# --- logs ------------------------------------------------------------------------------------------

def _log(ws: Worksheet, name: str, columns: tuple[Column, ...], rows: list[list[Any]]) -> int:
    """A log the team can add to in Excel: a table, open rows beneath it, the note under the rows."""
    header(ws, columns)
    last = write_rows(ws, columns, rows)
    add_table(ws, name, columns, last)
    _unlock_columns(ws, len(columns))
    fit_row_heights(ws, 1, last)
    print_landscape(ws)
    set_print_area(ws, len(columns), last)
    protect(ws)
    ws.protection.insertRows = ws.protection.deleteRows = False
    return last


# Decision and action statuses, coloured as the plan's statuses are: the word always shows beside its colour.
DECISION_STYLE = {"Needed": STATUS_STYLE["at risk"], "Made": STATUS_STYLE["complete"]}
ACTION_STYLE = {"Open": STATUS_STYLE["not started"], "Overdue": STATUS_STYLE["late"], "Done": STATUS_STYLE["complete"],
                "Dropped": STATUS_STYLE["not started"]}

RISK_NOTE = ("Score = likelihood × consequence, each from 1 to 5, on the NHS 5 × 5 matrix: 1-3 Low, 4-6 Moderate, "
             "8-12 High, 15-25 Extreme.")


def _risk_score(row: int) -> str:
    return f'=IF(AND(ISNUMBER(C{row}),ISNUMBER(D{row})),C{row}*D{row},"")'


def _risk_band(row: int) -> str:
    return f'=IF(E{row}="","",IF(E{row}>=15,"Extreme",IF(E{row}>=8,"High",IF(E{row}>=4,"Moderate","Low"))))'


def _risks(ws: Worksheet, risks: tuple) -> None:
    columns = (Column("id", "ID", 6), Column("risk", "Risk", 42, wrap=True), Column("likelihood", "Likelihood (1-5)", 11, wrap=True),
               Column("consequence", "Consequence (1-5)", 14, wrap=True), Column("score", "Score", 8), Column("band", "Band", 11),
               Column("owner", "Owner", 18, wrap=True), Column("mitigation", "What we are doing", 45, wrap=True))
    rows = [[g.risk.id, g.risk.description, g.risk.likelihood, g.risk.consequence, None, None, g.risk.owner.name,
             g.risk.mitigation] for g in risks]
    last = _log(ws, "Risks", columns, rows)
    # Score and band are formulas down to the open rows, so a risk added in Excel is scored too.
    for r in range(2, last + ENTRY_ROWS + 1):
        graded = risks[r - 2] if r - 2 < len(risks) else None
        for col, formula, cached in ((5, _risk_score(r), graded.score if graded else ""),
                                     (6, _risk_band(r), graded.band if graded else "")):
            cell = ws.cell(row=r, column=col)
            set_formula(cell, formula, cached)
            cell.alignment = Alignment(horizontal="center", vertical="top")
    for check, cells in ((DataValidation(type="whole", operator="between", formula1="1", formula2="5", allow_blank=True,
                                         showErrorMessage=True, errorTitle="Score", error="A whole number from 1 to 5"),
                          f"C2:D{last + ENTRY_ROWS}"),):
        check.add(cells)
        ws.add_data_validation(check)
    colour_words(ws, f"F2:F{last + ENTRY_ROWS}", RISK_BAND_STYLE, capitalise=False)
    _lock_formulas(ws, 5, 6, last + ENTRY_ROWS)


def _lock_formulas(ws: Worksheet, first_col: int, last_col: int, last_row: int) -> None:
    for row in ws.iter_rows(min_row=2, max_row=last_row, min_col=first_col, max_col=last_col):
        for cell in row:
            cell.protection = LOCKED


def _issues(ws: Worksheet, project: Project) -> None:
    columns = (Column("id", "ID", 6), Column("raised", "Raised", 11, number_format=DATE_FORMAT),
               Column("description", "Issue", 36, wrap=True), Column("impact", "Impact", 28, wrap=True),
               Column("priority", "Priority", 9), Column("owner", "Owner", 16, wrap=True), Column("action", "Action", 36, wrap=True),
               Column("due", "Due", 11, number_format=DATE_FORMAT), Column("status", "Status", 9),
               Column("closed", "Closed", 11, number_format=DATE_FORMAT))
    _log(ws, "Issues", columns, [[i.id, i.raised, i.description, i.impact, i.priority.capitalize(), i.owner.name,
                                  i.action, i.due, i.status.capitalize(), i.closed] for i in project.plan.issues])


def _decisions(ws: Worksheet, project: Project, meetings: Any) -> None:
    """The decision log: decisions made, and those still needed with the date they are needed by and who is to take them."""
    columns = (Column("id", "ID", 6), Column("status", "Status", 10), Column("date", "Date made", 12, number_format=DATE_FORMAT),
               Column("decision", "Decision", 48, wrap=True), Column("made_by", "Made by", 18, wrap=True),
               Column("needed_by", "Needed by", 12, number_format=DATE_FORMAT),
               Column("to_be_made_by", "To be taken by", 18, wrap=True), Column("rationale", "Why", 44, wrap=True))
    groups = {g.group.id: g.group.name for g in meetings.groups} if meetings else {}
    rows = [[d.id, "Needed" if d.needed else "Made", d.date, d.decision, d.made_by, d.needed_by,
             groups.get(d.to_be_made_by, d.to_be_made_by) if d.needed else "", d.rationale] for d in project.plan.decisions]
    last = _log(ws, "Decisions", columns, rows)
    colour_words(ws, f"B2:B{last + ENTRY_ROWS}", DECISION_STYLE, capitalise=False)


def _actions(ws: Worksheet, meetings: Any) -> None:
    """The action log kept in meetings.yaml: open actions past their due date show as Overdue."""
    columns = (Column("id", "ID", 6), Column("group", "Meeting", 18, wrap=True),
               Column("raised", "Agreed", 11, number_format=DATE_FORMAT), Column("action", "Action", 48, wrap=True),
               Column("owner", "Owner", 18, wrap=True), Column("due", "Due", 11, number_format=DATE_FORMAT),
               Column("status", "Status", 10), Column("done", "Done", 11, number_format=DATE_FORMAT),
               Column("notes", "Notes", 36, wrap=True))
    names = {g.group.id: g.group.name for g in meetings.groups} if meetings else {}
    rows = [[a.action.id, names.get(a.action.group, a.action.group), a.action.raised, a.action.action, a.action.owner.name,
             a.action.due, a.status.capitalize(), a.action.done, a.action.notes] for a in (meetings.actions if meetings else ())]
    last = _log(ws, "Actions", columns, rows)
    colour_words(ws, f"G2:G{last + ENTRY_ROWS}", ACTION_STYLE, capitalise=False)


def _stakeholders(ws: Worksheet, project: Project) -> None:
    columns = (Column("name", "Stakeholder", 30, wrap=True), Column("category", "Category", 18, wrap=True),
               Column("interest", "What they care about", 30, wrap=True), Column("power", "Power", 8),
               Column("interest_level", "Interest", 9), Column("grid", "Approach", 15, wrap=True),
               Column("engagement", "How we engage them", 32, wrap=True), Column("owner", "Owner", 16, wrap=True),
               Column("contact", "Contact", 24, wrap=True))
    header(ws, columns)
    last = write_rows(ws, columns, ([s.name, s.category_label, s.interest, s.power.capitalize(),
                                     s.interest_level.capitalize(), s.grid, s.engagement,
                                     s.owner.name if s.owner else "", s.contact] for s in project.stakeholders))
    add_table(ws, "Stakeholders", columns, last)
    ws.merge_cells(start_row=last + 2, start_column=1, end_row=last + 2, end_column=len(columns))
    note = ws.cell(row=last + 2, column=1, value="Approach from the power and interest grid: high power and high interest, "
                                                 "manage closely; high power, keep satisfied; high interest, keep informed; "
                                                 "otherwise monitor.")
    note.alignment = TOP_WRAP
    fit_row_heights(ws, 1, last + 2)
    print_landscape(ws)
    set_print_area(ws, len(columns), last + 2)
    protect(ws)


# --- summary ---------------------------------------------------------------------------------------

def _count(criteria: list[tuple[str, str]]) -> str:
    """COUNTIFS over whole Plan columns, so rows added under the plan are counted too."""
    return "=COUNTIFS(" + ",".join(f"{PLAN_SHEET}!${column_letter(k)}:${column_letter(k)},{c}" for k, c in criteria) + ")"


def _summary(ws: Worksheet, progress: Any) -> None:
    bold = Font(bold=True)
    ws["A1"] = "Where the plan stands"
    ws["A1"].font = Font(bold=True, size=14)
    ws["A2"] = (f"Counts are formulas over the Plan sheet and follow edits made there; the lists of milestones and "
                f"overdue tasks are as on {longdate(progress.today)}.")
    ws["A2"].alignment = Alignment(wrap_text=False)
    columns = (Column("status", "Status", 34), Column("tasks", "Tasks", 11))
    header(ws, columns, row=4)
    last = write_rows(ws, columns, ([status.capitalize(), None] for status in progress.counts), first_row=5)
    for r, count in enumerate(progress.counts.values(), start=5):
        set_formula(ws.cell(row=r, column=2), _count([("status", f"$A{r}")]), count)
    ws.cell(row=last + 1, column=1, value="All tasks").font = bold
    total = ws.cell(row=last + 1, column=2)
    set_formula(total, f"=SUM(B5:B{last})", progress.total)
    total.font = bold
    ws.cell(row=last + 2, column=1, value="Past due and not complete")
    set_formula(ws.cell(row=last + 2, column=2),
                _count([("due", '"<"&TODAY()'), ("status", '"<>Complete"')]), len(progress.overdue))
    colour_words(ws, f"A5:A{last}", STATUS_STYLE)

    top = last + 4
    by_phase = (Column("phase", "Phase", 34), *(Column(s, s.capitalize(), 11) for s in STATUSES),
                Column("total", "Total", 8), Column("outcomes", "Outcomes achieved", 12, wrap=True))
    header(ws, by_phase, row=top)
    last = write_rows(ws, by_phase, ([phase_label(ph.phase), *([None] * len(STATUSES)), None,
                                      f"{sum(o.achieved for o in ph.outcomes)} of {len(ph.outcomes)}"]
                                     for ph in progress.phases), first_row=top + 1)
    for r, ph in enumerate(progress.phases, start=top + 1):
        for c, (status, count) in enumerate(ph.counts.items(), start=2):
            letter = get_column_letter(c)
            set_formula(ws.cell(row=r, column=c), _count([("phase", f"$A{r}"), ("status", f"{letter}${top}")]), count)
        set_formula(ws.cell(row=r, column=len(STATUSES) + 2), _count([("phase", f"$A{r}")]), len(ph.tasks))
    ws.cell(row=top, column=len(by_phase)).value = "Outcomes achieved (at build)"
    for row in ws.iter_rows(min_row=top + 1, max_row=last, min_col=len(by_phase), max_col=len(by_phase)):
        row[0].alignment = Alignment(horizontal="center", vertical="top")

    top = last + 2
    ws.cell(row=top, column=1, value=f"Next milestones on {longdate(progress.today)}").font = bold
    nxt = (Column("title", "Milestone", 34, wrap=True), Column("due", "Due", 11, number_format=DATE_FORMAT),
           Column("lead", "Lead", 16, wrap=True), Column("status", "Status", 11))
    header(ws, nxt, row=top + 1)
    last = write_rows(ws, nxt, ([s.task.title, s.task.due, s.task.lead.name, s.status.capitalize()]
                                for s in progress.next_milestones), first_row=top + 2)
    top = max(last, top + 1) + 2
    ws.cell(row=top, column=1, value=f"Overdue tasks on {longdate(progress.today)}" if progress.overdue
            else f"No task was overdue on {longdate(progress.today)}.").font = bold
    last = top
    if progress.overdue:
        header(ws, (Column("title", "Task", 34, wrap=True), *nxt[1:]), row=top + 1)
        last = write_rows(ws, nxt, ([s.task.title, s.task.due, s.task.lead.name, s.status.capitalize()]
                                    for s in progress.overdue), first_row=top + 2)
    ws.freeze_panes = None
    ws.column_dimensions["A"].width = 34
    fit_row_heights(ws, 3, last)
    print_landscape(ws, title_rows=None)
    ws.page_setup.fitToHeight = 1  # a summary is one page
    set_print_area(ws, len(by_phase), last)
    protect(ws)


# --- hidden sheets and the read me -----------------------------------------------------------------

def _source(ws: Worksheet, states: list, project: Project) -> None:
    """The editable values as generated, for import-plan to compare against. Hidden from view."""
    ws.append(["id", *EDITABLE, "status in plan.yaml", "content version"])
    for _, s in states:
        ws.append([s.task.id, s.task.start, s.task.due, s.task.percent_complete, s.status.capitalize(), s.task.notes,
                   s.task.status, project.document_control.version])
    for row in ws.iter_rows(min_row=2):
        for cell in row:
            if isinstance(cell.value, str) and cell.value.startswith(("=", "+", "-", "@")):
                set_text(cell, cell.value)
    ws.sheet_state = "veryHidden"
    protect(ws)


def _made_for(ws: Worksheet, project: Project) -> None:
    """The project the workbook was made for, so import-plan can refuse another project's workbook. Hidden from view."""
    ws["A1"] = PROJECT_KEY
    set_text(ws["B1"], project.info.name)
    ws.sheet_state = "veryHidden"
    protect(ws)


def _lists(ws: Worksheet, progress: Any, project: Project) -> None:
    """The phases and team members behind the Plan sheet's drop-downs. Hidden from view."""
    for r, ph in enumerate(progress.phases, start=1):
        set_text(ws.cell(row=r, column=1), phase_label(ph.phase))
    for r, person in enumerate(project.team, start=1):
        set_text(ws.cell(row=r, column=2), person.name)
    ws.sheet_state = "veryHidden"
    protect(ws)


def _readme(ws: Worksheet, context: dict[str, Any]) -> None:
    project, build = context["project"], context["build"]
    rows: list[tuple[str, Font | None]] = [
        (f"{project.info.name}: improvement project plan", Font(bold=True, size=14)),
        (project.organisation.name, None),
        (f"Generated on {longdate(build.generated)} by fls-docs {build.tool_version} from content version "
         f"{project.document_control.version} ({project.document_control.status}).", None),
        ("", None),
        ("Sheets", Font(bold=True)),
        ("Summary: tasks by status and by phase (formulas that follow the Plan sheet), the next milestones and any "
         "overdue tasks.", None),
        ("Plan: one row per task. You can edit Start, Due, % complete, Status and Notes, and add a task in the rows "
         "under the plan (ID, Phase, Task, Lead, Start, Due and Status; the rest if you wish). Everything else comes "
         "from content/plan.yaml.", None),
        ("Timeline: a week-by-week chart of each task from start to due, coloured by status, with this week marked.", None),
        ("Milestones: the milestones in date order.", None),
        ("RACI: who is responsible, accountable, consulted and informed for each task; the note under it gives the rule.", None),
        ("Risks: each risk scored on the NHS 5 × 5 matrix, with its band; add a risk in the rows under the table. "
         + RISK_NOTE, None),
        ("Issues and Decisions: the project's issue log and decision log, with the decisions still needed, the date "
         "each is needed by and the group that is to take it; add to them in the rows under each table.", None),
        ("Actions: the action log the project's meetings keep, from content/meetings.yaml; an open action past its "
         "due date shows as Overdue.", None),
        ("Stakeholders: the stakeholder reference group on the power and interest grid.", None),
        ("", None),
        ("Bringing your edits back", Font(bold=True)),
        ("Save the workbook, then run: fls-docs import-plan improvement-project-plan.xlsx "
         "(add --dry-run to see the changes first). It reads the Plan sheet: changed cells and new tasks. "
         "Risks, issues, decisions and actions added here are not read back: copy them into content/brief.yaml, "
         "content/plan.yaml and content/meetings.yaml, or they are replaced at the next build, as is anything else "
         "changed here.", None),
        ("Printing: each sheet prints on A4 landscape, one page wide. Rows added in Excel print once they are in "
         "plan.yaml and the workbook is built again (or after Page Layout > Print Area > Clear Print Area).", None),
        ("", None),
        ("Status key: the word is always shown beside its colour.", Font(bold=True)),
    ]
    for i, (text, font) in enumerate(rows, start=1):
        cell = ws.cell(row=i, column=1)
        set_text(cell, for_readers(text, build))
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        if font:
            cell.font = font
    row = len(rows) + 1
    for status, (fill, font) in STATUS_STYLE.items():
        cell = ws.cell(row=row, column=1, value=status.capitalize())
        cell.fill = PatternFill("solid", fgColor=fill)
        cell.font = Font(color=font, bold=True)
        row += 1
    ws.cell(row=row, column=1, value="A task past its due date that is not complete is shown as Late.")
    ws.column_dimensions["A"].width = 110
    fit_row_heights(ws, 1, row)
    print_landscape(ws, title_rows=None)
    set_print_area(ws, 1, row)
    protect(ws)
