"""What each worker process of a pool does first: let go of the build's lock, and end when its parent does.

Pool workers are forked, so they start with a copy of everything their parent
has open, the lock on build/ included. If the parent is killed while its pool
works (serve stopped with SIGTERM, say), the workers would wait for jobs that
never come, holding their copy of the lock, and every later build of the
project would wait for them for ever.
"""

from __future__ import annotations

import os
import threading
import time
from typing import IO

_HELD: list[IO] = []  # the lock files this process holds


def holding(handle: IO) -> None:
    """Note a lock file this process holds, for its workers to close their copies of."""
    _HELD.append(handle)


def released(handle: IO) -> None:
    if handle in _HELD:
        _HELD.remove(handle)


def start_worker() -> None:
    """Close this worker's copies of its parent's lock files, and end this worker if the parent goes."""
    for handle in _HELD:
        handle.close()  # this process's copy only: the parent's lock stands until the parent lets it go
    _HELD.clear()
    parent = os.getppid()

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1.0)
        os._exit(1)  # the parent is gone: nobody is left to hand out or collect work

    threading.Thread(target=watch, daemon=True).start()
