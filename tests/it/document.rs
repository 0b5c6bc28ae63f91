//! Integration tests: every fixture survives a [`Document`] round trip byte for byte.

use std::path::{Path, PathBuf};

use openbadges::Document;

use crate::support::shared;

fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    let entries = std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    for entry in entries {
        let path = entry.unwrap().path();
        if path.is_dir() {
            collect(&path, out);
        } else if path.extension().is_some_and(|e| e == "json") {
            out.push(path);
        }
    }
}

/// All JSON under the spec examples and test vectors (OB and CLR) and the bench fixtures.
fn all_json() -> Vec<PathBuf> {
    let mut files = Vec::new();
    for dir in [
        "spec/ob3/examples",
        "spec/ob3/test-vectors",
        "spec/clr2/examples",
        "spec/clr2/test-vectors",
        "bench",
    ] {
        collect(&shared().join(dir), &mut files);
    }
    files.sort();
    files
}

#[test]
fn every_fixture_round_trips_byte_for_byte() {
    let files = all_json();
    assert!(files.len() >= 60, "only {} fixtures found", files.len());
    for file in &files {
        let bytes = std::fs::read(file).unwrap();
        let doc =
            Document::from_slice(&bytes).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        assert_eq!(doc.as_bytes(), &bytes[..], "{}", file.display());
        assert_eq!(doc.as_str().len(), bytes.len());
        // The parsed value re-parses to itself through its compact form.
        let again = Document::from_str(&doc.value().to_string()).unwrap();
        assert_eq!(again.value(), doc.value(), "{}", file.display());
        // And wrapping the value keeps it.
        assert_eq!(
            Document::from_value(doc.value().clone()).value(),
            doc.value()
        );
    }
}

#[test]
fn member_order_is_kept() {
    let file = shared().join("spec/ob3/examples/spec/basic-openbadgecredential.json");
    let doc = Document::from_slice(&std::fs::read(file).unwrap()).unwrap();
    let keys: Vec<&str> = doc
        .value()
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        keys,
        [
            "@context",
            "id",
            "type",
            "issuer",
            "validFrom",
            "name",
            "credentialSubject"
        ]
    );
    let compact = doc.value().to_string();
    assert!(compact.starts_with(r#"{"@context":"#), "{compact}");
    assert!(compact.ends_with(r#"}}}"#), "{compact}");
}
