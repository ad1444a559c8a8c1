"""Statistical process control charts, drawn the way NHS "Making Data Count" charts look.

Each month is a dot joined by a line; the centre line and process limits of each part of the chart
are drawn for the months they apply to (stepped where a p-chart's limits move with the month's
count); a marked change is a labelled vertical line; the target is a dash-dot line. Special-cause
months are blue when improving and orange when concerning, as in MDC, and each kind of month also
has its own marker shape, so nothing depends on colour alone. Beside the chart, two simple icons of
our own (a circle with a letter) give the variation and assurance readings, each with its words.
"""

from __future__ import annotations

import textwrap
from pathlib import Path
from typing import Any

from fls_docs.calc.results import Results
from fls_docs.calc.spc import (
    CONCERNING, FAILS, HIT_AND_MISS, IMPROVING, MIN_POINTS, NO_CHART, NO_DATA, NO_TARGET, NOT_ENOUGH, PASSES, RUN_CHART,
    SpcChart,
    month_words,
)

BLUE, ORANGE, GREY, BLACK, RED = "#005EB8", "#ED8B00", "#768692", "#231F20", "#DA291C"
POINT_STYLE = {  # variation -> colour, marker, legend words
    "common cause": (GREY, "o", "Common cause month"),
    IMPROVING: (BLUE, "s", "Special cause: improving"),
    CONCERNING: (ORANGE, "D", "Special cause: concerning"),
}
ICON_WORDS = {
    "common cause": "Common cause: the usual ups and downs",
    IMPROVING: "Special cause: improving",
    CONCERNING: "Special cause: concerning",
    NOT_ENOUGH: "Not enough months yet for limits",
    NO_DATA: "No months recorded yet",
    PASSES: "Assurance: consistently meets the target",
    FAILS: "Assurance: consistently misses the target",
    HIT_AND_MISS: "Assurance: hit and miss",
    NO_TARGET: "No target set",
}


def _short_month(month: str, sep: str = " ") -> str:
    """'2025-08' -> 'Aug 2025' (or over two lines)."""
    return f"{month_words(month)[:3]}{sep}{month[:4]}"


def describe_spc(results: Results, indicator_id: str) -> str:
    """Alt text: what the chart shows, each part's average and limits, the readings and every month's figure."""
    chart = results.spc[indicator_id]
    ind = chart.indicator
    text = ind.text
    name = ind.name[0].lower() + ind.name[1:] if ind.name[1:2].islower() else ind.name
    if chart.chart == NO_CHART:
        return f"No chart yet for {name}: no months are recorded."
    first, last = month_words(chart.points[0].month), month_words(chart.points[-1].month)
    parts = []
    if chart.chart == RUN_CHART:
        parts.append(f"Run chart of {name} by month, {first} to {last}, with the median, {text(chart.segments[0].centre)}.")
    else:
        parts.append(f"Statistical process control chart ({chart.chart}) of {name} by month, {first} to {last}.")
        for s in chart.segments:
            since = s.period + (f", from the change ({s.change.label})" if s.change else "")
            vary = " (they vary with each month's count)" if ind.kind == "share" else ""
            parts.append(f"{since}: average {text(s.centre)}, process limits {_between(chart, s.lower, s.upper)}{vary}.")
        if chart.waiting:
            parts.append(f"The months from {month_words(chart.waiting.month)} ({chart.waiting.label}) are judged "
                         f"against the limits before it until there are enough of them ({chart.waiting_months} so far).")
    if ind.target is not None:
        parts.append(f"Target {text(ind.target)}.")
    parts.append(f"Variation: {chart.variation}. Assurance: {chart.assurance}. {chart.summary}")
    parts.append("Months: " + "; ".join(f"{month_words(p.month)} {text(p.value)}"
                                        + ("" if p.variation == "common cause" else f" ({p.variation})")
                                        for p in chart.points) + ".")
    return " ".join(parts)


# An indicator with no months yet looks the same as any other with the same readings (the icons are all
# that differ), so each such picture is drawn once a process and written again for the others.
_NO_MONTHS: dict[tuple[str, str, str, str], bytes] = {}


def draw_spc(results: Results, indicator_id: str, path: Any) -> None:
    chart = results.spc[indicator_id]
    if chart.chart == NO_CHART:
        looks = (chart.variation, chart.variation_letter or "", chart.assurance, chart.assurance_letter or "")
        if looks not in _NO_MONTHS:
            _draw_spc(chart, path)
            _NO_MONTHS[looks] = Path(path).read_bytes()
        Path(path).write_bytes(_NO_MONTHS[looks])
        return
    _draw_spc(chart, path)


