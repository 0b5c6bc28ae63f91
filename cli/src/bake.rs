//! `openbadges bake` and `openbadges unbake`.

/// Arguments of `openbadges bake`.
#[derive(Debug, clap::Args)]
pub struct BakeArgs {}

/// Arguments of `openbadges unbake`.
#[derive(Debug, clap::Args)]
pub struct UnbakeArgs {}

/// Runs `bake`; returns the exit code.
pub fn bake(_args: BakeArgs) -> u8 {
    eprintln!("openbadges bake: not available in this build");
    crate::EXIT_ERROR
}

/// Runs `unbake`; returns the exit code.
pub fn unbake(_args: UnbakeArgs) -> u8 {
    eprintln!("openbadges unbake: not available in this build");
    crate::EXIT_ERROR
}
