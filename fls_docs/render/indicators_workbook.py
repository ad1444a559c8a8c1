"""The outcome and performance indicators workbook: definitions, SPC readings, monthly figures and a chart per indicator.

The "Enter counts" sheet takes each month's counts typed in Excel, works out the share and how it stands
against the target with formulas, and `fls-docs import-indicators` brings the counts back into the CSV file.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.chart import LineChart, Reference
from openpyxl.styles import Alignment, Font
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from fls_docs import data
from fls_docs.calc.indicators import CLOSE_MARGIN, IndicatorResult
from fls_docs.render.excel import (
    for_readers,
    TARGET_STYLE,
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
from fls_docs.render.spc_workbook import MONTH_COLUMNS, READINGS_SHEET, SPC_STYLE, month_cells, number_format, readings_sheet

DOCUMENT = "Outcome and performance indicators"
ENTRY_SHEET = "Enter counts"
PROJECT_SHEET = "Generated for"
PROJECT_KEY = "project name"
ENTRY_ROWS = 200
PERCENT = "0.0%"
DEFINITION_COLUMNS = (
    Column("id", "ID", 22, wrap=True), Column("name", "Indicator", 26, wrap=True), Column("standard", "FLS standard", 22, wrap=True),
    Column("kpi", "KPI", 10), Column("numerator", "Numerator", 38, wrap=True),
    Column("denominator", "Denominator", 38, wrap=True), Column("source", "Source", 30, wrap=True),
    Column("frequency", "Frequency", 11), Column("target", "Target", 9, number_format=PERCENT),
    Column("direction", "Better when", 11), Column("latest", "Latest", 9, number_format=PERCENT),
    Column("status", "Against target", 13),
)
DATA_COLUMNS = (
    Column("indicator", "Indicator", 18), Column("month", "Month", 10), Column("numerator", "Numerator", 11),
    Column("denominator", "Denominator", 13), Column("share", "Value", 9, number_format=PERCENT),
    Column("target", "Target", 9, number_format=PERCENT), Column("status", "Against target", 13),
    *MONTH_COLUMNS,
)
# What a team types (the first four, read back by import-indicators) and what the formulas work out.
ENTRY_COLUMNS = (
    Column("month", "Month", 10, editable=True, number_format="@"), Column("indicator", "Indicator", 22, editable=True),
    Column("numerator", "Numerator", 12, editable=True), Column("denominator", "Denominator", 14, editable=True),
    Column("share", "Share", 9, number_format=PERCENT), Column("target", "Target", 9, number_format=PERCENT),
    Column("gap", "Gap to target", 10, number_format="+0.0%;-0.0%;0.0%"), Column("status", "Against target", 13),
)


def write_indicators_workbook(context: dict[str, Any], out: Path) -> None:
    project, build = context["project"], context["build"]
    results: tuple[IndicatorResult, ...] = context["results"].indicators
    spc = context["results"].spc
    standards = {s["number"]: s["name"] for s in data.load("standards")["standards"]}
    wb = Workbook()
    readme = wb.active
    readme.title = "Read me"
    _readme(readme, project, build, results)

    ws = wb.create_sheet("Definitions")
    header(ws, DEFINITION_COLUMNS)
    rows = []
    for r in results:
        i = r.indicator
        rows.append([i.id, i.name, f"{i.standard}. {standards[i.standard]}" if i.standard else "",
                     f"KPI {i.kpi}" if i.kpi else "", i.numerator, i.denominator, i.source, i.frequency.capitalize(),
                     i.target, "Higher" if i.direction == "higher" else "Lower",
                     r.latest.figure if r.latest else None, r.status])
    last = write_rows(ws, DEFINITION_COLUMNS, rows)
    for row, r in enumerate(results, start=2):
        for col in (9, 11):  # target and latest, in the indicator's own units
            ws.cell(row=row, column=col).number_format = number_format(r.indicator)
    add_table(ws, "Definitions", DEFINITION_COLUMNS, last)
    colour_words(ws, f"L2:L{max(last, 2)}", TARGET_STYLE, capitalise=False)
    for row in ws.iter_rows(min_row=2, max_row=last, min_col=10, max_col=10):
        row[0].alignment = Alignment(horizontal="center", vertical="top")
    fit_row_heights(ws, 1, last)
    print_landscape(ws)
    set_print_area(ws, len(DEFINITION_COLUMNS), last)
    protect(ws)
    definitions_last = last

    readings_sheet(wb.create_sheet(READINGS_SHEET), [spc[r.indicator.id] for r in results])
    # Counts typed in Excel come back as shares; a count or an average is written in indicators.yaml.
    _entry_sheet(wb.create_sheet(ENTRY_SHEET), tuple(r for r in results if r.indicator.kind == "share"), definitions_last)

    ws = wb.create_sheet("Monthly data")
    header(ws, DATA_COLUMNS)
    monthly = [(r, m) for r in results for m in r.months]
    last = write_rows(ws, DATA_COLUMNS, ([r.indicator.id, m.month, m.numerator, m.denominator, m.figure,
                                          r.indicator.target, m.status, *month_cells(spc.get(r.indicator.id), m.month)]
                                         for r, m in monthly))
    for row, (r, _) in enumerate(monthly, start=2):
        for col in (5, 6, 8, 9, 10):
            ws.cell(row=row, column=col).number_format = number_format(r.indicator)
    add_table(ws, "MonthlyData", DATA_COLUMNS, last)
    colour_words(ws, f"G2:G{max(last, 2)}", TARGET_STYLE, capitalise=False)
    colour_words(ws, f"K2:K{max(last, 2)}", SPC_STYLE)
    print_landscape(ws)
    set_print_area(ws, len(DATA_COLUMNS), last)
    protect(ws)

    for n, r in enumerate(results, start=1):
        _indicator_sheet(wb.create_sheet(_sheet_name(n, r.indicator.name)), r, spc.get(r.indicator.id))
    made_for = wb.create_sheet(PROJECT_SHEET)
    made_for["A1"] = PROJECT_KEY
    set_text(made_for["B1"], project.info.name)
    made_for.sheet_state = "veryHidden"
    protect(made_for)
    for sheet in wb.worksheets:
        if sheet.sheet_state == "visible":
            page_furniture(sheet, project.info.name, DOCUMENT)
    wb.properties.title = f"{project.info.short_name} outcome and performance indicators"
    wb.properties.creator = "fls-docs"
    wb.properties.language = "en-GB"
    save_guarded(wb, out)


def _lookup(column: str, row: int, last_definition: int) -> str:
    """A definition's cell for the indicator id in column B of ``row``."""
    return (f"INDEX(Definitions!${column}$2:${column}${last_definition},"
            f"MATCH($B{row},Definitions!$A$2:$A${last_definition},0))")


