"""`canonicalize` on the W3C RDFC-1.0 and RFC 8785 vectors, `bake` / `unbake` on the
bundled images, `derive` on selective disclosure fixtures."""

from __future__ import annotations

import csv
import hashlib
import json
from pathlib import Path
from typing import Any

import pytest

import openbadges
from conftest import FIXTURES, INTEROP, VECTORS

RDFC = VECTORS / "rdf-canon"
JCS = VECTORS / "jcs-rfc8785"


def rdfc_cases() -> list[dict[str, str]]:
    with (RDFC / "manifest.csv").open(encoding="utf-8", newline="") as f:
        return [row for row in csv.DictReader(f) if row["rdfc10"] == "TRUE"]


def test_rdfc_vectors_are_found() -> None:
    assert len(rdfc_cases()) >= 60


@pytest.mark.parametrize("case", rdfc_cases(), ids=lambda c: c["test"])
def test_rdfc10_vector(case: dict[str, str]) -> None:
    given = (RDFC / "rdfc10" / f"{case['test']}-in.nq").read_text(encoding="utf-8")
    expected = (RDFC / "rdfc10" / f"{case['test']}-rdfc10.nq").read_text(encoding="utf-8")
    if case["hashAlgorithm"] == "SHA384":
        digest = hashlib.sha384(expected.encode()).hexdigest()
        assert openbadges.canonicalize(given, algorithm="nquads", hash="sha384") == digest
    else:
        assert openbadges.canonicalize(given, algorithm="nquads") == expected


def test_rdfc10_poison_graph_is_refused() -> None:
    given = (RDFC / "rdfc10" / "test074-in.nq").read_text(encoding="utf-8")
    with pytest.raises(openbadges.CanonicalizationError):
        openbadges.canonicalize(given, algorithm="nquads")


@pytest.mark.parametrize("name", sorted(p.name for p in (JCS / "input").glob("*.json")))
def test_jcs_vector(name: str) -> None:
    given = (JCS / "input" / name).read_bytes()
    expected = (JCS / "output" / name).read_bytes().decode("utf-8")
    assert openbadges.canonicalize(given, algorithm="jcs") == expected


def test_canonical_hash_of_a_badge(minimal_badge: bytes) -> None:
    nquads = openbadges.canonicalize(minimal_badge)
    assert nquads.endswith(" .\n")
    assert "<https://purl.imsglobal.org/spec/vc/ob/vocab.html#Achievement>" in nquads
    assert openbadges.canonicalize(minimal_badge, hash="sha256") == hashlib.sha256(
        nquads.encode()
    ).hexdigest()
    as_dict = json.loads(minimal_badge)
    assert openbadges.canonicalize(as_dict) == nquads


def test_canonicalize_errors(minimal_badge: bytes) -> None:
    badge = json.loads(minimal_badge)
    badge["notATerm"] = 1  # safe mode: an undefined term is an error, never dropped
    with pytest.raises(openbadges.CanonicalizationError) as caught:
        openbadges.canonicalize(badge)
    assert "notATerm" in str(caught.value)
    badge = json.loads(minimal_badge)
    badge["@context"].append("https://example.org/unknown-context")
    with pytest.raises(openbadges.CanonicalizationError):
        openbadges.canonicalize(badge)
    with pytest.raises(openbadges.CanonicalizationError):
        openbadges.canonicalize("<a> <b> .", algorithm="nquads")
    with pytest.raises(openbadges.UnsupportedError):
        openbadges.canonicalize(minimal_badge, algorithm="urdna2015")  # type: ignore[arg-type]
    with pytest.raises(openbadges.UnsupportedError):
        openbadges.canonicalize(minimal_badge, hash="md5")  # type: ignore[arg-type]
    with pytest.raises(openbadges.ParseError):
        openbadges.canonicalize(b"{", algorithm="jcs")


@pytest.mark.parametrize(
    "image",
    ["ob3-simple-json.pypng.png", "ob3-simple-json.py.svg", "ob3-simple-jwt.pypng.png", "ob3-simple-jwt.py.svg", "clr2-simple-json.pypng.png"],
)
def test_unbake_peer_images(image: str) -> None:
    text = openbadges.unbake((FIXTURES / "baked" / image).read_bytes())
    if "jwt" in image:
        assert text.strip() == (FIXTURES / "baked" / "ob3-simple.jwt").read_text().strip()
    else:
        source = "clr2-simple.json" if image.startswith("clr2") else "ob3-simple.json"
        assert json.loads(text) == json.loads((FIXTURES / "baked" / source).read_text())


