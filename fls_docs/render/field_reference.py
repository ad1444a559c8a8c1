"""A field-by-field reference for each content file, read from its JSON Schema so it cannot drift from it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from fls_docs.model.files import CONTENT_FILES, ContentFile
from fls_docs.model.schema import load_schema

_TYPES = {"string": "text", "integer": "whole number", "number": "number", "boolean": "true or false",
          "array": "list", "object": "block"}


@dataclass(frozen=True)
class Field:
    path: str  # for example "phases[].tasks[].due"
    kind: str  # in words: "date", "one of: high, low", "list of text"
    required: bool
    description: str
    placeholder: str = ""  # shown as [this] in documents until given


@dataclass(frozen=True)
class FileReference:
    file: ContentFile
    title: str
    description: str
    fields: tuple[Field, ...]


def _resolve(node: dict[str, Any], root: dict[str, Any]) -> dict[str, Any]:
    """Follow a local $ref, keeping the referring node's own description."""
    if "$ref" in node:
        target = root
        for part in node["$ref"].lstrip("#/").split("/"):
            target = target[part]
        merged = {**_resolve(target, root), **{k: v for k, v in node.items() if k != "$ref"}}
        return merged
    return node


def _kind(node: dict[str, Any], root: dict[str, Any]) -> str:
    node = _resolve(node, root)
    if "enum" in node:
        return "one of: " + ", ".join(str(v) for v in node["enum"])
    if "oneOf" in node:
        return " or ".join(_kind(option, root) for option in node["oneOf"])
    kind = node.get("type", "")
    if kind == "string" and node.get("format") == "date":
        return "date (YYYY-MM-DD)"
    if kind == "array":
        items = _resolve(node.get("items", {}), root)
        inner = "blocks" if items.get("type") == "object" else _kind(items, root)
        return f"list of {inner}"
    words = _TYPES.get(kind, kind)
    bounds = [f"from {node['minimum']}" if "minimum" in node else "", f"to {node['maximum']}" if "maximum" in node else ""]
    bounds_text = " ".join(b for b in bounds if b)
    return f"{words} {bounds_text}".strip()


def _walk(node: dict[str, Any], root: dict[str, Any], prefix: str, required: bool, out: list[Field]) -> None:
    node = _resolve(node, root)
    for name, sub in node.get("properties", {}).items():
        sub_resolved = _resolve(sub, root)
        path = f"{prefix}{name}"
        is_required = name in node.get("required", [])
        out.append(Field(path, _kind(sub, root), is_required, " ".join(sub_resolved.get("description", "").split()),
                         sub_resolved.get("x-placeholder", "")))
        if sub_resolved.get("type") == "object":
            _walk(sub_resolved, root, f"{path}.", is_required, out)
        elif sub_resolved.get("type") == "array":
            items = _resolve(sub_resolved.get("items", {}), root)
            if items.get("type") == "object":
                _walk(items, root, f"{path}[].", is_required, out)


def reference(file: ContentFile) -> FileReference:
    schema = load_schema(file.schema)
    fields: list[Field] = []
    _walk(schema, schema, "", True, fields)
    return FileReference(file, schema.get("title", file.name), " ".join(schema.get("description", "").split()), tuple(fields))


def all_references() -> tuple[FileReference, ...]:
    return tuple(reference(f) for f in CONTENT_FILES)
