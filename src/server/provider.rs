//! The resource endpoints: `getCredentials`, `upsertCredential`, `getProfile`, `putProfile`
//! of one API (OB 3.0 or CLR 2.0).

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{RawQuery, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

use super::Shared;
use super::bearer;
use super::imsx::ApiError;
use super::scope::Operation;
use super::store::{ApiKind, CredentialFormat, NewCredential, Query, Store, Upserted};
use crate::report::Severity;
use crate::verify::{DocumentKind, Verdict, VerificationReport, Verifier};

/// The state of one API's routes.
pub(crate) struct Api<S: Store> {
    pub(crate) shared: Arc<Shared<S>>,
    pub(crate) kind: ApiKind,
}

impl<S: Store> Clone for Api<S> {
    fn clone(&self) -> Self {
        Api {
            shared: self.shared.clone(),
            kind: self.kind,
        }
    }
}

pub(crate) fn base_path(kind: ApiKind) -> &'static str {
    match kind {
        ApiKind::Ob => "/ims/ob/v3p0",
        ApiKind::Clr => "/ims/clr/v2p0",
    }
}

fn json_response(status: StatusCode, body: impl Into<axum::body::Body>) -> Response {
    let mut response = (status, body.into()).into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    response
}

/// The paging parameters of `getCredentials`.
struct Paging {
    limit: u32,
    offset: u64,
    since: Option<(i64, String)>,
}

fn parse_paging(query: Option<&str>, default: u32, max: u32) -> Result<Paging, ApiError> {
    let pairs: Vec<(String, String)> = serde_urlencoded::from_str(query.unwrap_or(""))
        .map_err(|e| ApiError::invalid_query(format!("the query string is malformed: {e}")))?;
    let mut paging = Paging {
        limit: default,
        offset: 0,
        since: None,
    };
    let mut seen = Vec::new();
    for (name, value) in pairs {
        if seen.contains(&name) && matches!(name.as_str(), "limit" | "offset" | "since") {
            return Err(ApiError::invalid_query(format!(
                "query parameter `{name}` is given more than once"
            )));
        }
        match name.as_str() {
            "limit" => {
                let limit: u32 = value.parse().ok().filter(|l| *l >= 1).ok_or_else(|| {
                    ApiError::invalid_query(format!(
                        "query parameter `limit`: `{value}` is not an integer of at least 1"
                    ))
                })?;
                paging.limit = limit.min(max);
            }
            "offset" => {
                paging.offset = value.parse().map_err(|_| {
                    ApiError::invalid_query(format!(
                        "query parameter `offset`: `{value}` is not an integer of at least 0"
                    ))
                })?;
                if paging.offset > i64::MAX as u64 {
                    return Err(ApiError::invalid_query(
                        "query parameter `offset` is too large",
                    ));
                }
            }
            "since" => {
                let micros = parse_since(&value).ok_or_else(|| {
                    ApiError::invalid_query(format!(
                        "query parameter `since`: `{value}` is not a date-time \
                         (RFC 3339, e.g. 2024-01-01T00:00:00Z)"
                    ))
                })?;
                paging.since = Some((micros, value));
            }
            _ => {}
        }
        seen.push(name);
    }
    Ok(paging)
}

/// RFC 3339 with an offset, or `YYYY-MM-DDThh:mm:ss[.fff]` read as UTC.
fn parse_since(value: &str) -> Option<i64> {
    if let Ok(time) = chrono::DateTime::parse_from_rfc3339(value) {
        return Some(time.timestamp_micros());
    }
    chrono::NaiveDateTime::parse_from_str(value, "%Y-%m-%dT%H:%M:%S%.f")
        .ok()
        .map(|t| t.and_utc().timestamp_micros())
}

fn page_url(base: &str, limit: u32, offset: u64, since: Option<&str>) -> String {
    let mut pairs = vec![("limit", limit.to_string()), ("offset", offset.to_string())];
    if let Some(since) = since {
        pairs.push(("since", since.to_owned()));
    }
    let query = serde_urlencoded::to_string(&pairs).unwrap_or_default();
    format!("{base}?{query}")
}

