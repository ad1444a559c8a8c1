"""Live preview: serve the built site, rebuild what changed on every save, reload the browser.

The server always serves the last good build. A build that fails (a
validation error, a broken template) is reported in the terminal and in a
banner on the page, and the server keeps running.
"""

from __future__ import annotations

import http.server
import json
import threading
from collections.abc import Callable
from pathlib import Path

from fls_docs.build import BUILD_DIR, RenderFailed, build
from fls_docs.diagnostics import ValidationFailed
from fls_docs.progress import Progress

STATUS_PATH = "/__fls-docs/status"
BANNER_HEADING = "The last build failed, so this page is from the last good build. Fix these problems and save:"
# Polls the status once a second: reloads after a new build, and while the last build failed shows its
# problems (file:line:column, then what is wrong) in a banner on whatever page is open. Text, never HTML.
RELOAD_SCRIPT = """<script>(function(){var seen=null;function show(errors){var box=document.getElementById("fls-docs-error");
if(!errors.length){if(box){box.remove()}return}if(!box){box=document.createElement("div");box.id="fls-docs-error";
box.setAttribute("role","alert");box.style.cssText="position:fixed;bottom:0;left:0;right:0;z-index:9;padding:1em;"+
"background:#b3261e;color:#fff;font:14px/1.4 monospace;white-space:pre-wrap;max-height:40vh;overflow:auto";
document.body.appendChild(box)}box.textContent="";var head=document.createElement("strong");head.textContent=%s;
var list=document.createElement("ul");list.style.cssText="margin:.5em 0 0;padding-left:1.5em";
errors.forEach(function(e){var item=document.createElement("li");item.textContent=e;list.appendChild(item)});
box.appendChild(head);box.appendChild(list)}
function poll(){fetch("%s").then(function(r){return r.json()}).then(function(s){if(seen!==null&&s.build!==seen){location.reload();return}
seen=s.build;show(s.errors||[])}).catch(function(){}).then(function(){setTimeout(poll,1000)})}poll()})();</script>""" % (
    json.dumps(BANNER_HEADING), STATUS_PATH)
WATCHED = ("content", "templates", "mkdocs.yml")


class State:
    """The number of the last good build and the problems of the last failed one, shared with the server threads."""

    def __init__(self) -> None:
        self.build = 0
        self.errors: list[str] = []  # one line (or paragraph) per problem; empty after a good build
        self.lock = threading.Lock()

    @property
    def error(self) -> str:
        return "\n".join(self.errors)

    def as_json(self) -> bytes:
        with self.lock:
            return json.dumps({"build": self.build, "error": self.error, "errors": self.errors}).encode()


def rebuild(project_dir: Path, state: State, say: Callable[[str], None], jobs: int | None = None) -> bool:
    """One incremental build; records success or the error. Returns whether it succeeded."""
    try:
        report = build(project_dir, Progress(quiet=True), jobs=jobs)
    except ValidationFailed as failed:
        errors = [d.format() for d in failed.errors]  # the warnings would bury them
    except RenderFailed as exc:
        errors = [f"Could not build {exc.target}: {exc.reason}"]
    else:
        with state.lock:
            if not report.nothing_to_do or state.build == 0:
                state.build += 1
            state.errors = []
        rebuilt = [d.target for d in report.decisions if d.rebuild]
        say(f"rebuilt {', '.join(rebuilt)}" if rebuilt else "nothing changed")
        return True
    with state.lock:
        state.errors = errors
    say("\n".join(errors))
    say("build failed; still serving the last good build")
    return False


def make_handler(site: Path, state: State) -> type[http.server.SimpleHTTPRequestHandler]:
    class Handler(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, directory=str(site), **kwargs)

        def log_message(self, *args) -> None:
            pass

        def do_GET(self) -> None:  # noqa: N802 - the standard library's name
            if self.path.split("?")[0] == STATUS_PATH:
                self._send(state.as_json(), "application/json")
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
            self.send_response(200)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            self.wfile.write(body)

    return Handler


class Watcher:
    """Rebuilds after changes under the watched paths settle (editors save in several steps)."""

    def __init__(self, project_dir: Path, on_change: Callable[[], None], settle: float = 0.3):
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

        class Events(FileSystemEventHandler):
            def on_any_event(self, event) -> None:
                if event.event_type in ("created", "modified", "moved", "deleted"):
                    watcher.changed(getattr(event, "dest_path", "") or event.src_path)

        observer = Observer()
        observer.schedule(Events(), str(self.project_dir), recursive=True)
        observer.start()
        return observer


def serve(project_dir: Path, host: str = "127.0.0.1", port: int = 8000, jobs: int | None = None,
          say: Callable[[str], None] = print, ready: Callable[[str], None] | None = None) -> None:
    """Build, serve and keep rebuilding until interrupted."""
    project_dir = project_dir.resolve()
    state = State()
    building = threading.Lock()

    def run() -> None:
        with building:  # one build at a time; saves during a build trigger another after it
            rebuild(project_dir, state, say, jobs)

    site = project_dir / BUILD_DIR / "site"
    # Take the port before the first build, so a busy port is reported at once rather than after it.
    server = http.server.ThreadingHTTPServer((host, port), make_handler(site, state))
    run()
    site.mkdir(parents=True, exist_ok=True)
    url = f"http://{host}:{server.server_address[1]}/"
    observer = Watcher(project_dir, lambda: threading.Thread(target=run, daemon=True).start()).start()
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
