"""The improvement project plan workbook: the plan with its timeline, RACI, logs and summary.

The Plan sheet's white cells (start, due, % complete, status and notes) can be
edited in Excel and brought back into plan.yaml with `fls-docs import-plan`.
Two very hidden sheets keep the values as generated and the project they came
from, so the import can tell what was changed in Excel from what changed in the
YAML since, and can refuse a workbook made for another project.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.formatting.rule import FormulaRule
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from fls_docs.model.project import STATUSES, Project
from fls_docs.render.excel import (
    save_guarded,
    DATE_FORMAT,
    RISK_BAND_STYLE,
    STATUS_STYLE,
    TOP_WRAP,
    Column,
    add_table,
    colour_words,
    header,
    print_landscape,
    protect,
    set_text,
    write_rows,
)
from fls_docs.render.formatting import longdate

PLAN_SHEET = "Plan"
SOURCE_SHEET = "Generated values"
PROJECT_SHEET = "Generated for"
PROJECT_KEY = "project name"
PLAN_COLUMNS = (
    Column("id", "ID", 7), Column("phase", "Phase", 20, wrap=True), Column("title", "Task", 50, wrap=True),
    Column("lead", "Lead", 18), Column("role", "Lead's role", 22, wrap=True),
    Column("start", "Start", 12, editable=True, number_format=DATE_FORMAT),
    Column("due", "Due", 12, editable=True, number_format=DATE_FORMAT),
    Column("percent_complete", "% complete", 10, editable=True), Column("status", "Status", 12, editable=True),
    Column("depends_on", "Depends on", 12), Column("milestone", "Milestone", 10),
    Column("deliverable", "Deliverable", 20, wrap=True), Column("notes", "Notes", 45, wrap=True, editable=True),
)
# The columns import-plan reads back, by key.
EDITABLE = tuple(c.key for c in PLAN_COLUMNS if c.editable)


def column_letter(key: str) -> str:
    return get_column_letter(next(i for i, c in enumerate(PLAN_COLUMNS, start=1) if c.key == key))


def _phase_label(phase: Any) -> str:
    return f"{phase.number}. {phase.name}" if phase.number else phase.name


def write_plan_workbook(context: dict[str, Any], out: Path) -> None:
    project: Project = context["project"]
    results = context["results"]
    progress = results.progress
    wb = Workbook()
    readme = wb.active
    readme.title = "Read me"
    _summary(wb.create_sheet("Summary"), progress)
    plan = wb.create_sheet(PLAN_SHEET)
    states = [(phase, state) for phase in progress.phases for state in phase.tasks]
    _plan(plan, states)
    _timeline(wb.create_sheet("Timeline"), states, progress.today)
    _milestones(wb.create_sheet("Milestones"), progress)
    _raci(wb.create_sheet("RACI"), project, states)
    _risks(wb.create_sheet("Risks"), results.risks)
    _issues(wb.create_sheet("Issues"), project)
    _decisions(wb.create_sheet("Decisions"), project)
    _stakeholders(wb.create_sheet("Stakeholders"), project)
    _source(wb.create_sheet(SOURCE_SHEET), states, project)
    _made_for(wb.create_sheet(PROJECT_SHEET), project)
    _readme(readme, context)
    wb.active = wb.sheetnames.index(PLAN_SHEET)
    wb.properties.title = f"{project.info.short_name} improvement project plan"
    wb.properties.creator = "fls-docs"
    wb.properties.language = "en-GB"
    save_guarded(wb, out)


def _plan(ws: Worksheet, states: list) -> None:
    header(ws, PLAN_COLUMNS)
    rows = ([s.task.id, _phase_label(phase.phase), s.task.title, s.task.lead.name, s.task.lead.role, s.task.start,
             s.task.due, s.task.percent_complete, s.status.capitalize(), ", ".join(s.task.depends_on),
             "Yes" if s.task.milestone else "", s.task.deliverable, s.task.notes] for phase, s in states)
    last = write_rows(ws, PLAN_COLUMNS, rows)
    add_table(ws, "PlanTasks", PLAN_COLUMNS, last)
    if last >= 2:
        status, due, percent = column_letter("status"), column_letter("due"), column_letter("percent_complete")
        choices = DataValidation(type="list", formula1='"' + ",".join(s.capitalize() for s in STATUSES) + '"',
                                 allow_blank=False, showErrorMessage=True, errorTitle="Status",
                                 error="Choose one of: " + ", ".join(s.capitalize() for s in STATUSES))
        choices.add(f"{status}2:{status}{last}")
        ws.add_data_validation(choices)
        whole = DataValidation(type="whole", operator="between", formula1="0", formula2="100", allow_blank=True,
                               showErrorMessage=True, errorTitle="% complete", error="A whole number from 0 to 100")
        whole.add(f"{percent}2:{percent}{last}")
        ws.add_data_validation(whole)
        dates = DataValidation(type="date", operator="greaterThan", formula1="36526", allow_blank=False,
                               showErrorMessage=True, errorTitle="Date", error="A date, for example 31/03/2027")
        dates.add(f"{column_letter('start')}2:{due}{last}")
        ws.add_data_validation(dates)
        colour_words(ws, f"{status}2:{status}{last}", STATUS_STYLE)
        # A task past its due date and not complete shows red in the Due column as soon as the date passes.
        ws.conditional_formatting.add(f"{due}2:{due}{last}", FormulaRule(
            formula=[f'AND({due}2<TODAY(),{status}2<>"Complete")'],
            fill=PatternFill("solid", fgColor="DA291C", bgColor="DA291C"), font=Font(color="FFFFFF", bold=True)))
    protect(ws)
    print_landscape(ws)


def _weeks(first: date, last: date) -> list[date]:
    monday = first - timedelta(days=first.weekday())
    return [monday + timedelta(weeks=i) for i in range((last - monday).days // 7 + 1)]


TIMELINE_FIXED = (Column("id", "ID", 6), Column("title", "Task", 36, wrap=True), Column("status", "Status", 11),
                  Column("start", "Start", 10, number_format=DATE_FORMAT), Column("due", "Due", 10, number_format=DATE_FORMAT))


def _timeline(ws: Worksheet, states: list, today: date) -> None:
    """A Gantt chart: one column per week, filled between start and due in the status colour, this week marked."""
    header(ws, TIMELINE_FIXED)
    ws.freeze_panes = "F2"
    last = write_rows(ws, TIMELINE_FIXED, ([s.task.id, s.task.title, s.status.capitalize(), s.task.start, s.task.due]
                                           for _, s in states))
    if last < 2:
        return
    weeks = _weeks(min(s.task.start for _, s in states), max(max(s.task.due for _, s in states), today))
    first_col = len(TIMELINE_FIXED) + 1
    for i, monday in enumerate(weeks):
        col = first_col + i
        cell = ws.cell(row=1, column=col, value=monday)
        cell.number_format = "DD MMM YY"
        cell.font = Font(bold=True, size=8, color="FFFFFF")
        cell.fill = PatternFill("solid", fgColor="003087")
        cell.alignment = Alignment(text_rotation=90, horizontal="center")
        ws.column_dimensions[get_column_letter(col)].width = 2.7
    ws.row_dimensions[1].height = 52
    a, z = get_column_letter(first_col), get_column_letter(first_col + len(weeks) - 1)
    area = f"{a}2:{z}{last}"
    # Conditional formats rather than filled cells: the chart follows edits, and a 2,000-task plan stays quick to write.
    for status, (fill, _) in STATUS_STYLE.items():
        ws.conditional_formatting.add(area, FormulaRule(
            formula=[f'AND({a}$1+6>=$D2,{a}$1<=$E2,$C2="{status.capitalize()}")'],
            fill=PatternFill("solid", fgColor=fill, bgColor=fill)))
    this_week = next((i for i, monday in enumerate(weeks) if monday <= today < monday + timedelta(days=7)), None)
    if this_week is not None:
        col = get_column_letter(first_col + this_week)
        ws.cell(row=1, column=first_col + this_week).fill = PatternFill("solid", fgColor="DA291C")
        ws.conditional_formatting.add(f"{col}2:{col}{last}", FormulaRule(
            formula=["TRUE"], fill=PatternFill("solid", fgColor="FDE7E5", bgColor="FDE7E5")))
    note = ws.cell(row=last + 2, column=2, value=f"Week of {longdate(today)} is marked in red (today). "
                                                 "Bars run from start to due, coloured by status.")
    note.alignment = TOP_WRAP
    print_landscape(ws, fit_width=False)
    ws.print_title_cols = "A:C"
    ws.page_setup.scale = 65
    protect(ws)


def _milestones(ws: Worksheet, progress: Any) -> None:
    columns = (Column("id", "ID", 7), Column("title", "Milestone", 55, wrap=True), Column("phase", "Phase", 22, wrap=True),
               Column("due", "Due", 12, number_format=DATE_FORMAT), Column("lead", "Lead", 20), Column("status", "Status", 12))
    header(ws, columns)
    phases = {ph.phase.id: ph.phase for ph in progress.phases}
    last = write_rows(ws, columns, ([s.task.id, s.task.title, _phase_label(phases[s.task.phase]), s.task.due,
                                     s.task.lead.name, s.status.capitalize()] for s in progress.milestones))
    add_table(ws, "Milestones", columns, last)
    colour_words(ws, f"F2:F{max(last, 2)}", STATUS_STYLE)
    print_landscape(ws)
    protect(ws)


def _raci(ws: Worksheet, project: Project, states: list) -> None:
    people = project.team
    columns = (Column("id", "ID", 7), Column("title", "Task", 48, wrap=True),
               *(Column(p.id, f"{p.name}\n{p.role}", 13, wrap=True) for p in people))
    header(ws, columns)
    ws.row_dimensions[1].height = 45
    ws.freeze_panes = "C2"
    last = write_rows(ws, columns, ([s.task.id, s.task.title, *(s.task.raci.letters(p) for p in people)] for _, s in states))
    for row in ws.iter_rows(min_row=2, max_row=last, min_col=3, max_col=len(columns)):
        for cell in row:
            cell.alignment = Alignment(horizontal="center", vertical="top")
    add_table(ws, "Raci", columns, last)
    note = ws.cell(row=last + 2, column=2, value="R responsible, A accountable (exactly one per task), C consulted, I informed.")
    note.alignment = TOP_WRAP
    print_landscape(ws)
    protect(ws)


def _risks(ws: Worksheet, risks: tuple) -> None:
    columns = (Column("id", "ID", 6), Column("risk", "Risk", 45, wrap=True), Column("likelihood", "Likelihood", 16),
               Column("consequence", "Consequence", 16), Column("score", "Score", 8), Column("band", "Band", 11),
               Column("owner", "Owner", 18), Column("mitigation", "What we are doing", 45, wrap=True))
    header(ws, columns)
    last = write_rows(ws, columns, ([g.risk.id, g.risk.description, f"{g.risk.likelihood} {g.likelihood_label}",
                                     f"{g.risk.consequence} {g.consequence_label}", g.score, g.band, g.risk.owner.name,
                                     g.risk.mitigation] for g in risks))
    add_table(ws, "Risks", columns, last)
    colour_words(ws, f"F2:F{max(last, 2)}", RISK_BAND_STYLE, capitalise=False)
    note = ws.cell(row=last + 2, column=2, value="Score = likelihood × consequence on the NHS 5 × 5 matrix: "
                                                 "1-3 Low, 4-6 Moderate, 8-12 High, 15-25 Extreme.")
    note.alignment = TOP_WRAP
    print_landscape(ws)
    protect(ws)


def _issues(ws: Worksheet, project: Project) -> None:
    columns = (Column("id", "ID", 6), Column("raised", "Raised", 12, number_format=DATE_FORMAT),
               Column("description", "Issue", 40, wrap=True), Column("impact", "Impact", 30, wrap=True),
               Column("priority", "Priority", 10), Column("owner", "Owner", 18), Column("action", "Action", 40, wrap=True),
               Column("due", "Due", 12, number_format=DATE_FORMAT), Column("status", "Status", 10),
               Column("closed", "Closed", 12, number_format=DATE_FORMAT))
    header(ws, columns)
    last = write_rows(ws, columns, ([i.id, i.raised, i.description, i.impact, i.priority.capitalize(), i.owner.name,
                                     i.action, i.due, i.status.capitalize(), i.closed] for i in project.plan.issues))
    add_table(ws, "Issues", columns, last)
    print_landscape(ws)
    protect(ws)


def _decisions(ws: Worksheet, project: Project) -> None:
    columns = (Column("id", "ID", 6), Column("date", "Date", 12, number_format=DATE_FORMAT),
               Column("decision", "Decision", 55, wrap=True), Column("made_by", "Made by", 20),
               Column("rationale", "Why", 55, wrap=True))
    header(ws, columns)
    last = write_rows(ws, columns, ([d.id, d.date, d.decision, d.made_by, d.rationale] for d in project.plan.decisions))
    add_table(ws, "Decisions", columns, last)
    print_landscape(ws)
    protect(ws)


def _stakeholders(ws: Worksheet, project: Project) -> None:
    columns = (Column("name", "Stakeholder", 38, wrap=True), Column("category", "Category", 24, wrap=True),
               Column("interest", "What they care about", 38, wrap=True), Column("power", "Power", 8),
               Column("interest_level", "Interest", 9), Column("grid", "Approach", 16),
               Column("engagement", "How we engage them", 38, wrap=True), Column("owner", "Owner", 18),
               Column("contact", "Contact", 28, wrap=True))
    header(ws, columns)
    last = write_rows(ws, columns, ([s.name, s.category_label, s.interest, s.power.capitalize(),
                                     s.interest_level.capitalize(), s.grid, s.engagement,
                                     s.owner.name if s.owner else "", s.contact] for s in project.stakeholders))
    add_table(ws, "Stakeholders", columns, last)
    note = ws.cell(row=last + 2, column=1, value="Approach from the power and interest grid: high power and high interest, "
                                                 "manage closely; high power, keep satisfied; high interest, keep informed; "
                                                 "otherwise monitor.")
    note.alignment = TOP_WRAP
    print_landscape(ws)
    protect(ws)


def _summary(ws: Worksheet, progress: Any) -> None:
    bold = Font(bold=True)
    ws["A1"] = "Where the plan stands"
    ws["A1"].font = Font(bold=True, size=14)
    ws["A2"] = f"On {longdate(progress.today)}"
    columns = (Column("status", "Status", 16), Column("tasks", "Tasks", 10))
    header(ws, columns, row=4)
    last = write_rows(ws, columns, ([status.capitalize(), count] for status, count in progress.counts.items()), first_row=5)
    ws.cell(row=last + 1, column=1, value="All tasks").font = bold
    ws.cell(row=last + 1, column=2, value=progress.total).font = bold
    colour_words(ws, f"A5:A{last}", STATUS_STYLE)

    top = last + 3
    by_phase = (Column("phase", "Phase", 30), *(Column(s, s.capitalize(), 11) for s in STATUSES),
                Column("total", "Total", 8), Column("outcomes", "Outcomes achieved", 12))
    header(ws, by_phase, row=top)
    last = write_rows(ws, by_phase, ([_phase_label(ph.phase), *ph.counts.values(), len(ph.tasks),
                                      f"{sum(o.achieved for o in ph.outcomes)} of {len(ph.outcomes)}"]
                                     for ph in progress.phases), first_row=top + 1)

    top = last + 2
    ws.cell(row=top, column=1, value="Next milestones").font = bold
    nxt = (Column("title", "Milestone", 30), Column("due", "Due", 11, number_format=DATE_FORMAT), Column("lead", "Lead", 11),
           Column("status", "Status", 11))
    header(ws, nxt, row=top + 1)
    last = write_rows(ws, nxt, ([s.task.title, s.task.due, s.task.lead.name, s.status.capitalize()]
                                for s in progress.next_milestones), first_row=top + 2)
    top = max(last, top + 1) + 2
    ws.cell(row=top, column=1, value="Overdue tasks" if progress.overdue else "No task is overdue.").font = bold
    if progress.overdue:
        header(ws, nxt, row=top + 1)
        write_rows(ws, nxt, ([s.task.title, s.task.due, s.task.lead.name, s.status.capitalize()]
                             for s in progress.overdue), first_row=top + 2)
    ws.freeze_panes = None
    ws.column_dimensions["A"].width = 50
    print_landscape(ws, title_rows=None)
    protect(ws)


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


def _readme(ws: Worksheet, context: dict[str, Any]) -> None:
    project, build = context["project"], context["build"]
    rows: list[tuple[str, Font | None]] = [
        (f"{project.info.name}: improvement project plan", Font(bold=True, size=14)),
        (project.organisation.name, None),
        (f"Generated on {longdate(build.generated)} by fls-docs {build.tool_version} from content version "
         f"{project.document_control.version} ({project.document_control.status}).", None),
        ("", None),
        ("Sheets", Font(bold=True)),
        ("Summary: tasks by status and by phase, the next milestones and any overdue tasks.", None),
        ("Plan: one row per task. You can edit the white cells (Start, Due, % complete, Status and Notes); "
         "everything else comes from content/plan.yaml.", None),
        ("Timeline: a week-by-week chart of each task from start to due, coloured by status, with this week marked.", None),
        ("Milestones: the milestones in date order.", None),
        ("RACI: who is responsible, accountable, consulted and informed for each task.", None),
        ("Risks: each risk scored on the NHS 5 × 5 matrix, with its band.", None),
        ("Issues and Decisions: the project's issue log and decision log.", None),
        ("Stakeholders: the stakeholder reference group on the power and interest grid.", None),
        ("", None),
        ("Bringing your edits back", Font(bold=True)),
        ("Save the workbook, then run: fls-docs import-plan improvement-project-plan.xlsx "
         "(add --dry-run to see the changes first). Changes made anywhere else in the workbook are replaced at the next build.", None),
        ("", None),
        ("Status key: the word is always shown beside its colour.", Font(bold=True)),
    ]
    for i, (text, font) in enumerate(rows, start=1):
        cell = ws.cell(row=i, column=1)
        set_text(cell, text)
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
    protect(ws)