/// The `Link` header: `first` and `last` always, `next` while incomplete, `prev` after
/// the first item (per the spec's paging table, with the query of the errata).
fn link_header(base: &str, paging: &Paging, returned: usize, total: u64) -> String {
    let limit = u64::from(paging.limit);
    let since = paging.since.as_ref().map(|(_, s)| s.as_str());
    let last = if total == 0 {
        0
    } else {
        (total - 1) / limit * limit
    };
    let mut links = Vec::new();
    let end = paging.offset.saturating_add(returned as u64);
    if end < total {
        links.push((page_url(base, paging.limit, end, since), "next"));
    }
    links.push((page_url(base, paging.limit, last, since), "last"));
    links.push((page_url(base, paging.limit, 0, since), "first"));
    if paging.offset > 0 {
        let prev = paging.offset.saturating_sub(limit);
        links.push((page_url(base, paging.limit, prev, since), "prev"));
    }
    links
        .iter()
        .map(|(url, rel)| format!("<{url}>; rel=\"{rel}\""))
        .collect::<Vec<_>>()
        .join(", ")
}

/// `GET …/credentials`.
pub(crate) async fn get_credentials<S: Store>(
    State(api): State<Api<S>>,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
) -> Result<Response, ApiError> {
    let shared = &api.shared;
    let learner = bearer::learner(&shared.store, &headers, api.kind, Operation::Read).await?;
    let config = &shared.config;
    let paging = parse_paging(
        query.as_deref(),
        config.default_page_size,
        config.max_page_size,
    )?;
    let mut store_query = Query::new(api.kind, paging.limit, paging.offset);
    if let Some((since, _)) = &paging.since {
        store_query = store_query.since(*since);
    }
    let page = shared
        .store
        .list_credentials(&learner, store_query)
        .await
        .map_err(|e| ApiError::internal(&e))?;
    // The exact stored bytes, spliced in (they were parsed as JSON when received).
    let mut body =
        String::with_capacity(page.items.iter().map(|c| c.bytes.len() + 1).sum::<usize>() + 48);
    body.push_str("{\"credential\":[");
    let mut first = true;
    for item in page
        .items
        .iter()
        .filter(|c| c.format == CredentialFormat::Json)
    {
        if !first {
            body.push(',');
        }
        first = false;
        body.push_str(String::from_utf8_lossy(&item.bytes).trim());
    }
    body.push_str("],\"compactJwsString\":[");
    let mut first = true;
    for item in page
        .items
        .iter()
        .filter(|c| c.format == CredentialFormat::Jws)
    {
        if !first {
            body.push(',');
        }
        first = false;
        let text = String::from_utf8_lossy(&item.bytes);
        body.push_str(&serde_json::to_string(text.trim()).unwrap_or_default());
    }
    body.push_str("]}");
    let base = config.url(&format!("{}/credentials", base_path(api.kind)));
    let mut response = json_response(StatusCode::OK, body);
    let response_headers = response.headers_mut();
    response_headers.insert("x-total-count", HeaderValue::from(page.total));
    if let Ok(link) =
        HeaderValue::from_str(&link_header(&base, &paging, page.items.len(), page.total))
    {
        response_headers.insert(header::LINK, link);
    }
    Ok(response)
}

fn media_type(headers: &HeaderMap) -> Option<String> {
    let value = headers.get(header::CONTENT_TYPE)?.to_str().ok()?;
    Some(value.split(';').next()?.trim().to_ascii_lowercase())
}

fn body_or_error(body: Result<Bytes, BytesRejection>, limit: usize) -> Result<Bytes, ApiError> {
    body.map_err(|rejection| {
        if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
            ApiError::new(
                StatusCode::PAYLOAD_TOO_LARGE,
                "invalid_data",
                format!("the request body is larger than this server's limit of {limit} bytes"),
            )
        } else {
            ApiError::invalid_data(format!("the request body could not be read: {rejection}"))
        }
    })
}

/// A JWS as `upsertCredential` takes it (the OAS pattern).
fn is_compact_jws(text: &str) -> bool {
    let parts: Vec<&str> = text.split('.').collect();
    let ok = |s: &str| {
        s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    };
    parts.len() == 3 && !parts[0].is_empty() && !parts[2].is_empty() && parts.iter().all(|p| ok(p))
}

