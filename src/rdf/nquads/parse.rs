//! A strict N-Quads (RDF 1.1) parser.

use std::fmt;

use crate::rdf::term::{Literal, Quad, RDF_LANG_STRING, Term, XSD_STRING};

/// What the parser expected where it failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Expected {
    /// A subject: an IRI or a blank node.
    Subject,
    /// A predicate: an IRI.
    Predicate,
    /// An object: an IRI, a blank node or a literal.
    Object,
    /// A graph label or the final `.`.
    GraphOrDot,
    /// The final `.` of a statement.
    Dot,
    /// The end of the line (or a comment) after a statement.
    EndOfLine,
    /// The closing `>` of an IRI.
    IriEnd,
    /// The closing `"` of a literal.
    StringEnd,
    /// `<` after `^^`.
    DatatypeIri,
    /// A language tag after `@`.
    LanguageTag,
    /// A blank node label after `_:`.
    BlankNodeLabel,
    /// A hexadecimal digit of a `\u` or `\U` escape.
    HexDigit,
}

impl fmt::Display for Expected {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Expected::Subject => "a subject (IRI or blank node)",
            Expected::Predicate => "a predicate (IRI)",
            Expected::Object => "an object (IRI, blank node or literal)",
            Expected::GraphOrDot => "a graph label or '.'",
            Expected::Dot => "'.'",
            Expected::EndOfLine => "the end of the line",
            Expected::IriEnd => "'>' closing the IRI",
            Expected::StringEnd => "'\"' closing the literal",
            Expected::DatatypeIri => "'<' starting the datatype IRI",
            Expected::LanguageTag => "a language tag ([a-zA-Z]+ ('-' [a-zA-Z0-9]+)*)",
            Expected::BlankNodeLabel => "a blank node label",
            Expected::HexDigit => "a hexadecimal digit",
        })
    }
}

/// Why N-Quads text could not be parsed. Lines and columns are 1-based; columns count
/// characters.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum NQuadsError {
    /// Something else stood where the grammar requires [`Expected`].
    #[error("line {line}, column {column}: expected {expected}, found {}", found.map_or("the end of the input".to_string(), |c| format!("{c:?}")))]
    Syntax {
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// What the grammar requires here.
        expected: Expected,
        /// The character found, `None` at the end of the input.
        found: Option<char>,
    },
    /// A backslash escape other than `\t \b \n \r \f \" \' \\ \uXXXX \UXXXXXXXX` (only the
    /// `\u` / `\U` forms are allowed in IRIs).
    #[error("line {line}, column {column}: invalid escape sequence")]
    InvalidEscape {
        /// 1-based line.
        line: usize,
        /// 1-based column of the backslash.
        column: usize,
    },
    /// A `\u` / `\U` escape names a surrogate or a value above U+10FFFF.
    #[error(
        "line {line}, column {column}: escape U+{code_point:04X} is not a Unicode scalar value"
    )]
    InvalidCodePoint {
        /// 1-based line.
        line: usize,
        /// 1-based column of the backslash.
        column: usize,
        /// The escaped value.
        code_point: u32,
    },
    /// An IRI contains a character IRIs cannot contain (space, control, `<>"{}|^` or a
    /// backtick, or a backslash that is not an escape).
    #[error("line {line}, column {column}: character {character:?} is not allowed in an IRI")]
    InvalidIriCharacter {
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// The character.
        character: char,
    },
    /// An IRI has no scheme: N-Quads requires absolute IRIs.
    #[error("line {line}, column {column}: relative IRI <{iri}>; N-Quads requires absolute IRIs")]
    RelativeIri {
        /// 1-based line.
        line: usize,
        /// 1-based column of the `<`.
        column: usize,
        /// The IRI as decoded.
        iri: String,
    },
    /// A character not allowed at this place of a blank node label.
    #[error(
        "line {line}, column {column}: character {character:?} is not allowed in a blank node label"
    )]
    InvalidBlankNodeLabel {
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// The character.
        character: char,
    },
    /// Syntax of RDF 1.2 (triple terms, base direction) that this parser does not accept.
    #[error("line {line}, column {column}: {feature} is not supported (RDF 1.1 N-Quads only)")]
    Unsupported {
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// What was found.
        feature: &'static str,
    },
}

