//! The OAuth 2.0 authorization server of the 1EdTech security profile: dynamic client
//! registration (RFC 7591), the authorization code grant with PKCE S256 only (RFC 7636),
//! the token endpoint with rotating refresh tokens, and revocation (RFC 7009).

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{RawQuery, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use base64::Engine as _;
use serde_json::{Value, json};

use super::Shared;
use super::login::{self, ClientView};
use super::scope;
use super::secret;
use super::store::{ClientRecord, CodeRecord, Redeemed, Store, TokenKind, TokenRecord};

/// An RFC 6749 §5.2 / RFC 7591 §3.2.2 error body.
#[derive(Debug)]
pub(crate) struct OAuthError {
    status: StatusCode,
    error: &'static str,
    description: String,
}

impl OAuthError {
    fn new(error: &'static str, description: impl Into<String>) -> Self {
        OAuthError {
            status: StatusCode::BAD_REQUEST,
            error,
            description: description.into(),
        }
    }

    fn internal(error: &dyn std::fmt::Display) -> Self {
        tracing::error!(%error, "internal error in the authorization server");
        OAuthError {
            status: StatusCode::INTERNAL_SERVER_ERROR,
            error: "server_error",
            description: "the server could not complete the request".into(),
        }
    }
}

impl IntoResponse for OAuthError {
    fn into_response(self) -> Response {
        tracing::debug!(error = self.error, description = %self.description, "oauth error");
        let mut response = (
            self.status,
            axum::Json(json!({"error": self.error, "error_description": self.description})),
        )
            .into_response();
        let headers = response.headers_mut();
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
        if self.status == StatusCode::UNAUTHORIZED {
            headers.insert(
                header::WWW_AUTHENTICATE,
                HeaderValue::from_static("Basic realm=\"openbadges\""),
            );
        }
        response
    }
}

/// The host of an absolute URI this server accepts: `https://…`, or `http://` on a
/// loopback IP literal (RFC 8252 §7.3: `127.0.0.1` or `[::1]`, any port). No userinfo, no
/// whitespace or control characters.
pub(crate) fn accepted_uri(uri: &str) -> Result<String, String> {
    if uri.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(format!("`{uri}` contains whitespace or control characters"));
    }
    let (scheme, rest) = uri
        .split_once("://")
        .ok_or_else(|| format!("`{uri}` is not an absolute URL"))?;
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let authority = &rest[..end];
    if authority.contains('@') {
        return Err(format!("`{uri}` carries user information"));
    }
    let (host, port) = if let Some(v6) = authority.strip_prefix('[') {
        let close = v6
            .find(']')
            .ok_or_else(|| format!("`{uri}` has an unclosed IPv6 literal"))?;
        (&authority[..close + 2], &v6[close + 1..])
    } else {
        match authority.split_once(':') {
            Some((h, p)) => (h, &authority[h.len()..][..p.len() + 1]),
            None => (authority, ""),
        }
    };
    if let Some(digits) = port.strip_prefix(':') {
        if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err(format!("`{uri}` has an invalid port"));
        }
    } else if !port.is_empty() {
        return Err(format!("`{uri}` has an invalid authority"));
    }
    if host.is_empty()
        || !host
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'[' | b']' | b':'))
    {
        return Err(format!("`{uri}` has an invalid host"));
    }
    let host = host.to_ascii_lowercase();
    match scheme {
        "https" => Ok(host),
        "http" if host == "127.0.0.1" || host == "[::1]" => Ok(host),
        "http" => Err(format!(
            "`{uri}` is not HTTPS (plain http is accepted only on the loopback addresses \
             127.0.0.1 and [::1], RFC 8252)"
        )),
        _ => Err(format!("`{uri}` is neither https nor loopback http")),
    }
}

fn required_string<'a>(body: &'a Value, name: &str) -> Result<&'a str, OAuthError> {
    body.get(name)
        .and_then(Value::as_str)
        .filter(|s| !s.trim().is_empty())
        .ok_or_else(|| {
            OAuthError::new(
                "invalid_client_metadata",
                format!("`{name}` is required and must be a non-empty string"),
            )
        })
}

