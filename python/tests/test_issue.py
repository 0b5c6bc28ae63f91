"""`SecretKey` and `Issuer`: keys, signing with every suite, and the errors."""

from __future__ import annotations

import json
from typing import Any

import pytest

import openbadges


def with_issuer(badge: dict[str, Any], did: str) -> dict[str, Any]:
    if isinstance(badge["issuer"], dict):
        badge["issuer"]["id"] = did
    else:
        badge["issuer"] = did
    return badge


@pytest.mark.parametrize("key_type", ["ed25519", "p256", "p384"])
def test_generate(key_type: str) -> None:
    key = openbadges.SecretKey.generate(key_type)  # type: ignore[arg-type]
    assert key.did_key.startswith("did:key:z")
    assert key.public_key_multibase.startswith("z")
    assert key.key_type in ("Ed25519", "P-256", "P-384")
    assert "redacted" in repr(key)
    assert key.to_multibase() not in repr(key)


def test_multibase_and_seed_round_trip() -> None:
    key = openbadges.SecretKey.generate()
    again = openbadges.SecretKey.from_multibase(key.to_multibase())
    assert again.did_key == key.did_key
    seed = bytes(range(32))
    a = openbadges.SecretKey.from_seed("ed25519", seed)
    b = openbadges.SecretKey.from_seed("ed25519", seed)
    assert a.did_key == b.did_key


def test_bad_keys() -> None:
    with pytest.raises(openbadges.UnsupportedError):
        openbadges.SecretKey.generate("rsa")  # type: ignore[arg-type]
    with pytest.raises(openbadges.InvalidKey):
        openbadges.SecretKey.from_multibase("znot-a-key")
    with pytest.raises(ValueError):  # InvalidKey is a ValueError too
        openbadges.SecretKey.from_seed("ed25519", b"short")
    with pytest.raises(openbadges.Error):
        openbadges.SecretKey.from_seed("ed25519", b"short")


@pytest.mark.parametrize(
    ("key_type", "suite"),
    [
        ("ed25519", "eddsa-rdfc-2022"),
        ("ed25519", "eddsa-jcs-2022"),
        ("p256", "ecdsa-rdfc-2019"),
        ("p384", "ecdsa-rdfc-2019"),
        ("p256", "ecdsa-jcs-2019"),
    ],
)
def test_issue_then_verify(key_type: str, suite: str, unsigned_badge: dict[str, Any]) -> None:
    key = openbadges.SecretKey.generate(key_type)  # type: ignore[arg-type]
    issuer = openbadges.Issuer(key, suite)  # type: ignore[arg-type]
    assert issuer.suite == suite
    assert issuer.key_id.startswith(key.did_key + "#")
    signed = issuer.issue(with_issuer(unsigned_badge, key.did_key), created="2024-01-15T09:00:00Z")
    proof = json.loads(signed)["proof"]
    assert proof["cryptosuite"] == suite
    assert proof["created"] == "2024-01-15T09:00:00Z"
    report = openbadges.verify(signed)
    assert report.ok, report.to_json()
    tampered = json.loads(signed)
    tampered["credentialSubject"]["achievement"]["description"] = "something else"
    assert openbadges.verify(tampered).has_code("proof.signature")


def test_issue_with_another_key_id(unsigned_badge: dict[str, Any]) -> None:
    key = openbadges.SecretKey.generate()
    issuer = openbadges.Issuer(key, key_id="https://example.edu/issuers/1#key-1")
    assert issuer.key_id == "https://example.edu/issuers/1#key-1"
    signed = json.loads(issuer.issue(unsigned_badge))
    assert signed["proof"]["verificationMethod"] == "https://example.edu/issuers/1#key-1"


def test_issue_refuses_an_invalid_credential(unsigned_badge: dict[str, Any]) -> None:
    issuer = openbadges.Issuer(openbadges.SecretKey.generate())
    del unsigned_badge["credentialSubject"]
    with pytest.raises(openbadges.InvalidCredential) as caught:
        issuer.issue(unsigned_badge)
    assert caught.value.findings
    assert any(f.code == "schema.required" for f in caught.value.findings)
    assert isinstance(caught.value, openbadges.Error)


def test_issue_refuses_a_mismatched_suite() -> None:
    with pytest.raises(openbadges.UnsupportedError):
        openbadges.Issuer(openbadges.SecretKey.generate("ed25519"), "ecdsa-rdfc-2019")
    with pytest.raises(openbadges.UnsupportedError):
        openbadges.Issuer(openbadges.SecretKey.generate(), "rsa-2048")  # type: ignore[arg-type]
    with pytest.raises(openbadges.UnsupportedError):
        openbadges.Issuer(openbadges.SecretKey.generate("ed25519"), "ecdsa-sd-2023")


def test_issue_refuses_unparsable_input() -> None:
    issuer = openbadges.Issuer(openbadges.SecretKey.generate())
    with pytest.raises(openbadges.ParseError):
        issuer.issue('{"type": 1, "type": 2}')
    with pytest.raises(openbadges.ParseError):
        issuer.issue(b"\xff\xfe")


def test_mandatory_is_for_selective_disclosure(unsigned_badge: dict[str, Any]) -> None:
    issuer = openbadges.Issuer(openbadges.SecretKey.generate())
    with pytest.raises(ValueError):
        issuer.issue(unsigned_badge, mandatory=["/issuer"])
