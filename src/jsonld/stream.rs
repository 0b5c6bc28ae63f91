//! Expansion straight to quads for ordinary node objects, in safe mode.
//!
//! The general path expands a whole document into `serde_json` values and then serializes
//! them as quads. Credentials are mostly plain node objects (an `@id`, a `@type`, properties
//! whose values are strings, numbers, booleans or further node objects), and building and
//! dropping their expanded form was most of the cost. This path emits the quads of such a node
//! object directly, in the order the serializer would, and hands anything else to the general
//! path: a whole node object when it has a keyword other than `@context`, `@id` and `@type`
//! (or a reverse or blank-node property, or two keys expanding to one IRI), one entry when its
//! term has a container or a JSON type, and one value when it is anything but a node object or
//! a plain literal. Everything the fast path declines is decided before it emits a quad or
//! issues a blank node label, and every error is left to the general path, so both paths give
//! identical quads, labels and errors (`jsonld::tests` checks this differentially).

use std::borrow::Cow;
use std::sync::Arc;

use serde_json::Value;

use super::Env;
use super::context::{
    Context, KeyKind, TermDef, container, expand_iri, expand_iri_defined, is_keyword,
};
use super::error::JsonLdError;
use super::expand::{MAX_DOCUMENT_DEPTH, NodeContexts, Scope, as_array};
use super::iri;
use super::members::Scalar;
use super::members::{JsonValue, NodeMap};
use super::to_rdf::{Graph, Node, Object, Serializer, scalar_literal};
use super::trail::Trail;

const RDF_TYPE: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type";

/// Node objects with more entries than this take the general path (the duplicate-IRI check
/// is quadratic in the number of entries).
pub(super) const MAX_FAST_ENTRIES: usize = 64;

/// One property entry of a node object the fast path handles.
struct Entry<'a, 'c, V> {
    key: &'a str,
    value: V,
    iri: Cow<'c, str>,
    /// A cheap digest of `iri` (its length and last bytes): IRIs with different digests
    /// differ, so the duplicate-IRI check compares few strings.
    digest: u64,
    def: Option<&'c Arc<TermDef>>,
}

/// How many `@type` values a plan keeps expanded (more are expanded again when emitted).
const TYPE_SLOTS: usize = 2;

/// What the fast path decided to do with a node object.
struct Plan<'a, 'c, V> {
    id: Option<Cow<'a, str>>,
    /// The value of the `@type` entry (its items checked to expand to absolute IRIs).
    types: Option<V>,
    /// The expansions of the first [`TYPE_SLOTS`] `@type` values, each with `true` when it
    /// is a defined term's IRI known to be well formed.
    type_iris: [Option<(Cow<'c, str>, bool)>; TYPE_SLOTS],
    entries: Entries<'a, 'c, V>,
}

/// How many entries a plan keeps in place (on the stack) before it allocates.
const INLINE_ENTRIES: usize = 8;

/// The property entries of a plan: the first [`INLINE_ENTRIES`] in place, so that most node
/// objects cost no allocation, the rest in a vector.
struct Entries<'a, 'c, V> {
    inline: [Option<Entry<'a, 'c, V>>; INLINE_ENTRIES],
    len: usize,
    more: Vec<Entry<'a, 'c, V>>,
}

impl<'a, 'c, V> Entries<'a, 'c, V> {
    #[inline(always)]
    fn new() -> Self {
        Entries {
            inline: std::array::from_fn(|_| None),
            len: 0,
            more: Vec::new(),
        }
    }

    #[inline(always)]
    fn push(&mut self, entry: Entry<'a, 'c, V>) {
        match self.inline.get_mut(self.len) {
            Some(slot) => *slot = Some(entry),
            None => self.more.push(entry),
        }
        self.len += 1;
    }

    /// The entries in the order they were pushed.
    fn iter(&self) -> impl Iterator<Item = &Entry<'a, 'c, V>> {
        self.inline.iter().flatten().chain(&self.more)
    }
}

/// A term's IRI expansion (vocabulary-relative) from one lookup of its definition.
struct Expanded<'c> {
    iri: Cow<'c, str>,
    /// Which keyword `iri` is, if any.
    kind: KeyKind,
    /// `Some(well-formedness)` when `iri` is the IRI of the term's definition and no keyword
    /// (checked once, when the definition was compiled).
    well_formed: Option<bool>,
    def: Option<&'c Arc<TermDef>>,
}

/// [`expand_iri`] of `value` with `vocab` on, looking its term definition up once (and
/// returning it): `None` where expansion gives JSON-LD's null.
fn expand_term<'c>(
    ctx: &'c Context,
    value: &'c str,
    document_relative: bool,
) -> Option<Expanded<'c>> {
    if value.starts_with('@') && (is_keyword(value) || iri::has_keyword_form(value)) {
        let iri = expand_iri(ctx, value, document_relative, true)?;
        return Some(Expanded {
            kind: KeyKind::of_keyword(&iri),
            iri,
            well_formed: None,
            def: None,
        });
    }
    let def = ctx.term(value);
    if let Some(d) = def
        && let Some(iri) = d.iri.as_deref()
    {
        // A keyword alias expands to its keyword; any other term to its IRI.
        let keyword = d.iri_kind != KeyKind::NotKeyword;
        return Some(Expanded {
            iri: Cow::Borrowed(iri),
            kind: d.iri_kind,
            well_formed: (!keyword).then_some(d.iri_well_formed),
            def,
        });
    }
    let iri = expand_iri_defined(ctx, value, def.map(|d| &**d), document_relative, true)?;
    Some(Expanded {
        kind: KeyKind::of_keyword(&iri),
        iri,
        well_formed: None,
        def,
    })
}

