"""Which static site builder makes the site (MkDocs or Zensical), how it is run, and how to read what it says.

Both read the same generated configuration and take the same arguments
(``build --strict --config-file FILE``); they differ in how they report
problems and in what they check. Kept free of heavy imports: a build that has
nothing to do still asks which engine is in use.
"""

from __future__ import annotations

import os
import re
import shlex
import sys
from pathlib import Path

from fls_docs.diagnostics import UserError

SITE_CMD_ENV = "FLS_DOCS_SITE_CMD"  # the whole command, e.g. "/path/to/python -m zensical"
SITE_ENGINE_ENV = "FLS_DOCS_SITE_ENGINE"  # or just the engine's name, run with this Python
ENGINES = ("mkdocs", "zensical")
# What CI tests; newer releases need a package (zensical-ui) that the package index does not have.
ZENSICAL_PIN = "zensical==0.0.73"


def _named_engine() -> str:
    name = os.environ.get(SITE_ENGINE_ENV, "").strip().lower() or "mkdocs"
    if name not in ENGINES:
        raise UserError(f"{SITE_ENGINE_ENV}={name!r} is not a site engine fls-docs knows",
                        hint="use " + " or ".join(ENGINES))
    return name


def site_command() -> list[str]:
    """The command that builds the site: FLS_DOCS_SITE_CMD if set, else the named engine run by this Python."""
    custom = os.environ.get(SITE_CMD_ENV, "").strip()
    return shlex.split(custom) if custom else [sys.executable, "-m", _named_engine()]


def site_engine() -> str:
    """"zensical" when the site command runs Zensical, else "mkdocs" (any other command is taken to behave as MkDocs)."""
    custom = os.environ.get(SITE_CMD_ENV, "").strip()
    if not custom:
        return _named_engine()
    words = [Path(w).stem.lower() for w in shlex.split(custom)]
    return "zensical" if "zensical" in words else "mkdocs"


def site_build_args(config: Path) -> list[str]:
    """The full command line for a clean, strict build with ``config``.

    Not --quiet: in MkDocs 1.6 --quiet drops the warnings that --strict counts, so a broken link would pass.
    """
    return [*site_command(), "build", "--strict", "--config-file", str(config)]


def checks_file_links() -> bool:
    """Whether the engine itself fails a strict build on a link to a missing image or download.

    MkDocs does; Zensical 0.0.x checks links to pages and their headings but not to other files,
    so fls-docs checks those in the built site itself (fls_docs/render/site_links.py).
    """
    return site_engine() == "mkdocs"


_ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")
# MkDocs: "WARNING -  Doc file 'x.md' contains a link ..."
_MKDOCS = re.compile(r"^\s*(WARNING|ERROR)\b\s*[-:]?\s*(.*)$")
# Zensical: "Warning: page does not exist", then a box whose top line names "[ project/plan.md:127:15 ]".
_ZENSICAL = re.compile(r"^\s*(Warning|Error):\s*(.*)$")
_ZENSICAL_PLACE = re.compile(r"\[\s*([^\s\]]+:\d+:\d+)\s*\]")
_MISSING = re.compile(r"No module named '?(mkdocs|zensical)'?")


def engine_problems(output: str) -> list[str]:
    """Each warning or error the site builder printed, one line each, with its page, line and column where given."""
    lines = _ANSI.sub("", output).splitlines()
    found = []
    for i, line in enumerate(lines):
        if m := _MKDOCS.match(line):
            found.append(m[2])
        elif m := _ZENSICAL.match(line):
            place = next((p[1] for p in map(_ZENSICAL_PLACE.search, lines[i + 1:i + 3]) if p), "")
            found.append(f"{place}: {m[2]}" if place else m[2])
    return found


def engine_failure(returncode: int, output: str) -> str:
    """Why the builder stopped when it named no warning: not installed, or its own last words without a traceback."""
    text = _ANSI.sub("", output).strip()
    if missing := _MISSING.search(text):
        extra = "zensical" if missing[1] == "zensical" else ""
        how = f"pip install 'fls-docs[{extra}]'" if extra else "pip install fls-docs"
        return f"the site builder {missing[1]} is not installed in this Python environment (install it with: {how})"
    if "Traceback (most recent call last)" in text:
        before, _, after = text.partition("Traceback (most recent call last)")
        text = "\n".join(filter(None, [before.strip(), after.strip().splitlines()[-1]]))
    return text or f"the site builder stopped with exit status {returncode}"
