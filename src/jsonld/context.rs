//! Active contexts, term definitions, and the Context Processing / Create Term Definition /
//! IRI Expansion algorithms of JSON-LD 1.1.

use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, OnceLock};

use serde_json::{Map, Value};

use super::error::{ErrorCode, JsonLdError};
use super::iri;
use super::trail::Trail;
use super::{Env, ProcessingMode};

/// Maximum number of remote contexts in one chain of context references.
pub(crate) const MAX_REMOTE_CONTEXTS: usize = 32;
/// Maximum nesting of context processing (scoped contexts inside scoped contexts, imports).
pub(crate) const MAX_CONTEXT_DEPTH: usize = 64;
/// Work budget of context processing in one call (term definitions plus copied terms): the
/// bound that keeps hostile inline contexts (thousands of scoped terms) from going quadratic.
pub(crate) const MAX_CONTEXT_WORK: usize = 1_000_000;

static NEXT_ID: AtomicU64 = AtomicU64::new(1);

pub(crate) fn next_id() -> u64 {
    NEXT_ID.fetch_add(1, Ordering::Relaxed)
}

/// `@direction` values.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) enum Direction {
    Ltr,
    Rtl,
}

impl Direction {
    pub(crate) fn parse(s: &str) -> Option<Self> {
        match s {
            "ltr" => Some(Direction::Ltr),
            "rtl" => Some(Direction::Rtl),
            _ => None,
        }
    }

    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Direction::Ltr => "ltr",
            Direction::Rtl => "rtl",
        }
    }
}

/// Container mapping flags.
pub(crate) mod container {
    pub const LIST: u8 = 1;
    pub const SET: u8 = 2;
    pub const INDEX: u8 = 4;
    pub const LANGUAGE: u8 = 8;
    pub const ID: u8 = 16;
    pub const TYPE: u8 = 32;
    pub const GRAPH: u8 = 64;
}

/// A scoped context attached to a term definition, with a unique key for the cache.
#[derive(Clone, Debug)]
pub(crate) struct ScopedContext {
    pub value: Arc<Value>,
    pub key: u64,
}

/// One term definition.
#[derive(Clone, Debug, Default)]
pub(crate) struct TermDef {
    pub iri: Option<String>,
    pub prefix: bool,
    pub protected: bool,
    pub reverse: bool,
    pub base_url: Option<Arc<str>>,
    pub context: Option<ScopedContext>,
    pub container: u8,
    pub direction: Option<Option<Direction>>,
    pub index: Option<String>,
    pub language: Option<Option<String>>,
    pub nest: Option<String>,
    pub type_mapping: Option<String>,
    /// `iri` is a well-formed absolute IRI (computed once, when the definition is stored).
    pub iri_well_formed: bool,
    /// Which keyword `iri` is, if any (computed once, when the definition is stored).
    pub iri_kind: KeyKind,
    /// `type_mapping` is `@json` or a well-formed IRI: a datatype that needs no check per
    /// literal (computed once, when the definition is stored).
    pub type_well_formed: bool,
}

impl TermDef {
    /// Equal apart from the `protected` flag (the protected-redefinition comparison).
    fn same_as(&self, other: &TermDef) -> bool {
        self.iri == other.iri
            && self.prefix == other.prefix
            && self.reverse == other.reverse
            && self.container == other.container
            && self.direction == other.direction
            && self.index == other.index
            && self.language == other.language
            && self.nest == other.nest
            && self.type_mapping == other.type_mapping
            && match (&self.context, &other.context) {
                (None, None) => true,
                (Some(a), Some(b)) => a.value == b.value,
                _ => false,
            }
    }

    pub(crate) fn has(&self, flag: u8) -> bool {
        self.container & flag != 0
    }
}

/// An active context.
#[derive(Clone, Debug)]
pub(crate) struct Context {
    pub id: u64,
    pub base: Option<Arc<str>>,
    pub original_base: Option<Arc<str>>,
    pub vocab: Option<String>,
    pub language: Option<String>,
    pub direction: Option<Direction>,
    /// Term definitions, under a fast hasher seeded at random per process (looked up for every
    /// key and value of a document; SipHash was a fifth of the expansion time).
    pub terms: HashMap<String, Arc<TermDef>, foldhash::fast::RandomState>,
    pub previous: Option<Arc<Context>>,
    pub mode: ProcessingMode,
    /// The terms whose IRI mapping is a keyword (`"id": "@id"`), computed on first use of a
    /// finished context (reset whenever a context is derived from this one).
    pub aliases: OnceLock<Aliases>,
}

/// What a map key expands to, for the steps of expansion that look for the keywords
/// `@id`, `@type` and `@value` among a map's keys.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) enum KeyKind {
    /// `@id` or an alias of it.
    Id,
    /// `@type` or an alias of it.
    Type,
    /// `@value` or an alias of it.
    Value,
    /// Another keyword or an alias of one.
    OtherKeyword,
    /// Anything else (a term, a compact or absolute IRI, an unknown key).
    #[default]
    NotKeyword,
}

impl KeyKind {
    /// The kind of `s` when it is a keyword itself.
    pub(crate) fn of_keyword(s: &str) -> Self {
        match s {
            "@id" => KeyKind::Id,
            "@type" => KeyKind::Type,
            "@value" => KeyKind::Value,
            other if is_keyword(other) => KeyKind::OtherKeyword,
            _ => KeyKind::NotKeyword,
        }
    }
}

/// The keyword aliases of a context, sorted by term, with a filter of their lengths and
/// first bytes.
#[derive(Clone, Debug, Default)]
pub(crate) struct Aliases {
    /// The [`filter_bit`]s of the aliases: a key whose bit is not set is no alias.
    filter: u64,
    /// Each alias with the packed form of its first eight bytes ([`pack`]).
    list: Vec<(String, u64, KeyKind)>,
}

/// One bit of 64 chosen by the length and first byte of `key`: most keys that are no alias
/// differ from every alias in one or the other.
fn filter_bit(key: &str) -> u64 {
    let first = key.as_bytes().first().copied().unwrap_or(0);
    1 << (key.len().wrapping_mul(31).wrapping_add(usize::from(first)) & 63)
}

/// The first eight bytes of `s` as one number (zero-padded): equal strings of up to eight
/// bytes have equal packed forms and equal lengths, and conversely.
fn pack(s: &str) -> u64 {
    s.bytes()
        .take(8)
        .enumerate()
        .fold(0, |packed, (i, b)| packed | u64::from(b) << (8 * i))
}

