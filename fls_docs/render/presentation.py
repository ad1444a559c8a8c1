"""The "Getting to yes" presentation: the case for commissioners in eleven slides, with native PowerPoint charts.

A clinical lead presents it in about 15 minutes. Every figure comes from the
calculators through the render context and is written with the same helpers as
the Word documents; every date comes from the plan or the business case; names
such as the commissioner come from the content. The charts are PowerPoint's own,
so a commissioner's analyst can open their data. Layouts are picked by name
from the template (templates/pptx/commissioner-presentation.pptx, or the
project's own copy), so a restyled template works when it keeps the names.
"""

from __future__ import annotations

import copy
from collections.abc import Sequence
from datetime import datetime, time
from pathlib import Path
from typing import Any

from pptx import Presentation
from pptx.chart.data import CategoryChartData, XyChartData
from pptx.dml.color import RGBColor
from pptx.enum.chart import XL_AXIS_CROSSES, XL_CHART_TYPE, XL_LABEL_POSITION, XL_LEGEND_POSITION
from pptx.enum.dml import MSO_LINE_DASH_STYLE
from pptx.enum.lang import MSO_LANGUAGE_ID
from pptx.enum.shapes import PP_PLACEHOLDER
from pptx.parts.image import Image
from pptx.util import Emu, Pt

from fls_docs.model.project import Missing
from fls_docs.render.charts import Chart, describe_acceptability, describe_fractures_by_site
from fls_docs.render.formatting import figure, longdate, money, num, pct, who

# The layouts the presentation asks the template for, by name.
TITLE, CONTENT, CHART, CHART_TEXT, TABLE, PICTURE_TEXT, SECTION = (
    "Title", "Title and Content", "Title and Chart", "Chart and Text", "Title and Table", "Picture and Text", "Section")
# Slide titles, in order. The title slide's is the project's name.
TITLES = (
    "The problem: fractures we expect each year",
    "What happens now: where patients drop out",
    "The proposed service",
    "Staffing the service",
    "Costs and savings by year",
    "Value for money",
    "Risks and how we manage them",
    "The ask and the decision needed",
    "Next steps and dates",
    "Summary and questions",
)
# The future pathway map drawn by charts.py: when the build passes it in, the service slide shows it.
PATHWAY_CHART = "pathway_future"
CASCADE = (("identified", "Identified"), ("assessed", "Assessed"), ("recommended", "Recommended treatment"),
           ("started", "Started treatment"), ("persistent", "Still taking it at 12 months"))
TOP_RISKS = 4
PICTURE_GAP = Emu(365760)  # 0.4 inch between a picture and the text beside it
NEXT_MILESTONES = 6
DRAFT_MARK = "DRAFT for the project team: not for circulation"
MONEY_FORMAT = "£#,##0;-£#,##0"  # as money() writes it
COUNT_FORMAT = "#,##0"  # as num() writes it
# Whole-time equivalents to two places, as the site's options table gives them: at one place a need of 0.28
# and funding of 0.30 would both read 0.3.
WTE_FORMAT = "0.00"
GRIDLINES = RGBColor(0xD8, 0xDD, 0xE0)

Words = str | Missing
# One paragraph: its pieces (a placeholder piece is printed bold), and its level (0 is a top-level bullet).
Paragraph = tuple[int, tuple[Words, ...]]


class TemplateProblem(Exception):
    """The presentation template lacks a layout or placeholder the presentation needs."""


def line(*pieces: Any, level: int = 0) -> Paragraph:
    return level, tuple(p if isinstance(p, Missing) else str(p) for p in pieces)


# ---------------------------------------------------------------- the deck

