"""The project initiation document, read back with python-docx."""

from pathlib import Path

import docx
import pytest

from fls_docs.calc.results import calculate
from fls_docs.model.validate import load_project
from fls_docs.render.formatting import num
from tests.conftest import TRICKY_TITLE

PID = Path("build/docs/project-initiation-document.docx")


@pytest.fixture(scope="module")
def pid(built_example: Path) -> docx.document.Document:
    return docx.Document(str(built_example / PID))


def _tables_by_header(document) -> dict[str, list[list[str]]]:
    return {t.rows[0].cells[0].text: [[c.text for c in r.cells] for r in t.rows] for t in document.tables}


def test_headings_come_in_order_with_none_skipped(pid) -> None:
    levels = [int(p.style.name.split()[-1]) for p in pid.paragraphs if p.style.name.startswith("Heading")]
    assert levels[0] == 1
    assert all(b - a <= 1 for a, b in zip(levels, levels[1:]))
    headings = [p.text for p in pid.paragraphs if p.style.name == "Heading 1"]
    assert headings == ["Document control", "Why we need this project", "What we want to achieve", "Scope",
                        "What we will produce", "Benefits", "Who is involved", "Milestones", "Risks", "How to get involved"]


def test_no_template_tags_are_left(pid) -> None:
    text = "\n".join(p.text for p in pid.paragraphs) + "".join(c.text for t in pid.tables for r in t.rows for c in r.cells)
    assert "{{" not in text and "{%" not in text


def test_tables_hold_one_row_per_item_from_content(pid, built_example: Path) -> None:
    project, _ = load_project(built_example)
    tables = _tables_by_header(pid)
    assert [r[0] for r in tables["Version"][1:]] == [rev.version for rev in project.document_control.history]
    assert [r[0] for r in tables["Name"][1:]] == [p.name for p in project.team]
    assert [r[0] for r in tables["Milestone"][1:]] == [t.title for t in project.brief.milestones]
    assert len(tables["Risk"]) == 1 + len(project.brief.risks)
    for table in pid.tables:  # header rows repeat on every page
        assert table.rows[0]._tr.trPr.find(docx.oxml.ns.qn("w:tblHeader")) is not None


def test_calculator_figures_appear_as_calculated(pid, built_example: Path) -> None:
    project, _ = load_project(built_example)
    from fls_docs.build import today
    results = calculate(project, today())
    body = "\n".join(p.text for p in pid.paragraphs)
    assert f"about {num(results.benefits.expected_per_year)} fragility fractures a year" in body
    assert f"among the {num(project.catchment.aged_50_plus)} people aged 50 and over" in body


def test_footer_carries_the_version_and_page_number(pid) -> None:
    footer = pid.sections[0].footer.paragraphs[0]
    assert "version 0.4 (Draft)" in footer.text
    assert "PAGE" in footer._p.xml and "NUMPAGES" in footer._p.xml


def test_markup_in_content_is_kept_literally_and_no_row_is_lost(built_tricky: Path) -> None:
    document = docx.Document(str(built_tricky / PID))
    project, _ = load_project(built_tricky)
    rows = _tables_by_header(document)["Milestone"][1:]
    assert len(rows) == len(project.brief.milestones)
    assert TRICKY_TITLE in [r[0] for r in rows]
    # The tables after the one holding the markup are complete too.
    assert len(_tables_by_header(document)["Risk"]) == 1 + len(project.brief.risks)


def test_a_team_can_restyle_the_template(tmp_path: Path) -> None:
    """A project's own copy of the template, with a changed style, is used for the build."""
    from tests.conftest import REPO, copy_project, run

    root = copy_project(tmp_path, "minimal")
    template = docx.Document(str(REPO / "templates" / "word" / "project-initiation-document.docx"))
    template.styles["Heading 1"].font.name = "Georgia"
    template.styles["Heading 1"].font.color.rgb = docx.shared.RGBColor(0xAA, 0x00, 0x00)
    (root / "templates" / "word").mkdir(parents=True)
    template.save(str(root / "templates" / "word" / "project-initiation-document.docx"))
    assert run("build", "--quiet", root).exit_code == 0
    out = docx.Document(str(root / PID))
    assert out.styles["Heading 1"].font.name == "Georgia"
    assert str(out.styles["Heading 1"].font.color.rgb) == "AA0000"
    assert any(p.text == "Document control" and p.style.name == "Heading 1" for p in out.paragraphs)
