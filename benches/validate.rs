//! Parse + validate a rich OB 3.0 credential, against a plain serde_json parse of the same
//! bytes as the in-run baseline.
//!
//! `cargo bench --bench validate` (reads the vendored `tests/data/bench`).

use std::hint::black_box;
use std::path::PathBuf;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use openbadges::document::Document;
use openbadges::validate::Validator;

fn input(name: &str) -> Vec<u8> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/bench")
        .join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn bench(c: &mut Criterion) {
    let validator = Validator::new().expect("bundled schemas compile");
    for name in [
        "ob-rich.eddsa-rdfc-2022.json",
        "clr-10.eddsa-rdfc-2022.json",
    ] {
        let bytes = input(name);
        assert!(
            validator.validate_slice(&bytes).is_valid(),
            "{name} is valid"
        );
        let mut group = c.benchmark_group(name);
        group.throughput(Throughput::Bytes(bytes.len() as u64));
        group.bench_function("serde_json::from_slice (baseline)", |b| {
            b.iter(|| {
                let v: serde_json::Value = serde_json::from_slice(black_box(&bytes)).unwrap();
                black_box(v)
            })
        });
        group.bench_function("Document::from_slice", |b| {
            b.iter(|| black_box(Document::from_slice(black_box(&bytes)).unwrap()))
        });
        group.bench_function("parse + validate", |b| {
            b.iter(|| {
                let doc = Document::from_slice(black_box(&bytes)).unwrap();
                black_box(validator.validate(&doc))
            })
        });
        group.finish();
    }
    c.bench_function("Validator::new", |b| {
        b.iter(|| black_box(Validator::new().unwrap()))
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
