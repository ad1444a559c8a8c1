"""Word documents rendered from docxtpl templates, then finished so they read right before Word updates a field."""

from __future__ import annotations

import re
from datetime import date, datetime, time
from pathlib import Path
from typing import Any, Iterator

import jinja2
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.image.image import Image
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from docxtpl import DocxTemplate, InlineImage
from lxml import etree

from fls_docs.render.charts import Chart
from fls_docs.render.formatting import FILTERS

LANGUAGE = "en-GB"
# The tallest a chart may be: a chart taller than half the text height leaves a half-empty page
# whenever it falls near the foot of one.
MAX_FIGURE_HEIGHT_CM = 13.0
# Space above the paragraph that follows a table, in twentieths of a point (10pt).
SPACE_AFTER_TABLE = 200


def jinja_env() -> jinja2.Environment:
    # StrictUndefined turns a misspelt field in a template into an error,
    # instead of a silently empty gap in a document sent to commissioners.
    env = jinja2.Environment(undefined=jinja2.StrictUndefined, autoescape=True)
    env.filters.update(FILTERS)
    return env


def render_docx(template: Path, context: dict[str, Any], out: Path, charts: dict[str, Chart] | None = None,
                title: str = "", mark_draft: bool = True) -> None:
    """Render ``template`` with ``context`` into ``out``, with ``charts`` available as ``charts.<name>``.

    ``mark_draft=False`` leaves the draft mark off papers that are sent as they are, such as agendas.

    Autoescaping is essential: without it a "<" or "&" in content silently
    corrupts the XML and docxtpl's forgiving parser drops the rest of a table.
    """
    doc = DocxTemplate(str(template))
    charts = charts or {}
    images = {key: InlineImage(doc, str(chart.path), width=Cm(_figure_width_cm(chart))) for key, chart in charts.items()}
    doc.render({**context, "charts": images}, jinja_env(), autoescape=True)
    body = doc.docx.element.body
    _remove_empty_paragraphs(body)
    _describe_images(doc, {chart.name: chart.alt for chart in charts.values()})
    _keep_rows_whole(body)
    _space_after_tables(doc)
    _fill_table_of_contents(doc)
    _set_language(doc)
    _set_properties(doc, context, title)
    if mark_draft:
        _mark_draft(doc, context)
    _update_fields_on_open(doc)
    doc.save(str(out))


def _figure_width_cm(chart: Chart) -> float:
    """The chart's width, narrowed if need be so that it is no taller than ``MAX_FIGURE_HEIGHT_CM`` (or its own limit).

    A chart with its own limit (a map) is drawn at the size it prints, so it is never shown larger than that.
    """
    image = Image.from_file(str(chart.path))
    width = chart.width_cm
    if chart.max_height_cm:
        width = min(width, image.px_width / image.horz_dpi * 2.54)
    height = width * image.px_height / image.px_width
    limit = chart.max_height_cm or MAX_FIGURE_HEIGHT_CM
    return width if height <= limit else width * limit / height


# ---------------------------------------------------------------- empty paragraphs

# What makes a paragraph with no text still worth keeping.
_CONTENT = tuple(qn(tag) for tag in ("w:drawing", "w:pict", "w:object", "w:fldChar", "w:fldSimple", "w:instrText",
                                     "w:sectPr", "w:footnoteReference", "w:endnoteReference"))


def _is_empty(paragraph: etree._Element) -> bool:
    """True for a paragraph with no text, picture, field, page break or section break."""
    if "".join(t.text or "" for t in paragraph.iter(qn("w:t"))).strip():
        return False
    if any(element.tag in _CONTENT for element in paragraph.iter()):
        return False
    return not any(br.get(qn("w:type")) == "page" for br in paragraph.iter(qn("w:br")))


def _mark_draft(doc: DocxTemplate, context: dict[str, Any]) -> None:
    """The team's draft says so at the top of every page; a copy for readers carries no such mark."""
    build = context.get("build")
    if build is None or getattr(build, "for_readers", True):
        return
    for section in doc.docx.sections:
        mark = section.header.add_paragraph("DRAFT for the project team: not for circulation")
        mark.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        for run in mark.runs:
            run.font.size = Pt(9)
            run.font.bold = True
            run.font.color.rgb = RGBColor(0xDA, 0x29, 0x1C)


