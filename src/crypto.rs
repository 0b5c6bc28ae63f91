//! Keys, signers and signature algorithms.
