"""The pathway and patient-journey maps: each step in order, with the share of patients lost at each drop-out.

A drop-out that names a step of the care cascade takes its share from the
calculator's cascade: usual care's for the pathway today and the journey, the
preferred staffing model's for the pathway with the service. Each cascade
share is of the patients who reached the step before, so the share lost is one
less the step's share, and the share of all fracture patients lost there is that
times every earlier step's share. A drop-out from a local audit carries its own
share of the patients reaching that point, and its source.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from fls_docs.calc.benefits import STEPS
from fls_docs.calc.run import Option, scalar
from fls_docs.model.project import CareMap, CareStep, Missing, Pathways

# Which arm of the care cascade each map's drop-outs come from.
MAP_ARMS = {"current": "usual_care", "future": "fls", "journey": "usual_care"}
MAP_TITLES = {"current": "The pathway today", "future": "The pathway with the service", "journey": "The patient journey"}


@dataclass(frozen=True)
class Loss:
    """Patients lost at one drop-out point."""

    reason: str
    share: float  # of the patients who reach this point
    of_all: float | None  # of every patient with a fragility fracture; None for an audit figure
    per_year: float | None  # patients a year; None for an audit figure
    source: str  # where the share comes from, in words
    cascade: str = ""  # the care cascade step, or "" for an audit figure


@dataclass(frozen=True)
class MappedStep:
    number: int  # 1, 2, ... in the order given
    step: CareStep
    follows: tuple[str, ...]  # ids of the steps that come next
    loss: Loss | None = None


@dataclass(frozen=True)
class PathwayMap:
    key: str  # current, future or journey
    title: str
    summary: str
    arm: str  # the care cascade arm its drop-outs use
    steps: tuple[MappedStep, ...]
    placeholder: Missing | None = None  # set when the content does not give this map yet

    @property
    def losses(self) -> tuple[MappedStep, ...]:
        return tuple(s for s in self.steps if s.loss is not None)


@dataclass(frozen=True)
class PathwayResults:
    current: PathwayMap
    future: PathwayMap
    journey: PathwayMap

    @property
    def maps(self) -> tuple[PathwayMap, ...]:
        return (self.current, self.future, self.journey)


def cascade_loss(shares: Mapping[str, float], step: str) -> tuple[float, float]:
    """(share lost of those reaching ``step``, share of all fracture patients lost there)."""
    before = 1.0
    for earlier in STEPS[:STEPS.index(step)]:
        before *= float(shares[earlier])
    lost = 1.0 - float(shares[step])
    return lost, before * lost


def _loss(step: CareStep, shares: Mapping[str, float], caseload: float, source: str) -> Loss | None:
    drop = step.drop_out
    if drop is None:
        return None
    if drop.cascade:
        lost, of_all = cascade_loss(shares, drop.cascade)
        return Loss(drop.reason, lost, of_all, of_all * caseload, source, drop.cascade)
    return Loss(drop.reason, float(drop.share or 0.0), None, None, drop.source)


def map_pathway(key: str, care_map: CareMap | Missing, shares: Mapping[str, float], caseload: float,
                source: str) -> PathwayMap:
    """One map's steps in order, each with what follows it and what is lost there."""
    if isinstance(care_map, Missing):
        return PathwayMap(key, MAP_TITLES[key], "", MAP_ARMS[key], (), care_map)
    steps = care_map.steps
    mapped = tuple(MappedStep(
        number, step,
        step.next or ((steps[number].id,) if number < len(steps) else ()),
        _loss(step, shares, caseload, source),
    ) for number, step in enumerate(steps, start=1))
    return PathwayMap(key, care_map.title or MAP_TITLES[key], care_map.summary, MAP_ARMS[key], mapped)


def map_pathways(pathways: Pathways | None, shares: Mapping[str, Mapping[str, float]], caseload: float,
                 sources: Mapping[str, str]) -> PathwayResults:
    """Every map. ``shares`` and ``sources`` are by cascade arm (usual_care, fls); ``caseload`` is fractures a year."""
    given = pathways or Pathways(Missing(MAP_TITLES["current"]), Missing(MAP_TITLES["future"]),
                                 Missing(MAP_TITLES["journey"]))
    return PathwayResults(*(map_pathway(key, getattr(given, key), shares[MAP_ARMS[key]], caseload, sources[MAP_ARMS[key]])
                            for key in MAP_ARMS))


def pathway_results(pathways: Pathways | None, option: Option, caseload: float) -> PathwayResults:
    """Every map, with drop-outs from ``option``'s cascade (usual care, and the service run as that staffing model)."""
    shares = {arm: {step: scalar(v) for step, v in steps.items()} for arm, steps in option.shares.items()}
    sources = {"usual_care": "care cascade, usual care",
               "fls": f"care cascade, {option.model.model.name[0].lower() + option.model.model.name[1:]}"}
    return map_pathways(pathways, shares, caseload, sources)
