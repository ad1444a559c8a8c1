"""Word documents rendered from docxtpl templates."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import jinja2
from docxtpl import DocxTemplate

from fls_docs.render.formatting import FILTERS


def jinja_env() -> jinja2.Environment:
    # StrictUndefined turns a misspelt field in a template into an error,
    # instead of a silently empty gap in a document sent to commissioners.
    env = jinja2.Environment(undefined=jinja2.StrictUndefined, autoescape=True)
    env.filters.update(FILTERS)
    return env


def render_docx(template: Path, context: dict[str, Any], out: Path) -> None:
    """Render ``template`` with ``context`` into ``out``.

    Autoescaping is essential: without it a "<" or "&" in content silently
    corrupts the XML and docxtpl's forgiving parser drops the rest of a table.
    """
    doc = DocxTemplate(str(template))
    doc.render(context, jinja_env(), autoescape=True)
    doc.save(str(out))
