"""The outcome and performance indicators workbook: definitions, monthly counts and a chart per indicator."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.chart import LineChart, Reference
from openpyxl.styles import Alignment, Font
from openpyxl.worksheet.worksheet import Worksheet

from fls_docs import data
from fls_docs.calc.indicators import IndicatorResult
from fls_docs.render.excel import (
    save_guarded,
    TARGET_STYLE,
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

PERCENT = "0.0%"
DEFINITION_COLUMNS = (
    Column("id", "ID", 18), Column("name", "Indicator", 30, wrap=True), Column("standard", "FLS standard", 22, wrap=True),
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
    print_landscape(ws)
    protect(ws)

    ws = wb.create_sheet("Monthly data")
    header(ws, DATA_COLUMNS)
    last = write_rows(ws, DATA_COLUMNS, ([r.indicator.id, m.month, m.numerator, m.denominator, m.share,
                                          r.indicator.target, m.status] for r in results for m in r.months))
    add_table(ws, "MonthlyData", DATA_COLUMNS, last)
    colour_words(ws, f"G2:G{max(last, 2)}", TARGET_STYLE, capitalise=False)
    print_landscape(ws)
    protect(ws)

    for n, r in enumerate(results, start=1):
        _indicator_sheet(wb.create_sheet(_sheet_name(n, r.indicator.name)), r)
    wb.properties.title = f"{project.info.short_name} outcome and performance indicators"
    wb.properties.creator = "fls-docs"
    wb.properties.language = "en-GB"
    save_guarded(wb, out)


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
        ("Monthly data: every month's counts, the share and how it compares with the target.", None),
        ("One sheet per indicator with its chart. Counts come from content/indicators.yaml and its CSV file; "
         "change them there and rebuild.", None),
        ("", None),
        ("Against target: Met (on target or better), Close (within 10 percentage points), Not met, or No data.", Font(bold=True)),
    ]
    if not results:
        lines.append(("No indicators are defined yet: add content/indicators.yaml.", Font(bold=True)))
    for row, (text, font) in enumerate(lines, start=1):
        cell = ws.cell(row=row, column=1)
        set_text(cell, text)
        if font:
            cell.font = font
    ws.column_dimensions["A"].width = 110
    protect(ws)
