"""Create the shipped Word templates in templates/word/.

The .docx files are committed; teams restyle them in Word. Run this only to
rebuild the templates from scratch after changing their structure:

    .venv/bin/python scripts/make_word_templates.py
"""

from __future__ import annotations

from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_ROW_HEIGHT_RULE, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

OUT = Path(__file__).resolve().parent.parent / "templates" / "word"
NHS_BLUE = RGBColor(0x00, 0x5E, 0xB8)
NHS_DARK = RGBColor(0x00, 0x30, 0x87)
TEXT_WIDTH = 16.6  # cm between the margins


# ---------------------------------------------------------------- building blocks

def _field(paragraph, instruction: str, cached: list[str] | None = None) -> None:
    """A Word field (PAGE, NUMPAGES, TOC) that Word fills in when it lays out the page.

    ``cached`` is the text shown until the field is updated, one line each.
    """
    def add(tag: str, **attrs: str) -> None:
        run = paragraph.add_run()
        element = OxmlElement(tag)
        for key, value in attrs.items():
            element.set(qn(key), value)
        run._r.append(element)

    add("w:fldChar", **{"w:fldCharType": "begin", "w:dirty": "true"} if instruction.startswith("TOC") else {"w:fldCharType": "begin"})
    run = paragraph.add_run()
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {instruction} "
    run._r.append(instr)
    add("w:fldChar", **{"w:fldCharType": "separate"})
    for i, line in enumerate(cached or ["1"]):
        run = paragraph.add_run(line)
        if i < len(cached or ["1"]) - 1:
            run.add_break()
    add("w:fldChar", **{"w:fldCharType": "end"})


def _set_fonts(style, name: str = "Arial") -> None:
    rpr = style.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.append(fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attr), name)
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:cstheme", "w:eastAsiaTheme"):
        if fonts.get(qn(attr)) is not None:
            del fonts.attrib[qn(attr)]


def _styles(doc, body_size: float) -> None:
    styles = doc.styles
    normal = styles["Normal"]
    normal.font.name = "Arial"
    normal.font.size = Pt(body_size)
    normal.paragraph_format.space_after = Pt(4)
    normal.paragraph_format.line_spacing = 1.05
    _set_fonts(normal)
    for name, size, colour, before in (("Title", 24, NHS_DARK, 0), ("Heading 1", 14, NHS_BLUE, 10),
                                       ("Heading 2", 12, NHS_DARK, 6), ("Heading 3", body_size + 0.5, NHS_DARK, 4)):
        style = styles[name]
        style.font.name = "Arial"
        style.font.size = Pt(size)
        style.font.color.rgb = colour
        style.font.bold = True
        style.font.italic = False
        style.paragraph_format.space_before = Pt(before)
        style.paragraph_format.space_after = Pt(3)
        _set_fonts(style)
    styles["Title"].paragraph_format.space_after = Pt(4)
    subtitle = styles["Subtitle"]
    subtitle.font.name = "Arial"
    subtitle.font.size = Pt(13)
    subtitle.font.color.rgb = NHS_DARK
    subtitle.font.italic = False
    _set_fonts(subtitle)
    caption = styles["Caption"]
    caption.font.name = "Arial"
    caption.font.size = Pt(body_size - 1)
    caption.font.italic = False
    caption.font.bold = True
    caption.font.color.rgb = NHS_DARK
    caption.paragraph_format.space_before = Pt(2)
    caption.paragraph_format.space_after = Pt(2)
    caption.paragraph_format.keep_with_next = True
    _set_fonts(caption)
    for name in ("List Bullet", "Table Grid"):
        _set_fonts(styles[name])
    styles["List Bullet"].paragraph_format.space_after = Pt(2)
    _contents_styles(doc, body_size)
    _british_english(doc)


def _contents_styles(doc, body_size: float) -> None:
    """The "Contents" label and the entry styles Word's TOC field uses (toc 1, toc 2 and toc 3)."""
    label = doc.styles["TOC Heading"]
    # Based on Normal rather than Heading 1, so the label is not itself a heading in the outline.
    label.base_style = doc.styles["Normal"]
    label.font.size = Pt(14)
    label.font.bold = True
    label.font.color.rgb = NHS_BLUE
    label.paragraph_format.space_before = Pt(10)
    label.paragraph_format.space_after = Pt(3)
    label.paragraph_format.keep_with_next = True
    for level in (1, 2, 3):
        style = _builtin_paragraph_style(doc, f"toc {level}", f"TOC{level}")
        style.font.size = Pt(body_size)
        style.font.bold = level == 1
        style.paragraph_format.left_indent = Cm(0.6 * (level - 1))
        style.paragraph_format.space_before = Pt(2 if level == 1 else 0)
        style.paragraph_format.space_after = Pt(1)


def _builtin_paragraph_style(doc, name: str, style_id: str):
    """A paragraph style under Word's own name and id, so Word treats it as its built-in style."""
    element = OxmlElement("w:style")
    element.set(qn("w:type"), "paragraph")
    element.set(qn("w:styleId"), style_id)
    for tag, value in (("w:name", name), ("w:basedOn", "Normal"), ("w:next", "Normal"), ("w:uiPriority", "39")):
        child = OxmlElement(tag)
        child.set(qn("w:val"), value)
        element.append(child)
    element.append(OxmlElement("w:unhideWhenUsed"))
    doc.styles.element.append(element)
    return doc.styles[name]


def _british_english(doc) -> None:
    """en-GB on the document defaults and on every style, so Word checks spelling in British English."""
    styles = doc.styles.element
    targets = [styles.find(qn("w:docDefaults")).find(qn("w:rPrDefault"))]
    targets += [s for s in styles.iterchildren(qn("w:style")) if s.get(qn("w:type")) != "numbering"]
    for element in targets:
        rpr = element.find(qn("w:rPr"))
        if rpr is None:
            rpr = OxmlElement("w:rPr")
            successor = next((c for c in element if c.tag in (qn("w:tblPr"), qn("w:trPr"), qn("w:tcPr"), qn("w:tblStylePr"))), None)
            if successor is None:
                element.append(rpr)
            else:
                successor.addprevious(rpr)
        lang = rpr.find(qn("w:lang"))
        if lang is None:
            lang = OxmlElement("w:lang")
            rpr.append(lang)
        lang.set(qn("w:val"), "en-GB")
        lang.set(qn("w:eastAsia"), "en-GB")
    theme = doc.settings.element.find(qn("w:themeFontLang"))
    if theme is not None:
        theme.set(qn("w:val"), "en-GB")


def _page(doc, footer_text: str, versioned: bool = True) -> None:
    """A4 portrait with the footer: its text, the document's version and status unless not ``versioned``, and page numbers."""
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    section.left_margin = section.right_margin = Cm(2.2)
    section.top_margin, section.bottom_margin = Cm(1.8), Cm(1.8)
    section.footer_distance = Cm(0.9)
    footer = section.footer.paragraphs[0]
    version = " · version {{ version }} ({{ project.document_control.status }})" if versioned else ""
    footer.text = footer_text + version + " · page "
    _field(footer, "PAGE")
    footer.add_run(" of ")
    _field(footer, "NUMPAGES")
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for run in footer.runs:
        run.font.size = Pt(8)


def _cover(doc, title: str, subtitle: str) -> None:
    doc.add_paragraph(title, style="Title")
    doc.add_paragraph(subtitle, style="Subtitle")
    doc.add_paragraph("{{ project.organisation.name }} · version {{ version }} "
                      "({{ project.document_control.status }}) · {{ build.generated|longdate }}")


def _toc(doc, headings: list[str], levels: str = "1-2") -> None:
    """A "Contents" label and a table of contents field.

    Rendering replaces ``headings``, the entries shown until Word updates the field, with the
    headings the rendered document actually has.
    """
    doc.add_paragraph("Contents", style="TOC Heading")
    paragraph = doc.add_paragraph()
    _field(paragraph, f'TOC \\o "{levels}" \\h \\z \\u', headings)


def _repeat_header(row) -> None:
    trpr = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    trpr.append(header)
    # Word keeps rows whose paragraphs keep with the next together: no header row alone at a page foot.
    for cell in row.cells:
        for paragraph in cell.paragraphs:
            paragraph.paragraph_format.keep_with_next = True


def _rows_whole(table) -> None:
    """No row splits across pages: each is short, and half a row on each page is hard to read."""
    for row in table.rows:
        row._tr.get_or_add_trPr().insert(0, OxmlElement("w:cantSplit"))


def _widths(table, widths: list[float]) -> None:
    # Word reads the cell widths, LibreOffice the grid: set both.
    table.autofit = False
    for i, width in enumerate(widths):
        table.columns[i].width = Cm(width)
    for row in table.rows:
        for i, width in enumerate(widths):
            row.cells[i].width = Cm(width)
    _rows_whole(table)


