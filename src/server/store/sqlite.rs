//! The embedded SQLite store: one file, WAL mode, versioned migrations, one writer
//! connection and a few readers, each call on the blocking pool.

use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use rusqlite::{Connection, OptionalExtension, params};

use super::{
    Account, ApiKind, ClientRecord, CodeRecord, CredentialFormat, NewCredential, Page, Query,
    Redeemed, Store, StoreError, StoredCredential, TokenKind, TokenRecord, Upserted, Visibility,
    now_micros,
};

/// The migrations, in order; `PRAGMA user_version` records how many ran. The second keeps a
/// count of each learner's credentials per API, so a page without `since` does not count
/// the whole collection.
const MIGRATIONS: &[&str] = &[
    r#"
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
    bytes         BLOB NOT NULL,
    digest        TEXT NOT NULL,
    received_at   INTEGER NOT NULL,
    updated_at    INTEGER NOT NULL,
    report        TEXT NOT NULL,
    visibility    TEXT NOT NULL DEFAULT 'private',
    PRIMARY KEY (learner, api, key)
);
CREATE INDEX credentials_by_time ON credentials (learner, api, updated_at, key);
CREATE TABLE profiles (
    learner    TEXT NOT NULL,
    api        TEXT NOT NULL,
    bytes      BLOB NOT NULL,
    updated_at INTEGER NOT NULL,
    PRIMARY KEY (learner, api)
);
CREATE TABLE clients (
    client_id   TEXT PRIMARY KEY,
    secret_hash BLOB NOT NULL,
    metadata    TEXT NOT NULL,
    issued_at   INTEGER NOT NULL
);
CREATE TABLE codes (
    hash           BLOB PRIMARY KEY,
    grant_id       TEXT NOT NULL,
    client_id      TEXT NOT NULL,
    learner        TEXT NOT NULL,
    redirect_uri   TEXT NOT NULL,
    scope          TEXT NOT NULL,
    code_challenge TEXT NOT NULL,
    expires_at     INTEGER NOT NULL,
    used           INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE tokens (
    hash       BLOB PRIMARY KEY,
    kind       TEXT NOT NULL,
    grant_id   TEXT NOT NULL,
    client_id  TEXT NOT NULL,
    learner    TEXT NOT NULL,
    scope      TEXT NOT NULL,
    expires_at INTEGER NOT NULL,
    revoked    INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX tokens_by_grant ON tokens (grant_id);
"#,
    r#"
CREATE TABLE credential_counts (
    learner TEXT NOT NULL,
    api     TEXT NOT NULL,
    n       INTEGER NOT NULL,
    PRIMARY KEY (learner, api)
);
INSERT INTO credential_counts (learner, api, n)
    SELECT learner, api, COUNT(*) FROM credentials GROUP BY learner, api;
"#,
];

const READERS: usize = 4;

struct Inner {
    writer: Mutex<Writer>,
    readers: Vec<Mutex<Connection>>,
    next: AtomicUsize,
}

struct Writer {
    connection: Connection,
    /// The last `updated_at` written: times are strictly increasing, so `since` with the
    /// last item's time never skips or repeats a credential.
    last_time: i64,
}

/// The embedded SQLite [`Store`] (a single file, WAL mode).
#[derive(Clone)]
pub struct SqliteStore {
    inner: Arc<Inner>,
}

impl std::fmt::Debug for SqliteStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SqliteStore").finish_non_exhaustive()
    }
}

fn configure(connection: &Connection) -> Result<(), rusqlite::Error> {
    connection.busy_timeout(std::time::Duration::from_secs(5))?;
    connection.pragma_update(None, "journal_mode", "WAL")?;
    connection.pragma_update(None, "synchronous", "NORMAL")?;
    connection.pragma_update(None, "foreign_keys", "ON")?;
    Ok(())
}

