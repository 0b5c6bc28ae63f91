//! Integration tests: every fixture survives a [`Document`] round trip byte for byte.

use std::path::{Path, PathBuf};

use openbadges::Document;

use crate::support::data;

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
        collect(&data().join(dir), &mut files);
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
    let file = data().join("spec/ob3/examples/spec/basic-openbadgecredential.json");
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

/// The parsed tree against serde_json: generated JSON text (escapes, surrogate pairs,
/// numbers of every shape, nesting, whitespace), valid or corrupted.
mod tree {
    use openbadges::document::{Document, NodeKind, ParseError, ParseLimits};
    use openbadges::jcs;
    use proptest::prelude::*;
    use serde_json::Value;

    fn ws() -> impl Strategy<Value = String> {
        prop::sample::select(vec!["", "", " ", "\n", "\t", "\r\n  "]).prop_map(str::to_owned)
    }

    fn number() -> impl Strategy<Value = String> {
        prop_oneof![
            "-?(0|[1-9][0-9]{0,3})",
            "-?[1-9][0-9]{15,25}",
            "-?(0|[1-9][0-9]{0,20})\\.[0-9]{1,20}",
            "-?(0|[1-9][0-9]{0,5})(\\.[0-9]{1,5})?[eE][+-]?[0-9]{1,3}",
            Just("-0".to_owned()),
            Just("18446744073709551615".to_owned()),
            Just("18446744073709551616".to_owned()),
            Just("-9223372036854775808".to_owned()),
            Just("-9223372036854775809".to_owned()),
            Just("1e309".to_owned()),
            Just("5e-324".to_owned()),
        ]
    }

    fn string_body() -> impl Strategy<Value = String> {
        let piece = prop_oneof![
            "[a-z@:/ ]{1,6}",
            "[\u{e9}\u{20ac}\u{1f600}\u{fb33}\u{7f}\u{2028}]",
            prop::sample::select(vec![
                "\\\"",
                "\\\\",
                "\\/",
                "\\b",
                "\\f",
                "\\n",
                "\\r",
                "\\t",
                "\\u0000",
                "\\u001f",
                "\\u00e9",
                "\\u20AC",
                "\\uD83D\\uDE00",
                "\\ud800\\udfff",
                "\\u0061",
            ])
            .prop_map(str::to_owned),
        ];
        prop::collection::vec(piece, 0..5).prop_map(|p| p.concat())
    }

    fn json_text() -> impl Strategy<Value = String> {
        let leaf = prop_oneof![
            Just("null".to_owned()),
            Just("true".to_owned()),
            Just("false".to_owned()),
            number(),
            string_body().prop_map(|s| format!("\"{s}\"")),
        ];
        leaf.prop_recursive(4, 48, 6, |inner| {
            prop_oneof![
                prop::collection::vec((ws(), inner.clone(), ws()), 0..5).prop_map(|items| {
                    let items: Vec<String> = items
                        .into_iter()
                        .map(|(a, v, b)| format!("{a}{v}{b}"))
                        .collect();
                    format!("[{}]", items.join(","))
                }),
                prop::collection::vec((string_body(), ws(), inner, ws()), 0..5).prop_map(
                    |members| {
                        let members: Vec<String> = members
                            .into_iter()
                            .enumerate()
                            // A distinct suffix per member: duplicates are tested apart.
                            .map(|(i, (k, a, v, b))| format!("{a}\"{k}#{i}\"{b}:{a}{v}{b}"))
                            .collect();
                        format!("{{{}}}", members.join(","))
                    }
                ),
            ]
        })
    }

    /// A corruption of `text`: one byte range replaced by a JSON-ish fragment.
    fn corrupted() -> impl Strategy<Value = String> {
        (
            json_text(),
            any::<prop::sample::Index>(),
            0usize..3,
            prop::sample::select(vec![
                "", ",", "]", "}", "\"", "\\", ":", "{", "[", "0", "-", ".", "e", " ", "\u{1}",
                "\\u", "\\uD800", "tru", "nul", "1e999", "\u{e9}",
            ]),
        )
            .prop_map(|(text, at, cut, insert)| {
                let mut at = at.index(text.len() + 1);
                while !text.is_char_boundary(at) {
                    at -= 1;
                }
                let mut end = (at + cut).min(text.len());
                while !text.is_char_boundary(end) {
                    end += 1;
                }
                format!("{}{}{}", &text[..at], insert, &text[end..])
            })
    }

