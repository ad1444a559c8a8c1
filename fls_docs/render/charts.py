"""Charts drawn from calculator results, each saved as a PNG with the alt text that describes it.

Every chart labels its values and uses hatching as well as colour, so nothing
depends on colour alone. Describing a chart (its file name and alt text) needs
no plotting library, so pages can refer to charts without drawing them;
drawing uses matplotlib's object interface, not pyplot, which is slow to import.
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fls_docs.calc.results import Results
from fls_docs.render.spc_charts import describe_spc, draw_spc
from fls_docs.render.formatting import money, num

NHS_BLUE, NHS_DARK_BLUE, NHS_WARM_YELLOW, NHS_GREY = "#005EB8", "#003087", "#FFB81C", "#425563"
DPI = 150
# Lossless either way; level 3 writes a chart in about two thirds of the time of PNG's usual 6, for a file 5% larger.
PNG_OPTIONS = {"compress_level": 3}
STATUS_COLOURS = {"not started": "#E8EDEE", "on track": "#007F3B", "at risk": "#FFB81C", "late": "#DA291C",
                  "complete": "#005EB8"}
STATUS_HATCH = {"not started": "", "on track": "", "at risk": "..", "late": "//", "complete": ""}


@dataclass(frozen=True)
class Chart:
    name: str  # file name, also the image's name inside a Word document
    path: Path
    alt: str  # text alternative: what the chart shows, with its numbers
    width_cm: float = 15.0
    max_height_cm: float | None = None  # taller than a document's usual limit: a map that takes a page


@dataclass(frozen=True)
class ChartSpec:
    key: str  # how templates refer to it: charts.<key>
    name: str  # file name
    describe: Callable[[Results], str]
    draw: Callable[[Results, Path], None]
    width_cm: float = 15.0
    max_height_cm: float | None = None


def _figure(width: float, height: float) -> tuple[Any, Any]:
    from matplotlib.figure import Figure

    fig = Figure(figsize=(width, height))
    ax = fig.add_subplot()
    ax.spines["top"].set_visible(False)
    ax.spines["right"].set_visible(False)
    return fig, ax


def _save(fig: Any, path: Path) -> None:
    fig.tight_layout()
    # No software or date in the file, so the same results give byte-identical images.
    fig.savefig(path, dpi=DPI, metadata={"Software": None}, pil_kwargs=PNG_OPTIONS)


def _patch(colour: str, hatch: str = "") -> Any:
    from matplotlib.patches import Rectangle

    return Rectangle((0, 0), 1, 1, facecolor=colour, hatch=hatch, edgecolor=NHS_GREY)


def _wrap(label: str, width: int = 34, lines: int = 3) -> str:
    return "\n".join(textwrap.wrap(label, width)[:lines])


def _axis_money(value: float, _position: object = None) -> str:
    """Axis labels short enough not to collide: £250k, -£1.5m."""
    sign, size = ("-" if value < 0 else ""), abs(value)
    if size >= 1_000_000:
        return f"{sign}£{size / 1_000_000:.1f}m"
    if size >= 1_000:
        return f"{sign}£{size / 1_000:.0f}k"
    return f"{sign}£{size:.0f}"


def _sentence(parts: str) -> str:
    return parts[0].upper() + parts[1:] if parts else parts


# --- fractures expected by site ---------------------------------------------------------------

def describe_fractures_by_site(results: Results) -> str:
    parts = "; ".join(f"{s.label.lower()}: {num(s.by_sex['female'])} in women and {num(s.by_sex['male'])} in men"
                      for s in results.benefits.sites)
    return (f"Bar chart of the {num(results.benefits.expected_per_year)} fragility fractures expected each year in the "
            f"catchment, by site and sex. {_sentence(parts)}.")


def draw_fractures_by_site(results: Results, path: Path) -> None:
    sites = results.benefits.sites
    women = [s.by_sex["female"] for s in sites]
    men = [s.by_sex["male"] for s in sites]
    fig, ax = _figure(6.3, 2.6)
    y = range(len(sites))
    ax.barh([i + 0.2 for i in y], women, height=0.4, color=NHS_BLUE, label="Women")
    ax.barh([i - 0.2 for i in y], men, height=0.4, color=NHS_WARM_YELLOW, hatch="//", edgecolor=NHS_DARK_BLUE, label="Men")
    for i, (w, m) in enumerate(zip(women, men)):
        ax.text(w, i + 0.2, f" {num(w)}", va="center", fontsize=8)
        ax.text(m, i - 0.2, f" {num(m)}", va="center", fontsize=8)
    ax.set_yticks(list(y), [s.label for s in sites])
    ax.invert_yaxis()
    ax.set_xlabel("Fragility fractures a year")
    ax.legend(frameon=False, ncol=2, loc="lower center", bbox_to_anchor=(0.5, 1.0))
    _save(fig, path)


# --- the budget: the ask against savings by financial year ------------------------------------

def describe_costs_and_savings(results: Results) -> str:
    option = results.preferred
    pairs = "; ".join(f"{r.year}: service cost {money(r.ask)}, savings {money(r.cash_releasing_savings + r.other_savings)}"
                      for r in results.budget)
    return (f"Bar chart of what the {option.model.model.name.lower()} costs to run against the savings from fractures "
            f"prevented, by financial year, in cash at today's prices. {_sentence(pairs)}.")


def draw_costs_and_savings(results: Results, path: Path) -> None:
    rows = results.budget
    fig, ax = _figure(6.3, 2.6)
    x = list(range(len(rows)))
    ax.bar([i - 0.2 for i in x], [r.ask for r in rows], width=0.4, color=NHS_DARK_BLUE, label="Service cost")
    ax.bar([i + 0.2 for i in x], [r.cash_releasing_savings for r in rows], width=0.4, color=NHS_WARM_YELLOW,
           hatch="..", edgecolor=NHS_GREY, label="Savings that release cash")
    ax.bar([i + 0.2 for i in x], [r.other_savings for r in rows], width=0.4, bottom=[r.cash_releasing_savings for r in rows],
           color="white", hatch="//", edgecolor=NHS_GREY, label="Savings that free capacity")
    ax.set_xticks(x, [r.year for r in rows])
    ax.yaxis.set_major_formatter(_axis_money)
    ax.legend(frameon=False, ncol=3, loc="lower center", bbox_to_anchor=(0.5, 1.0), fontsize=8)
    ax.set_ylabel("Pounds a year")
    _save(fig, path)


# --- one-way sensitivity (tornado) ------------------------------------------------------------

TORNADO_BARS = 8


def _net_benefit(results: Results) -> float:
    e = results.economics
    return e.qalys * results.thresholds[0] - e.net_cost


def describe_sensitivity(results: Results) -> str:
    swings = results.sensitivity[:TORNADO_BARS]
    items = "; ".join(f"{s.param.label.lower()}: {money(s.benefit[0])} at its low value and {money(s.benefit[1])} at its "
                      "high value" for s in swings)
    return (f"Tornado chart of the inputs that move the net benefit at £{results.thresholds[0]:,.0f} per QALY most, from "
            f"{money(_net_benefit(results))} at the central figures. Above zero the service is cost-effective. "
            f"{_sentence(items)}.")


def draw_sensitivity(results: Results, path: Path) -> None:
    swings = results.sensitivity[:TORNADO_BARS]
    base = _net_benefit(results)
    fig, ax = _figure(6.3, 0.4 * len(swings) + 1.3)
    for i, s in enumerate(swings):
        ax.barh(i, s.benefit[0] - base, left=base, color=NHS_BLUE, height=0.6)
        ax.barh(i, s.benefit[1] - base, left=base, color=NHS_WARM_YELLOW, hatch="//", edgecolor=NHS_GREY, height=0.6)
    zero = ax.axvline(0, color="black", linewidth=1.4)
    central = ax.axvline(base, color=NHS_GREY, linewidth=1, linestyle="--")
    ax.set_yticks(range(len(swings)), [_wrap(s.param.label, 34, 2) for s in swings], fontsize=7.5)
    ax.invert_yaxis()
    from matplotlib.ticker import MaxNLocator

    ax.xaxis.set_major_locator(MaxNLocator(5))  # few enough labels that they never run together
    ax.xaxis.set_major_formatter(_axis_money)
    ax.set_xlabel(f"Net benefit at £{results.thresholds[0]:,.0f} per QALY")
    ax.legend(handles=[_patch(NHS_BLUE), _patch(NHS_WARM_YELLOW, "//"), central, zero],
              labels=["Input at its low value", "Input at its high value", f"Central figures ({_axis_money(base)})",
                      "£0: cost-effective to the right"], frameon=False, fontsize=7,
              loc="lower center", bbox_to_anchor=(0.5, 1.0), ncol=2)
    _save(fig, path)


# --- cost-effectiveness acceptability curve ---------------------------------------------------

def _acceptability(results: Results) -> Any:
    pr = results.probabilistic
    if pr is None:
        return None
    return next(m for m in pr.models if m.model_id == results.costs.preferred.model.id)


def describe_acceptability(results: Results) -> str:
    m = _acceptability(results)
    if m is None:
        return "The probabilistic analysis was not run, so there is no acceptability curve."
    low, high = results.thresholds
    return (f"Line chart of the chance that the {results.costs.preferred.model.name.lower()} is cost-effective at each "
            f"value of a QALY from £0 to £100,000: {m.probability_cost_effective(low):.0%} at £{low:,.0f} and "
            f"{m.probability_cost_effective(high):.0%} at £{high:,.0f} per QALY.")


def draw_acceptability(results: Results, path: Path) -> None:
    m = _acceptability(results)
    fig, ax = _figure(6.3, 2.6)
    if m is not None:
        xs, ys = zip(*m.acceptability)
        ax.plot(xs, ys, color=NHS_BLUE, linewidth=2)
        low, high = results.thresholds
        ax.axvspan(low, high, color=NHS_WARM_YELLOW, alpha=0.25, hatch="..", label=results.threshold_label)
        ax.legend(frameon=False, loc="lower right", fontsize=8)
    ax.set_ylim(0, 1)
    ax.yaxis.set_major_formatter(lambda v, _p: f"{v:.0%}")
    ax.xaxis.set_major_formatter(_axis_money)
    ax.set_xlabel("Value of one QALY")
    ax.set_ylabel("Chance cost-effective")
    _save(fig, path)


# --- progress by phase ------------------------------------------------------------------------

def describe_phase_progress(results: Results) -> str:
    parts = "; ".join(f"{p.phase.name}: {p.complete} of {len(p.tasks)} tasks complete" for p in results.progress.phases)
    return f"Bar chart of tasks in each phase by status. {parts}."


def draw_phase_progress(results: Results, path: Path) -> None:
    phases = results.progress.phases
    labels = [_wrap(f"{p.phase.number}. {p.phase.name}" if p.phase.number else p.phase.name, 26) for p in phases]
    fig, ax = _figure(6.3, 0.42 * len(phases) + 1.1)
    left = [0] * len(phases)
    for status, colour in STATUS_COLOURS.items():
        counts = [p.counts[status] for p in phases]
        ax.barh(range(len(phases)), counts, left=left, color=colour, hatch=STATUS_HATCH[status], edgecolor=NHS_GREY,
                linewidth=0.5, label=status.capitalize())
        left = [a + b for a, b in zip(left, counts)]
    for i, p in enumerate(phases):
        ax.text(left[i], i, f" {p.complete} of {len(p.tasks)} complete", va="center", fontsize=8)
    ax.set_yticks(range(len(phases)), labels)
    ax.invert_yaxis()
    ax.set_xlabel("Tasks")
    ax.set_xlim(0, max(left) * 1.45 if left and max(left) else 1)
    ax.legend(frameon=False, ncol=5, fontsize=7, loc="lower center", bbox_to_anchor=(0.5, 1.0))
    _save(fig, path)


# --- one indicator by month: its statistical process control chart (spc_charts.py) -------------

# --- power and interest grid ----------------------------------------------------------------

QUADRANTS = (("Keep satisfied", 0, 1), ("Manage closely", 1, 1), ("Monitor", 0, 0), ("Keep informed", 1, 0))
GRID_FONT, GRID_CHARS = 7.5, 44  # points; characters a line in half the grid's width, at that size
GRID_LINE = GRID_FONT * 1.35 / 72  # inches a line of names takes


def describe_power_interest(results: Results) -> str:
    groups = results.stakeholder_map
    parts = "; ".join(f"{name.lower()}: {len(groups[name])} ({', '.join(groups[name]) or 'none'})" for name, _, _ in QUADRANTS)
    return f"Power and interest grid of the stakeholder reference group. {_sentence(parts)}."


def _grid_lines(names: tuple[str, ...]) -> list[str]:
    """Every name in full, wrapped to the quadrant's width, continuation lines indented under the bullet."""
    return [line for name in names for line in textwrap.wrap(name, GRID_CHARS, initial_indent="• ", subsequent_indent="   ")] \
        or ["None"]


