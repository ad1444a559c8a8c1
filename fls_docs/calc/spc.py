"""Statistical process control (SPC) charts, read the way NHS England's "Making Data Count" (MDC) reads them.

MDC (NHS England and NHS Improvement, *Making data count*, 2017, and *Making data count: strengthening
your decisions*, 2019) asks boards to stop comparing one month with the last, or with a red-amber-green
target, and to ask two questions of a chart instead:

* **Variation**: is this month's figure within the usual ups and downs (common cause), or is something
  different going on (special cause, improving or concerning given which way is better)?
* **Assurance**: can the process, as it runs, be relied on to meet its target (consistently passes),
  not meet it (consistently fails), or will it hit and miss?

How the charts are worked out:

* **A share** (a numerator out of a denominator) is drawn as a p-chart: the centre is the total of the
  numerators over the total of the denominators, and each month's limits are p̄ ± 3·√(p̄(1 − p̄)/nᵢ) for
  that month's denominator nᵢ, kept within 0 to 1. Months with more patients get narrower limits.
* **A count or an average** (such as days waited) is drawn as an XmR chart, as MDC's own tools draw every
  measure: the centre is the mean, the moving range is the difference between neighbouring months, and the
  limits are the mean ± 2.66 × the mean moving range (2.66 is 3 / 1.128). As in MDC's Excel tools, no
  moving range is screened out as an outlier, and the lower limit is not cut off at zero.
* **Enough points**: MDC advises at least 15 points before limits mean much (``MIN_POINTS``). With fewer, a
  chart shows the months and their median with no limits, and reads "not enough points yet".
* **Changes**: an indicator may mark changes (a pilot starting, a PDSA cycle). Limits are worked out again
  from a change once there are ``MIN_POINTS`` months both before and after it; each part then has its own
  centre and limits. Until then, the months after the change are judged against the limits from before it,
  which is how a team sees whether the change made a difference. Once a part has its own limits, its months
  are also compared with the part before (the same four rules against the earlier centre and limits); a
  signal there is read as special cause since the change.

The four MDC rules, each flagging every point that takes part:

1. ``beyond``: a point above the upper or below the lower process limit;
2. ``run``: 7 or more points in a row above, or below, the centre line (a point on the line ends a run);
3. ``trend``: 6 or more points in a row each higher, or each lower, than the one before (a repeated value
   ends a trend). NHSRplotthedots, the NHS-R community's package, uses 7 points here; we follow MDC's 6;
4. ``two_of_three``: 2 of 3 points in a row beyond 2 sigma (the outer third next to a limit) on the same
   side of the centre line; the points beyond 2 sigma are flagged.

When a point breaks more than one rule pointing different ways, the first of beyond, trend, two of three,
run decides which way it points (the order NHSRplotthedots uses). The chart's variation is its latest
point's.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, replace
from statistics import median

from fls_docs.model.project import Indicator, IndicatorChange

MIN_POINTS = 15
RUN_LENGTH = 7
TREND_LENGTH = 6
XMR_FACTOR = 2.66  # 3 sigma for individual values, from the mean moving range (3 / d2, d2 = 1.128)

P_CHART, XMR, RUN_CHART, NO_CHART = "p-chart", "XmR chart", "run chart", "none"

COMMON, IMPROVING, CONCERNING = "common cause", "special cause improving", "special cause concerning"
PASSES, FAILS, HIT_AND_MISS = "consistently passes", "consistently fails", "hit and miss"
NO_TARGET, NOT_ENOUGH, NO_DATA = "no target", "not enough points yet", "no data yet"

BEYOND, RUN, TREND, TWO_OF_THREE = "beyond", "run", "trend", "two_of_three"
PRECEDENCE = (BEYOND, TREND, TWO_OF_THREE, RUN)
RULES = {
    BEYOND: "a point beyond a process limit",
    RUN: f"{RUN_LENGTH} or more points in a row on one side of the centre line",
    TREND: f"{TREND_LENGTH} or more points in a row each rising, or each falling",
    TWO_OF_THREE: "2 of 3 points in a row close to a process limit (beyond 2 sigma) on the same side",
}

_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December")


@dataclass(frozen=True)
class SpcPoint:
    month: str  # YYYY-MM
    value: float  # the share, count or average
    n: int | None  # the denominator, for a p-chart
    segment: int  # which part of the chart (``SpcChart.segments``) it belongs to
    centre: float
    lower: float | None  # process limits it is judged by; None on a run chart
    upper: float | None
    signals: tuple[str, ...]  # rules it breaks against those limits
    before_change: tuple[str, ...]  # rules it breaks against the limits before its part's change
    side: int  # +1 when its signal points to higher values, -1 to lower, 0 for none
    variation: str  # common cause, special cause improving or special cause concerning

    @property
    def month_name(self) -> str:
        return month_words(self.month)


@dataclass(frozen=True)
class SpcSegment:
    first: str  # first month of the part
    last: str  # last month judged by these limits
    centre: float
    lower: float | None  # at the part's average denominator for a p-chart
    upper: float | None
    points: int  # months the centre and limits were worked out from
    change: IndicatorChange | None  # the change the part starts from; None for the first part
    mean_moving_range: float | None = None  # XmR charts only
    basis_last: str = ""  # the last month the centre and limits were worked out from

    @property
    def period(self) -> str:
        """The months the centre and limits come from: 'May 2024 to July 2025'."""
        return f"{month_words(self.first)} to {month_words(self.basis_last or self.last)}"


@dataclass(frozen=True)
class SpcChart:
    indicator: Indicator
    chart: str  # p-chart, XmR chart, run chart or none
    points: tuple[SpcPoint, ...]
    segments: tuple[SpcSegment, ...]
    changes: tuple[IndicatorChange, ...]  # the changes inside the months charted, drawn on the chart
    waiting: IndicatorChange | None  # a change whose limits are not yet worked out again
    waiting_months: int  # months since it
    variation: str
    assurance: str
    reading: str  # one plain-English sentence on the variation
    assurance_reading: str  # one on the target, or empty

    @property
    def has_limits(self) -> bool:
        return self.chart in (P_CHART, XMR)

    @property
    def summary(self) -> str:
        return f"{self.reading} {self.assurance_reading}".strip()

    @property
    def latest(self) -> SpcPoint | None:
        return self.points[-1] if self.points else None

    @property
    def variation_letter(self) -> str:
        """The MDC variation icon's letter: H or L for special cause from higher or lower values, else none."""
        if self.variation in (IMPROVING, CONCERNING) and self.latest:
            return "H" if self.latest.side > 0 else "L"
        return ""

    @property
    def assurance_letter(self) -> str:
        """The MDC assurance icon's letter: P (passes), F (fails) or ? (hit and miss); none without one."""
        return {PASSES: "P", FAILS: "F", HIT_AND_MISS: "?"}.get(self.assurance, "")


