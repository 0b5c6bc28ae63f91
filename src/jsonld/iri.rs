//! IRI helpers: RFC 3986 reference resolution and the syntax checks JSON-LD needs.

/// True when `s` starts with a URI scheme followed by `:` (`scheme ":" ...`).
pub fn has_scheme(s: &str) -> bool {
    scheme_len(s).is_some()
}

fn scheme_len(s: &str) -> Option<usize> {
    let bytes = s.as_bytes();
    if !bytes.first()?.is_ascii_alphabetic() {
        return None;
    }
    for (i, &b) in bytes.iter().enumerate().skip(1) {
        match b {
            b':' => return Some(i),
            b if b.is_ascii_alphanumeric() || b == b'+' || b == b'-' || b == b'.' => {}
            _ => return None,
        }
    }
    None
}

/// True for an absolute IRI (has a scheme).
pub fn is_absolute(s: &str) -> bool {
    has_scheme(s)
}

/// True for a blank node identifier (`_:label`).
pub fn is_blank(s: &str) -> bool {
    s.starts_with("_:")
}

/// True for an absolute IRI that may appear in an RDF term: a scheme and none of the
/// characters IRIs exclude (space, `<>"{}|\^` and backquote, controls).
pub fn is_well_formed(s: &str) -> bool {
    // The scheme and its `:` have no byte to look at.
    let Some(mut i) = scheme_len(s) else {
        return false;
    };
    let bytes = s.as_bytes();
    // Skip whole blocks with no byte to look at, one table load and OR per byte and no
    // branch (most IRIs have no such byte at all).
    while let Some(block) = bytes.get(i..i + 16) {
        if block
            .iter()
            .fold(false, |any, &b| any | IRI_SPECIAL[usize::from(b)])
        {
            break;
        }
        i += 16;
    }
    let mut hashes = 0;
    // Scan for the few bytes that need a look (one table load per byte); most IRIs have none.
    while let Some(offset) = bytes[i..].iter().position(|&b| IRI_SPECIAL[usize::from(b)]) {
        let at = i + offset;
        match bytes[at] {
            b'#' => {
                hashes += 1;
                if hashes > 1 {
                    return false;
                }
            }
            // U+0080..U+009F (C1 controls) are encoded as C2 80..C2 9F.
            0xc2 => {
                if bytes.get(at + 1).is_some_and(|n| (0x80..=0x9f).contains(n)) {
                    return false;
                }
            }
            _ => return false,
        }
        i = at + 1;
    }
    true
}

/// Bytes [`is_well_formed`] must look at: those IRIs exclude (space, `<>"{}|\^` and backquote,
/// controls), `#` (at most one) and `0xC2` (the lead byte of the C1 controls).
const IRI_SPECIAL: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b <= 0x20 {
        table[b] = true;
        b += 1;
    }
    let others = [
        b'<', b'>', b'"', b'{', b'}', b'|', b'\\', b'^', b'`', 0x7f, b'#', 0xc2,
    ];
    let mut k = 0;
    while k < others.len() {
        table[others[k] as usize] = true;
        k += 1;
    }
    table
};

/// True when `s` looks like a keyword: `@` followed by one or more ASCII letters only.
pub fn has_keyword_form(s: &str) -> bool {
    s.len() > 1 && s.starts_with('@') && s.bytes().skip(1).all(|b| b.is_ascii_alphabetic())
}

/// True when an IRI ends with a generic delimiter (`: / ? # [ ] @`), which makes a simple
/// term usable as a prefix.
pub fn ends_with_gen_delim(s: &str) -> bool {
    matches!(
        s.as_bytes().last(),
        Some(b':' | b'/' | b'?' | b'#' | b'[' | b']' | b'@')
    )
}

struct Parts<'a> {
    scheme: Option<&'a str>,
    authority: Option<&'a str>,
    path: &'a str,
    query: Option<&'a str>,
    fragment: Option<&'a str>,
}

