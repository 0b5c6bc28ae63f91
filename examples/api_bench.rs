//! The REST API under load, over real loopback HTTP: upsert throughput (with verification)
//! at 16 concurrent clients, `getCredentials` pages of 100 from a store of 100,000
//! credentials (pages/s, p50/p99), and the process's peak RSS.
//!
//! `cargo run --release --example api_bench --features server` (SQLite, a temporary file);
//! with `--features postgres` and `OB_BENCH_POSTGRES=postgres://…` it also runs on
//! PostgreSQL. `OB_BENCH_UPSERTS` (default 8000) and `OB_BENCH_ROWS` (default 100000)
//! scale it. The server runs in this process on its own 2-thread runtime; the clients are
//! 16 blocking threads with keep-alive connections. Prints one JSON line per store.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use openbadges::server::store::{ApiKind, CredentialFormat, NewCredential, SqliteStore, Store};
use openbadges::server::{Provider, ServerConfig};

const CLIENTS: usize = 16;
const READ: &str = "https://purl.imsglobal.org/spec/ob/v3p0/scope/credential.readonly \
    https://purl.imsglobal.org/spec/ob/v3p0/scope/credential.upsert";

fn env_usize(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let upserts = env_usize("OB_BENCH_UPSERTS", 8000);
    let rows = env_usize("OB_BENCH_ROWS", 100_000);
    eprintln!("issuing {upserts} credentials…");
    let credentials = Arc::new(issue(upserts)?);
    let dir = std::env::temp_dir().join(format!("openbadges-api-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    let sqlite = SqliteStore::open(dir.join("bench.sqlite"))?;
    bench("sqlite", sqlite, &credentials, rows)?;
    #[cfg(feature = "postgres")]
    if let Ok(url) = std::env::var("OB_BENCH_POSTGRES") {
        let runtime = tokio::runtime::Runtime::new()?;
        let store = runtime.block_on(openbadges::server::store::PostgresStore::connect(&url))?;
        bench("postgres", store, &credentials, rows)?;
    }
    let _ = std::fs::remove_dir_all(&dir);
    Ok(())
}

fn issue(n: usize) -> Result<Vec<String>, Box<dyn std::error::Error>> {
    use openbadges::crypto::{KeyType, SecretKey};
    use openbadges::issue::{IssueOptions, Issuer};
    use openbadges::proof::Cryptosuite;
    let key = SecretKey::from_seed(KeyType::Ed25519, &[9; 32])?;
    let did = key.public_key().did_key().ok_or("no did:key")?;
    let issuer = Issuer::new(key.into_did_key_signer(), Cryptosuite::EddsaRdfc2022)?;
    let options = IssueOptions::new().created("2024-01-01T00:00:00Z");
    let run = std::process::id();
    (0..n)
        .map(|i| {
            let credential = serde_json::json!({
                "@context": ["https://www.w3.org/ns/credentials/v2",
                             "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"],
                "id": format!("urn:uuid:6d0b1c2e-{:04x}-4000-8000-{i:012}", run & 0xffff),
                "type": ["VerifiableCredential", "OpenBadgeCredential"],
                "issuer": {"id": did, "type": ["Profile"], "name": "Bench University"},
                "validFrom": "2024-01-01T00:00:00Z",
                "name": format!("Badge {i}"),
                "credentialSubject": {
                    "id": "did:example:learner",
                    "type": ["AchievementSubject"],
                    "achievement": {
                        "id": "https://example.edu/achievements/bench",
                        "type": ["Achievement"],
                        "name": "Bench",
                        "description": "A benchmark badge.",
                        "criteria": {"narrative": "Exist."}
                    }
                }
            });
            Ok(issuer.issue(&credential, &options)?.as_str().to_owned())
        })
        .collect()
}

fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .max_redirects(0)
        .build()
        .into()
}

/// Registration → consent → token, over HTTP, for a fresh learner.
fn get_token(
    base: &str,
    learner: &str,
    password: &str,
) -> Result<String, Box<dyn std::error::Error>> {
    use base64::Engine as _;
    use sha2::Digest as _;
    let agent = agent();
    let redirect = "http://127.0.0.1:9/cb";
    let registration = serde_json::json!({
        "client_name": "bench", "client_uri": "http://127.0.0.1/", "logo_uri": "http://127.0.0.1/l.png",
        "tos_uri": "http://127.0.0.1/t", "policy_uri": "http://127.0.0.1/p",
        "software_id": "bench", "software_version": "1", "redirect_uris": [redirect], "scope": READ,
    });
    let body = agent
        .post(format!("{base}/oauth/register"))
        .header("Content-Type", "application/json")
        .send(registration.to_string().as_bytes())?
        .body_mut()
        .read_to_string()?;
    let client: serde_json::Value = serde_json::from_str(&body)?;
    let id = client["client_id"].as_str().ok_or("no client_id")?;
    let secret = client["client_secret"].as_str().ok_or("no secret")?;
    let verifier = "bench-verifier-0123456789-0123456789-0123456789";
    let challenge = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .encode(sha2::Sha256::digest(verifier.as_bytes()));
    let form = [
        ("response_type", "code"),
        ("client_id", id),
        ("redirect_uri", redirect),
        ("scope", READ),
        ("state", "s"),
        ("code_challenge", challenge.as_str()),
        ("code_challenge_method", "S256"),
        ("username", learner),
        ("password", password),
        ("consent", "allow"),
    ];
    let reply = agent
        .post(format!("{base}/oauth/authorize"))
        .send_form(form)?;
    let location = reply
        .headers()
        .get("location")
        .and_then(|v| v.to_str().ok())
        .ok_or("no redirect")?;
    let query = location.split_once('?').ok_or("no query")?.1;
    let params: Vec<(String, String)> = serde_urlencoded::from_str(query)?;
    let code = params
        .iter()
        .find(|(k, _)| k == "code")
        .ok_or("no code")?
        .1
        .clone();
    let basic = base64::engine::general_purpose::STANDARD.encode(format!("{id}:{secret}"));
    let body = agent
        .post(format!("{base}/oauth/token"))
        .header("Authorization", &format!("Basic {basic}"))
        .send_form([
            ("grant_type", "authorization_code"),
            ("code", code.as_str()),
            ("redirect_uri", redirect),
            ("code_verifier", verifier),
        ])?
        .body_mut()
        .read_to_string()?;
    let tokens: serde_json::Value = serde_json::from_str(&body)?;
    Ok(tokens["access_token"]
        .as_str()
        .ok_or("no token")?
        .to_owned())
}

fn percentile(sorted: &[Duration], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let index = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[index].as_secs_f64() * 1000.0
}

fn peak_rss_mb() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find(|l| l.starts_with("VmHWM:"))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|kb| kb.parse::<f64>().ok())
        .map_or(0.0, |kb| kb / 1024.0)
}

