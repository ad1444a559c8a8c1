"""The same content on the same day gives the same file, byte for byte.

Word, Excel and PowerPoint files are zip archives. The libraries that write
them stamp each member with the time of writing, and openpyxl also records that
time as the workbook's created and modified dates. Two builds of the same
content a second apart would then differ: a team keeping its outputs in git
would see every document change on every build, and a site kept up to date
page by page could not be checked against a clean build. Settling a file
rewrites those stamps as the build date.
"""

from __future__ import annotations

import io
import os
import re
import zipfile
from datetime import date
from pathlib import Path

OFFICE_SUFFIXES = (".docx", ".xlsx", ".pptx")
CORE = "docProps/core.xml"
# <dcterms:created xsi:type="dcterms:W3CDTF">2026-11-26T07:39:00Z</dcterms:created>, and modified alike
_CORE_DATES = re.compile(rb"(<dcterms:(?:created|modified)\b[^>]*>)[^<]*(</dcterms:(?:created|modified)>)")


def settle(path: Path, on: date) -> None:
    """Rewrite the Office file at ``path`` with every time stamp set to midnight (UTC) on ``on``."""
    temp = path.with_name(path.name + ".settling")
    temp.write_bytes(_settled(path.read_bytes(), on))
    os.replace(temp, path)


def _settled(archive: bytes, on: date) -> bytes:
    """The archive with its stamps set to ``on``, and those of the Office files inside it (a deck's chart data)."""
    stamp = (on.year, on.month, on.day, 0, 0, 0)
    out_bytes = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(archive)) as source, zipfile.ZipFile(out_bytes, "w") as out:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == CORE:
                data = _CORE_DATES.sub(rb"\g<1>" + f"{on.isoformat()}T00:00:00Z".encode() + rb"\g<2>", data)
            elif info.filename.endswith(OFFICE_SUFFIXES):
                data = _settled(data, on)
            member = zipfile.ZipInfo(info.filename, stamp)
            member.compress_type = info.compress_type
            member.external_attr = info.external_attr
            out.writestr(member, data)
    return out_bytes.getvalue()


def settle_all(folder: Path, names: list[str], on: date) -> None:
    """Settle each Office file among ``names`` (relative to ``folder``)."""
    for name in names:
        if name.endswith(OFFICE_SUFFIXES) and (folder / name).is_file():
            settle(folder / name, on)
