"""The outcome and performance indicators workbook: definitions, monthly counts and a chart per indicator.

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

DOCUMENT = "Outcome and performance indicators"
ENTRY_SHEET = "Enter counts"
PROJECT_SHEET = "Generated for"
PROJECT_KEY = "project name"
ENTRY_ROWS = 200
PERCENT = "0.0%"
DEFINITION_COLUMNS = (
    Column("id", "ID", 22, wrap=True), Column("name", "Indicator", 26, wrap=True), Column("standard", "FLS standard", 22, wrap=True),
    Column("kpi", "FLS-DB KPI", 10), Column("numerator", "Numerator", 38, wrap=True),
    Column("denominator", "Denominator", 38, wrap=True), Column("source", "Source", 30, wrap=True),
    Column("frequency", "Frequency", 11), Column("target", "Target", 9, number_format=PERCENT),
    Column("direction", "Better when", 11), Column("latest", "Latest", 9, number_format=PERCENT),
    Column("status", "Against target", 13),
)
DATA_COLUMNS = (
    Column("indicator", "Indicator", 18), Column("month", "Month", 10), Column("numerator", "Numerator", 11),
    Column("denominator", "Denominator", 12), Column("share", "Share", 9, number_format=PERCENT),
    Column("target", "Target", 9, number_format=PERCENT), Column("status", "Against target", 13),
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
                     r.latest.share if r.latest else None, r.status])
    last = write_rows(ws, DEFINITION_COLUMNS, rows)
    add_table(ws, "Definitions", DEFINITION_COLUMNS, last)
    colour_words(ws, f"L2:L{max(last, 2)}", TARGET_STYLE, capitalise=False)
    for row in ws.iter_rows(min_row=2, max_row=last, min_col=10, max_col=10):
        row[0].alignment = Alignment(horizontal="center", vertical="top")
    fit_row_heights(ws, 1, last)
    print_landscape(ws)
    set_print_area(ws, len(DEFINITION_COLUMNS), last)
    protect(ws)
    definitions_last = last

    _entry_sheet(wb.create_sheet(ENTRY_SHEET), results, definitions_last)

    ws = wb.create_sheet("Monthly data")
    header(ws, DATA_COLUMNS)
    last = write_rows(ws, DATA_COLUMNS, ([r.indicator.id, m.month, m.numerator, m.denominator, m.share,
                                          r.indicator.target, m.status] for r in results for m in r.months))
    add_table(ws, "MonthlyData", DATA_COLUMNS, last)
    colour_words(ws, f"G2:G{max(last, 2)}", TARGET_STYLE, capitalise=False)
    print_landscape(ws)
    set_print_area(ws, len(DATA_COLUMNS), last)
    protect(ws)

    for n, r in enumerate(results, start=1):
        _indicator_sheet(wb.create_sheet(_sheet_name(n, r.indicator.name)), r)
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
    status = (f'=IF($B{row}="","",IF(G{row}="","No data",IF(G{row}>=-0.000000000001,"Met",'
              f'IF(G{row}>=-{CLOSE_MARGIN}-0.000000000001,"Close","Not met"))))')
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


def _indicator_sheet(ws: Worksheet, result: IndicatorResult) -> None:
    i = result.indicator
    ws["A1"] = i.name
    ws["A1"].font = Font(bold=True, size=13)
    set_text(ws["A2"], f"{i.numerator} out of {i.denominator}.")
    ws["A2"].alignment = Alignment(wrap_text=False)
    columns = DATA_COLUMNS[1:]
    header(ws, columns, row=4)
    last = write_rows(ws, columns, ([m.month, m.numerator, m.denominator, m.share, i.target, m.status]
                                    for m in result.months), first_row=5)
    colour_words(ws, f"F5:F{max(last, 5)}", TARGET_STYLE, capitalise=False)
    if last >= 5:
        chart = LineChart()
        chart.title = f"{i.name}: share by month against target"
        chart.y_axis.title = "Share"
        chart.y_axis.number_format = "0%"
        chart.y_axis.scaling.min = 0
        chart.y_axis.scaling.max = 1
        chart.x_axis.title = "Month"
        chart.add_data(Reference(ws, min_col=4, min_row=4, max_row=last), titles_from_data=True)
        if i.target is not None:
            chart.add_data(Reference(ws, min_col=5, min_row=4, max_row=last), titles_from_data=True)
            chart.series[1].graphicalProperties.line.dashStyle = "dash"
        chart.set_categories(Reference(ws, min_col=1, min_row=5, max_row=last))
        chart.height, chart.width = 8, 16
        ws.add_chart(chart, "H4")
    else:
        ws.cell(row=5, column=1, value="No counts yet.")
    print_landscape(ws, title_rows=None)
    protect(ws)


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
        ("Monthly data: every month's counts at build time, the share and how it compares with the target.", None),
        ("One sheet per indicator with its chart. Counts come from content/indicators.yaml and its CSV file.", None),
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