fn migrate(connection: &mut Connection) -> Result<(), StoreError> {
    let version: i64 = connection.pragma_query_value(None, "user_version", |r| r.get(0))?;
    let known = MIGRATIONS.len() as i64;
    if version > known {
        return Err(StoreError::Corrupt {
            what: format!("schema version {version} is newer than this build's {known}"),
        });
    }
    for (index, sql) in MIGRATIONS.iter().enumerate().skip(version as usize) {
        let tx = connection.transaction()?;
        tx.execute_batch(sql)?;
        tx.pragma_update(None, "user_version", index as i64 + 1)?;
        tx.commit()?;
    }
    Ok(())
}

impl SqliteStore {
    /// Opens (creating if needed) the database file at `path` and runs the migrations.
    ///
    /// # Errors
    /// [`StoreError::Sqlite`] when the file cannot be opened or migrated.
    pub fn open(path: impl AsRef<Path>) -> Result<Self, StoreError> {
        let path = path.as_ref();
        let mut writer = Connection::open(path)?;
        configure(&writer)?;
        migrate(&mut writer)?;
        let last_time: i64 = writer.query_row(
            "SELECT COALESCE(MAX(updated_at), 0) FROM credentials",
            [],
            |r| r.get(0),
        )?;
        let mut readers = Vec::with_capacity(READERS);
        for _ in 0..READERS {
            let reader = Connection::open(path)?;
            configure(&reader)?;
            readers.push(Mutex::new(reader));
        }
        Ok(SqliteStore {
            inner: Arc::new(Inner {
                writer: Mutex::new(Writer {
                    connection: writer,
                    last_time,
                }),
                readers,
                next: AtomicUsize::new(0),
            }),
        })
    }

    async fn write<T: Send + 'static>(
        &self,
        job: impl FnOnce(&mut Writer) -> Result<T, StoreError> + Send + 'static,
    ) -> Result<T, StoreError> {
        let inner = self.inner.clone();
        tokio::task::spawn_blocking(move || {
            let mut writer = inner
                .writer
                .lock()
                .map_err(|_| StoreError::Task("the writer lock is poisoned".into()))?;
            job(&mut writer)
        })
        .await
        .map_err(|e| StoreError::Task(e.to_string()))?
    }

    async fn read<T: Send + 'static>(
        &self,
        job: impl FnOnce(&Connection) -> Result<T, StoreError> + Send + 'static,
    ) -> Result<T, StoreError> {
        let inner = self.inner.clone();
        tokio::task::spawn_blocking(move || {
            let index = inner.next.fetch_add(1, Ordering::Relaxed) % inner.readers.len();
            let reader = inner.readers[index]
                .lock()
                .map_err(|_| StoreError::Task("a reader lock is poisoned".into()))?;
            job(&reader)
        })
        .await
        .map_err(|e| StoreError::Task(e.to_string()))?
    }
}

fn credential_row(row: &rusqlite::Row<'_>) -> Result<StoredCredential, StoreError> {
    Ok(StoredCredential {
        learner: row.get(0)?,
        api: ApiKind::parse(&row.get::<_, String>(1)?)?,
        key: row.get(2)?,
        credential_id: row.get(3)?,
        format: CredentialFormat::parse(&row.get::<_, String>(4)?)?,
        bytes: row.get(5)?,
        digest: row.get(6)?,
        received_at: row.get(7)?,
        updated_at: row.get(8)?,
        report: row.get(9)?,
        visibility: Visibility::parse(&row.get::<_, String>(10)?)?,
    })
}

fn token_row(row: &rusqlite::Row<'_>) -> Result<TokenRecord, StoreError> {
    Ok(TokenRecord {
        hash: row.get(0)?,
        kind: TokenKind::parse(&row.get::<_, String>(1)?)?,
        grant_id: row.get(2)?,
        client_id: row.get(3)?,
        learner: row.get(4)?,
        scope: row.get(5)?,
        expires_at: row.get(6)?,
        revoked: row.get::<_, i64>(7)? != 0,
    })
}

const TOKEN_COLUMNS: &str = "hash, kind, grant_id, client_id, learner, scope, expires_at, revoked";