impl Aliases {
    fn of(terms: &HashMap<String, Arc<TermDef>, foldhash::fast::RandomState>) -> Self {
        let mut list: Vec<(String, u64, KeyKind)> = terms
            .iter()
            .filter_map(|(term, def)| {
                let iri = def.iri.as_deref()?;
                is_keyword(iri).then(|| (term.clone(), pack(term), KeyKind::of_keyword(iri)))
            })
            .collect();
        list.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        let filter = list
            .iter()
            .fold(0u64, |bits, (term, ..)| bits | filter_bit(term));
        Aliases { filter, list }
    }

    /// What the alias `key` stands for (`NotKeyword` when it is no alias).
    fn find(&self, key: &str) -> KeyKind {
        let list = &self.list;
        let found = if list.len() <= 8 {
            // A few aliases (`id`, `type`): compare lengths and first eight bytes as numbers,
            // then the rest of longer ones.
            let packed = pack(key);
            list.iter()
                .find(|(term, p, _)| {
                    term.len() == key.len() && *p == packed && (key.len() <= 8 || term == key)
                })
                .map(|(.., kind)| *kind)
        } else {
            list.binary_search_by(|(term, ..)| term.as_str().cmp(key))
                .ok()
                .map(|i| list[i].2)
        };
        found.unwrap_or(KeyKind::NotKeyword)
    }
}

impl Context {
    pub(crate) fn initial(base: Option<&str>, mode: ProcessingMode) -> Self {
        let base: Option<Arc<str>> = base.map(Arc::from);
        Context {
            id: next_id(),
            original_base: base.clone(),
            base,
            vocab: None,
            language: None,
            direction: None,
            terms: HashMap::default(),
            aliases: OnceLock::new(),
            previous: None,
            mode,
        }
    }

    pub(crate) fn term(&self, term: &str) -> Option<&Arc<TermDef>> {
        self.terms.get(term)
    }

    /// The keyword `key` expands to as a map key (IRI expansion with `vocab` on, not
    /// document-relative), if any: `key` itself when it is a keyword, or the keyword its term
    /// maps to. Every other expansion (compact IRI, vocabulary or absolute IRI) contains a
    /// `:` or is not keyword-shaped, so it never yields a keyword.
    #[inline(always)]
    pub(crate) fn key_kind(&self, key: &str) -> KeyKind {
        // Most keys are no alias, and one bit test (inline) rejects them.
        if !key.starts_with('@')
            && let Some(aliases) = self.aliases.get()
            && aliases.filter & filter_bit(key) == 0
        {
            return KeyKind::NotKeyword;
        }
        self.key_kind_slow(key)
    }

    /// [`Context::key_kind`] of a keyword-shaped key, or of one as long as some alias.
    #[inline(never)]
    fn key_kind_slow(&self, key: &str) -> KeyKind {
        if key.starts_with('@') {
            return KeyKind::of_keyword(key);
        }
        let aliases = match self.aliases.get() {
            Some(aliases) => aliases,
            None => self.init_aliases(),
        };
        if aliases.filter & filter_bit(key) == 0 {
            return KeyKind::NotKeyword;
        }
        aliases.find(key)
    }

    /// The keyword aliases, computed on first use.
    #[cold]
    fn init_aliases(&self) -> &Aliases {
        self.aliases.get_or_init(|| Aliases::of(&self.terms))
    }
}

/// The JSON-LD keywords (framing keywords excluded).
pub(crate) fn is_keyword(s: &str) -> bool {
    s.starts_with('@')
        && matches!(
            s,
            "@base"
                | "@container"
                | "@context"
                | "@direction"
                | "@graph"
                | "@id"
                | "@import"
                | "@included"
                | "@index"
                | "@json"
                | "@language"
                | "@list"
                | "@nest"
                | "@none"
                | "@prefix"
                | "@propagate"
                | "@protected"
                | "@reverse"
                | "@set"
                | "@type"
                | "@value"
                | "@version"
                | "@vocab"
        )
}

/// IRI expansion against a finished active context. `None` is JSON-LD's null.
pub(crate) fn expand_iri<'v>(
    ctx: &'v Context,
    value: &'v str,
    document_relative: bool,
    vocab: bool,
) -> Option<Cow<'v, str>> {
    if is_keyword(value) {
        return Some(Cow::Borrowed(value));
    }
    if iri::has_keyword_form(value) {
        return None;
    }
    expand_iri_defined(
        ctx,
        value,
        ctx.terms.get(value).map(|d| &**d),
        document_relative,
        vocab,
    )
}

/// [`expand_iri`] of a `value` that is neither a keyword nor keyword-shaped, given its term
/// definition in `ctx` (`def`, looked up by the caller, who often needs it too).
pub(crate) fn expand_iri_defined<'v>(
    ctx: &'v Context,
    value: &'v str,
    def: Option<&'v TermDef>,
    document_relative: bool,
    vocab: bool,
) -> Option<Cow<'v, str>> {
    if let Some(def) = def {
        if let Some(i) = &def.iri
            && is_keyword(i)
        {
            return Some(Cow::Borrowed(i.as_str()));
        }
        if vocab {
            return def.iri.as_deref().map(Cow::Borrowed);
        }
    }
    if let Some(pos) = value.get(1..).and_then(|s| s.find(':')).map(|p| p + 1) {
        let (prefix, suffix) = (&value[..pos], &value[pos + 1..]);
        if prefix == "_" || suffix.starts_with("//") {
            return Some(Cow::Borrowed(value));
        }
        if let Some(def) = ctx.terms.get(prefix)
            && def.prefix
            && let Some(i) = &def.iri
        {
            let mut out = String::with_capacity(i.len() + suffix.len());
            out.push_str(i);
            out.push_str(suffix);
            return Some(Cow::Owned(out));
        }
        if iri::is_absolute(value) {
            return Some(Cow::Borrowed(value));
        }
    }
    if vocab && let Some(v) = &ctx.vocab {
        let mut out = String::with_capacity(v.len() + value.len());
        out.push_str(v);
        out.push_str(value);
        return Some(Cow::Owned(out));
    }
    if document_relative && let Some(base) = &ctx.base {
        return Some(Cow::Owned(iri::resolve(value, base)));
    }
    Some(Cow::Borrowed(value))
}

