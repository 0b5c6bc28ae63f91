//! Tests of `openbadges canonicalize`.

use std::io::Write as _;
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

use crate::support::{root, run};

/// The vendored vectors (`tests/data`, see its README).
fn data() -> PathBuf {
    root().join("tests").join("data")
}

fn rdfc(name: &str) -> String {
    data()
        .join("vectors/rdf-canon/rdfc10")
        .join(name)
        .display()
        .to_string()
}

/// Runs `openbadges ARGS...` with `input` on standard input.
fn run_with_stdin(args: &[&str], input: &[u8]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_openbadges"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the openbadges binary runs");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(input)
        .expect("writes stdin");
    child.wait_with_output().expect("finishes")
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[test]
fn nquads_file_prints_the_canonical_form() {
    let output = run(&["canonicalize", "--from", "nquads", &rdfc("test020-in.nq")]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let expected = std::fs::read(rdfc("test020-rdfc10.nq")).expect("expected output");
    assert_eq!(output.stdout, expected);
}

#[test]
fn nquads_from_stdin_with_sha384() {
    let input = std::fs::read(rdfc("test075-in.nq")).expect("input");
    let output = run_with_stdin(&["canonicalize", "--from", "nquads", "-"], &input);
    // test075 uses SHA-384; the default SHA-256 gives the test020 labelling instead.
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let with_384 = run_with_stdin(
        &["canonicalize", "--from", "nquads", "--hash", "sha384", "-"],
        &input,
    );
    assert_eq!(with_384.status.code(), Some(0), "{}", stderr(&with_384));
    let expected = std::fs::read(rdfc("test075-rdfc10.nq")).expect("expected");
    let digest = String::from_utf8(with_384.stdout).expect("utf-8");
    assert_eq!(digest.len(), 97, "{digest}");
    assert!(digest.ends_with('\n'));
    assert_eq!(
        digest.trim_end(),
        openbadges::rdf::canon::HashAlgorithm::Sha384.hex_digest(&expected)
    );
}

#[test]
fn hash_prints_the_digest_of_the_canonical_bytes() {
    let output = run(&[
        "canonicalize",
        "--from",
        "nquads",
        "--hash",
        "sha256",
        &rdfc("test001-in.nq"),
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let expected = std::fs::read(rdfc("test001-rdfc10.nq")).expect("expected");
    assert_eq!(
        String::from_utf8_lossy(&output.stdout),
        format!(
            "{}\n",
            openbadges::rdf::canon::HashAlgorithm::Sha256.hex_digest(&expected)
        )
    );
}

#[test]
fn jcs_matches_rfc8785_vectors() {
    for name in [
        "arrays",
        "french",
        "structures",
        "unicode",
        "values",
        "weird",
    ] {
        let dir = data().join("vectors/jcs-rfc8785");
        let input = dir.join("input").join(format!("{name}.json"));
        let output = run(&["canonicalize", "--jcs", &input.display().to_string()]);
        assert_eq!(output.status.code(), Some(0), "{name}: {}", stderr(&output));
        let expected =
            std::fs::read(dir.join("output").join(format!("{name}.json"))).expect("expected");
        assert_eq!(output.stdout, expected, "{name}");
    }
}

#[test]
fn jcs_from_stdin_rejects_duplicate_members() {
    let output = run_with_stdin(&["canonicalize", "--jcs", "-"], br#"{"a":1,"a":2}"#);
    assert_eq!(output.status.code(), Some(1));
    let message = stderr(&output);
    assert!(message.contains("duplicate member"), "{message}");
    let ok = run_with_stdin(&["canonicalize", "--jcs", "-"], br#"{"b":2.50,"a":[1e21]}"#);
    assert_eq!(ok.status.code(), Some(0));
    assert_eq!(ok.stdout, br#"{"a":[1e+21],"b":2.5}"#);
}

#[test]
fn malformed_nquads_name_line_and_column() {
    let output = run_with_stdin(
        &["canonicalize", "--from", "nquads", "-"],
        b"<http://a/s> <http://a/p> <http://a/o> .\n<http://a/s> \"x\" <http://a/o> .\n",
    );
    assert_eq!(output.status.code(), Some(1));
    let message = stderr(&output);
    assert!(message.contains("line 2, column 14"), "{message}");
    assert!(output.stdout.is_empty());
}

#[test]
fn poison_graph_fails_with_work_limit() {
    let output = run(&["canonicalize", "--from", "nquads", &rdfc("test074-in.nq")]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains("work limit"),
        "{}",
        stderr(&output)
    );
    // The limit is an option: test 044 needs a few thousand steps.
    let with = |limit: &str| {
        run(&[
            "canonicalize",
            "--from",
            "nquads",
            "--work-limit",
            limit,
            &rdfc("test044-in.nq"),
        ])
    };
    assert_eq!(with("100").status.code(), Some(1));
    assert_eq!(with("10000").status.code(), Some(0));
}

#[test]
fn jsonld_input_gives_the_vector_canonical_form() {
    for rel in [
        "spec/ob3/test-vectors/eddsa-rdfc-2022.obv3p0.vector.json",
        "spec/clr2/test-vectors/eddsa-rdfc-2022.clrv2p0.vector.json",
    ] {
        let vector: serde_json::Value =
            serde_json::from_slice(&std::fs::read(data().join(rel)).expect("vector"))
                .expect("vector JSON");
        let input = vector["unsignedCredential"].to_string();
        let output = run_with_stdin(&["canonicalize", "-"], input.as_bytes());
        assert_eq!(output.status.code(), Some(0), "{rel}: {}", stderr(&output));
        let mut want = vector["canonicalDocument"]
            .as_str()
            .expect("canonicalDocument")
            .to_string();
        if !want.ends_with('\n') {
            want.push('\n');
        }
        assert_eq!(String::from_utf8_lossy(&output.stdout), want, "{rel}");
    }
}

#[test]
fn jsonld_safe_mode_errors_name_the_path() {
    let input = br#"{"@context": {"name": "https://schema.org/name"}, "nmae": "x"}"#;
    let output = run_with_stdin(&["canonicalize", "-"], input);
    assert_eq!(output.status.code(), Some(1));
    assert!(stderr(&output).contains("$.nmae"), "{}", stderr(&output));
    let input = br#"{"@context": "https://example.com/unknown", "@id": "urn:x"}"#;
    let output = run_with_stdin(&["canonicalize", "-"], input);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains("https://example.com/unknown"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn missing_file_and_bad_usage_exit_2() {
    let output = run(&["canonicalize", "--from", "nquads", "/nonexistent/file.nq"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("/nonexistent/file.nq"));
    let output = run(&["canonicalize", "--jcs", "--from", "nquads", "x"]);
    assert_eq!(output.status.code(), Some(2));
    let output = run(&["canonicalize", "--hash", "md5", "x"]);
    assert_eq!(output.status.code(), Some(2));
}

/// F1: a credential repeating one tag a million times (4 MB) canonicalizes like the same
/// credential with the tag once: quads stream into an interned dataset as they are made, so
/// the repeats cost no memory (it took 2.4 GB for 3.9 M repeats when quads were collected
/// first).
#[test]
fn repeated_values_collapse_as_they_are_made() {
    let credential = |tags: usize| {
        let mut value: serde_json::Value = serde_json::from_slice(
            &std::fs::read(root().join("fixtures/valid/own-achievement-credential.json")).unwrap(),
        )
        .unwrap();
        value["credentialSubject"]["achievement"]["tag"] = serde_json::json!(vec!["a"; tags]);
        value.to_string()
    };
    let once = run_with_stdin(&["canonicalize", "-"], credential(1).as_bytes());
    assert_eq!(once.status.code(), Some(0), "{}", stderr(&once));
    let started = std::time::Instant::now();
    let many = run_with_stdin(&["canonicalize", "-"], credential(1_000_000).as_bytes());
    assert_eq!(many.status.code(), Some(0), "{}", stderr(&many));
    assert_eq!(many.stdout, once.stdout);
    // Generous for a debug build on a shared machine; the release build takes about 0.1 s.
    assert!(started.elapsed() < std::time::Duration::from_secs(30));
}
