//! End-to-end online verification through the real `HttpFetcher` against a loopback HTTP
//! server started by each test: a `did:web` issuer's DID document, a Bitstring Status List
//! credential and a `1EdTechCredentialRefresh` service, with request counts (the fetcher's
//! cache), and the failures a network brings (server down, 404, oversized, slow).
//!
//! `did:web:issuer.example` names `https://issuer.example/.well-known/did.json`; the fetcher's
//! `loopback_origin` sends `https://issuer.example` and `https://status.example` to the test
//! server, so the library code under test is the one production uses.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use chrono::{TimeZone, Utc};
use openbadges::Document;
use openbadges::crypto::{KeyType, SecretKey};
use openbadges::fetch::{CacheLimits, HttpFetcher};
use openbadges::issue::{IssueOptions, Issuer};
use openbadges::proof::Cryptosuite;
use openbadges::report::Severity;
use openbadges::status::{BitstringStatusList, StatusPurpose, status_list_credential};
use openbadges::verify::{Policy, Verdict, VerificationReport, Verifier};
use serde_json::{Value, json};

use crate::support::root;

const DID: &str = "did:web:issuer.example";
const DID_PATH: &str = "/.well-known/did.json";
const LIST_URL: &str = "https://status.example/lists/1";
const LIST_PATH: &str = "/lists/1";
const REFRESH_URL: &str = "https://issuer.example/refresh/1";
const REFRESH_PATH: &str = "/refresh/1";
/// The status list index of the test credential.
const INDEX: u64 = 7;

/// What the test server answers on a path.
#[derive(Clone)]
enum Reply {
    /// 200 with a JSON body and an optional `Cache-Control` header.
    Json(Vec<u8>, Option<&'static str>),
    /// 200 with a JSON body, after a delay.
    Slow(Duration, Vec<u8>),
}

/// A plain-HTTP server on 127.0.0.1 (a thread per connection; 404 for unknown paths) that
/// counts requests per path. Its threads end with the test process.
struct Server {
    base: String,
    routes: Arc<Mutex<BTreeMap<String, Reply>>>,
    hits: Arc<Mutex<BTreeMap<String, usize>>>,
}

impl Server {
    fn start() -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let routes: Arc<Mutex<BTreeMap<String, Reply>>> = Arc::default();
        let hits: Arc<Mutex<BTreeMap<String, usize>>> = Arc::default();
        let (r, h) = (routes.clone(), hits.clone());
        thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let (r, h) = (r.clone(), h.clone());
                thread::spawn(move || answer(stream, &r, &h));
            }
        });
        Server { base, routes, hits }
    }

    fn set(&self, path: &str, reply: Reply) {
        self.routes.lock().unwrap().insert(path.to_owned(), reply);
    }

    fn json(&self, path: &str, document: &Document) {
        self.set(
            path,
            Reply::Json(document.as_str().as_bytes().to_vec(), None),
        );
    }

    fn hits(&self, path: &str) -> usize {
        self.hits.lock().unwrap().get(path).copied().unwrap_or(0)
    }

    /// A fetcher sending both test origins here.
    fn fetcher(&self) -> HttpFetcher {
        HttpFetcher::new()
            .allow_loopback_http(true)
            .loopback_origin("https://issuer.example", &self.base)
            .loopback_origin("https://status.example", &self.base)
    }
}

fn answer(
    mut stream: TcpStream,
    routes: &Mutex<BTreeMap<String, Reply>>,
    hits: &Mutex<BTreeMap<String, usize>>,
) {
    let Ok(clone) = stream.try_clone() else {
        return;
    };
    let mut reader = BufReader::new(clone);
    let mut request_line = String::new();
    if reader.read_line(&mut request_line).is_err() {
        return;
    }
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).unwrap_or(0) <= 2 {
            break;
        }
    }
    let path = request_line.split(' ').nth(1).unwrap_or("/").to_owned();
    *hits.lock().unwrap().entry(path.clone()).or_insert(0) += 1;
    let reply = routes.lock().unwrap().get(&path).cloned();
    let (body, cache_control) = match reply {
        Some(Reply::Json(body, cache_control)) => (Some(body), cache_control),
        Some(Reply::Slow(delay, body)) => {
            thread::sleep(delay);
            (Some(body), None)
        }
        None => (None, None),
    };
    let response = match body {
        Some(body) => {
            let mut head = format!(
                "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n",
                body.len()
            );
            if let Some(cc) = cache_control {
                head.push_str(&format!("Cache-Control: {cc}\r\n"));
            }
            head.push_str("\r\n");
            let mut bytes = head.into_bytes();
            bytes.extend_from_slice(&body);
            bytes
        }
        None => {
            b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n".to_vec()
        }
    };
    let _ = stream.write_all(&response);
}

