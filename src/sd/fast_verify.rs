//! Many ES256 verifications under one P-256 key: the statement signatures of an
//! ecdsa-sd-2023 proof (one per disclosed N-Quad, all by the proof-scoped key).
//!
//! A generic ECDSA verification computes `u1·G + u2·Q` with two constant-time scalar
//! multiplications (512 doublings, 128 additions). Verification handles public data only,
//! so variable time is fine, and here `G` and `Q` are fixed across all signatures: both
//! get a fixed-base table (`j·16^i·P` for every nibble position `i` and value `j`; kept
//! projective, as this version of the curve crate has no batch inversion), and each
//! verification is then at most 128 point additions, no doublings.
//! The table of `Q` costs about as much as ten verifications, so it is used from
//! [`MIN_BATCH`] signatures up. Profiled with callgrind on the peer's "everything" badge
//! (89 statements): 97.5 % of `verify_derived` was these verifications.

use std::sync::OnceLock;

use p256::elliptic_curve::ff::{Field as _, PrimeField};
use p256::elliptic_curve::ops::{Invert, Reduce};
use p256::elliptic_curve::point::AffineCoordinates;
use p256::{FieldBytes, ProjectivePoint, Scalar, U256};
use sha2::{Digest as _, Sha256};

/// From this many signatures on, building the key's table pays for itself.
pub(crate) const MIN_BATCH: usize = 8;

/// Nibble positions of a 256-bit scalar.
const POSITIONS: usize = 64;
/// Non-zero nibble values.
const VALUES: usize = 15;

/// `table[i * 15 + (j - 1)] = j · 16^i · P`.
struct Table(Vec<ProjectivePoint>);

impl Table {
    fn new(point: ProjectivePoint) -> Table {
        let mut points = Vec::with_capacity(POSITIONS * VALUES);
        let mut base = point;
        for _ in 0..POSITIONS {
            let mut acc = base;
            points.push(acc);
            for _ in 2..=VALUES {
                acc += base;
                points.push(acc);
            }
            // 16 · base.
            base = acc + base;
        }
        Table(points)
    }

    /// Adds `k · P` to `acc`.
    fn add_multiple(&self, acc: &mut ProjectivePoint, k: &Scalar) {
        let bytes = k.to_repr();
        for (n, byte) in bytes.iter().rev().enumerate() {
            for (half, nibble) in [(0, byte & 0x0f), (1, byte >> 4)] {
                if nibble != 0 {
                    let i = 2 * n + half;
                    *acc += &self.0[i * VALUES + usize::from(nibble) - 1];
                }
            }
        }
    }
}

fn generator_table() -> &'static Table {
    static TABLE: OnceLock<Table> = OnceLock::new();
    TABLE.get_or_init(|| Table::new(ProjectivePoint::GENERATOR))
}

/// ES256 verification under one fixed P-256 key.
pub(crate) struct P256Verifier {
    key: Table,
}

impl P256Verifier {
    /// The verifier of `sec1` (a compressed or uncompressed P-256 point), or `None` for
    /// bytes that are not a point of the curve.
    pub(crate) fn new(sec1: &[u8]) -> Option<Self> {
        let key = p256::PublicKey::from_sec1_bytes(sec1).ok()?;
        Some(P256Verifier {
            key: Table::new(key.to_projective()),
        })
    }

    /// True when `signature` (`r || s`, either S form) is this key's ES256 signature of
    /// `message`.
    pub(crate) fn verify(&self, message: &[u8], signature: &[u8]) -> bool {
        let Some((r, s)) = signature.split_at_checked(32) else {
            return false;
        };
        if s.len() != 32 {
            return false;
        }
        let scalar = |b: &[u8]| -> Option<Scalar> {
            let mut bytes = FieldBytes::default();
            bytes.copy_from_slice(b);
            Option::from(Scalar::from_repr(bytes)).filter(|k: &Scalar| !bool::from(k.is_zero()))
        };
        let (Some(r), Some(s)) = (scalar(r), scalar(s)) else {
            return false;
        };
        let digest: FieldBytes = Sha256::digest(message);
        let e = <Scalar as Reduce<U256>>::reduce_bytes(&digest);
        // Public data: the variable-time inversion is fine (and much cheaper).
        let Some(s_inv) = Option::<Scalar>::from(Invert::invert_vartime(&s)) else {
            return false;
        };
        let mut point = ProjectivePoint::IDENTITY;
        generator_table().add_multiple(&mut point, &(e * s_inv));
        self.key.add_multiple(&mut point, &(r * s_inv));
        // The identity has no affine form; its conversion is the identity again.
        let affine = point.to_affine();
        if bool::from(affine.is_identity()) {
            return false;
        }
        let x = affine.x();
        <Scalar as Reduce<U256>>::reduce_bytes(&x) == r
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::crypto::{Algorithm, KeyType, SecretKey};
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(48))]

        /// Agrees with the generic verification on valid, high-S, altered and foreign
        /// signatures.
        #[test]
        fn agrees_with_the_generic_verifier(
            seed in proptest::array::uniform32(1u8..),
            message in proptest::collection::vec(any::<u8>(), 0..100),
            flip in 0usize..64,
        ) {
            let key = SecretKey::from_seed(KeyType::P256, &seed).unwrap();
            let public = key.public_key();
            let fast = P256Verifier::new(&public.to_bytes().unwrap()).unwrap();
            let signature = key.sign(&message).unwrap();
            prop_assert!(fast.verify(&message, &signature));
            // The high-S form of the same signature.
            let sig = p256::ecdsa::Signature::from_slice(&signature).unwrap();
            let (r, s) = sig.split_scalars();
            let high = p256::ecdsa::Signature::from_scalars(*r, -*s).unwrap().to_bytes();
            prop_assert!(fast.verify(&message, &high));
            prop_assert!(public.verify(Algorithm::Es256, &message, &high).is_ok());
            let mut bad = signature.clone();
            bad[flip] ^= 1;
            prop_assert_eq!(
                fast.verify(&message, &bad),
                public.verify(Algorithm::Es256, &message, &bad).is_ok()
            );
            let mut other = message.clone();
            other.push(0);
            prop_assert!(!fast.verify(&other, &signature));
            prop_assert!(!fast.verify(&message, &signature[..63]));
            prop_assert!(!fast.verify(&message, &[0; 64]));
        }
    }
}
