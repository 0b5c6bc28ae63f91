//! The PostgreSQL store (feature `postgres`): `tokio-postgres` over a small set of
//! pipelined connections, every operation one statement (atomic without a transaction),
//! versioned migrations under an advisory lock.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use tokio_postgres::{Client, NoTls, Row};

use super::{
    Account, ApiKind, ClientRecord, CodeRecord, CredentialFormat, NewCredential, Page, Query,
    Redeemed, Store, StoreError, StoredCredential, TokenKind, TokenRecord, Upserted, Visibility,
    now_micros,
};

const MIGRATIONS: &[&str] = &[r#"
CREATE TABLE accounts (
    name          TEXT PRIMARY KEY,
    password_hash TEXT NOT NULL
);
CREATE TABLE credentials (
    learner       TEXT NOT NULL,
    api           TEXT NOT NULL,
    key           TEXT NOT NULL,
    credential_id TEXT,
    format        TEXT NOT NULL,
    bytes         BYTEA NOT NULL,
    digest        TEXT NOT NULL,
    received_at   BIGINT NOT NULL,
    updated_at    BIGINT NOT NULL,
    report        TEXT NOT NULL,
    visibility    TEXT NOT NULL DEFAULT 'private',
    PRIMARY KEY (learner, api, key)
);
CREATE INDEX credentials_by_time ON credentials (learner, api, updated_at, key);
CREATE TABLE profiles (
    learner    TEXT NOT NULL,
    api        TEXT NOT NULL,
    bytes      BYTEA NOT NULL,
    updated_at BIGINT NOT NULL,
    PRIMARY KEY (learner, api)
);
CREATE TABLE clients (
    client_id   TEXT PRIMARY KEY,
    secret_hash BYTEA NOT NULL,
    metadata    TEXT NOT NULL,
    issued_at   BIGINT NOT NULL
);
CREATE TABLE codes (
    hash           BYTEA PRIMARY KEY,
    grant_id       TEXT NOT NULL,
    client_id      TEXT NOT NULL,
    learner        TEXT NOT NULL,
    redirect_uri   TEXT NOT NULL,
    scope          TEXT NOT NULL,
    code_challenge TEXT NOT NULL,
    expires_at     BIGINT NOT NULL,
    used           BOOLEAN NOT NULL DEFAULT FALSE
);
CREATE TABLE tokens (
    hash       BYTEA PRIMARY KEY,
    kind       TEXT NOT NULL,
    grant_id   TEXT NOT NULL,
    client_id  TEXT NOT NULL,
    learner    TEXT NOT NULL,
    scope      TEXT NOT NULL,
    expires_at BIGINT NOT NULL,
    revoked    BOOLEAN NOT NULL DEFAULT FALSE
);
CREATE INDEX tokens_by_grant ON tokens (grant_id);
"#];

/// An arbitrary constant naming this crate's migration lock.
const MIGRATION_LOCK: i64 = 0x0b3a_0001;

const CONNECTIONS: usize = 8;

/// The PostgreSQL [`Store`].
///
/// Connects without TLS: use it over a Unix socket or loopback, or put a TLS tunnel in
/// front of a remote database.
#[derive(Clone)]
pub struct PostgresStore {
    clients: Arc<Vec<Client>>,
    next: Arc<AtomicUsize>,
}

impl std::fmt::Debug for PostgresStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PostgresStore")
            .field("connections", &self.clients.len())
            .finish_non_exhaustive()
    }
}

async fn connect(url: &str) -> Result<Client, StoreError> {
    let (client, connection) = tokio_postgres::connect(url, NoTls).await?;
    tokio::spawn(async move {
        if let Err(error) = connection.await {
            tracing::error!(%error, "postgres connection closed");
        }
    });
    Ok(client)
}

