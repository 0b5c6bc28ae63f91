//! A provider on loopback in its own runtime thread, a blocking HTTP client (ureq), and the
//! OAuth steps a client takes, over real HTTP.

use std::sync::mpsc;
use std::time::Duration;

use base64::Engine as _;
use openbadges::server::store::{SqliteStore, Store};
use openbadges::server::{Provider, ServerConfig};
use serde_json::{Value, json};
use sha2::Digest as _;

use super::store_suite::unique;
use super::stores::TempDb;

pub const ALICE_PASSWORD: &str = "correct horse battery staple";
pub const BOB_PASSWORD: &str = "tr0ub4dor&3";

pub const OB_READ: &str = "https://purl.imsglobal.org/spec/ob/v3p0/scope/credential.readonly";
pub const OB_UPSERT: &str = "https://purl.imsglobal.org/spec/ob/v3p0/scope/credential.upsert";
pub const OB_PROFILE_READ: &str = "https://purl.imsglobal.org/spec/ob/v3p0/scope/profile.readonly";
pub const OB_PROFILE_UPDATE: &str = "https://purl.imsglobal.org/spec/ob/v3p0/scope/profile.update";
pub const CLR_READ: &str = "https://purl.imsglobal.org/spec/clr/v2p0/scope/credential.readonly";
pub const CLR_UPSERT: &str = "https://purl.imsglobal.org/spec/clr/v2p0/scope/credential.upsert";

/// Which store a test server runs on.
#[derive(Clone, Debug)]
pub enum Db {
    Sqlite,
    #[allow(dead_code)]
    Postgres(String),
}

/// A running provider; dropped, it shuts down gracefully and the thread is joined.
pub struct TestServer {
    pub base: String,
    alice: String,
    bob: String,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
    _db: Option<TempDb>,
}

impl Drop for TestServer {
    fn drop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

impl TestServer {
    pub fn start() -> Self {
        Self::start_with(Db::Sqlite, |_| {})
    }

    pub fn start_with(db: Db, configure: impl FnOnce(&mut ServerConfig) + Send + 'static) -> Self {
        let temp = matches!(db, Db::Sqlite).then(TempDb::new);
        let path = temp.as_ref().map(|t| t.path());
        let (addr_tx, addr_rx) = mpsc::channel();
        let alice = unique("alice");
        let bob = unique("bob");
        let users = (alice.clone(), bob.clone());
        let (shutdown_tx, shutdown_rx) = tokio::sync::oneshot::channel::<()>();
        let thread = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_multi_thread()
                .worker_threads(2)
                .enable_all()
                .build()
                .unwrap();
            runtime.block_on(async move {
                let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
                let addr = listener.local_addr().unwrap();
                let mut config = ServerConfig::new(format!("http://{addr}"));
                configure(&mut config);
                let shutdown = async move {
                    let _ = shutdown_rx.await;
                };
                match db {
                    Db::Sqlite => {
                        let store = SqliteStore::open(path.unwrap()).unwrap();
                        run(store, config, listener, addr_tx, users, shutdown).await;
                    }
                    #[cfg(feature = "postgres")]
                    Db::Postgres(url) => {
                        let store = openbadges::server::store::PostgresStore::connect(&url)
                            .await
                            .unwrap();
                        run(store, config, listener, addr_tx, users, shutdown).await;
                    }
                    #[cfg(not(feature = "postgres"))]
                    Db::Postgres(_) => unreachable!("postgres tests need the postgres feature"),
                }
            });
        });
        let base = addr_rx.recv_timeout(Duration::from_secs(60)).unwrap();
        TestServer {
            base,
            alice,
            bob,
            shutdown: Some(shutdown_tx),
            thread: Some(thread),
            _db: temp,
        }
    }

    /// The first learner (name, password).
    pub fn alice(&self) -> (&str, &str) {
        (&self.alice, ALICE_PASSWORD)
    }

    /// The second learner.
    pub fn bob(&self) -> (&str, &str) {
        (&self.bob, BOB_PASSWORD)
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }
}

/// Per-server learner names: the PostgreSQL database outlives a test run.
async fn run<S: Store>(
    store: S,
    config: ServerConfig,
    listener: tokio::net::TcpListener,
    ready: mpsc::Sender<String>,
    (alice, bob): (String, String),
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) {
    let base = config.issuer_url.clone();
    let provider = Provider::new(store, config).unwrap();
    provider.add_account(&alice, ALICE_PASSWORD).await.unwrap();
    provider.add_account(&bob, BOB_PASSWORD).await.unwrap();
    ready.send(base).unwrap();
    openbadges::server::serve(listener, provider.router(), shutdown)
        .await
        .unwrap();
}

/// A response, read whole.
#[derive(Debug)]
pub struct Reply {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl Reply {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    pub fn json(&self) -> Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.body))
    }
}

fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .max_redirects(0)
        .timeout_global(Some(Duration::from_secs(60)))
        .build()
        .into()
}

fn read(response: Result<ureq::http::Response<ureq::Body>, ureq::Error>) -> Reply {
    let mut response = response.expect("HTTP exchange");
    let status = response.status().as_u16();
    let headers = response
        .headers()
        .iter()
        .map(|(k, v)| {
            (
                k.as_str().to_owned(),
                v.to_str().unwrap_or_default().to_owned(),
            )
        })
        .collect();
    let body = response
        .body_mut()
        .with_config()
        .limit(64 * 1024 * 1024)
        .read_to_string()
        .unwrap_or_default();
    Reply {
        status,
        headers,
        body,
    }
}

pub fn get(url: &str, token: Option<&str>) -> Reply {
    let mut request = agent().get(url);
    if let Some(token) = token {
        request = request.header("Authorization", &format!("Bearer {token}"));
    }
    read(request.call())
}

pub fn send(
    method: &str,
    url: &str,
    token: Option<&str>,
    content_type: &str,
    body: &[u8],
) -> Reply {
    let agent = agent();
    let mut request = match method {
        "POST" => agent.post(url),
        "PUT" => agent.put(url),
        "DELETE" => {
            let mut request = agent.delete(url);
            if let Some(token) = token {
                request = request.header("Authorization", &format!("Bearer {token}"));
            }
            return read(request.call());
        }
        other => panic!("method {other}"),
    };
    request = request.header("Content-Type", content_type);
    if let Some(token) = token {
        request = request.header("Authorization", &format!("Bearer {token}"));
    }
    read(request.send(body))
}

pub fn post_form(url: &str, basic: Option<(&str, &str)>, form: &[(&str, &str)]) -> Reply {
    let mut request = agent()
        .post(url)
        .header("Content-Type", "application/x-www-form-urlencoded");
    if let Some((id, secret)) = basic {
        let encoded = base64::engine::general_purpose::STANDARD.encode(format!("{id}:{secret}"));
        request = request.header("Authorization", &format!("Basic {encoded}"));
    }
    let body = serde_urlencoded::to_string(form).unwrap();
    read(request.send(body.as_bytes()))
}

/// A registered client.
#[derive(Clone, Debug)]
pub struct Client {
    pub id: String,
    pub secret: String,
    pub redirect_uri: String,
}

pub fn registration(redirect_uri: &str, scope: &str) -> Value {
    json!({
        "client_name": "Test Wallet",
        "client_uri": "http://127.0.0.1/",
        "logo_uri": "http://127.0.0.1/logo.png",
        "tos_uri": "http://127.0.0.1/tos",
        "policy_uri": "http://127.0.0.1/privacy",
        "software_id": "openbadges-tests",
        "software_version": "1",
        "redirect_uris": [redirect_uri],
        "scope": scope,
    })
}

pub fn register(server: &TestServer, scope: &str) -> Client {
    let redirect_uri = "http://127.0.0.1:9/callback";
    let reply = send(
        "POST",
        &server.url("/oauth/register"),
        None,
        "application/json",
        registration(redirect_uri, scope).to_string().as_bytes(),
    );
    assert_eq!(reply.status, 201, "{}", reply.body);
    let body = reply.json();
    Client {
        id: body["client_id"].as_str().unwrap().to_owned(),
        secret: body["client_secret"].as_str().unwrap().to_owned(),
        redirect_uri: redirect_uri.to_owned(),
    }
}

pub fn pkce() -> (String, String) {
    let verifier = format!("{}-{}", unique("verifier"), unique("pkce-value"));
    let challenge = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .encode(sha2::Sha256::digest(verifier.as_bytes()));
    (verifier, challenge)
}