/// The expanded IRI of one `@type` value, when it is a well-formed IRI or a blank node
/// identifier (else the general path decides, and refuses it in safe mode), and whether it is
/// a defined term's IRI known to be well formed.
fn type_iri<'c>(type_scoped: &'c Context, value: &'c str) -> Option<(Cow<'c, str>, bool)> {
    let e = expand_term(type_scoped, value, true)?;
    let known = e.well_formed == Some(true);
    (known || iri::is_blank(&e.iri) || iri::is_well_formed(&e.iri)).then_some((e.iri, known))
}

/// The object node of one `@type` value expanded by [`type_iri`].
fn type_node<'c>(
    iri: Cow<'c, str>,
    known_well_formed: bool,
    out: &mut Serializer<'_>,
) -> Option<Node<'c>> {
    if known_well_formed {
        return Some(Node::Iri(iri));
    }
    out.id_node(iri)
}

/// A cheap digest of an IRI for the duplicate check: equal IRIs have equal digests.
fn digest(iri: &str) -> u64 {
    let bytes = iri.as_bytes();
    let len = bytes.len() as u64;
    let tail = match bytes.len().checked_sub(8) {
        // The last eight bytes in one load.
        Some(start) => <[u8; 8]>::try_from(&bytes[start..]).map_or(0, u64::from_le_bytes),
        None => bytes.iter().fold(0, |key, &b| (key << 8) | u64::from(b)),
    };
    tail ^ len.rotate_right(8)
}

/// `expanded`, the expansion of `value`, with `value`'s lifetime: expansion returns either
/// `value` itself, a string of the context equal to it, or a new string.
fn rebind<'a>(expanded: Cow<'_, str>, value: &'a str) -> Cow<'a, str> {
    match expanded {
        Cow::Owned(s) => Cow::Owned(s),
        Cow::Borrowed(b) if b == value => Cow::Borrowed(value),
        Cow::Borrowed(b) => Cow::Owned(b.to_owned()),
    }
}

/// The items of a `@type` value (the value itself when it is not an array).
fn type_items<'a, V: JsonValue<'a>>(value: V) -> impl Iterator<Item = V> {
    let array = value.is_array();
    let items = array.then(|| value.items());
    items.into_iter().flatten().chain((!array).then_some(value))
}

