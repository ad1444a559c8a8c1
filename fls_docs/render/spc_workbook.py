"""The statistical process control parts of the indicators workbook: a readings sheet, and each month's limits.

The readings sheet gives one row per indicator: its chart, the latest part's centre line and process
limits, the Making Data Count variation and assurance, and the reading in words. The monthly sheets
carry each month's centre, limits and variation beside its figure, so an analyst can redraw the chart.
"""

from __future__ import annotations

from typing import Any

from openpyxl.styles import Alignment
from openpyxl.worksheet.worksheet import Worksheet

from fls_docs.calc.spc import CONCERNING, FAILS, HIT_AND_MISS, IMPROVING, PASSES, SpcChart, SpcPoint
from fls_docs.model.project import Indicator
from fls_docs.render.excel import (
    Column, add_table, colour_words, fit_row_heights, header, print_landscape, protect, set_print_area, write_rows,
)

PERCENT = "0.0%"
READINGS_SHEET = "SPC readings"
# Words coloured as MDC colours them: blue for improving or passing, orange for concerning or failing.
SPC_STYLE = {IMPROVING: ("005EB8", "FFFFFF"), PASSES: ("005EB8", "FFFFFF"), CONCERNING: ("ED8B00", "000000"),
             FAILS: ("ED8B00", "000000"), "common cause": ("E8EDEE", "000000"), HIT_AND_MISS: ("E8EDEE", "000000")}
READING_COLUMNS = (
    Column("id", "ID", 20, wrap=True), Column("name", "Indicator", 26, wrap=True), Column("chart", "Chart", 11),
    Column("latest", "Latest month", 10), Column("figure", "Latest figure", 10),
    Column("centre", "Centre line", 10), Column("lower", "Lower limit", 10), Column("upper", "Upper limit", 10),
    Column("from", "Limits since", 12), Column("variation", "Variation", 16, wrap=True),
    Column("assurance", "Assurance", 14, wrap=True), Column("reading", "Reading", 60, wrap=True),
)
# Appended to each month's row, after its figure and status.
MONTH_COLUMNS = (  # wide enough for each bold header on one line
    Column("centre", "Centre line", 12), Column("lower", "Lower limit", 12), Column("upper", "Upper limit", 12),
    Column("variation", "Variation", 23),
)


def number_format(indicator: Indicator) -> str:
    """A share as a percentage; a count as a whole number; an average to one decimal place."""
    return PERCENT if indicator.kind == "share" else "0" if indicator.kind == "count" else "0.0"


def month_cells(chart: SpcChart | None, month: str) -> list[Any]:
    """Centre, lower and upper limit, and variation for one month; blank where the month has no figure."""
    point: SpcPoint | None = next((p for p in chart.points if p.month == month), None) if chart else None
    if point is None:
        return [None, None, None, None]
    return [point.centre, point.lower, point.upper, point.variation.capitalize() if chart and chart.has_limits else ""]


def readings_sheet(ws: Worksheet, charts: list[SpcChart]) -> None:
    """One row per indicator: its latest part's centre and limits, variation, assurance and reading."""
    header(ws, READING_COLUMNS)
    rows = []
    for chart in charts:
        latest = chart.latest
        segment = chart.segments[latest.segment] if latest else None
        limits = chart.has_limits and segment is not None
        rows.append([chart.indicator.id, chart.indicator.name, chart.chart if chart.points else "No data",
                     latest.month if latest else "", latest.value if latest else None,
                     segment.centre if segment else None, segment.lower if limits else None,
                     segment.upper if limits else None, segment.first if limits else "",
                     chart.variation.capitalize(), chart.assurance.capitalize(), chart.summary])
    last = write_rows(ws, READING_COLUMNS, rows)
    for row, chart in enumerate(charts, start=2):
        for col in range(5, 9):
            ws.cell(row=row, column=col).number_format = number_format(chart.indicator)
    add_table(ws, "SpcReadings", READING_COLUMNS, last)
    colour_words(ws, f"J2:K{max(last, 2)}", SPC_STYLE)
    for row in ws.iter_rows(min_row=2, max_row=last):
        for cell in row:
            cell.alignment = Alignment(vertical="top", wrap_text=cell.alignment.wrap_text)
    fit_row_heights(ws, 1, last)
    print_landscape(ws)
    set_print_area(ws, len(READING_COLUMNS), last)
    protect(ws)