/// The issuer: an Ed25519 key published in the DID document of `did:web:issuer.example`.
fn key() -> SecretKey {
    SecretKey::from_seed(KeyType::Ed25519, &[42; 32]).unwrap()
}

fn did_document() -> Document {
    let method = format!("{DID}#key-1");
    Document::from_value(json!({
        "@context": ["https://www.w3.org/ns/did/v1", "https://w3id.org/security/multikey/v1"],
        "id": DID,
        "verificationMethod": [{
            "id": method,
            "type": "Multikey",
            "controller": DID,
            "publicKeyMultibase": key().public_key().to_multibase().unwrap()
        }],
        "assertionMethod": [method]
    }))
}

fn issuer(validate: bool) -> Issuer {
    let issuer = Issuer::new(
        key().into_signer(format!("{DID}#key-1")),
        Cryptosuite::EddsaRdfc2022,
    )
    .unwrap();
    if validate {
        issuer
    } else {
        issuer.without_validation()
    }
}

fn sign(issuer: &Issuer, value: &Value) -> Document {
    issuer
        .issue(value, &IssueOptions::new().created("2024-06-01T00:00:00Z"))
        .unwrap()
}

/// An unsigned achievement credential of the issuer with a revocation entry at [`INDEX`],
/// and a refresh service when asked.
fn credential(refresh: bool) -> Value {
    let text =
        std::fs::read_to_string(root().join("fixtures/valid/own-achievement-credential.json"))
            .unwrap();
    let mut value: Value = serde_json::from_str(&text).unwrap();
    let map = value.as_object_mut().unwrap();
    map.shift_remove("proof");
    map.insert(
        "credentialStatus".into(),
        json!({
            "id": format!("{LIST_URL}#{INDEX}"),
            "type": "BitstringStatusListEntry",
            "statusPurpose": "revocation",
            "statusListIndex": INDEX.to_string(),
            "statusListCredential": LIST_URL
        }),
    );
    if refresh {
        map["@context"]
            .as_array_mut()
            .unwrap()
            .push(json!(openbadges::contexts::OB_V3P0_EXTENSIONS));
        map.insert(
            "refreshService".into(),
            json!({"id": REFRESH_URL, "type": "1EdTechCredentialRefresh"}),
        );
    }
    value["issuer"]["id"] = json!(DID);
    value
}

/// The signed status list credential with the given indexes revoked.
fn status_list(revoked: &[u64]) -> Document {
    let mut list = BitstringStatusList::new(131_072, 1).unwrap();
    for &i in revoked {
        list.set(i, 1).unwrap();
    }
    let unsigned = status_list_credential(
        LIST_URL,
        DID,
        &StatusPurpose::Revocation,
        &list,
        "2024-01-01T00:00:00Z",
    );
    sign(&issuer(false), &unsigned)
}

fn policy() -> Policy {
    Policy::builder()
        .at(Utc.with_ymd_and_hms(2025, 6, 1, 0, 0, 0).unwrap())
        .build()
        .unwrap()
}

/// A server publishing the DID document and a status list with `revoked` set.
fn issuer_server(revoked: &[u64]) -> Server {
    let server = Server::start();
    server.json(DID_PATH, &did_document());
    server.json(LIST_PATH, &status_list(revoked));
    server
}

fn codes(report: &VerificationReport, severity: Severity) -> Vec<String> {
    report
        .all_findings()
        .iter()
        .filter(|(_, f)| f.severity == severity)
        .map(|(_, f)| f.code.to_string())
        .collect()
}

fn messages(report: &VerificationReport, code: &str) -> Vec<String> {
    report
        .all_findings()
        .iter()
        .filter(|(_, f)| f.code == code)
        .map(|(_, f)| format!("{} {}", f.path, f.message))
        .collect()
}

