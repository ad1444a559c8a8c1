"""Where the shipped resources (schemas, templates, example project) live."""

from __future__ import annotations

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent

# An installed wheel carries the resources under fls_docs/share; a source
# checkout (including an editable install) keeps them at the repository top.
_INSTALLED = PACKAGE_DIR / "share"
SHARE_DIR = _INSTALLED if _INSTALLED.is_dir() else PACKAGE_DIR.parent

SCHEMAS_DIR = SHARE_DIR / "schemas"
TEMPLATES_DIR = SHARE_DIR / "templates"
EXAMPLE_CONTENT_DIR = SHARE_DIR / "content"
EXAMPLE_MKDOCS = SHARE_DIR / "mkdocs.yml"
DATA_DIR = PACKAGE_DIR / "data"
SKELETON_DIR = PACKAGE_DIR / "skeleton"


def template_path(project_dir: Path, relative: str) -> Path:
    """A template from the project's own ``templates/`` if it has one, else the shipped one."""
    override = project_dir / "templates" / relative
    return override if override.is_file() else TEMPLATES_DIR / relative
