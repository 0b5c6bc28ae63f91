//! Builder finishing: `@context` in the required order, required `type` names, output as a
//! [`Document`].

use serde_json::Value;

use super::clr::{CLR_CREDENTIAL_TYPES, ClrCredential};
use super::common::ContextEntry;
use super::credential::{
    ACHIEVEMENT_CREDENTIAL_TYPES, AchievementCredential, ENDORSEMENT_CREDENTIAL_TYPES,
    EndorsementCredential,
};
use super::{ModelError, to_value};
use crate::contexts::{CLR_V2P0_2_0_1, OB_V3P0_3_0_3, OB_V3P0_EXTENSIONS, VC_V1, VC_V2};
use crate::document::Document;
use crate::values::OneOrMany;

/// The 1EdTech extension type terms defined only by the OB extensions context.
pub const EXTENSION_TYPES: &[&str] = &[
    "1EdTechJsonSchemaValidator2019",
    "1EdTechRevocationList",
    "1EdTechCredentialRefresh",
];

/// The context a builder starts from: VC v2, then CLR 2.0.1 for a CLR, then OB 3.0.3.
pub(crate) fn default_context(clr: bool) -> OneOrMany<ContextEntry> {
    let mut urls = vec![VC_V2];
    if clr {
        urls.push(CLR_V2P0_2_0_1);
    }
    urls.push(OB_V3P0_3_0_3);
    OneOrMany::Many(urls.into_iter().map(ContextEntry::from).collect())
}

/// Whether a URL is a VC, OB or CLR base context (any version), which the builder manages.
fn is_managed(url: &str) -> bool {
    url == VC_V1
        || url == VC_V2
        || url == OB_V3P0_EXTENSIONS
        || url.starts_with("https://purl.imsglobal.org/spec/ob/v3p0/context")
        || url.starts_with("https://purl.imsglobal.org/spec/clr/v2p0/context")
}

/// The builder's `@context`: the managed contexts in the required order, then any other
/// context the caller added, in the caller's order.
pub(crate) fn ordered_context(
    existing: &OneOrMany<ContextEntry>,
    clr: bool,
    extensions: bool,
) -> OneOrMany<ContextEntry> {
    let mut entries = default_context(clr).into_vec();
    if extensions {
        entries.push(ContextEntry::from(OB_V3P0_EXTENSIONS));
    }
    for entry in existing {
        let managed = entry.as_url().is_some_and(is_managed);
        if !managed && !entries.contains(entry) {
            entries.push(entry.clone());
        }
    }
    OneOrMany::Many(entries)
}

/// Whether any `type` member anywhere in `value` uses a 1EdTech extension type term.
pub(crate) fn uses_extension_types(value: &Value) -> bool {
    // An explicit stack: builder input is trusted, but nesting depth is still unbounded.
    let mut stack = vec![value];
    while let Some(value) = stack.pop() {
        match value {
            Value::Object(map) => {
                for (key, member) in map {
                    if key == "type" {
                        let hit = match member {
                            Value::String(t) => EXTENSION_TYPES.contains(&t.as_str()),
                            Value::Array(ts) => ts
                                .iter()
                                .filter_map(Value::as_str)
                                .any(|t| EXTENSION_TYPES.contains(&t)),
                            _ => false,
                        };
                        if hit {
                            return true;
                        }
                    }
                    stack.push(member);
                }
            }
            Value::Array(items) => stack.extend(items),
            _ => {}
        }
    }
    false
}

/// Makes `types` an array that starts with the builder's names (`defaults`), keeping every
/// other name the caller added; `alternatives` are accepted in place of `defaults[1]`.
fn ordered_types(
    types: &OneOrMany<String>,
    defaults: &[&str],
    alternatives: &[&str],
) -> OneOrMany<String> {
    let mut out: Vec<String> = Vec::new();
    for (i, name) in defaults.iter().enumerate() {
        let alternative = (i == 1)
            .then(|| alternatives.iter().find(|a| types.contains(&a.to_string())))
            .flatten();
        out.push(alternative.map_or(*name, |a| *a).to_string());
    }
    for name in types {
        if !out.contains(name) {
            out.push(name.clone());
        }
    }
    OneOrMany::Many(out)
}

macro_rules! finish {
    ($class:ident, $types:ident, $alternatives:expr, $clr:literal, $what:literal) => {
        impl $class {
            #[doc = concat!("Finishes a built ", $what, ": `type` becomes an array that starts with ",
                "the required names, and `@context` lists VC v2, ",
                "then CLR 2.0.1 (for a CLR), then OB 3.0.3, then the OB extensions context when a ",
                "1EdTech extension type (`1EdTechRevocationList`...) is used, then any other ",
                "context the caller added.\n\n",
                "Only for credentials being built: a received credential must not be changed ",
                "(its proof covers its exact JSON).\n\n",
                "# Errors\n[`ModelError::Serialize`] if a member cannot be serialized.")]
            pub fn finish(mut self) -> Result<Self, ModelError> {
                self.type_ = ordered_types(&self.type_, $types, $alternatives);
                let extensions = uses_extension_types(&to_value(&self)?);
                self.context = ordered_context(&self.context, $clr, extensions);
                Ok(self)
            }

            #[doc = concat!("[`finish`](Self::finish)es the ", $what, " and serializes it to a ",
                "[`Document`] (ready to sign).\n\n",
                "# Errors\n[`ModelError::Serialize`] if a member cannot be serialized.")]
            pub fn build(self) -> Result<Document, ModelError> {
                Ok(Document::from_value(to_value(&self.finish()?)?))
            }
        }
    };
}

finish!(
    AchievementCredential,
    ACHIEVEMENT_CREDENTIAL_TYPES,
    &["OpenBadgeCredential", "AchievementCredential"],
    false,
    "achievement credential"
);
finish!(
    EndorsementCredential,
    ENDORSEMENT_CREDENTIAL_TYPES,
    &[],
    false,
    "endorsement credential"
);
finish!(
    ClrCredential,
    CLR_CREDENTIAL_TYPES,
    &[],
    true,
    "CLR credential"
);
