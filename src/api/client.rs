//! The blocking API client.

use std::time::Duration;

use base64::Engine as _;
use serde_json::{Value, json};
use sha2::Digest as _;

/// Which API a [`Client`] talks to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Api {
    /// Open Badges 3.0 (`/ims/ob/v3p0`).
    Ob,
    /// CLR 2.0 (`/ims/clr/v2p0`).
    Clr,
}

impl Api {
    fn base_path(self) -> &'static str {
        match self {
            Api::Ob => "/ims/ob/v3p0",
            Api::Clr => "/ims/clr/v2p0",
        }
    }
}

/// Why a client call failed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ClientError {
    /// The HTTP exchange failed (connection, TLS, timeout).
    #[error("{url}: {message}")]
    Transport {
        /// The request URL.
        url: String,
        /// What failed.
        message: String,
    },
    /// The server answered with an error status.
    #[error("{url}: HTTP {status}: {body}")]
    Status {
        /// The request URL.
        url: String,
        /// The status.
        status: u16,
        /// The body (an `Imsx_StatusInfo` or OAuth error, usually), cut at 2 KB.
        body: String,
    },
    /// A response did not have the documented shape.
    #[error("{url}: {field}: {message}")]
    Response {
        /// The request URL.
        url: String,
        /// The member or header at fault.
        field: String,
        /// What is wrong.
        message: String,
    },
    /// A token would have gone to a host it was not issued for.
    #[error("refusing to send the access token to {url}: it was issued for {issued_for}")]
    ForeignHost {
        /// Where the request would have gone.
        url: String,
        /// The origin the token belongs to.
        issued_for: String,
    },
    /// The authorization redirect's `state` is not the one sent (CSRF), or it carries an
    /// OAuth error.
    #[error("authorization failed: {0}")]
    Authorization(String),
    /// Local I/O (the loopback listener).
    #[error("{0}")]
    Io(String),
}

/// The endpoints a Service Description Document names.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[non_exhaustive]
pub struct Discovery {
    /// `x-imssf-registrationUrl`.
    pub registration_url: String,
    /// `authorizationUrl`.
    pub authorization_url: String,
    /// `tokenUrl`.
    pub token_url: String,
    /// `refreshUrl` (the token URL when absent).
    pub refresh_url: String,
    /// A revocation endpoint, when the document names one (`x-openbadges-revocationUrl`,
    /// this crate's server's extension; the SDD schema has no key for it).
    pub revocation_url: Option<String>,
    /// The scopes offered.
    pub scopes: Vec<String>,
}

/// What a client registers (RFC 7591, the 1EdTech required fields).
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct ClientMetadata {
    /// `client_name`.
    pub client_name: String,
    /// `client_uri`.
    pub client_uri: String,
    /// `logo_uri`.
    pub logo_uri: String,
    /// `tos_uri`.
    pub tos_uri: String,
    /// `policy_uri`.
    pub policy_uri: String,
    /// `software_id`.
    pub software_id: String,
    /// `software_version`.
    pub software_version: String,
    /// `redirect_uris`.
    pub redirect_uris: Vec<String>,
    /// The scopes asked for.
    pub scopes: Vec<String>,
}

impl ClientMetadata {
    /// Metadata whose URLs all live under `client_uri` (`/logo.png`, `/tos`, `/privacy`).
    pub fn new(
        client_name: impl Into<String>,
        client_uri: impl Into<String>,
        redirect_uri: impl Into<String>,
        scopes: Vec<String>,
    ) -> Self {
        let client_uri = client_uri.into();
        let root = client_uri.trim_end_matches('/').to_owned();
        ClientMetadata {
            client_name: client_name.into(),
            logo_uri: format!("{root}/logo.png"),
            tos_uri: format!("{root}/tos"),
            policy_uri: format!("{root}/privacy"),
            client_uri,
            software_id: "openbadges-rs".into(),
            software_version: env!("CARGO_PKG_VERSION").into(),
            redirect_uris: vec![redirect_uri.into()],
            scopes,
        }
    }
}

/// A registration (store it: one per authorization server, shared by all users).
#[derive(Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[non_exhaustive]
pub struct Registration {
    /// `client_id`.
    pub client_id: String,
    /// `client_secret`.
    pub client_secret: String,
    /// The registered redirect URIs.
    pub redirect_uris: Vec<String>,
    /// The scopes the server registered.
    pub scope: String,
}

impl std::fmt::Debug for Registration {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Registration")
            .field("client_id", &self.client_id)
            .field("client_secret", &"<redacted>")
            .finish_non_exhaustive()
    }
}

/// An authorization request: the URL to open, and what redeeming its code needs.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct AuthorizationRequest {
    /// The URL for the learner's browser.
    pub url: String,
    /// The `state` sent (checked on return).
    pub state: String,
    /// The PKCE verifier (kept secret until the token request).
    pub code_verifier: String,
    /// The redirect URI used.
    pub redirect_uri: String,
}

/// Tokens, bound to the origin that issued them.
#[derive(Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[non_exhaustive]
pub struct Tokens {
    /// The bearer token.
    pub access_token: String,
    /// The refresh token, if one was issued.
    pub refresh_token: Option<String>,
    /// The granted scopes.
    pub scope: String,
    /// `expires_in` as a Unix time, if given.
    pub expires_at: Option<i64>,
    /// `scheme://host:port` of the token endpoint: the only origin the token is sent to.
    pub origin: String,
}

impl std::fmt::Debug for Tokens {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Tokens")
            .field("scope", &self.scope)
            .field("origin", &self.origin)
            .finish_non_exhaustive()
    }
}

/// One credential of a `getCredentials` page, as received.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub enum Received {
    /// A JSON credential (from `credential`).
    Json(Value),
    /// A compact JWS (from `compactJwsString`, or the examples' `compactJwsStrings`).
    Jws(String),
}

/// What an upsert did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Pushed {
    /// 201: stored as new.
    Created,
    /// 200: replaced an existing one.
    Replaced,
}

/// The origin (`scheme://authority`) of an absolute URL, lower-cased.
fn origin(url: &str) -> Option<String> {
    let uri: ureq::http::Uri = url.parse().ok()?;
    let scheme = uri.scheme_str()?.to_ascii_lowercase();
    let authority = uri.authority()?.as_str().to_ascii_lowercase();
    if authority.contains('@') {
        return None;
    }
    let default_port = match scheme.as_str() {
        "https" => ":443",
        "http" => ":80",
        _ => "",
    };
    let authority = authority
        .strip_suffix(default_port)
        .unwrap_or(&authority)
        .to_owned();
    Some(format!("{scheme}://{authority}"))
}

/// A client of one provider's API.
#[derive(Clone, Debug)]
pub struct Client {
    agent: ureq::Agent,
    base: String,
    api: Api,
    retries: u32,
    max_wait: Duration,
}

struct Reply {
    status: u16,
    headers: ureq::http::HeaderMap,
    body: Vec<u8>,
}

const MAX_BODY: u64 = 64 * 1024 * 1024;

impl Client {
    /// A client of the API at `base_url` (e.g. `https://badges.example.org`, the part before
    /// `/ims/ob/v3p0`).
    pub fn new(base_url: impl Into<String>, api: Api) -> Self {
        let agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .max_redirects(0)
            .timeout_global(Some(Duration::from_secs(60)))
            .build()
            .into();
        Client {
            agent,
            base: base_url.into().trim_end_matches('/').to_owned(),
            api,
            retries: 3,
            max_wait: Duration::from_secs(60),
        }
    }

