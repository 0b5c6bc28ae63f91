"""The exception hierarchy: one base class, ValueError where a bad value was handed in."""

from __future__ import annotations

import pytest

import openbadges

SUBCLASSES = [
    openbadges.ParseError,
    openbadges.InvalidCredential,
    openbadges.InvalidKey,
    openbadges.UnsupportedError,
    openbadges.CanonicalizationError,
    openbadges.SigningError,
    openbadges.BakeError,
    openbadges.DisclosureError,
]


@pytest.mark.parametrize("cls", SUBCLASSES, ids=lambda c: c.__name__)
def test_every_error_is_an_openbadges_error(cls: type[Exception]) -> None:
    assert issubclass(cls, openbadges.Error)
    assert issubclass(cls, Exception)
    assert cls.__module__ == "openbadges"
    assert cls.__doc__


def test_bad_values_are_value_errors() -> None:
    assert issubclass(openbadges.ParseError, ValueError)
    assert issubclass(openbadges.InvalidKey, ValueError)
    assert not issubclass(openbadges.InvalidCredential, ValueError)
    # Not the builtin KeyError (a LookupError).
    assert not issubclass(openbadges.InvalidKey, LookupError)


def test_invalid_credential_carries_findings() -> None:
    report = openbadges.validate({"type": ["VerifiableCredential"]})
    error = openbadges.InvalidCredential("refused", report.errors)
    assert str(error) == "refused"
    assert [f.code for f in error.findings] == [f.code for f in report.errors]
    assert openbadges.InvalidCredential("no findings").findings == []


def test_errors_raised_by_the_module_are_the_module_classes() -> None:
    with pytest.raises(openbadges.Error) as caught:
        openbadges.canonicalize(b"{", algorithm="jcs")
    assert type(caught.value) is openbadges.ParseError
    # The message names the place.
    assert "line 1, column 1" in str(caught.value)
