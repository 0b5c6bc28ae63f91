//! JSON-LD 1.1: context processing and expansion straight to RDF (toRdf), in safe mode.
//!
//! [`Processor`] holds a [`ContextLoader`] and a cache of compiled contexts: every context
//! (remote, embedded or scoped) is processed once per parent context and reused, across calls
//! and threads. [`Processor::to_rdf`] expands a document and serializes it as RDF quads;
//! [`Processor::to_rdf_into`] hands them to a [`crate::rdf::QuadSink`] as borrowed
//! terms instead (no owned quad is built), and [`Processor::to_rdf_members_into`] reads a
//! document given as its top-level members (a credential without its proof) in place.
//!
//! Safe mode ([`Options::safe_mode`], on by default) turns everything the JSON-LD algorithms
//! would silently drop or leave relative into an error naming the JSON path of the member:
//! undefined terms, relative IRIs, invalid `@type` values and value objects that yield no literal.
//!
//! ```
//! use openbadges::jsonld::{Options, Processor};
//! use serde_json::json;
//!
//! let processor = Processor::default();
//! let doc = json!({
//!     "@context": {"name": "https://schema.org/name"},
//!     "@id": "https://example.com/alice",
//!     "name": "Alice"
//! });
//! let quads = processor.to_rdf(&doc, &Options::default()).unwrap();
//! assert_eq!(quads.len(), 1);
//!
//! let bad = json!({"@context": {"name": "https://schema.org/name"}, "nmae": "Alice"});
//! let err = processor.to_rdf(&bad, &Options::default()).unwrap_err();
//! assert_eq!(err.path().to_string(), "$.nmae");
//! ```

mod context;
mod error;
mod expand;
pub mod iri;
mod loader;
mod members;
mod stream;
mod to_rdf;
mod trail;

use std::collections::HashMap;
use std::sync::{Arc, RwLock};

use serde_json::Value;

pub use error::{ErrorCode, JsonLdError, LoadError, SafeModeViolation};
pub use loader::{BundledLoader, ChainLoader, ContextLoader, MapLoader, RemoteDocument};
pub use to_rdf::{canonical_double, canonical_json};

use crate::document::MemberValue;
use crate::rdf::{Quad, QuadSink, Term};
use context::{CacheKey, Context, Source};
use trail::Trail;

/// Key of the initial-context cache: base IRI and processing mode.
type InitialKey = (Option<String>, ProcessingMode);

/// Maximum number of compiled contexts kept before the cache is reset.
const MAX_CACHED_CONTEXTS: usize = 4096;

/// The JSON-LD processing mode.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ProcessingMode {
    /// `json-ld-1.0`: 1.1 features are errors.
    JsonLd10,
    /// `json-ld-1.1` (the default).
    #[default]
    JsonLd11,
}

/// How `@direction` is represented in RDF.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum RdfDirection {
    /// A literal typed `https://www.w3.org/ns/i18n#{language}_{direction}` (what Digital
    /// Bazaar's Data Integrity cryptosuites use).
    I18nDatatype,
}

/// Options of one [`Processor::to_rdf`] / [`Processor::expand`] call.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct Options {
    /// The document's base IRI (relative `@id`s resolve against it); `None` leaves them relative.
    pub base: Option<String>,
    /// Refuse undefined terms, relative IRIs, invalid types and dropped values (default `true`).
    pub safe_mode: bool,
    /// How `@direction` becomes RDF; `None` (default) drops the direction.
    pub rdf_direction: Option<RdfDirection>,
    /// The processing mode (default JSON-LD 1.1).
    pub processing_mode: ProcessingMode,
    /// A context applied before the document's own (the API's `expandContext`).
    pub expand_context: Option<Value>,
    /// Allow blank-node predicates (generalized RDF); default `false`.
    pub produce_generalized_rdf: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            base: None,
            safe_mode: true,
            rdf_direction: None,
            processing_mode: ProcessingMode::JsonLd11,
            expand_context: None,
            produce_generalized_rdf: false,
        }
    }
}

impl Options {
    /// Sets the base IRI.
    #[must_use]
    pub fn with_base(mut self, base: impl Into<String>) -> Self {
        self.base = Some(base.into());
        self
    }

    /// Turns safe mode on or off.
    #[must_use]
    pub fn with_safe_mode(mut self, safe_mode: bool) -> Self {
        self.safe_mode = safe_mode;
        self
    }

    /// Sets the `rdfDirection` option.
    #[must_use]
    pub fn with_rdf_direction(mut self, direction: Option<RdfDirection>) -> Self {
        self.rdf_direction = direction;
        self
    }