def power_interest_figure(results: Results) -> Any:
    """The grid, tall enough for every name in every quadrant: the figure grows, names are never cut."""
    groups = results.stakeholder_map
    lines = {name: _grid_lines(groups[name]) for name, _, _ in QUADRANTS}
    header = 0.32  # inches for a quadrant's title and the gap under it
    upper = header + GRID_LINE * max(len(lines[n]) for n, _, y in QUADRANTS if y == 1) + 0.12
    lower = header + GRID_LINE * max(len(lines[n]) for n, _, y in QUADRANTS if y == 0) + 0.12
    fig, ax = _figure(6.3, upper + lower + 0.55)
    ax.set_xlim(0, 2)
    ax.set_ylim(0, upper + lower)
    ax.axvline(1, color=NHS_GREY, linewidth=1)
    ax.axhline(lower, color=NHS_GREY, linewidth=1)
    for name, x, y in QUADRANTS:
        top = upper + lower if y else lower
        ax.text(x + 0.03, top - 0.08, name, fontsize=9, fontweight="bold", va="top", color=NHS_DARK_BLUE)
        ax.text(x + 0.03, top - header, "\n".join(lines[name]), fontsize=GRID_FONT, va="top", linespacing=1.35)
    ax.set_xticks([0.5, 1.5], ["Lower interest", "Higher interest"])
    ax.set_yticks([lower / 2, lower + upper / 2], ["Less power", "More power"], rotation=90, va="center")
    ax.tick_params(length=0)
    fig.tight_layout()
    return fig


