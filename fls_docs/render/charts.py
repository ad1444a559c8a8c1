"""Charts drawn from calculator results, each saved as a PNG with the alt text that describes it.

Every chart labels its bars with their values and uses hatching as well as
colour, so nothing depends on colour alone.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fls_docs.calc.results import Results
from fls_docs.render.formatting import money, num

NHS_BLUE, NHS_DARK_BLUE, NHS_WARM_YELLOW, NHS_GREY = "#005EB8", "#003087", "#FFB81C", "#425563"
DPI = 200


@dataclass(frozen=True)
class Chart:
    name: str  # file name, also the image's name inside a Word document
    path: Path
    alt: str  # text alternative: what the chart shows, with its numbers
    width_cm: float = 15.0


def _pyplot():
    import matplotlib

    matplotlib.use("Agg")  # no display: draw straight to files
    import matplotlib.pyplot as plt

    plt.rcParams.update({"font.family": "DejaVu Sans", "font.size": 9, "axes.spines.top": False,
                         "axes.spines.right": False, "svg.hashsalt": "fls-docs"})
    return plt


def _save(fig, path: Path) -> None:
    fig.tight_layout()
    # Fixed metadata so the same results give byte-identical images.
    fig.savefig(path, dpi=DPI, metadata={"Software": None})


def fractures_by_site(results: Results, folder: Path) -> Chart:
    plt = _pyplot()
    sites = results.benefits.sites
    labels = [s.label for s in sites]
    women = [s.by_sex["female"] for s in sites]
    men = [s.by_sex["male"] for s in sites]
    fig, ax = plt.subplots(figsize=(6.3, 2.6))
    y = range(len(sites))
    ax.barh([i + 0.2 for i in y], women, height=0.4, color=NHS_BLUE, label="Women")
    ax.barh([i - 0.2 for i in y], men, height=0.4, color=NHS_WARM_YELLOW, hatch="//", edgecolor=NHS_DARK_BLUE, label="Men")
    for i, (w, m) in enumerate(zip(women, men)):
        ax.text(w, i + 0.2, f" {num(w)}", va="center", fontsize=8)
        ax.text(m, i - 0.2, f" {num(m)}", va="center", fontsize=8)
    ax.set_yticks(list(y), labels)
    ax.invert_yaxis()
    ax.set_xlabel("Fragility fractures a year")
    ax.legend(frameon=False, ncol=2, loc="lower center", bbox_to_anchor=(0.5, 1.0))
    path = folder / "fractures-by-site.png"
    _save(fig, path)
    plt.close(fig)
    parts = "; ".join(f"{s.label.lower()}: {num(s.by_sex['female'])} in women and {num(s.by_sex['male'])} in men"
                      for s in sites)
    alt = (f"Bar chart of the {num(results.benefits.expected_per_year)} fragility fractures expected each year in the "
           f"catchment, by site and sex. {parts[0].upper() + parts[1:]}.")
    return Chart(path.name, path, alt)


def costs_and_savings(results: Results, folder: Path) -> Chart:
    plt = _pyplot()
    option = results.preferred
    years = option.appraisal.years
    costs = [y.costs for y in years]
    savings = [y.savings for y in years]
    fig, ax = plt.subplots(figsize=(6.3, 2.6))
    x = [y.year for y in years]
    ax.bar([i - 0.2 for i in x], costs, width=0.4, color=NHS_DARK_BLUE, label="Costs")
    ax.bar([i + 0.2 for i in x], savings, width=0.4, color=NHS_WARM_YELLOW, hatch="..", edgecolor=NHS_GREY, label="Savings")
    ax.set_xticks(x, [f"Year {i}" for i in x])
    ax.yaxis.set_major_formatter(_axis_money)
    ax.legend(frameon=False, ncol=2, loc="upper left")
    ax.set_ylabel("Pounds a year")
    path = folder / "costs-and-savings.png"
    _save(fig, path)
    plt.close(fig)
    pairs = "; ".join(f"year {y.year}: costs {money(y.costs)}, savings {money(y.savings)}" for y in years)
    alt = (f"Bar chart of the {option.model.model.name.lower()}'s costs (with optimism bias) against the savings "
           f"from fractures prevented, year by year. {pairs[0].upper() + pairs[1:]}.")
    return Chart(path.name, path, alt)


def tornado(results: Results, folder: Path, bars: int = 8) -> Chart:
    plt = _pyplot()
    swings = results.sensitivity[:bars]
    base = results.preferred.appraisal.npv
    fig, ax = plt.subplots(figsize=(6.3, 0.42 * len(swings) + 1.0))
    for i, s in enumerate(swings):
        low, high = s.npv
        ax.barh(i, low - base, left=base, color=NHS_BLUE, height=0.6)
        ax.barh(i, high - base, left=base, color=NHS_WARM_YELLOW, hatch="//", edgecolor=NHS_GREY, height=0.6)
    ax.axvline(base, color=NHS_GREY, linewidth=1)
    ax.set_yticks(range(len(swings)), [_wrap(s.param.label) for s in swings])
    ax.invert_yaxis()
    ax.xaxis.set_major_formatter(_axis_money)
    ax.set_xlabel("Net present value")
    ax.legend(handles=[plt.Rectangle((0, 0), 1, 1, color=NHS_BLUE),
                       plt.Rectangle((0, 0), 1, 1, facecolor=NHS_WARM_YELLOW, hatch="//", edgecolor=NHS_GREY)],
              labels=["Input at its low value", "Input at its high value"], frameon=False, fontsize=8,
              loc="lower center", bbox_to_anchor=(0.5, 1.0), ncol=2)
    path = folder / "sensitivity.png"
    _save(fig, path)
    plt.close(fig)
    items = "; ".join(f"{s.param.label.lower()}: {money(s.npv[0])} at its low value and {money(s.npv[1])} at its high value"
                      for s in swings)
    alt = (f"Tornado chart of the inputs that move the net present value most, from {money(base)} at the central "
           f"figures. {items[0].upper() + items[1:]}.")
    return Chart(path.name, path, alt)


def _wrap(label: str, width: int = 34) -> str:
    import textwrap

    return "\n".join(textwrap.wrap(label, width)[:2])


def _axis_money(value: float, _position: object = None) -> str:
    """Axis labels short enough not to collide: £250k, -£1.5m."""
    sign, size = ("-" if value < 0 else ""), abs(value)
    if size >= 1_000_000:
        return f"{sign}£{size / 1_000_000:.1f}m"
    if size >= 1_000:
        return f"{sign}£{size / 1_000:.0f}k"
    return f"{sign}£{size:.0f}"


STATUS_COLOURS = {"not started": "#E8EDEE", "on track": "#007F3B", "at risk": "#FFB81C", "late": "#DA291C",
                  "complete": "#005EB8"}
STATUS_HATCH = {"not started": "", "on track": "", "at risk": "..", "late": "//", "complete": ""}


def phase_progress(results: Results, folder: Path) -> Chart:
    """Tasks in each phase, stacked by status."""
    plt = _pyplot()
    phases = results.progress.phases
    labels = [_wrap(f"{p.phase.number}. {p.phase.name}" if p.phase.number else p.phase.name, 26) for p in phases]
    fig, ax = plt.subplots(figsize=(6.3, 0.42 * len(phases) + 1.1))
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
    ax.set_xlim(0, max(left) * 1.45 if max(left) else 1)
    ax.legend(frameon=False, ncol=5, fontsize=7, loc="lower center", bbox_to_anchor=(0.5, 1.0))
    path = folder / "phase-progress.png"
    _save(fig, path)
    plt.close(fig)
    parts = "; ".join(f"{p.phase.name}: {p.complete} of {len(p.tasks)} tasks complete" for p in phases)
    return Chart(path.name, path, f"Bar chart of tasks in each phase by status. {parts}.")


def indicator_chart(result: Any, folder: Path) -> Chart:
    """One indicator's monthly share against its target."""
    plt = _pyplot()
    i = result.indicator
    months = [m for m in result.months if m.share is not None]
    fig, ax = plt.subplots(figsize=(6.3, 2.4))
    ax.plot([m.month for m in months], [m.share for m in months], marker="o", color=NHS_BLUE, label="Share")
    for m in months:
        ax.annotate(f"{m.share:.0%}", (m.month, m.share), textcoords="offset points", xytext=(0, 6), ha="center", fontsize=7)
    if i.target is not None:
        ax.axhline(i.target, color=NHS_GREY, linestyle="--", label=f"Target {i.target:.0%}")
    ax.set_ylim(0, 1.05)
    ax.yaxis.set_major_formatter(lambda v, _: f"{v:.0%}")
    ax.tick_params(axis="x", labelsize=7)
    ax.legend(frameon=False, fontsize=8, loc="upper left", ncol=2)
    path = folder / f"indicator-{i.id}.png"
    _save(fig, path)
    plt.close(fig)
    series = "; ".join(f"{m.month}: {m.share:.0%}" for m in months) or "no months recorded yet"
    target = f" against a target of {i.target:.0%}" if i.target is not None else ""
    return Chart(path.name, path, f"Line chart of {i.name.lower()} by month{target}. {series}.")


def draw_all(results: Results, folder: Path) -> dict[str, Chart]:
    """Every chart the documents and the site use, keyed by the name templates refer to."""
    folder.mkdir(parents=True, exist_ok=True)
    charts = {
        "fractures_by_site": fractures_by_site(results, folder),
        "costs_and_savings": costs_and_savings(results, folder),
        "sensitivity": tornado(results, folder),
        "phase_progress": phase_progress(results, folder),
    }
    for result in results.indicators:
        charts[f"indicator_{result.indicator.id}"] = indicator_chart(result, folder)
    return charts
