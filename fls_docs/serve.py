"""Live preview: serve the built site, rebuild what changed on every save, reload the browser.

The server always serves the last good build. A build that fails (a
validation error, a broken template) is reported in the terminal and in a
banner on the page, and the server keeps running.
"""

from __future__ import annotations

import datetime
import http.server
import json
import os
import threading
import time
import urllib.parse
from collections.abc import Callable
from contextlib import suppress
from pathlib import Path
from typing import Any

from fls_docs.build import BUILD_DIR, TODAY_ENV, BuildReport, RenderFailed, build
from fls_docs.diagnostics import ValidationFailed
from fls_docs.preview import LivePreview, available
from fls_docs.progress import Progress
from fls_docs.targets import SITE

STATUS_PATH = "/__fls-docs/status"
BANNER_HEADING = "The last build failed, so this page is from the last good build. Fix these problems and save:"
# Asks for the status and waits for it to change (a long poll, so a new build shows at once): reloads after a
# new build, and while the last build failed shows its problems (file:line:column, then what is wrong) in a
# banner on whatever page is open. Text, never HTML. Retries once a second while the server is away.
RELOAD_SCRIPT = """<script>(function(){var seen=null;function show(errors){var box=document.getElementById("fls-docs-error");
if(!errors.length){if(box){box.remove()}return}if(!box){box=document.createElement("div");box.id="fls-docs-error";
box.setAttribute("role","alert");box.style.cssText="position:fixed;bottom:0;left:0;right:0;z-index:9;padding:1em;"+
"background:#b3261e;color:#fff;font:14px/1.4 monospace;white-space:pre-wrap;max-height:40vh;overflow:auto";
document.body.appendChild(box)}box.textContent="";var head=document.createElement("strong");head.textContent=%s;
var list=document.createElement("ul");list.style.cssText="margin:.5em 0 0;padding-left:1.5em";
errors.forEach(function(e){var item=document.createElement("li");item.textContent=e;list.appendChild(item)});
box.appendChild(head);box.appendChild(list)}
var version=null;function poll(){fetch("%s"+(version===null?"":"?after="+version)).then(function(r){return r.json()})
.then(function(s){if(seen!==null&&s.build!==seen){location.reload();return}seen=s.build;version=s.version;
show(s.errors||[]);poll()}).catch(function(){setTimeout(poll,1000)})}poll()})();</script>""" % (
    json.dumps(BANNER_HEADING), STATUS_PATH)
WATCHED = ("content", "templates", "mkdocs.yml")
# Editors save in one or a few quick writes; a build starts once the folder has been quiet this long (seconds).
SETTLE = 0.1
LONG_POLL = 25.0  # seconds a status request waits for a new build before answering anyway


class State:
    """The number of the last good build and the problems of the last failed one, shared with the server threads."""

    def __init__(self) -> None:
        self.build = 0
        self.version = 0  # moves on with every change of the status, so a waiting page hears of each one
        self.errors: list[str] = []  # one line (or paragraph) per problem; empty after a good build
        self.busy = False  # a build is under way (the documents may follow the pages)
        self.lock = threading.Condition()

    @property
    def error(self) -> str:
        return "\n".join(self.errors)

    def shown(self, errors: list[str] | None = None, new_build: bool = True) -> None:
        """Record a good build (the browser reloads when ``new_build``) or a failed one, and wake the pages waiting."""
        with self.lock:
            if errors is None and (new_build or self.build == 0):
                self.build += 1
            self.errors = errors or []
            self.version += 1
            self.lock.notify_all()

    def working(self, busy: bool) -> None:
        with self.lock:
            self.busy = busy
            self.version += 1
            self.lock.notify_all()

    def as_json(self, after: int | None = None, wait: float = 0.0) -> bytes:
        """The status; with ``after``, waits up to ``wait`` seconds for it to move on from version ``after``."""
        with self.lock:
            if after is not None:
                self.lock.wait_for(lambda: self.version != after, timeout=wait)
            return json.dumps({"build": self.build, "version": self.version, "error": self.error,
                               "errors": self.errors, "busy": self.busy}).encode()


