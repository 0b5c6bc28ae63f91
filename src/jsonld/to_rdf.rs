//! Deserialize JSON-LD to RDF: expanded JSON-LD to quads, with RDF literal forms.

use std::borrow::Cow;
use std::collections::HashMap;
use std::fmt::Write as _;

use serde_json::{Map, Number, Value};

use super::RdfDirection;
use super::iri;
use super::members::Scalar;
use crate::rdf::{QuadSink, RDF_LANG_STRING, TermRef, XSD_STRING};

const RDF_TYPE: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type";
const RDF_FIRST: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#first";
const RDF_REST: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#rest";
const RDF_NIL: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#nil";
const RDF_JSON: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#JSON";
const XSD_BOOLEAN: &str = "http://www.w3.org/2001/XMLSchema#boolean";
const XSD_INTEGER: &str = "http://www.w3.org/2001/XMLSchema#integer";
const XSD_DOUBLE: &str = "http://www.w3.org/2001/XMLSchema#double";
const I18N: &str = "https://www.w3.org/ns/i18n#";

/// True for a well-formed BCP 47 language tag (the syntactic shape RDF requires:
/// `alpha{1,8} ("-" alphanum{1,8})*`).
pub(crate) fn is_well_formed_language(tag: &str) -> bool {
    let mut parts = tag.split('-');
    let first = parts.next().unwrap_or("");
    (1..=8).contains(&first.len())
        && first.bytes().all(|b| b.is_ascii_alphabetic())
        && parts.all(|p| (1..=8).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphanumeric()))
}

/// The canonical `xsd:double` lexical form JSON-LD uses (`1.1E0`, `5.3E-1`): 15 fraction digits
/// of scientific notation with trailing zeros removed (at least one kept).
pub fn canonical_double(f: f64) -> String {
    double_lexical(f).as_str().to_owned()
}

/// Writes `value` as canonical JSON (RFC 8785 JCS): sorted keys (by UTF-16 code units),
/// ECMAScript number and string forms, no whitespace.
pub fn canonical_json(value: &Value) -> String {
    let mut out = String::new();
    write_canonical(&mut out, value);
    out
}

fn write_canonical(out: &mut String, value: &Value) {
    match value {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(n) => write_es_number(out, n),
        Value::String(s) => write_json_string(out, s),
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_canonical(out, item);
            }
            out.push(']');
        }
        Value::Object(m) => {
            let mut keys: Vec<&String> = m.keys().collect();
            keys.sort_by(|a, b| a.encode_utf16().cmp(b.encode_utf16()));
            out.push('{');
            for (i, k) in keys.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_json_string(out, k);
                out.push(':');
                write_canonical(out, &m[k.as_str()]);
            }
            out.push('}');
        }
    }
}

fn write_json_string(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

/// ECMAScript `Number.prototype.toString` of the number's double value.
fn write_es_number(out: &mut String, n: &Number) {
    if let Some(i) = n.as_i64()
        && i.unsigned_abs() <= (1u64 << 53)
    {
        let _ = write!(out, "{i}");
        return;
    }
    let f = n.as_f64().unwrap_or(0.0);
    write_es_double(out, f);
}

fn write_es_double(out: &mut String, f: f64) {
    if f == 0.0 || !f.is_finite() {
        out.push('0');
        return;
    }
    if f < 0.0 {
        out.push('-');
    }
    let sci = format!("{:e}", f.abs());
    let (mantissa, exp) = sci.split_once('e').unwrap_or((&sci, "0"));
    let digits: String = mantissa.chars().filter(char::is_ascii_digit).collect();
    let e: i32 = exp.parse().unwrap_or(0);
    let k = digits.len() as i32;
    let n = e + 1;
    if k <= n && n <= 21 {
        out.push_str(&digits);
        for _ in 0..(n - k) {
            out.push('0');
        }
    } else if 0 < n && n <= 21 {
        out.push_str(&digits[..n as usize]);
        out.push('.');
        out.push_str(&digits[n as usize..]);
    } else if -6 < n && n <= 0 {
        out.push_str("0.");
        for _ in 0..(-n) {
            out.push('0');
        }
        out.push_str(&digits);
    } else {
        out.push_str(&digits[..1]);
        if k > 1 {
            out.push('.');
            out.push_str(&digits[1..]);
        }
        let _ = write!(out, "e{}{}", if n > 0 { "+" } else { "-" }, (n - 1).abs());
    }
}

/// A short string kept inline (number forms, blank node labels): formatted without a heap
/// allocation. Writes past its capacity fail (callers fall back to a `String`).
#[derive(Clone, Copy)]
pub(crate) struct Inline {
    buf: [u8; 40],
    len: u8,
}

impl Inline {
    pub(crate) const fn new() -> Self {
        Inline {
            buf: [0; 40],
            len: 0,
        }
    }

    pub(crate) fn as_str(&self) -> &str {
        std::str::from_utf8(&self.buf[..usize::from(self.len)]).unwrap_or_default()
    }
}

impl std::fmt::Write for Inline {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        let start = usize::from(self.len);
        let end = start + s.len();
        if end > self.buf.len() {
            return Err(std::fmt::Error);
        }
        self.buf[start..end].copy_from_slice(s.as_bytes());
        self.len = end as u8;
        Ok(())
    }
}