def _header_row(table, headers: list[str]) -> None:
    for i, text in enumerate(headers):
        cell = table.rows[0].cells[i]
        cell.text = text
        cell.paragraphs[0].runs[0].bold = True
        _shade(cell, "E8EDEE")
    _repeat_header(table.rows[0])


def _shade(cell, fill: str) -> None:
    tcpr = cell._tc.get_or_add_tcPr()
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    tcpr.append(shading)


def _caption(doc, text: str) -> None:
    doc.add_paragraph(text, style="Caption")


def _loop_table(doc, caption: str, headers: list[str], loop: str, cells: list[str], widths: list[float],
                after: list[str] | None = None, right: tuple[int, ...] = ()) -> None:
    """A captioned table with a repeating header row, one docxtpl row loop, and optional closing rows."""
    _caption(doc, caption)
    table = doc.add_table(rows=4 + (1 if after else 0), cols=len(headers))
    table.style = doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.LEFT
    _header_row(table, headers)
    table.rows[1].cells[0].text = "{%tr for " + loop + " %}"
    for i, text in enumerate(cells):
        table.rows[2].cells[i].text = text
    table.rows[3].cells[0].text = "{%tr endfor %}"
    if after:
        for i, text in enumerate(after):
            cell = table.rows[4].cells[i]
            cell.text = text
            cell.paragraphs[0].runs[0].bold = True
    for row in table.rows[2:]:
        for i in right:
            row.cells[i].paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    _widths(table, widths)


def _key_value_table(doc, caption: str, rows: list[tuple[str, str]], widths: tuple[float, float] = (5.0, 11.6),
                     headers: tuple[str, str] = ("Item", "Detail")) -> None:
    _caption(doc, caption)
    table = doc.add_table(rows=1 + len(rows), cols=2)
    table.style = doc.styles["Table Grid"]
    _header_row(table, list(headers))
    for r, (key, value) in enumerate(rows, start=1):
        table.rows[r].cells[0].text = key
        table.rows[r].cells[1].text = value
    _widths(table, list(widths))


def _bullets(doc, loop: str, item: str = "{{ item }}") -> None:
    doc.add_paragraph("{%p for item in " + loop + " %}")
    doc.add_paragraph(item, style="List Bullet")
    doc.add_paragraph("{%p endfor %}")


def _figure(doc, chart: str, caption: str) -> None:
    _caption(doc, caption)
    paragraph = doc.add_paragraph("{{ charts." + chart + " }}")
    paragraph.paragraph_format.keep_with_next = False


def _document_control(doc) -> None:
    doc.add_heading("Document control", level=1)
    _loop_table(doc, "Table: version history", ["Version", "Date", "Author", "Changes"],
                "rev in history",
                ["{{ rev.version }}", "{{ rev.date|longdate }}", "{{ rev.author.name }}", "{{ rev.changes }}"],
                [2.0, 3.2, 3.4, 8.0])


def _new(body_size: float, footer: str, versioned: bool = True):
    doc = Document()
    _styles(doc, body_size)
    _page(doc, footer, versioned)
    return doc


def _save(doc, name: str, title: str) -> Path:
    doc.core_properties.title = title
    doc.core_properties.author = "fls-docs"
    doc.core_properties.language = "en-GB"
    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / name
    doc.save(path)
    return path


# ---------------------------------------------------------------- the documents

PID_HEADINGS = ["Document control", "Background", "Objectives", "Scope", "Deliverables and benefits", "Organisation",
                "Plan", "Budget", "Risks", "Communications", "How to get involved"]


def make_pid() -> Path:
    doc = _new(10, "{{ project.info.short_name }} · Project initiation document")
    _cover(doc, "{{ project.info.name }}", "Project initiation document")
    doc.add_paragraph("{{ project.info.summary }}")
    _toc(doc, PID_HEADINGS, "1-1")
    _document_control(doc)

    doc.add_heading("Background", level=1)
    doc.add_paragraph("{%p for para in project.brief.background %}")
    doc.add_paragraph("{{ para }}")
    doc.add_paragraph("{%p endfor %}")
    doc.add_paragraph(
        "{{ project.catchment.aged_50_plus|num }} people aged 50 and over live in {{ project.catchment.name }}. "
        "About {{ results.benefits.expected_per_year|num }} of them break a bone in a minor fall each year."
    )
    doc.add_heading("Why now", level=2)
    doc.add_paragraph("{{ project.brief.why_now }}")
    doc.add_heading("If we do nothing", level=2)
    doc.add_paragraph("{{ project.brief.if_we_do_nothing }}")

    doc.add_heading("Objectives", level=1)
    doc.add_heading("Aims", level=2)
    _bullets(doc, "project.brief.aims")
    doc.add_heading("Objectives", level=2)
    _bullets(doc, "project.brief.objectives")

    doc.add_heading("Scope", level=1)
    doc.add_heading("Included", level=2)
    _bullets(doc, "project.brief.scope_in")
    doc.add_paragraph("{%p if project.brief.scope_out %}")
    doc.add_heading("Not included", level=2)
    _bullets(doc, "project.brief.scope_out")
    doc.add_paragraph("{%p endif %}")
    doc.add_heading("Constraints", level=2)
    _bullets(doc, "project.brief.constraints")
    doc.add_heading("Assumptions", level=2)
    _bullets(doc, "project.brief.assumptions")

    doc.add_heading("Deliverables and benefits", level=1)
    _loop_table(doc, "Table: what the project will produce", ["Deliverable", "What it is"],
                "d in project.brief.deliverables", ["{{ d.name }}", "{{ d.description }}"], [5.0, 11.6])
    doc.add_heading("Benefits", level=2)
    _bullets(doc, "project.brief.benefits")

    doc.add_heading("Organisation", level=1)
    # The map names the team with their roles and job titles, inside the reference group: one picture, not two
    # tables. The text goes first, so it can fill the foot of a page the tall picture would leave empty.
    doc.add_paragraph("{% for role, person in roles %}{{ role }}: {{ person|who }}. {% endfor %}")
    doc.add_paragraph("{{ project.brief.governance }}")
    _figure(doc, "stakeholder_map", "Figure: the project team inside the stakeholder reference group")

    doc.add_heading("Plan", level=1)
    doc.add_paragraph("The project follows the six phases of the improvement guide. These are its milestones:")
    _loop_table(doc, "Table: milestones", ["Milestone", "Due", "Lead", "Status"], "m in milestones",
                ["{{ m.task.title }}", "{{ m.task.due|longdate }}", "{{ m.task.lead.name }}", "{{ m.status|capitalize }}"],
                [7.6, 3.0, 3.6, 2.4])

    doc.add_heading("Budget", level=1)
    doc.add_paragraph("{{ project.brief.budget_summary }}")
    doc.add_paragraph("{%p if project.brief.budget_lines %}")
    _loop_table(doc, "Table: project budget", ["Item", "Cost"], "line in project.brief.budget_lines",
                ["{{ line.item }}", "{{ line.cost|money }}"], [13.0, 3.6],
                after=["Total", "{{ project.brief.budget_total|money }}"], right=(1,))
    doc.add_paragraph("{%p endif %}")

    doc.add_heading("Risks", level=1)
    doc.add_paragraph("{%p if project.brief.risks_placeholder %}")  # no risks given yet: the placeholder alone
    doc.add_paragraph("{{ project.brief.risks_placeholder }}")
    doc.add_paragraph("{%p else %}")
    doc.add_paragraph("We score each risk out of 25: how likely it is, times how bad it would be. This is the NHS 5 × 5 "
                      "risk matrix. The brief shows the highest four; the plan workbook holds them all.")
    _loop_table(doc, "Table: the highest risks", ["Risk", "Score", "Owner", "What we are doing"],
                "g in results.risks[:4]",
                ["{{ g.risk.description }}", "{{ g.score }} {{ g.band }} ({{ g.risk.likelihood }} × {{ g.risk.consequence }})",
                 "{{ g.risk.owner.name }}", "{{ g.risk.mitigation }}"],
                [5.4, 2.9, 2.8, 5.5])
    doc.add_paragraph("{%p endif %}")

    doc.add_heading("Communications", level=1)
    _loop_table(doc, "Table: who hears about the project", ["Audience", "What", "How", "When"],
                "c in project.brief.communications",
                ["{{ c.audience }}", "{{ c.what }}", "{{ c.how }}", "{{ c.when }}"], [4.2, 5.0, 3.9, 3.5])

    doc.add_heading("How to get involved", level=1)
    doc.add_paragraph("{{ project.brief.get_involved.text }}")
    # The contact may still be a placeholder, which has no role or email.
    doc.add_paragraph("Contact {{ project.brief.get_involved.contact|who }}"
                      "{% if project.brief.get_involved.contact.role is defined %} ({{ project.brief.get_involved.contact.role|lower }})"
                      "{% if project.brief.get_involved.contact.email %} at {{ project.brief.get_involved.contact.email }}{% endif %}"
                      "{% endif %}."
                      "{% if project.brief.get_involved.meetings %} Meetings: {{ project.brief.get_involved.meetings }}{% endif %}")
    return _save(doc, "project-initiation-document.docx", "Project initiation document")


