"""Reading a Word document's text for the check: every cell of every table, every time."""

from __future__ import annotations

from pathlib import Path

import docx

from fls_docs.check.text import docx_blocks


def test_every_table_cell_is_read_on_every_reading(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("Sources of the figures")
    table = document.add_table(rows=40, cols=3)
    for r, row in enumerate(table.rows):
        for c, cell in enumerate(row.cells):
            cell.text = f"Row {r} column {c}"
    merged = document.add_table(rows=2, cols=3)
    merged.cell(0, 0).merge(merged.cell(0, 2)).text = "One cell across three columns"
    path = tmp_path / "sources.docx"
    document.save(path)
    expected = ["Sources of the figures", *(f"Row {r} column {c}" for r in range(40) for c in range(3)),
                "One cell across three columns"]
    # Python may reuse a freed object's id for the next cell: read many times to give that every chance.
    for _ in range(25):
        assert docx_blocks(path) == expected
