"""Office files settled to the build date: the same content gives the same bytes."""

from __future__ import annotations

import io
import zipfile
from datetime import date
from pathlib import Path

import docx

from fls_docs.render.reproducible import settle, settle_all

ON = date(2026, 11, 25)
CORE = ('<?xml version="1.0"?><cp:coreProperties xmlns:cp="cp" xmlns:dcterms="http://purl.org/dc/terms/" '
        'xmlns:xsi="xsi"><dcterms:created xsi:type="dcterms:W3CDTF">{when}</dcterms:created>'
        '<dcterms:modified xsi:type="dcterms:W3CDTF">{when}</dcterms:modified></cp:coreProperties>')


def _archive(when: tuple[int, ...], stamp: str, inner: bytes | None = None) -> bytes:
    """A small Office-like archive written at ``when``, its core properties saying ``stamp``."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(zipfile.ZipInfo("[Content_Types].xml", when), "<Types/>")
        archive.writestr(zipfile.ZipInfo("docProps/core.xml", when), CORE.format(when=stamp))
        if inner is not None:
            archive.writestr(zipfile.ZipInfo("ppt/embeddings/Sheet1.xlsx", when), inner)
    return out.getvalue()


def test_two_writes_of_the_same_content_at_different_times_come_out_the_same(tmp_path: Path) -> None:
    morning, evening = tmp_path / "morning.pptx", tmp_path / "evening.pptx"
    morning.write_bytes(_archive((2026, 11, 25, 9, 14, 2), "2026-11-25T09:14:02Z",
                                 _archive((2026, 11, 25, 9, 14, 2), "2026-11-25T09:14:02Z")))
    evening.write_bytes(_archive((2026, 11, 25, 18, 40, 56), "2026-11-25T18:40:56Z",
                                 _archive((2026, 11, 25, 18, 40, 56), "2026-11-25T18:40:56Z")))
    assert morning.read_bytes() != evening.read_bytes()
    settle(morning, ON)
    settle(evening, ON)
    assert morning.read_bytes() == evening.read_bytes()
    with zipfile.ZipFile(morning) as archive:
        assert {info.date_time for info in archive.infolist()} == {(2026, 11, 25, 0, 0, 0)}
        core = archive.read("docProps/core.xml").decode()
        assert core.count("2026-11-25T00:00:00Z") == 2 and "09:14" not in core
        with zipfile.ZipFile(io.BytesIO(archive.read("ppt/embeddings/Sheet1.xlsx"))) as inner:
            assert "2026-11-25T00:00:00Z" in inner.read("docProps/core.xml").decode()
            assert {info.date_time for info in inner.infolist()} == {(2026, 11, 25, 0, 0, 0)}


def test_a_settled_word_document_still_opens_with_its_text(tmp_path: Path) -> None:
    path = tmp_path / "docs" / "note.docx"
    path.parent.mkdir()
    document = docx.Document()
    document.add_paragraph("Fracture liaison: the pilot starts in March.")
    document.save(path)
    (tmp_path / "docs" / "notes.txt").write_text("not an Office file", encoding="utf-8")
    settle_all(tmp_path, ["docs/note.docx", "docs/notes.txt", "docs/missing.xlsx"], ON)
    assert [p.text for p in docx.Document(path).paragraphs] == ["Fracture liaison: the pilot starts in March."]
    assert (tmp_path / "docs" / "notes.txt").read_text(encoding="utf-8") == "not an Office file"
