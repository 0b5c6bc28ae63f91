//! SVG: the `credential` element (namespace-aware reader without entity expansion; text-
//! preserving baker).

use std::collections::BTreeSet;
use std::ops::Range;

use quick_xml::NsReader;
use quick_xml::events::{BytesStart, Event};
use quick_xml::name::{PrefixDeclaration, ResolveResult};

use super::{
    BakeError, BakedCredential, CredentialSpec, Duplicates, Format, Location, Payload, SvgError,
    UnbakeError, UnbakeOptions,
};

const SVG_NAMESPACE: &[u8] = b"http://www.w3.org/2000/svg";
/// The namespace of an Open Badges 2.0 baked assertion.
const LEGACY_NAMESPACE: &[u8] = b"http://openbadges.org";
const BOM: &str = "\u{FEFF}";

/// A credential element found under the root.
struct Element {
    /// Byte range of the whole element in the document (BOM included in offsets).
    span: Range<usize>,
    kind: CredentialSpec,
    location: Location,
    /// The `verify` attribute, unescaped.
    verify: Option<String>,
    /// The character data, CDATA verbatim and text unescaped.
    content: String,
}

/// The root start tag: span, qualified name, whether empty, namespace declarations.
type Root = (Range<usize>, String, bool, Vec<(String, String)>);

/// What the scan of a document found.
struct Scan {
    /// Byte range of the root start tag (`<svg ...>` or `<svg .../>`).
    root: Range<usize>,
    /// The root's qualified name as written.
    root_name: String,
    /// Whether the root is an empty element (`<svg/>`).
    root_empty: bool,
    /// Namespace declarations on the root start tag: (prefix, namespace).
    root_prefixes: Vec<(String, String)>,
    /// Credential elements that are children of the root, in document order.
    credentials: Vec<Element>,
    /// Whether an Open Badges 2.0 `<openbadges:assertion>` was seen.
    legacy_ob2: bool,
    /// Prefixes of element names that no declaration binds (not namespace-well-formed, but
    /// seen in the wild): baking must not bind them by accident.
    unbound_prefixes: BTreeSet<String>,
}

/// The 1-based line and column of a byte offset.
fn locate(text: &str, offset: usize) -> Location {
    let before = &text.as_bytes()[..offset.min(text.len())];
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let column = offset
        - before
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(0, |p| p + 1)
        + 1;
    Location::Svg { line, column }
}

/// Whether a DOCTYPE's content has an internal subset (a `[` outside quoted literals).
fn has_internal_subset(doctype: &[u8]) -> bool {
    let mut quote = None;
    for &b in doctype {
        match quote {
            Some(q) if b == q => quote = None,
            Some(_) => {}
            None if b == b'"' || b == b'\'' => quote = Some(b),
            None if b == b'[' => return true,
            None => {}
        }
    }
    false
}

/// Decodes a general reference (`&name;` without the `&` and `;`): a character reference
/// or one of the five predefined entities. Anything else is refused.
fn general_ref(name: &str) -> Option<char> {
    Some(match name {
        "lt" => '<',
        "gt" => '>',
        "amp" => '&',
        "apos" => '\'',
        "quot" => '"',
        _ => {
            let code = if let Some(hex) = name.strip_prefix("#x") {
                u32::from_str_radix(hex, 16).ok()?
            } else {
                name.strip_prefix('#')?.parse().ok()?
            };
            return char::from_u32(code);
        }
    })
}

/// Checks an SVG's size and encoding; returns the text and the byte length of a BOM.
fn as_text(image: &[u8]) -> Result<(&str, usize), SvgError> {
    let text = std::str::from_utf8(image).map_err(|e| SvgError::NotUtf8 {
        offset: e.valid_up_to(),
    })?;
    let bom = if text.starts_with(BOM) { BOM.len() } else { 0 };
    Ok((text, bom))
}

