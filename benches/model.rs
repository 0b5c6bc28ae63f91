//! Benches of the typed model: parsing fixtures to typed views, serializing them back,
//! and building a credential.

use std::hint::black_box;
use std::path::PathBuf;

use criterion::{Criterion, criterion_group, criterion_main};
use openbadges::Document;
use openbadges::model::{
    self, Achievement, AchievementCredential, AchievementSubject, Criteria, Profile,
};
use openbadges::values::{DateTimeZ, Iri};

fn fixture(name: &str) -> Document {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/bench")
        .join(name);
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    Document::from_slice(&bytes).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn parse(c: &mut Criterion) {
    for name in [
        "ob-minimal.eddsa-rdfc-2022.json",
        "ob-rich.eddsa-rdfc-2022.json",
        "clr-10.eddsa-rdfc-2022.json",
    ] {
        let doc = fixture(name);
        c.bench_function(&format!("model/parse_credential/{name}"), |b| {
            b.iter(|| model::parse_credential(black_box(&doc)).unwrap())
        });
        let credential = model::parse_credential(&doc).unwrap();
        c.bench_function(&format!("model/to_value/{name}"), |b| {
            b.iter(|| black_box(&credential).to_value().unwrap())
        });
    }
}

fn build(c: &mut Criterion) {
    c.bench_function("model/build/minimal", |b| {
        b.iter(|| {
            let achievement = Achievement::new(
                Iri::parse("https://example.edu/achievements/1").unwrap(),
                "Badge",
                "A badge.",
                Criteria::new().narrative("Do the thing."),
            );
            let subject =
                AchievementSubject::new(achievement).id(Iri::parse("did:example:learner").unwrap());
            AchievementCredential::new(
                Iri::parse("urn:uuid:1").unwrap(),
                Profile::new(Iri::parse("https://example.edu/issuers/1").unwrap()),
                subject,
                "2024-01-15T09:00:00Z".parse::<DateTimeZ>().unwrap(),
            )
            .build()
            .unwrap()
        })
    });
}

criterion_group!(benches, parse, build);
criterion_main!(benches);
