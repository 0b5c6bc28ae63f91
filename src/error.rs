//! The umbrella [`Error`]: every operation's own error converts into it.

use crate::document::ParseError;

/// Any error of this crate.
///
/// Each operation returns its own `#[non_exhaustive]` error enum; this one wraps them for
/// callers that handle errors generically (`?` converts every one of them).
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The input could not be parsed.
    #[error(transparent)]
    Parse(#[from] ParseError),
    /// A document could not be read from a file or a reader.
    #[error(transparent)]
    Read(#[from] crate::document::ReadError),
    /// JSON does not fit the typed model.
    #[error(transparent)]
    Model(#[from] crate::model::ModelError),
    /// A key could not be read, encoded or used.
    #[error(transparent)]
    Key(#[from] crate::crypto::KeyError),
    /// A signer failed.
    #[error(transparent)]
    Sign(#[from] crate::crypto::SignError),
    /// A signature check could not run.
    #[error(transparent)]
    Signature(#[from] crate::crypto::SignatureError),
    /// A verification method could not be resolved.
    #[error(transparent)]
    Resolve(#[from] crate::resolve::ResolveError),
    /// A document could not be fetched.
    #[error(transparent)]
    Fetch(#[from] crate::fetch::FetchError),
    /// A proof could not be created.
    #[error(transparent)]
    Proof(#[from] crate::proof::ProofError),
    /// RDFC-1.0 canonicalization failed (limits).
    #[error(transparent)]
    Canon(#[from] crate::rdf::CanonError),
    /// N-Quads input is malformed.
    #[error(transparent)]
    NQuads(#[from] crate::rdf::nquads::NQuadsError),
    /// RFC 8785 canonicalization failed.
    #[error(transparent)]
    Jcs(#[from] crate::jcs::JcsError),
    /// JSON-LD processing failed (safe mode, unknown context, limits).
    #[error(transparent)]
    JsonLd(#[from] crate::jsonld::JsonLdError),
    /// A status list operation failed.
    #[error(transparent)]
    Status(#[from] crate::status::StatusError),
    /// A credential could not be baked into an image.
    #[error(transparent)]
    Bake(#[from] crate::bake::BakeError),
    /// No credential could be extracted from an image.
    #[error(transparent)]
    Unbake(#[from] crate::bake::UnbakeError),
    /// Verification could not run.
    #[error(transparent)]
    Verify(#[from] crate::verify::VerifyError),
    /// A JWS could not be decoded.
    #[error(transparent)]
    Jws(#[from] crate::jose::JwsError),
    /// A JWT could not be issued.
    #[error(transparent)]
    IssueJwt(#[from] crate::jose::IssueJwtError),
    /// An SD-JWT could not be issued, parsed or presented.
    #[error(transparent)]
    SdJwt(#[from] crate::jose::sd_jwt::SdJwtError),
    /// A presentation could not be built or signed.
    #[error(transparent)]
    Present(#[from] crate::present::PresentError),
    /// A verification policy is inconsistent.
    #[error(transparent)]
    Policy(#[from] crate::verify::PolicyError),
    /// A credential could not be issued (validation, signing).
    #[error(transparent)]
    Issue(#[from] crate::issue::IssueError),
    /// A PNG image is malformed.
    #[error(transparent)]
    Png(#[from] crate::bake::PngError),
    /// An SVG image is malformed.
    #[error(transparent)]
    Svg(#[from] crate::bake::SvgError),
    /// A baked credential payload is unusable.
    #[error(transparent)]
    BakedCredential(#[from] crate::bake::CredentialError),
    /// A JSON-LD context could not be loaded.
    #[error(transparent)]
    Load(#[from] crate::jsonld::LoadError),
    /// A date or date-time is malformed.
    #[error(transparent)]
    DateTime(#[from] crate::values::DateTimeError),
    /// An IRI is malformed.
    #[error(transparent)]
    Iri(#[from] crate::values::IriError),
    /// CBOR (ecdsa-sd-2023 proof values) is malformed.
    #[error(transparent)]
    Cbor(#[from] crate::sd::CborError),
    /// A selective-disclosure operation failed.
    #[error(transparent)]
    Sd(#[from] crate::sd::SdError),
    /// A multibase string is malformed.
    #[error(transparent)]
    Multibase(#[from] crate::crypto::multibase::MultibaseError),
    /// An enveloped credential could not be made or read.
    #[error(transparent)]
    Envelope(#[from] crate::jose::EnvelopeError),
    /// A bundled JSON Schema does not compile.
    #[cfg(feature = "schema")]
    #[error(transparent)]
    Schema(#[from] crate::validate::SchemaError),
    /// A document could not be canonicalized for a proof.
    #[error(transparent)]
    Canonicalize(#[from] crate::proof::CanonicalizeError),
    /// A DID document could not be built.
    #[error(transparent)]
    Did(#[from] crate::did::DidError),
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_are_send_sync_static() {
        fn check<T: Send + Sync + 'static>() {}
        check::<Error>();
    }

    /// Every public error of the crate converts into [`Error`] with `?`: this list names
    /// each of them, so a new error type that is not wired in fails to compile here.
    #[test]
    fn every_public_error_converts_with_the_question_mark() {
        fn converts<E: Into<Error>>() {}
        converts::<ParseError>();
        converts::<crate::model::ModelError>();
        converts::<crate::crypto::KeyError>();
        converts::<crate::crypto::SignError>();
        converts::<crate::crypto::SignatureError>();
        converts::<crate::crypto::multibase::MultibaseError>();
        converts::<crate::resolve::ResolveError>();
        converts::<crate::fetch::FetchError>();
        converts::<crate::proof::ProofError>();
        converts::<crate::proof::CanonicalizeError>();
        converts::<crate::rdf::CanonError>();
        converts::<crate::rdf::nquads::NQuadsError>();
        converts::<crate::jcs::JcsError>();
        converts::<crate::jsonld::JsonLdError>();
        converts::<crate::jsonld::LoadError>();
        converts::<crate::status::StatusError>();
        converts::<crate::bake::BakeError>();
        converts::<crate::bake::UnbakeError>();
        converts::<crate::bake::PngError>();
        converts::<crate::bake::SvgError>();
        converts::<crate::bake::CredentialError>();
        converts::<crate::verify::VerifyError>();
        converts::<crate::verify::PolicyError>();
        converts::<crate::jose::JwsError>();
        converts::<crate::jose::IssueJwtError>();
        converts::<crate::jose::EnvelopeError>();
        converts::<crate::jose::sd_jwt::SdJwtError>();
        converts::<crate::present::PresentError>();
        converts::<crate::issue::IssueError>();
        converts::<crate::values::DateTimeError>();
        converts::<crate::values::IriError>();
        converts::<crate::sd::CborError>();
        converts::<crate::sd::SdError>();
        #[cfg(feature = "schema")]
        converts::<crate::validate::SchemaError>();
        converts::<crate::document::ReadError>();
        converts::<crate::did::DidError>();
    }

    #[test]
    fn the_question_mark_keeps_the_message() {
        fn parse() -> Result<crate::values::Iri, Error> {
            Ok(crate::values::Iri::parse("not an iri")?)
        }
        let error = parse().unwrap_err();
        assert!(matches!(error, Error::Iri(_)));
        assert!(!error.to_string().is_empty());
    }
}
