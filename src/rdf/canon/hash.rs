//! The hash functions RDFC-1.0 is parameterized with, and their lower-case hex digests.

use std::cmp::Ordering;
use std::fmt;

use sha2::{Digest as _, Sha256, Sha384};

/// The hash algorithm of RDFC-1.0 (SHA-256 by default; SHA-384 for `ecdsa-rdfc-2019` with
/// P-384).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[non_exhaustive]
pub enum HashAlgorithm {
    /// SHA-256 (the default of RDFC-1.0).
    #[default]
    Sha256,
    /// SHA-384.
    Sha384,
}

impl HashAlgorithm {
    /// A fresh incremental hasher.
    pub(crate) fn hasher(self) -> Hasher {
        match self {
            HashAlgorithm::Sha256 => Hasher::Sha256(Sha256::new()),
            HashAlgorithm::Sha384 => Hasher::Sha384(Sha384::new()),
        }
    }

    /// The digest of `data`, as bytes (32 for SHA-256, 48 for SHA-384).
    pub fn digest(self, data: &[u8]) -> Vec<u8> {
        match self {
            HashAlgorithm::Sha256 => Sha256::digest(data).to_vec(),
            HashAlgorithm::Sha384 => Sha384::digest(data).to_vec(),
        }
    }

    /// The digest of `data` in lower-case hexadecimal.
    ///
    /// ```
    /// use openbadges::rdf::canon::HashAlgorithm;
    ///
    /// assert_eq!(
    ///     HashAlgorithm::Sha256.hex_digest(b"abc"),
    ///     "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
    /// );
    /// ```
    pub fn hex_digest(self, data: &[u8]) -> String {
        let mut out = String::with_capacity(96);
        self.hash(data).push_to(&mut out);
        out
    }

    /// The digest of `data` in one call.
    pub(crate) fn hash(self, data: &[u8]) -> Hex {
        let mut hasher = self.hasher();
        hasher.update(data);
        hasher.finish()
    }
}

impl fmt::Display for HashAlgorithm {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            HashAlgorithm::Sha256 => "SHA-256",
            HashAlgorithm::Sha384 => "SHA-384",
        })
    }
}

/// An incremental hasher of either algorithm.
pub(crate) enum Hasher {
    Sha256(Sha256),
    Sha384(Sha384),
}

impl Hasher {
    pub(crate) fn update(&mut self, data: &[u8]) {
        match self {
            Hasher::Sha256(h) => h.update(data),
            Hasher::Sha384(h) => h.update(data),
        }
    }

    pub(crate) fn finish(self) -> Hex {
        match self {
            Hasher::Sha256(h) => Hex::new(&h.finalize()),
            Hasher::Sha384(h) => Hex::new(&h.finalize()),
        }
    }
}

/// A digest in lower-case hexadecimal, stored inline (no allocation).
#[derive(Clone, Copy)]
pub(crate) struct Hex {
    digits: [u8; 96],
    len: u8,
}

impl Hex {
    fn new(digest: &[u8]) -> Self {
        const DIGITS: &[u8; 16] = b"0123456789abcdef";
        let mut digits = [0u8; 96];
        let mut len = 0usize;
        for &b in digest.iter().take(48) {
            digits[len] = DIGITS[usize::from(b >> 4)];
            digits[len + 1] = DIGITS[usize::from(b & 0xf)];
            len += 2;
        }
        Hex {
            digits,
            len: len as u8,
        }
    }

    pub(crate) fn as_bytes(&self) -> &[u8] {
        &self.digits[..usize::from(self.len)]
    }

    /// Appends the digits to `out`.
    pub(crate) fn push_to(&self, out: &mut String) {
        out.extend(self.as_bytes().iter().map(|&b| char::from(b)));
    }
}

impl PartialEq for Hex {
    fn eq(&self, other: &Self) -> bool {
        self.as_bytes() == other.as_bytes()
    }
}

impl Eq for Hex {}

impl PartialOrd for Hex {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Hex {
    fn cmp(&self, other: &Self) -> Ordering {
        self.as_bytes().cmp(other.as_bytes())
    }
}

impl fmt::Debug for Hex {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut digits = String::with_capacity(96);
        self.push_to(&mut digits);
        f.write_str(&digits)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hex_digests() {
        assert_eq!(
            HashAlgorithm::Sha256.hash(b"abc").as_bytes(),
            b"ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        assert_eq!(HashAlgorithm::Sha384.hash(b"").as_bytes().len(), 96);
    }
}
