//! `openbadges explain FILE...`: what a credential means, for the employer who reads it:
//! the verdict in plain words, then who, what, skills, results, evidence and dates, as
//! text, Markdown, a self-contained HTML page or JSON.
//!
//! `--compare` sets two or more credentials side by side; `--skills` rolls up every skill
//! across the credentials given (a folder of one learner's credentials, CLR members
//! included). Inputs are those of `verify` (JSON, JWT, SD-JWT, baked PNG/SVG; directories
//! searched recursively), verified offline with `--at` and `--resource` as in `verify`.
//! Exit codes follow `verify`: 0 when every credential verified, 1 when one did not, 2 on a
//! usage or I/O error.

use std::io::Write;

use openbadges::explain::{self, Explanation, Format, Options};

use crate::input;
use crate::verify::{self, VerifyFormat};

/// Output formats of `explain`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum ExplainFormat {
    /// Plain text.
    Text,
    /// Markdown.
    Markdown,
    /// One self-contained HTML page.
    Html,
    /// The view model as JSON.
    Json,
}

/// Arguments of `openbadges explain`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Credentials, presentations, CLRs, JWTs or baked images; directories are searched
    /// recursively; `-` reads standard input.
    #[arg(required = true, value_name = "FILE")]
    pub paths: Vec<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ExplainFormat::Text)]
    pub format: ExplainFormat,
    /// The reader's language (BCP 47) for language maps, with fallback.
    #[arg(long, value_name = "TAG")]
    pub lang: Option<String>,
    /// Set the credentials side by side (two or more).
    #[arg(long, conflicts_with = "skills")]
    pub compare: bool,
    /// Roll up every skill across the credentials (CLR members included).
    #[arg(long)]
    pub skills: bool,
    /// Verify at this instant (RFC 3339) instead of now.
    #[arg(long, value_name = "TIME")]
    pub at: Option<String>,
    /// Serve URL from FILE (a status list, a DID or controller document); repeatable.
    #[arg(long = "resource", value_name = "URL=FILE")]
    pub resources: Vec<String>,
    /// Fetch did:web documents, controller documents and status lists over HTTPS.
    #[arg(long)]
    pub online: bool,
}

/// Runs the command; returns the exit code.
pub fn run(args: Args) -> u8 {
    let verifier = match verify::build(&verify::Args {
        paths: Vec::new(),
        format: VerifyFormat::Text,
        at: args.at.clone(),
        challenge: None,
        domain: None,
        nonce: None,
        audience: None,
        kb_max_age: None,
        online: args.online,
        resources: args.resources.clone(),
        recipient: None,
        explain: false,
        proof_only: false,
    }) {
        Ok(v) => v,
        Err(e) => {
            eprintln!("openbadges explain: {e}");
            return crate::EXIT_ERROR;
        }
    };
    let options = match &args.lang {
        Some(tag) => Options::new().lang(tag),
        None => Options::new(),
    };
    let mut code = crate::EXIT_VALID;
    let mut explanations: Vec<Explanation> = Vec::new();
    for source in input::list_inputs(&args.paths) {
        let input = source.read();
        let bytes = match input.bytes {
            Ok(bytes) => bytes,
            Err(e) => {
                eprintln!("openbadges explain: {}: {e}", input.name);
                code = crate::EXIT_ERROR;
                continue;
            }
        };
        match verifier.verify_bytes(&bytes) {
            Ok(report) => {
                let explanation = explain::explain(&report, &options);
                if !explanation.trust.verified() {
                    code = code.max(crate::EXIT_INVALID);
                }
                explanations.push(explanation);
            }
            Err(e) => {
                eprintln!("openbadges explain: {}: not a credential: {e}", input.name);
                code = code.max(crate::EXIT_INVALID);
            }
        }
    }
    if args.compare && explanations.len() < 2 {
        eprintln!(
            "openbadges explain: --compare needs two or more credentials, found {}",
            explanations.len()
        );
        return crate::EXIT_ERROR;
    }
    if explanations.is_empty() {
        return code.max(crate::EXIT_INVALID);
    }
    let format = match args.format {
        ExplainFormat::Text => Format::Text,
        ExplainFormat::Markdown => Format::Markdown,
        ExplainFormat::Html => Format::Html,
        ExplainFormat::Json => Format::Json,
    };
    let page = if args.compare {
        explain::render_comparison(&explanations, format, &options)
    } else if args.skills {
        explain::render_skills(&explanations, format, &options)
    } else {
        explain::render(&explanations, format, &options)
    };
    let mut out = std::io::stdout().lock();
    match out.write_all(page.as_bytes()).and_then(|()| out.flush()) {
        Ok(()) => code,
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => code,
        Err(e) => {
            eprintln!("openbadges explain: cannot write: {e}");
            crate::EXIT_ERROR
        }
    }
}