/// The query parameters of a `Location`.
pub fn location_params(reply: &Reply) -> Vec<(String, String)> {
    let location = reply.header("location").expect("a Location header");
    let query = location.split_once('?').map(|(_, q)| q).unwrap_or("");
    serde_urlencoded::from_str(query).unwrap()
}

pub fn param<'a>(params: &'a [(String, String)], name: &str) -> Option<&'a str> {
    params
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
}

/// Posts the consent form; returns the reply (302 on success).
pub fn consent(
    server: &TestServer,
    client: &Client,
    scope: &str,
    challenge: &str,
    user: (&str, &str),
) -> Reply {
    post_form(
        &server.url("/oauth/authorize"),
        None,
        &[
            ("response_type", "code"),
            ("client_id", &client.id),
            ("redirect_uri", &client.redirect_uri),
            ("scope", scope),
            ("state", "state-123"),
            ("code_challenge", challenge),
            ("code_challenge_method", "S256"),
            ("username", user.0),
            ("password", user.1),
            ("consent", "allow"),
        ],
    )
}

/// An authorization code for `user` (and the PKCE verifier that redeems it).
pub fn code(
    server: &TestServer,
    client: &Client,
    scope: &str,
    user: (&str, &str),
) -> (String, String) {
    let (verifier, challenge) = pkce();
    let reply = consent(server, client, scope, &challenge, user);
    assert_eq!(reply.status, 302, "{}", reply.body);
    let params = location_params(&reply);
    assert_eq!(param(&params, "state"), Some("state-123"));
    (param(&params, "code").unwrap().to_owned(), verifier)
}

pub fn exchange(server: &TestServer, client: &Client, code: &str, verifier: &str) -> Reply {
    post_form(
        &server.url("/oauth/token"),
        Some((&client.id, &client.secret)),
        &[
            ("grant_type", "authorization_code"),
            ("code", code),
            ("redirect_uri", &client.redirect_uri),
            ("code_verifier", verifier),
        ],
    )
}

/// Tokens granted by `user` for `scope`: (access, refresh if any).
pub fn login(server: &TestServer, scope: &str, user: (&str, &str)) -> (String, Option<String>) {
    let client = register(server, scope);
    let (code, verifier) = code(server, &client, scope, user);
    let reply = exchange(server, &client, &code, &verifier);
    assert_eq!(reply.status, 200, "{}", reply.body);
    let body = reply.json();
    (
        body["access_token"].as_str().unwrap().to_owned(),
        body["refresh_token"].as_str().map(str::to_owned),
    )
}

pub fn fixture(name: &str) -> Vec<u8> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/interop/credentials")
        .join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The bundled validator, for schema checks of every response.
pub fn validator() -> &'static openbadges::validate::Validator {
    static VALIDATOR: std::sync::OnceLock<openbadges::validate::Validator> =
        std::sync::OnceLock::new();
    VALIDATOR.get_or_init(|| openbadges::validate::Validator::new().unwrap())
}

/// Asserts that `body` is valid as `kind` against the bundled schema.
pub fn assert_schema(body: &str, kind: openbadges::validate::Kind) {
    let document = openbadges::Document::from_str(body).unwrap();
    let report = validator().validate_as(&document, kind);
    let errors: Vec<_> = report
        .errors()
        .map(|f| format!("{} at {}: {}", f.code, f.path, f.message))
        .collect();
    assert!(errors.is_empty(), "{kind:?} invalid: {errors:#?}\n{body}");
}

/// Asserts an `Imsx_StatusInfo` error with this status and code minor.
pub fn assert_imsx(reply: &Reply, status: u16, minor: &str) {
    assert_eq!(reply.status, status, "{}", reply.body);
    assert!(
        reply
            .header("content-type")
            .is_some_and(|c| c.starts_with("application/json")),
        "{:?}",
        reply.headers
    );
    assert_schema(&reply.body, openbadges::validate::Kind::ImsxStatusInfo);
    let body = reply.json();
    assert_eq!(body["imsx_codeMajor"], "failure");
    assert_eq!(body["imsx_severity"], "error");
    assert_eq!(
        body["imsx_codeMinor"]["imsx_codeMinorField"][0]["imsx_codeMinorFieldValue"],
        minor
    );
}
