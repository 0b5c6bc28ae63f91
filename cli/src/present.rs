//! `openbadges present` and `openbadges derive`: a holder's presentation of credentials,
//! and a selective disclosure of one credential.
//!
//! Inputs: JSON credentials (embedded whole), compact `vc+jwt`s (enveloped), SD-JWT VCs
//! (`…~…~`; the `--reveal` pointers choose their disclosures). A JSON credential with an
//! ecdsa-sd-2023 base proof is derived: the issuer's mandatory claims plus those at
//! `--reveal`, with a derived proof. A `--reveal` selection on a JSON credential whose
//! proof cannot disclose selectively is refused with the reason.
//!
//! CLR 2.0: with `--clr-member ID_OR_INDEX` (repeatable), each `ClrCredential` input
//! contributes only the chosen member credentials of its
//! `credentialSubject.verifiableCredential` (by `id`, or by position from 0), each as a
//! separate credential with its own proof; other inputs are presented as usual. Without
//! it a CLR is presented whole, or, with `--reveal`, derived when its proof is an
//! ecdsa-sd-2023 base proof (and refused otherwise).

use std::io::Write;

use openbadges::crypto::{KeyType, SecretKey, Signer as _};
use openbadges::jose::sd_jwt::SdJwt;
use openbadges::present::{self, ClrMember, PresentationBuilder, PresentationProofOptions};
use openbadges::proof::{Cryptosuite, RdfcCanonicalizer};
use serde_json::Value;

use crate::input::read_inputs;

/// Presentation forms.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Form {
    /// A Data Integrity proof (`authentication`) on the JSON presentation.
    Di,
    /// A `vp+jwt`.
    Jwt,
}

/// Arguments of `openbadges present`.
#[derive(Debug, clap::Args)]
pub struct PresentArgs {
    /// The holder's secret key: a file with the JSON `keygen` prints (or a private JWK),
    /// or a `secretKeyMultibase` string.
    #[arg(long)]
    pub holder_key: String,
    /// The verifier's challenge.
    #[arg(long)]
    pub challenge: String,
    /// The verifier's domain.
    #[arg(long)]
    pub domain: Option<String>,
    /// JSON pointers of the claims to reveal (SD-JWT credentials and ecdsa-sd-2023 base
    /// proofs; repeatable).
    #[arg(long = "reveal", value_name = "POINTER")]
    pub reveal: Vec<String>,
    /// Present only this member credential of each ClrCredential input, by its `id` or
    /// by its position (from 0) in `credentialSubject.verifiableCredential` (repeatable).
    #[arg(long = "clr-member", value_name = "ID_OR_INDEX")]
    pub clr_member: Vec<String>,
    /// Presentation form.
    #[arg(long, value_enum, default_value = "di")]
    pub form: Form,
    /// Credential files (`-` for standard input).
    #[arg(required = true)]
    pub files: Vec<String>,
}

/// Arguments of `openbadges derive`.
#[derive(Debug, clap::Args)]
pub struct DeriveArgs {
    /// JSON pointers of the claims to reveal (repeatable).
    #[arg(long = "reveal", value_name = "POINTER")]
    pub reveal: Vec<String>,
    /// The holder's secret key, to add an SD-JWT key-binding JWT (needs --nonce and
    /// --audience).
    #[arg(long)]
    pub holder_key: Option<String>,
    /// The verifier's nonce for the key-binding JWT.
    #[arg(long, requires = "holder_key")]
    pub nonce: Option<String>,
    /// The verifier's audience for the key-binding JWT.
    #[arg(long, requires = "holder_key")]
    pub audience: Option<String>,
    /// The credential file (`-` for standard input).
    pub file: String,
}

fn fail(command: &str, message: impl std::fmt::Display) -> u8 {
    eprintln!("openbadges {command}: {message}");
    crate::EXIT_ERROR
}