fn split(s: &str) -> Parts<'_> {
    let (scheme, rest) = match scheme_len(s) {
        Some(n) => (Some(&s[..n]), &s[n + 1..]),
        None => (None, s),
    };
    let (rest, fragment) = match rest.find('#') {
        Some(i) => (&rest[..i], Some(&rest[i + 1..])),
        None => (rest, None),
    };
    let (rest, query) = match rest.find('?') {
        Some(i) => (&rest[..i], Some(&rest[i + 1..])),
        None => (rest, None),
    };
    let (authority, path) = match rest.strip_prefix("//") {
        Some(after) => {
            let end = after.find('/').unwrap_or(after.len());
            (Some(&after[..end]), &after[end..])
        }
        None => (None, rest),
    };
    Parts {
        scheme,
        authority,
        path,
        query,
        fragment,
    }
}

fn remove_dot_segments(path: &str) -> String {
    let mut input = path;
    let mut output: Vec<&str> = Vec::new();
    // Each output entry is a segment including its leading '/' (or none for the first).
    while !input.is_empty() {
        if let Some(rest) = input.strip_prefix("../") {
            input = rest;
        } else if let Some(rest) = input.strip_prefix("./") {
            input = rest;
        } else if input.starts_with("/./") {
            input = &input[2..];
        } else if input == "/." {
            input = "/";
        } else if input.starts_with("/../") {
            input = &input[3..];
            output.pop();
        } else if input == "/.." {
            input = "/";
            output.pop();
        } else if input == "." || input == ".." {
            input = "";
        } else {
            let start = usize::from(input.starts_with('/'));
            let end = input[start..].find('/').map_or(input.len(), |i| i + start);
            output.push(&input[..end]);
            input = &input[end..];
        }
    }
    output.concat()
}

fn merge(base: &Parts<'_>, reference_path: &str) -> String {
    if base.authority.is_some() && base.path.is_empty() {
        let mut out = String::with_capacity(reference_path.len() + 1);
        out.push('/');
        out.push_str(reference_path);
        out
    } else {
        match base.path.rfind('/') {
            Some(i) => {
                let mut out = String::with_capacity(i + 1 + reference_path.len());
                out.push_str(&base.path[..=i]);
                out.push_str(reference_path);
                out
            }
            None => reference_path.to_string(),
        }
    }
}

