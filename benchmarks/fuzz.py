"""Fuzz the example's content files for a while: every command must succeed or exit 1 with located messages.

    .venv/bin/python benchmarks/fuzz.py --minutes 10

Prints how many cases ran, how many were valid, and every case that crashed, with
the seed that reproduces it. The bounded version runs in `make test` (tests/test_fuzz.py).
"""

from __future__ import annotations

import argparse
import hashlib
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

from click.testing import CliRunner

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from fls_docs.cli import main  # noqa: E402
from fls_docs.fuzzing import mutate  # noqa: E402
from tests.test_fuzz import FILES, LOCATED  # noqa: E402


def _tree(folder: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        digest.update(str(path.relative_to(folder)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def one(root: Path, seed: int, build: bool) -> tuple[str, str] | None:
    """Run one mutated case; returns (command, problem) if anything crashed."""
    rng = random.Random(seed)
    name = rng.choice(FILES)
    path = root / "content" / name
    original = path.read_bytes()
    text = original.decode("utf-8")
    for _ in range(rng.randint(1, 3)):
        text = mutate(text, rng)
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    try:
        commands = [["validate", str(root)], ["calc", "--json", str(root)]]
        if build:
            commands.append(["build", "--quiet", str(root)])
        before = _tree(root / "build") if build and (root / "build").exists() else None
        for args in commands:
            result = CliRunner().invoke(main, args)
            if result.exception is not None and not isinstance(result.exception, SystemExit):
                return args[0], f"{name}: {result.exception!r}"
            if result.exit_code not in (0, 1) or "Traceback" in result.output:
                return args[0], f"{name}: exit {result.exit_code}: {result.output[-300:]}"
            if result.exit_code == 1 and not LOCATED.search(result.output):
                return args[0], f"{name}: not located: {result.output[-300:]}"
            if args[0] == "build" and result.exit_code == 1 and before and _tree(root / "build") != before:
                return "build", f"{name}: a failed build changed build/"
        return None
    finally:
        path.write_bytes(original)


def main_() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=10.0)
    parser.add_argument("--seed", type=int, default=None, help="run just this case")
    parser.add_argument("--build-every", type=int, default=40, help="also build every Nth case")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "project"
        shutil.copytree(ROOT / "content", root / "content")
        shutil.copy(ROOT / "mkdocs.yml", root / "mkdocs.yml")
        CliRunner().invoke(main, ["build", "--quiet", str(root)])
        if args.seed is not None:
            print(one(root, args.seed, True) or "no crash")
            return
        end, cases, crashes = time.monotonic() + args.minutes * 60, 0, []
        master = random.Random()
        while time.monotonic() < end:
            seed = master.randrange(2**32)
            problem = one(root, seed, cases % args.build_every == 0)
            cases += 1
            if problem:
                crashes.append((seed, *problem))
                print(f"seed {seed}: {problem[0]}: {problem[1]}", flush=True)
        print(f"{cases} cases in {args.minutes:g} minutes; {len(crashes)} crashed")


if __name__ == "__main__":
    main_()