/// Percent-decodes, then trims (the OB 3.0 credential equality algorithm's normal form).
fn normalize(id: &str) -> String {
    let bytes = id.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && i + 2 < bytes.len()
            && let (Some(h), Some(l)) = (hex(bytes[i + 1]), hex(bytes[i + 2]))
        {
            out.push(h * 16 + l);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).trim().to_owned()
}

fn hex(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        b'A'..=b'F' => Some(b - b'A' + 10),
        _ => None,
    }
}

/// What an upload verified to.
struct Accepted {
    key: String,
    credential_id: Option<String>,
    report: String,
}

fn error_codes(report: &VerificationReport) -> String {
    let mut codes: Vec<&str> = Vec::new();
    for (_, finding) in report.all_findings() {
        if finding.severity == Severity::Error && !codes.contains(&finding.code.as_ref()) {
            codes.push(finding.code.as_ref());
        }
    }
    codes.join(", ")
}

fn verify_upload(
    verifier: &Verifier,
    kind: ApiKind,
    format: CredentialFormat,
    bytes: &[u8],
) -> Result<Accepted, ApiError> {
    let report = match format {
        CredentialFormat::Json => verifier
            .verify_slice(bytes)
            .map_err(|e| ApiError::invalid_data(format!("the body is not acceptable JSON: {e}")))?,
        CredentialFormat::Jws => {
            let text = std::str::from_utf8(bytes)
                .map_err(|_| ApiError::invalid_data("the text/plain body is not UTF-8"))?
                .trim();
            if !is_compact_jws(text) {
                return Err(ApiError::invalid_data(
                    "the text/plain body is not a compact JWS (header.payload.signature, base64url)",
                ));
            }
            verifier.verify_jwt(text).map_err(|e| {
                ApiError::invalid_data(format!("the compact JWS cannot be verified: {e}"))
            })?
        }
    };
    let (expected, name) = match kind {
        ApiKind::Ob => (
            DocumentKind::Achievement,
            "an OpenBadgeCredential (AchievementCredential)",
        ),
        ApiKind::Clr => (DocumentKind::Clr, "a ClrCredential"),
    };
    if report.verdict() == Verdict::Invalid {
        return Err(ApiError::invalid_data(format!(
            "the credential does not verify: {}; nothing was stored",
            error_codes(&report)
        )));
    }
    if report.kind() != expected {
        return Err(ApiError::invalid_data(format!(
            "the body is not {name} (its type is read as {:?}); nothing was stored",
            report.kind()
        )));
    }
    let credential_id = report.id().map(str::to_owned);
    let key = match (&credential_id, report.issuer()) {
        (Some(id), Some(issuer)) => format!("{} {}", normalize(issuer), normalize(id)),
        (Some(id), None) => format!(" {}", normalize(id)),
        _ => super::store::digest(bytes),
    };
    let report = serde_json::to_string(&report).map_err(|e| ApiError::internal(&e))?;
    Ok(Accepted {
        key,
        credential_id,
        report,
    })
}

/// `POST …/credentials` (`upsertCredential`).
pub(crate) async fn upsert_credential<S: Store>(
    State(api): State<Api<S>>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    let shared = &api.shared;
    let learner = bearer::learner(&shared.store, &headers, api.kind, Operation::Upsert).await?;
    let bytes = body_or_error(body, shared.config.body_limit)?;
    let format = match media_type(&headers).as_deref() {
        Some("application/json" | "application/ld+json") => CredentialFormat::Json,
        Some("text/plain") => CredentialFormat::Jws,
        other => {
            return Err(ApiError::invalid_data(format!(
                "Content-Type {} is not accepted: send application/json (a credential) or \
                 text/plain (a compact JWS)",
                other.map_or("(none)".to_owned(), |t| format!("`{t}`"))
            )));
        }
    };
    let verifier = shared.verifier.clone();
    let kind = api.kind;
    let received = bytes.clone();
    let accepted =
        tokio::task::spawn_blocking(move || verify_upload(&verifier, kind, format, &received))
            .await
            .map_err(|e| ApiError::internal(&e))??;
    let credential = NewCredential::new(
        api.kind,
        accepted.key,
        accepted.credential_id,
        format,
        bytes.to_vec(),
        accepted.report,
    );
    let outcome = shared
        .store
        .upsert_credential(&learner, credential)
        .await
        .map_err(|e| ApiError::internal(&e))?;
    let status = match outcome {
        Upserted::Created => StatusCode::CREATED,
        _ => StatusCode::OK,
    };
    tracing::info!(learner = %learner, api = api.kind.as_str(), status = status.as_u16(), "upsertCredential");
    let content_type = match format {
        CredentialFormat::Json => "application/json",
        CredentialFormat::Jws => "text/plain",
    };
    let mut response = (status, bytes).into_response();
    response
        .headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    Ok(response)
}