def month_words(month: str) -> str:
    """'2025-08' -> 'August 2025'."""
    return f"{_MONTHS[int(month[5:7]) - 1]} {month[:4]}"


# --- the four rules --------------------------------------------------------------------------

def _sign(x: float, eps: float = 1e-12) -> int:
    return 1 if x > eps else -1 if x < -eps else 0


def rule_signals(values: list[float], centre: list[float], sigma: list[float], lower: list[float],
                 upper: list[float]) -> list[dict[str, int]]:
    """For each point, the rules it breaks and which way each points (+1 higher, -1 lower)."""
    n = len(values)
    found: list[dict[str, int]] = [{} for _ in range(n)]
    for i, v in enumerate(values):
        if v > upper[i] + 1e-12:
            found[i][BEYOND] = 1
        elif v < lower[i] - 1e-12:
            found[i][BEYOND] = -1
    for start, end, side in _stretches([_sign(v - c) for v, c in zip(values, centre)]):
        if side and end - start >= RUN_LENGTH:
            for i in range(start, end):
                found[i][RUN] = side
    # steps[k] is the step from point k to point k + 1, so steps start..end-1 join points start..end.
    for start, end, side in _stretches([_sign(b - a) for a, b in zip(values, values[1:])]):
        if side and end - start + 1 >= TREND_LENGTH:
            for i in range(start, end + 1):
                found[i][TREND] = side
    zone = [1 if v > c + 2 * s + 1e-12 else -1 if v < c - 2 * s - 1e-12 else 0 for v, c, s in zip(values, centre, sigma)]
    for start in range(n - 2):
        for side in (1, -1):
            near = [i for i in range(start, start + 3) if zone[i] == side]
            if len(near) >= 2:
                for i in near:
                    found[i][TWO_OF_THREE] = side
    return found


