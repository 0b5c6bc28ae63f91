//! HMAC-SHA-256 (RFC 2104) and the HMAC blank node labels of ecdsa-sd-2023
//! (VC-DI-ECDSA §3.4.x createHmacIdLabelMapFunction).

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use sha2::{Digest as _, Sha256};
use zeroize::Zeroizing;

const BLOCK: usize = 64;

/// An HMAC-SHA-256 key, zeroized on drop.
#[derive(Clone)]
pub(crate) struct HmacKey {
    inner: Zeroizing<[u8; BLOCK]>,
    outer: Zeroizing<[u8; BLOCK]>,
}

impl HmacKey {
    /// A key from its bytes (hashed first when longer than the block, as RFC 2104 says).
    pub(crate) fn new(key: &[u8]) -> Self {
        let mut block = Zeroizing::new([0u8; BLOCK]);
        if key.len() > BLOCK {
            block[..32].copy_from_slice(&Sha256::digest(key));
        } else {
            block[..key.len()].copy_from_slice(key);
        }
        let mut inner = Zeroizing::new([0x36u8; BLOCK]);
        let mut outer = Zeroizing::new([0x5cu8; BLOCK]);
        for i in 0..BLOCK {
            inner[i] ^= block[i];
            outer[i] ^= block[i];
        }
        HmacKey { inner, outer }
    }

    /// The MAC of `message`.
    pub(crate) fn mac(&self, message: &[u8]) -> [u8; 32] {
        let mut h = Sha256::new();
        h.update(&self.inner[..]);
        h.update(message);
        let inner = h.finalize();
        let mut h = Sha256::new();
        h.update(&self.outer[..]);
        h.update(inner);
        h.finalize().into()
    }

    /// The HMAC label of a canonical blank node label (`c14nN`, without `_:`):
    /// `u` + base64url (no padding) of the MAC of its UTF-8 bytes.
    pub(crate) fn label(&self, canonical: &str) -> String {
        format!(
            "u{}",
            URL_SAFE_NO_PAD.encode(self.mac(canonical.as_bytes()))
        )
    }
}

impl std::fmt::Debug for HmacKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("HmacKey(redacted)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hex(bytes: &[u8]) -> String {
        bytes.iter().map(|b| format!("{b:02x}")).collect()
    }

    /// RFC 4231 test cases 1, 2 and 6 (a key longer than the block).
    #[test]
    fn rfc4231() {
        assert_eq!(
            hex(&HmacKey::new(&[0x0b; 20]).mac(b"Hi There")),
            "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"
        );
        assert_eq!(
            hex(&HmacKey::new(b"Jefe").mac(b"what do ya want for nothing?")),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
        assert_eq!(
            hex(&HmacKey::new(&[0xaa; 131])
                .mac(b"Test Using Larger Than Block-Size Key - Hash Key First")),
            "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"
        );
    }
}