def _entry_formulas(row: int, last_definition: int) -> tuple[str, str, str, str]:
    """Share, target, gap (percentage points on the right side of the target) and status for one row."""
    share = f'=IF(AND(ISNUMBER(C{row}),ISNUMBER(D{row})),IF(D{row}>0,C{row}/D{row},""),"")'
    target = f'=IF($B{row}="","",IFERROR({_lookup("I", row, last_definition)},""))'
    direction = _lookup("J", row, last_definition)
    gap = f'=IF(OR(E{row}="",F{row}=""),"",IF(IFERROR({direction},"Higher")="Lower",F{row}-E{row},E{row}-F{row}))'
    # The same rule as the build: met on target or better, close within 10 percentage points.
    # A share with no target to judge it by says so, as the build does.
    status = (f'=IF($B{row}="","",IF(G{row}="",IF(AND(E{row}<>"",F{row}=""),"No target","No data"),'
              f'IF(G{row}>=-0.000000000001,"Met",IF(G{row}>=-{CLOSE_MARGIN}-0.000000000001,"Close","Not met"))))')
    return share, target, gap, status


def _entry_sheet(ws: Worksheet, results: tuple[IndicatorResult, ...], last_definition: int) -> None:
    """Monthly counts to type into: month, indicator, numerator and denominator; the rest are formulas."""
    header(ws, ENTRY_COLUMNS)
    months = [(r, m) for r in results for m in r.months]
    last = write_rows(ws, ENTRY_COLUMNS, ([m.month, r.indicator.id, m.numerator, m.denominator, None, None, None, None]
                                          for r, m in months))
    end = max(last, 1) + ENTRY_ROWS
    for row in range(2, end + 1):
        known = months[row - 2] if row - 2 < len(months) else None
        cached = ((known[1].share if known[1].share is not None else "", known[0].indicator.target,
                   _gap(known), known[1].status) if known else ("", "", "", ""))
        for col, (formula, value) in enumerate(zip(_entry_formulas(row, max(last_definition, 2)), cached), start=5):
            cell = ws.cell(row=row, column=col)
            set_formula(cell, formula, value)
            cell.number_format = ENTRY_COLUMNS[col - 1].number_format or "General"
    for col in range(1, 5):
        letter = ENTRY_COLUMNS[col - 1]
        ws.column_dimensions[chr(64 + col)].protection = UNLOCKED
        ws.column_dimensions[chr(64 + col)].number_format = letter.number_format or "General"
    checks = (
        DataValidation(type="list", formula1=f"Definitions!$A$2:$A${max(last_definition, 2)}", allow_blank=True,
                       showErrorMessage=True, errorTitle="Indicator", error="Choose an indicator from the list"),
        DataValidation(type="whole", operator="between", formula1="0", formula2="999999999", allow_blank=True,
                       showErrorMessage=True, errorTitle="Count", error="A whole number of patients"),
        DataValidation(type="textLength", operator="equal", formula1="7", allow_blank=True, showErrorMessage=True,
                       errorTitle="Month", error="The month as YYYY-MM, for example 2026-11"),
    )
    for check, cells in zip(checks, (f"B2:B{end}", f"C2:D{end}", f"A2:A{end}")):
        check.add(cells)
        ws.add_data_validation(check)
    colour_words(ws, f"H2:H{end}", TARGET_STYLE, capitalise=False)
    fit_row_heights(ws, 1, last)
    print_landscape(ws)
    set_print_area(ws, len(ENTRY_COLUMNS), max(last, 2))
    protect(ws)
    ws.protection.insertRows = ws.protection.deleteRows = False


