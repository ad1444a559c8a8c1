"""fls-docs serve shows a saved change page by page, and after any series of saves build/ is a clean build."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import REPO, TODAY, copy_project, edit, run

RELOAD_MARK = "/__fls-docs/status"
TASK = "due: 2027-01-22\n        status: not started"  # task 3.5, shown on the plan page


class Served:
    """`fls-docs serve` in its own process: its URL, everything it said, and its status."""

    def __init__(self, root: Path, before_ready: Callable[[], None] = lambda: None):
        env = dict(os.environ, FLS_DOCS_TODAY=TODAY)
        self.process = subprocess.Popen([sys.executable, "-m", "fls_docs", "serve", "--port", "0", str(root)],
                                        stderr=subprocess.PIPE, text=True, env=env)
        before_ready()
        self.said: list[str] = []
        self.url = ""
        for line in self.process.stderr:
            self.said.append(line)
            if line.startswith("serving "):
                self.url = line.split()[1]
                break
        assert self.url, "".join(self.said)
        # Keep reading, so the pipe never fills and blocks the server.
        threading.Thread(target=lambda: self.said.extend(self.process.stderr), daemon=True).start()

    def get(self, path: str) -> bytes:
        with urllib.request.urlopen(self.url + path, timeout=40) as response:  # noqa: S310 - a local test server
            return response.read()

    def status(self, after: int | None = None) -> dict:
        return json.loads(self.get("__fls-docs/status" + (f"?after={after}" if after is not None else "")))

    def settled(self, saved_at: int) -> dict:
        """Wait until the builds after a save (status version ``saved_at``) have finished."""
        status = self.status()
        while True:
            # The watcher waits a moment for the save to settle: wait for its build to begin, then to end,
            # then a little longer in case the editor's save set off a second build.
            while status["version"] == saved_at or status["busy"]:
                status = self.status(status["version"])
            time.sleep(0.5)
            again = self.status()
            if again["version"] == status["version"]:
                return status
            status = again

    def shown_after(self, save: Callable[[], None]) -> dict:
        """Save once the server is idle, and return the status as soon as the build number moves on."""
        start = self.settled(-1)
        save()
        status = self.status(start["version"])
        while status["build"] == start["build"]:
            status = self.status(status["version"])
        return status

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=20)


@pytest.fixture()
def served(tmp_path: Path):
    root = copy_project(tmp_path / "served")
    server = Served(root)
    try:
        yield root, server
    finally:
        server.stop()


def _files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _save(server: Served, path: Path, old: str, new: str) -> dict:
    before = server.settled(-1)["version"]
    edit(path, old, new)
    return server.settled(before)


def test_after_a_series_of_saves_the_served_site_is_a_clean_build(served, tmp_path: Path) -> None:
    root, server = served
    content = root / "content"
    # A task's status (page by page), a risk in the brief (pages and the PID), a cost (figures on several
    # pages), a save that breaks the plan and the one that mends it, a new task (a longer plan page) and
    # a change back.
    _save(server, content / "plan.yaml", TASK, TASK.replace("not started", "on track"))
    assert "On track" in server.get("project/plan.html").decode().split("Estimate the staff and capacity")[1][:400]
    _save(server, content / "calculator.yaml", "dxa_cost: 72", "dxa_cost: 81")
    broken = _save(server, content / "plan.yaml", "due: 2027-01-29", "due: 2027-13-45")
    assert broken["errors"] and "content/plan.yaml" in broken["errors"][0]
    mended = _save(server, content / "plan.yaml", "due: 2027-13-45", "due: 2027-01-29")
    assert mended["errors"] == []
    _save(server, content / "plan.yaml", '      - id: "3.6"\n',
          '      - id: "3.7"\n        title: Share the baseline with the reference group\n        lead: analyst\n'
          '        start: 2027-01-04\n        due: 2027-01-15\n        status: not started\n      - id: "3.6"\n')
    _save(server, content / "plan.yaml", TASK.replace("not started", "on track"), TASK)

    # The page-by-page route was taken, not only whole builds.
    assert any(line.startswith("showing ") and "project/plan.md" in line for line in server.said), "".join(server.said)
    served_site, served_docs = _files(root / "build" / "site"), _files(root / "build" / "docs")

    clean = tmp_path / "clean"
    shutil.copytree(content, clean / "content")
    shutil.copy(root / "mkdocs.yml", clean / "mkdocs.yml")
    assert run("build", "--quiet", clean).exit_code == 0
    clean_site, clean_docs = _files(clean / "build" / "site"), _files(clean / "build" / "docs")

    assert served_site.keys() == clean_site.keys()
    assert [name for name in clean_site if served_site[name] != clean_site[name]] == []
    assert served_docs.keys() == clean_docs.keys()
    assert [name for name in clean_docs if served_docs[name] != clean_docs[name]] == []
    # What the server sends is the built page, with only the reload script added.
    page = server.get("project/plan.html").decode()
    assert RELOAD_MARK in page
    assert page.split("<script>(function(){var seen")[0] == clean_site["project/plan.html"].decode().split("</body>")[0]


def test_a_page_shows_the_saved_change_before_the_documents_are_rebuilt(served) -> None:
    root, server = served
    # The first status change after the save is the pages' own build: the site shows the change while the
    # documents are still being made.
    status = server.shown_after(lambda: edit(root / "content" / "plan.yaml", TASK, TASK.replace("not started", "on track")))
    assert status["busy"], "the documents should still be building when the page is shown"
    plan_page = server.get("project/plan.html").decode()
    assert "On track" in plan_page.split("Estimate the staff and capacity")[1][:400]
    final = server.settled(status["version"])
    assert final["build"] == status["build"] + 1  # and the browser reloads once more for the new documents


def test_a_broken_page_template_is_reported_and_its_repair_clears_it(served) -> None:
    root, server = served
    override = root / "templates" / "site" / "project" / "plan.md.j2"
    override.parent.mkdir(parents=True)
    shipped = (REPO / "templates" / "site" / "project" / "plan.md.j2").read_text(encoding="utf-8")
    before = server.settled(-1)["version"]
    override.write_text(shipped.replace("# ", "# {{ nothing.at.all }} ", 1), encoding="utf-8")
    broken = server.settled(before)
    assert broken["errors"] and "nothing" in broken["errors"][0] and "template" in broken["errors"][0]
    before = broken["version"]
    override.write_text(shipped.replace("# ", "# Our ", 1), encoding="utf-8")
    mended = server.settled(before)
    assert mended["errors"] == []
    assert "Our " in server.get("project/plan.html").decode()


def test_templates_made_again_after_being_removed_are_still_watched(served) -> None:
    root, server = served
    shipped = (REPO / "templates" / "site" / "project" / "plan.md.j2").read_text(encoding="utf-8")
    override = root / "templates" / "site" / "project" / "plan.md.j2"

    def write(heading: str) -> None:
        before = server.settled(-1)["version"]
        override.parent.mkdir(parents=True, exist_ok=True)
        override.write_text(shipped.replace("# ", f"# {heading} ", 1), encoding="utf-8")
        server.settled(before)

    write("First")
    before = server.settled(-1)["version"]
    shutil.rmtree(root / "templates")
    server.settled(before)
    write("Second")
    write("Third")
    assert "Third " in server.get("project/plan.html").decode()


def test_a_save_during_the_first_build_is_built_after_it(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "early")
    # Saved a second into the first build, before the server says it is serving.
    server = Served(root, before_ready=lambda: (time.sleep(1), edit(root / "content" / "plan.yaml", TASK,
                                                                   TASK.replace("not started", "on track"))))
    try:
        server.settled(-1)
        assert "On track" in server.get("project/plan.html").decode().split("Estimate the staff and capacity")[1][:400]
    finally:
        server.stop()


def test_a_server_killed_while_its_documents_build_leaves_nothing_holding_the_project(served) -> None:
    root, server = served
    server.shown_after(lambda: edit(root / "content" / "plan.yaml", TASK, TASK.replace("not started", "on track")))
    time.sleep(0.3)  # the documents are being built by the pool's workers
    server.process.send_signal(signal.SIGKILL)
    server.process.wait(timeout=10)
    # A new build of the project must not wait for workers the killed server left behind.
    result = subprocess.run([sys.executable, "-m", "fls_docs", "build", "--quiet", str(root)], capture_output=True,
                            text=True, timeout=120, env=dict(os.environ, FLS_DOCS_TODAY=TODAY))
    assert result.returncode == 0, result.stderr
