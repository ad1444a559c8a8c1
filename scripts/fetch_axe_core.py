"""Fetch axe-core, the accessibility checker the browser tests run, from the npm registry.

    python scripts/fetch_axe_core.py [DEST]

Downloads a pinned release, checks it against the registry's published SHA-512
and writes axe.min.js to DEST (default .cache/axe-core/axe.min.js). Does
nothing if the file is already there and intact.
"""

from __future__ import annotations

import base64
import hashlib
import io
import sys
import tarfile
import urllib.request
from pathlib import Path

VERSION = "4.14.1"
TARBALL = f"https://registry.npmjs.org/axe-core/-/axe-core-{VERSION}.tgz"
INTEGRITY = "sha512-FHfa+lmNjQZfJz1q8wKqIDwC6DExcHt/pkjNQb09a3NPjCKg2rhu5qb2S4r76ASyFNNtuFooJpZe37OgudVGtQ=="
DEFAULT = Path(__file__).resolve().parent.parent / ".cache" / "axe-core" / "axe.min.js"


def fetch(dest: Path = DEFAULT) -> Path:
    marker = dest.with_suffix(".version")
    if dest.is_file() and marker.is_file() and marker.read_text().strip() == VERSION:
        return dest
    with urllib.request.urlopen(TARBALL, timeout=60) as response:  # noqa: S310 - fixed https URL
        data = response.read()
    digest = "sha512-" + base64.b64encode(hashlib.sha512(data).digest()).decode()
    if digest != INTEGRITY:
        raise SystemExit(f"axe-core {VERSION}: checksum mismatch, refusing to use it")
    with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as tar:
        script = tar.extractfile("package/axe.min.js")
        assert script is not None
        dest.parent.mkdir(parents=True, exist_ok=True)
        dest.write_bytes(script.read())
    marker.write_text(VERSION)
    return dest


if __name__ == "__main__":
    print(fetch(Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT))