def _gap(known: tuple[IndicatorResult, Any]) -> Any:
    result, month = known
    target = result.indicator.target
    if month.share is None or target is None:
        return ""
    return month.share - target if result.indicator.direction == "higher" else target - month.share


def _sheet_name(n: int, name: str) -> str:
    # Sheet names: at most 31 characters, none of []:*?/\
    clean = "".join(ch for ch in name if ch not in "[]:*?/\\")
    return f"{n} {clean}"[:31]


def _indicator_sheet(ws: Worksheet, result: IndicatorResult, spc: Any) -> None:
    i = result.indicator
    ws["A1"] = i.name
    ws["A1"].font = Font(bold=True, size=13)
    set_text(ws["A2"], f"{i.numerator} out of {i.denominator}." if i.kind == "share" else f"{i.numerator}.")
    ws["A2"].alignment = Alignment(wrap_text=False)
    if spc is not None:
        set_text(ws["A3"], spc.summary)
        ws["A3"].alignment = Alignment(wrap_text=False)
    columns = DATA_COLUMNS[1:]
    header(ws, columns, row=4)
    ws.row_dimensions[4].height = 18  # the headers fit on one line; a fixed height keeps the first month in view
    last = write_rows(ws, columns, ([m.month, m.numerator, m.denominator, m.figure, i.target, m.status,
                                     *month_cells(spc, m.month)] for m in result.months), first_row=5)
    for row in range(5, last + 1):
        for col in (4, 5, 7, 8, 9):
            ws.cell(row=row, column=col).number_format = number_format(i)
    colour_words(ws, f"F5:F{max(last, 5)}", TARGET_STYLE, capitalise=False)
    colour_words(ws, f"J5:J{max(last, 5)}", SPC_STYLE)
    if last >= 5:
        ws.add_chart(_spc_line_chart(ws, i, last, spc), "L4")
    else:
        ws.cell(row=5, column=1, value="No counts yet.")
    print_landscape(ws, title_rows=None)
    protect(ws)


