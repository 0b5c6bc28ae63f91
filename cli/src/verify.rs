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

use std::io::Write;

use openbadges::document::Document;
use openbadges::report::{Finding, JsonPath, Report, Severity};
use openbadges::resolve::{Fetched, StaticFetcher};
use openbadges::validate;
use openbadges::verify::{self, ExpectedRecipient, Policy, Verdict, VerificationReport, Verifier};
use rayon::prelude::*;
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
    /// Print every report in full: proofs (suite, key, controller), nested credentials.
    #[arg(long)]
    pub explain: bool,
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

fn build(args: &Args) -> Result<Verifier, String> {
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
    let policy = policy.build().map_err(|e| e.to_string())?;
    let mut fetcher = StaticFetcher::new();
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
    Ok(verify::standard(policy, fetcher))
}

#[cfg(feature = "http")]
fn online(policy: Policy, fetcher: StaticFetcher) -> Result<Verifier, String> {
    /// Resources given on the command line first, then HTTPS.
    #[derive(Clone)]
    struct Both(StaticFetcher, openbadges::resolve::HttpFetcher);
    impl openbadges::resolve::Fetcher for Both {
        fn fetch(&self, url: &str) -> Result<Fetched, openbadges::resolve::FetchError> {
            self.0.fetch(url).or_else(|_| self.1.fetch(url))
        }
    }
    Ok(verify::standard(
        policy,
        Both(fetcher, openbadges::resolve::HttpFetcher::new()),
    ))
}

#[cfg(not(feature = "http"))]
fn online(_: Policy, _: StaticFetcher) -> Result<Verifier, String> {
    Err("--online needs a build with the `http` feature (cargo build --features http)".into())
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
    let inputs = input::read_inputs(&args.paths);
    let progress = output::progress_bar(inputs.len());
    let judged: Vec<(FileResult, Option<VerificationReport>)> = inputs
        .into_par_iter()
        .map(|input| {
            let result = judge(&verifier, input);
            if let Some(bar) = &progress {
                bar.inc(1);
            }
            result
        })
        .collect();
    if let Some(bar) = progress {
        bar.finish_and_clear();
    }
    let stdout = std::io::stdout();
    let stderr = std::io::stderr();
    let mut out = stdout.lock();
    let mut err = stderr.lock();
    let results: Vec<FileResult> = judged.iter().map(|(r, _)| clone_result(r)).collect();
    let written = match args.format {
        VerifyFormat::Jsonl => jsonl(&judged, &mut out)
            .and_then(|()| writeln!(err, "{}", output::Summary::of(&results).line())),
        other => {
            let format = match other {
                VerifyFormat::Json => Format::Json,
                VerifyFormat::Junit => Format::Junit,
                VerifyFormat::Github => Format::Github,
                _ => Format::Text,
            };
            output::render(format, &results, &mut out, &mut err)
        }
    }
    .and_then(|()| {
        if args.explain {
            explain(&judged, &mut err)
        } else {
            Ok(())
        }
    })
    .and_then(|()| out.flush());
    if let Err(e) = written {
        if e.kind() != std::io::ErrorKind::BrokenPipe {
            eprintln!("openbadges verify: cannot write the report: {e}");
        }
        return crate::EXIT_ERROR;
    }
    output::Summary::of(&results).exit_code()
}

fn clone_result(r: &FileResult) -> FileResult {
    FileResult {
        name: r.name.clone(),
        report: r.report.clone(),
        positions: r.positions.clone(),
        unreadable: r.unreadable.clone(),
    }
}

fn jsonl(
    judged: &[(FileResult, Option<VerificationReport>)],
    out: &mut dyn Write,
) -> std::io::Result<()> {
    for (result, report) in judged {
        let verdict = match (&result.unreadable, report) {
            (Some(_), _) => "unreadable".to_owned(),
            (None, Some(r)) => r.verdict().to_string(),
            (None, None) => Verdict::Invalid.to_string(),
        };
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
            "verdict": verdict,
            "findings": findings,
        });
        if let Some(reason) = &result.unreadable {
            line["error"] = json!(reason);
        }
        writeln!(out, "{line}")?;
    }
    Ok(())
}

fn explain(
    judged: &[(FileResult, Option<VerificationReport>)],
    out: &mut dyn Write,
) -> std::io::Result<()> {
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
        }
        for f in report.findings() {
            writeln!(out, "{indent}  - {f}")?;
        }
        for n in report.nested() {
            proofs(n, level + 1, out)?;
        }
        Ok(())
    }
    for (result, report) in judged {
        writeln!(out, "== {}", result.name)?;
        if let Some(report) = report {
            proofs(report, 0, out)?;
        }
    }
    Ok(())
}

fn unreadable(name: String, reason: String) -> (FileResult, Option<VerificationReport>) {
    (
        FileResult {
            name,
            report: Report::new(),
            positions: Vec::new(),
            unreadable: Some(reason),
        },
        None,
    )
}

/// Parses and verifies one input.
fn judge(verifier: &Verifier, input: Input) -> (FileResult, Option<VerificationReport>) {
    let bytes = match input.bytes {
        Ok(bytes) => bytes,
        Err(e) => return (FileResult::input_failure(input.name, &e), None),
    };
    let (document, verification) = if let Some(token) = input::as_jws(&bytes) {
        match verifier.verify_jwt(token) {
            Ok(verification) => (None, verification),
            Err(e) => return unreadable(input.name, e.to_string()),
        }
    } else if let Some(sd_jwt) = input::as_sd_jwt(&bytes) {
        match verifier.verify_sd_jwt(sd_jwt) {
            Ok(verification) => (None, verification),
            Err(e) => return unreadable(input.name, e.to_string()),
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
                };
                return (result, None);
            }
        }
    };
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
    let result = FileResult {
        name: input.name,
        report,
        positions,
        unreadable: None,
    };
    (result, Some(verification))
}