/// The lexical form of a literal: borrowed from the document, formatted inline (numbers,
/// booleans) or, rarely, owned (canonical JSON, long number forms).
pub(crate) enum Lexical<'a> {
    Str(&'a str),
    Inline(Inline),
    Owned(String),
}

impl Lexical<'_> {
    pub(crate) fn as_str(&self) -> &str {
        match self {
            Lexical::Str(s) => s,
            Lexical::Inline(i) => i.as_str(),
            Lexical::Owned(s) => s,
        }
    }

    /// `args` formatted inline when they fit, else into a `String`.
    fn format(args: std::fmt::Arguments<'_>) -> Self {
        let mut inline = Inline::new();
        if inline.write_fmt(args).is_ok() {
            Lexical::Inline(inline)
        } else {
            Lexical::Owned(args.to_string())
        }
    }
}

/// The labels of the first blank nodes (nearly every document has fewer), not formatted
/// for every quad.
const LABELS: [&str; 64] = [
    "b0", "b1", "b2", "b3", "b4", "b5", "b6", "b7", "b8", "b9", "b10", "b11", "b12", "b13", "b14",
    "b15", "b16", "b17", "b18", "b19", "b20", "b21", "b22", "b23", "b24", "b25", "b26", "b27",
    "b28", "b29", "b30", "b31", "b32", "b33", "b34", "b35", "b36", "b37", "b38", "b39", "b40",
    "b41", "b42", "b43", "b44", "b45", "b46", "b47", "b48", "b49", "b50", "b51", "b52", "b53",
    "b54", "b55", "b56", "b57", "b58", "b59", "b60", "b61", "b62", "b63",
];

/// A node of the graph being serialized: an IRI (borrowed from the document or a compiled
/// context where possible) or a blank node, by its number (label `b{n}`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Node<'a> {
    Iri(Cow<'a, str>),
    Blank(usize),
}

impl Node<'_> {
    /// The borrowed term; a blank node's label is a constant, or formatted into `buf` past
    /// the first [`LABELS`].
    fn term<'b>(&'b self, buf: &'b mut Option<Inline>) -> TermRef<'b> {
        match self {
            Node::Iri(iri) => TermRef::Iri(iri),
            Node::Blank(n) => match LABELS.get(*n) {
                Some(label) => TermRef::Blank(label),
                None => {
                    let label = buf.insert(Inline::new());
                    // At most 21 bytes: room in the buffer.
                    let _ = write!(label, "b{n}");
                    TermRef::Blank(label.as_str())
                }
            },
        }
    }
}

/// An object being serialized: a node or a literal.
pub(crate) enum Object<'a> {
    Node(Node<'a>),
    Literal {
        value: Lexical<'a>,
        datatype: Cow<'a, str>,
        language: Option<&'a str>,
    },
}