/// Reads a secret key from a file (keygen JSON, or a private JWK) or a multibase string.
fn read_key(text: &str) -> Result<SecretKey, String> {
    let bytes = match std::fs::read(text) {
        Ok(bytes) => bytes,
        // A multibase key has no path separator or extension dot: anything else was meant
        // as a file, and its read error is the one to report.
        Err(e) if text.contains(['/', '\\', '.']) => {
            return Err(format!(
                "--holder-key: cannot read the key file {text}: {e}"
            ));
        }
        Err(io) => {
            return SecretKey::from_multibase(text.trim()).map_err(|e| {
                format!(
                    "--holder-key {text}: not a readable file ({io}) nor a multibase secret key ({e})"
                )
            });
        }
    };
    let json: Value =
        serde_json::from_slice(&bytes).map_err(|e| format!("{text}: not JSON: {e}"))?;
    if let Some(mb) = json.get("secretKeyMultibase").and_then(Value::as_str) {
        return SecretKey::from_multibase(mb).map_err(|e| format!("{text}: {e}"));
    }
    let jwk = json.get("privateJwk").unwrap_or(&json);
    SecretKey::from_jwk(jwk).map_err(|e| format!("{text}: {e}"))
}

enum Credential {
    Json(Value),
    Jwt(String),
    SdJwt(String),
}

fn classify(name: &str, bytes: &[u8]) -> Result<Credential, String> {
    let text = std::str::from_utf8(bytes).map_err(|_| format!("{name}: not UTF-8"))?;
    let trimmed = text.trim();
    if trimmed.starts_with('{') {
        return serde_json::from_str(trimmed)
            .map(Credential::Json)
            .map_err(|e| format!("{name}: not JSON: {e}"));
    }
    if trimmed.contains('~') {
        Ok(Credential::SdJwt(trimmed.to_owned()))
    } else if trimmed.split('.').count() == 3 {
        Ok(Credential::Jwt(trimmed.to_owned()))
    } else {
        Err(format!(
            "{name}: neither a JSON credential, a compact JWS nor an SD-JWT"
        ))
    }
}

/// True when one of the credential's proofs is an ecdsa-sd-2023 base proof.
fn has_sd_base_proof(credential: &Value) -> bool {
    let is_base = |p: &Value| {
        p.get("cryptosuite").and_then(Value::as_str) == Some(openbadges::sd::CRYPTOSUITE)
            && p.get("proofValue")
                .and_then(Value::as_str)
                .and_then(|t| openbadges::sd::parse_proof_value(t).ok())
                .is_some_and(|v| matches!(v, openbadges::sd::SdProofValue::Base(_)))
    };
    match credential.get("proof") {
        Some(Value::Array(items)) => items.iter().any(is_base),
        Some(p) => is_base(p),
        None => false,
    }
}

