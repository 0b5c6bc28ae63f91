//! The OAuth 2.0 scopes of the OB 3.0 and CLR 2.0 APIs, exactly as published.

use super::store::ApiKind;

/// `getCredentials` (OB 3.0).
pub const OB_CREDENTIAL_READONLY: &str =
    "https://purl.imsglobal.org/spec/ob/v3p0/scope/credential.readonly";
/// `upsertCredential` (OB 3.0).
pub const OB_CREDENTIAL_UPSERT: &str =
    "https://purl.imsglobal.org/spec/ob/v3p0/scope/credential.upsert";
/// `getProfile` (OB 3.0).
pub const OB_PROFILE_READONLY: &str =
    "https://purl.imsglobal.org/spec/ob/v3p0/scope/profile.readonly";
/// `putProfile` (OB 3.0).
pub const OB_PROFILE_UPDATE: &str = "https://purl.imsglobal.org/spec/ob/v3p0/scope/profile.update";
/// `getCredentials` (CLR 2.0).
pub const CLR_CREDENTIAL_READONLY: &str =
    "https://purl.imsglobal.org/spec/clr/v2p0/scope/credential.readonly";
/// `upsertCredential` (CLR 2.0).
pub const CLR_CREDENTIAL_UPSERT: &str =
    "https://purl.imsglobal.org/spec/clr/v2p0/scope/credential.upsert";
/// `getProfile` (CLR 2.0; by analogy with OB 3.0, no primary source publishes it).
pub const CLR_PROFILE_READONLY: &str =
    "https://purl.imsglobal.org/spec/clr/v2p0/scope/profile.readonly";
/// `putProfile` (CLR 2.0; by analogy with OB 3.0).
pub const CLR_PROFILE_UPDATE: &str =
    "https://purl.imsglobal.org/spec/clr/v2p0/scope/profile.update";
/// Asks for a refresh token (every example of the spec requests it).
pub const OFFLINE_ACCESS: &str = "offline_access";

/// Every scope this server grants.
pub const ALL: [&str; 9] = [
    OB_CREDENTIAL_READONLY,
    OB_CREDENTIAL_UPSERT,
    OB_PROFILE_READONLY,
    OB_PROFILE_UPDATE,
    CLR_CREDENTIAL_READONLY,
    CLR_CREDENTIAL_UPSERT,
    CLR_PROFILE_READONLY,
    CLR_PROFILE_UPDATE,
    OFFLINE_ACCESS,
];

/// One operation's need.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Operation {
    Read,
    Upsert,
    ProfileRead,
    ProfileUpdate,
}

/// The scope an operation of `api` requires.
pub(crate) fn required(api: ApiKind, operation: Operation) -> &'static str {
    match (api, operation) {
        (ApiKind::Ob, Operation::Read) => OB_CREDENTIAL_READONLY,
        (ApiKind::Ob, Operation::Upsert) => OB_CREDENTIAL_UPSERT,
        (ApiKind::Ob, Operation::ProfileRead) => OB_PROFILE_READONLY,
        (ApiKind::Ob, Operation::ProfileUpdate) => OB_PROFILE_UPDATE,
        (ApiKind::Clr, Operation::Read) => CLR_CREDENTIAL_READONLY,
        (ApiKind::Clr, Operation::Upsert) => CLR_CREDENTIAL_UPSERT,
        (ApiKind::Clr, Operation::ProfileRead) => CLR_PROFILE_READONLY,
        (ApiKind::Clr, Operation::ProfileUpdate) => CLR_PROFILE_UPDATE,
    }
}

/// What the consent page says a scope allows.
pub(crate) fn describe(scope: &str) -> &'static str {
    match scope {
        OB_CREDENTIAL_READONLY => "Read your Open Badges",
        OB_CREDENTIAL_UPSERT => "Add or replace Open Badges",
        OB_PROFILE_READONLY => "Read your Open Badges profile",
        OB_PROFILE_UPDATE => "Update your Open Badges profile",
        CLR_CREDENTIAL_READONLY => "Read your Comprehensive Learner Records",
        CLR_CREDENTIAL_UPSERT => "Add or replace Comprehensive Learner Records",
        CLR_PROFILE_READONLY => "Read your CLR profile",
        CLR_PROFILE_UPDATE => "Update your CLR profile",
        OFFLINE_ACCESS => "Keep this access until you revoke it (a refresh token)",
        _ => "An unknown permission",
    }
}

/// The OpenAPI scope descriptions of an API's discovery document.
pub(crate) fn published(api: ApiKind) -> [(&'static str, &'static str); 5] {
    let (read, upsert, profile_read, profile_update, what) = match api {
        ApiKind::Ob => (
            OB_CREDENTIAL_READONLY,
            OB_CREDENTIAL_UPSERT,
            OB_PROFILE_READONLY,
            OB_PROFILE_UPDATE,
            "AchievementCredentials",
        ),
        ApiKind::Clr => (
            CLR_CREDENTIAL_READONLY,
            CLR_CREDENTIAL_UPSERT,
            CLR_PROFILE_READONLY,
            CLR_PROFILE_UPDATE,
            "ClrCredentials",
        ),
    };
    let _ = what;
    [
        (
            read,
            match api {
                ApiKind::Ob => {
                    "Permission to read AchievementCredentials for the authenticated entity."
                }
                ApiKind::Clr => "Permission to read ClrCredentials for the authenticated entity.",
            },
        ),
        (
            upsert,
            match api {
                ApiKind::Ob => {
                    "Permission to create or update AchievementCredentials for the authenticated entity."
                }
                ApiKind::Clr => {
                    "Permission to create or update ClrCredentials for the authenticated entity."
                }
            },
        ),
        (
            profile_read,
            "Permission to read the profile for the authenticated entity.",
        ),
        (
            profile_update,
            "Permission to update the profile for the authenticated entity.",
        ),
        (
            OFFLINE_ACCESS,
            "Permission to keep access (a refresh token) until the learner revokes it.",
        ),
    ]
}

/// Splits a space-separated scope string (RFC 6749 §3.3), without duplicates.
pub(crate) fn split(scope: &str) -> Vec<&str> {
    let mut out: Vec<&str> = Vec::new();
    for s in scope.split(' ').filter(|s| !s.is_empty()) {
        if !out.contains(&s) {
            out.push(s);
        }
    }
    out
}

/// `true` if the space-separated `granted` contains `scope`.
pub(crate) fn contains(granted: &str, scope: &str) -> bool {
    granted.split(' ').any(|s| s == scope)
}
