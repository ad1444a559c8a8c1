"""Reference data shipped with fls-docs: rates, costs and vocabularies, each with its source."""

from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

DATA_DIR = Path(__file__).resolve().parent
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@lru_cache(maxsize=None)
def load(name: str) -> dict[str, Any]:
    """Read ``fls_docs/data/<name>.yaml``. Shipped data is trusted, so no schema here."""
    with open(DATA_DIR / f"{name}.yaml", encoding="utf-8") as handle:
        return yaml.load(handle, Loader=_Loader)


def fingerprint() -> str:
    """A hash of every reference data file, so outputs can record which data made them."""
    digest = hashlib.sha256()
    for path in sorted(DATA_DIR.glob("*.yaml")):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]