fn err(code: ErrorCode, trail: &Trail<'_>) -> JsonLdError {
    JsonLdError::Spec {
        code,
        path: trail.to_path(),
    }
}

/// Where a local context came from, for the compiled-context cache.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub(crate) enum Source {
    /// A context value written in the document (serialized), with the base URL in force.
    Inline(String, Option<Arc<str>>),
    /// A term definition's scoped context.
    Scoped(u64),
    /// The `expandContext` option.
    Expand(String),
}

/// The key text of an inline context: `local.to_string()`, the JSON text `serde_json`
/// writes, built directly (no formatter) for the usual inline context, a URL or an array of
/// URLs with no character to escape.
pub(crate) fn inline_key(local: &Value) -> String {
    /// `s` is written as it is between quotes (`serde_json` escapes controls, `"` and `\`).
    fn plain(s: &str) -> bool {
        s.bytes().all(|b| b >= 0x20 && b != b'"' && b != b'\\')
    }
    match local {
        Value::String(s) if plain(s) => {
            let mut out = String::with_capacity(s.len() + 2);
            out.push('"');
            out.push_str(s);
            out.push('"');
            out
        }
        Value::Array(items) if items.iter().all(|i| i.as_str().is_some_and(plain)) => {
            let len: usize = items
                .iter()
                .map(|i| i.as_str().map_or(0, str::len) + 3)
                .sum();
            let mut out = String::with_capacity(len + 2);
            out.push('[');
            for (n, item) in items.iter().filter_map(Value::as_str).enumerate() {
                if n > 0 {
                    out.push(',');
                }
                out.push('"');
                out.push_str(item);
                out.push('"');
            }
            out.push(']');
            out
        }
        other => other.to_string(),
    }
}

/// Cache key: parent context, source, flags.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub(crate) struct CacheKey {
    pub parent: u64,
    pub source: Source,
    pub override_protected: bool,
    pub propagate: bool,
}

/// Key of [`ScopedMemo`]: what [`CacheKey`] holds for a scoped context.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct ScopedKey {
    parent: u64,
    scoped: u64,
    override_protected: bool,
    propagate: bool,
}

/// Slots of [`ScopedMemo`] (a power of two).
const MEMO_SLOTS: usize = 32;

/// The scoped contexts one call has applied, in front of the processor's cache: the same
/// results without locking, hashing a [`CacheKey`] or touching shared memory. A fixed
/// number of slots, each holding the last context that hashed to it (a collision replaces
/// the older entry), so a document with many scoped contexts costs no more memory.
#[derive(Default)]
pub(crate) struct ScopedMemo {
    slots: [Option<(ScopedKey, Arc<Context>)>; MEMO_SLOTS],
}

impl ScopedMemo {
    fn slot(key: &ScopedKey) -> usize {
        let mixed = key.parent.wrapping_mul(0x9e37_79b9_7f4a_7c15)
            ^ key.scoped.wrapping_mul(0xc2b2_ae3d_27d4_eb4f)
            ^ (u64::from(key.override_protected) << 1 | u64::from(key.propagate));
        // The top bits of the product mix every bit of the ids.
        (mixed >> (64 - MEMO_SLOTS.trailing_zeros())) as usize
    }

    fn get(&self, key: &ScopedKey) -> Option<Arc<Context>> {
        match &self.slots[Self::slot(key)] {
            Some((k, ctx)) if k == key => Some(Arc::clone(ctx)),
            _ => None,
        }
    }

    fn put(&mut self, key: ScopedKey, ctx: Arc<Context>) {
        self.slots[Self::slot(&key)] = Some((key, ctx));
    }
}

/// State threaded through one Context Processing invocation.
pub(crate) struct Call<'t> {
    pub base_url: Option<Arc<str>>,
    pub remote: Vec<String>,
    pub override_protected: bool,
    pub propagate: bool,
    pub validate_scoped: bool,
    pub depth: usize,
    pub trail: &'t Trail<'t>,
}

