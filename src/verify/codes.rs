//! Finding codes produced by the verifier (`area.reason`, stable).
//!
//! Status codes of the Bitstring Status List check itself (`status.revoked`,
//! `status.suspended`, ...) live in [`crate::status::codes`]; the codes of a JWT's own
//! checks (`jwt.signature`, `jwt.key_not_issuer`, ...) in [`crate::jose::codes`], and of an
//! SD-JWT's (`sd_jwt.kb_nonce`, `sd_jwt.disclosure_unreferenced`, ...) in
//! [`crate::jose::sd_jwt::codes`]. Those are reported at the JWT's place in the document
//! (`$.endorsementJwt[0]`, `$.id` of an envelope, `$` of a fetched list) and, like
//! `proof.*`, cannot be made lenient.

/// The credential has no proof, or the proof checker found none.
pub const PROOF_MISSING: &str = "proof.missing";
/// The proof's type or cryptosuite is not one this verifier evaluates (beside an accepted
/// proof, a warning; alone, an error).
pub const PROOF_UNSUPPORTED: &str = "proof.unsupported";
/// The proof checker reported a proof invalid without saying why.
pub const PROOF_INVALID: &str = "proof.invalid";
/// The proof's suite is not among the policy's allowed suites.
pub const PROOF_SUITE_NOT_ALLOWED: &str = "proof.suite_not_allowed";
/// The proof's verification method is not controlled by the credential's issuer.
pub const PROOF_ISSUER_MISMATCH: &str = "proof.issuer_mismatch";
/// The presentation's proof is not controlled by its holder.
pub const PROOF_HOLDER_MISMATCH: &str = "proof.holder_mismatch";
/// The policy switched issuer (holder) binding off: the proof's key was not checked against
/// the issuer (warning; see `PolicyBuilder::issuer_binding`).
pub const PROOF_ISSUER_BINDING_OFF: &str = "proof.issuer_binding_off";

/// The key of a proof or signature could not be obtained (offline, a transport failure, an
/// HTTP status): the proof is unverified and the verdict indeterminate, never invalid for
/// that alone ([`crate::resolve::KEY_UNAVAILABLE`]).
pub const PROOF_KEY_UNAVAILABLE: &str = crate::resolve::KEY_UNAVAILABLE;

/// The current time is after `validUntil` / `expirationDate` (plus leeway).
pub const VALIDITY_EXPIRED: &str = "validity.expired";
/// The current time is before `validFrom` / `issuanceDate` (minus leeway).
pub const VALIDITY_NOT_YET_VALID: &str = "validity.not_yet_valid";
/// A date is not an RFC 3339 / xsd:dateTime string, or the window is inverted.
pub const VALIDITY_MALFORMED: &str = "validity.malformed";

/// A status resource (status list, revocation list) could not be fetched or parsed
/// (the verdict becomes indeterminate).
pub const STATUS_UNAVAILABLE: &str = "status.unavailable";
/// A `credentialStatus` entry of a type this verifier does not know.
pub const STATUS_UNKNOWN_TYPE: &str = "status.unknown_type";
/// The status list credential's issuer differs from the credential's issuer.
pub const STATUS_ISSUER_MISMATCH: &str = "status.issuer_mismatch";
/// The status list credential did not verify (proof, dates, type).
pub const STATUS_LIST_UNVERIFIED: &str = "status.list_unverified";
/// A revocation list cannot be consulted: the credential has no `id`.
pub const STATUS_NO_CREDENTIAL_ID: &str = "status.no_credential_id";
/// Status checks are turned off by the policy (informational).
pub const STATUS_SKIPPED: &str = "status.skipped";

/// The credential was refreshed and the refreshed credential verified (informational).
pub const REFRESH_USED: &str = "refresh.used";
/// Refreshing failed; the original credential was verified instead.
pub const REFRESH_FAILED: &str = "refresh.failed";

/// No `credentialSubject` `id` or `identifier` matches the expected recipient.
pub const RECIPIENT_MISMATCH: &str = "recipient.mismatch";
/// An `identifier` entry is malformed (hash syntax, missing members).
pub const RECIPIENT_MALFORMED: &str = "recipient.malformed";

/// `@context` is missing or not a string / array of contexts.
pub const CONTEXT_MISSING: &str = "context.missing";
/// The first context is not the VC Data Model v2 (or v1.1) context.
pub const CONTEXT_FIRST: &str = "context.first";
/// The OB 3.0 / CLR 2.0 context a credential of this type needs is absent.
pub const CONTEXT_PROFILE_MISSING: &str = "context.profile_missing";
/// The credential uses the VC Data Model 1.1 (legacy, accepted with a warning).
pub const CONTEXT_VCDM1: &str = "context.vcdm1";
/// `type` is missing or not a string / array of strings.
pub const TYPE_MISSING: &str = "type.missing";
/// `type` lacks `VerifiableCredential` (or `VerifiablePresentation`).
pub const TYPE_BASE_MISSING: &str = "type.base_missing";
/// A verifiable credential of no type this verifier knows (checked generically).
pub const TYPE_UNRECOGNIZED: &str = "type.unrecognized";
/// The credential has no `issuer` (or an issuer without `id`).
pub const ISSUER_MISSING: &str = "issuer.missing";
/// The credential is not a JSON object.
pub const CREDENTIAL_NOT_OBJECT: &str = "credential.not_object";
/// A JWT- or SD-JWT-encoded credential, endorsement (`endorsementJwt`) or fetched status
/// list that this verifier cannot check because its proof checker has no JWT support
/// (indeterminate). The standard checker ([`DataIntegrityChecker`](super::DataIntegrityChecker))
/// supports every form, so with it a JWT is always verified: a token that cannot be
/// decoded is `jwt.malformed` / `sd_jwt.malformed` and invalid, never this code.
pub const JWT_UNSUPPORTED: &str = "credential.jwt_unsupported";
/// An endorsement (under `endorsement`, or decoded from an `endorsementJwt`) that is a
/// credential of another type than `EndorsementCredential`.
pub const ENDORSEMENT_TYPE: &str = "endorsement.type";
/// No schema validator is configured although schema checks are on (informational).
pub const SCHEMA_SKIPPED: &str = "schema.skipped";

/// Nested credentials deeper than the policy's maximum depth.
pub const TOO_DEEP: &str = "verify.too_deep";
/// More credentials in one verification than the policy allows.
pub const TOO_MANY: &str = "verify.too_many";
/// More fetches in one verification than the policy allows (indeterminate).
pub const FETCH_LIMIT: &str = "verify.fetch_limit";

/// Codes that make a verdict [`Indeterminate`](super::Verdict::Indeterminate) rather than
/// invalid: something needed could not be obtained or checked.
pub const INDETERMINATE: &[&str] = &[
    STATUS_UNAVAILABLE,
    JWT_UNSUPPORTED,
    FETCH_LIMIT,
    PROOF_KEY_UNAVAILABLE,
];

/// True for codes that lenient mode may never downgrade (proof and signature checks).
pub fn is_protected(code: &str) -> bool {
    code.starts_with("proof.")
        || code.starts_with("signature.")
        || code.starts_with("jose.")
        || code.starts_with("jwt.")
        || code.starts_with("sd_jwt.")
}

/// A top-level `EnvelopedVerifiableCredential` whose `data:` URL is of a media type the
/// verifier does not unwrap (only `application/vc+jwt`, `application/vc+sd-jwt`,
/// `application/dc+sd-jwt` and `application/jwt` are).
pub const ENVELOPE_MEDIA_TYPE: &str = "envelope.media_type";