class Deck:
    """A presentation made from the template's layouts, with helpers that fill their placeholders."""

    def __init__(self, template: Path, footer: str):
        self.template = template
        self.prs = Presentation(str(template))
        self.footer = footer
        self.layouts = {layout.name: layout for master in self.prs.slide_masters for layout in master.slide_layouts}

    def slide(self, layout_name: str, title: Words, notes: str) -> Any:
        layout = self.layouts.get(layout_name)
        if layout is None:
            raise TemplateProblem(
                f"{self.template.name} has no slide layout named \"{layout_name}\" (it has: {', '.join(self.layouts)}). "
                "Rename the matching layout in PowerPoint's slide master view, or delete the project's copy to use "
                "the shipped template")
        slide = self.prs.slides.add_slide(layout)
        if slide.shapes.title is None:
            raise TemplateProblem(f"the \"{layout_name}\" layout in {self.template.name} has no title placeholder")
        fill(slide.shapes.title.text_frame, [line(title)])
        fill(slide.notes_slide.notes_text_frame, [line(p) for p in notes.split("\n\n")])
        self._add_footer(slide)
        return slide

    def placeholder(self, slide: Any, *kinds: PP_PLACEHOLDER) -> Any:
        for shape in slide.placeholders:
            if shape.placeholder_format.type in kinds:
                return shape
        names = ", ".join(k.name.lower() for k in kinds)
        raise TemplateProblem(f"the \"{slide.slide_layout.name}\" layout in {self.template.name} has no {names} "
                              "placeholder; add one in PowerPoint's slide master view")

    def text(self, slide: Any, paragraphs: Sequence[Paragraph], size: int | None = None) -> None:
        fill(self.placeholder(slide, PP_PLACEHOLDER.BODY, PP_PLACEHOLDER.OBJECT, PP_PLACEHOLDER.SUBTITLE).text_frame,
             paragraphs, size)

    def _add_footer(self, slide: Any) -> None:
        """The footer and slide number, copied from the layout (PowerPoint leaves them off new slides)."""
        for shape in slide.slide_layout.placeholders:
            kind = shape.placeholder_format.type
            if kind not in (PP_PLACEHOLDER.FOOTER, PP_PLACEHOLDER.SLIDE_NUMBER):
                continue
            element = copy.deepcopy(shape._element)
            element.nvSpPr.cNvPr.id = slide.shapes._next_shape_id
            slide.shapes._spTree.append(element)
            if kind == PP_PLACEHOLDER.FOOTER:
                added = slide.placeholders[shape.placeholder_format.idx]
                fill(added.text_frame, [line(self.footer)])

    def chart(self, slide: Any, kind: XL_CHART_TYPE, data: Any, title: str, alt: str) -> Any:
        """A native chart in the slide's chart placeholder, titled and described for screen readers."""
        frame = self.placeholder(slide, PP_PLACEHOLDER.CHART).insert_chart(kind, data)
        describe(frame, title, alt)
        chart = frame.chart
        chart.font.size = Pt(12)
        chart.has_legend = True
        chart.legend.position = XL_LEGEND_POSITION.TOP
        chart.legend.include_in_layout = False
        return chart

    def table(self, slide: Any, header: Sequence[str], rows: Sequence[Sequence[Words]], widths: Sequence[float],
              title: str, size: int = 14) -> Any:
        """A table in the slide's table placeholder; ``widths`` are shares of its width. Rows grow to fit their text."""
        placeholder = self.placeholder(slide, PP_PLACEHOLDER.TABLE)
        frame = placeholder.insert_table(len(rows) + 1, len(header))
        describe(frame, title, "")
        table = frame.table
        total = frame.width
        for column, share in zip(table.columns, widths):
            column.width = Emu(round(total * share / sum(widths)))
        for r, values in enumerate([list(header), *rows]):
            table.rows[r].height = Pt(size * 2)
            for c, value in enumerate(values):
                fill(table.cell(r, c).text_frame, [line(value)], size)
        return table

    def picture(self, slide: Any, chart: Chart) -> None:
        """The chart's image, as large as fits the picture placeholder without cropping, with its alt text.

        A picture narrower than its placeholder (a tall map) keeps to the left, and the slide's text moves
        up beside it, so the text gets the room the picture does not use.
        """
        placeholder = self.placeholder(slide, PP_PLACEHOLDER.PICTURE)
        px_width, px_height = Image.from_file(str(chart.path)).size
        scale = min(placeholder.width / px_width, placeholder.height / px_height)
        width, height = round(px_width * scale), round(px_height * scale)
        left, top = placeholder.left, placeholder.top
        picture = slide.shapes.add_picture(str(chart.path), left, top, width, height)
        describe(picture, chart.name, chart.alt)
        placeholder._element.getparent().remove(placeholder._element)
        for text in slide.placeholders:
            if text.placeholder_format.type in (PP_PLACEHOLDER.BODY, PP_PLACEHOLDER.OBJECT) and text.left >= left + width:
                # Set all four: a placeholder that inherits its place from the layout has none of its own yet.
                box = (text.left, text.top, text.width, text.height)
                moved = min(box[0], left + width + PICTURE_GAP)
                text.left, text.top, text.width, text.height = moved, box[1], box[0] + box[2] - moved, box[3]

    def tidy(self) -> None:
        """Remove placeholders a slide left empty, which would show 'Click to add text' to an editor."""
        frames = (PP_PLACEHOLDER.CHART, PP_PLACEHOLDER.TABLE, PP_PLACEHOLDER.PICTURE)
        for slide in self.prs.slides:
            for shape in list(slide.placeholders):
                filled = getattr(shape, "has_chart", False) or getattr(shape, "has_table", False)
                unfilled = shape.placeholder_format.type in frames and not filled
                if unfilled or (shape.has_text_frame and not shape.text_frame.text.strip()):
                    shape._element.getparent().remove(shape._element)


