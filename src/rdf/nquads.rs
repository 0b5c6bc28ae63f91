//! N-Quads: a strict parser ([`parse`]) and the canonical serialization RDFC-1.0 uses
//! (RDF 1.2 canonical N-Quads).

mod parse;

pub use parse::{Expected, NQuadsError, parse};

use super::term::{Literal, Quad, Term, XSD_STRING};

/// Appends the N-Quads form of `term` to `out`.
pub fn write_term(out: &mut String, term: &Term) {
    match term {
        Term::Iri(iri) => {
            out.push('<');
            out.push_str(iri);
            out.push('>');
        }
        Term::Blank(label) => {
            out.push_str("_:");
            out.push_str(label);
        }
        Term::Literal(literal) => write_literal(out, literal),
    }
}

fn write_literal(out: &mut String, literal: &Literal) {
    out.push('"');
    escape_literal(out, &literal.value);
    out.push('"');
    if let Some(language) = &literal.language {
        out.push('@');
        out.push_str(language);
    } else if literal.datatype != XSD_STRING {
        out.push_str("^^<");
        out.push_str(&literal.datatype);
        out.push('>');
    }
}

/// Escapes a literal's lexical form: `\b \t \n \f \r \" \\` as ECHAR, the other control
/// characters (U+0000–U+001F, U+007F) as `\uXXXX` with upper-case hex digits.
pub fn escape_literal(out: &mut String, value: &str) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let bytes = value.as_bytes();
    let mut start = 0;
    for (i, &b) in bytes.iter().enumerate() {
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
}
