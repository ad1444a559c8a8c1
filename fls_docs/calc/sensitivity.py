"""How sure the results are: one-way sensitivity and probabilistic sensitivity analysis."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from fls_docs.calc.parameters import BETA, GAMMA, LOGNORMAL, Parameter, Parameters
from fls_docs.calc.run import Setting, run

# A parameter's low and high values are read as the ends of a 95% interval.
Z95 = 1.959964


@dataclass(frozen=True)
class Swing:
    """One bar of a tornado chart: the results with one input at its low and at its high value."""

    param: Parameter
    npv: tuple[float, float]  # at low, at high
    prevented: tuple[float, float]

    @property
    def width(self) -> float:
        return abs(self.npv[1] - self.npv[0])


def _outcome(values: dict[str, Any], setting: Setting, model_id: str) -> tuple[float, float]:
    option = run(values, setting).option(model_id)
    return float(option.appraisal.npv), float(option.flows.total_prevented())


def one_way(params: Parameters, setting: Setting, model_id: str) -> tuple[Swing, ...]:
    """Each uncertain input moved to its low and then its high value, the rest held; widest swing in net present value first."""
    base = params.numbers()
    swings = []
    for p in params.values():
        if not p.uncertain:
            continue
        low = _outcome({**base, p.key: p.low}, setting, model_id)
        high = _outcome({**base, p.key: p.high}, setting, model_id)
        swings.append(Swing(p, (low[0], high[0]), (low[1], high[1])))
    return tuple(sorted(swings, key=lambda s: (-s.width, s.param.key)))


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
    npv: Interval
    probability_saves_money: float  # share of samples with a positive net present value


@dataclass(frozen=True)
class Probabilistic:
    samples: int
    seed: int
    sampled: tuple[str, ...]  # keys of the inputs drawn at random
    models: tuple[ModelUncertainty, ...]


def probabilistic(params: Parameters, setting: Setting, samples: int, seed: int = 20261125) -> Probabilistic:
    """Monte Carlo over every uncertain input at once, all samples in one vectorised run.

    Each input is drawn independently. The same seed gives the same results.
    """
    rng = np.random.default_rng(seed)
    values: dict[str, Any] = params.numbers()
    sampled = []
    for p in params.values():
        if p.uncertain and p.distribution:
            values[p.key] = draw(p, samples, rng)
            sampled.append(p.key)
    result = run(values, setting)
    models = []
    for option in result.options:
        npv = np.broadcast_to(option.appraisal.npv, (samples,))
        models.append(ModelUncertainty(
            option.model.model.id,
            prevented=Interval.of(np.broadcast_to(option.flows.total_prevented(), (samples,))),
            hip_prevented=Interval.of(np.broadcast_to(option.flows.total_prevented("hip"), (samples,))),
            npv=Interval.of(npv),
            probability_saves_money=float(np.mean(npv > 0)),
        ))
    return Probabilistic(samples, seed, tuple(sampled), tuple(models))
