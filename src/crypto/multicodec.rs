//! Multicodec headers (unsigned LEB128 varints) of the key types this crate knows.

use super::KeyError;

/// Multicodec code of an Ed25519 public key.
pub const ED25519_PUB: u64 = 0xed;
/// Multicodec code of a compressed P-256 public key.
pub const P256_PUB: u64 = 0x1200;
/// Multicodec code of a compressed P-384 public key.
pub const P384_PUB: u64 = 0x1201;
/// Multicodec code of a compressed P-521 public key.
pub const P521_PUB: u64 = 0x1202;
/// Multicodec code of an RSA public key (the DER of a PKCS#1 `RSAPublicKey`).
pub const RSA_PUB: u64 = 0x1205;
/// Multicodec code of an RSA secret key (never accepted here).
pub const RSA_PRIV: u64 = 0x1305;
/// Multicodec code of an Ed25519 secret key (the 32-byte seed).
pub const ED25519_PRIV: u64 = 0x1300;
/// Multicodec code of a P-256 secret key (the 32-byte scalar).
pub const P256_PRIV: u64 = 0x1306;
/// Multicodec code of a P-384 secret key (the 48-byte scalar).
pub const P384_PRIV: u64 = 0x1307;
/// Multicodec code of a P-521 secret key (the 66-byte scalar).
pub const P521_PRIV: u64 = 0x1308;

/// A readable name for codes that are known but not supported here.
pub fn name(code: u64) -> Option<&'static str> {
    Some(match code {
        0xe7 => "secp256k1-pub",
        0xeb => "bls12_381-g2-pub",
        0xec => "x25519-pub",
        0x1301 => "secp256k1-priv",
        0x1302 => "x25519-priv",
        0x130a => "bls12_381-g2-priv",
        ED25519_PUB => "ed25519-pub",
        P256_PUB => "p256-pub",
        P384_PUB => "p384-pub",
        ED25519_PRIV => "ed25519-priv",
        P256_PRIV => "p256-priv",
        P384_PRIV => "p384-priv",
        P521_PUB => "p521-pub",
        RSA_PUB => "rsa-pub",
        P521_PRIV => "p521-priv",
        RSA_PRIV => "rsa-priv",
        _ => return None,
    })
}

/// Splits a multicodec-prefixed byte string into its code and the rest.
///
/// The varint must be minimally encoded and at most 9 bytes long (multiformats rule).
pub fn split(bytes: &[u8]) -> Result<(u64, &[u8]), KeyError> {
    let mut code: u64 = 0;
    for (i, &b) in bytes.iter().enumerate().take(9) {
        code |= u64::from(b & 0x7f) << (7 * i);
        if b & 0x80 == 0 {
            if b == 0 && i > 0 {
                return Err(KeyError::MulticodecVarint);
            }
            return Ok((code, &bytes[i + 1..]));
        }
    }
    Err(KeyError::MulticodecVarint)
}

/// Prefixes `body` with the varint of `code`.
pub fn join(code: u64, body: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(body.len() + 3);
    let mut rest = code;
    loop {
        let byte = (rest & 0x7f) as u8;
        rest >>= 7;
        if rest == 0 {
            out.push(byte);
            break;
        }
        out.push(byte | 0x80);
    }
    out.extend_from_slice(body);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_headers() {
        assert_eq!(join(ED25519_PUB, &[]), [0xed, 0x01]);
        assert_eq!(join(P256_PUB, &[]), [0x80, 0x24]);
        assert_eq!(join(P384_PUB, &[]), [0x81, 0x24]);
        assert_eq!(join(ED25519_PRIV, &[]), [0x80, 0x26]);
        assert_eq!(join(P256_PRIV, &[]), [0x86, 0x26]);
        assert_eq!(join(P384_PRIV, &[]), [0x87, 0x26]);
        assert_eq!(join(P521_PUB, &[]), [0x82, 0x24]);
        assert_eq!(join(RSA_PUB, &[]), [0x85, 0x24]);
        assert_eq!(join(P521_PRIV, &[]), [0x88, 0x26]);
    }

    #[test]
    fn round_trip_and_rejects_non_minimal() {
        for code in [
            0u64,
            1,
            0x7f,
            0x80,
            0xed,
            0x1200,
            0x1307,
            u64::from(u32::MAX),
        ] {
            let bytes = join(code, &[9, 9]);
            assert_eq!(split(&bytes).unwrap(), (code, &[9u8, 9][..]));
        }
        assert!(split(&[0x81, 0x00]).is_err());
        assert!(split(&[0x80; 10]).is_err());
        assert!(split(&[]).is_err());
    }
}
