"""Build progress: one updating line on a terminal, plain lines in CI or a pipe, nothing when quiet.

``transient`` progress (a build's default) is only the updating line, erased when the build ends so that
the build's one-line summary is all that stays; in CI or a pipe it prints nothing.
"""

from __future__ import annotations

import sys
import threading
from typing import TextIO


class Progress:
    def __init__(self, stream: TextIO | None = None, quiet: bool = False, tty: bool | None = None, transient: bool = False):
        self.stream = stream or sys.stderr
        self.tty = self.stream.isatty() if tty is None else tty
        self.quiet = quiet or (transient and not self.tty)
        self.transient = transient
        self.total = 0
        self.done = 0
        self._lock = threading.Lock()  # targets finish on worker threads' callbacks

    def plan(self, total: int) -> None:
        self.total, self.done = total, 0

    def finished(self, target: str) -> None:
        with self._lock:
            self.done += 1
            if self.quiet:
                return
            text = f"[{self.done}/{self.total}] {target}"
            if self.tty:
                end = "\n" if self.done == self.total else ""
                if self.transient and self.done == self.total:
                    text, end = "", ""  # erase the line: the summary follows
                self.stream.write("\r\033[K" + text + end)
            else:
                self.stream.write(text + "\n")
            self.stream.flush()

    def close(self) -> None:
        """Erase a transient line left showing, as when a build stops part way, so messages start on a clean line."""
        with self._lock:
            if self.transient and self.tty and not self.quiet and 0 < self.done < self.total:
                self.stream.write("\r\033[K")
                self.stream.flush()

    def note(self, text: str) -> None:
        if self.quiet:
            return
        with self._lock:
            prefix = "\r\033[K" if self.tty else ""
            self.stream.write(prefix + text + "\n")
            self.stream.flush()
