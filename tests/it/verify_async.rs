//! `Verifier::verify_async` against a tokio-based fetcher that really fetches: a loopback
//! HTTP server started by the test serves the issuer's did:web document and its status list,
//! and the fetcher talks HTTP to it over tokio sockets.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

use chrono::{TimeZone, Utc};
use openbadges::Document;
use openbadges::crypto::{KeyType, SecretKey};
use openbadges::fetch::{AsyncFetcher, FetchError, Fetched};
use openbadges::issue::{IssueOptions, Issuer};
use openbadges::proof::Cryptosuite;
use openbadges::status::{BitstringStatusList, StatusPurpose, status_list_credential};
use openbadges::verify::{Policy, Verdict, VerificationReport, Verifier};
use serde_json::{Value, json};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

use crate::support;

const DID: &str = "did:web:issuer.example";
const DID_URL: &str = "https://issuer.example/.well-known/did.json";
const LIST_URL: &str = "https://issuer.example/status/1";

fn key() -> SecretKey {
    SecretKey::from_seed(KeyType::Ed25519, &[9; 32]).unwrap()
}

fn method() -> String {
    format!("{DID}#key-1")
}

fn sign(value: &Value, validate: bool) -> Document {
    let issuer = Issuer::new(key().into_signer(method()), Cryptosuite::EddsaRdfc2022).unwrap();
    let issuer = if validate {
        issuer
    } else {
        issuer.without_validation()
    };
    issuer
        .issue(value, &IssueOptions::new().created("2024-01-01T00:00:00Z"))
        .unwrap()
}

fn did_document() -> Value {
    json!({
        "@context": ["https://www.w3.org/ns/did/v1", "https://w3id.org/security/multikey/v1"],
        "id": DID,
        "verificationMethod": [{
            "id": method(),
            "type": "Multikey",
            "controller": DID,
            "publicKeyMultibase": key().public_key().to_multibase().unwrap()
        }],
        "assertionMethod": [method()]
    })
}

/// The issuer's revocation list with bit 7 set.
fn status_list() -> Document {
    let mut bits = BitstringStatusList::new(131_072, 1).unwrap();
    bits.set(7, 1).unwrap();
    let value = status_list_credential(
        LIST_URL,
        DID,
        &StatusPurpose::Revocation,
        &bits,
        "2024-01-01T00:00:00Z",
    );
    sign(&value, false)
}

/// A badge of the did:web issuer whose status is bit `index` of the list.
fn badge(index: u32) -> Document {
    let text = std::fs::read_to_string(
        support::root().join("fixtures/valid/own-achievement-credential.json"),
    )
    .unwrap();
    let mut value: Value = serde_json::from_str(&text).unwrap();
    let map = value.as_object_mut().unwrap();
    map.shift_remove("proof");
    value["issuer"]["id"] = json!(DID);
    value["credentialStatus"] = json!({
        "id": format!("{LIST_URL}#{index}"),
        "type": "BitstringStatusListEntry",
        "statusPurpose": "revocation",
        "statusListIndex": index.to_string(),
        "statusListCredential": LIST_URL
    });
    sign(&value, true)
}

/// A minimal HTTP/1.0 server on loopback: `GET path` answers the body stored for the path,
/// or 404. Serves until the runtime ends.
async fn serve(documents: BTreeMap<String, Vec<u8>>) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let documents = Arc::new(documents);
    tokio::spawn(async move {
        loop {
            let Ok((mut stream, _)) = listener.accept().await else {
                return;
            };
            let documents = Arc::clone(&documents);
            tokio::spawn(async move {
                let mut request = Vec::new();
                let mut buf = [0u8; 1024];
                while !request.windows(4).any(|w| w == b"\r\n\r\n") {
                    match stream.read(&mut buf).await {
                        Ok(0) | Err(_) => return,
                        Ok(n) => request.extend_from_slice(&buf[..n]),
                    }
                }
                let line = String::from_utf8_lossy(&request);
                let path = line.split_whitespace().nth(1).unwrap_or("/").to_owned();
                let response = match documents.get(&path) {
                    Some(body) => {
                        let mut r = format!(
                            "HTTP/1.0 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n",
                            body.len()
                        )
                        .into_bytes();
                        r.extend_from_slice(body);
                        r
                    }
                    None => b"HTTP/1.0 404 Not Found\r\nContent-Length: 0\r\n\r\n".to_vec(),
                };
                let _ = stream.write_all(&response).await;
            });
        }
    });
    base
}

/// Fetches `https://issuer.example/...` from the loopback server over tokio sockets and
/// counts its requests.
struct TokioFetcher {
    base: String,
    requests: Mutex<Vec<String>>,
}