def _remove_empty_paragraphs(body: etree._Element) -> None:
    """Drop the empty paragraphs ``{%p %}`` tags leave behind: spacing comes from styles, not blank lines."""
    for paragraph in list(body.iter(qn("w:p"))):
        parent = paragraph.getparent()
        if not _is_empty(paragraph) or parent is None:
            continue
        if parent.tag == qn("w:tc") and len(parent.findall(qn("w:p"))) == 1:
            continue  # a table cell must hold a paragraph
        if parent.tag == qn("w:body") and _ends_body_after_table(paragraph):
            continue  # Word needs a paragraph mark after a table that ends the document
        parent.remove(paragraph)
    # Word needs a paragraph mark after a table that ends the document.
    last = [child for child in body if child.tag != qn("w:sectPr")]
    if last and last[-1].tag == qn("w:tbl"):
        last[-1].addnext(OxmlElement("w:p"))


def _ends_body_after_table(paragraph: etree._Element) -> bool:
    following, previous = paragraph.getnext(), paragraph.getprevious()
    return (following is None or following.tag == qn("w:sectPr")) and previous is not None and previous.tag == qn("w:tbl")


# ---------------------------------------------------------------- images

def _describe_images(doc: DocxTemplate, alt_text: dict[str, str]) -> None:
    """Give each picture the alt text of the chart it shows, and its own id (docxtpl leaves both unset)."""
    for number, inline in enumerate(doc.docx.element.body.iter(qn("wp:inline")), start=1):
        doc_pr = inline.find(qn("wp:docPr"))
        picture = inline.find(".//" + qn("pic:cNvPr"))
        if doc_pr is None or picture is None:
            continue
        # Word wants every drawing's id to be unique within the document.
        doc_pr.set("id", str(number))
        doc_pr.set("name", f"Chart {number}")
        if picture.get("name") in alt_text:
            doc_pr.set("descr", alt_text[picture.get("name")])
            picture.set("descr", alt_text[picture.get("name")])


# ---------------------------------------------------------------- tables

def _keep_rows_whole(body: etree._Element) -> None:
    """Mark every table row so it never splits across pages: half a risk on each page is hard to read."""
    for row in body.iter(qn("w:tr")):
        properties = row.get_or_add_trPr()
        if properties.find(qn("w:cantSplit")) is None:
            properties.insert(0, OxmlElement("w:cantSplit"))


def _space_after_tables(doc: DocxTemplate) -> None:
    """Give the paragraph after each table room above it, unless its style already gives as much."""
    body = doc.docx.element.body
    for table in body.iterchildren(qn("w:tbl")):
        following = table.getnext()
        if following is None or following.tag != qn("w:p"):
            continue
        if _space_before(doc, following) < SPACE_AFTER_TABLE:
            spacing = following.get_or_add_pPr().get_or_add_spacing()
            spacing.set(qn("w:before"), str(SPACE_AFTER_TABLE))


def _space_before(doc: DocxTemplate, paragraph: etree._Element) -> int:
    """The paragraph's space before, in twentieths of a point, from its own properties or its styles."""
    direct = paragraph.find(f"{qn('w:pPr')}/{qn('w:spacing')}")
    if direct is not None and direct.get(qn("w:before")) is not None:
        return int(direct.get(qn("w:before")))
    for style in _style_chain(doc, _style_id(paragraph)):
        spacing = style.find(f"{qn('w:pPr')}/{qn('w:spacing')}")
        if spacing is not None and spacing.get(qn("w:before")) is not None:
            return int(spacing.get(qn("w:before")))
    return 0


# ---------------------------------------------------------------- styles

def _style_id(paragraph: etree._Element) -> str | None:
    style = paragraph.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
    return None if style is None else style.get(qn("w:val"))


def _style_chain(doc: DocxTemplate, style_id: str | None) -> Iterator[etree._Element]:
    """The paragraph style with this id, then the styles it is based on, ending with the default style."""
    styles = doc.docx.styles.element
    by_id = {s.get(qn("w:styleId")): s for s in styles.iterchildren(qn("w:style"))}
    if style_id is None:
        style_id = next((s.get(qn("w:styleId")) for s in by_id.values()
                         if s.get(qn("w:type")) == "paragraph" and s.get(qn("w:default")) in ("1", "true")), None)
    seen: set[str] = set()
    while style_id in by_id and style_id not in seen:
        seen.add(style_id)
        yield by_id[style_id]
        based_on = by_id[style_id].find(qn("w:basedOn"))
        style_id = None if based_on is None else based_on.get(qn("w:val"))


