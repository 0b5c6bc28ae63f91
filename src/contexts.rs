//! The bundled JSON-LD contexts, served offline for their canonical URLs.
//!
//! Every file in `contexts/` is a verbatim copy of a published context (see
//! `contexts/NOTICE`). Nothing here touches the network: a URL that is not in the table is
//! simply not known, and the JSON-LD loader refuses it.
//!
//! ```
//! use openbadges::contexts;
//!
//! let ob = contexts::get("https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json").unwrap();
//! assert!(ob.text.contains("OpenBadgeCredential"));
//! assert!(contexts::get("https://example.com/unknown").is_none());
//! ```

/// One bundled context document.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct BundledContext {
    /// The canonical URL it is served for (the first of its URLs).
    pub url: &'static str,
    /// Every URL it is served for, canonical first.
    pub urls: &'static [&'static str],
    /// File name under `contexts/`.
    pub file: &'static str,
    /// The exact published text.
    pub text: &'static str,
}

macro_rules! bundled {
    ($file:literal, [$($url:literal),+ $(,)?]) => {
        BundledContext {
            url: first!($($url),+),
            urls: &[$($url),+],
            file: $file,
            text: include_str!(concat!("../contexts/", $file)),
        }
    };
}

macro_rules! first {
    ($first:literal $(, $rest:literal)*) => {
        $first
    };
}

/// URL of the VC Data Model 2.0 context.
pub const VC_V2: &str = "https://www.w3.org/ns/credentials/v2";
/// URL of the VC Data Model 1.1 context.
pub const VC_V1: &str = "https://www.w3.org/2018/credentials/v1";
/// URL of the current Open Badges 3.0 context (3.0.3).
pub const OB_V3P0_3_0_3: &str = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json";
/// URL of the Open Badges 3.0 extensions context.
pub const OB_V3P0_EXTENSIONS: &str = "https://purl.imsglobal.org/spec/ob/v3p0/extensions.json";
/// URL of the current CLR 2.0 context (2.0.1).
pub const CLR_V2P0_2_0_1: &str = "https://purl.imsglobal.org/spec/clr/v2p0/context-2.0.1.json";

/// Every bundled context.
pub static ALL: &[BundledContext] = &[
    bundled!(
        "credentials-v2.jsonld",
        ["https://www.w3.org/ns/credentials/v2"]
    ),
    bundled!(
        "credentials-v1.jsonld",
        ["https://www.w3.org/2018/credentials/v1"]
    ),
    bundled!(
        "credentials-examples-v2.jsonld",
        ["https://www.w3.org/ns/credentials/examples/v2"]
    ),
    bundled!(
        "data-integrity-v1.jsonld",
        ["https://w3id.org/security/data-integrity/v1"]
    ),
    bundled!(
        "data-integrity-v2.jsonld",
        ["https://w3id.org/security/data-integrity/v2"]
    ),
    bundled!(
        "multikey-v1.jsonld",
        ["https://w3id.org/security/multikey/v1"]
    ),
    bundled!(
        "ed25519-2020-v1.jsonld",
        ["https://w3id.org/security/suites/ed25519-2020/v1"]
    ),
    bundled!(
        "did-v1.jsonld",
        ["https://www.w3.org/ns/did/v1", "https://w3id.org/did/v1"]
    ),
    bundled!(
        "ob-v3p0-context.json",
        [
            "https://purl.imsglobal.org/spec/ob/v3p0/context.json",
            "https://purl.imsglobal.org/spec/ob/v3p0/context/ob_v3p0.jsonld"
        ]
    ),
    bundled!(
        "ob-v3p0-context-3.0.1.json",
        ["https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.1.json"]
    ),
    bundled!(
        "ob-v3p0-context-3.0.2.json",
        ["https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.2.json"]
    ),
    bundled!(
        "ob-v3p0-context-3.0.3.json",
        ["https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"]
    ),
    bundled!(
        "ob-v3p0-extensions.json",
        ["https://purl.imsglobal.org/spec/ob/v3p0/extensions.json"]
    ),
    bundled!(
        "clr-v2p0-context.json",
        ["https://purl.imsglobal.org/spec/clr/v2p0/context.json"]
    ),
    bundled!(
        "clr-v2p0-context-2.0.1.json",
        ["https://purl.imsglobal.org/spec/clr/v2p0/context-2.0.1.json"]
    ),
];

/// The bundled context served for `url`, if any.
///
/// Matching is exact (no normalization): a context URL is an identifier.
pub fn get(url: &str) -> Option<&'static BundledContext> {
    ALL.iter().find(|c| c.urls.contains(&url))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_bundled_context_is_json_with_a_context() {
        for c in ALL {
            let v: serde_json::Value =
                serde_json::from_str(c.text).unwrap_or_else(|e| panic!("{}: {e}", c.file));
            assert!(v.get("@context").is_some(), "{} has no @context", c.file);
            assert_eq!(get(c.url).map(|b| b.file), Some(c.file));
        }
    }
}