impl Store for SqliteStore {
    async fn upsert_credential(
        &self,
        learner: &str,
        credential: NewCredential,
    ) -> Result<Upserted, StoreError> {
        let learner = learner.to_owned();
        self.write(move |writer| {
            let now = now_micros().max(writer.last_time + 1);
            let tx = writer.connection.transaction()?;
            let existed = tx
                .query_row(
                    "SELECT 1 FROM credentials WHERE learner = ?1 AND api = ?2 AND key = ?3",
                    params![learner, credential.api.as_str(), credential.key],
                    |_| Ok(()),
                )
                .optional()?
                .is_some();
            if existed {
                tx.execute(
                    "UPDATE credentials SET credential_id = ?4, format = ?5, bytes = ?6, \
                     digest = ?7, updated_at = ?8, report = ?9 \
                     WHERE learner = ?1 AND api = ?2 AND key = ?3",
                    params![
                        learner,
                        credential.api.as_str(),
                        credential.key,
                        credential.credential_id,
                        credential.format.as_str(),
                        credential.bytes,
                        credential.digest,
                        now,
                        credential.report
                    ],
                )?;
            } else {
                tx.execute(
                    "INSERT INTO credentials (learner, api, key, credential_id, format, bytes, \
                     digest, received_at, updated_at, report) \
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8, ?9)",
                    params![
                        learner,
                        credential.api.as_str(),
                        credential.key,
                        credential.credential_id,
                        credential.format.as_str(),
                        credential.bytes,
                        credential.digest,
                        now,
                        credential.report
                    ],
                )?;
            }
            if !existed {
                tx.execute(
                    "INSERT INTO credential_counts (learner, api, n) VALUES (?1, ?2, 1) \
                     ON CONFLICT (learner, api) DO UPDATE SET n = n + 1",
                    params![learner, credential.api.as_str()],
                )?;
            }
            tx.commit()?;
            writer.last_time = now;
            Ok(if existed {
                Upserted::Replaced
            } else {
                Upserted::Created
            })
        })
        .await
    }

    async fn list_credentials(&self, learner: &str, query: Query) -> Result<Page, StoreError> {
        let learner = learner.to_owned();
        self.read(move |c| {
            let since = query.since.unwrap_or(i64::MIN);
            let total: i64 = if query.since.is_some() {
                c.prepare_cached(
                    "SELECT COUNT(*) FROM credentials \
                     WHERE learner = ?1 AND api = ?2 AND updated_at > ?3",
                )?
                .query_row(params![learner, query.api.as_str(), since], |r| r.get(0))?
            } else {
                c.prepare_cached("SELECT n FROM credential_counts WHERE learner = ?1 AND api = ?2")?
                    .query_row(params![learner, query.api.as_str()], |r| r.get(0))
                    .optional()?
                    .unwrap_or(0)
            };
            // The page's keys come from the covering index alone (skipping `offset`
            // entries without reading rows); only the page's rows are then read.
            let mut statement = c.prepare_cached(
                "SELECT c.learner, c.api, c.key, c.credential_id, c.format, c.bytes, c.digest, \
                 c.received_at, c.updated_at, c.report, c.visibility \
                 FROM (SELECT key FROM credentials INDEXED BY credentials_by_time \
                       WHERE learner = ?1 AND api = ?2 AND updated_at > ?3 \
                       ORDER BY updated_at, key LIMIT ?4 OFFSET ?5) AS page \
                 JOIN credentials AS c ON c.learner = ?1 AND c.api = ?2 AND c.key = page.key \
                 ORDER BY c.updated_at, c.key",
            )?;
            let mut rows = statement.query(params![
                learner,
                query.api.as_str(),
                since,
                i64::from(query.limit),
                i64::try_from(query.offset).unwrap_or(i64::MAX)
            ])?;
            let mut items = Vec::new();
            while let Some(row) = rows.next()? {
                items.push(credential_row(row)?);
            }
            Ok(Page {
                total: total as u64,
                items,
            })
        })
        .await
    }

