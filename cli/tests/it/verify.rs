//! Tests of `openbadges verify`.

use serde_json::Value;

use crate::support::{root, run};

fn interop(relative: &str) -> String {
    root()
        .join("fixtures/interop")
        .join(relative)
        .to_string_lossy()
        .into_owned()
}

fn jsonl(output: &std::process::Output) -> Vec<Value> {
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

/// `openbadges verify --format jsonl --at 2025-06-01T00:00:00Z ARGS...`.
fn verify_jsonl(args: &[&str]) -> std::process::Output {
    let mut all = vec![
        "verify",
        "--format",
        "jsonl",
        "--at",
        "2025-06-01T00:00:00Z",
    ];
    all.extend_from_slice(args);
    run(&all)
}

fn codes(line: &Value) -> Vec<String> {
    line["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["severity"] == "error")
        .map(|f| f["code"].as_str().unwrap().to_owned())
        .collect()
}

/// Issues the achievement fixture with a fresh key (issuer = its did:key), `edit`ed first.
fn issued(dir: &std::path::Path, edit: impl FnOnce(&mut Value)) -> std::path::PathBuf {
    let pair = run(&["keygen", "--type", "ed25519", "--format", "json"]);
    let key = dir.join("key.json");
    std::fs::write(&key, &pair.stdout).unwrap();
    let pair: Value = serde_json::from_slice(&pair.stdout).unwrap();
    let text =
        std::fs::read_to_string(root().join("fixtures/valid/own-achievement-credential.json"))
            .unwrap();
    let mut value: Value = serde_json::from_str(&text).unwrap();
    let map = value.as_object_mut().unwrap();
    map.shift_remove("proof");
    map.shift_remove("credentialStatus");
    value["issuer"]["id"] = pair["did"].clone();
    edit(&mut value);
    let unsigned = dir.join("unsigned.json");
    std::fs::write(&unsigned, value.to_string()).unwrap();
    let out = dir.join("signed.json");
    let issue = run(&[
        "issue",
        "--key",
        key.to_str().unwrap(),
        "--created",
        "2024-01-01T00:00:00Z",
        "--output",
        out.to_str().unwrap(),
        unsigned.to_str().unwrap(),
    ]);
    assert_eq!(issue.status.code(), Some(0), "{issue:?}");
    out
}

#[test]
fn issued_credential_verifies_exit_0() {
    let dir = tempfile::tempdir().unwrap();
    let signed = issued(dir.path(), |_| {});
    let output = run(&[
        "verify",
        "--format",
        "jsonl",
        "--at",
        "2025-01-01T00:00:00Z",
        signed.to_str().unwrap(),
    ]);
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    let lines = jsonl(&output);
    assert_eq!(lines.len(), 1);
    assert_eq!(lines[0]["verified"], true);
    assert_eq!(lines[0]["verdict"], "valid");
    assert_eq!(lines[0]["file"], signed.to_str().unwrap());
    let text = run(&[
        "verify",
        "--explain",
        "--at",
        "2025-01-01T00:00:00Z",
        signed.to_str().unwrap(),
    ]);
    assert_eq!(text.status.code(), Some(0), "{text:?}");
    let explained = String::from_utf8_lossy(&text.stderr);
    assert!(explained.contains("eddsa-rdfc-2022"), "{explained}");
    assert!(explained.contains("accepted"), "{explained}");
    // The intermediate values: both canonical forms, as N-Quads lines, and hashData.
    for name in ["canonicalDocument:", "canonicalProofConfig:", "hashData:"] {
        assert!(explained.contains(name), "{name} missing: {explained}");
    }
    assert!(
        explained.contains("<https://w3id.org/security#cryptosuite> \"eddsa-rdfc-2022\""),
        "{explained}"
    );
}

#[test]
fn expired_and_forged_reports_both_findings() {
    let dir = tempfile::tempdir().unwrap();
    let signed = issued(dir.path(), |v| {
        v["validUntil"] = "2024-12-31T00:00:00Z".into();
    });
    let mut value: Value = serde_json::from_slice(&std::fs::read(&signed).unwrap()).unwrap();
    value["name"] = "Forged".into();
    std::fs::write(&signed, value.to_string()).unwrap();
    let output = run(&[
        "verify",
        "--format",
        "jsonl",
        "--at",
        "2026-01-01T00:00:00Z",
        signed.to_str().unwrap(),
    ]);
    assert_eq!(output.status.code(), Some(1), "{output:?}");
    let line = &jsonl(&output)[0];
    assert_eq!(line["verified"], false);
    assert_eq!(line["verdict"], "invalid");
    let codes = codes(line);
    assert!(codes.contains(&"proof.signature".to_owned()), "{codes:?}");
    assert!(codes.contains(&"validity.expired".to_owned()), "{codes:?}");
}

#[test]
fn unreachable_status_list_is_indeterminate_exit_1() {
    let file = interop("credentials/ob-status-eddsa-rdfc-2022.json");
    let output = run(&["verify", "--format", "jsonl", &file]);
    assert_eq!(output.status.code(), Some(1), "{output:?}");
    let line = &jsonl(&output)[0];
    assert_eq!(line["verdict"], "indeterminate");
    assert_eq!(line["verified"], false);
    assert!(codes(line).contains(&"verify.indeterminate".to_owned()));
}

#[test]
fn status_list_served_with_resource() {
    let resource = format!(
        "https://example.edu/status/revocation/1={}",
        interop("resources/status-revocation-ed25519.json")
    );
    let ok = run(&[
        "verify",
        "--format",
        "jsonl",
        "--resource",
        &resource,
        &interop("credentials/ob-status-eddsa-rdfc-2022.json"),
    ]);
    assert_eq!(ok.status.code(), Some(0), "{ok:?}");
    let revoked = run(&[
        "verify",
        "--format",
        "jsonl",
        "--resource",
        &resource,
        &interop("credentials/ob-neg-revoked-eddsa-rdfc-2022.json"),
    ]);
    assert_eq!(revoked.status.code(), Some(1), "{revoked:?}");
    assert!(
        codes(&jsonl(&revoked)[0])
            .iter()
            .any(|c| c.starts_with("status."))
    );
}

#[test]
fn presentation_challenge_and_domain() {
    let file = interop("presentations/vp-two-ob-eddsa-rdfc-2022.json");
    let args = |challenge: &'static str| {
        vec![
            "verify",
            "--format",
            "jsonl",
            "--challenge",
            challenge,
            "--domain",
            "verifier.example.org",
        ]
    };
    let mut good = args("c0ae1c8e-c7e7-469f-b252-86e6a0e7387e");
    good.push(&file);
    let output = run(&good);
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    let mut bad = args("another-challenge");
    bad.push(&file);
    let output = run(&bad);
    assert_eq!(output.status.code(), Some(1), "{output:?}");
    assert!(codes(&jsonl(&output)[0]).contains(&"proof.challenge".to_owned()));
}

#[test]
fn many_files_in_input_order_with_text_summary() {
    let files = [
        interop("credentials/ob-status-eddsa-rdfc-2022.json"),
        interop("credentials/ob-neg-revoked-eddsa-rdfc-2022.json"),
    ];
    let output = run(&["verify", "--format", "jsonl", &files[0], &files[1]]);
    let lines = jsonl(&output);
    assert_eq!(lines[0]["file"], files[0].as_str());
    assert_eq!(lines[1]["file"], files[1].as_str());
    let text = run(&["verify", &files[0], &files[1]]);
    assert!(
        String::from_utf8_lossy(&text.stdout).contains("2 files"),
        "{text:?}"
    );
}

#[test]
fn usage_and_io_errors_exit_2() {
    let file = interop("credentials/ob-status-eddsa-rdfc-2022.json");
    for args in [
        vec!["verify", "--at", "yesterday", file.as_str()],
        vec!["verify", "--resource", "no-equals-sign", file.as_str()],
        vec!["verify", "/nonexistent/credential.json"],
    ] {
        let output = run(&args);
        assert_eq!(output.status.code(), Some(2), "{args:?}: {output:?}");
    }
}

#[test]
fn jwt_credentials_verify_with_the_same_report() {
    let out = verify_jsonl(&[
        &interop("credentials/ob-minimal-vc-jwt-EdDSA.jwt"),
        &interop("credentials/ob-minimal-vc-jwt-RS256-jwk.jwt"),
        &interop("credentials/ob-neg-tampered-vc-jwt-EdDSA.jwt"),
        &interop("credentials/ob-neg-expired-vc-jwt-EdDSA.jwt"),
    ]);
    assert_eq!(out.status.code(), Some(1));
    let lines = jsonl(&out);
    assert_eq!(lines.len(), 4);
    assert_eq!(lines[0]["verified"], true, "{}", lines[0]);
    assert_eq!(lines[1]["verified"], true, "{}", lines[1]);
    assert_eq!(lines[2]["verified"], false);
    assert!(
        codes(&lines[2]).contains(&"jwt.signature".to_owned()),
        "{}",
        lines[2]
    );
    assert_eq!(lines[3]["verified"], false);
    let expired = codes(&lines[3]);
    assert!(
        expired.iter().any(|c| c.ends_with("expired")),
        "{expired:?}"
    );
}

#[test]
fn sd_jwt_inputs_verify_with_nonce_and_audience() {
    let kb = interop("credentials/ob-sd-jwt-vc-presented-kb-EdDSA.sd-jwt");
    let args = |nonce: &'static str| {
        vec![
            "verify",
            "--format",
            "jsonl",
            "--at",
            "2025-06-01T00:00:00Z",
            "--kb-max-age",
            "any",
            "--nonce",
            nonce,
            "--audience",
            "https://verifier.example.org",
        ]
    };
    let mut good = args("n-0S6_WzA2Mj");
    good.push(&kb);
    let out = run(&good);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    assert_eq!(jsonl(&out)[0]["verdict"], "valid");

    let mut wrong = args("another-nonce");
    wrong.push(&kb);
    let out = run(&wrong);
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    assert!(codes(&jsonl(&out)[0]).contains(&"sd_jwt.kb_nonce".to_owned()));

    // The KB-JWT of the corpus is old: refused under the default age limit.
    let out = verify_jsonl(&[
        "--nonce",
        "n-0S6_WzA2Mj",
        "--audience",
        "https://verifier.example.org",
        &kb,
    ]);
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    assert!(codes(&jsonl(&out)[0]).contains(&"sd_jwt.kb_iat".to_owned()));

    // Issuance form, the VC-JOSE-COSE form, a tampered disclosure, and a nonce demanded of
    // an SD-JWT without key binding.
    let out = verify_jsonl(&[
        &interop("credentials/ob-sd-jwt-vc-issued-EdDSA.sd-jwt"),
        &interop("credentials/ob-minimal-vc+sd-jwt-ES256.sd-jwt"),
        &interop("credentials/ob-sd-jwt-vc-neg-tampered-disclosure-EdDSA.sd-jwt"),
    ]);
    let lines = jsonl(&out);
    assert_eq!(lines[0]["verdict"], "valid", "{}", lines[0]);
    assert_eq!(lines[1]["verdict"], "valid", "{}", lines[1]);
    assert!(codes(&lines[2]).contains(&"sd_jwt.disclosure_unreferenced".to_owned()));
    let out = verify_jsonl(&[
        "--nonce",
        "n-1",
        &interop("credentials/ob-sd-jwt-vc-issued-EdDSA.sd-jwt"),
    ]);
    assert!(codes(&jsonl(&out)[0]).contains(&"sd_jwt.kb_missing".to_owned()));
    let out = run(&["verify", "--kb-max-age", "soon", &kb]);
    assert_eq!(out.status.code(), Some(2), "{out:?}");
}