    /// Retries of a 429 / 5xx answer (default 3) and the longest wait between two (default
    /// 60 s; a longer `Retry-After` ends the retries).
    #[must_use]
    pub fn retries(mut self, retries: u32, max_wait: Duration) -> Self {
        self.retries = retries;
        self.max_wait = max_wait;
        self
    }

    fn api_url(&self, path: &str) -> String {
        format!("{}{}{path}", self.base, self.api.base_path())
    }

    /// One exchange, retried on 429 / 5xx / transport failure with backoff, honouring
    /// `Retry-After` (seconds).
    fn exchange(
        &self,
        method: &str,
        url: &str,
        headers: &[(&str, String)],
        body: Option<&[u8]>,
    ) -> Result<Reply, ClientError> {
        let mut attempt = 0;
        loop {
            let outcome = self.once(method, url, headers, body);
            let retry_after = match &outcome {
                Ok(reply) if reply.status == 429 || reply.status >= 500 => Some(
                    reply
                        .headers
                        .get("retry-after")
                        .and_then(|v| v.to_str().ok())
                        .and_then(|v| v.trim().parse::<u64>().ok())
                        .map(Duration::from_secs),
                ),
                Err(ClientError::Transport { .. }) => Some(None),
                _ => None,
            };
            let Some(hint) = retry_after else {
                return outcome;
            };
            if attempt >= self.retries {
                return outcome;
            }
            let backoff = Duration::from_millis(500 * (1 << attempt.min(6)));
            let wait = hint.unwrap_or(backoff);
            if wait > self.max_wait {
                return outcome;
            }
            std::thread::sleep(wait);
            attempt += 1;
        }
    }

    fn once(
        &self,
        method: &str,
        url: &str,
        headers: &[(&str, String)],
        body: Option<&[u8]>,
    ) -> Result<Reply, ClientError> {
        let transport = |e: ureq::Error| ClientError::Transport {
            url: url.to_owned(),
            message: e.to_string(),
        };
        let response = match method {
            "GET" => {
                let mut request = self.agent.get(url);
                for (k, v) in headers {
                    request = request.header(*k, v);
                }
                request.call()
            }
            _ => {
                let mut request = match method {
                    "PUT" => self.agent.put(url),
                    _ => self.agent.post(url),
                };
                for (k, v) in headers {
                    request = request.header(*k, v);
                }
                request.send(body.unwrap_or_default())
            }
        };
        let mut response = response.map_err(transport)?;
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        let body = response
            .body_mut()
            .with_config()
            .limit(MAX_BODY)
            .read_to_vec()
            .map_err(transport)?;
        Ok(Reply {
            status,
            headers,
            body,
        })
    }

    fn expect(url: &str, reply: Reply, ok: &[u16]) -> Result<Reply, ClientError> {
        if ok.contains(&reply.status) {
            return Ok(reply);
        }
        let mut body = String::from_utf8_lossy(&reply.body).into_owned();
        body.truncate(2048);
        Err(ClientError::Status {
            url: url.to_owned(),
            status: reply.status,
            body,
        })
    }

    fn json(url: &str, body: &[u8]) -> Result<Value, ClientError> {
        serde_json::from_slice(body).map_err(|e| ClientError::Response {
            url: url.to_owned(),
            field: "body".into(),
            message: format!("not JSON: {e}"),
        })
    }