def _set_language(doc: DocxTemplate) -> None:
    """Mark the defaults and every style as British English, so Word checks spelling against en-GB."""
    styles = doc.docx.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    if defaults is None:
        defaults = OxmlElement("w:docDefaults")
        styles.insert(0, defaults)
    run_defaults = defaults.find(qn("w:rPrDefault"))
    if run_defaults is None:
        run_defaults = OxmlElement("w:rPrDefault")
        defaults.insert(0, run_defaults)
    targets = [run_defaults] + [s for s in styles.iterchildren(qn("w:style")) if s.get(qn("w:type")) != "numbering"]
    for element in targets:
        _set_run_language(_get_or_add(element, "w:rPr"))
    theme = doc.docx.settings.element.find(qn("w:themeFontLang"))
    if theme is not None:
        theme.set(qn("w:val"), LANGUAGE)


def _set_run_language(run_properties: etree._Element) -> None:
    language = run_properties.find(qn("w:lang"))
    if language is None:
        language = OxmlElement("w:lang")
        run_properties.append(language)
    for attribute in ("w:val", "w:eastAsia"):
        language.set(qn(attribute), LANGUAGE)


def _get_or_add(parent: etree._Element, tag: str) -> etree._Element:
    child = parent.find(qn(tag))
    if child is None:
        child = OxmlElement(tag)
        # rPr comes after pPr and tblPr in a style, and is the only child of rPrDefault.
        anchor = next((c for c in parent if c.tag in (qn("w:tblPr"), qn("w:trPr"), qn("w:tcPr"), qn("w:tblStylePr"))), None)
        if anchor is None:
            parent.append(child)
        else:
            anchor.addprevious(child)
    return child


# ---------------------------------------------------------------- table of contents

_TOC_LEVELS = re.compile(r'\\o\s+"(\d)-(\d)"')


def _fill_table_of_contents(doc: DocxTemplate) -> None:
    """Write the contents field's shown entries from the headings the document actually has.

    The field stays, so Word can refresh it and add page numbers; until then the entries are
    the headings themselves, each a link to its heading. Page numbers are left out: they are
    known only once the document is laid out.
    """
    found = _toc_field(doc.docx.element.body)
    if found is None:
        return
    paragraph, instruction = found
    levels = _toc_levels(instruction)
    entries = [(level, heading) for heading, level in _headings(doc) if levels[0] <= level <= levels[1]]
    bookmarks = [_bookmark(heading, number) for number, (_, heading) in enumerate(entries, start=1)]
    replacement = _toc_paragraphs(instruction, [(level, _text(heading), name)
                                                for (level, heading), name in zip(entries, bookmarks)])
    for new in replacement:
        paragraph.addprevious(new)
    paragraph.getparent().remove(paragraph)


def _toc_field(body: etree._Element) -> tuple[etree._Element, str] | None:
    """The paragraph that holds the TOC field, and the field's instruction."""
    for instr in body.iter(qn("w:instrText")):
        if (instr.text or "").strip().startswith("TOC"):
            paragraph = next(instr.iterancestors(qn("w:p")))
            return paragraph, "".join(i.text or "" for i in paragraph.iter(qn("w:instrText")))
    return None


def _toc_levels(instruction: str) -> tuple[int, int]:
    match = _TOC_LEVELS.search(instruction)
    return (int(match.group(1)), int(match.group(2))) if match else (1, 3)


def _headings(doc: DocxTemplate) -> list[tuple[etree._Element, int]]:
    """Each body paragraph with an outline level (headings), with its level counted from 1."""
    found = []
    for paragraph in doc.docx.element.body.iterchildren(qn("w:p")):
        level = _outline_level(doc, paragraph)
        if level is not None and _text(paragraph).strip():
            found.append((paragraph, level))
    return found


def _outline_level(doc: DocxTemplate, paragraph: etree._Element) -> int | None:
    direct = paragraph.find(f"{qn('w:pPr')}/{qn('w:outlineLvl')}")
    if direct is not None:
        return _level(direct)
    for style in _style_chain(doc, _style_id(paragraph)):
        outline = style.find(f"{qn('w:pPr')}/{qn('w:outlineLvl')}")
        if outline is not None:
            return _level(outline)
    return None


def _level(outline: etree._Element) -> int | None:
    # Outline level 9 is body text: such a paragraph is not a heading.
    value = int(outline.get(qn("w:val"), "9")) + 1
    return value if value <= 9 else None


def _text(paragraph: etree._Element) -> str:
    return "".join(t.text or "" for t in paragraph.iter(qn("w:t")))