#[test]
fn enveloped_credential_json_is_unwrapped() {
    let out = verify_jsonl(&[&interop(
        "credentials/ob-minimal-enveloped-vc+jwt-EdDSA.json",
    )]);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(interop(
        "credentials/ob-minimal-enveloped-vc+jwt-EdDSA.json",
    ))
    .unwrap();
    let mut value: Value = serde_json::from_str(&text).unwrap();
    let id = value["id"].as_str().unwrap().to_owned();
    // One changed character of the signature.
    let last = id.chars().last().unwrap();
    let swapped = if last == 'A' { 'B' } else { 'A' };
    value["id"] = format!("{}{swapped}", &id[..id.len() - 1]).into();
    let tampered = dir.path().join("tampered.json");
    std::fs::write(&tampered, value.to_string()).unwrap();
    let out = verify_jsonl(&[tampered.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    let line = &jsonl(&out)[0];
    let finding = line["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["code"] == "jwt.signature")
        .unwrap_or_else(|| panic!("{line}"));
    assert_eq!(finding["path"], "$.id");
}

/// 300 inputs (many more than one parallel chunk) in a directory: a valid, a revoked and a
/// malformed credential in turn. Every format reports each file once, in input order, with
/// the right verdict; explicit paths keep the order they were given in.
#[test]
fn hundreds_of_files_stream_in_input_order_in_every_format() {
    const N: usize = 300;
    let dir = tempfile::tempdir().unwrap();
    let valid = std::fs::read(interop("credentials/ob-status-eddsa-rdfc-2022.json")).unwrap();
    let revoked =
        std::fs::read(interop("credentials/ob-neg-revoked-eddsa-rdfc-2022.json")).unwrap();
    let mut names = Vec::new();
    for i in 0..N {
        let name = dir.path().join(format!("c{i:04}.json"));
        let body: &[u8] = match i % 3 {
            0 => &valid,
            1 => &revoked,
            _ => b"{\"truncated\": ",
        };
        std::fs::write(&name, body).unwrap();
        names.push(name.to_string_lossy().into_owned());
    }
    let resource = format!(
        "https://example.edu/status/revocation/1={}",
        interop("resources/status-revocation-ed25519.json")
    );
    let base = ["verify", "--resource", &resource];
    let verdict = |i: usize| ["valid", "invalid", "invalid"][i % 3];

    let dir_arg = dir.path().to_string_lossy().into_owned();
    let mut args = base.to_vec();
    args.extend(["--format", "jsonl", &dir_arg]);
    let output = run(&args);
    assert_eq!(output.status.code(), Some(1));
    let lines = jsonl(&output);
    assert_eq!(lines.len(), N);
    for (i, line) in lines.iter().enumerate() {
        assert_eq!(line["file"], names[i].as_str());
        assert_eq!(line["verdict"], verdict(i), "{line}");
    }
    assert!(
        String::from_utf8_lossy(&output.stderr)
            .contains(&format!("{N} files: 100 valid, 200 invalid, 0 unreadable")),
        "{output:?}"
    );

    // Explicit paths, in reverse: the output follows the command line.
    let mut args = base.to_vec();
    args.extend(["--format", "jsonl"]);
    args.extend(names.iter().rev().map(String::as_str));
    let lines = jsonl(&run(&args));
    let files: Vec<&str> = lines.iter().map(|l| l["file"].as_str().unwrap()).collect();
    let expected: Vec<&str> = names.iter().rev().map(String::as_str).collect();
    assert_eq!(files, expected);

    // Text: one verdict line per file, in order, then the summary.
    let mut args = base.to_vec();
    args.push(&dir_arg);
    let text = String::from_utf8(run(&args).stdout).unwrap();
    let heads: Vec<&str> = text.lines().filter(|l| !l.starts_with(' ')).collect();
    assert_eq!(heads.len(), N + 1, "{text}");
    for (i, head) in heads[..N].iter().enumerate() {
        assert!(
            head.starts_with(&format!("{}: {}", names[i], verdict(i))),
            "{i}: {head}"
        );
    }
    assert_eq!(heads[N], "300 files: 100 valid, 200 invalid, 0 unreadable");

    // JSON: one document, streamed, every file in order.
    let mut args = base.to_vec();
    args.extend(["--format", "json", &dir_arg]);
    let doc: Value = serde_json::from_slice(&run(&args).stdout).unwrap();
    let files = doc["files"].as_array().unwrap();
    assert_eq!(files.len(), N);
    for (i, file) in files.iter().enumerate() {
        assert_eq!(file["file"], names[i].as_str());
        assert_eq!(file["valid"], i % 3 == 0);
    }
    assert_eq!(doc["summary"]["invalid"], 200);

    // GitHub: annotations of file i come before those of file i + 1.
    let mut args = base.to_vec();
    args.extend(["--format", "github", &dir_arg]);
    let github = String::from_utf8(run(&args).stdout).unwrap();
    let mut last = 0;
    for line in github.lines().filter(|l| l.starts_with("::")) {
        let file = line
            .split("file=")
            .nth(1)
            .unwrap()
            .split([',', ':'])
            .next()
            .unwrap();
        let index = names.iter().position(|n| n == file).unwrap();
        assert!(index >= last, "{line}");
        last = index;
    }
    assert_eq!(last, N - 1);
}

/// `--explain` prints every file's report on stderr, in input order.
#[test]
fn explain_follows_input_order() {
    let files = [
        interop("credentials/ob-neg-revoked-eddsa-rdfc-2022.json"),
        interop("credentials/ob-status-eddsa-rdfc-2022.json"),
    ];
    let output = run(&[
        "verify",
        "--explain",
        "--format",
        "jsonl",
        &files[0],
        &files[1],
    ]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    let first = stderr.find(&format!("== {}", files[0])).unwrap();
    let second = stderr.find(&format!("== {}", files[1])).unwrap();
    assert!(first < second, "{stderr}");
    assert!(stderr.contains("proof "), "{stderr}");
}

#[test]
fn every_format_shows_the_checklist() {
    let file = interop("credentials/ob-status-eddsa-rdfc-2022.json");
    let line = &jsonl(&run(&["verify", "--format", "jsonl", &file]))[0];
    let checks: Vec<(&str, &str)> = line["checks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| (c["check"].as_str().unwrap(), c["status"].as_str().unwrap()))
        .collect();
    assert!(checks.contains(&("proof", "passed")), "{checks:?}");
    assert!(checks.contains(&("issuer_binding", "passed")), "{checks:?}");
    // Offline, the status list cannot be fetched.
    assert!(checks.contains(&("status", "indeterminate")), "{checks:?}");
    assert!(checks.contains(&("refresh", "skipped")), "{checks:?}");

    let json = run(&["verify", "--format", "json", &file]);
    let document: Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(document["files"][0]["checks"], line["checks"]);

    let text = run(&["verify", &file]);
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(
        text.contains("  check proof passed: verified: eddsa-rdfc-2022 by did:key:"),
        "{text}"
    );
    assert!(text.contains("  check status indeterminate: "), "{text}");
    assert!(text.contains("  skipped: "), "{text}");
}