impl Env<'_> {
    /// Serializes the node object `map` (the value of `prop`, a term with its definition in
    /// `active`, or the document when `prop` is `None`) into `out`: its subject (`Some(None)`
    /// when its `@id` is not a well-formed IRI), or `None`, having emitted nothing, when the
    /// general path must expand it.
    ///
    /// # Errors
    /// The errors the general path raises on the same node object.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn stream_node<'a>(
        &self,
        active: &Arc<Context>,
        prop: Option<(&'a str, Option<&TermDef>)>,
        map: impl NodeMap<'a>,
        base_url: Option<&Arc<str>>,
        trail: &mut Trail<'a>,
        out: &mut Serializer<'_>,
        graph: &Graph<'_>,
    ) -> Result<Option<Option<Node<'a>>>, JsonLdError> {
        let (prop, prop_def) = match prop {
            Some((key, def)) => (Some(key), def),
            None => (None, None),
        };
        if !self.options.safe_mode || map.len() > MAX_FAST_ENTRIES {
            return Ok(None);
        }
        // Quick refusals before any context work: explicit keywords the fast path leaves out.
        if map
            .keys()
            .any(|k| k.starts_with('@') && !matches!(k, "@context" | "@id" | "@type"))
        {
            return Ok(None);
        }
        let contexts = self.node_contexts(active, prop_def, map, base_url, false, false, trail)?;
        // Filled in place (a plan is large: its first entries are kept inline).
        let mut plan = Plan {
            id: None,
            types: None,
            type_iris: [None, None],
            entries: Entries::new(),
        };
        if fill_plan(&contexts, map, &mut plan).is_none() {
            return Ok(None);
        }
        // A top-level node object the general path could drop (no entries left after
        // expansion) must go there, to issue blank node labels the same way.
        let top = prop.is_none() || prop == Some("@graph");
        if top && plan.types.is_none_or(|t| type_items(t).next().is_none()) {
            return Ok(None);
        }
        let subject = match plan.id.take() {
            Some(id) => out.id_node(id),
            None => Some(out.fresh()),
        };
        let mut type_iris = plan.type_iris.into_iter();
        for t in plan.types.into_iter().flat_map(type_items) {
            let Some(t) = t.as_str() else {
                continue;
            };
            let expanded = type_iris
                .next()
                .flatten()
                .or_else(|| type_iri(&contexts.type_scoped, t));
            let o = expanded
                .and_then(|(iri, known)| type_node(iri, known, out))
                .map(Object::Node);
            out.emit_iri(subject.as_ref(), Some(RDF_TYPE), o.as_ref(), graph);
        }
        let scope = Scope {
            ctx: &contexts.ctx,
            type_scoped: &contexts.type_scoped,
            prop,
            base_url,
            input_type: contexts.input_type.as_deref(),
        };
        for entry in plan.entries.iter() {
            trail.push_key(entry.key);
            // Every entry's IRI is well formed (`fill_plan` leaves the others to the general path).
            self.stream_entry(
                &scope,
                entry,
                subject.as_ref(),
                Some(entry.iri.as_ref()),
                trail,
                out,
                graph,
            )?;
            trail.pop();
        }
        Ok(Some(subject))
    }

    /// Emits the quads of one property entry (its key pushed on `trail`).
    #[allow(clippy::too_many_arguments)]
    fn stream_entry<'a, V: JsonValue<'a>>(
        &self,
        scope: &Scope<'_, 'a>,
        entry: &Entry<'a, '_, V>,
        subject: Option<&Node<'_>>,
        predicate: Option<&str>,
        trail: &mut Trail<'a>,
        out: &mut Serializer<'_>,
        graph: &Graph<'_>,
    ) -> Result<(), JsonLdError> {
        // Plain, or a `@graph` container (each value a graph object, handled per value).
        let plain = entry.def.is_none_or(|d| {
            matches!(d.container & !container::SET, 0 | container::GRAPH)
                && d.type_mapping.as_deref() != Some("@json")
        });
        if !plain || trail.len() + 2 > MAX_DOCUMENT_DEPTH {
            // A document node is built as a value for this entry alone (not the whole
            // document), expanded with a copy of the trail (the same error paths).
            let expanded = match entry.value.to_cow() {
                Cow::Borrowed(value) => self.expand_property(scope, entry.key, value, trail)?,
                Cow::Owned(value) => {
                    let mut local: Trail<'_> = trail.clone();
                    self.expand_property(scope, entry.key, &value, &mut local)?
                }
            };
            return self.emit_expanded(expanded, subject, predicate, out, graph);
        }
        if entry.value.is_array() {
            for (i, item) in entry.value.items().enumerate() {
                trail.push_index(i);
                self.stream_value(scope, entry, item, subject, predicate, trail, out, graph)?;
                trail.pop();
            }
            return Ok(());
        }
        self.stream_value(
            scope,
            entry,
            entry.value,
            subject,
            predicate,
            trail,
            out,
            graph,
        )
    }

    /// Emits the quads of one value of a plain property.
    #[allow(clippy::too_many_arguments)]
    fn stream_value<'a, V: JsonValue<'a>>(
        &self,
        scope: &Scope<'_, 'a>,
        entry: &Entry<'a, '_, V>,
        item: V,
        subject: Option<&Node<'_>>,
        predicate: Option<&str>,
        trail: &mut Trail<'a>,
        out: &mut Serializer<'_>,
        graph: &Graph<'_>,
    ) -> Result<(), JsonLdError> {
        let ctx = scope.ctx;
        if item.is_null() {
            return Ok(());
        }
        // In a `@graph` container a value is a graph object: a fresh blank node names the
        // graph its node object goes to (the label issued first, as the serializer does).
        let in_graph = entry
            .def
            .is_some_and(|d| d.container & !container::SET == container::GRAPH);
        // The entry's term, defined in `ctx` (the node's active context).
        let prop = Some((entry.key, entry.def.map(|d| &**d)));
        if let Some(m) = item.as_object() {
            if in_graph {
                let name = out.fresh();
                let named = Graph::Named(name.clone());
                if self
                    .stream_node(ctx, prop, m, scope.base_url, trail, out, &named)?
                    .is_some()
                {
                    out.emit_iri(subject, predicate, Some(&Object::Node(name)), graph);
                    return Ok(());
                }
                // Declined before issuing a label: the general path issues this one.
                out.unissue(&name);
            } else if let Some(o) =
                self.stream_node(ctx, prop, m, scope.base_url, trail, out, graph)?
            {
                let o = o.map(Object::Node);
                out.emit_iri(subject, predicate, o.as_ref(), graph);
                return Ok(());
            }
        } else if !in_graph && let Some(scalar) = item.scalar() {
            // The term's own context when it has no scoped one (no lookup, no reference count).
            let scoped;
            let (value_ctx, def) = match entry.def {
                Some(d) if d.context.is_some() => {
                    scoped = self.apply_scoped(ctx, Some(d), true, true, trail)?;
                    (&*scoped, scoped.term(entry.key))
                }
                def => (&**ctx, def),
            };
            if let Some(o) = self.scalar_term(value_ctx, def.map(|d| &**d), scalar, out) {
                out.emit_iri(subject, predicate, o.as_ref(), graph);
                return Ok(());
            }
        }
        // As in `stream_entry`: a node is built as a value for this item alone.
        let expanded = match item.to_cow() {
            Cow::Borrowed(item) => {
                self.expand(ctx, Some(entry.key), item, scope.base_url, false, trail)?
            }
            Cow::Owned(item) => {
                let mut local: Trail<'_> = trail.clone();
                self.expand(
                    ctx,
                    Some(entry.key),
                    &item,
                    scope.base_url,
                    false,
                    &mut local,
                )?
            }
        };
        let expanded = if in_graph && !expanded.is_null() {
            // An error names the entry, as the general path's does (not this item of it).
            let mut at = trail.clone();
            if entry.value.is_array() {
                at.pop();
            }
            self.graph_container_value(expanded, true, &at, entry.key)?
        } else {
            expanded
        };
        self.emit_expanded(expanded, subject, predicate, out, graph)
    }

    /// The object term of a scalar value of the term defined by `def` in `ctx` (Value
    /// Expansion then serialization), or `None` when the general path must handle it (a
    /// language or direction applies, or an IRI value is not absolute).
    fn scalar_term<'v, 'a: 'v>(
        &self,
        ctx: &'v Context,
        def: Option<&'v TermDef>,
        scalar: Scalar<'a>,
        out: &mut Serializer<'_>,
    ) -> Option<Option<Object<'v>>> {
        let type_mapping = def.and_then(|d| d.type_mapping.as_deref());
        if let Scalar::String(s) = scalar
            && let Some(mapping @ ("@id" | "@vocab")) = type_mapping
        {
            let id = expand_iri(ctx, s, true, mapping == "@vocab")?;
            if !iri::is_absolute(&id) && !iri::is_blank(&id) {
                return None;
            }
            return Some(out.id_node(id).map(Object::Node));
        }
        let datatype = match type_mapping {
            Some("@id" | "@vocab" | "@none") | None => None,
            Some(t) => Some(t),
        };
        if datatype.is_none() && matches!(scalar, Scalar::String(_)) {
            let language = match def.and_then(|d| d.language.as_ref()) {
                Some(l) => l.is_some(),
                None => ctx.language.is_some(),
            };
            let direction = match def.and_then(|d| d.direction.as_ref()) {
                Some(d) => d.is_some(),
                None => ctx.direction.is_some(),
            };
            if language || direction {
                return None;
            }
        }
        // A JSON literal goes to the general path (which converts this item alone).
        if datatype == Some("@json") {
            return None;
        }
        // A compiled term definition's type mapping is a checked absolute IRI here; a datatype
        // RDF would drop is the general path's (it refuses it in safe mode).
        let checked = datatype.is_some() && def.is_some_and(|d| d.type_well_formed);
        if !checked && datatype.is_some_and(|t| !iri::is_well_formed(t)) {
            return None;
        }
        Some(scalar_literal(scalar, datatype, datatype.is_some()))
    }

    /// Serializes an expanded property value (from the general path) as objects of
    /// `subject`/`predicate`, as the serializer does for one entry of an expanded node.
    fn emit_expanded(
        &self,
        expanded: Value,
        subject: Option<&Node<'_>>,
        predicate: Option<&str>,
        out: &mut Serializer<'_>,
        graph: &Graph<'_>,
    ) -> Result<(), JsonLdError> {
        if expanded.is_null() {
            return Ok(());
        }
        for item in as_array(expanded) {
            if item.is_null() {
                continue;
            }
            let o = out.object(&item, graph);
            out.emit_iri(subject, predicate, o.as_ref(), graph);
        }
        Ok(())
    }
}

