//! Storage behind the provider and the authorization server: one [`Store`] trait, two
//! implementations ([`SqliteStore`], embedded, the default; `PostgresStore` with the
//! `postgres` feature), both held to the same test suite.
//!
//! The store is multi-tenant: every credential and profile belongs to one learner (the
//! account an access token was granted by), and every credential or profile method takes
//! that learner, so no query can cross accounts. Credentials are kept as the exact bytes
//! received, with their content digest, received-at and updated-at times, the last
//! verification report, and a visibility that defaults to [`Visibility::Private`].
//!
//! Secrets never reach the store in the clear: client secrets and tokens are stored as
//! SHA-256 digests of random 256-bit values, passwords as argon2 PHC strings.

#[cfg(feature = "postgres")]
mod postgres;
mod sqlite;

use std::future::Future;

#[cfg(feature = "postgres")]
pub use postgres::PostgresStore;
pub use sqlite::SqliteStore;

/// Which API a row belongs to: the OB 3.0 API or the CLR 2.0 API (separate collections).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum ApiKind {
    /// Open Badges 3.0 (`/ims/ob/v3p0`).
    Ob,
    /// Comprehensive Learner Record 2.0 (`/ims/clr/v2p0`).
    Clr,
}

impl ApiKind {
    /// The column value (`ob`, `clr`).
    pub fn as_str(self) -> &'static str {
        match self {
            ApiKind::Ob => "ob",
            ApiKind::Clr => "clr",
        }
    }

    fn parse(text: &str) -> Result<Self, StoreError> {
        match text {
            "ob" => Ok(ApiKind::Ob),
            "clr" => Ok(ApiKind::Clr),
            other => Err(StoreError::Corrupt {
                what: format!("api `{other}`"),
            }),
        }
    }
}

/// How a credential was received: a JSON object, or a compact JWS (VC-JWT) string.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum CredentialFormat {
    /// A JSON object (`application/json`), returned in `credential`.
    Json,
    /// A compact JWS (`text/plain`), returned in `compactJwsString`.
    Jws,
}

impl CredentialFormat {
    fn as_str(self) -> &'static str {
        match self {
            CredentialFormat::Json => "json",
            CredentialFormat::Jws => "jws",
        }
    }

    fn parse(text: &str) -> Result<Self, StoreError> {
        match text {
            "json" => Ok(CredentialFormat::Json),
            "jws" => Ok(CredentialFormat::Jws),
            other => Err(StoreError::Corrupt {
                what: format!("format `{other}`"),
            }),
        }
    }
}

/// Who may see a stored credential (for the synchronization and sharing work built on top;
/// the API itself serves a learner's own credentials to that learner's grants).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
#[non_exhaustive]
pub enum Visibility {
    /// Only the learner (the default).
    #[default]
    Private,
    /// Anyone the learner shares with.
    Shared,
    /// Public.
    Public,
}

impl Visibility {
    /// The column value (`private`, `shared`, `public`).
    pub fn as_str(self) -> &'static str {
        match self {
            Visibility::Private => "private",
            Visibility::Shared => "shared",
            Visibility::Public => "public",
        }
    }

    fn parse(text: &str) -> Result<Self, StoreError> {
        match text {
            "private" => Ok(Visibility::Private),
            "shared" => Ok(Visibility::Shared),
            "public" => Ok(Visibility::Public),
            other => Err(StoreError::Corrupt {
                what: format!("visibility `{other}`"),
            }),
        }
    }
}

/// A credential to store for one learner.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewCredential {
    /// The API collection.
    pub api: ApiKind,
    /// The equality key: `issuer.id` and `id` after percent-decoding and trimming (the OB
    /// 3.0 credential equality algorithm), or a digest of the bytes when the credential has
    /// no `id`. An upsert with the same key replaces the stored credential.
    pub key: String,
    /// The credential's `id`, when it has one.
    pub credential_id: Option<String>,
    /// JSON or compact JWS.
    pub format: CredentialFormat,
    /// The exact bytes received.
    pub bytes: Vec<u8>,
    /// `sha256:` + hex SHA-256 of `bytes`.
    pub digest: String,
    /// The verification report, as JSON text.
    pub report: String,
}

impl NewCredential {
    /// A credential with its digest computed from `bytes`.
    pub fn new(
        api: ApiKind,
        key: impl Into<String>,
        credential_id: Option<String>,
        format: CredentialFormat,
        bytes: Vec<u8>,
        report: impl Into<String>,
    ) -> Self {
        let digest = digest(&bytes);
        NewCredential {
            api,
            key: key.into(),
            credential_id,
            format,
            bytes,
            digest,
            report: report.into(),
        }
    }
}

