//! The OB 3.0 / CLR 2.0 REST API provider (feature `server`): an axum [`Router`] a
//! platform mounts into its own service, with the OAuth 2.0 authorization server the
//! 1EdTech security profile requires and a [`Store`] behind both.
//!
//! - Resource endpoints, under `/ims/ob/v3p0` and `/ims/clr/v2p0`: `GET/POST credentials`
//!   (`getCredentials` with `limit` / `offset` / `since`, `X-Total-Count` and `Link`;
//!   `upsertCredential`: 201 new, 200 replaced, JSON or compact JWS, verified offline before
//!   it is stored), `GET/PUT profile`, and `GET discovery` (the Service Description
//!   Document). Errors are `Imsx_StatusInfo` bodies.
//! - OAuth 2.0 under `/oauth`: `register` (RFC 7591), `authorize` (login and consent page;
//!   code grant with PKCE S256 only), `token` (codes and rotating refresh tokens) and
//!   `revoke` (RFC 7009). Tokens and client secrets are stored as SHA-256 digests and
//!   compared in constant time; passwords as argon2id.
//!
//! ```no_run
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! use openbadges::server::{Provider, ServerConfig, store::SqliteStore};
//!
//! let store = SqliteStore::open("badges.sqlite")?;
//! let provider = Provider::new(store, ServerConfig::new("https://badges.example.org"))?;
//! let listener = tokio::net::TcpListener::bind("127.0.0.1:8080").await?;
//! openbadges::server::serve(listener, provider.router(), std::future::pending()).await?;
//! # Ok(()) }
//! ```

mod bearer;
mod config;
mod discovery;
mod imsx;
mod login;
mod oauth;
mod provider;
pub mod scope;
mod secret;
pub mod store;

use std::sync::Arc;

use axum::Router;
use axum::extract::{DefaultBodyLimit, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;

pub use config::ServerConfig;
pub use login::{Login, LoginFuture};
pub use secret::{PasswordError, hash_password};

use crate::validate::Validator;
use crate::verify::Verifier;
use provider::Api;
use store::{ApiKind, Store};

/// Why the provider could not be built.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ServerError {
    /// The bundled schemas did not compile (a build defect).
    #[error(transparent)]
    Schema(#[from] crate::validate::SchemaError),
    /// A password could not be hashed.
    #[error(transparent)]
    Password(#[from] PasswordError),
}

pub(crate) struct Shared<S: Store> {
    store: S,
    config: ServerConfig,
    verifier: Arc<Verifier>,
    validator: Validator,
    login: Option<Arc<dyn Login>>,
    /// An argon2 hash checked when a login names no account, so that an unknown name
    /// takes as long as a wrong password.
    dummy_password_hash: String,
}

/// The provider and authorization server over a store: build it, then take its
/// [`router`](Provider::router).
pub struct Provider<S: Store> {
    shared: Shared<S>,
}

impl<S: Store> std::fmt::Debug for Provider<S> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Provider")
            .field("config", &self.shared.config)
            .finish_non_exhaustive()
    }
}

impl<S: Store> Provider<S> {
    /// A provider over `store`, verifying uploads with [`Verifier::offline`] and logging
    /// learners in with the store's accounts.
    ///
    /// # Errors
    /// [`ServerError`] if the bundled schemas do not compile.
    pub fn new(store: S, config: ServerConfig) -> Result<Self, ServerError> {
        Ok(Provider {
            shared: Shared {
                store,
                config,
                verifier: Arc::new(Verifier::offline()),
                validator: Validator::new()?,
                login: None,
                dummy_password_hash: hash_password("not a password of any account")?,
            },
        })
    }

    /// Verifies uploads with `verifier` instead (e.g. one with an HTTP fetcher, so did:web
    /// keys and status lists are checked). Credentials it finds invalid are refused;
    /// indeterminate ones are stored with their report.
    #[must_use]
    pub fn verifier(mut self, verifier: Verifier) -> Self {
        self.shared.verifier = Arc::new(verifier);
        self
    }

    /// Logs learners in with the platform's own [`Login`] instead of the store's accounts.
    #[must_use]
    pub fn login(mut self, login: impl Login) -> Self {
        self.shared.login = Some(Arc::new(login));
        self
    }

    /// The store.
    pub fn store(&self) -> &S {
        &self.shared.store
    }

    /// Creates (or re-keys) a learner account of the built-in login.
    ///
    /// # Errors
    /// [`ServerError::Password`] if hashing fails; store failures as
    /// [`store::StoreError`].
    pub async fn add_account(&self, name: &str, password: &str) -> Result<(), store::StoreError> {
        let password = password.to_owned();
        let hash = tokio::task::spawn_blocking(move || hash_password(&password))
            .await
            .map_err(|e| store::StoreError::Task(e.to_string()))?
            .map_err(|e| store::StoreError::Task(e.to_string()))?;
        self.shared
            .store
            .put_account(store::Account {
                name: name.to_owned(),
                password_hash: hash,
            })
            .await
    }

    /// The router: both APIs, discovery and the OAuth endpoints, with the body limit.
    pub fn router(self) -> Router {
        let shared = Arc::new(self.shared);
        let limit = shared.config.body_limit;
        let mut router = Router::new()
            .route(
                config::paths::REGISTER,
                axum::routing::post(oauth::register::<S>).fallback(imsx::method_not_allowed),
            )
            .route(
                config::paths::AUTHORIZE,
                get(oauth::authorize_page::<S>)
                    .post(oauth::authorize_submit::<S>)
                    .fallback(imsx::method_not_allowed),
            )
            .route(
                config::paths::TOKEN,
                axum::routing::post(oauth::token::<S>).fallback(imsx::method_not_allowed),
            )
            .route(
                config::paths::REVOKE,
                axum::routing::post(oauth::revoke::<S>).fallback(imsx::method_not_allowed),
            )
            .with_state(shared.clone());
        for kind in [ApiKind::Ob, ApiKind::Clr] {
            let base = provider::base_path(kind);
            let api = Api {
                shared: shared.clone(),
                kind,
            };
            let routes = Router::new()
                .route(
                    &format!("{base}/credentials"),
                    get(provider::get_credentials::<S>)
                        .post(provider::upsert_credential::<S>)
                        .fallback(imsx::method_not_allowed),
                )
                .route(
                    &format!("{base}/profile"),
                    get(provider::get_profile::<S>)
                        .put(provider::put_profile::<S>)
                        .fallback(imsx::method_not_allowed),
                )
                .route(
                    &format!("{base}/discovery"),
                    get(discovery_handler::<S>).fallback(imsx::method_not_allowed),
                )
                .with_state(api);
            router = router.merge(routes);
        }
        router
            .fallback(imsx::not_found)
            .layer(DefaultBodyLimit::max(limit))
    }
}

async fn discovery_handler<S: Store>(State(api): State<Api<S>>) -> Response {
    let document = discovery::document(api.kind, &api.shared.config);
    let mut response = (StatusCode::OK, axum::Json(document)).into_response();
    response.headers_mut().insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("public, max-age=3600"),
    );
    response
}

/// Serves `router` on `listener` until `shutdown` completes, then stops accepting and
/// finishes the requests in flight (graceful shutdown).
///
/// # Errors
/// The listener's I/O error.
pub async fn serve(
    listener: tokio::net::TcpListener,
    router: Router,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    axum::serve(listener, router)
        .with_graceful_shutdown(shutdown)
        .await
}
