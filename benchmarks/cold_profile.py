"""Where a cold build's CPU goes: by stage, by output, by process, and what each library costs to import.

    .venv/bin/python benchmarks/cold_profile.py [--repeat N] [--no-imports] [--against DIR]

A copy of the example project is built cold in a fresh process (`fls-docs build --quiet`, as
benchmarks/build_speed.py runs it). Inside that process the build's steps are wrapped, not changed:

* the main process's stages (planning, calculating, the context, the site's pages, waiting for the
  site engine) are timed with the process's own CPU clock;
* every job, in a pool worker or in the main process (build.py draws the matplotlib charts there), is
  timed where it runs, with the CPU of any program it ran (Graphviz's `dot`) and the heavy libraries
  it was first to import in its process;
* the site engine's CPU is read from the operating system's account of the finished child.

The whole build's CPU (every process, as build_speed.py counts it) is the operating system's account
of the child, so the parts can be checked against the whole. Import costs are measured each in a new
interpreter. `--against DIR` alternates cold builds by this tree and by another copy of the source
(workers are forked, so the wrappers reach them: Linux and other systems where fork is the default).
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import ENV, ROOT, copy_example  # noqa: E402

# Libraries a worker may import; a job that imports one first pays for it.
HEAVY = ("numpy", "matplotlib", "PIL", "docx", "docxtpl", "openpyxl", "pptx", "graphviz", "jinja2", "lxml",
         "icalendar", "scipy", "pandas")
IMPORTS = {  # what each costs in a new interpreter, as the build imports it
    "fls_docs.cli (start-up)": "import fls_docs.cli",
    "fls_docs.model.validate": "import fls_docs.model.validate",
    "fls_docs.calc.results": "import fls_docs.calc.results",
    "numpy": "import numpy",
    "matplotlib (Figure + Agg)": "import matplotlib.figure, matplotlib.backends.backend_agg",
    "docxtpl": "import docxtpl",
    "openpyxl": "import openpyxl",
    "pptx": "import pptx",
    "graphviz": "import graphviz",
    "jinja2": "import jinja2",
    "mkdocs (commands.build)": "import mkdocs.commands.build",
}


def _cpu_self() -> float:
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def _cpu_children() -> float:
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


# ---------------------------------------------------------------- inside the build process

LOG: Path | None = None


def _log(record: dict[str, Any]) -> None:
    assert LOG is not None
    with LOG.open("a", encoding="utf-8") as f:  # one line a write: workers append side by side
        f.write(json.dumps(record) + "\n")


def _label(args: tuple) -> str:
    for a in args:
        if hasattr(a, "name") and hasattr(a, "kind"):  # a Target
            return a.name
        if isinstance(a, str):
            return a
        if isinstance(a, (list, tuple)) and a:
            return "+".join(_label((x,)) for x in a)
    return "?"


class _Timed:
    """A pool job, timed in the worker that runs it. Picklable by reference: workers are forked from this module."""

    def __init__(self, fn: Any):
        self.fn = fn

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        before = set(m.split(".")[0] for m in sys.modules)
        cpu, children, wall = _cpu_self(), _cpu_children(), time.perf_counter()
        try:
            return self.fn(*args, **kwargs)
        finally:
            new = sorted({m.split(".")[0] for m in sys.modules} - before)
            _log({"kind": "job", "pid": os.getpid(), "label": _label(args), "fn": getattr(self.fn, "__name__", "?"),
                  "cpu": _cpu_self() - cpu, "programs": _cpu_children() - children,
                  "wall": time.perf_counter() - wall, "imported": [m for m in new if m in HEAVY],
                  "process_cpu": _cpu_self() + _cpu_children()})


def _stage(module: Any, name: str, stage: str, children: bool = False) -> None:
    """Time ``module.name`` in the main process as ``stage`` (with its finished children's CPU if asked)."""
    fn = getattr(module, name, None)
    if fn is None:
        return

    @functools.wraps(fn)
    def timed(*args: Any, **kwargs: Any) -> Any:
        cpu, kids = _cpu_self(), _cpu_children()
        try:
            return fn(*args, **kwargs)
        finally:
            _log({"kind": "stage", "stage": stage, "cpu": _cpu_self() - cpu,
                  "children": (_cpu_children() - kids) if children else 0.0})

    setattr(module, name, timed)


def child(project: Path, log: Path) -> None:
    """Run one cold build here, with its steps timed."""
    global LOG
    LOG = log
    started = _cpu_self()
    import concurrent.futures

    import fls_docs.build as build
    import fls_docs.calc.results as results
    import fls_docs.render.charts as charts
    import fls_docs.render.context as context
    import fls_docs.render.site as site
    from fls_docs import cli

    _log({"kind": "stage", "stage": "start-up and imports of the build's modules", "cpu": _cpu_self() - started,
          "children": 0.0})

    class TimedPool(concurrent.futures.ProcessPoolExecutor):
        def submit(self, fn, /, *args, **kwargs):  # type: ignore[override]
            return super().submit(_Timed(fn), *args, **kwargs)

    build.ProcessPoolExecutor = TimedPool  # type: ignore[misc]
    build._Inline.submit = (lambda submit: lambda self, fn, /, *a, **k: submit(self, _Timed(fn), *a, **k))(
        build._Inline.submit)
    _stage(build, "plan_build", "plan: load, validate, hash")
    _stage(results, "calculate", "calculate (in _prepare)")
    _stage(context, "make_context", "context (in _prepare)")
    _stage(charts, "describe_all", "describe charts (in _prepare)")
    _stage(site, "render_pages", "site pages (Markdown)")
    _stage(site, "start_site_build", "site: start the engine")
    _stage(build, "_render", "render: send jobs and wait (workers reaped here)", children=True)
    _stage(build, "settle_all", "Office files settled (time stamps set to the build date)")
    _stage(build, "_finish_site", "site: wait for the engine, check links, link files", children=True)
    _stage(build, "_build_and_commit", "whole build and commit", children=True)
    try:
        cli.main(["build", "--quiet", str(project)], standalone_mode=False)
    finally:
        _log({"kind": "end", "pid": os.getpid(), "cpu": _cpu_self() - started, "children": _cpu_children()})


# ---------------------------------------------------------------- the report

def run_once(tmp: Path, n: int, source: Path = ROOT) -> tuple[float, float, list[dict[str, Any]]]:
    """One cold build in a fresh process, by the fls_docs in ``source``: its whole CPU (every process), wall time and log."""
    project = copy_example(tmp / f"example-{n}", source)
    log = tmp / f"log-{n}.jsonl"
    before = _cpu_children()
    wall = time.perf_counter()
    env = dict(ENV, PYTHONPATH=str(source))  # ahead of the installed (editable) fls_docs
    done = subprocess.run([sys.executable, __file__, "--child", str(project), str(log)], env=env, cwd=project,
                          capture_output=True, text=True)
    wall = time.perf_counter() - wall
    if done.returncode:
        raise SystemExit(f"the build failed:\n{done.stdout}\n{done.stderr}")
    records = [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()]
    return _cpu_children() - before, wall, records


def import_costs() -> list[tuple[str, float]]:
    rows = []
    for name, statement in IMPORTS.items():
        code = f"import resource as r;u=r.getrusage(r.RUSAGE_SELF);{statement};v=r.getrusage(r.RUSAGE_SELF);" \
               "print(v.ru_utime+v.ru_stime-u.ru_utime-u.ru_stime)"
        done = subprocess.run([sys.executable, "-c", code], env=ENV, capture_output=True, text=True)
        rows.append((name, float(done.stdout) if done.returncode == 0 else float("nan")))
    bare = subprocess.run([sys.executable, "-c", "import resource as r;v=r.getrusage(r.RUSAGE_SELF);"
                           "print(v.ru_utime+v.ru_stime)"], env=ENV, capture_output=True, text=True)
    rows.insert(0, ("bare interpreter start", float(bare.stdout)))
    return rows


def report(total: float, wall: float, records: list[dict[str, Any]]) -> list[str]:
    out = [f"whole cold build: {total:.2f} s CPU (every process), {wall:.2f} s wall", "", "main process, by stage:"]
    stages: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0])
    for r in records:
        if r["kind"] == "stage":
            stages[r["stage"]][0] += r["cpu"]
            stages[r["stage"]][1] += r["children"]
    for name, (cpu, kids) in stages.items():
        out.append(f"  {cpu:6.2f} s  {name}" + (f"  (+ {kids:.2f} s in finished children)" if kids else ""))
    end = next((r for r in records if r["kind"] == "end"), None)
    if end:
        out.append(f"  {end['cpu']:6.2f} s  main process in all (children: {end['children']:.2f} s)")
    jobs = [r for r in records if r["kind"] == "job"]
    by_pid: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for r in jobs:
        by_pid[r["pid"]].append(r)
    out += ["", "jobs, by CPU (the job and any program it ran; * = first to import these in its process):"]
    for r in sorted(jobs, key=lambda r: -(r["cpu"] + r["programs"])):
        imported = f"  * {', '.join(r['imported'])}" if r["imported"] else ""
        programs = f" (of which {r['programs']:.2f} s in dot)" if r["programs"] > 0.005 else ""
        out.append(f"  {r['cpu'] + r['programs']:6.2f} s  {r['label']}{programs}  [pid {r['pid']}]{imported}")
    out += ["", "jobs by process:"]
    for pid, rs in by_pid.items():
        work = sum(r["cpu"] + r["programs"] for r in rs)
        last = max(r["process_cpu"] for r in rs)
        who = "main process" if end and pid == end["pid"] else "worker"
        out.append(f"  pid {pid} ({who}): {len(rs)} jobs, {work:.2f} s in jobs, {last:.2f} s in the process by its last job")
    kinds: dict[str, float] = defaultdict(float)
    for r in jobs:
        label = r["label"]
        kind = ("maps (Graphviz)" if label.endswith(".svg") or any(m in label for m in ("map", "pathway", "journey"))
                else "SPC charts" if "indicator" in label and label.startswith("charts/") or label.startswith("indicator_")
                else "other charts" if label.startswith("charts/") or "/" not in label and not label.endswith(".json")
                else "Word documents" if label.endswith(".docx") else "other outputs")
        kinds[kind] += r["cpu"] + r["programs"]
    out += ["", "pool jobs by kind:"] + [f"  {v:6.2f} s  {k}" for k, v in sorted(kinds.items(), key=lambda kv: -kv[1])]
    return out


