"""Time the probabilistic sensitivity analysis on the example project.

    .venv/bin/python benchmarks/psa.py [--samples 10000] [--repeat 20]

Prints the median and worst time of the probabilistic run alone (the inputs are
gathered once), and of the whole `calculate` with the probabilistic run.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import time
from datetime import date
from pathlib import Path

from fls_docs.calc.results import calculate
from fls_docs.calc.sensitivity import probabilistic
from fls_docs.model.validate import load_project

ROOT = Path(__file__).resolve().parent.parent


def _times(fn, repeat: int) -> list[float]:
    out = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        out.append(time.perf_counter() - start)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--samples", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()

    project, _ = load_project(ROOT)
    results = calculate(project, date(2026, 11, 25))
    psa = _times(lambda: probabilistic(results.params, results.setting, args.samples), args.repeat)
    whole = _times(lambda: calculate(project, date(2026, 11, 25), samples=args.samples), args.repeat)
    print(f"machine: {platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}")
    print(f"probabilistic run, {args.samples:,} samples, {len(results.setting.models)} staffing models: "
          f"median {statistics.median(psa) * 1000:.1f} ms, worst {max(psa) * 1000:.1f} ms over {args.repeat} runs")
    print(f"all calculators with the probabilistic run: "
          f"median {statistics.median(whole) * 1000:.1f} ms, worst {max(whole) * 1000:.1f} ms")


if __name__ == "__main__":
    main()
