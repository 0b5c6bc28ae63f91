//! `openbadges verify PATH...`: verify credentials and presentations (proofs, issuer ↔ key
//! binding, validity dates, status, recipient, nested credentials), in parallel.
//!
//! Inputs, formats and exit codes are those of `validate`; `--format jsonl` prints one JSON
//! object per input (`file`, `verified`, `verdict`, `findings`). A verdict other than valid
//! is a failure: an **indeterminate** verdict (a status list that could not be fetched)
//! adds a `verify.indeterminate` error finding and gives exit code 1. Offline by default:
//! did:key / did:jwk keys only, and resources given with `--resource URL=FILE`; `--online`
//! (built with the `http` feature) fetches did:web documents and status lists over HTTPS.
//!
//! Inputs may be JSON (credentials, presentations, `EnvelopedVerifiableCredential`s),
//! compact JWS (VC-JWT, `vc+jwt`) or SD-JWT (`dc+sd-jwt`, `vc+sd-jwt`; `--nonce` and
//! `--audience` give what its key-binding JWT must carry), told apart by content.
//!
//! Many inputs: paths are listed first (cheap), then read and verified in parallel a bounded
//! chunk at a time; each result is written, in input order, as its chunk completes, and only
//! its findings are kept past that (for JUnit, whose header carries the counts), so memory
//! stays flat for millions of files. One verifier serves every input: a status list shared
//! by the credentials is verified and decoded once, and DID documents resolved once.
//! `--explain` writes each input's full report to standard error as its result is written.

use std::io::Write;

use openbadges::document::Document;
use openbadges::fetch::{Fetched, MemoryFetcher};
use openbadges::report::{Finding, JsonPath, Report, Severity};
use openbadges::validate;
use openbadges::verify::{ExpectedRecipient, Policy, Verdict, VerificationReport, Verifier};
use serde_json::json;

use crate::input::{self, Input};
use crate::output::{self, FileResult, Format};

/// The finding added when the verdict is indeterminate.
const INDETERMINATE: &str = "verify.indeterminate";

/// Output formats of `verify`: those of `validate` plus JSON lines.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum VerifyFormat {
    /// One line per file and per finding, for people.
    Text,
    /// One JSON document with per-file results and findings.
    Json,
    /// One JSON object per input: `file`, `verified`, `verdict`, `findings`.
    Jsonl,
    /// JUnit XML: one test case per file.
    Junit,
    /// GitHub Actions workflow commands.
    Github,
}

/// Arguments of `openbadges verify`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Files or directories (searched recursively for *.json, *.jwt, *.jws, *.sd-jwt and
    /// baked *.png / *.svg); `-` reads standard input.
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = VerifyFormat::Text)]
    pub format: VerifyFormat,
    /// Verify at this instant (RFC 3339) instead of now.
    #[arg(long, value_name = "TIME")]
    pub at: Option<String>,
    /// The challenge a presentation's proof must carry.
    #[arg(long)]
    pub challenge: Option<String>,
    /// The domain a presentation's proof must carry.
    #[arg(long)]
    pub domain: Option<String>,
    /// The nonce an SD-JWT's key-binding JWT must carry (a KB-JWT is then required).
    #[arg(long)]
    pub nonce: Option<String>,
    /// The audience (`aud`) an SD-JWT's key-binding JWT must name (a KB-JWT is then
    /// required).
    #[arg(long)]
    pub audience: Option<String>,
    /// The oldest SD-JWT key-binding JWT accepted, in seconds since its `iat` (default 300);
    /// `any` accepts any age (the nonce alone then guards against replay).
    #[arg(long, value_name = "SECONDS|any")]
    pub kb_max_age: Option<String>,
    /// Fetch did:web documents, controller documents and status lists over HTTPS.
    #[arg(long)]
    pub online: bool,
    /// Serve URL from FILE (a status list, a DID or controller document); repeatable.
    #[arg(long = "resource", value_name = "URL=FILE")]
    pub resources: Vec<String>,
    /// The expected recipient: a subject id (URI), or TYPE:VALUE for an identifier
    /// (`emailAddress:alice@example.com`).
    #[arg(long)]
    pub recipient: Option<String>,
    /// Print every report in full: proofs (suite, key, controller), nested credentials, and
    /// each proof's intermediate values (canonical N-Quads of the document and of the proof
    /// configuration, hashData).
    #[arg(long)]
    pub explain: bool,
    /// Check signatures only, not that the key is controlled by the issuer (or holder): for
    /// bare proof test vectors. Dangerous: any key then signs for any issuer. Every affected
    /// credential carries the warning `proof.issuer_binding_off`.
    #[arg(long)]
    pub proof_only: bool,
}

