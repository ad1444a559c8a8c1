"""Tasks as people know them: by id and title in messages, and the id they most likely meant.

Messages name a task the way the plan shows it, ``task 2.3 "Agree the data to
collect"``, rather than by its place in the file (``phases[1].tasks[2]``).

The "did you mean" for a task id that does not exist follows one rule:

1. A reference made of numbers joined by dots, such as "3.12", is compared with
   the task ids of the same shape *as numbers*. Ids with the same leading
   numbers (the same phase, "3.") come first; among them the one whose last
   number is nearest is suggested, the lower one on a tie. So "3.12", when
   3.1, 3.2 and 3.11 exist, suggests "3.11", never "3.1" (which merely looks
   alike). When no id shares the leading numbers, the nearest leading numbers
   are used, then the nearest last number. The hint also lists the ids of
   that phase, so the reader sees what exists.
2. Any other reference is compared by spelling (difflib, as for field names),
   first with the ids of the phase block the reference is written in, then
   with every id.
"""

from __future__ import annotations

import difflib
import re
from typing import Any

from fls_docs.diagnostics import format_path

_NUMBERED = re.compile(r"^\d+(\.\d+)*$")
_LONGEST_TITLE = 50  # a long title would push the problem itself off the line
_LISTED = 10  # ids listed in a hint before the list is shortened


def task_name(task: Any) -> str:
    """``task 2.3 "Agree the data to collect"``; just ``task 2.3`` without a usable title."""
    tid = task.get("id") if isinstance(task, dict) else None
    if isinstance(tid, bool) or not isinstance(tid, (str, int, float)):
        return ""
    title = task.get("title")
    if not isinstance(title, str) or not title.strip():
        return f"task {tid}"
    title = " ".join(title.split())
    if len(title) > _LONGEST_TITLE:
        title = title[:_LONGEST_TITLE].rsplit(" ", 1)[0].rstrip() + "…"  # at a word's end
    return f'task {tid} "{title}"'


def _task_at(data: Any, path: tuple) -> Any:
    """The task block at ``("phases", i, "tasks", j)``, or None."""
    if len(path) < 4 or path[0] != "phases" or path[2] != "tasks" or not all(isinstance(i, int) for i in (path[1], path[3])):
        return None
    phases = data.get("phases") if isinstance(data, dict) else None
    phase = phases[path[1]] if isinstance(phases, list) and path[1] < len(phases) else None
    tasks = phase.get("tasks") if isinstance(phase, dict) else None
    return tasks[path[3]] if isinstance(tasks, list) and path[3] < len(tasks) else None


def field_name(data: Any, path: tuple) -> str:
    """A field as a message names it: ``task 2.3 "Agree the data", due`` inside a plan's task, else ``team[0].id``."""
    name = task_name(_task_at(data, path))
    if not name:
        return format_path(path)
    rest = format_path(path[4:])
    return f"{name}, {rest}" if rest else name


def _numbers(tid: str) -> tuple[int, ...]:
    return tuple(int(part) for part in tid.split("."))


def _listed(ids: list[str]) -> str:
    shown = sorted(ids, key=_numbers)
    if len(shown) > _LISTED:
        return f"{shown[0]} to {shown[-1]} ({len(shown)} tasks)"
    return shown[0] if len(shown) == 1 else ", ".join(shown[:-1]) + " and " + shown[-1]


def _nearest_number(ref: str, ids: list[str]) -> str:
    want = _numbers(ref)
    shaped = [tid for tid in ids if _NUMBERED.match(tid) and len(_numbers(tid)) == len(want)]
    if not shaped:
        return ""

    def distance(tid: str) -> tuple:
        have = _numbers(tid)
        lead = tuple(abs(a - b) for a, b in zip(have[:-1], want[:-1]))
        return lead, abs(have[-1] - want[-1]), have  # same phase first, then the nearest number, then the lower
    best = min(shaped, key=distance)
    phase = [tid for tid in shaped if _numbers(tid)[:-1] == _numbers(best)[:-1]]
    hint = f'did you mean "{best}"?'
    if len(want) > 1:
        prefix = best.rsplit(".", 1)[0]
        hint += f' The task ids starting "{prefix}." are {_listed(phase)}'
    return hint


def suggest_task_id(ref: Any, ids: list[str], nearby: list[str] | None = None) -> str:
    """A "did you mean" for a task id that does not exist, by the rule in this module's docstring; "" if none fits.

    ``nearby`` holds the ids of the phase block the reference is written in, tried first for spellings.
    """
    ref = str(ref)
    if _NUMBERED.match(ref) and (hint := _nearest_number(ref, ids)):
        return hint
    for options in (nearby or [], ids):
        found = difflib.get_close_matches(ref, options, n=1, cutoff=0.6)
        if found:
            return f'did you mean "{found[0]}"?'
    return ""