    /// Documents agree with serde_json (which keeps the last of duplicate members, so the
    /// generators make none): same acceptance, same value, same RFC 8785 bytes, and errors
    /// at serde_json's position.
    fn check(text: &str) -> Result<(), TestCaseError> {
        let reference = serde_json::from_str::<Value>(text);
        let parsed = Document::from_str(text);
        match (&reference, &parsed) {
            (Ok(expected), Ok(doc)) => {
                let from_tree = doc.root().to_value();
                prop_assert_eq!(&from_tree, expected);
                prop_assert_eq!(from_tree.to_string(), expected.to_string());
                prop_assert_eq!(doc.value(), expected);
                prop_assert_eq!(doc.value().to_string(), expected.to_string());
                let jcs_value = jcs::canonicalize(expected);
                let jcs_tree = jcs::canonicalize_document(doc);
                prop_assert_eq!(jcs_tree, jcs_value);
            }
            (Err(e), Err(ParseError::Syntax { line, column, .. })) => {
                prop_assert_eq!((*line, *column), (e.line(), e.column()), "{}", e);
            }
            (Err(_), Err(ParseError::DuplicateKey { .. })) => {}
            _ => prop_assert!(
                false,
                "serde_json {:?} but Document {:?}",
                reference.as_ref().map(|_| ()),
                parsed.as_ref().map(|_| ())
            ),
        }
        Ok(())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(512))]

        #[test]
        fn tree_agrees_with_serde_json(text in json_text()) {
            check(&text)?;
        }

        #[test]
        fn tree_agrees_with_serde_json_on_corrupted_text(text in corrupted()) {
            check(&text)?;
        }
    }

    #[test]
    fn escaped_names_are_duplicates_of_plain_ones() {
        for text in [
            r#"{"a": 1, "\u0061": 2}"#,
            r#"{"é": 1, "\u00e9": 2}"#,
            r#"{"😀": 1, "\ud83d\ude00": 2}"#,
        ] {
            let err = Document::from_str(text).unwrap_err();
            assert!(
                matches!(err, ParseError::DuplicateKey { line: 1, .. }),
                "{text}: {err:?}"
            );
        }
        // Many members (the sorted duplicate check) and a late duplicate.
        let mut text = String::from("{");
        for i in 0..100 {
            text.push_str(&format!("\"k{i}\": {i},\n"));
        }
        text.push_str("\"k\\u0035\": 0}");
        let err = Document::from_str(&text).unwrap_err();
        assert!(
            matches!(err, ParseError::DuplicateKey { ref key, line: 101, .. } if key == "k5"),
            "{err:?}"
        );
        text.truncate(text.rfind('"').unwrap_or(0));
        assert!(Document::from_str(&format!("{text}k100\": 0}}")).is_ok());
    }

    #[test]
    fn errors_keep_their_kind_and_position() {
        let deep = format!("{}{}", "[".repeat(101), "]".repeat(101));
        assert_eq!(
            Document::from_str(&deep).unwrap_err(),
            ParseError::TooDeep {
                limit: 100,
                line: 1,
                column: 101
            }
        );
        assert!(Document::from_str(&format!("{}{}", "[".repeat(100), "]".repeat(100))).is_ok());
        // A syntax error before the depth limit: the depth is still what is reported.
        let both = format!("{{\"a\" 1, \"b\": {}{}}}", "[".repeat(101), "]".repeat(101));
        assert!(matches!(
            Document::from_str(&both).unwrap_err(),
            ParseError::TooDeep { limit: 100, .. }
        ));
        let limited = ParseLimits::default().max_depth(2);
        assert!(Document::from_str_with("[[1]]", limited).is_ok());
        assert!(matches!(
            Document::from_str_with("[[[1]]]", limited).unwrap_err(),
            ParseError::TooDeep {
                limit: 2,
                line: 1,
                column: 3
            }
        ));
        let cases: [(&str, &str, usize, usize); 8] = [
            ("[1] x", "trailing characters", 1, 5),
            ("{\"a\":\n 01}", "invalid number", 2, 3),
            ("\"\\uDC00\"", "lone leading surrogate in hex escape", 1, 7),
            ("\"\\uD800x\"", "unexpected end of hex escape", 1, 8),
            (
                "\"a\u{1}\"",
                "control character (\\u0000-\\u001F) found while parsing a string",
                1,
                3,
            ),
            ("[1,]", "trailing comma", 1, 4),
            ("[1e400]", "number out of range", 1, 6),
            ("", "EOF while parsing a value", 1, 0),
        ];
        for (text, reason, line, column) in cases {
            let err = Document::from_str(text).unwrap_err();
            assert_eq!(
                err,
                ParseError::Syntax {
                    reason: reason.to_owned(),
                    line,
                    column
                },
                "{text:?}"
            );
        }
        assert_eq!(
            Document::from_slice(b"[\"\xc3\"]").unwrap_err(),
            ParseError::InvalidUtf8 {
                offset: 2,
                line: 1,
                column: 3
            }
        );
        assert_eq!(
            Document::from_str_with("[1, 2]", ParseLimits::with_max_bytes(5)).unwrap_err(),
            ParseError::TooLarge { size: 6, limit: 5 }
        );
    }

    #[test]
    fn nodes_read_the_document() {
        let doc = Document::from_str(
            r#"{"a": [1, -0, 2.50, "x\ty"], "b": {"c": null, "d": true}, "e": "plain"}"#,
        )
        .unwrap();
        let root = doc.root();
        assert_eq!(root.kind(), NodeKind::Object);
        assert_eq!(root.len(), 3);
        let a = root.get("a").unwrap();
        let texts: Vec<_> = a.items().filter_map(|n| n.number_text()).collect();
        assert_eq!(texts, ["1", "-0", "2.50"]);
        assert_eq!(a.items().nth(3).and_then(|n| n.as_str()), Some("x\ty"));
        assert_eq!(
            a.items()
                .nth(2)
                .and_then(|n| n.as_number())
                .and_then(|n| n.as_f64()),
            Some(2.5)
        );
        let b = root.get("b").unwrap();
        assert!(b.get("c").unwrap().is_null());
        assert_eq!(b.get("d").and_then(|d| d.as_bool()), Some(true));
        assert_eq!(root.get("e").and_then(|e| e.as_str()), Some("plain"));
        assert!(root.get("z").is_none());
        assert!(a.get("a").is_none() && root.items().next().is_none());
        // A node maps into the document's value.
        assert!(std::ptr::eq(
            b.get("d").unwrap().value(),
            &doc.value()["b"]["d"]
        ));
        assert_eq!(a.items().nth(3).unwrap().value(), "x\ty");
        // from_value documents have a tree too.
        let wrapped = Document::from_value(doc.value().clone());
        assert_eq!(wrapped.root().to_value(), *doc.value());
        assert_eq!(
            jcs::canonicalize_document(&wrapped).unwrap(),
            jcs::canonicalize(doc.value()).unwrap()
        );
    }

    #[test]
    fn fixtures_canonicalize_the_same_from_the_tree() {
        for file in super::all_json() {
            let doc = Document::from_slice(&std::fs::read(&file).unwrap()).unwrap();
            assert_eq!(
                jcs::canonicalize_document(&doc).unwrap(),
                jcs::canonicalize(doc.value()).unwrap(),
                "{}",
                file.display()
            );
        }
    }
}

