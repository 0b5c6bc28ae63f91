//! `openbadges keygen`.

/// Arguments of `openbadges keygen`.
#[derive(Debug, clap::Args)]
pub struct Args {}

/// Runs the command; returns the exit code.
pub fn run(_args: Args) -> u8 {
    eprintln!("openbadges keygen: not available in this build");
    crate::EXIT_ERROR
}