/// `sha256:` + lower-case hex SHA-256 of `bytes`.
pub fn digest(bytes: &[u8]) -> String {
    use sha2::Digest as _;
    let hash = sha2::Sha256::digest(bytes);
    let mut out = String::with_capacity(7 + 64);
    out.push_str("sha256:");
    for b in hash {
        out.push_str(&format!("{b:02x}"));
    }
    out
}

/// A stored credential.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoredCredential {
    /// The learner it belongs to.
    pub learner: String,
    /// The API collection.
    pub api: ApiKind,
    /// The equality key.
    pub key: String,
    /// The credential's `id`, when it has one.
    pub credential_id: Option<String>,
    /// JSON or compact JWS.
    pub format: CredentialFormat,
    /// The exact bytes received.
    pub bytes: Vec<u8>,
    /// `sha256:` + hex SHA-256 of `bytes`.
    pub digest: String,
    /// When first stored (microseconds since the Unix epoch).
    pub received_at: i64,
    /// When last stored or replaced (microseconds since the Unix epoch).
    pub updated_at: i64,
    /// The last verification report (JSON text).
    pub report: String,
    /// Who may see it.
    pub visibility: Visibility,
}

/// What an upsert did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Upserted {
    /// A new credential was stored (HTTP 201).
    Created,
    /// A stored credential with the same key was replaced (HTTP 200).
    Replaced,
}

/// A page of credentials: the page itself and the total count of the query.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Page {
    /// How many credentials match the query (all pages).
    pub total: u64,
    /// This page, ordered by `updated_at` then key.
    pub items: Vec<StoredCredential>,
}

/// Which credentials to list.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Query {
    /// The API collection.
    pub api: ApiKind,
    /// Only credentials stored or replaced strictly after this time (microseconds since
    /// the Unix epoch).
    pub since: Option<i64>,
    /// At most this many.
    pub limit: u32,
    /// Skipping this many.
    pub offset: u64,
}

impl Query {
    /// A query of `limit` credentials from `offset`, with no `since`.
    pub fn new(api: ApiKind, limit: u32, offset: u64) -> Self {
        Query {
            api,
            since: None,
            limit,
            offset,
        }
    }

    /// Only credentials stored or replaced after `since` (microseconds).
    #[must_use]
    pub fn since(mut self, since: i64) -> Self {
        self.since = Some(since);
        self
    }
}

/// A registered OAuth client (RFC 7591).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClientRecord {
    /// `client_id`.
    pub client_id: String,
    /// SHA-256 of the client secret (32 bytes).
    pub secret_hash: Vec<u8>,
    /// The registration response metadata (JSON text, without the secret).
    pub metadata: String,
    /// `client_id_issued_at` (Unix seconds).
    pub issued_at: i64,
}

/// An authorization code, stored by its hash until redeemed once.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CodeRecord {
    /// SHA-256 of the code.
    pub hash: Vec<u8>,
    /// The grant this code starts (tokens issued from it carry the same id).
    pub grant_id: String,
    /// The client it was issued to.
    pub client_id: String,
    /// The learner who consented.
    pub learner: String,
    /// The exact redirect URI of the authorization request.
    pub redirect_uri: String,
    /// The granted scopes, space-separated.
    pub scope: String,
    /// The PKCE S256 challenge.
    pub code_challenge: String,
    /// Expiry (Unix seconds).
    pub expires_at: i64,
}

/// What redeeming a code found.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Redeemed {
    /// The code was fresh; it is now spent.
    Fresh(CodeRecord),
    /// The code was already spent (a replay): the grant it started should be revoked.
    Reused {
        /// The grant the code started.
        grant_id: String,
    },
    /// No such code.
    Unknown,
}

/// An access or refresh token, stored by its hash.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum TokenKind {
    /// A bearer access token.
    Access,
    /// A refresh token (rotated on every use).
    Refresh,
}

impl TokenKind {
    fn as_str(self) -> &'static str {
        match self {
            TokenKind::Access => "access",
            TokenKind::Refresh => "refresh",
        }
    }

    fn parse(text: &str) -> Result<Self, StoreError> {
        match text {
            "access" => Ok(TokenKind::Access),
            "refresh" => Ok(TokenKind::Refresh),
            other => Err(StoreError::Corrupt {
                what: format!("token kind `{other}`"),
            }),
        }
    }
}

