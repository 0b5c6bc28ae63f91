//! `@context` rules the schemas miss.
//!
//! | code | severity | rule |
//! |---|---|---|
//! | `context.missing` | error | no `@context`, or a required context (VC base, OB 3.0.x, CLR 2.0) is absent |
//! | `context.order` | error | the VC base context is not first, or the CLR context follows the OB context |
//! | `context.unknown` | error | a context URL that is not bundled (it cannot be processed offline) |
//! | `context.version` | warning | an older OB / CLR context revision than the current one |
//! | `context.extensions` | error | a 1EdTech extension type term is used without the extensions context |

use serde_json::Value;

use super::kind::{Kind, type_names};
use crate::contexts::{self, CLR_V2P0_2_0_1, OB_V3P0_3_0_3, OB_V3P0_EXTENSIONS, VC_V1, VC_V2};
use crate::report::{Finding, JsonPath};

/// Type terms only the OB 3.0 extensions context defines.
const EXTENSION_TYPES: [&str; 3] = [
    "1EdTechJsonSchemaValidator2019",
    "1EdTechRevocationList",
    "1EdTechCredentialRefresh",
];

fn is_ob(url: &str) -> bool {
    url.starts_with("https://purl.imsglobal.org/spec/ob/v3p0/context")
}

fn is_clr(url: &str) -> bool {
    url.starts_with("https://purl.imsglobal.org/spec/clr/v2p0/context")
}

/// Checks the `@context` of one credential at `path`.
pub(crate) fn check(credential: &Value, kind: Kind, path: &JsonPath, out: &mut Vec<Finding>) {
    let ctx_path = path.clone().key("@context");
    let entries: Vec<(usize, &Value)> = match credential.get("@context") {
        None => {
            out.push(Finding::error(
                "context.missing",
                path.clone(),
                "`@context` is missing",
            ));
            return;
        }
        Some(Value::Array(items)) => items.iter().enumerate().collect(),
        Some(single) => vec![(0, single)],
    };
    let is_array = matches!(credential.get("@context"), Some(Value::Array(_)));
    let at = |i: usize| {
        if is_array {
            ctx_path.clone().index(i)
        } else {
            ctx_path.clone()
        }
    };
    let urls: Vec<(usize, &str)> = entries
        .iter()
        .filter_map(|(i, v)| v.as_str().map(|s| (*i, s)))
        .collect();

    for (i, url) in &urls {
        match contexts::get(url) {
            None => out.push(Finding::error(
                "context.unknown",
                at(*i),
                format!(
                    "context {url} is not a known (bundled) context; it cannot be processed offline"
                ),
            )),
            Some(_)
                if (is_ob(url) && *url != OB_V3P0_3_0_3)
                    || (is_clr(url) && *url != CLR_V2P0_2_0_1) =>
            {
                out.push(Finding::warning(
                    "context.version",
                    at(*i),
                    format!(
                        "context {url} is an older revision; current: {}",
                        if is_ob(url) {
                            OB_V3P0_3_0_3
                        } else {
                            CLR_V2P0_2_0_1
                        }
                    ),
                ))
            }
            Some(_) => {}
        }
    }

    let base = urls.iter().find(|(_, u)| *u == VC_V2 || *u == VC_V1);
    match base {
        None => out.push(Finding::error(
            "context.missing",
            ctx_path.clone(),
            format!("the VC base context {VC_V2} is missing"),
        )),
        Some((i, url)) if *i != 0 => out.push(Finding::error(
            "context.order",
            at(*i),
            format!("the VC base context {url} must be the first `@context` entry"),
        )),
        Some(_) => {}
    }

    if kind.is_credential() {
        let ob = urls.iter().find(|(_, u)| is_ob(u));
        if ob.is_none() {
            out.push(Finding::error(
                "context.missing",
                ctx_path.clone(),
                format!("the Open Badges 3.0 context ({OB_V3P0_3_0_3}) is missing"),
            ));
        }
        if kind == Kind::ClrCredential {
            match (urls.iter().find(|(_, u)| is_clr(u)), ob) {
                (None, _) => out.push(Finding::error(
                    "context.missing",
                    ctx_path.clone(),
                    format!("the CLR 2.0 context ({CLR_V2P0_2_0_1}) is missing"),
                )),
                (Some((clr_i, _)), Some((ob_i, _))) if clr_i > ob_i => out.push(Finding::error(
                    "context.order",
                    at(*clr_i),
                    "the CLR 2.0 context must come before the Open Badges 3.0 context",
                )),
                _ => {}
            }
        }
    }

    let has_extensions = urls.iter().any(|(_, u)| *u == OB_V3P0_EXTENSIONS);
    if !has_extensions {
        let mut uses = Vec::new();
        find_extension_types(credential, &mut path.clone(), &mut uses);
        for (type_path, name) in uses {
            out.push(Finding::error(
                "context.extensions",
                type_path,
                format!("type {name} is only defined by the context {OB_V3P0_EXTENSIONS}, which is not listed"),
            ));
        }
    }
}

/// Finds `type` values naming an extension class, without entering nested credentials (they
/// carry their own `@context`).
fn find_extension_types(value: &Value, path: &mut JsonPath, out: &mut Vec<(JsonPath, String)>) {
    match value {
        Value::Object(map) => {
            for (key, member) in map {
                if key == "type" {
                    for name in type_names(member) {
                        if EXTENSION_TYPES.contains(&name) {
                            out.push((path.clone().key(key.clone()), name.to_string()));
                        }
                    }
                    continue;
                }
                if member.get("@context").is_some() {
                    continue;
                }
                path.push_key(key.clone());
                find_extension_types(member, path, out);
                path.pop();
            }
        }
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                if item.get("@context").is_some() {
                    continue;
                }
                path.push_index(i);
                find_extension_types(item, path, out);
                path.pop();
            }
        }
        _ => {}
    }
}
