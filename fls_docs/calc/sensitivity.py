"""How sure the results are: one-way sensitivity and probabilistic sensitivity analysis."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from fls_docs.calc.parameters import BETA, GAMMA, LOGNORMAL, Parameter, Parameters
from fls_docs.calc.run import Setting, run

# A parameter's low and high values are read as the ends of a 95% interval.
Z95 = 1.959964


@dataclass(frozen=True)
class Swing:
    """One bar of a tornado chart: net monetary benefit with one input at its low and at its high value."""

    param: Parameter
    benefit: tuple[float, float]  # net monetary benefit at the threshold, at low and at high
    net_cost: tuple[float, float]
    prevented: tuple[float, float]

    @property
    def width(self) -> float:
        return abs(self.benefit[1] - self.benefit[0])


def _at(params: Parameters, setting: Setting, model_id: str, key: str, points: Any) -> Any:
    """The preferred model's evaluation with one input set to each of ``points`` at once (a vectorised run)."""
    values: dict[str, Any] = {**params.numbers(), key: np.asarray(points, dtype=float)}
    return run(values, setting, only=model_id).option(model_id).evaluation


def one_way(params: Parameters, setting: Setting, model_id: str, threshold: float) -> tuple[Swing, ...]:
    """Each uncertain input moved to its low and then its high value, the rest held; widest swing first."""
    swings = []
    for p in params.values():
        if not p.uncertain:
            continue
        ev = _at(params, setting, model_id, p.key, [p.low, p.high])
        benefit = np.broadcast_to(ev.net_benefit(threshold), (2,))
        cost = np.broadcast_to(ev.net_cost, (2,))
        prevented = np.broadcast_to(ev.total_prevented, (2,))
        swings.append(Swing(p, (float(benefit[0]), float(benefit[1])), (float(cost[0]), float(cost[1])),
                            (float(prevented[0]), float(prevented[1]))))
    return tuple(sorted(swings, key=lambda s: (-s.width, s.param.key)))


@dataclass(frozen=True)
class BreakEven:
    """The value of one input at which the answer changes, the others held at their central values."""

    param: Parameter
    measure: str  # "pays for itself" (net cost 0) or "cost-effective" (net benefit 0 at the threshold)
    value: float | None  # None: no value in the searched range changes the answer
    direction: str  # "below" or "above": the side on which the favourable answer lies


# How far the search for a break-even value reaches, by kind of input.
SEARCH_POINTS = 401


def _search_range(p: Parameter) -> tuple[float, float]:
    if p.distribution in (BETA,) or p.key.startswith(("cascade.", "models.", "utility.", "mortality.attributable")):
        return 0.0, 1.0
    if p.key.startswith("treatment.") and p.distribution == LOGNORMAL and "multiplier" not in p.key:
        return 0.05, 1.0
    return 0.0, max(p.value * 10, (p.high or 0) * 2)


def break_even(params: Parameters, setting: Setting, model_id: str, threshold: float,
               ranked: Sequence[Swing]) -> tuple[BreakEven, ...]:
    """For the inputs that matter most (``ranked``, from :func:`one_way`), the value that would make the
    service pay for itself or be cost-effective."""
    out = []
    for swing in ranked:
        p = swing.param
        low, high = _search_range(p)
        grid = np.linspace(low, high, SEARCH_POINTS)
        ev = _at(params, setting, model_id, p.key, grid)
        for measure, series in (("pays for itself", -np.broadcast_to(ev.net_cost, grid.shape)),
                                ("cost-effective", np.broadcast_to(ev.net_benefit(threshold), grid.shape))):
            out.append(_crossing(p, measure, grid, series))
    return tuple(out)


def _crossing(p: Parameter, measure: str, grid: np.ndarray, series: np.ndarray) -> BreakEven:
    """Where ``series`` (favourable when positive) crosses zero nearest the input's central value."""
    finite = np.isfinite(series)
    grid, series = grid[finite], series[finite]
    sign = np.sign(series)
    changes = np.nonzero(np.diff(sign) != 0)[0]
    if not len(changes):
        return BreakEven(p, measure, None, "")
    i = min(changes, key=lambda k: abs(grid[k] - p.value))
    x0, x1, y0, y1 = grid[i], grid[i + 1], series[i], series[i + 1]
    value = float(x0 - y0 * (x1 - x0) / (y1 - y0)) if y1 != y0 else float(x0)
    return BreakEven(p, measure, value, "above" if y1 > y0 else "below")


