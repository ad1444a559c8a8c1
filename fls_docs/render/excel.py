"""Excel workbooks: the improvement project plan."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import Cell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from fls_docs.render.formatting import longdate

# NHS identity colours; the status word is always shown too, never colour alone.
STATUS_STYLE = {
    "complete": ("005EB8", "FFFFFF"),
    "on track": ("007F3B", "FFFFFF"),
    "at risk": ("FFB81C", "000000"),
    "late": ("DA291C", "FFFFFF"),
    "not started": ("E8EDEE", "000000"),
}
HEADER_FILL = PatternFill("solid", fgColor="003087")
HEADER_FONT = Font(bold=True, color="FFFFFF")
_FORMULA_START = ("=", "+", "-", "@")


def set_text(cell: Cell, value: Any) -> None:
    """Write a value; text that looks like a formula stays text (no spreadsheet formula injection)."""
    cell.value = value
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        cell.data_type = "s"


def _header(ws: Worksheet, headings: list[tuple[str, int]]) -> None:
    for col, (title, width) in enumerate(headings, start=1):
        cell = ws.cell(row=1, column=col, value=title)
        cell.fill, cell.font = HEADER_FILL, HEADER_FONT
        cell.alignment = Alignment(vertical="center", wrap_text=True)
        ws.column_dimensions[get_column_letter(col)].width = width
    ws.freeze_panes = "A2"


PLAN_COLUMNS = [
    ("ID", 7), ("Phase", 22), ("Task", 60), ("Lead", 20), ("Lead's role", 24), ("Start", 13), ("Due", 13),
    ("% complete", 11), ("Status", 13), ("Depends on", 14), ("Deliverable", 24), ("Notes", 50),
]


def write_plan_workbook(context: dict[str, Any], out: Path) -> None:
    project, progress = context["project"], context["results"].progress
    wb = Workbook()
    ws = wb.active
    ws.title = "Plan"
    _header(ws, PLAN_COLUMNS)
    row = 2
    for phase in progress.phases:
        for state in phase.tasks:
            task = state.task
            values = [
                task.id, f"{phase.phase.number}. {phase.phase.name}" if phase.phase.number else phase.phase.name,
                task.title, task.lead.name, task.lead.role, task.start, task.due, task.percent_complete,
                state.status, ", ".join(task.depends_on), task.deliverable, task.notes,
            ]
            for col, value in enumerate(values, start=1):
                cell = ws.cell(row=row, column=col)
                set_text(cell, value)
                cell.alignment = Alignment(vertical="top", wrap_text=col in (3, 12))
            for col in (6, 7):
                ws.cell(row=row, column=col).number_format = "DD/MM/YYYY"
            fill, font = STATUS_STYLE[state.status]
            status_cell = ws.cell(row=row, column=9)
            status_cell.fill = PatternFill("solid", fgColor=fill)
            status_cell.font = Font(color=font, bold=True)
            row += 1
    ws.auto_filter.ref = f"A1:{get_column_letter(len(PLAN_COLUMNS))}{max(row - 1, 1)}"
    ws.print_title_rows = "1:1"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True

    about = wb.create_sheet("Read me", 0)
    lines = [
        (f"{project.info.name}: improvement project plan", Font(bold=True, size=14)),
        (f"{project.organisation.name}", None),
        (f"Generated on {longdate(context['build'].generated)} by fls-docs {context['build'].tool_version} "
         f"from content version {project.document_control.version} ({project.document_control.status}).", None),
        ("The Plan sheet has one row per task. Edit the plan in content/plan.yaml and rebuild; "
         "changes made only in this workbook are replaced at the next build.", None),
        ("Status key: the word is always shown beside its colour.", Font(bold=True)),
    ]
    for i, (text, font) in enumerate(lines, start=1):
        cell = about.cell(row=i, column=1)
        set_text(cell, text)
        if font:
            cell.font = font
    for offset, (status, (fill, font)) in enumerate(STATUS_STYLE.items(), start=len(lines) + 1):
        cell = about.cell(row=offset, column=1, value=status.capitalize())
        cell.fill = PatternFill("solid", fgColor=fill)
        cell.font = Font(color=font, bold=True)
    about.cell(row=len(lines) + len(STATUS_STYLE) + 1, column=1,
               value="A task past its due date that is not complete is shown as Late.")
    about.column_dimensions["A"].width = 110
    wb.active = wb.sheetnames.index("Plan")
    wb.properties.title = f"{project.info.short_name} improvement project plan"
    wb.properties.creator = "fls-docs"
    wb.save(out)
