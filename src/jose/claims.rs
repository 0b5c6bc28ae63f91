//! The JWT claims that mirror credential members, and their agreement checks.

use chrono::{DateTime, Utc};
use serde_json::{Map, Value};

use super::codes;
use super::issue::JwtForm;
use crate::report::{Finding, JsonPath};

/// The issuer id: the `issuer` string or `issuer.id`.
pub(crate) fn issuer_id(credential: &Map<String, Value>) -> Option<&str> {
    match credential.get("issuer")? {
        Value::String(s) => Some(s),
        Value::Object(o) => o.get("id")?.as_str(),
        _ => None,
    }
}

/// The `id`s of the credential subjects (one object or an array of them).
pub(crate) fn subject_ids(credential: &Map<String, Value>) -> Vec<&str> {
    match credential.get("credentialSubject") {
        Some(Value::Object(o)) => o.get("id").and_then(Value::as_str).into_iter().collect(),
        Some(Value::Array(items)) => items
            .iter()
            .filter_map(|s| s.get("id").and_then(Value::as_str))
            .collect(),
        _ => Vec::new(),
    }
}

/// The first of `members` present, parsed as an RFC 3339 date-time (seconds since the epoch).
/// `None` when absent; `Some(None)` when present but not a date (validation reports that).
fn date_member(credential: &Map<String, Value>, members: [&str; 2]) -> Option<Option<i64>> {
    let value = members.iter().find_map(|m| credential.get(*m))?;
    Some(
        value
            .as_str()
            .and_then(|s| DateTime::parse_from_rfc3339(s).ok())
            .map(|d| d.timestamp()),
    )
}

fn path(claim: &str) -> JsonPath {
    JsonPath::root().key("payload").key(claim)
}

/// What the claim checks need.
pub(crate) struct ClaimContext<'a> {
    pub form: JwtForm,
    pub payload: &'a Map<String, Value>,
    pub credential: &'a Map<String, Value>,
    pub now: DateTime<Utc>,
    pub leeway_seconds: i64,
}

