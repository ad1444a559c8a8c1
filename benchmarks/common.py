"""What every benchmark here shares: the repository, the pinned date, the environment and a copy of the example."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TODAY = "2026-11-25"
ENV = dict(os.environ, FLS_DOCS_TODAY=TODAY, NO_MKDOCS_2_WARNING="1", DISABLE_MKDOCS_2_WARNING="true",
           MPLBACKEND="Agg")
ENV.pop("FLS_DOCS_SITE_CMD", None)  # `make` exports one; each measure here names its engine itself


def copy_example(folder: Path, source: Path = ROOT) -> Path:
    """The example project of ``source`` (this repository unless given), copied into ``folder``."""
    shutil.copytree(source / "content", folder / "content")
    shutil.copy2(source / "mkdocs.yml", folder / "mkdocs.yml")
    return folder
