"""Create the shipped Word templates in templates/word/.

The .docx files are committed; teams restyle them in Word. Run this only to
rebuild a template from scratch after changing its structure:

    .venv/bin/python scripts/make_word_templates.py
"""

from __future__ import annotations

from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

OUT = Path(__file__).resolve().parent.parent / "templates" / "word"
NHS_BLUE = RGBColor(0x00, 0x5E, 0xB8)
NHS_DARK = RGBColor(0x00, 0x30, 0x87)


def _field(paragraph, instruction: str) -> None:
    """Insert a Word field (PAGE, NUMPAGES, TOC) that Word fills in when it lays out the page."""
    run = paragraph.add_run()
    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {instruction} "
    separate = OxmlElement("w:fldChar")
    separate.set(qn("w:fldCharType"), "separate")
    text = OxmlElement("w:t")
    text.text = "1"
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    for element in (begin, instr, separate, text, end):
        run._r.append(element)


def _styles(doc) -> None:
    styles = doc.styles
    normal = styles["Normal"]
    normal.font.name = "Arial"
    normal.font.size = Pt(11)
    normal.paragraph_format.space_after = Pt(6)
    rpr = normal.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attr), "Arial")
    for name, size, colour in (("Title", 26, NHS_DARK), ("Heading 1", 16, NHS_BLUE), ("Heading 2", 13, NHS_DARK), ("Heading 3", 11, NHS_DARK)):
        style = styles[name]
        style.font.name = "Arial"
        style.font.size = Pt(size)
        style.font.color.rgb = colour
        style.font.bold = True
        r = style.element.get_or_add_rPr()
        f = r.find(qn("w:rFonts"))
        if f is None:
            f = OxmlElement("w:rFonts")
            r.append(f)
        for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
            f.set(qn(attr), "Arial")
        for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:cstheme", "w:eastAsiaTheme"):
            if f.get(qn(attr)) is not None:
                del f.attrib[qn(attr)]
    styles["Title"].paragraph_format.space_after = Pt(12)
    subtitle = styles["Subtitle"]
    subtitle.font.name = "Arial"
    subtitle.font.size = Pt(14)
    subtitle.font.color.rgb = NHS_DARK
    subtitle.font.italic = False


def _repeat_header(row) -> None:
    trpr = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    trpr.append(header)


def _loop_table(doc, headers: list[str], loop: str, cells: list[str], widths: list[float]) -> None:
    """A table with a repeating header row and one docxtpl row loop."""
    table = doc.add_table(rows=4, cols=len(headers))
    table.style = doc.styles["Table Grid"]
    for i, text in enumerate(headers):
        cell = table.rows[0].cells[i]
        cell.text = ""
        run = cell.paragraphs[0].add_run(text)
        run.bold = True
    _repeat_header(table.rows[0])
    table.rows[1].cells[0].text = "{%tr for " + loop + " %}"
    for i, text in enumerate(cells):
        table.rows[2].cells[i].text = text
    table.rows[3].cells[0].text = "{%tr endfor %}"
    # Word reads the cell widths, LibreOffice the grid: set both.
    table.autofit = False
    for i, width in enumerate(widths):
        table.columns[i].width = Cm(width)
    for row in table.rows:
        for i, width in enumerate(widths):
            row.cells[i].width = Cm(width)
    doc.add_paragraph()


def _bullets(doc, loop: str, item: str = "{{ item }}") -> None:
    doc.add_paragraph("{%p for item in " + loop + " %}")
    doc.add_paragraph(item, style="List Bullet")
    doc.add_paragraph("{%p endfor %}")