impl Env<'_> {
    fn charge(&self, units: usize, trail: &Trail<'_>) -> Result<(), JsonLdError> {
        let spent = self.work.get().saturating_add(units);
        self.work.set(spent);
        if spent > MAX_CONTEXT_WORK {
            return Err(JsonLdError::Limit {
                limit: MAX_CONTEXT_WORK,
                path: trail.to_path(),
            });
        }
        Ok(())
    }

    /// `active` with the scoped context of `def` applied (property-, type- or
    /// index-scoped), or `active` itself when the term has none.
    pub(crate) fn apply_scoped(
        &self,
        active: &Arc<Context>,
        def: Option<&TermDef>,
        override_protected: bool,
        propagate: bool,
        trail: &Trail<'_>,
    ) -> Result<Arc<Context>, JsonLdError> {
        match def {
            Some(def) => self.scoped_context(active, def, override_protected, propagate, trail),
            None => Ok(Arc::clone(active)),
        }
    }

    /// `active` with the scoped context of `def` applied: from this call's memo, else from
    /// the processor's cache (or compiled and cached there), then remembered in the memo.
    fn scoped_context(
        &self,
        active: &Arc<Context>,
        def: &TermDef,
        override_protected: bool,
        propagate: bool,
        trail: &Trail<'_>,
    ) -> Result<Arc<Context>, JsonLdError> {
        let Some(scoped) = &def.context else {
            return Ok(Arc::clone(active));
        };
        let key = ScopedKey {
            parent: active.id,
            scoped: scoped.key,
            override_protected,
            propagate,
        };
        if let Some(hit) = self.scoped.borrow().get(&key) {
            return Ok(hit);
        }
        let ctx = self.apply_context(
            active,
            &scoped.value,
            Source::Scoped(scoped.key),
            def.base_url.clone(),
            override_protected,
            propagate,
            trail,
        )?;
        self.scoped.borrow_mut().put(key, Arc::clone(&ctx));
        Ok(ctx)
    }

    /// Context processing with caching: the entry point for expansion.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn apply_context(
        &self,
        active: &Arc<Context>,
        local: &Value,
        source: Source,
        base_url: Option<Arc<str>>,
        override_protected: bool,
        propagate: bool,
        trail: &Trail<'_>,
    ) -> Result<Arc<Context>, JsonLdError> {
        let key = CacheKey {
            parent: active.id,
            source,
            override_protected,
            propagate,
        };
        if let Some(hit) = self.processor.cached_context(&key) {
            return Ok(hit);
        }
        let call = Call {
            base_url,
            remote: Vec::new(),
            override_protected,
            propagate,
            validate_scoped: true,
            depth: 0,
            trail,
        };
        let result = self.process_context(active, local, call)?;
        self.processor.store_context(key, Arc::clone(&result));
        Ok(result)
    }

    /// The Context Processing algorithm.
    pub(crate) fn process_context(
        &self,
        active: &Arc<Context>,
        local: &Value,
        call: Call<'_>,
    ) -> Result<Arc<Context>, JsonLdError> {
        let trail = call.trail;
        if call.depth > MAX_CONTEXT_DEPTH {
            return Err(JsonLdError::Limit {
                limit: MAX_CONTEXT_DEPTH,
                path: trail.to_path(),
            });
        }
        self.charge(active.terms.len() + 1, trail)?;
        let mut propagate = call.propagate;
        if let Value::Object(m) = local
            && let Some(p) = m.get("@propagate")
        {
            propagate = p
                .as_bool()
                .ok_or_else(|| err(ErrorCode::InvalidPropagateValue, trail))?;
        }
        let mut result: Context = (**active).clone();
        result.aliases = OnceLock::new();
        result.id = next_id();
        if !propagate && result.previous.is_none() {
            result.previous = Some(Arc::clone(active));
        }
        let items: &[Value] = match local {
            Value::Array(a) => a,
            other => std::slice::from_ref(other),
        };
        for item in items {
            match item {
                Value::Null => {
                    if !call.override_protected && result.terms.values().any(|d| d.protected) {
                        return Err(err(ErrorCode::InvalidContextNullification, trail));
                    }
                    let previous = result.clone();
                    let mut fresh = Context::initial(None, active.mode);
                    fresh.base = active.original_base.clone();
                    fresh.original_base = active.original_base.clone();
                    if !propagate {
                        fresh.previous = Some(Arc::new(previous));
                    }
                    result = fresh;
                }
                Value::String(reference) => {
                    let url = match &call.base_url {
                        Some(b) => iri::resolve(reference, b),
                        None => reference.clone(),
                    };
                    if !call.validate_scoped && call.remote.contains(&url) {
                        continue;
                    }
                    if call.remote.len() >= MAX_REMOTE_CONTEXTS {
                        return Err(err(ErrorCode::ContextOverflow, trail));
                    }
                    let mut remote = call.remote.clone();
                    remote.push(url.clone());
                    let doc = self.load(&url, trail)?;
                    let loaded = match doc.document.as_object().and_then(|m| m.get("@context")) {
                        Some(c) => c,
                        None => return Err(err(ErrorCode::InvalidRemoteContext, trail)),
                    };
                    let inner = Call {
                        base_url: Some(Arc::from(doc.url.as_str())),
                        remote,
                        override_protected: call.override_protected,
                        propagate: true,
                        validate_scoped: call.validate_scoped,
                        depth: call.depth + 1,
                        trail,
                    };
                    let parent = Arc::new(result);
                    let processed = self.process_context(&parent, loaded, inner)?;
                    result = Arc::unwrap_or_clone(processed);
                }
                Value::Object(def) => {
                    self.apply_definition(&mut result, def, &call)?;
                }
                _ => return Err(err(ErrorCode::InvalidLocalContext, trail)),
            }
        }
        result.aliases = OnceLock::new();
        Ok(Arc::new(result))
    }

    fn apply_definition(
        &self,
        result: &mut Context,
        def: &Map<String, Value>,
        call: &Call<'_>,
    ) -> Result<(), JsonLdError> {
        let trail = call.trail;
        let mode = result.mode;
        if let Some(v) = def.get("@version") {
            if v.as_f64() != Some(1.1) {
                return Err(err(ErrorCode::InvalidVersionValue, trail));
            }
            if mode == ProcessingMode::JsonLd10 {
                return Err(err(ErrorCode::ProcessingModeConflict, trail));
            }
        }
        let merged;
        let def = if let Some(import) = def.get("@import") {
            if mode == ProcessingMode::JsonLd10 {
                return Err(err(ErrorCode::InvalidContextEntry, trail));
            }
            let reference = import
                .as_str()
                .ok_or_else(|| err(ErrorCode::InvalidImportValue, trail))?;
            let url = match &call.base_url {
                Some(b) => iri::resolve(reference, b),
                None => reference.to_string(),
            };
            let doc = self.load(&url, trail)?;
            let imported = match doc.document.as_object().and_then(|m| m.get("@context")) {
                Some(Value::Object(m)) => m,
                _ => return Err(err(ErrorCode::InvalidRemoteContext, trail)),
            };
            if imported.contains_key("@import") {
                return Err(err(ErrorCode::InvalidContextEntry, trail));
            }
            let mut m = imported.clone();
            for (k, v) in def {
                if k != "@import" {
                    m.insert(k.clone(), v.clone());
                }
            }
            merged = m;
            &merged
        } else {
            def
        };
        if let Some(v) = def.get("@base")
            && call.remote.is_empty()
        {
            match v {
                Value::Null => result.base = None,
                Value::String(s) if iri::is_absolute(s) => {
                    result.base = Some(Arc::from(s.as_str()))
                }
                Value::String(s) => match &result.base {
                    Some(b) => result.base = Some(Arc::from(iri::resolve(s, b))),
                    None => return Err(err(ErrorCode::InvalidBaseIri, trail)),
                },
                _ => return Err(err(ErrorCode::InvalidBaseIri, trail)),
            }
        }
        if let Some(v) = def.get("@vocab") {
            match v {
                Value::Null => result.vocab = None,
                Value::String(s) => {
                    if mode == ProcessingMode::JsonLd10 && !iri::is_absolute(s) && !iri::is_blank(s)
                    {
                        return Err(err(ErrorCode::InvalidVocabMapping, trail));
                    }
                    let expanded = expand_iri(result, s, true, true)
                        .ok_or_else(|| err(ErrorCode::InvalidVocabMapping, trail))?;
                    result.vocab = Some(expanded.into_owned());
                }
                _ => return Err(err(ErrorCode::InvalidVocabMapping, trail)),
            }
        }
        if let Some(v) = def.get("@language") {
            match v {
                Value::Null => result.language = None,
                Value::String(s) => result.language = Some(s.clone()),
                _ => return Err(err(ErrorCode::InvalidDefaultLanguage, trail)),
            }
        }
        if let Some(v) = def.get("@direction") {
            if mode == ProcessingMode::JsonLd10 {
                return Err(err(ErrorCode::InvalidContextEntry, trail));
            }
            match v {
                Value::Null => result.direction = None,
                Value::String(s) => {
                    result.direction = Some(
                        Direction::parse(s)
                            .ok_or_else(|| err(ErrorCode::InvalidBaseDirection, trail))?,
                    )
                }
                _ => return Err(err(ErrorCode::InvalidBaseDirection, trail)),
            }
        }
        if let Some(v) = def.get("@propagate") {
            if mode == ProcessingMode::JsonLd10 {
                return Err(err(ErrorCode::InvalidContextEntry, trail));
            }
            if !v.is_boolean() {
                return Err(err(ErrorCode::InvalidPropagateValue, trail));
            }
        }
        let protected = match def.get("@protected") {
            None => false,
            Some(Value::Bool(b)) => *b,
            Some(_) => return Err(err(ErrorCode::InvalidContextEntry, trail)),
        };
        let mut defined: HashMap<&str, bool> = HashMap::new();
        for key in def.keys() {
            if matches!(
                key.as_str(),
                "@base"
                    | "@direction"
                    | "@import"
                    | "@language"
                    | "@propagate"
                    | "@protected"
                    | "@version"
                    | "@vocab"
            ) {
                continue;
            }
            self.define_term(result, def, key, &mut defined, protected, call)?;
        }
        Ok(())
    }

    /// IRI expansion while a context is being built (may define terms of `local` on demand).
    #[allow(clippy::too_many_arguments)]
    fn expand_iri_defining<'l>(
        &self,
        result: &mut Context,
        local: &'l Map<String, Value>,
        defined: &mut HashMap<&'l str, bool>,
        value: &str,
        document_relative: bool,
        vocab: bool,
        protected: bool,
        call: &Call<'_>,
    ) -> Result<Option<String>, JsonLdError> {
        if is_keyword(value) {
            return Ok(Some(value.to_string()));
        }
        if iri::has_keyword_form(value) {
            return Ok(None);
        }
        // Safe by construction: the keys borrowed in `defined` come from `local`.
        if let Some((k, _)) = local.get_key_value(value)
            && defined.get(k.as_str()) != Some(&true)
        {
            self.define_term_borrowed(result, local, k, defined, protected, call)?;
        }
        if let Some(pos) = value.get(1..).and_then(|s| s.find(':')).map(|p| p + 1) {
            let (prefix, suffix) = (&value[..pos], &value[pos + 1..]);
            if prefix != "_"
                && !suffix.starts_with("//")
                && let Some((k, _)) = local.get_key_value(prefix)
                && defined.get(k.as_str()) != Some(&true)
            {
                self.define_term_borrowed(result, local, k, defined, protected, call)?;
            }
        }
        Ok(expand_iri(result, value, document_relative, vocab).map(Cow::into_owned))
    }

    fn define_term<'l>(
        &self,
        result: &mut Context,
        local: &'l Map<String, Value>,
        term: &'l str,
        defined: &mut HashMap<&'l str, bool>,
        protected: bool,
        call: &Call<'_>,
    ) -> Result<(), JsonLdError> {
        self.define_term_borrowed(result, local, term, defined, protected, call)
    }

    /// The Create Term Definition algorithm.
    #[allow(clippy::too_many_lines)]
    fn define_term_borrowed<'l>(
        &self,
        result: &mut Context,
        local: &'l Map<String, Value>,
        term: &'l str,
        defined: &mut HashMap<&'l str, bool>,
        protected_default: bool,
        call: &Call<'_>,
    ) -> Result<(), JsonLdError> {
        let trail = call.trail;
        let e = |code| err(code, trail);
        match defined.get(term) {
            Some(true) => return Ok(()),
            Some(false) => return Err(e(ErrorCode::CyclicIriMapping)),
            None => {}
        }
        if term.is_empty() {
            return Err(e(ErrorCode::InvalidTermDefinition));
        }
        defined.insert(term, false);
        self.charge(1, trail)?;
        let Some(raw) = local.get(term) else {
            return Ok(());
        };
        let mode = result.mode;
        if term == "@type" {
            let ok = mode == ProcessingMode::JsonLd11
                && match raw {
                    Value::Object(m) => {
                        !m.is_empty()
                            && m.iter().all(|(k, v)| match k.as_str() {
                                "@container" => v.as_str() == Some("@set"),
                                "@protected" => true,
                                _ => false,
                            })
                    }
                    _ => false,
                };
            if !ok {
                return Err(e(ErrorCode::KeywordRedefinition));
            }
        } else if is_keyword(term) {
            return Err(e(ErrorCode::KeywordRedefinition));
        } else if iri::has_keyword_form(term) {
            defined.insert(term, true);
            return Ok(());
        }
        let previous = result.terms.remove(term);
        let null_value;
        let (value, simple_term) = match raw {
            Value::Null => {
                let mut m = Map::new();
                m.insert("@id".to_string(), Value::Null);
                null_value = m;
                (&null_value, false)
            }
            Value::String(s) => {
                let mut m = Map::new();
                m.insert("@id".to_string(), Value::String(s.clone()));
                null_value = m;
                (&null_value, true)
            }
            Value::Object(m) => (m, false),
            _ => return Err(e(ErrorCode::InvalidTermDefinition)),
        };
        let mut def = TermDef::default();
        let mut protected = protected_default;
        if let Some(p) = value.get("@protected") {
            if mode == ProcessingMode::JsonLd10 {
                return Err(e(ErrorCode::InvalidTermDefinition));
            }
            protected = p
                .as_bool()
                .ok_or_else(|| e(ErrorCode::InvalidTermDefinition))?;
        }
        def.protected = protected;
        if let Some(t) = value.get("@type") {
            let t = t.as_str().ok_or_else(|| e(ErrorCode::InvalidTypeMapping))?;
            let expanded = self
                .expand_iri_defining(
                    result,
                    local,
                    defined,
                    t,
                    false,
                    true,
                    protected_default,
                    call,
                )?
                .ok_or_else(|| e(ErrorCode::InvalidTypeMapping))?;
            let ok = match expanded.as_str() {
                "@json" | "@none" => mode == ProcessingMode::JsonLd11,
                "@id" | "@vocab" => true,
                other => iri::is_absolute(other),
            };
            if !ok {
                return Err(e(ErrorCode::InvalidTypeMapping));
            }
            def.type_mapping = Some(expanded);
        }
        if let Some(r) = value.get("@reverse") {
            if value.contains_key("@id") || value.contains_key("@nest") {
                return Err(e(ErrorCode::InvalidReverseProperty));
            }
            let r = r.as_str().ok_or_else(|| e(ErrorCode::InvalidIriMapping))?;
            if iri::has_keyword_form(r) {
                return Ok(());
            }
            let expanded = self
                .expand_iri_defining(
                    result,
                    local,
                    defined,
                    r,
                    false,
                    true,
                    protected_default,
                    call,
                )?
                .filter(|i| i.contains(':'))
                .ok_or_else(|| e(ErrorCode::InvalidIriMapping))?;
            def.iri = Some(expanded);
            if let Some(c) = value.get("@container") {
                def.container = match c {
                    Value::Null => 0,
                    Value::String(s) if s == "@set" => container::SET,
                    Value::String(s) if s == "@index" => container::INDEX,
                    _ => return Err(e(ErrorCode::InvalidReverseProperty)),
                };
            }
            def.reverse = true;
            return self.finish(result, term, def, previous, defined, call);
        }
        let id = value.get("@id");
        if let Some(id) = id.filter(|v| v.as_str() != Some(term)) {
            match id {
                Value::Null => {}
                Value::String(s) => {
                    if !is_keyword(s) && iri::has_keyword_form(s) {
                        return Ok(());
                    }
                    let expanded = self
                        .expand_iri_defining(
                            result,
                            local,
                            defined,
                            s,
                            false,
                            true,
                            protected_default,
                            call,
                        )?
                        .ok_or_else(|| e(ErrorCode::InvalidIriMapping))?;
                    if !is_keyword(&expanded) && !expanded.contains(':') {
                        return Err(e(ErrorCode::InvalidIriMapping));
                    }
                    if expanded == "@context" {
                        return Err(e(ErrorCode::InvalidKeywordAlias));
                    }
                    let inner = term.len() > 2 && term[1..term.len() - 1].contains(':');
                    if inner || term.contains('/') {
                        defined.insert(term, true);
                        let again = self.expand_iri_defining(
                            result,
                            local,
                            defined,
                            term,
                            false,
                            true,
                            protected_default,
                            call,
                        )?;
                        if again.as_deref() != Some(expanded.as_str()) {
                            return Err(e(ErrorCode::InvalidIriMapping));
                        }
                    }
                    if !term.contains(':')
                        && !term.contains('/')
                        && simple_term
                        && (iri::ends_with_gen_delim(&expanded) || iri::is_blank(&expanded))
                    {
                        def.prefix = true;
                    }
                    def.iri = Some(expanded);
                }
                _ => return Err(e(ErrorCode::InvalidIriMapping)),
            }
        } else if let Some(pos) = term.get(1..).and_then(|s| s.find(':')).map(|p| p + 1) {
            let (prefix, suffix) = (&term[..pos], &term[pos + 1..]);
            if let Some((k, _)) = local.get_key_value(prefix) {
                self.define_term_borrowed(result, local, k, defined, protected_default, call)?;
            }
            match result.terms.get(prefix).and_then(|d| d.iri.as_ref()) {
                Some(p) => def.iri = Some(format!("{p}{suffix}")),
                None => def.iri = Some(term.to_string()),
            }
        } else if term.contains('/') {
            let expanded = expand_iri(result, term, false, true)
                .map(Cow::into_owned)
                .filter(|i| iri::is_absolute(i))
                .ok_or_else(|| e(ErrorCode::InvalidIriMapping))?;
            def.iri = Some(expanded);
        } else if term == "@type" {
            def.iri = Some("@type".to_string());
        } else if let Some(v) = &result.vocab {
            def.iri = Some(format!("{v}{term}"));
        } else {
            return Err(e(ErrorCode::InvalidIriMapping));
        }
        if let Some(c) = value.get("@container") {
            def.container =
                parse_container(c, mode).ok_or_else(|| e(ErrorCode::InvalidContainerMapping))?;
            if def.has(container::TYPE) {
                match def.type_mapping.as_deref() {
                    None => def.type_mapping = Some("@id".to_string()),
                    Some("@id" | "@vocab") => {}
                    Some(_) => return Err(e(ErrorCode::InvalidTypeMapping)),
                }
            }
        }
        if let Some(index) = value.get("@index") {
            if mode == ProcessingMode::JsonLd10 || !def.has(container::INDEX) {
                return Err(e(ErrorCode::InvalidTermDefinition));
            }
            let index = index
                .as_str()
                .filter(|s| !s.starts_with('@'))
                .ok_or_else(|| e(ErrorCode::InvalidTermDefinition))?;
            let expanded = expand_iri(result, index, false, true);
            if !expanded.is_some_and(|i| iri::is_absolute(&i)) {
                return Err(e(ErrorCode::InvalidTermDefinition));
            }
            def.index = Some(index.to_string());
        }
        if let Some(scoped) = value.get("@context") {
            if mode == ProcessingMode::JsonLd10 {
                return Err(e(ErrorCode::InvalidTermDefinition));
            }
            let snapshot = Arc::new(result.clone());
            let validate = Call {
                base_url: call.base_url.clone(),
                remote: call.remote.clone(),
                override_protected: true,
                propagate: true,
                validate_scoped: false,
                depth: call.depth + 1,
                trail,
            };
            match self.process_context(&snapshot, scoped, validate) {
                Ok(_) => {}
                Err(JsonLdError::Limit { limit, path }) => {
                    return Err(JsonLdError::Limit { limit, path });
                }
                Err(_) => return Err(e(ErrorCode::InvalidScopedContext)),
            }
            def.context = Some(ScopedContext {
                value: Arc::new(scoped.clone()),
                key: next_id(),
            });
            def.base_url = call.base_url.clone();
        }
        if !value.contains_key("@type") {
            if let Some(l) = value.get("@language") {
                def.language = Some(match l {
                    Value::Null => None,
                    Value::String(s) => Some(s.clone()),
                    _ => return Err(e(ErrorCode::InvalidLanguageMapping)),
                });
            }
            if let Some(d) = value.get("@direction") {
                def.direction = Some(match d {
                    Value::Null => None,
                    Value::String(s) => Some(
                        Direction::parse(s).ok_or_else(|| e(ErrorCode::InvalidBaseDirection))?,
                    ),
                    _ => return Err(e(ErrorCode::InvalidBaseDirection)),
                });
            }
        }
        if let Some(n) = value.get("@nest") {
            if mode == ProcessingMode::JsonLd10 {
                return Err(e(ErrorCode::InvalidTermDefinition));
            }
            match n.as_str() {
                Some(s) if !is_keyword(s) || s == "@nest" => def.nest = Some(s.to_string()),
                _ => return Err(e(ErrorCode::InvalidNestValue)),
            }
        }
        if let Some(p) = value.get("@prefix") {
            if mode == ProcessingMode::JsonLd10 || term.contains(':') || term.contains('/') {
                return Err(e(ErrorCode::InvalidTermDefinition));
            }
            def.prefix = p
                .as_bool()
                .ok_or_else(|| e(ErrorCode::InvalidPrefixValue))?;
            if def.prefix && def.iri.as_deref().is_some_and(is_keyword) {
                return Err(e(ErrorCode::InvalidTermDefinition));
            }
        }
        if value.keys().any(|k| {
            !matches!(
                k.as_str(),
                "@id"
                    | "@reverse"
                    | "@container"
                    | "@context"
                    | "@direction"
                    | "@index"
                    | "@language"
                    | "@nest"
                    | "@prefix"
                    | "@protected"
                    | "@type"
            )
        }) {
            return Err(e(ErrorCode::InvalidTermDefinition));
        }
        self.finish(result, term, def, previous, defined, call)
    }

    fn finish<'l>(
        &self,
        result: &mut Context,
        term: &'l str,
        def: TermDef,
        previous: Option<Arc<TermDef>>,
        defined: &mut HashMap<&'l str, bool>,
        call: &Call<'_>,
    ) -> Result<(), JsonLdError> {
        let def = match previous {
            Some(prev) if !call.override_protected && prev.protected => {
                if !def.same_as(&prev) {
                    return Err(err(ErrorCode::ProtectedTermRedefinition, call.trail));
                }
                prev
            }
            _ => {
                let mut def = def;
                def.iri_well_formed = def.iri.as_deref().is_some_and(iri::is_well_formed);
                def.iri_kind = def
                    .iri
                    .as_deref()
                    .map_or(KeyKind::NotKeyword, KeyKind::of_keyword);
                def.type_well_formed = def
                    .type_mapping
                    .as_deref()
                    .is_some_and(|t| t == "@json" || iri::is_well_formed(t));
                Arc::new(def)
            }
        };
        result.terms.insert(term.to_string(), def);
        defined.insert(term, true);
        Ok(())
    }
}

