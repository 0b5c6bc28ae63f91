//! `openbadges validate`.

/// Arguments of `openbadges validate`.
#[derive(Debug, clap::Args)]
pub struct Args {}

/// Runs the command; returns the exit code.
pub fn run(_args: Args) -> u8 {
    eprintln!("openbadges validate: not available in this build");
    crate::EXIT_ERROR
}
