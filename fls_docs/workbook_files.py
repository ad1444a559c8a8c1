"""What every workbook the project reads or writes shares at the file level: its sheet index, and the size guard.

A workbook is a zip of XML files. The import commands check a file's size, its
unpacked size and each sheet's row count before openpyxl unpacks all of it into
memory, and name the sheet when one is too long.
"""

from __future__ import annotations

import math
import re
import zipfile
import zlib
from pathlib import Path
from xml.etree import ElementTree

from fls_docs.diagnostics import Diagnostic

MAX_WORKBOOK_BYTES = 10 * 1024 * 1024
MAX_UNPACKED_BYTES = 100 * 1024 * 1024  # a zip bomb is small on disk and huge once unpacked
MAX_SHEET_ROWS = 20_000  # ten times the largest plan benchmarked

# A worksheet row element, with or without a namespace prefix (never <rowBreaks> and the like).
_ROW_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]{0,31}:)?row[\s/>]")
_REL_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"


def sheet_paths(archive: zipfile.ZipFile) -> dict[str, str]:
    """Sheet XML file -> sheet title, from the workbook's own index."""
    book = ElementTree.fromstring(archive.read("xl/workbook.xml"))
    rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    targets = {rel.get("Id"): rel.get("Target", "") for rel in rels}
    paths = {}
    for sheet in book.iter():
        if sheet.tag.endswith("}sheet"):
            target = targets.get(sheet.get(_REL_ID), "")
            paths[target.lstrip("/") if target.startswith("/") else f"xl/{target}"] = sheet.get("name", "")
    return paths


def mb(size: int) -> str:
    """A size in MB, rounded up so a file just over a limit never shows as equal to it."""
    return f"{math.ceil(size * 10 / (1024 * 1024)) / 10:g} MB"


def check_workbook_size(workbook: Path, kind: str, size_hint: str, rows_hint: str,
                        max_rows: int = MAX_SHEET_ROWS) -> list[Diagnostic]:
    """Refuse a file too big to be ``kind`` ("a plan workbook"), before openpyxl unpacks all of it into memory.

    ``size_hint`` and ``rows_hint`` say what to do when the file, or one of its sheets, is too big.
    """
    name = workbook.name
    try:
        size = workbook.stat().st_size
    except OSError as exc:
        return [_problem(name, f"cannot be read ({exc.strerror})", "check the file exists and that you can open it")]
    if size > MAX_WORKBOOK_BYTES:
        return [_problem(name, f"is {mb(size)}, over the {mb(MAX_WORKBOOK_BYTES)} limit for {kind}", size_hint)]
    try:
        with zipfile.ZipFile(workbook) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
            if unpacked > MAX_UNPACKED_BYTES:
                return [_problem(name, f"unpacks to {mb(unpacked)}, over the {mb(MAX_UNPACKED_BYTES)} limit for {kind}",
                                 f"check it is the {kind.split(' ', 1)[1]} from fls-docs build")]
            return _long_sheets(name, archive, rows_hint, max_rows)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, NotImplementedError, EOFError):
        return [_problem(name, "cannot be opened as an Excel workbook (it is not an .xlsx file)",
                         "give the .xlsx file made by fls-docs build")]
    except OSError as exc:
        return [_problem(name, f"cannot be read ({exc.strerror})", "check that you can open the file")]


def _long_sheets(name: str, archive: zipfile.ZipFile, hint: str, max_rows: int) -> list[Diagnostic]:
    try:
        names = sheet_paths(archive)
    except (KeyError, ElementTree.ParseError):
        names = {}  # the sheet's file name stands in for its title
    sheets = sorted(m for m in archive.namelist() if m.startswith("xl/worksheets/") and m.endswith(".xml"))
    for member in sheets:
        if _count_rows(archive, member, max_rows) > max_rows:
            return [_problem(name, f'the sheet "{names.get(member, member)}" has more than {max_rows:,} rows', hint)]
    return []


def _count_rows(archive: zipfile.ZipFile, member: str, limit: int) -> int:
    """Rows in one sheet's XML, read a piece at a time and stopping once past ``limit``."""
    count, carry = 0, b""
    with archive.open(member) as stream:
        while True:
            chunk = stream.read(1 << 20)
            data = carry + chunk
            # A tag split across two pieces is counted once: matches near the end wait for the next piece.
            cut = len(data) if not chunk else max(len(data) - 64, 0)
            count += sum(1 for m in _ROW_TAG.finditer(data) if m.start() < cut)
            if not chunk or count > limit:
                return count
            carry = data[cut:]


def _problem(file: str, message: str, hint: str) -> Diagnostic:
    return Diagnostic(file, 0, 0, "", message, hint)
