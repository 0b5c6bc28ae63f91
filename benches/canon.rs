//! Benches of canonicalization: RDFC-1.0 over the quads of a realistic Open Badges 3.0
//! credential (about 100 quads, 10 blank nodes, some sharing a first-degree hash), RFC 8785
//! over its JSON, and a SHA-256 of the same canonical bytes as the in-run baseline.
//!
//! Run: `cargo bench --bench canon`. With `OB_CANON_LIMITS=10000,100000,250000` it instead
//! reports the work the approved poison tests need and how long test 074 takes to abort at
//! each limit (the measurement behind `rdf::canon::DEFAULT_WORK_LIMIT`).
//!
//! The rich badge (`tests/data/bench/ob-rich.eddsa-rdfc-2022.json` without its proof, expanded
//! once by our JSON-LD engine with `tests/data/bench/contexts`) is benched as
//! `rdfc10_ob_rich` when `tests/data` is present, and split in its two parts:
//! `dataset_from_quads_ob_rich` (interning the quads) and `rdfc10_ob_rich_dataset`
//! (RDFC-1.0 on the interned dataset, what is left when the JSON-LD engine fills it).
//!
//! Instruction counts (repeatable on a busy machine): build with `cargo bench --bench canon
//! --no-run`, then run the bench binary under callgrind with `OB_CANON_CALLS=rich:N` (or
//! `credential:N`, `clr:N`; `rich-dataset:N` etc. canonicalize a `Dataset` built once, the
//! cost left when the JSON-LD engine fills the dataset itself): it prepares the quads,
//! makes N canonicalizations and exits
//! without Criterion. Run it twice (N and 2N) and divide the difference of the totals by N
//! for the per-call figure, free of the one-off setup.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use openbadges::jcs;
use openbadges::jsonld::{BundledLoader, ChainLoader, MapLoader, Options, Processor};
use openbadges::rdf::canon::{self, CanonOptions, HashAlgorithm};
use openbadges::rdf::{Dataset, Quad, Term, nquads};

const OB: &str = "https://purl.imsglobal.org/spec/vc/ob/vocab.html#";
const CRED: &str = "https://www.w3.org/2018/credentials#";
const RDF: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";
const XSD: &str = "http://www.w3.org/2001/XMLSchema#";
const SCHEMA: &str = "https://schema.org/";
const SEC: &str = "https://w3id.org/security#";

struct Builder {
    quads: Vec<Quad>,
}

impl Builder {
    fn add(&mut self, s: &Term, p: &str, o: Term) {
        self.quads.push(Quad::new(s.clone(), Term::iri(p), o));
    }
}

