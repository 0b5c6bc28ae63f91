//! Bearer-token checks of the resource endpoints (RFC 6750).

use axum::http::{HeaderMap, header};

use super::imsx::ApiError;
use super::scope::{self, Operation};
use super::secret;
use super::store::{ApiKind, Store, TokenKind};

const REALM: &str = "Bearer realm=\"openbadges\"";

/// The learner an access token in `headers` was granted by, if it allows `operation` on
/// `api`: 401 when missing, unknown, expired or revoked; 403 when the scope is missing.
pub(crate) async fn learner<S: Store>(
    store: &S,
    headers: &HeaderMap,
    api: ApiKind,
    operation: Operation,
) -> Result<String, ApiError> {
    let needed = scope::required(api, operation);
    let Some(value) = headers.get(header::AUTHORIZATION) else {
        return Err(ApiError::unauthorized(
            "an access token is required (Authorization: Bearer …)",
            REALM.into(),
        ));
    };
    let token = value
        .to_str()
        .ok()
        .and_then(|v| {
            let (scheme, rest) = v.split_once(' ')?;
            scheme.eq_ignore_ascii_case("bearer").then(|| rest.trim())
        })
        .filter(|t| !t.is_empty())
        .ok_or_else(|| {
            ApiError::unauthorized(
                "the Authorization header is not a bearer token",
                format!("{REALM}, error=\"invalid_request\""),
            )
        })?;
    let invalid = |why: &str| {
        ApiError::unauthorized(
            format!("the access token is {why}"),
            format!(
                "{REALM}, error=\"invalid_token\", error_description=\"the access token is {why}\""
            ),
        )
    };
    let hash = secret::token_hash(token);
    let record = store
        .token(&hash)
        .await
        .map_err(|e| ApiError::internal(&e))?
        .filter(|r| secret::equal(&r.hash, &hash) && r.kind == TokenKind::Access)
        .ok_or_else(|| invalid("unknown"))?;
    if record.revoked {
        return Err(invalid("revoked"));
    }
    if record.expires_at <= chrono::Utc::now().timestamp() {
        return Err(invalid("expired"));
    }
    if !scope::contains(&record.scope, needed) {
        return Err(ApiError::forbidden(
            format!("the access token does not grant the scope {needed}"),
            format!("{REALM}, error=\"insufficient_scope\", scope=\"{needed}\""),
        ));
    }
    Ok(record.learner)
}