def _draw_spc(chart: SpcChart, path: Any) -> None:
    from matplotlib.figure import Figure

    from fls_docs.render.charts import DPI, PNG_OPTIONS

    # Constrained layout keeps the legend above and the icon panel beside the chart without overlaps.
    fig = Figure(figsize=(6.3, 3.3), layout="constrained")
    grid = fig.add_gridspec(1, 2, width_ratios=(4.3, 1.0))
    ax, panel = fig.add_subplot(grid[0]), fig.add_subplot(grid[1])
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    panel.set_axis_off()
    if chart.chart == NO_CHART:
        ax.text(0.5, 0.5, "No months recorded yet", ha="center", va="center", fontsize=10, color=GREY,
                transform=ax.transAxes)
        ax.set_xticks([])
        ax.set_yticks([])
    else:
        _plot(ax, chart)
    _icons(panel, chart)
    # No software or date in the file, so the same results give byte-identical images.
    fig.savefig(path, dpi=DPI, metadata={"Software": None}, pil_kwargs=PNG_OPTIONS)


def _plot(ax: Any, chart: SpcChart) -> None:
    ind = chart.indicator
    x = list(range(len(chart.points)))
    values = [p.value for p in chart.points]
    ax.plot(x, values, color=GREY, linewidth=1.0, zorder=2)
    handles: list[Any] = []
    for variation, (colour, marker, words) in POINT_STYLE.items():
        xs = [i for i, p in enumerate(chart.points) if p.variation == variation]
        if xs or variation == "common cause":
            handles.append(ax.scatter(xs, [values[i] for i in xs], s=22, color=colour, marker=marker, zorder=3,
                                      edgecolor="white", linewidth=0.4, label=words if chart.has_limits else "Month"))
    handles += _lines(ax, chart)
    if ind.target is not None:
        handles.append(ax.axhline(ind.target, color=RED, linestyle=(0, (6, 2, 1, 2)), linewidth=1.1,
                                  label=f"Target {ind.text(ind.target)}"))
    _changes(ax, chart)
    step = 1 if len(x) <= 12 else 3 if len(x) <= 36 else 6
    ax.set_xticks(x[::step], [_short_month(p.month, "\n") for p in chart.points][::step], fontsize=7)
    ax.set_xlim(-0.6, len(x) - 0.4)
    # Room above the data for the change labels; a share stays near 0 to 100%.
    edges = values + [v for p in chart.points for v in (p.lower, p.upper) if v is not None]
    edges += [ind.target] if ind.target is not None else []
    low, high = min(edges), max(edges)
    pad = (high - low) * 0.08 or 0.05
    bottom, top = (max(0.0, low - pad * 2.2) if low >= 0 else low - pad * 2.2), high + pad * 3.2
    ax.set_ylim(bottom, min(top, 1.08) if ind.kind == "share" else top)
    if ind.kind == "share":
        ax.yaxis.set_major_formatter(lambda v, _p: f"{v:.0%}")
    else:
        ax.set_ylabel(ind.unit.capitalize() if ind.unit else "", fontsize=8)
    ax.tick_params(axis="y", labelsize=7)
    ax.legend(handles=handles, frameon=False, fontsize=6.5, ncol=3, loc="lower center", bbox_to_anchor=(0.5, 1.0),
              handlelength=2.2, columnspacing=1.0)