def _bookmark(heading: etree._Element, number: int) -> str:
    """Put a bookmark round the heading's text for its contents entry to link to; return its name."""
    name = f"_Toc{number:08d}"
    ids = [int(b.get(qn("w:id"))) for b in heading.getroottree().iter(qn("w:bookmarkStart"))
           if (b.get(qn("w:id")) or "").isdigit()]
    mark = str(max(ids, default=0) + 1)
    start, end = OxmlElement("w:bookmarkStart"), OxmlElement("w:bookmarkEnd")
    start.set(qn("w:id"), mark)
    start.set(qn("w:name"), name)
    end.set(qn("w:id"), mark)
    properties = heading.find(qn("w:pPr"))
    if properties is None:
        heading.insert(0, start)
    else:
        properties.addnext(start)
    heading.append(end)
    return name


def _toc_paragraphs(instruction: str, entries: list[tuple[int, str, str]]) -> list[etree._Element]:
    """The field as Word writes it: begin and instruction in the first entry's paragraph, end in the last."""
    paragraphs = [_toc_entry(level, text, anchor) for level, text, anchor in entries] or [OxmlElement("w:p")]
    first, last = paragraphs[0], paragraphs[-1]
    start = [_field_char("begin", dirty=True), _instruction(instruction), _field_char("separate")]
    anchor = first.find(qn("w:pPr"))
    for run in reversed(start):
        if anchor is None:
            first.insert(0, run)
        else:
            anchor.addnext(run)
    last.append(_field_char("end"))
    return paragraphs


def _toc_entry(level: int, text: str, anchor: str) -> etree._Element:
    paragraph = OxmlElement("w:p")
    properties = paragraph.get_or_add_pPr()
    style = OxmlElement("w:pStyle")
    style.set(qn("w:val"), f"TOC{level}")
    properties.append(style)
    link = OxmlElement("w:hyperlink")
    link.set(qn("w:anchor"), anchor)
    link.set(qn("w:history"), "1")
    run = OxmlElement("w:r")
    words = OxmlElement("w:t")
    words.text = text
    words.set(qn("xml:space"), "preserve")
    run.append(words)
    link.append(run)
    paragraph.append(link)
    return paragraph


def _field_char(kind: str, dirty: bool = False) -> etree._Element:
    run = OxmlElement("w:r")
    char = OxmlElement("w:fldChar")
    char.set(qn("w:fldCharType"), kind)
    if dirty:
        # Asks Word to refresh the field (and so add page numbers) when it next lays out the document.
        char.set(qn("w:dirty"), "true")
    run.append(char)
    return run


def _instruction(text: str) -> etree._Element:
    run = OxmlElement("w:r")
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = text
    run.append(instr)
    return run


# ---------------------------------------------------------------- properties and settings

def _set_properties(doc: DocxTemplate, context: dict[str, Any], title: str) -> None:
    """Title, subject, author, status, dates and language, which Word, screen readers and search show."""
    project = context.get("project")
    properties = doc.docx.core_properties
    name = getattr(getattr(project, "info", None), "name", "")
    organisation = getattr(getattr(project, "organisation", None), "name", "")
    if title:
        properties.title = f"{name}: {title}" if name else title
        properties.subject = f"{title} for {name}" if name else title
    if organisation:
        properties.author = organisation
    control = getattr(project, "document_control", None)
    if control is not None:
        properties.content_status = control.status
    generated = getattr(context.get("build"), "generated", None)
    if isinstance(generated, date):
        # The build date, not the clock, so the same content gives the same document.
        properties.created = properties.modified = datetime.combine(generated, time())
    properties.last_modified_by = organisation
    properties.language = LANGUAGE


# Elements that come after w:updateFields in the schema's order for w:settings; Word rejects
# a settings part whose elements are out of order.
_AFTER_UPDATE_FIELDS = (
    "hdrShapeDefaults", "footnotePr", "endnotePr", "compat", "docVars", "rsids", "mathPr", "attachedSchema",
    "themeFontLang", "clrSchemeMapping", "doNotIncludeSubdocsInStats", "doNotAutoCompressPictures", "forceUpgrade",
    "captions", "readModeInkLockDown", "smartTagType", "schemaLibrary", "shapeDefaults", "doNotEmbedSmartTags",
    "decimalSymbol", "listSeparator",
)


def _update_fields_on_open(doc: DocxTemplate) -> None:
    """Ask Word to refresh fields (the table of contents, page counts) when the document opens."""
    settings = doc.docx.settings.element
    if settings.find(qn("w:updateFields")) is not None:
        return
    update = OxmlElement("w:updateFields")
    update.set(qn("w:val"), "true")
    later = {qn(f"w:{name}") for name in _AFTER_UPDATE_FIELDS}
    successor = next((child for child in settings if child.tag in later), None)
    if successor is None:
        settings.append(update)
    else:
        successor.addprevious(update)