    async fn profile(&self, learner: &str, api: ApiKind) -> Result<Option<Vec<u8>>, StoreError> {
        let learner = learner.to_owned();
        self.read(move |c| {
            Ok(
                c.prepare_cached("SELECT bytes FROM profiles WHERE learner = ?1 AND api = ?2")?
                    .query_row(params![learner, api.as_str()], |r| r.get(0))
                    .optional()?,
            )
        })
        .await
    }

    async fn put_profile(
        &self,
        learner: &str,
        api: ApiKind,
        bytes: Vec<u8>,
    ) -> Result<bool, StoreError> {
        let learner = learner.to_owned();
        self.write(move |writer| {
            let tx = writer.connection.transaction()?;
            let existed = tx
                .query_row(
                    "SELECT 1 FROM profiles WHERE learner = ?1 AND api = ?2",
                    params![learner, api.as_str()],
                    |_| Ok(()),
                )
                .optional()?
                .is_some();
            tx.execute(
                "INSERT INTO profiles (learner, api, bytes, updated_at) VALUES (?1, ?2, ?3, ?4) \
                 ON CONFLICT (learner, api) DO UPDATE SET bytes = ?3, updated_at = ?4",
                params![learner, api.as_str(), bytes, now_micros()],
            )?;
            tx.commit()?;
            Ok(!existed)
        })
        .await
    }

    async fn put_account(&self, account: Account) -> Result<(), StoreError> {
        self.write(move |writer| {
            writer.connection.execute(
                "INSERT INTO accounts (name, password_hash) VALUES (?1, ?2) \
                 ON CONFLICT (name) DO UPDATE SET password_hash = ?2",
                params![account.name, account.password_hash],
            )?;
            Ok(())
        })
        .await
    }

    async fn account(&self, name: &str) -> Result<Option<Account>, StoreError> {
        let name = name.to_owned();
        self.read(move |c| {
            Ok(
                c.prepare_cached("SELECT name, password_hash FROM accounts WHERE name = ?1")?
                    .query_row(params![name], |r| {
                        Ok(Account {
                            name: r.get(0)?,
                            password_hash: r.get(1)?,
                        })
                    })
                    .optional()?,
            )
        })
        .await
    }

    async fn register_client(&self, client: ClientRecord) -> Result<(), StoreError> {
        self.write(move |writer| {
            writer.connection.execute(
                "INSERT INTO clients (client_id, secret_hash, metadata, issued_at) \
                 VALUES (?1, ?2, ?3, ?4)",
                params![
                    client.client_id,
                    client.secret_hash,
                    client.metadata,
                    client.issued_at
                ],
            )?;
            Ok(())
        })
        .await
    }

    async fn client(&self, client_id: &str) -> Result<Option<ClientRecord>, StoreError> {
        let client_id = client_id.to_owned();
        self.read(move |c| {
            Ok(c.prepare_cached(
                "SELECT client_id, secret_hash, metadata, issued_at FROM clients \
                 WHERE client_id = ?1",
            )?
            .query_row(params![client_id], |r| {
                Ok(ClientRecord {
                    client_id: r.get(0)?,
                    secret_hash: r.get(1)?,
                    metadata: r.get(2)?,
                    issued_at: r.get(3)?,
                })
            })
            .optional()?)
        })
        .await
    }

