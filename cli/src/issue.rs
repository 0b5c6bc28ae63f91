//! `openbadges issue`: validate a credential and sign it with a Data Integrity proof
//! (`--format di`, the default) or as a JWT (`--format jwt`: OB 3.0 §8.2 VC-JWT with
//! `iss`/`jti`/`sub`/`nbf`/`exp`; `--format vc+jwt`: VC-JOSE-COSE, the credential as payload).
//!
//! The key file is the JSON printed by `openbadges keygen --format json` (its
//! `secretKeyMultibase` and `verificationMethod`) or a bare multibase secret key (the
//! verification method is then its did:key). The signed credential goes to stdout, or to
//! `--output`.

use std::path::PathBuf;

use clap::Parser;
use openbadges::crypto::{SecretKey, Signer as _};
use openbadges::issue::{IssueError, IssueOptions, Issuer};
use openbadges::jose::{JwtForm, JwtIssueOptions};
use openbadges::proof::Cryptosuite;
use openbadges::{Document, ParseLimits};
use serde_json::Value;

use crate::{EXIT_ERROR, EXIT_INVALID, EXIT_VALID};

/// Arguments of `openbadges issue`.
#[derive(Debug, Parser)]
pub struct Args {
    /// The key: keygen's JSON output, or a multibase secret key.
    #[arg(long)]
    key: PathBuf,
    /// The cryptosuite: eddsa-rdfc-2022, eddsa-jcs-2022, ecdsa-rdfc-2019, ecdsa-jcs-2019,
    /// or ecdsa-sd-2023 (a selective-disclosure base proof for the holder; P-256/P-384 key).
    #[arg(long, default_value = "eddsa-rdfc-2022")]
    suite: String,
    /// ecdsa-sd-2023: a JSON pointer every disclosure must reveal (repeatable). Default:
    /// the Open Badges mandatory set (issuer, validity, status, subject type and id,
    /// achievement).
    #[arg(long = "mandatory", value_name = "POINTER")]
    mandatory: Vec<String>,
    /// The proof's `created` (RFC 3339); default now. `none` omits it.
    #[arg(long)]
    created: Option<String>,
    /// Overrides the verification method written into the proof.
    #[arg(long)]
    verification_method: Option<String>,
    /// Skip schema validation (JSON-LD safe mode still applies).
    #[arg(long)]
    no_validate: bool,
    /// Write the signed credential here instead of stdout.
    #[arg(long, short)]
    output: Option<PathBuf>,
    /// How to secure it: `di` (embedded Data Integrity proof, `--suite`), `jwt` (OB 3.0 VC-JWT)
    /// or `vc+jwt` (VC-JOSE-COSE). The JWT algorithm follows the key (EdDSA, ES256, ES384).
    #[arg(long, default_value = "di", value_parser = ["di", "jwt", "vc+jwt"])]
    format: String,
    /// The unsigned credential (`-` for stdin).
    credential: PathBuf,
}

fn read(path: &PathBuf) -> Result<Vec<u8>, String> {
    if path.as_os_str() == "-" {
        let mut bytes = Vec::new();
        std::io::Read::read_to_end(&mut std::io::stdin(), &mut bytes)
            .map_err(|e| format!("stdin: {e}"))?;
        Ok(bytes)
    } else {
        std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))
    }
}

/// The secret key and verification method of a key file.
fn load_key(path: &PathBuf) -> Result<(SecretKey, String), String> {
    let bytes = read(path)?;
    let text = String::from_utf8(bytes).map_err(|_| format!("{}: not UTF-8", path.display()))?;
    let text = text.trim();
    let (secret, method) = if text.starts_with('{') {
        let value: Value =
            serde_json::from_str(text).map_err(|e| format!("{}: {e}", path.display()))?;
        let secret = value
            .get("secretKeyMultibase")
            .and_then(Value::as_str)
            .ok_or_else(|| format!("{}: no `secretKeyMultibase` string", path.display()))?;
        let method = value
            .get("verificationMethod")
            .and_then(Value::as_str)
            .map(str::to_owned);
        (secret.to_owned(), method)
    } else {
        (text.to_owned(), None)
    };
    let key = SecretKey::from_multibase(&secret).map_err(|e| format!("{}: {e}", path.display()))?;
    let method = match method {
        Some(m) => m,
        None => key
            .public_key()
            .did_key_method_id()
            .ok_or_else(|| format!("{}: this key type has no did:key form", path.display()))?,
    };
    Ok((key, method))
}

/// Runs the subcommand; returns the exit code.
pub fn run(args: Args) -> u8 {
    match issue(&args) {
        Ok(code) => code,
        Err(message) => {
            eprintln!("openbadges issue: {message}");
            EXIT_ERROR
        }
    }
}