fn string_array(body: &Value, name: &str) -> Result<Option<Vec<String>>, OAuthError> {
    match body.get(name) {
        None => Ok(None),
        Some(Value::Array(items)) => items
            .iter()
            .map(|v| v.as_str().map(str::to_owned))
            .collect::<Option<Vec<_>>>()
            .map(Some)
            .ok_or_else(|| {
                OAuthError::new(
                    "invalid_client_metadata",
                    format!("`{name}` must be an array of strings"),
                )
            }),
        Some(_) => Err(OAuthError::new(
            "invalid_client_metadata",
            format!("`{name}` must be an array (even for one value)"),
        )),
    }
}

/// `POST /oauth/register` (RFC 7591, 1EdTech profile).
pub(crate) async fn register<S: Store>(
    State(shared): State<Arc<Shared<S>>>,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, OAuthError> {
    let bytes = body.map_err(|e| OAuthError::new("invalid_client_metadata", e.to_string()))?;
    let mut request: Value = serde_json::from_slice(&bytes).map_err(|e| {
        OAuthError::new(
            "invalid_client_metadata",
            format!("the body is not JSON: {e}"),
        )
    })?;
    if !request.is_object() {
        return Err(OAuthError::new(
            "invalid_client_metadata",
            "the body must be a JSON object",
        ));
    }
    for name in ["client_name", "software_id", "software_version"] {
        required_string(&request, name)?;
    }
    // Every URL HTTPS (or loopback http) and all on one host.
    let mut hosts = Vec::new();
    for name in ["client_uri", "logo_uri", "tos_uri", "policy_uri"] {
        let uri = required_string(&request, name)?;
        hosts.push(
            accepted_uri(uri).map_err(|e| {
                OAuthError::new("invalid_client_metadata", format!("`{name}`: {e}"))
            })?,
        );
    }
    let redirect_uris = string_array(&request, "redirect_uris")?
        .filter(|v| !v.is_empty())
        .ok_or_else(|| {
            OAuthError::new(
                "invalid_redirect_uri",
                "`redirect_uris` is required: an array of at least one URL",
            )
        })?;
    for uri in &redirect_uris {
        if uri.contains('#') {
            return Err(OAuthError::new(
                "invalid_redirect_uri",
                format!("`{uri}` has a fragment"),
            ));
        }
        hosts.push(accepted_uri(uri).map_err(|e| OAuthError::new("invalid_redirect_uri", e))?);
    }
    if hosts.iter().any(|h| h != &hosts[0]) {
        return Err(OAuthError::new(
            "invalid_client_metadata",
            format!(
                "all URLs must have the same host (found {})",
                hosts.join(", ")
            ),
        ));
    }
    let scope_text = match request.get("scope") {
        None => scope::ALL.join(" "),
        Some(Value::String(s)) => s.clone(),
        Some(_) => {
            return Err(OAuthError::new(
                "invalid_client_metadata",
                "`scope` must be a space-separated string",
            ));
        }
    };
    let requested = scope::split(&scope_text);
    if let Some(unknown) = requested.iter().find(|s| !scope::ALL.contains(s)) {
        return Err(OAuthError::new(
            "invalid_client_metadata",
            format!("`scope`: `{unknown}` is not a scope of this server"),
        ));
    }
    if requested.is_empty() {
        return Err(OAuthError::new(
            "invalid_client_metadata",
            "`scope` names no scope",
        ));
    }
    let granted = requested.join(" ");
    let method = request
        .get("token_endpoint_auth_method")
        .map(|v| v.as_str().unwrap_or_default().to_owned())
        .unwrap_or_else(|| "client_secret_basic".into());
    if method != "client_secret_basic" {
        return Err(OAuthError::new(
            "invalid_client_metadata",
            "`token_endpoint_auth_method` must be client_secret_basic",
        ));
    }
    let grant_types = string_array(&request, "grant_types")?
        .unwrap_or_else(|| vec!["authorization_code".into(), "refresh_token".into()]);
    if grant_types.is_empty()
        || grant_types
            .iter()
            .any(|g| g != "authorization_code" && g != "refresh_token")
    {
        return Err(OAuthError::new(
            "invalid_client_metadata",
            "`grant_types` may hold only authorization_code and refresh_token",
        ));
    }
    let response_types =
        string_array(&request, "response_types")?.unwrap_or_else(|| vec!["code".into()]);
    if response_types.iter().any(|r| r != "code") || response_types.is_empty() {
        return Err(OAuthError::new(
            "invalid_client_metadata",
            "`response_types` may hold only code",
        ));
    }
    string_array(&request, "contacts")?;

    let client_id = secret::random_token();
    let client_secret = secret::random_token();
    let issued_at = chrono::Utc::now().timestamp();
    if let Some(object) = request.as_object_mut() {
        object.insert("scope".into(), Value::String(granted));
        object.insert("token_endpoint_auth_method".into(), Value::String(method));
        object.insert("grant_types".into(), json!(grant_types));
        object.insert("response_types".into(), json!(response_types));
        object.insert("client_id".into(), Value::String(client_id.clone()));
        object.insert("client_id_issued_at".into(), json!(issued_at));
        object.insert("client_secret_expires_at".into(), json!(0));
    }
    let metadata = request.to_string();
    shared
        .store
        .register_client(ClientRecord {
            client_id: client_id.clone(),
            secret_hash: secret::token_hash(&client_secret),
            metadata,
            issued_at,
        })
        .await
        .map_err(|e| OAuthError::internal(&e))?;
    if let Some(object) = request.as_object_mut() {
        object.insert("client_secret".into(), Value::String(client_secret));
    }
    tracing::info!(client_id = %client_id, "registered a client");
    let mut response = (StatusCode::CREATED, axum::Json(request)).into_response();
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(response)
}

/// A validated authorization request.
struct AuthRequest {
    client_id: String,
    metadata: Value,
    redirect_uri: String,
    state: String,
    scope: String,
    code_challenge: String,
}

/// Why an authorization request fails: before the redirect URI is trusted, a page; after,
/// a redirect carrying the error.
enum AuthFailure {
    Page(StatusCode, String),
    Redirect(String),
}

fn redirect_with(redirect_uri: &str, pairs: &[(&str, &str)]) -> String {
    let query = serde_urlencoded::to_string(pairs).unwrap_or_default();
    let joiner = if redirect_uri.contains('?') { '&' } else { '?' };
    format!("{redirect_uri}{joiner}{query}")
}

fn param<'a>(params: &'a [(String, String)], name: &str) -> Option<&'a str> {
    params
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
}

