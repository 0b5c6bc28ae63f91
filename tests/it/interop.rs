//! Interop scoring: our verifier over every case of the peer-signed corpus
//! (fixtures/interop/manifest.json), compared with the expected verdicts.
//!
//! Resources of the manifest are served from memory; each case's `verifyOptions` are
//! applied. Cases in formats we do not verify yet are listed in [`UNSUPPORTED`] with the
//! reason; deliberate divergences are in [`DIVERGENCES`] and asserted as such. Every other
//! case must agree. The results are also written as JSON lines (`id`, `verified`) to
//! `$CARGO_TARGET_TMPDIR/interop-results.jsonl` for `node $OB_PEER_HARNESS/check.mjs`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use openbadges::fetch::{Fetched, MemoryFetcher};
use openbadges::report::JsonPath;
use openbadges::resolve::Resolver;
use openbadges::verify::{
    DataIntegrityChecker, Policy, ProofChecker, ProofContext, ProofOutcome, Verdict, Verifier,
};
use serde_json::Value;

use crate::support::root;

/// Formats the standard verifier does not take yet, matched by prefix of the case's
/// `format`, with the reason. Empty: every format of the corpus goes through the verifier.
const UNSUPPORTED: &[(&str, &str)] = &[];

/// Cases where we reach another verdict than the corpus expects, with why. Each is asserted
/// to still disagree, so a fix shows up here.
const DIVERGENCES: &[(&str, &str)] = &[];

fn corpus() -> PathBuf {
    root().join("fixtures/interop")
}

fn unsupported(format: &str) -> Option<&'static str> {
    UNSUPPORTED
        .iter()
        .find(|(prefix, _)| format.starts_with(prefix))
        .map(|(_, why)| *why)
}

/// The manifest's resources, served from memory.
fn fetcher(manifest: &Value) -> MemoryFetcher {
    let mut fetcher = MemoryFetcher::new();
    for (url, file) in manifest["resources"].as_object().unwrap() {
        let bytes = std::fs::read(corpus().join(file.as_str().unwrap())).unwrap();
        fetcher.insert(
            url.clone(),
            Fetched::new(bytes, Some("application/json".into())),
        );
    }
    fetcher
}

/// A proof-only check (`issuerBinding: false`): the proof's key is taken as the issuer's.
struct ProofOnly(DataIntegrityChecker);

impl ProofChecker for ProofOnly {
    fn check(
        &self,
        credential: &Value,
        path: &JsonPath,
        context: &ProofContext<'_>,
    ) -> Vec<ProofOutcome> {
        let issuer = match credential.get("issuer") {
            Some(Value::String(s)) => Some(s.clone()),
            Some(Value::Object(m)) => m.get("id").and_then(Value::as_str).map(str::to_owned),
            _ => None,
        };
        self.0
            .check(credential, path, context)
            .into_iter()
            .map(|o| match &issuer {
                Some(issuer) => o.with_controller(issuer.clone()),
                None => o,
            })
            .collect()
    }
}

fn verifier(case: &Value, fetcher: &MemoryFetcher) -> Verifier {
    let options = case.get("verifyOptions").cloned().unwrap_or(Value::Null);
    let now: DateTime<Utc> = options
        .get("now")
        .and_then(Value::as_str)
        .map(|s| s.parse().unwrap())
        .unwrap_or_else(|| "2025-06-01T00:00:00Z".parse().unwrap());
    let mut policy = Policy::builder().at(now);
    if let Some(c) = options.get("challenge").and_then(Value::as_str) {
        policy = policy.challenge(c);
    }
    if let Some(d) = options.get("domain").and_then(Value::as_str) {
        policy = policy.domain(d);
    }
    if let Some(n) = options.get("nonce").and_then(Value::as_str) {
        policy = policy.nonce(n);
    }
    if let Some(a) = options.get("audience").and_then(Value::as_str) {
        policy = policy.audience(a);
    }
    // The corpus is fixed: its KB-JWTs were made once, and the expected verdicts hold at any
    // time in the manifest's window, so freshness rests on the nonce alone here.
    let policy = policy.key_binding_max_age(None);
    let policy = policy.build().unwrap();
    if options.get("issuerBinding") == Some(&Value::Bool(false)) {
        let checker = ProofOnly(DataIntegrityChecker::new(Resolver::with_fetcher(
            fetcher.clone(),
        )));
        Verifier::builder()
            .proof_checker(checker)
            .policy(policy)
            .fetcher(fetcher.clone())
            .build()
    } else {
        Verifier::builder()
            .policy(policy)
            .fetcher(fetcher.clone())
            .build()
    }
}

#[test]
fn interop_corpus_verdicts_agree() {
    let manifest: Value =
        serde_json::from_slice(&std::fs::read(corpus().join("manifest.json")).unwrap()).unwrap();
    let fetcher = fetcher(&manifest);
    let mut results = String::new();
    let mut disagreements = Vec::new();
    let mut divergent = BTreeMap::new();
    let (mut agreed, mut skipped) = (0, 0);
    for case in manifest["cases"].as_array().unwrap() {
        let id = case["id"].as_str().unwrap();
        let format = case["format"].as_str().unwrap();
        let expected = case["expected"].as_str().unwrap();
        if unsupported(format).is_some() {
            skipped += 1;
            continue;
        }
        let path: &Path = &corpus().join(case["file"].as_str().unwrap());
        let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{id}: {}: {e}", path.display()));
        let verifier = verifier(case, &fetcher);
        let parsed = verifier.verify_bytes(&bytes).map_err(|e| e.to_string());
        let (verified, summary) = match parsed {
            Ok(report) => {
                let codes: Vec<String> = report
                    .all_findings()
                    .iter()
                    .filter(|(_, f)| f.severity == openbadges::Severity::Error)
                    .map(|(_, f)| format!("{} {}", f.code, f.path))
                    .collect();
                (
                    report.verdict() == Verdict::Valid,
                    format!("{:?} {codes:?}", report.verdict()),
                )
            }
            Err(e) => (false, format!("parse: {e}")),
        };
        results.push_str(&serde_json::json!({"id": id, "verified": verified}).to_string());
        results.push('\n');
        let ours = if verified { "valid" } else { "invalid" };
        if let Some((_, why)) = DIVERGENCES.iter().find(|(d, _)| *d == id) {
            assert_ne!(
                ours, expected,
                "{id} is listed as a divergence ({why}) but agrees"
            );
            divergent.insert(id, summary);
        } else if ours == expected {
            agreed += 1;
        } else {
            disagreements.push(format!(
                "{id} ({format}): expected {expected}, got {summary}"
            ));
        }
    }
    let out = Path::new(env!("CARGO_TARGET_TMPDIR")).join("interop-results.jsonl");
    std::fs::write(&out, results).unwrap();
    eprintln!(
        "interop: {agreed} agree, {} divergent (documented), {skipped} unsupported; results in {}",
        divergent.len(),
        out.display()
    );
    assert!(
        disagreements.is_empty(),
        "{} disagreements:\n{}",
        disagreements.len(),
        disagreements.join("\n")
    );
}
