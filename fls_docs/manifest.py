"""What the last good build was made from and what it made, kept in build/.manifest.json.

Inputs are hashed by content, never by timestamp: touching a file changes
nothing, and a change that leaves the meaning the same (a YAML comment, say)
rebuilds only what reads the raw file. Outputs are recorded by the SHA-256 of
their bytes, so the next build checks them rather than trusting the record.
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
FORMAT = 3
PACKAGE_DIR = Path(__file__).resolve().parent
# Libraries whose output could change with their version.
LIBRARIES = ("docxtpl", "python-docx", "openpyxl", "matplotlib", "mkdocs", "mkdocs-material", "jinja2", "numpy", "markdown")
MISSING, CHANGED = "missing", "changed"


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


def links_outside(folder: Path, root: Path) -> list[tuple[Path, Path]]:
    """Every link under ``folder`` that leads out of ``root``, as (link, where it leads).

    Links are followed (each folder once, so a loop ends), so a link inside
    ``root`` to a folder that itself holds an outward link is caught too.
    """
    root = root.resolve()
    top = Path(os.path.realpath(folder))
    if not top.is_relative_to(root):
        return [(folder, top)]
    found: list[tuple[Path, Path]] = []
    seen: set[str] = set()
    for here, dirs, files in os.walk(folder, followlinks=True):
        real_here = os.path.realpath(here)
        if real_here in seen:
            dirs[:] = []
            continue
        seen.add(real_here)
        for name in [*dirs, *files]:
            path = Path(here) / name
            target = Path(os.path.realpath(path))
            if path.is_symlink() and not target.is_relative_to(root):
                found.append((path, target))
        # Never walk into a folder outside the root: its contents are not the project's.
        dirs[:] = [d for d in dirs if Path(os.path.realpath(Path(here) / d)).is_relative_to(root)]
    return found


def output_digest(path: Path) -> str:
    """The full SHA-256 of an output file."""
    with open(path, "rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


def output_digests(folder: Path) -> dict[str, str]:
    """SHA-256 of every file under ``folder`` but the manifest, by path relative to it."""
    return {p.relative_to(folder).as_posix(): output_digest(p)
            for p in sorted(folder.rglob("*")) if p.is_file() and p.name != MANIFEST}


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
    """What the last good build was made from, and the SHA-256 of every file it made."""

    quick: str = ""  # one hash of every raw input: equal means nothing at all can have changed
    warnings: list[str] = dataclasses.field(default_factory=list)
    targets: dict[str, dict[str, str]] = dataclasses.field(default_factory=dict)  # target -> input name -> hash
    pages: dict[str, str] = dataclasses.field(default_factory=dict)  # site page -> hash of its Markdown
    outputs: dict[str, str] = dataclasses.field(default_factory=dict)  # file under build/ -> SHA-256

    @classmethod
    def load(cls, build_dir: Path) -> Manifest:
        try:
            raw = json.loads((build_dir / MANIFEST).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return cls()
        if not isinstance(raw, dict) or raw.get("format") != FORMAT:
            return cls()
        return cls(raw.get("quick", ""), raw.get("warnings", []), raw.get("targets", {}), raw.get("pages", {}),
                   raw.get("outputs", {}))

    def save(self, folder: Path) -> None:
        """Write the manifest into ``folder`` in one step (a reader sees the old one or the new one)."""
        data = {"format": FORMAT, "quick": self.quick, "warnings": self.warnings, "targets": self.targets,
                "pages": self.pages, "outputs": self.outputs}
        temp = folder / f"{MANIFEST}.tmp"
        temp.write_text(json.dumps(data, indent=1, sort_keys=True), encoding="utf-8")
        os.replace(temp, folder / MANIFEST)

    def damaged(self, build_dir: Path) -> dict[str, str]:
        """Outputs that are no longer what this build made: each one MISSING or CHANGED."""
        found = {}
        for name, expected in self.outputs.items():
            path = build_dir / name
            if not path.is_file():
                found[name] = MISSING
            elif output_digest(path) != expected:
                found[name] = CHANGED
        return found