@pytest.mark.parametrize("image", ["badge.png", "ob3-simple-json.py.svg"])
def test_bake_then_unbake_then_verify(image: str, minimal_badge: bytes) -> None:
    source = (FIXTURES / "baked" / image).read_bytes()
    if image.endswith(".svg"):
        # A fresh image: the bundled SVG already carries a credential.
        source = b'<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"></svg>'
    baked = openbadges.bake(source, minimal_badge)
    assert isinstance(baked, bytes) and len(baked) > len(source)
    text = openbadges.unbake(baked)
    # SVG CDATA keeps the text but not trailing whitespace.
    assert text.strip() == minimal_badge.decode().strip()
    assert openbadges.verify(text).ok


def test_bake_and_unbake_errors(minimal_badge: bytes) -> None:
    with pytest.raises(openbadges.BakeError):
        openbadges.bake(b"GIF89a not an image", minimal_badge)
    with pytest.raises(openbadges.BakeError):
        openbadges.unbake((FIXTURES / "baked" / "badge.png").read_bytes())  # nothing baked
    with pytest.raises(openbadges.BakeError):
        openbadges.unbake(b"\x89PNG\r\n\x1a\n truncated")


def test_derive_from_a_peer_base_proof() -> None:
    case = next(c for c in json.loads((INTEROP / "manifest.json").read_text())["cases"] if c["format"] == "ldp-di/ecdsa-sd-2023-base")
    base = (INTEROP / case["file"]).read_text(encoding="utf-8")
    derived = openbadges.derive(base, ["/credentialSubject/achievement/name"])
    value = json.loads(derived)
    assert value["credentialSubject"]["achievement"]["name"]
    report = openbadges.verify(derived, at="2025-06-01T00:00:00Z")
    assert report.ok, report.to_json()


def test_issue_sd_then_derive(unsigned_badge: dict[str, Any]) -> None:
    key = openbadges.SecretKey.generate("p256")
    unsigned_badge["issuer"]["id"] = key.did_key
    issuer = openbadges.Issuer(key, "ecdsa-sd-2023")
    assert issuer.suite == "ecdsa-sd-2023"
    base = issuer.issue(unsigned_badge)
    assert openbadges.verify(base).has_code("proof.sd_base")  # a holder's, not a verifier's
    derived = openbadges.derive(base, ["/credentialSubject/achievement/name"])
    assert openbadges.verify(derived).ok
    forged = json.loads(derived)
    forged["credentialSubject"]["achievement"]["name"] = "Forged"
    assert openbadges.verify(forged).verdict == "invalid"


def test_derive_errors(minimal_badge: bytes) -> None:
    with pytest.raises(openbadges.DisclosureError):
        openbadges.derive(minimal_badge, ["/issuer"])  # an eddsa proof does not derive
    with pytest.raises(openbadges.ParseError):
        openbadges.derive(b"{", [])
    with pytest.raises(openbadges.DisclosureError):
        openbadges.derive("not~an~sd-jwt", [])


def test_derive_an_sd_jwt() -> None:
    sd_jwt = (INTEROP / "credentials" / "ob-minimal-vc+sd-jwt-ES256.sd-jwt").read_text().strip()
    at = "2025-06-01T00:00:00Z"
    nothing = openbadges.derive(sd_jwt, [])
    name = openbadges.derive(sd_jwt, ["/credentialSubject/achievement/name"])
    # Each disclosure is one `~`-separated part: revealing a claim adds exactly one.
    assert nothing.count("~") < sd_jwt.count("~")
    assert name.count("~") == nothing.count("~") + 1
    assert openbadges.verify(nothing, at=at).ok
    report = openbadges.verify(name, at=at)
    assert report.ok, report.to_json()
    with pytest.raises(openbadges.DisclosureError):
        openbadges.derive(sd_jwt, ["/no/such/claim"])