fn parse_container(c: &Value, mode: ProcessingMode) -> Option<u8> {
    use container::*;
    let one = |s: &str| -> Option<u8> {
        Some(match s {
            "@list" => LIST,
            "@set" => SET,
            "@index" => INDEX,
            "@language" => LANGUAGE,
            "@id" => ID,
            "@type" => TYPE,
            "@graph" => GRAPH,
            _ => return None,
        })
    };
    if mode == ProcessingMode::JsonLd10 {
        let s = c.as_str()?;
        let f = one(s)?;
        return (f & (GRAPH | ID | TYPE) == 0).then_some(f);
    }
    let flags = match c {
        Value::Null => return Some(0),
        Value::String(s) => one(s)?,
        Value::Array(items) => {
            let mut f = 0;
            for item in items {
                f |= one(item.as_str()?)?;
            }
            f
        }
        _ => return None,
    };
    let ok = if flags & LIST != 0 {
        flags == LIST
    } else if flags & GRAPH != 0 {
        let rest = flags & !(GRAPH | SET);
        rest == 0 || rest == ID || rest == INDEX
    } else {
        let rest = flags & !SET;
        rest.count_ones() <= 1
    };
    ok.then_some(flags)
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use serde_json::{Value, json};

    use super::{Context, ScopedKey, ScopedMemo, Source};
    use crate::jsonld::trail::Trail;
    use crate::jsonld::{Env, Options, Processor};

    fn env<'p>(processor: &'p Processor, options: &'p Options) -> Env<'p> {
        Env {
            processor,
            options,
            work: std::cell::Cell::new(0),
            scoped: std::cell::RefCell::default(),
        }
    }

    /// The context `local` gives, applied to the initial context.
    fn compiled(env: &Env<'_>, local: &Value) -> Arc<Context> {
        let initial = env.processor.initial_context(env.options);
        let source = Source::Inline(super::inline_key(local), None);
        env.apply_context(&initial, local, source, None, false, true, &Trail::new())
            .expect("context")
    }

    /// Applies the scoped context of `term` in `active` three ways: through the memo (twice:
    /// compiled, then remembered), and straight from the processor's cache. All three must
    /// be the very same compiled context.
    fn scoped_three_ways(
        env: &Env<'_>,
        active: &Arc<Context>,
        term: &str,
        override_protected: bool,
        propagate: bool,
    ) -> Arc<Context> {
        let trail = Trail::new();
        let def = active.term(term).expect("term");
        let scoped = def.context.as_ref().expect("scoped context");
        let first = env
            .apply_scoped(active, Some(def), override_protected, propagate, &trail)
            .expect("first");
        let again = env
            .apply_scoped(active, Some(def), override_protected, propagate, &trail)
            .expect("again");
        let cached = env
            .apply_context(
                active,
                &scoped.value,
                Source::Scoped(scoped.key),
                def.base_url.clone(),
                override_protected,
                propagate,
                &trail,
            )
            .expect("cached");
        assert!(Arc::ptr_eq(&first, &again), "{term}: memo hit differs");
        assert!(
            Arc::ptr_eq(&first, &cached),
            "{term}: memo differs from cache"
        );
        first
    }

    #[test]
    fn memo_gives_the_contexts_the_cache_gives() {
        let processor = Processor::default();
        let options = Options::default();
        let env = env(&processor, &options);
        let local = json!({
            "@protected": true,
            "@vocab": "https://example.org/",
            "id": "@id",
            "type": "@type",
            "Typed": {
                "@id": "https://example.org/Typed",
                "@context": {
                    "@protected": true,
                    "inner": {
                        "@id": "https://example.org/inner",
                        "@context": {"deep": "https://example.org/deep"}
                    },
                    "name": "https://example.org/typedName"
                }
            },
            "Propagating": {
                "@id": "https://example.org/Propagating",
                "@context": {"@propagate": true, "kept": "https://example.org/kept"}
            },
            "prop": {
                "@id": "https://example.org/prop",
                "@context": {"name": "https://example.org/propName"}
            }
        });
        let top = compiled(&env, &local);
        // A type-scoped context (not propagated: it keeps the context to revert to).
        let typed = scoped_three_ways(&env, &top, "Typed", false, false);
        assert!(typed.previous.is_some());
        assert_eq!(
            typed.term("name").and_then(|d| d.iri.as_deref()),
            Some("https://example.org/typedName")
        );
        // A property-scoped context inside the type-scoped one, and one more level down.
        let inner = scoped_three_ways(&env, &typed, "inner", true, true);
        let deep = inner.term("deep").and_then(|d| d.iri.as_deref());
        assert_eq!(deep, Some("https://example.org/deep"));
        // The same terms with the other flags are other contexts, each remembered apart.
        let typed_propagated = scoped_three_ways(&env, &top, "Typed", true, true);
        assert!(!Arc::ptr_eq(&typed, &typed_propagated));
        assert!(typed_propagated.previous.is_none());
        let propagating = scoped_three_ways(&env, &top, "Propagating", false, false);
        assert!(propagating.previous.is_none());
        // Property-scoped contexts may redefine protected terms; type-scoped may not.
        let prop = scoped_three_ways(&env, &top, "prop", true, true);
        assert_eq!(
            prop.term("name").and_then(|d| d.iri.as_deref()),
            Some("https://example.org/propName")
        );
        let bad = json!({
            "@protected": true,
            "name": "https://example.org/name",
            "Bad": {"@id": "https://example.org/Bad", "@context": {"name": "https://example.org/other"}}
        });
        let top = compiled(&env, &bad);
        let def = top.term("Bad").expect("Bad");
        for _ in 0..2 {
            let result = env.apply_scoped(&top, Some(def), false, false, &Trail::new());
            assert!(
                result.is_err(),
                "a protected term redefined must fail every time"
            );
        }
        assert!(
            env.apply_scoped(&top, Some(def), true, true, &Trail::new())
                .is_ok()
        );
    }

    proptest::proptest! {
        /// The inline-context key is exactly the JSON text `serde_json` writes.
        #[test]
        fn inline_key_is_the_json_text(
            items in proptest::collection::vec(".{0,12}", 0..4),
            one in ".{0,12}",
        ) {
            let array = Value::from(items.clone());
            proptest::prop_assert_eq!(super::inline_key(&array), array.to_string());
            let string = Value::from(one);
            proptest::prop_assert_eq!(super::inline_key(&string), string.to_string());
            let object = json!({"@vocab": items.first(), "x": items});
            proptest::prop_assert_eq!(super::inline_key(&object), object.to_string());
        }
    }

    #[test]
    fn inline_keys_of_escaped_text() {
        for v in [
            json!(["a\"b", "c"]),
            json!("back\\slash"),
            json!(["tab\t", "nul\u{0}", "del\u{7f}", "é"]),
            json!([]),
            json!([1, "a"]),
            json!(null),
        ] {
            assert_eq!(super::inline_key(&v), v.to_string());
        }
    }

    #[test]
    fn key_kinds_of_keywords_and_aliases() {
        use super::KeyKind::{Id, NotKeyword, OtherKeyword, Type, Value};
        let processor = Processor::default();
        let options = Options::default();
        let env = env(&processor, &options);
        let few = json!({
            "id": "@id", "type": "@type", "v": "@value", "identifier12": "@id",
            "name": "https://example.org/name"
        });
        let ctx = compiled(&env, &few);
        let mut many = json!({"a": "https://example.org/a"});
        for i in 0..12 {
            many[format!("alias{i}")] = json!(if i % 2 == 0 { "@type" } else { "@graph" });
        }
        many["identifier12"] = json!("@id");
        let wide = compiled(&env, &many);
        let cases: [(&Arc<Context>, &str, super::KeyKind); 16] = [
            (&ctx, "id", Id),
            (&ctx, "type", Type),
            (&ctx, "v", Value),
            (&ctx, "identifier12", Id),
            (&ctx, "identifier13", NotKeyword),
            (&ctx, "identifier1", NotKeyword),
            (&ctx, "name", NotKeyword),
            (&ctx, "typf", NotKeyword),
            (&ctx, "@type", Type),
            (&ctx, "@graph", OtherKeyword),
            (&ctx, "@unknown", NotKeyword),
            (&ctx, "", NotKeyword),
            (&wide, "alias4", Type),
            (&wide, "alias5", OtherKeyword),
            (&wide, "identifier12", Id),
            (&wide, "alias12", NotKeyword),
        ];
        for (context, key, kind) in cases {
            assert_eq!(context.key_kind(key), kind, "{key}");
            // Again, with the aliases computed.
            assert_eq!(context.key_kind(key), kind, "{key}");
        }
    }

    #[test]
    fn memo_slots_hold_the_last_context_only() {
        let contexts: Vec<(ScopedKey, Arc<Context>)> = (0..200u64)
            .map(|i| {
                let key = ScopedKey {
                    parent: i / 3,
                    scoped: i,
                    override_protected: i % 2 == 0,
                    propagate: i % 5 == 0,
                };
                (key, Arc::new(Context::initial(None, Default::default())))
            })
            .collect();
        let mut memo = ScopedMemo::default();
        for (key, ctx) in &contexts {
            memo.put(*key, Arc::clone(ctx));
            assert!(memo.get(key).is_some_and(|hit| Arc::ptr_eq(&hit, ctx)));
        }
        let mut hits = 0;
        for (key, ctx) in &contexts {
            if let Some(hit) = memo.get(key) {
                assert!(Arc::ptr_eq(&hit, ctx), "a slot answered for another key");
                hits += 1;
            }
        }
        assert!(hits > 0 && hits <= super::MEMO_SLOTS, "{hits} hits");
    }
}