def _lines(ax: Any, chart: SpcChart) -> list[Any]:
    """Each part's centre line and limits, over the months they judge; dotted where carried past a change."""
    handles: list[Any] = []
    waiting_from = next((i for i, p in enumerate(chart.points) if chart.waiting and p.month >= chart.waiting.month), None)
    for k, segment in enumerate(chart.segments):
        idx = [i for i, p in enumerate(chart.points) if p.segment == k]
        own = [i for i in idx if waiting_from is None or i < waiting_from]
        carried = [i for i in idx if waiting_from is not None and i >= waiting_from - 1]
        for span, style in ((own, "-"), (carried, ":")):
            if not span:
                continue
            xs = [span[0] - 0.5] + span + [span[-1] + 0.5]
            pts = [chart.points[span[0]]] + [chart.points[i] for i in span] + [chart.points[span[-1]]]
            centre = ax.plot(xs, [p.centre for p in pts], color=BLACK, linewidth=1.2, linestyle=style,
                             drawstyle="steps-mid", label="Average (centre line)" if chart.has_limits else "Median")
            if chart.has_limits:
                limit = ax.plot(xs, [p.upper for p in pts], color=GREY, linewidth=1.0,
                                linestyle="--" if style == "-" else ":", drawstyle="steps-mid",
                                label="Process limits")
                ax.plot(xs, [p.lower for p in pts], color=GREY, linewidth=1.0, linestyle="--" if style == "-" else ":",
                        drawstyle="steps-mid")
            if not handles:
                handles = centre + (limit if chart.has_limits else [])
        if not chart.has_limits:
            ax.text(0.01, 0.02, f"Median {chart.indicator.text(segment.centre)}: {len(idx)} of the {MIN_POINTS} months "
                    "needed for process limits", transform=ax.transAxes, va="bottom", ha="left", fontsize=6.5,
                    color=BLACK)
        if chart.has_limits:
            # Below the lower limit, where months rarely fall, so the words do not cover the data.
            text = chart.indicator.text
            low = min(chart.points[i].lower or 0.0 for i in idx)
            ax.annotate(f"Average {text(segment.centre)}; limits {_between(chart, segment.lower, segment.upper)}",
                        (idx[0] - 0.4, low), va="top", ha="left", textcoords="offset points", xytext=(0, -2),
                        fontsize=6.5, color=BLACK)
    if waiting_from is not None:
        handles.append(ax.plot([], [], color=BLACK, linestyle=":", linewidth=1.2,
                               label="Earlier limits carried on")[0])
    return handles


def _between(chart: SpcChart, low: float | None, high: float | None) -> str:
    """'32% to 58%', or '68 to 124 days' with the unit said once."""
    text = chart.indicator.text
    first = text(low or 0.0) if chart.indicator.kind == "share" else f"{low or 0.0:,.0f}"
    return f"{first} to {text(high or 0.0)}"


def _changes(ax: Any, chart: SpcChart) -> None:
    """A labelled line at each marked change, between the month before and the month it starts."""
    from matplotlib.transforms import blended_transform_factory

    top = blended_transform_factory(ax.transData, ax.transAxes)
    for n, change in enumerate(chart.changes):
        at = next(i for i, p in enumerate(chart.points) if p.month >= change.month)
        ax.axvline(at - 0.5, color=BLUE, linestyle=(0, (1, 1.5)), linewidth=1.2)
        label = "\n".join(textwrap.wrap(f"{_short_month(change.month)}: {change.label}", 34))
        right = at < len(chart.points) * 0.6
        ax.text(at - 0.5 + (0.3 if right else -0.3), 0.98 - 0.16 * n, label, transform=top, fontsize=6.5, color=BLUE,
                va="top", ha="left" if right else "right")


def _icons(panel: Any, chart: SpcChart) -> None:
    """The variation icon above the assurance icon: a circle with a letter, its words underneath."""
    from matplotlib.patches import Circle

    # Equal scales, so the circles stay round; y runs 0 to 2 in units of the panel's width.
    panel.set_xlim(0, 1)
    panel.set_ylim(0, 2.4)
    panel.set_aspect("equal")
    variation = chart.variation
    colour = {IMPROVING: BLUE, CONCERNING: ORANGE}.get(variation, GREY)
    letter = chart.variation_letter or ("…" if variation in (NOT_ENOUGH, NO_DATA) else "")
    rows = [(2.0, colour, letter, ICON_WORDS[variation], variation == "common cause")]
    assurance = chart.assurance
    if assurance == NO_TARGET:
        panel.text(0.5, 0.85, ICON_WORDS[NO_TARGET], ha="center", va="center", fontsize=6.5, color=BLACK)
    elif assurance not in (NOT_ENOUGH, NO_DATA):
        rows.append((0.85, {PASSES: BLUE, FAILS: ORANGE}.get(assurance, GREY), chart.assurance_letter or "–",
                     ICON_WORDS[assurance], False))
    for y, tint, mark, words, dots in rows:
        panel.add_patch(Circle((0.5, y), 0.26, facecolor="white", edgecolor=tint, linewidth=2.2))
        if dots:  # MDC's common-cause icon: a level line of grey dots
            for dx in (-0.12, 0.0, 0.12):
                panel.add_patch(Circle((0.5 + dx, y), 0.035, color=tint))
        else:
            panel.text(0.5, y, mark, ha="center", va="center", fontsize=12, fontweight="bold", color=tint)
        panel.text(0.5, y - 0.33, "\n".join(textwrap.wrap(words, 16)), ha="center", va="top", fontsize=6.5, color=BLACK)