/// The quads an OB 3.0 `OpenBadgeCredential` of about 4.5 KB of JSON expands to: issuer
/// profile, subject with a result, an achievement with criteria, two alignments, two
/// result descriptions (one with an allowed-value list), evidence, status and a proof in
/// its own blank-node graph.
fn credential_quads() -> Vec<Quad> {
    let mut b = Builder { quads: Vec::new() };
    let cred = Term::iri("urn:uuid:a63a60be-f4af-491c-87fc-2c8fd3007a58");
    let issuer = Term::iri("https://example.edu/issuers/565049");
    let subject = Term::blank("b0");
    let achievement = Term::iri("https://example.edu/achievements/cs101");
    let criteria = Term::blank("b1");
    let t = |s: &str| Term::string(s);
    let dt = |s: &str| Term::typed(s, format!("{XSD}dateTime"));
    b.add(
        &cred,
        &format!("{RDF}type"),
        Term::iri(format!("{CRED}VerifiableCredential")),
    );
    b.add(
        &cred,
        &format!("{RDF}type"),
        Term::iri(format!("{OB}OpenBadgeCredential")),
    );
    b.add(&cred, &format!("{CRED}issuer"), issuer.clone());
    b.add(
        &cred,
        &format!("{CRED}validFrom"),
        dt("2024-01-01T00:00:00Z"),
    );
    b.add(
        &cred,
        &format!("{CRED}validUntil"),
        dt("2030-01-01T00:00:00Z"),
    );
    b.add(
        &cred,
        &format!("{SCHEMA}name"),
        t("Introduction to Computer Science"),
    );
    b.add(&cred, &format!("{SCHEMA}description"), t("Awarded for completing CS101 with distinction, including the final project and all laboratory sessions."));
    b.add(&cred, &format!("{CRED}credentialSubject"), subject.clone());
    b.add(
        &issuer,
        &format!("{RDF}type"),
        Term::iri(format!("{OB}Profile")),
    );
    b.add(&issuer, &format!("{SCHEMA}name"), t("Example University"));
    b.add(
        &issuer,
        &format!("{OB}url"),
        Term::iri("https://example.edu"),
    );
    b.add(&issuer, &format!("{OB}email"), t("registrar@example.edu"));
    b.add(&issuer, &format!("{OB}phone"), t("1-555-555-5555"));
    let address = Term::blank("b2");
    b.add(&issuer, &format!("{OB}address"), address.clone());
    b.add(
        &address,
        &format!("{RDF}type"),
        Term::iri(format!("{OB}Address")),
    );
    for (p, v) in [
        ("addressCountry", "USA"),
        ("addressLocality", "Springfield"),
        ("postalCode", "12345"),
        ("streetAddress", "1 University Way"),
    ] {
        b.add(&address, &format!("{OB}{p}"), t(v));
    }
    b.add(
        &subject,
        &format!("{RDF}type"),
        Term::iri(format!("{OB}AchievementSubject")),
    );
    b.add(&subject, &format!("{OB}achievement"), achievement.clone());
    b.add(
        &subject,
        &format!("{OB}activityEndDate"),
        dt("2023-12-15T00:00:00Z"),
    );
    b.add(
        &subject,
        &format!("{OB}creditsEarned"),
        Term::typed("3.0", format!("{XSD}float")),
    );
    let identity = Term::blank("b3");
    b.add(&subject, &format!("{OB}identifier"), identity.clone());
    b.add(
        &identity,
        &format!("{RDF}type"),
        Term::iri(format!("{OB}IdentityObject")),
    );
    b.add(
        &identity,
        &format!("{OB}hashed"),
        Term::typed("true", format!("{XSD}boolean")),
    );
    b.add(
        &identity,
        &format!("{OB}identityHash"),
        t("sha256$c7ef86405ba71b85acd8e2e95166c4b111448089f2e1599f42fe1bba46e865c5"),
    );
    b.add(&identity, &format!("{OB}identityType"), t("emailAddress"));
    b.add(&identity, &format!("{OB}salt"), t("not-so-random-salt"));
    b.add(
        &achievement,
        &format!("{RDF}type"),
        Term::iri(format!("{OB}Achievement")),
    );
    b.add(&achievement, &format!("{SCHEMA}name"), t("CS101"));
    b.add(
        &achievement,
        &format!("{SCHEMA}description"),
        t("Introduction to programming, data structures and algorithms."),
    );
    b.add(&achievement, &format!("{OB}achievementType"), t("Course"));
    b.add(
        &achievement,
        &format!("{OB}creditsAvailable"),
        Term::typed("3.0", format!("{XSD}float")),
    );
    b.add(
        &achievement,
        &format!("{OB}fieldOfStudy"),
        t("Computer Science"),
    );
    b.add(&achievement, &format!("{OB}humanCode"), t("CS101"));
    b.add(
        &achievement,
        &format!("{OB}image"),
        Term::iri("https://example.edu/achievements/cs101/image.png"),
    );
    b.add(&achievement, &format!("{OB}criteria"), criteria.clone());
    b.add(&criteria, &format!("{OB}narrative"), t("# Requirements\n\n1. Pass all quizzes.\n2. Complete the final project.\n3. Attend 80% of the labs."));
    b.add(
        &criteria,
        &format!("{OB}id"),
        Term::iri("https://example.edu/achievements/cs101/criteria"),
    );
    for (i, (name, code)) in [("Problem Solving", "PS.1"), ("Programming", "PR.2")]
        .iter()
        .enumerate()
    {
        let alignment = Term::blank(format!("a{i}"));
        b.add(&achievement, &format!("{OB}alignment"), alignment.clone());
        b.add(
            &alignment,
            &format!("{RDF}type"),
            Term::iri(format!("{OB}Alignment")),
        );
        b.add(&alignment, &format!("{OB}targetName"), t(name));
        b.add(&alignment, &format!("{OB}targetCode"), t(code));
        b.add(
            &alignment,
            &format!("{OB}targetFramework"),
            t("Example Framework"),
        );
        b.add(
            &alignment,
            &format!("{OB}targetType"),
            t("ceasn:Competency"),
        );
        b.add(
            &alignment,
            &format!("{OB}targetUrl"),
            Term::iri(format!("https://example.org/frameworks/{code}")),
        );
    }
    let mut descriptions = Vec::new();
    for (i, name) in ["Final grade", "Project grade"].iter().enumerate() {
        let rd = Term::iri(format!("urn:uuid:f6ab24cd-86e8-4eaf-b8c6-ded74e8fd41{i}"));
        b.add(&achievement, &format!("{OB}resultDescription"), rd.clone());
        b.add(
            &rd,
            &format!("{RDF}type"),
            Term::iri(format!("{OB}ResultDescription")),
        );
        b.add(&rd, &format!("{SCHEMA}name"), t(name));
        b.add(&rd, &format!("{OB}resultType"), t("LetterGrade"));
        // allowedValue is an @list: a chain of blank nodes.
        let mut head = Term::blank(format!("l{i}0"));
        b.add(&rd, &format!("{OB}allowedValue"), head.clone());
        for (k, grade) in ["A", "B", "C", "D"].iter().enumerate() {
            b.add(&head, &format!("{RDF}first"), t(grade));
            let next = if k == 3 {
                Term::iri(format!("{RDF}nil"))
            } else {
                Term::blank(format!("l{i}{}", k + 1))
            };
            b.add(&head, &format!("{RDF}rest"), next.clone());
            head = next;
        }
        descriptions.push(rd);
    }
    for (i, (rd, value)) in descriptions.iter().zip(["A", "B"]).enumerate() {
        let result = Term::blank(format!("r{i}"));
        b.add(&subject, &format!("{OB}result"), result.clone());
        b.add(
            &result,
            &format!("{RDF}type"),
            Term::iri(format!("{OB}Result")),
        );
        b.add(&result, &format!("{OB}resultDescription"), rd.clone());
        b.add(&result, &format!("{OB}value"), t(value));
    }
    let evidence = Term::blank("e0");
    b.add(&cred, &format!("{OB}evidence"), evidence.clone());
    b.add(
        &evidence,
        &format!("{RDF}type"),
        Term::iri(format!("{OB}Evidence")),
    );
    b.add(
        &evidence,
        &format!("{SCHEMA}name"),
        t("Final project repository"),
    );
    b.add(
        &evidence,
        &format!("{OB}narrative"),
        t("A compiler for a small language, with tests."),
    );
    let status = Term::iri("https://example.edu/status/3#94567");
    b.add(&cred, &format!("{CRED}credentialStatus"), status.clone());
    b.add(
        &status,
        &format!("{RDF}type"),
        Term::iri(format!("{CRED}BitstringStatusListEntry")),
    );
    b.add(&status, &format!("{CRED}statusListIndex"), t("94567"));
    b.add(&status, &format!("{CRED}statusPurpose"), t("revocation"));
    b.add(
        &status,
        &format!("{CRED}statusListCredential"),
        Term::iri("https://example.edu/status/3"),
    );
    let schema = Term::iri(
        "https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_achievementcredential_schema.json",
    );
    b.add(&cred, &format!("{CRED}credentialSchema"), schema.clone());
    b.add(
        &schema,
        &format!("{RDF}type"),
        Term::iri(format!("{OB}1EdTechJsonSchemaValidator2019")),
    );
    // The proof lives in its own (blank node) graph.
    let graph = Term::blank("g0");
    let proof = Term::blank("p0");
    b.add(&cred, &format!("{SEC}proof"), graph.clone());
    for (p, o) in [
        (
            format!("{RDF}type"),
            Term::iri(format!("{SEC}DataIntegrityProof")),
        ),
        (
            format!("{SEC}cryptosuite"),
            Term::typed("eddsa-rdfc-2022", format!("{SEC}cryptosuiteString")),
        ),
        (
            "http://purl.org/dc/terms/created".to_string(),
            dt("2024-01-01T00:00:00Z"),
        ),
        (
            format!("{SEC}proofPurpose"),
            Term::iri(format!("{SEC}assertionMethod")),
        ),
        (
            format!("{SEC}verificationMethod"),
            Term::iri("https://example.edu/issuers/565049#key-1"),
        ),
        (
            format!("{SEC}proofValue"),
            Term::typed(
                "z3FXQjecWufY46yg5abdVZsXqLhxhueuSoZgNSARiKBk9czhSePTFehP8c3PGfb6a22gkfUKKd7cxYLsyDyH2eYy4",
                format!("{SEC}multibase"),
            ),
        ),
    ] {
        let mut quad = Quad::new(proof.clone(), Term::iri(p), o);
        quad.graph = Some(graph.clone());
        b.quads.push(quad);
    }
    b.quads
}