async fn check_request<S: Store>(
    shared: &Shared<S>,
    params: &[(String, String)],
) -> Result<AuthRequest, AuthFailure> {
    const NAMES: [&str; 7] = [
        "response_type",
        "client_id",
        "redirect_uri",
        "scope",
        "state",
        "code_challenge",
        "code_challenge_method",
    ];
    for name in NAMES {
        if params.iter().filter(|(k, _)| k == name).count() > 1 {
            return Err(AuthFailure::Page(
                StatusCode::BAD_REQUEST,
                format!("the parameter `{name}` is given more than once"),
            ));
        }
    }
    let client_id = param(params, "client_id").unwrap_or_default();
    let client = shared
        .store
        .client(client_id)
        .await
        .map_err(|e| {
            tracing::error!(error = %e, "store failure");
            AuthFailure::Page(StatusCode::INTERNAL_SERVER_ERROR, "internal error".into())
        })?
        .ok_or_else(|| {
            AuthFailure::Page(
                StatusCode::BAD_REQUEST,
                "unknown client_id: register the client first".into(),
            )
        })?;
    let metadata: Value = serde_json::from_str(&client.metadata).unwrap_or(Value::Null);
    let redirect_uri = param(params, "redirect_uri").unwrap_or_default();
    let registered = metadata["redirect_uris"]
        .as_array()
        .is_some_and(|uris| uris.iter().any(|u| u.as_str() == Some(redirect_uri)));
    if !registered {
        return Err(AuthFailure::Page(
            StatusCode::BAD_REQUEST,
            "the redirect_uri is missing or is not one this client registered (it must match \
             exactly); not redirecting"
                .into(),
        ));
    }
    let state = param(params, "state").unwrap_or_default();
    let fail = |error: &str, description: &str| {
        let mut pairs = vec![("error", error), ("error_description", description)];
        if !state.is_empty() {
            pairs.push(("state", state));
        }
        AuthFailure::Redirect(redirect_with(redirect_uri, &pairs))
    };
    if param(params, "response_type") != Some("code") {
        return Err(fail(
            "unsupported_response_type",
            "response_type must be code",
        ));
    }
    if state.is_empty() {
        return Err(fail("invalid_request", "state is required"));
    }
    if param(params, "code_challenge_method") != Some("S256") {
        return Err(fail(
            "invalid_request",
            "PKCE is required with code_challenge_method=S256 (plain is refused)",
        ));
    }
    let challenge = param(params, "code_challenge").unwrap_or_default();
    if !secret::is_pkce_value(challenge) {
        return Err(fail(
            "invalid_request",
            "code_challenge must be 43-128 base64url characters",
        ));
    }
    let requested = scope::split(param(params, "scope").unwrap_or_default());
    if requested.is_empty() {
        return Err(fail("invalid_scope", "scope is required"));
    }
    let allowed = metadata["scope"].as_str().unwrap_or_default();
    if let Some(s) = requested.iter().find(|s| !scope::contains(allowed, s)) {
        return Err(fail(
            "invalid_scope",
            &format!("the client did not register the scope {s}"),
        ));
    }
    Ok(AuthRequest {
        client_id: client.client_id,
        metadata,
        redirect_uri: redirect_uri.to_owned(),
        state: state.to_owned(),
        scope: requested.join(" "),
        code_challenge: challenge.to_owned(),
    })
}

