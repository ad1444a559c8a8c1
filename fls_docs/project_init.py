"""Create a new project repository from the worked example."""

from __future__ import annotations

import shutil
from pathlib import Path

from fls_docs.diagnostics import UserError

from fls_docs.paths import (
    EXAMPLE_CONTENT_DIR,
    EXAMPLE_MKDOCS,
    SCHEMAS_DIR,
    SKELETON_DIR,
)


class ProjectExists(UserError):
    """The target folder already holds files that init would overwrite."""


def create_project(directory: Path) -> list[Path]:
    """Copy the example content, schemas, mkdocs.yml and a Makefile into ``directory``.

    Refuses to touch a folder that already has any of those files, so a
    team's own content is never overwritten.
    """
    sources = {
        "content": EXAMPLE_CONTENT_DIR,
        "schemas": SCHEMAS_DIR,
        "mkdocs.yml": EXAMPLE_MKDOCS,
        "Makefile": SKELETON_DIR / "Makefile",
        ".gitignore": SKELETON_DIR / "gitignore",
        "templates/README.md": SKELETON_DIR / "templates-README.md",
    }
    if directory.exists() and not directory.is_dir():
        raise ProjectExists(f"{directory} is a file, not a folder", hint="choose a new folder name for the project")
    clashes = [name for name in sources if (directory / name).exists()]
    if clashes:
        raise ProjectExists(f"{directory} already has {', '.join(clashes)}", hint="choose an empty folder")
    directory.mkdir(parents=True, exist_ok=True)
    created = []
    for name, source in sources.items():
        target = directory / name
        target.parent.mkdir(parents=True, exist_ok=True)
        if source.is_dir():
            shutil.copytree(source, target, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        else:
            shutil.copy2(source, target)
        created.append(target)
    return created