def fill(frame: Any, paragraphs: Sequence[Paragraph], size: int | None = None) -> None:
    """Replace a text frame's text with these paragraphs, in British English."""
    for extra in frame.paragraphs[1:]:
        extra._p.getparent().remove(extra._p)
    first = frame.paragraphs[0]
    for run in list(first.runs):
        run._r.getparent().remove(run._r)
    for number, (level, pieces) in enumerate(paragraphs):
        paragraph = first if number == 0 else frame.add_paragraph()
        paragraph.level = level
        for piece in pieces:
            run = paragraph.add_run()
            run.text = str(piece)
            run.font.language_id = MSO_LANGUAGE_ID.ENGLISH_UK
            if isinstance(piece, Missing):
                run.font.bold = True
            if size:
                run.font.size = Pt(size)


def describe(shape: Any, title: str, alt: str) -> None:
    """Set the title and description (alt text) that PowerPoint and screen readers show for a shape."""
    properties = shape._element.xpath("./*[1]/p:cNvPr")[0]
    properties.set("title", title)
    if alt:
        properties.set("descr", alt)


def _bars(chart: Any, number_format: str, axis_title: str, horizontal: bool = False) -> None:
    """Value labels on every bar, a titled value axis with light gridlines."""
    plot = chart.plots[0]
    plot.gap_width = 60
    plot.overlap = -10
    plot.has_data_labels = True
    labels = plot.data_labels
    labels.number_format, labels.number_format_is_linked = number_format, False
    labels.position = XL_LABEL_POSITION.OUTSIDE_END
    labels.font.size = Pt(11)
    axis = chart.value_axis
    axis.tick_labels.number_format, axis.tick_labels.number_format_is_linked = number_format, False
    axis.has_major_gridlines = True
    axis.major_gridlines.format.line.color.rgb = GRIDLINES
    _axis_title(axis, axis_title)
    if horizontal:
        # Read from the top, like a table; the value axis stays at the foot.
        chart.category_axis.reverse_order = True
        value_axis = chart.value_axis._element  # crosses the category axis at its last category, now the lowest
        value_axis._remove_crosses()
        value_axis._add_crosses(val=XL_AXIS_CROSSES.MAXIMUM)


def _axis_title(axis: Any, words: str) -> None:
    axis.has_title = True
    axis.axis_title.text_frame.text = words
    run = axis.axis_title.text_frame.paragraphs[0].runs[0]
    run.font.size, run.font.bold = Pt(12), False


# ---------------------------------------------------------------- the slides

def _facts(context: dict[str, Any]) -> dict[str, Any]:
    """The pieces of the context most slides use, under short names."""
    results = context["results"]
    project = context["project"]
    option = results.preferred
    commissioner = project.organisation.commissioner or Missing("Commissioner")
    # Whether the share of patients the service finds is the national figure or the project's own.
    local = results.params["cascade.fls.identified"].overridden or "identified" in option.model.model.cascade
    return {"r": results, "p": project, "case": context["case"], "option": option, "model": option.model.model,
            "e": results.economics, "budget": results.budget, "commissioner": commissioner,
            "low": results.thresholds[0], "high": results.thresholds[1],
            "finds": "the share we expect locally" if local else "what services achieve nationally, not the target"}


def title_slide(deck: Deck, context: dict[str, Any], f: dict[str, Any]) -> None:
    project, lead = f["p"], context["project"].brief.clinical_lead
    if lead is None:
        lead = Missing("Clinical lead")
    presenter = lead if isinstance(lead, Missing) else f"{lead.name}, {lead.job_title or lead.role}"
    slide = deck.slide(TITLE, project.info.name, (
        f"Thank you for your time. My name is {who(lead)}. In the next 15 minutes I will show how many people in our "
        "area break a bone because of fragile bones, what happens to them now, what a fracture liaison service "
        "would change, what it costs and saves, and the decision we are asking you to make.\n\n"
        "Every figure comes from the project's calculators, using published national data and our own local "
        "figures where we have them. The business case has the detail behind each one."))
    paragraphs = [line("The case for a fracture liaison service, for ", f["commissioner"]), line(presenter),
                  line(project.organisation.name), line(longdate(context["build"].generated))]
    if not context["build"].for_readers:
        paragraphs.append(line(DRAFT_MARK))
    deck.text(slide, paragraphs)


