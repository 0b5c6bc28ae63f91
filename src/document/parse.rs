//! The strict one-pass parser that fills a [`Tree`]: iterative (no recursion however deep
//! the input), a fixed handful of allocations, and the same acceptance as serde_json's
//! `Value` parser plus the [`Document`](super::Document) rules (no duplicate member, a depth
//! limit).
//!
//! It only decides *whether* the text is acceptable and where it stopped; the caller turns a
//! rejection into the exact [`ParseError`](super::ParseError) (serde_json's wording and
//! position) on that cold path.

use super::tree::{NO_PARENT, Slot, Tag, Tree};

/// Where the parser gave up (byte offset), for the rare case the detailed error path
/// disagrees.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Rejected {
    pub(super) offset: usize,
}

/// Objects with at most this many members are checked for duplicates pairwise; larger ones
/// through a sorted scratch list.
const PAIRWISE_MAX: usize = 12;

/// Parses `text` into a tree, refusing nesting deeper than `max_depth`.
pub(super) fn parse(text: &str, max_depth: usize) -> Result<Tree, Rejected> {
    if u32::try_from(text.len()).is_err() {
        return Err(Rejected { offset: 0 });
    }
    let mut parser = Parser {
        text,
        bytes: text.as_bytes(),
        pos: 0,
        tree: Tree {
            // Room for one slot per 6 bytes of text: enough for typical credentials (a
            // dense array such as `[1,1,…]` needs one per 2 bytes; the arena then grows).
            slots: Vec::with_capacity(text.len() / 6 + 4),
            decoded: String::new(),
        },
        scratch: Vec::new(),
    };
    parser.run(max_depth)?;
    Ok(parser.tree)
}

/// The index of the first byte at or after `from` that ends a run of plain string
/// content (a quote, a backslash or a control character), or the length of `bytes`.
/// Eight bytes at a time: a byte-wise "has zero" / "has less than" test per word.
pub(crate) fn plain_run(bytes: &[u8], from: usize) -> usize {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let mut i = from;
    while let Some(chunk) = bytes.get(i..i + 8) {
        let Ok(word) = <[u8; 8]>::try_from(chunk) else {
            break;
        };
        let w = u64::from_le_bytes(word);
        let quote = w ^ (ONES * u64::from(b'"'));
        let backslash = w ^ (ONES * u64::from(b'\\'));
        let special = (quote.wrapping_sub(ONES) & !quote)
            | (backslash.wrapping_sub(ONES) & !backslash)
            | (w.wrapping_sub(ONES * 0x20) & !w);
        if special & HIGH != 0 {
            break;
        }
        i += 8;
    }
    while let Some(&b) = bytes.get(i) {
        if b == b'"' || b == b'\\' || b < 0x20 {
            break;
        }
        i += 1;
    }
    i
}

struct Parser<'t> {
    text: &'t str,
    bytes: &'t [u8],
    pos: usize,
    tree: Tree,
    /// Name indices of a large object, for the duplicate check.
    scratch: Vec<u32>,
}

