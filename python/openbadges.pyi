"""Open Badges 3.0 and CLR 2.0 verifiable credentials, over the Rust ``openbadges`` crate.

Validate, verify (offline, every check reported), issue with Data Integrity proofs,
canonicalize (RDFC-1.0, RFC 8785), bake into PNG / SVG images, and disclose selectively
(ecdsa-sd-2023, SD-JWT). Functions that do real work release the GIL while they run, so
threads verify in parallel; ``verify_many`` spreads a list over every core itself.

A credential that fails its checks is not an exception: ``verify`` returns a ``Report``
whose findings say why. Exceptions (``openbadges.Error`` and its subclasses) mean the
operation could not run.
"""

import datetime
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Literal, Union, final

__version__: str
__all__ = [
    "Error",
    "ParseError",
    "InvalidCredential",
    "InvalidKey",
    "UnsupportedError",
    "CanonicalizationError",
    "SigningError",
    "BakeError",
    "DisclosureError",
    "Data",
    "Verdict",
    "Severity",
    "CheckStatus",
    "Suite",
    "KeyType",
    "__version__",
    "Report",
    "Finding",
    "Check",
    "Verifier",
    "SecretKey",
    "Issuer",
    "validate",
    "verify",
    "verify_many",
    "_verify_loop",
    "canonicalize",
    "bake",
    "unbake",
    "derive",
]

Data = Union[bytes, bytearray, str, dict[str, Any], list[Any], tuple[Any, ...]]
"""A document: its bytes or text as received (parsed strictly: duplicate keys, depth, size),
or a tree of JSON values (``dict`` with ``str`` keys, ``list`` / ``tuple``, ``str``, ``int``,
``float``, ``bool``, ``None``), converted as it is, at most 100 levels deep."""

Verdict = Literal["valid", "invalid", "indeterminate"]
Severity = Literal["error", "warning", "info"]
CheckStatus = Literal["passed", "failed", "indeterminate", "skipped"]
Suite = Literal[
    "eddsa-rdfc-2022",
    "eddsa-jcs-2022",
    "ecdsa-rdfc-2019",
    "ecdsa-jcs-2019",
    "ecdsa-sd-2023",
]
KeyType = Literal["ed25519", "p256", "p384"]

# --- exceptions -----------------------------------------------------------------------

class Error(Exception):
    """The base class of every error raised by openbadges."""

class ParseError(Error, ValueError):
    """The input is not an acceptable JSON document (syntax, UTF-8, size, depth, duplicate
    key), or an object that is not a tree of JSON values."""

class InvalidCredential(Error):
    """Issuing was refused: the credential fails validation."""

    findings: list[Finding]
    """The findings of the validation that refused it."""

    def __init__(self, message: str, findings: Iterable[Finding] = ...) -> None: ...

class InvalidKey(Error, ValueError):
    """A key that cannot be read, generated or used."""

class UnsupportedError(Error):
    """A cryptosuite, key type, hash or form this build does not handle."""

class CanonicalizationError(Error):
    """JSON-LD expansion, RDFC-1.0 or RFC 8785 canonicalization could not run (an unknown
    context, an undefined term in safe mode, a poison graph past the work limit)."""

class SigningError(Error):
    """A proof could not be made."""

class BakeError(Error):
    """An image could not be baked, or no credential could be unbaked from it."""

class DisclosureError(Error):
    """Selective disclosure could not derive (no ecdsa-sd-2023 base proof, a pointer that
    selects nothing, a malformed SD-JWT)."""

# --- reports --------------------------------------------------------------------------

@final
class Finding:
    """One result of a check."""

    @property
    def code(self) -> str:
        """The stable machine code, ``area.reason`` (``proof.signature``, ``validity.expired``)."""
    @property
    def severity(self) -> Severity:
        """How much it matters; only errors make a document invalid."""
    @property
    def path(self) -> str:
        """Where in the document, as a JSON path (``$.credentialSubject.achievement``)."""
    @property
    def pointer(self) -> str:
        """Where in the document, as a JSON Pointer (``/credentialSubject/achievement``)."""
    @property
    def message(self) -> str:
        """What is wrong, for a person."""