/// Where triples go: the default graph, a named graph, or nowhere (invalid graph name).
#[derive(Clone)]
pub(crate) enum Graph<'a> {
    Default,
    Named(Node<'a>),
    Invalid,
}

/// Turns expanded JSON-LD into quads, handed to a [`QuadSink`] as borrowed terms.
pub(crate) struct Serializer<'s> {
    sink: &'s mut dyn QuadSink,
    labels: HashMap<String, usize>,
    counter: usize,
    rdf_direction: Option<RdfDirection>,
    generalized: bool,
}

const RDF_TYPE_NODE: Node<'static> = Node::Iri(Cow::Borrowed(RDF_TYPE));
const RDF_FIRST_NODE: Node<'static> = Node::Iri(Cow::Borrowed(RDF_FIRST));
const RDF_REST_NODE: Node<'static> = Node::Iri(Cow::Borrowed(RDF_REST));
const RDF_NIL_NODE: Node<'static> = Node::Iri(Cow::Borrowed(RDF_NIL));

impl<'s> Serializer<'s> {
    pub(crate) fn new(
        sink: &'s mut dyn QuadSink,
        rdf_direction: Option<RdfDirection>,
        generalized: bool,
    ) -> Self {
        Serializer {
            sink,
            labels: HashMap::new(),
            counter: 0,
            rdf_direction,
            generalized,
        }
    }

