"""What every workbook shares: header rows, Excel tables, status colours, protection and safe text."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import Cell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.formatting.rule import CellIsRule
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.table import Table, TableStyleInfo
from openpyxl.worksheet.worksheet import Worksheet

# NHS identity colours; the status word is always shown too, never colour alone.
STATUS_STYLE = {
    "complete": ("005EB8", "FFFFFF"),
    "on track": ("007F3B", "FFFFFF"),
    "at risk": ("FFB81C", "000000"),
    "late": ("DA291C", "FFFFFF"),
    "not started": ("E8EDEE", "000000"),
}
RISK_BAND_STYLE = {"Low": ("007F3B", "FFFFFF"), "Moderate": ("FFEB3B", "000000"),
                   "High": ("ED8B00", "000000"), "Extreme": ("DA291C", "FFFFFF")}
TARGET_STYLE = {"Met": ("007F3B", "FFFFFF"), "Close": ("FFB81C", "000000"), "Not met": ("DA291C", "FFFFFF"),
                "No data": ("E8EDEE", "000000")}
HEADER_FILL = PatternFill("solid", fgColor="003087")
HEADER_FONT = Font(bold=True, color="FFFFFF")
TOP_WRAP = Alignment(vertical="top", wrap_text=True)
TOP = Alignment(vertical="top")
UNLOCKED = Protection(locked=False)
DATE_FORMAT = "DD/MM/YYYY"
_FORMULA_START = ("=", "+", "-", "@")


@dataclass(frozen=True)
class Column:
    key: str
    title: str
    width: float
    wrap: bool = False
    editable: bool = False
    number_format: str | None = None


def save_guarded(wb: Workbook, out: Any) -> None:
    """Save ``wb`` after one last pass over every cell of every sheet, headers included.

    The workbooks hold no formulas of our own, so any text that a spreadsheet would
    run as one (starting =, +, - or @, such as a name typed as =HYPERLINK(...)) is
    stored as plain text, and characters a workbook cannot hold are dropped.
    """
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if isinstance(cell.value, str):
                    clean = ILLEGAL_CHARACTERS_RE.sub("", cell.value)
                    if clean != cell.value:
                        cell.value = clean
                    if clean.startswith(_FORMULA_START):
                        cell.data_type = "s"
    wb.save(out)


def set_text(cell: Cell, value: Any) -> None:
    """Write a value; text that looks like a formula stays text (no spreadsheet formula injection)."""
    cell.value = value
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        cell.data_type = "s"


def header(ws: Worksheet, columns: Sequence[Column], row: int = 1) -> None:
    for col, column in enumerate(columns, start=1):
        cell = ws.cell(row=row, column=col, value=column.title)
        cell.fill, cell.font = HEADER_FILL, HEADER_FONT
        cell.alignment = Alignment(vertical="center", wrap_text=True)
        ws.column_dimensions[get_column_letter(col)].width = column.width
    ws.freeze_panes = ws.cell(row=row + 1, column=1).coordinate


def write_rows(ws: Worksheet, columns: Sequence[Column], rows: Iterable[Sequence[Any]], first_row: int = 2) -> int:
    """Write data rows under the header; returns the last row written (the header row if none)."""
    formats = [c.number_format for c in columns]
    aligns = [TOP_WRAP if c.wrap else TOP for c in columns]
    editable = [c.editable for c in columns]
    last = first_row - 1
    for r, values in enumerate(rows, start=first_row):
        for c, value in enumerate(values):
            cell = ws.cell(row=r, column=c + 1)
            set_text(cell, value)
            cell.alignment = aligns[c]
            if formats[c]:
                cell.number_format = formats[c]
            if editable[c]:
                cell.protection = UNLOCKED
        last = r
    return last


def add_table(ws: Worksheet, name: str, columns: Sequence[Column], last_row: int, first_row: int = 1) -> None:
    """Make the block an Excel table with its own filter buttons. A block with no rows is left as it is:
    Excel cannot hold a table without a data row."""
    if last_row <= first_row:
        return
    table = Table(displayName=name, ref=f"A{first_row}:{get_column_letter(len(columns))}{last_row}")
    table.tableStyleInfo = TableStyleInfo(name="TableStyleLight9", showRowStripes=True)
    ws.add_table(table)


def colour_words(ws: Worksheet, cells: str, styles: dict[str, tuple[str, str]], capitalise: bool = True) -> None:
    """Colour cells by the word they hold, so the colour follows an edit made in Excel."""
    for word, (fill, font) in styles.items():
        text = word.capitalize() if capitalise else word
        ws.conditional_formatting.add(cells, CellIsRule(
            operator="equal", formula=[f'"{text}"'], fill=PatternFill("solid", fgColor=fill, bgColor=fill),
            font=Font(color=font, bold=True)))


def protect(ws: Worksheet) -> None:
    """Lock every cell not marked editable, without a password: a guard against slips, not a security measure."""
    ws.protection.sheet = True
    # Still allow filtering, sorting and resizing.
    ws.protection.autoFilter = False
    ws.protection.sort = False
    ws.protection.formatColumns = False
    ws.protection.formatRows = False


def print_landscape(ws: Worksheet, title_rows: str | None = "1:1", fit_width: bool = True) -> None:
    if title_rows:
        ws.print_title_rows = title_rows
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    if fit_width:
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0
        ws.sheet_properties.pageSetUpPr.fitToPage = True
