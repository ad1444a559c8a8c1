"""Create the shipped PowerPoint template, templates/pptx/commissioner-presentation.pptx.

The .pptx is committed; teams restyle it in PowerPoint (View > Slide Master) or
put their own file at templates/pptx/commissioner-presentation.pptx in their
project. The presentation renderer picks layouts by name, so a restyled
template works as long as it keeps these layout names and, on each, the
placeholders named in LAYOUTS below. Run this only to rebuild the template
from scratch after changing its structure:

    .venv/bin/python scripts/make_pptx_template.py

The styling is plain and NHS-like: Arial, NHS blue (#005EB8) and dark blue
(#003087), white backgrounds, no logos. Colours and fonts live in the theme,
so charts and tables follow a restyled theme too.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from lxml import etree
from pptx import Presentation
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.oxml import parse_xml
from pptx.oxml.ns import qn

OUT = Path(__file__).resolve().parent.parent / "templates" / "pptx" / "commissioner-presentation.pptx"

EMU_PER_INCH = 914400
WIDTH, HEIGHT = 12192000, 6858000  # 16:9, 13.33 by 7.5 inches
MARGIN = EMU_PER_INCH // 2
CONTENT_WIDTH = WIDTH - 2 * MARGIN
FONT = "Arial"
# The NHS identity colours (NHS England's guidelines), as the theme's scheme.
COLOURS = {
    "dk1": "212B32",  # NHS black, for text
    "lt1": "FFFFFF",
    "dk2": "003087",  # NHS dark blue, for titles
    "lt2": "E8EDEE",  # NHS pale grey
    "accent1": "005EB8",  # NHS blue: the first series of every chart, table headers
    "accent2": "FFB81C",  # NHS warm yellow
    "accent3": "003087",  # NHS dark blue
    "accent4": "425563",  # NHS dark grey
    "accent5": "41B6E6",  # NHS light blue
    "accent6": "007F3B",  # NHS green
    "hlink": "005EB8",
    "folHlink": "330072",  # NHS purple
}

NS = ('xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
      'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
      'xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main"')
A = "http://schemas.openxmlformats.org/drawingml/2006/main"


def inches(value: float) -> int:
    return round(value * EMU_PER_INCH)


@dataclass(frozen=True)
class Box:
    x: int
    y: int
    w: int
    h: int

    def xml(self) -> str:
        return f'<a:xfrm><a:off x="{self.x}" y="{self.y}"/><a:ext cx="{self.w}" cy="{self.h}"/></a:xfrm>'


TITLE_BOX = Box(MARGIN, inches(0.25), CONTENT_WIDTH, inches(0.95))
BODY_BOX = Box(MARGIN, inches(1.5), CONTENT_WIDTH, inches(5.0))
FOOTER_BOX = Box(MARGIN, inches(6.85), inches(10.0), inches(0.4))
NUMBER_BOX = Box(WIDTH - MARGIN - inches(1.0), inches(6.85), inches(1.0), inches(0.4))
LEAD_BOX = Box(MARGIN, inches(1.45), CONTENT_WIDTH, inches(0.8))  # one or two sentences above a chart or table
WIDE_BOX = Box(MARGIN, inches(2.3), CONTENT_WIDTH, inches(4.4))  # a chart or table under the lead
LEFT_BOX = Box(MARGIN, inches(1.45), inches(7.4), inches(5.25))  # a chart or picture beside text
RIGHT_BOX = Box(MARGIN + inches(7.65), inches(1.45), CONTENT_WIDTH - inches(7.65), inches(5.25))


# ---------------------------------------------------------------- placeholders

def _paragraph(text: str, level: int = 0) -> str:
    return f'<a:p><a:pPr lvl="{level}"/><a:r><a:rPr lang="en-GB"/><a:t>{text}</a:t></a:r></a:p>'


def _shape(number: int, name: str, ph: str, box: Box | None, body: str = "", list_style: str = "",
           anchor: str = "") -> str:
    """One placeholder shape. ``ph`` is the p:ph element's attributes; an empty box inherits the master's."""
    body_pr = f'<a:bodyPr anchor="{anchor}"/>' if anchor else "<a:bodyPr/>"
    text = (f"<p:txBody>{body_pr}<a:lstStyle>{list_style}</a:lstStyle>{body or _paragraph(name)}</p:txBody>"
            if "chart" not in ph and "tbl" not in ph and "pic" not in ph else "")
    return (f'<p:sp><p:nvSpPr><p:cNvPr id="{number}" name="{name}"/><p:cNvSpPr><a:spLocks noGrp="1"/></p:cNvSpPr>'
            f"<p:nvPr><p:ph {ph}/></p:nvPr></p:nvSpPr><p:spPr>{box.xml() if box else ''}</p:spPr>{text}</p:sp>")


def _small(colour: str, align: str = "") -> str:
    """The footer's and slide number's text style: 11 point, in a scheme colour."""
    algn = f' algn="{align}"' if align else ""
    return (f'<a:lvl1pPr{algn}><a:defRPr sz="1100"><a:solidFill><a:schemeClr val="{colour}"/></a:solidFill>'
            "</a:defRPr></a:lvl1pPr>")


def _slide_number(number: int, box: Box | None = None, colour: str = "") -> str:
    field = ('<a:p><a:pPr algn="r"/><a:fld id="{B6F15528-21DE-4FAA-801E-634DDDAF4B2B}" type="slidenum">'
             '<a:rPr lang="en-GB"/><a:t>‹#›</a:t></a:fld></a:p>')
    return _shape(number, "Slide number", 'type="sldNum" sz="quarter" idx="12"', box, field,
                  _small(colour, "r") if colour else "")


def _footer(number: int, box: Box | None = None, colour: str = "") -> str:
    return _shape(number, "Footer", 'type="ftr" sz="quarter" idx="11"', box, '<a:p><a:endParaRPr lang="en-GB"/></a:p>',
                  _small(colour) if colour else "")


def _level1(size: int, colour: str = "", bullet: bool = True) -> str:
    fill = f'<a:solidFill><a:schemeClr val="{colour}"/></a:solidFill>' if colour else ""
    bullet_xml = (f'<a:buClr><a:schemeClr val="{colour}"/></a:buClr>' if colour else "") if bullet else "<a:buNone/>"
    margin = "" if bullet else ' marL="0" indent="0"'
    return f'<a:lvl1pPr{margin}>{bullet_xml}<a:defRPr sz="{size}">{fill}</a:defRPr></a:lvl1pPr>'


def _title(number: int = 2, box: Box | None = None, size: int = 0, colour: str = "", ph: str = 'type="title"',
           anchor: str = "") -> str:
    style = ""
    if size or colour:
        fill = f'<a:solidFill><a:schemeClr val="{colour}"/></a:solidFill>' if colour else ""
        size_attr = f' sz="{size}"' if size else ""
        style = f"<a:lvl1pPr><a:defRPr{size_attr}>{fill}</a:defRPr></a:lvl1pPr>"
    return _shape(number, "Title", ph, box, _paragraph("Slide title"), style, anchor)


def _body(number: int, box: Box | None, size: int = 0, colour: str = "", bullet: bool = True, name: str = "Text",
          anchor: str = "") -> str:
    style = _level1(size, colour, bullet) if (size or colour or not bullet) else ""
    return _shape(number, name, 'idx="1"', box, _paragraph("Text", 0) + _paragraph("Second level", 1), style, anchor)


def _frame(number: int, kind: str, box: Box) -> str:
    idx = {"chart": 2, "tbl": 3, "pic": 4}[kind]
    name = {"chart": "Chart", "tbl": "Table", "pic": "Picture"}[kind]
    return _shape(number, name, f'type="{kind}" idx="{idx}"', box)


# ---------------------------------------------------------------- layouts

def _background(colour: str) -> str:
    return (f'<p:bg><p:bgPr><a:solidFill><a:schemeClr val="{colour}"/></a:solidFill><a:effectLst/></p:bgPr></p:bg>'
            if colour else "")


def _with_footer(shapes: list[str], colour: str = "") -> list[str]:
    start = len(shapes) + 2
    boxes = (FOOTER_BOX, NUMBER_BOX) if colour else (None, None)  # a layout without the master's shapes needs its own
    return shapes + [_footer(start, boxes[0], colour), _slide_number(start + 1, boxes[1], colour)]


# Name -> (layout type, background colour, shapes). The renderer asks for these names.
LAYOUTS: dict[str, tuple[str, str, list[str]]] = {
    "Title": ("title", "accent1", [
        _title(2, Box(MARGIN, inches(1.6), CONTENT_WIDTH, inches(2.2)), 4000, "bg1", 'type="ctrTitle"', "b"),
        _shape(3, "Subtitle", 'type="subTitle" idx="1"', Box(MARGIN, inches(4.1), CONTENT_WIDTH, inches(2.4)),
               _paragraph("Subtitle"), _level1(2000, "bg1", bullet=False), "t"),
    ]),
    "Title and Content": ("obj", "", _with_footer([_title(), _body(3, None)])),
    "Title and Chart": ("chart", "", _with_footer([
        _title(), _body(3, LEAD_BOX, 1800, bullet=False, name="Lead"), _frame(4, "chart", WIDE_BOX)])),
    "Chart and Text": ("chartAndTx", "", _with_footer([
        _title(), _frame(3, "chart", LEFT_BOX), _body(4, RIGHT_BOX, 1600)])),
    "Title and Table": ("tbl", "", _with_footer([
        _title(), _body(3, LEAD_BOX, 1800, bullet=False, name="Lead"), _frame(4, "tbl", WIDE_BOX)])),
    "Picture and Text": ("picTx", "", _with_footer([
        _title(), _frame(3, "pic", LEFT_BOX), _body(4, RIGHT_BOX, 1600)])),
    "Section": ("secHead", "tx2", _with_footer([
        _title(2, Box(MARGIN, inches(1.2), CONTENT_WIDTH, inches(1.4)), 3600, "bg1", anchor="b"),
        _body(3, Box(MARGIN, inches(2.8), CONTENT_WIDTH, inches(3.8)), 2000, "bg1")], "bg1")),
    "Title Only": ("titleOnly", "", _with_footer([_title()])),
    "Blank": ("blank", "", []),
}


def layout_xml(name: str, kind: str, background: str, shapes: list[str]) -> str:
    # A coloured layout hides the master's shapes: the title rule would be lost on its background.
    master_shapes = ' showMasterSp="0"' if background else ""
    return (f'<p:sldLayout {NS} type="{kind}" preserve="1"{master_shapes}><p:cSld name="{name}">'
            f"{_background(background)}"
            '<p:spTree><p:nvGrpSpPr><p:cNvPr id="1" name=""/><p:cNvGrpSpPr/><p:nvPr/></p:nvGrpSpPr>'
            '<p:grpSpPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="0" cy="0"/><a:chOff x="0" y="0"/><a:chExt cx="0" cy="0"/>'
            f'</a:xfrm></p:grpSpPr>{"".join(shapes)}</p:spTree></p:cSld>'
            '<p:clrMapOvr><a:masterClrMapping/></p:clrMapOvr></p:sldLayout>')


# ---------------------------------------------------------------- master

def _levels(sizes: list[int], bullets: list[str], colour: str) -> str:
    out = []
    for level, (size, bullet) in enumerate(zip(sizes, bullets), start=1):
        margin = 285750 + (level - 1) * 342900
        out.append(
            f'<a:lvl{level}pPr marL="{margin}" indent="-285750" algn="l" rtl="0" eaLnBrk="1" latinLnBrk="0" '
            f'hangingPunct="1"><a:lnSpc><a:spcPct val="100000"/></a:lnSpc><a:spcBef><a:spcPts val="900"/></a:spcBef>'
            f'<a:buClr><a:schemeClr val="accent1"/></a:buClr><a:buFont typeface="{FONT}"/><a:buChar char="{bullet}"/>'
            f'<a:defRPr sz="{size}" kern="1200"><a:solidFill><a:schemeClr val="{colour}"/></a:solidFill>'
            '<a:latin typeface="+mn-lt"/><a:ea typeface="+mn-ea"/><a:cs typeface="+mn-cs"/></a:defRPr></a:lvl'
            f"{level}pPr>")
    return "".join(out)


DECORATIVE = ('<a:extLst><a:ext uri="{C183D7F6-B498-43B3-948B-1728B52AA6E4}">'
              '<adec:decorative xmlns:adec="http://schemas.microsoft.com/office/drawing/2017/decorative" val="1"/>'
              "</a:ext></a:extLst>")


def master_xml(layout_ids: list[tuple[int, str]]) -> str:
    rule = Box(MARGIN, TITLE_BOX.y + TITLE_BOX.h + inches(0.05), CONTENT_WIDTH, inches(0.04))
    shapes = [
        _title(2, TITLE_BOX, anchor="b"),
        _shape(3, "Text", 'type="body" idx="1"', BODY_BOX, _paragraph("Text") + _paragraph("Second level", 1)),
        _footer(4, FOOTER_BOX, "accent4"),
        _slide_number(5, NUMBER_BOX, "accent4"),
        # A thin NHS blue rule under every title; marked decorative so screen readers skip it.
        f'<p:sp><p:nvSpPr><p:cNvPr id="6" name="Title rule">{DECORATIVE}</p:cNvPr><p:cNvSpPr/><p:nvPr userDrawn="1"/>'
        f'</p:nvSpPr><p:spPr>{rule.xml()}<a:prstGeom prst="rect"><a:avLst/></a:prstGeom>'
        '<a:solidFill><a:schemeClr val="accent1"/></a:solidFill><a:ln><a:noFill/></a:ln></p:spPr></p:sp>',
    ]
    ids = "".join(f'<p:sldLayoutId id="{number}" r:id="{rid}"/>' for number, rid in layout_ids)
    title_style = (
        '<a:lvl1pPr algn="l" rtl="0" eaLnBrk="1" latinLnBrk="0" hangingPunct="1"><a:lnSpc><a:spcPct val="90000"/>'
        '</a:lnSpc><a:spcBef><a:spcPct val="0"/></a:spcBef><a:buNone/><a:defRPr sz="2800" b="1" kern="1200">'
        '<a:solidFill><a:schemeClr val="tx2"/></a:solidFill><a:latin typeface="+mj-lt"/><a:ea typeface="+mj-ea"/>'
        '<a:cs typeface="+mj-cs"/></a:defRPr></a:lvl1pPr>')
    body_style = _levels([2000, 1800, 1600, 1400, 1400], ["•", "–", "•", "–", "•"], "tx1")
    other_style = ('<a:defPPr><a:defRPr lang="en-GB"/></a:defPPr><a:lvl1pPr marL="0" algn="l" rtl="0" eaLnBrk="1" '
                   'latinLnBrk="0" hangingPunct="1"><a:defRPr sz="1800" kern="1200"><a:solidFill><a:schemeClr '
                   'val="tx1"/></a:solidFill><a:latin typeface="+mn-lt"/><a:ea typeface="+mn-ea"/>'
                   '<a:cs typeface="+mn-cs"/></a:defRPr></a:lvl1pPr>')
    return (f'<p:sldMaster {NS}><p:cSld><p:bg><p:bgRef idx="1001"><a:schemeClr val="bg1"/></p:bgRef></p:bg>'
            '<p:spTree><p:nvGrpSpPr><p:cNvPr id="1" name=""/><p:cNvGrpSpPr/><p:nvPr/></p:nvGrpSpPr>'
            '<p:grpSpPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="0" cy="0"/><a:chOff x="0" y="0"/><a:chExt cx="0" cy="0"/>'
            f'</a:xfrm></p:grpSpPr>{"".join(shapes)}</p:spTree></p:cSld>'
            '<p:clrMap bg1="lt1" tx1="dk1" bg2="lt2" tx2="dk2" accent1="accent1" accent2="accent2" accent3="accent3" '
            'accent4="accent4" accent5="accent5" accent6="accent6" hlink="hlink" folHlink="folHlink"/>'
            f"<p:sldLayoutIdLst>{ids}</p:sldLayoutIdLst>"
            f"<p:txStyles><p:titleStyle>{title_style}</p:titleStyle><p:bodyStyle>{body_style}</p:bodyStyle>"
            f"<p:otherStyle>{other_style}</p:otherStyle></p:txStyles></p:sldMaster>")


# ---------------------------------------------------------------- theme

def theme_xml(blob: bytes) -> bytes:
    """The default theme with the NHS colours and Arial for headings and text."""
    theme = etree.fromstring(blob)
    theme.set("name", "NHS plain")
    scheme = theme.find(f".//{{{A}}}clrScheme")
    scheme.set("name", "NHS")
    for key, value in COLOURS.items():
        slot = scheme.find(f"{{{A}}}{key}")
        for child in list(slot):
            slot.remove(child)
        etree.SubElement(slot, f"{{{A}}}srgbClr").set("val", value)
    fonts = theme.find(f".//{{{A}}}fontScheme")
    fonts.set("name", "NHS")
    for kind in ("majorFont", "minorFont"):
        fonts.find(f"{{{A}}}{kind}/{{{A}}}latin").set("typeface", FONT)
    return etree.tostring(theme, xml_declaration=True, encoding="UTF-8", standalone=True)


# ---------------------------------------------------------------- the file

def make_template(out: Path = OUT) -> Path:
    prs = Presentation()  # python-pptx's own blank package: one master, eleven layouts, one theme
    prs.slide_width, prs.slide_height = WIDTH, HEIGHT
    prs.part._element.find(qn("p:sldSz")).attrib.pop("type", None)  # not the blank package's 4:3 "screen4x3"
    package = prs.part.package
    for rel in list(package._rels.values()):
        if rel.reltype == RT.THUMBNAIL:  # a picture of the blank package's first slide: misleading, so dropped
            package.drop_rel(rel.rId)
    app = package.part_related_by(RT.EXTENDED_PROPERTIES)
    app._blob = app.blob.replace(b"On-screen Show (4:3)", b"Widescreen").replace(b"Office Theme", b"NHS plain")
    master_part = prs.slide_master.part
    layout_rels = [rel for rel in master_part.rels.values() if rel.reltype == RT.SLIDE_LAYOUT]
    layout_rels.sort(key=lambda rel: int(rel.rId.removeprefix("rId")))
    if len(layout_rels) < len(LAYOUTS):
        raise SystemExit("python-pptx's blank template has fewer layouts than this template needs")
    # Reuse the blank package's layout parts, each rewritten; the ones left over are dropped.
    kept = []
    for number, ((name, (kind, background, shapes)), rel) in enumerate(zip(LAYOUTS.items(), layout_rels)):
        rel.target_part._element = parse_xml(layout_xml(name, kind, background, shapes))
        kept.append((2147483649 + number, rel.rId))
    master_part._element = parse_xml(master_xml(kept))
    for rel in layout_rels[len(LAYOUTS):]:
        master_part.drop_rel(rel.rId)
    theme = master_part.part_related_by(RT.THEME)
    theme._blob = theme_xml(theme.blob)
    properties = prs.core_properties
    properties.title = "Commissioner presentation template"
    properties.author = properties.last_modified_by = "fls-docs"
    properties.language = "en-GB"
    properties.created = properties.modified = datetime(2026, 1, 1)  # fixed, so a rebuild gives the same file
    properties.revision = 1
    out.parent.mkdir(parents=True, exist_ok=True)
    prs.save(str(out))
    return out


if __name__ == "__main__":
    print(make_template())
