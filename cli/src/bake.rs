//! `openbadges bake` and `openbadges unbake`.

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use openbadges::bake::{
    self, BakedCredential, CredentialError, CredentialSpec, Duplicates, Payload, UnbakeOptions,
};

/// Which specification the credential follows (selects the PNG keyword / SVG namespace).
#[derive(Clone, Copy, Debug, clap::ValueEnum)]
pub enum Kind {
    /// Open Badges 3.0 (`openbadgecredential`).
    Ob,
    /// CLR 2.0 (`clrcredential`).
    Clr,
}

impl From<Kind> for CredentialSpec {
    fn from(kind: Kind) -> Self {
        match kind {
            Kind::Ob => CredentialSpec::OpenBadge,
            Kind::Clr => CredentialSpec::Clr,
        }
    }
}

/// Arguments of `openbadges bake`.
#[derive(Debug, clap::Args)]
pub struct BakeArgs {
    /// The PNG or SVG image to bake into (format detected from its bytes).
    image: PathBuf,
    /// The credential: a JSON file, or a compact JWS in a `.jwt` / `.jws` file (other
    /// extensions: JSON if it starts with `{`). Whitespace around it is not baked.
    credential: PathBuf,
    /// Where to write the baked image.
    #[arg(short, long)]
    output: PathBuf,
    /// OB or CLR, when the credential's type does not tell (or to override it).
    #[arg(long, value_enum)]
    kind: Option<Kind>,
}

/// Arguments of `openbadges unbake`.
#[derive(Debug, clap::Args)]
pub struct UnbakeArgs {
    /// The baked PNG or SVG image (`-` reads standard input).
    image: PathBuf,
    /// Write the credential to this file instead of standard output.
    #[arg(short, long)]
    output: Option<PathBuf>,
    /// When several credentials are baked in (which OB 3.0 forbids), take the first one
    /// instead of failing.
    #[arg(long)]
    first: bool,
}

/// Reads the credential file into a [`BakedCredential`].
fn read_credential(path: &Path, kind: Option<Kind>) -> Result<BakedCredential, String> {
    let text =
        fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let text = text.trim().to_owned();
    let is_jws = match path.extension().and_then(|e| e.to_str()) {
        Some(ext) if ext.eq_ignore_ascii_case("jwt") || ext.eq_ignore_ascii_case("jws") => true,
        _ => !text.starts_with('{'),
    };
    let (detected, payload) = if is_jws {
        (BakedCredential::jws(text.clone()), Payload::Jws(text))
    } else {
        (BakedCredential::json(text.clone()), Payload::Json(text))
    };
    match (detected, kind) {
        (Ok(cred), None) => Ok(cred),
        (Ok(cred), Some(kind)) => Ok(cred.with_kind(kind.into())),
        (Err(CredentialError::UnknownKind), Some(kind)) => {
            Ok(BakedCredential::new(payload, kind.into()))
        }
        (Err(e), _) => Err(format!("{}: {e}", path.display())),
    }
}

/// Runs `bake`; returns the exit code.
pub fn bake(args: BakeArgs) -> u8 {
    let result = (|| {
        let credential = read_credential(&args.credential, args.kind)?;
        let image = fs::read(&args.image)
            .map_err(|e| format!("cannot read {}: {e}", args.image.display()))?;
        let baked = bake::bake(&image, &credential)
            .map_err(|e| format!("{}: {e}", args.image.display()))?;
        fs::write(&args.output, baked)
            .map_err(|e| format!("cannot write {}: {e}", args.output.display()))
    })();
    match result {
        Ok(()) => crate::EXIT_VALID,
        Err(message) => {
            eprintln!("openbadges bake: {message}");
            crate::EXIT_ERROR
        }
    }
}

/// Runs `unbake`; returns the exit code.
pub fn unbake(args: UnbakeArgs) -> u8 {
    let options = UnbakeOptions::default().duplicates(if args.first {
        Duplicates::FirstWins
    } else {
        Duplicates::Reject
    });
    let result = (|| {
        let name = args.image.display();
        let credential = if args.image.as_os_str() == "-" {
            bake::unbake_reader_with(io::stdin().lock(), &options)
        } else {
            let file =
                fs::File::open(&args.image).map_err(|e| format!("cannot read {name}: {e}"))?;
            bake::unbake_reader_with(io::BufReader::new(file), &options)
        }
        .map_err(|e| format!("{name}: {e}"))?;
        let text = credential.as_str().as_bytes();
        match &args.output {
            Some(path) => {
                fs::write(path, text).map_err(|e| format!("cannot write {}: {e}", path.display()))
            }
            None => {
                let mut out = io::stdout().lock();
                out.write_all(text)
                    .and_then(|()| out.flush())
                    .map_err(|e| format!("cannot write to standard output: {e}"))
            }
        }
    })();
    match result {
        Ok(()) => crate::EXIT_VALID,
        Err(message) => {
            eprintln!("openbadges unbake: {message}");
            crate::EXIT_ERROR
        }
    }
}