fn recipient(text: &str) -> ExpectedRecipient {
    let looks_like_uri =
        text.contains("://") || text.starts_with("did:") || text.starts_with("urn:");
    match text.split_once(':') {
        Some((kind, value)) if !looks_like_uri && !kind.is_empty() && !value.is_empty() => {
            ExpectedRecipient::Identity {
                identity_type: Some(kind.to_owned()),
                value: value.to_owned(),
            }
        }
        _ => ExpectedRecipient::Id(text.to_owned()),
    }
}

/// The verifier `args` ask for (policy, resources, online fetching).
pub fn build(args: &Args) -> Result<Verifier, String> {
    let mut policy = Policy::builder();
    if let Some(at) = &args.at {
        let instant = chrono::DateTime::parse_from_rfc3339(at)
            .map_err(|e| format!("--at {at}: {e}"))?
            .with_timezone(&chrono::Utc);
        policy = policy.at(instant);
    }
    if let Some(c) = &args.challenge {
        policy = policy.challenge(c);
    }
    if let Some(d) = &args.domain {
        policy = policy.domain(d);
    }
    if let Some(r) = &args.recipient {
        policy = policy.recipient(recipient(r));
    }
    if let Some(n) = &args.nonce {
        policy = policy.nonce(n);
    }
    if let Some(a) = &args.audience {
        policy = policy.audience(a);
    }
    if let Some(age) = &args.kb_max_age {
        let age = match age.as_str() {
            "any" => None,
            seconds => Some(std::time::Duration::from_secs(seconds.parse().map_err(
                |e| format!("--kb-max-age {seconds}: expected seconds or `any` ({e})"),
            )?)),
        };
        policy = policy.key_binding_max_age(age);
    }
    let policy = policy
        .debug(args.explain)
        .issuer_binding(!args.proof_only)
        .build()
        .map_err(|e| e.to_string())?;
    let mut fetcher = MemoryFetcher::new();
    for resource in &args.resources {
        let (url, file) = resource
            .split_once('=')
            .ok_or_else(|| format!("--resource {resource}: expected URL=FILE"))?;
        let bytes = std::fs::read(file).map_err(|e| format!("--resource {file}: {e}"))?;
        fetcher.insert(url, Fetched::new(bytes, None));
    }
    if args.online {
        return online(policy, fetcher);
    }
    Ok(Verifier::builder().policy(policy).fetcher(fetcher).build())
}

#[cfg(feature = "http")]
fn online(policy: Policy, fetcher: MemoryFetcher) -> Result<Verifier, String> {
    /// Resources given on the command line first, then HTTPS.
    #[derive(Clone)]
    struct Both(MemoryFetcher, openbadges::fetch::HttpFetcher);
    impl openbadges::fetch::Fetcher for Both {
        fn fetch(&self, url: &str) -> Result<Fetched, openbadges::fetch::FetchError> {
            self.0.fetch(url).or_else(|_| self.1.fetch(url))
        }
    }
    Ok(Verifier::builder()
        .policy(policy)
        .fetcher(Both(fetcher, openbadges::fetch::HttpFetcher::new()))
        .build())
}

#[cfg(not(feature = "http"))]
fn online(_: Policy, _: MemoryFetcher) -> Result<Verifier, String> {
    Err("--online needs a build with the `http` feature (cargo build --features http)".into())
}