def problem_slide(deck: Deck, context: dict[str, Any], f: dict[str, Any]) -> None:
    r, project = f["r"], f["p"]
    sites = r.benefits.sites
    hip = next((s for s in sites if s.site == "hip"), None)
    refracture = r.params["refracture_risk_5y"]
    slide = deck.slide(CHART_TEXT, TITLES[0], (
        f"Among the {num(project.catchment.aged_50_plus)} people aged 50 and over in our catchment, we "
        f"expect about {num(r.benefits.expected_per_year)} fragility fractures every year. These are bones broken in "
        "a fall from standing height or less, because the bone is fragile.\n\n"
        + (f"About {num(hip.total)} of them are hip fractures, the most serious: many people never get their "
           "independence back after one. " if hip else "")
        + f"A first fracture is a warning: about {figure(refracture)} of these patients break another bone within "
        f"five years. Treatment lowers that risk, but today only about {pct(f['option'].treated['usual_care'])} "
        "start it.\n\nThe chart shows the fractures by site, for women and men: "
        + ("our own local rates for some sites and national rates for the rest" if r.benefits.local_sites
           else "national rates") + ", applied to our own population."))
    data = CategoryChartData(number_format=COUNT_FORMAT)
    data.categories = [s.label for s in sites]
    data.add_series("Women", [s.by_sex["female"] for s in sites])
    data.add_series("Men", [s.by_sex["male"] for s in sites])
    chart = deck.chart(slide, XL_CHART_TYPE.BAR_CLUSTERED, data, "Fragility fractures expected each year, by site and sex",
                       describe_fractures_by_site(r))
    _bars(chart, COUNT_FORMAT, "Fragility fractures a year", horizontal=True)
    paragraphs = [line(f"About {num(r.benefits.expected_per_year)} fragility fractures a year among "
                       f"{num(project.catchment.aged_50_plus)} people aged 50 and over")]
    if hip:
        paragraphs.append(line(f"{num(hip.total)} of them are hip fractures"))
    paragraphs += [line(f"About {figure(refracture)} break another bone within five years"),
                   line(f"Today only {pct(f['option'].treated['usual_care'])} start treatment to protect their bones")]
    deck.text(slide, paragraphs)


def cascade_slide(deck: Deck, context: dict[str, Any], f: dict[str, Any]) -> None:
    r, option = f["r"], f["option"]
    today, service = option.reached["usual_care"], option.reached_with_service
    shares = option.shares
    caseload = r.benefits.expected_per_year
    slide = deck.slide(CHART_TEXT, TITLES[1], (
        f"This is what happens to the {num(caseload)} patients a year. Without a service, nobody is responsible for "
        f"finding them. About {num(today['identified'])} are identified, {num(today['started'])} start treatment and "
        f"only {num(today['persistent'])} are still taking it a year later. Many are treated for the broken bone, and "
        "nobody looks at the fragile bone behind it.\n\n"
        f"With the service, {num(service['identified'])} would be identified, {num(service['started'])} would start "
        f"treatment and {num(service['persistent'])} would still be taking it at a year. The service finds "
        f"{pct(shares['fls']['identified'])} of patients, {f['finds']}. "
        "Patients it misses keep today's chance of care, and they are counted too."))
    data = CategoryChartData(number_format=COUNT_FORMAT)
    data.categories = ["Broke a bone"] + [label for _, label in CASCADE]
    data.add_series("Today (usual care)", [caseload] + [today[step] for step, _ in CASCADE])
    data.add_series("With the service", [caseload] + [service[step] for step, _ in CASCADE])
    alt = ("Bar chart of patients a year reaching each step of care, today and with the service. "
           + "; ".join(f"{label.lower()}: {num(today[step])} today and {num(service[step])} with the service"
                       for step, label in CASCADE) + f". {num(caseload)} break a bone each year.")
    chart = deck.chart(slide, XL_CHART_TYPE.BAR_CLUSTERED, data, "Patients a year at each step of care", alt)
    _bars(chart, COUNT_FORMAT, "Patients a year", horizontal=True)
    deck.text(slide, [
        line(f"Today only {pct(shares['usual_care']['identified'])} of patients are identified"),
        line(f"Today {num(today['started'])} start treatment and {num(today['persistent'])} are still taking it at "
             "12 months"),
        line(f"With the service: {num(service['started'])} start and {num(service['persistent'])} are still taking "
             "it at 12 months"),
        line(f"The service finds {pct(shares['fls']['identified'])} of patients, {f['finds']}"),
    ])