impl TokioFetcher {
    async fn get(&self, url: &str) -> Result<Fetched, FetchError> {
        self.requests.lock().unwrap().push(url.to_owned());
        let transport = |e: std::io::Error| FetchError::Transport {
            url: url.to_owned(),
            source: Box::new(e),
        };
        let Some(path) = url.strip_prefix("https://issuer.example") else {
            return Err(FetchError::NotFound {
                url: url.to_owned(),
            });
        };
        let address = self.base.trim_start_matches("http://");
        let mut stream = TcpStream::connect(address).await.map_err(transport)?;
        stream
            .write_all(format!("GET {path} HTTP/1.0\r\nHost: issuer.example\r\n\r\n").as_bytes())
            .await
            .map_err(transport)?;
        let mut response = Vec::new();
        stream.read_to_end(&mut response).await.map_err(transport)?;
        let split = response
            .windows(4)
            .position(|w| w == b"\r\n\r\n")
            .ok_or_else(|| transport(std::io::Error::other("no end of headers")))?;
        let head = String::from_utf8_lossy(&response[..split]).into_owned();
        let status: u16 = head
            .split_whitespace()
            .nth(1)
            .and_then(|s| s.parse().ok())
            .ok_or_else(|| transport(std::io::Error::other("no status line")))?;
        if status != 200 {
            return Err(FetchError::Status {
                url: url.to_owned(),
                status,
            });
        }
        Ok(Fetched::new(
            response[split + 4..].to_vec(),
            Some("application/json".to_owned()),
        ))
    }

    fn requests(&self) -> Vec<String> {
        self.requests.lock().unwrap().clone()
    }
}

impl AsyncFetcher for TokioFetcher {
    fn fetch(&self, url: &str) -> impl Future<Output = Result<Fetched, FetchError>> + Send {
        self.get(url)
    }
}

fn verifier() -> Verifier {
    let at = Utc.with_ymd_and_hms(2025, 6, 1, 0, 0, 0).unwrap();
    Verifier::builder()
        .policy(Policy::builder().at(at).build().unwrap())
        .build()
}

fn codes(report: &VerificationReport) -> Vec<String> {
    report
        .all_findings()
        .iter()
        .filter(|(_, f)| f.severity >= openbadges::Severity::Warning)
        .map(|(_, f)| f.code.to_string())
        .collect()
}

async fn server() -> TokioFetcher {
    let documents = BTreeMap::from([
        (
            "/.well-known/did.json".to_owned(),
            did_document().to_string().into_bytes(),
        ),
        (
            "/status/1".to_owned(),
            status_list().as_str().as_bytes().to_vec(),
        ),
    ]);
    TokioFetcher {
        base: serve(documents).await,
        requests: Mutex::new(Vec::new()),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_did_web_badge_with_a_status_list_verifies_over_a_tokio_fetcher() {
    let fetcher = server().await;
    let report = verifier().verify_async(&badge(3), &fetcher).await;
    assert_eq!(report.verdict(), Verdict::Valid, "{report}");
    // Each document fetched once, though the key is needed by the badge and by the list.
    let mut requests = fetcher.requests();
    requests.sort();
    assert_eq!(requests, [DID_URL, LIST_URL]);

    // The same badge, revoked: the list was fetched and read.
    let report = verifier().verify_async(&badge(7), &fetcher).await;
    assert_eq!(report.verdict(), Verdict::Invalid, "{report}");
    assert!(
        codes(&report).contains(&"status.revoked".into()),
        "{report}"
    );

    // The same verifier without the async fetcher is offline: indeterminate, never invalid.
    let report = verifier().verify(&badge(3));
    assert_eq!(report.verdict(), Verdict::Indeterminate, "{report}");
    assert!(codes(&report).contains(&"proof.key_unavailable".into()));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_server_without_the_documents_gives_indeterminate() {
    let fetcher = TokioFetcher {
        base: serve(BTreeMap::new()).await,
        requests: Mutex::new(Vec::new()),
    };
    let report = verifier().verify_async(&badge(3), &fetcher).await;
    assert_eq!(report.verdict(), Verdict::Indeterminate, "{report}");
    let found = codes(&report);
    assert!(found.contains(&"proof.key_unavailable".into()), "{found:?}");
    assert!(found.contains(&"status.unavailable".into()), "{found:?}");
    // The message names the HTTP status.
    assert!(
        report
            .all_findings()
            .iter()
            .any(|(_, f)| f.message.contains("404")),
        "{report}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn verifications_run_concurrently_on_spawned_tasks() {
    let fetcher = Arc::new(server().await);
    let verifier = Arc::new(verifier());
    let badges: Vec<Document> = (0..8).map(badge).collect();
    let mut tasks = Vec::new();
    for (index, badge) in badges.into_iter().enumerate() {
        let (fetcher, verifier) = (Arc::clone(&fetcher), Arc::clone(&verifier));
        tasks.push(tokio::spawn(async move {
            let report = verifier.verify_async(&badge, &*fetcher).await;
            (index, report.verdict())
        }));
    }
    for task in tasks {
        let (index, verdict) = task.await.unwrap();
        let expected = if index == 7 {
            Verdict::Invalid
        } else {
            Verdict::Valid
        };
        assert_eq!(verdict, expected, "badge {index}");
    }
}
