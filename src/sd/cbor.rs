//! A minimal, bounded CBOR (RFC 8949) codec for exactly the items ecdsa-sd-2023 proof
//! values use: unsigned integers, byte strings, text strings, arrays and maps, definite
//! lengths only. The encoder writes the preferred (shortest) argument encoding, the form
//! the W3C vectors and the peer implementation produce.

/// A decoded CBOR item.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Item {
    /// Major type 0.
    Uint(u64),
    /// Major type 2.
    Bytes(Vec<u8>),
    /// Major type 3.
    Text(String),
    /// Major type 4.
    Array(Vec<Item>),
    /// Major type 5 (pairs in encoded order).
    Map(Vec<(Item, Item)>),
}

/// Why CBOR bytes were refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum CborError {
    /// The input ends inside an item.
    #[error("CBOR ends early at byte {offset}")]
    Truncated {
        /// Where more bytes were needed.
        offset: usize,
    },
    /// A major type, additional information or indefinite length this decoder does not
    /// accept (ecdsa-sd-2023 uses none of them).
    #[error("CBOR item at byte {offset} is of a kind ecdsa-sd-2023 does not use")]
    Unsupported {
        /// Where the item starts.
        offset: usize,
    },
    /// Nesting beyond the limit.
    #[error("CBOR nesting deeper than {limit}")]
    TooDeep {
        /// The limit.
        limit: usize,
    },
    /// Bytes after the top-level item.
    #[error("{count} bytes after the CBOR item")]
    Trailing {
        /// How many.
        count: usize,
    },
    /// A text string that is not UTF-8.
    #[error("CBOR text at byte {offset} is not UTF-8")]
    Utf8 {
        /// Where the text starts.
        offset: usize,
    },
}

const MAX_DEPTH: usize = 8;

/// Encodes `item` (shortest arguments, definite lengths, map pairs in the given order).
pub(crate) fn encode(item: &Item) -> Vec<u8> {
    let mut out = Vec::new();
    write(&mut out, item);
    out
}

fn head(out: &mut Vec<u8>, major: u8, n: u64) {
    let m = major << 5;
    match n {
        0..=23 => out.push(m | n as u8),
        24..=0xff => out.extend_from_slice(&[m | 24, n as u8]),
        0x100..=0xffff => {
            out.push(m | 25);
            out.extend_from_slice(&(n as u16).to_be_bytes());
        }
        0x1_0000..=0xffff_ffff => {
            out.push(m | 26);
            out.extend_from_slice(&(n as u32).to_be_bytes());
        }
        _ => {
            out.push(m | 27);
            out.extend_from_slice(&n.to_be_bytes());
        }
    }
}

fn write(out: &mut Vec<u8>, item: &Item) {
    match item {
        Item::Uint(n) => head(out, 0, *n),
        Item::Bytes(b) => {
            head(out, 2, b.len() as u64);
            out.extend_from_slice(b);
        }
        Item::Text(t) => {
            head(out, 3, t.len() as u64);
            out.extend_from_slice(t.as_bytes());
        }
        Item::Array(items) => {
            head(out, 4, items.len() as u64);
            for i in items {
                write(out, i);
            }
        }
        Item::Map(pairs) => {
            head(out, 5, pairs.len() as u64);
            for (k, v) in pairs {
                write(out, k);
                write(out, v);
            }
        }
    }
}

/// Decodes exactly one item filling `bytes`.
pub(crate) fn decode(bytes: &[u8]) -> Result<Item, CborError> {
    let mut pos = 0;
    let item = item(bytes, &mut pos, 0)?;
    if pos != bytes.len() {
        return Err(CborError::Trailing {
            count: bytes.len() - pos,
        });
    }
    Ok(item)
}

fn take<'a>(bytes: &'a [u8], pos: &mut usize, n: usize) -> Result<&'a [u8], CborError> {
    let end = pos
        .checked_add(n)
        .filter(|e| *e <= bytes.len())
        .ok_or(CborError::Truncated { offset: *pos })?;
    let out = &bytes[*pos..end];
    *pos = end;
    Ok(out)
}

fn argument(bytes: &[u8], pos: &mut usize, info: u8, start: usize) -> Result<u64, CborError> {
    Ok(match info {
        0..=23 => u64::from(info),
        24 => u64::from(take(bytes, pos, 1)?[0]),
        25 => {
            let b = take(bytes, pos, 2)?;
            u64::from(u16::from_be_bytes([b[0], b[1]]))
        }
        26 => {
            let b = take(bytes, pos, 4)?;
            u64::from(u32::from_be_bytes([b[0], b[1], b[2], b[3]]))
        }
        27 => {
            let b = take(bytes, pos, 8)?;
            u64::from_be_bytes([b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7]])
        }
        _ => return Err(CborError::Unsupported { offset: start }),
    })
}

