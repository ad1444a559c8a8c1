"""Time fls-docs builds against the tools underneath, and record the results.

    .venv/bin/python benchmarks/build_speed.py [--repeat 3]

Each figure is the median wall time of fresh `fls-docs` processes, as a user
would run them. Prints a table and rewrites the build-speed section of
benchmarks/results.md.
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from make_large_project import make  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results.md"
FLS_DOCS = [sys.executable, "-m", "fls_docs"]
ENV = dict(os.environ, FLS_DOCS_TODAY="2026-11-25", NO_MKDOCS_2_WARNING="1")


def timed(command: list[str], cwd: Path | None = None) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=True, cwd=cwd, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def median(fn, repeat: int) -> float:
    return statistics.median(fn() for _ in range(repeat))


def copy_example(folder: Path) -> Path:
    shutil.copytree(ROOT / "content", folder / "content")
    shutil.copy(ROOT / "mkdocs.yml", folder / "mkdocs.yml")
    return folder


def toggle(path: Path, a: str, b: str) -> None:
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace(a, b, 1) if a in text else text.replace(b, a, 1), encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    rows: list[tuple[str, float]] = []
    with tempfile.TemporaryDirectory() as tmp:
        example = copy_example(Path(tmp) / "example")

        def cold() -> float:
            shutil.rmtree(example / "build", ignore_errors=True)
            return timed([*FLS_DOCS, "build", "--quiet", str(example)])

        rows.append(("Cold `fls-docs build` of the example project", cold_time := median(cold, args.repeat)))
        # The same site by MkDocs alone: the pages fls-docs wrote, built by a plain `mkdocs build`.
        config = Path(tmp) / "mkdocs.plain.yml"
        config.write_text(f"INHERIT: {example / 'mkdocs.yml'}\ndocs_dir: {example / 'build' / 'site-src'}\n"
                          f"site_dir: {Path(tmp) / 'plain-site'}\nextra_css: [assets/stylesheets/fls.css]\n"
                          "extra:\n  polyfills: [assets/javascripts/iframe-worker-shim.js]\n", encoding="utf-8")
        mkdocs_time = median(lambda: timed([sys.executable, "-m", "mkdocs", "build", "--quiet", "--config-file", str(config)]),
                             args.repeat)
        rows.append(("Plain `mkdocs build` of the same site", mkdocs_time))
        noop = median(lambda: timed([*FLS_DOCS, "build", "--quiet", str(example)]), max(args.repeat, 5))
        rows.append(("No-op rebuild (nothing changed)", noop))
        plan = example / "content" / "plan.yaml"

        def one_status() -> float:
            toggle(plan, "        status: not started", "        status: on track")
            return timed([*FLS_DOCS, "build", "--quiet", str(example)])

        rows.append(("Rebuild after one task's status changed", median(one_status, args.repeat)))
        calculator = example / "content" / "calculator.yaml"

        def one_cost() -> float:
            toggle(calculator, "dxa_cost: 72", "dxa_cost: 73")
            return timed([*FLS_DOCS, "build", "--quiet", str(example)])

        rows.append(("Rebuild after one cost changed in calculator.yaml", median(one_cost, args.repeat)))

        large = make(Path(tmp) / "large")
        rows.append(("Validate the large project (2,000 tasks, 200 stakeholders, 36 months)",
                     median(lambda: timed([*FLS_DOCS, "validate", str(large)]), args.repeat)))

        def large_cold() -> float:
            shutil.rmtree(large / "build", ignore_errors=True)
            return timed([*FLS_DOCS, "build", "--quiet", str(large)])

        rows.append(("Cold build of the large project", median(large_cold, args.repeat)))
        rows.append(("No-op rebuild of the large project", median(lambda: timed([*FLS_DOCS, "build", "--quiet", str(large)]),
                                                                  args.repeat)))

        # Scaling: each size once, to see that the cost grows in step with the plan.
        for tasks in (1000, 4000):
            sized = make(Path(tmp) / f"size-{tasks}", tasks=tasks, stakeholders=tasks // 10)
            rows.append((f"Validate, {tasks:,} tasks and {tasks // 10} stakeholders", timed([*FLS_DOCS, "validate", str(sized)])))
            rows.append((f"Cold build, {tasks:,} tasks and {tasks // 10} stakeholders",
                         timed([*FLS_DOCS, "build", "--quiet", str(sized)])))

    width = max(len(r[0]) for r in rows)
    machine = f"{platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}"
    print(f"machine: {machine}")
    for name, seconds in rows:
        print(f"{name.ljust(width)}  {seconds:6.2f} s")
    print(f"cold build / plain mkdocs build: {cold_time / mkdocs_time:.2f}; no-op / cold: {noop / cold_time:.2f}")

    table = "\n".join(f"| {name} | {seconds:.2f} s |" for name, seconds in rows)
    section = (f"<!-- build-speed:start -->\n## Builds (`benchmarks/build_speed.py`)\n\n"
               f"Measured with `.venv/bin/python benchmarks/build_speed.py --repeat {args.repeat}` on {machine}; "
               f"each figure is the median wall time of fresh processes.\n\n| What | Time |\n|------|-----:|\n{table}\n\n"
               f"Cold build against plain MkDocs: {cold_time / mkdocs_time:.2f} times. "
               f"No-op rebuild against cold build: {noop / cold_time:.2f}.\n<!-- build-speed:end -->")
    text = RESULTS.read_text(encoding="utf-8") if RESULTS.is_file() else "# Benchmark results\n"
    if "<!-- build-speed:start -->" in text:
        text = re.sub(r"<!-- build-speed:start -->.*<!-- build-speed:end -->", lambda _: section, text, flags=re.S)
    else:
        text = text.rstrip("\n") + "\n\n" + section + "\n"
    RESULTS.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