    pub(crate) fn fresh(&mut self) -> Node<'static> {
        let n = self.counter;
        self.counter += 1;
        Node::Blank(n)
    }

    /// Takes back the label of `node`, the last one [`Serializer::fresh`] issued, when it
    /// was not used (nothing was emitted with it and no label was issued since).
    pub(crate) fn unissue(&mut self, node: &Node<'_>) {
        if let Node::Blank(n) = node
            && n + 1 == self.counter
        {
            self.counter = *n;
        }
    }

    pub(crate) fn blank(&mut self, id: &str) -> Node<'static> {
        if let Some(&n) = self.labels.get(id) {
            return Node::Blank(n);
        }
        let n = self.counter;
        self.counter += 1;
        self.labels.insert(id.to_string(), n);
        Node::Blank(n)
    }

    /// The node of an `@id` value: a blank node, or the IRI when it is well formed.
    pub(crate) fn id_node<'v>(&mut self, id: Cow<'v, str>) -> Option<Node<'v>> {
        if iri::is_blank(&id) {
            Some(self.blank(&id))
        } else if iri::is_well_formed(&id) {
            Some(Node::Iri(id))
        } else {
            None
        }
    }

    /// [`Serializer::id_node`] of a borrowed id.
    pub(crate) fn id_term<'v>(&mut self, id: &'v str) -> Option<Node<'v>> {
        self.id_node(Cow::Borrowed(id))
    }

    /// Hands one quad to the sink, unless a term is missing or the graph name is invalid.
    pub(crate) fn emit(
        &mut self,
        s: Option<&Node<'_>>,
        p: Option<&Node<'_>>,
        o: Option<&Object<'_>>,
        graph: &Graph<'_>,
    ) {
        let (Some(s), Some(p), Some(o)) = (s, p, o) else {
            return;
        };
        let graph = match graph {
            Graph::Default => None,
            Graph::Named(g) => Some(g),
            Graph::Invalid => return,
        };
        let (mut sb, mut pb, mut ob, mut gb) = (None, None, None, None);
        let object = match o {
            Object::Node(n) => n.term(&mut ob),
            Object::Literal {
                value,
                datatype,
                language,
            } => TermRef::Literal {
                value: value.as_str(),
                datatype,
                language: *language,
            },
        };
        self.sink.push_quad(
            s.term(&mut sb),
            p.term(&mut pb),
            object,
            graph.map(|g| g.term(&mut gb)),
        );
    }

    /// [`Serializer::emit`] with the predicate given as an IRI.
    pub(crate) fn emit_iri(
        &mut self,
        s: Option<&Node<'_>>,
        p: Option<&str>,
        o: Option<&Object<'_>>,
        graph: &Graph<'_>,
    ) {
        if let Some(p) = p {
            self.emit(s, Some(&Node::Iri(Cow::Borrowed(p))), o, graph);
        }
    }

    /// Serializes the top-level expanded array.
    pub(crate) fn document(&mut self, expanded: &[Value]) {
        for item in expanded {
            if let Value::Object(m) = item
                && !m.contains_key("@value")
                && !m.contains_key("@list")
            {
                self.node(m, &Graph::Default);
            }
        }
    }

    pub(crate) fn predicate<'v>(&mut self, p: &'v str) -> Option<Node<'v>> {
        if iri::is_blank(p) {
            self.generalized.then(|| self.blank(p))
        } else if iri::is_well_formed(p) {
            Some(Node::Iri(Cow::Borrowed(p)))
        } else {
            None
        }
    }

    pub(crate) fn node<'v>(
        &mut self,
        node: &'v Map<String, Value>,
        graph: &Graph<'_>,
    ) -> Option<Node<'v>> {
        let subject = match node.get("@id") {
            Some(Value::String(id)) => self.id_term(id),
            Some(_) => None,
            None => Some(self.fresh()),
        };
        if let Some(types) = node.get("@type") {
            for t in types.as_array().map(Vec::as_slice).unwrap_or_default() {
                if let Some(t) = t.as_str() {
                    let o = self.id_term(t).map(Object::Node);
                    self.emit(subject.as_ref(), Some(&RDF_TYPE_NODE), o.as_ref(), graph);
                }
            }
        }
        for (key, values) in node {
            if key.starts_with('@') {
                continue;
            }
            let predicate = self.predicate(key);
            for v in values.as_array().map(Vec::as_slice).unwrap_or_default() {
                let o = self.object(v, graph);
                self.emit(subject.as_ref(), predicate.as_ref(), o.as_ref(), graph);
            }
        }
        if let Some(Value::Object(reverse)) = node.get("@reverse") {
            let object = subject.clone().map(Object::Node);
            for (key, values) in reverse {
                let predicate = self.predicate(key);
                for v in values.as_array().map(Vec::as_slice).unwrap_or_default() {
                    if let Value::Object(m) = v {
                        let s = self.node(m, graph);
                        self.emit(s.as_ref(), predicate.as_ref(), object.as_ref(), graph);
                    }
                }
            }
        }
        if let Some(Value::Array(items)) = node.get("@graph") {
            let named = match &subject {
                Some(s) => Graph::Named(s.clone()),
                None => Graph::Invalid,
            };
            for item in items {
                if let Value::Object(m) = item
                    && !m.contains_key("@value")
                    && !m.contains_key("@list")
                {
                    self.node(m, &named);
                }
            }
        }
        if let Some(Value::Array(items)) = node.get("@included") {
            for item in items {
                if let Value::Object(m) = item {
                    self.node(m, graph);
                }
            }
        }
        subject
    }

    pub(crate) fn object<'v>(&mut self, v: &'v Value, graph: &Graph<'_>) -> Option<Object<'v>> {
        let Value::Object(m) = v else {
            return None;
        };
        if m.contains_key("@value") {
            return self.literal(m);
        }
        if let Some(list) = m.get("@list") {
            let items = list.as_array().map(Vec::as_slice).unwrap_or_default();
            return Some(Object::Node(self.list(items, graph)));
        }
        self.node(m, graph).map(Object::Node)
    }

    fn list(&mut self, items: &[Value], graph: &Graph<'_>) -> Node<'static> {
        if items.is_empty() {
            return RDF_NIL_NODE;
        }
        // One fresh label per item, issued before any item is serialized.
        let first = self.counter;
        self.counter += items.len();
        for (i, item) in items.iter().enumerate() {
            let head = Node::Blank(first + i);
            let o = self.object(item, graph);
            self.emit(Some(&head), Some(&RDF_FIRST_NODE), o.as_ref(), graph);
            let next = if i + 1 < items.len() {
                Node::Blank(first + i + 1)
            } else {
                RDF_NIL_NODE
            };
            self.emit(
                Some(&head),
                Some(&RDF_REST_NODE),
                Some(&Object::Node(next)),
                graph,
            );
        }
        Node::Blank(first)
    }

    fn literal<'v>(&mut self, m: &'v Map<String, Value>) -> Option<Object<'v>> {
        literal_term(
            m.get("@value")?,
            m.get("@type").and_then(Value::as_str),
            m.get("@language").and_then(Value::as_str),
            m.get("@direction").and_then(Value::as_str),
            self.rdf_direction,
        )
    }
}