def draw_power_interest(results: Results, path: Path) -> None:
    _save(power_interest_figure(results), path)


# --- maps laid out by Graphviz (render/maps.py) -------------------------------------------------

MAP_WIDTH_CM, PATHWAY_MAX_HEIGHT_CM, STAKEHOLDER_MAX_HEIGHT_CM = 16.5, 23.5, 13.5
MAPS = ("stakeholder_map", "pathway_current", "pathway_future", "patient_journey")  # each also as <key>_svg


def drawn_by_graphviz(key: str) -> bool:
    """Whether a chart is one of the maps (Graphviz), not a matplotlib chart: the build draws them in different processes."""
    return key.removesuffix("_svg") in MAPS


def _map_specs(results: Results) -> dict[str, ChartSpec]:
    """The stakeholder, pathway and journey maps, each as a PNG for documents and an SVG for the site."""
    from fls_docs.render import maps  # graphviz is imported only when a map is described or drawn

    def stakeholders_draw(r: Results, path: Path) -> None:
        maps.render(maps.stakeholder_graph(r.stakeholder_groups), path)

    made = {"stakeholder_map": ("stakeholder-map", lambda r: maps.describe_stakeholders(r.stakeholder_groups),
                                stakeholders_draw, STAKEHOLDER_MAX_HEIGHT_CM)}
    for key, file, which in (("pathway_current", "pathway-current", "current"), ("pathway_future", "pathway-future", "future"),
                             ("patient_journey", "patient-journey", "journey")):
        made[key] = (file, lambda r, w=which: maps.describe_pathway(getattr(r.pathway, w)),
                     lambda r, path, w=which: maps.render(maps.pathway_graph(getattr(r.pathway, w)), path),
                     PATHWAY_MAX_HEIGHT_CM)
    specs = {}
    for key, (file, describe, draw, height) in made.items():
        specs[key] = ChartSpec(key, f"{file}.png", describe, draw, MAP_WIDTH_CM, height)
        specs[f"{key}_svg"] = ChartSpec(f"{key}_svg", f"{file}.svg", describe, draw, MAP_WIDTH_CM, height)
    return specs


