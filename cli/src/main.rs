//! `openbadges`: validate, verify, canonicalize, sign and bake Open Badges 3.0 and CLR 2.0
//! credentials from the command line.
//!
//! Exit codes: 0 everything valid, 1 something invalid, 2 usage or I/O error.

use std::process::ExitCode;

use clap::{Parser, Subcommand};

#[cfg(feature = "client")]
mod api;
mod bake;
mod canonicalize;
mod explain;
mod input;
mod issue;
mod keygen;
mod output;
mod present;
#[cfg(feature = "server")]
mod serve;
mod validate;
mod verify;

/// Open Badges 3.0 / CLR 2.0 credentials: validate, canonicalize, sign, bake.
#[derive(Debug, Parser)]
#[command(name = "openbadges", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Verify credentials and presentations: proofs, issuer binding, dates, status.
    Verify(verify::Args),
    /// Explain credentials for the people who read them: verdict, skills, results.
    Explain(explain::Args),
    /// Validate credentials against the OB 3.0 / CLR 2.0 schemas and rules.
    Validate(validate::Args),
    /// Print the canonical form (RDFC-1.0 N-Quads or RFC 8785 JSON) of a document.
    Canonicalize(canonicalize::Args),
    /// Validate a credential and sign it with a Data Integrity proof.
    Issue(issue::Args),
    /// Generate a key pair and print it with its did:key.
    Keygen(keygen::Args),
    /// Put a credential into a PNG or SVG badge image.
    Bake(bake::BakeArgs),
    /// Extract the credential from a baked PNG or SVG badge image.
    Unbake(bake::UnbakeArgs),
    /// Present credentials as the holder: a signed VerifiablePresentation.
    Present(present::PresentArgs),
    /// Disclose selected claims of one credential (SD-JWT VC).
    Derive(present::DeriveArgs),
    /// Serve the OB 3.0 / CLR 2.0 REST API with its OAuth 2.0 authorization server.
    #[cfg(feature = "server")]
    Serve(serve::Args),
    /// Use any OB 3.0 / CLR 2.0 API provider: login, pull, push, profile.
    #[cfg(feature = "client")]
    Api(api::Args),
}

/// Exit code: everything valid.
pub const EXIT_VALID: u8 = 0;
/// Exit code: something invalid.
pub const EXIT_INVALID: u8 = 1;
/// Exit code: usage or I/O error.
pub const EXIT_ERROR: u8 = 2;

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let code = if e.use_stderr() {
                EXIT_ERROR
            } else {
                EXIT_VALID
            };
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    let code = match cli.command {
        Command::Validate(args) => validate::run(args),
        Command::Verify(args) => verify::run(args),
        Command::Explain(args) => explain::run(args),
        Command::Canonicalize(args) => canonicalize::run(args),
        Command::Issue(args) => issue::run(args),
        Command::Keygen(args) => keygen::run(args),
        Command::Bake(args) => bake::bake(args),
        Command::Unbake(args) => bake::unbake(args),
        Command::Present(args) => present::present(args),
        Command::Derive(args) => present::derive(args),
        #[cfg(feature = "server")]
        Command::Serve(args) => serve::run(args),
        #[cfg(feature = "client")]
        Command::Api(args) => api::run(args),
    };
    ExitCode::from(code)
}