#[test]
fn not_revoked_is_valid_and_each_resource_is_fetched_once() {
    let server = issuer_server(&[]);
    let fetcher = server.fetcher();
    let verifier = Verifier::builder()
        .policy(policy())
        .fetcher(fetcher.clone())
        .build();
    let signed = sign(&issuer(true), &credential(false));
    let report = verifier.verify(&signed);
    assert_eq!(
        report.verdict(),
        Verdict::Valid,
        "{:#?}",
        report.all_findings()
    );
    // The key is needed twice (credential and status list proofs), the list once.
    assert_eq!(server.hits(DID_PATH), 1);
    assert_eq!(server.hits(LIST_PATH), 1);
    // Ten more verifications are served from the cache.
    for _ in 0..10 {
        assert_eq!(verifier.verify(&signed).verdict(), Verdict::Valid);
    }
    assert_eq!((server.hits(DID_PATH), server.hits(LIST_PATH)), (1, 1));
    // The verifier resolves the key once (its `CachingResolver`) and verifies the list once
    // (its status-list cache); the list's bytes are still fetched, through the HTTP cache, on
    // every verification.
    let stats = fetcher.cache_stats();
    assert_eq!(stats.misses, 2);
    assert_eq!(stats.entries, 2);
    assert!(stats.hits >= 10, "{stats:?}");
}

#[test]
fn set_bit_is_revoked_once_the_cached_list_expires() {
    let server = issuer_server(&[]);
    let fetcher = server.fetcher();
    let verifier = Verifier::builder()
        .policy(policy())
        .fetcher(fetcher.clone())
        .build();
    let signed = sign(&issuer(true), &credential(false));
    assert_eq!(verifier.verify(&signed).verdict(), Verdict::Valid);

    // The issuer revokes: until the cached list expires the verifier still sees the old one
    // (the list said nothing about caching: 5 minutes by default).
    server.json(LIST_PATH, &status_list(&[3, INDEX]));
    assert_eq!(verifier.verify(&signed).verdict(), Verdict::Valid);
    assert_eq!(server.hits(LIST_PATH), 1);
    fetcher.clear_cache();
    let report = verifier.verify(&signed);
    assert_eq!(report.verdict(), Verdict::Invalid);
    assert_eq!(codes(&report, Severity::Error), ["status.revoked"]);
    assert_eq!(
        messages(&report, "status.revoked")[0].split(' ').next(),
        Some("$.credentialStatus")
    );
    assert_eq!(server.hits(LIST_PATH), 2);
    // Another index of the same list is not affected.
    let mut other = credential(false);
    other["credentialStatus"]["statusListIndex"] = json!("8");
    let report = verifier.verify(&sign(&issuer(true), &other));
    assert_eq!(
        report.verdict(),
        Verdict::Valid,
        "{:#?}",
        report.all_findings()
    );
}

#[test]
fn a_no_store_list_is_fetched_every_time() {
    let server = issuer_server(&[]);
    let no_store = |revoked: &[u64]| {
        Reply::Json(
            status_list(revoked).as_str().as_bytes().to_vec(),
            Some("no-store"),
        )
    };
    server.set(LIST_PATH, no_store(&[]));
    let verifier = Verifier::builder()
        .policy(policy())
        .fetcher(server.fetcher())
        .build();
    let signed = sign(&issuer(true), &credential(false));
    assert_eq!(verifier.verify(&signed).verdict(), Verdict::Valid);
    server.set(LIST_PATH, no_store(&[INDEX]));
    let report = verifier.verify(&signed);
    assert_eq!(codes(&report, Severity::Error), ["status.revoked"]);
    assert_eq!(server.hits(LIST_PATH), 2);
    // The DID document had no such header: cached.
    assert_eq!(server.hits(DID_PATH), 1);
}

