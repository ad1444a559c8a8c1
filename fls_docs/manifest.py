"""Content hashes of what each output was built from, kept in build/.manifest.json.

Hashes are of content, never of timestamps: touching a file changes nothing,
and a change that leaves the meaning the same (a YAML comment, say) rebuilds
only what reads the raw file.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
from datetime import date
from functools import lru_cache
from importlib import metadata
from pathlib import Path
from typing import Any

MANIFEST = ".manifest.json"
FORMAT = 2
PACKAGE_DIR = Path(__file__).resolve().parent
# Libraries whose output could change with their version.
LIBRARIES = ("docxtpl", "python-docx", "openpyxl", "matplotlib", "mkdocs", "mkdocs-material", "jinja2", "numpy", "markdown")


def digest(data: bytes | str) -> str:
    return hashlib.sha256(data.encode() if isinstance(data, str) else data).hexdigest()[:20]


def file_digest(path: Path) -> str:
    return digest(path.read_bytes()) if path.is_file() else "missing"


def tree_digest(*folders: Path) -> str:
    """One hash for every file under ``folders`` (names and contents), skipping caches."""
    h = hashlib.sha256()
    for folder in folders:
        if not folder.is_dir():
            continue
        for path in sorted(p for p in folder.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
            h.update(str(path.relative_to(folder)).encode())
            h.update(path.read_bytes())
    return h.hexdigest()[:20]


@lru_cache(maxsize=1)
def tool_digest() -> str:
    """The fls-docs code and reference data, and the versions of the libraries that shape the output."""
    versions = []
    for name in LIBRARIES:
        try:
            versions.append(f"{name}={metadata.version(name)}")
        except metadata.PackageNotFoundError:
            versions.append(f"{name}=absent")
    return digest(tree_digest(PACKAGE_DIR) + ";".join(versions))


def _plain(value: Any) -> Any:
    """A JSON-ready form of model values, stable from run to run."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, (date, Path)):
        return str(value)
    return value


def value_digest(value: Any) -> str:
    return digest(json.dumps(_plain(value), sort_keys=True, default=str))


@dataclasses.dataclass
class Manifest:
    """What the last good build was made from."""

    quick: str = ""  # one hash of every raw input: equal means nothing at all can have changed
    warnings: list[str] = dataclasses.field(default_factory=list)
    targets: dict[str, dict[str, str]] = dataclasses.field(default_factory=dict)  # target -> input name -> hash
    pages: dict[str, str] = dataclasses.field(default_factory=dict)  # site page -> hash of its Markdown

    @classmethod
    def load(cls, build_dir: Path) -> Manifest:
        try:
            raw = json.loads((build_dir / MANIFEST).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return cls()
        if raw.get("format") != FORMAT:
            return cls()
        return cls(raw.get("quick", ""), raw.get("warnings", []), raw.get("targets", {}), raw.get("pages", {}))

    def save(self, build_dir: Path) -> None:
        data = {"format": FORMAT, "quick": self.quick, "warnings": self.warnings, "targets": self.targets, "pages": self.pages}
        temp = build_dir / f"{MANIFEST}.tmp"
        temp.write_text(json.dumps(data, indent=1, sort_keys=True), encoding="utf-8")
        os.replace(temp, build_dir / MANIFEST)
