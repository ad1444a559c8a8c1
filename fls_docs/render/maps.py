"""The stakeholder map and the pathway and patient-journey maps, laid out by Graphviz.

Graphs are built with the ``graphviz`` package and laid out by Graphviz's
``dot`` program: SVG for the site, PNG for Word and PowerPoint. Text is
wrapped to fit its box, never cut. The same graph gives the same bytes every
time: the SVG loses the comments Graphviz writes into it, and the PNG carries no
date.
"""

from __future__ import annotations

import math
import re
import struct
import textwrap
import zlib
from html import escape
from pathlib import Path

import graphviz

from fls_docs.calc.pathway import Loss, PathwayMap
from fls_docs.calc.stakeholders import StakeholderGroups
from fls_docs.diagnostics import UserError
from fls_docs.model.project import CareStep
from fls_docs.render.formatting import num, pct

NHS_BLUE, NHS_DARK_BLUE, NHS_GREY, NHS_PALE_GREY, NHS_WHITE = "#005EB8", "#003087", "#425563", "#E8EDEE", "#FFFFFF"
FONT = "Arial"  # Liberation Sans where Arial is not installed: the same widths
SVG_FONTS = "Arial,'Liberation Sans',Helvetica,sans-serif"
PNG_DPI = 200
TEXT_PT, SMALL_PT, TITLE_PT = 9, 8, 10
INSTALL_HINT = ("install Graphviz: sudo apt-get install graphviz (Debian or Ubuntu), brew install graphviz (macOS) "
                "or winget install graphviz (Windows), then build again")


class GraphvizMissing(UserError):
    """Graphviz's dot program, which lays out the maps, is not installed."""

    def __init__(self, message: str = "Graphviz's dot program is not installed, so the stakeholder, pathway and "
                                      "patient-journey maps cannot be drawn") -> None:
        super().__init__(message, hint=INSTALL_HINT)

    def __str__(self) -> str:
        return f"{self.args[0]}: {INSTALL_HINT}."


# ---------------------------------------------------------------- rendering

_COMMENT = re.compile(rb"<!--.*?-->\s*", re.DOTALL)


def render(graph: graphviz.Digraph, path: Path) -> None:
    """Lay ``graph`` out and write it to ``path`` as SVG or PNG, by the file's suffix."""
    fmt = path.suffix.lstrip(".").lower()
    source = graph.copy()
    if fmt == "png":
        source.attr(dpi=str(PNG_DPI))
    try:
        data = source.pipe(format=fmt, engine="dot")
    except graphviz.ExecutableNotFound as exc:
        raise GraphvizMissing() from exc
    if fmt == "svg":
        # Comments name the Graphviz version and each node: nothing a reader needs, and they vary between machines.
        data = _COMMENT.sub(b"", data).replace(f'font-family="{FONT}"'.encode(), f'font-family="{SVG_FONTS}"'.encode())
    elif fmt == "png":
        data = _with_dpi(data, PNG_DPI)
    path.write_bytes(data)


def _with_dpi(png: bytes, dpi: int) -> bytes:
    """The PNG with its resolution recorded as ``dpi`` (Graphviz writes 72), so Word, PowerPoint and
    fls-docs know the size it was drawn to be printed at."""
    per_metre = round(dpi / 0.0254)
    body = b"pHYs" + struct.pack(">IIB", per_metre, per_metre, 1)
    chunk = struct.pack(">I", 9) + body + struct.pack(">I", zlib.crc32(body))
    at = png.find(b"pHYs")
    if at >= 4:
        return png[:at - 4] + chunk + png[at + 4 + 9 + 4:]
    end_of_header = 8 + 4 + 4 + 13 + 4  # signature, then IHDR's length, type, data and checksum
    return png[:end_of_header] + chunk + png[end_of_header:]


def _graph(name: str, **attrs: str) -> graphviz.Digraph:
    graph = graphviz.Digraph(name)
    graph.attr(fontname=FONT, bgcolor=NHS_WHITE, pad="0.04", **attrs)
    graph.attr("node", fontname=FONT, fontsize=str(TEXT_PT), shape="plain")
    graph.attr("edge", color=NHS_DARK_BLUE, arrowsize="0.7")
    return graph