fn item(bytes: &[u8], pos: &mut usize, depth: usize) -> Result<Item, CborError> {
    if depth > MAX_DEPTH {
        return Err(CborError::TooDeep { limit: MAX_DEPTH });
    }
    let start = *pos;
    let first = take(bytes, pos, 1)?[0];
    let (major, info) = (first >> 5, first & 0x1f);
    let n = argument(bytes, pos, info, start)?;
    // Every element takes at least one byte: a count beyond the remaining input is
    // truncated input, refused before allocating.
    let remaining = (bytes.len() - *pos) as u64;
    let len = |n: u64| -> Result<usize, CborError> {
        if n > remaining {
            Err(CborError::Truncated { offset: *pos })
        } else {
            Ok(n as usize)
        }
    };
    Ok(match major {
        0 => Item::Uint(n),
        2 => Item::Bytes(take(bytes, pos, len(n)?)?.to_vec()),
        3 => {
            let b = take(bytes, pos, len(n)?)?;
            Item::Text(
                std::str::from_utf8(b)
                    .map_err(|_| CborError::Utf8 { offset: start })?
                    .to_owned(),
            )
        }
        4 => {
            let count = len(n)?;
            let mut items = Vec::with_capacity(count);
            for _ in 0..count {
                items.push(item(bytes, pos, depth + 1)?);
            }
            Item::Array(items)
        }
        5 => {
            let count = len(n.saturating_mul(2))? / 2;
            let mut pairs = Vec::with_capacity(count);
            for _ in 0..count {
                let k = item(bytes, pos, depth + 1)?;
                let v = item(bytes, pos, depth + 1)?;
                pairs.push((k, v));
            }
            Item::Map(pairs)
        }
        _ => return Err(CborError::Unsupported { offset: start }),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn decodes_the_kinds_used() {
        // [h'0102', "a", {1: h'ff'}, [0, 24, 500]]
        let bytes = [
            0x84, 0x42, 1, 2, 0x61, b'a', 0xa1, 0x01, 0x41, 0xff, 0x83, 0x00, 0x18, 24, 0x19, 0x01,
            0xf4,
        ];
        assert_eq!(
            decode(&bytes).unwrap(),
            Item::Array(vec![
                Item::Bytes(vec![1, 2]),
                Item::Text("a".into()),
                Item::Map(vec![(Item::Uint(1), Item::Bytes(vec![0xff]))]),
                Item::Array(vec![Item::Uint(0), Item::Uint(24), Item::Uint(500)]),
            ])
        );
    }

    #[test]
    fn refuses_what_it_does_not_need() {
        assert!(decode(&[0x9f]).is_err()); // indefinite array
        assert!(decode(&[0x20]).is_err()); // negative integer
        assert!(decode(&[0x5b, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]).is_err());
        assert!(decode(&[0x00, 0x00]).is_err()); // trailing
        assert!(decode(&[0x81; 64]).is_err()); // too deep
    }

    #[test]
    fn encodes_shortest_arguments() {
        for (n, bytes) in [
            (0u64, vec![0x00]),
            (23, vec![0x17]),
            (24, vec![0x18, 24]),
            (255, vec![0x18, 0xff]),
            (256, vec![0x19, 0x01, 0x00]),
            (65_536, vec![0x1a, 0, 1, 0, 0]),
            (1 << 32, vec![0x1b, 0, 0, 0, 1, 0, 0, 0, 0]),
        ] {
            assert_eq!(encode(&Item::Uint(n)), bytes, "{n}");
        }
        let bytes = [
            0x84, 0x42, 1, 2, 0x61, b'a', 0xa1, 0x01, 0x41, 0xff, 0x83, 0x00, 0x18, 24, 0x19, 0x01,
            0xf4,
        ];
        assert_eq!(encode(&decode(&bytes).unwrap()), bytes);
    }

    fn items() -> impl Strategy<Value = Item> {
        let leaf = prop_oneof![
            any::<u64>().prop_map(Item::Uint),
            proptest::collection::vec(any::<u8>(), 0..80).prop_map(Item::Bytes),
            ".{0,30}".prop_map(Item::Text),
        ];
        leaf.prop_recursive(4, 64, 8, |inner| {
            prop_oneof![
                proptest::collection::vec(inner.clone(), 0..8).prop_map(Item::Array),
                proptest::collection::vec((inner.clone(), inner), 0..4).prop_map(Item::Map),
            ]
        })
    }

    proptest! {
        #[test]
        fn round_trips(item in items()) {
            let bytes = encode(&item);
            prop_assert_eq!(decode(&bytes).unwrap(), item);
        }

        #[test]
        fn never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..64)) {
            let _ = decode(&bytes);
        }
    }
}
