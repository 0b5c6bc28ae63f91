"""Shared paths and data for the tests of the `openbadges` module.

Every input is a file bundled in the repository (`fixtures/`, `tests/data/`); nothing is
fetched.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "fixtures"
INTEROP = FIXTURES / "interop"
VECTORS = ROOT / "tests" / "data" / "vectors"
BENCH = ROOT / "tests" / "data" / "bench"

# The corpus's expected verdicts hold at any instant in its window; verify at one.
CORPUS_AT = "2025-06-01T00:00:00Z"


def read_json(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


def manifest() -> dict[str, Any]:
    value: dict[str, Any] = read_json(INTEROP / "manifest.json")
    return value


def corpus_resources() -> dict[str, bytes]:
    """The manifest's resources (status lists, controller documents), by URL."""
    return {
        url: (INTEROP / file).read_bytes() for url, file in manifest()["resources"].items()
    }


@pytest.fixture(scope="session")
def resources() -> dict[str, bytes]:
    return corpus_resources()


@pytest.fixture(scope="session")
def minimal_badge() -> bytes:
    """The bundled eddsa-rdfc-2022 badge (also the benchmark's)."""
    return (INTEROP / "credentials" / "ob-minimal-eddsa-rdfc-2022.json").read_bytes()


@pytest.fixture()
def unsigned_badge() -> dict[str, Any]:
    """The minimal badge without its proof (a fresh copy per test)."""
    badge: dict[str, Any] = read_json(INTEROP / "credentials" / "ob-minimal-eddsa-rdfc-2022.json")
    del badge["proof"]
    return badge
