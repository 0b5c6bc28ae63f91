//! JSON-LD → RDF, and JSON-LD → RDF → RDFC-1.0 canonical N-Quads, on a rich Open Badge: our
//! engine against the `json-ld` crate, in the same run.
//!
//! `cargo bench --bench jsonld`. The fixture is `tests/data/bench/ob-rich.eddsa-rdfc-2022.json`
//! without its proof; contexts are the bundled ones plus `tests/data/bench/contexts`. The
//! `json-ld` crate has no canonicalizer: its quads are printed as N-Quads, read back and
//! canonicalized with ours (that conversion is a few µs, noise next to its expansion). Ours
//! runs the production path: quads streamed into an interned `Dataset`, RDFC-1.0 on it.
//!
//! Instruction counts (repeatable on a busy machine): build with `cargo bench --bench jsonld
//! --no-run`, then run the bench binary under callgrind with `OB_JSONLD_CALLS=expand:N` or
//! `OB_JSONLD_CALLS=canon:N` (also `sink:N` for `to_rdf_into` a counting sink, the engine
//! alone with no owned quads; `members:N` for `RdfcCanonicalizer::canonicalize_object` of the
//! credential's members read in place and `object:N` for the same after building the object
//! by cloning them, as it did before; `crate:N` for the `json-ld` crate): it warms the caches, makes
//! N calls and exits without Criterion. Run it twice (N and 2N) and divide the difference of the
//! totals by N for the per-call figure, free of the one-off setup.

use std::collections::HashMap;
use std::hint::black_box;
use std::path::PathBuf;
use std::sync::Arc;

use criterion::{Criterion, criterion_group, criterion_main};
use json_ld::syntax::{Parse, Value as LdValue};
use json_ld::{IriBuf, JsonLdProcessor, RemoteDocument as LdDocument};
use openbadges::crypto::KeyType;
use openbadges::jsonld::{BundledLoader, ChainLoader, MapLoader, Options, Processor};
use openbadges::proof::{Canonicalization, Canonicalizer, RdfcCanonicalizer};
use openbadges::rdf::canon::{CanonOptions, canonicalize_dataset};
use openbadges::rdf::{Dataset, QuadSink, TermRef};
use serde_json::Value;

/// A sink that stores nothing: counts quads and the bytes of their terms (so that the
/// terms are read).
#[derive(Default)]
struct CountingSink {
    quads: usize,
    bytes: usize,
}

fn term_len(term: TermRef<'_>) -> usize {
    match term {
        TermRef::Iri(s) | TermRef::Blank(s) => s.len(),
        TermRef::Literal {
            value,
            datatype,
            language,
        } => value.len() + datatype.len() + language.map_or(0, str::len),
    }
}

impl QuadSink for CountingSink {
    fn push_quad(
        &mut self,
        subject: TermRef<'_>,
        predicate: TermRef<'_>,
        object: TermRef<'_>,
        graph: Option<TermRef<'_>>,
    ) {
        self.quads += 1;
        self.bytes +=
            term_len(subject) + term_len(predicate) + term_len(object) + graph.map_or(0, term_len);
    }
}

fn shared() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests")
        .join("data")
}

fn bench_contexts() -> Vec<(String, String)> {
    let dir = shared().join("bench/contexts");
    let urls: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("urls.json")).expect("urls.json"))
            .expect("urls.json JSON");
    urls.as_object()
        .expect("object")
        .iter()
        .map(|(url, file)| {
            let text = std::fs::read_to_string(dir.join(file.as_str().expect("file")))
                .expect("context file");
            (url.clone(), text)
        })
        .collect()
}

fn fixture() -> Value {
    let path = shared().join("bench/ob-rich.eddsa-rdfc-2022.json");
    let mut doc: Value =
        serde_json::from_str(&std::fs::read_to_string(path).expect("fixture")).expect("JSON");
    if let Some(m) = doc.as_object_mut() {
        m.remove("proof");
    }
    doc
}

fn our_processor() -> Processor {
    let mut map = MapLoader::new();
    for (url, text) in bench_contexts() {
        map.insert_text(url, &text).expect("context JSON");
    }
    Processor::new(ChainLoader::new().with(map).with(BundledLoader))
}

fn crate_loader() -> HashMap<IriBuf, LdDocument> {
    let mut map = HashMap::new();
    let mut insert = |url: &str, text: &str| {
        let iri = IriBuf::new(url.to_string()).expect("IRI");
        let (value, _) = LdValue::parse_str(text).expect("JSON");
        map.insert(iri.clone(), LdDocument::new(Some(iri), None, value));
    };
    for c in openbadges::contexts::ALL {
        for url in c.urls {
            insert(url, c.text);
        }
    }
    for (url, text) in bench_contexts() {
        insert(&url, &text);
    }
    map
}

/// This thread's on-CPU nanoseconds (Linux `schedstat`), if available: robust to the other
/// processes that share the cores, unlike wall-clock medians on a busy machine.
fn cpu_ns() -> Option<u64> {
    let text = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    text.split_whitespace().next()?.parse().ok()
}

/// Mean on-CPU microseconds per call of `f` over `n` calls (after `n / 10` warm-up calls).
fn cpu_us_per_call(n: u32, mut f: impl FnMut() -> usize) -> Option<f64> {
    for _ in 0..n / 10 {
        black_box(f());
    }
    let start = cpu_ns()?;
    for _ in 0..n {
        black_box(f());
    }
    let end = cpu_ns()?;
    Some(end.saturating_sub(start) as f64 / f64::from(n) / 1000.0)
}