/// Parses N-Quads text into quads, in document order (duplicates kept).
///
/// The grammar is RDF 1.1 N-Quads: absolute IRIs, blank node labels, literals with a
/// datatype or a language tag, `#` comments, blank lines, lines ended by LF or CR.
///
/// ```
/// use openbadges::rdf::{Term, nquads};
///
/// let quads = nquads::parse("_:b0 <http://ex.org/p> \"caf\\u00E9\"@fr <http://ex.org/g> .\n")?;
/// assert_eq!(quads[0].object, Term::lang_string("café", "fr"));
/// # Ok::<(), nquads::NQuadsError>(())
/// ```
///
/// # Errors
///
/// [`NQuadsError`] for the first violation of the grammar, with its line and column.
pub fn parse(text: &str) -> Result<Vec<Quad>, NQuadsError> {
    let mut parser = Parser {
        text,
        bytes: text.as_bytes(),
        pos: 0,
        line: 1,
        line_start: 0,
    };
    let mut quads = Vec::new();
    loop {
        parser.skip_blank();
        match parser.peek() {
            None => return Ok(quads),
            Some(b'\n' | b'\r') => parser.newline(),
            Some(b'#') => parser.skip_comment(),
            Some(_) => {
                quads.push(parser.statement()?);
                parser.skip_blank();
                match parser.peek() {
                    None => return Ok(quads),
                    Some(b'#') => parser.skip_comment(),
                    Some(b'\n' | b'\r') => parser.newline(),
                    Some(_) => return Err(parser.expected(Expected::EndOfLine)),
                }
            }
        }
    }
}

struct Parser<'a> {
    text: &'a str,
    bytes: &'a [u8],
    pos: usize,
    line: usize,
    line_start: usize,
}

fn is_hex(b: u8) -> bool {
    b.is_ascii_hexdigit()
}

fn is_pn_chars_base(c: char) -> bool {
    matches!(c,
        'A'..='Z' | 'a'..='z' | '\u{C0}'..='\u{D6}' | '\u{D8}'..='\u{F6}' | '\u{F8}'..='\u{2FF}'
        | '\u{370}'..='\u{37D}' | '\u{37F}'..='\u{1FFF}' | '\u{200C}'..='\u{200D}'
        | '\u{2070}'..='\u{218F}' | '\u{2C00}'..='\u{2FEF}' | '\u{3001}'..='\u{D7FF}'
        | '\u{F900}'..='\u{FDCF}' | '\u{FDF0}'..='\u{FFFD}' | '\u{10000}'..='\u{EFFFF}')
}

fn is_pn_chars_u(c: char) -> bool {
    is_pn_chars_base(c) || c == '_' || c == ':'
}

fn is_pn_chars(c: char) -> bool {
    is_pn_chars_u(c)
        || matches!(c, '-' | '0'..='9' | '\u{B7}' | '\u{300}'..='\u{36F}' | '\u{203F}'..='\u{2040}')
}

