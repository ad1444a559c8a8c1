"""Edit to preview: how long after a save `fls-docs serve` shows the change, measured as a browser sees it.

    .venv/bin/python benchmarks/serve_edit.py [--edits 10] [PROJECT]

Starts `fls-docs serve` on a copy of the example (or on PROJECT), then saves
the same task's status back and forth. For each save it times, from the moment
the file is written, the answer to the status request a served page keeps open
(`/__fls-docs/status?after=N`): the page reloads as soon as the build number
moves on. It also times how long until the documents are rebuilt too.
build_speed.py uses it for the goal of issue 16.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import ENV, copy_example  # noqa: E402

# Task 3.5 of the example, shown on the plan page: saved as "on track", then back to "not started".
STATUS_EDIT = ("due: 2027-01-22\n        status: not started", "due: 2027-01-22\n        status: on track")


@dataclass(frozen=True)
class Save:
    shown: float  # seconds from writing the file to the page being told to reload
    done: float  # seconds until the documents were rebuilt as well


class Server:
    """`fls-docs serve` in its own process, and the status a served page asks for."""

    def __init__(self, project: Path, env: dict[str, str]):
        self.process = subprocess.Popen([sys.executable, "-m", "fls_docs", "serve", "--port", "0", str(project)],
                                        stderr=subprocess.PIPE, text=True, env=env)
        self.url = ""
        for line in self.process.stderr:
            if line.startswith("serving "):
                self.url = line.split()[1]
                break
        if not self.url:
            raise SystemExit("fls-docs serve did not start")
        threading.Thread(target=self.process.stderr.read, daemon=True).start()  # keep the pipe from filling

    def status(self, after: int | None = None) -> dict:
        query = "" if after is None else f"?after={after}"
        with urllib.request.urlopen(f"{self.url}__fls-docs/status{query}", timeout=60) as response:  # noqa: S310
            return json.loads(response.read())

    def idle(self) -> dict:
        status = self.status()
        while status["busy"]:
            status = self.status(status["version"])
        return status

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=30)


def toggle(path: Path, a: str, b: str) -> None:
    text = path.read_text(encoding="utf-8")
    if a not in text and b not in text:
        raise SystemExit(f"benchmark edit not possible: neither {a!r} nor {b!r} is in {path}")
    path.write_text(text.replace(a, b, 1) if a in text else text.replace(b, a, 1), encoding="utf-8")


def measure(project: Path, edits: int, env: dict[str, str]) -> list[Save]:
    """Save the status ``edits`` times, each once the last save's builds have finished."""
    server = Server(project, env)
    saves = []
    try:
        server.idle()
        for _ in range(edits):
            time.sleep(0.5)  # as between two saves by hand
            before = server.idle()
            start = time.perf_counter()
            toggle(project / "content" / "plan.yaml", *STATUS_EDIT)
            status = server.status(before["version"])
            while status["build"] == before["build"] and not status["errors"]:
                status = server.status(status["version"])
            if status["errors"]:
                raise SystemExit("the edit failed to build: " + status["errors"][0])
            shown = time.perf_counter() - start
            server.idle()
            saves.append(Save(shown, time.perf_counter() - start))
    finally:
        server.stop()
    return saves


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--edits", type=int, default=10)
    parser.add_argument("project", nargs="?", type=Path, help="A built project to edit (default: a copy of the example).")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        project = args.project or copy_example(Path(folder) / "example")
        saves = measure(project, args.edits, ENV)
    shown = [s.shown for s in saves]
    print(f"edit to preview: median {statistics.median(shown):.3f} s, worst {max(shown):.3f} s over {len(saves)} saves; "
          f"documents rebuilt too after a median {statistics.median(s.done for s in saves):.2f} s")


if __name__ == "__main__":
    main()