fn json_of(quads: &[Quad]) -> serde_json::Value {
    // A JSON rendering of the same data for the JCS bench (one object per quad).
    serde_json::Value::Array(
        quads
            .iter()
            .map(|q| {
                serde_json::json!({
                    "subject": q.subject.to_string(),
                    "predicate": q.predicate.to_string(),
                    "object": q.object.to_string(),
                })
            })
            .collect(),
    )
}

/// This thread's on-CPU nanoseconds (Linux), if available.
fn cpu_ns() -> Option<u64> {
    let text = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    text.split_whitespace().next()?.parse().ok()
}

/// Mean on-CPU nanoseconds per call of `f` over `n` calls.
fn cpu_ns_per_call(n: u32, mut f: impl FnMut() -> usize) -> Option<f64> {
    for _ in 0..n / 10 {
        black_box(f());
    }
    let start = cpu_ns()?;
    for _ in 0..n {
        black_box(f());
    }
    let end = cpu_ns()?;
    Some((end.saturating_sub(start)) as f64 / f64::from(n))
}

/// Prints the on-CPU time (Linux schedstat, robust to other processes sharing the cores)
/// of canonicalizing `quads` and of a SHA-256 of the canonical bytes, and their ratio.
fn report_cpu(name: &str, quads: &[Quad], options: &CanonOptions) {
    let Ok(result) = canon::canonicalize(quads, options) else {
        return;
    };
    let blank_nodes = result.issued().len();
    let canonical = result.into_nquads();
    let canon_ns = cpu_ns_per_call(2_000, || {
        canon::canonicalize(quads, options)
            .map(|c| c.len())
            .unwrap_or(0)
    });
    let sha_ns = cpu_ns_per_call(2_000, || {
        HashAlgorithm::Sha256.digest(canonical.as_bytes()).len()
    });
    if let (Some(canon_ns), Some(sha_ns)) = (canon_ns, sha_ns) {
        eprintln!(
            "{name} ({} quads, {blank_nodes} blank nodes, {} bytes): on-CPU per call rdfc10 {:.1} µs, sha256 of the canonical bytes {:.1} µs, ratio {:.2}",
            quads.len(),
            canonical.len(),
            canon_ns / 1000.0,
            sha_ns / 1000.0,
            canon_ns / sha_ns
        );
    }
}