/// Verifying through the tree gives what verifying the value gives.
mod proofs {
    use std::path::PathBuf;

    use openbadges::Document;
    use openbadges::proof::{
        self, Canonicalizer, JcsCanonicalizer, ProofOutcome, RdfcCanonicalizer, VerifyOptions,
    };
    use openbadges::resolve::Resolver;

    use crate::support::{data, root};

    fn summary(outcome: &ProofOutcome) -> Vec<String> {
        let mut lines: Vec<String> = outcome
            .report()
            .findings()
            .iter()
            .map(|f| format!("{} {} {}", f.code, f.path, f.message))
            .collect();
        for check in &outcome.checks {
            lines.push(format!(
                "{} {:?} {:?} {:?} {:?}",
                check.path,
                check.cryptosuite,
                check.hash_data,
                check.canonical_config,
                check.canonical_document
            ));
        }
        lines.push(format!("valid {}", outcome.is_valid()));
        lines
    }

    fn files() -> Vec<PathBuf> {
        let mut files = Vec::new();
        for dir in [data().join("bench"), root().join("fixtures/valid")] {
            for entry in std::fs::read_dir(&dir).unwrap() {
                let path = entry.unwrap().path();
                if path.extension().is_some_and(|e| e == "json") {
                    files.push(path);
                }
            }
        }
        files.sort();
        files
    }