/// Resolves `reference` against the absolute `base` (RFC 3986 section 5.2, strict).
///
/// ```
/// use openbadges::jsonld::iri::resolve;
///
/// assert_eq!(resolve("../c?x#f", "http://a/b/c/d;p?q"), "http://a/b/c?x#f");
/// assert_eq!(resolve("g", "http://a"), "http://a/g");
/// ```
pub fn resolve(reference: &str, base: &str) -> String {
    let r = split(reference);
    let b = split(base);
    let (scheme, authority, path, query);
    if r.scheme.is_some() {
        scheme = r.scheme;
        authority = r.authority;
        path = remove_dot_segments(r.path);
        query = r.query;
    } else {
        scheme = b.scheme;
        if r.authority.is_some() {
            authority = r.authority;
            path = remove_dot_segments(r.path);
            query = r.query;
        } else {
            authority = b.authority;
            if r.path.is_empty() {
                path = b.path.to_string();
                query = if r.query.is_some() { r.query } else { b.query };
            } else {
                path = if r.path.starts_with('/') {
                    remove_dot_segments(r.path)
                } else {
                    remove_dot_segments(&merge(&b, r.path))
                };
                query = r.query;
            }
        }
    }
    let mut out = String::with_capacity(reference.len() + base.len());
    if let Some(s) = scheme {
        out.push_str(s);
        out.push(':');
    }
    if let Some(a) = authority {
        out.push_str("//");
        out.push_str(a);
    }
    out.push_str(&path);
    if let Some(q) = query {
        out.push('?');
        out.push_str(q);
    }
    if let Some(f) = r.fragment {
        out.push('#');
        out.push_str(f);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The byte-by-byte definition `is_well_formed` must agree with.
    fn well_formed_reference(s: &str) -> bool {
        let bytes = s.as_bytes();
        let mut hashes = 0;
        for (i, &b) in bytes.iter().enumerate() {
            match b {
                b'#' => {
                    hashes += 1;
                    if hashes > 1 {
                        return false;
                    }
                }
                b'<' | b'>' | b'"' | b'{' | b'}' | b'|' | b'\\' | b'^' | b'`' => return false,
                0..=0x20 | 0x7f => return false,
                0xc2 if bytes.get(i + 1).is_some_and(|n| (0x80..=0x9f).contains(n)) => {
                    return false;
                }
                _ => {}
            }
        }
        is_absolute(s)
    }

    proptest! {
        #[test]
        fn well_formed_agrees_with_byte_by_byte_definition(
            s in "[a-z]{0,3}:?[a-z#<>\"{}|^`\\\\ /\u{0}-\u{20}\u{7f}-\u{a0}\u{c2}\u{e9}]{0,48}"
        ) {
            prop_assert_eq!(is_well_formed(&s), well_formed_reference(&s), "{:?}", s);
        }

        /// Long IRIs: runs of plain bytes (skipped by blocks) around a few special ones.
        #[test]
        fn well_formed_agrees_on_long_iris(
            s in "[a-z]{1,3}:[a-z/.\u{e9}]{0,40}[a-z#<> \u{0}\u{7f}\u{85}\u{c2}]{0,3}[a-z/#]{0,40}"
        ) {
            prop_assert_eq!(is_well_formed(&s), well_formed_reference(&s), "{:?}", s);
        }
    }

    #[test]
    fn well_formed_examples() {
        assert!(is_well_formed("https://example.com/a#b"));
        assert!(is_well_formed("urn:x:\u{e9}\u{a0}"));
        assert!(!is_well_formed("https://example.com/a#b#c"));
        assert!(!is_well_formed("https://example.com/a b"));
        assert!(!is_well_formed("https://example.com/\u{85}"));
        assert!(!is_well_formed("https://example.com/a\u{7f}"));
        assert!(!is_well_formed("relative/path"));
    }

    #[test]
    fn rfc3986_normal_examples() {
        let base = "http://a/b/c/d;p?q";
        for (r, want) in [
            ("g:h", "g:h"),
            ("g", "http://a/b/c/g"),
            ("./g", "http://a/b/c/g"),
            ("g/", "http://a/b/c/g/"),
            ("/g", "http://a/g"),
            ("//g", "http://g"),
            ("?y", "http://a/b/c/d;p?y"),
            ("g?y", "http://a/b/c/g?y"),
            ("#s", "http://a/b/c/d;p?q#s"),
            ("g#s", "http://a/b/c/g#s"),
            (";x", "http://a/b/c/;x"),
            ("", "http://a/b/c/d;p?q"),
            (".", "http://a/b/c/"),
            ("./", "http://a/b/c/"),
            ("..", "http://a/b/"),
            ("../", "http://a/b/"),
            ("../g", "http://a/b/g"),
            ("../..", "http://a/"),
            ("../../g", "http://a/g"),
            ("../../../g", "http://a/g"),
            ("/./g", "http://a/g"),
            ("/../g", "http://a/g"),
            ("g.", "http://a/b/c/g."),
            ("..g", "http://a/b/c/..g"),
            ("./../g", "http://a/b/g"),
            ("g/./h", "http://a/b/c/g/h"),
            ("g/../h", "http://a/b/c/h"),
            ("g;x=1/../y", "http://a/b/c/y"),
        ] {
            assert_eq!(resolve(r, base), want, "{r}");
        }
    }

    #[test]
    fn well_formed_iris() {
        assert!(is_well_formed("http://example.org/a#b"));
        assert!(is_well_formed("urn:uuid:1234"));
        assert!(is_well_formed("http://example.org/\u{e9}"));
        assert!(!is_well_formed("http://example.org/a b"));
        assert!(!is_well_formed("http://example.org/a#b#c"));
        assert!(!is_well_formed("http://example.org/\u{85}"));
        assert!(!is_well_formed("relative/path"));
        assert!(!is_well_formed("http://example.org/<x>"));
    }

    #[test]
    fn keyword_form() {
        assert!(has_keyword_form("@foo"));
        assert!(!has_keyword_form("@"));
        assert!(!has_keyword_form("@foo.bar"));
    }
}