    /// Sets the processing mode.
    #[must_use]
    pub fn with_processing_mode(mut self, mode: ProcessingMode) -> Self {
        self.processing_mode = mode;
        self
    }

    /// Sets the `expandContext` option (a context, or an object with an `@context`).
    #[must_use]
    pub fn with_expand_context(mut self, context: Value) -> Self {
        self.expand_context = Some(context);
        self
    }

    /// Allows or forbids generalized RDF (blank-node predicates).
    #[must_use]
    pub fn with_generalized_rdf(mut self, on: bool) -> Self {
        self.produce_generalized_rdf = on;
        self
    }
}

/// A JSON-LD processor: a context loader plus caches of loaded documents and compiled
/// contexts. Cheap to share (`Send + Sync`); keep one for the life of the program.
pub struct Processor {
    loader: Box<dyn ContextLoader>,
    documents: RwLock<HashMap<String, RemoteDocument>>,
    /// Compiled contexts, under a fast hasher seeded at random per process (looked up for
    /// every embedded and scoped context of every document).
    contexts: RwLock<HashMap<CacheKey, Arc<Context>, foldhash::fast::RandomState>>,
    initial: RwLock<HashMap<InitialKey, Arc<Context>, foldhash::fast::RandomState>>,
}

impl std::fmt::Debug for Processor {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Processor").finish_non_exhaustive()
    }
}

impl Default for Processor {
    /// A processor over the bundled contexts ([`BundledLoader`]).
    fn default() -> Self {
        Processor::new(BundledLoader)
    }
}

/// Per-call environment shared by the algorithms.
pub(crate) struct Env<'p> {
    processor: &'p Processor,
    options: &'p Options,
    /// Context-processing work spent so far (see `context::MAX_CONTEXT_WORK`).
    work: std::cell::Cell<usize>,
    /// The scoped contexts this call has applied.
    scoped: std::cell::RefCell<context::ScopedMemo>,
}

impl Processor {
    /// A processor that loads remote contexts through `loader`.
    pub fn new(loader: impl ContextLoader + 'static) -> Self {
        Processor {
            loader: Box::new(loader),
            documents: RwLock::new(HashMap::new()),
            contexts: RwLock::new(HashMap::default()),
            initial: RwLock::new(HashMap::default()),
        }
    }

    /// Expands `document` and converts it to RDF quads (the JSON-LD 1.1 toRdf algorithm).
    ///
    /// Duplicate quads are removed; the order is the order of first appearance. Blank node
    /// labels are `b0`, `b1`, ... in document order.
    ///
    /// # Errors
    /// [`JsonLdError`] with the JSON-LD error code (or safe-mode violation) and the JSON
    /// path of the offending member.
    pub fn to_rdf(&self, document: &Value, options: &Options) -> Result<Vec<Quad>, JsonLdError> {
        self.to_rdf_with(document, options, true)
    }

    /// Expands `document` and hands its RDF quads to `sink` one at a time, as borrowed terms
    /// (no owned [`Term`] is built unless the sink builds one): the streaming form of
    /// [`Processor::to_rdf`], for sinks that keep quads in their own storage.
    ///
    /// The quads arrive in the order [`Processor::to_rdf`] lists them, with the same blank
    /// node labels, but duplicates are NOT removed: the sink may receive the same quad more
    /// than once (an RDF dataset is a set; a sink that stores quads removes repeats).
    ///
    /// ```
    /// use openbadges::jsonld::{Options, Processor};
    /// use openbadges::rdf::{QuadSink, TermRef};
    /// use serde_json::json;
    ///
    /// /// Counts quads and literal bytes without storing anything.
    /// #[derive(Default)]
    /// struct Count(usize, usize);
    /// impl QuadSink for Count {
    ///     fn push_quad(&mut self, _: TermRef<'_>, _: TermRef<'_>, o: TermRef<'_>, _: Option<TermRef<'_>>) {
    ///         self.0 += 1;
    ///         if let TermRef::Literal { value, .. } = o {
    ///             self.1 += value.len();
    ///         }
    ///     }
    /// }
    ///
    /// let doc = json!({
    ///     "@context": {"name": "https://schema.org/name"},
    ///     "@id": "https://example.com/alice",
    ///     "name": ["Alice", "Alice"]
    /// });
    /// let mut count = Count::default();
    /// Processor::default().to_rdf_into(&doc, &Options::default(), &mut count)?;
    /// assert_eq!((count.0, count.1), (2, 10)); // the repeated quad arrives twice
    /// # Ok::<(), openbadges::jsonld::JsonLdError>(())
    /// ```
    ///
    /// # Errors
    /// As [`Processor::to_rdf`]. On error `sink` may already have received some quads of the
    /// document: discard them.
    pub fn to_rdf_into(
        &self,
        document: &Value,
        options: &Options,
        sink: &mut dyn QuadSink,
    ) -> Result<(), JsonLdError> {
        self.serialize(Top::Value(document), options, sink, true)
    }