impl Parser<'_> {
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    fn peek_char(&self) -> Option<char> {
        self.text.get(self.pos..).and_then(|s| s.chars().next())
    }

    fn column_at(&self, pos: usize) -> usize {
        self.text
            .get(self.line_start..pos)
            .map_or(pos - self.line_start, |s| s.chars().count())
            + 1
    }

    fn expected(&self, expected: Expected) -> NQuadsError {
        NQuadsError::Syntax {
            line: self.line,
            column: self.column_at(self.pos),
            expected,
            found: self.peek_char(),
        }
    }

    fn skip_blank(&mut self) {
        while let Some(b' ' | b'\t') = self.peek() {
            self.pos += 1;
        }
    }

    fn skip_comment(&mut self) {
        while let Some(b) = self.peek() {
            if b == b'\n' || b == b'\r' {
                break;
            }
            self.pos += 1;
        }
    }

    fn newline(&mut self) {
        self.pos += 1;
        self.line += 1;
        self.line_start = self.pos;
    }

    fn statement(&mut self) -> Result<Quad, NQuadsError> {
        let subject = match self.peek() {
            Some(b'<') => self.iri_or_triple_term()?,
            Some(b'_') => self.blank()?,
            _ => return Err(self.expected(Expected::Subject)),
        };
        self.skip_blank();
        let predicate = match self.peek() {
            Some(b'<') => self.iri_or_triple_term()?,
            _ => return Err(self.expected(Expected::Predicate)),
        };
        self.skip_blank();
        let object = match self.peek() {
            Some(b'<') => self.iri_or_triple_term()?,
            Some(b'_') => self.blank()?,
            Some(b'"') => self.literal()?,
            _ => return Err(self.expected(Expected::Object)),
        };
        self.skip_blank();
        let graph = match self.peek() {
            Some(b'<') => Some(self.iri_or_triple_term()?),
            Some(b'_') => Some(self.blank()?),
            Some(b'.') => None,
            _ => return Err(self.expected(Expected::GraphOrDot)),
        };
        self.skip_blank();
        if self.peek() != Some(b'.') {
            return Err(self.expected(Expected::Dot));
        }
        self.pos += 1;
        Ok(Quad {
            subject,
            predicate,
            object,
            graph,
        })
    }

    fn iri_or_triple_term(&mut self) -> Result<Term, NQuadsError> {
        if self.bytes.get(self.pos + 1) == Some(&b'<') {
            return Err(NQuadsError::Unsupported {
                line: self.line,
                column: self.column_at(self.pos),
                feature: "a triple term '<<'",
            });
        }
        self.iri().map(Term::Iri)
    }

    /// `\uXXXX` or `\UXXXXXXXX` at `self.pos` (the backslash); returns the character.
    fn uchar(&mut self) -> Result<char, NQuadsError> {
        let start = self.pos;
        let width = match self.bytes.get(self.pos + 1) {
            Some(b'u') => 4,
            Some(b'U') => 8,
            _ => {
                return Err(NQuadsError::InvalidEscape {
                    line: self.line,
                    column: self.column_at(start),
                });
            }
        };
        self.pos += 2;
        let mut value: u32 = 0;
        for _ in 0..width {
            match self.peek() {
                Some(b) if is_hex(b) => {
                    value = value * 16 + char::from(b).to_digit(16).unwrap_or(0);
                    self.pos += 1;
                }
                _ => return Err(self.expected(Expected::HexDigit)),
            }
        }
        char::from_u32(value).ok_or(NQuadsError::InvalidCodePoint {
            line: self.line,
            column: self.column_at(start),
            code_point: value,
        })
    }

    fn iri(&mut self) -> Result<String, NQuadsError> {
        let open = self.pos;
        self.pos += 1;
        let mut out = String::new();
        let mut run = self.pos;
        loop {
            // Bytes, not characters: every byte that ends a run is ASCII, so each slice
            // boundary is a character boundary; bytes of multi-byte characters pass.
            let Some(b) = self.peek() else {
                return Err(self.expected(Expected::IriEnd));
            };
            match b {
                b'>' => {
                    out.push_str(&self.text[run..self.pos]);
                    self.pos += 1;
                    break;
                }
                b'\\' => {
                    out.push_str(&self.text[run..self.pos]);
                    let at = self.pos;
                    let decoded = self.uchar()?;
                    if !iri_char_allowed(decoded) {
                        return Err(NQuadsError::InvalidIriCharacter {
                            line: self.line,
                            column: self.column_at(at),
                            character: decoded,
                        });
                    }
                    out.push(decoded);
                    run = self.pos;
                }
                b if b < 0x80 && !iri_char_allowed(char::from(b)) => {
                    return Err(NQuadsError::InvalidIriCharacter {
                        line: self.line,
                        column: self.column_at(self.pos),
                        character: char::from(b),
                    });
                }
                _ => self.pos += 1,
            }
        }
        if !has_scheme(&out) {
            return Err(NQuadsError::RelativeIri {
                line: self.line,
                column: self.column_at(open),
                iri: out,
            });
        }
        Ok(out)
    }

    fn blank(&mut self) -> Result<Term, NQuadsError> {
        if self.bytes.get(self.pos + 1) != Some(&b':') {
            self.pos += 1;
            return Err(self.expected(Expected::BlankNodeLabel));
        }
        self.pos += 2;
        let start = self.pos;
        match self.peek_char() {
            Some(c) if is_pn_chars_u(c) || c.is_ascii_digit() => self.pos += c.len_utf8(),
            Some(c) if !matches!(c, ' ' | '\t' | '\n' | '\r') => {
                return Err(NQuadsError::InvalidBlankNodeLabel {
                    line: self.line,
                    column: self.column_at(self.pos),
                    character: c,
                });
            }
            _ => return Err(self.expected(Expected::BlankNodeLabel)),
        }
        while let Some(c) = self.peek_char() {
            if is_pn_chars(c) || c == '.' {
                self.pos += c.len_utf8();
            } else {
                break;
            }
        }
        // A label cannot end with '.': give trailing dots back (the last one ends the
        // statement).
        while self.pos > start + 1 && self.bytes.get(self.pos - 1) == Some(&b'.') {
            self.pos -= 1;
        }
        Ok(Term::Blank(self.text[start..self.pos].to_string()))
    }

    fn literal(&mut self) -> Result<Term, NQuadsError> {
        self.pos += 1;
        let mut value = String::new();
        let mut run = self.pos;
        loop {
            match self.peek() {
                None | Some(b'\n' | b'\r') => return Err(self.expected(Expected::StringEnd)),
                Some(b'"') => {
                    value.push_str(&self.text[run..self.pos]);
                    self.pos += 1;
                    break;
                }
                Some(b'\\') => {
                    value.push_str(&self.text[run..self.pos]);
                    let escaped = match self.bytes.get(self.pos + 1) {
                        Some(b't') => Some('\t'),
                        Some(b'b') => Some('\u{8}'),
                        Some(b'n') => Some('\n'),
                        Some(b'r') => Some('\r'),
                        Some(b'f') => Some('\u{c}'),
                        Some(b'"') => Some('"'),
                        Some(b'\'') => Some('\''),
                        Some(b'\\') => Some('\\'),
                        _ => None,
                    };
                    match escaped {
                        Some(c) => {
                            value.push(c);
                            self.pos += 2;
                        }
                        None => value.push(self.uchar()?),
                    }
                    run = self.pos;
                }
                Some(_) => self.pos += 1,
            }
        }
        match self.peek() {
            Some(b'^') => {
                if self.bytes.get(self.pos + 1) != Some(&b'^') {
                    self.pos += 1;
                    return Err(self.expected(Expected::DatatypeIri));
                }
                self.pos += 2;
                if self.peek() != Some(b'<') {
                    return Err(self.expected(Expected::DatatypeIri));
                }
                let datatype = self.iri()?;
                Ok(Term::Literal(Literal {
                    value,
                    datatype,
                    language: None,
                }))
            }
            Some(b'@') => {
                self.pos += 1;
                let language = self.language_tag()?;
                Ok(Term::Literal(Literal {
                    value,
                    datatype: RDF_LANG_STRING.to_string(),
                    language: Some(language),
                }))
            }
            _ => Ok(Term::Literal(Literal {
                value,
                datatype: XSD_STRING.to_string(),
                language: None,
            })),
        }
    }

    fn language_tag(&mut self) -> Result<String, NQuadsError> {
        let start = self.pos;
        let first = self.bytes[self.pos..]
            .iter()
            .take_while(|b| b.is_ascii_alphabetic())
            .count();
        if first == 0 {
            return Err(self.expected(Expected::LanguageTag));
        }
        self.pos += first;
        while self.peek() == Some(b'-') {
            if self.bytes.get(self.pos + 1) == Some(&b'-') {
                return Err(NQuadsError::Unsupported {
                    line: self.line,
                    column: self.column_at(self.pos),
                    feature: "a base direction ('--ltr' / '--rtl')",
                });
            }
            let part = self.bytes[self.pos + 1..]
                .iter()
                .take_while(|b| b.is_ascii_alphanumeric())
                .count();
            if part == 0 {
                self.pos += 1;
                return Err(self.expected(Expected::LanguageTag));
            }
            self.pos += 1 + part;
        }
        Ok(self.text[start..self.pos].to_string())
    }
}