def service_slide(deck: Deck, context: dict[str, Any], f: dict[str, Any], charts: dict[str, Chart]) -> None:
    model, spec = f["model"], context["spec"]
    notes = (f"We propose a {model.name.lower()}. {model.description}\n\n{spec.service_description}\n\n"
             + "\n\n".join(f"{step.name}: {step.text}" for step in spec.pathway))
    pathway = charts.get(PATHWAY_CHART)
    # The one place the future pathway map plugs in: shown beside the text when the build has drawn it.
    if pathway is not None and pathway.path.is_file():
        slide = deck.slide(PICTURE_TEXT, TITLES[2], notes + "\n\nThe map shows the patient's pathway with the service.")
        deck.picture(slide, pathway)
        steps = [step.name.lower() for step in spec.pathway]
        paragraphs = [line(spec.service_description)]
        if steps:
            paragraphs.append(line("Its steps: " + ", ".join(steps)))
        paragraphs.append(line("The map shows each step of the new pathway: who does it, where, how long patients "
                               "wait, what is recorded, and where patients are still lost"))
        deck.text(slide, paragraphs)
        return
    slide = deck.slide(CONTENT, TITLES[2], notes)
    deck.text(slide, [line(spec.service_description)] + [line(f"{step.name}: ", step.text, level=1)
                                                         for step in spec.pathway], size=16)


def staffing_slide(deck: Deck, context: dict[str, Any], f: dict[str, Any]) -> None:
    option, model, r = f["option"], f["model"], f["r"]
    rows = [row for row in context["staff_rows"] if row["option"] == model.name]
    need = r.staff_needs[model.id]
    posts = [line(f"{post.role}, band {post.band}: {num(post.wte, 1)} whole-time equivalent") for post in model.posts]
    if model.consultant_pas:
        posts.append(line(f"Consultant: {num(model.consultant_pas, 1)} sessions a week"))
    posts.append(line(f"Staff cost {money(option.model.staff)} a year, with employer's National Insurance and pension"))
    slide = deck.slide(CHART_TEXT, TITLES[3], (
        f"The service needs {num(option.model.wte, 2)} whole-time equivalent staff"
        + (f" and {num(model.consultant_pas, 1)} consultant sessions a week" if model.consultant_pas else "")
        + f". Their pay, with on-costs, is {money(option.model.staff)} a year.\n\n"
        f"We worked out the staff needed from the time each step takes for each patient, for the "
        f"{num(f['option'].reached['fls']['identified'])} patients a year the service would find, and "
        f"{num(need.productive_hours)} working hours a year for each whole-time post. The chart compares what the "
        "caseload needs with what we propose to fund. If the service finds more patients than planned, it will "
        "need more staff, and we will track the caseload each month."))
    data = CategoryChartData(number_format=WTE_FORMAT)
    data.categories = [row["group"] for row in rows]
    data.add_series("Needed for the caseload", [row["needed"] for row in rows])
    data.add_series("Funded", [row["funded"] for row in rows])
    alt = ("Bar chart of whole-time equivalent staff needed for the caseload and funded, by staff group. "
           + "; ".join(f"{row['group'].lower()}: {num(row['needed'], 2)} needed and {num(row['funded'], 2)} funded"
                       for row in rows) + ".")
    chart = deck.chart(slide, XL_CHART_TYPE.COLUMN_CLUSTERED, data, "Staff needed and funded, whole-time equivalent", alt)
    _bars(chart, WTE_FORMAT, "Whole-time equivalent")
    deck.text(slide, posts)