def rebuild(project_dir: Path, state: State, say: Callable[[str], None], jobs: int | None = None) -> BuildReport | None:
    """One incremental build; records success or the error. Returns the build's report, or None if it failed."""
    try:
        report = build(project_dir, Progress(quiet=True), jobs=jobs)
    except ValidationFailed as failed:
        failure(state, say, [d.format() for d in failed.errors])  # the warnings would bury them
    except RenderFailed as exc:
        failure(state, say, [f"Could not build {exc.target}: {exc.reason}"])
    else:
        state.shown(new_build=not report.nothing_to_do)
        rebuilt = [d.target for d in report.decisions if d.rebuild]
        say(f"rebuilt {', '.join(rebuilt)}" if rebuilt else "nothing changed")
        return report
    return None


def failure(state: State, say: Callable[[str], None], errors: list[str]) -> None:
    state.shown(errors)
    say("\n".join(errors))
    say("build failed; still serving the last good build")


def show_pages(preview: LivePreview, state: State, say: Callable[[str], None]) -> bool:
    """Put a saved change on the site page by page, ahead of the full build. Returns whether the build can go on."""
    try:
        pages = preview.show()
        if pages:
            state.shown()
            say(f"showing {', '.join(pages)}; the documents follow")
        return True
    except ValidationFailed as failed:
        failure(state, say, [d.format() for d in failed.errors])
        return False
    except Exception as exc:  # noqa: BLE001 - the full build that follows reports what is wrong, in full
        preview.site = None  # it may have stopped part-way: started again after the next good build
        say(f"showing the change page by page failed ({exc}); building everything")
        return True
    finally:
        preview.tidy()  # after the page is told to reload: removing folders can be slow


def make_handler(site: Path, state: State) -> type[http.server.SimpleHTTPRequestHandler]:
    class Handler(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, directory=str(site), **kwargs)

        def log_message(self, *args) -> None:
            pass

        def do_GET(self) -> None:  # noqa: N802 - the standard library's name
            if self.path.split("?")[0] == STATUS_PATH:
                # ?after=N waits for the status to move on from version N, so a page reloads as soon as it can.
                query = urllib.parse.parse_qs(urllib.parse.urlsplit(self.path).query)
                after = query.get("after", [""])[0]
                self._send(state.as_json(int(after) if after.isdigit() else None, LONG_POLL), "application/json")
                return
            path = Path(self.translate_path(self.path))
            if path.is_dir():
                path = path / "index.html"
            if path.suffix == ".html" and path.is_file():
                html = path.read_text(encoding="utf-8")
                html = html.replace("</body>", RELOAD_SCRIPT + "</body>", 1)
                self._send(html.encode(), "text/html; charset=utf-8")
                return
            if not path.exists() and state.errors:  # no good build yet: show why
                page = ("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Build failed</title></head>"
                        "<body><h1>The site has not been built yet</h1><p>Fix the problems below and save; "
                        "this page reloads when the build succeeds.</p>" + RELOAD_SCRIPT + "</body></html>")
                self._send(page.encode(), "text/html; charset=utf-8")
                return
            super().do_GET()

        def _send(self, body: bytes, kind: str) -> None:
            with suppress(BrokenPipeError, ConnectionResetError):  # the page was closed or reloaded meanwhile
                self.send_response(200)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(body)))
                self.send_header("Cache-Control", "no-store")
                self.end_headers()
                self.wfile.write(body)

    return Handler


def at_midnight(trigger: Callable[[], None]) -> None:
    """Build again each time the date changes: late tasks, financial years and the dates printed follow it."""
    if os.environ.get(TODAY_ENV):  # a pinned date never moves on
        return

    def wait() -> None:
        while True:
            now = datetime.datetime.now()
            tomorrow = datetime.datetime.combine(now.date() + datetime.timedelta(days=1), datetime.time())
            time.sleep((tomorrow - now).total_seconds() + 1)
            trigger()

    threading.Thread(target=wait, daemon=True).start()


def _site_rebuilt(report: BuildReport) -> bool:
    return any(d.target == SITE and d.rebuild for d in report.decisions)


