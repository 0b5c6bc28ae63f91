//! Integration tests: RFC 8785 JCS against the author's vectors, plus properties.

use std::fs;

use openbadges::jcs;
use proptest::prelude::*;
use serde_json::{Map, Value};

use crate::support::data;

#[test]
fn rfc8785_vectors_are_byte_identical() {
    let dir = data().join("vectors").join("jcs-rfc8785");
    let mut names: Vec<_> = fs::read_dir(dir.join("input"))
        .expect("jcs-rfc8785/input exists")
        .map(|e| e.expect("dir entry").file_name())
        .collect();
    names.sort();
    assert_eq!(names.len(), 6, "the six RFC 8785 vectors: {names:?}");
    let mut failures = Vec::new();
    for name in &names {
        let input = fs::read(dir.join("input").join(name)).expect("input readable");
        let expected = fs::read(dir.join("output").join(name)).expect("output readable");
        let value: Value = serde_json::from_slice(&input).expect("input is JSON");
        let got = jcs::canonicalize_to_vec(&value).expect("canonicalizes");
        if got != expected {
            failures.push(format!(
                "{}:\n got      {}\n expected {}",
                name.to_string_lossy(),
                String::from_utf8_lossy(&got),
                String::from_utf8_lossy(&expected)
            ));
        }
        // outhex holds the same bytes in hex.
        let hex = fs::read_to_string(dir.join("outhex").join(name).with_extension("txt"))
            .expect("outhex readable");
        let from_hex: Vec<u8> = hex
            .split_whitespace()
            .map(|h| u8::from_str_radix(h, 16).expect("hex byte"))
            .collect();
        assert_eq!(from_hex, expected, "{name:?}: outhex and output agree");
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

fn arb_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<f64>()
            .prop_filter("finite", |f| f.is_finite())
            .prop_map(Value::from),
        "\\PC{0,8}".prop_map(Value::String),
        any::<String>().prop_map(Value::String),
    ];
    leaf.prop_recursive(4, 48, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::vec((any::<String>(), inner), 0..6)
                .prop_map(|members| Value::Object(members.into_iter().collect::<Map<_, _>>())),
        ]
    })
}

/// Equality where numbers compare as the doubles JCS writes.
fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x.as_f64() == y.as_f64(),
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(p, q)| same(p, q))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len() && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| same(v, w)))
        }
        _ => a == b,
    }
}

fn reversed(value: &Value) -> Value {
    match value {
        Value::Array(items) => Value::Array(items.iter().map(reversed).collect()),
        Value::Object(map) => Value::Object(
            map.iter()
                .rev()
                .map(|(k, v)| (k.clone(), reversed(v)))
                .collect(),
        ),
        other => other.clone(),
    }
}

proptest! {
    #[test]
    fn output_parses_back_to_an_equal_value(value in arb_json()) {
        let text = jcs::canonicalize(&value).expect("canonicalizes");
        let back: Value = serde_json::from_str(&text).expect("output is JSON");
        prop_assert!(same(&value, &back), "{value} -> {text}");
    }

    #[test]
    fn canonicalizing_twice_is_idempotent(value in arb_json()) {
        let once = jcs::canonicalize(&value).expect("canonicalizes");
        let back: Value = serde_json::from_str(&once).expect("output is JSON");
        let twice = jcs::canonicalize(&back).expect("canonicalizes");
        prop_assert_eq!(once, twice);
    }

    #[test]
    fn member_order_does_not_matter(value in arb_json()) {
        prop_assert_eq!(
            jcs::canonicalize(&value).expect("canonicalizes"),
            jcs::canonicalize(&reversed(&value)).expect("canonicalizes")
        );
    }

    #[test]
    fn numbers_round_trip_to_the_same_double(f in any::<f64>().prop_filter("finite", |f| f.is_finite())) {
        let mut out = String::new();
        jcs::write_number(&mut out, f);
        let back: f64 = out.parse().expect("parses as f64");
        prop_assert_eq!(back, f, "{}", out);
    }
}

#[test]
fn rfc8785_vectors_from_the_document_tree() {
    let dir = data().join("vectors").join("jcs-rfc8785");
    let mut count = 0;
    for entry in fs::read_dir(dir.join("input")).expect("jcs-rfc8785/input exists") {
        let name = entry.expect("dir entry").file_name();
        let input = fs::read(dir.join("input").join(&name)).expect("input readable");
        let expected = fs::read(dir.join("output").join(&name)).expect("output readable");
        let doc = openbadges::Document::from_slice(&input).expect("input parses");
        let got = jcs::canonicalize_document(&doc).expect("canonicalizes");
        assert_eq!(got.as_bytes(), &expected[..], "{}", name.to_string_lossy());
        count += 1;
    }
    assert_eq!(count, 6);
}

proptest! {
    /// RFC 8785 from a parsed document's tree equals RFC 8785 of its value, whatever the
    /// text's spelling (pretty-printed, escaped as serde_json escapes).
    #[test]
    fn tree_and_value_canonicalize_alike(value in arb_json()) {
        for text in [value.to_string(), serde_json::to_string_pretty(&value).unwrap_or_default()] {
            let doc = openbadges::Document::from_str(&text).expect("serde_json output parses");
            prop_assert_eq!(
                jcs::canonicalize_document(&doc).expect("canonical"),
                jcs::canonicalize(doc.value()).expect("canonical")
            );
        }
    }
}