def budget_slide(deck: Deck, context: dict[str, Any], f: dict[str, Any]) -> None:
    budget, model = f["budget"], f["model"]
    first, last = budget[0], budget[-1]
    later = budget[1].ask if len(budget) > 1 else first.ask
    slide = deck.slide(CHART, TITLES[4], (
        f"This is cash by financial year, at today's prices. The service itself costs {money(first.ask)} in "
        f"{first.year}, including set-up, then {money(later)} a year. That is what we are asking for.\n\n"
        f"The service also brings bone density scans, medicines and monitoring. With them, the extra cost to "
        f"{f['commissioner']} is {money(first.commissioner_cost)} in {first.year}, rising to "
        f"{money(last.commissioner_cost)} in {last.year} as more patients stay on treatment.\n\n"
        "Savings grow each year as the patients treated avoid further fractures. Only social care savings release "
        f"cash: {money(last.cash_releasing_savings)} in {last.year}, and they fall to social care budgets. Hospital "
        f"and community savings of {money(last.other_savings)} that year free beds and staff time rather than cash."))
    data = CategoryChartData(number_format=MONEY_FORMAT)
    data.categories = [row.year for row in budget]
    data.add_series("Service cost (the ask)", [row.ask for row in budget])
    data.add_series("All extra cost to the commissioner", [row.commissioner_cost for row in budget])
    data.add_series("Savings that release cash", [row.cash_releasing_savings for row in budget])
    data.add_series("Savings that free capacity", [row.other_savings for row in budget])
    alt = (f"Column chart of what the {model.name.lower()} costs against the savings it brings, by financial year, in "
           "cash at today's prices. " + "; ".join(
               f"{row.year}: service cost {money(row.ask)}, all extra cost to the commissioner "
               f"{money(row.commissioner_cost)}, savings that release cash {money(row.cash_releasing_savings)}, "
               f"savings that free capacity {money(row.other_savings)}" for row in budget) + ".")
    chart = deck.chart(slide, XL_CHART_TYPE.COLUMN_CLUSTERED, data, "Costs and savings by financial year", alt)
    _bars(chart, MONEY_FORMAT, "Pounds a year")
    chart.plots[0].data_labels.font.size = Pt(9)
    chart.plots[0].gap_width = 40
    chart.plots[0].overlap = 0
    deck.text(slide, [line(f"The ask: {money(first.ask)} in {first.year}, including set-up, then {money(later)} a "
                           f"year. Savings grow as more patients are protected.")])


def value_slide(deck: Deck, context: dict[str, Any], f: dict[str, Any]) -> None:
    r, e, low, high = f["r"], f["e"], f["low"], f["high"]
    uncertainty = _uncertainty(r)
    verdict = e.verdict(low, high)
    cost_per_qaly = ("It saves money and improves health" if e.dominant else
                     f"Each QALY gained costs {money(e.cost_per_qaly)}" if e.cost_per_qaly is not None else
                     "It gains no health")
    paragraphs = [
        line(f"Over {r.benefits.service_years} years of patients: {num(e.total_prevented)} fractures prevented "
             f"({num(e.prevented.get('hip', 0.0))} hip), {num(e.deaths_avoided, 1)} deaths avoided, "
             f"{num(e.qalys, 1)} quality-adjusted life years (QALYs) gained"),
        line(f"{cost_per_qaly}. {r.threshold_label}: £{num(low)} to £{num(high)}, so the service is {verdict}"),
        line(f"Net present social value: {money(e.npsv)}"),
    ]
    if uncertainty is not None:
        paragraphs.append(line(f"Chance of being cost-effective at £{num(low)} per QALY: "
                               f"{pct(uncertainty.probability_cost_effective(low))}"))
    economics = context["nation"]["economics"]  # how value for money is judged where the service is
    notes = [
        f"We followed each year's patients for {r.benefits.horizon_years} years after their fracture, over "
        f"{r.benefits.service_years} years of the service. It would prevent about {num(e.total_prevented)} further "
        f"fractures, avoid about {num(e.deaths_avoided, 1)} deaths and gain {num(e.qalys, 1)} quality-adjusted life "
        "years, or QALYs. A QALY is a year of life in full health.",
        f"{cost_per_qaly}. {economics['threshold_intro']} £{num(low)} to £{num(high)} per QALY, so on this test the "
        f"service is {verdict}. {economics['threshold_test']}",
        f"The Treasury's Green Book values each QALY at {money(e.qaly_value)}. On that wider test of value to "
        f"society, the net present social value is {money(e.npsv)}.",
    ]
    if uncertainty is not None:
        notes.append(f"We also let every uncertain input vary at once, {num(r.probabilistic.samples)} times. The chart "
                     f"shows the chance that the service is cost-effective at each value of a QALY: "
                     f"{pct(uncertainty.probability_cost_effective(low))} at £{num(low)}.")
    if not e.dominant:
        notes.append(f"What would change the answer? The service would be cost-effective at £{num(low)} per QALY if "
                     f"its staff and running costs were below {money(e.affordable_service_cost(low))} a year. "
                     f"They are {money(e.service_cost)}.")
    slide = deck.slide(CHART_TEXT, TITLES[5], "\n\n".join(notes))
    if uncertainty is not None:
        _acceptability_chart(deck, slide, r, uncertainty)
    deck.text(slide, paragraphs)