fn bench<S: Store + Clone>(
    name: &str,
    store: S,
    credentials: &Arc<Vec<String>>,
    rows: usize,
) -> Result<(), Box<dyn std::error::Error>> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()?;
    let listener = runtime.block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))?;
    let base = format!("http://{}", listener.local_addr()?);
    let learner = format!("bench-{}-{name}", std::process::id());
    let reader = format!("{learner}-reader");
    let provider = Provider::new(store.clone(), ServerConfig::new(&base))?;
    runtime.block_on(provider.add_account(&learner, "pw"))?;
    runtime.block_on(provider.add_account(&reader, "pw"))?;
    let (stop_tx, stop_rx) = tokio::sync::oneshot::channel::<()>();
    let server = runtime.spawn(openbadges::server::serve(
        listener,
        provider.router(),
        async {
            let _ = stop_rx.await;
        },
    ));
    let token = Arc::new(get_token(&base, &learner, "pw")?);

    // 1. Upserts with verification, 16 clients.
    eprintln!(
        "{name}: {} upserts from {CLIENTS} clients…",
        credentials.len()
    );
    let next = Arc::new(AtomicUsize::new(0));
    let started = Instant::now();
    let workers: Vec<_> = (0..CLIENTS)
        .map(|_| {
            let (next, credentials, token, base) = (
                next.clone(),
                credentials.clone(),
                token.clone(),
                base.clone(),
            );
            std::thread::spawn(move || {
                let agent = agent();
                let mut failures = 0usize;
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(body) = credentials.get(i) else {
                        break;
                    };
                    let status = agent
                        .post(format!("{base}/ims/ob/v3p0/credentials"))
                        .header("Authorization", &format!("Bearer {token}"))
                        .header("Content-Type", "application/json")
                        .send(body.as_bytes())
                        .map(|r| r.status().as_u16())
                        .unwrap_or(0);
                    if status != 201 {
                        failures += 1;
                    }
                }
                failures
            })
        })
        .collect();
    let failures: usize = workers.into_iter().map(|w| w.join().unwrap_or(1)).sum();
    let upsert_secs = started.elapsed().as_secs_f64();
    let upsert_rate = credentials.len() as f64 / upsert_secs;

    // 2. A store of `rows` credentials for another learner (written through the store).
    eprintln!("{name}: filling {rows} rows…");
    let fill_started = Instant::now();
    runtime.block_on(async {
        let template = credentials[0].as_bytes().to_vec();
        let mut batch = Vec::new();
        for i in 0..rows {
            let credential = NewCredential::new(
                ApiKind::Ob,
                format!("bench-key-{i:08}"),
                Some(format!("urn:bench:{i}")),
                CredentialFormat::Json,
                template.clone(),
                "{\"verdict\":\"Valid\"}",
            );
            batch.push(store.upsert_credential(&reader, credential));
            if batch.len() == 64 {
                for r in futures_lite(std::mem::take(&mut batch)).await {
                    r?;
                }
            }
        }
        for r in futures_lite(batch).await {
            r?;
        }
        Ok::<_, openbadges::server::store::StoreError>(())
    })?;
    let fill_secs = fill_started.elapsed().as_secs_f64();
    let reader_token = Arc::new(get_token(&base, &reader, "pw")?);

    // 3. Pages of 100 at offsets spread over the whole store, 16 clients, for 10 s.
    eprintln!("{name}: paging…");
    let pages = Arc::new(AtomicUsize::new(0));
    let deadline = Instant::now() + Duration::from_secs(10);
    let started = Instant::now();
    let workers: Vec<_> = (0..CLIENTS)
        .map(|w| {
            let (pages, token, base) = (pages.clone(), reader_token.clone(), base.clone());
            std::thread::spawn(move || {
                let agent = agent();
                let mut latencies = Vec::new();
                let mut n = w;
                while Instant::now() < deadline {
                    let offset = (n * 7919) % (rows.max(100) - 99);
                    n += CLIENTS;
                    let sent = Instant::now();
                    let ok = agent
                        .get(format!(
                            "{base}/ims/ob/v3p0/credentials?limit=100&offset={offset}"
                        ))
                        .header("Authorization", &format!("Bearer {token}"))
                        .call()
                        .ok()
                        .and_then(|mut r| {
                            (r.status() == 200).then(|| r.body_mut().read_to_vec().ok())?
                        })
                        .is_some();
                    latencies.push(sent.elapsed());
                    if ok {
                        pages.fetch_add(1, Ordering::Relaxed);
                    }
                }
                latencies
            })
        })
        .collect();
    let mut latencies: Vec<Duration> = workers
        .into_iter()
        .flat_map(|w| w.join().unwrap_or_default())
        .collect();
    let page_secs = started.elapsed().as_secs_f64();
    latencies.sort();
    let served = pages.load(Ordering::Relaxed);
    let _ = stop_tx.send(());
    let _ = runtime.block_on(server);
    println!(
        "{}",
        serde_json::json!({
            "store": name,
            "cores": std::thread::available_parallelism().map(|n| n.get()).unwrap_or(0),
            "clients": CLIENTS,
            "upserts": credentials.len(),
            "upsert_failures": failures,
            "upserts_per_s": (upsert_rate * 10.0).round() / 10.0,
            "rows": rows,
            "fill_rows_per_s": (rows as f64 / fill_secs).round(),
            "pages": served,
            "pages_per_s": (served as f64 / page_secs * 10.0).round() / 10.0,
            "page_p50_ms": (percentile(&latencies, 0.50) * 100.0).round() / 100.0,
            "page_p99_ms": (percentile(&latencies, 0.99) * 100.0).round() / 100.0,
            "peak_rss_mb": (peak_rss_mb() * 10.0).round() / 10.0,
        })
    );
    Ok(())
}

/// Awaits a batch of futures together.
async fn futures_lite<F: std::future::Future>(batch: Vec<F>) -> Vec<F::Output> {
    futures::future::join_all(batch).await
}