/// Parses the whole document (well-formedness, no DTD) and finds the root and the credential
/// elements under it. Offsets are relative to `full` (the document including any BOM).
fn scan(full: &str, bom: usize, max_credential: usize) -> Result<Scan, UnbakeError> {
    let body = &full[bom..];
    let mut reader = NsReader::from_str(body);
    reader.config_mut().check_end_names = true;
    let xml_error = |reader: &NsReader<&[u8]>, source| SvgError::Xml {
        location: locate(full, bom + reader.error_position() as usize),
        source,
    };
    let mut depth = 0usize;
    let mut root: Option<Root> = None;
    let mut root_closed = false;
    let mut credentials = Vec::new();
    let mut legacy_ob2 = false;
    let mut unbound_prefixes = BTreeSet::new();
    loop {
        let start = bom + reader.buffer_position() as usize;
        let (ns, event) = match reader.read_resolved_event() {
            Ok((ns, event)) => {
                if let ResolveResult::Unknown(prefix) = &ns {
                    unbound_prefixes.insert(String::from_utf8_lossy(prefix).into_owned());
                }
                (namespace(&ns), event)
            }
            Err(e) => return Err(xml_error(&reader, e).into()),
        };
        let end = bom + reader.buffer_position() as usize;
        match event {
            Event::DocType(doctype) if has_internal_subset(&doctype) => {
                return Err(SvgError::Dtd {
                    location: locate(full, start),
                }
                .into());
            }
            Event::Start(ref e) | Event::Empty(ref e) => {
                let empty = matches!(event, Event::Empty(_));
                let local = e.local_name();
                // The parser splits attributes lazily: check them all (syntax, duplicates),
                // so baking never edits a tag whose extent is in doubt.
                for attr in e.attributes() {
                    attr.map_err(|err| SvgError::Xml {
                        location: locate(full, start),
                        source: err.into(),
                    })?;
                }
                if root_closed {
                    return Err(SvgError::ContentAfterRoot {
                        location: locate(full, start),
                    }
                    .into());
                }
                if root.is_none() {
                    let name = String::from_utf8_lossy(e.name().as_ref()).into_owned();
                    let in_svg_ns = ns.as_deref().is_none_or(|n| n == SVG_NAMESPACE);
                    if local.as_ref() != b"svg" || !in_svg_ns {
                        return Err(SvgError::RootNotSvg {
                            location: locate(full, start),
                            name,
                        }
                        .into());
                    }
                    // The bindings in scope are the root's own: ask the parser that resolves
                    // names, so baking and unbaking agree on what a prefix means.
                    let prefixes = reader
                        .prefixes()
                        .filter_map(|(prefix, ns)| match prefix {
                            PrefixDeclaration::Named(p) => Some((
                                String::from_utf8_lossy(p).into_owned(),
                                String::from_utf8_lossy(ns.as_ref()).into_owned(),
                            )),
                            PrefixDeclaration::Default => None,
                        })
                        .collect();
                    root = Some((start..end, name, empty, prefixes));
                    root_closed = empty;
                } else if depth == 1 && local.as_ref() == b"credential" {
                    if let Some(kind) = ns.as_deref().and_then(CredentialSpec::from_svg_namespace) {
                        let location = locate(full, start);
                        let verify = verify_attribute(e, &reader, full, start)?;
                        let (content, element_end) = if empty {
                            (String::new(), end)
                        } else {
                            content(&mut reader, full, bom, max_credential, location)?
                        };
                        credentials.push(Element {
                            span: start..element_end,
                            kind,
                            location,
                            verify,
                            content,
                        });
                        continue;
                    }
                } else if depth == 1
                    && local.as_ref() == b"assertion"
                    && ns.as_deref() == Some(LEGACY_NAMESPACE)
                {
                    legacy_ob2 = true;
                }
                if !empty {
                    depth += 1;
                }
            }
            Event::End(_) => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    root_closed = true;
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    let Some((root, root_name, root_empty, root_prefixes)) = root else {
        return Err(SvgError::NoRoot.into());
    };
    if !root_closed {
        return Err(SvgError::Unclosed.into());
    }
    Ok(Scan {
        root,
        root_name,
        root_empty,
        root_prefixes,
        credentials,
        legacy_ob2,
        unbound_prefixes,
    })
}

/// The namespace a name resolved to, if bound.
fn namespace(ns: &ResolveResult<'_>) -> Option<Vec<u8>> {
    match ns {
        ResolveResult::Bound(n) => Some(n.as_ref().to_vec()),
        _ => None,
    }
}

/// The unprefixed `verify` attribute of the credential element, unescaped.
fn verify_attribute(
    e: &BytesStart<'_>,
    reader: &NsReader<&[u8]>,
    full: &str,
    start: usize,
) -> Result<Option<String>, SvgError> {
    for attr in e.attributes() {
        let attr = attr.map_err(|err| SvgError::Xml {
            location: locate(full, start),
            source: err.into(),
        })?;
        if attr.key.as_ref() == b"verify" {
            let value = attr
                .decode_and_unescape_value(reader.decoder())
                .map_err(|source| match source {
                    quick_xml::Error::Escape(
                        quick_xml::escape::EscapeError::UnrecognizedEntity(_, name),
                    ) => SvgError::UnknownEntity {
                        location: locate(full, start),
                        name,
                    },
                    source => SvgError::Xml {
                        location: locate(full, start),
                        source,
                    },
                })?;
            return Ok(Some(value.into_owned()));
        }
    }
    Ok(None)
}

/// Reads the character data of a credential element up to its end tag; returns it and the
/// byte offset just after the end tag.
fn content(
    reader: &mut NsReader<&[u8]>,
    full: &str,
    bom: usize,
    max_credential: usize,
    location: Location,
) -> Result<(String, usize), UnbakeError> {
    let mut out = String::new();
    loop {
        let start = bom + reader.buffer_position() as usize;
        let event = reader.read_event().map_err(|source| SvgError::Xml {
            location: locate(full, bom + reader.error_position() as usize),
            source,
        })?;
        let invalid = |source: quick_xml::Error| SvgError::Xml {
            location: locate(full, start),
            source,
        };
        match event {
            Event::Text(t) => out.push_str(&t.decode().map_err(|e| invalid(e.into()))?),
            Event::CData(c) => out.push_str(&c.decode().map_err(|e| invalid(e.into()))?),
            Event::GeneralRef(r) => {
                let name = r.decode().map_err(|e| invalid(e.into()))?;
                let c = general_ref(&name).ok_or_else(|| SvgError::UnknownEntity {
                    location: locate(full, start),
                    name: name.into_owned(),
                })?;
                out.push(c);
            }
            Event::Start(_) | Event::Empty(_) => {
                return Err(SvgError::NestedElement {
                    location: locate(full, start),
                }
                .into());
            }
            Event::End(_) => return Ok((out, bom + reader.buffer_position() as usize)),
            Event::Eof => return Err(SvgError::Unclosed.into()),
            _ => {}
        }
        if out.len() > max_credential {
            return Err(UnbakeError::CredentialTooLarge {
                location,
                size: out.len() as u64,
                limit: max_credential,
            });
        }
    }
}

const XML_WHITESPACE: [char; 4] = [' ', '\t', '\r', '\n'];

/// Extracts the credential from an SVG.
pub(crate) fn unbake(
    image: &[u8],
    options: &UnbakeOptions,
) -> Result<BakedCredential, UnbakeError> {
    let (full, bom) = as_text(image)?;
    let scan = scan(full, bom, options.limits.max_credential_bytes)?;
    let mut credentials = scan.credentials.into_iter();
    let Some(first) = credentials.next() else {
        return Err(UnbakeError::NotFound {
            format: Format::Svg,
            legacy_ob2: scan.legacy_ob2,
        });
    };
    if options.duplicates == Duplicates::Reject
        && let Some(second) = credentials.next()
    {
        return Err(UnbakeError::SeveralCredentials {
            first: first.location,
            second: second.location,
        });
    }
    let content = first.content.trim_matches(XML_WHITESPACE);
    let payload = match first.verify {
        Some(_) if !content.is_empty() => {
            return Err(SvgError::AmbiguousCredential {
                location: first.location,
            }
            .into());
        }
        Some(jws) => Payload::classify(jws.trim_matches(XML_WHITESPACE).to_owned())
            .filter(|p| matches!(p, Payload::Jws(_))),
        None => Payload::classify(content.to_owned()),
    };
    let payload = payload.ok_or(UnbakeError::UnrecognizedPayload {
        location: first.location,
    })?;
    Ok(BakedCredential::new(payload, first.kind))
}

/// Whether a prefix is a plain XML name without a colon (safe to write back as
/// `prefix:credential`).
fn is_ncname(name: &str) -> bool {
    let mut chars = name.chars();
    chars.next().is_some_and(|c| c.is_alphabetic() || c == '_')
        && chars.all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '.'))
}