def compare(other: Path, repeat: int) -> None:
    """Cold builds by this tree and by ``other``, alternated (this, other, other, this, ...) so drift falls on both."""
    cpu: dict[str, list[float]] = {"this tree": [], str(other): []}
    with tempfile.TemporaryDirectory() as folder:
        for n in range(repeat):
            order = [(ROOT, "this tree"), (other, str(other))]
            for source, name in order if n % 2 == 0 else order[::-1]:
                total, _, _ = run_once(Path(folder), len(cpu["this tree"]) * 2 + len(cpu[str(other)]), source)
                cpu[name].append(total)
    for name, values in cpu.items():
        print(f"{name}: {', '.join(f'{v:.2f}' for v in values)} s; median {statistics.median(values):.2f} s")
    print(f"this tree / other: {statistics.median(cpu['this tree']) / statistics.median(cpu[str(other)]):.2f}")


def main() -> None:
    if len(sys.argv) == 4 and sys.argv[1] == "--child":
        child(Path(sys.argv[2]), Path(sys.argv[3]))
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=1, help="Cold builds to profile; each is reported.")
    parser.add_argument("--no-imports", action="store_true", help="Skip measuring import costs.")
    parser.add_argument("--against", type=Path, metavar="DIR",
                        help="Another copy of the source (say `git archive HEAD fls_docs templates schemas content "
                             "mkdocs.yml` unpacked in DIR): alternate cold builds by each and compare their CPU.")
    args = parser.parse_args()
    print(f"load average at the start: {os.getloadavg()[0]:.1f} (1 min) on {os.cpu_count()} cores")
    if args.against:
        compare(args.against.resolve(), args.repeat)
        return
    with tempfile.TemporaryDirectory() as folder:
        totals = []
        for n in range(args.repeat):
            total, wall, records = run_once(Path(folder), n)
            totals.append(total)
            print(f"\n=== cold build {n + 1} ===")
            print("\n".join(report(total, wall, records)))
    if len(totals) > 1:
        print(f"\nwhole cold build CPU, each run: {', '.join(f'{t:.2f}' for t in totals)} s; "
              f"median {sorted(totals)[len(totals) // 2]:.2f} s")
    if not args.no_imports:
        print("\nimport costs, each in a new interpreter (CPU seconds, including interpreter start):")
        for name, cpu in import_costs():
            print(f"  {cpu:6.2f} s  {name}")


if __name__ == "__main__":
    main()
