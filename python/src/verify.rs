//! `validate`, `verify`, `verify_many`: the library's validator and verifier, with the GIL
//! released while they run.

use std::sync::{Arc, OnceLock};

use openbadges::fetch::{Fetched, MemoryFetcher};
use openbadges::validate::Validator;
use openbadges::verify::{Policy, SchemaValidator, VerificationReport, Verifier, VerifyError};
use pyo3::prelude::*;
use pyo3::types::PyString;
use rayon::prelude::*;

use crate::errors;
use crate::input::{self, Input};
use crate::report::PyReport;

/// The bundled schemas, compiled once per process and shared by every verifier.
fn validator(py: Python<'_>) -> PyResult<&'static Arc<Validator>> {
    static VALIDATOR: OnceLock<Result<Arc<Validator>, String>> = OnceLock::new();
    VALIDATOR
        .get_or_init(|| Validator::new().map(Arc::new).map_err(|e| e.to_string()))
        .as_ref()
        .map_err(|e| errors::new(py, "Error", format!("the bundled schemas: {e}")))
}

/// The offline verifier under the default policy, built once.
fn default_verifier(py: Python<'_>) -> PyResult<&'static Verifier> {
    static VERIFIER: OnceLock<Verifier> = OnceLock::new();
    if let Some(verifier) = VERIFIER.get() {
        return Ok(verifier);
    }
    let validator = SchemaValidator(Arc::clone(validator(py)?));
    Ok(VERIFIER.get_or_init(|| Verifier::builder().validator(validator).build()))
}

/// The options of `verify` and `verify_many`, read from Python.
struct Options {
    at: Option<chrono::DateTime<chrono::Utc>>,
    challenge: Option<String>,
    domain: Option<String>,
    resources: Vec<(String, Vec<u8>)>,
}

impl Options {
    fn read(
        at: Option<&Bound<'_, PyAny>>,
        challenge: Option<String>,
        domain: Option<String>,
        resources: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Self> {
        let at = at.map(instant).transpose()?;
        let mut served = Vec::new();
        if let Some(resources) = resources {
            for pair in resources.call_method0("items")?.try_iter()? {
                let (url, document): (Bound<'_, PyAny>, Bound<'_, PyAny>) = pair?.extract()?;
                let url: String = url.extract().map_err(|_| {
                    pyo3::exceptions::PyTypeError::new_err(
                        "resources: every key must be a URL (str)",
                    )
                })?;
                served.push((url, input::bytes(&document)?));
            }
        }
        Ok(Options {
            at,
            challenge,
            domain,
            resources: served,
        })
    }

    fn is_default(&self) -> bool {
        self.at.is_none()
            && self.challenge.is_none()
            && self.domain.is_none()
            && self.resources.is_empty()
    }

    /// A verifier for these options (the shared default one when there are none).
    fn verifier(self, py: Python<'_>) -> PyResult<Verifier> {
        if self.is_default() {
            return default_verifier(py).cloned();
        }
        let mut policy = Policy::builder();
        if let Some(at) = self.at {
            policy = policy.at(at);
        }
        if let Some(challenge) = self.challenge {
            policy = policy.challenge(challenge);
        }
        if let Some(domain) = self.domain {
            policy = policy.domain(domain);
        }
        let policy = policy
            .build()
            .map_err(|e| pyo3::exceptions::PyValueError::new_err(e.to_string()))?;
        let mut fetcher = MemoryFetcher::new();
        for (url, bytes) in self.resources {
            fetcher.insert(url, Fetched::new(bytes, None));
        }
        let validator = SchemaValidator(Arc::clone(validator(py)?));
        Ok(Verifier::builder()
            .policy(policy)
            .fetcher(fetcher)
            .validator(validator)
            .build())
    }
}

/// `at`: an RFC 3339 `str`, or a timezone-aware `datetime.datetime`.
fn instant(at: &Bound<'_, PyAny>) -> PyResult<chrono::DateTime<chrono::Utc>> {
    let text: String = if at.is_instance_of::<PyString>() {
        at.extract()?
    } else if at.hasattr("isoformat")? && at.hasattr("tzinfo")? {
        if at.getattr("tzinfo")?.is_none() {
            return Err(pyo3::exceptions::PyValueError::new_err(
                "at: a naive datetime is ambiguous; give one with a timezone (tzinfo)",
            ));
        }
        at.call_method0("isoformat")?.extract()?
    } else {
        return Err(pyo3::exceptions::PyTypeError::new_err(
            "at: expected an RFC 3339 str or a timezone-aware datetime",
        ));
    };
    chrono::DateTime::parse_from_rfc3339(&text)
        .map(|t| t.with_timezone(&chrono::Utc))
        .map_err(|e| pyo3::exceptions::PyValueError::new_err(format!("at {text:?}: {e}")))
}

/// Verifies one input in any form the CLI takes (JSON, VC-JWT / vc+jwt, SD-JWT); input
/// that does not parse is an invalid report with the `parse.*` finding, as in the CLI.
fn judge(verifier: &Verifier, input: &Input) -> Result<PyReport, VerifyError> {
    let bytes = match input {
        Input::Bytes(bytes) => bytes,
        Input::Tree(document) => return Ok(PyReport::verification(&verifier.verify(document))),
    };
    match verifier.verify_bytes(bytes) {
        Ok(report) => Ok(PyReport::verification(&report)),
        Err(VerifyError::Parse(e)) => Ok(PyReport::unparsable(&e)),
        Err(VerifyError::NotText) => match openbadges::Document::from_slice(bytes) {
            Err(e) => Ok(PyReport::unparsable(&e)),
            Ok(document) => Ok(PyReport::verification(&verifier.verify(&document))),
        },
        Err(e) => Err(e),
    }
}

fn verify_error(py: Python<'_>, error: VerifyError) -> PyErr {
    match error {
        VerifyError::JwtUnsupported | VerifyError::SdJwtUnsupported => {
            errors::new(py, "UnsupportedError", error.to_string())
        }
        e => errors::from_library(py, e.into()),
    }
}

/// Validates a credential against the bundled 1EdTech JSON Schemas and the rules they miss
/// (no proof check).
#[pyfunction]
pub fn validate(py: Python<'_>, data: &Bound<'_, PyAny>) -> PyResult<PyReport> {
    let input = input::read(data)?;
    let validator = validator(py)?;
    Ok(py.detach(|| {
        PyReport::validation(match &input {
            Input::Bytes(bytes) => validator.validate_slice(bytes),
            Input::Tree(document) => validator.validate(document),
        })
    }))
}

/// Verifies a credential or presentation, offline.
#[pyfunction]
#[pyo3(signature = (data, *, at = None, challenge = None, domain = None, resources = None))]
pub fn verify(
    py: Python<'_>,
    data: &Bound<'_, PyAny>,
    at: Option<&Bound<'_, PyAny>>,
    challenge: Option<String>,
    domain: Option<String>,
    resources: Option<&Bound<'_, PyAny>>,
) -> PyResult<PyReport> {
    let input = input::read(data)?;
    let verifier = Options::read(at, challenge, domain, resources)?.verifier(py)?;
    py.detach(|| judge(&verifier, &input))
        .map_err(|e| verify_error(py, e))
}

/// Verifies many inputs in parallel (one verifier, every core), in input order.
#[pyfunction]
#[pyo3(signature = (items, *, at = None, challenge = None, domain = None, resources = None))]
pub fn verify_many(
    py: Python<'_>,
    items: &Bound<'_, PyAny>,
    at: Option<&Bound<'_, PyAny>>,
    challenge: Option<String>,
    domain: Option<String>,
    resources: Option<&Bound<'_, PyAny>>,
) -> PyResult<Vec<PyReport>> {
    let verifier = Options::read(at, challenge, domain, resources)?.verifier(py)?;
    judge_all(py, &verifier, items)
}

/// Verifies many inputs with `verifier`, in parallel, the GIL released.
fn judge_all(
    py: Python<'_>,
    verifier: &Verifier,
    items: &Bound<'_, PyAny>,
) -> PyResult<Vec<PyReport>> {
    let inputs = items
        .try_iter()?
        .map(|item| input::read(&item?))
        .collect::<PyResult<Vec<_>>>()?;
    let reports: Vec<Result<PyReport, VerifyError>> = py.detach(|| {
        inputs
            .par_iter()
            .map(|input| judge(verifier, input))
            .collect()
    });
    reports
        .into_iter()
        .map(|r| r.map_err(|e| verify_error(py, e)))
        .collect()
}

/// A verifier configured once (instant, challenge and domain, resources served by URL)
/// and used for many inputs, from any thread: the resolved keys and the verified status
/// lists are kept between calls.
#[pyclass(name = "Verifier", module = "openbadges", frozen)]
pub struct PyVerifier {
    verifier: Verifier,
}

#[pymethods]
impl PyVerifier {
    #[new]
    #[pyo3(signature = (*, at = None, challenge = None, domain = None, resources = None))]
    fn new(
        py: Python<'_>,
        at: Option<&Bound<'_, PyAny>>,
        challenge: Option<String>,
        domain: Option<String>,
        resources: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Self> {
        let verifier = Options::read(at, challenge, domain, resources)?.verifier(py)?;
        Ok(PyVerifier { verifier })
    }

    /// Verifies one input, the GIL released.
    fn verify(&self, py: Python<'_>, data: &Bound<'_, PyAny>) -> PyResult<PyReport> {
        let input = input::read(data)?;
        py.detach(|| judge(&self.verifier, &input))
            .map_err(|e| verify_error(py, e))
    }

    /// Verifies many inputs in parallel, in input order.
    fn verify_many(&self, py: Python<'_>, items: &Bound<'_, PyAny>) -> PyResult<Vec<PyReport>> {
        judge_all(py, &self.verifier, items)
    }

    fn __repr__(&self) -> String {
        let (challenge, domain) = self.verifier.policy().challenge_and_domain();
        format!("<Verifier challenge={challenge:?} domain={domain:?}>")
    }
}

/// Parses and verifies `data` `n` times in Rust, without Python in the loop; returns the
/// seconds taken. The baseline of `bench.py` (the rate the CLI verifies at, in process).
#[pyfunction]
#[pyo3(name = "_verify_loop", signature = (data, n))]
pub fn verify_loop(py: Python<'_>, data: &Bound<'_, PyAny>, n: usize) -> PyResult<f64> {
    let bytes = input::bytes(data)?;
    let verifier = default_verifier(py)?;
    Ok(py.detach(|| {
        let start = std::time::Instant::now();
        for _ in 0..n {
            let report: Result<VerificationReport, VerifyError> = verifier.verify_bytes(&bytes);
            std::hint::black_box(report.map(|r| r.verdict()).ok());
        }
        start.elapsed().as_secs_f64()
    }))
}