impl PostgresStore {
    /// Connects to `url` (`postgres://user:password@host:port/database`, or the key=value
    /// form) and runs the migrations.
    ///
    /// # Errors
    /// [`StoreError::Postgres`] when the server cannot be reached or the migrations fail.
    pub async fn connect(url: &str) -> Result<Self, StoreError> {
        let mut first = connect(url).await?;
        let tx = first.transaction().await?;
        tx.execute("SELECT pg_advisory_xact_lock($1)", &[&MIGRATION_LOCK])
            .await?;
        tx.batch_execute(
            "CREATE TABLE IF NOT EXISTS openbadges_migrations (version INTEGER PRIMARY KEY)",
        )
        .await?;
        let version: i32 = tx
            .query_one(
                "SELECT COALESCE(MAX(version), 0) FROM openbadges_migrations",
                &[],
            )
            .await?
            .get(0);
        let known = MIGRATIONS.len() as i32;
        if version > known {
            return Err(StoreError::Corrupt {
                what: format!("schema version {version} is newer than this build's {known}"),
            });
        }
        for (index, sql) in MIGRATIONS.iter().enumerate().skip(version as usize) {
            tx.batch_execute(sql).await?;
            tx.execute(
                "INSERT INTO openbadges_migrations (version) VALUES ($1)",
                &[&(index as i32 + 1)],
            )
            .await?;
        }
        tx.commit().await?;
        let mut clients = vec![first];
        for _ in 1..CONNECTIONS {
            clients.push(connect(url).await?);
        }
        Ok(PostgresStore {
            clients: Arc::new(clients),
            next: Arc::new(AtomicUsize::new(0)),
        })
    }

    fn client(&self) -> &Client {
        let index = self.next.fetch_add(1, Ordering::Relaxed) % self.clients.len();
        &self.clients[index]
    }
}

fn credential_row(row: &Row) -> Result<StoredCredential, StoreError> {
    Ok(StoredCredential {
        learner: row.try_get(0)?,
        api: ApiKind::parse(row.try_get(1)?)?,
        key: row.try_get(2)?,
        credential_id: row.try_get(3)?,
        format: CredentialFormat::parse(row.try_get(4)?)?,
        bytes: row.try_get(5)?,
        digest: row.try_get(6)?,
        received_at: row.try_get(7)?,
        updated_at: row.try_get(8)?,
        report: row.try_get(9)?,
        visibility: Visibility::parse(row.try_get(10)?)?,
    })
}

fn token_row(row: &Row) -> Result<TokenRecord, StoreError> {
    Ok(TokenRecord {
        hash: row.try_get(0)?,
        kind: TokenKind::parse(row.try_get(1)?)?,
        grant_id: row.try_get(2)?,
        client_id: row.try_get(3)?,
        learner: row.try_get(4)?,
        scope: row.try_get(5)?,
        expires_at: row.try_get(6)?,
        revoked: row.try_get(7)?,
    })
}

const TOKEN_COLUMNS: &str = "hash, kind, grant_id, client_id, learner, scope, expires_at, revoked";

impl Store for PostgresStore {
    async fn upsert_credential(
        &self,
        learner: &str,
        credential: NewCredential,
    ) -> Result<Upserted, StoreError> {
        let row = self
            .client()
            .query_one(
                "INSERT INTO credentials (learner, api, key, credential_id, format, bytes, \
                 digest, received_at, updated_at, report) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8, $9) \
                 ON CONFLICT (learner, api, key) DO UPDATE SET \
                 credential_id = EXCLUDED.credential_id, format = EXCLUDED.format, \
                 bytes = EXCLUDED.bytes, digest = EXCLUDED.digest, \
                 updated_at = GREATEST(EXCLUDED.updated_at, credentials.updated_at + 1), \
                 report = EXCLUDED.report \
                 RETURNING (xmax = 0)",
                &[
                    &learner,
                    &credential.api.as_str(),
                    &credential.key,
                    &credential.credential_id,
                    &credential.format.as_str(),
                    &credential.bytes,
                    &credential.digest,
                    &now_micros(),
                    &credential.report,
                ],
            )
            .await?;
        Ok(if row.try_get::<_, bool>(0)? {
            Upserted::Created
        } else {
            Upserted::Replaced
        })
    }

