"""Mutated content never crashes a command: each succeeds or reports located problems and exits 1.

A bounded run for `make test`; `benchmarks/fuzz.py` runs the same for as long as you like.
"""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fls_docs.cli import main
from fls_docs.fuzzing import mutate
from tests.conftest import copy_project

FILES = ("project.yaml", "brief.yaml", "plan.yaml", "calculator.yaml", "business_case.yaml",
         "service_specification.yaml", "indicators.yaml", "standards.yaml")
# A located message: file:line:col: ..., or a file-level message naming the file.
LOCATED = re.compile(r"^(content/[\w.]+(:\d+:\d+)?|fls-docs): ", re.MULTILINE)


def check(result, command: str) -> None:
    assert result.exception is None or isinstance(result.exception, SystemExit), (command, repr(result.exception))
    assert result.exit_code in (0, 1), (command, result.exit_code, result.output[-2000:])
    assert "Traceback" not in result.output
    if result.exit_code == 1:
        assert LOCATED.search(result.output), (command, result.output[-2000:])


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return copy_project(tmp_path_factory.mktemp("fuzz"))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.sampled_from(FILES), st.integers(0, 2**32 - 1), st.integers(1, 3))
def test_validate_and_calc_never_crash(example: Path, name: str, seed: int, times: int) -> None:
    path = example / "content" / name
    original = path.read_bytes()
    rng = random.Random(seed)
    text = original.decode("utf-8")
    for _ in range(times):
        text = mutate(text, rng)
    try:
        path.write_text(text, encoding="utf-8", errors="surrogatepass")
        runner = CliRunner()
        check(runner.invoke(main, ["validate", str(example)]), "validate")
        check(runner.invoke(main, ["calc", "--json", str(example)]), "calc")
    finally:
        path.write_bytes(original)
