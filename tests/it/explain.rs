//! `openbadges::explain`: the employer-facing explanation, on the bundled fixtures.

use std::path::Path;

use openbadges::Document;
use openbadges::explain::{self, Explanation, Format, Options};
use openbadges::fetch::{Fetched, MemoryFetcher};
use openbadges::verify::{Verdict, Verifier};
use serde_json::Value;

use crate::support::{data, root};

fn explain_file(path: &Path, verifier: &Verifier, options: &Options) -> Explanation {
    let bytes = std::fs::read(path).unwrap();
    let report = verifier.verify_bytes(&bytes).unwrap();
    explain::explain(&report, options)
}

fn fixture(relative: &str) -> Explanation {
    explain_file(
        &root().join(relative),
        &Verifier::offline(),
        &Options::new(),
    )
}

fn json(e: &Explanation) -> Value {
    serde_json::from_str(&explain::render(
        std::slice::from_ref(e),
        Format::Json,
        &Options::new(),
    ))
    .unwrap()
}

fn text(e: &Explanation) -> String {
    explain::render(std::slice::from_ref(e), Format::Text, &Options::new())
}

#[test]
fn a_verified_badge_reads_verdict_first_then_meaning() {
    let e = fixture("fixtures/interop/credentials/ob-rich-eddsa-rdfc-2022.json");
    let page = text(&e);
    let first = page.lines().nth(1).unwrap();
    assert!(
        first.starts_with("Verified: signed by Example University (did:key:z6Mk"),
        "{first}"
    );
    assert!(first.ends_with("valid until 31 December 2099"), "{first}");
    for expected in [
        "Achievement: Data Science Certificate",
        "Type: Certificate",
        "Field of study: Data Science",
        "Credits earned: 12",
        "Apply statistical methods <https://frameworks.example.org/items/stat-1> (Example Competency Framework, STAT-1, CFItem)",
        "Final grade (Letter Grade): A (of A, B, C, D, F)",
        "Capstone rubric (Rubric Criterion Level): Level 1 of 2: Exemplary (4 points), Completed",
        "Capstone report <https://example.edu/evidence/capstone-0002> (Research paper)",
        "Verified endorsement of the credential by Example Accreditation Body",
        "Recipient identifier: email address (hashed",
        "Term: Fall 2023",
    ] {
        assert!(page.contains(expected), "missing {expected:?} in\n{page}");
    }
    let value = json(&e);
    assert_eq!(value["trust"]["verdict"], "valid");
    assert_eq!(value["achievement"]["skills"][0]["targetType"], "CFItem");
    assert_eq!(value["issuer"]["keyBound"], true);
    assert_eq!(value["endorsements"][0]["verified"], true);
}

#[test]
fn the_1edtech_complete_example_reads_results_against_their_descriptions() {
    let e = explain_file(
        &data().join("spec/ob3/examples/spec/complete-openbadgecredential.2025-04.json"),
        &Verifier::offline(),
        &Options::new(),
    );
    assert_eq!(e.trust.verdict, Verdict::Invalid);
    assert!(
        e.trust
            .headline
            .starts_with("NOT VERIFIED: it carries no digital signature")
    );
    let readings: Vec<&str> = e.results.iter().map(|r| r.reading.as_str()).collect();
    assert_eq!(
        readings,
        [
            "A (of D, C, B, A)",
            "Level 1 of 2: Mastery (4 points)",
            "Completed"
        ]
    );
    assert_eq!(e.results[0].required.as_deref(), Some("required: C"));
    let a = e.achievement.as_ref().unwrap();
    assert_eq!(a.kind.as_deref(), Some("Degree"));
    assert_eq!(a.skills.len(), 2);
    assert_eq!(a.skills[1].target_type.as_deref(), Some("CTDL"));
    assert_eq!(e.endorsements.len(), 3);
    assert!(e.endorsements.iter().all(|n| !n.verified));
    assert_eq!(e.dates.standing, "status unknown");
}

