//! The final sort of the canonical lines, in code point order (the byte order of their
//! UTF-8 text) with a cheap first comparison.
//!
//! Each line carries its first eight bytes as a big-endian integer (zero-padded if
//! shorter). Truncating and zero-padding keep the byte order (a shorter line that is a
//! prefix of a longer one pads with the smallest byte), so two lines whose keys differ are
//! in key order, and only lines with equal keys are compared as text: lines with blank
//! subjects (`_:c14n0 <`, `_:c14n12`) mostly differ in their first eight bytes already.

/// A line of a text buffer: where it is, its sort key, and the quad it was written from.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Line {
    key: u64,
    start: usize,
    end: usize,
    /// The index of the quad the line was written from.
    pub(crate) index: u32,
}

/// How many bytes the key holds.
const KEY_LEN: usize = 8;

impl Line {
    /// The line `text[start..end]` of quad `index`.
    pub(crate) fn new(text: &[u8], start: usize, end: usize, index: u32) -> Self {
        let line = &text[start..end];
        let mut key = [0u8; KEY_LEN];
        let len = line.len().min(KEY_LEN);
        key[..len].copy_from_slice(&line[..len]);
        Line {
            key: u64::from_be_bytes(key),
            start,
            end,
            index,
        }
    }

    /// Where the line is in its buffer.
    pub(crate) fn range(&self) -> std::ops::Range<usize> {
        self.start..self.end
    }
}

/// Sorts `lines` of `text` in the byte order of their text.
pub(crate) fn sort(text: &[u8], lines: &mut [Line]) {
    lines.sort_unstable_by(|a, b| {
        a.key.cmp(&b.key).then_with(|| {
            // Equal keys: when both lines hold eight bytes, those are equal.
            let skip = if a.end - a.start >= KEY_LEN && b.end - b.start >= KEY_LEN {
                KEY_LEN
            } else {
                0
            };
            text[a.start + skip..a.end].cmp(&text[b.start + skip..b.end])
        })
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Sorts `items` with [`sort`] and returns them in its order.
    fn sorted(items: &[Vec<u8>]) -> Vec<Vec<u8>> {
        let mut text = Vec::new();
        let mut lines = Vec::new();
        for (i, item) in items.iter().enumerate() {
            let start = text.len();
            text.extend_from_slice(item);
            lines.push(Line::new(&text, start, text.len(), i as u32));
        }
        sort(&text, &mut lines);
        lines.iter().map(|l| text[l.range()].to_vec()).collect()
    }

    #[test]
    fn prefixes_padding_and_label_numbers_sort_as_bytes() {
        let items: Vec<Vec<u8>> = [
            &b"_:c14n10 <p> _:c14n1 .\n"[..],
            b"_:c14n1 <p> _:c14n10 .\n",
            b"_:c14n1 <p> _:c14n1 .\n",
            b"<https://a> <p> \"x\" .\n",
            b"<https://a> <p> \"x\"@en .\n",
            b"<https://a/b> <p> \"x\" .\n",
            b"ab",
            b"ab\0",
            b"ab\0\0\0\0\0\0x",
            b"",
            b"\xc3\xa9t\xc3\xa9",
            b"\x7f",
        ]
        .iter()
        .map(|s| s.to_vec())
        .collect();
        let mut want = items.clone();
        want.sort();
        assert_eq!(sorted(&items), want);
    }

    proptest::proptest! {
        #[test]
        fn keyed_sort_is_the_byte_order(
            items in proptest::collection::vec(
                proptest::collection::vec(
                    proptest::sample::select(vec![0u8, 1, b' ', b'0', b'1', b'_', b'c', 0x7f, 0xc3, 0xa9, 0xff]),
                    0..14,
                ),
                0..24,
            ),
            prefix in proptest::collection::vec(proptest::num::u8::ANY, 0..10),
        ) {
            // Lines sharing a prefix of random length, as canonical lines do.
            let items: Vec<Vec<u8>> = items
                .into_iter()
                .enumerate()
                .map(|(i, item)| {
                    let mut line = prefix[..i.min(prefix.len())].to_vec();
                    line.extend(item);
                    line
                })
                .collect();
            let mut want = items.clone();
            want.sort();
            proptest::prop_assert_eq!(sorted(&items), want);
        }
    }
}