fn html(status: StatusCode, body: String) -> Response {
    let mut response = (status, Html(body)).into_response();
    let headers = response.headers_mut();
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert("x-frame-options", HeaderValue::from_static("DENY"));
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(
            // No `form-action`: browsers apply it to the redirect that follows the form
            // post, which goes to the client's redirect URI.
            "default-src 'none'; img-src https: http://127.0.0.1:* data:; \
             frame-ancestors 'none'",
        ),
    );
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    response
}

fn redirect(location: &str) -> Response {
    let mut response = StatusCode::FOUND.into_response();
    if let Ok(value) = HeaderValue::from_str(location) {
        response.headers_mut().insert(header::LOCATION, value);
    }
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

fn failure_response(service: &str, failure: AuthFailure) -> Response {
    match failure {
        AuthFailure::Page(status, message) => html(status, login::error_page(service, &message)),
        AuthFailure::Redirect(location) => redirect(&location),
    }
}

fn consent_page(
    service: &str,
    request: &AuthRequest,
    status: StatusCode,
    message: Option<&str>,
) -> Response {
    let text = |name: &str| {
        request.metadata[name]
            .as_str()
            .unwrap_or_default()
            .to_owned()
    };
    let (name, uri, logo, tos, policy) = (
        text("client_name"),
        text("client_uri"),
        text("logo_uri"),
        text("tos_uri"),
        text("policy_uri"),
    );
    let view = ClientView {
        name: &name,
        uri: &uri,
        logo_uri: &logo,
        tos_uri: &tos,
        policy_uri: &policy,
    };
    let scopes = scope::split(&request.scope);
    let params = [
        ("response_type", "code"),
        ("client_id", request.client_id.as_str()),
        ("redirect_uri", request.redirect_uri.as_str()),
        ("scope", request.scope.as_str()),
        ("state", request.state.as_str()),
        ("code_challenge", request.code_challenge.as_str()),
        ("code_challenge_method", "S256"),
    ];
    html(
        status,
        login::page(service, &view, &scopes, &params, message),
    )
}

/// `GET /oauth/authorize`: the login and consent page.
pub(crate) async fn authorize_page<S: Store>(
    State(shared): State<Arc<Shared<S>>>,
    RawQuery(query): RawQuery,
) -> Response {
    let service = shared.config.name.as_str();
    let params: Vec<(String, String)> =
        match serde_urlencoded::from_str(query.as_deref().unwrap_or("")) {
            Ok(p) => p,
            Err(_) => {
                return html(
                    StatusCode::BAD_REQUEST,
                    login::error_page(service, "the query string is malformed"),
                );
            }
        };
    match check_request(&shared, &params).await {
        Ok(request) => consent_page(service, &request, StatusCode::OK, None),
        Err(failure) => failure_response(service, failure),
    }
}

async fn authenticate_learner<S: Store>(
    shared: &Shared<S>,
    headers: &HeaderMap,
    username: &str,
    password: &str,
) -> Result<Option<String>, String> {
    if let Some(login) = &shared.login {
        return login
            .authenticate(headers, username, password)
            .await
            .map_err(|e| e.to_string());
    }
    let account = shared
        .store
        .account(username)
        .await
        .map_err(|e| e.to_string())?;
    // An unknown name costs the same argon2 check as a known one.
    let (hash, name) = match account {
        Some(account) => (account.password_hash, Some(account.name)),
        None => (shared.dummy_password_hash.clone(), None),
    };
    let password = password.to_owned();
    let ok = tokio::task::spawn_blocking(move || secret::verify_password(&password, &hash))
        .await
        .map_err(|e| e.to_string())?;
    Ok(name.filter(|_| ok))
}

/// `POST /oauth/authorize`: the consent form. `consent=allow` with a good username and
/// password answers 302 to `redirect_uri?code=…&scope=…&state=…`.
pub(crate) async fn authorize_submit<S: Store>(
    State(shared): State<Arc<Shared<S>>>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    let service = shared.config.name.as_str();
    let params: Vec<(String, String)> = match body
        .ok()
        .and_then(|b| serde_urlencoded::from_bytes(&b).ok())
    {
        Some(p) => p,
        None => {
            return html(
                StatusCode::BAD_REQUEST,
                login::error_page(service, "the form is malformed"),
            );
        }
    };
    let request = match check_request(&shared, &params).await {
        Ok(request) => request,
        Err(failure) => return failure_response(service, failure),
    };
    if param(&params, "consent") != Some("allow") {
        let mut pairs = vec![
            ("error", "access_denied"),
            ("error_description", "the learner did not consent"),
            ("state", request.state.as_str()),
        ];
        pairs.retain(|(_, v)| !v.is_empty());
        return redirect(&redirect_with(&request.redirect_uri, &pairs));
    }
    let username = param(&params, "username").unwrap_or_default();
    let password = param(&params, "password").unwrap_or_default();
    let learner = match authenticate_learner(&shared, &headers, username, password).await {
        Ok(Some(learner)) => learner,
        Ok(None) => {
            tracing::info!(username = %username, "failed login");
            return consent_page(
                service,
                &request,
                StatusCode::UNAUTHORIZED,
                Some("Wrong username or password."),
            );
        }
        Err(error) => {
            tracing::error!(%error, "login failed");
            return html(
                StatusCode::INTERNAL_SERVER_ERROR,
                login::error_page(service, "the login could not be checked"),
            );
        }
    };
    let code = secret::random_token();
    let record = CodeRecord {
        hash: secret::token_hash(&code),
        grant_id: secret::random_token(),
        client_id: request.client_id.clone(),
        learner: learner.clone(),
        redirect_uri: request.redirect_uri.clone(),
        scope: request.scope.clone(),
        code_challenge: request.code_challenge.clone(),
        expires_at: chrono::Utc::now().timestamp() + shared.config.code_lifetime.as_secs() as i64,
    };
    if let Err(error) = shared.store.put_code(record).await {
        tracing::error!(%error, "cannot store a code");
        return html(
            StatusCode::INTERNAL_SERVER_ERROR,
            login::error_page(service, "the authorization could not be stored"),
        );
    }
    tracing::info!(learner = %learner, client_id = %request.client_id, "authorized");
    redirect(&redirect_with(
        &request.redirect_uri,
        &[
            ("code", code.as_str()),
            ("scope", request.scope.as_str()),
            ("state", request.state.as_str()),
        ],
    ))
}

/// `application/x-www-form-urlencoded` decoding of one Basic credential half (RFC 6749
/// §2.3.1).
fn form_decode(text: &str) -> Option<String> {
    serde_urlencoded::from_str::<Vec<(String, String)>>(&format!("v={text}"))
        .ok()?
        .pop()
        .map(|(_, v)| v)
}

async fn authenticate_client<S: Store>(
    shared: &Shared<S>,
    headers: &HeaderMap,
) -> Result<(ClientRecord, Value), OAuthError> {
    let unauthorized = || OAuthError {
        status: StatusCode::UNAUTHORIZED,
        error: "invalid_client",
        description: "client authentication failed (HTTP Basic with the registered client_id \
                      and client_secret)"
            .into(),
    };
    let header = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .ok_or_else(unauthorized)?;
    let (scheme, encoded) = header.split_once(' ').ok_or_else(unauthorized)?;
    if !scheme.eq_ignore_ascii_case("basic") {
        return Err(unauthorized());
    }
    let decoded = base64::engine::general_purpose::STANDARD
        .decode(encoded.trim())
        .ok()
        .and_then(|b| String::from_utf8(b).ok())
        .ok_or_else(unauthorized)?;
    let (id, secret_text) = decoded.split_once(':').ok_or_else(unauthorized)?;
    let (id, secret_text) = (
        form_decode(id).ok_or_else(unauthorized)?,
        form_decode(secret_text).ok_or_else(unauthorized)?,
    );
    let presented = secret::token_hash(&secret_text);
    let client = shared
        .store
        .client(&id)
        .await
        .map_err(|e| OAuthError::internal(&e))?;
    match client {
        Some(client) if secret::equal(&client.secret_hash, &presented) => {
            let metadata = serde_json::from_str(&client.metadata).unwrap_or(Value::Null);
            Ok((client, metadata))
        }
        _ => Err(unauthorized()),
    }
}

fn form(body: Result<Bytes, BytesRejection>) -> Result<Vec<(String, String)>, OAuthError> {
    let bytes = body.map_err(|e| OAuthError::new("invalid_request", e.to_string()))?;
    let params: Vec<(String, String)> = serde_urlencoded::from_bytes(&bytes)
        .map_err(|_| OAuthError::new("invalid_request", "the form body is malformed"))?;
    let mut seen: Vec<&str> = Vec::new();
    for (k, _) in &params {
        if seen.contains(&k.as_str()) {
            return Err(OAuthError::new(
                "invalid_request",
                format!("the parameter `{k}` is given more than once"),
            ));
        }
        seen.push(k);
    }
    Ok(params)
}

fn grants_refresh(metadata: &Value) -> bool {
    metadata["grant_types"]
        .as_array()
        .is_some_and(|g| g.iter().any(|v| v == "refresh_token"))
}

/// A requested scope (if any) narrowed within `granted`.
fn narrowed(requested: Option<&str>, granted: &str) -> Result<String, OAuthError> {
    match requested {
        None => Ok(granted.to_owned()),
        Some(text) => {
            let scopes = scope::split(text);
            if let Some(s) = scopes.iter().find(|s| !scope::contains(granted, s)) {
                return Err(OAuthError::new(
                    "invalid_scope",
                    format!("the scope {s} was not granted"),
                ));
            }
            if scopes.is_empty() {
                return Ok(granted.to_owned());
            }
            Ok(scopes.join(" "))
        }
    }
}

struct Issue<'a> {
    client_id: &'a str,
    learner: &'a str,
    grant_id: &'a str,
    access_scope: String,
    refresh_scope: Option<String>,
}

