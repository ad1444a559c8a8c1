"""Time fls-docs builds against the tools underneath and against their peers, and record the results.

    .venv/bin/python benchmarks/build_speed.py [--repeat 5] [--projects 140] [--goals-only] [--no-record]

Two parts, each written between its own markers in benchmarks/results.md:

* Builds: the median wall time of fresh `fls-docs` processes, as a user runs
  them (cold, no-op and one-edit rebuilds; the large synthetic project).
* Goals (issue 16): each measure against its peer in the same run. Pairs are
  run alternately (A then B, then B then A, ...) so that drift on a busy
  machine falls on both; each figure is a median, and each ratio the median of
  the pairs' ratios. Time is the CPU of whole processes: the process and every
  process it waited for (worker pools, the site engine, pandoc), read from
  the operating system's accounts of finished child processes.

The peer pipeline needs pandoc (`pip install -e '.[bench]'`, which brings
pypandoc-binary); the Zensical figure needs Zensical (`pip install -e '.[zensical]'`).
A figure that cannot be measured here is reported as such, never guessed.
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import resource
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import ENV, ROOT, copy_example  # noqa: E402
from make_large_project import make  # noqa: E402
from make_programme import make_programme  # noqa: E402
from serve_edit import STATUS_EDIT, toggle  # noqa: E402
from serve_edit import measure as measure_serve  # noqa: E402

RESULTS = ROOT / "benchmarks" / "results.md"
FLS_DOCS = [sys.executable, "-m", "fls_docs"]
# The goals of issue 16.
EDIT_GOAL = 0.5  # seconds from saving a task's status to the page showing it
COLD_GOAL = 1.5  # a cold build's CPU against the peer pipeline's
PROGRAMME_GOAL = 600.0  # seconds for a programme of 140 projects: "well under 10 minutes"
DOCUMENTS = ("project-initiation-document", "service-specification", "business-case")


@dataclass(frozen=True)
class Sample:
    cpu: float  # seconds of CPU, the process and its children
    wall: float


def measured(command: list[str], cwd: Path | None = None, env: dict[str, str] | None = None) -> Sample:
    """Run ``command`` to the end; its CPU (with every child it waited for) and its wall time."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(command, cwd=cwd, env=env or ENV, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    if done.returncode:
        raise SystemExit(f"{' '.join(command)} failed ({done.returncode}):\n{done.stderr[-3000:]}")
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return Sample(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime, wall)


def timed(command: list[str], cwd: Path | None = None) -> float:
    return measured(command, cwd).wall


def median(fn, repeat: int) -> float:
    return statistics.median(fn() for _ in range(repeat))


@dataclass(frozen=True)
class Pairs:
    """Alternated runs of two measures: A's and B's samples, in pairs."""

    a: list[Sample]
    b: list[Sample]

    def cpu(self, side: str) -> float:
        return statistics.median(s.cpu for s in getattr(self, side))

    def wall(self, side: str) -> float:
        return statistics.median(s.wall for s in getattr(self, side))

    @property
    def ratio(self) -> float:
        """The median of A's CPU over B's, pair by pair."""
        return statistics.median(a.cpu / b.cpu for a, b in zip(self.a, self.b, strict=True))


def paired(first: Callable[[], Sample], second: Callable[[], Sample], repeat: int) -> Pairs:
    a, b = [], []
    for i in range(repeat):
        if i % 2 == 0:
            a.append(first())
            b.append(second())
        else:
            b.append(second())
            a.append(first())
    return Pairs(a, b)


def installed(module: str) -> bool:
    import importlib.util

    return importlib.util.find_spec(module) is not None


def pandoc() -> str | None:
    try:
        import pypandoc

        return pypandoc.get_pandoc_path()
    except (ImportError, OSError):
        return shutil.which("pandoc")


