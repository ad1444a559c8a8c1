"""The Word documents, read back with python-docx."""

from datetime import date
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn

from fls_docs.calc.results import Results, calculate
from fls_docs.model.validate import load_project
from fls_docs.render.formatting import money, num
from tests.conftest import REPO, TRICKY_TITLE, copy_project, run

DOCS = Path("build/docs")
PID, SPEC, CASE = "project-initiation-document.docx", "service-specification.docx", "business-case.docx"
ALL = (PID, SPEC, CASE)


@pytest.fixture(scope="module")
def results(built_example: Path) -> Results:
    project, _ = load_project(built_example)
    return calculate(project, date(2026, 11, 25), samples=10_000)


def _open(root: Path, name: str):
    return docx.Document(str(root / DOCS / name))


def _body(document) -> str:
    cells = [c.text for t in document.tables for r in t.rows for c in r.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def _headings(document, level: int | None = None) -> list[str]:
    return [p.text for p in document.paragraphs
            if p.style.name.startswith("Heading") and (level is None or p.style.name == f"Heading {level}")]


def _tables_by_header(document) -> dict[str, list[list[str]]]:
    return {t.rows[0].cells[0].text: [[c.text for c in r.cells] for r in t.rows] for t in document.tables}


@pytest.mark.parametrize("name", ALL)
def test_headings_come_in_order_with_none_skipped(built_example: Path, name: str) -> None:
    document = _open(built_example, name)
    levels = [int(p.style.name.split()[-1]) for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert levels[0] == 1
    assert all(b - a <= 1 for a, b in zip(levels, levels[1:]))
    assert [p.style.name for p in document.paragraphs[:2]] == ["Title", "Subtitle"]


def test_the_pid_has_every_section_of_the_nhs_structure(built_example: Path) -> None:
    assert _headings(_open(built_example, PID), 1) == [
        "Document control", "Background", "Objectives", "Scope", "Deliverables and benefits", "Organisation", "Plan",
        "Budget", "Risks", "Communications", "How to get involved"]
    assert {"Why now", "If we do nothing", "Constraints", "Assumptions"} <= set(_headings(_open(built_example, PID), 2))


def test_the_specification_has_the_seven_numbered_sections(built_example: Path) -> None:
    headings = _headings(_open(built_example, SPEC), 1)
    assert headings == ["Document control", "1. Population needs", "2. Outcomes", "3. Scope",
                        "4. Applicable service standards", "5. Applicable quality requirements",
                        "6. Location of provider premises"]  # the example has no section 7
    subs = _headings(_open(built_example, SPEC), 2)
    assert {"1.1 National context", "1.2 Local context", "1.3 Evidence base", "3.2 Service description and care pathway",
            "3.4 Activity, staffing and price", "3.6 Interdependence with other services"} <= set(subs)


def test_the_business_case_follows_the_five_cases(built_example: Path) -> None:
    assert _headings(_open(built_example, CASE), 1) == [
        "Decision requested", "Document control", "1. Executive summary", "2. Strategic case", "3. Economic case",
        "4. Commercial case", "5. Financial case", "6. Management case", "Appendix: notes for the team"]


@pytest.mark.parametrize("name", ALL)
def test_no_template_tags_are_left(built_example: Path, name: str) -> None:
    text = _body(_open(built_example, name))
    assert "{{" not in text and "{%" not in text


@pytest.mark.parametrize("name", ALL)
def test_every_table_has_a_repeating_header_row(built_example: Path, name: str) -> None:
    document = _open(built_example, name)
    assert document.tables
    for table in document.tables:
        assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
        assert all(run.bold for cell in table.rows[0].cells for p in cell.paragraphs for run in p.runs)


@pytest.mark.parametrize("name, images", [(PID, 1), (SPEC, 2), (CASE, 5)])
def test_every_image_has_alt_text(built_example: Path, name: str, images: int) -> None:
    document = _open(built_example, name)
    described = [d.get("descr", "") for d in document.element.body.iter(qn("wp:docPr"))]
    assert len(described) == images
    assert all(len(text) > 40 for text in described)


def test_chart_alt_text_carries_the_calculated_figures(built_example: Path, results: Results) -> None:
    alt = " ".join(d.get("descr") for d in _open(built_example, CASE).element.body.iter(qn("wp:docPr")))
    assert f"the {num(results.benefits.expected_per_year)} fragility fractures expected each year" in alt
    first = results.budget[0]
    assert (f"{first.year}: service cost {money(first.ask)}, savings "
            f"{money(first.cash_releasing_savings + first.other_savings)}") in alt


@pytest.mark.parametrize("name", ALL)
def test_the_table_of_contents_is_a_field_word_fills_on_open(built_example: Path, name: str) -> None:
    document = _open(built_example, name)
    instructions = [t.text for t in document.element.body.iter(qn("w:instrText"))]
    assert any(i.strip().startswith("TOC") for i in instructions)
    assert document.settings.element.find(qn("w:updateFields")).get(qn("w:val")) == "true"


@pytest.mark.parametrize("name, title, versions", [
    (PID, "Project initiation document", ["0.1", "0.2", "0.3"]),
    (SPEC, "Service specification", ["0.1", "0.3", "0.4"]),
    (CASE, "Business case", ["0.1", "0.4"]),
])
def test_footer_and_properties(built_example: Path, name: str, title: str, versions: list[str]) -> None:
    """Each document carries only the versions that changed it (project.yaml's history says which)."""
    project, _ = load_project(built_example)
    document = _open(built_example, name)
    footer = document.sections[0].footer.paragraphs[0]
    assert f"version {versions[-1]} (Draft)" in footer.text
    history = next(t for t in document.tables if t.rows[0].cells[0].text == "Version")
    assert [r.cells[0].text for r in history.rows[1:]] == versions
    assert "PAGE" in footer._p.xml and "NUMPAGES" in footer._p.xml
    properties = document.core_properties
    assert properties.title == f"{project.info.name}: {title}"
    assert properties.subject == f"{title} for {project.info.name}"
    assert properties.author == project.organisation.name
    assert properties.content_status == project.document_control.status
    assert properties.language == "en-GB"


@pytest.mark.parametrize("name", ALL)
def test_every_style_is_british_english(built_example: Path, name: str) -> None:
    styles = _open(built_example, name).styles.element
    default = styles.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:lang')}")
    assert default is not None and default.get(qn("w:val")) == "en-GB"
    for style in styles.iterchildren(qn("w:style")):
        if style.get(qn("w:type")) == "numbering":
            continue  # numbering styles have no run properties
        lang = style.find(f"{qn('w:rPr')}/{qn('w:lang')}")
        assert lang is not None and lang.get(qn("w:val")) == "en-GB", style.get(qn("w:styleId"))


def _contents(document) -> tuple[str, list[tuple[int, str, str]]]:
    """The TOC field's instruction and the entries it shows before any update: (level, text, link target)."""
    body = document.element.body
    instr = next(i for i in body.iter(qn("w:instrText")) if i.text.strip().startswith("TOC"))
    entries, inside = [], False
    for paragraph in body.iterchildren(qn("w:p")):
        inside = inside or instr in paragraph.iter(qn("w:instrText"))
        if not inside:
            continue
        style = paragraph.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
        links = paragraph.findall(qn("w:hyperlink"))
        text = "".join(t.text for t in paragraph.iter(qn("w:t")))
        if text:
            anchor = links[0].get(qn("w:anchor")) if links else ""
            entries.append((int(style.get(qn("w:val"))[-1]), text, anchor))
        if any(c.get(qn("w:fldCharType")) == "end" for c in paragraph.iter(qn("w:fldChar"))):
            return instr.text, entries
    raise AssertionError("the TOC field has no end")


@pytest.mark.parametrize("name", ALL)
def test_contents_list_the_headings_present_before_any_field_update(built_example: Path, name: str) -> None:
    document = _open(built_example, name)
    instruction, entries = _contents(document)
    top = int(instruction.split('"')[1].split("-")[1])
    headings = [(int(p.style.name.split()[-1]), p.text) for p in document.paragraphs
                if p.style.name.startswith("Heading") and int(p.style.name.split()[-1]) <= top]
    assert [(level, text) for level, text, _ in entries] == headings
    bookmarks = {b.get(qn("w:name")): "".join(t.text for t in b.getparent().iter(qn("w:t")))
                 for b in document.element.body.iter(qn("w:bookmarkStart"))}
    assert all(bookmarks[anchor] == text for _, text, anchor in entries)  # each entry links to its heading


def test_contents_leave_out_sections_the_document_does_not_have(built_example: Path) -> None:
    _, entries = _contents(_open(built_example, SPEC))
    assert not any(text.startswith("7.") for _, text, _ in entries)  # the example has no section 7


@pytest.mark.parametrize("name", ALL)
def test_no_empty_paragraphs(built_example: Path, name: str) -> None:
    """Spacing comes from styles; {%p %} tags leave nothing behind."""
    document = _open(built_example, name)
    cells = [p for t in document.tables for r in t.rows for c in r.cells if len(c.paragraphs) > 1 for p in c.paragraphs]
    for paragraph in document.paragraphs + cells:
        keeps = paragraph._p.xpath(".//w:drawing | .//w:sectPr | .//w:fldChar")
        after = paragraph._p.getnext()
        # Word needs a paragraph mark after a table that ends the document: the one empty paragraph allowed.
        closes_final_table = (after is None or after.tag == qn("w:sectPr")) and paragraph._p.getprevious() is not None \
            and paragraph._p.getprevious().tag == qn("w:tbl")
        assert paragraph.text.strip() or keeps or closes_final_table, f"empty paragraph after {paragraph._p.getprevious()}"


@pytest.mark.parametrize("name", ALL)
def test_table_rows_never_split_and_text_after_a_table_has_room(built_example: Path, name: str) -> None:
    document = _open(built_example, name)
    for row in document.element.body.iter(qn("w:tr")):
        assert row.trPr is not None and row.trPr.find(qn("w:cantSplit")) is not None
    for table in document.element.body.iterchildren(qn("w:tbl")):
        following = docx.text.paragraph.Paragraph(table.getnext(), document._body)
        style = following.style
        while style is not None and style.paragraph_format.space_before is None:
            style = style.base_style
        before = following.paragraph_format.space_before or (style.paragraph_format.space_before if style else None)
        assert before is not None and before.pt >= 10, following.text


@pytest.mark.parametrize("name", ALL)
def test_only_headings_and_captions_keep_with_the_next_paragraph(built_example: Path, name: str) -> None:
    """A long keep-with-next chain pushes a figure to the next page and leaves a gap behind it."""
    document = _open(built_example, name)
    for paragraph in document.paragraphs:
        style = paragraph.style
        keeps = paragraph.paragraph_format.keep_with_next
        while keeps is None and style is not None:
            keeps, style = style.paragraph_format.keep_with_next, style.base_style
        if keeps:
            assert paragraph.style.name.startswith(("Heading", "Title", "Caption", "TOC Heading")), paragraph.text


_FONTS = Path("/usr/share/fonts/truetype/liberation2")  # Liberation Sans has Arial's widths


@pytest.mark.skipif(not (_FONTS / "LiberationSans-Bold.ttf").is_file(), reason="Liberation Sans is not installed")
@pytest.mark.parametrize("name", ALL)
def test_every_word_fits_its_column(built_example: Path, name: str) -> None:
    """No header or figure breaks mid-word: each word, with the cell's margins, is narrower than its column."""
    from PIL import ImageFont

    fonts = {bold: ImageFont.truetype(str(_FONTS / f"LiberationSans-{'Bold' if bold else 'Regular'}.ttf"), 100)
             for bold in (False, True)}
    document = _open(built_example, name)
    size = document.styles["Normal"].font.size.pt
    margins = 0.38  # Word's default cell margins, 0.19 cm each side
    for table in document.tables:
        columns = [int(g.get(qn("w:w"))) / 567 for g in table._tbl.tblGrid.iter(qn("w:gridCol"))]
        for r, row in enumerate(table.rows):
            for c, cell in enumerate(row.cells):
                for word in cell.text.split():
                    width = fonts[r == 0].getlength(word) / 100 * size / 72 * 2.54 + margins
                    assert width <= columns[c], f"{word!r} is {width:.2f} cm wide in a {columns[c]:.2f} cm column"


def test_tables_hold_one_row_per_item_from_content(built_example: Path) -> None:
    project, _ = load_project(built_example)
    tables = _tables_by_header(_open(built_example, PID))
    assert [r[0] for r in tables["Version"][1:]] == [rev.version for rev in project.document_control.history
                                                     if rev.applies_to("pid")]
    # The team is drawn inside the stakeholder map; its alt text names each member.
    alt = " ".join(d.get("descr", "") for d in _open(built_example, PID).element.body.iter(qn("wp:docPr")))
    assert all(p.name in alt for p in project.team)
    assert [r[0] for r in tables["Milestone"][1:]] == [t.title for t in project.brief.milestones]
    assert len(tables["Risk"]) == 1 + min(4, len(project.brief.risks))  # the PID shows the highest four


def test_pid_figures_appear_as_calculated(built_example: Path, results: Results) -> None:
    project, _ = load_project(built_example)
    body = _body(_open(built_example, PID))
    assert f"About {num(results.benefits.expected_per_year)} of them break a bone in a minor fall each year" in body
    assert f"{num(project.catchment.aged_50_plus)} people aged 50 and over live in" in body
    top = results.risks[0]
    assert f"{top.score} {top.band} ({top.risk.likelihood} × {top.risk.consequence})" in body
    assert money(project.brief.budget_total) in body


def test_business_case_figures_appear_as_calculated(built_example: Path, results: Results) -> None:
    document = _open(built_example, CASE)
    tables = [[[c.text for c in r.cells] for r in t.rows] for t in document.tables]
    rows = {t[0][0]: t for t in tables}
    compared = {row[0]: row for t in tables if t[0][:3] == ["Option", "Fractures prevented", "Deaths avoided"] for row in t[1:]}
    for option in results.run.options:
        e = results.summaries[option.model.model.id]
        row = compared[option.model.model.name]
        assert row[1:5] == [num(e.total_prevented), num(e.deaths_avoided, 1), num(e.qalys, 1), money(e.net_cost)]
        assert row[6] == money(e.npsv)
    budget = rows["Year"][1:]
    assert [r[0] for r in budget] == list(results.financial_years)
    for row, year in zip(budget, results.budget):
        assert row[1] == money(year.ask) and row[-1] == money(year.total())
        assert row[5] == money(year.cash_releasing_savings)
    sensitivity = next(t for t in tables if t[0][:2] == ["Input", "Central"])
    swing = results.sensitivity[0]
    assert sensitivity[1][0] == swing.param.label and sensitivity[1][3:] == [money(swing.benefit[0]), money(swing.benefit[1])]
    body = _body(document)
    assert f"net present social value is {money(results.economics.npsv)}" in body
    assert f"{num(results.economics.prevented['hip'])} of them hip fractures." in body
    method = next(t for t in tables if t[0] == ["Item", "What we did"])
    assert results.perspective.label in " ".join(c for r in method for c in r)


def test_business_case_states_how_the_evaluation_was_done(built_example: Path, results: Results) -> None:
    document = _open(built_example, CASE)
    items = {r.cells[0].text: r.cells[1].text for t in document.tables if t.rows[0].cells[1].text == "What we did"
             for r in t.rows}
    for item in ("Perspective", "Time horizon", "Discounting", "Currency and prices", "Optimism bias", "Uncertainty"):
        assert item in items
    assert "3.5%" in items["Discounting"] and "1.5%" in items["Discounting"]
    assert results.prices.price_year in items["Currency and prices"]
    assert "Outsourcing" in items["Optimism bias"] and "Equipment and development" in items["Optimism bias"]
    body = _body(document) + " ".join(c.text for t in document.tables for r in t.rows for c in r.cells)
    for note in ("calculator.yaml", "Replace it", "replace it with", "lower it", "seed", "content/"):
        assert note not in body, note


def test_specification_figures_and_standards(built_example: Path, results: Results) -> None:
    body = _body(_open(built_example, SPEC))
    assert f"about {num(results.benefits.expected_per_year)} of them will break a bone in a minor fall each year" in body
    assert f"identify about {num(results.preferred.reached['fls']['identified'])} patients a year" in body
    standards = _tables_by_header(_open(built_example, SPEC))["Standard"]
    assert len(standards) == 11 and standards[1][0] == "1. Identification"


def test_missing_values_show_as_bold_bracketed_placeholders(tmp_path: Path) -> None:
    root = copy_project(tmp_path, "minimal")
    assert run("build", "--quiet", root).exit_code == 0
    spec = _open(root, SPEC)
    runs = [r for t in spec.tables for row in t.rows for c in row.cells for p in c.paragraphs for r in p.runs]
    placeholder = next(r for r in runs if r.text == "[Commissioner lead (post title)]")
    assert placeholder.bold
    body = _body(spec)
    for label in ("[Service specification number]", "[National context]", "[How patients are identified]", "[Date of review]"):
        assert label in body
    case = _body(_open(root, CASE))
    assert "[Decision requested]" in case and "[Benefits realisation plan]" in case
    pid = _body(_open(root, PID))
    assert "[Why now]" in pid and "[Communications plan]" in pid and "Project sponsor: [Project sponsor]." in pid


def test_markup_in_content_is_kept_literally_and_no_row_is_lost(built_tricky: Path) -> None:
    document = _open(built_tricky, PID)
    project, _ = load_project(built_tricky)
    rows = _tables_by_header(document)["Milestone"][1:]
    assert len(rows) == len(project.brief.milestones)
    assert TRICKY_TITLE in [r[0] for r in rows]
    # The tables after the one holding the markup are complete too.
    assert len(_tables_by_header(document)["Risk"]) == 1 + min(4, len(project.brief.risks))


@pytest.mark.parametrize("name", ALL)
def test_a_team_can_restyle_a_template(tmp_path: Path, name: str) -> None:
    """A project's own copy of a template, with changed styles, is used for the build and keeps its styling."""
    root = copy_project(tmp_path)
    template = docx.Document(str(REPO / "templates" / "word" / name))
    template.styles["Heading 1"].font.name = "Georgia"
    template.styles["Heading 1"].font.color.rgb = docx.shared.RGBColor(0xAA, 0x00, 0x00)
    template.styles["Normal"].font.size = docx.shared.Pt(12)
    (root / "templates" / "word").mkdir(parents=True)
    template.save(str(root / "templates" / "word" / name))
    assert run("build", "--quiet", root).exit_code == 0
    out = _open(root, name)
    assert out.styles["Heading 1"].font.name == "Georgia"
    assert str(out.styles["Heading 1"].font.color.rgb) == "AA0000"
    assert out.styles["Normal"].font.size == docx.shared.Pt(12)
    assert any(p.text == "Document control" and p.style.name == "Heading 1" for p in out.paragraphs)
    others = [n for n in ALL if n != name]  # the shipped templates still serve the other documents
    assert all(_open(root, n).styles["Heading 1"].font.name == "Arial" for n in others)


@pytest.mark.parametrize("name", ALL)
def test_update_fields_sits_where_the_schema_puts_it(built_example: Path, name: str) -> None:
    """Word rejects a settings part whose elements are out of order: updateFields comes before compat and the rest."""
    settings = _open(built_example, name).settings.element
    tags = [child.tag.split("}")[1] for child in settings]
    position = tags.index("updateFields")
    for later in ("compat", "rsids", "themeFontLang", "clrSchemeMapping", "shapeDefaults", "decimalSymbol", "listSeparator"):
        if later in tags:
            assert tags.index(later) > position, later


def test_the_specification_states_activity_staffing_and_price_from_the_calculators(built_example: Path,
                                                                                    results: Results) -> None:
    document = _open(built_example, SPEC)
    tables = _tables_by_header(document)
    need = results.staff_needs[results.costs.preferred.model.id]
    assert [r[1] for r in tables["Activity"][1:]] == [num(a.patients) for a in need.activities]
    assert [r[0] for r in tables["Post"][1:]] == [pc.post.role for pc in results.costs.preferred.posts]
    assert f"The price is {money(results.budget[0].ask)} in {results.budget[0].year}" in _body(document)
    domains = [r[0] for r in tables["Domain"][1:]]
    assert domains and all(not d.startswith("Domain 1:") for d in domains)  # only the domains the service serves


def test_the_decision_box_states_the_yearly_ask(built_example: Path, results: Results) -> None:
    decision = next(t for t in _open(built_example, CASE).tables if [c.text for c in t.rows[0].cells] == ["Item", "Detail"])
    rows = {r.cells[0].text: r.cells[1].text for r in decision.rows}
    assert rows["The ask"] == "; ".join(f"{r.year}: {money(r.ask)}" for r in results.budget)


def test_the_specification_takes_its_quality_requirements_from_the_indicator_set(built_example: Path,
                                                                                 results: Results) -> None:
    document = _open(built_example, SPEC)
    table = next(t for t in document.tables if [c.text for c in t.rows[0].cells] == ["Indicator", "Threshold", "Method", "Reported"])
    rows = [[c.text for c in r.cells] for r in table.rows[1:]]
    expected = [r.indicator for r in results.indicators if r.indicator.target is not None]
    assert [row[0] for row in rows] == [i.name for i in expected]
    assert [row[1] for row in rows] == [f"{i.target * 100:.0f}% or {'more' if i.direction == 'higher' else 'less'}"
                                        for i in expected]
    body = _body(document)
    for words in ("Hours: Monday to Friday", "Referral and response:", "If a threshold is missed", "The 52-week review is done"):
        assert words in body, words
