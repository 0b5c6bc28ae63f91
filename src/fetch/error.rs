//! Why a document could not be fetched.

/// Why a document could not be fetched.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum FetchError {
    /// The fetcher is offline and refuses every URL.
    #[error("offline: refusing to fetch {url} (configure a Fetcher to allow it)")]
    Offline {
        /// The URL asked for.
        url: String,
    },
    /// Nothing is known at this URL.
    #[error("not found: {url}")]
    NotFound {
        /// The URL asked for.
        url: String,
    },
    /// The fetcher's policy refuses this URL.
    #[error("refusing to fetch {url}: {reason}")]
    Refused {
        /// The URL asked for.
        url: String,
        /// Why it is refused.
        reason: &'static str,
    },
    /// The server answered with an unsuccessful HTTP status.
    #[error("HTTP status {status} fetching {url}")]
    Status {
        /// The URL asked for.
        url: String,
        /// The status code.
        status: u16,
    },
    /// The response is larger than the fetcher accepts.
    #[error("response from {url} exceeds the limit of {limit} bytes")]
    TooLarge {
        /// The URL asked for.
        url: String,
        /// The limit in force.
        limit: usize,
    },
    /// The transport failed (DNS, TLS, timeout, connection).
    #[error("fetching {url} failed: {source}")]
    Transport {
        /// The URL asked for.
        url: String,
        /// The underlying error.
        #[source]
        source: Box<dyn std::error::Error + Send + Sync + 'static>,
    },
}

impl FetchError {
    /// The URL asked for.
    pub fn url(&self) -> &str {
        match self {
            FetchError::Offline { url }
            | FetchError::NotFound { url }
            | FetchError::Refused { url, .. }
            | FetchError::Status { url, .. }
            | FetchError::TooLarge { url, .. }
            | FetchError::Transport { url, .. } => url,
        }
    }

    /// The same error again, for answering a repeated request from a record (a transport
    /// error's source is kept as its message).
    pub(crate) fn replay(&self) -> FetchError {
        match self {
            FetchError::Offline { url } => FetchError::Offline { url: url.clone() },
            FetchError::NotFound { url } => FetchError::NotFound { url: url.clone() },
            FetchError::Refused { url, reason } => FetchError::Refused {
                url: url.clone(),
                reason,
            },
            FetchError::Status { url, status } => FetchError::Status {
                url: url.clone(),
                status: *status,
            },
            FetchError::TooLarge { url, limit } => FetchError::TooLarge {
                url: url.clone(),
                limit: *limit,
            },
            FetchError::Transport { url, source } => FetchError::Transport {
                url: url.clone(),
                source: Box::new(std::io::Error::other(source.to_string())),
            },
        }
    }
}
