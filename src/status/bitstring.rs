//! The bitstring itself: GZIP + multibase base64url encoding, big-endian bit order.

use std::io::{Read, Write};

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use flate2::Compression;
use flate2::read::GzDecoder;
use flate2::write::GzEncoder;

use super::StatusError;

/// The minimum list length in bits the spec requires (16 KiB), for herd privacy.
pub const MIN_ENTRIES_BITS: u64 = 131_072;

/// The largest decompressed list accepted by [`BitstringStatusList::decode`]: 16 MiB
/// (134 million single-bit entries). Larger input is treated as a compression bomb.
pub const MAX_DECODED_BYTES: usize = 16 * 1024 * 1024;

/// A Bitstring Status List: `len` entries of `status_size` bits each.
///
/// Index 0 is the left-most (most significant) bit of the first byte, as the spec says.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BitstringStatusList {
    bytes: Vec<u8>,
    status_size: u32,
}

fn check_size(status_size: u32) -> Result<(), StatusError> {
    if (1..=32).contains(&status_size) {
        Ok(())
    } else {
        Err(StatusError::StatusSize { size: status_size })
    }
}

impl BitstringStatusList {
    /// A list of `entries` entries of `status_size` bits, all zero.
    ///
    /// The byte length is rounded up; lists used in credentials should have at least
    /// [`MIN_ENTRIES_BITS`] bits.
    ///
    /// # Errors
    /// [`StatusError::StatusSize`] outside 1–32 bits, [`StatusError::TooLarge`] beyond
    /// [`MAX_DECODED_BYTES`].
    pub fn new(entries: u64, status_size: u32) -> Result<Self, StatusError> {
        check_size(status_size)?;
        let bits = entries
            .checked_mul(u64::from(status_size))
            .ok_or(StatusError::TooLarge {
                limit: MAX_DECODED_BYTES,
            })?;
        let bytes = usize::try_from(bits.div_ceil(8)).unwrap_or(usize::MAX);
        if bytes > MAX_DECODED_BYTES {
            return Err(StatusError::TooLarge {
                limit: MAX_DECODED_BYTES,
            });
        }
        Ok(BitstringStatusList {
            bytes: vec![0; bytes],
            status_size,
        })
    }

    /// Decodes an `encodedList` value (multibase base64url, no padding, of GZIP data).
    ///
    /// # Errors
    /// [`StatusError::Encoding`], [`StatusError::Gzip`], [`StatusError::TooLarge`] for a
    /// compression bomb, [`StatusError::StatusSize`], [`StatusError::Length`] for an empty list.
    pub fn decode(encoded: &str, status_size: u32) -> Result<Self, StatusError> {
        check_size(status_size)?;
        let body = encoded.strip_prefix('u').ok_or(StatusError::Encoding {
            reason: "missing the multibase prefix 'u'",
        })?;
        if body.ends_with('=') {
            return Err(StatusError::Encoding {
                reason: "base64url must not be padded",
            });
        }
        let compressed = URL_SAFE_NO_PAD
            .decode(body)
            .map_err(|_| StatusError::Encoding {
                reason: "invalid base64url",
            })?;
        let mut bytes = Vec::new();
        GzDecoder::new(compressed.as_slice())
            .take(MAX_DECODED_BYTES as u64 + 1)
            .read_to_end(&mut bytes)
            .map_err(|_| StatusError::Gzip)?;
        if bytes.len() > MAX_DECODED_BYTES {
            return Err(StatusError::TooLarge {
                limit: MAX_DECODED_BYTES,
            });
        }
        let list = BitstringStatusList { bytes, status_size };
        if list.is_empty() {
            return Err(StatusError::Length {
                bits: list.bits(),
                size: status_size,
            });
        }
        Ok(list)
    }

    /// The `encodedList` form: `u` + base64url (no padding) of the GZIP-compressed bits.
    pub fn encode(&self) -> String {
        let mut gz = GzEncoder::new(Vec::new(), Compression::best());
        // Writing into a Vec cannot fail.
        let compressed = gz
            .write_all(&self.bytes)
            .and_then(|()| gz.finish())
            .unwrap_or_default();
        let mut out = String::with_capacity(1 + compressed.len().div_ceil(3) * 4);
        out.push('u');
        URL_SAFE_NO_PAD.encode_string(&compressed, &mut out);
        out
    }

    /// Bits per entry.
    pub fn status_size(&self) -> u32 {
        self.status_size
    }

    /// Total bits in the list.
    pub fn bits(&self) -> u64 {
        self.bytes.len() as u64 * 8
    }

    /// Number of whole entries.
    pub fn len(&self) -> u64 {
        self.bits() / u64::from(self.status_size)
    }