def _uncertainty(r: Any) -> Any:
    if r.probabilistic is None:
        return None
    return next((m for m in r.probabilistic.models if m.model_id == r.costs.preferred.model.id), None)


def _acceptability_chart(deck: Deck, slide: Any, r: Any, uncertainty: Any) -> None:
    low, high = r.thresholds
    data = XyChartData()
    curve = data.add_series("Chance cost-effective", number_format="0%")
    for threshold, share in uncertainty.acceptability:
        curve.add_data_point(threshold, share)
    for value in (low, high):
        mark = data.add_series(f"{r.threshold_label}: £{num(value)}", number_format="0%")
        mark.add_data_point(value, 0.0)
        mark.add_data_point(value, 1.0)
    chart = deck.chart(slide, XL_CHART_TYPE.XY_SCATTER_LINES_NO_MARKERS, data,
                       "Chance the service is cost-effective at each value of a QALY", describe_acceptability(r))
    chart.legend.position = XL_LEGEND_POSITION.BOTTOM
    for number, series in enumerate(chart.plots[0].series):
        series.smooth = False
        series.format.line.width = Pt(3 if number == 0 else 1.5)
        if number:
            series.format.line.dash_style = MSO_LINE_DASH_STYLE.DASH
    x_axis, y_axis = chart.category_axis, chart.value_axis
    x_axis.minimum_scale, x_axis.maximum_scale = 0, max(t for t, _ in uncertainty.acceptability)
    x_axis.major_unit = 20_000
    x_axis.tick_labels.number_format, x_axis.tick_labels.number_format_is_linked = MONEY_FORMAT, False
    y_axis.minimum_scale, y_axis.maximum_scale, y_axis.major_unit = 0, 1, 0.2
    y_axis.tick_labels.number_format, y_axis.tick_labels.number_format_is_linked = "0%", False
    y_axis.major_gridlines.format.line.color.rgb = GRIDLINES
    _axis_title(x_axis, "Value of one QALY")
    _axis_title(y_axis, "Chance cost-effective")


def risks_slide(deck: Deck, context: dict[str, Any], f: dict[str, Any]) -> None:
    risks = f["r"].risks[:TOP_RISKS]
    slide = deck.slide(TABLE, TITLES[6], (
        "These are the highest-scoring risks in the project's risk log, scored on the NHS five-by-five matrix: "
        "likelihood times consequence.\n\n"
        + "\n\n".join(f"{g.risk.description} Scored {g.score} ({g.likelihood_label.lower()} and "
                      f"{g.consequence_label.lower()}). {who(g.risk.owner)} owns it: {g.risk.mitigation}" for g in risks)))
    deck.text(slide, [line(f"The {len(risks)} highest-scoring risks, on the NHS 5 × 5 matrix (likelihood × consequence)")
                      if risks else line("No risks are recorded yet")])
    if risks:
        deck.table(slide, ("Risk", "Score", "Owner", "What we are doing"),
                   [(g.risk.description, f"{g.score} {g.band}", who(g.risk.owner), g.risk.mitigation) for g in risks],
                   (4.2, 1.1, 1.7, 4.6), "Top risks", size=15)


def ask_slide(deck: Deck, context: dict[str, Any], f: dict[str, Any]) -> None:
    case, budget = f["case"], f["budget"]
    first, last = budget[0], budget[-1]
    asks = "; ".join(f"{row.year}: {money(row.ask)}" for row in budget)
    slide = deck.slide(TABLE, TITLES[7], (
        f"This is the decision we need. We are asking {case.decision_maker} to decide by "
        f"{longdate(case.decision_date)}.\n\n{case.decision_requested}\n\n"
        f"The ask is the service's own cost: {asks}. With the scans, medicines and monitoring it brings, the extra "
        f"cost to {f['commissioner']} is {money(first.commissioner_cost)} in {first.year}, rising to "
        f"{money(last.commissioner_cost)} in {last.year}.\n\n"
        f"Funding: {case.funder}. {case.funding_route}"))
    deck.text(slide, [line("The decision we need, by ", longdate(case.decision_date))])
    rows = [
        ("Decision requested", case.decision_requested),
        ("Who decides", case.decision_maker),
        ("When", longdate(case.decision_date)),
        ("Who pays", case.funder),
        ("The ask (service cost)", asks),
        ("All extra cost to the commissioner",
         f"{money(first.commissioner_cost)} in {first.year}, rising to {money(last.commissioner_cost)} in "
         f"{last.year}, with scans, medicines and monitoring"),
    ]
    deck.table(slide, ("Item", "Detail"), rows, (2.6, 8.7), "The decision requested", size=16)


