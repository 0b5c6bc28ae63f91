//! The JSON-LD 1.1 Expansion algorithm, with safe-mode checks.

use std::borrow::Cow;
use std::sync::Arc;

use serde_json::{Map, Value};

use super::context::{
    Context, Direction, KeyKind, Source, TermDef, container, expand_iri, inline_key, is_keyword,
};
use super::error::{ErrorCode, JsonLdError, SafeModeViolation};
use super::iri;
use super::members::{JsonValue, NodeMap};
use super::trail::Trail;
use super::{Env, ProcessingMode};

type Obj = Map<String, Value>;

/// Deepest document nesting (objects and arrays) expansion follows.
pub(super) const MAX_DOCUMENT_DEPTH: usize = 128;

fn err(code: ErrorCode, trail: &Trail<'_>) -> JsonLdError {
    JsonLdError::Spec {
        code,
        path: trail.to_path(),
    }
}

pub(super) fn as_array(v: Value) -> Vec<Value> {
    match v {
        Value::Array(a) => a,
        other => vec![other],
    }
}

/// The expanded value of a `@graph` container entry: each value of `expanded` (not null)
/// wrapped in a graph object.
pub(super) fn graph_objects(expanded: Value) -> Value {
    Value::Array(
        as_array(expanded)
            .into_iter()
            .map(|ev| {
                let mut m = Obj::new();
                m.insert("@graph".to_string(), Value::Array(as_array(ev)));
                Value::Object(m)
            })
            .collect(),
    )
}

fn append(map: &mut Obj, key: &str, value: Value) {
    match map.get_mut(key) {
        Some(Value::Array(existing)) => existing.extend(as_array(value)),
        Some(other) => {
            let mut items = vec![other.take()];
            items.extend(as_array(value));
            *other = Value::Array(items);
        }
        None => {
            map.insert(key.to_string(), Value::Array(as_array(value)));
        }
    }
}

fn is_value_object(v: &Value) -> bool {
    v.as_object().is_some_and(|m| m.contains_key("@value"))
}

fn is_list_object(v: &Value) -> bool {
    v.as_object().is_some_and(|m| m.contains_key("@list"))
}

fn is_graph_object(v: &Value) -> bool {
    v.as_object().is_some_and(|m| {
        m.contains_key("@graph")
            && m.keys()
                .all(|k| matches!(k.as_str(), "@graph" | "@id" | "@index" | "@context"))
    })
}

fn is_node_object(v: &Value) -> bool {
    v.as_object().is_some_and(|m| {
        !m.contains_key("@value") && !m.contains_key("@list") && !m.contains_key("@set")
    })
}

fn is_scalar(v: &Value) -> bool {
    matches!(v, Value::String(_) | Value::Number(_) | Value::Bool(_))
}

/// Why safe mode refuses an expanded `@id` or `@type` value that RDF would drop: none for a
/// blank node identifier or a well-formed absolute IRI.
fn id_violation(id: &str) -> Option<SafeModeViolation> {
    if iri::is_blank(id) || iri::is_well_formed(id) {
        None
    } else if iri::is_absolute(id) {
        Some(SafeModeViolation::MalformedIri)
    } else {
        Some(SafeModeViolation::RelativeIri)
    }
}

