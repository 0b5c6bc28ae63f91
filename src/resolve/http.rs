//! The HTTP fetcher (feature `http`): blocking ureq with timeouts and a size limit.

use std::time::Duration;

use super::{FetchError, Fetched, Fetcher};

/// Fetches documents over HTTPS with [ureq](https://docs.rs/ureq).
///
/// Secure defaults: HTTPS only (including every redirect, at most 3), a 10-second overall
/// timeout and a 1 MiB response limit. Plain `http:` is refused unless
/// [`allow_loopback_http`](Self::allow_loopback_http) is set, and even then only for
/// loopback hosts (`127.0.0.1`, `[::1]`, `localhost`) and without redirects: it exists for
/// tests that serve documents from a local server.
#[derive(Clone, Debug)]
pub struct HttpFetcher {
    timeout: Duration,
    max_bytes: usize,
    loopback_http: bool,
}

impl Default for HttpFetcher {
    fn default() -> Self {
        HttpFetcher {
            timeout: Duration::from_secs(10),
            max_bytes: 1024 * 1024,
            loopback_http: false,
        }
    }
}

impl HttpFetcher {
    /// A fetcher with the default timeout (10 s) and size limit (1 MiB).
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
        let loopback = self.loopback_http && is_loopback_http(url);
        if !url.starts_with("https://") && !loopback {
            return Err(FetchError::Refused {
                url: url.to_owned(),
                reason: "only https URLs are fetched",
            });
        }
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
        let mut response = agent
            .get(url)
            .header(
                "Accept",
                "application/did+json, application/json, application/ld+json",
            )
            .call()
            .map_err(transport)?;
        let status = response.status().as_u16();
        if status == 404 || status == 410 {
            return Err(FetchError::NotFound {
                url: url.to_owned(),
            });
        }
        if !(200..300).contains(&status) {
            return Err(FetchError::Status {
                url: url.to_owned(),
                status,
            });
        }
        let media_type = response
            .headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .map(|v| {
                v.split(';')
                    .next()
                    .unwrap_or_default()
                    .trim()
                    .to_ascii_lowercase()
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
            })?;
        Ok(Fetched::new(bytes, media_type))
    }
}

#[cfg(test)]
mod tests {
    use super::is_loopback_http;

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
}
