//! What a deployment sets: its public base URL, names, limits and lifetimes.

use std::time::Duration;

/// The provider's settings. [`ServerConfig::new`] gives secure defaults; change fields after.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct ServerConfig {
    /// The public base URL the API is reached at (scheme, host, port, any tenant prefix; no
    /// trailing slash), e.g. `https://badges.example.org`. Discovery publishes the endpoint
    /// URLs under it and the `Link` paging headers use it.
    pub issuer_url: String,
    /// The service name (`info.title` of discovery, the consent page heading).
    pub name: String,
    /// `info.termsOfService`.
    pub terms_of_service_url: String,
    /// `info.x-imssf-privacyPolicyUrl`.
    pub privacy_policy_url: String,
    /// The largest request body accepted, in bytes (default 1 MiB); larger gets 413.
    pub body_limit: usize,
    /// How long an authorization code lives (default 5 minutes; RFC 6749 says at most 10).
    pub code_lifetime: Duration,
    /// How long an access token lives (default 1 hour).
    pub access_token_lifetime: Duration,
    /// How long a refresh token lives (default 90 days; each use rotates it).
    pub refresh_token_lifetime: Duration,
    /// The page size when `limit` is absent (default 100).
    pub default_page_size: u32,
    /// The largest page served; a larger `limit` is capped (default 1000).
    pub max_page_size: u32,
}

impl ServerConfig {
    /// Defaults for a server reached at `issuer_url`.
    pub fn new(issuer_url: impl Into<String>) -> Self {
        let issuer_url = issuer_url.into().trim_end_matches('/').to_owned();
        ServerConfig {
            terms_of_service_url: format!("{issuer_url}/terms"),
            privacy_policy_url: format!("{issuer_url}/privacy"),
            issuer_url,
            name: "Open Badges API".into(),
            body_limit: 1024 * 1024,
            code_lifetime: Duration::from_secs(300),
            access_token_lifetime: Duration::from_secs(3600),
            refresh_token_lifetime: Duration::from_secs(90 * 24 * 3600),
            default_page_size: 100,
            max_page_size: 1000,
        }
    }

    pub(crate) fn url(&self, path: &str) -> String {
        format!("{}{path}", self.issuer_url)
    }
}

/// The OAuth endpoints' paths under the issuer URL.
pub(crate) mod paths {
    pub(crate) const REGISTER: &str = "/oauth/register";
    pub(crate) const AUTHORIZE: &str = "/oauth/authorize";
    pub(crate) const TOKEN: &str = "/oauth/token";
    pub(crate) const REVOKE: &str = "/oauth/revoke";
}
