//! The smallest useful verifier: read a credential file (JSON, JWT or SD-JWT), verify it offline, print the verdict
//! and every error or warning, and exit 0 (valid), 1 (invalid) or 2 (indeterminate or unreadable).
//!
//! Its release binary is what the README's "Feature sets" table measures per feature set:
//!
//! `cargo build --release --example verify_only --no-default-features --features ed25519`
//!
//! `cargo run --example verify_only -- fixtures/interop/credentials/ob-minimal-eddsa-rdfc-2022.json`

use openbadges::verify::{Verdict, Verifier};

fn main() {
    let Some(path) = std::env::args_os().nth(1) else {
        eprintln!("usage: verify_only FILE");
        std::process::exit(2);
    };
    let bytes = match std::fs::read(&path) {
        Ok(bytes) => bytes,
        Err(e) => {
            eprintln!("{}: {e}", path.to_string_lossy());
            std::process::exit(2);
        }
    };
    // JSON (credential, presentation, enveloped), compact JWS or SD-JWT: routed by content.
    let report = match Verifier::offline().verify_bytes(&bytes) {
        Ok(report) => report,
        Err(e) => {
            eprintln!("{}: {e}", path.to_string_lossy());
            std::process::exit(2);
        }
    };
    for (_, finding) in report.all_findings() {
        println!("{finding}");
    }
    println!("verdict: {:?}", report.verdict());
    std::process::exit(match report.verdict() {
        Verdict::Valid => 0,
        Verdict::Invalid => 1,
        _ => 2,
    });
}