/// Classifies the entries of `map` in its active context into `plan` (new), the plan of the
/// fast path; `None` when the node object needs the general path.
fn fill_plan<'a: 'c, 'c, M: NodeMap<'a>>(
    contexts: &'c NodeContexts<'_>,
    map: M,
    plan: &mut Plan<'a, 'c, M::Value>,
) -> Option<()> {
    let ctx = &contexts.ctx;
    let mut seen_id = false;
    let mut seen_type = false;
    for (key, value) in map.entries() {
        if key == "@context" {
            continue;
        }
        let Expanded {
            iri: expanded,
            kind,
            well_formed,
            def,
        } = expand_term(ctx, key, false)?;
        if kind != KeyKind::NotKeyword {
            match kind {
                KeyKind::Id if !seen_id => {
                    seen_id = true;
                    let s = value.as_str()?;
                    let id = rebind(expand_iri(ctx, s, true, false)?, s);
                    // An id RDF would drop (relative or malformed) is the general path's.
                    if !iri::is_blank(&id) && !iri::is_well_formed(&id) {
                        return None;
                    }
                    plan.id = Some(id);
                }
                KeyKind::Type if !seen_type => {
                    seen_type = true;
                    if value.as_str().is_none() && !value.is_array() {
                        return None;
                    }
                    for (i, item) in type_items(value).enumerate() {
                        let t = item.as_str()?;
                        let expanded = type_iri(&contexts.type_scoped, t)?;
                        if let Some(slot) = plan.type_iris.get_mut(i) {
                            *slot = Some(expanded);
                        }
                    }
                    plan.types = Some(value);
                }
                _ => return None,
            }
            continue;
        }
        // A predicate RDF would drop (undefined, relative, blank or malformed) is the general
        // path's: it refuses it in safe mode, or drops it the same way.
        if !well_formed.unwrap_or_else(|| iri::is_well_formed(&expanded)) {
            return None;
        }
        let digest = digest(&expanded);
        if def.is_some_and(|d| d.reverse)
            || plan
                .entries
                .iter()
                .any(|e| e.digest == digest && e.iri == expanded)
        {
            return None;
        }
        plan.entries.push(Entry {
            key,
            value,
            iri: expanded,
            digest,
            def,
        });
    }
    Some(())
}