def machine() -> dict[str, str]:
    model = ""
    try:
        model = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                      if line.startswith("model name")), "")
    except OSError:
        pass
    try:
        cores = subprocess.run(["nproc"], capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        cores = str(os.cpu_count())
    return {"nproc": cores, "cpu": model or platform.processor() or platform.machine(),
            "python": platform.python_version(), "system": f"{platform.system()} {platform.release()}"}


def load() -> str:
    one, five, _ = os.getloadavg()
    return f"{one:.1f} (1 min), {five:.1f} (5 min)"


BUSY_NOTE = ("\n\n**The machine was busy while these were measured** (a load average above its number of cores): "
             "other work is in every figure, wall times most of all. They show that the measures run; measure "
             "again on a quiet machine before judging any goal.")


def busy() -> bool:
    """More processes waiting for the CPU than it has cores: other work is in the figures."""
    return os.getloadavg()[0] > (os.cpu_count() or 1)


def replace_section(text: str, name: str, section: str) -> str:
    start, end = f"<!-- {name}:start -->", f"<!-- {name}:end -->"
    body = f"{start}\n{section}\n{end}"
    if start in text:
        return re.sub(re.escape(start) + ".*" + re.escape(end), lambda _: body, text, flags=re.S)
    return text.rstrip("\n") + "\n\n" + body + "\n"


# ---------------------------------------------------------------- builds, as before

def measure_builds(tmp: Path, repeat: int) -> tuple[str, list[str]]:
    rows: list[tuple[str, float]] = []
    example = copy_example(tmp / "builds")

    def cold() -> float:
        shutil.rmtree(example / "build", ignore_errors=True)
        return timed([*FLS_DOCS, "build", "--quiet", str(example)])

    rows.append(("Cold `fls-docs build` of the example project", cold_time := median(cold, repeat)))
    config = plain_config(example / "build" / "site-src", tmp / "builds-plain-site", tmp / "builds-plain.yml")
    mkdocs_time = median(lambda: timed([sys.executable, "-m", "mkdocs", "build", "--quiet", "--config-file", str(config)]),
                         repeat)
    rows.append(("Plain `mkdocs build` of the same site", mkdocs_time))
    noop = median(lambda: timed([*FLS_DOCS, "build", "--quiet", str(example)]), max(repeat, 5))
    rows.append(("No-op rebuild (nothing changed)", noop))
    plan = example / "content" / "plan.yaml"

    def one_status() -> float:
        toggle(plan, *STATUS_EDIT)
        return timed([*FLS_DOCS, "build", "--quiet", str(example)])

    rows.append(("Rebuild after one task's status changed", median(one_status, repeat)))
    calculator = example / "content" / "calculator.yaml"

    def one_cost() -> float:
        toggle(calculator, "dxa_cost: 72", "dxa_cost: 73")
        return timed([*FLS_DOCS, "build", "--quiet", str(example)])

    rows.append(("Rebuild after one cost changed in calculator.yaml", median(one_cost, repeat)))

    large = make(tmp / "large")
    rows.append(("Validate the large project (2,000 tasks, 200 stakeholders, 36 months)",
                 median(lambda: timed([*FLS_DOCS, "validate", str(large)]), repeat)))

    def large_cold() -> float:
        shutil.rmtree(large / "build", ignore_errors=True)
        return timed([*FLS_DOCS, "build", "--quiet", str(large)])

    rows.append(("Cold build of the large project", median(large_cold, repeat)))
    rows.append(("No-op rebuild of the large project", median(lambda: timed([*FLS_DOCS, "build", "--quiet", str(large)]),
                                                              repeat)))
    # Scaling: each size once, to see that the cost grows in step with the plan.
    for tasks in (1000, 4000):
        sized = make(tmp / f"size-{tasks}", tasks=tasks, stakeholders=tasks // 10)
        rows.append((f"Validate, {tasks:,} tasks and {tasks // 10} stakeholders", timed([*FLS_DOCS, "validate", str(sized)])))
        rows.append((f"Cold build, {tasks:,} tasks and {tasks // 10} stakeholders",
                     timed([*FLS_DOCS, "build", "--quiet", str(sized)])))

    width = max(len(r[0]) for r in rows)
    printed = [f"{name.ljust(width)}  {seconds:6.2f} s" for name, seconds in rows]
    printed.append(f"cold build / plain mkdocs build: {cold_time / mkdocs_time:.2f}; no-op / cold: {noop / cold_time:.2f}")
    table = "\n".join(f"| {name} | {seconds:.2f} s |" for name, seconds in rows)
    section = (f"## Builds (`benchmarks/build_speed.py`)\n\n"
               f"Measured with `.venv/bin/python benchmarks/build_speed.py --repeat {repeat}` on {describe(machine())}; "
               f"each figure is the median wall time of fresh processes.\n\n| What | Time |\n|------|-----:|\n{table}\n\n"
               f"Cold build against plain MkDocs: {cold_time / mkdocs_time:.2f} times. "
               f"No-op rebuild against cold build: {noop / cold_time:.2f}.")
    return section, printed


def describe(m: dict[str, str]) -> str:
    return f"{m['cpu']}, {m['nproc']} cores (nproc), Python {m['python']}, {m['system']}"


def plain_config(docs_dir: Path, site_dir: Path, out: Path) -> Path:
    """A site configuration as the build writes one: the project's mkdocs.yml, the pages, our stylesheet and search shim.

    Paths are relative to the file, which both engines accept.
    """
    here = out.parent
    out.write_text(f"INHERIT: {os.path.relpath(ROOT / 'mkdocs.yml', here)}\n"
                   f"docs_dir: {os.path.relpath(docs_dir, here)}\nsite_dir: {os.path.relpath(site_dir, here)}\n"
                   "extra_css: [assets/stylesheets/fls.css]\n"
                   "extra:\n  generator: false\n  polyfills: [assets/javascripts/iframe-worker-shim.js]\n", encoding="utf-8")
    return out


# ---------------------------------------------------------------- the goals of issue 16

@dataclass
class Goal:
    name: str
    figure: str  # what was measured, in words
    goal: str
    met: bool | None  # None: not measured here
    note: str = ""


def engine(name: str, config: Path, site: Path) -> Callable[[], Sample]:
    """A clean build of the site by ``name`` (mkdocs or zensical), as the build runs it."""
    def run() -> Sample:
        shutil.rmtree(site, ignore_errors=True)
        shutil.rmtree(config.parent / ".cache", ignore_errors=True)  # Zensical's: every build here starts cold
        return measured([sys.executable, "-m", name, "build", "--strict", "--config-file", str(config)])
    return run


def measure_goals(tmp: Path, repeat: int, projects: int) -> list[Goal]:
    goals: list[Goal] = []
    example = copy_example(tmp / "goals")
    build = [*FLS_DOCS, "build", "--quiet", str(example)]
    measured(build)  # a whole build to start from

    # The peers' inputs, made once from our own outputs: the three documents as Markdown, and the site's pages.
    peer = tmp / "peer"
    shutil.copytree(example / "build" / "site-src", peer / "site-src", symlinks=False)
    config = plain_config(peer / "site-src", peer / "mkdocs-site", peer / "mkdocs.yml")
    zensical_config = plain_config(peer / "site-src", peer / "zensical-site", peer / "zensical.yml")
    mkdocs = engine("mkdocs", config, peer / "mkdocs-site")

    # 1. Edit to preview: a task's status saved while `fls-docs serve` runs, timed as a served page sees it.
    saves = measure_serve(example, max(3 * repeat, 5), ENV)
    shown = [s.shown for s in saves]
    goals.append(Goal("Edit to preview (one task's status, through `fls-docs serve`)",
                      f"{statistics.median(shown):.2f} s (median of {len(saves)} saves; worst {max(shown):.2f} s); "
                      f"the documents follow after {statistics.median(s.done for s in saves):.1f} s",
                      f"at most {EDIT_GOAL} s", statistics.median(shown) <= EDIT_GOAL,
                      "from writing the file to the answer that makes an open page reload, which comes once the "
                      "pages that show the change are rendered and in build/; the documents, workbooks and charts "
                      "are rebuilt after it"))

    # 2. A cold build against the peer pipeline: pandoc for the three documents, plain MkDocs for the site.
    tool = pandoc()
    if tool:
        for name in DOCUMENTS:
            subprocess.run([tool, str(example / "build" / "docs" / f"{name}.docx"), "-t", "gfm", "-o",
                            str(peer / f"{name}.md"), f"--extract-media={peer / 'media'}"], check=True, cwd=peer)
        script = " && ".join([*(shlex.join([tool, f"{name}.md", "-o", f"{name}.docx"]) for name in DOCUMENTS),
                              shlex.join([sys.executable, "-m", "mkdocs", "build", "--quiet", "--config-file", "mkdocs.yml"])])

        def peers() -> Sample:
            shutil.rmtree(peer / "mkdocs-site", ignore_errors=True)
            return measured(["sh", "-c", script], cwd=peer)

        def cold() -> Sample:
            shutil.rmtree(example / "build", ignore_errors=True)
            return measured(build)

        pairs = paired(cold, peers, repeat)
        goals.append(Goal("Cold build against the peer pipeline (CPU)", compared(pairs), f"at most {COLD_GOAL} times",
                          pairs.ratio <= COLD_GOAL,
                          "peers: pandoc converting the three documents from Markdown, then a plain `mkdocs build`"))
    else:
        goals.append(Goal("Cold build against the peer pipeline (CPU)", "not measured: pandoc is not installed "
                          "(`pip install -e '.[bench]'`)", f"at most {COLD_GOAL} times", None))

    # 3. Zensical against MkDocs, the same pages and configuration.
    if installed("zensical"):
        engines = paired(engine("zensical", zensical_config, peer / "zensical-site"), mkdocs, repeat)
        goals.append(Goal("Zensical against MkDocs (CPU, the same site)", compared(engines),
                          "none set: below 1 means Zensical is faster", None))
    else:
        goals.append(Goal("Zensical against MkDocs (CPU, the same site)",
                          "not measured: Zensical is not installed (`pip install -e '.[zensical]'`)", "none set", None))

    # 4. A programme of N projects, built cold by one command, then again with nothing changed.
    programme = make_programme(tmp / "programme", projects)
    first = measured([*FLS_DOCS, "programme", str(programme)])
    again = measured([*FLS_DOCS, "programme", str(programme)])
    goals.append(Goal(f"Programme of {projects} projects, cold (`fls-docs programme`)",
                      f"{first.wall:.0f} s ({first.wall / 60:.1f} minutes; {first.cpu:.0f} s of CPU); "
                      f"with nothing changed {again.wall:.1f} s",
                      "well under 10 minutes for 140", first.wall < PROGRAMME_GOAL if projects >= 140 else None,
                      "" if projects >= 140 else f"only {projects} projects: run with --projects 140 to judge the goal"))
    return goals


def compared(pairs: Pairs) -> str:
    """A ratio of CPU in words, with both sides' CPU and wall time."""
    return (f"{pairs.ratio:.2f} times ({pairs.cpu('a'):.2f} s against {pairs.cpu('b'):.2f} s of CPU; "
            f"wall {pairs.wall('a'):.2f} s against {pairs.wall('b'):.2f} s)")


def verdict(goal: Goal) -> str:
    return "not judged" if goal.met is None else ("met" if goal.met else "not met")


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def goals_section(goals: list[Goal], repeat: int, projects: int, m: dict[str, str], loads: tuple[str, str],
                  was_busy: bool) -> str:
    rows = "\n".join(f"| {g.name} | {g.figure} | {g.goal} | {verdict(g).capitalize()} |" for g in goals)
    notes = "\n".join(f"- {g.name}: {g.note}." for g in goals if g.note)
    if was_busy:
        notes += BUSY_NOTE
    # Which goals are met, in so many words.
    met = [_lower_first(g.name) for g in goals if g.met]
    missed = [_lower_first(g.name) for g in goals if g.met is False]
    notes += "\n\n" + " ".join(part for part in (
        f"Met: {'; '.join(met)}." if met else "No goal is met.",
        f"Not met: {'; '.join(missed)}." if missed else "") if part)
    return (f"## Against the goals of issue 16 (`benchmarks/build_speed.py`)\n\n"
            f"Measured with `.venv/bin/python benchmarks/build_speed.py --repeat {repeat} --projects {projects}` on "
            f"{describe(m)}. Load average {loads[0]} at the start and {loads[1]} at the end. Each pair of measures was "
            "run alternately, each figure is a median, and each ratio the median of the pairs' ratios; time is the CPU "
            "of whole processes, with every process they started.\n\n"
            f"| What | Measured | Goal | |\n|------|----------|------|--|\n{rows}\n\n{notes}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5, help="Runs of each measure (pairs for the goals).")
    parser.add_argument("--projects", type=int, default=140, help="Projects in the synthetic programme.")
    parser.add_argument("--goals-only", action="store_true", help="Measure only the goals, not the build table.")
    parser.add_argument("--no-record", action="store_true", help="Print only; leave benchmarks/results.md as it is.")
    args = parser.parse_args()
    m, started, was_busy = machine(), load(), busy()
    print(f"machine: {describe(m)}; load average {started}")
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        builds = None if args.goals_only else measure_builds(tmp, args.repeat)
        goals = measure_goals(tmp, args.repeat, args.projects)
    # Judged at the start only: by the end the load is the programme build's own, which uses every core.
    for line in builds[1] if builds else []:
        print(line)
    for g in goals:
        print(f"{g.name}: {g.figure}; goal {g.goal}: {verdict(g)}")
    if was_busy:
        print("The machine was busy (load average above its cores): measure again on a quiet machine.")
    if args.no_record:
        return
    text = RESULTS.read_text(encoding="utf-8") if RESULTS.is_file() else "# Benchmark results\n"
    if builds:
        text = replace_section(text, "build-speed", builds[0] + (BUSY_NOTE if was_busy else ""))
    text = replace_section(text, "build-goals", goals_section(goals, args.repeat, args.projects, m, (started, load()), was_busy))
    RESULTS.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
