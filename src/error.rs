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
    Fetch(#[from] crate::resolve::FetchError),
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
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_are_send_sync_static() {
        fn check<T: Send + Sync + 'static>() {}
        check::<Error>();
    }
}