def draw(p: Parameter, samples: int, rng: np.random.Generator) -> np.ndarray:
    """Samples of one input, centred on its value, with its low-high range as a 95% interval."""
    assert p.low is not None and p.high is not None
    if p.distribution == LOGNORMAL:
        sigma = (np.log(p.high) - np.log(p.low)) / (2 * Z95)
        return np.exp(rng.normal(np.log(p.value), sigma, samples))
    sd = (p.high - p.low) / (2 * Z95)
    if p.distribution == BETA:
        mean = min(max(p.value, 1e-6), 1 - 1e-6)
        # A beta distribution cannot be wider than mean x (1 - mean); keep it just inside.
        var = min(sd ** 2, 0.95 * mean * (1 - mean))
        common = mean * (1 - mean) / var - 1
        return rng.beta(mean * common, (1 - mean) * common, samples)
    if p.distribution == GAMMA:
        shape = (p.value / sd) ** 2
        return rng.gamma(shape, p.value / shape, samples)
    raise ValueError(f"no distribution for {p.key}")


@dataclass(frozen=True)
class Interval:
    mean: float
    low: float  # 2.5th centile
    high: float  # 97.5th centile

    @classmethod
    def of(cls, values: np.ndarray) -> Interval:
        low, high = np.percentile(values, [2.5, 97.5])
        return cls(float(np.mean(values)), float(low), float(high))


@dataclass(frozen=True)
class ModelUncertainty:
    model_id: str
    prevented: Interval
    hip_prevented: Interval
    qalys: Interval
    net_cost: Interval
    npsv: Interval
    probability_saves_money: float  # share of samples in which savings exceed costs
    acceptability: tuple[tuple[float, float], ...]  # (threshold, share of samples cost-effective at it)
    qaly_samples: np.ndarray  # QALYs gained in each sample
    cost_samples: np.ndarray  # net cost in each sample

    def probability_cost_effective(self, threshold: float) -> float:
        return dict(self.acceptability)[threshold]


@dataclass(frozen=True)
class Probabilistic:
    samples: int
    seed: int
    sampled: tuple[str, ...]  # keys of the inputs drawn at random
    models: tuple[ModelUncertainty, ...]
    draws: dict[str, np.ndarray]  # key -> the value drawn in each sample


# Thresholds for the cost-effectiveness acceptability curve, pounds per QALY: past the Green Book's value.
CURVE = tuple(float(x) for x in range(0, 100_001, 2_500))


def probabilistic(params: Parameters, setting: Setting, samples: int, seed: int = 20261125,
                  thresholds: tuple[float, float] = (20_000.0, 30_000.0)) -> Probabilistic:
    """Monte Carlo over every uncertain input at once, all samples in one vectorised run.

    Each input is drawn independently from its own uncertainty: its low and high values
    are the ends of a 95% interval. The same seed gives the same results.
    """
    rng = np.random.default_rng(seed)
    values: dict[str, Any] = params.numbers()
    sampled = []
    for p in params.values():
        if p.uncertain and p.distribution:
            values[p.key] = draw(p, samples, rng)
            sampled.append(p.key)
    result = run(values, setting)
    curve = tuple(sorted(set(CURVE) | set(thresholds)))
    models = []
    for option in result.options:
        ev = option.evaluation

        def each(x: Any) -> np.ndarray:
            return np.broadcast_to(np.asarray(x, dtype=float), (samples,))

        qalys, cost = each(ev.qalys), each(ev.net_cost)
        models.append(ModelUncertainty(
            option.model.model.id,
            prevented=Interval.of(each(ev.total_prevented)),
            hip_prevented=Interval.of(each(ev.prevented.get("hip", 0.0))),
            qalys=Interval.of(qalys), net_cost=Interval.of(cost), npsv=Interval.of(each(ev.npsv)),
            probability_saves_money=float(np.mean(cost < 0)),
            acceptability=tuple((t, float(np.mean(qalys * t - cost > 0))) for t in curve),
            qaly_samples=qalys, cost_samples=cost,
        ))
    return Probabilistic(samples, seed, tuple(sampled), tuple(models), {k: values[k] for k in sampled})