    /// Fetches and reads the Service Description Document.
    ///
    /// # Errors
    /// [`ClientError`] on an HTTP failure or a document without the OAuth URLs.
    pub fn discover(&self) -> Result<Discovery, ClientError> {
        let url = self.api_url("/discovery");
        let reply = Self::expect(
            &url,
            self.exchange("GET", &url, &[("Accept", "application/json".into())], None)?,
            &[200],
        )?;
        let document = Self::json(&url, &reply.body)?;
        let scheme = &document["components"]["securitySchemes"]["OAuth2ACG"];
        let flow = &scheme["flows"]["authorizationCode"];
        let field = |value: &Value, name: &str| {
            value
                .as_str()
                .map(|s| {
                    // The spec's examples omit the scheme; assume https.
                    if s.contains("://") {
                        s.to_owned()
                    } else {
                        format!("https://{s}")
                    }
                })
                .ok_or_else(|| ClientError::Response {
                    url: url.clone(),
                    field: name.into(),
                    message: "missing".into(),
                })
        };
        let token_url = field(&flow["tokenUrl"], "flows.authorizationCode.tokenUrl")?;
        Ok(Discovery {
            registration_url: field(
                &scheme["x-imssf-registrationUrl"],
                "x-imssf-registrationUrl",
            )?,
            authorization_url: field(
                &flow["authorizationUrl"],
                "flows.authorizationCode.authorizationUrl",
            )?,
            refresh_url: field(&flow["refreshUrl"], "refreshUrl")
                .unwrap_or_else(|_| token_url.clone()),
            token_url,
            revocation_url: scheme["x-openbadges-revocationUrl"]
                .as_str()
                .map(str::to_owned),
            scopes: flow["scopes"]
                .as_object()
                .map(|m| m.keys().cloned().collect())
                .unwrap_or_default(),
        })
    }

    /// Registers a client (RFC 7591).
    ///
    /// # Errors
    /// [`ClientError`] on an HTTP failure or a refused registration.
    pub fn register(
        &self,
        discovery: &Discovery,
        metadata: &ClientMetadata,
    ) -> Result<Registration, ClientError> {
        let url = &discovery.registration_url;
        let body = json!({
            "client_name": metadata.client_name,
            "client_uri": metadata.client_uri,
            "logo_uri": metadata.logo_uri,
            "tos_uri": metadata.tos_uri,
            "policy_uri": metadata.policy_uri,
            "software_id": metadata.software_id,
            "software_version": metadata.software_version,
            "redirect_uris": metadata.redirect_uris,
            "scope": metadata.scopes.join(" "),
            "token_endpoint_auth_method": "client_secret_basic",
            "grant_types": ["authorization_code", "refresh_token"],
            "response_types": ["code"],
        });
        let reply = self.exchange(
            "POST",
            url,
            &[("Content-Type", "application/json".into())],
            Some(body.to_string().as_bytes()),
        )?;
        let reply = Self::expect(url, reply, &[200, 201])?;
        let value = Self::json(url, &reply.body)?;
        let text = |name: &str| {
            value[name]
                .as_str()
                .map(str::to_owned)
                .ok_or_else(|| ClientError::Response {
                    url: url.clone(),
                    field: name.into(),
                    message: "missing".into(),
                })
        };
        Ok(Registration {
            client_id: text("client_id")?,
            client_secret: text("client_secret")?,
            redirect_uris: metadata.redirect_uris.clone(),
            scope: value["scope"].as_str().unwrap_or_default().to_owned(),
        })
    }

    /// An authorization request with a fresh `state` and PKCE S256 verifier.
    pub fn authorization_request(
        &self,
        discovery: &Discovery,
        registration: &Registration,
        redirect_uri: &str,
        scopes: &[String],
    ) -> AuthorizationRequest {
        let random = |n: usize| {
            let mut bytes = vec![0u8; n];
            rand_core::RngCore::fill_bytes(&mut rand_core::OsRng, &mut bytes);
            base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
        };
        let code_verifier = random(48);
        let state = random(16);
        let challenge = base64::engine::general_purpose::URL_SAFE_NO_PAD
            .encode(sha2::Sha256::digest(code_verifier.as_bytes()));
        let query = serde_urlencoded::to_string([
            ("response_type", "code"),
            ("client_id", registration.client_id.as_str()),
            ("redirect_uri", redirect_uri),
            ("scope", scopes.join(" ").as_str()),
            ("state", state.as_str()),
            ("code_challenge", challenge.as_str()),
            ("code_challenge_method", "S256"),
        ])
        .unwrap_or_default();
        let joiner = if discovery.authorization_url.contains('?') {
            '&'
        } else {
            '?'
        };
        AuthorizationRequest {
            url: format!("{}{joiner}{query}", discovery.authorization_url),
            state,
            code_verifier,
            redirect_uri: redirect_uri.to_owned(),
        }
    }

