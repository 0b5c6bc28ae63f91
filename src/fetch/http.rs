//! The HTTP fetcher (feature `http`): blocking ureq with timeouts, a size limit and a
//! bounded response cache.

mod cache;

use std::sync::Arc;
use std::time::Duration;

pub use cache::{CacheLimits, CacheStats};

use super::{FetchError, Fetched, Fetcher};
use cache::Cache;

/// Fetches documents over HTTPS with [ureq](https://docs.rs/ureq), caching what it fetched.
///
/// Secure defaults: HTTPS only (including every redirect, at most 3), a 10-second overall
/// timeout and a 1 MiB response limit. Plain `http:` is refused unless
/// [`allow_loopback_http`](Self::allow_loopback_http) is set, and even then only for
/// loopback hosts (`127.0.0.1`, `[::1]`, `localhost`) and without redirects: it exists for
/// tests that serve documents from a local server.
///
/// Successful responses are cached ([`CacheLimits`]: 256 entries and 32 MiB by default),
/// each for its `Cache-Control: max-age` (minus `Age`) or 5 minutes when the response says
/// nothing, capped at one day; `no-store` and `no-cache` responses and failures are not
/// kept. While one thread fetches a URL, other threads asking for it wait for that answer,
/// so a status list shared by 10,000 credentials verified in parallel is fetched once.
/// Clones share the cache; [`HttpFetcher::new`] starts an empty one.
///
/// ```
/// use std::time::Duration;
/// use openbadges::fetch::{CacheLimits, HttpFetcher};
///
/// let fetcher = HttpFetcher::new()
///     .timeout(Duration::from_secs(5))
///     .max_bytes(256 * 1024)
///     .cache(CacheLimits::default().max_entries(32));
/// assert_eq!(fetcher.cache_stats().entries, 0);
/// ```
#[derive(Clone)]
pub struct HttpFetcher {
    timeout: Duration,
    max_bytes: usize,
    loopback_http: bool,
    /// `(https origin, loopback base)` pairs: requests for the origin go to the base.
    origins: Arc<[(String, String)]>,
    cache: Option<Arc<Cache>>,
}

impl std::fmt::Debug for HttpFetcher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("HttpFetcher")
            .field("timeout", &self.timeout)
            .field("max_bytes", &self.max_bytes)
            .field("loopback_http", &self.loopback_http)
            .field("origins", &self.origins)
            .field("cache", &self.cache.as_ref().map(|c| *c.limits()))
            .finish()
    }
}

impl Default for HttpFetcher {
    fn default() -> Self {
        HttpFetcher {
            timeout: Duration::from_secs(10),
            max_bytes: 1024 * 1024,
            loopback_http: false,
            origins: Arc::from(Vec::new()),
            cache: Some(Arc::new(Cache::new(CacheLimits::default()))),
        }
    }
}

impl HttpFetcher {
    /// A fetcher with the default timeout (10 s), size limit (1 MiB) and cache
    /// ([`CacheLimits::default`]).
    pub fn new() -> Self {
        HttpFetcher::default()
    }

    /// This fetcher with another overall timeout per request.
    #[must_use]
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// This fetcher with another response size limit, in bytes.
    #[must_use]
    pub fn max_bytes(mut self, max_bytes: usize) -> Self {
        self.max_bytes = max_bytes;
        self
    }

    /// Allows plain `http:` to loopback hosts (for tests with a local server).
    #[must_use]
    pub fn allow_loopback_http(mut self, allow: bool) -> Self {
        self.loopback_http = allow;
        self
    }

    /// Serves the HTTPS origin `origin` (`https://issuer.example`, no path) from the
    /// loopback server at `loopback` (`http://127.0.0.1:8080`): a request for
    /// `https://issuer.example/.well-known/did.json` goes to
    /// `http://127.0.0.1:8080/.well-known/did.json`. For end-to-end tests of `did:web` and
    /// HTTPS issuers against a local server; it only takes effect together with
    /// [`allow_loopback_http`](Self::allow_loopback_http), and a `loopback` that is not a
    /// loopback `http:` URL makes every request for the origin
    /// [`Refused`](FetchError::Refused).
    #[must_use]
    pub fn loopback_origin(mut self, origin: &str, loopback: &str) -> Self {
        let mut origins = self.origins.to_vec();
        origins.push((
            origin.trim_end_matches('/').to_owned(),
            loopback.trim_end_matches('/').to_owned(),
        ));
        self.origins = Arc::from(origins);
        self
    }

    /// This fetcher with a new, empty cache bounded by `limits`.
    #[must_use]
    pub fn cache(mut self, limits: CacheLimits) -> Self {
        self.cache = Some(Arc::new(Cache::new(limits)));
        self
    }

    /// This fetcher without a cache: every fetch goes to the network.
    #[must_use]
    pub fn without_cache(mut self) -> Self {
        self.cache = None;
        self
    }

    /// What the cache did so far (all zero without a cache).
    pub fn cache_stats(&self) -> CacheStats {
        self.cache.as_ref().map(|c| c.stats()).unwrap_or_default()
    }

    /// Forgets every cached response (the statistics stay).
    pub fn clear_cache(&self) {
        if let Some(cache) = &self.cache {
            cache.clear();
        }
    }