async fn issue_tokens<S: Store>(
    shared: &Shared<S>,
    issue: Issue<'_>,
) -> Result<Response, OAuthError> {
    let now = chrono::Utc::now().timestamp();
    let access = secret::random_token();
    let lifetime = shared.config.access_token_lifetime.as_secs() as i64;
    shared
        .store
        .put_token(TokenRecord {
            hash: secret::token_hash(&access),
            kind: TokenKind::Access,
            grant_id: issue.grant_id.to_owned(),
            client_id: issue.client_id.to_owned(),
            learner: issue.learner.to_owned(),
            scope: issue.access_scope.clone(),
            expires_at: now + lifetime,
            revoked: false,
        })
        .await
        .map_err(|e| OAuthError::internal(&e))?;
    let mut body = json!({
        "access_token": access,
        "token_type": "Bearer",
        "expires_in": lifetime,
        "scope": issue.access_scope,
    });
    if let Some(refresh_scope) = issue.refresh_scope {
        let refresh = secret::random_token();
        shared
            .store
            .put_token(TokenRecord {
                hash: secret::token_hash(&refresh),
                kind: TokenKind::Refresh,
                grant_id: issue.grant_id.to_owned(),
                client_id: issue.client_id.to_owned(),
                learner: issue.learner.to_owned(),
                scope: refresh_scope,
                expires_at: now + shared.config.refresh_token_lifetime.as_secs() as i64,
                revoked: false,
            })
            .await
            .map_err(|e| OAuthError::internal(&e))?;
        body["refresh_token"] = Value::String(refresh);
    }
    let mut response = axum::Json(body).into_response();
    let headers = response.headers_mut();
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(header::PRAGMA, HeaderValue::from_static("no-cache"));
    Ok(response)
}