/// The smallest work limit under which `quads` canonicalize (doubling, then bisecting).
fn steps_needed(quads: &[Quad]) -> u64 {
    let ok = |limit: u64| {
        canon::canonicalize(quads, &CanonOptions::default().with_work_limit(limit)).is_ok()
    };
    let mut high = 1;
    while !ok(high) {
        high *= 2;
    }
    let mut low = high / 2;
    while low + 1 < high {
        let mid = (low + high) / 2;
        if ok(mid) { high = mid } else { low = mid }
    }
    high
}

/// `OB_CANON_LIMITS=10000,100000,...`: the work the approved poison tests 044–046 need, and
/// how long the 10-node clique of test 074 takes to hit each limit (on-CPU and wall time);
/// then exits without Criterion. Reads the W3C suite from `tests/data/vectors/rdf-canon`.
fn report_limits(limits: &str) {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/vectors/rdf-canon/rdfc10");
    let read = |name: &str| {
        let text = std::fs::read_to_string(dir.join(name)).expect("suite file");
        nquads::parse(&text).expect("N-Quads")
    };
    for test in ["test044-in.nq", "test045-in.nq", "test046-in.nq"] {
        println!("{test}: needs {} steps", steps_needed(&read(test)));
    }
    // A verifiable presentation carrying a CLR 2.0 (the heaviest real dataset at hand).
    let vp = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/interop/presentations/vp-clr-eddsa-rdfc-2022.json");
    if let Ok(text) = std::fs::read_to_string(&vp) {
        let mut doc: serde_json::Value = serde_json::from_str(&text).expect("VP JSON");
        if let Some(m) = doc.as_object_mut() {
            m.remove("proof");
        }
        let quads = openbadges::jsonld::Processor::default()
            .to_rdf(&doc, &openbadges::jsonld::Options::default())
            .expect("VP to RDF");
        println!(
            "vp-clr-eddsa-rdfc-2022.json without proof ({} quads): needs {} steps",
            quads.len(),
            steps_needed(&quads)
        );
    }
    let clique = read("test074-in.nq");
    for limit in limits.split(',') {
        let limit: u64 = limit.trim().parse().expect("OB_CANON_LIMITS=N,N,...");
        let options = CanonOptions::default().with_work_limit(limit);
        let wall = std::time::Instant::now();
        let cpu = cpu_ns();
        let result = canon::canonicalize(&clique, &options);
        let cpu = cpu.zip(cpu_ns()).map(|(a, b)| (b - a) as f64 / 1e6);
        println!(
            "test074-in.nq at limit {limit}: {} after {:.1} ms wall, {:.1} ms on-CPU",
            if result.is_err() {
                "aborted"
            } else {
                "finished"
            },
            wall.elapsed().as_secs_f64() * 1000.0,
            cpu.unwrap_or(f64::NAN)
        );
    }
    std::process::exit(0);
}

