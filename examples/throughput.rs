//! Throughput of verify, verify_deep and sign per file, as JSON lines (see
//! `tests/data/README.md`), with bare primitives measured in the same run: an Ed25519
//! verify of a 64-byte message, SHA-256 of the file and a serde_json parse.
//!
//! ```text
//! cargo run --release --example throughput -- --json tests/data/bench/*.json
//! ```
//!
//! Environment: `PERF_WARMUP_S` (default 0.5), `PERF_TIME_S` (default 3), `PERF_OPS` (a
//! comma list of ops: verify, verify_deep, sign, ed25519_verify_64b, sha256, json_parse,
//! document_parse (`Document::from_str` alone), document_value (that and its
//! `serde_json::Value`)).
//! Caches on while timing: the JSON-LD processor's compiled bundled contexts (shared by
//! every `RdfcCanonicalizer::new`) and resolved did:key documents (the decoded did:key
//! public keys, a bounded process-wide cache inside `Resolver`).

use std::path::Path;
use std::time::{Duration, Instant};

use openbadges::Document;
use openbadges::crypto::{KeyType, SecretKey};
use openbadges::document::{Node, NodeKind};
use openbadges::proof::{self, Cryptosuite, ProofOptions, RdfcCanonicalizer, VerifyOptions};
use openbadges::resolve::Resolver;
use openbadges::verify::{Policy, Verdict, Verifier};
use serde_json::{Value, json};
use sha2::Digest as _;

const NOTE: &str = "caches: compiled bundled JSON-LD contexts (process-wide processor); \
                    resolved did:key documents (decoded did:key public keys, process-wide \
                    bounded cache inside Resolver); nothing derived from the document kept";

struct Settings {
    warmup: Duration,
    time: Duration,
    ops: Option<Vec<String>>,
}

impl Settings {
    fn from_env() -> Self {
        let secs = |name: &str, default: f64| {
            let s = std::env::var(name)
                .ok()
                .and_then(|v| v.parse::<f64>().ok())
                .unwrap_or(default);
            Duration::from_secs_f64(s.max(0.0))
        };
        Settings {
            warmup: secs("PERF_WARMUP_S", 0.5),
            time: secs("PERF_TIME_S", 3.0),
            ops: std::env::var("PERF_OPS")
                .ok()
                .map(|v| v.split(',').map(|s| s.trim().to_owned()).collect()),
        }
    }

    fn wants(&self, op: &str) -> bool {
        self.ops
            .as_ref()
            .is_none_or(|ops| ops.iter().any(|o| o == op))
    }
}

/// Times `f`: warm-up, then at least `time` and 5 iterations. Returns (total ns / iterations,
/// iterations, median ns).
fn time(settings: &Settings, mut f: impl FnMut() -> bool) -> Result<(f64, u64, u64), String> {
    let start = Instant::now();
    let mut n = 0;
    while n < 3 || start.elapsed() < settings.warmup {
        if !f() {
            return Err("an iteration failed".into());
        }
        n += 1;
    }
    let mut samples = Vec::new();
    let start = Instant::now();
    while samples.len() < 5 || start.elapsed() < settings.time {
        let t = Instant::now();
        let ok = f();
        samples.push(t.elapsed().as_nanos() as u64);
        if !ok {
            return Err("an iteration failed".into());
        }
    }
    let total: u64 = samples.iter().sum();
    let iterations = samples.len() as u64;
    samples.sort_unstable();
    Ok((
        total as f64 / iterations as f64,
        iterations,
        samples[samples.len() / 2],
    ))
}

fn print(line: Value) {
    println!("{line}");
}

fn timed_line(op: &str, file: &str, extra: Value, result: Result<(f64, u64, u64), String>) {
    let mut line = json!({"impl": "openbadges", "op": op, "file": file});
    let map = line.as_object_mut().expect("object");
    match result {
        Ok((ns, iterations, median)) => {
            map.insert("ns_per_op".into(), json!(ns.round()));
            map.insert("iterations".into(), json!(iterations));
            map.insert("median_ns".into(), json!(median));
            map.insert("ok".into(), json!(true));
        }
        Err(error) => {
            map.insert("ns_per_op".into(), Value::Null);
            map.insert("iterations".into(), json!(0));
            map.insert("ok".into(), json!(false));
            map.insert("error".into(), json!(error));
        }
    }
    if let Value::Object(extra) = extra {
        map.extend(extra);
    }
    map.insert("note".into(), json!(NOTE));
    print(line);
}