    fn basic(registration: &Registration) -> String {
        let encode =
            |s: &str| serde_urlencoded::to_string([("", s)]).unwrap_or_default()[1..].to_owned();
        let pair = format!(
            "{}:{}",
            encode(&registration.client_id),
            encode(&registration.client_secret)
        );
        format!(
            "Basic {}",
            base64::engine::general_purpose::STANDARD.encode(pair)
        )
    }

    fn token_call(
        &self,
        url: &str,
        registration: &Registration,
        form: &[(&str, &str)],
    ) -> Result<Tokens, ClientError> {
        let body = serde_urlencoded::to_string(form).unwrap_or_default();
        let reply = self.exchange(
            "POST",
            url,
            &[
                ("Content-Type", "application/x-www-form-urlencoded".into()),
                ("Authorization", Self::basic(registration)),
            ],
            Some(body.as_bytes()),
        )?;
        let reply = Self::expect(url, reply, &[200])?;
        let value = Self::json(url, &reply.body)?;
        let access_token = value["access_token"]
            .as_str()
            .ok_or_else(|| ClientError::Response {
                url: url.to_owned(),
                field: "access_token".into(),
                message: "missing".into(),
            })?
            .to_owned();
        if !value["token_type"]
            .as_str()
            .is_some_and(|t| t.eq_ignore_ascii_case("bearer"))
        {
            return Err(ClientError::Response {
                url: url.to_owned(),
                field: "token_type".into(),
                message: "not a bearer token".into(),
            });
        }
        Ok(Tokens {
            access_token,
            refresh_token: value["refresh_token"].as_str().map(str::to_owned),
            scope: value["scope"].as_str().unwrap_or_default().to_owned(),
            expires_at: value["expires_in"]
                .as_i64()
                .map(|s| chrono::Utc::now().timestamp() + s),
            origin: origin(&self.base).unwrap_or_default(),
        })
    }