/// `tests/data` (vendored).
fn shared() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data")
}

/// The quads of the rich badge (`tests/data/bench/ob-rich.eddsa-rdfc-2022.json` without its
/// proof), from our JSON-LD engine with the bundled contexts and `tests/data/bench/contexts`;
/// `None` when `tests/data` is missing.
fn rich_badge_quads() -> Option<Vec<Quad>> {
    let bench = shared().join("bench");
    let text = std::fs::read_to_string(bench.join("ob-rich.eddsa-rdfc-2022.json")).ok()?;
    let mut doc: serde_json::Value = serde_json::from_str(&text).expect("fixture JSON");
    if let Some(m) = doc.as_object_mut() {
        m.remove("proof");
    }
    let dir = bench.join("contexts");
    let urls: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("urls.json")).expect("urls.json"))
            .expect("urls.json JSON");
    let mut map = MapLoader::new();
    for (url, file) in urls.as_object().expect("urls.json object") {
        let text = std::fs::read_to_string(dir.join(file.as_str().expect("file name")))
            .expect("context file");
        map.insert_text(url.clone(), &text).expect("context JSON");
    }
    let processor = Processor::new(ChainLoader::new().with(map).with(BundledLoader));
    Some(
        processor
            .to_rdf(&doc, &Options::default())
            .expect("the rich badge expands"),
    )
}

/// The 1EdTech CLR 2.0 vector's quads, when `tests/data` is present.
fn clr_quads() -> Option<Vec<Quad>> {
    let path = shared().join("vectors/1edtech-ob-spec/test-vectors/clrv2p0/document-canon.txt");
    let text = std::fs::read_to_string(path).ok()?;
    nquads::parse(&text).ok()
}