SPEC_HEADINGS = ["1. Population needs", "2. Outcomes", "3. Scope", "4. Applicable service standards",
                 "5. Applicable quality requirements", "6. Location of provider premises", "7. Individual service user placement"]


def make_specification() -> Path:
    doc = _new(11, "{{ spec.service }} · Service specification")
    _cover(doc, "Service specification", "{{ nation.agreement.cover }}")
    _key_value_table(doc, "Table: specification details", [
        ("Service specification number", "{{ spec.number }}"),
        ("Service", "{{ spec.service }}"),
        ("Commissioner lead", "{{ spec.commissioner_lead }}"),
        ("Provider lead", "{{ spec.provider_lead }}"),
        ("Period", "{{ spec.period }}"),
        ("Date of review", "{{ spec.review_date|longdate }}"),
    ], headers=("Field", "Detail"))
    _toc(doc, ["Document control", *SPEC_HEADINGS], "1-2")
    _document_control(doc)

    doc.add_heading("1. Population needs", level=1)
    doc.add_heading("1.1 National context", level=2)
    doc.add_paragraph("{{ spec.national_context }}")
    doc.add_heading("1.2 Local context", level=2)
    doc.add_paragraph("{{ spec.local_context }}")
    doc.add_paragraph(
        "{{ project.catchment.name }} has {{ project.catchment.aged_50_plus|num }} people aged 50 and over. At the rates "
        "found in UK primary care records, about {{ results.benefits.expected_per_year|num }} of them will break a bone "
        "in a minor fall each year. About {{ results.benefits.sites[0].total|num }} of these will be hip fractures.")
    _figure(doc, "fractures_by_site", "Figure: fragility fractures expected each year, by site and sex")
    doc.add_heading("1.3 Evidence base", level=2)
    doc.add_paragraph("{{ spec.evidence_base }}")

    doc.add_heading("2. Outcomes", level=1)
    # Each nation has its own outcomes framework, or none that specifications use.
    doc.add_paragraph("{%p if spec.domains %}")
    doc.add_heading("2.1 {{ nation.outcomes.title }}", level=2)
    _loop_table(doc, "{{ nation.outcomes.caption }}", ["{{ nation.outcomes.item }}"], "d in spec.domains if d[2]",
                ["{{ nation.outcomes.item }} {{ d[0] }}: {{ d[1] }}"], [16.6])
    doc.add_paragraph("{%p endif %}")
    doc.add_heading("{{ '2.2' if spec.domains else '2.1' }} Locally defined outcomes", level=2)
    _bullets(doc, "spec.local_outcomes")

    doc.add_heading("3. Scope", level=1)
    doc.add_heading("3.1 Aims and objectives of the service", level=2)
    _bullets(doc, "spec.aims")
    doc.add_heading("3.2 Service description and care pathway", level=2)
    doc.add_paragraph("{{ spec.service_description }}")
    doc.add_paragraph("The pathway follows the six headings of the FLS clinical standards: identification, "
                      "investigation, information, intervention, integration and quality.")
    _loop_table(doc, "Table: the care pathway", ["Step", "What happens"], "step in spec.pathway",
                ["{{ step.name }}", "{{ step.text }}"], [3.6, 13.0])
    doc.add_paragraph("{%p if spec.service_hours %}")
    doc.add_paragraph("Hours: {{ spec.service_hours }}")
    doc.add_paragraph("{%p endif %}")
    doc.add_paragraph("{%p if spec.referral %}")
    doc.add_paragraph("Referral and response: {{ spec.referral }}")
    doc.add_paragraph("{%p endif %}")
    doc.add_paragraph("The map shows the pathway step by step: who does each step, where, how soon and what is recorded. "
                      "A grey box beside a step shows the share of patients lost there, from the care cascade behind the "
                      "activity figures below.")
    _figure(doc, "pathway_future", "Figure: the care pathway with the service, and where patients may still be lost")
    doc.add_heading("3.3 Population covered", level=2)
    doc.add_paragraph("{{ spec.population_covered }}")
    doc.add_paragraph(
        "With the service in place we expect to identify about {{ results.preferred.reached.fls.identified|num }} "
        "patients a year and assess about {{ results.preferred.reached.fls.assessed|num }} of them.")
    doc.add_heading("3.4 Activity, staffing and price", level=2)
    doc.add_paragraph("The activity each year, from the expected caseload at the rates services achieve nationally:")
    _loop_table(doc, "Table: activity a year", ["Activity", "Patients a year"],
                "a in results.staff_needs[results.costs.preferred.model.id].activities",
                ["{{ a.label }}", "{{ a.patients|num }}"], [12.6, 4.0], right=(1,))
    _loop_table(doc, "Table: staffing", ["Post", "Band", "Whole-time equivalent"], "pc in results.costs.preferred.posts",
                ["{{ pc.post.role }}", "{{ pc.post.band }}", "{{ pc.post.wte|num(2) }}"], [9.6, 3.0, 4.0], right=(2,))
    doc.add_paragraph("{%p if results.costs.preferred.model.consultant_pas %}")
    doc.add_paragraph("A consultant gives {{ results.costs.preferred.model.consultant_pas|num(1) }} programmed activities "
                      "(sessions) a week to supervise the service.")
    doc.add_paragraph("{%p endif %}")
    doc.add_paragraph("The price is {{ results.budget[0].ask|money }} in {{ results.budget[0].year }}, including set-up, "
                      "then {{ results.budget[-1].ask|money }} a year, at {{ results.costs.pay_year }} pay. It covers the "
                      "service's staff and running costs. Bone density scans and medicines are paid as they are today.")
    doc.add_heading("3.5 Acceptance and exclusion criteria", level=2)
    doc.add_heading("Accepted", level=3)
    _bullets(doc, "spec.acceptance_criteria")
    doc.add_heading("Not accepted", level=3)
    _bullets(doc, "spec.exclusion_criteria")
    doc.add_paragraph("{%p if spec.discharge_criteria %}")
    doc.add_heading("Discharge", level=3)
    _bullets(doc, "spec.discharge_criteria")
    doc.add_paragraph("{%p endif %}")
    doc.add_heading("3.6 Interdependence with other services", level=2)
    _loop_table(doc, "Table: services this one works with", ["Service", "How they work together"],
                "i in spec.interdependencies", ["{{ i.service }}", "{{ i.relationship }}"], [5.0, 11.6])

    doc.add_heading("4. Applicable service standards", level=1)
    doc.add_heading("4.1 National standards", level=2)
    _loop_table(doc, "{{ nation.guidance.caption }}", ["Reference", "Title"], "g in nation.guidance_rows",
                ["{{ g.reference }}", "{{ g.title }}"], [3.0, 13.6])
    doc.add_heading("4.2 Standards from professional bodies", level=2)
    doc.add_paragraph("The service meets the ten clinical standards for fracture liaison services:")
    _loop_table(doc, "Table: FLS clinical standards", ["Standard", "What it asks"], "s in standards",
                ["{{ s.number }}. {{ s.name }}", "{{ s.text }}"], [3.6, 13.0])
    doc.add_paragraph("Source: {{ standards_source }}")
    doc.add_paragraph("{%p if spec.other_guidance %}")
    _bullets(doc, "spec.other_guidance")
    doc.add_paragraph("{%p endif %}")
    doc.add_paragraph("{%p if spec.local_standards %}")
    doc.add_heading("4.3 Local standards", level=2)
    _bullets(doc, "spec.local_standards")
    doc.add_paragraph("{%p endif %}")

    doc.add_paragraph("{%p if spec.quality_requirements or spec.cquin or results.indicators %}")
    doc.add_heading("5. Applicable quality requirements", level=1)
    doc.add_paragraph("{%p if spec.quality_requirements or results.indicators %}")
    doc.add_heading("5.1 Quality requirements", level=2)
    doc.add_paragraph("The service reports the project's indicator set against these thresholds.")
    _loop_table(doc, "Table: quality requirements", ["Indicator", "Threshold", "Method", "Reported"],
                "r in results.indicators if r.indicator.target is not none",
                ["{{ r.indicator.name }}",
                 "{{ r.indicator.text(r.indicator.target) }} or {{ 'more' if r.indicator.direction == 'higher' else 'less' }}",
                 "{{ r.indicator.source }}", "{{ r.indicator.frequency|capitalize }}"], [6.6, 2.8, 4.4, 2.8])
    doc.add_paragraph("{%p if spec.quality_requirements %}")
    _loop_table(doc, "Table: further quality requirements", ["Requirement", "Threshold", "Method", "Reported"],
                "q in spec.quality_requirements",
                ["{{ q.indicator }}", "{{ q.threshold }}", "{{ q.method }}", "{{ q.frequency }}"], [6.6, 2.8, 4.4, 2.8])
    doc.add_paragraph("{%p endif %}")
    doc.add_paragraph("{%p if spec.quality_consequences %}")
    doc.add_heading("If a threshold is missed", level=3)
    doc.add_paragraph("{{ spec.quality_consequences }}")
    doc.add_paragraph("{%p endif %}")
    doc.add_paragraph("{%p endif %}")
    doc.add_paragraph("{%p if spec.cquin %}")
    doc.add_heading("5.2 CQUIN goals", level=2)
    doc.add_paragraph("{{ spec.cquin }}")
    doc.add_paragraph("{%p endif %}")
    doc.add_paragraph("{%p endif %}")
    doc.add_paragraph("{%p if spec.premises %}")
    doc.add_heading("6. Location of provider premises", level=1)
    _bullets(doc, "spec.premises")
    doc.add_paragraph("{%p endif %}")
    doc.add_paragraph("{%p if spec.placement %}")
    doc.add_heading("7. Individual service user placement", level=1)
    doc.add_paragraph("{{ spec.placement }}")
    doc.add_paragraph("{%p endif %}")
    doc.add_paragraph("{%p if spec.pricing %}")
    doc.add_heading("Pricing and recording", level=1)
    doc.add_paragraph("{{ spec.pricing }}")
    doc.add_paragraph("{%p endif %}")
    return _save(doc, "service-specification.docx", "Service specification")


