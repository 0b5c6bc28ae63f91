//! JSON-LD → RDF (and canonical N-Quads) on a rich Open Badge: our engine against the
//! `json-ld` crate, in the same run.
//!
//! `cargo bench --bench jsonld`. The fixture is `../shared/bench/ob-rich.eddsa-rdfc-2022.json`
//! without its proof; contexts are the bundled ones plus `../shared/bench/contexts`.

use std::collections::HashMap;
use std::hint::black_box;
use std::path::PathBuf;

use criterion::{Criterion, criterion_group, criterion_main};
use json_ld::syntax::{Parse, Value as LdValue};
use json_ld::{IriBuf, JsonLdProcessor, RemoteDocument as LdDocument};
use openbadges::jsonld::{BundledLoader, ChainLoader, MapLoader, Options, Processor};
use serde_json::Value;

fn shared() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .join("shared")
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

    let mut group = c.benchmark_group("jsonld_to_rdf_ob_rich");
    group.bench_function("openbadges", |b| {
        b.iter(|| black_box(ours.to_rdf(black_box(&doc), &options).expect("ours")))
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
}

criterion_group!(benches, bench);
criterion_main!(benches);
