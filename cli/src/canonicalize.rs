//! `openbadges canonicalize`: print the canonical form of a document, or its hash.
//!
//! - `--from nquads`: the input is N-Quads; the output is its RDFC-1.0 canonical N-Quads.
//! - `--from jsonld` (the default): the input is JSON-LD, turned into quads by the library's
//!   JSON-LD engine, then canonicalized as above.
//! - `--jcs`: the input is JSON; the output is its RFC 8785 canonical form.
//!
//! The output is exactly the canonical bytes (N-Quads lines each end in `\n`; JCS output
//! has no final newline). With `--hash sha256|sha384` only the lower-case hex digest of
//! those bytes is printed, followed by a newline; for RDFC-1.0 the same algorithm is also
//! the one canonicalization uses internally (as `ecdsa-rdfc-2019` does with P-384).
//!
//! Exit codes, as for `validate` and `verify`: 0 printed, 1 the content has no canonical
//! form (not JSON, not N-Quads, a JSON-LD or RDFC-1.0 error), 2 the input could not be read
//! or the output written.

use std::fmt;
use std::io::{self, Read as _, Write as _};
use std::path::PathBuf;

use openbadges::Document;
use openbadges::document::{MemberValue, NodeKind};
use openbadges::jcs;
use openbadges::rdf::canon::{self, CanonOptions, HashAlgorithm};
use openbadges::rdf::{Dataset, nquads};

/// Input formats of `--from`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum From {
    /// JSON-LD (expanded to quads, then RDFC-1.0).
    Jsonld,
    /// N-Quads (RDFC-1.0).
    Nquads,
}

/// Digests of `--hash`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Hash {
    /// SHA-256.
    Sha256,
    /// SHA-384.
    Sha384,
}

/// Arguments of `openbadges canonicalize`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The input file, or `-` for standard input.
    pub file: PathBuf,
    /// The input format for RDFC-1.0 canonicalization.
    #[arg(long, value_enum, default_value = "jsonld", conflicts_with = "jcs")]
    pub from: From,
    /// Canonicalize JSON with RFC 8785 (JCS) instead of RDFC-1.0.
    #[arg(long)]
    pub jcs: bool,
    /// Print only the hex digest of the canonical bytes (and use this hash in RDFC-1.0).
    #[arg(long, value_enum)]
    pub hash: Option<Hash>,
    /// The RDFC-1.0 work limit (Hash N-Degree Quads steps) before giving up on a poison
    /// graph.
    #[arg(long, value_name = "STEPS", default_value_t = canon::DEFAULT_WORK_LIMIT)]
    pub work_limit: u64,
}

/// Why the command could not produce output.
#[derive(Debug)]
enum Failure {
    Read(io::Error),
    Json(openbadges::ParseError),
    Jcs(jcs::JcsError),
    NQuads(nquads::NQuadsError),
    Canon(canon::CanonError),
    Utf8,
    JsonLd(openbadges::jsonld::JsonLdError),
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Failure::Read(e) => write!(f, "cannot read the input: {e}"),
            Failure::Json(e) => write!(f, "not JSON: {e}"),
            Failure::Jcs(e) => write!(f, "no RFC 8785 form: {e}"),
            Failure::NQuads(e) => write!(f, "not N-Quads: {e}"),
            Failure::Canon(e) => write!(f, "cannot canonicalize: {e}"),
            Failure::Utf8 => f.write_str("the input is not UTF-8"),
            Failure::JsonLd(e) => write!(f, "JSON-LD processing failed: {e}"),
        }
    }
}

/// Runs the command; returns the exit code.
pub fn run(args: Args) -> u8 {
    let name = args.file.display().to_string();
    match canonical_bytes(&args) {
        Ok(bytes) => {
            let out = match args.hash {
                Some(hash) => {
                    let mut line = algorithm(Some(hash)).hex_digest(&bytes);
                    line.push('\n');
                    line.into_bytes()
                }
                None => bytes,
            };
            let mut stdout = io::stdout().lock();
            match stdout.write_all(&out).and_then(|()| stdout.flush()) {
                Ok(()) => crate::EXIT_VALID,
                Err(e) => {
                    eprintln!("openbadges canonicalize: cannot write the output: {e}");
                    crate::EXIT_ERROR
                }
            }
        }
        Err(failure) => {
            eprintln!("openbadges canonicalize: {name}: {failure}");
            match failure {
                Failure::Read(_) => crate::EXIT_ERROR,
                _ => crate::EXIT_INVALID,
            }
        }
    }
}

fn read_input(file: &PathBuf) -> Result<Vec<u8>, Failure> {
    if file.as_os_str() == "-" {
        let mut bytes = Vec::new();
        io::stdin()
            .lock()
            .read_to_end(&mut bytes)
            .map_err(Failure::Read)?;
        Ok(bytes)
    } else {
        std::fs::read(file).map_err(Failure::Read)
    }
}

fn canonical_bytes(args: &Args) -> Result<Vec<u8>, Failure> {
    let input = read_input(&args.file)?;
    if args.jcs {
        let document = Document::from_slice(&input).map_err(Failure::Json)?;
        return jcs::canonicalize_to_vec(document.value()).map_err(Failure::Jcs);
    }
    let text = std::str::from_utf8(&input).map_err(|_| Failure::Utf8)?;
    let options = CanonOptions::new()
        .with_hash(algorithm(args.hash))
        .with_work_limit(args.work_limit);
    let canonical = match args.from {
        From::Nquads => {
            let quads = nquads::parse(text).map_err(Failure::NQuads)?;
            canon::canonicalize(&quads, &options).map(|c| c.into_nquads())
        }
        From::Jsonld => {
            let dataset = dataset_from_jsonld(text)?;
            canon::canonicalize_dataset(&dataset, &options).map(|c| c.into_nquads())
        }
    };
    canonical.map(String::into_bytes).map_err(Failure::Canon)
}

/// The quads of a JSON-LD document: parsed strictly ([`Document`]), expanded in safe mode
/// with the bundled contexts only (offline; an unknown context URL is an error naming it),
/// read from the parsed tree and streamed into an interned [`Dataset`], so a repeated quad
/// costs nothing (no expanded copy of the document, no list of quads with duplicates).
fn dataset_from_jsonld(text: &str) -> Result<Dataset, Failure> {
    let document = Document::from_str(text).map_err(Failure::Json)?;
    let processor = openbadges::jsonld::Processor::default();
    let options = openbadges::jsonld::Options::default();
    let mut dataset = Dataset::new();
    let root = document.root();
    let filled = if root.kind() == NodeKind::Object {
        let members: Vec<_> = root
            .members()
            .map(|(k, v)| (k, MemberValue::Node(v)))
            .collect();
        processor.to_rdf_nodes_into(&members, &options, &mut dataset)
    } else {
        // A top-level array of node objects (rare): through its value.
        processor.to_rdf_into(document.value(), &options, &mut dataset)
    };
    filled.map_err(Failure::JsonLd)?;
    Ok(dataset)
}

/// The hash of `--hash` (SHA-256 when absent, RDFC-1.0's default).
fn algorithm(hash: Option<Hash>) -> HashAlgorithm {
    match hash {
        Some(Hash::Sha384) => HashAlgorithm::Sha384,
        Some(Hash::Sha256) | None => HashAlgorithm::Sha256,
    }
}