/// The RDF literal of a value object with `value`, `@type` `datatype`, `@language` and
/// `@direction`; `None` when the value object yields no literal (ill-formed datatype IRI or
/// language tag, or a value that is not a scalar).
pub(crate) fn literal_term<'v>(
    value: &'v Value,
    datatype: Option<&'v str>,
    language: Option<&'v str>,
    direction: Option<&'v str>,
    rdf_direction: Option<RdfDirection>,
) -> Option<Object<'v>> {
    let source = if datatype == Some("@json") {
        LiteralSource::Json(value)
    } else {
        LiteralSource::Scalar(super::members::JsonValue::scalar(value)?)
    };
    literal_from(source, datatype, false, language, direction, rdf_direction)
}

/// [`literal_term`] of a scalar, for a datatype other than `@json` (whose lexical form is
/// the canonical JSON of the whole value: pass that to [`literal_term`]).
/// It has no language or direction: the fast path sends those to the general path.
pub(crate) fn scalar_literal<'v>(
    scalar: Scalar<'v>,
    datatype: Option<&'v str>,
    datatype_checked: bool,
) -> Option<Object<'v>> {
    if datatype == Some("@json") {
        return None;
    }
    literal_from(
        LiteralSource::Scalar(scalar),
        datatype,
        datatype_checked,
        None,
        None,
        None,
    )
}

/// What a literal's lexical form is made from.
enum LiteralSource<'v> {
    /// A JSON literal (`@json`): the whole value.
    Json(&'v Value),
    /// A scalar, with any other datatype.
    Scalar(Scalar<'v>),
}

fn literal_from<'v>(
    source: LiteralSource<'v>,
    datatype: Option<&'v str>,
    datatype_checked: bool,
    language: Option<&'v str>,
    direction: Option<&'v str>,
    rdf_direction: Option<RdfDirection>,
) -> Option<Object<'v>> {
    if !datatype_checked
        && let Some(t) = datatype
        && t != "@json"
        && !iri::is_well_formed(t)
    {
        return None;
    }
    if let Some(l) = language
        && !is_well_formed_language(l)
    {
        return None;
    }
    let mut datatype: Option<&'v str> = datatype;
    let lexical = match source {
        LiteralSource::Json(value) => {
            datatype = Some(RDF_JSON);
            Lexical::Owned(canonical_json(value))
        }
        LiteralSource::Scalar(Scalar::Bool(b)) => {
            datatype.get_or_insert(XSD_BOOLEAN);
            Lexical::Str(if b { "true" } else { "false" })
        }
        LiteralSource::Scalar(Scalar::Number(n)) => {
            let f = n.as_f64().unwrap_or(0.0);
            let is_double = datatype == Some(XSD_DOUBLE)
                || (n.is_f64() && (f.fract() != 0.0 || f.abs() >= 1e21));
            match (is_double, integer_lexical(&n)) {
                (false, Some(i)) => {
                    datatype.get_or_insert(XSD_INTEGER);
                    i
                }
                _ => {
                    datatype.get_or_insert(XSD_DOUBLE);
                    double_lexical(f)
                }
            }
        }
        LiteralSource::Scalar(Scalar::String(s)) => Lexical::Str(s),
    };
    if let (Some(d), Some(RdfDirection::I18nDatatype)) = (direction, rdf_direction)
        && datatype.is_none()
    {
        let tag = language.unwrap_or("").to_ascii_lowercase();
        return Some(Object::Literal {
            value: lexical,
            datatype: Cow::Owned(format!("{I18N}{tag}_{d}")),
            language: None,
        });
    }
    if let Some(dt) = datatype {
        return Some(Object::Literal {
            value: lexical,
            datatype: Cow::Borrowed(dt),
            language: None,
        });
    }
    if let Some(l) = language {
        return Some(Object::Literal {
            value: lexical,
            datatype: Cow::Borrowed(RDF_LANG_STRING),
            language: Some(l),
        });
    }
    Some(Object::Literal {
        value: lexical,
        datatype: Cow::Borrowed(XSD_STRING),
        language: None,
    })
}

