"""What every workbook shares: header rows, Excel tables, status colours, protection, printing, formulas and safe text."""

from __future__ import annotations

import io
import math
import re
import textwrap
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any
from weakref import WeakKeyDictionary
from xml.sax.saxutils import escape

from openpyxl import Workbook
from openpyxl.cell import Cell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.formatting.rule import CellIsRule
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import to_excel
from openpyxl.worksheet.table import Table, TableStyleInfo
from openpyxl.worksheet.worksheet import Worksheet

from fls_docs.workbook_files import sheet_paths

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


# Formulas the renderers wrote on purpose, by workbook: id(cell) -> (cell, formula, cached value).
# Only these survive save_guarded as formulas; any other text starting with = stays text.
_FORMULAS: WeakKeyDictionary[Workbook, dict[int, tuple[Cell, str, Any]]] = WeakKeyDictionary()


def set_formula(cell: Cell, formula: str, cached: Any = None) -> None:
    """Write a live formula built by a renderer (never from content text), with the value it has at build time.

    The cached value is what Excel's Protected View, previewers and readers that do not calculate show.
    """
    if not formula.startswith("="):
        raise ValueError(f"a formula starts with '=': {formula!r}")
    cell.value = formula
    _FORMULAS.setdefault(cell.parent.parent, {})[id(cell)] = (cell, formula, cached)


def is_formula(cell: Cell) -> bool:
    """True for a cell holding a formula registered with set_formula."""
    entry = _FORMULAS.get(cell.parent.parent, {}).get(id(cell))
    return entry is not None and entry[1] == cell.value


# File names a team's copy may mention, and how a reader's copy says them instead.
_FILES_FOR_READERS = (("content/indicators.csv", "the project's monthly counts"),
                      ("content/indicators.yaml", "the project's indicators"),
                      ("content/brief.yaml", "the project brief"), ("content/plan.yaml", "the project plan"),
                      ("content/meetings.yaml", "the project's meeting records"),
                      ("plan.yaml", "the project plan"))


def for_readers(text: str, build: Any) -> str:
    """``text`` as a reader's copy (profile review or final) says it: no content file names."""
    if not getattr(build, "for_readers", False):
        return text
    for name, words in _FILES_FOR_READERS:
        text = text.replace(name, words)
    return text


def save_guarded(wb: Workbook, out: Any) -> None:
    """Save ``wb`` after one last pass over every cell of every sheet, headers included.

    Text that a spreadsheet would run as a formula (starting =, +, - or @, such as a name typed as
    =HYPERLINK(...)) is stored as plain text, unless the renderer wrote that very formula into that
    very cell with set_formula; characters a workbook cannot hold are dropped. Registered formulas
    get their build-time values cached, and the workbook asks to be recalculated when it is opened.
    """
    registered = _FORMULAS.get(wb, {})
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if isinstance(cell.value, str):
                    if is_formula(cell):
                        continue
                    clean = ILLEGAL_CHARACTERS_RE.sub("", cell.value)
                    if clean != cell.value:
                        cell.value = clean
                    if clean.startswith(_FORMULA_START):
                        cell.data_type = "s"
    if registered:
        wb.calculation.fullCalcOnLoad = True
    buffer = io.BytesIO()
    wb.save(buffer)
    data = _cache_values(buffer.getvalue(), wb, [entry for entry in registered.values() if is_formula(entry[0])])
    if isinstance(out, (str, Path)):
        Path(out).write_bytes(data)
    else:
        out.write(data)


