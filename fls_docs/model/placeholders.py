"""Local values a document needs but the project has not given yet.

A schema property marked ``"x-placeholder": "what to fill in"`` may be left out:
the document shows ``[what to fill in]`` in bold, as the toolkit's templates do,
and validation lists it as a warning. The schema is the one place that says
which values these are.
"""

from __future__ import annotations

from typing import Any, Iterator

from fls_docs.diagnostics import Diagnostic, Severity
from fls_docs.model.load import Document
from fls_docs.model.project import Missing
from fls_docs.model.schema import load_schema

KEYWORD = "x-placeholder"


def _empty(value: Any) -> bool:
    return value is None or (isinstance(value, (str, list, dict)) and not (value.strip() if isinstance(value, str) else value))


def missing_fields(data: Any, schema: dict[str, Any], path: tuple = ()) -> Iterator[tuple[tuple, str, str]]:
    """(path, label, description) for every placeholder field left out of ``data``, walking into blocks."""
    data = data if isinstance(data, dict) else {}
    for key, sub in schema.get("properties", {}).items():
        value = data.get(key)
        if KEYWORD in sub and _empty(value):
            yield path + (key,), sub[KEYWORD], sub.get("description", "")
        elif sub.get("type") == "object" and "properties" in sub and (value is None or isinstance(value, dict)):
            yield from missing_fields(value or {}, sub, path + (key,))


def placeholder_warnings(name: str, doc: Document | None, display: str) -> list[Diagnostic]:
    """A warning for each placeholder field the file leaves out (every one, if the file itself is missing)."""
    missing = list(missing_fields(doc.data if doc else {}, load_schema(name)))
    if doc is None:
        if not missing:
            return []
        return [Diagnostic(display, 0, 0, "", f"the file is missing, so its document shows {len(missing)} placeholders such as "
                           f'"[{missing[0][1]}]"', "create it from the example: `fls-docs init` makes one", severity=Severity.WARNING)]
    out = []
    for path, label, description in missing:
        hint = f"add {path[-1]}: {_lower_first(description)}".rstrip(".") if description else ""
        out.append(doc.diagnostic(path, f'not given yet, so the document shows "[{label}]"', hint, severity=Severity.WARNING, key=True))
    return out


def _lower_first(text: str) -> str:
    # "NICE guidance" keeps its capitals; "The body" becomes "the body".
    return text[0].lower() + text[1:] if text[1:2].islower() else text


def label(name: str, *path: str) -> str:
    """The placeholder label the schema gives a field."""
    node = load_schema(name)
    for key in path:
        node = node["properties"][key]
    return node[KEYWORD]


def fill(name: str, data: dict[str, Any] | None, *path: str) -> Any:
    """The value at ``path`` in a file's data, or a Missing placeholder labelled from the schema."""
    value: Any = data or {}
    for key in path:
        value = value.get(key) if isinstance(value, dict) else None
    if _empty(value):
        return Missing(label(name, *path))
    return value
