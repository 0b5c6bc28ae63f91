//! The Service Description Document (`GET …/discovery`): the bundled OB 3.0 OpenAPI
//! document profiled for this server: its `servers`, `info` (with
//! `x-imssf-privacyPolicyUrl`), and an `OAuth2ACG` security scheme naming this server's
//! registration, authorization, token and refresh URLs and its scopes.

use serde_json::{Map, Value, json};

use super::config::{ServerConfig, paths};
use super::provider::base_path;
use super::scope;
use super::store::ApiKind;

/// The OB 3.0 OpenAPI document, pre-errata, verbatim (see `schemas/NOTICE`).
const OB_OPENAPI: &str = include_str!("../../schemas/openapi/openapi.gh-pages-2025-03-27.json");

/// The published errata: paging link parameters come from the query, not the path.
fn apply_errata(value: &mut Value) {
    match value {
        Value::String(s) if s.starts_with("$request.path.") => {
            *s = s.replacen("$request.path.", "$request.query.", 1);
        }
        Value::Array(items) => items.iter_mut().for_each(apply_errata),
        Value::Object(map) => map.values_mut().for_each(apply_errata),
        _ => {}
    }
}

/// The discovery document of `api` under `config`.
pub(crate) fn document(api: ApiKind, config: &ServerConfig) -> Value {
    let mut doc: Value = match api {
        ApiKind::Ob => serde_json::from_str(OB_OPENAPI).unwrap_or_else(|_| json!({})),
        // No public OpenAPI document of the CLR 2.0 API exists; the CLR document carries
        // the same profile (servers, info, security) with no operation listing.
        ApiKind::Clr => json!({"openapi": "3.0.1", "paths": {}}),
    };
    apply_errata(&mut doc);
    let Some(root) = doc.as_object_mut() else {
        return doc;
    };
    let (title, description) = match api {
        ApiKind::Ob => ("Open Badges 3.0 API", "Open Badges 3.0"),
        ApiKind::Clr => ("Comprehensive Learner Record 2.0 API", "CLR 2.0"),
    };
    root.insert(
        "servers".into(),
        json!([{"url": config.url(base_path(api)), "description": config.name}]),
    );
    root.insert(
        "info".into(),
        json!({
            "title": format!("{} — {title}", config.name),
            "description": format!(
                "{description} API of {}. `since` selects the credentials stored or replaced \
                 in this server strictly after the given time; results are ordered by that \
                 time.", config.name),
            "version": match api { ApiKind::Ob => "3.0", ApiKind::Clr => "2.0" },
            "termsOfService": config.terms_of_service_url,
            "x-imssf-privacyPolicyUrl": config.privacy_policy_url,
        }),
    );
    let scopes: Map<String, Value> = scope::published(api)
        .iter()
        .map(|(s, d)| ((*s).to_owned(), Value::String((*d).to_owned())))
        .collect();
    let scheme = json!({
        "type": "oauth2",
        "description": "OAuth 2.0 Authorization Code Grant with PKCE (S256)",
        "x-imssf-name": config.name,
        "x-imssf-registrationUrl": config.url(paths::REGISTER),
        "x-imssf-privacyPolicyUrl": config.privacy_policy_url,
        "x-imssf-termsOfServiceUrl": config.terms_of_service_url,
        "x-openbadges-revocationUrl": config.url(paths::REVOKE),
        "flows": {
            "authorizationCode": {
                "authorizationUrl": config.url(paths::AUTHORIZE),
                "tokenUrl": config.url(paths::TOKEN),
                "refreshUrl": config.url(paths::TOKEN),
                "scopes": scopes,
            }
        }
    });
    let components = root.entry("components").or_insert_with(|| json!({}));
    if let Some(components) = components.as_object_mut() {
        components.insert("securitySchemes".into(), json!({"OAuth2ACG": scheme}));
    }
    doc
}