@final
class Check:
    """One line of the verifier's checklist: every check that ran or was skipped."""

    @property
    def id(self) -> str:
        """The stable name: ``structure``, ``schema``, ``proof``, ``issuer_binding``,
        ``holder_binding``, ``challenge_domain``, ``validity``, ``status``, ``recipient``,
        ``refresh``, ``endorsements``, ``nested_credentials``."""
    @property
    def title(self) -> str:
        """What the check is, in a few plain words."""
    @property
    def status(self) -> CheckStatus:
        """How it ended."""
    @property
    def reason(self) -> str:
        """Why, in a sentence."""
    @property
    def codes(self) -> list[str]:
        """The codes of the findings attributed to this check."""

@final
class Report:
    """The outcome of ``validate`` or ``verify``."""

    @property
    def verdict(self) -> Verdict:
        """``"indeterminate"`` when something needed (a status list, a did:web key) could
        not be obtained offline: never ``"valid"`` by default."""
    @property
    def ok(self) -> bool:
        """True when the verdict is ``"valid"``."""
    @property
    def findings(self) -> list[Finding]:
        """Every finding, of the document and of what it embeds (endorsements, CLR members,
        status lists), in the order the checks produced them."""
    @property
    def errors(self) -> list[Finding]:
        """The findings that are errors."""
    @property
    def checks(self) -> list[Check]:
        """The verifier's checklist (empty for ``validate``)."""
    def has_code(self, code: str) -> bool:
        """True when some finding has this code."""
    def to_json(self, *, indent: int | None = None) -> str:
        """The JSON ``openbadges verify --format jsonl`` prints for this input, without its
        ``file`` member: ``verified``, ``verdict``, ``findings`` (``code``, ``severity``,
        ``path``, ``message``) and ``checks`` (``check``, ``status``, ``reason``,
        ``codes``)."""
    def to_dict(self) -> dict[str, Any]:
        """``to_json()`` as Python objects."""

# --- validation and verification ------------------------------------------------------

def validate(data: Data) -> Report:
    """Validates a credential against the bundled 1EdTech JSON Schemas and the rules they
    miss; no proof is checked. Input that does not parse is an invalid report with a
    ``parse.*`` finding."""

def verify(
    data: Data,
    *,
    at: str | datetime.datetime | None = None,
    challenge: str | None = None,
    domain: str | None = None,
    resources: Mapping[str, Data] | None = None,
) -> Report:
    """Verifies a credential or presentation, offline: Data Integrity proofs, VC-JWT,
    vc+jwt, SD-JWT, enveloped credentials; issuer key binding, validity dates, status lists,
    endorsements, nested CLR credentials.

    ``at`` verifies at that instant (RFC 3339 text, or a timezone-aware datetime) instead
    of now; ``challenge`` and ``domain`` are what a presentation's proof must carry;
    ``resources`` serves documents by URL (status lists, DID and controller documents)
    instead of fetching them. The GIL is released while it runs. Input that does not parse
    is an invalid report with a ``parse.*`` finding."""

def verify_many(
    items: Iterable[Data],
    *,
    at: str | datetime.datetime | None = None,
    challenge: str | None = None,
    domain: str | None = None,
    resources: Mapping[str, Data] | None = None,
) -> list[Report]:
    """``verify`` over every item, in parallel on every core, with one verifier; the
    reports are in input order."""

@final
class Verifier:
    """A verifier configured once and used for many inputs, from any thread (a web
    service's): the options of ``verify``, and the keys it resolved and the status lists it
    verified are kept between calls."""

    def __new__(
        cls,
        *,
        at: str | datetime.datetime | None = None,
        challenge: str | None = None,
        domain: str | None = None,
        resources: Mapping[str, Data] | None = None,
    ) -> Verifier: ...
    def verify(self, data: Data) -> Report:
        """As ``openbadges.verify`` with this verifier's options."""
    def verify_many(self, items: Iterable[Data]) -> list[Report]:
        """As ``openbadges.verify_many`` with this verifier's options."""