def _cache_values(data: bytes, wb: Workbook, entries: list[tuple[Cell, str, Any]]) -> bytes:
    """The saved workbook with each registered formula's build-time value written beside it."""
    if not entries:
        return data
    by_sheet: dict[str, dict[str, Any]] = {}
    for cell, _, cached in entries:
        if cached is not None:
            by_sheet.setdefault(cell.parent.title, {})[cell.coordinate] = cached
    source = zipfile.ZipFile(io.BytesIO(data))
    paths = sheet_paths(source)
    result = io.BytesIO()
    with zipfile.ZipFile(result, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            title = paths.get(info.filename)
            if title in by_sheet:
                content = _cache_sheet(content.decode("utf-8"), by_sheet[title], wb.epoch).encode("utf-8")
            target.writestr(info, content)
    return result.getvalue()


def _cache_sheet(xml: str, values: dict[str, Any], epoch: datetime) -> str:
    def fill(match: re.Match[str]) -> str:
        attrs, formula = match[1], match[2]
        value = values.get(re.search(r'\br="([A-Z]+[0-9]+)"', attrs)[1])
        if value is None:
            return match[0]
        attrs = re.sub(r'\st="[^"]*"', "", attrs)
        if isinstance(value, bool):
            return f'<c{attrs} t="b">{formula}<v>{int(value)}</v></c>'
        if isinstance(value, (int, float)):
            return f"<c{attrs}>{formula}<v>{value!r}</v></c>" if math.isfinite(value) else match[0]
        if isinstance(value, (date, datetime)):
            return f"<c{attrs}>{formula}<v>{to_excel(value, epoch)}</v></c>"
        return f'<c{attrs} t="str">{formula}<v>{escape(str(value))}</v></c>'

    return re.sub(r"<c(\s[^>]*)>(<f>[^<]*</f>)(?:<v\s*/>|<v>\s*</v>)?</c>", fill, xml)


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
    """A4 landscape; fitted to one page wide (as many pages down as it needs) unless ``fit_width`` is False."""
    if title_rows:
        ws.print_title_rows = title_rows
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.page_margins.top = ws.page_margins.bottom = 0.6
    ws.page_margins.header = ws.page_margins.footer = 0.25
    if fit_width:
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0
        ws.sheet_properties.pageSetUpPr.fitToPage = True


def page_furniture(ws: Worksheet, project_name: str, document: str) -> None:
    """Project and document at the top of each printed page, the sheet and page x of y at the foot."""
    def plain(text: str) -> str:
        return text.replace("&", "&&")  # & starts a code (&P, &N) in a header

    for header_footer in (ws.oddHeader, ws.evenHeader, ws.firstHeader):
        header_footer.left.text = plain(project_name)
        header_footer.right.text = plain(document)
    for header_footer in (ws.oddFooter, ws.evenFooter, ws.firstFooter):
        header_footer.left.text = "&A"
        header_footer.right.text = "Page &P of &N"


def set_print_area(ws: Worksheet, last_column: int, last_row: int, first_row: int = 1) -> None:
    ws.print_area = f"A{first_row}:{get_column_letter(last_column)}{max(last_row, first_row)}"


# Calibri 11 (Carlito in LibreOffice): a column of width w holds about 1.2 w characters of ordinary text,
# a line takes about 15 points. Erring towards a line too many costs a little white space; a line too
# few hides words on paper.
LINE_POINTS = 15.0
_CHARS_PER_WIDTH = 1.15


def text_lines(text: str, width: float, bold: bool = False, size: float = 11) -> int:
    """How many lines ``text`` wraps to in a column ``width`` characters wide."""
    capacity = max(1, int(width * _CHARS_PER_WIDTH * (0.9 if bold else 1.0) * 11 / size) - 1)
    return sum(max(1, len(textwrap.wrap(part, capacity, break_long_words=True))) for part in text.split("\n"))


def fit_row_heights(ws: Worksheet, first_row: int = 1, last_row: int | None = None, minimum: float = LINE_POINTS) -> None:
    """Give each row the height its wrapped cells need, estimated from column widths and text length.

    Excel does not grow a row to fit when the file opens, so a row left at the default height shows only
    the first line of a long task title, on screen and on paper.
    """
    widths = {letter: dim.width for letter, dim in ws.column_dimensions.items()}
    merged = {rng.min_row: rng for rng in ws.merged_cells.ranges}
    for row in ws.iter_rows(min_row=first_row, max_row=last_row or ws.max_row):
        lines, size = 1, 11.0
        for cell in row:
            if cell.value is None or not (cell.alignment and cell.alignment.wrap_text) or is_formula(cell):
                continue
            width = widths.get(cell.column_letter) or 8.43
            span = merged.get(cell.row)
            if span is not None and span.min_col == cell.column:
                width = sum(widths.get(get_column_letter(c)) or 8.43 for c in range(span.min_col, span.max_col + 1))
            font_size = float(cell.font.sz or 11) if cell.font else 11.0
            text = _shown(cell.value)
            lines = max(lines, text_lines(text, width, bool(cell.font and cell.font.b), font_size))
            size = max(size, font_size)
        height = max(minimum, lines * LINE_POINTS * size / 11 + 2)
        if lines > 1 or height > LINE_POINTS + 2:
            ws.row_dimensions[row[0].row].height = round(height, 1)


def _shown(value: Any) -> str:
    """A cell's value as the text it shows, near enough to count its lines."""
    if isinstance(value, (date, datetime)):
        return "00/00/0000"
    return str(value)
