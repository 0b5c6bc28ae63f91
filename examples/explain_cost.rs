//! What explaining a credential costs next to verifying it, measured in one run on the same
//! files: `verify` (parse and verify the bytes), `explain_html` (the explanation of that
//! report drawn as the HTML page) and `verify_explain_html` (both, as `openbadges explain
//! --format html` does per file), as JSON lines with the ratios to `verify`.
//!
//! ```text
//! cargo run --release --example explain_cost -- tests/data/bench/ob-rich.eddsa-rdfc-2022.json
//! ```
//!
//! The three operations run interleaved, in rounds of 20, for `PERF_TIME_S` seconds
//! (default 3) after `PERF_WARMUP_S` (default 0.5), so drift affects them alike.

use std::hint::black_box;
use std::time::{Duration, Instant};

use openbadges::explain::{self, Format, Options};
use openbadges::verify::{Verdict, Verifier};
use serde_json::json;

fn seconds(name: &str, default: f64) -> Duration {
    let s = std::env::var(name)
        .ok()
        .and_then(|v| v.parse::<f64>().ok())
        .unwrap_or(default);
    Duration::from_secs_f64(s)
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut files: Vec<String> = std::env::args().skip(1).collect();
    if files.is_empty() {
        files.push(
            concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/tests/data/bench/ob-rich.eddsa-rdfc-2022.json"
            )
            .into(),
        );
    }
    let (warmup, time) = (seconds("PERF_WARMUP_S", 0.5), seconds("PERF_TIME_S", 3.0));
    let verifier = Verifier::offline();
    let options = Options::new();
    for file in files {
        let bytes = std::fs::read(&file)?;
        let report = verifier.verify_bytes(&bytes)?;
        if report.verdict() != Verdict::Valid {
            eprintln!("{file}: not valid ({}); measured anyway", report.verdict());
        }
        let page_bytes = explain::render(
            &[explain::explain(&report, &options)],
            Format::Html,
            &options,
        )
        .len();
        let verify = || black_box(verifier.verify_bytes(black_box(&bytes))).map(drop);
        let explain_html = || {
            let e = explain::explain(black_box(&report), &options);
            black_box(explain::render(&[e], Format::Html, &options));
        };
        let both = || -> Result<(), openbadges::verify::VerifyError> {
            let report = verifier.verify_bytes(black_box(&bytes))?;
            let e = explain::explain(&report, &options);
            black_box(explain::render(&[e], Format::Html, &options));
            Ok(())
        };
        let mut spent = [Duration::ZERO; 3];
        let mut ops = [0u64; 3];
        let start = Instant::now();
        let mut measuring = false;
        while start.elapsed() < warmup + time {
            if !measuring && start.elapsed() >= warmup {
                measuring = true;
                spent = [Duration::ZERO; 3];
                ops = [0; 3];
            }
            for (i, spent) in spent.iter_mut().enumerate() {
                let t = Instant::now();
                for _ in 0..20 {
                    match i {
                        0 => verify()?,
                        1 => explain_html(),
                        _ => both()?,
                    }
                }
                *spent += t.elapsed();
                ops[i] += 20;
            }
        }
        let micros: Vec<f64> = spent
            .iter()
            .zip(ops)
            .map(|(s, n)| s.as_secs_f64() * 1e6 / n as f64)
            .collect();
        for (name, us, n) in [
            ("verify", micros[0], ops[0]),
            ("explain_html", micros[1], ops[1]),
            ("verify_explain_html", micros[2], ops[2]),
        ] {
            println!(
                "{}",
                json!({"file": file, "op": name, "us_per_op": (us * 100.0).round() / 100.0,
                       "ops": n, "ratio_to_verify": (us / micros[0] * 1000.0).round() / 1000.0,
                       "html_bytes": page_bytes})
            );
        }
    }
    Ok(())
}