    /// Checks the redirect's `state` and `error`, then redeems its code with the PKCE
    /// verifier.
    ///
    /// # Errors
    /// [`ClientError::Authorization`] for a wrong `state` or an error redirect; HTTP
    /// failures as [`ClientError`].
    pub fn exchange_code(
        &self,
        discovery: &Discovery,
        registration: &Registration,
        request: &AuthorizationRequest,
        redirect_params: &[(String, String)],
    ) -> Result<Tokens, ClientError> {
        let get = |name: &str| {
            redirect_params
                .iter()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.as_str())
        };
        if get("state") != Some(request.state.as_str()) {
            return Err(ClientError::Authorization(
                "the redirect's state is not the one sent".into(),
            ));
        }
        if let Some(error) = get("error") {
            return Err(ClientError::Authorization(format!(
                "{error}: {}",
                get("error_description").unwrap_or_default()
            )));
        }
        let code = get("code")
            .ok_or_else(|| ClientError::Authorization("the redirect carries no code".into()))?;
        self.token_call(
            &discovery.token_url,
            registration,
            &[
                ("grant_type", "authorization_code"),
                ("code", code),
                ("redirect_uri", &request.redirect_uri),
                ("code_verifier", &request.code_verifier),
            ],
        )
    }

    /// Trades the refresh token for new tokens.
    ///
    /// # Errors
    /// [`ClientError::Authorization`] without a refresh token; HTTP failures (a spent or
    /// revoked refresh token is a 400) as [`ClientError`].
    pub fn refresh(
        &self,
        discovery: &Discovery,
        registration: &Registration,
        tokens: &Tokens,
    ) -> Result<Tokens, ClientError> {
        let refresh = tokens
            .refresh_token
            .as_deref()
            .ok_or_else(|| ClientError::Authorization("no refresh token was issued".into()))?;
        self.token_call(
            &discovery.refresh_url,
            registration,
            &[("grant_type", "refresh_token"), ("refresh_token", refresh)],
        )
    }

    /// Revokes a token (RFC 7009) at `revocation_url`.
    ///
    /// # Errors
    /// HTTP failures as [`ClientError`].
    pub fn revoke(
        &self,
        revocation_url: &str,
        registration: &Registration,
        token: &str,
        refresh: bool,
    ) -> Result<(), ClientError> {
        let hint = if refresh {
            "refresh_token"
        } else {
            "access_token"
        };
        let body = serde_urlencoded::to_string([("token", token), ("token_type_hint", hint)])
            .unwrap_or_default();
        let reply = self.exchange(
            "POST",
            revocation_url,
            &[
                ("Content-Type", "application/x-www-form-urlencoded".into()),
                ("Authorization", Self::basic(registration)),
            ],
            Some(body.as_bytes()),
        )?;
        Self::expect(revocation_url, reply, &[200]).map(|_| ())
    }

    fn bearer(&self, tokens: &Tokens, url: &str) -> Result<(&'static str, String), ClientError> {
        if origin(url).as_deref() != Some(tokens.origin.as_str()) {
            return Err(ClientError::ForeignHost {
                url: url.to_owned(),
                issued_for: tokens.origin.clone(),
            });
        }
        Ok(("Authorization", format!("Bearer {}", tokens.access_token)))
    }

    /// Every credential, page after page (`limit` per page, following `rel="next"`),
    /// optionally only those the provider stored after `since`.
    pub fn credentials<'a>(
        &'a self,
        tokens: &'a Tokens,
        since: Option<&str>,
        limit: u32,
    ) -> CredentialPages<'a> {
        let mut pairs = vec![("limit", limit.max(1).to_string())];
        if let Some(since) = since {
            pairs.push(("since", since.to_owned()));
        }
        let query = serde_urlencoded::to_string(&pairs).unwrap_or_default();
        CredentialPages {
            client: self,
            tokens,
            next: Some(self.api_url(&format!("/credentials?{query}"))),
            buffer: std::collections::VecDeque::new(),
            total: None,
        }
    }

    /// `upsertCredential`: a JSON credential, or a compact JWS (`text/plain`).
    ///
    /// # Errors
    /// HTTP failures (a 400 names the server's findings) as [`ClientError`].
    pub fn upsert(&self, tokens: &Tokens, credential: &[u8]) -> Result<Pushed, ClientError> {
        let url = self.api_url("/credentials");
        let trimmed = credential.trim_ascii();
        let content_type = if trimmed.first() == Some(&b'{') {
            "application/json"
        } else {
            "text/plain"
        };
        let reply = self.exchange(
            "POST",
            &url,
            &[
                self.bearer(tokens, &url)?,
                ("Content-Type", content_type.into()),
            ],
            Some(trimmed),
        )?;
        match Self::expect(&url, reply, &[200, 201])?.status {
            201 => Ok(Pushed::Created),
            _ => Ok(Pushed::Replaced),
        }
    }

    /// `getProfile`; `None` for a 404.
    ///
    /// # Errors
    /// HTTP failures as [`ClientError`].
    pub fn profile(&self, tokens: &Tokens) -> Result<Option<Value>, ClientError> {
        let url = self.api_url("/profile");
        let reply = self.exchange("GET", &url, &[self.bearer(tokens, &url)?], None)?;
        if reply.status == 404 {
            return Ok(None);
        }
        let reply = Self::expect(&url, reply, &[200])?;
        Self::json(&url, &reply.body).map(Some)
    }

    /// `putProfile`; returns the profile the server answers with.
    ///
    /// # Errors
    /// HTTP failures as [`ClientError`].
    pub fn put_profile(&self, tokens: &Tokens, profile: &Value) -> Result<Value, ClientError> {
        let url = self.api_url("/profile");
        let reply = self.exchange(
            "PUT",
            &url,
            &[
                self.bearer(tokens, &url)?,
                ("Content-Type", "application/json".into()),
            ],
            Some(profile.to_string().as_bytes()),
        )?;
        let reply = Self::expect(&url, reply, &[200, 202])?;
        Self::json(&url, &reply.body)
    }
}