def _stretches(signs: list[int]) -> list[tuple[int, int, int]]:
    """(start, end, sign) of each stretch of equal signs, ``end`` exclusive."""
    out, start = [], 0
    for i in range(1, len(signs) + 1):
        if i == len(signs) or signs[i] != signs[start]:
            out.append((start, i, signs[start]))
            start = i
    return out


def _side(signals: dict[str, int]) -> int:
    for rule in PRECEDENCE:
        if rule in signals:
            return signals[rule]
    return 0


# --- limits ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class _Process:
    """A centre and the spread around it, from which any month's limits follow."""

    kind: str  # p or xmr
    centre: float
    spread: float  # p-chart: p̄(1 − p̄); XmR: the mean moving range

    def sigma(self, n: int | None) -> float:
        if self.kind == "p":
            return math.sqrt(self.spread / n) if n else 0.0
        return XMR_FACTOR * self.spread / 3

    def limits(self, n: int | None) -> tuple[float, float]:
        low, high = self.centre - 3 * self.sigma(n), self.centre + 3 * self.sigma(n)
        return (max(0.0, low), min(1.0, high)) if self.kind == "p" else (low, high)


def p_process(numerators: list[int], denominators: list[int]) -> _Process:
    """p̄ = total numerator / total denominator."""
    p = sum(numerators) / sum(denominators)
    return _Process("p", p, p * (1 - p))


def xmr_process(values: list[float]) -> _Process:
    """The mean, and the mean of the moving ranges between neighbouring points."""
    ranges = [abs(b - a) for a, b in zip(values, values[1:])]
    return _Process("xmr", sum(values) / len(values), sum(ranges) / len(ranges) if ranges else 0.0)


def _judge(process: _Process, values: list[float], ns: list[int | None]) -> tuple[list[dict[str, int]], list[tuple[float, float]]]:
    bounds = [process.limits(n) for n in ns]
    found = rule_signals(values, [process.centre] * len(values), [process.sigma(n) for n in ns],
                         [b[0] for b in bounds], [b[1] for b in bounds])
    return found, bounds


# --- the chart -------------------------------------------------------------------------------

def _series(indicator: Indicator) -> list[tuple[str, float, int | None, int | None]]:
    """(month, value, numerator, denominator) for each month with a figure."""
    out = []
    for m in indicator.values:
        if indicator.kind == "share":
            if m.denominator and m.numerator is not None:
                out.append((m.month, m.numerator / m.denominator, m.numerator, m.denominator))
        elif m.value is not None:
            out.append((m.month, float(m.value), None, None))
    return out


def _process(indicator: Indicator, rows: list[tuple[str, float, int | None, int | None]]) -> _Process:
    if indicator.kind == "share":
        return p_process([r[2] for r in rows], [r[3] for r in rows])  # type: ignore[misc]
    return xmr_process([r[1] for r in rows])


def _starts(months: list[str], changes: tuple[IndicatorChange, ...]) -> tuple[list[int], IndicatorChange | None, int, list[IndicatorChange]]:
    """Where each part's limits start, the change still waiting for enough months (and where it starts),
    and the changes that fall inside the months charted."""
    starts, waiting, waiting_at, inside = [0], None, len(months), []
    for change in changes:
        at = next((i for i, m in enumerate(months) if m >= change.month), None)
        if at is None or at == 0:
            continue
        inside.append(change)
        if at <= starts[-1]:
            continue
        before, after = at - starts[-1], len(months) - at
        if before >= MIN_POINTS and after >= MIN_POINTS:
            starts.append(at)
            waiting, waiting_at = None, len(months)
        elif before >= MIN_POINTS:
            waiting, waiting_at = change, at
    return starts, waiting, waiting_at, inside


def _variation(side: int, direction: str) -> str:
    better = 1 if direction == "higher" else -1
    return IMPROVING if side * better > 0 else CONCERNING if side * better < 0 else COMMON