def _verify_loop(data: Data, n: int) -> float:
    """Parses and verifies ``data`` ``n`` times in Rust with no Python in the loop; returns
    the seconds taken (the baseline of ``bench.py``)."""

# --- keys and issuing -----------------------------------------------------------------

@final
class SecretKey:
    """A secret signing key. Its ``repr`` never shows the secret."""

    @staticmethod
    def generate(key_type: KeyType = "ed25519") -> SecretKey:
        """A new key from the operating system's random number generator."""
    @staticmethod
    def from_multibase(text: str) -> SecretKey:
        """A key from its multibase multicodec form (as ``openbadges keygen`` writes it)."""
    @staticmethod
    def from_seed(key_type: KeyType, seed: bytes) -> SecretKey:
        """A key from its secret bytes (the 32-byte Ed25519 seed, or the ECDSA scalar)."""
    def to_multibase(self) -> str:
        """The secret key in multibase multicodec form. Keep it secret."""
    @property
    def key_type(self) -> Literal["Ed25519", "P-256", "P-384"]:
        """The curve."""
    @property
    def did_key(self) -> str:
        """The ``did:key`` DID of the public key: use it as the issuer's ``id``."""
    @property
    def public_key_multibase(self) -> str:
        """The public key in multibase multicodec form (``z6Mk…`` for Ed25519)."""

@final
class Issuer:
    """Signs credentials with a Data Integrity proof of ``suite``, made with ``key`` under
    its did:key verification method (or ``key_id``). Every credential is validated first."""

    def __new__(
        cls, key: SecretKey, suite: Suite = "eddsa-rdfc-2022", *, key_id: str | None = None
    ) -> Issuer: ...
    @property
    def key_id(self) -> str:
        """The verification method the proofs name."""
    @property
    def suite(self) -> Suite:
        """The cryptosuite of the proofs."""
    def issue(
        self,
        credential: Data,
        *,
        created: str | None = None,
        mandatory: Sequence[str] | None = None,
    ) -> str:
        """Validates and signs ``credential``; returns the signed credential as JSON text.

        ``created`` sets the proof's ``created`` (default: now). For ecdsa-sd-2023,
        ``mandatory`` lists the JSON pointers every disclosure must reveal (default: what
        Open Badges needs). Raises ``InvalidCredential`` when validation fails."""

# --- canonical forms, baking, selective disclosure -----------------------------------

def canonicalize(
    data: Data,
    *,
    algorithm: Literal["rdfc-1.0", "nquads", "jcs"] = "rdfc-1.0",
    hash: Literal["sha256", "sha384"] | None = None,
) -> str:
    """The canonical form, as ``openbadges canonicalize`` prints it: ``"rdfc-1.0"`` expands
    JSON-LD with the bundled contexts and gives RDFC-1.0 N-Quads; ``"nquads"`` takes N-Quads
    text; ``"jcs"`` gives RFC 8785 JSON. With ``hash``, the lower-case hex digest of those
    bytes instead."""

def bake(image: bytes, credential: Data) -> bytes:
    """``image`` (PNG or SVG) with ``credential`` baked in: a JSON credential or a compact
    JWS."""

def unbake(image: bytes) -> str:
    """The credential baked into ``image`` (PNG or SVG), as the text it was baked as."""

def derive(credential: Data, reveal: Sequence[str]) -> str:
    """Selective disclosure by a holder. A credential with an ecdsa-sd-2023 base proof
    becomes a derived credential (JSON text) revealing the issuer's mandatory claims plus
    those at the JSON pointers ``reveal``; an SD-JWT (text) becomes an SD-JWT presentation
    disclosing the claims at ``reveal``, without key binding."""
