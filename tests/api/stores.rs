//! The store suite on each implementation.

use super::store_suite;
use openbadges::server::store::SqliteStore;

/// A fresh database file in the system temporary folder, removed on drop.
pub struct TempDb(pub std::path::PathBuf);

impl TempDb {
    pub fn new() -> Self {
        let dir = std::env::temp_dir().join(store_suite::unique("openbadges-store"));
        std::fs::create_dir_all(&dir).unwrap();
        TempDb(dir)
    }

    pub fn path(&self) -> std::path::PathBuf {
        self.0.join("store.sqlite")
    }
}

impl Drop for TempDb {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite_store_suite() {
    let db = TempDb::new();
    let store = SqliteStore::open(db.path()).unwrap();
    store_suite::run(&store).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite_store_is_wal_and_migrates_once() {
    let db = TempDb::new();
    drop(SqliteStore::open(db.path()).unwrap());
    // Reopening runs no migration twice and keeps the data.
    let store = SqliteStore::open(db.path()).unwrap();
    store_suite::run(&store).await;
    drop(store);
    let connection = rusqlite::Connection::open(db.path()).unwrap();
    let mode: String = connection
        .pragma_query_value(None, "journal_mode", |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "wal");
    let version: i64 = connection
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .unwrap();
    assert_eq!(version, 2);
}

/// The same suite against PostgreSQL: `.ci/run` installs and starts a server and sets
/// `OB_TEST_POSTGRES`; without it this test says so and does nothing.
#[cfg(feature = "postgres")]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_store_suite() {
    let Some(url) = std::env::var_os("OB_TEST_POSTGRES") else {
        eprintln!(
            "SKIPPED postgres_store_suite: OB_TEST_POSTGRES is not set \
             (.ci/run sets it after starting PostgreSQL)"
        );
        return;
    };
    let url = url.into_string().expect("OB_TEST_POSTGRES is UTF-8");
    let store = openbadges::server::store::PostgresStore::connect(&url)
        .await
        .unwrap();
    store_suite::run(&store).await;
    // Connecting again finds the migrations done.
    let again = openbadges::server::store::PostgresStore::connect(&url)
        .await
        .unwrap();
    store_suite::run(&again).await;
}

/// The end-to-end HTTP tests on PostgreSQL (skipped, loudly, without `OB_TEST_POSTGRES`).
#[cfg(feature = "postgres")]
#[test]
fn postgres_end_to_end() {
    use super::support::Db;
    let Some(url) = std::env::var_os("OB_TEST_POSTGRES") else {
        eprintln!("SKIPPED postgres_end_to_end: OB_TEST_POSTGRES is not set");
        return;
    };
    let db = Db::Postgres(url.into_string().expect("OB_TEST_POSTGRES is UTF-8"));
    super::provider::upsert_and_read_back(db.clone());
    super::provider::paging(db.clone());
    super::provider::refusals(db.clone());
    super::provider::profile(db.clone());
    super::oauth::learners_are_isolated(db);
}
