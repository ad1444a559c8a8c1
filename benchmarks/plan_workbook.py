"""Time writing the plan workbook for a large plan.

    .venv/bin/python benchmarks/plan_workbook.py [--tasks 2000] [--repeat 5]

Makes a copy of the example project whose plan.yaml holds TASKS tasks (the
example's tasks repeated under new ids), then times validating and loading the
project, the calculators, and writing improvement-project-plan.xlsx.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import tempfile
import time
from datetime import date
from pathlib import Path

import yaml

from fls_docs.calc.results import calculate
from fls_docs.model.validate import load_project
from fls_docs.render.context import build_info, make_context
from fls_docs.render.plan_workbook import write_plan_workbook

ROOT = Path(__file__).resolve().parent.parent


def make_project(target: Path, tasks: int) -> Path:
    shutil.copytree(ROOT / "content", target / "content")
    plan_path = target / "content" / "plan.yaml"
    plan = yaml.safe_load(plan_path.read_text(encoding="utf-8"))
    template = [(block["phase"], task) for block in plan["phases"] for task in block["tasks"]]
    blocks = {block["phase"]: block for block in plan["phases"]}
    for block in blocks.values():
        block["tasks"] = []
        block.pop("outcomes", None)
    for n in range(tasks):
        phase, task = template[n % len(template)]
        copy = {k: v for k, v in task.items() if k not in ("depends_on",)}
        copy["id"] = task["id"] if n < len(template) else f"{task['id']}.{n}"
        blocks[phase]["tasks"].append(copy)
    plan_path.write_text(yaml.safe_dump(plan, sort_keys=False), encoding="utf-8")
    return target


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tasks", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        root = make_project(Path(folder), args.tasks)
        start = time.perf_counter()
        project, _ = load_project(root)
        loaded = time.perf_counter() - start
        assert len(project.plan.tasks) == args.tasks
        start = time.perf_counter()
        results = calculate(project, date(2026, 11, 25))
        calculated = time.perf_counter() - start
        context = make_context(project, results, build_info(date(2026, 11, 25)))
        times = []
        for _ in range(args.repeat):
            start = time.perf_counter()
            write_plan_workbook(context, Path(folder) / "plan.xlsx")
            times.append(time.perf_counter() - start)
        size = (Path(folder) / "plan.xlsx").stat().st_size
    print(f"machine: {platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}")
    print(f"{args.tasks:,} tasks: validate and load {loaded:.2f} s, calculators {calculated:.2f} s")
    print(f"write improvement-project-plan.xlsx: median {statistics.median(times):.2f} s, "
          f"worst {max(times):.2f} s over {args.repeat} runs ({size / 1024:.0f} KB)")


if __name__ == "__main__":
    main()