/// Runs `openbadges present`; returns the exit code.
pub fn present(args: PresentArgs) -> u8 {
    let key = match read_key(&args.holder_key) {
        Ok(k) => k,
        Err(e) => return fail("present", e),
    };
    let suite = match key.key_type() {
        KeyType::Ed25519 => Cryptosuite::EddsaRdfc2022,
        _ => Cryptosuite::EcdsaRdfc2019,
    };
    let signer = key.into_did_key_signer();
    let holder = signer
        .key_id()
        .split('#')
        .next()
        .unwrap_or_default()
        .to_owned();
    let mut builder = PresentationBuilder::new().holder(holder);
    let members: Vec<ClrMember> = args
        .clr_member
        .iter()
        .map(|text| match text.parse::<ClrMember>() {
            Ok(m) => m,
            Err(never) => match never {},
        })
        .collect();
    let mut saw_clr = false;
    for input in read_inputs(&args.files) {
        let bytes = match input.bytes {
            Ok(b) => b,
            Err(e) => return fail("present", format!("{}: {e}", input.name)),
        };
        builder = match classify(&input.name, &bytes) {
            Ok(Credential::Json(v)) if !members.is_empty() && present::is_clr_credential(&v) => {
                saw_clr = true;
                builder.clr_members(v, members.iter().cloned())
            }
            // A base proof is never shown as is (it holds the HMAC key and every
            // statement's signature): it is derived, with the mandatory claims at least.
            Ok(Credential::Json(v)) if args.reveal.is_empty() && !has_sd_base_proof(&v) => {
                builder.credential(v)
            }
            Ok(Credential::Json(v)) => builder.credential_with_disclosure(v, args.reveal.clone()),
            Ok(Credential::Jwt(j)) => builder.enveloped_jwt(j),
            Ok(Credential::SdJwt(s)) => builder.sd_jwt(s, args.reveal.clone()),
            Err(e) => return fail("present", e),
        };
    }
    if !members.is_empty() && !saw_clr {
        return fail(
            "present",
            "--clr-member: none of the inputs is a ClrCredential (JSON with type ClrCredential)",
        );
    }
    let vp = match builder.build() {
        Ok(vp) => vp,
        Err(e) => return fail("present", e),
    };
    let out = match args.form {
        Form::Di => {
            let mut options = PresentationProofOptions::new(suite, args.challenge);
            if let Some(d) = args.domain {
                options = options.domain(d);
            }
            present::sign_presentation_with(&vp, &signer, &RdfcCanonicalizer::new(), &options)
                .map(|v| serde_json::to_string_pretty(&v).unwrap_or_default())
        }
        Form::Jwt => present::sign_presentation_jwt(
            &vp,
            &signer,
            &args.challenge,
            args.domain.as_deref(),
            chrono::Utc::now().timestamp(),
        ),
    };
    match out {
        Ok(text) => {
            let mut stdout = std::io::stdout().lock();
            if writeln!(stdout, "{text}").is_err() {
                return crate::EXIT_ERROR;
            }
            crate::EXIT_VALID
        }
        Err(e) => fail("present", e),
    }
}

/// Runs `openbadges derive`; returns the exit code.
pub fn derive(args: DeriveArgs) -> u8 {
    let inputs = read_inputs(std::slice::from_ref(&args.file));
    let Some(input) = inputs.into_iter().next() else {
        return fail("derive", format!("{}: nothing to read", args.file));
    };
    let bytes = match input.bytes {
        Ok(b) => b,
        Err(e) => return fail("derive", format!("{}: {e}", input.name)),
    };
    let reveal: Vec<&str> = args.reveal.iter().map(String::as_str).collect();
    let out = match classify(&input.name, &bytes) {
        Ok(Credential::SdJwt(text)) => {
            let parsed = match SdJwt::parse(&text) {
                Ok(p) => p,
                Err(e) => return fail("derive", format!("{}: {e}", input.name)),
            };
            match (&args.holder_key, &args.nonce, &args.audience) {
                (Some(key), Some(nonce), Some(audience)) => {
                    let key = match read_key(key) {
                        Ok(k) => k,
                        Err(e) => return fail("derive", e),
                    };
                    let signer = key.into_signer("holder");
                    parsed.present_with_key_binding(
                        &reveal,
                        &signer,
                        nonce,
                        audience,
                        chrono::Utc::now().timestamp(),
                    )
                }
                (Some(_), _, _) => {
                    return fail("derive", "--holder-key needs --nonce and --audience");
                }
                _ => parsed.present(&reveal),
            }
        }
        Ok(Credential::Json(v)) => {
            // An ecdsa-sd-2023 base proof derives; anything else is refused with the reason.
            match openbadges::sd::derive_with(&v, &args.reveal, &RdfcCanonicalizer::new()) {
                Ok(derived) => Ok(serde_json::to_string_pretty(&derived).unwrap_or_default()),
                Err(e) => return fail("derive", format!("{}: {e}", input.name)),
            }
        }
        Ok(Credential::Jwt(_)) => {
            return fail(
                "derive",
                format!(
                    "{}: a vc+jwt signs the whole credential; it cannot be disclosed selectively",
                    input.name
                ),
            );
        }
        Err(e) => return fail("derive", e),
    };
    match out {
        Ok(text) => {
            let mut stdout = std::io::stdout().lock();
            if writeln!(stdout, "{text}").is_err() {
                return crate::EXIT_ERROR;
            }
            crate::EXIT_VALID
        }
        Err(e) => fail("derive", format!("{}: {e}", input.name)),
    }
}