fn issuer_id(root: Node<'_>) -> Option<&str> {
    let issuer = root.get("issuer")?;
    match issuer.kind() {
        NodeKind::String => issuer.as_str(),
        NodeKind::Object => issuer.get("id").and_then(|id| id.as_str()),
        _ => None,
    }
}

/// One `verify` op: parse, verify every top-level proof (did:key resolved), bind the
/// controller to the issuer, check the validity window. The document is read through its
/// parsed tree; its `serde_json::Value` is built only if the canonicalizer asks for it.
fn verify_top(
    text: &str,
    canon: &RdfcCanonicalizer,
    resolver: &Resolver,
    now: chrono::DateTime<chrono::Utc>,
) -> bool {
    let Ok(doc) = Document::from_str(text) else {
        return false;
    };
    let outcome =
        proof::verify_document_proofs(&doc, resolver, canon, &VerifyOptions::default().now(now));
    let root = doc.root();
    let issuer = issuer_id(root);
    let bound = outcome
        .checks
        .iter()
        .any(|c| c.is_valid() && c.method.as_ref().map(|m| m.controller.as_str()) == issuer);
    let date = |name: &str| {
        root.get(name)
            .and_then(|n| n.as_str())
            .and_then(|s| chrono::DateTime::parse_from_rfc3339(s).ok())
    };
    let from_ok = date("validFrom").is_none_or(|t| t <= now);
    let until_ok = date("validUntil").is_none_or(|t| t >= now);
    outcome.is_valid() && bound && from_ok && until_ok
}

fn has_nested_proof(value: &Value, top: bool) -> bool {
    match value {
        Value::Object(m) => {
            (!top && m.contains_key("proof"))
                || m.iter()
                    .any(|(k, v)| k != "proof" && has_nested_proof(v, false))
        }
        Value::Array(items) => items.iter().any(|v| has_nested_proof(v, false)),
        _ => false,
    }
}

fn signing_key(keys: &Value, method: &str) -> Option<SecretKey> {
    let entry = keys
        .as_object()?
        .values()
        .find(|k| k.get("verificationMethod").and_then(Value::as_str) == Some(method))?;
    let key_type = match entry.get("keyType")?.as_str()? {
        "Ed25519" => KeyType::Ed25519,
        "P-256" => KeyType::P256,
        "P-384" => KeyType::P384,
        _ => return None,
    };
    let hex = entry.get("seedHex")?.as_str()?;
    let seed: Option<Vec<u8>> = (0..hex.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(hex.get(i..i + 2)?, 16).ok())
        .collect();
    SecretKey::from_seed(key_type, &seed?).ok()
}

fn run_file(path: &str, settings: &Settings, canon: &RdfcCanonicalizer, keys: Option<&Value>) {
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) => {
            for op in ["verify", "sign"] {
                timed_line(op, path, json!({}), Err(format!("{path}: {e}")));
            }
            return;
        }
    };
    let value: Value = match serde_json::from_str(&text) {
        Ok(v) => v,
        Err(e) => {
            timed_line("verify", path, json!({}), Err(format!("not JSON: {e}")));
            return;
        }
    };
    let suite = value["proof"]["cryptosuite"]
        .as_str()
        .unwrap_or("unknown")
        .to_owned();
    let bytes = text.len();
    let nested = has_nested_proof(&value, true);
    let now = chrono::Utc::now();
    let extra = json!({"suite": suite, "bytes": bytes});
    let resolver = Resolver::offline();

    let deep = Verifier::builder()
        .without_schema()
        .policy(
            Policy::builder()
                .check_schema(false)
                .check_status(false)
                .refresh(false)
                .build()
                .expect("policy"),
        )
        .build();
    // Verify once (deep when nested) before timing.
    let first = if nested {
        match Document::from_str(&text) {
            Ok(doc) => {
                let report = deep.verify(&doc);
                (report.verdict() == Verdict::Valid)
                    .then_some(())
                    .ok_or_else(|| {
                        let codes: Vec<String> = report
                            .all_findings()
                            .iter()
                            .map(|(_, f)| f.code.to_string())
                            .collect();
                        format!("deep verification failed: {codes:?}")
                    })
            }
            Err(e) => Err(e.to_string()),
        }
    } else if verify_top(&text, canon, &resolver, now) {
        Ok(())
    } else {
        Err("verification failed".to_owned())
    };
    if let Err(error) = first {
        for op in ["verify", "verify_deep", "sign"] {
            if settings.wants(op) {
                timed_line(op, path, extra.clone(), Err(error.clone()));
            }
        }
        return;
    }

    if settings.wants("verify") {
        let r = time(settings, || verify_top(&text, canon, &resolver, now));
        timed_line("verify", path, extra.clone(), r);
    }
    if nested && settings.wants("verify_deep") {
        let r = time(settings, || {
            Document::from_str(&text).is_ok_and(|doc| deep.verify(&doc).verdict() == Verdict::Valid)
        });
        let mut extra = extra.clone();
        extra["nested"] = json!(true);
        timed_line("verify_deep", path, extra, r);
    }
    if settings.wants("sign") {
        sign_file(path, &value, settings, canon, keys, extra);
    }
    if settings.wants("sha256") {
        let r = time(settings, || {
            std::hint::black_box(sha2::Sha256::digest(std::hint::black_box(text.as_bytes())));
            true
        });
        timed_line("sha256", path, json!({"bytes": bytes}), r);
    }
    if settings.wants("json_parse") {
        let r = time(settings, || serde_json::from_str::<Value>(&text).is_ok());
        timed_line("json_parse", path, json!({"bytes": bytes}), r);
    }
    if settings.wants("document_parse") {
        let r = time(settings, || Document::from_str(&text).is_ok());
        timed_line("document_parse", path, json!({"bytes": bytes}), r);
    }
    if settings.wants("document_value") {
        let r = time(settings, || {
            Document::from_str(&text).is_ok_and(|doc| doc.value().is_object())
        });
        timed_line("document_value", path, json!({"bytes": bytes}), r);
    }
}