    async fn put_code(&self, code: CodeRecord) -> Result<(), StoreError> {
        self.write(move |writer| {
            writer.connection.execute(
                "INSERT INTO codes (hash, grant_id, client_id, learner, redirect_uri, scope, \
                 code_challenge, expires_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                params![
                    code.hash,
                    code.grant_id,
                    code.client_id,
                    code.learner,
                    code.redirect_uri,
                    code.scope,
                    code.code_challenge,
                    code.expires_at
                ],
            )?;
            Ok(())
        })
        .await
    }

    async fn redeem_code(&self, hash: &[u8]) -> Result<Redeemed, StoreError> {
        let hash = hash.to_vec();
        self.write(move |writer| {
            let tx = writer.connection.transaction()?;
            let found = tx
                .query_row(
                    "SELECT hash, grant_id, client_id, learner, redirect_uri, scope, \
                     code_challenge, expires_at, used FROM codes WHERE hash = ?1",
                    params![hash],
                    |r| {
                        Ok((
                            CodeRecord {
                                hash: r.get(0)?,
                                grant_id: r.get(1)?,
                                client_id: r.get(2)?,
                                learner: r.get(3)?,
                                redirect_uri: r.get(4)?,
                                scope: r.get(5)?,
                                code_challenge: r.get(6)?,
                                expires_at: r.get(7)?,
                            },
                            r.get::<_, i64>(8)? != 0,
                        ))
                    },
                )
                .optional()?;
            let outcome = match found {
                None => Redeemed::Unknown,
                Some((code, true)) => Redeemed::Reused {
                    grant_id: code.grant_id,
                },
                Some((code, false)) => {
                    tx.execute("UPDATE codes SET used = 1 WHERE hash = ?1", params![hash])?;
                    Redeemed::Fresh(code)
                }
            };
            tx.commit()?;
            Ok(outcome)
        })
        .await
    }

    async fn put_token(&self, token: TokenRecord) -> Result<(), StoreError> {
        self.write(move |writer| {
            writer.connection.execute(
                "INSERT INTO tokens (hash, kind, grant_id, client_id, learner, scope, \
                 expires_at, revoked) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                params![
                    token.hash,
                    token.kind.as_str(),
                    token.grant_id,
                    token.client_id,
                    token.learner,
                    token.scope,
                    token.expires_at,
                    i64::from(token.revoked)
                ],
            )?;
            Ok(())
        })
        .await
    }

    async fn token(&self, hash: &[u8]) -> Result<Option<TokenRecord>, StoreError> {
        let hash = hash.to_vec();
        self.read(move |c| {
            let mut statement = c.prepare_cached(&format!(
                "SELECT {TOKEN_COLUMNS} FROM tokens WHERE hash = ?1"
            ))?;
            let mut rows = statement.query(params![hash])?;
            match rows.next()? {
                Some(row) => Ok(Some(token_row(row)?)),
                None => Ok(None),
            }
        })
        .await
    }

    async fn take_refresh_token(&self, hash: &[u8]) -> Result<Option<TokenRecord>, StoreError> {
        let hash = hash.to_vec();
        self.write(move |writer| {
            let tx = writer.connection.transaction()?;
            let found = {
                let mut statement = tx.prepare_cached(&format!(
                    "SELECT {TOKEN_COLUMNS} FROM tokens \
                     WHERE hash = ?1 AND kind = 'refresh' AND revoked = 0"
                ))?;
                let mut rows = statement.query(params![hash])?;
                match rows.next()? {
                    Some(row) => Some(token_row(row)?),
                    None => None,
                }
            };
            if found.is_some() {
                tx.execute(
                    "UPDATE tokens SET revoked = 1 WHERE hash = ?1",
                    params![hash],
                )?;
            }
            tx.commit()?;
            Ok(found)
        })
        .await
    }

    async fn revoke_token(&self, hash: &[u8], client_id: &str) -> Result<bool, StoreError> {
        let hash = hash.to_vec();
        let client_id = client_id.to_owned();
        self.write(move |writer| {
            let changed = writer.connection.execute(
                "UPDATE tokens SET revoked = 1 WHERE hash = ?1 AND client_id = ?2",
                params![hash, client_id],
            )?;
            Ok(changed > 0)
        })
        .await
    }

    async fn revoke_grant(&self, grant_id: &str) -> Result<(), StoreError> {
        let grant_id = grant_id.to_owned();
        self.write(move |writer| {
            writer.connection.execute(
                "UPDATE tokens SET revoked = 1 WHERE grant_id = ?1",
                params![grant_id],
            )?;
            Ok(())
        })
        .await
    }
}
