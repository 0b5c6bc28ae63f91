//! `openbadges keygen`: generate a key pair and print it with its did:key.
//!
//! The output holds the secret key; it is written to stdout only (never to stderr, never
//! to a file), so the caller decides where it goes.

use std::io::Write;

use openbadges::crypto::{KeyType, SecretKey};
use serde_json::{Map, Value, json};

/// The key types `keygen` makes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum KeyTypeArg {
    /// Ed25519 (eddsa-rdfc-2022, eddsa-jcs-2022, EdDSA).
    Ed25519,
    /// NIST P-256 (ecdsa-rdfc-2019, ecdsa-jcs-2019, ES256).
    #[value(alias = "p-256")]
    P256,
    /// NIST P-384 (ecdsa-rdfc-2019, ecdsa-jcs-2019, ES384).
    #[value(alias = "p-384")]
    P384,
}

impl From<KeyTypeArg> for KeyType {
    fn from(arg: KeyTypeArg) -> Self {
        match arg {
            KeyTypeArg::Ed25519 => KeyType::Ed25519,
            KeyTypeArg::P256 => KeyType::P256,
            KeyTypeArg::P384 => KeyType::P384,
        }
    }
}

/// Output formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// One `name: value` line per item.
    Text,
    /// One JSON object.
    Json,
}

/// Arguments of `openbadges keygen`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Key type.
    #[arg(long = "type", short = 't', value_enum, default_value = "ed25519")]
    pub key_type: KeyTypeArg,
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    pub format: Format,
}

/// The key pair as a JSON object (member names as in Multikey and `bench/keys.json`).
fn describe(secret: &SecretKey) -> Option<Map<String, Value>> {
    let public = secret.public_key();
    let did = public.did_key()?;
    let method = public.did_key_method_id()?;
    let mut out = Map::new();
    out.insert("keyType".into(), json!(secret.key_type().as_str()));
    out.insert("did".into(), json!(did));
    out.insert("verificationMethod".into(), json!(method));
    out.insert("publicKeyMultibase".into(), json!(public.to_multibase()?));
    out.insert(
        "secretKeyMultibase".into(),
        json!(secret.to_multibase().as_str()),
    );
    out.insert("publicJwk".into(), public.to_jwk());
    out.insert("privateJwk".into(), secret.to_jwk());
    Some(out)
}

/// Runs the command; returns the exit code.
pub fn run(args: Args) -> u8 {
    let key_type = KeyType::from(args.key_type);
    let secret = match SecretKey::generate(key_type) {
        Ok(secret) => secret,
        Err(e) => {
            eprintln!("openbadges keygen: {e}");
            return crate::EXIT_ERROR;
        }
    };
    let Some(pair) = describe(&secret) else {
        eprintln!("openbadges keygen: {key_type} keys have no did:key form");
        return crate::EXIT_ERROR;
    };
    let text = match args.format {
        Format::Json => match serde_json::to_string_pretty(&pair) {
            Ok(json) => json + "\n",
            Err(e) => {
                eprintln!("openbadges keygen: {e}");
                return crate::EXIT_ERROR;
            }
        },
        Format::Text => pair
            .iter()
            .map(|(name, value)| match value {
                Value::String(s) => format!("{name}: {s}\n"),
                other => format!("{name}: {other}\n"),
            })
            .collect(),
    };
    let mut stdout = std::io::stdout().lock();
    match stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush())
    {
        Ok(()) => crate::EXIT_VALID,
        Err(e) => {
            eprintln!("openbadges keygen: writing the key failed: {e}");
            crate::EXIT_ERROR
        }
    }
}
