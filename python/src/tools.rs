//! `canonicalize`, `bake` / `unbake`, `derive`: the library's canonical forms, baked badge
//! images and selective disclosure.

use openbadges::bake::{self as baking, BakedCredential};
use openbadges::jcs;
use openbadges::jose::sd_jwt::SdJwt;
use openbadges::rdf::canon::{self, CanonOptions, HashAlgorithm};
use openbadges::rdf::nquads;
use pyo3::prelude::*;
use pyo3::types::PyBytes;

use crate::errors;
use crate::input;

fn hash_algorithm(py: Python<'_>, hash: Option<&str>) -> PyResult<Option<HashAlgorithm>> {
    match hash {
        None => Ok(None),
        Some("sha256") => Ok(Some(HashAlgorithm::Sha256)),
        Some("sha384") => Ok(Some(HashAlgorithm::Sha384)),
        Some(other) => Err(errors::new(
            py,
            "UnsupportedError",
            format!("hash {other:?}: expected \"sha256\" or \"sha384\""),
        )),
    }
}

fn canonical(
    py: Python<'_>,
    data: &Bound<'_, PyAny>,
    algorithm: &str,
    hash: Option<HashAlgorithm>,
) -> PyResult<String> {
    match algorithm {
        "jcs" => {
            let document = input::document(data)?;
            py.detach(|| jcs::canonicalize(document.value()))
                .map_err(errors::lib(py))
        }
        "rdfc-1.0" => {
            let document = input::document(data)?;
            py.detach(|| {
                openbadges::jsonld::Processor::default()
                    .to_rdf(document.value(), &openbadges::jsonld::Options::default())
                    .map_err(openbadges::Error::from)
                    .and_then(|quads| rdfc(&quads, hash))
            })
            .map_err(|e| errors::from_library(py, e))
        }
        "nquads" => {
            let text = input::text(data)?;
            py.detach(|| {
                nquads::parse(&text)
                    .map_err(openbadges::Error::from)
                    .and_then(|quads| rdfc(&quads, hash))
            })
            .map_err(|e| errors::from_library(py, e))
        }
        other => Err(errors::new(
            py,
            "UnsupportedError",
            format!("algorithm {other:?}: expected \"rdfc-1.0\", \"nquads\" or \"jcs\""),
        )),
    }
}

fn rdfc(
    quads: &[openbadges::rdf::Quad],
    hash: Option<HashAlgorithm>,
) -> Result<String, openbadges::Error> {
    let options = CanonOptions::new().with_hash(hash.unwrap_or(HashAlgorithm::Sha256));
    Ok(canon::canonicalize(quads, &options)?.into_nquads())
}

/// The canonical form two verifiers agree on, as `openbadges canonicalize` prints it.
///
/// `algorithm`: `"rdfc-1.0"` (JSON-LD expanded with the bundled contexts, then RDFC-1.0
/// N-Quads), `"nquads"` (the input is N-Quads; RDFC-1.0) or `"jcs"` (RFC 8785). With `hash`
/// (`"sha256"` or `"sha384"`), the lower-case hex digest of the canonical bytes instead (for
/// RDFC-1.0 also the hash used inside the algorithm).
#[pyfunction]
#[pyo3(signature = (data, *, algorithm = "rdfc-1.0", hash = None))]
pub fn canonicalize(
    py: Python<'_>,
    data: &Bound<'_, PyAny>,
    algorithm: &str,
    hash: Option<&str>,
) -> PyResult<String> {
    let hash = hash_algorithm(py, hash)?;
    let text = canonical(py, data, algorithm, hash)?;
    Ok(match hash {
        Some(hash) => hash.hex_digest(text.as_bytes()),
        None => text,
    })
}

/// `image` (PNG or SVG bytes) with `credential` baked in: a JSON credential (`str`, `bytes`
/// or `dict`) or a compact JWS (`str`).
#[pyfunction]
pub fn bake<'py>(
    py: Python<'py>,
    image: &[u8],
    credential: &Bound<'py, PyAny>,
) -> PyResult<Bound<'py, PyBytes>> {
    let text = input::text(credential)?;
    let credential = BakedCredential::detect(text).map_err(errors::lib(py))?;
    let baked = py
        .detach(|| baking::bake(image, &credential))
        .map_err(errors::lib(py))?;
    Ok(PyBytes::new(py, &baked))
}

/// The credential baked into `image` (PNG or SVG bytes), as the text it was baked as (JSON
/// or a compact JWS).
#[pyfunction]
pub fn unbake(py: Python<'_>, image: &[u8]) -> PyResult<String> {
    let credential = py
        .detach(|| baking::unbake(image))
        .map_err(errors::lib(py))?;
    Ok(credential.into_payload().into_string())
}

/// Selective disclosure by a holder: a credential with an ecdsa-sd-2023 base proof becomes
/// a derived credential revealing the issuer's mandatory claims plus those at the JSON
/// pointers `reveal` (returned as JSON text); an SD-JWT (`str`) becomes an SD-JWT
/// presentation disclosing the claims at `reveal` (without key binding).
#[pyfunction]
pub fn derive(
    py: Python<'_>,
    credential: &Bound<'_, PyAny>,
    reveal: Vec<String>,
) -> PyResult<String> {
    let document = match input::read(credential)? {
        input::Input::Tree(document) => document,
        input::Input::Bytes(bytes) => {
            let text = String::from_utf8(bytes).map_err(|e| {
                errors::new(py, "ParseError", format!("the input is not UTF-8: {e}"))
            })?;
            let trimmed = text.trim();
            if trimmed.starts_with('{') || !trimmed.contains('~') {
                openbadges::Document::from_str(&text).map_err(errors::lib(py))?
            } else {
                return sd_jwt(py, trimmed, &reveal);
            }
        }
    };
    let derived = py
        .detach(|| openbadges::sd::derive(document.value(), &reveal))
        .map_err(errors::lib(py))?;
    serde_json::to_string(&derived).map_err(|e| errors::new(py, "DisclosureError", e.to_string()))
}

/// An SD-JWT presentation disclosing the claims at `reveal`, without key binding.
fn sd_jwt(py: Python<'_>, trimmed: &str, reveal: &[String]) -> PyResult<String> {
    let parsed = SdJwt::parse(trimmed).map_err(errors::lib(py))?;
    let reveal: Vec<&str> = reveal.iter().map(String::as_str).collect();
    py.detach(|| parsed.present(&reveal))
        .map_err(errors::lib(py))
}