    /// The URL to request for `url` and whether it is loopback `http:`, or why it is
    /// refused.
    fn target(&self, url: &str) -> Result<(String, bool), FetchError> {
        let refused = |reason| FetchError::Refused {
            url: url.to_owned(),
            reason,
        };
        let routed = self.origins.iter().find_map(|(origin, base)| {
            let rest = url.strip_prefix(origin.as_str())?;
            (rest.is_empty() || rest.starts_with(['/', '?', '#'])).then(|| format!("{base}{rest}"))
        });
        if let Some(routed) = routed {
            if !self.loopback_http {
                return Err(refused(
                    "a loopback origin override needs allow_loopback_http",
                ));
            }
            if !is_loopback_http(&routed) {
                return Err(refused(
                    "a loopback origin override must name a loopback http URL",
                ));
            }
            return Ok((routed, true));
        }
        if url.starts_with("https://") {
            return Ok((url.to_owned(), false));
        }
        if self.loopback_http && is_loopback_http(url) {
            return Ok((url.to_owned(), true));
        }
        Err(refused("only https URLs are fetched"))
    }

    /// One request, uncached: the result and how long a success may be cached.
    fn request(
        &self,
        url: &str,
        target: &str,
        loopback: bool,
    ) -> (Result<Fetched, FetchError>, Option<Duration>) {
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .timeout_global(Some(self.timeout))
            .http_status_as_error(false)
            .https_only(!loopback)
            .max_redirects(if loopback { 0 } else { 3 })
            .build()
            .new_agent();
        let transport = |source: ureq::Error| FetchError::Transport {
            url: url.to_owned(),
            source: Box::new(source),
        };
        let mut response = match agent
            .get(target)
            .header(
                "Accept",
                "application/did+json, application/json, application/ld+json",
            )
            .call()
        {
            Ok(response) => response,
            Err(e) => return (Err(transport(e)), None),
        };
        let status = response.status().as_u16();
        if status == 404 || status == 410 {
            let error = FetchError::NotFound {
                url: url.to_owned(),
            };
            return (Err(error), None);
        }
        if !(200..300).contains(&status) {
            let error = FetchError::Status {
                url: url.to_owned(),
                status,
            };
            return (Err(error), None);
        }
        let header = |name: &str| {
            response
                .headers()
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned)
        };
        let media_type = header("content-type").map(|v| {
            v.split(';')
                .next()
                .unwrap_or_default()
                .trim()
                .to_ascii_lowercase()
        });
        let ttl = self.cache.as_ref().and_then(|cache| {
            cache
                .limits()
                .ttl(header("cache-control").as_deref(), header("age").as_deref())
        });
        let bytes = response
            .body_mut()
            .with_config()
            .limit(self.max_bytes as u64)
            .read_to_vec()
            .map_err(|e| match e {
                ureq::Error::BodyExceedsLimit(_) => FetchError::TooLarge {
                    url: url.to_owned(),
                    limit: self.max_bytes,
                },
                other => transport(other),
            });
        (bytes.map(|b| Fetched::new(b, media_type)), ttl)
    }
}

/// Whether `url` is `http://` to a loopback host.
fn is_loopback_http(url: &str) -> bool {
    let Some(rest) = url.strip_prefix("http://") else {
        return false;
    };
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    if authority.contains('@') {
        return false;
    }
    let host = if let Some(v6) = authority.strip_prefix('[') {
        v6.split(']').next().unwrap_or_default()
    } else {
        authority.split(':').next().unwrap_or_default()
    };
    matches!(host, "127.0.0.1" | "::1" | "localhost")
}

impl Fetcher for HttpFetcher {
    fn fetch(&self, url: &str) -> Result<Fetched, FetchError> {
        let (target, loopback) = self.target(url)?;
        match &self.cache {
            Some(cache) => cache.fetch_once(&target, self.max_bytes, || {
                self.request(url, &target, loopback)
            }),
            None => self.request(url, &target, loopback).0,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{HttpFetcher, is_loopback_http};
    use crate::fetch::{FetchError, Fetcher};

    #[test]
    fn loopback_detection() {
        assert!(is_loopback_http("http://127.0.0.1:8080/did.json"));
        assert!(is_loopback_http("http://localhost/x"));
        assert!(is_loopback_http("http://[::1]:80/x"));
        assert!(!is_loopback_http("http://127.0.0.1.evil.com/x"));
        assert!(
            !is_loopback_http("http://evil.com@127.0.0.1/x")
                && !is_loopback_http("http://127.0.0.1@evil.com/x")
        );
        assert!(!is_loopback_http("https://127.0.0.1/x"));
    }

    #[test]
    fn loopback_origins_route_only_their_origin() {
        let fetcher = HttpFetcher::new()
            .allow_loopback_http(true)
            .loopback_origin("https://issuer.example/", "http://127.0.0.1:9");
        assert_eq!(
            fetcher
                .target("https://issuer.example/.well-known/did.json")
                .unwrap(),
            ("http://127.0.0.1:9/.well-known/did.json".to_owned(), true)
        );
        assert_eq!(
            fetcher.target("https://issuer.example").unwrap(),
            ("http://127.0.0.1:9".to_owned(), true)
        );
        // Another host that merely starts with the origin is not routed.
        assert_eq!(
            fetcher.target("https://issuer.example.evil.com/x").unwrap(),
            ("https://issuer.example.evil.com/x".to_owned(), false)
        );
        // Without allow_loopback_http, or to a non-loopback target, the origin is refused.
        let closed =
            HttpFetcher::new().loopback_origin("https://issuer.example", "http://127.0.0.1:9");
        assert!(matches!(
            closed.fetch("https://issuer.example/x"),
            Err(FetchError::Refused { .. })
        ));
        let elsewhere = HttpFetcher::new()
            .allow_loopback_http(true)
            .loopback_origin("https://issuer.example", "http://evil.com");
        assert!(matches!(
            elsewhere.fetch("https://issuer.example/x"),
            Err(FetchError::Refused { .. })
        ));
        assert!(matches!(
            HttpFetcher::new().fetch("ftp://example.com/x"),
            Err(FetchError::Refused { .. })
        ));
    }
}
