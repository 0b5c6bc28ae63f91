//! `openbadges validate PATH...`: schema and rule validation of many files, in parallel.
//!
//! Inputs are files, directories (recursively, `*.json`) and `-` (standard input). Results are
//! printed in input order whatever the parallel schedule, as they are judged: inputs are read
//! a bounded chunk at a time, so memory does not grow with their number.
//!
//! Verdicts and exit codes:
//! - a file that is not acceptable JSON (malformed, not UTF-8, too deep, too large, duplicate
//!   member) is judged **invalid**, with a `parse.*` finding naming line and column;
//! - a file that cannot be read at all (missing, permission denied) is **unreadable**: it is
//!   reported beside the others, and the exit code is 2, because the verdict is incomplete;
//! - otherwise the exit code is 1 if some file is invalid, else 0 (warnings do not count).

use std::io::Write;

use openbadges::document::Document;
use openbadges::report::Report;
use openbadges::validate::{self, Kind, Validator};

use crate::input::{self, Input};
use crate::output::{self, FileResult, Format};

/// What to validate the documents as, when not detected from `type`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum KindArg {
    /// Detect from `type` (AchievementCredential / OpenBadgeCredential, EndorsementCredential,
    /// ClrCredential).
    Auto,
    /// An OB 3.0 Profile.
    Profile,
    /// An OB API GetOpenBadgeCredentialsResponse.
    GetOpenBadgeCredentialsResponse,
    /// A CLR API GetClrCredentialsResponse.
    GetClrCredentialsResponse,
    /// An OB API Imsx_StatusInfo.
    ImsxStatusInfo,
}

impl KindArg {
    fn kind(self) -> Option<Kind> {
        match self {
            KindArg::Auto => None,
            KindArg::Profile => Some(Kind::Profile),
            KindArg::GetOpenBadgeCredentialsResponse => Some(Kind::GetOpenBadgeCredentialsResponse),
            KindArg::GetClrCredentialsResponse => Some(Kind::GetClrCredentialsResponse),
            KindArg::ImsxStatusInfo => Some(Kind::ImsxStatusInfo),
        }
    }
}

/// Arguments of `openbadges validate`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Files or directories (searched recursively for *.json); `-` reads standard input.
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Validate as this kind instead of detecting it from `type`.
    #[arg(long, value_enum, default_value_t = KindArg::Auto)]
    pub kind: KindArg,
}

/// Runs the command; returns the exit code.
pub fn run(args: Args) -> u8 {
    let validator = match Validator::new() {
        Ok(v) => v,
        Err(e) => {
            eprintln!("openbadges validate: {e}");
            return crate::EXIT_ERROR;
        }
    };
    let sources = input::list_inputs(&args.paths);
    let progress = output::progress_bar(sources.len());
    let kind = args.kind.kind();
    let stdout = std::io::stdout();
    let stderr = std::io::stderr();
    let mut out = stdout.lock();
    let mut err = stderr.lock();
    let mut renderer = output::Renderer::new(args.format);
    // Inputs are read and judged a chunk at a time; results are written in input order as
    // each chunk completes, so memory stays flat however many files there are.
    let written = output::judge_in_order(
        sources,
        |source| {
            let result = judge(&validator, source.read(), kind);
            if let Some(bar) = &progress {
                bar.inc(1);
            }
            result
        },
        |result| renderer.push(result, &mut out),
    );
    if let Some(bar) = progress {
        bar.finish_and_clear();
    }
    let written = written
        .and_then(|()| renderer.finish(&mut out, &mut err))
        .and_then(|summary| out.flush().map(|()| summary));
    match written {
        Ok(summary) => summary.exit_code(),
        Err(e) => {
            if e.kind() != std::io::ErrorKind::BrokenPipe {
                eprintln!("openbadges validate: cannot write the report: {e}");
            }
            crate::EXIT_ERROR
        }
    }
}

/// Parses and validates one input.
fn judge(validator: &Validator, input: Input, kind: Option<Kind>) -> FileResult {
    let bytes = match input.bytes {
        Ok(bytes) => bytes,
        Err(e) => return FileResult::input_failure(input.name, &e),
    };
    if let Some(token) = input::as_jws(&bytes) {
        return judge_jws(validator, input.name, token, kind);
    }
    match Document::from_slice(&bytes) {
        Err(e) => {
            let mut report = Report::new();
            report.push(validate::parse_finding(&e));
            FileResult {
                name: input.name,
                positions: vec![validate::parse_position(&e)],
                report,
                unreadable: None,
                checks: Vec::new(),
            }
        }
        Ok(doc) => {
            let report = match kind {
                Some(k) => validator.validate_as(&doc, k),
                None => validator.validate(&doc),
            };
            let positions = report
                .findings()
                .iter()
                .map(|f| output::locate(doc.as_str(), &f.path))
                .collect();
            FileResult {
                name: input.name,
                report,
                positions,
                unreadable: None,
                checks: Vec::new(),
            }
        }
    }
}

/// Validates the credential carried by a JWS (the payload, or its `vc` claim for the VCDM 1.1
/// form). The signature is not checked here: that is `openbadges verify`'s job.
fn judge_jws(validator: &Validator, name: String, token: &str, kind: Option<Kind>) -> FileResult {
    let root = openbadges::report::JsonPath::root();
    let mut report = Report::new();
    match openbadges::jose::CompactJws::decode(token, &openbadges::jose::JwsLimits::default()) {
        Err(e) => report.push(openbadges::report::Finding::error(
            "jwt.malformed",
            root,
            e.to_string(),
        )),
        Ok(jws) => {
            let payload = jws.payload().value();
            let credential = payload.get("vc").unwrap_or(payload);
            report.push(openbadges::report::Finding::info(
                "jwt.payload",
                root,
                "validated the credential inside the JWS; its signature is checked by `verify`",
            ));
            let doc = Document::from_value(credential.clone());
            report.extend(match kind {
                Some(k) => validator.validate_as(&doc, k),
                None => validator.validate(&doc),
            });
        }
    }
    FileResult {
        name,
        positions: vec![None; report.findings().len()],
        report,
        unreadable: None,
        checks: Vec::new(),
    }
}