    async fn list_credentials(&self, learner: &str, query: Query) -> Result<Page, StoreError> {
        let since = query.since.unwrap_or(i64::MIN);
        let client = self.client();
        let api = query.api.as_str();
        let limit = i64::from(query.limit);
        let offset = i64::try_from(query.offset).unwrap_or(i64::MAX);
        let count_params: [&(dyn tokio_postgres::types::ToSql + Sync); 3] =
            [&learner, &api, &since];
        let page_params: [&(dyn tokio_postgres::types::ToSql + Sync); 5] =
            [&learner, &api, &since, &limit, &offset];
        let count = client.query_one(
            "SELECT COUNT(*) FROM credentials \
             WHERE learner = $1 AND api = $2 AND updated_at > $3",
            &count_params,
        );
        let rows = client.query(
            "SELECT learner, api, key, credential_id, format, bytes, digest, received_at, \
             updated_at, report, visibility FROM credentials \
             WHERE learner = $1 AND api = $2 AND updated_at > $3 \
             ORDER BY updated_at, key LIMIT $4 OFFSET $5",
            &page_params,
        );
        // Both statements go down the connection together (pipelined).
        let (count, rows) = futures_join(count, rows).await;
        let total: i64 = count?.try_get(0)?;
        let items = rows?
            .iter()
            .map(credential_row)
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Page {
            total: total as u64,
            items,
        })
    }

    async fn profile(&self, learner: &str, api: ApiKind) -> Result<Option<Vec<u8>>, StoreError> {
        let row = self
            .client()
            .query_opt(
                "SELECT bytes FROM profiles WHERE learner = $1 AND api = $2",
                &[&learner, &api.as_str()],
            )
            .await?;
        Ok(match row {
            Some(row) => Some(row.try_get(0)?),
            None => None,
        })
    }

    async fn put_profile(
        &self,
        learner: &str,
        api: ApiKind,
        bytes: Vec<u8>,
    ) -> Result<bool, StoreError> {
        let row = self
            .client()
            .query_one(
                "INSERT INTO profiles (learner, api, bytes, updated_at) VALUES ($1, $2, $3, $4) \
                 ON CONFLICT (learner, api) DO UPDATE SET bytes = EXCLUDED.bytes, \
                 updated_at = EXCLUDED.updated_at RETURNING (xmax = 0)",
                &[&learner, &api.as_str(), &bytes, &now_micros()],
            )
            .await?;
        Ok(row.try_get(0)?)
    }

    async fn put_account(&self, account: Account) -> Result<(), StoreError> {
        self.client()
            .execute(
                "INSERT INTO accounts (name, password_hash) VALUES ($1, $2) \
                 ON CONFLICT (name) DO UPDATE SET password_hash = EXCLUDED.password_hash",
                &[&account.name, &account.password_hash],
            )
            .await?;
        Ok(())
    }

    async fn account(&self, name: &str) -> Result<Option<Account>, StoreError> {
        let row = self
            .client()
            .query_opt(
                "SELECT name, password_hash FROM accounts WHERE name = $1",
                &[&name],
            )
            .await?;
        Ok(match row {
            Some(row) => Some(Account {
                name: row.try_get(0)?,
                password_hash: row.try_get(1)?,
            }),
            None => None,
        })
    }

    async fn register_client(&self, client: ClientRecord) -> Result<(), StoreError> {
        self.client()
            .execute(
                "INSERT INTO clients (client_id, secret_hash, metadata, issued_at) \
                 VALUES ($1, $2, $3, $4)",
                &[
                    &client.client_id,
                    &client.secret_hash,
                    &client.metadata,
                    &client.issued_at,
                ],
            )
            .await?;
        Ok(())
    }

    async fn client(&self, client_id: &str) -> Result<Option<ClientRecord>, StoreError> {
        let row = self
            .client()
            .query_opt(
                "SELECT client_id, secret_hash, metadata, issued_at FROM clients \
                 WHERE client_id = $1",
                &[&client_id],
            )
            .await?;
        Ok(match row {
            Some(row) => Some(ClientRecord {
                client_id: row.try_get(0)?,
                secret_hash: row.try_get(1)?,
                metadata: row.try_get(2)?,
                issued_at: row.try_get(3)?,
            }),
            None => None,
        })
    }

    async fn put_code(&self, code: CodeRecord) -> Result<(), StoreError> {
        self.client()
            .execute(
                "INSERT INTO codes (hash, grant_id, client_id, learner, redirect_uri, scope, \
                 code_challenge, expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
                &[
                    &code.hash,
                    &code.grant_id,
                    &code.client_id,
                    &code.learner,
                    &code.redirect_uri,
                    &code.scope,
                    &code.code_challenge,
                    &code.expires_at,
                ],
            )
            .await?;
        Ok(())
    }

    async fn redeem_code(&self, hash: &[u8]) -> Result<Redeemed, StoreError> {
        let client = self.client();
        let spent = client
            .query_opt(
                "UPDATE codes SET used = TRUE WHERE hash = $1 AND NOT used \
                 RETURNING hash, grant_id, client_id, learner, redirect_uri, scope, \
                 code_challenge, expires_at",
                &[&hash],
            )
            .await?;
        if let Some(row) = spent {
            return Ok(Redeemed::Fresh(CodeRecord {
                hash: row.try_get(0)?,
                grant_id: row.try_get(1)?,
                client_id: row.try_get(2)?,
                learner: row.try_get(3)?,
                redirect_uri: row.try_get(4)?,
                scope: row.try_get(5)?,
                code_challenge: row.try_get(6)?,
                expires_at: row.try_get(7)?,
            }));
        }
        let row = client
            .query_opt("SELECT grant_id FROM codes WHERE hash = $1", &[&hash])
            .await?;
        Ok(match row {
            Some(row) => Redeemed::Reused {
                grant_id: row.try_get(0)?,
            },
            None => Redeemed::Unknown,
        })
    }

    async fn put_token(&self, token: TokenRecord) -> Result<(), StoreError> {
        self.client()
            .execute(
                "INSERT INTO tokens (hash, kind, grant_id, client_id, learner, scope, \
                 expires_at, revoked) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
                &[
                    &token.hash,
                    &token.kind.as_str(),
                    &token.grant_id,
                    &token.client_id,
                    &token.learner,
                    &token.scope,
                    &token.expires_at,
                    &token.revoked,
                ],
            )
            .await?;
        Ok(())
    }

    async fn token(&self, hash: &[u8]) -> Result<Option<TokenRecord>, StoreError> {
        let row = self
            .client()
            .query_opt(
                &format!("SELECT {TOKEN_COLUMNS} FROM tokens WHERE hash = $1"),
                &[&hash],
            )
            .await?;
        row.as_ref().map(token_row).transpose()
    }

    async fn take_refresh_token(&self, hash: &[u8]) -> Result<Option<TokenRecord>, StoreError> {
        let row = self
            .client()
            .query_opt(
                &format!(
                    "UPDATE tokens SET revoked = TRUE \
                     WHERE hash = $1 AND kind = 'refresh' AND NOT revoked \
                     RETURNING {TOKEN_COLUMNS}"
                ),
                &[&hash],
            )
            .await?;
        // The record as it was before this call revoked it.
        row.as_ref()
            .map(|row| {
                token_row(row).map(|mut token| {
                    token.revoked = false;
                    token
                })
            })
            .transpose()
    }

    async fn revoke_token(&self, hash: &[u8], client_id: &str) -> Result<bool, StoreError> {
        let changed = self
            .client()
            .execute(
                "UPDATE tokens SET revoked = TRUE WHERE hash = $1 AND client_id = $2",
                &[&hash, &client_id],
            )
            .await?;
        Ok(changed > 0)
    }

    async fn revoke_grant(&self, grant_id: &str) -> Result<(), StoreError> {
        self.client()
            .execute(
                "UPDATE tokens SET revoked = TRUE WHERE grant_id = $1",
                &[&grant_id],
            )
            .await?;
        Ok(())
    }
}

/// Polls two futures together (no `futures` dependency for one join).
async fn futures_join<A: std::future::Future, B: std::future::Future>(
    a: A,
    b: B,
) -> (A::Output, B::Output) {
    tokio::join!(a, b)
}