impl Parser<'_> {
    fn reject<T>(&self) -> Result<T, Rejected> {
        Err(Rejected { offset: self.pos })
    }

    fn skip_ws(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.bytes.get(self.pos) {
            self.pos += 1;
        }
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    /// Appends a slot; `end` is set to the next index (containers fix it on close).
    fn push(&mut self, tag: Tag, start: usize, len: usize, parent: u32) -> u32 {
        let index = self.tree.slots.len() as u32;
        self.tree.slots.push(Slot {
            tag,
            // Offsets fit: the text is shorter than u32::MAX bytes, and so is the decoded
            // buffer (never longer than the text).
            start: start as u32,
            len: len as u32,
            end: index + 1,
            parent,
            count: 0,
        });
        index
    }

    fn run(&mut self, max_depth: usize) -> Result<(), Rejected> {
        let mut open = NO_PARENT; // innermost open container
        let mut depth = 0usize;
        self.skip_ws();
        'value: loop {
            // A value starts here.
            if open != NO_PARENT {
                self.tree.slots[open as usize].count += 1;
            }
            match self.peek() {
                Some(b'{') => {
                    depth += 1;
                    if depth > max_depth {
                        return self.reject();
                    }
                    let index = self.push(Tag::Object, self.pos, 0, open);
                    self.pos += 1;
                    self.skip_ws();
                    if self.peek() == Some(b'}') {
                        self.pos += 1;
                        depth -= 1;
                    } else {
                        open = index;
                        self.name(open)?;
                        continue 'value;
                    }
                }
                Some(b'[') => {
                    depth += 1;
                    if depth > max_depth {
                        return self.reject();
                    }
                    let index = self.push(Tag::Array, self.pos, 0, open);
                    self.pos += 1;
                    self.skip_ws();
                    if self.peek() == Some(b']') {
                        self.pos += 1;
                        depth -= 1;
                    } else {
                        open = index;
                        continue 'value;
                    }
                }
                Some(b'"') => {
                    self.string(open, false)?;
                }
                Some(b't') => self.literal(b"true", Tag::True, open)?,
                Some(b'f') => self.literal(b"false", Tag::False, open)?,
                Some(b'n') => self.literal(b"null", Tag::Null, open)?,
                Some(b'-' | b'0'..=b'9') => self.number(open)?,
                _ => return self.reject(),
            }
            // A value ended: continue or close the open containers.
            loop {
                if open == NO_PARENT {
                    self.skip_ws();
                    if self.pos != self.bytes.len() {
                        return self.reject();
                    }
                    return Ok(());
                }
                self.skip_ws();
                let container = self.tree.slots[open as usize];
                match (container.tag, self.peek()) {
                    (_, Some(b',')) => {
                        self.pos += 1;
                        self.skip_ws();
                        if container.tag == Tag::Object {
                            self.name(open)?;
                        }
                        continue 'value;
                    }
                    (Tag::Object, Some(b'}')) => {
                        self.pos += 1;
                        self.check_duplicates(open)?;
                    }
                    (Tag::Array, Some(b']')) => {
                        self.pos += 1;
                    }
                    _ => return self.reject(),
                }
                let end = self.tree.slots.len() as u32;
                self.tree.slots[open as usize].end = end;
                open = container.parent;
                depth -= 1;
            }
        }
    }

    /// A member name, the colon and the whitespace before the value.
    fn name(&mut self, object: u32) -> Result<(), Rejected> {
        if self.peek() != Some(b'"') {
            return self.reject();
        }
        self.string(object, true)?;
        self.skip_ws();
        if self.peek() != Some(b':') {
            return self.reject();
        }
        self.pos += 1;
        self.skip_ws();
        Ok(())
    }

    fn literal(&mut self, word: &[u8], tag: Tag, parent: u32) -> Result<(), Rejected> {
        if self.bytes[self.pos..].starts_with(word) {
            self.push(tag, self.pos, word.len(), parent);
            self.pos += word.len();
            Ok(())
        } else {
            self.reject()
        }
    }

    fn digits(&mut self) -> usize {
        let start = self.pos;
        while self.peek().is_some_and(|b| b.is_ascii_digit()) {
            self.pos += 1;
        }
        self.pos - start
    }

    fn number(&mut self, parent: u32) -> Result<(), Rejected> {
        let start = self.pos;
        if self.peek() == Some(b'-') {
            self.pos += 1;
        }
        match self.peek() {
            Some(b'0') => {
                self.pos += 1;
                if self.peek().is_some_and(|b| b.is_ascii_digit()) {
                    return self.reject();
                }
            }
            Some(b'1'..=b'9') => {
                self.digits();
            }
            _ => return self.reject(),
        }
        let mut simple = true;
        if self.peek() == Some(b'.') {
            simple = false;
            self.pos += 1;
            if self.digits() == 0 {
                return self.reject();
            }
        }
        if let Some(b'e' | b'E') = self.peek() {
            simple = false;
            self.pos += 1;
            if let Some(b'+' | b'-') = self.peek() {
                self.pos += 1;
            }
            if self.digits() == 0 {
                return self.reject();
            }
        }
        let text = &self.text[start..self.pos];
        // Integers of up to 18 digits are always in range; anything else must be a number
        // serde_json accepts (a float out of f64's range is an error there).
        if (!simple || text.len() > 18) && super::tree::number_from_text(text).is_none() {
            return self.reject();
        }
        self.push(Tag::Number, start, self.pos - start, parent);
        Ok(())
    }

    /// A string at `self.pos` (the opening quote), as a value or a member name.
    fn string(&mut self, parent: u32, name: bool) -> Result<(), Rejected> {
        self.pos += 1;
        let start = self.pos;
        // Fast scan: no escape, no control character.
        self.pos = plain_run(self.bytes, self.pos);
        match self.peek() {
            Some(b'"') => {
                let tag = if name { Tag::RawName } else { Tag::RawString };
                self.push(tag, start, self.pos - start, parent);
                self.pos += 1;
                return Ok(());
            }
            Some(b'\\') => {}
            _ => return self.reject(),
        }
        // Decode into the side buffer.
        let out_start = self.tree.decoded.len();
        // `run..self.pos` is plain text, then an escape or the closing quote.
        let mut run = start;
        loop {
            self.tree.decoded.push_str(&self.text[run..self.pos]);
            match self.peek() {
                Some(b'"') => {
                    self.pos += 1;
                    break;
                }
                Some(b'\\') => {
                    self.pos += 1;
                    self.escape()?;
                }
                _ => return self.reject(),
            }
            run = self.pos;
            self.pos = plain_run(self.bytes, self.pos);
        }
        let tag = if name {
            Tag::DecodedName
        } else {
            Tag::DecodedString
        };
        let len = self.tree.decoded.len() - out_start;
        self.push(tag, out_start, len, parent);
        Ok(())
    }

    /// One escape sequence after its backslash.
    fn escape(&mut self) -> Result<(), Rejected> {
        let Some(b) = self.peek() else {
            return self.reject();
        };
        self.pos += 1;
        let c = match b {
            b'"' => '"',
            b'\\' => '\\',
            b'/' => '/',
            b'b' => '\u{8}',
            b'f' => '\u{c}',
            b'n' => '\n',
            b'r' => '\r',
            b't' => '\t',
            b'u' => {
                let first = self.hex4()?;
                match first {
                    0xDC00..=0xDFFF => return self.reject(),
                    0xD800..=0xDBFF => {
                        if self.bytes.get(self.pos..self.pos + 2) != Some(b"\\u") {
                            return self.reject();
                        }
                        self.pos += 2;
                        let second = self.hex4()?;
                        if !(0xDC00..=0xDFFF).contains(&second) {
                            return self.reject();
                        }
                        let code = 0x1_0000 + ((first - 0xD800) << 10) + (second - 0xDC00);
                        match char::from_u32(code) {
                            Some(c) => c,
                            None => return self.reject(),
                        }
                    }
                    _ => match char::from_u32(first) {
                        Some(c) => c,
                        None => return self.reject(),
                    },
                }
            }
            _ => return self.reject(),
        };
        self.tree.decoded.push(c);
        Ok(())
    }

    fn hex4(&mut self) -> Result<u32, Rejected> {
        let mut n = 0u32;
        for _ in 0..4 {
            let digit = match self.peek() {
                Some(b @ b'0'..=b'9') => b - b'0',
                Some(b @ b'a'..=b'f') => b - b'a' + 10,
                Some(b @ b'A'..=b'F') => b - b'A' + 10,
                _ => return self.reject(),
            };
            n = n * 16 + u32::from(digit);
            self.pos += 1;
        }
        Ok(n)
    }

    /// Whether the object at `object` (just closed) has two members of the same name.
    fn check_duplicates(&mut self, object: u32) -> Result<(), Rejected> {
        let slots = &self.tree.slots;
        let count = slots[object as usize].count as usize;
        if count < 2 {
            return Ok(());
        }
        let name_of = |index: u32| self.tree.text(self.text, slots[index as usize]);
        self.scratch.clear();
        let mut at = object + 1;
        let total = slots.len() as u32;
        while at < total {
            self.scratch.push(at);
            // The value after the name; its `end` is the next name (closed subtrees have
            // their `end` set; scalars end at the next index).
            at = slots[at as usize + 1].end;
        }
        let names = &mut self.scratch;
        let duplicate = if names.len() <= PAIRWISE_MAX {
            names
                .iter()
                .enumerate()
                .any(|(i, &a)| names[..i].iter().any(|&b| name_of(a) == name_of(b)))
        } else {
            names.sort_unstable_by(|&a, &b| name_of(a).cmp(name_of(b)));
            names.windows(2).any(|w| name_of(w[0]) == name_of(w[1]))
        };
        if duplicate { self.reject() } else { Ok(()) }
    }
}

#[cfg(test)]
mod tests {
    use super::plain_run;

    #[test]
    fn plain_run_stops_where_a_byte_loop_stops() {
        let naive = |bytes: &[u8], from: usize| {
            (from..bytes.len())
                .find(|&i| matches!(bytes[i], b'"' | b'\\' | 0x00..=0x1f))
                .unwrap_or(bytes.len())
        };
        let specials: [&[u8]; 6] = [b"\"", b"\\", b"\x00", b"\x1f", b"\n", "\u{e9}".as_bytes()];
        for len in 0..24 {
            for at in 0..=len {
                for special in specials {
                    let mut text = vec![b'a'; len];
                    text.splice(at..at, special.iter().copied());
                    text.extend_from_slice(b"\x7f\xc3\xa9 ~");
                    for from in 0..text.len() {
                        assert_eq!(
                            plain_run(&text, from),
                            naive(&text, from),
                            "{text:?} {from}"
                        );
                    }
                }
            }
        }
    }
}