CASE_HEADINGS = ["Decision requested", "Document control", "1. Executive summary", "2. Strategic case", "3. Economic case",
                 "4. Commercial case", "5. Financial case", "6. Management case"]


def make_business_case() -> Path:
    doc = _new(11, "{{ project.info.short_name }} · Business case")
    _cover(doc, "{{ project.info.name }}", "Business case")
    doc.add_heading("Decision requested", level=1)
    _key_value_table(doc, "Table: the decision", [
        ("Decision requested", "{{ case.decision_requested }}"),
        ("Who decides", "{{ case.decision_maker }}"),
        ("When", "{{ case.decision_date|longdate }}"),
        ("Who pays", "{{ case.funder }}"),
        ("How it is funded", "{{ case.funding_route }}"),
        ("Preferred option", "{{ results.costs.preferred.model.name }}"),
        ("The ask", "{% for r in results.budget %}{{ r.year }}: {{ r.ask|money }}{{ '; ' if not loop.last else '' }}{% endfor %}"),
    ], headers=("Item", "Detail"))
    _toc(doc, CASE_HEADINGS, "1-2")
    _document_control(doc)

    pref = "results.preferred"
    e = "results.economics"
    doc.add_heading("1. Executive summary", level=1)
    doc.add_paragraph("{{ case.executive_summary }}")
    doc.add_paragraph(
        "The ask: {{ results.budget[0].ask|money }} in {{ results.budget[0].year }}, including set-up, then "
        "{{ results.budget[1].ask|money if results.budget|length > 1 else results.budget[0].ask|money }} a year, "
        "to run the {{ results.costs.preferred.model.name|lower }}. The service also brings bone density scans, "
        "medicines and monitoring. With them, the commissioner's extra cost is {{ results.budget[0].commissioner_cost|money }} "
        "in {{ results.budget[0].year }}. It rises to {{ results.budget[-1].commissioner_cost|money }} in "
        "{{ results.budget[-1].year }} as more patients stay on treatment.")
    doc.add_paragraph(
        "Today about {{ " + pref + ".treated.usual_care|pct }} of people who break a bone in a minor fall start "
        "bone-protection treatment. With the service, which finds about {{ " + pref + ".shares.fls.identified|pct }} of "
        "them at the rates services achieve nationally (patients it misses keep today's chance), about "
        "{{ " + pref + ".treated.fls|pct }} would.")
    doc.add_paragraph(
        "We followed each year's patients for {{ results.benefits.horizon_years }} years after their fracture, over "
        "{{ results.benefits.service_years }} years of the service. The service would prevent about "
        "{{ " + e + ".total_prevented|num }} further fractures, {{ " + e + ".prevented.hip|num }} of them hip fractures. "
        "It would avoid about {{ " + e + ".deaths_avoided|num(1) }} deaths and gain {{ " + e + ".qalys|num(1) }} "
        "quality-adjusted life years (QALYs). {% if " + e + ".dominant %}It would save more than it costs while improving health.{% elif "
        + e + ".cost_per_qaly is not none %}Each QALY gained would cost {{ " + e + ".cost_per_qaly|money }}.{% endif %} "
        "{{ nation.economics.threshold_intro }} £{{ results.thresholds[0]|num }} to "
        "£{{ results.thresholds[1]|num }} per QALY, so the service is {{ " + e + ".verdict(results.thresholds[0], results.thresholds[1]) }}.")
    doc.add_paragraph(
        "Valuing each QALY at {{ " + e + ".qaly_value|money }}, as the Treasury's Green Book does for public spending "
        "generally, the net present social value is {{ " + e + ".npsv|money }}. {{ nation.economics.threshold_test }} "
        "The Green Book's value is the wider test of value to society. "
        "In cash, the only savings that release money are in social care the council pays for: "
        "{{ results.budget[-1].cash_releasing_savings|money }} in {{ results.budget[-1].year }}. Hospital and community "
        "savings of {{ results.budget[-1].other_savings|money }} that year free beds and staff time rather than cash.")
    doc.add_paragraph("{%p if results.probabilistic %}")
    doc.add_paragraph(
        "{% set u = results.probabilistic.models|selectattr('model_id', 'equalto', results.costs.preferred.model.id)|first %}"
        "We also let every input vary at once. The chance that the service is cost-effective at "
        "£{{ results.thresholds[0]|num }} per QALY is then {{ u.probability_cost_effective(results.thresholds[0])|pct }}. "
        "The chance it saves more than it costs is {{ u.probability_saves_money|pct }}.")
    doc.add_paragraph("{%p endif %}")
    doc.add_paragraph("{%p if not " + e + ".dominant %}")
    doc.add_paragraph(
        "What would change the answer? The service would be cost-effective at £{{ results.thresholds[0]|num }} per QALY "
        "if its staff and running costs were below {{ " + e + ".affordable_service_cost(results.thresholds[0])|money }} a year. "
        "They are {{ " + e + ".service_cost|money }}. "
        "{% if " + e + ".affordable_service_cost() > 0 %}It would pay for itself below "
        "{{ " + e + ".affordable_service_cost()|money }} a year.{% else %}It would not pay for itself even at no cost. "
        "The medicines and monitoring it brings cost more than the fractures it prevents.{% endif %} "
        "{% if results.break_even|selectattr('value')|list %}Each input on its own, the others as they are:{% endif %}")
    doc.add_paragraph("{%p for b in results.break_even if b.value is not none %}")
    doc.add_paragraph("The service {{ 'would pay for itself' if b.measure == 'pays for itself' else 'would be cost-effective at £%s per QALY'|format(results.thresholds[0]|num) }} "
                      "if {{ b.param.label|lower }} were {{ b.direction }} {{ b.param|figure(b.value) }} (now {{ b.param|figure }}).",
                      style="List Bullet")
    doc.add_paragraph("{%p endfor %}")
    doc.add_paragraph("{%p endif %}")

    doc.add_heading("2. Strategic case", level=1)
    doc.add_heading("2.1 The problem", level=2)
    doc.add_paragraph("{{ case.problem }}")
    doc.add_heading("2.2 Local fracture burden", level=2)
    doc.add_paragraph(
        "Among the {{ project.catchment.aged_50_plus|num }} people aged 50 and over in {{ project.catchment.name }}, we "
        "expect about {{ results.benefits.expected_per_year|num }} fragility fractures a year. Today about "
        "{{ " + pref + ".reached.usual_care.identified|num }} of these patients are identified and "
        "{{ " + pref + ".reached.usual_care.persistent|num }} are still taking treatment a year later.")
    _figure(doc, "fractures_by_site", "Figure: fragility fractures expected each year, by site and sex")
    doc.add_heading("2.3 Fit with national guidance", level=2)
    _bullets(doc, "case.national_fit")
    doc.add_heading("2.4 Fit with local priorities", level=2)
    doc.add_paragraph("{{ case.local_fit }}")
    doc.add_heading("2.5 Investment objectives", level=2)
    _bullets(doc, "case.investment_objectives")
    doc.add_heading("2.6 The pathway with the service", level=2)
    doc.add_paragraph("The map shows how care will run with the {{ results.costs.preferred.model.name|lower }}: each step, "
                      "who does it, where, how soon and what is recorded. A grey box beside a step shows the share of "
                      "patients still lost there, from the care cascade that the economic case uses.")
    _figure(doc, "pathway_future", "Figure: the care pathway with the service, and where patients may still be lost")

    doc.add_heading("3. Economic case", level=1)
    doc.add_heading("3.1 Options", level=2)
    doc.add_paragraph("Doing nothing leaves care as it is: no new cost, and no fractures prevented. Each other option "
                      "is a staffing model priced by the cost calculator.")
    _loop_table(doc, "Table: options and what they cost each year", ["Option", "Staff (whole-time equivalent)",
                                                                      "Consultant sessions a week", "Staff a year",
                                                                      "Set-up", "Running a year"],
                "o in results.run.options",
                ["{{ o.model.model.name }}{% if o.model.model.preferred %} (preferred){% endif %}", "{{ o.model.wte|num(2) }}",
                 "{{ o.model.model.consultant_pas|num(1) }}", "{{ o.model.staff|money }}", "{{ o.model.setup|money }}",
                 "{{ o.model.running|money }}"],
                [4.0, 2.6, 2.8, 2.6, 2.2, 2.4], right=(1, 2, 3, 4, 5))
    doc.add_paragraph("{%p for o in results.run.options %}")
    doc.add_heading("{{ o.model.model.name }}", level=3)
    doc.add_paragraph("{{ o.model.model.description }}")
    doc.add_paragraph("{%p if case.option_notes[o.model.model.id] is defined %}")
    doc.add_paragraph("{%p for item in case.option_notes[o.model.model.id].advantages %}")
    doc.add_paragraph("Advantage: {{ item }}", style="List Bullet")
    doc.add_paragraph("{%p endfor %}")
    doc.add_paragraph("{%p for item in case.option_notes[o.model.model.id].disadvantages %}")
    doc.add_paragraph("Disadvantage: {{ item }}", style="List Bullet")
    doc.add_paragraph("{%p endfor %}")
    doc.add_paragraph("{%p endif %}")
    doc.add_paragraph("{%p endfor %}")

    doc.add_heading("3.2 How the evaluation was done", level=2)
    doc.add_paragraph("The evaluation reports what the Consolidated Health Economic Evaluation Reporting Standards "
                      "(CHEERS 2022) ask of a local business case.")
    _key_value_table(doc, "Table: how the economic evaluation was done", [
        ("Population", "People aged 50 and over in {{ project.catchment.name }} who break a bone in a minor fall: about "
                       "{{ results.benefits.expected_per_year|num }} a year. We count them by age, sex and site of fracture."),
        ("Comparator", "Care as it is today without the service: {{ " + pref + ".shares.usual_care.identified|pct }} of "
                       "patients identified and about {{ (" + pref + ".reached.usual_care.started / results.benefits.expected_per_year)|pct }} "
                       "starting treatment."),
        ("Perspective", "{{ results.perspective.label }}. {{ results.perspective.note }}"),
        ("Time horizon", "{{ results.benefits.service_years }} years of patients, each group followed for "
                         "{{ results.benefits.horizon_years }} years from its fracture."),
        ("Discounting", "Costs and QALYs {{ results.params['discount_rate']|figure }} a year ({{ nation.economics.discount_basis }}); "
                        "for the net present social value, health at {{ results.params['health_discount_rate']|figure }} (Green Book)."),
        ("Currency and prices", "Pounds sterling at {{ results.prices.price_year }} prices, the latest year of the "
                                "{{ results.prices.index }}, which brings older costs forward. Pay is at "
                                "{{ results.costs.pay_year }} rates and medicines at current Drug Tariff prices, "
                                "which slightly overstates the service's cost against the savings."),
        ("Health outcomes", "Quality-adjusted life years: quality of life for the age and sex, lowered in the year of "
                            "each fracture and after it. Deaths: the usual risk at each age, raised after hip and spine fractures."),
        ("Model", "Each year's patients are followed year by year. The model counts deaths and further fractures "
                  "with and without the service. It allows for the time treatment takes to start and to act, for people "
                  "stopping it, and for the effect lasting after they stop."),
        ("Optimism bias", "{% for r in results.bias.values() %}{{ 'Set-up costs' if r.measure == 'setup' else 'Staff and running costs' }}: "
                          "{{ r.category_label }} ({{ r.kind }}), starting at {{ r.upper|pct }}, mitigated by {{ r.mitigation|pct }} "
                          "to {{ r.applied|pct }}. {{ r.reason }} {% endfor %}Medicines and scans, which rise and fall "
                          "with the patients who bring the benefits, carry none."),
        ("Uncertainty", "Each input moved across its range; break-even values; "
                        "{% if results.probabilistic %}{{ results.probabilistic.samples|num }} samples drawing every uncertain input together.{% else %}no probabilistic analysis.{% endif %}"),
    ], headers=("Item", "What we did"))
    doc.add_heading("3.3 Results", level=2)
    _loop_table(doc, "Table: each option against care as it is today", ["Option", "Fractures prevented", "Deaths avoided",
                                                                         "QALYs gained", "Net cost", "Cost per QALY", "Net social value"],
                "o in results.run.options",
                ["{{ o.model.model.name }}", "{{ results.summaries[o.model.model.id].total_prevented|num }}",
                 "{{ results.summaries[o.model.model.id].deaths_avoided|num(1) }}", "{{ results.summaries[o.model.model.id].qalys|num(1) }}",
                 "{{ results.summaries[o.model.model.id].net_cost|money }}",
                 "{% set s = results.summaries[o.model.model.id] %}{{ 'Saves money' if s.dominant else (s.cost_per_qaly|money if s.cost_per_qaly is not none else 'No gain') }}",
                 "{{ results.summaries[o.model.model.id].npsv|money }}"],
                [3.0, 2.5, 2.0, 1.9, 2.4, 2.4, 2.4], right=(1, 2, 3, 4, 5, 6))
    _loop_table(doc, "Table: where the money goes, " + "{{ results.costs.preferred.model.name|lower }} (present values; negative figures are savings)",
                ["Cost", "Who pays", "Amount", "Counted"], "l in " + e + ".lines",
                ["{{ l.label }}", "{{ results.payers[l.payer] }}", "{{ l.amount|money }}", "{{ 'Yes' if l.counted else 'No' }}"],
                [5.6, 5.0, 3.2, 2.8], right=(2,))
    doc.add_paragraph("{%p if results.longer %}")
    doc.add_paragraph("Quality of life lost after a hip fracture, and life lost to a death, last beyond "
                      "{{ results.benefits.horizon_years }} years. Following each group for {{ results.longer_horizon }} "
                      "years instead, the service would prevent about {{ results.longer.total_prevented|num }} fractures and "
                      "gain {{ results.longer.qalys|num(1) }} QALYs, "
                      "{% if results.longer.dominant %}saving money{% elif results.longer.cost_per_qaly is not none %}at "
                      "{{ results.longer.cost_per_qaly|money }} per QALY{% endif %}.")
    doc.add_paragraph("{%p endif %}")
    doc.add_paragraph("{%p if results.targets %}")
    doc.add_paragraph("{{ results.targets_label }}, the service would prevent about {{ results.targets.total_prevented|num }} "
                      "fractures and gain {{ results.targets.qalys|num(1) }} QALYs"
                      "{% if results.targets.dominant %}, saving money{% elif results.targets.cost_per_qaly is not none %}, at "
                      "{{ results.targets.cost_per_qaly|money }} per QALY{% endif %}. That assumes the same staff could do it. "
                      "Finding and following up more patients would need more staff. The central figures above use what "
                      "services achieve today, not the targets.")
    doc.add_paragraph("{%p endif %}")
    doc.add_heading("3.4 Staff the caseload needs", level=2)
    _loop_table(doc, "Table: whole-time equivalent staff needed and funded", ["Option", "Staff group", "Needed", "Funded"],
                "row in staff_rows",
                ["{{ row.option }}", "{{ row.group }}", "{{ row.needed|num(1) }}", "{{ row.funded|num(1) }}"],
                [5.0, 5.6, 3.0, 3.0], right=(2, 3))
    doc.add_heading("3.5 Sensitivity", level=2)
    doc.add_paragraph("Each input below was moved to the low and then the high end of its range, holding the others at "
                      "their central figures. The chart shows the net benefit at £{{ results.thresholds[0]|num }} per QALY: "
                      "the value of the QALYs gained less the net cost. Above £0 the service is cost-effective.")
    # The table first: its rows can fill the foot of a page, where the tall chart would leave a gap.
    _loop_table(doc, "Table: one-way sensitivity, " + "{{ results.costs.preferred.model.name|lower }}",
                ["Input", "Central", "Range", "Net benefit at low", "Net benefit at high"], "s in results.sensitivity[:10]",
                ["{{ s.param.label }}", "{{ s.param|figure }}", "{{ s.param|figure(s.param.low) }} to {{ s.param|figure(s.param.high) }}",
                 "{{ s.benefit[0]|money }}", "{{ s.benefit[1]|money }}"], [5.8, 2.0, 3.2, 2.8, 2.8], right=(3, 4))
    _figure(doc, "sensitivity", "Figure: how the net benefit changes with each input")
    doc.add_paragraph("{%p if results.probabilistic %}")
    doc.add_paragraph(
        "A probabilistic analysis drew all {{ results.probabilistic.sampled|length }} uncertain inputs together "
        "{{ results.probabilistic.samples|num }} times, each from the uncertainty of its own estimate.")
    _loop_table(doc, "Table: results allowing for uncertainty (95% intervals)",
                ["Option", "Fractures prevented", "QALYs gained", "Net cost", "Cost-effective at threshold"],
                "m in results.probabilistic.models",
                ["{{ results.run.option(m.model_id).model.model.name }}", "{{ m.prevented.low|num }} to {{ m.prevented.high|num }}",
                 "{{ m.qalys.low|num(1) }} to {{ m.qalys.high|num(1) }}",
                 "{{ m.net_cost.low|money }} to {{ m.net_cost.high|money }}", "{{ m.probability_cost_effective(results.thresholds[0])|pct }}"],
                [3.6, 3.0, 2.6, 4.2, 3.2])
    _figure(doc, "acceptability", "Figure: chance the service is cost-effective at each value of a QALY")
    doc.add_paragraph("{%p endif %}")
    doc.add_heading("3.6 Benefits not priced", level=2)
    doc.add_paragraph("{%p if case.unmonetised_benefits %}")
    _bullets(doc, "case.unmonetised_benefits")
    doc.add_paragraph("{%p endif %}")
    doc.add_paragraph("The figures leave out benefits the model does not price, such as falls prevented and fewer moves "
                      "into care homes. They also count only the years each group is followed.")
    doc.add_heading("3.7 Where the figures come from", level=2)
    _loop_table(doc, "Table: main inputs and their sources", ["Input", "Value", "Source"], "p in key_inputs",
                ["{{ p.label }}{% if p.overridden %} (local){% endif %}", "{{ p|figure }}", "{{ p.citation }}"], [5.0, 2.2, 9.4])
    doc.add_paragraph("{%p if results.benefits.local_sites %}")
    doc.add_paragraph("Fracture rates for {{ results.benefits.local_sites|join(', ')|replace('_', ' ') }} are the project's "
                      "own local figures.")
    doc.add_paragraph("{%p endif %}")

    doc.add_heading("4. Commercial case", level=1)
    doc.add_paragraph("{{ case.commercial_case }}")

    doc.add_heading("5. Financial case", level=1)
    doc.add_paragraph("Cash by financial year for the {{ results.costs.preferred.model.name|lower }}, at today's prices "
                      "and without discounting, as each year's new patients join those already treated. Negative "
                      "figures are savings. The service cost is the amount this case asks for; optimism bias is left "
                      "out here and held as contingency in the economic case.")
    _loop_table(doc, "Table: budget impact by year and payer, " + "{{ results.costs.preferred.model.name|lower }}",
                ["Year", "Service cost", "{{ nation.provider_column }}", "Commissioner", "Local authority", "Cash released", "Net"],
                "r in results.budget",
                ["{{ r.year }}", "{{ r.ask|money }}", "{{ r.total('provider')|money }}", "{{ r.total('commissioner')|money }}",
                 "{{ r.total('local_authority')|money }}", "{{ r.cash_releasing_savings|money }}", "{{ r.total()|money }}"],
                [1.9, 2.1, 2.1, 3.3, 2.3, 2.3, 2.0], right=(1, 2, 3, 4, 5, 6))
    doc.add_paragraph("The commissioner column includes the service cost, bone density scans and medicines prescribed "
                      "in primary care. Hospital savings are fewer admissions and bed days: they free capacity for "
                      "other patients rather than cash. Social care savings fall to the local authority.")
    _figure(doc, "costs_and_savings", "Figure: service cost against savings, by financial year")
    doc.add_paragraph("Pay: {{ results.costs.pay_source }} ({{ results.costs.pay_year }}). {{ results.costs.ni_source }}. "
                      "{{ results.costs.pension_source }}.")
    doc.add_heading("5.1 Who pays", level=2)
    doc.add_paragraph("Who pays: {{ case.funder }}.")
    doc.add_paragraph("How: {{ case.funding_route }}")
    doc.add_heading("5.2 Affordability", level=2)
    doc.add_paragraph("{{ case.affordability }}")

    doc.add_heading("6. Management case", level=1)
    doc.add_heading("6.1 Governance", level=2)
    doc.add_paragraph("{{ project.brief.governance }}")
    doc.add_heading("6.2 Implementation plan", level=2)
    _loop_table(doc, "Table: milestones", ["Milestone", "Due", "Lead", "Status"], "m in milestones",
                ["{{ m.task.title }}", "{{ m.task.due|longdate }}", "{{ m.task.lead.name }}", "{{ m.status|capitalize }}"],
                [7.2, 3.4, 3.4, 2.6])
    doc.add_heading("6.3 Risks", level=2)
    _loop_table(doc, "Table: risks on the NHS 5 × 5 matrix", ["Risk", "Score", "Owner", "Mitigation"], "g in results.risks",
                ["{{ g.risk.description }}", "{{ g.score }} {{ g.band }}", "{{ g.risk.owner.name }}", "{{ g.risk.mitigation }}"],
                [5.6, 2.4, 2.8, 5.8])
    doc.add_heading("6.4 Benefits realisation", level=2)
    _loop_table(doc, "Table: how each benefit will be tracked", ["Benefit", "Owner", "Measure", "Baseline", "Target", "Frees cash"],
                "b in case.benefits_realisation",
                ["{{ b.benefit }}", "{{ b.owner|who }}", "{{ b.measure }}",
                 "{{ b.baseline }}", "{{ b.target }}", "{{ 'Yes' if b.cash_releasing else 'No' }}"],
                [3.6, 2.4, 3.4, 2.4, 2.8, 2.0])
    doc.add_heading("6.5 Evaluation", level=2)
    doc.add_paragraph("{{ case.evaluation }}")
    doc.add_paragraph("{%p if case.exit %}")
    doc.add_heading("6.6 If the service stops", level=2)
    doc.add_paragraph("{{ case.exit }}")
    doc.add_paragraph("{%p endif %}")
    # The team's draft ends with the full notes behind each figure; a reader's copy (review, final) leaves them out.
    doc.add_paragraph("{%p if not build.for_readers %}")
    doc.add_heading("Appendix: notes for the team", level=1)
    doc.add_paragraph("This appendix is in the team's draft only. It gives each main input's full source note, "
                      "including what is assumed and what to replace with local figures.")
    _loop_table(doc, "Table: full source notes", ["Input", "Value", "Note"], "p in key_inputs",
                ["{{ p.label }}", "{{ p|figure }}", "{{ p.note }}"], [5.0, 2.2, 9.4])
    doc.add_paragraph("{%p endif %}")
    return _save(doc, "business-case.docx", "Business case")


