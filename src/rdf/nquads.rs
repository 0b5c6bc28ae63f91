//! N-Quads: a strict parser ([`parse`]) and the canonical serialization RDFC-1.0 uses
//! (RDF 1.2 canonical N-Quads).

mod parse;

pub use parse::{Expected, NQuadsError, parse};

use super::term::{Quad, Term, TermRef, XSD_STRING};

/// Appends the N-Quads form of `term` to `out`.
pub fn write_term(out: &mut String, term: &Term) {
    write_term_ref(out, term.as_ref());
}

/// Appends the N-Quads form of `term` to `out`; for a literal, the offset in `out` of its
/// closing quote (where the escaped lexical form ends and the tag or datatype begins).
pub(crate) fn write_term_ref(out: &mut String, term: TermRef<'_>) -> Option<usize> {
    match term {
        TermRef::Iri(iri) => {
            out.push('<');
            out.push_str(iri);
            out.push('>');
            None
        }
        TermRef::Blank(label) => {
            out.push_str("_:");
            out.push_str(label);
            None
        }
        TermRef::Literal {
            value,
            datatype,
            language,
        } => {
            out.push('"');
            escape_literal(out, value);
            let close = out.len();
            out.push('"');
            if let Some(language) = language {
                out.push('@');
                out.push_str(language);
            } else if datatype != XSD_STRING {
                out.push_str("^^<");
                out.push_str(datatype);
                out.push('>');
            }
            Some(close)
        }
    }
}

/// Escapes a literal's lexical form: `\b \t \n \f \r \" \\` as ECHAR, the other control
/// characters (U+0000–U+001F, U+007F) as `\uXXXX` with upper-case hex digits.
pub fn escape_literal(out: &mut String, value: &str) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let bytes = value.as_bytes();
    // Most values need no escape: look for the first byte that does a chunk at a time.
    let Some(first) = first_escape(bytes) else {
        out.push_str(value);
        return;
    };
    let mut start = 0;
    for (i, &b) in bytes.iter().enumerate().skip(first) {
        // Only ASCII bytes are escaped, so `i` is always a character boundary.
        let escape = match b {
            0x08 => "\\b",
            b'\t' => "\\t",
            b'\n' => "\\n",
            0x0c => "\\f",
            b'\r' => "\\r",
            b'"' => "\\\"",
            b'\\' => "\\\\",
            0x00..=0x1f | 0x7f => "",
            _ => continue,
        };
        out.push_str(&value[start..i]);
        if escape.is_empty() {
            out.push_str("\\u00");
            out.push(char::from(HEX[usize::from(b >> 4)]));
            out.push(char::from(HEX[usize::from(b & 0xf)]));
        } else {
            out.push_str(escape);
        }
        start = i + 1;
    }
    out.push_str(&value[start..]);
}

/// True for the bytes [`escape_literal`] escapes.
fn needs_escape(b: u8) -> bool {
    b < 0x20 || b == b'"' || b == b'\\' || b == 0x7f
}

/// The index of the first byte of `bytes` that needs an escape. Each 16-byte chunk is
/// tested without an early exit (which the compiler turns into vector compares).
fn first_escape(bytes: &[u8]) -> Option<usize> {
    let mut at = 0;
    for chunk in bytes.chunks(16) {
        if chunk.iter().fold(false, |any, &b| any | needs_escape(b)) {
            return chunk.iter().position(|&b| needs_escape(b)).map(|i| at + i);
        }
        at += chunk.len();
    }
    None
}

/// Appends one quad as an N-Quads line, with the final `" .\n"`.
pub fn write_quad(out: &mut String, quad: &Quad) {
    write_term(out, &quad.subject);
    out.push(' ');
    write_term(out, &quad.predicate);
    out.push(' ');
    write_term(out, &quad.object);
    if let Some(graph) = &quad.graph {
        out.push(' ');
        write_term(out, graph);
    }
    out.push_str(" .\n");
}

/// The N-Quads document of `quads`, one line each, in the order given.
pub fn to_nquads(quads: &[Quad]) -> String {
    let mut out = String::with_capacity(quads.len() * 96);
    for quad in quads {
        write_quad(&mut out, quad);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_control_characters() {
        let mut out = String::new();
        write_term(&mut out, &Term::string("a\"b\\c\nd\u{1}e\u{7f}é"));
        assert_eq!(out, "\"a\\\"b\\\\c\\nd\\u0001e\\u007Fé\"");
    }

    /// The escape of `value` one character at a time (the reference for the chunked scan).
    fn escape_slowly(value: &str) -> String {
        let mut out = String::new();
        for c in value.chars() {
            match c {
                '\u{8}' => out.push_str("\\b"),
                '\t' => out.push_str("\\t"),
                '\n' => out.push_str("\\n"),
                '\u{c}' => out.push_str("\\f"),
                '\r' => out.push_str("\\r"),
                '"' => out.push_str("\\\""),
                '\\' => out.push_str("\\\\"),
                '\u{0}'..='\u{1f}' | '\u{7f}' => out.push_str(&format!("\\u{:04X}", c as u32)),
                c => out.push(c),
            }
        }
        out
    }

    proptest::proptest! {
        #[test]
        fn chunked_escape_matches_the_reference(
            value in "([\"\\\\\u{0}-\u{1f}\u{7f}]|\\PC){0,80}"
        ) {
            let mut out = String::new();
            escape_literal(&mut out, &value);
            proptest::prop_assert_eq!(out, escape_slowly(&value));
        }
    }

    #[test]
    fn escapes_past_the_first_chunk() {
        for at in [0, 15, 16, 17, 31, 32, 40] {
            let mut value = "x".repeat(41);
            value.replace_range(at..=at, "\"");
            let mut out = String::new();
            escape_literal(&mut out, &value);
            assert_eq!(out, escape_slowly(&value), "at {at}");
        }
        let mut out = String::new();
        escape_literal(&mut out, &"é".repeat(30));
        assert_eq!(out, "é".repeat(30));
    }
}