/// Characters an IRIREF may hold (RDF 1.1 N-Quads `IRIREF`).
fn iri_char_allowed(c: char) -> bool {
    !matches!(
        c,
        '\u{0}'..='\u{20}' | '<' | '>' | '"' | '{' | '}' | '|' | '^' | '`' | '\\'
    )
}

/// RFC 3987 `scheme ":"` at the start.
fn has_scheme(iri: &str) -> bool {
    let mut chars = iri.char_indices();
    match chars.next() {
        Some((_, c)) if c.is_ascii_alphabetic() => {}
        _ => return false,
    }
    for (_, c) in chars {
        match c {
            ':' => return true,
            c if c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.') => {}
            _ => return false,
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(text: &str) -> NQuadsError {
        match parse(text) {
            Err(e) => e,
            Ok(q) => panic!("expected an error for {text:?}, got {q:?}"),
        }
    }

    #[test]
    fn parses_terms_escapes_and_comments() {
        let text = "# header\n\
            <http://a.example/s> <http://a.example/p> \"x\\t\\u00E9\\U0001F600\\\"\" . # tail\r\n\
            \n\
            _:b.1 <http://a.example/p> \"1\"^^<http://www.w3.org/2001/XMLSchema#integer> _:g.\n\
            <http://a.example/\\u00E9> <http://a.example/p> \"hi\"@en-GB <http://a.example/g> .";
        let quads = parse(text).expect("parses");
        assert_eq!(quads.len(), 3);
        assert_eq!(quads[0].object, Term::string("x\té\u{1F600}\""));
        assert_eq!(quads[1].subject, Term::blank("b.1"));
        assert_eq!(quads[1].graph, Some(Term::blank("g")));
        assert_eq!(
            quads[1].object,
            Term::typed("1", "http://www.w3.org/2001/XMLSchema#integer")
        );
        assert_eq!(quads[2].subject, Term::iri("http://a.example/é"));
        assert_eq!(quads[2].object, Term::lang_string("hi", "en-GB"));
    }

    #[test]
    fn reports_line_and_column() {
        let e =
            err("<http://a/s> <http://a/p> <http://a/o> .\n<http://a/s> \"lit\" <http://a/o> .\n");
        assert_eq!(
            e,
            NQuadsError::Syntax {
                line: 2,
                column: 14,
                expected: Expected::Predicate,
                found: Some('"'),
            }
        );
        assert!(
            e.to_string()
                .starts_with("line 2, column 14: expected a predicate")
        );
    }

    #[test]
    fn rejects_malformed_statements() {
        assert!(matches!(
            err("<s:s> <p:p> <o:o>"),
            NQuadsError::Syntax {
                expected: Expected::GraphOrDot,
                found: None,
                ..
            }
        ));
        assert!(matches!(
            err("<s:s> <p:p> <o:o> . <s:s>"),
            NQuadsError::Syntax {
                expected: Expected::EndOfLine,
                ..
            }
        ));
        assert!(matches!(
            err("<rel> <p:p> <o:o> ."),
            NQuadsError::RelativeIri { column: 1, .. }
        ));
        assert!(matches!(
            err("<s:a b> <p:p> <o:o> ."),
            NQuadsError::InvalidIriCharacter { character: ' ', .. }
        ));
        assert!(matches!(
            err("<s:\\u0020> <p:p> <o:o> ."),
            NQuadsError::InvalidIriCharacter { .. }
        ));
        assert!(matches!(
            err("<s:s> <p:p> \"a\\q\" ."),
            NQuadsError::InvalidEscape { column: 15, .. }
        ));
        assert!(matches!(
            err("<s:s> <p:p> \"\\uD800\" ."),
            NQuadsError::InvalidCodePoint {
                code_point: 0xD800,
                ..
            }
        ));
        assert!(matches!(
            err("<s:s> <p:p> \"\\u00G0\" ."),
            NQuadsError::Syntax {
                expected: Expected::HexDigit,
                ..
            }
        ));
        assert!(matches!(
            err("<s:s> <p:p> \"a\n\" ."),
            NQuadsError::Syntax {
                expected: Expected::StringEnd,
                ..
            }
        ));
        assert!(matches!(
            err("\"a\" <p:p> <o:o> ."),
            NQuadsError::Syntax {
                expected: Expected::Subject,
                ..
            }
        ));
        assert!(matches!(
            err("<s:s> <p:p> <o:o> \"g\" ."),
            NQuadsError::Syntax {
                expected: Expected::GraphOrDot,
                ..
            }
        ));
        assert!(matches!(
            err("_:-a <p:p> <o:o> ."),
            NQuadsError::InvalidBlankNodeLabel { character: '-', .. }
        ));
        assert!(matches!(
            err("<s:s> <p:p> \"a\"@ ."),
            NQuadsError::Syntax {
                expected: Expected::LanguageTag,
                ..
            }
        ));
        assert!(matches!(
            err("<s:s> <p:p> \"a\"@en--ltr ."),
            NQuadsError::Unsupported { .. }
        ));
        assert!(matches!(
            err("<< <s:s> <p:p> <o:o> >> <p:p> <o:o> ."),
            NQuadsError::Unsupported { .. }
        ));
        assert!(matches!(
            err("<s:s> <p:p> \"a\"^<x:d> ."),
            NQuadsError::Syntax {
                expected: Expected::DatatypeIri,
                ..
            }
        ));
    }

    #[test]
    fn blank_labels_give_back_a_final_dot() {
        let quads = parse("_:a.b <p:p> _:c.").expect("parses");
        assert_eq!(quads[0].subject, Term::blank("a.b"));
        assert_eq!(quads[0].object, Term::blank("c"));
    }
}