fn issue(args: &Args) -> Result<u8, String> {
    if args.suite == openbadges::sd::CRYPTOSUITE {
        return issue_sd(args);
    }
    if !args.mandatory.is_empty() {
        return Err("--mandatory applies to --suite ecdsa-sd-2023 only".into());
    }
    let suite = Cryptosuite::from_name(&args.suite)
        .filter(|s| s.can_sign())
        .ok_or_else(|| {
            let names: Vec<&str> = Cryptosuite::ALL.iter().map(|s| s.name()).collect();
            format!(
                "unknown suite `{}` (one of {})",
                args.suite,
                names.join(", ")
            )
        })?;
    let (key, method) = load_key(&args.key)?;
    let signer = key.into_signer(args.verification_method.clone().unwrap_or(method));
    // A JWT is not a Data Integrity proof: its issuer validates (schema, rules, JSON-LD safe
    // mode) and signs the JWS with the key's algorithm.
    let mut issuer = if args.format == "di" {
        Issuer::new(signer, suite)
    } else {
        Issuer::for_jwt(signer)
    }
    .map_err(|e| e.to_string())?;
    if args.no_validate {
        issuer = issuer.without_validation();
    }
    let bytes = read(&args.credential)?;
    let document = Document::from_slice_with(&bytes, ParseLimits::default())
        .map_err(|e| format!("{}: {e}", args.credential.display()))?;
    let mut options = IssueOptions::new();
    match args.created.as_deref() {
        None => options = options.created_now(),
        Some("none") => {}
        Some(created) => {
            warn_if_future(created);
            options = options.created(created);
        }
    }
    let signed: Result<String, Failure> = match args.format.as_str() {
        "di" => issuer
            .issue_document(&document, &options)
            .map_err(Failure::Issue)
            .and_then(|signed| {
                serde_json::to_string_pretty(signed.value())
                    .map_err(|e| Failure::Other(format!("serializing: {e}")))
            }),
        form => {
            let form = if form == "jwt" {
                JwtForm::Ob3
            } else {
                JwtForm::VcJose
            };
            issuer
                .issue_jwt(document.value(), &JwtIssueOptions::new(form))
                .map_err(Failure::Issue)
        }
    };
    match signed {
        Ok(text) => {
            let pretty = text + "\n";
            match &args.output {
                Some(path) => {
                    std::fs::write(path, pretty).map_err(|e| format!("{}: {e}", path.display()))?
                }
                None => print!("{pretty}"),
            }
            Ok(EXIT_VALID)
        }
        Err(Failure::Other(message)) => Err(message),
        Err(Failure::Issue(IssueError::Invalid { report })) => {
            eprintln!(
                "openbadges issue: {}: not signed, the credential is not valid:",
                args.credential.display()
            );
            for f in report.findings() {
                eprintln!("  {} {} at {}: {}", f.severity, f.code, f.path, f.message);
            }
            Ok(EXIT_INVALID)
        }
        Err(Failure::Issue(e @ IssueError::JsonLd(_))) => {
            eprintln!(
                "openbadges issue: {}: not signed: {e}",
                args.credential.display()
            );
            Ok(EXIT_INVALID)
        }
        Err(Failure::Issue(e)) => Err(e.to_string()),
    }
}

/// `--suite ecdsa-sd-2023`: validated (as for ecdsa-rdfc-2019), then a base proof.
fn issue_sd(args: &Args) -> Result<u8, String> {
    if args.format != "di" {
        return Err("--suite ecdsa-sd-2023 is a Data Integrity proof (--format di)".into());
    }
    let (key, method) = load_key(&args.key)?;
    let method = args.verification_method.clone().unwrap_or(method);
    let signer = key.into_signer(method);
    let bytes = read(&args.credential)?;
    let document = Document::from_slice_with(&bytes, ParseLimits::default())
        .map_err(|e| format!("{}: {e}", args.credential.display()))?;
    if !args.no_validate {
        // The checker gets its own copy of the key (it keeps its signer).
        let (check_key, _) = load_key(&args.key)?;
        let checker = Issuer::new(
            check_key.into_signer(signer.key_id().to_owned()),
            Cryptosuite::EcdsaRdfc2019,
        )
        .map_err(|e| e.to_string())?;
        match checker.check(document.value()) {
            Ok(_) => {}
            Err(IssueError::Invalid { report }) => {
                eprintln!(
                    "openbadges issue: {}: not signed, the credential is not valid:",
                    args.credential.display()
                );
                for f in report.findings() {
                    eprintln!("  {} {} at {}: {}", f.severity, f.code, f.path, f.message);
                }
                return Ok(EXIT_INVALID);
            }
            Err(e) => {
                eprintln!(
                    "openbadges issue: {}: not signed: {e}",
                    args.credential.display()
                );
                return Ok(EXIT_INVALID);
            }
        }
    }
    let mandatory = if args.mandatory.is_empty() {
        openbadges::sd::default_mandatory_pointers(document.value())
    } else {
        args.mandatory.clone()
    };
    let mut options = openbadges::sd::BaseProofOptions::new(mandatory);
    match args.created.as_deref() {
        None => {}
        Some("none") => return Err("ecdsa-sd-2023 proofs always carry `created`".into()),
        Some(created) => {
            warn_if_future(created);
            options = options.created(created);
        }
    }
    let signed = openbadges::sd::add_base_proof_with(
        document.value(),
        &signer,
        &openbadges::proof::RdfcCanonicalizer::new(),
        &options,
    )
    .map_err(|e| format!("{}: {e}", args.credential.display()))?;
    let text = serde_json::to_string_pretty(&signed).map_err(|e| format!("serializing: {e}"))?;
    match &args.output {
        Some(path) => {
            std::fs::write(path, text + "\n").map_err(|e| format!("{}: {e}", path.display()))?
        }
        None => println!("{text}"),
    }
    Ok(EXIT_VALID)
}

/// Why signing stopped: the library's refusal, or a CLI-level problem.
enum Failure {
    Issue(IssueError),
    Other(String),
}

/// Warns on standard error when `--created` is later than now beyond the verifier's clock
/// allowance ([`CREATED_IN_FUTURE_LEEWAY`](openbadges::proof::CREATED_IN_FUTURE_LEEWAY)):
/// every verifier will report `proof.created_future`. The proof is still made, as asked.
fn warn_if_future(created: &str) {
    if let Ok(t) = chrono::DateTime::parse_from_rfc3339(created)
        && t > chrono::Utc::now() + openbadges::proof::CREATED_IN_FUTURE_LEEWAY
    {
        eprintln!(
            "openbadges issue: warning: --created {created} is in the future; verifiers will report proof.created_future"
        );
    }
}
