//! [`AsyncFetcher`]: the asynchronous form of [`Fetcher`].

use super::{FetchError, Fetched, Fetcher};

/// The asynchronous form of [`Fetcher`], for callers whose HTTP client or store is async.
///
/// Every [`Fetcher`] is an `AsyncFetcher` (its future is ready at once). When both traits
/// are in scope, call `AsyncFetcher::fetch(&fetcher, url)` to pick this one.
///
/// ```
/// use openbadges::fetch::{AsyncFetcher, FetchError, Fetched};
///
/// /// Answers after an await point, as an async HTTP client would.
/// struct Remote;
///
/// impl AsyncFetcher for Remote {
///     fn fetch(&self, url: &str) -> impl Future<Output = Result<Fetched, FetchError>> + Send {
///         let url = url.to_owned();
///         async move {
///             std::future::ready(()).await;
///             Err(FetchError::NotFound { url })
///         }
///     }
/// }
///
/// let result = futures::executor::block_on(Remote.fetch("https://example.edu/x"));
/// assert!(matches!(result, Err(FetchError::NotFound { .. })));
/// ```
pub trait AsyncFetcher: Send + Sync {
    /// Fetches `url`.
    ///
    /// # Errors
    /// The future resolves to a [`FetchError`], as [`Fetcher::fetch`].
    fn fetch(&self, url: &str) -> impl Future<Output = Result<Fetched, FetchError>> + Send;
}

impl<F: Fetcher + ?Sized> AsyncFetcher for F {
    fn fetch(&self, url: &str) -> impl Future<Output = Result<Fetched, FetchError>> + Send {
        std::future::ready(Fetcher::fetch(self, url))
    }
}