/// `OB_CANON_CALLS=what:N`: N canonicalizations of `what` (`rich`, `credential`, `clr`;
/// with `-dataset`, as `rich-dataset:N`, of a `Dataset` built once), then exit (for
/// callgrind).
fn run_calls(spec: &str) {
    let (what, n) = spec.split_once(':').unwrap_or((spec, "1"));
    let n: u32 = n.parse().expect("OB_CANON_CALLS=what:N");
    let options = CanonOptions::default();
    let (what, dataset) = match what.strip_suffix("-dataset") {
        Some(what) => (what, true),
        None => (what, false),
    };
    let quads = match what {
        "rich" => rich_badge_quads().expect("tests/data/bench vendored"),
        "credential" => credential_quads(),
        "clr" => clr_quads().expect("tests/data/vectors vendored"),
        other => panic!("OB_CANON_CALLS: unknown {other}"),
    };
    if dataset {
        // Canonicalization alone, from a dataset built once (as the JSON-LD engine fills one).
        let dataset = Dataset::from_quads(&quads);
        for _ in 0..n {
            black_box(
                canon::canonicalize_dataset(black_box(&dataset), &options)
                    .map(|c| c.nquads().len())
                    .expect("canonicalizes"),
            );
        }
    } else {
        for _ in 0..n {
            black_box(
                canon::canonicalize(black_box(&quads), &options)
                    .map(|c| c.nquads().len())
                    .expect("canonicalizes"),
            );
        }
    }
    std::process::exit(0);
}

fn benches(c: &mut Criterion) {
    if let Ok(limits) = std::env::var("OB_CANON_LIMITS") {
        report_limits(&limits);
    }
    if let Ok(spec) = std::env::var("OB_CANON_CALLS") {
        run_calls(&spec);
    }
    let quads = credential_quads();
    let options = CanonOptions::default();
    let rich = rich_badge_quads();
    if let Some(rich) = &rich {
        report_cpu("ob-rich badge (to_rdf)", rich, &options);
    }
    let canonical = canon::canonicalize(&quads, &options)
        .expect("the credential canonicalizes")
        .into_nquads();
    report_cpu("credential", &quads, &options);
    // The same credential without the allowed-value lists (whose list nodes share
    // first-degree hashes and need Hash N-Degree Quads): the common shape.
    let plain: Vec<Quad> = quads
        .iter()
        .filter(|q| {
            !matches!(&q.predicate, Term::Iri(p) if p.ends_with("#first") || p.ends_with("#rest") || p.ends_with("#allowedValue"))
        })
        .cloned()
        .collect();
    report_cpu("credential without lists", &plain, &options);
    let mut group = c.benchmark_group("canon");
    if let Some(rich) = &rich {
        group.bench_function("rdfc10_ob_rich", |b| {
            b.iter(|| canon::canonicalize(black_box(rich), &options).map(|c| c.nquads().len()))
        });
        group.bench_function("dataset_from_quads_ob_rich", |b| {
            b.iter(|| Dataset::from_quads(black_box(rich)).len())
        });
        let dataset = Dataset::from_quads(rich);
        group.bench_function("rdfc10_ob_rich_dataset", |b| {
            b.iter(|| {
                canon::canonicalize_dataset(black_box(&dataset), &options).map(|c| c.nquads().len())
            })
        });
    }
    group.bench_function("rdfc10_credential", |b| {
        b.iter(|| {
            canon::canonicalize(black_box(&quads), &options)
                .map(canon::Canonical::into_nquads)
                .map(|s| s.len())
        })
    });
    group.bench_function("rdfc10_credential_without_lists", |b| {
        b.iter(|| canon::canonicalize(black_box(&plain), &options).map(|c| c.len()))
    });
    group.bench_function("sha256_of_canonical_bytes", |b| {
        b.iter(|| HashAlgorithm::Sha256.digest(black_box(canonical.as_bytes())))
    });
    group.bench_function("nquads_parse_credential", |b| {
        b.iter(|| nquads::parse(black_box(&canonical)).map(|q| q.len()))
    });
    let json = json_of(&quads);
    group.bench_function("jcs_credential_json", |b| {
        b.iter(|| jcs::canonicalize(black_box(&json)).map(|s| s.len()))
    });
    // The 1EdTech CLR 2.0 vector, vendored in tests/data.
    if let Some(clr_quads) = clr_quads() {
        report_cpu("1EdTech CLR 2.0 vector", &clr_quads, &options);
        group.bench_function("rdfc10_clr2_vector", |b| {
            b.iter(|| canon::canonicalize(black_box(&clr_quads), &options).map(|c| c.len()))
        });
    }
    group.finish();
}

criterion_group!(canon_benches, benches);
criterion_main!(canon_benches);