#[test]
fn a_clr_groups_its_achievements_by_association() {
    let e = fixture("fixtures/interop/credentials/clr-two-nested-eddsa-rdfc-2022.json");
    assert!(e.trust.verified());
    assert_eq!(e.kind, "Comprehensive Learner Record");
    assert_eq!(e.members.len(), 2);
    assert!(e.members.iter().all(|m| m.trust.verified()));
    assert_eq!(e.tree.len(), 1);
    assert_eq!(e.tree[0].name, "Teamwork");
    assert_eq!(e.tree[0].children[0].name, "Data Science Certificate");
    assert_eq!(
        e.tree[0].children[0].relation.as_deref(),
        Some("is child of")
    );
    // The record's skills roll-up: every alignment of its credentials.
    let stat = e
        .record_skills
        .iter()
        .find(|s| s.skill.name == "Apply statistical methods")
        .unwrap();
    assert_eq!(stat.evidence[0].credential, "Data Science Certificate");
    assert!(text(&e).contains("Skills across the record"));
    // The 1EdTech CLR test vector: its members are explained too.
    let vector = fixture("fixtures/valid/1edtech-clr2-testvector.signed.json");
    assert_eq!(vector.kind, "Comprehensive Learner Record");
    assert!(!vector.members.is_empty());
    assert!(vector.members.iter().all(|m| m.achievement.is_some()));
}

#[test]
fn a_revoked_credential_says_so_in_plain_words_with_the_code() {
    let mut fetcher = MemoryFetcher::new();
    let list =
        std::fs::read(root().join("fixtures/interop/resources/status-revocation-ed25519.json"))
            .unwrap();
    fetcher.insert(
        "https://example.edu/status/revocation/1",
        Fetched::new(list, None),
    );
    let verifier = Verifier::builder().fetcher(fetcher).build();
    let e = explain_file(
        &root().join("fixtures/interop/credentials/ob-neg-revoked-eddsa-rdfc-2022.json"),
        &verifier,
        &Options::new(),
    );
    assert!(
        e.trust
            .headline
            .starts_with("NOT VERIFIED: the issuer has revoked it"),
        "{}",
        e.trust.headline
    );
    assert_eq!(e.dates.standing, "revoked");
    let status = e
        .trust
        .points
        .iter()
        .find(|p| p.codes.iter().any(|c| c == "status.revoked"))
        .unwrap();
    assert!(text(&e).contains(&format!("{} status.revoked", status.words)));
}

#[test]
fn an_expired_or_tampered_credential_is_explained_as_such() {
    let expired = fixture("fixtures/interop/credentials/ob-neg-expired-eddsa-rdfc-2022.json");
    assert!(
        expired
            .trust
            .headline
            .starts_with("NOT VERIFIED: it has expired"),
        "{}",
        expired.trust.headline
    );
    assert_eq!(expired.dates.standing, "expired");
    let tampered =
        fixture("fixtures/interop/credentials/ob-neg-tampered-field-eddsa-rdfc-2022.json");
    assert!(
        tampered
            .trust
            .headline
            .starts_with("NOT VERIFIED: the digital signature does not match"),
        "{}",
        tampered.trust.headline
    );
    let wrong_key =
        fixture("fixtures/interop/credentials/ob-neg-key-not-issuer-eddsa-rdfc-2022.json");
    assert!(
        wrong_key
            .trust
            .headline
            .contains("does not belong to the issuer"),
        "{}",
        wrong_key.trust.headline
    );
}