HIGHLIGHT_HEADINGS = ["Summary", "Progress by phase", "Done this month", "Planned next month", "Late tasks",
                      "Risks for the board", "Open issues", "Decisions needed", "Indicators"]


def make_highlight_report() -> Path:
    """The monthly highlight report: ratings first, then the lists a project board reads each month."""
    doc = _new(10, "{{ project.info.short_name }} · Highlight report · {{ highlight.period_end|monthname }}")
    _cover(doc, "{{ project.info.name }}", "Highlight report for {{ highlight.period_end|monthname }}")
    doc.add_paragraph("For the project board and the stakeholder reference group. It covers "
                      "{{ highlight.period_start|longdate }} to {{ highlight.period_end|longdate }} and looks ahead to "
                      "the end of {{ highlight.next_end|monthname }}.")
    doc.add_heading("Summary", level=1)
    doc.add_paragraph("Overall rating: {{ highlight.overall }}.")
    doc.add_paragraph("{{ highlight_summary }}")
    _loop_table(doc, "Table: ratings this month", ["Area", "Rating", "Why", "Rule"], "r in highlight.ratings",
                ["{{ r.area }}", "{{ r.rating }}", "{{ r.reason }}", "{{ r.rule }}"], [2.4, 1.8, 5.4, 7.0])
    doc.add_heading("Progress by phase", level=1)
    _loop_table(doc, "Table: tasks complete in each phase", ["Phase", "Complete", "Tasks", "Late"],
                "p in highlight.phases", ["{{ p.name }}", "{{ p.complete }}", "{{ p.total }}", "{{ p.late }}"],
                [8.6, 2.6, 2.6, 2.8], right=(1, 2, 3))
    doc.add_heading("Done this month", level=1)
    _either(doc, "highlight.done", lambda: _loop_table(
        doc, "Table: tasks completed", ["Task", "Lead", "Due"], "s in highlight.done",
        ["{{ s.task.id }} {{ s.task.title }}", "{{ s.task.lead.name }}", "{{ s.task.due|shortdate }}"],
        [10.6, 3.4, 2.6]), "No task was completed this month.")
    doc.add_heading("Planned next month", level=1)
    _either(doc, "highlight.next", lambda: _loop_table(
        doc, "Table: tasks under way next month", ["Task", "Lead", "Due", "Status"], "s in highlight.next",
        ["{{ s.task.id }} {{ s.task.title }}", "{{ s.task.lead.name }}", "{{ s.task.due|shortdate }}",
         "{{ s.status|capitalize }}"], [8.8, 3.2, 2.4, 2.2]), "No task is planned for next month.")
    doc.add_heading("Late tasks", level=1)
    _either(doc, "highlight.late", lambda: _loop_table(
        doc, "Table: tasks past their due date", ["Task", "Lead", "Was due"], "s in highlight.late",
        ["{{ s.task.id }} {{ s.task.title }}{% if s.task.milestone %} (milestone){% endif %}",
         "{{ s.task.lead.name }}", "{{ s.task.due|shortdate }}"], [10.6, 3.4, 2.6]), "No task is late.")
    doc.add_heading("Risks for the board", level=1)
    _either(doc, "highlight.risks", lambda: _loop_table(
        doc, "Table: risks scored 12 or more", ["Risk", "Score", "Owner", "What we are doing"], "g in highlight.risks",
        ["{{ g.risk.description }}", "{{ g.score }} ({{ g.band }})", "{{ g.risk.owner.name }}",
         "{{ g.risk.mitigation }}"], [5.6, 2.0, 2.8, 6.2]), "No risk scores 12 or more.")
    doc.add_heading("Open issues", level=1)
    _either(doc, "highlight.issues", lambda: _loop_table(
        doc, "Table: issues still open", ["Issue", "Priority", "Owner", "Action"], "i in highlight.issues",
        ["{{ i.description }}", "{{ i.priority|capitalize }}", "{{ i.owner.name }}", "{{ i.action }}"],
        [5.6, 1.8, 2.8, 6.4]), "No issue is open.")
    doc.add_heading("Decisions needed", level=1)
    _either(doc, "highlight_decisions", lambda: _loop_table(
        doc, "Table: decisions the board is asked for", ["Decision", "Who decides", "Needed by"], "d in highlight_decisions",
        ["{{ d.decision }}", "{{ d.who }}", "{{ d.needed_by }}"], [9.6, 4.0, 3.0]), "No decision is needed this month.")
    doc.add_heading("Indicators", level=1)
    doc.add_paragraph("Each chart is a statistical process control chart: the monthly figure with its process "
                      "limits. Common-cause variation is the usual ups and downs. Special-cause variation is a real "
                      "change.")
    doc.add_paragraph("{%p for ind in highlight_indicators %}")
    doc.add_heading("{{ ind.name }}", level=2)
    doc.add_paragraph("{{ ind.reading }}")
    doc.add_paragraph("{{ charts[ind.chart] }}")
    doc.add_paragraph("{%p endfor %}")
    return _save(doc, "highlight-report.docx", "Highlight report")