/// `getCredentials` to completion: an iterator over every credential of every page.
#[derive(Debug)]
pub struct CredentialPages<'a> {
    client: &'a Client,
    tokens: &'a Tokens,
    next: Option<String>,
    buffer: std::collections::VecDeque<Received>,
    total: Option<u64>,
}

impl CredentialPages<'_> {
    /// `X-Total-Count` of the last page read.
    pub fn total(&self) -> Option<u64> {
        self.total
    }

    fn fetch(&mut self, url: &str) -> Result<Option<String>, ClientError> {
        let header = self.client.bearer(self.tokens, url)?;
        let reply = self.client.exchange("GET", url, &[header], None)?;
        let reply = Client::expect(url, reply, &[200])?;
        self.total = reply
            .headers
            .get("x-total-count")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.parse().ok());
        let body = Client::json(url, &reply.body)?;
        // Tolerant reader: a single object where an array is canonical, and the
        // examples' plural `compactJwsStrings`.
        let items = |value: &Value| -> Vec<Value> {
            match value {
                Value::Array(items) => items.clone(),
                Value::Null => Vec::new(),
                other => vec![other.clone()],
            }
        };
        for credential in items(&body["credential"]) {
            self.buffer.push_back(Received::Json(credential));
        }
        for key in ["compactJwsString", "compactJwsStrings"] {
            for jws in items(&body[key]) {
                if let Some(text) = jws.as_str() {
                    self.buffer.push_back(Received::Jws(text.to_owned()));
                }
            }
        }
        let link = reply
            .headers
            .get_all("link")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .collect::<Vec<_>>()
            .join(", ");
        Ok(next_link(&link))
    }
}

/// The `rel="next"` target of a `Link` header.
fn next_link(header: &str) -> Option<String> {
    header.split(',').find_map(|part| {
        let (target, params) = part.split_once(';')?;
        let target = target.trim().strip_prefix('<')?.strip_suffix('>')?;
        params
            .split(';')
            .any(|p| {
                let p = p.trim();
                p == "rel=\"next\"" || p == "rel=next"
            })
            .then(|| target.to_owned())
    })
}

impl Iterator for CredentialPages<'_> {
    type Item = Result<Received, ClientError>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if let Some(item) = self.buffer.pop_front() {
                return Some(Ok(item));
            }
            let url = self.next.take()?;
            match self.fetch(&url) {
                Ok(next) => self.next = next,
                Err(e) => return Some(Err(e)),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{next_link, origin};

    #[test]
    fn origins_normalise_default_ports_and_refuse_userinfo() {
        assert_eq!(
            origin("https://A.example:443/x").as_deref(),
            Some("https://a.example")
        );
        assert_eq!(
            origin("http://127.0.0.1:8080/y").as_deref(),
            Some("http://127.0.0.1:8080")
        );
        assert_ne!(
            origin("https://a.example.evil/"),
            origin("https://a.example/")
        );
        assert_eq!(origin("https://u@a.example/"), None);
    }

    #[test]
    fn next_links_are_found_among_others() {
        let header = "<https://x/c?limit=2&offset=0>; rel=\"first\", <https://x/c?limit=2&offset=2>; rel=\"next\"";
        assert_eq!(
            next_link(header).as_deref(),
            Some("https://x/c?limit=2&offset=2")
        );
        assert_eq!(next_link("<https://x/c>; rel=\"last\""), None);
    }
}