/// Checks that every character of the credential may appear in XML 1.0.
fn check_xml_chars(text: &str) -> Result<(), BakeError> {
    for (offset, c) in text.char_indices() {
        let ok = matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}')
            || c >= '\u{10000}';
        if !ok {
            return Err(BakeError::InvalidXmlChar {
                offset,
                code: u32::from(c),
            });
        }
    }
    Ok(())
}

/// Escapes an attribute value delimited by `"`.
fn escape_attribute(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for c in value.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '"' => out.push_str("&quot;"),
            '\t' => out.push_str("&#9;"),
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            c => out.push(c),
        }
    }
    out
}

/// The credential element: JSON in CDATA (a `]]>` in the text splits the section), a JWS in
/// the `verify` attribute.
fn element(prefix: &str, credential: &BakedCredential) -> String {
    match credential.payload() {
        Payload::Json(json) => format!(
            "<{prefix}:credential><![CDATA[{}]]></{prefix}:credential>",
            json.replace("]]>", "]]]]><![CDATA[>")
        ),
        Payload::Jws(jws) => format!(
            "<{prefix}:credential verify=\"{}\"/>",
            escape_attribute(jws)
        ),
    }
}

/// Bakes into an SVG by editing its text: the credential element replaces the first existing
/// one (of either kind; later ones are removed) or goes right after the root start tag; the
/// namespace declaration is added to the root start tag when the root does not declare it.
pub(crate) fn bake(image: &[u8], credential: &BakedCredential) -> Result<Vec<u8>, BakeError> {
    check_xml_chars(credential.as_str())?;
    let (full, bom) = as_text(image)?;
    let scan = scan(full, bom, usize::MAX).map_err(|e| match e {
        UnbakeError::Svg(e) => BakeError::Svg(e),
        // The scan reports nothing else without a credential limit; keep a clear error anyway.
        _ => BakeError::UnknownFormat,
    })?;
    let namespace = credential.kind().svg_namespace();
    let declared = scan
        .root_prefixes
        .iter()
        .find(|(p, ns)| ns == namespace && is_ncname(p))
        .map(|(p, _)| p.clone());
    let mut edits: Vec<(Range<usize>, String)> = Vec::new();
    let prefix = match declared {
        Some(prefix) => prefix,
        None => {
            let preferred = credential.kind().svg_prefix();
            let taken = |p: &str| {
                scan.root_prefixes.iter().any(|(q, _)| q == p) || scan.unbound_prefixes.contains(p)
            };
            let prefix = std::iter::once(preferred.to_owned())
                .chain((2..).map(|n| format!("{preferred}{n}")))
                .find(|p| !taken(p))
                .unwrap_or_else(|| preferred.to_owned());
            let at = scan.root.start + 1 + scan.root_name.len();
            edits.push((at..at, format!(" xmlns:{prefix}=\"{namespace}\"")));
            prefix
        }
    };
    let new_element = element(&prefix, credential);
    let mut existing = scan.credentials.iter();
    match existing.next() {
        Some(first) => edits.push((first.span.clone(), new_element)),
        None if scan.root_empty => {
            let close = scan.root.end - 2..scan.root.end;
            edits.push((close, format!(">{new_element}</{}>", scan.root_name)));
        }
        None => edits.push((scan.root.end..scan.root.end, new_element)),
    }
    for other in existing {
        edits.push((other.span.clone(), String::new()));
    }
    edits.sort_by_key(|(r, _)| (r.start, r.end));
    let mut out = String::with_capacity(full.len() + credential.as_str().len() + 200);
    let mut pos = 0;
    for (range, replacement) in edits {
        out.push_str(&full[pos..range.start]);
        out.push_str(&replacement);
        pos = range.end;
    }
    out.push_str(&full[pos..]);
    Ok(out.into_bytes())
}