    /// True when the list holds no entry.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn check_index(&self, index: u64) -> Result<u64, StatusError> {
        if index >= self.len() {
            return Err(StatusError::IndexOutOfRange {
                index,
                len: self.len(),
            });
        }
        Ok(index * u64::from(self.status_size))
    }

    fn bit(&self, position: u64) -> bool {
        let byte = self.bytes[(position / 8) as usize];
        byte & (0x80 >> (position % 8)) != 0
    }

    /// The value of entry `index` (big-endian over its `status_size` bits).
    ///
    /// # Errors
    /// [`StatusError::IndexOutOfRange`].
    pub fn get(&self, index: u64) -> Result<u32, StatusError> {
        let start = self.check_index(index)?;
        Ok((0..u64::from(self.status_size))
            .fold(0u32, |acc, i| (acc << 1) | u32::from(self.bit(start + i))))
    }

    /// Sets entry `index` to `value`.
    ///
    /// # Errors
    /// [`StatusError::IndexOutOfRange`], [`StatusError::ValueTooLarge`].
    pub fn set(&mut self, index: u64, value: u32) -> Result<(), StatusError> {
        let start = self.check_index(index)?;
        if self.status_size < 32 && value >> self.status_size != 0 {
            return Err(StatusError::ValueTooLarge {
                value,
                size: self.status_size,
            });
        }
        for i in 0..u64::from(self.status_size) {
            let position = start + i;
            let on = value >> (u64::from(self.status_size) - 1 - i) & 1 == 1;
            let mask = 0x80u8 >> (position % 8);
            let byte = &mut self.bytes[(position / 8) as usize];
            if on {
                *byte |= mask;
            } else {
                *byte &= !mask;
            }
        }
        Ok(())
    }

    /// Sets entry `index` to zero.
    ///
    /// # Errors
    /// [`StatusError::IndexOutOfRange`].
    pub fn clear(&mut self, index: u64) -> Result<(), StatusError> {
        self.set(index, 0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn reads_the_1edtech_test_list() {
        // credentialSubject.encodedList of the 1EdTech validator's bit-string-list/testlist.
        let list = BitstringStatusList::decode(
            "uH4sIAAAAAAAA_-3BMQEAAAzDoMy_6cnoA9QFAAAAAAAAAAAAAAAAAAAAbD3uPa2cAEAAAA",
            1,
        )
        .unwrap();
        assert_eq!(list.len(), 131_072);
        let set: Vec<u64> = (0..list.len())
            .filter(|&i| list.get(i).unwrap() == 1)
            .collect();
        assert_eq!(set, [23]);
    }

    #[test]
    fn rejects_bad_encodings() {
        assert!(matches!(
            BitstringStatusList::decode("H4sI", 1),
            Err(StatusError::Encoding { .. })
        ));
        assert!(matches!(
            BitstringStatusList::decode("u!!!", 1),
            Err(StatusError::Encoding { .. })
        ));
        assert_eq!(
            BitstringStatusList::decode("uAAAA", 1),
            Err(StatusError::Gzip)
        );
    }

    #[test]
    fn refuses_a_compression_bomb() {
        let mut gz = GzEncoder::new(Vec::new(), Compression::best());
        let zeros = vec![0u8; 1024 * 1024];
        for _ in 0..17 {
            gz.write_all(&zeros).unwrap();
        }
        let compressed = gz.finish().unwrap();
        let encoded = format!("u{}", URL_SAFE_NO_PAD.encode(compressed));
        assert_eq!(
            BitstringStatusList::decode(&encoded, 1),
            Err(StatusError::TooLarge {
                limit: MAX_DECODED_BYTES
            })
        );
    }

    #[test]
    fn multi_bit_values_are_big_endian() {
        let mut list = BitstringStatusList::new(16, 2).unwrap();
        list.set(0, 0b10).unwrap();
        list.set(3, 0b01).unwrap();
        assert_eq!(list.bytes[0], 0b1000_0001);
        assert_eq!(
            list.set(1, 4),
            Err(StatusError::ValueTooLarge { value: 4, size: 2 })
        );
        assert_eq!(
            list.get(16),
            Err(StatusError::IndexOutOfRange { index: 16, len: 16 })
        );
    }

    proptest! {
        #[test]
        fn set_encode_decode_get(size in 1u32..=8, writes in proptest::collection::vec((0u64..512, any::<u32>()), 0..40)) {
            let mut list = BitstringStatusList::new(512, size).unwrap();
            let mut expected = std::collections::BTreeMap::new();
            for (index, value) in writes {
                let value = if size == 32 { value } else { value & ((1 << size) - 1) };
                list.set(index, value).unwrap();
                expected.insert(index, value);
            }
            let decoded = BitstringStatusList::decode(&list.encode(), size).unwrap();
            prop_assert_eq!(&decoded, &list);
            for i in 0..512 {
                prop_assert_eq!(decoded.get(i).unwrap(), expected.get(&i).copied().unwrap_or(0));
            }
        }
    }
}