# ---------------------------------------------------------------- meeting papers

MEETING = "agenda.meeting"
WHEN = ("{{ " + MEETING + ".start|longday }}, {{ " + MEETING + ".start|clock }} to {{ " + MEETING + ".end|clock }}, UK time")
WHERE = ("{% if " + MEETING + ".place %}{{ " + MEETING + ".place }}{% if " + MEETING + ".online %}, or online at "
         "{{ " + MEETING + ".online }}{% endif %}{% else %}Online at {{ " + MEETING + ".online }}{% endif %}")
NEXT_MEETING = ("{% if agenda.following %}{{ agenda.following.start|longday }}, {{ agenda.following.start|clock }} to "
                "{{ agenda.following.end|clock }}{% if agenda.following.changed and agenda.following.reason %}, moved from "
                "{{ agenda.following.scheduled|longday }} ({{ agenda.following.reason }}){% endif %}."
                "{% else %}None is planned yet.{% endif %}"
                "{% for c in agenda.cancelled %} The meeting on {{ c.scheduled|longday }} is cancelled"
                "{% if c.reason %} ({{ c.reason }}){% endif %}.{% endfor %}")


def _meeting_styles(doc) -> None:
    """Agenda items are the document's headings; at 12pt they read as items, not chapters."""
    doc.styles["Heading 1"].font.size = Pt(12)
    doc.styles["Heading 1"].paragraph_format.space_before = Pt(8)
    doc.styles["Title"].font.size = Pt(20)