def make_pid() -> Path:
    doc = Document()
    _styles(doc)
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    for side in ("left_margin", "right_margin"):
        setattr(section, side, Cm(2.2))
    section.top_margin = section.bottom_margin = Cm(2.0)

    footer = section.footer.paragraphs[0]
    footer.text = "{{ project.info.short_name }} · Project initiation document · version {{ project.document_control.version }} ({{ project.document_control.status }}) · page "
    _field(footer, "PAGE")
    footer.add_run(" of ")
    _field(footer, "NUMPAGES")
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for run in footer.runs:
        run.font.size = Pt(8)

    doc.add_paragraph("{{ project.info.name }}", style="Title")
    doc.add_paragraph("Project initiation document", style="Subtitle")
    doc.add_paragraph("{{ project.organisation.name }} · version {{ project.document_control.version }} ({{ project.document_control.status }}) · {{ build.generated|longdate }}")
    doc.add_paragraph("{{ project.info.summary }}")

    doc.add_heading("Document control", level=1)
    _loop_table(doc, ["Version", "Date", "Author", "Changes"], "rev in project.document_control.history",
                ["{{ rev.version }}", "{{ rev.date|longdate }}", "{{ rev.author.name }}", "{{ rev.changes }}"],
                [2.1, 3.2, 3.4, 7.9])

    doc.add_heading("Why we need this project", level=1)
    doc.add_paragraph("{%p for para in project.brief.background %}")
    doc.add_paragraph("{{ para }}")
    doc.add_paragraph("{%p endfor %}")
    doc.add_paragraph(
        "We expect about {{ results.benefits.expected_per_year|num }} fragility fractures a year among the "
        "{{ project.catchment.aged_50_plus|num }} people aged 50 and over in {{ project.catchment.name }}."
    )

    doc.add_heading("What we want to achieve", level=1)
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

    doc.add_heading("What we will produce", level=1)
    _loop_table(doc, ["Deliverable", "What it is"], "d in project.brief.deliverables",
                ["{{ d.name }}", "{{ d.description }}"], [5.0, 11.6])

    doc.add_heading("Benefits", level=1)
    _bullets(doc, "project.brief.benefits")

    doc.add_heading("Who is involved", level=1)
    doc.add_heading("Project team", level=2)
    _loop_table(doc, ["Name", "Role on the project", "Job title"], "p in project.team",
                ["{{ p.name }}", "{{ p.role }}", "{{ p.job_title }}"], [4.5, 5.6, 6.5])
    doc.add_heading("Stakeholder reference group", level=2)
    doc.add_paragraph("The reference group brings together {{ project.stakeholders|length }} groups with an interest in the service:")
    _bullets(doc, "project.stakeholders", "{{ item.name }} ({{ item.category_label }})")
    doc.add_heading("Governance", level=2)
    doc.add_paragraph("{{ project.brief.governance }}")

    doc.add_heading("Milestones", level=1)
    _loop_table(doc, ["Milestone", "Due", "Lead", "Status"], "m in milestones",
                ["{{ m.task.title }}", "{{ m.task.due|longdate }}", "{{ m.task.lead.name }}", "{{ m.status|capitalize }}"],
                [7.2, 3.2, 3.3, 2.9])

    doc.add_heading("Risks", level=1)
    _loop_table(doc, ["Risk", "Likelihood × impact", "Owner", "What we are doing"], "r in project.brief.risks",
                ["{{ r.description }}", "{{ r.likelihood }} × {{ r.consequence }}", "{{ r.owner.name }}", "{{ r.mitigation }}"],
                [5.4, 2.9, 2.8, 5.5])

    doc.add_heading("How to get involved", level=1)
    doc.add_paragraph("{{ project.brief.get_involved.text }}")
    doc.add_paragraph("Contact {{ project.brief.get_involved.contact.name }} ({{ project.brief.get_involved.contact.role|lower }}){% if project.brief.get_involved.contact.email %} at {{ project.brief.get_involved.contact.email }}{% endif %}.")
    doc.add_paragraph("{%p if project.brief.get_involved.meetings %}")
    doc.add_paragraph("Meetings: {{ project.brief.get_involved.meetings }}")
    doc.add_paragraph("{%p endif %}")

    doc.core_properties.title = "Project initiation document"
    doc.core_properties.author = "fls-docs"
    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / "project-initiation-document.docx"
    doc.save(path)
    return path


if __name__ == "__main__":
    print(make_pid())