/// Checks `iss`, `jti`, `sub`, `nbf`, `exp`, `iat` against the credential and the clock.
pub(crate) fn check(cx: &ClaimContext<'_>, findings: &mut Vec<Finding>) {
    // OB 3.0 §8.2.4.1 requires the claims; VCDM 1.1 requires iss; vc+jwt requires none,
    // but those present must agree.
    let required = cx.form == JwtForm::Ob3;
    let p = cx.payload;
    let c = cx.credential;

    let issuer = issuer_id(c);
    match (p.get("iss"), issuer) {
        (Some(Value::String(iss)), Some(issuer)) if iss != issuer => findings.push(Finding::error(
            codes::CLAIM_MISMATCH,
            path("iss"),
            format!("JWT \"iss\" ({iss}) is not the credential's issuer id ({issuer})"),
        )),
        (Some(Value::String(_)), _) => {}
        (Some(_), _) => findings.push(Finding::error(
            codes::CLAIM_TYPE,
            path("iss"),
            "JWT \"iss\" is not a string",
        )),
        (None, Some(_)) if cx.form != JwtForm::VcJose => findings.push(Finding::error(
            codes::CLAIM_MISSING,
            path("iss"),
            "JWT \"iss\" is missing: it must be the credential's issuer id",
        )),
        (None, _) => {}
    }

    let id = c.get("id").and_then(Value::as_str);
    match (p.get("jti"), id) {
        (Some(Value::String(jti)), Some(id)) if jti != id => findings.push(Finding::error(
            codes::CLAIM_MISMATCH,
            path("jti"),
            format!("JWT \"jti\" ({jti}) is not the credential's id ({id})"),
        )),
        (Some(Value::String(_)), _) => {}
        (Some(_), _) => findings.push(Finding::error(
            codes::CLAIM_TYPE,
            path("jti"),
            "JWT \"jti\" is not a string",
        )),
        (None, Some(_)) if required => findings.push(Finding::error(
            codes::CLAIM_MISSING,
            path("jti"),
            "JWT \"jti\" is missing: it must be the credential's id",
        )),
        (None, _) => {}
    }

    let subjects = subject_ids(c);
    match p.get("sub") {
        Some(Value::String(sub)) if !subjects.is_empty() && !subjects.contains(&sub.as_str()) => {
            findings.push(Finding::error(
                codes::CLAIM_MISMATCH,
                path("sub"),
                format!(
                    "JWT \"sub\" ({sub}) is not the credentialSubject id ({})",
                    subjects.join(", ")
                ),
            ))
        }
        Some(Value::String(_)) => {}
        Some(_) => findings.push(Finding::error(
            codes::CLAIM_TYPE,
            path("sub"),
            "JWT \"sub\" is not a string",
        )),
        None if required && !subjects.is_empty() => findings.push(Finding::error(
            codes::CLAIM_MISSING,
            path("sub"),
            "JWT \"sub\" is missing: it must be the credentialSubject id",
        )),
        None => {}
    }

    let now = cx.now.timestamp();
    if let Some(nbf) = numeric_date(p, "nbf", findings) {
        if let Some(Some(valid_from)) = date_member(c, ["validFrom", "issuanceDate"])
            && nbf.floor() as i64 != valid_from
        {
            findings.push(Finding::error(
                codes::CLAIM_MISMATCH,
                path("nbf"),
                format!("JWT \"nbf\" ({nbf}) is not the credential's validFrom ({valid_from})"),
            ));
        }
        if now.saturating_add(cx.leeway_seconds) < nbf.floor() as i64 {
            findings.push(Finding::error(
                codes::NOT_YET_VALID,
                path("nbf"),
                format!(
                    "JWT \"nbf\" ({}) is in the future (now {})",
                    stamp(nbf),
                    cx.now.to_rfc3339()
                ),
            ));
        }
    } else if required && !p.contains_key("nbf") && c.contains_key("validFrom") {
        findings.push(Finding::error(
            codes::CLAIM_MISSING,
            path("nbf"),
            "JWT \"nbf\" is missing: it must be the credential's validFrom",
        ));
    }

    if let Some(exp) = numeric_date(p, "exp", findings) {
        match date_member(c, ["validUntil", "expirationDate"]) {
            Some(Some(valid_until)) if exp.floor() as i64 != valid_until => {
                findings.push(Finding::error(
                    codes::CLAIM_MISMATCH,
                    path("exp"),
                    format!(
                        "JWT \"exp\" ({exp}) is not the credential's validUntil ({valid_until})"
                    ),
                ))
            }
            None if cx.form != JwtForm::Vcdm11 => findings.push(Finding::warning(
                codes::CLAIM_MISMATCH,
                path("exp"),
                "JWT \"exp\" is set but the credential has no validUntil",
            )),
            _ => {}
        }
        if now >= (exp.ceil() as i64).saturating_add(cx.leeway_seconds) {
            findings.push(Finding::error(
                codes::EXPIRED,
                path("exp"),
                format!(
                    "JWT \"exp\" ({}) has passed (now {})",
                    stamp(exp),
                    cx.now.to_rfc3339()
                ),
            ));
        }
    } else if required && !p.contains_key("exp") && c.contains_key("validUntil") {
        findings.push(Finding::error(
            codes::CLAIM_MISSING,
            path("exp"),
            "JWT \"exp\" is missing: it must be the credential's validUntil",
        ));
    }

    if let Some(iat) = p.get("iat")
        && !iat.is_number()
    {
        findings.push(Finding::warning(
            codes::CLAIM_TYPE,
            path("iat"),
            "JWT \"iat\" is not a NumericDate (RFC 7519 §2); ignored",
        ));
    }
}

/// A NumericDate claim: `None` when absent or not a finite number (the latter reported).
fn numeric_date(
    payload: &Map<String, Value>,
    claim: &str,
    findings: &mut Vec<Finding>,
) -> Option<f64> {
    let value = payload.get(claim)?;
    match value.as_f64() {
        Some(n) if n.is_finite() && n.abs() < 1e15 => Some(n),
        _ => {
            findings.push(Finding::error(
                codes::CLAIM_TYPE,
                path(claim),
                format!("JWT \"{claim}\" is not a NumericDate (seconds since the epoch)"),
            ));
            None
        }
    }
}

fn stamp(seconds: f64) -> String {
    DateTime::<Utc>::from_timestamp(seconds.floor() as i64, 0)
        .map(|d| d.to_rfc3339())
        .unwrap_or_else(|| seconds.to_string())
}