# --- the registry -----------------------------------------------------------------------------

def chart_specs(results: Results) -> dict[str, ChartSpec]:
    """Every chart the documents and the site use, keyed by the name templates refer to."""
    specs = {
        "fractures_by_site": ChartSpec("fractures_by_site", "fractures-by-site.png", describe_fractures_by_site, draw_fractures_by_site),
        "costs_and_savings": ChartSpec("costs_and_savings", "costs-and-savings.png", describe_costs_and_savings, draw_costs_and_savings),
        "sensitivity": ChartSpec("sensitivity", "sensitivity.png", describe_sensitivity, draw_sensitivity),
        "acceptability": ChartSpec("acceptability", "acceptability.png", describe_acceptability, draw_acceptability),
        "phase_progress": ChartSpec("phase_progress", "phase-progress.png", describe_phase_progress, draw_phase_progress),
        "power_interest": ChartSpec("power_interest", "power-interest.png", describe_power_interest, draw_power_interest),
        **_map_specs(results),
    }
    for result in results.indicators:
        iid = result.indicator.id
        specs[f"indicator_{iid}"] = ChartSpec(
            f"indicator_{iid}", f"indicator-{iid}.png",
            lambda r, iid=iid: describe_spc(r, iid), lambda r, p, iid=iid: draw_spc(r, iid, p))
    return specs


def describe_all(results: Results, folder: Path) -> dict[str, Chart]:
    """Each chart's file (in ``folder``) and alt text, without drawing anything."""
    return {key: Chart(spec.name, folder / spec.name, spec.describe(results), spec.width_cm, spec.max_height_cm)
            for key, spec in chart_specs(results).items()}


def draw_all(results: Results, folder: Path) -> dict[str, Chart]:
    """Draw every chart into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    specs = chart_specs(results)
    for spec in specs.values():
        spec.draw(results, folder / spec.name)
    return describe_all(results, folder)