#[cfg(test)]
mod tests {
    use std::path::{Path, PathBuf};

    use serde_json::{Value, json};

    use crate::jsonld::{BundledLoader, ChainLoader, MapLoader, Options, Processor};

    fn root() -> PathBuf {
        PathBuf::from(env!("CARGO_MANIFEST_DIR"))
    }

    /// The bundled contexts plus the benchmark's (`tests/data/bench/contexts`), when present.
    fn processor() -> Processor {
        let mut map = MapLoader::new();
        let dir = root().join("tests/data/bench/contexts");
        if let Ok(text) = std::fs::read_to_string(dir.join("urls.json"))
            && let Ok(Value::Object(urls)) = serde_json::from_str::<Value>(&text)
        {
            for (url, file) in urls {
                if let Some(file) = file.as_str()
                    && let Ok(text) = std::fs::read_to_string(dir.join(file))
                {
                    map.insert_text(url, &text).expect("context JSON");
                }
            }
        }
        Processor::new(ChainLoader::new().with(map).with(BundledLoader))
    }

    fn json_files(dir: &Path, out: &mut Vec<PathBuf>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                json_files(&path, out);
            } else if path
                .extension()
                .is_some_and(|e| e == "json" || e == "jsonld")
            {
                out.push(path);
            }
        }
    }

    /// Both paths give the same quads (labels included) or the same error; so does the fast
    /// path reading the document's tree (parsed from `doc`'s JSON text), when it parses.
    fn same(processor: &Processor, doc: &Value, options: &Options) -> Result<usize, String> {
        let fast = processor.to_rdf_with(doc, options, true);
        let general = processor.to_rdf_with(doc, options, false);
        let n = match (&fast, &general) {
            (Ok(a), Ok(b)) if a == b => a.len(),
            (Err(a), Err(b)) if a.to_string() == b.to_string() && a.path() == b.path() => 0,
            _ => return Err(format!("fast {fast:?}\ngeneral {general:?}")),
        };
        let text = serde_json::to_string(doc).map_err(|e| e.to_string())?;
        if let Some(nodes) = nodes_rdf(processor, &text, options) {
            match (&nodes, &general) {
                (Ok(a), Ok(b)) if a == b => {}
                (Err(a), Err(b)) if a.to_string() == b.to_string() && a.path() == b.path() => {}
                _ => return Err(format!("tree nodes {nodes:?}\ngeneral {general:?}")),
            }
        }
        Ok(n)
    }

    /// [`Processor::to_rdf_nodes_into`] of the top-level members of `text` parsed as a
    /// [`Document`](crate::document::Document), duplicates removed; `None` when `text` does
    /// not parse as a document whose root is an object.
    fn nodes_rdf(
        processor: &Processor,
        text: &str,
        options: &Options,
    ) -> Option<Result<Vec<crate::rdf::Quad>, crate::jsonld::JsonLdError>> {
        let document = crate::document::Document::from_str(text).ok()?;
        let root = document.root();
        if root.kind() != crate::document::NodeKind::Object {
            return None;
        }
        let members: Vec<_> = root
            .members()
            .map(|(k, v)| (k, crate::proof::MemberValue::Node(v)))
            .collect();
        let mut quads = Vec::new();
        let by_nodes = processor
            .to_rdf_nodes_into(&members, options, &mut quads)
            .map(|()| first_appearances(&quads));
        // The same with `@context` given as a `serde_json` value (as a proof's context is).
        let context = root.get("@context").map(|c| c.to_value());
        let mixed: Vec<_> = root
            .members()
            .map(|(k, v)| match (k, &context) {
                ("@context", Some(c)) => (k, crate::proof::MemberValue::Value(c)),
                _ => (k, crate::proof::MemberValue::Node(v)),
            })
            .collect();
        let mut quads = Vec::new();
        let by_mixed = processor
            .to_rdf_nodes_into(&mixed, options, &mut quads)
            .map(|()| first_appearances(&quads));
        match (&by_nodes, &by_mixed) {
            (Ok(a), Ok(b)) => assert_eq!(a, b, "{text}"),
            (Err(a), Err(b)) => {
                assert_eq!(a.to_string(), b.to_string(), "{text}");
                assert_eq!(a.path(), b.path(), "{text}");
            }
            _ => panic!("{text}: {by_nodes:?} / {by_mixed:?}"),
        }
        Some(by_nodes)
    }

    #[test]
    fn fast_path_equals_general_path_on_fixtures_and_vectors() {
        let processor = processor();
        let mut files = Vec::new();
        json_files(&root().join("fixtures"), &mut files);
        json_files(&root().join("tests/data/vectors"), &mut files);
        json_files(&root().join("tests/data/bench"), &mut files);
        assert!(files.len() > 150, "only {} files", files.len());
        let mut quads = 0;
        let mut failures = Vec::new();
        for path in &files {
            let Ok(text) = std::fs::read_to_string(path) else {
                continue;
            };
            let Ok(doc) = serde_json::from_str::<Value>(&text) else {
                continue;
            };
            let base = format!("https://example.org/{}", path.display());
            for options in [
                Options::default(),
                Options::default().with_base(base),
                Options::default()
                    .with_rdf_direction(Some(crate::jsonld::RdfDirection::I18nDatatype)),
            ] {
                match same(&processor, &doc, &options) {
                    Ok(n) => quads += n,
                    Err(e) => failures.push(format!("{}: {e}", path.display())),
                }
            }
        }
        assert!(failures.is_empty(), "{}", failures.join("\n\n"));
        assert!(quads > 10_000, "only {quads} quads compared");
    }

    /// The same quads, or the same error (message and JSON path).
    fn assert_same(
        a: &Result<Vec<crate::rdf::Quad>, crate::jsonld::JsonLdError>,
        b: &Result<Vec<crate::rdf::Quad>, crate::jsonld::JsonLdError>,
        path: &std::path::Path,
    ) {
        match (a, b) {
            (Ok(a), Ok(b)) => assert_eq!(a, b, "{}", path.display()),
            (Err(a), Err(b)) => {
                assert_eq!(a.to_string(), b.to_string(), "{}", path.display());
                assert_eq!(a.path(), b.path(), "{}", path.display());
            }
            _ => panic!("{}: {a:?} / {b:?}", path.display()),
        }
    }

    /// `quads` without repeats, first appearances kept in order.
    fn first_appearances(quads: &[crate::rdf::Quad]) -> Vec<crate::rdf::Quad> {
        let mut out: Vec<crate::rdf::Quad> = Vec::new();
        for q in quads {
            if !out.contains(q) {
                out.push(q.clone());
            }
        }
        out
    }

    #[test]
    fn sink_and_members_forms_equal_to_rdf_on_fixtures_and_vectors() {
        let processor = processor();
        let mut files = Vec::new();
        json_files(&root().join("fixtures"), &mut files);
        json_files(&root().join("tests/data/vectors"), &mut files);
        assert!(files.len() > 150, "only {} files", files.len());
        let options =
            Options::default().with_rdf_direction(Some(crate::jsonld::RdfDirection::I18nDatatype));
        let mut compared = 0;
        let mut compared_nodes = 0;
        for path in &files {
            let Ok(text) = std::fs::read_to_string(path) else {
                continue;
            };
            let Ok(doc) = serde_json::from_str::<Value>(&text) else {
                continue;
            };
            let expected = processor.to_rdf(&doc, &options);
            // Everything the sink received, duplicates included.
            let mut sink: Vec<crate::rdf::Quad> = Vec::new();
            let streamed = processor
                .to_rdf_into(&doc, &options, &mut sink)
                .map(|()| first_appearances(&sink));
            assert_same(&expected, &streamed, path);
            if let Some(by_nodes) = nodes_rdf(&processor, &text, &options) {
                assert_same(&expected, &by_nodes, path);
                compared_nodes += 1;
            }
            let Value::Object(map) = &doc else {
                continue;
            };
            let members: Vec<(&str, &Value)> = map.iter().map(|(k, v)| (k.as_str(), v)).collect();
            let by_members = processor.to_rdf_members(&members, &options);
            assert_same(&expected, &by_members, path);
            compared += 1;
        }
        assert!(compared > 150, "only {compared} documents compared");
        assert!(
            compared_nodes > 150,
            "only {compared_nodes} documents compared as tree nodes"
        );
    }

    #[test]
    fn members_with_a_repeated_name_read_like_a_json_object() {
        let processor = processor();
        let ctx = json!({"@vocab": "https://example.org/"});
        let first = json!("first");
        let last = json!("last");
        let id = json!("https://example.org/s");
        let members: Vec<(&str, &Value)> = vec![
            ("@context", &ctx),
            ("@id", &id),
            ("p", &first),
            ("p", &last),
        ];
        let object = json!({"@context": ctx, "@id": id, "p": "last"});
        assert_eq!(
            processor
                .to_rdf_members(&members, &Options::default())
                .expect("members"),
            processor
                .to_rdf(&object, &Options::default())
                .expect("object")
        );
    }

    mod generated {
        use proptest::prelude::*;
        use serde_json::{Map, Value, json};

        use super::{processor, same};

        use crate::jsonld::Options;

        /// Keys: OB and VC terms, undefined terms (VC 2.0 has an `@vocab`), absolute and
        /// compact IRIs, a blank-node property and keywords the fast path declines.
        const KEYS: &[&str] = &[
            "id",
            "type",
            "name",
            "description",
            "achievement",
            "image",
            "alignment",
            "creditsEarned",
            "tag",
            "result",
            "narrative",
            "evidence",
            "undefinedTerm",
            "https://example.org/p",
            "@id",
            "@type",
            "@graph",
            "@included",
            "@reverse",
            "@nest",
            "@language",
            "ex:p",
            "_:bp",
            "url",
            "targetUrl",
            "issuer",
            "validFrom",
            "@index",
            "credentialSubject",
            "endorsement",
            "proof",
            "@context",
        ];
        const TYPES: &[&str] = &[
            "Achievement",
            "Profile",
            "Image",
            "Alignment",
            "Result",
            "Evidence",
            "AchievementSubject",
            "EndorsementCredential",
            "UnknownType",
            "https://example.org/T",
            "_:t",
            "rel",
            "@json",
        ];

        fn leaf() -> impl Strategy<Value = Value> {
            prop_oneof![
                Just(Value::Null),
                any::<bool>().prop_map(Value::from),
                any::<i32>().prop_map(Value::from),
                (-1e6f64..1e6).prop_map(Value::from),
                prop::sample::select(vec![
                    "Alice",
                    "https://example.org/x",
                    "urn:uuid:1",
                    "_:b1",
                    "rel/x",
                    "did:key:z6",
                    "2024-01-01T00:00:00Z",
                    "@id",
                    "",
                    "line\nbreak",
                ])
                .prop_map(Value::from),
                Just(json!({"@value": "v", "@language": "en"})),
                Just(json!({"@value": 5, "@type": "http://www.w3.org/2001/XMLSchema#integer"})),
                Just(json!({"@list": ["a", 1]})),
                Just(json!({"@id": "https://example.org/ref"})),
                Just(json!({"@value": null})),
                Just(json!({"@set": ["a"]})),
                Just(json!({"@context": {"ex": "https://example.org/"}, "ex:q": 1})),
            ]
        }

        fn entry(value: BoxedStrategy<Value>) -> impl Strategy<Value = (String, Value)> {
            prop_oneof![
                3 => (prop::sample::select(KEYS), value).prop_map(|(k, v)| (k.to_string(), v)),
                1 => prop::sample::select(TYPES)
                    .prop_map(|t| ("type".to_string(), Value::from(t))),
                1 => prop::collection::vec(prop::sample::select(TYPES), 0..3)
                    .prop_map(|t| ("type".to_string(), json!(t))),
            ]
        }

        fn object(entries: Vec<(String, Value)>) -> Value {
            Value::Object(entries.into_iter().collect::<Map<String, Value>>())
        }

        fn value() -> BoxedStrategy<Value> {
            leaf()
                .prop_recursive(4, 48, 6, |inner| {
                    prop_oneof![
                        prop::collection::vec(inner.clone(), 0..3).prop_map(Value::Array),
                        prop::collection::vec(entry(inner), 0..6).prop_map(object),
                    ]
                })
                .boxed()
        }

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(256))]

            /// Generated credentials: the fast path and the general path agree on every
            /// quad, every blank node label and every error (with its JSON path).
            #[test]
            fn fast_path_equals_general_path_on_generated_credentials(
                top_type in prop::sample::select(TYPES),
                entries in prop::collection::vec(entry(value()), 0..8),
            ) {
                let mut doc = Map::new();
                doc.insert(
                    "@context".to_string(),
                    json!([
                        "https://www.w3.org/ns/credentials/v2",
                        "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
                    ]),
                );
                doc.insert("type".to_string(), json!(["VerifiableCredential", top_type]));
                doc.extend(entries);
                let doc = Value::Object(doc);
                let processor = processor();
                for options in [Options::default(), Options::default().with_base("https://example.org/base/")] {
                    if let Err(e) = same(&processor, &doc, &options) {
                        prop_assert!(false, "{}\n{}", doc, e);
                    }
                }
            }
        }
    }

    #[test]
    fn fast_path_declines_what_it_does_not_handle() {
        let processor = processor();
        let ctx = json!({
            "@vocab": "https://example.org/",
            "lang": {"@id": "https://example.org/lang", "@language": "en"},
            "list": {"@id": "https://example.org/list", "@container": "@list"},
            "rev": {"@reverse": "https://example.org/p"},
            "alias": "https://example.org/p",
            "ref": {"@id": "https://example.org/ref", "@type": "@id"},
            "num": {"@id": "https://example.org/num", "@type": "http://www.w3.org/2001/XMLSchema#double"}
        });
        let docs = [
            json!({"@context": ctx, "@type": "T", "lang": "hello", "p": ["a", {"@value": "b", "@language": "de"}]}),
            json!({"@context": ctx, "@type": "T", "list": [1, 2.5, true], "p": [[{"q": 1}], null]}),
            json!({"@context": ctx, "@type": "T", "rev": {"@id": "https://example.org/x"}}),
            json!({"@context": ctx, "@type": "T", "p": 1, "alias": 2}),
            json!({"@context": ctx, "@type": "T", "ref": "_:b", "num": 3, "p": {"ref": "rel"}}),
            json!({"@context": ctx, "@type": "T", "p": {"@id": "_:b", "q": {}}, "@graph": [{"@id": "https://example.org/g"}]}),
            json!({"@context": ctx, "@type": [], "p": 1}),
            json!({"@context": ctx, "p": {"@type": "T", "q": null}}),
            json!({"@context": ctx, "@type": "T", "p": {"@value": null}}),
            json!({"@context": ctx, "@type": "T", "p": {"undefined:x": 1, "@id": "rel"}}),
        ];
        for doc in &docs {
            if let Err(e) = same(&processor, doc, &Options::default()) {
                panic!("{doc}\n{e}");
            }
        }
    }

    #[test]
    fn plan_entries_keep_their_order_past_the_inline_ones() {
        let values: Vec<Value> = (0..20).map(Value::from).collect();
        let mut entries = super::Entries::new();
        for (i, value) in values.iter().enumerate() {
            entries.push(super::Entry {
                key: "k",
                value,
                iri: std::borrow::Cow::Owned(format!("https://example.org/{i}")),
                digest: 0,
                def: None,
            });
        }
        let seen: Vec<&Value> = entries.iter().map(|e| e.value).collect();
        assert_eq!(seen, values.iter().collect::<Vec<_>>());
    }

    #[test]
    fn graph_containers_stream_like_the_general_path() {
        let processor = processor();
        let ctx = json!({
            "@vocab": "https://example.org/",
            "g": {"@id": "https://example.org/g", "@container": "@graph"},
            "gs": {"@id": "https://example.org/gs", "@container": ["@graph", "@set"]},
            "gi": {"@id": "https://example.org/gi", "@container": ["@graph", "@id"]},
            "gt": {"@id": "https://example.org/gt", "@type": "@id", "@container": "@graph"},
            "gj": {"@id": "https://example.org/gj", "@type": "@json", "@container": "@graph"},
            "T": {"@id": "https://example.org/T", "@context": {"tp": "https://example.org/typed"}}
        });
        let strict = json!({
            "g": {"@id": "https://example.org/g", "@container": "@graph"},
            "p": "https://example.org/p"
        });
        let docs = [
            json!({"@context": ctx, "@type": "T", "g": {"@type": "U", "p": "v"}}),
            json!({"@context": ctx, "@type": "T", "g": {"@type": "T", "tp": 1, "p": {"tp": 2}}}),
            json!({"@context": ctx, "@type": "T", "g": [{"p": 1}, {"@id": "_:x", "p": {"q": 2}}, null, [{"p": 3}], "s", {"@value": "v"}], "p": {"@id": "_:x"}}),
            json!({"@context": ctx, "@type": "T", "gs": [{"p": 1}, {"p": 1}], "gi": {"https://example.org/a": {"p": 1}}}),
            json!({"@context": ctx, "@type": "T", "gt": ["https://example.org/r", "_:b", {"p": 1}, 5]}),
            json!({"@context": ctx, "@type": "T", "g": {"@graph": [{"p": 1}]}, "p": {"g": {"p": 2}}}),
            json!({"@context": ctx, "@type": "T", "g": {"@reverse": {"p": {"@id": "https://example.org/x"}}, "p": 1}}),
            json!({"@context": ctx, "@id": "_:s", "@type": "T", "g": [{"@id": "https://example.org/bad iri", "p": 1}, {}, {"@id": "_:s"}]}),
            json!({"@context": ctx, "@type": "T", "gj": {"a": [1, {"b": null}]}}),
            json!({"@context": ctx, "@type": "T", "g": {"p": {"g": {"p": {"g": [{"p": 1}, {"@list": [1]}]}}}}}),
            json!({"@context": ctx, "@type": "T", "g": {"@id": "https://example.org/n", "@type": ["A", "B", "C"], "g": null}}),
            json!({"@context": strict, "@id": "https://example.org/s", "g": [{"p": 1}, {"nope": 2}]}),
            json!({"@context": strict, "@id": "https://example.org/s", "g": {"@id": "rel", "p": 1}}),
            json!({"@context": strict, "@id": "https://example.org/s", "g": [{"p": 1}, "rel"]}),
        ];
        for doc in &docs {
            for options in [
                Options::default(),
                Options::default().with_base("https://example.org/base/"),
            ] {
                if let Err(e) = same(&processor, doc, &options) {
                    panic!("{doc}\n{e}");
                }
            }
        }
    }
}