def _meeting_cover(doc, subtitle: str) -> None:
    doc.add_paragraph("{{ group.name }} meeting", style="Title")
    doc.add_paragraph(subtitle, style="Subtitle")
    doc.add_paragraph("{{ project.info.name }} · {{ project.organisation.name }} · issued {{ build.generated|longdate }}")


def _lead_in(doc, text: str) -> None:
    """A sentence introducing the table below it, kept on the same page as the table."""
    doc.add_paragraph(text).paragraph_format.keep_with_next = True


def _tall_rows(doc, height_cm: float = 0.9) -> None:
    """Room to write by hand in the body rows of the table just added."""
    for row in doc.tables[-1].rows[1:]:
        row.height = Cm(height_cm)
        row.height_rule = WD_ROW_HEIGHT_RULE.AT_LEAST


def _meeting_details(doc, extra: list[tuple[str, str]] | None = None) -> None:
    rows = [("When", WHEN), ("Where", WHERE)]
    rows += [("Chair", "{{ group.chair.name }} ({{ group.chair.description }})"), *(extra or [])]
    _key_value_table(doc, "Table: the meeting", rows, widths=(3.4, 13.2), headers=("Meeting", "Details"))


def _no_meeting(doc) -> None:
    doc.add_paragraph("{%p else %}")
    doc.add_paragraph("No meeting of the {{ group.name|lower }} is planned after {{ build.generated|longdate }}."
                      "{% if not build.for_readers %} Add dates for the group to content/meetings.yaml.{% endif %}")
    doc.add_paragraph("{%p endif %}")


def _notes_box(doc, label: str = "Notes", height_cm: float = 2.4) -> None:
    """A box to write in: a header row, then one tall empty row (an empty paragraph would be dropped)."""
    table = doc.add_table(rows=2, cols=1)
    table.style = doc.styles["Table Grid"]
    _header_row(table, [label])
    table.rows[1].height = Cm(height_cm)
    table.rows[1].height_rule = WD_ROW_HEIGHT_RULE.AT_LEAST
    _widths(table, [TEXT_WIDTH])


def _either(doc, condition: str, table, otherwise: str) -> None:
    """``table()`` when ``condition`` holds, else the sentence ``otherwise``."""
    doc.add_paragraph("{%p if " + condition + " %}")
    table()
    doc.add_paragraph("{%p else %}")
    doc.add_paragraph(otherwise)
    doc.add_paragraph("{%p endif %}")


ACTION_CELLS = ["{{ a.action.id }}", "{{ a.action.action }}{% if a.action.notes %} Update: {{ a.action.notes }}{% endif %}",
                "{{ a.action.owner.name }}", "{{ a.action.due|shortdate }}"]
TASK_CELLS = ["{{ s.task.id }}", "{{ s.task.title }}{% if s.task.milestone %} (milestone){% endif %}",
              "{{ s.task.lead.name }}", "{{ s.task.due|shortdate }}"]