    #[test]
    fn document_entry_matches_value_entry() {
        let resolver = Resolver::offline();
        let options = VerifyOptions::default().keep_intermediates(true);
        let rdfc = RdfcCanonicalizer::new();
        let canonicalizers: [&dyn Canonicalizer; 2] = [&JcsCanonicalizer, &rdfc];
        let mut jcs_valid = 0;
        let mut rdfc_valid = 0;
        for file in files() {
            let doc = Document::from_slice(&std::fs::read(&file).unwrap()).unwrap();
            for (i, canonicalizer) in canonicalizers.iter().enumerate() {
                let tree = proof::verify_document_proofs(&doc, &resolver, *canonicalizer, &options);
                let value = proof::verify_proofs(doc.value(), &resolver, *canonicalizer, &options);
                assert_eq!(summary(&tree), summary(&value), "{}", file.display());
                if tree.is_valid() {
                    if i == 0 {
                        jcs_valid += 1
                    } else {
                        rdfc_valid += 1
                    }
                }
            }
        }
        assert!(jcs_valid >= 1, "no JCS-signed file verified");
        assert!(rdfc_valid > jcs_valid, "too few files verified with RDFC");
    }

    #[test]
    fn jcs_verification_reads_only_the_tree() {
        let text =
            std::fs::read_to_string(data().join("bench/ob-rich.eddsa-jcs-2022.json")).unwrap();
        let doc = Document::from_str(&text).unwrap();
        let outcome = proof::verify_document_proofs(
            &doc,
            &Resolver::offline(),
            &JcsCanonicalizer,
            &VerifyOptions::default(),
        );
        assert!(outcome.is_valid(), "{:?}", outcome.report());
        // A changed member name breaks the signature through the tree as well.
        let changed = text.replacen("\"type\"", "\"typE\"", 1);
        let doc = Document::from_str(&changed).unwrap();
        let outcome = proof::verify_document_proofs(
            &doc,
            &Resolver::offline(),
            &JcsCanonicalizer,
            &VerifyOptions::default(),
        );
        assert!(!outcome.is_valid());
        // Non-object documents.
        let outcome = proof::verify_document_proofs(
            &Document::from_str("[1]").unwrap(),
            &Resolver::offline(),
            &JcsCanonicalizer,
            &VerifyOptions::default(),
        );
        assert_eq!(outcome.findings[0].code, "proof.malformed");
    }
}

/// `from_path` reads a file byte for byte; its errors name the file, and a file past the
/// size limit is refused before it is read.
#[test]
fn from_path_and_from_reader_name_the_file_and_keep_the_limits() {
    use openbadges::document::{ParseError, ParseLimits, ReadError};

    let path = crate::support::root().join("fixtures/valid/own-achievement-credential.json");
    let text = std::fs::read_to_string(&path).expect("fixture");
    let doc = Document::from_path(&path).expect("parses");
    assert_eq!(doc.as_str(), text);
    let from_reader =
        Document::from_reader(std::fs::File::open(&path).expect("open")).expect("parses");
    assert_eq!(from_reader, doc);

    let small = ParseLimits::with_max_bytes(100);
    let err = Document::from_path_with(&path, small).unwrap_err();
    assert_eq!(err.path(), Some(path.as_path()));
    assert_eq!(
        err.parse_error(),
        Some(&ParseError::TooLarge {
            size: text.len(),
            limit: 100
        })
    );
    assert!(
        err.to_string().starts_with(&path.display().to_string()),
        "{err}"
    );

    let missing = path.with_file_name("no-such-file.json");
    let err = Document::from_path(&missing).unwrap_err();
    assert!(
        matches!(&err, ReadError::Io { source, .. } if source.kind() == std::io::ErrorKind::NotFound)
    );
    assert!(
        err.to_string().contains("no-such-file.json: cannot read"),
        "{err}"
    );

    let err = Document::from_reader(&b"{\"a\": 1,\n \"a\": 2}"[..]).unwrap_err();
    assert_eq!(err.path(), None);
    assert_eq!(
        err.to_string(),
        "input: duplicate member \"a\" at line 2, column 4"
    );
    // Converts into the umbrella error.
    let umbrella: openbadges::Error = err.into();
    assert!(umbrella.to_string().starts_with("input: duplicate member"));
}
