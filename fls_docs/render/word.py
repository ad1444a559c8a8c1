"""Word documents rendered from docxtpl templates."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import jinja2
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm
from docxtpl import DocxTemplate, InlineImage

from fls_docs.render.charts import Chart
from fls_docs.render.formatting import FILTERS


def jinja_env() -> jinja2.Environment:
    # StrictUndefined turns a misspelt field in a template into an error,
    # instead of a silently empty gap in a document sent to commissioners.
    env = jinja2.Environment(undefined=jinja2.StrictUndefined, autoescape=True)
    env.filters.update(FILTERS)
    return env


def render_docx(template: Path, context: dict[str, Any], out: Path, charts: dict[str, Chart] | None = None,
                title: str = "") -> None:
    """Render ``template`` with ``context`` into ``out``, with ``charts`` available as ``charts.<name>``.

    Autoescaping is essential: without it a "<" or "&" in content silently
    corrupts the XML and docxtpl's forgiving parser drops the rest of a table.
    """
    doc = DocxTemplate(str(template))
    charts = charts or {}
    images = {key: InlineImage(doc, str(chart.path), width=Cm(chart.width_cm)) for key, chart in charts.items()}
    doc.render({**context, "charts": images}, jinja_env(), autoescape=True)
    _describe_images(doc, {chart.name: chart.alt for chart in charts.values()})
    _update_fields_on_open(doc)
    if title:
        doc.docx.core_properties.title = title
    doc.docx.core_properties.language = "en-GB"
    doc.save(str(out))


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