#[test]
fn a_short_max_age_expires() {
    let server = issuer_server(&[]);
    server.set(
        LIST_PATH,
        Reply::Json(
            status_list(&[]).as_str().as_bytes().to_vec(),
            Some("public, max-age=1"),
        ),
    );
    let verifier = Verifier::builder()
        .policy(policy())
        .fetcher(server.fetcher())
        .build();
    let signed = sign(&issuer(true), &credential(false));
    assert_eq!(verifier.verify(&signed).verdict(), Verdict::Valid);
    assert_eq!(verifier.verify(&signed).verdict(), Verdict::Valid);
    assert_eq!(server.hits(LIST_PATH), 1);
    thread::sleep(Duration::from_millis(1100));
    assert_eq!(verifier.verify(&signed).verdict(), Verdict::Valid);
    assert_eq!(server.hits(LIST_PATH), 2);
}

#[test]
fn status_server_down_is_indeterminate() {
    let server = issuer_server(&[]);
    // A port nobody listens on: connection refused.
    let down = {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        format!("http://{}", listener.local_addr().unwrap())
    };
    let fetcher = HttpFetcher::new()
        .allow_loopback_http(true)
        .loopback_origin("https://issuer.example", &server.base)
        .loopback_origin("https://status.example", &down);
    let report = Verifier::builder()
        .policy(policy())
        .fetcher(fetcher)
        .build()
        .verify(&sign(&issuer(true), &credential(false)));
    assert_eq!(report.verdict(), Verdict::Indeterminate);
    assert!(codes(&report, Severity::Error).is_empty());
    let unavailable = messages(&report, "status.unavailable");
    assert_eq!(unavailable.len(), 1, "{unavailable:?}");
    assert!(
        unavailable[0].starts_with("$.credentialStatus.statusListCredential ")
            && unavailable[0].contains(LIST_URL),
        "{unavailable:?}"
    );
    assert!(report.into_verified().is_none());
}

#[test]
fn issuer_server_down_is_an_unavailable_key() {
    let down = {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        format!("http://{}", listener.local_addr().unwrap())
    };
    let fetcher = HttpFetcher::new()
        .allow_loopback_http(true)
        .loopback_origin("https://issuer.example", &down)
        .loopback_origin("https://status.example", &down);
    let report = Verifier::builder()
        .policy(policy())
        .fetcher(fetcher)
        .build()
        .verify(&sign(&issuer(true), &credential(false)));
    // The key could not be fetched: not proven wrong, so indeterminate.
    assert_eq!(report.verdict(), Verdict::Indeterminate);
    let warnings = codes(&report, Severity::Warning);
    assert!(
        warnings.contains(&"proof.key_unavailable".to_owned()),
        "{warnings:?}"
    );
    let method = messages(&report, "proof.key_unavailable");
    assert!(
        method[0].contains("https://issuer.example/.well-known/did.json"),
        "{method:?}"
    );
}

#[test]
fn refreshed_newer_credential_replaces_the_original() {
    let server = issuer_server(&[]);
    let mut newer = credential(false);
    newer["validFrom"] = json!("2025-01-01T00:00:00Z");
    newer["name"] = json!("Data Analysis (2025 edition)");
    server.json(REFRESH_PATH, &sign(&issuer(true), &newer));
    let verifier = Verifier::builder()
        .policy(policy())
        .fetcher(server.fetcher())
        .build();
    let report = verifier.verify(&sign(&issuer(true), &credential(true)));
    assert_eq!(
        report.verdict(),
        Verdict::Valid,
        "{:#?}",
        report.all_findings()
    );
    assert!(report.has_code("refresh.used"));
    assert_eq!(report.url(), Some(REFRESH_URL));
    assert_eq!(server.hits(REFRESH_PATH), 1);
    // Both credentials use the same status list and key: fetched once each.
    assert_eq!((server.hits(DID_PATH), server.hits(LIST_PATH)), (1, 1));
    let verified = report.into_verified().unwrap();
    assert_eq!(verified.value()["name"], "Data Analysis (2025 edition)");
}

