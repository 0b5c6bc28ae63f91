//! `Report`, `Finding` and `Check`: the verdict of `validate` / `verify`, built lazily from
//! the library's report (Python objects are made when an attribute is read, not per call).
//!
//! `Report.to_json()` is the line `openbadges verify --format jsonl` prints for the input,
//! without its `file` member: `verified`, `verdict`, `findings` and `checks`, serialized by
//! the library's own `Serialize` implementations of `Finding` and `Check`.

use openbadges::report::{Finding, JsonPath, Severity};
use openbadges::verify::{Check, Verdict, VerificationReport};
use pyo3::prelude::*;

/// The finding the CLI adds to an indeterminate verdict (`cli/src/verify.rs`), so that the
/// JSON of a report is the CLI's.
const INDETERMINATE: &str = "verify.indeterminate";

/// The outcome of `validate` or `verify`.
#[pyclass(name = "Report", module = "openbadges", frozen)]
pub struct PyReport {
    verdict: Verdict,
    findings: Vec<Finding>,
    checks: Vec<Check>,
}

impl PyReport {
    /// The report of a validation: valid when no finding is an error; no checklist.
    pub fn validation(report: openbadges::Report) -> Self {
        let verdict = if report.is_valid() {
            Verdict::Valid
        } else {
            Verdict::Invalid
        };
        PyReport {
            verdict,
            findings: report.into_iter().collect(),
            checks: Vec::new(),
        }
    }

    /// The report of a verification: every finding of the report and of its nested reports
    /// (endorsements, CLR members, status lists), as the CLI lists them.
    pub fn verification(report: &VerificationReport) -> Self {
        let mut findings: Vec<Finding> = report
            .all_findings()
            .into_iter()
            .map(|(_, f)| f.clone())
            .collect();
        if report.verdict() == Verdict::Indeterminate {
            findings.push(Finding::new(
                INDETERMINATE,
                Severity::Error,
                JsonPath::root(),
                "the verdict is indeterminate: something needed could not be obtained or checked",
            ));
        }
        PyReport {
            verdict: report.verdict(),
            findings,
            checks: report.checks().to_vec(),
        }
    }

    /// A document that did not parse: invalid, with the library's `parse.*` finding.
    pub fn unparsable(error: &openbadges::ParseError) -> Self {
        PyReport {
            verdict: Verdict::Invalid,
            findings: vec![openbadges::validate::parse_finding(error)],
            checks: Vec::new(),
        }
    }

    fn ok(&self) -> bool {
        self.verdict == Verdict::Valid
    }

    fn json(&self) -> serde_json::Value {
        serde_json::json!({
            "verified": self.ok(),
            "verdict": self.verdict.to_string(),
            "findings": self.findings,
            "checks": self.checks,
        })
    }
}

#[pymethods]
impl PyReport {
    /// `"valid"`, `"invalid"` or `"indeterminate"`.
    #[getter]
    fn verdict(&self) -> String {
        self.verdict.to_string()
    }

    /// True when the verdict is valid.
    #[getter(ok)]
    fn is_ok(&self) -> bool {
        self.ok()
    }

    /// Every finding, in the order the checks produced them.
    #[getter]
    fn findings(&self) -> Vec<PyFinding> {
        self.findings.iter().map(PyFinding::from).collect()
    }

    /// The findings that are errors.
    #[getter]
    fn errors(&self) -> Vec<PyFinding> {
        self.findings
            .iter()
            .filter(|f| f.severity == Severity::Error)
            .map(PyFinding::from)
            .collect()
    }

    /// The verifier's checklist (empty for `validate`).
    #[getter]
    fn checks(&self) -> Vec<PyCheck> {
        self.checks.iter().cloned().map(PyCheck).collect()
    }

    /// True when some finding has this code.
    fn has_code(&self, code: &str) -> bool {
        self.findings.iter().any(|f| f.code == code)
    }

    /// The JSON of `openbadges verify --format jsonl` for this input, without `file`.
    #[pyo3(signature = (*, indent = None))]
    fn to_json(&self, indent: Option<usize>) -> PyResult<String> {
        let value = self.json();
        let text = match indent {
            None => serde_json::to_string(&value),
            Some(width) => {
                let spaces = " ".repeat(width);
                let formatter = serde_json::ser::PrettyFormatter::with_indent(spaces.as_bytes());
                let mut out = Vec::new();
                let mut serializer = serde_json::Serializer::with_formatter(&mut out, formatter);
                serde::Serialize::serialize(&value, &mut serializer)
                    .map(|()| String::from_utf8_lossy(&out).into_owned())
            }
        };
        text.map_err(|e| pyo3::exceptions::PyRuntimeError::new_err(e.to_string()))
    }

    /// `to_json()` as Python objects.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        crate::input::loads(py, &self.to_json(None)?)
    }

    fn __repr__(&self) -> String {
        format!(
            "<Report {} findings={} checks={}>",
            self.verdict,
            self.findings.len(),
            self.checks.len()
        )
    }
}

/// One finding: a stable code, a severity, the JSON path it is about, a message.
#[pyclass(name = "Finding", module = "openbadges", frozen, eq)]
#[derive(Clone, PartialEq)]
pub struct PyFinding(Finding);

impl From<&Finding> for PyFinding {
    fn from(finding: &Finding) -> Self {
        PyFinding(finding.clone())
    }
}

#[pymethods]
impl PyFinding {
    /// The stable machine code, `area.reason` (`proof.signature`, `validity.expired`, ...).
    #[getter]
    fn code(&self) -> &str {
        &self.0.code
    }

    /// `"error"`, `"warning"` or `"info"`.
    #[getter]
    fn severity(&self) -> String {
        self.0.severity.to_string()
    }

    /// Where in the document, as a JSON path (`$.credentialSubject.achievement`).
    #[getter]
    fn path(&self) -> String {
        self.0.path.to_string()
    }

    /// Where in the document, as a JSON Pointer (`/credentialSubject/achievement`).
    #[getter]
    fn pointer(&self) -> String {
        self.0.path.to_pointer()
    }

    /// What is wrong, for a person.
    #[getter]
    fn message(&self) -> &str {
        &self.0.message
    }

    fn __str__(&self) -> String {
        self.0.to_string()
    }

    fn __repr__(&self) -> String {
        format!(
            "<Finding {} {} at {}>",
            self.0.severity, self.0.code, self.0.path
        )
    }
}

/// One line of the verifier's checklist.
#[pyclass(name = "Check", module = "openbadges", frozen)]
pub struct PyCheck(Check);

#[pymethods]
impl PyCheck {
    /// The stable name of the check: `proof`, `issuer_binding`, `validity`, `status`, ...
    #[getter]
    fn id(&self) -> &'static str {
        self.0.check.name()
    }

    /// What the check is, in a few plain words.
    #[getter]
    fn title(&self) -> &'static str {
        self.0.check.title()
    }

    /// `"passed"`, `"failed"`, `"indeterminate"` or `"skipped"`.
    #[getter]
    fn status(&self) -> String {
        self.0.status.to_string()
    }

    /// Why, in a sentence.
    #[getter]
    fn reason(&self) -> &str {
        &self.0.reason
    }

    /// The codes of the findings attributed to this check.
    #[getter]
    fn codes(&self) -> Vec<String> {
        self.0.codes.clone()
    }

    fn __str__(&self) -> String {
        self.0.to_string()
    }

    fn __repr__(&self) -> String {
        format!("<Check {} {}>", self.0.check.name(), self.0.status)
    }
}
