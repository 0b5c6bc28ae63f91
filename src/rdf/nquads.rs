//! N-Quads: a strict parser ([`parse`]) and the canonical serialization RDFC-1.0 uses
//! (RDF 1.2 canonical N-Quads).

mod parse;

use std::fmt::Write as _;

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
    let mut start = 0;
    for (i, c) in value.char_indices() {
        let escape = match c {
            '\u{8}' => "\\b",
            '\t' => "\\t",
            '\n' => "\\n",
            '\u{c}' => "\\f",
            '\r' => "\\r",
            '"' => "\\\"",
            '\\' => "\\\\",
            '\u{0}'..='\u{1f}' | '\u{7f}' => "",
            _ => continue,
        };
        out.push_str(&value[start..i]);
        if escape.is_empty() {
            let _ = write!(out, "\\u{:04X}", c as u32);
        } else {
            out.push_str(escape);
        }
        start = i + c.len_utf8();
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