/// A stored token.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TokenRecord {
    /// SHA-256 of the token.
    pub hash: Vec<u8>,
    /// Access or refresh.
    pub kind: TokenKind,
    /// The grant (one authorization) it belongs to.
    pub grant_id: String,
    /// The client it was issued to.
    pub client_id: String,
    /// The learner who granted it.
    pub learner: String,
    /// The granted scopes, space-separated.
    pub scope: String,
    /// Expiry (Unix seconds).
    pub expires_at: i64,
    /// Revoked (by RFC 7009, rotation, or a replayed code).
    pub revoked: bool,
}

/// A learner account of the built-in login.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Account {
    /// The learner name (the tenant key of every row).
    pub name: String,
    /// The argon2 PHC string of the password.
    pub password_hash: String,
}

/// Why a store operation failed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum StoreError {
    /// The SQLite database failed.
    #[error("sqlite: {0}")]
    Sqlite(#[from] rusqlite::Error),
    /// The PostgreSQL database failed.
    #[cfg(feature = "postgres")]
    #[error("postgres: {0}")]
    Postgres(#[from] tokio_postgres::Error),
    /// A stored value is not one this version writes.
    #[error("stored data is corrupt: {what}")]
    Corrupt {
        /// What was found.
        what: String,
    },
    /// The connection string is not one this store takes.
    #[error("invalid database location `{location}`: {reason}")]
    Location {
        /// The location given.
        location: String,
        /// Why it was refused.
        reason: String,
    },
    /// A blocking task failed (panicked or was cancelled).
    #[error("store task failed: {0}")]
    Task(String),
}

/// The storage of the provider and authorization server. Every method is one atomic
/// operation; credential and profile methods are scoped by `learner`.
pub trait Store: Send + Sync + 'static {
    /// Stores a credential for `learner`, replacing one with the same key.
    fn upsert_credential(
        &self,
        learner: &str,
        credential: NewCredential,
    ) -> impl Future<Output = Result<Upserted, StoreError>> + Send;

    /// One page of `learner`'s credentials, ordered by `updated_at` then key.
    fn list_credentials(
        &self,
        learner: &str,
        query: Query,
    ) -> impl Future<Output = Result<Page, StoreError>> + Send;

    /// `learner`'s profile in `api` (the exact bytes last stored), if any.
    fn profile(
        &self,
        learner: &str,
        api: ApiKind,
    ) -> impl Future<Output = Result<Option<Vec<u8>>, StoreError>> + Send;

    /// Stores `learner`'s profile in `api`; `true` when there was none before.
    fn put_profile(
        &self,
        learner: &str,
        api: ApiKind,
        bytes: Vec<u8>,
    ) -> impl Future<Output = Result<bool, StoreError>> + Send;

    /// Creates the account, or replaces its password hash.
    fn put_account(&self, account: Account) -> impl Future<Output = Result<(), StoreError>> + Send;

    /// The account named `name`.
    fn account(
        &self,
        name: &str,
    ) -> impl Future<Output = Result<Option<Account>, StoreError>> + Send;

    /// Registers a client.
    fn register_client(
        &self,
        client: ClientRecord,
    ) -> impl Future<Output = Result<(), StoreError>> + Send;

    /// The client with this `client_id`.
    fn client(
        &self,
        client_id: &str,
    ) -> impl Future<Output = Result<Option<ClientRecord>, StoreError>> + Send;

    /// Stores an authorization code.
    fn put_code(&self, code: CodeRecord) -> impl Future<Output = Result<(), StoreError>> + Send;

    /// Spends the code with this hash, atomically: only one caller ever sees it fresh.
    fn redeem_code(&self, hash: &[u8])
    -> impl Future<Output = Result<Redeemed, StoreError>> + Send;

    /// Stores a token.
    fn put_token(&self, token: TokenRecord) -> impl Future<Output = Result<(), StoreError>> + Send;

    /// The token with this hash (revoked or expired ones included: the caller decides).
    fn token(
        &self,
        hash: &[u8],
    ) -> impl Future<Output = Result<Option<TokenRecord>, StoreError>> + Send;

    /// Revokes the unrevoked refresh token with this hash, atomically, and returns it:
    /// only one caller ever rotates a refresh token.
    fn take_refresh_token(
        &self,
        hash: &[u8],
    ) -> impl Future<Output = Result<Option<TokenRecord>, StoreError>> + Send;

    /// Revokes the token with this hash if it was issued to `client_id`; `true` if found.
    fn revoke_token(
        &self,
        hash: &[u8],
        client_id: &str,
    ) -> impl Future<Output = Result<bool, StoreError>> + Send;

    /// Revokes every token of a grant.
    fn revoke_grant(&self, grant_id: &str) -> impl Future<Output = Result<(), StoreError>> + Send;
}

/// Now, in microseconds since the Unix epoch.
pub(crate) fn now_micros() -> i64 {
    chrono::Utc::now().timestamp_micros()
}