def spc_chart(indicator: Indicator) -> SpcChart:
    """The indicator's SPC chart: its parts, each month's limits and signals, and how to read it."""
    rows = _series(indicator)
    months = [r[0] for r in rows]
    if len(rows) < MIN_POINTS:
        return _run_chart(indicator, rows)
    starts, waiting, waiting_at, inside = _starts(months, indicator.changes)
    bounds_at = starts[1:] + [len(rows)]
    points: list[SpcPoint] = []
    segments: list[SpcSegment] = []
    previous: _Process | None = None
    for k, (start, end) in enumerate(zip(starts, bounds_at)):
        basis_end = waiting_at if waiting is not None and k == len(starts) - 1 else end
        process = _process(indicator, rows[start:basis_end])
        part = rows[start:end]
        values, ns = [r[1] for r in part], [r[3] for r in part]
        found, bounds = _judge(process, values, ns)
        earlier = _judge(previous, values, ns)[0] if previous is not None else [{} for _ in part]
        for (month, value, _, n), own, before, (low, high) in zip(part, found, earlier, bounds):
            side = _side(own) or _side(before)
            points.append(SpcPoint(month, value, n, k, process.centre, low, high, _ordered(own), _ordered(before), side,
                                   _variation(side, indicator.direction)))
        typical = round(sum(r[3] for r in rows[start:basis_end]) / (basis_end - start)) if indicator.kind == "share" else None
        low, high = process.limits(typical)
        segments.append(SpcSegment(months[start], months[end - 1], process.centre, low, high, basis_end - start,
                                   _change_at(indicator.changes, months, start) if k else None,
                                   process.spread if process.kind == "xmr" else None, months[basis_end - 1]))
        previous = process
    latest = points[-1]
    assurance = _assurance(indicator, latest)
    chart = SpcChart(indicator, P_CHART if indicator.kind == "share" else XMR, tuple(points), tuple(segments),
                     tuple(inside), waiting, len(rows) - waiting_at if waiting else 0, latest.variation, assurance, "", "")
    return replace(chart, reading=_reading(chart), assurance_reading=_assurance_words(chart))


def _ordered(signals: dict[str, int]) -> tuple[str, ...]:
    return tuple(rule for rule in PRECEDENCE if rule in signals)


def _change_at(changes: tuple[IndicatorChange, ...], months: list[str], start: int) -> IndicatorChange | None:
    """The latest change that takes effect by the part's first month."""
    return next((c for c in reversed(changes) if c.month <= months[start] and (start == 0 or c.month > months[start - 1])), None)


def _assurance(indicator: Indicator, latest: SpcPoint) -> str:
    """Compare the target with the latest month's process limits (as MDC does)."""
    target = indicator.target
    if target is None:
        return NO_TARGET
    assert latest.lower is not None and latest.upper is not None
    higher = indicator.direction == "higher"
    if target < latest.lower:
        return PASSES if higher else FAILS
    if target > latest.upper:
        return FAILS if higher else PASSES
    return HIT_AND_MISS


def _run_chart(indicator: Indicator, rows: list[tuple[str, float, int | None, int | None]]) -> SpcChart:
    """Too few months for limits: the months and their median only."""
    if not rows:
        return SpcChart(indicator, NO_CHART, (), (), (), None, 0, NO_DATA, NO_DATA, "No months are recorded yet.", "")
    middle = median(r[1] for r in rows)
    points = tuple(SpcPoint(m, v, n, 0, middle, None, None, (), (), 0, COMMON) for m, v, _, n in rows)
    segment = SpcSegment(rows[0][0], rows[-1][0], middle, None, None, len(rows), None)
    last = rows[-1]
    reading = (f"Not enough months yet to read as a control chart: {len(rows)} of the {MIN_POINTS} needed. "
               f"The latest, {month_words(last[0])}, was {indicator.text(last[1])}.")
    return SpcChart(indicator, RUN_CHART, points, (segment,), (), None, 0, NOT_ENOUGH, NOT_ENOUGH, reading, "")


# --- plain-English readings ------------------------------------------------------------------

def _streak(points: list[SpcPoint], test: Callable[[SpcPoint], bool]) -> int:
    """How many points in a row, ending with the latest, pass ``test``."""
    count = 0
    for point in reversed(points):
        if not test(point):
            break
        count += 1
    return count


