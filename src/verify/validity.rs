//! The validity window: VCDM 2.0 `validFrom` / `validUntil` and VCDM 1.1 `issuanceDate` /
//! `expirationDate`, with clock-skew leeway.

use std::time::Duration;

use chrono::{DateTime, NaiveDateTime, TimeDelta, Utc};
use serde_json::Value;

use super::codes;
use crate::report::{Finding, JsonPath};

/// Parses an RFC 3339 / xsd:dateTime string. A value without a time zone is read as UTC
/// and flagged (`true` in the second place).
pub(super) fn parse_date(text: &str) -> Option<(DateTime<Utc>, bool)> {
    if let Ok(t) = DateTime::parse_from_rfc3339(text) {
        return Some((t.with_timezone(&Utc), false));
    }
    NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M:%S%.f")
        .ok()
        .map(|t| (t.and_utc(), true))
}

fn read_date(
    value: &Value,
    member: &'static str,
    base: &JsonPath,
    findings: &mut Vec<Finding>,
) -> Option<DateTime<Utc>> {
    let raw = value.get(member)?;
    let path = base.clone().key(member);
    let Some(text) = raw.as_str() else {
        findings.push(Finding::error(
            codes::VALIDITY_MALFORMED,
            path,
            format!("{member} must be a date-time string"),
        ));
        return None;
    };
    match parse_date(text) {
        Some((instant, no_zone)) => {
            if no_zone {
                findings.push(Finding::warning(
                    codes::VALIDITY_MALFORMED,
                    path,
                    format!("{member} \"{text}\" has no time zone; read as UTC"),
                ));
            }
            Some(instant)
        }
        None => {
            findings.push(Finding::error(
                codes::VALIDITY_MALFORMED,
                path,
                format!("{member} \"{text}\" is not an RFC 3339 date-time"),
            ));
            None
        }
    }
}

/// Checks the validity window of the credential at `base` as of `now`.
pub(super) fn check(
    value: &Value,
    base: &JsonPath,
    now: DateTime<Utc>,
    leeway: Duration,
) -> Vec<Finding> {
    let mut findings = Vec::new();
    let leeway = TimeDelta::from_std(leeway).unwrap_or(TimeDelta::MAX);
    let latest_acceptable_start = now
        .checked_add_signed(leeway)
        .unwrap_or(DateTime::<Utc>::MAX_UTC);
    let earliest_acceptable_end = now
        .checked_sub_signed(leeway)
        .unwrap_or(DateTime::<Utc>::MIN_UTC);
    for (start_member, end_member) in [
        ("validFrom", "validUntil"),
        ("issuanceDate", "expirationDate"),
    ] {
        let start = read_date(value, start_member, base, &mut findings);
        let end = read_date(value, end_member, base, &mut findings);
        if let Some(start) = start
            && start > latest_acceptable_start
        {
            findings.push(Finding::error(
                codes::VALIDITY_NOT_YET_VALID,
                base.clone().key(start_member),
                format!("not valid before {start} ({start_member}); now is {now}"),
            ));
        }
        if let Some(end) = end
            && end < earliest_acceptable_end
        {
            findings.push(Finding::error(
                codes::VALIDITY_EXPIRED,
                base.clone().key(end_member),
                format!("expired at {end} ({end_member}); now is {now}"),
            ));
        }
        if let (Some(start), Some(end)) = (start, end)
            && start > end
        {
            findings.push(Finding::error(
                codes::VALIDITY_MALFORMED,
                base.clone().key(end_member),
                format!("{end_member} {end} is before {start_member} {start}"),
            ));
        }
    }
    findings
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn at(text: &str) -> DateTime<Utc> {
        parse_date(text).unwrap().0
    }

    fn codes_of(findings: &[Finding]) -> Vec<&str> {
        findings.iter().map(|f| f.code.as_ref()).collect()
    }

    #[test]
    fn leeway_applies_on_both_ends() {
        let v = json!({"validFrom": "2024-01-01T00:00:00Z", "validUntil": "2024-02-01T00:00:00Z"});
        let leeway = Duration::from_secs(300);
        let root = JsonPath::root();
        assert!(check(&v, &root, at("2023-12-31T23:56:00Z"), leeway).is_empty());
        assert_eq!(
            codes_of(&check(&v, &root, at("2023-12-31T23:54:00Z"), leeway)),
            [codes::VALIDITY_NOT_YET_VALID]
        );
        assert!(check(&v, &root, at("2024-02-01T00:04:00Z"), leeway).is_empty());
        let late = check(&v, &root, at("2024-02-01T00:06:00Z"), leeway);
        assert_eq!(codes_of(&late), [codes::VALIDITY_EXPIRED]);
        assert_eq!(late[0].path.to_string(), "$.validUntil");
    }

    #[test]
    fn malformed_and_inverted() {
        let v = json!({"validFrom": "yesterday", "issuanceDate": "2024-03-01T00:00:00Z",
                       "expirationDate": "2024-02-01T00:00:00"});
        let f = check(
            &v,
            &JsonPath::root(),
            at("2025-01-01T00:00:00Z"),
            Duration::ZERO,
        );
        assert_eq!(
            codes_of(&f),
            [
                codes::VALIDITY_MALFORMED,
                codes::VALIDITY_MALFORMED,
                codes::VALIDITY_EXPIRED,
                codes::VALIDITY_MALFORMED
            ]
        );
        assert_eq!(f[1].severity, crate::report::Severity::Warning);
    }

    #[test]
    fn huge_leeway_does_not_overflow() {
        let v = json!({"validFrom": "2024-01-01T00:00:00Z"});
        assert!(
            check(
                &v,
                &JsonPath::root(),
                at("2000-01-01T00:00:00Z"),
                Duration::MAX
            )
            .is_empty()
        );
    }
}