impl Env<'_> {
    fn unsafe_err(
        &self,
        violation: SafeModeViolation,
        trail: &Trail<'_>,
        value: &str,
    ) -> JsonLdError {
        JsonLdError::Unsafe {
            violation,
            path: trail.to_path(),
            value: value.to_string(),
        }
    }

    /// Expands a whole document (the top-level call plus the final clean-up).
    pub(crate) fn expand_document(
        &self,
        ctx: &Arc<Context>,
        doc: &Value,
    ) -> Result<Vec<Value>, JsonLdError> {
        let mut trail = Trail::new();
        let base = ctx.base.clone();
        let result = self.expand(ctx, None, doc, base.as_ref(), false, &mut trail)?;
        Ok(match result {
            Value::Null => Vec::new(),
            Value::Object(mut m) if m.len() == 1 && m.contains_key("@graph") => {
                as_array(m.remove("@graph").unwrap_or(Value::Null))
            }
            other => as_array(other),
        })
    }

    pub(super) fn expand<'a>(
        &self,
        active: &Arc<Context>,
        prop: Option<&'a str>,
        element: &'a Value,
        base_url: Option<&Arc<str>>,
        from_map: bool,
        trail: &mut Trail<'a>,
    ) -> Result<Value, JsonLdError> {
        if trail.len() > MAX_DOCUMENT_DEPTH {
            return Err(JsonLdError::Limit {
                limit: MAX_DOCUMENT_DEPTH,
                path: trail.to_path(),
            });
        }
        match element {
            Value::Null => Ok(Value::Null),
            Value::Array(items) => {
                let is_list = prop
                    .and_then(|p| active.term(p))
                    .is_some_and(|d| d.has(container::LIST));
                let mut result = Vec::with_capacity(items.len());
                for (i, item) in items.iter().enumerate() {
                    trail.push_index(i);
                    let mut e = self.expand(active, prop, item, base_url, from_map, trail)?;
                    trail.pop();
                    if is_list && e.is_array() {
                        let mut m = Obj::new();
                        m.insert("@list".to_string(), e);
                        e = Value::Object(m);
                    }
                    match e {
                        Value::Array(a) => result.extend(a),
                        Value::Null => {}
                        other => result.push(other),
                    }
                }
                Ok(Value::Array(result))
            }
            Value::Object(map) => self.expand_object(active, prop, map, base_url, from_map, trail),
            scalar => {
                if prop.is_none() || prop == Some("@graph") {
                    if self.options.safe_mode {
                        return Err(self.unsafe_err(
                            SafeModeViolation::DroppedValue,
                            trail,
                            &scalar.to_string(),
                        ));
                    }
                    return Ok(Value::Null);
                }
                let def = prop.and_then(|p| active.term(p));
                let ctx = self.apply_scoped(active, def.map(|d| &**d), true, true, trail)?;
                self.expand_value(&ctx, prop, scalar, trail)
            }
        }
    }

    /// The Value Expansion algorithm.
    fn expand_value(
        &self,
        ctx: &Context,
        prop: Option<&str>,
        value: &Value,
        trail: &Trail<'_>,
    ) -> Result<Value, JsonLdError> {
        let def = prop.and_then(|p| ctx.term(p));
        let type_mapping = def.and_then(|d| d.type_mapping.as_deref());
        if let Value::String(s) = value
            && matches!(type_mapping, Some("@id" | "@vocab"))
        {
            let vocab = type_mapping == Some("@vocab");
            let id = expand_iri(ctx, s, true, vocab);
            let mut m = Obj::new();
            match id {
                Some(id) => {
                    if self.options.safe_mode
                        && let Some(violation) = id_violation(&id)
                    {
                        return Err(self.unsafe_err(violation, trail, s));
                    }
                    m.insert("@id".to_string(), Value::String(id.into_owned()));
                }
                None => {
                    if self.options.safe_mode {
                        return Err(self.unsafe_err(
                            SafeModeViolation::ReservedKeywordForm,
                            trail,
                            s,
                        ));
                    }
                    m.insert("@id".to_string(), Value::Null);
                }
            }
            return Ok(Value::Object(m));
        }
        let mut m = Obj::new();
        m.insert("@value".to_string(), value.clone());
        match type_mapping {
            Some("@id" | "@vocab" | "@none") => {}
            Some(t) => {
                // RDF drops a literal whose datatype is no well-formed IRI.
                if self.options.safe_mode && t != "@json" && !iri::is_well_formed(t) {
                    return Err(self.unsafe_err(SafeModeViolation::MalformedIri, trail, t));
                }
                m.insert("@type".to_string(), Value::String(t.to_string()));
                return Ok(Value::Object(m));
            }
            None => {}
        }
        if value.is_string() {
            let language = match def.and_then(|d| d.language.as_ref()) {
                Some(l) => l.as_deref(),
                None => ctx.language.as_deref(),
            };
            let direction = match def.and_then(|d| d.direction.as_ref()) {
                Some(d) => *d,
                None => ctx.direction,
            };
            if let Some(l) = language {
                m.insert("@language".to_string(), Value::String(l.to_string()));
            }
            if let Some(d) = direction {
                m.insert(
                    "@direction".to_string(),
                    Value::String(d.as_str().to_string()),
                );
            }
        }
        Ok(Value::Object(m))
    }

    pub(super) fn expand_object<'a>(
        &self,
        active: &Arc<Context>,
        prop: Option<&'a str>,
        map: &'a Obj,
        base_url: Option<&Arc<str>>,
        from_map: bool,
        trail: &mut Trail<'a>,
    ) -> Result<Value, JsonLdError> {
        let prop_def = prop.and_then(|p| active.term(p)).map(|d| &**d);
        let contexts =
            self.node_contexts(active, prop_def, map, base_url, from_map, true, trail)?;
        self.expand_object_in(&contexts, prop, map, base_url, trail)
    }

    /// Steps 7–12 of the Expansion algorithm for a map: the active context after reverting a
    /// non-propagated context and applying the property-scoped, embedded and type-scoped
    /// contexts; the context type values are expanded in; the `@type` keys; the input type.
    /// `prop_def` is the definition of the active property in `active` (looked up by the
    /// caller, who often has it at hand). The input type is found only `with_input_type`
    /// (it matters to a map's own `@value` entry alone, which the fast path never has).
    #[allow(clippy::too_many_arguments)]
    pub(super) fn node_contexts<'a, 'x>(
        &self,
        active: &'x Arc<Context>,
        prop_def: Option<&TermDef>,
        map: impl NodeMap<'a>,
        base_url: Option<&Arc<str>>,
        from_map: bool,
        with_input_type: bool,
        trail: &mut Trail<'a>,
    ) -> Result<NodeContexts<'x>, JsonLdError>
    where
        'a: 'x,
    {
        // Step 7: revert a non-propagated (type-scoped) context.
        let mut start = active;
        if let Some(prev) = &active.previous
            && !from_map
        {
            let mut revert = true;
            for key in map.keys() {
                match active.key_kind(key) {
                    KeyKind::Value => {
                        revert = false;
                        break;
                    }
                    KeyKind::Id if map.len() == 1 => revert = false,
                    _ => {}
                }
            }
            if revert {
                start = prev;
            }
        }
        let mut ctx = Cow::Borrowed(start);
        // Step 8: property-scoped context.
        if let Some(def) = prop_def.filter(|d| d.context.is_some()) {
            ctx = Cow::Owned(self.apply_scoped(start, Some(def), true, true, trail)?);
        }
        // Step 9: embedded context.
        if let Some(local) = map.get("@context") {
            trail.push_key("@context");
            let local = local.to_cow();
            let source = Source::Inline(inline_key(&local), base_url.cloned());
            ctx = Cow::Owned(self.apply_context(
                &ctx,
                &local,
                source,
                base_url.cloned(),
                false,
                true,
                trail,
            )?);
            trail.pop();
        }
        // Steps 10-11: type-scoped contexts.
        let type_scoped = ctx.clone();
        // Most maps have at most one `@type` key and one type: no allocation for those.
        let mut first_type_key: Option<&'a str> = None;
        let mut several = false;
        for k in map.keys() {
            if ctx.key_kind(k) == KeyKind::Type {
                several |= first_type_key.is_some();
                first_type_key.get_or_insert(k);
            }
        }
        let mut sorted_keys: Vec<&'a str> = Vec::new();
        if several {
            sorted_keys.extend(map.keys().filter(|k| ctx.key_kind(k) == KeyKind::Type));
            sorted_keys.sort();
        }
        let type_keys: &[&'a str] = if several {
            &sorted_keys
        } else {
            first_type_key.as_slice()
        };
        for key in type_keys {
            let mut one = [""];
            let mut many: Vec<&str> = Vec::new();
            let value = map.get(key);
            let terms: &[&str] = if let Some(s) = value.and_then(JsonValue::as_str) {
                one[0] = s;
                &one
            } else if let Some(items) = value.filter(|v| v.is_array()) {
                if items.item_count() == 1 {
                    match items.items().next().and_then(JsonValue::as_str) {
                        Some(s) => {
                            one[0] = s;
                            &one
                        }
                        None => &[],
                    }
                } else {
                    many.extend(items.items().filter_map(JsonValue::as_str));
                    many.sort_unstable();
                    &many
                }
            } else {
                &[]
            };
            for term in terms {
                if let Some(def) = type_scoped.term(term).filter(|d| d.context.is_some()) {
                    trail.push_key(key);
                    ctx = Cow::Owned(self.apply_scoped(&ctx, Some(def), false, false, trail)?);
                    trail.pop();
                }
            }
        }
        // Step 12: input type.
        let input_type = type_keys.first().filter(|_| with_input_type).and_then(|k| {
            let value = map.get(k)?;
            let last = if value.is_array() {
                value.items().last()
            } else {
                Some(value)
            };
            last.and_then(JsonValue::as_str)
                .and_then(|t| expand_iri(&ctx, t, true, true))
                .filter(|t| t == "@json")
                .map(|t| t.into_owned())
        });
        Ok(NodeContexts {
            ctx,
            type_scoped,
            input_type,
        })
    }

    /// Steps 13–19 of the Expansion algorithm for a map, given its [`NodeContexts`].
    pub(super) fn expand_object_in<'a>(
        &self,
        contexts: &NodeContexts<'_>,
        prop: Option<&'a str>,
        map: &'a Obj,
        base_url: Option<&Arc<str>>,
        trail: &mut Trail<'a>,
    ) -> Result<Value, JsonLdError> {
        let mut result = Obj::new();
        let scope = Scope {
            ctx: &contexts.ctx,
            type_scoped: &contexts.type_scoped,
            prop,
            base_url,
            input_type: contexts.input_type.as_deref(),
        };
        self.expand_entries(&scope, map, &mut result, trail)?;

        // Steps 15-19.
        if let Some(v) = result.get("@value") {
            if result.keys().any(|k| {
                !matches!(
                    k.as_str(),
                    "@direction" | "@index" | "@language" | "@type" | "@value"
                )
            }) || (result.contains_key("@type")
                && (result.contains_key("@language") || result.contains_key("@direction")))
            {
                return Err(err(ErrorCode::InvalidValueObject, trail));
            }
            let ty = result.get("@type");
            if ty.and_then(Value::as_str) == Some("@json") {
                // JSON literal: anything goes.
            } else if v.is_null() {
                return Ok(Value::Null);
            } else if !v.is_string() && result.contains_key("@language") {
                return Err(err(ErrorCode::InvalidLanguageTaggedValue, trail));
            } else if let Some(t) = ty {
                match t.as_str() {
                    Some(t) if iri::is_well_formed(t) => {}
                    _ => return Err(err(ErrorCode::InvalidTypedValue, trail)),
                }
            }
        } else if let Some(t) = result.get_mut("@type") {
            if !t.is_array() {
                *t = Value::Array(vec![t.take()]);
            }
        } else if result.contains_key("@set") || result.contains_key("@list") {
            if result.len() > 2 || (result.len() == 2 && !result.contains_key("@index")) {
                return Err(err(ErrorCode::InvalidSetOrListObject, trail));
            }
            if let Some(set) = result.remove("@set") {
                return Ok(set);
            }
        }
        if result.len() == 1 && result.contains_key("@language") {
            if self.options.safe_mode {
                return Err(self.unsafe_err(
                    SafeModeViolation::InvalidValueObject,
                    trail,
                    "@language",
                ));
            }
            return Ok(Value::Null);
        }
        if prop.is_none() || prop == Some("@graph") {
            if result.is_empty() || result.contains_key("@value") || result.contains_key("@list") {
                if self.options.safe_mode && !result.is_empty() {
                    return Err(self.unsafe_err(SafeModeViolation::DroppedValue, trail, "{...}"));
                }
                return Ok(Value::Null);
            }
            if result.len() == 1 && result.contains_key("@id") {
                return Ok(Value::Null);
            }
        }
        Ok(Value::Object(result))
    }

    /// Step 13 (and 14, for nested entries) of the Expansion algorithm.
    #[allow(clippy::too_many_lines)]
    fn expand_entries<'a>(
        &self,
        scope: &Scope<'_, 'a>,
        map: &'a Obj,
        result: &mut Obj,
        trail: &mut Trail<'a>,
    ) -> Result<(), JsonLdError> {
        let ctx = scope.ctx;
        let safe = self.options.safe_mode;
        let mut nests: Vec<&'a str> = Vec::new();
        for (key, value) in map {
            if key == "@context" {
                continue;
            }
            trail.push_key(key);
            let Some(expanded_prop) = expand_iri(ctx, key, false, true) else {
                if safe {
                    return Err(self.unsafe_err(SafeModeViolation::UndefinedTerm, trail, key));
                }
                trail.pop();
                continue;
            };
            let is_kw = is_keyword(&expanded_prop);
            if !is_kw && !expanded_prop.contains(':') {
                if safe {
                    return Err(self.unsafe_err(SafeModeViolation::UndefinedTerm, trail, key));
                }
                trail.pop();
                continue;
            }
            // RDF drops a predicate that is no well-formed IRI (a blank node one included).
            if safe && !is_kw && !iri::is_well_formed(&expanded_prop) {
                return Err(self.unsafe_err(SafeModeViolation::MalformedIri, trail, key));
            }
            if is_kw {
                self.expand_keyword(scope, key, &expanded_prop, value, result, &mut nests, trail)?;
                trail.pop();
                continue;
            }

            let def = ctx.term(key);
            let expanded_value = self.expand_property(scope, key, value, trail)?;
            if expanded_value.is_null() {
                trail.pop();
                continue;
            }
            if def.is_some_and(|d| d.reverse) {
                let mut reverse_map = match result.remove("@reverse") {
                    Some(Value::Object(m)) => m,
                    _ => Obj::new(),
                };
                for item in as_array(expanded_value) {
                    if is_value_object(&item) || is_list_object(&item) {
                        return Err(err(ErrorCode::InvalidReversePropertyValue, trail));
                    }
                    append(&mut reverse_map, &expanded_prop, item);
                }
                result.insert("@reverse".to_string(), Value::Object(reverse_map));
            } else {
                append(result, &expanded_prop, expanded_value);
            }
            trail.pop();
        }
        self.expand_nests(scope, map, nests, result, trail)
    }

    /// Steps 13.7–13.12 for one non-keyword entry (its trail pushed): the expanded value with
    /// container wrapping applied, `Null` when there is nothing to add.
    pub(super) fn expand_property<'a>(
        &self,
        scope: &Scope<'_, 'a>,
        key: &'a str,
        value: &'a Value,
        trail: &mut Trail<'a>,
    ) -> Result<Value, JsonLdError> {
        let ctx = scope.ctx;
        let def = ctx.term(key);
        let container = def.map_or(0, |d| d.container);
        let expanded_value = if def.and_then(|d| d.type_mapping.as_deref()) == Some("@json") {
            let mut m = Obj::new();
            m.insert("@value".to_string(), value.clone());
            m.insert("@type".to_string(), Value::String("@json".to_string()));
            Value::Object(m)
        } else if container & container::LANGUAGE != 0 && value.is_object() {
            self.expand_language_map(ctx, def.map(Arc::as_ref), value, trail)?
        } else if container & (container::INDEX | container::TYPE | container::ID) != 0
            && value.is_object()
        {
            self.expand_index_map(scope, key, container, value, trail)?
        } else {
            self.expand(ctx, Some(key), value, scope.base_url, false, trail)?
        };
        if expanded_value.is_null() {
            return Ok(Value::Null);
        }
        let mut expanded_value = expanded_value;
        if container & container::LIST != 0 && !is_list_object(&expanded_value) {
            let mut m = Obj::new();
            m.insert("@list".to_string(), Value::Array(as_array(expanded_value)));
            expanded_value = Value::Object(m);
        }
        if container & container::GRAPH != 0 {
            let wrap = container & (container::ID | container::INDEX) == 0;
            expanded_value = self.graph_container_value(expanded_value, wrap, trail, key)?;
        }
        Ok(expanded_value)
    }

    /// The expanded value of a `@graph` container entry `key`: each item made a graph object
    /// when `wrap`; in safe mode, an error for a value or a list, which would float free in
    /// its graph (RDF drops it), at the entry's path `trail`.
    pub(crate) fn graph_container_value(
        &self,
        expanded: Value,
        wrap: bool,
        trail: &Trail<'_>,
        key: &str,
    ) -> Result<Value, JsonLdError> {
        let items = expanded
            .as_array()
            .map_or(std::slice::from_ref(&expanded), Vec::as_slice);
        if self.options.safe_mode
            && items
                .iter()
                .any(|v| is_value_object(v) || is_list_object(v))
        {
            return Err(self.unsafe_err(SafeModeViolation::DroppedValue, trail, key));
        }
        Ok(if wrap {
            graph_objects(expanded)
        } else {
            expanded
        })
    }

    /// Step 14: the `@nest` entries of a node object, expanded into `result`.
    fn expand_nests<'a>(
        &self,
        scope: &Scope<'_, 'a>,
        map: &'a Obj,
        mut nests: Vec<&'a str>,
        result: &mut Obj,
        trail: &mut Trail<'a>,
    ) -> Result<(), JsonLdError> {
        let ctx = scope.ctx;
        nests.sort_unstable();
        for key in nests {
            trail.push_key(key);
            let nest_ctx =
                self.apply_scoped(ctx, ctx.term(key).map(|d| &**d), true, true, trail)?;
            let nest_scope = Scope {
                ctx: &nest_ctx,
                type_scoped: scope.type_scoped,
                prop: Some(key),
                base_url: scope.base_url,
                input_type: scope.input_type,
            };
            let nested: &'a [Value] = match &map[key] {
                Value::Array(a) => a,
                other => std::slice::from_ref(other),
            };
            for (i, item) in nested.iter().enumerate() {
                let Value::Object(nm) = item else {
                    return Err(err(ErrorCode::InvalidNestValue, trail));
                };
                if nm
                    .keys()
                    .any(|k| expand_iri(ctx, k, false, true).as_deref() == Some("@value"))
                {
                    return Err(err(ErrorCode::InvalidNestValue, trail));
                }
                let pushed = matches!(&map[key], Value::Array(_));
                if pushed {
                    trail.push_index(i);
                }
                self.expand_entries(&nest_scope, nm, result, trail)?;
                if pushed {
                    trail.pop();
                }
            }
            trail.pop();
        }
        Ok(())
    }

    /// Step 13.4: one keyword entry of a node object.
    #[allow(clippy::too_many_lines, clippy::too_many_arguments)]
    #[inline(never)]
    fn expand_keyword<'a>(
        &self,
        scope: &Scope<'_, 'a>,
        key: &'a str,
        expanded_prop: &str,
        value: &'a Value,
        result: &mut Obj,
        nests: &mut Vec<&'a str>,
        trail: &mut Trail<'a>,
    ) -> Result<(), JsonLdError> {
        let ctx = scope.ctx;
        let mode = ctx.mode;
        let safe = self.options.safe_mode;

        if scope.prop == Some("@reverse") {
            return Err(err(ErrorCode::InvalidReversePropertyMap, trail));
        }
        if result.contains_key(expanded_prop)
            && (mode == ProcessingMode::JsonLd10 || !matches!(expanded_prop, "@included" | "@type"))
        {
            return Err(err(ErrorCode::CollidingKeywords, trail));
        }
        let expanded_value: Value = match expanded_prop {
            "@id" => {
                let Value::String(s) = value else {
                    return Err(err(ErrorCode::InvalidIdValue, trail));
                };
                match expand_iri(ctx, s, true, false) {
                    Some(id) => {
                        if safe && let Some(violation) = id_violation(&id) {
                            return Err(self.unsafe_err(violation, trail, s));
                        }
                        Value::String(id.into_owned())
                    }
                    None => {
                        if safe {
                            return Err(self.unsafe_err(
                                SafeModeViolation::ReservedKeywordForm,
                                trail,
                                s,
                            ));
                        }
                        Value::Null
                    }
                }
            }
            "@type" => {
                let expand_one = |s: &'a str, trail: &Trail<'a>| {
                    let t = expand_iri(scope.type_scoped, s, true, true);
                    match t {
                        Some(t) if safe && t.contains(':') && !is_keyword(&t) => {
                            match id_violation(&t) {
                                Some(violation) => Err(self.unsafe_err(violation, trail, s)),
                                None => Ok(Some(Value::String(t.into_owned()))),
                            }
                        }
                        Some(t) if t.contains(':') || is_keyword(&t) => {
                            Ok(Some(Value::String(t.into_owned())))
                        }
                        other => {
                            if safe {
                                let violation = if other.is_some() {
                                    SafeModeViolation::RelativeIri
                                } else {
                                    SafeModeViolation::InvalidTypeValue
                                };
                                Err(self.unsafe_err(violation, trail, s))
                            } else {
                                Ok(other.map(|t| Value::String(t.into_owned())))
                            }
                        }
                    }
                };
                let new = match value {
                    Value::String(s) => match expand_one(s, trail)? {
                        Some(v) => v,
                        None => {
                            return Ok(());
                        }
                    },
                    Value::Array(items) => {
                        let mut out = Vec::with_capacity(items.len());
                        for (i, item) in items.iter().enumerate() {
                            let Value::String(s) = item else {
                                return Err(err(ErrorCode::InvalidTypeValue, trail));
                            };
                            trail.push_index(i);
                            let t = expand_one(s, trail)?;
                            trail.pop();
                            out.extend(t);
                        }
                        Value::Array(out)
                    }
                    _ => return Err(err(ErrorCode::InvalidTypeValue, trail)),
                };
                match result.remove("@type") {
                    Some(prev) => {
                        let mut all = as_array(prev);
                        all.extend(as_array(new));
                        Value::Array(all)
                    }
                    None => new,
                }
            }
            "@graph" => Value::Array(as_array(self.expand(
                ctx,
                Some("@graph"),
                value,
                scope.base_url,
                false,
                trail,
            )?)),
            "@included" => {
                if mode == ProcessingMode::JsonLd10 {
                    return Ok(());
                }
                let items =
                    as_array(self.expand(ctx, None, value, scope.base_url, false, trail)?);
                if !items.iter().all(is_node_object) {
                    return Err(err(ErrorCode::InvalidIncludedValue, trail));
                }
                match result.remove("@included") {
                    Some(prev) => {
                        let mut all = as_array(prev);
                        all.extend(items);
                        Value::Array(all)
                    }
                    None => Value::Array(items),
                }
            }
            "@value" => {
                if scope.input_type == Some("@json") {
                    if mode == ProcessingMode::JsonLd10 {
                        return Err(err(ErrorCode::InvalidValueObjectValue, trail));
                    }
                    value.clone()
                } else if value.is_null() || is_scalar(value) {
                    value.clone()
                } else {
                    return Err(err(ErrorCode::InvalidValueObjectValue, trail));
                }
            }
            "@language" => match value {
                Value::String(s) => {
                    if safe && !super::to_rdf::is_well_formed_language(s) {
                        return Err(self.unsafe_err(
                            SafeModeViolation::InvalidValueObject,
                            trail,
                            s,
                        ));
                    }
                    value.clone()
                }
                _ => return Err(err(ErrorCode::InvalidLanguageTaggedString, trail)),
            },
            "@direction" => {
                if mode == ProcessingMode::JsonLd10 {
                    return Ok(());
                }
                match value.as_str().and_then(Direction::parse) {
                    Some(_) => value.clone(),
                    None => return Err(err(ErrorCode::InvalidBaseDirection, trail)),
                }
            }
            "@index" => match value {
                Value::String(_) => value.clone(),
                _ => return Err(err(ErrorCode::InvalidIndexValue, trail)),
            },
            "@list" => {
                if scope.prop.is_none() || scope.prop == Some("@graph") {
                    if safe {
                        return Err(self.unsafe_err(SafeModeViolation::DroppedValue, trail, key));
                    }
                    return Ok(());
                }
                Value::Array(as_array(self.expand(
                    ctx,
                    scope.prop,
                    value,
                    scope.base_url,
                    false,
                    trail,
                )?))
            }
            "@set" => self.expand(ctx, scope.prop, value, scope.base_url, false, trail)?,
            "@reverse" => {
                if !value.is_object() {
                    return Err(err(ErrorCode::InvalidReverseValue, trail));
                }
                let expanded =
                    self.expand(ctx, Some("@reverse"), value, scope.base_url, false, trail)?;
                if let Value::Object(mut em) = expanded {
                    if let Some(Value::Object(rev)) = em.remove("@reverse") {
                        for (p, items) in rev {
                            append(result, &p, items);
                        }
                    }
                    if !em.is_empty() {
                        let mut reverse_map = match result.remove("@reverse") {
                            Some(Value::Object(m)) => m,
                            _ => Obj::new(),
                        };
                        for (p, items) in em {
                            for item in as_array(items) {
                                if is_value_object(&item) || is_list_object(&item) {
                                    return Err(err(ErrorCode::InvalidReversePropertyValue, trail));
                                }
                                append(&mut reverse_map, &p, item);
                            }
                        }
                        result.insert("@reverse".to_string(), Value::Object(reverse_map));
                    }
                }
                return Ok(());
            }
            "@nest" => {
                nests.push(key);
                return Ok(());
            }
            _ => {
                // Other keywords (@context handled above, @base, @vocab, ... as keys
                // of a node object) carry no data.
                return Ok(());
            }
        };
        if expanded_value.is_null() && matches!(expanded_prop, "@value" | "@id") {
            result.insert(expanded_prop.to_string(), Value::Null);
        } else if !expanded_value.is_null() {
            result.insert(expanded_prop.to_string(), expanded_value);
        }
        Ok(())
    }

    fn expand_language_map(
        &self,
        ctx: &Context,
        def: Option<&super::context::TermDef>,
        value: &Value,
        trail: &Trail<'_>,
    ) -> Result<Value, JsonLdError> {
        let mut out = Vec::new();
        let direction = match def.and_then(|d| d.direction.as_ref()) {
            Some(d) => *d,
            None => ctx.direction,
        };
        let Value::Object(lm) = value else {
            return Ok(Value::Array(out));
        };
        for (language, lv) in lm {
            let items: &[Value] = match lv {
                Value::Array(a) => a,
                other => std::slice::from_ref(other),
            };
            let none = language == "@none"
                || expand_iri(ctx, language, false, true).as_deref() == Some("@none");
            for item in items {
                match item {
                    Value::Null => continue,
                    Value::String(_) => {}
                    _ => return Err(err(ErrorCode::InvalidLanguageMapValue, trail)),
                }
                let mut m = Obj::new();
                m.insert("@value".to_string(), item.clone());
                if !none {
                    m.insert("@language".to_string(), Value::String(language.clone()));
                }
                if let Some(d) = direction {
                    m.insert(
                        "@direction".to_string(),
                        Value::String(d.as_str().to_string()),
                    );
                }
                out.push(Value::Object(m));
            }
        }
        Ok(Value::Array(out))
    }

    fn expand_index_map<'a>(
        &self,
        scope: &Scope<'_, 'a>,
        key: &'a str,
        container: u8,
        value: &'a Value,
        trail: &mut Trail<'a>,
    ) -> Result<Value, JsonLdError> {
        let ctx = scope.ctx;
        let mut out = Vec::new();
        let Value::Object(im) = value else {
            return Ok(Value::Array(out));
        };
        let index_key = ctx
            .term(key)
            .and_then(|d| d.index.clone())
            .unwrap_or_else(|| "@index".to_string());
        for (index, index_value) in im {
            trail.push_key(index);
            let mut map_ctx: Arc<Context> = if container & (container::ID | container::TYPE) != 0 {
                ctx.previous.clone().unwrap_or_else(|| Arc::clone(ctx))
            } else {
                Arc::clone(ctx)
            };
            if container & container::TYPE != 0 {
                let def = map_ctx.term(index).cloned();
                map_ctx = self.apply_scoped(&map_ctx, def.as_deref(), false, true, trail)?;
            }
            let expanded_index = expand_iri(ctx, index, false, true);
            let is_none = expanded_index.as_deref() == Some("@none");
            let items = as_array(self.expand(
                &map_ctx,
                Some(key),
                index_value,
                scope.base_url,
                true,
                trail,
            )?);
            for mut item in items {
                if container & container::GRAPH != 0 && !is_graph_object(&item) {
                    let mut m = Obj::new();
                    m.insert("@graph".to_string(), Value::Array(as_array(item)));
                    item = Value::Object(m);
                }
                if container & container::INDEX != 0 && index_key != "@index" && !is_none {
                    let re_expanded = self.expand_value(
                        ctx,
                        Some(&index_key),
                        &Value::String(index.clone()),
                        trail,
                    )?;
                    let Some(expanded_index_key) = expand_iri(ctx, &index_key, false, true) else {
                        continue;
                    };
                    if is_value_object(&item) {
                        return Err(err(ErrorCode::InvalidValueObject, trail));
                    }
                    if let Value::Object(m) = &mut item {
                        let mut values = vec![re_expanded];
                        if let Some(existing) = m.remove(expanded_index_key.as_ref()) {
                            values.extend(as_array(existing));
                        }
                        m.insert(expanded_index_key.into_owned(), Value::Array(values));
                    }
                } else if container & container::INDEX != 0 && !is_none {
                    if let Value::Object(m) = &mut item
                        && !m.contains_key("@index")
                    {
                        m.insert("@index".to_string(), Value::String(index.clone()));
                    }
                } else if container & container::ID != 0 && !is_none {
                    if let Value::Object(m) = &mut item
                        && !m.contains_key("@id")
                    {
                        let id = expand_iri(ctx, index, true, false);
                        if let Some(id) = id {
                            if self.options.safe_mode
                                && let Some(violation) = id_violation(&id)
                            {
                                return Err(self.unsafe_err(violation, trail, index));
                            }
                            m.insert("@id".to_string(), Value::String(id.into_owned()));
                        }
                    }
                } else if container & container::TYPE != 0
                    && !is_none
                    && let Some(t) = &expanded_index
                    && let Value::Object(m) = &mut item
                {
                    let mut types = vec![Value::String(t.clone().into_owned())];
                    if let Some(existing) = m.remove("@type") {
                        types.extend(as_array(existing));
                    }
                    m.insert("@type".to_string(), Value::Array(types));
                }
                out.push(item);
            }
            trail.pop();
        }
        Ok(Value::Array(out))
    }
}

/// The contexts and flags shared by the entries of one node object (and its `@nest`s).
pub(crate) struct Scope<'c, 'a> {
    pub(super) ctx: &'c Arc<Context>,
    pub(super) type_scoped: &'c Arc<Context>,
    pub(super) prop: Option<&'a str>,
    pub(super) base_url: Option<&'c Arc<str>>,
    pub(super) input_type: Option<&'c str>,
}

/// The contexts of one map (steps 7–12 of the Expansion algorithm).
///
/// Each context is borrowed from the caller's when no scoped or embedded context applies
/// (most node objects): no reference count is touched for those.
pub(crate) struct NodeContexts<'x> {
    /// The active context for the map's entries.
    pub(super) ctx: Cow<'x, Arc<Context>>,
    /// The context `@type` values are expanded in (before type-scoped contexts).
    pub(super) type_scoped: Cow<'x, Arc<Context>>,
    /// The expanded last type of the first `@type` key when it is `@json` (the only input
    /// type the algorithm looks at), else `None`.
    pub(super) input_type: Option<String>,
}