/// One input judged: the small result kept for the output (the document and the full
/// report are dropped as soon as this is built).
struct Judged {
    result: FileResult,
    /// `valid`, `invalid`, `indeterminate` or `unreadable`.
    verdict: String,
    /// The full report as text, with `--explain`.
    explained: Option<String>,
}

/// Runs the command; returns the exit code.
pub fn run(args: Args) -> u8 {
    let verifier = match build(&args) {
        Ok(v) => v,
        Err(e) => {
            eprintln!("openbadges verify: {e}");
            return crate::EXIT_ERROR;
        }
    };
    let sources = input::list_inputs(&args.paths);
    let progress = output::progress_bar(sources.len());
    let stdout = std::io::stdout();
    let stderr = std::io::stderr();
    let mut out = stdout.lock();
    let mut err = stderr.lock();
    let format = match args.format {
        VerifyFormat::Json => Format::Json,
        VerifyFormat::Junit => Format::Junit,
        VerifyFormat::Github => Format::Github,
        VerifyFormat::Text | VerifyFormat::Jsonl => Format::Text,
    };
    let mut renderer = output::Renderer::new(format);
    let mut summary = output::Summary::default();
    // Inputs are read and verified a chunk at a time; each result is written, in input
    // order, as its chunk completes: memory stays flat however many files there are.
    let written = output::judge_in_order(
        sources,
        |source| {
            let judged = judge(&verifier, source.read(), args.explain);
            if let Some(bar) = &progress {
                bar.inc(1);
            }
            judged
        },
        |judged| {
            if let Some(text) = &judged.explained {
                err.write_all(text.as_bytes())?;
            }
            if args.format == VerifyFormat::Jsonl {
                summary.add(&judged.result);
                jsonl(&judged, &mut out)
            } else {
                renderer.push(judged.result, &mut out)
            }
        },
    );
    if let Some(bar) = progress {
        bar.finish_and_clear();
    }
    let written = written
        .and_then(|()| {
            if args.format == VerifyFormat::Jsonl {
                writeln!(err, "{}", summary.line()).map(|()| summary)
            } else {
                renderer.finish(&mut out, &mut err)
            }
        })
        .and_then(|summary| out.flush().map(|()| summary));
    match written {
        Ok(summary) => summary.exit_code(),
        Err(e) => {
            if e.kind() != std::io::ErrorKind::BrokenPipe {
                eprintln!("openbadges verify: cannot write the report: {e}");
            }
            crate::EXIT_ERROR
        }
    }
}

fn jsonl(judged: &Judged, out: &mut dyn Write) -> std::io::Result<()> {
    let result = &judged.result;
    let findings: Vec<serde_json::Value> = result
        .report
        .findings()
        .iter()
        .map(|f| {
            json!({"code": f.code, "severity": f.severity, "path": f.path.to_string(), "message": f.message})
        })
        .collect();
    let mut line = json!({
        "file": result.name,
        "verified": result.is_valid(),
        "verdict": judged.verdict,
        "findings": findings,
        "checks": result.checks,
    });
    if let Some(reason) = &result.unreadable {
        line["error"] = json!(reason);
    }
    writeln!(out, "{line}")
}