fn sign_file(
    path: &str,
    value: &Value,
    settings: &Settings,
    canon: &RdfcCanonicalizer,
    keys: Option<&Value>,
    extra: Value,
) {
    let proof_value = &value["proof"];
    let method = proof_value["verificationMethod"]
        .as_str()
        .unwrap_or_default();
    let Some(key) = keys.and_then(|k| signing_key(k, method)) else {
        timed_line(
            "sign",
            path,
            extra,
            Err(format!("no key for {method} in keys.json")),
        );
        return;
    };
    let Some(suite) = proof_value["cryptosuite"]
        .as_str()
        .and_then(Cryptosuite::from_name)
    else {
        timed_line("sign", path, extra, Err("no known cryptosuite".into()));
        return;
    };
    let mut options = ProofOptions::new(suite).verification_method(method);
    if let Some(created) = proof_value["created"].as_str() {
        options = options.created(created);
    }
    let mut unsigned = value.clone();
    if let Some(m) = unsigned.as_object_mut() {
        m.shift_remove("proof");
    }
    let input = unsigned.to_string();
    let ed25519 = key.key_type() == KeyType::Ed25519;
    let signer = key.into_signer(method);
    let sign_once = || -> Option<Value> {
        let doc = Document::from_str(&input).ok()?;
        proof::add_proof(doc.value(), &options, &signer, canon).ok()
    };
    let Some(signed) = sign_once() else {
        timed_line("sign", path, extra, Err("signing failed".into()));
        return;
    };
    let mut extra = extra;
    if ed25519 {
        extra["sign_matches_file"] =
            json!(signed["proof"]["proofValue"] == proof_value["proofValue"]);
    }
    let r = time(settings, || sign_once().is_some());
    timed_line("sign", path, extra, r);
}

fn bare_ed25519(settings: &Settings) {
    let key = SecretKey::from_seed(KeyType::Ed25519, &[42; 32]).expect("seed");
    let message = [7u8; 64];
    let signature = key.sign(&message).expect("sign");
    let public = key.public_key();
    let algorithm = KeyType::Ed25519.default_algorithm();
    let r = time(settings, || {
        public
            .verify(algorithm, std::hint::black_box(&message), &signature)
            .is_ok()
    });
    timed_line("ed25519_verify_64b", "-", json!({"bytes": 64}), r);
}

fn main() {
    let settings = Settings::from_env();
    let files: Vec<String> = std::env::args().skip(1).filter(|a| a != "--json").collect();
    let canon = RdfcCanonicalizer::new();
    // keys.json beside the first file, if any.
    let keys = files
        .iter()
        .filter_map(|f| Path::new(f).parent())
        .map(|d| d.join("keys.json"))
        .find(|p| p.exists())
        .and_then(|p| std::fs::read(p).ok())
        .and_then(|b| serde_json::from_slice::<Value>(&b).ok());
    if settings.wants("ed25519_verify_64b") {
        bare_ed25519(&settings);
    }
    for file in &files {
        let name = Path::new(file)
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default();
        if name == "keys.json" || name == "manifest.json" {
            continue;
        }
        if Path::new(file).is_dir() {
            continue;
        }
        run_file(file, &settings, &canon, keys.as_ref());
    }
}
