//! Deserialize JSON-LD to RDF: expanded JSON-LD to quads, with RDF literal forms.

use std::collections::HashMap;
use std::fmt::Write as _;

use serde_json::{Map, Number, Value};

use super::RdfDirection;
use super::iri;
use crate::rdf::{Literal, Quad, RDF_LANG_STRING, Term, XSD_STRING};

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
    let s = format!("{f:.15E}");
    let (mantissa, exponent) = s.split_once('E').unwrap_or((&s, "0"));
    let mut m = mantissa.trim_end_matches('0').to_string();
    if m.ends_with('.') {
        m.push('0');
    }
    format!("{m}E{exponent}")
}

/// The `xsd:integer` form of an integral number. JSON-LD's data model reads JSON numbers as
/// IEEE doubles (as jsonld.js, which produced most signatures in the field, does): an integer
/// beyond 2^53 is first rounded to the nearest double, then written exactly
/// (`36064070852388941` becomes `36064070852388944`, like JavaScript's `toFixed(0)`).
fn canonical_integer(n: &Number) -> Option<String> {
    if let Some(i) = n.as_i64()
        && i.unsigned_abs() <= 1u64 << 53
    {
        return Some(i.to_string());
    }
    let f = n.as_f64()?;
    if f.fract() == 0.0 && f.abs() < 1e21 {
        if f == 0.0 {
            return Some("0".to_string());
        }
        return Some(format!("{f:.0}"));
    }
    None
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

/// Where triples go: the default graph, a named graph, or nowhere (invalid graph name).
#[derive(Clone)]
pub(crate) enum Graph {
    Default,
    Named(Term),
    Invalid,
}

/// Turns expanded JSON-LD into quads.
pub(crate) struct Serializer {
    pub quads: Vec<Quad>,
    labels: HashMap<String, String>,
    counter: usize,
    rdf_direction: Option<RdfDirection>,
    generalized: bool,
}

impl Serializer {
    pub(crate) fn new(rdf_direction: Option<RdfDirection>, generalized: bool) -> Self {
        Serializer {
            quads: Vec::new(),
            labels: HashMap::new(),
            counter: 0,
            rdf_direction,
            generalized,
        }
    }

    pub(crate) fn fresh(&mut self) -> Term {
        let label = format!("b{}", self.counter);
        self.counter += 1;
        Term::Blank(label)
    }

    pub(crate) fn blank(&mut self, id: &str) -> Term {
        if let Some(l) = self.labels.get(id) {
            return Term::Blank(l.clone());
        }
        let t = self.fresh();
        if let Term::Blank(l) = &t {
            self.labels.insert(id.to_string(), l.clone());
        }
        t
    }

    pub(crate) fn id_term(&mut self, id: &str) -> Option<Term> {
        if iri::is_blank(id) {
            Some(self.blank(id))
        } else if iri::is_well_formed(id) {
            Some(Term::Iri(id.to_string()))
        } else {
            None
        }
    }

    pub(crate) fn emit(
        &mut self,
        s: Option<&Term>,
        p: Option<&Term>,
        o: Option<Term>,
        graph: &Graph,
    ) {
        if let (Some(s), Some(p), Some(o)) = (s, p, o) {
            self.push(s, p.clone(), o, graph);
        }
    }

    /// Adds one quad, unless its graph name is invalid.
    fn push(&mut self, subject: &Term, predicate: Term, object: Term, graph: &Graph) {
        let graph = match graph {
            Graph::Default => None,
            Graph::Named(g) => Some(g.clone()),
            Graph::Invalid => return,
        };
        self.quads.push(Quad {
            subject: subject.clone(),
            predicate,
            object,
            graph,
        });
    }

    /// [`Serializer::emit`] with the predicate given as an IRI (allocated only when subject,
    /// predicate and object are all present).
    pub(crate) fn emit_iri(
        &mut self,
        s: Option<&Term>,
        p: Option<&str>,
        o: Option<Term>,
        graph: &Graph,
    ) {
        if let (Some(s), Some(p), Some(o)) = (s, p, o) {
            self.push(s, Term::Iri(p.to_string()), o, graph);
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

    pub(crate) fn predicate(&mut self, p: &str) -> Option<Term> {
        if iri::is_blank(p) {
            self.generalized.then(|| self.blank(p))
        } else if iri::is_well_formed(p) {
            Some(Term::Iri(p.to_string()))
        } else {
            None
        }
    }

    pub(crate) fn node(&mut self, node: &Map<String, Value>, graph: &Graph) -> Option<Term> {
        let subject = match node.get("@id") {
            Some(Value::String(id)) => self.id_term(id),
            Some(_) => None,
            None => Some(self.fresh()),
        };
        if let Some(types) = node.get("@type") {
            let rdf_type = Term::Iri(RDF_TYPE.to_string());
            for t in types.as_array().map(Vec::as_slice).unwrap_or_default() {
                if let Some(t) = t.as_str() {
                    let o = self.id_term(t);
                    self.emit(subject.as_ref(), Some(&rdf_type), o, graph);
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
                self.emit(subject.as_ref(), predicate.as_ref(), o, graph);
            }
        }
        if let Some(Value::Object(reverse)) = node.get("@reverse") {
            for (key, values) in reverse {
                let predicate = self.predicate(key);
                for v in values.as_array().map(Vec::as_slice).unwrap_or_default() {
                    if let Value::Object(m) = v {
                        let s = self.node(m, graph);
                        self.emit(s.as_ref(), predicate.as_ref(), subject.clone(), graph);
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

    pub(crate) fn object(&mut self, v: &Value, graph: &Graph) -> Option<Term> {
        let Value::Object(m) = v else {
            return None;
        };
        if m.contains_key("@value") {
            return self.literal(m);
        }
        if let Some(list) = m.get("@list") {
            let items = list.as_array().map(Vec::as_slice).unwrap_or_default();
            return Some(self.list(items, graph));
        }
        self.node(m, graph)
    }

    fn list(&mut self, items: &[Value], graph: &Graph) -> Term {
        if items.is_empty() {
            return Term::Iri(RDF_NIL.to_string());
        }
        let heads: Vec<Term> = items.iter().map(|_| self.fresh()).collect();
        let first = Term::Iri(RDF_FIRST.to_string());
        let rest = Term::Iri(RDF_REST.to_string());
        for (i, item) in items.iter().enumerate() {
            let o = self.object(item, graph);
            self.emit(Some(&heads[i]), Some(&first), o, graph);
            let next = heads
                .get(i + 1)
                .cloned()
                .unwrap_or_else(|| Term::Iri(RDF_NIL.to_string()));
            self.emit(Some(&heads[i]), Some(&rest), Some(next), graph);
        }
        heads
            .into_iter()
            .next()
            .unwrap_or_else(|| Term::Iri(RDF_NIL.to_string()))
    }

    fn literal(&mut self, m: &Map<String, Value>) -> Option<Term> {
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
pub(crate) fn literal_term(
    value: &Value,
    datatype: Option<&str>,
    language: Option<&str>,
    direction: Option<&str>,
    rdf_direction: Option<RdfDirection>,
) -> Option<Term> {
    if let Some(t) = datatype
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
    let mut datatype = datatype.map(str::to_string);
    let lexical = if datatype.as_deref() == Some("@json") {
        datatype = Some(RDF_JSON.to_string());
        canonical_json(value)
    } else {
        match value {
            Value::Bool(b) => {
                datatype.get_or_insert_with(|| XSD_BOOLEAN.to_string());
                b.to_string()
            }
            Value::Number(n) => {
                let f = n.as_f64().unwrap_or(0.0);
                let is_double = datatype.as_deref() == Some(XSD_DOUBLE)
                    || (n.is_f64() && (f.fract() != 0.0 || f.abs() >= 1e21));
                match (is_double, canonical_integer(n)) {
                    (false, Some(i)) => {
                        datatype.get_or_insert_with(|| XSD_INTEGER.to_string());
                        i
                    }
                    _ => {
                        datatype.get_or_insert_with(|| XSD_DOUBLE.to_string());
                        canonical_double(f)
                    }
                }
            }
            Value::String(s) => s.clone(),
            _ => return None,
        }
    };
    if let (Some(d), Some(RdfDirection::I18nDatatype)) = (direction, rdf_direction)
        && datatype.is_none()
    {
        let tag = language.unwrap_or("").to_ascii_lowercase();
        return Some(Term::typed(lexical, format!("{I18N}{tag}_{d}")));
    }
    if let Some(dt) = datatype {
        return Some(Term::typed(lexical, dt));
    }
    if let Some(l) = language {
        return Some(Term::Literal(Literal {
            value: lexical,
            datatype: RDF_LANG_STRING.to_string(),
            language: Some(l.to_string()),
        }));
    }
    Some(Term::Literal(Literal {
        value: lexical,
        datatype: XSD_STRING.to_string(),
        language: None,
    }))
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
        let n: Number = serde_json::from_str("36064070852388941").unwrap();
        assert_eq!(canonical_integer(&n).unwrap(), "36064070852388944");
        let n: Number = serde_json::from_str("9007199254740993").unwrap();
        assert_eq!(canonical_integer(&n).unwrap(), "9007199254740992");
        let n: Number = serde_json::from_str("-42").unwrap();
        assert_eq!(canonical_integer(&n).unwrap(), "-42");
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