/// The `xsd:integer` form of an integral number. JSON-LD's data model reads JSON numbers as
/// IEEE doubles (as jsonld.js, which produced most signatures in the field, does): an integer
/// beyond 2^53 is first rounded to the nearest double, then written exactly
/// (`36064070852388941` becomes `36064070852388944`, like JavaScript's `toFixed(0)`).
fn integer_lexical(n: &Number) -> Option<Lexical<'static>> {
    if let Some(i) = n.as_i64()
        && i.unsigned_abs() <= 1u64 << 53
    {
        return Some(Lexical::format(format_args!("{i}")));
    }
    let f = n.as_f64()?;
    if f.fract() == 0.0 && f.abs() < 1e21 {
        if f == 0.0 {
            return Some(Lexical::Str("0"));
        }
        return Some(Lexical::format(format_args!("{f:.0}")));
    }
    None
}

/// The canonical `xsd:double` form of `f` (see [`canonical_double`]), inline when it fits.
fn double_lexical(f: f64) -> Lexical<'static> {
    let sci = Lexical::format(format_args!("{f:.15E}"));
    let s = sci.as_str();
    let (mantissa, exponent) = s.split_once('E').unwrap_or((s, "0"));
    let m = mantissa.trim_end_matches('0');
    let zero = if m.ends_with('.') { "0" } else { "" };
    Lexical::format(format_args!("{m}{zero}E{exponent}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn doubles() {
        assert_eq!(canonical_double(1.1), "1.1E0");
        assert_eq!(canonical_double(0.53), "5.3E-1");
        assert_eq!(canonical_double(1.0), "1.0E0");
        assert_eq!(canonical_double(0.1 + 0.2), "3.0E-1");
        assert_eq!(canonical_double(-1.5e300), "-1.5E300");
    }

    #[test]
    fn integers_beyond_2_pow_53_round_like_javascript() {
        for (text, want) in [
            ("36064070852388941", "36064070852388944"),
            ("9007199254740993", "9007199254740992"),
            ("-42", "-42"),
            ("0", "0"),
            ("-0.0", "0"),
            ("1e20", "100000000000000000000"),
            ("-9.99e20", "-999000000000000000000"),
        ] {
            let n: Number = serde_json::from_str(text).unwrap();
            assert_eq!(integer_lexical(&n).unwrap().as_str(), want, "{text}");
        }
        let n: Number = serde_json::from_str("1.5").unwrap();
        assert!(integer_lexical(&n).is_none());
    }

    proptest::proptest! {
        #[test]
        fn inline_integer_equals_display(i in -(1i64 << 53)..=(1i64 << 53)) {
            let n = Number::from(i);
            let inline = integer_lexical(&n).expect("integral");
            proptest::prop_assert_eq!(inline.as_str(), i.to_string());
        }
    }

    #[test]
    fn blank_node_terms_are_labelled_b_and_their_number() {
        for n in (0..200).chain([usize::MAX]) {
            let mut buf = None;
            let node = Node::Blank(n);
            let term = node.term(&mut buf);
            assert_eq!(term, TermRef::Blank(&format!("b{n}")));
        }
    }

    #[test]
    fn es_numbers() {
        let cases = [
            (1e21, "1e+21"),
            (1e-7, "1e-7"),
            (123.456, "123.456"),
            (0.000001, "0.000001"),
            (1e20, "100000000000000000000"),
            (-2.5, "-2.5"),
        ];
        for (f, want) in cases {
            let mut out = String::new();
            write_es_double(&mut out, f);
            assert_eq!(out, want);
        }
    }
}