/// `GET …/profile`.
pub(crate) async fn get_profile<S: Store>(
    State(api): State<Api<S>>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let shared = &api.shared;
    let learner =
        bearer::learner(&shared.store, &headers, api.kind, Operation::ProfileRead).await?;
    let profile = shared
        .store
        .profile(&learner, api.kind)
        .await
        .map_err(|e| ApiError::internal(&e))?
        .ok_or_else(|| ApiError::not_found("no profile has been stored for this learner"))?;
    Ok(json_response(StatusCode::OK, profile))
}

/// `PUT …/profile`: validated against the Profile schema, stored as received, echoed.
pub(crate) async fn put_profile<S: Store>(
    State(api): State<Api<S>>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    let shared = &api.shared;
    let learner =
        bearer::learner(&shared.store, &headers, api.kind, Operation::ProfileUpdate).await?;
    let bytes = body_or_error(body, shared.config.body_limit)?;
    if !matches!(
        media_type(&headers).as_deref(),
        Some("application/json" | "application/ld+json")
    ) {
        return Err(ApiError::invalid_data(
            "a Profile is sent as application/json",
        ));
    }
    let document = crate::Document::from_slice(&bytes)
        .map_err(|e| ApiError::invalid_data(format!("the body is not acceptable JSON: {e}")))?;
    if !document.value().is_object() {
        return Err(ApiError::invalid_data("a Profile is a JSON object"));
    }
    let report = shared
        .validator
        .validate_as(&document, crate::validate::Kind::Profile);
    let errors: Vec<String> = report
        .errors()
        .map(|f| format!("{} at {}", f.code, f.path))
        .collect();
    if !errors.is_empty() {
        return Err(ApiError::invalid_data(format!(
            "the body is not a valid Profile: {}; nothing was stored",
            errors.join(", ")
        )));
    }
    shared
        .store
        .put_profile(&learner, api.kind, bytes.to_vec())
        .await
        .map_err(|e| ApiError::internal(&e))?;
    Ok(json_response(StatusCode::OK, bytes))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_follow_the_paging_table() {
        let paging = Paging {
            limit: 2,
            offset: 2,
            since: None,
        };
        let link = link_header("https://x/c", &paging, 2, 5);
        assert_eq!(
            link,
            "<https://x/c?limit=2&offset=4>; rel=\"next\", <https://x/c?limit=2&offset=4>; \
             rel=\"last\", <https://x/c?limit=2&offset=0>; rel=\"first\", \
             <https://x/c?limit=2&offset=0>; rel=\"prev\""
        );
        let complete = Paging {
            limit: 10,
            offset: 0,
            since: Some((0, "2024-01-01T00:00:00Z".into())),
        };
        let link = link_header("https://x/c", &complete, 3, 3);
        assert!(!link.contains("next") && !link.contains("prev"));
        assert!(link.contains("since=2024-01-01T00%3A00%3A00Z"));
    }

    #[test]
    fn equality_key_is_percent_decoded_and_trimmed() {
        assert_eq!(normalize(" urn:uuid:a%2Fb "), "urn:uuid:a/b");
        assert_eq!(normalize("100%"), "100%");
        assert_eq!(normalize("%zz"), "%zz");
    }

    #[test]
    fn since_takes_rfc3339_and_the_schema_form() {
        assert_eq!(parse_since("1970-01-01T00:00:01Z"), Some(1_000_000));
        assert_eq!(parse_since("1970-01-01T00:00:01"), Some(1_000_000));
        assert_eq!(parse_since("yesterday"), None);
    }
}