def _start(preview: LivePreview, say: Callable[[str], None]) -> None:
    """(Re)start page-by-page rendering from the build just made; without it, every save rebuilds the whole site."""
    try:
        preview.start()
    except Exception as exc:  # noqa: BLE001 - a preview is a convenience: the full builds carry on without it
        preview.site = None
        say(f"pages will be rebuilt whole after each save ({exc})")


class Watcher:
    """Rebuilds after changes under the watched paths settle (editors save in several steps)."""

    def __init__(self, project_dir: Path, on_change: Callable[[], None], settle: float = SETTLE):
        self.project_dir = project_dir
        self.on_change = on_change
        self.settle = settle
        self._timer: threading.Timer | None = None
        self._lock = threading.Lock()

    def changed(self, path: str) -> None:
        relative = Path(path).resolve().relative_to(self.project_dir) if Path(path).is_absolute() else Path(path)
        if not relative.parts or relative.parts[0] not in WATCHED or relative.name.startswith((".", "~")):
            return
        with self._lock:
            if self._timer:
                self._timer.cancel()
            self._timer = threading.Timer(self.settle, self.on_change)
            self._timer.daemon = True
            self._timer.start()

    def start(self):
        from watchdog.events import FileSystemEventHandler
        from watchdog.observers import Observer

        watcher = self

        observer = Observer()
        watched: dict[str, Any] = {}  # folder name -> its watch

        def watch(name: str) -> None:
            # Only the watched folders, not the whole project: each build adds hundreds of folders under
            # build/, and watching them all keeps the watcher busy while a save waits. A folder removed and
            # made again (templates/, say) is a new folder to the system, so it is watched afresh.
            if name in watched:
                with suppress(KeyError, OSError):
                    observer.unschedule(watched.pop(name))
            folder = self.project_dir / name
            if folder.is_dir():
                watched[name] = observer.schedule(events, str(folder), recursive=True)

        class Events(FileSystemEventHandler):
            def on_any_event(self, event) -> None:
                if event.event_type in ("created", "modified", "moved", "deleted"):
                    path = getattr(event, "dest_path", "") or event.src_path
                    top = Path(path)
                    if top.parent == watcher.project_dir and top.name in WATCHED and event.event_type != "modified":
                        watch(top.name)
                    watcher.changed(path)

        events = Events()
        observer.schedule(events, str(self.project_dir), recursive=False)  # mkdocs.yml, and folders made anew
        for name in WATCHED:
            watch(name)
        observer.start()
        return observer


def serve(project_dir: Path, host: str = "127.0.0.1", port: int = 8000, jobs: int | None = None,
          say: Callable[[str], None] = print, ready: Callable[[str], None] | None = None) -> None:
    """Build, serve and keep rebuilding until interrupted."""
    project_dir = project_dir.resolve()
    state = State()
    building = threading.Lock()

    preview = LivePreview(project_dir) if available() else None

    def run() -> None:
        with building:  # one build at a time; saves during a build trigger another after it
            state.working(True)
            try:
                if preview is None or show_pages(preview, state, say):
                    report = rebuild(project_dir, state, say, jobs)
                    if preview is not None and report is not None and (preview.site is None or _site_rebuilt(report)):
                        _start(preview, say)
            finally:
                state.working(False)

    def run_soon() -> None:
        threading.Thread(target=run, daemon=True).start()

    site = project_dir / BUILD_DIR / "site"
    # Take the port before the first build, so a busy port is reported at once rather than after it.
    server = http.server.ThreadingHTTPServer((host, port), make_handler(site, state))
    # Watch before the first build: a save made while it runs builds again after it.
    observer = Watcher(project_dir, run_soon).start()
    run()
    at_midnight(run_soon)
    site.mkdir(parents=True, exist_ok=True)
    url = f"http://{host}:{server.server_address[1]}/"
    say(f"serving {url} (watching {', '.join(WATCHED)}; press Ctrl+C to stop)")
    if ready:
        ready(url)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        observer.stop()
        server.server_close()