# ---------------------------------------------------------------- HTML-like labels

def _lines(text: str, width: int) -> str:
    """``text`` wrapped to lines of about ``width`` characters, escaped for a Graphviz label: never cut."""
    return '<BR ALIGN="LEFT"/>'.join(escape(line) for line in textwrap.wrap(text, width, break_long_words=True))


def _cell(content: str, size: int = TEXT_PT, colour: str = "black", fill: str = "", bold: bool = False) -> str:
    fill_attr = f' BGCOLOR="{fill}"' if fill else ""
    inner = f"<B>{content}</B>" if bold else content
    return (f'<TR><TD ALIGN="LEFT" BALIGN="LEFT"{fill_attr}>'
            f'<FONT POINT-SIZE="{size}" COLOR="{colour}">{inner}</FONT></TD></TR>')


def _table(rows: list[str], border: str, fill: str = NHS_WHITE, dashed: bool = False, width: int = 0,
           padding: int = 3) -> str:
    style = ' STYLE="dashed"' if dashed else ""
    size = f' WIDTH="{width}"' if width else ""
    return (f'<<TABLE BORDER="1" CELLBORDER="0" CELLSPACING="0" CELLPADDING="{padding}" COLOR="{border}" '
            f'BGCOLOR="{fill}"{style}{size}>{"".join(rows)}</TABLE>>')


def _field(label: str, text: str, width: int) -> str:
    """A labelled line such as "Who: Fracture liaison nurse", wrapped with the label in bold."""
    wrapped = _lines(f"{label}: {text}", width)
    # A no-break space: an SVG viewer drops the plain space that starts the text after the bold label.
    return wrapped.replace(escape(f"{label}: "), f"<B>{escape(label)}:</B>&#160;", 1)


# ---------------------------------------------------------------- the stakeholder map

CATEGORY_COLUMNS, TEAM_COLUMNS = 5, 4
CATEGORY_CHARS, TEAM_CHARS = 25, 26
CATEGORY_WIDTH, TEAM_WIDTH = 98, 106  # points: boxes in a row line up