#[test]
fn language_maps_follow_the_readers_language_with_fallback() {
    let path = root().join("fixtures/explain/multilingual.json");
    let read = |lang: Option<&str>| {
        let options = lang.map_or_else(Options::new, |l| Options::new().lang(l));
        explain_file(&path, &Verifier::offline(), &options)
    };
    let es = read(Some("es-MX"));
    assert_eq!(es.title.as_deref(), Some("Análisis de datos"));
    assert_eq!(
        es.achievement.as_ref().unwrap().skills[0].name,
        "Estadística"
    );
    let fr = read(Some("fr"));
    assert_eq!(fr.title.as_deref(), Some("Analyse de données"));
    // No French description: the first language.
    assert_eq!(
        fr.achievement.as_ref().unwrap().description.as_deref(),
        Some("Analyses a data set and reports on it.")
    );
    assert_eq!(read(None).title.as_deref(), Some("Data Analysis"));
    let page = explain::render(&[es], Format::Html, &Options::new().lang("es-MX"));
    assert!(page.contains("<html lang=\"es-MX\">"));
}

#[test]
fn a_selectively_disclosed_credential_says_what_was_withheld() {
    let e = fixture("fixtures/interop/credentials/ob-sd-derived-results-ecdsa-sd-2023.json");
    assert!(e.trust.verified());
    assert!(e.unreadable.is_none());
    assert!(e.withheld.contains(&"the achievement's name".to_owned()));
    assert!(text(&e).contains("The holder chose not to disclose the achievement's name"));
}

#[test]
fn hostile_content_is_escaped_and_never_linked() {
    let e = fixture("fixtures/explain/hostile.json");
    assert!(!e.trust.verified());
    let page = explain::render(std::slice::from_ref(&e), Format::Html, &Options::new());
    let lower = page.to_lowercase();
    assert!(!lower.contains("<script"), "a script element");
    assert!(!lower.contains("<iframe"), "an iframe");
    assert!(!lower.contains("<svg"), "SVG inlined");
    assert!(!lower.contains("<img src=x"), "an injected image");
    assert!(!lower.contains("<style>body"), "an injected style");
    assert!(!lower.contains("href=\"javascript:") && !lower.contains("href=\"data:"));
    assert!(
        !lower.contains("onerror=\"document"),
        "an unescaped handler"
    );
    assert!(page.contains("&lt;script&gt;document.body.setAttribute(&#39;data-pwned&#39;,&#39;name&#39;)&lt;/script&gt;Hostile Badge"));
    // Only one image: the badge, through <img>, as a data: URL.
    assert_eq!(lower.matches("<img ").count(), 1);
    assert!(page.contains("<img src=\"data:image/svg+xml;base64,"));
    // No link at all: every URL of the fixture is javascript: or data:.
    assert!(!lower.contains("<a "));
    // Markdown: no raw HTML, no link.
    let md = explain::render(&[e], Format::Markdown, &Options::new());
    assert!(!md.contains('<') || !md.contains("<script"), "{md}");
    assert!(!md.contains("](javascript") && !md.contains("](<javascript"));
}

#[test]
fn the_html_page_needs_nothing_from_the_network() {
    let e = fixture("fixtures/interop/credentials/ob-rich-eddsa-rdfc-2022.json");
    let page = explain::render(&[e], Format::Html, &Options::new());
    assert!(page.contains("content=\"default-src 'none'; img-src data:;"));
    // Links are anchors only: no src= or url() outside data: URLs.
    for (i, _) in page.match_indices("src=\"") {
        assert!(page[i + 5..].starts_with("data:"), "{}", &page[i..i + 40]);
    }
    assert!(!page.contains("url("));
    assert!(page.contains("<a href=\"https://frameworks.example.org/items/stat-1\" rel=\"noopener noreferrer nofollow\">Apply statistical methods</a>"));
}

