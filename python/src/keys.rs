//! `SecretKey` and `Issuer`: generate keys, sign credentials with Data Integrity proofs.

use openbadges::crypto::{KeyType, SecretKey};
use openbadges::issue::{IssueOptions, Issuer};
use openbadges::proof::Cryptosuite;
use openbadges::sd::BaseProofOptions;
use pyo3::prelude::*;

use crate::errors;
use crate::input;

/// The suite name of selective disclosure base proofs.
const SD_SUITE: &str = openbadges::sd::CRYPTOSUITE;

fn key_type(py: Python<'_>, name: &str) -> PyResult<KeyType> {
    match name.to_ascii_lowercase().as_str() {
        "ed25519" => Ok(KeyType::Ed25519),
        "p256" | "p-256" => Ok(KeyType::P256),
        "p384" | "p-384" => Ok(KeyType::P384),
        _ => Err(errors::new(
            py,
            "UnsupportedError",
            format!("key type {name:?}: expected \"ed25519\", \"p256\" or \"p384\""),
        )),
    }
}

/// A secret signing key (Ed25519, P-256 or P-384). Its `repr` never shows the secret.
#[pyclass(name = "SecretKey", module = "openbadges", frozen)]
pub struct PySecretKey {
    key: SecretKey,
}

impl PySecretKey {
    /// A copy of the key (the library's keys are not `Clone`: they zeroize on drop).
    fn copy(&self, py: Python<'_>) -> PyResult<SecretKey> {
        SecretKey::from_seed(self.key.key_type(), &self.key.to_seed()).map_err(errors::lib(py))
    }
}

#[pymethods]
impl PySecretKey {
    /// A new key from the operating system's random number generator.
    #[staticmethod]
    #[pyo3(signature = (key_type = "ed25519"))]
    fn generate(py: Python<'_>, key_type: &str) -> PyResult<Self> {
        let kind = self::key_type(py, key_type)?;
        let key = SecretKey::generate(kind).map_err(errors::lib(py))?;
        Ok(PySecretKey { key })
    }

    /// A key from its multibase multicodec form (`z3u2…`, as `openbadges keygen` writes it).
    #[staticmethod]
    fn from_multibase(py: Python<'_>, text: &str) -> PyResult<Self> {
        let key = SecretKey::from_multibase(text.trim()).map_err(errors::lib(py))?;
        Ok(PySecretKey { key })
    }

    /// A key from its secret bytes (the 32-byte Ed25519 seed, or the ECDSA scalar).
    #[staticmethod]
    fn from_seed(py: Python<'_>, key_type: &str, seed: &[u8]) -> PyResult<Self> {
        let kind = self::key_type(py, key_type)?;
        let key = SecretKey::from_seed(kind, seed).map_err(errors::lib(py))?;
        Ok(PySecretKey { key })
    }

    /// The secret key in multibase multicodec form. Keep it secret.
    fn to_multibase(&self) -> String {
        self.key.to_multibase().to_string()
    }

    /// `"Ed25519"`, `"P-256"` or `"P-384"`.
    #[getter]
    fn key_type(&self) -> &'static str {
        self.key.key_type().as_str()
    }

    /// The `did:key` DID of the public key.
    #[getter]
    fn did_key(&self, py: Python<'_>) -> PyResult<String> {
        self.key
            .public_key()
            .did_key()
            .ok_or_else(|| errors::new(py, "UnsupportedError", "this key type has no did:key"))
    }

    /// The public key in multibase multicodec form (`z6Mk…` for Ed25519).
    #[getter]
    fn public_key_multibase(&self, py: Python<'_>) -> PyResult<String> {
        self.key.public_key().to_multibase().ok_or_else(|| {
            errors::new(
                py,
                "UnsupportedError",
                "this key type has no multibase form",
            )
        })
    }

    fn __repr__(&self) -> String {
        format!("<SecretKey {} (secret redacted)>", self.key.key_type())
    }
}

/// Signs credentials: validates each first (the bundled schemas and rules), then adds a
/// Data Integrity proof of the chosen suite, made with `key` under its did:key method (or
/// `key_id`).
#[pyclass(name = "Issuer", module = "openbadges", frozen)]
pub struct PyIssuer {
    issuer: Issuer,
    /// True for ecdsa-sd-2023 (base proofs for selective disclosure).
    selective: bool,
}

#[pymethods]
impl PyIssuer {
    #[new]
    #[pyo3(signature = (key, suite = "eddsa-rdfc-2022", *, key_id = None))]
    fn new(
        py: Python<'_>,
        key: &PySecretKey,
        suite: &str,
        key_id: Option<String>,
    ) -> PyResult<Self> {
        let secret = key.copy(py)?;
        let signer = match key_id {
            Some(id) => secret.into_signer(id),
            None => secret.into_did_key_signer(),
        };
        if suite == SD_SUITE {
            let issuer = Issuer::ecdsa_sd(signer).map_err(errors::lib(py))?;
            return Ok(PyIssuer {
                issuer,
                selective: true,
            });
        }
        let cryptosuite = Cryptosuite::from_name(suite)
            .filter(|s| s.can_sign())
            .ok_or_else(|| {
                errors::new(
                    py,
                    "UnsupportedError",
                    format!(
                        "cryptosuite {suite:?}: expected one of eddsa-rdfc-2022, eddsa-jcs-2022, \
                         ecdsa-rdfc-2019, ecdsa-jcs-2019, ecdsa-sd-2023"
                    ),
                )
            })?;
        let issuer = Issuer::new(signer, cryptosuite).map_err(errors::lib(py))?;
        Ok(PyIssuer {
            issuer,
            selective: false,
        })
    }

    /// The verification method the proofs name.
    #[getter]
    fn key_id(&self) -> &str {
        self.issuer.key_id()
    }

    /// The cryptosuite of the proofs.
    #[getter]
    fn suite(&self) -> &'static str {
        match self.issuer.suite() {
            Some(suite) => suite.name(),
            None => SD_SUITE,
        }
    }

    /// Validates `credential` and signs it; returns the signed credential as JSON text.
    ///
    /// `created` sets the proof's `created` (default: now). For ecdsa-sd-2023, `mandatory`
    /// lists the JSON pointers every disclosure must reveal (default: what Open Badges
    /// needs, `BaseProofOptions::open_badges`).
    #[pyo3(signature = (credential, *, created = None, mandatory = None))]
    fn issue(
        &self,
        py: Python<'_>,
        credential: &Bound<'_, PyAny>,
        created: Option<String>,
        mandatory: Option<Vec<String>>,
    ) -> PyResult<String> {
        let document = input::document(credential)?;
        if mandatory.is_some() && !self.selective {
            return Err(pyo3::exceptions::PyValueError::new_err(
                "mandatory pointers are for ecdsa-sd-2023 only",
            ));
        }
        let signed = py.detach(|| {
            if self.selective {
                let mut options = match mandatory {
                    Some(pointers) => BaseProofOptions::new(pointers),
                    None => BaseProofOptions::open_badges(document.value()),
                };
                if let Some(created) = created {
                    options = options.created(created);
                }
                self.issuer.issue_sd(document.value(), &options)
            } else {
                let options = match created {
                    Some(created) => IssueOptions::new().created(created),
                    None => IssueOptions::new().created_now(),
                };
                self.issuer.issue(document.value(), &options)
            }
        });
        let signed = signed.map_err(errors::lib(py))?;
        Ok(signed.as_str().to_owned())
    }

    fn __repr__(&self) -> String {
        format!("<Issuer {} {}>", self.suite(), self.issuer.key_id())
    }
}