/// The `--explain` text of one input: its name, then every report in full.
fn explain(name: &str, report: Option<&VerificationReport>) -> String {
    fn proofs(
        report: &VerificationReport,
        level: usize,
        out: &mut dyn Write,
    ) -> std::io::Result<()> {
        let indent = "  ".repeat(level);
        writeln!(
            out,
            "{indent}{} {:?} at {}",
            report.verdict(),
            report.kind(),
            report.path()
        )?;
        if let Some(issuer) = report.issuer() {
            writeln!(out, "{indent}  issuer {issuer}")?;
        }
        for p in report.proofs() {
            writeln!(
                out,
                "{indent}  proof {} {} key {} controller {} {}",
                p.outcome.path,
                p.outcome.suite,
                p.outcome.verification_method.as_deref().unwrap_or("-"),
                p.outcome.controller.as_deref().unwrap_or("-"),
                if p.accepted {
                    "accepted"
                } else {
                    "not accepted"
                }
            )?;
            for (name, value) in &p.outcome.debug {
                writeln!(out, "{indent}    {name}:")?;
                for line in value.lines() {
                    writeln!(out, "{indent}      {line}")?;
                }
            }
        }
        for f in report.findings() {
            writeln!(out, "{indent}  - {f}")?;
        }
        for n in report.nested() {
            proofs(n, level + 1, out)?;
        }
        Ok(())
    }
    let mut out = Vec::new();
    let written = writeln!(out, "== {name}").and_then(|()| match report {
        Some(report) => proofs(report, 0, &mut out),
        None => Ok(()),
    });
    debug_assert!(written.is_ok(), "writing to a Vec cannot fail");
    String::from_utf8_lossy(&out).into_owned()
}

fn unreadable(name: String, reason: String, explain: bool) -> Judged {
    Judged {
        explained: explain.then(|| self::explain(&name, None)),
        result: FileResult {
            name,
            report: Report::new(),
            positions: Vec::new(),
            unreadable: Some(reason),
            checks: Vec::new(),
        },
        verdict: "unreadable".to_owned(),
    }
}

/// Parses and verifies one input.
fn judge(verifier: &Verifier, input: Input, explain: bool) -> Judged {
    let bytes = match input.bytes {
        Ok(bytes) => bytes,
        Err(e) => {
            let result = FileResult::input_failure(input.name, &e);
            let verdict = if result.unreadable.is_some() {
                "unreadable"
            } else {
                "invalid"
            };
            return Judged {
                explained: explain.then(|| self::explain(&result.name, None)),
                verdict: verdict.to_owned(),
                result,
            };
        }
    };
    let (document, verification) = if let Some(token) = input::as_jws(&bytes) {
        match verifier.verify_jwt(token) {
            Ok(verification) => (None, verification),
            Err(e) => return unreadable(input.name, e.to_string(), explain),
        }
    } else if let Some(sd_jwt) = input::as_sd_jwt(&bytes) {
        match verifier.verify_sd_jwt(sd_jwt) {
            Ok(verification) => (None, verification),
            Err(e) => return unreadable(input.name, e.to_string(), explain),
        }
    } else {
        match Document::from_slice(&bytes) {
            Ok(doc) => {
                let verification = verifier.verify(&doc);
                (Some(doc), verification)
            }
            Err(e) => {
                let mut report = Report::new();
                report.push(validate::parse_finding(&e));
                let result = FileResult {
                    name: input.name,
                    positions: vec![validate::parse_position(&e)],
                    report,
                    unreadable: None,
                    checks: Vec::new(),
                };
                return Judged {
                    explained: explain.then(|| self::explain(&result.name, None)),
                    verdict: Verdict::Invalid.to_string(),
                    result,
                };
            }
        }
    };
    drop(bytes);
    let mut report = Report::new();
    let mut positions = Vec::new();
    for (owner, finding) in verification.all_findings() {
        // Findings of fetched documents (status lists) point into those, not this file.
        positions.push(match &document {
            Some(document) if owner.url().is_none() => {
                output::locate(document.as_str(), &finding.path)
            }
            _ => None,
        });
        report.push(finding.clone());
    }
    if verification.verdict() == Verdict::Indeterminate {
        report.push(Finding::new(
            INDETERMINATE,
            Severity::Error,
            JsonPath::root(),
            "the verdict is indeterminate: something needed could not be obtained or checked",
        ));
        positions.push(None);
    }
    Judged {
        explained: explain.then(|| self::explain(&input.name, Some(&verification))),
        verdict: verification.verdict().to_string(),
        result: FileResult {
            name: input.name,
            report,
            positions,
            unreadable: None,
            checks: verification.checks().to_vec(),
        },
    }
}