DECISION_CELLS = ["{{ n.decision.decision }}", "{{ n.decision.needed_by|shortdate if n.decision.needed_by else 'Not set' }}"
                  "{% if n.overdue %} (overdue){% endif %}"]
PREVIOUS = ("{% if agenda.previous %}the meeting on {{ agenda.previous.start|longday }}{% else %}earlier meetings{% endif %}")


def make_agenda() -> Path:
    """The agenda for a group's next meeting, drawn from the plan: one per group, rendered with ``group`` and ``agenda``."""
    doc = _new(10, "{{ project.info.short_name }} · {{ group.name }} · agenda", versioned=False)
    _meeting_styles(doc)
    _meeting_cover(doc, "Agenda{% if agenda %} for {{ agenda.meeting.start|longday }}{% endif %}")
    doc.add_paragraph("{%p if agenda %}")
    _meeting_details(doc)
    doc.add_paragraph("{{ group.purpose }}")
    _loop_table(doc, "Table: who is invited", ["Invited", "Role or contact"], "a in group.members",
                ["{{ a.name }}", "{{ a.description }}"], [8.3, 8.3])

    doc.add_heading("1. Welcome and apologies", level=1)
    doc.add_paragraph("The chair welcomes everyone, takes apologies and asks for any declarations of interest.")
    doc.add_heading("2. Notes and actions", level=1)
    _lead_in(doc, "{% if agenda.previous %}Agree the notes of the meeting on {{ agenda.previous.start|longday }}, "
                  "then review the actions.{% else %}Review the actions.{% endif %}")
    _either(doc, "agenda.actions", lambda: _loop_table(
        doc, "Table: actions to review", ["Ref", "Action", "Owner", "Due", "Status"], "a in agenda.actions",
        ACTION_CELLS + ["{{ a.status|capitalize }}{% if a.action.done %} {{ a.action.done|shortdate }}{% endif %}"],
        [1.0, 7.9, 3.0, 2.5, 2.2]), "No actions are open.")
    doc.add_heading("3. Progress against the plan", level=1)
    _lead_in(doc, "Tasks due since " + PREVIOUS + " or by this one, and any task that is late.")
    _either(doc, "agenda.tasks", lambda: _loop_table(
        doc, "Table: tasks to review", ["Ref", "Task", "Lead", "Due", "Status"], "s in agenda.tasks",
        TASK_CELLS + ["{{ s.status|capitalize }}"], [1.0, 7.9, 3.0, 2.5, 2.2]), "No task falls due and none is late.")
    doc.add_heading("4. Risks", level=1)
    _lead_in(doc, "Risks scoring 12 or more out of 25 on the NHS 5 × 5 matrix (likelihood times consequence).")
    _either(doc, "agenda.risks", lambda: _loop_table(
        doc, "Table: the highest risks", ["Risk", "Score", "Owner", "What we are doing"], "g in agenda.risks",
        ["{{ g.risk.description }}", "{{ g.score }} {{ g.band }}", "{{ g.risk.owner.name }}", "{{ g.risk.mitigation }}"],
        [5.8, 2.0, 2.8, 6.0]), "No risk scores 12 or more.")
    doc.add_heading("5. Decisions needed", level=1)
    _either(doc, "agenda.decisions", lambda: _loop_table(
        doc, "Table: decisions for this group", ["Decision needed", "Needed by", "Why it matters"], "n in agenda.decisions",
        DECISION_CELLS + ["{{ n.decision.rationale }}"], [7.0, 2.6, 7.0]), "No decision is waiting for this group.")
    doc.add_heading("6. Indicators off target", level=1)
    _either(doc, "agenda.indicators", lambda: _loop_table(
        doc, "Table: indicators below target in the latest month", ["Indicator", "Month", "Result", "Target", "Status"],
        "i in agenda.indicators",
        ["{{ i.indicator.name }}", "{{ i.latest.month|monthname }}",
         "{% if i.latest.share is not none %}{{ i.latest.share|pct }} ({{ i.latest.numerator }} of "
         "{{ i.latest.denominator }}){% else %}No patients{% endif %}",
         "{{ i.indicator.target|pct if i.indicator.target is not none else '-' }}", "{{ i.status }}"],
        [6.4, 2.6, 3.4, 1.8, 2.4]), "No indicator is below its target in the latest month.")
    doc.add_heading("7. Any other business", level=1)
    doc.add_paragraph("Please tell the chair before the meeting.")
    doc.add_heading("8. Next meeting", level=1)
    doc.add_paragraph(NEXT_MEETING)
    _no_meeting(doc)
    return _save(doc, "agenda.docx", "Agenda")


def make_minutes() -> Path:
    """A template for the notes, decisions and actions of a group's next meeting, the agenda's items ready to fill in."""
    doc = _new(10, "{{ project.info.short_name }} · {{ group.name }} · notes and actions", versioned=False)
    _meeting_styles(doc)
    _meeting_cover(doc, "Notes and actions{% if agenda %}, {{ agenda.meeting.start|longday }}{% endif %}")
    doc.add_paragraph("{%p if agenda %}")
    _meeting_details(doc, [("Notes taken by", "")])
    doc.add_paragraph("{%p if not build.for_readers %}")
    doc.add_paragraph("After the meeting, copy decisions into content/plan.yaml and actions into content/meetings.yaml, "
                      "so the next agenda and the website show them.")
    doc.add_paragraph("{%p endif %}")
    _loop_table(doc, "Table: attendance", ["Name", "Role or contact", "Present", "Apologies"], "a in group.attendees",
                ["{{ a.name }}", "{{ a.description }}", "", ""], [6.0, 6.2, 2.2, 2.2])
    _notes_box(doc, "Also present", 1.0)

    doc.add_heading("1. Welcome and apologies", level=1)
    _notes_box(doc, "Declarations of interest", 1.2)
    doc.add_heading("2. Notes and actions", level=1)
    _lead_in(doc, "Notes of " + PREVIOUS + " agreed: yes / no, with these changes:")
    _notes_box(doc, "Changes to the notes", 1.2)
    _either(doc, "agenda.actions", lambda: _loop_table(
        doc, "Table: actions reviewed", ["Ref", "Action", "Owner", "Due", "Update and new status"], "a in agenda.actions",
        ACTION_CELLS + [""], [1.0, 6.4, 2.6, 2.5, 4.1]), "No actions were open.")
    doc.add_heading("3. Progress against the plan", level=1)
    _either(doc, "agenda.tasks", lambda: _loop_table(
        doc, "Table: tasks reviewed", ["Ref", "Task", "Lead", "Due", "Update"], "s in agenda.tasks",
        TASK_CELLS + [""], [1.0, 6.4, 2.6, 2.5, 4.1]), "No task fell due and none was late.")
    doc.add_heading("4. Risks", level=1)
    _either(doc, "agenda.risks", lambda: _loop_table(
        doc, "Table: risks reviewed", ["Risk", "Score", "Update, or new score"], "g in agenda.risks",
        ["{{ g.risk.description }}", "{{ g.score }} {{ g.band }}", ""], [7.0, 2.0, 7.6]), "No risk scored 12 or more.")
    _notes_box(doc, "New risks or issues", 1.2)
    doc.add_heading("5. Decisions", level=1)
    _either(doc, "agenda.decisions", lambda: _loop_table(
        doc, "Table: decisions needed", ["Decision needed", "Needed by", "What was decided"], "n in agenda.decisions",
        DECISION_CELLS + [""], [6.4, 2.6, 7.6]), "No decision was waiting for this group.")
    _caption(doc, "Table: other decisions made at this meeting")
    table = doc.add_table(rows=4, cols=3)
    table.style = doc.styles["Table Grid"]
    _header_row(table, ["Decision", "Why", "Made by"])
    _widths(table, [7.0, 6.6, 3.0])
    _tall_rows(doc)
    doc.add_heading("6. Indicators", level=1)
    _notes_box(doc, "Notes", 1.6)
    doc.add_heading("7. Any other business", level=1)
    _notes_box(doc, "Notes", 1.6)
    doc.add_heading("New actions", level=1)
    _loop_table(doc, "Table: actions agreed at this meeting", ["Ref", "Action", "Owner", "Due"], "id in new_actions",
                ["{{ id }}", "", "", ""], [1.4, 9.6, 3.2, 2.4])
    _tall_rows(doc)
    doc.add_heading("Next meeting", level=1)
    doc.add_paragraph(NEXT_MEETING)
    _no_meeting(doc)
    return _save(doc, "minutes.docx", "Minutes and actions")


if __name__ == "__main__":
    for path in (make_pid(), make_specification(), make_business_case(), make_agenda(), make_minutes(),
                 make_highlight_report()):
        print(path)