#[test]
fn comparison_and_skills_across_credentials() {
    let a = fixture("fixtures/interop/credentials/ob-rich-eddsa-rdfc-2022.json");
    let b = fixture("fixtures/explain/multilingual.json");
    let c = explain::Comparison::new(&[a.clone(), b.clone()]);
    assert_eq!(c.columns, ["Data Science Certificate", "Data Analysis"]);
    let row = |label: &str| c.rows.iter().find(|r| r.label == label).unwrap();
    assert_eq!(row("Type").cells, ["Certificate", "Course"]);
    assert!(row("Trust").cells[0].starts_with("Verified"));
    assert!(row("Trust").cells[1].starts_with("NOT VERIFIED"));
    assert!(
        c.rows
            .iter()
            .all(|r| r.label != "Valid until" || !r.cells[0].is_empty())
    );
    let clr = fixture("fixtures/interop/credentials/clr-two-nested-eddsa-rdfc-2022.json");
    let skills = explain::SkillsView::new(&[clr, b]);
    assert_eq!(skills.credentials, 4);
    let names: Vec<&str> = skills
        .skills
        .iter()
        .map(|s| s.skill.name.as_str())
        .collect();
    assert!(names.contains(&"Apply statistical methods"), "{names:?}");
    assert!(names.contains(&"Statistics"), "{names:?}");
    let stat = skills
        .skills
        .iter()
        .find(|s| s.skill.name == "Apply statistical methods")
        .unwrap();
    assert_eq!(stat.evidence[0].credential, "Data Science Certificate");
    assert!(stat.evidence[0].verified);
    assert!(
        stat.evidence[0]
            .results
            .iter()
            .any(|r| r.contains("Level 1 of 2: Exemplary"))
    );
    let md = explain::render_comparison(&[a], Format::Markdown, &Options::new());
    assert!(md.contains("| Type | Certificate |"), "{md}");
}

/// Every value of the JSON form is something: no null, no empty string, list or object.
fn assert_no_empty_slot(value: &Value, at: &str) {
    match value {
        Value::Null => panic!("{at}: null"),
        Value::String(s) => assert!(!s.trim().is_empty(), "{at}: empty string"),
        Value::Array(items) => {
            assert!(!items.is_empty(), "{at}: empty list");
            for (i, item) in items.iter().enumerate() {
                assert_no_empty_slot(item, &format!("{at}[{i}]"));
            }
        }
        Value::Object(map) => {
            assert!(!map.is_empty(), "{at}: empty object");
            for (k, v) in map {
                assert_no_empty_slot(v, &format!("{at}.{k}"));
            }
        }
        _ => {}
    }
}

fn credential_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            credential_files(&path, out);
        } else if path
            .extension()
            .is_some_and(|e| e == "json" || e == "jwt" || e == "sd-jwt")
        {
            out.push(path);
        }
    }
}

#[test]
fn every_fixture_explains_in_every_format_without_empty_slots() {
    let mut files = Vec::new();
    for dir in [
        "fixtures/valid",
        "fixtures/interop/credentials",
        "fixtures/interop/presentations",
        "fixtures/explain",
        "fixtures/jose",
        "fixtures/sd",
    ] {
        credential_files(&root().join(dir), &mut files);
    }
    let verifier = Verifier::offline();
    let mut explained = 0;
    for path in &files {
        let bytes = std::fs::read(path).unwrap();
        let Ok(report) = verifier.verify_bytes(&bytes) else {
            continue;
        };
        let e = explain::explain(&report, &Options::new());
        let name = path.display().to_string();
        assert_no_empty_slot(&json(&e), &name);
        let page = text(&e);
        assert_eq!(
            page.lines().nth(1),
            Some(e.trust.headline.as_str()),
            "{name}: the verdict comes first"
        );
        let html = explain::render(std::slice::from_ref(&e), Format::Html, &Options::new());
        assert!(
            html.starts_with("<!DOCTYPE html>") && html.ends_with("</html>\n"),
            "{name}"
        );
        let verdict = html.find("class=\"verdict").unwrap();
        assert!(
            html.find("<h1>").is_none_or(|h| h > verdict),
            "{name}: verdict above the title"
        );
        assert!(explain::render(&[e], Format::Markdown, &Options::new()).starts_with("> "));
        explained += 1;
    }
    assert!(explained > 120, "only {explained} fixtures explained");
    let _ = Document::from_str("{}");
}