def next_steps_slide(deck: Deck, context: dict[str, Any], f: dict[str, Any]) -> None:
    milestones = list(context["milestones"])
    coming = [m for m in milestones if m.status != "complete"] or milestones
    shown = coming[:NEXT_MILESTONES]
    slide = deck.slide(TABLE, TITLES[8], (
        "These are the next milestones in the project plan, with the dates we are working to and who leads each.\n\n"
        + "\n\n".join(f"{m.task.title}: due {longdate(m.task.due)}, led by {who(m.task.lead)}. Status: {m.status}."
                      for m in shown)))
    done = sum(1 for m in milestones if m.status == "complete")
    deck.text(slide, [line(f"{done} of {len(milestones)} milestones are complete. The next ones, from the project plan:")])
    deck.table(slide, ("Milestone", "Due", "Lead", "Status"),
               [(m.task.title, longdate(m.task.due), who(m.task.lead), m.status.capitalize()) for m in shown],
               (6.0, 2.0, 2.1, 1.5), "Next milestones", size=16)


def summary_slide(deck: Deck, context: dict[str, Any], f: dict[str, Any]) -> None:
    r, e, case, first = f["r"], f["e"], f["case"], f["budget"][0]
    later = f["budget"][1].ask if len(f["budget"]) > 1 else first.ask
    contact = context["project"].brief.get_involved.contact
    slide = deck.slide(SECTION, TITLES[9], (
        f"To sum up: about {num(r.benefits.expected_per_year)} people a year break a bone because of fragile bones, "
        f"and most are never treated. For {money(later)} a year, the {f['model'].name.lower()} would prevent about "
        f"{num(e.total_prevented)} further fractures from {r.benefits.service_years} years of patients. We need a "
        f"decision from {case.decision_maker} by {longdate(case.decision_date)}.\n\nThank you. I am happy to take "
        f"questions. {who(contact)} can send the business case and the calculator's full workings."))
    deck.text(slide, [
        line(f"{num(r.benefits.expected_per_year)} fragility fractures a year; only "
             f"{pct(f['option'].treated['usual_care'])} start treatment today"),
        line(f"For {money(later)} a year, about {num(e.total_prevented)} further fractures prevented over "
             f"{r.benefits.service_years} years of patients"),
        line("Decision needed by ", longdate(case.decision_date)),
        line("Contact: ", contact) if isinstance(contact, Missing) else  # a brief that names no contact yet
        line(f"Contact: {contact.name}, {contact.role.lower()}" + (f", {contact.email}" if contact.email else "")),
    ])


# ---------------------------------------------------------------- the file

def render_presentation(template: Path, context: dict[str, Any], out: Path, charts: dict[str, Chart] | None = None) -> None:
    """Write the commissioner presentation to ``out`` from ``template``.

    ``charts`` are the drawn PNG charts it may show as pictures (the future pathway map).
    """
    charts = charts or {}
    project, build = context["project"], context["build"]
    footer = f"{project.info.short_name or project.info.name} · version {project.document_control.version}"
    if not build.for_readers:
        footer += f" · {DRAFT_MARK}"
    deck = Deck(template, footer)
    f = _facts(context)
    title_slide(deck, context, f)
    problem_slide(deck, context, f)
    cascade_slide(deck, context, f)
    service_slide(deck, context, f, charts)
    staffing_slide(deck, context, f)
    budget_slide(deck, context, f)
    value_slide(deck, context, f)
    risks_slide(deck, context, f)
    ask_slide(deck, context, f)
    next_steps_slide(deck, context, f)
    summary_slide(deck, context, f)
    deck.tidy()
    _set_properties(deck.prs, context)
    deck.prs.save(str(out))


def _set_properties(prs: Any, context: dict[str, Any]) -> None:
    project, build = context["project"], context["build"]
    properties = prs.core_properties
    properties.title = f"{project.info.name}: the case for commissioners"
    properties.subject = f"Commissioner presentation for {project.info.name}"
    properties.author = properties.last_modified_by = project.organisation.name
    properties.content_status = project.document_control.status
    properties.language = "en-GB"
    properties.revision = 1
    # The build date, not the clock, so the same content gives the same properties.
    properties.created = properties.modified = datetime.combine(build.generated, time())