/// `POST /oauth/token`: `authorization_code` (with the PKCE verifier) and `refresh_token`.
pub(crate) async fn token<S: Store>(
    State(shared): State<Arc<Shared<S>>>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, OAuthError> {
    let (client, metadata) = authenticate_client(&shared, &headers).await?;
    let params = form(body)?;
    let get = |name: &str| param(&params, name);
    let now = chrono::Utc::now().timestamp();
    match get("grant_type") {
        Some("authorization_code") => {
            let code = get("code")
                .ok_or_else(|| OAuthError::new("invalid_request", "code is required"))?;
            let verifier = get("code_verifier").ok_or_else(|| {
                OAuthError::new("invalid_request", "code_verifier is required (PKCE)")
            })?;
            let redirect_uri = get("redirect_uri")
                .ok_or_else(|| OAuthError::new("invalid_request", "redirect_uri is required"))?;
            let record = match shared
                .store
                .redeem_code(&secret::token_hash(code))
                .await
                .map_err(|e| OAuthError::internal(&e))?
            {
                Redeemed::Fresh(record) => record,
                Redeemed::Reused { grant_id } => {
                    // RFC 6749 §4.1.2: a replayed code revokes what it issued.
                    shared
                        .store
                        .revoke_grant(&grant_id)
                        .await
                        .map_err(|e| OAuthError::internal(&e))?;
                    tracing::warn!(client_id = %client.client_id, "authorization code replayed; its grant is revoked");
                    return Err(OAuthError::new(
                        "invalid_grant",
                        "the authorization code was already used; the tokens issued from it are revoked",
                    ));
                }
                _ => {
                    return Err(OAuthError::new(
                        "invalid_grant",
                        "unknown authorization code",
                    ));
                }
            };
            if !secret::equal(record.client_id.as_bytes(), client.client_id.as_bytes()) {
                return Err(OAuthError::new(
                    "invalid_grant",
                    "the authorization code was issued to another client",
                ));
            }
            if record.expires_at < now {
                return Err(OAuthError::new(
                    "invalid_grant",
                    "the authorization code has expired",
                ));
            }
            if record.redirect_uri != redirect_uri {
                return Err(OAuthError::new(
                    "invalid_grant",
                    "redirect_uri does not match the authorization request",
                ));
            }
            if !secret::is_pkce_value(verifier)
                || !secret::equal(
                    secret::s256(verifier).as_bytes(),
                    record.code_challenge.as_bytes(),
                )
            {
                return Err(OAuthError::new(
                    "invalid_grant",
                    "the code_verifier does not match the code_challenge (PKCE S256)",
                ));
            }
            let access_scope = narrowed(get("scope"), &record.scope)?;
            let refresh_scope = (grants_refresh(&metadata)
                && scope::contains(&record.scope, scope::OFFLINE_ACCESS))
            .then(|| record.scope.clone());
            issue_tokens(
                &shared,
                Issue {
                    client_id: &client.client_id,
                    learner: &record.learner,
                    grant_id: &record.grant_id,
                    access_scope,
                    refresh_scope,
                },
            )
            .await
        }
        Some("refresh_token") => {
            if !grants_refresh(&metadata) {
                return Err(OAuthError::new(
                    "unauthorized_client",
                    "this client did not register the refresh_token grant",
                ));
            }
            let presented = get("refresh_token")
                .ok_or_else(|| OAuthError::new("invalid_request", "refresh_token is required"))?;
            let hash = secret::token_hash(presented);
            let found = shared
                .store
                .token(&hash)
                .await
                .map_err(|e| OAuthError::internal(&e))?
                .filter(|t| t.kind == TokenKind::Refresh && t.client_id == client.client_id)
                .ok_or_else(|| OAuthError::new("invalid_grant", "unknown refresh token"))?;
            if found.revoked {
                // A rotated-away refresh token used again: someone holds a copy. Revoke the
                // whole grant (OAuth 2.0 Security BCP §4.14).
                shared
                    .store
                    .revoke_grant(&found.grant_id)
                    .await
                    .map_err(|e| OAuthError::internal(&e))?;
                return Err(OAuthError::new(
                    "invalid_grant",
                    "the refresh token was already used or revoked",
                ));
            }
            if found.expires_at < now {
                return Err(OAuthError::new(
                    "invalid_grant",
                    "the refresh token has expired",
                ));
            }
            let access_scope = narrowed(get("scope"), &found.scope)?;
            let taken = shared
                .store
                .take_refresh_token(&hash)
                .await
                .map_err(|e| OAuthError::internal(&e))?
                .ok_or_else(|| {
                    OAuthError::new("invalid_grant", "the refresh token was already used")
                })?;
            issue_tokens(
                &shared,
                Issue {
                    client_id: &client.client_id,
                    learner: &taken.learner,
                    grant_id: &taken.grant_id,
                    access_scope,
                    refresh_scope: Some(taken.scope.clone()),
                },
            )
            .await
        }
        Some(other) => Err(OAuthError::new(
            "unsupported_grant_type",
            format!("grant_type `{other}` is not supported (authorization_code, refresh_token)"),
        )),
        None => Err(OAuthError::new("invalid_request", "grant_type is required")),
    }
}

/// `POST /oauth/revoke` (RFC 7009): 200 whether or not the token was known. Revoking a
/// refresh token revokes its whole grant (the access tokens issued with it too).
pub(crate) async fn revoke<S: Store>(
    State(shared): State<Arc<Shared<S>>>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, OAuthError> {
    let (client, _) = authenticate_client(&shared, &headers).await?;
    let params = form(body)?;
    let token = param(&params, "token")
        .ok_or_else(|| OAuthError::new("invalid_request", "token is required"))?;
    match param(&params, "token_type_hint") {
        None | Some("access_token" | "refresh_token") => {}
        Some(other) => {
            return Err(OAuthError::new(
                "unsupported_token_type",
                format!("token_type_hint `{other}` is not access_token or refresh_token"),
            ));
        }
    }
    let hash = secret::token_hash(token);
    let found = shared
        .store
        .token(&hash)
        .await
        .map_err(|e| OAuthError::internal(&e))?;
    if let Some(found) = found.filter(|t| t.client_id == client.client_id) {
        match found.kind {
            TokenKind::Refresh => shared.store.revoke_grant(&found.grant_id).await,
            _ => shared
                .store
                .revoke_token(&hash, &client.client_id)
                .await
                .map(|_| ()),
        }
        .map_err(|e| OAuthError::internal(&e))?;
        tracing::info!(client_id = %client.client_id, "revoked a token");
    }
    let mut response = StatusCode::OK.into_response();
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(response)
}

#[cfg(test)]
mod tests {
    use super::accepted_uri;

    #[test]
    fn uris_are_https_or_loopback_http() {
        assert_eq!(
            accepted_uri("https://App.example/cb").unwrap(),
            "app.example"
        );
        assert_eq!(
            accepted_uri("http://127.0.0.1:8080/cb").unwrap(),
            "127.0.0.1"
        );
        assert_eq!(accepted_uri("http://[::1]:9/cb").unwrap(), "[::1]");
        for bad in [
            "http://app.example/cb",
            "http://localhost:8080/cb",
            "ftp://app.example/",
            "https://user@app.example/",
            "https://app.example:x/",
            "app.example/cb",
            "https:// app.example/",
            "javascript://alert(1)",
            "http://127.0.0.1.evil.example/",
        ] {
            assert!(accepted_uri(bad).is_err(), "{bad}");
        }
    }
}