def stakeholder_graph(groups: StakeholderGroups) -> graphviz.Digraph:
    """The project team inside the stakeholder reference group, each kind of stakeholder with its groups."""
    graph = _graph("stakeholders", newrank="true", nodesep="0.08", ranksep="0.08")
    categories = [(f"kind{i}", label, names) for i, (label, names) in enumerate(groups.categories)]
    rows = _rows(categories, CATEGORY_COLUMNS)
    above, below = rows[:(len(rows) + 1) // 2], rows[(len(rows) + 1) // 2:]
    team = [(f"member{i}", p) for i, p in enumerate(groups.team)]
    team_rows = _rows(team, TEAM_COLUMNS)
    with graph.subgraph(name="cluster_group") as group:
        group.attr(label=f'<<B>Stakeholder reference group</B>>', fontsize=str(TITLE_PT + 1), fontcolor=NHS_DARK_BLUE,
                   style="filled", fillcolor=NHS_PALE_GREY, color=NHS_GREY, margin="5")
        for node, label, names in categories:
            group.node(node, _category_label(label, names))
        with group.subgraph(name="cluster_team") as inner:
            inner.attr(label=f'<<B>Project team</B>>', fontsize=str(TITLE_PT), fontcolor=NHS_WHITE, style="filled",
                       fillcolor=NHS_BLUE, color=NHS_DARK_BLUE, penwidth="2", margin="4")
            for node, person in team:
                inner.node(node, _person_label(person.name, person.role, person.job_title))
    _stack(graph, [[item[0] for item in row] for row in [*above, *team_rows, *below]])
    return graph


def _rows(items: list, most: int) -> list[list]:
    """``items`` in as few rows of at most ``most`` as will hold them, the rows as even as can be (4, 3, 3, 3)."""
    count = -(-len(items) // most)
    size, extra = divmod(len(items), count) if count else (0, 0)
    bounds = [i * size + min(i, extra) for i in range(count + 1)]
    return [items[a:b] for a, b in zip(bounds, bounds[1:])]


def _category_label(label: str, names: tuple[str, ...]) -> str:
    rows = [_cell(_lines(label, CATEGORY_CHARS - 7), TEXT_PT, NHS_DARK_BLUE, bold=True)]
    if names:
        rows += [_cell(_lines(f"• {name}", CATEGORY_CHARS), SMALL_PT) for name in names]
    else:
        rows.append(_cell("<I>No one invited yet</I>", SMALL_PT, NHS_GREY))
    return _table(rows, NHS_GREY, dashed=not names, width=CATEGORY_WIDTH, padding=2)


def _person_label(name: str, role: str, job_title: str = "") -> str:
    rows = [_cell(_lines(name, TEAM_CHARS - 6), TEXT_PT, NHS_DARK_BLUE, bold=True), _cell(_lines(role, TEAM_CHARS), SMALL_PT)]
    if job_title:
        rows.append(_cell(_lines(job_title, TEAM_CHARS), SMALL_PT, NHS_GREY))
    return _table(rows, NHS_DARK_BLUE, width=TEAM_WIDTH, padding=2)


def _stack(graph: graphviz.Digraph, rows: list[list[str]]) -> None:
    """Each row of nodes side by side in order, and each row below the one before (with invisible edges)."""
    for row in rows:
        with graph.subgraph() as same:
            same.attr(rank="same")
            for node in row:
                same.node(node)
        for left, right in zip(row, row[1:]):
            graph.edge(left, right, style="invis")
    for upper, lower in zip(rows, rows[1:]):
        for j, node in enumerate(lower):
            # Hung from the one or two nodes above its place, so a shorter row sits in the middle.
            centre = (j + 0.5) * len(upper) / len(lower) - 0.5
            for i in sorted({max(0, math.floor(centre)), min(len(upper) - 1, math.ceil(centre))}):
                graph.edge(upper[i], node, style="invis")


def describe_stakeholders(groups: StakeholderGroups) -> str:
    team = "; ".join(f"{p.name} ({p.role.lower()}{', ' + p.job_title.lower() if p.job_title else ''})" for p in groups.team)
    kinds = "; ".join(f"{label.lower()}: {', '.join(names) if names else 'no one invited yet'}"
                      for label, names in groups.categories)
    return (f"Map of the project team inside the stakeholder reference group. The project team of {len(groups.team)}: "
            f"{team}. The reference group, by kind of stakeholder: {kinds}.")


# ---------------------------------------------------------------- the pathway and journey maps

FIELD_CHARS, DROP_CHARS, HEADER_CHARS = 33, 38, 46
FIELD_WIDTH, DROP_WIDTH = 136, 154  # points, wide enough for their characters
# In pairs, side by side: who and where, wait and recorded; for the journey, when and where, then what is heard.
FIELDS = (("When", "when"), ("Who", "who"), ("Where", "where"), ("Wait", "wait"), ("Recorded", "recorded"),
          ("Hears", "hears"))


def _of_everyone(loss: Loss) -> bool:
    """True where everyone reaches the step, so the share lost there is a share of all patients (case finding)."""
    return loss.of_all is not None and abs(loss.of_all - loss.share) < 1e-9


def loss_headline(loss: Loss) -> str:
    """The share lost, and what it is a share of."""
    return f"Lost here: {pct(loss.share)} of {'all patients' if _of_everyone(loss) else 'those who reach this step'}"


def loss_scale(loss: Loss) -> str:
    """How many patients that is, or that the figure is a local audit's."""
    if loss.of_all is None:
        return "From a local audit"
    if _of_everyone(loss):
        return f"About {num(loss.per_year)} patients a year"
    return f"{pct(loss.of_all)} of all patients, about {num(loss.per_year)} a year"


def loss_source(loss: Loss) -> str:
    return f"Source: {loss.source}"


def loss_words(loss: Loss) -> str:
    """The whole drop-out in short sentences, for alt text and the list under a map."""
    scale = loss_scale(loss)
    if loss.of_all is not None and not _of_everyone(loss):
        scale = f"That is {scale}"
    return f"{loss_headline(loss)}. {scale}. {loss.reason.rstrip('.')}. {loss_source(loss).rstrip('.')}."


def pathway_graph(care: PathwayMap) -> graphviz.Digraph:
    """Steps in one column in the order given, each drop-out beside the step where patients are lost.

    Steps stay in one column even where the pathway branches, so the map keeps to the width of a page;
    an arrow that skips a step curves round it.
    """
    graph = _graph(care.key, rankdir="TB", nodesep="0.25", ranksep="0.18", newrank="true")
    if care.placeholder is not None:
        graph.node("missing", _table([_cell(escape(f"[{care.placeholder.label}: not given yet]"), TITLE_PT, bold=True)],
                                     NHS_GREY, dashed=True))
        return graph
    ids = [f"step_{m.step.id}" for m in care.steps]
    for mapped, step_id in zip(care.steps, ids):
        graph.node(step_id, _step_label(mapped.number, mapped.step), group="steps")
        if mapped.loss is not None:
            drop_id = f"lost_{mapped.step.id}"
            graph.node(drop_id, _loss_label(mapped.loss))
            with graph.subgraph() as same:
                same.attr(rank="same")
                same.node(step_id)
                same.node(drop_id)
            graph.edge(step_id, drop_id, style="dashed", color=NHS_GREY, arrowhead="vee")
    for upper, lower in zip(ids, ids[1:]):
        graph.edge(upper, lower, style="invis", weight="10")
    position = {m.step.id: i for i, m in enumerate(care.steps)}
    for i, mapped in enumerate(care.steps):
        for target in mapped.follows:
            # An arrow that skips steps leaves and joins on the left, away from the drop-outs on the right.
            skips = {} if position[target] == i + 1 else {"tailport": "w", "headport": "w"}
            graph.edge(ids[i], f"step_{target}", penwidth="1.4", **skips)
    return graph


def _step_label(number: int, step: CareStep) -> str:
    given = [(label, getattr(step, attr)) for label, attr in FIELDS if getattr(step, attr)]
    # Side by side in pairs; a last field on its own takes the whole width.
    cells = []
    for i, (label, text) in enumerate(given):
        wide = len(given) % 2 == 1 and i == len(given) - 1
        span = ' COLSPAN="2"' if wide else ""
        cells.append(f'<TD ALIGN="LEFT" BALIGN="LEFT" VALIGN="TOP"{span} WIDTH="{FIELD_WIDTH}"><FONT POINT-SIZE="{SMALL_PT}">'
                     f"{_field(label, text, 2 * FIELD_CHARS if wide else FIELD_CHARS)}</FONT></TD>")
    pairs = ["<TR>" + "".join(cells[i:i + 2]) + "</TR>" for i in range(0, len(cells), 2)]
    header = (f'<TR><TD COLSPAN="2" ALIGN="LEFT" BALIGN="LEFT" BGCOLOR="{NHS_BLUE}"><FONT POINT-SIZE="{TITLE_PT}" '
              f'COLOR="{NHS_WHITE}"><B>{_lines(f"{number}. {step.name}", HEADER_CHARS)}</B></FONT></TD></TR>')
    return _table([header, *pairs], NHS_BLUE)


def _loss_label(loss: Loss) -> str:
    return _table([_cell(_lines(loss_headline(loss), DROP_CHARS - 6), TEXT_PT, NHS_DARK_BLUE, bold=True),
                   _cell(_lines(loss_scale(loss), DROP_CHARS), SMALL_PT, NHS_DARK_BLUE),
                   _cell(_lines(loss.reason, DROP_CHARS), SMALL_PT),
                   _cell(_lines(loss_source(loss), DROP_CHARS + 4), SMALL_PT - 1, NHS_GREY)],
                  NHS_GREY, NHS_PALE_GREY, dashed=True, width=DROP_WIDTH)


def describe_pathway(care: PathwayMap) -> str:
    """Alt text: every step in order and every drop-out with its share."""
    if care.placeholder is not None:
        return f"{care.title}: not described yet."
    parts = [f"Process map of {care.title[0].lower() + care.title[1:]}, step by step."]
    for mapped in care.steps:
        parts.append(f"{mapped.number}. {mapped.step.name.rstrip('.')}.")
        if mapped.loss is not None:
            parts.append(loss_words(mapped.loss))
    return " ".join(parts)