    /// [`Processor::to_rdf`] of the JSON object whose members are `members` (name, value), in
    /// document order: for a document at hand member by member (a credential without its
    /// `proof`), with no object built by cloning them. Duplicate quads are removed.
    ///
    /// # Errors
    /// As [`Processor::to_rdf`].
    pub fn to_rdf_members(
        &self,
        members: &[(&str, &Value)],
        options: &Options,
    ) -> Result<Vec<Quad>, JsonLdError> {
        let estimate = members.iter().map(|(_, v)| estimate_quads(v)).sum();
        self.collect(Top::Members(members), estimate, options, true)
    }

    /// [`Processor::to_rdf_into`] of the JSON object whose members are `members` (name,
    /// value), in document order; the sink may receive duplicates. A repeated name is read
    /// as a JSON object reads it (the last value, at the first position).
    ///
    /// # Errors
    /// As [`Processor::to_rdf_into`].
    pub fn to_rdf_members_into(
        &self,
        members: &[(&str, &Value)],
        options: &Options,
        sink: &mut dyn QuadSink,
    ) -> Result<(), JsonLdError> {
        self.serialize(Top::Members(members), options, sink, true)
    }

    /// [`Processor::to_rdf_members_into`] of members read from a parsed
    /// [`Document`](crate::document::Document)'s tree ([`MemberValue::Node`]; a member may
    /// also be a [`MemberValue::Value`], such as a `@context` a proof supplies): ordinary
    /// node objects are read in place, with no `serde_json` value built (a subtree the fast
    /// path declines is converted to a value, that subtree alone). The same quads, labels and
    /// errors as [`Processor::to_rdf_members_into`] of the members' values.
    ///
    /// ```
    /// use openbadges::document::Document;
    /// use openbadges::jsonld::{Options, Processor};
    /// use openbadges::document::MemberValue;
    ///
    /// let doc = Document::from_str(
    ///     r#"{"@context": {"name": "https://schema.org/name"}, "@id": "https://example.com/a", "name": "A"}"#,
    /// )?;
    /// let members: Vec<_> = doc.root().members().map(|(k, v)| (k, MemberValue::Node(v))).collect();
    /// let mut quads = Vec::new();
    /// Processor::default().to_rdf_nodes_into(&members, &Options::default(), &mut quads)?;
    /// assert_eq!(quads.len(), 1);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    /// As [`Processor::to_rdf_into`].
    pub fn to_rdf_nodes_into(
        &self,
        members: &[(&str, MemberValue<'_>)],
        options: &Options,
        sink: &mut dyn QuadSink,
    ) -> Result<(), JsonLdError> {
        self.serialize(Top::Nodes(members), options, sink, true)
    }

    /// [`Processor::to_rdf`], with (`fast`) or without expansion straight to quads for
    /// ordinary node objects (the results are identical; tests compare them).
    pub(crate) fn to_rdf_with(
        &self,
        document: &Value,
        options: &Options,
        fast: bool,
    ) -> Result<Vec<Quad>, JsonLdError> {
        self.collect(
            Top::Value(document),
            estimate_quads(document),
            options,
            fast,
        )
    }

    /// The quads of `top` without repeats (room reserved for about `estimate` of them).
    fn collect(
        &self,
        top: Top<'_>,
        estimate: usize,
        options: &Options,
        fast: bool,
    ) -> Result<Vec<Quad>, JsonLdError> {
        let mut quads = Vec::with_capacity(estimate.min(MAX_ESTIMATE));
        self.serialize(top, options, &mut quads, fast)?;
        remove_duplicates(&mut quads);
        Ok(quads)
    }

    /// Expands `top` and hands its quads (duplicates included) to `sink`.
    fn serialize(
        &self,
        top: Top<'_>,
        options: &Options,
        sink: &mut dyn QuadSink,
        fast: bool,
    ) -> Result<(), JsonLdError> {
        let env = Env {
            processor: self,
            options,
            work: std::cell::Cell::new(0),
            scoped: std::cell::RefCell::default(),
        };
        let ctx = self.active_context(&env, options)?;
        let mut serializer =
            to_rdf::Serializer::new(sink, options.rdf_direction, options.produce_generalized_rdf);
        let mut trail = Trail::new();
        let base = ctx.base.clone();
        let graph = to_rdf::Graph::Default;
        // The fast path: the top-level map streamed straight to quads (`None`: declined).
        macro_rules! stream {
            ($map:expr) => {
                env.stream_node(
                    &ctx,
                    None,
                    $map,
                    base.as_ref(),
                    &mut trail,
                    &mut serializer,
                    &graph,
                )?
                .is_some()
            };
        }
        let streamed = match top {
            Top::Value(Value::Object(map)) if fast => stream!(map),
            Top::Members(members) if fast && distinct_names(members) => stream!(members),
            Top::Nodes(members) if fast && distinct_names(members) => stream!(members),
            _ => false,
        };
        if !streamed {
            let expanded = match top {
                Top::Value(document) => env.expand_document(&ctx, document)?,
                Top::Members(members) => env.expand_document(&ctx, &members_object(members))?,
                Top::Nodes(members) => env.expand_document(&ctx, &members_object(members))?,
            };
            serializer.document(&expanded);
        }
        Ok(())
    }

    /// Expands `document` (the JSON-LD 1.1 Expansion algorithm): the expanded array.
    ///
    /// # Errors
    /// As [`Processor::to_rdf`].
    pub fn expand(&self, document: &Value, options: &Options) -> Result<Vec<Value>, JsonLdError> {
        let env = Env {
            processor: self,
            options,
            work: std::cell::Cell::new(0),
            scoped: std::cell::RefCell::default(),
        };
        let ctx = self.active_context(&env, options)?;
        env.expand_document(&ctx, document)
    }

    /// The initial context, with the `expandContext` option applied.
    fn active_context(
        &self,
        env: &Env<'_>,
        options: &Options,
    ) -> Result<Arc<Context>, JsonLdError> {
        let mut ctx = self.initial_context(options);
        if let Some(expand_context) = &options.expand_context {
            let local = match expand_context {
                Value::Object(m) if m.contains_key("@context") => &m["@context"],
                other => other,
            };
            let trail = Trail::new();
            let base: Option<Arc<str>> = options.base.as_deref().map(Arc::from);
            ctx = env.apply_context(
                &ctx,
                local,
                Source::Expand(local.to_string()),
                base,
                false,
                true,
                &trail,
            )?;
        }
        Ok(ctx)
    }

    fn initial_context(&self, options: &Options) -> Arc<Context> {
        let key = (options.base.clone(), options.processing_mode);
        if let Ok(map) = self.initial.read()
            && let Some(ctx) = map.get(&key)
        {
            return Arc::clone(ctx);
        }
        let ctx = Arc::new(Context::initial(
            options.base.as_deref(),
            options.processing_mode,
        ));
        if let Ok(mut map) = self.initial.write() {
            if map.len() >= MAX_CACHED_CONTEXTS {
                map.clear();
            }
            map.insert(key, Arc::clone(&ctx));
        }
        ctx
    }

    pub(crate) fn cached_context(&self, key: &CacheKey) -> Option<Arc<Context>> {
        self.contexts.read().ok()?.get(key).cloned()
    }

    pub(crate) fn store_context(&self, key: CacheKey, ctx: Arc<Context>) {
        if let Ok(mut map) = self.contexts.write() {
            if map.len() >= MAX_CACHED_CONTEXTS {
                map.clear();
            }
            map.insert(key, ctx);
        }
    }

    fn load_document(&self, url: &str) -> Result<RemoteDocument, LoadError> {
        let key = url.split('#').next().unwrap_or(url);
        if let Ok(map) = self.documents.read()
            && let Some(doc) = map.get(key)
        {
            return Ok(doc.clone());
        }
        let doc = self.loader.load(key)?;
        if let Ok(mut map) = self.documents.write() {
            if map.len() >= MAX_CACHED_CONTEXTS {
                map.clear();
            }
            map.insert(key.to_string(), doc.clone());
        }
        Ok(doc)
    }
}

/// A document to serialize: a JSON value, or the members of a JSON object.
#[derive(Clone, Copy)]
enum Top<'a> {
    Value(&'a Value),
    Members(&'a [(&'a str, &'a Value)]),
    Nodes(&'a [(&'a str, MemberValue<'a>)]),
}

/// True when no name occurs twice in `members` (checked pairwise, so only for as many
/// members as the fast path takes; longer lists take the general path anyway).
fn distinct_names<V>(members: &[(&str, V)]) -> bool {
    members.len() <= stream::MAX_FAST_ENTRIES
        && members
            .iter()
            .enumerate()
            .all(|(i, (name, _))| members[..i].iter().all(|(other, _)| other != name))
}

/// The most quads [`estimate_quads`] reserves room for.
const MAX_ESTIMATE: usize = 4096;

/// About how many quads `document` yields (one per scalar, two per object), to size the
/// output once; looks at no more than a few thousand values.
fn estimate_quads(document: &Value) -> usize {
    const MAX: usize = MAX_ESTIMATE;
    let mut count = 0;
    let mut stack = vec![document];
    while let Some(v) = stack.pop() {
        if count >= MAX {
            break;
        }
        match v {
            Value::Array(items) => stack.extend(items.iter().take(MAX)),
            Value::Object(m) => {
                count += 2;
                stack.extend(m.values().take(MAX));
            }
            Value::Null => {}
            _ => count += 1,
        }
    }
    count.min(MAX)
}

/// Removes repeated quads, keeping first appearances in order. Quads are sorted by a cheap
/// fingerprint (no hashing of attacker-chosen strings; equal quads have equal fingerprints),
/// and only runs of equal fingerprints are compared quad by quad.
fn remove_duplicates(quads: &mut Vec<Quad>) {
    let mut keys: Vec<([u64; 3], usize)> = quads
        .iter()
        .enumerate()
        .map(|(i, q)| {
            (
                [
                    fingerprint(&q.subject),
                    fingerprint(&q.predicate),
                    fingerprint(&q.object),
                ],
                i,
            )
        })
        .collect();
    keys.sort_unstable();
    let mut keep: Option<Vec<bool>> = None;
    let mut run: Vec<usize> = Vec::new();
    for group in keys.chunk_by(|a, b| a.0 == b.0) {
        if group.len() < 2 {
            continue;
        }
        run.clear();
        run.extend(group.iter().map(|k| k.1));
        // Equal quads end up adjacent, the first appearance first.
        run.sort_unstable_by(|&a, &b| quads[a].cmp(&quads[b]).then(a.cmp(&b)));
        for pair in run.windows(2) {
            if quads[pair[0]] == quads[pair[1]] {
                keep.get_or_insert_with(|| vec![true; quads.len()])[pair[1]] = false;
            }
        }
    }
    if let Some(keep) = keep {
        let mut index = 0;
        quads.retain(|_| {
            index += 1;
            keep[index - 1]
        });
    }
}

/// A cheap sort key of a term for duplicate removal: its kind, length and last bytes (IRIs
/// of one document mostly differ at the end). Equal terms have equal fingerprints.
fn fingerprint(term: &Term) -> u64 {
    let (kind, text) = match term {
        Term::Iri(s) => (0u64, s.as_str()),
        Term::Blank(s) => (1, s.as_str()),
        Term::Literal(l) => (2, l.value.as_str()),
    };
    let bytes = text.as_bytes();
    let mut key = (kind << 14) | (bytes.len() as u64 & 0x3fff);
    for &b in &bytes[bytes.len().saturating_sub(6)..] {
        key = (key << 8) | u64::from(b);
    }
    key
}

impl Env<'_> {
    pub(crate) fn load(&self, url: &str, trail: &Trail<'_>) -> Result<RemoteDocument, JsonLdError> {
        self.processor
            .load_document(url)
            .map_err(|source| JsonLdError::Load {
                path: trail.to_path(),
                source,
            })
    }
}

/// The JSON object whose members are `members` (for the general algorithm, when the fast
/// path declines a document given member by member): each member is copied once, and a
/// document's tree node converts only its own subtree.
fn members_object<'a, V: members::JsonValue<'a>>(members: &[(&str, V)]) -> Value {
    Value::Object(
        members
            .iter()
            .map(|(name, value)| ((*name).to_owned(), value.to_cow().into_owned()))
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn duplicate_quads_are_removed_keeping_first_appearances() {
        let doc = serde_json::json!({
            "@id": "https://example.com/a",
            "https://example.com/p": ["y", "x", "y", {"@id": "https://example.com/b"}, "x"],
            "https://example.com/q": [{"@id": "https://example.com/b"}, {"@id": "https://example.com/b"}]
        });
        let quads = Processor::default()
            .to_rdf(&doc, &Options::default())
            .expect("to_rdf");
        let objects: Vec<String> = quads.iter().map(|q| q.object.to_string()).collect();
        assert_eq!(
            objects,
            [
                "\"y\"",
                "\"x\"",
                "<https://example.com/b>",
                "<https://example.com/b>"
            ]
        );
        assert_eq!(
            quads[2].predicate,
            Term::Iri("https://example.com/p".into())
        );
        assert_eq!(
            quads[3].predicate,
            Term::Iri("https://example.com/q".into())
        );
    }

    #[test]
    fn processor_is_send_sync() {
        fn check<T: Send + Sync>() {}
        check::<Processor>();
    }
}
