"""`validate`: the bundled valid fixtures, and one negative fixture per finding code."""

from __future__ import annotations

from pathlib import Path

import pytest

import openbadges
from conftest import FIXTURES

VALID = sorted((FIXTURES / "valid").glob("*.json"))


def negative_cases() -> list[tuple[str, Path, str]]:
    """(code, file, JSON path) from every `fixtures/invalid/<code>/expected.tsv`."""
    cases = []
    for folder in sorted((FIXTURES / "invalid").iterdir()):
        for line in (folder / "expected.tsv").read_text(encoding="utf-8").splitlines():
            if line.strip():
                file, path = line.split("\t")
                cases.append((folder.name, folder / file, path))
    return cases


def test_fixtures_are_found() -> None:
    assert len(VALID) >= 10
    assert len(negative_cases()) >= 28


@pytest.mark.parametrize("path", VALID, ids=lambda p: p.name)
def test_valid_fixture(path: Path) -> None:
    report = openbadges.validate(path.read_bytes())
    assert report.ok, report.to_json()
    assert report.verdict == "valid"
    assert report.errors == []
    assert report.checks == []


@pytest.mark.parametrize(
    ("code", "path", "at"), negative_cases(), ids=lambda v: v if isinstance(v, str) else v.name
)
def test_invalid_fixture(code: str, path: Path, at: str) -> None:
    report = openbadges.validate(path.read_bytes())
    assert any(f.code == code and f.path == at for f in report.findings), report.to_json()
    finding = next(f for f in report.findings if f.code == code)
    if finding.severity == "error":
        assert report.verdict == "invalid"
        assert not report.ok


def test_validate_takes_dict_and_str() -> None:
    path = VALID[0]
    text = path.read_text(encoding="utf-8")
    import json

    assert openbadges.validate(text).ok
    assert openbadges.validate(json.loads(text)).ok


def test_validate_reports_a_missing_member(unsigned_badge: dict[str, object]) -> None:
    del unsigned_badge["issuer"]
    report = openbadges.validate(unsigned_badge)
    assert not report.ok
    assert report.has_code("schema.required")
    assert str(report.errors[0]).startswith("error [")
