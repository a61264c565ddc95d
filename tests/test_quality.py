"""Lint, format and type checks run as part of the suite, so CI fails on them too.

Their caches go to the system's temporary folder, not into the repository."""

from __future__ import annotations

import hashlib
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
# one mypy cache per checkout, kept between runs (a cold check takes ~10 s, a warm one ~1 s)
MYPY_CACHE = Path(tempfile.gettempdir()) / (
    "healthsearch-mypy-" + hashlib.sha256(str(ROOT).encode()).hexdigest()[:12]
)


@pytest.mark.parametrize(
    "command",
    [
        ["ruff", "check", "--no-cache", "."],
        ["ruff", "format", "--no-cache", "--check", "."],
        ["mypy", "--cache-dir", str(MYPY_CACHE)],
    ],
    ids=["ruff-check", "ruff-format", "mypy"],
)
def test_code_quality(command: list[str]) -> None:
    result = subprocess.run(
        [str(BIN / command[0]), *command[1:]], cwd=ROOT, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr
