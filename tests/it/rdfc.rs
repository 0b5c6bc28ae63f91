//! Integration tests: the W3C RDFC-1.0 test suite, N-Quads round trips, and properties of
//! the canonical form.

use std::collections::BTreeMap;
use std::fs;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use openbadges::rdf::canon::{self, CanonError, CanonOptions, HashAlgorithm};
use openbadges::rdf::{Dataset, Quad, QuadSink, Term, nquads};
use proptest::prelude::*;
use serde_json::Value;

use crate::support::data;

fn suite_dir() -> PathBuf {
    data().join("vectors").join("rdf-canon")
}

fn read(path: &PathBuf) -> String {
    fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Runs one manifest entry; `Err` describes the failure.
fn run_entry(entry: &Value) -> Result<(), String> {
    let dir = suite_dir();
    let kind = entry["type"].as_str().unwrap_or_default();
    let action = entry["action"].as_str().ok_or("no action")?;
    let input = read(&dir.join(action));
    let quads = nquads::parse(&input).map_err(|e| format!("input does not parse: {e}"))?;
    let hash = match entry["hashAlgorithm"].as_str() {
        Some("SHA384") => HashAlgorithm::Sha384,
        None | Some("SHA256") => HashAlgorithm::Sha256,
        Some(other) => return Err(format!("unknown hash algorithm {other}")),
    };
    let options = CanonOptions::new().with_hash(hash);
    let result = canon::canonicalize(&quads, &options);
    match kind {
        "rdfc:RDFC10EvalTest" => {
            let canonical = result.map_err(|e| format!("error: {e}"))?;
            let expected = read(&dir.join(entry["result"].as_str().ok_or("no result")?));
            if canonical.nquads() != expected {
                return Err(format!(
                    "output differs\n--- got\n{}--- expected\n{}",
                    canonical.nquads(),
                    expected
                ));
            }
            Ok(())
        }
        "rdfc:RDFC10MapTest" => {
            let canonical = result.map_err(|e| format!("error: {e}"))?;
            let expected: BTreeMap<String, String> = serde_json::from_str(&read(
                &dir.join(entry["result"].as_str().ok_or("no result")?),
            ))
            .map_err(|e| format!("bad map file: {e}"))?;
            let got = canonical.issued_map();
            if got != expected {
                return Err(format!("map differs: got {got:?}, expected {expected:?}"));
            }
            Ok(())
        }
        "rdfc:RDFC10NegativeEvalTest" => match result {
            Err(CanonError::WorkLimitExceeded { .. } | CanonError::DepthLimitExceeded { .. }) => {
                Ok(())
            }
            Err(other) => Err(format!("unexpected error kind: {other}")),
            Ok(_) => Err("expected an error, canonicalization succeeded".into()),
        },
        other => Err(format!("unknown test type {other}")),
    }
}

#[test]
fn w3c_rdfc10_suite_passes_entirely() {
    let manifest: Value =
        serde_json::from_str(&read(&suite_dir().join("manifest.jsonld"))).expect("manifest");
    let entries = manifest["entries"].as_array().expect("entries");
    assert_eq!(entries.len(), 86, "the suite has 86 tests");
    let mut failures = Vec::new();
    let mut counts = BTreeMap::new();
    for entry in entries {
        let id = entry["id"].as_str().unwrap_or("?");
        *counts
            .entry(entry["type"].as_str().unwrap_or("?").to_string())
            .or_insert(0) += 1;
        let started = Instant::now();
        let outcome = run_entry(entry);
        let took = started.elapsed();
        if let Err(why) = outcome {
            failures.push(format!("{id} ({}): {why}", entry["name"]));
        } else if took > Duration::from_secs(2) {
            failures.push(format!("{id}: took {took:?}"));
        }
    }
    assert_eq!(counts["rdfc:RDFC10EvalTest"], 64);
    assert_eq!(counts["rdfc:RDFC10MapTest"], 21);
    assert_eq!(counts["rdfc:RDFC10NegativeEvalTest"], 1);
    assert!(
        failures.is_empty(),
        "{} of 86 failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn clique_aborts_quickly_with_work_limit_error() {
    let quads = nquads::parse(&read(&suite_dir().join("rdfc10/test074-in.nq"))).expect("parses");
    let started = Instant::now();
    let err = canon::canonicalize(&quads, &CanonOptions::default()).expect_err("poison");
    eprintln!("test074 aborted after {:?}", started.elapsed());
    // Milliseconds in release; generous here for unoptimized builds on a loaded machine.
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(
        err,
        CanonError::WorkLimitExceeded {
            limit: canon::DEFAULT_WORK_LIMIT,
            blank_nodes: 10
        }
    );
    assert!(err.to_string().contains("work limit"));
}

#[test]
fn suite_inputs_round_trip_through_the_parser() {
    // Parsing then writing canonical output, then parsing that again, is stable.
    let dir = suite_dir().join("rdfc10");
    let mut checked = 0;
    for entry in fs::read_dir(&dir).expect("rdfc10 dir") {
        let path = entry.expect("entry").path();
        if path.extension().and_then(|e| e.to_str()) != Some("nq") {
            continue;
        }
        let text = read(&path);
        let quads = nquads::parse(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let written = nquads::to_nquads(&quads);
        let again = nquads::parse(&written).expect("own output parses");
        assert_eq!(quads, again, "{}", path.display());
        checked += 1;
    }
    assert!(checked > 100, "checked {checked} files");
}

#[test]
fn duplicate_quads_count_once() {
    let one = "_:a <http://ex/p> _:b .\n_:b <http://ex/q> \"x\" .\n";
    let twice = format!("{one}{one}_:a <http://ex/p> _:b .\n");
    let q1 = nquads::parse(one).expect("parses");
    let q2 = nquads::parse(&twice).expect("parses");
    let c1 = canon::canonicalize(&q1, &CanonOptions::default()).expect("canon");
    let c2 = canon::canonicalize(&q2, &CanonOptions::default()).expect("canon");
    assert_eq!(c1.nquads(), c2.nquads());
    assert_eq!(c2.len(), 2);
    assert_eq!(c1.issued_map(), c2.issued_map());
}

#[test]
fn canonical_accessors_agree() {
    let text = "_:x <http://ex/knows> _:y <http://ex/g> .\n_:y <http://ex/name> \"Bo\"@en .\n<http://ex/s> <http://ex/p> \"1\"^^<http://www.w3.org/2001/XMLSchema#integer> .\n";
    let quads = nquads::parse(text).expect("parses");
    let canonical = canon::canonicalize(&quads, &CanonOptions::default()).expect("canon");
    let relabelled = canonical.quads();
    assert_eq!(nquads::to_nquads(&relabelled), canonical.nquads());
    assert_eq!(canonical.lines().count(), 3);
    let issued = canonical.issued();
    assert_eq!(issued.len(), 2);
    for (label, c14n) in &issued {
        assert_eq!(
            canonical.canonical_label(label).as_deref(),
            Some(c14n.as_str())
        );
    }
    assert_eq!(canonical.canonical_label("nope"), None);
    assert_eq!(
        canon::canonical_nquads(&quads).expect("canon"),
        canonical.nquads()
    );
}

#[test]
fn sha384_changes_only_n_degree_choices_not_format() {
    let quads = nquads::parse(&read(&suite_dir().join("rdfc10/test075-in.nq"))).expect("parses");
    let with = |hash| {
        canon::canonicalize(&quads, &CanonOptions::new().with_hash(hash))
            .expect("canon")
            .into_nquads()
    };
    let a = with(HashAlgorithm::Sha256);
    let b = with(HashAlgorithm::Sha384);
    assert_eq!(a.lines().count(), b.lines().count());
}

#[test]
fn limits_are_enforced() {
    let quads =
        nquads::parse("_:a <http://ex/p> _:b .\n_:b <http://ex/p> _:a .\n").expect("parses");
    assert_eq!(
        canon::canonicalize(&quads, &CanonOptions::new().with_max_quads(1)).map(|c| c.len()),
        Err(CanonError::TooManyQuads { count: 2, limit: 1 })
    );
    assert!(matches!(
        canon::canonicalize(&quads, &CanonOptions::new().with_work_limit(1)),
        Err(CanonError::WorkLimitExceeded {
            limit: 1,
            blank_nodes: 2
        })
    ));
    // A long chain of indistinguishable blank nodes recurses deep.
    let mut chain = String::new();
    for i in 0..400 {
        chain.push_str(&format!("_:n{i} <http://ex/next> _:n{} .\n", i + 1));
    }
    chain.push_str("_:n400 <http://ex/next> _:n0 .\n");
    let quads = nquads::parse(&chain).expect("parses");
    let err = canon::canonicalize(&quads, &CanonOptions::new().with_work_limit(u64::MAX))
        .expect_err("too deep");
    assert!(
        matches!(
            err,
            CanonError::DepthLimitExceeded {
                limit: canon::DEFAULT_MAX_DEPTH,
                ..
            }
        ),
        "{err}"
    );
}

#[test]
fn dataset_entry_agrees_with_the_quads_entry_on_the_suite() {
    // Every eval and map test of the W3C suite, through a Dataset filled as a QuadSink.
    let manifest: Value =
        serde_json::from_str(&read(&suite_dir().join("manifest.jsonld"))).expect("manifest");
    let mut checked = 0;
    for entry in manifest["entries"].as_array().expect("entries") {
        if entry["type"] == "rdfc:RDFC10NegativeEvalTest" {
            continue;
        }
        let action = entry["action"].as_str().expect("action");
        let quads = nquads::parse(&read(&suite_dir().join(action))).expect("parses");
        let hash = if entry["hashAlgorithm"] == "SHA384" {
            HashAlgorithm::Sha384
        } else {
            HashAlgorithm::Sha256
        };
        let options = CanonOptions::new().with_hash(hash);
        let mut dataset = Dataset::new();
        for q in &quads {
            dataset.push_quad(
                q.subject.as_ref(),
                q.predicate.as_ref(),
                q.object.as_ref(),
                q.graph.as_ref().map(Term::as_ref),
            );
        }
        let a = canon::canonicalize(&quads, &options).expect("canon");
        let b = canon::canonicalize_dataset(&dataset, &options).expect("canon");
        assert_eq!(a.nquads(), b.nquads(), "{action}");
        assert_eq!(a.issued(), b.issued(), "{action}");
        assert_eq!(a.quads(), b.quads(), "{action}");
        checked += 1;
    }
    assert_eq!(checked, 85);
}

#[test]
fn dataset_limits_and_errors_match_the_quads_entry() {
    let quads = nquads::parse(
        "_:a <http://ex/p> _:b .\n_:b <http://ex/p> _:a .\n_:a <http://ex/p> _:b .\n",
    )
    .expect("parses");
    let dataset = Dataset::from_quads(&quads);
    assert_eq!(dataset.len(), 2);
    // The dataset counts distinct quads; the quads entry counts what it is given.
    assert_eq!(
        canon::canonicalize_dataset(&dataset, &CanonOptions::new().with_max_quads(1))
            .map(|c| c.len()),
        Err(CanonError::TooManyQuads { count: 2, limit: 1 })
    );
    assert_eq!(
        canon::canonicalize(&quads, &CanonOptions::new().with_max_quads(2)).map(|c| c.len()),
        Err(CanonError::TooManyQuads { count: 3, limit: 2 })
    );
    assert!(matches!(
        canon::canonicalize_dataset(&dataset, &CanonOptions::new().with_work_limit(1)),
        Err(CanonError::WorkLimitExceeded {
            limit: 1,
            blank_nodes: 2
        })
    ));
    let empty = Dataset::new();
    let canonical = canon::canonicalize_dataset(&empty, &CanonOptions::new()).expect("canon");
    assert!(canonical.is_empty());
    assert_eq!(canonical.nquads(), "");
}

#[test]
fn blank_predicates_of_generalized_rdf_keep_their_label() {
    // A blank node in predicate position is not relabelled (RDFC-1.0 relabels subjects,
    // objects and graph names), even when the same label is also a subject.
    let quads = vec![
        Quad::new(Term::blank("p"), Term::blank("p"), Term::string("x")),
        Quad::new(Term::iri("http://ex/s"), Term::blank("p"), Term::blank("p")),
    ];
    let canonical = canon::canonicalize(&quads, &CanonOptions::new()).expect("canon");
    assert_eq!(
        canonical.nquads(),
        "<http://ex/s> _:p _:c14n0 .\n_:c14n0 _:p \"x\" .\n"
    );
    assert_eq!(nquads::to_nquads(&canonical.quads()), canonical.nquads());
}

#[test]
fn canonical_lines_sort_as_bytes_past_ten_labels_and_shared_prefixes() {
    // Twelve blank nodes in a chain (`_:c14n1` sorts before `_:c14n10`), subjects and
    // objects that are prefixes of one another, a space and a control character inside
    // IRIs (generalized input), non-ASCII text.
    let mut quads = Vec::new();
    for i in 0..12 {
        quads.push(Quad::new(
            Term::blank(format!("n{i}")),
            Term::iri("http://ex.org/next"),
            Term::blank(format!("n{}", i + 1)),
        ));
        quads.push(Quad::new(
            Term::blank(format!("n{i}")),
            Term::iri("http://ex.org/v"),
            Term::string("x".repeat(i)),
        ));
    }
    let subjects = [
        "http://ex.org/a",
        "http://ex.org/a/b",
        "http://ex.org/a b",
        "http://ex.org/a\u{1}",
        "http://ex.org/é",
    ];
    for subject in subjects {
        for object in [
            Term::string("v"),
            Term::lang_string("v", "en"),
            Term::typed("v", "http://ex.org/t"),
        ] {
            quads.push(Quad::new(
                Term::iri(subject),
                Term::iri("http://ex.org/p"),
                object,
            ));
        }
    }
    let canonical = canon::canonicalize(&quads, &CanonOptions::new()).expect("canon");
    let lines: Vec<&str> = canonical.lines().collect();
    assert_eq!(lines.len(), quads.len());
    let mut sorted = lines.clone();
    sorted.sort_by(|a, b| a.as_bytes().cmp(b.as_bytes()));
    assert_eq!(lines, sorted);
    assert!(lines.iter().any(|l| l.starts_with("_:c14n10 ")));
    assert_eq!(nquads::to_nquads(&canonical.quads()), canonical.nquads());
}

#[test]
fn a_presized_dataset_dedups_and_caps_its_hint() {
    let mut dataset = Dataset::with_capacity(120, 7000);
    let quads =
        nquads::parse("<http://ex.org/s> <http://ex.org/p> \"o\" .\n_:b <http://ex.org/p> _:c .\n")
            .expect("N-Quads");
    dataset.extend(&quads);
    dataset.extend(&quads);
    assert_eq!(dataset.to_quads(), quads);
    assert_eq!(dataset.nquads_len(), dataset.to_nquads().len());
    // A huge hint is capped rather than reserved.
    assert!(Dataset::with_capacity(usize::MAX, usize::MAX).is_empty());
}

fn arb_iri() -> impl Strategy<Value = Term> {
    "[a-c]{1,2}".prop_map(|s| Term::iri(format!("http://ex.org/{s}")))
}

fn arb_object() -> impl Strategy<Value = Term> {
    prop_oneof![
        arb_iri(),
        (0u8..6).prop_map(|n| Term::blank(format!("b{n}"))),
        any::<String>().prop_map(Term::string),
        ("\\PC{0,4}", "[a-z]{2}(-[A-Z]{2})?").prop_map(|(v, l)| Term::lang_string(v, l)),
        ("[0-9]{1,3}").prop_map(|v| Term::typed(v, "http://www.w3.org/2001/XMLSchema#integer")),
    ]
}

fn arb_quad() -> impl Strategy<Value = Quad> {
    let subject = prop_oneof![
        arb_iri(),
        (0u8..6).prop_map(|n| Term::blank(format!("b{n}")))
    ];
    let graph = prop_oneof![
        3 => Just(None),
        1 => arb_iri().prop_map(Some),
        1 => (0u8..6).prop_map(|n| Some(Term::blank(format!("b{n}")))),
    ];
    (subject, arb_iri(), arb_object(), graph).prop_map(|(subject, predicate, object, graph)| Quad {
        subject,
        predicate,
        object,
        graph,
    })
}

/// Renames every blank node `bN` to `r{perm(N)}`.
fn rename(quads: &[Quad], shift: u8) -> Vec<Quad> {
    let map = |t: &Term| match t {
        Term::Blank(l) => {
            let n: u8 = l[1..].parse().unwrap_or(0);
            Term::blank(format!("r{}", (n + shift) % 6))
        }
        other => other.clone(),
    };
    quads
        .iter()
        .map(|q| Quad {
            subject: map(&q.subject),
            predicate: q.predicate.clone(),
            object: map(&q.object),
            graph: q.graph.as_ref().map(map),
        })
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    #[test]
    fn parser_never_panics_and_positions_are_in_range(
        text in "([<>_:\\\\\"@^.# \t\n\rabuU0-9A-F-]|\\PC){0,60}"
    ) {
        match nquads::parse(&text) {
            Ok(quads) => {
                // Whatever parses writes back and parses to the same quads.
                let again = nquads::parse(&nquads::to_nquads(&quads)).expect("own output parses");
                prop_assert_eq!(again, quads);
            }
            Err(e) => {
                let message = e.to_string();
                prop_assert!(message.starts_with("line "), "{}", message);
            }
        }
    }

    #[test]
    fn nquads_write_then_parse_round_trips(quads in prop::collection::vec(arb_quad(), 0..8)) {
        let text = nquads::to_nquads(&quads);
        prop_assert_eq!(nquads::parse(&text).expect("parses"), quads);
    }

    #[test]
    fn canonical_form_ignores_order_and_labels(
        quads in prop::collection::vec(arb_quad(), 0..10),
        shift in 0u8..6,
    ) {
        let options = CanonOptions::new().with_work_limit(1_000_000);
        let Ok(a) = canon::canonicalize(&quads, &options) else { return Ok(()); };
        let mut shuffled = rename(&quads, shift);
        shuffled.reverse();
        let b = canon::canonicalize(&shuffled, &options).expect("same work as the original");
        prop_assert_eq!(a.nquads(), b.nquads());
        // Canonicalizing the canonical form changes nothing.
        let again = nquads::parse(a.nquads()).expect("parses");
        let c = canon::canonicalize(&again, &options).expect("canon");
        prop_assert_eq!(a.nquads(), c.nquads());
    }

    #[test]
    fn dataset_round_trips_terms_and_drops_repeats(
        quads in prop::collection::vec(arb_quad(), 0..12),
        repeat in prop::collection::vec(any::<prop::sample::Index>(), 0..6),
    ) {
        let mut input = quads.clone();
        if !quads.is_empty() {
            input.extend(repeat.iter().map(|i| quads[i.index(quads.len())].clone()));
        }
        let mut dataset = Dataset::new();
        for q in &input {
            dataset.push_quad(
                q.subject.as_ref(),
                q.predicate.as_ref(),
                q.object.as_ref(),
                q.graph.as_ref().map(Term::as_ref),
            );
        }
        // The distinct quads, first occurrences in input order.
        let mut distinct: Vec<Quad> = Vec::new();
        for q in &quads {
            if !distinct.contains(q) {
                distinct.push(q.clone());
            }
        }
        prop_assert_eq!(dataset.len(), distinct.len());
        prop_assert_eq!(dataset.to_quads(), distinct.clone());
        prop_assert_eq!(dataset.to_nquads(), nquads::to_nquads(&distinct));
        prop_assert_eq!(dataset.nquads_len(), dataset.to_nquads().len());
        prop_assert_eq!(Dataset::from_quads(&input).to_quads(), distinct);
    }

    #[test]
    fn canonical_lines_are_the_input_set_relabelled(
        quads in prop::collection::vec(arb_quad(), 0..12),
    ) {
        let options = CanonOptions::new().with_work_limit(1_000_000);
        let Ok(canonical) = canon::canonicalize(&quads, &options) else { return Ok(()); };
        // Undo the relabelling through the issued map: the input's distinct lines, sorted.
        let back: BTreeMap<String, String> =
            canonical.issued().into_iter().map(|(l, c)| (c, l.to_string())).collect();
        let unmap = |t: Term| match t {
            Term::Blank(c) => Term::Blank(back.get(&c).cloned().unwrap_or(c)),
            other => other,
        };
        let mut got: Vec<String> = canonical
            .quads()
            .into_iter()
            .map(|q| nquads::to_nquads(&[Quad {
                subject: unmap(q.subject),
                predicate: q.predicate,
                object: unmap(q.object),
                graph: q.graph.map(unmap),
            }]))
            .collect();
        got.sort();
        let mut want: Vec<String> =
            quads.iter().map(|q| nquads::to_nquads(std::slice::from_ref(q))).collect();
        want.sort();
        want.dedup();
        prop_assert_eq!(got, want);
        // Lines are sorted and distinct, and quads() writes them.
        let lines: Vec<&str> = canonical.lines().collect();
        prop_assert!(lines.windows(2).all(|w| w[0] < w[1]));
        prop_assert_eq!(nquads::to_nquads(&canonical.quads()), canonical.nquads());
        // Issued labels are c14n0.. in issue order, one per blank node.
        for (i, (label, c14n)) in canonical.issued().iter().enumerate() {
            prop_assert_eq!(c14n, &format!("c14n{i}"));
            prop_assert_eq!(canonical.canonical_label(label), Some(c14n.clone()));
        }
    }

    #[test]
    fn blank_free_datasets_canonicalize_to_their_sorted_lines(
        quads in prop::collection::vec(arb_quad(), 0..12),
    ) {
        let plain: Vec<Quad> = quads
            .into_iter()
            .filter(|q| !q.subject.is_blank() && !q.object.is_blank()
                && !q.graph.as_ref().is_some_and(Term::is_blank))
            .collect();
        let mut lines: Vec<String> =
            plain.iter().map(|q| nquads::to_nquads(std::slice::from_ref(q))).collect();
        lines.sort();
        lines.dedup();
        let canonical = canon::canonical_nquads(&plain).expect("canon");
        prop_assert_eq!(canonical, lines.concat());
    }
}
