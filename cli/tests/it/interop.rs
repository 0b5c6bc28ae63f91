//! The peer-generated corpus (`fixtures/interop`, written by `$OB_PEER_HARNESS/gen.mjs` with
//! other stacks) scored from the CLI's own `--format jsonl` output, as a CI pipeline would run
//! it: each case's `verifyOptions` become command-line options, every `resources` entry a
//! `--resource`. The lines are also written to `target/tmp/cli-interop-results.jsonl`, which
//! the peer scorer reads: `node check.mjs fixtures/interop --results
//! target/tmp/cli-interop-results.jsonl`.

use std::collections::BTreeMap;

use serde_json::Value;

use crate::support::{root, run};

/// The instant every case is verified at: inside the manifest's verification window.
const AT: &str = "2025-06-01T00:00:00Z";

/// The command-line options for a case's `verifyOptions`.
fn options(verify_options: &Value) -> Vec<String> {
    let mut args = Vec::new();
    let Some(map) = verify_options.as_object() else {
        return args;
    };
    for (key, value) in map {
        match (key.as_str(), value) {
            ("challenge" | "domain" | "nonce" | "audience", Value::String(s)) => {
                args.push(format!("--{key}"));
                args.push(s.clone());
            }
            ("issuerBinding", Value::Bool(false)) => args.push("--proof-only".into()),
            ("now", Value::String(s)) => {
                args.push("--at".into());
                args.push(s.clone());
            }
            other => panic!("verifyOptions member the CLI test does not map: {other:?}"),
        }
    }
    args
}

#[test]
fn interop_corpus_scored_from_cli_jsonl() {
    let corpus = root().join("fixtures/interop");
    let manifest: Value =
        serde_json::from_slice(&std::fs::read(corpus.join("manifest.json")).unwrap()).unwrap();
    let resources: Vec<String> = manifest["resources"]
        .as_object()
        .unwrap()
        .iter()
        .map(|(url, file)| {
            let path = corpus.join(file.as_str().unwrap());
            format!("--resource={url}={}", path.display())
        })
        .collect();

    // One CLI run per distinct set of options, as a pipeline would group them.
    let mut groups: BTreeMap<String, (Vec<String>, Vec<&Value>)> = BTreeMap::new();
    for case in manifest["cases"].as_array().unwrap() {
        let verify_options = case.get("verifyOptions").cloned().unwrap_or(Value::Null);
        groups
            .entry(verify_options.to_string())
            .or_insert_with(|| (options(&verify_options), Vec::new()))
            .1
            .push(case);
    }

    let mut lines = String::new();
    let mut disagreements = Vec::new();
    let mut scored = 0;
    for (options, cases) in groups.values() {
        let mut args: Vec<String> = vec![
            "verify".into(),
            "--format".into(),
            "jsonl".into(),
            "--kb-max-age".into(),
            "any".into(),
        ];
        if !options.iter().any(|o| o == "--at") {
            args.extend(["--at".into(), AT.into()]);
        }
        args.extend(options.iter().cloned());
        args.extend(resources.iter().cloned());
        let files: Vec<String> = cases
            .iter()
            .map(|c| {
                corpus
                    .join(c["file"].as_str().unwrap())
                    .display()
                    .to_string()
            })
            .collect();
        args.extend(files.iter().cloned());
        let argv: Vec<&str> = args.iter().map(String::as_str).collect();
        let output = run(&argv);
        let stdout = String::from_utf8(output.stdout).unwrap();
        let results: Vec<Value> = stdout
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        assert_eq!(results.len(), cases.len(), "one jsonl line per input");
        for ((case, file), result) in cases.iter().zip(&files).zip(&results) {
            assert_eq!(
                result["file"].as_str(),
                Some(file.as_str()),
                "input order kept"
            );
            let expected = case["expected"].as_str() == Some("valid");
            let verified = result["verified"].as_bool().unwrap();
            if expected != verified {
                disagreements.push(format!(
                    "{}: expected {}, CLI said {} ({})",
                    case["id"], case["expected"], result["verdict"], result["findings"]
                ));
            }
            lines.push_str(&result.to_string());
            lines.push('\n');
            scored += 1;
        }
    }
    let out = root().join("target/tmp");
    std::fs::create_dir_all(&out).unwrap();
    std::fs::write(out.join("cli-interop-results.jsonl"), lines).unwrap();
    assert_eq!(scored, manifest["cases"].as_array().unwrap().len());
    assert!(
        disagreements.is_empty(),
        "{} of {scored} cases disagree:\n{}",
        disagreements.len(),
        disagreements.join("\n")
    );
}

/// `--proof-only` is what makes the bare proof vectors verify, and it says so: without it the
/// key's controller must be the issuer.
#[test]
fn proof_only_is_needed_for_bare_vectors_and_is_reported() {
    let corpus = root().join("fixtures/interop");
    let manifest: Value =
        serde_json::from_slice(&std::fs::read(corpus.join("manifest.json")).unwrap()).unwrap();
    let case = manifest["cases"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| {
            c["verifyOptions"]["issuerBinding"] == Value::Bool(false) && c["expected"] == "valid"
        })
        .expect("the corpus has a proof-only case");
    let file = corpus.join(case["file"].as_str().unwrap());
    let file = file.to_str().unwrap();
    let codes = |extra: &[&str]| -> (bool, Vec<String>) {
        let mut args = vec!["verify", "--format", "jsonl", "--at", AT];
        args.extend_from_slice(extra);
        args.push(file);
        let output = run(&args);
        let line: Value = serde_json::from_slice(&output.stdout).unwrap();
        let codes = line["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["code"].as_str().unwrap().to_owned())
            .collect();
        (line["verified"].as_bool().unwrap(), codes)
    };
    let (verified, bound_codes) = codes(&[]);
    assert!(!verified);
    assert!(
        bound_codes.iter().any(|c| c == "proof.issuer_mismatch"),
        "{bound_codes:?}"
    );
    let (verified, codes) = codes(&["--proof-only"]);
    assert!(verified, "{codes:?}");
    assert!(
        codes.iter().any(|c| c == "proof.issuer_binding_off"),
        "{codes:?}"
    );
}