def _evidence(chart: SpcChart, rule: str, centre: float, limit: float | None, earlier: bool,
              rules_of: Callable[[SpcPoint], tuple[str, ...]]) -> str:
    """The latest month's signal in words, with its numbers; ``earlier`` when judged against limits before a change."""
    text, latest = chart.indicator.text, chart.points[-1]
    part = [p for p in chart.points if p.segment == latest.segment]
    above = latest.side > 0
    limit_words = f"{'earlier ' if earlier else ''}{'upper' if above else 'lower'} {'limit' if earlier else 'process limit'}"
    if rule == RUN:
        run = _streak(part, lambda p: _sign(p.value - centre) == latest.side)
        return f"{run} months in a row {'above' if above else 'below'} the {'earlier ' if earlier else ''}average of {text(centre)}"
    if rule == TREND:
        months = 1
        for a, b in zip(reversed(part[:-1]), reversed(part)):
            if _sign(b.value - a.value) != latest.side:
                break
            months += 1
        return f"{months} months in a row, each {'higher' if above else 'lower'} than the month before"
    shown = text(limit) if limit is not None else ""
    if rule == BEYOND:
        beyond = [p for p in part if BEYOND in rules_of(p) and _sign(p.value - centre) == latest.side]
        if earlier and len(beyond) > 1:
            return f"{len(beyond)} of the {len(part)} months since were {'above' if above else 'below'} the {limit_words} of {shown}"
        return f"{month_words(latest.month)} was {'above' if above else 'below'} the {limit_words} of {shown}"
    return f"2 of the last 3 months were close to the {limit_words} of {shown}"


def _reading(chart: SpcChart) -> str:
    """One sentence on the latest month: improving, getting worse, or the usual ups and downs."""
    latest = chart.points[-1]
    text = chart.indicator.text
    segment = chart.segments[latest.segment]
    better = latest.variation == IMPROVING
    if latest.signals:
        # A run says most plainly that things have moved, so it leads when it points the same way.
        same_way = _sign(latest.value - latest.centre) == latest.side
        rule = RUN if RUN in latest.signals and same_way else latest.signals[0]
        since = chart.waiting if chart.waiting and _began_after(chart, rule, chart.waiting) else None
        words = _evidence(chart, rule, segment.centre, latest.upper if latest.side > 0 else latest.lower, bool(since),
                          lambda p: p.signals)
        head = f"{'Improved' if better else 'Worse'} since {_change_words(since)}" if since else (
            "Improving" if better else "Getting worse")
        return f"{head}: {words}."
    if latest.before_change and segment.change is not None:
        before = chart.segments[latest.segment - 1]
        rule = RUN if RUN in latest.before_change else latest.before_change[0]
        words = _evidence(chart, rule, before.centre, before.upper if latest.side > 0 else before.lower, True,
                          lambda p: p.before_change)
        return f"{'Improved' if better else 'Worse'} since {_change_words(segment.change)}: {words} (now {text(segment.centre)})."
    low, high = segment.lower or 0.0, segment.upper or 0.0
    since = f" since {_change_words(segment.change)}" if segment.change else ""
    ind = chart.indicator
    lowest = text(max(0.0, low)) if ind.kind == "share" else f"{max(0.0, low):,.0f}"  # the unit is said once, after the upper
    return (f"No sign of change{since}: expect between {lowest} and {text(high)} a month, "
            f"around an average of {text(segment.centre)}.")


def _began_after(chart: SpcChart, rule: str, change: IndicatorChange) -> bool:
    """Whether the signal the latest month is part of began on or after ``change``."""
    if rule not in (RUN, TREND):
        return chart.points[-1].month >= change.month
    length = _streak(list(chart.points), lambda p: rule in p.signals)
    return chart.points[len(chart.points) - length].month >= change.month


def _change_words(change: IndicatorChange) -> str:
    """'August 2025 (orthogeriatric team sees all inpatients)': a label's first letter is lowered unless it
    starts an acronym or a name such as FLS."""
    label = change.label
    if len(label) > 1 and label[1].islower():
        label = label[0].lower() + label[1:]
    return f"{month_words(change.month)} ({label})"


def _assurance_words(chart: SpcChart) -> str:
    target = chart.indicator.target
    if chart.assurance == NO_TARGET:
        return "No target is set."
    if target is None or chart.assurance == NOT_ENOUGH:
        return ""
    shown = chart.indicator.text(target)
    return {
        PASSES: f"At this level it will meet the {shown} target every month.",
        FAILS: f"At this level it will miss the {shown} target every month unless care changes.",
        HIT_AND_MISS: f"It will meet the {shown} target in some months and miss it in others.",
    }[chart.assurance]


def spc_all(indicators: tuple[Indicator, ...]) -> dict[str, SpcChart]:
    """Each indicator's chart, by indicator id."""
    return {i.id: spc_chart(i) for i in indicators}