/// Our expand + canonicalize, the way [`RdfcCanonicalizer`] does it: quads streamed into an
/// interned [`Dataset`], RDFC-1.0 run on it.
fn ours_canonical(processor: &Processor, doc: &Value, options: &Options) -> String {
    let mut dataset = Dataset::new();
    processor
        .to_rdf_into(doc, options, &mut dataset)
        .expect("ours");
    canonicalize_dataset(&dataset, &CanonOptions::default())
        .expect("canonical")
        .into_nquads()
}

fn bench(c: &mut Criterion) {
    let doc = fixture();
    let ours = our_processor();
    let options = Options::default();
    // Warm the compiled-context cache once, as a long-running verifier would have it.
    let quads = ours.to_rdf(&doc, &options).expect("ours");
    assert!(quads.len() > 20);

    let loader = crate_loader();
    let (value, _) = LdValue::parse_str(&doc.to_string()).expect("JSON");
    let input: LdDocument = LdDocument::new(None, None, value);

    let mut ours_expand = || ours.to_rdf(&doc, &options).expect("ours").len();
    let mut ours_sink = || {
        let mut sink = CountingSink::default();
        ours.to_rdf_into(&doc, &options, &mut sink).expect("ours");
        sink.quads + sink.bytes
    };
    let mut ours_canon = || ours_canonical(&ours, &doc, &options).len();
    let rdfc = RdfcCanonicalizer::with_processor(Arc::new(our_processor()));
    let members: Vec<(&str, &Value)> = doc
        .as_object()
        .expect("object")
        .iter()
        .map(|(k, v)| (k.as_str(), v))
        .collect();
    let mut rdfc_members = || {
        rdfc.canonicalize_object(Canonicalization::Rdfc, KeyType::Ed25519, &members)
            .expect("canonical")
            .len()
    };
    let mut rdfc_object = || {
        let object: serde_json::Map<String, Value> = members
            .iter()
            .map(|(name, value)| ((*name).to_owned(), (*value).clone()))
            .collect();
        rdfc.canonicalize_for(
            Canonicalization::Rdfc,
            KeyType::Ed25519,
            &Value::Object(object),
        )
        .expect("canonical")
        .len()
    };
    let mut crate_canon = || {
        let mut generator = json_ld::rdf_types::generator::Blank::new();
        let mut rdf = futures::executor::block_on(input.to_rdf(&mut generator, &loader))
            .expect("json-ld crate");
        let mut text = String::new();
        for q in rdf.cloned_quads() {
            text.push_str(&format!("{q} .\n"));
        }
        let quads = openbadges::rdf::nquads::parse(&text).expect("N-Quads");
        openbadges::rdf::canonical_nquads(&quads)
            .expect("canonical")
            .len()
    };
    if let Ok(spec) = std::env::var("OB_JSONLD_CALLS") {
        let (what, n) = spec.split_once(':').unwrap_or((spec.as_str(), "1"));
        let n: u32 = n.parse().expect("OB_JSONLD_CALLS=what:N");
        let f: &mut dyn FnMut() -> usize = match what {
            "expand" => &mut ours_expand,
            "canon" => &mut ours_canon,
            "sink" => &mut ours_sink,
            "members" => &mut rdfc_members,
            "object" => &mut rdfc_object,
            "crate" => &mut crate_canon,
            other => panic!("OB_JSONLD_CALLS: unknown {other}"),
        };
        for _ in 0..n {
            black_box(f());
        }
        std::process::exit(0);
    }
    if let (Some(a), Some(s), Some(b), Some(c)) = (
        cpu_us_per_call(2_000, &mut ours_expand),
        cpu_us_per_call(2_000, &mut ours_sink),
        cpu_us_per_call(2_000, &mut ours_canon),
        cpu_us_per_call(100, &mut crate_canon),
    ) {
        println!(
            "ob-rich on-CPU per call: openbadges to_rdf {a:.1} µs, to_rdf_into a counting \
             sink {s:.1} µs, to_rdf + RDFC {b:.1} µs; json-ld crate to_rdf + RDFC {c:.1} µs; \
             ratio {:.1}x",
            c / b
        );
    }

    let mut group = c.benchmark_group("jsonld_to_rdf_ob_rich");
    group.bench_function("openbadges", |b| {
        b.iter(|| black_box(ours.to_rdf(black_box(&doc), &options).expect("ours")))
    });
    group.bench_function("openbadges to_rdf_into (counting sink)", |b| {
        b.iter(|| {
            let mut sink = CountingSink::default();
            ours.to_rdf_into(black_box(&doc), &options, &mut sink)
                .expect("ours");
            black_box(sink.quads)
        })
    });
    group.bench_function("json-ld crate", |b| {
        b.iter(|| {
            let mut generator = json_ld::rdf_types::generator::Blank::new();
            let mut rdf = futures::executor::block_on(input.to_rdf(&mut generator, &loader))
                .expect("json-ld crate");
            black_box(rdf.cloned_quads().count())
        })
    });
    group.finish();

    let mut group = c.benchmark_group("jsonld_to_rdf_canonical_ob_rich");
    group.bench_function("openbadges", |b| {
        b.iter(|| black_box(ours_canonical(&ours, black_box(&doc), &options)))
    });
    group.bench_function("json-ld crate", |b| {
        b.iter(|| {
            let mut generator = json_ld::rdf_types::generator::Blank::new();
            let mut rdf = futures::executor::block_on(input.to_rdf(&mut generator, &loader))
                .expect("json-ld crate");
            let mut text = String::new();
            for q in rdf.cloned_quads() {
                text.push_str(&format!("{q} .\n"));
            }
            let quads = openbadges::rdf::nquads::parse(&text).expect("N-Quads");
            black_box(openbadges::rdf::canonical_nquads(&quads).expect("canonical"))
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