def _spc_line_chart(ws: Worksheet, i: Any, last: int, spc: Any) -> LineChart:
    """An Excel line chart of the figure with its centre line, process limits and target, for analysts to reuse."""
    chart = LineChart()
    chart.title = f"{i.name}: by month, with centre line and process limits"
    chart.y_axis.title = "Share" if i.kind == "share" else (i.unit.capitalize() or "Value")
    chart.y_axis.number_format = "0%" if i.kind == "share" else "0"
    if i.kind == "share":
        chart.y_axis.scaling.min = 0
        chart.y_axis.scaling.max = 1
    chart.x_axis.title = "Month"
    # Value, then centre and limits when the chart has them, then the target.
    columns = [4] + ([7, 8, 9] if spc is not None and spc.has_limits else []) + ([5] if i.target is not None else [])
    for col in columns:
        chart.add_data(Reference(ws, min_col=col, min_row=4, max_row=last), titles_from_data=True)
    for series, col in zip(chart.series, columns):
        if col in (8, 9):
            series.graphicalProperties.line.dashStyle = "dash"
        elif col == 5:
            series.graphicalProperties.line.dashStyle = "dashDot"
        if col != 4:
            series.marker.symbol = "none"
    chart.set_categories(Reference(ws, min_col=1, min_row=5, max_row=last))
    chart.height, chart.width = 9, 18
    return chart


def _readme(ws: Worksheet, project: Any, build: Any, results: tuple[IndicatorResult, ...]) -> None:
    lines = [
        (f"{project.info.name}: outcome and performance indicators", Font(bold=True, size=14)),
        (project.organisation.name, None),
        (f"Generated on {longdate(build.generated)} by fls-docs {build.tool_version} from content version "
         f"{project.document_control.version}.", None),
        ("", None),
        ("Definitions: what each indicator measures, the FLS clinical standard it evidences, its target and where it stands.", None),
        ("Enter counts: type each month's counts here (month as YYYY-MM, indicator, numerator and denominator); "
         "the share, the target and how it compares are worked out as you type. Run fls-docs import-indicators "
         "outcome-indicators.xlsx (add --dry-run to see the changes first) to bring the counts into "
         "content/indicators.csv, then build again.", None),
        ("SPC readings: each indicator read the way NHS \"Making Data Count\" charts are read. Variation: common "
         "cause (the usual ups and downs) or special cause, improving or concerning (something has changed). "
         "Assurance: whether the target will be met every month (consistently passes), missed every month "
         "(consistently fails), or hit and missed. The centre line and process limits are those of the latest "
         "part of the chart.", None),
        ("Enter counts takes shares only: a count (such as hip fractures) or an average (such as days waited) is "
         "written in content/indicators.yaml.", None),
        ("Monthly data: every month's figure at build time, how it compares with the target, and its centre line, "
         "process limits and variation.", None),
        ("One sheet per indicator with its chart: the figure, centre line, process limits and target. Figures come "
         "from content/indicators.yaml and its CSV file.", None),
        ("", None),
        ("Against target: Met (on target or better), Close (within 10 percentage points), Not met, or No data.", Font(bold=True)),
    ]
    if not results:
        lines.append(("No indicators are defined yet: add content/indicators.yaml.", Font(bold=True)))
    for row, (text, font) in enumerate(lines, start=1):
        cell = ws.cell(row=row, column=1)
        set_text(cell, for_readers(text, build))
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        if font:
            cell.font = font
    ws.column_dimensions["A"].width = 110
    fit_row_heights(ws, 1, len(lines))
    print_landscape(ws, title_rows=None)
    set_print_area(ws, 1, len(lines))
    protect(ws)