#[test]
fn tampered_refresh_keeps_the_original_with_a_finding() {
    let server = issuer_server(&[]);
    let mut newer = credential(false);
    newer["validFrom"] = json!("2025-01-01T00:00:00Z");
    let mut tampered = sign(&issuer(true), &newer).value().clone();
    tampered["name"] = json!("Data Analysis with Honours");
    server.set(
        REFRESH_PATH,
        Reply::Json(tampered.to_string().into_bytes(), None),
    );
    let verifier = Verifier::builder()
        .policy(policy())
        .fetcher(server.fetcher())
        .build();
    let original = sign(&issuer(true), &credential(true));
    let report = verifier.verify(&original);
    assert_eq!(
        report.verdict(),
        Verdict::Valid,
        "{:#?}",
        report.all_findings()
    );
    let failed = messages(&report, "refresh.failed");
    assert_eq!(failed.len(), 1, "{failed:?}");
    assert!(
        failed[0].starts_with("$.refreshService ") && failed[0].contains(REFRESH_URL),
        "{failed:?}"
    );
    assert!(codes(&report, Severity::Warning).contains(&"refresh.failed".to_owned()));
    // The rejected candidate's report says why.
    assert!(report.has_code("proof.signature"));
    let verified = report.into_verified().unwrap();
    assert_eq!(verified.value()["name"], original.value()["name"]);
}

#[test]
fn refresh_not_found_keeps_the_original() {
    let server = issuer_server(&[]);
    let report = Verifier::builder()
        .policy(policy())
        .fetcher(server.fetcher())
        .build()
        .verify(&sign(&issuer(true), &credential(true)));
    assert_eq!(report.verdict(), Verdict::Valid);
    let failed = messages(&report, "refresh.failed");
    assert!(failed[0].contains("not found"), "{failed:?}");
    assert_eq!(server.hits(REFRESH_PATH), 1);
}

#[test]
fn status_list_not_found_oversized_or_slow_is_indeterminate_and_says_why() {
    let signed = sign(&issuer(true), &credential(false));
    let check = |server: &Server, fetcher: HttpFetcher, expect: &str| {
        let started = Instant::now();
        let report = Verifier::builder()
            .policy(policy())
            .fetcher(fetcher)
            .build()
            .verify(&signed);
        assert_eq!(report.verdict(), Verdict::Indeterminate, "{expect}");
        let unavailable = messages(&report, "status.unavailable");
        assert!(
            unavailable.len() == 1 && unavailable[0].contains(expect),
            "{expect}: {unavailable:?}"
        );
        assert_eq!(server.hits(DID_PATH), 1);
        started.elapsed()
    };

    let missing = issuer_server(&[]);
    missing.routes.lock().unwrap().remove(LIST_PATH);
    check(&missing, missing.fetcher(), "not found");

    let big = issuer_server(&[]);
    big.set(LIST_PATH, Reply::Json(vec![b' '; 70_000], None));
    check(
        &big,
        big.fetcher().max_bytes(64 * 1024),
        "exceeds the limit of 65536 bytes",
    );

    let slow = issuer_server(&[]);
    slow.set(
        LIST_PATH,
        Reply::Slow(
            Duration::from_secs(3),
            status_list(&[]).as_str().as_bytes().to_vec(),
        ),
    );
    let took = check(
        &slow,
        slow.fetcher().timeout(Duration::from_millis(400)),
        "imeout",
    );
    assert!(
        took < Duration::from_secs(3),
        "the timeout was not applied: {took:?}"
    );
}

#[test]
fn many_credentials_in_parallel_fetch_each_resource_once() {
    let server = issuer_server(&[5]);
    let fetcher = server
        .fetcher()
        .cache(CacheLimits::default().max_entries(8));
    let verifier = Verifier::builder()
        .policy(policy())
        .fetcher(fetcher.clone())
        .build();
    let issuer = issuer(true);
    let documents: Vec<(u64, Document)> = (0..24)
        .map(|i| {
            let mut value = credential(false);
            value["id"] = json!(format!("urn:uuid:00000000-0000-4000-8000-{i:012}"));
            value["credentialStatus"]["statusListIndex"] = json!(i.to_string());
            (i, sign(&issuer, &value))
        })
        .collect();
    thread::scope(|scope| {
        for chunk in documents.chunks(6) {
            let verifier = &verifier;
            scope.spawn(move || {
                for (i, document) in chunk {
                    let report = verifier.verify(document);
                    let expected = if *i == 5 {
                        Verdict::Invalid
                    } else {
                        Verdict::Valid
                    };
                    assert_eq!(report.verdict(), expected, "credential {i}");
                }
            });
        }
    });
    assert_eq!((server.hits(DID_PATH), server.hits(LIST_PATH)), (1, 1));
    assert_eq!(fetcher.cache_stats().misses, 2);
}
