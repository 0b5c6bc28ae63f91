//! The response cache of [`HttpFetcher`](super::HttpFetcher): bounded in entries and bytes,
//! entries live for the response's `Cache-Control: max-age` (capped) or a default TTL, least
//! recently used first out, and one request per URL at a time (concurrent callers asking for
//! the same URL wait for the first one's answer instead of all going to the network).

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

use super::super::Fetched;

/// Bounds of the [`HttpFetcher`](super::HttpFetcher) response cache.
///
/// ```
/// use std::time::Duration;
/// use openbadges::fetch::CacheLimits;
///
/// let limits = CacheLimits::default()
///     .max_entries(64)
///     .max_bytes(4 * 1024 * 1024)
///     .default_ttl(Duration::from_secs(60));
/// assert_eq!(limits.entries(), 64);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CacheLimits {
    max_entries: usize,
    max_bytes: usize,
    default_ttl: Duration,
    max_ttl: Duration,
}

impl Default for CacheLimits {
    /// 256 entries, 32 MiB in all, 5 minutes when the response says nothing, at most 1 day.
    fn default() -> Self {
        CacheLimits {
            max_entries: 256,
            max_bytes: 32 * 1024 * 1024,
            default_ttl: Duration::from_secs(300),
            max_ttl: Duration::from_secs(24 * 3600),
        }
    }
}

impl CacheLimits {
    /// These limits with at most `count` cached responses.
    #[must_use]
    pub fn max_entries(mut self, count: usize) -> Self {
        self.max_entries = count;
        self
    }

    /// These limits with at most `bytes` of cached bodies in all (a larger body is not
    /// cached).
    #[must_use]
    pub fn max_bytes(mut self, bytes: usize) -> Self {
        self.max_bytes = bytes;
        self
    }

    /// These limits keeping a response without `Cache-Control: max-age` for `ttl`.
    #[must_use]
    pub fn default_ttl(mut self, ttl: Duration) -> Self {
        self.default_ttl = ttl;
        self
    }

    /// These limits keeping no response longer than `ttl`, whatever its `max-age`.
    #[must_use]
    pub fn max_ttl(mut self, ttl: Duration) -> Self {
        self.max_ttl = ttl;
        self
    }

    /// The largest number of cached responses.
    pub fn entries(&self) -> usize {
        self.max_entries
    }

    /// The largest total size of cached bodies, in bytes.
    pub fn bytes(&self) -> usize {
        self.max_bytes
    }

    /// How long a cached response lives given its `Cache-Control` and `Age` headers:
    /// `None` when it must not be cached (`no-store`, `no-cache`, `max-age=0`, or already
    /// older than its `max-age`).
    pub(super) fn ttl(&self, cache_control: Option<&str>, age: Option<&str>) -> Option<Duration> {
        let mut max_age = None;
        for directive in cache_control.unwrap_or_default().split(',') {
            let directive = directive.trim().to_ascii_lowercase();
            if directive == "no-store" || directive == "no-cache" {
                return None;
            }
            if let Some(seconds) = directive.strip_prefix("max-age=") {
                // An unparsable max-age is treated as stale (RFC 9111 §4.2.1).
                max_age = Some(seconds.trim_matches('"').parse::<u64>().unwrap_or(0));
            }
        }
        let ttl = match max_age {
            Some(seconds) => {
                let age = age.and_then(|a| a.trim().parse::<u64>().ok()).unwrap_or(0);
                Duration::from_secs(seconds.saturating_sub(age))
            }
            None => self.default_ttl,
        };
        let ttl = ttl.min(self.max_ttl);
        (!ttl.is_zero()).then_some(ttl)
    }
}

/// What the cache did so far (for monitoring and tests).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct CacheStats {
    /// Answers served from the cache.
    pub hits: u64,
    /// Requests that went to the network (successful or not).
    pub misses: u64,
    /// Responses cached now.
    pub entries: usize,
    /// Total size of the cached bodies now, in bytes.
    pub bytes: usize,
}

struct Entry {
    fetched: Fetched,
    expires: Instant,
    stamp: u64,
}

#[derive(Default)]
struct State {
    entries: BTreeMap<String, Entry>,
    /// Recency: stamp → URL, oldest first.
    order: BTreeMap<u64, String>,
    next_stamp: u64,
    bytes: usize,
    /// One lock per URL being fetched now.
    flights: BTreeMap<String, Arc<Mutex<()>>>,
}

impl State {
    fn remove(&mut self, url: &str) {
        if let Some(entry) = self.entries.remove(url) {
            self.order.remove(&entry.stamp);
            self.bytes -= entry.fetched.bytes.len();
        }
    }

    fn stamp(&mut self) -> u64 {
        self.next_stamp += 1;
        self.next_stamp
    }
}

/// The shared cache (clones of a fetcher share one).
pub(super) struct Cache {
    limits: CacheLimits,
    state: Mutex<State>,
    hits: AtomicU64,
    misses: AtomicU64,
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    // The state stays consistent between statements; a panic elsewhere cannot corrupt it.
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

impl Cache {
    pub(super) fn new(limits: CacheLimits) -> Self {
        Cache {
            limits,
            state: Mutex::new(State::default()),
            hits: AtomicU64::new(0),
            misses: AtomicU64::new(0),
        }
    }

    pub(super) fn limits(&self) -> &CacheLimits {
        &self.limits
    }

    /// The fresh cached response for `url` no larger than `max_bytes`, if any.
    pub(super) fn get(&self, url: &str, max_bytes: usize) -> Option<Fetched> {
        let now = Instant::now();
        let mut state = lock(&self.state);
        let (expired, old_stamp) = match state.entries.get(url) {
            None => return None,
            Some(entry) => (entry.expires <= now, entry.stamp),
        };
        if expired {
            state.remove(url);
            return None;
        }
        let stamp = state.stamp();
        state.order.remove(&old_stamp);
        state.order.insert(stamp, url.to_owned());
        let entry = state.entries.get_mut(url)?;
        entry.stamp = stamp;
        if entry.fetched.bytes.len() > max_bytes {
            return None;
        }
        self.hits.fetch_add(1, Ordering::Relaxed);
        Some(entry.fetched.clone())
    }

    /// Runs `fetch` for `url` unless another caller is fetching it already, in which case
    /// this waits and then serves that caller's answer from the cache (when it was
    /// cacheable). `fetch` returns the result and how long to keep a success.
    pub(super) fn fetch_once<E>(
        &self,
        url: &str,
        max_bytes: usize,
        fetch: impl FnOnce() -> (Result<Fetched, E>, Option<Duration>),
    ) -> Result<Fetched, E> {
        if let Some(hit) = self.get(url, max_bytes) {
            return Ok(hit);
        }
        let flight = {
            let mut state = lock(&self.state);
            Arc::clone(state.flights.entry(url.to_owned()).or_default())
        };
        let result = {
            let _only_one = lock(&flight);
            if let Some(hit) = self.get(url, max_bytes) {
                return Ok(hit);
            }
            self.misses.fetch_add(1, Ordering::Relaxed);
            let (result, ttl) = fetch();
            if let (Ok(fetched), Some(ttl)) = (&result, ttl) {
                self.insert(url, fetched, ttl);
            }
            result
        };
        let mut state = lock(&self.state);
        if state
            .flights
            .get(url)
            .is_some_and(|f| Arc::ptr_eq(f, &flight))
        {
            state.flights.remove(url);
        }
        result
    }

    fn insert(&self, url: &str, fetched: &Fetched, ttl: Duration) {
        let size = fetched.bytes.len();
        if self.limits.max_entries == 0 || size > self.limits.max_bytes {
            return;
        }
        let Some(expires) = Instant::now().checked_add(ttl) else {
            return;
        };
        let mut state = lock(&self.state);
        state.remove(url);
        while state.entries.len() >= self.limits.max_entries
            || state.bytes + size > self.limits.max_bytes
        {
            let Some((_, oldest)) = state.order.pop_first() else {
                break;
            };
            state.remove(&oldest);
        }
        let stamp = state.stamp();
        state.order.insert(stamp, url.to_owned());
        state.bytes += size;
        state.entries.insert(
            url.to_owned(),
            Entry {
                fetched: fetched.clone(),
                expires,
                stamp,
            },
        );
    }

    pub(super) fn stats(&self) -> CacheStats {
        let state = lock(&self.state);
        CacheStats {
            hits: self.hits.load(Ordering::Relaxed),
            misses: self.misses.load(Ordering::Relaxed),
            entries: state.entries.len(),
            bytes: state.bytes,
        }
    }

    pub(super) fn clear(&self) {
        let mut state = lock(&self.state);
        state.entries.clear();
        state.order.clear();
        state.bytes = 0;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body(n: usize) -> Fetched {
        Fetched::new(vec![b'x'; n], None)
    }

    fn ok(n: usize) -> (Result<Fetched, ()>, Option<Duration>) {
        (Ok(body(n)), Some(Duration::from_secs(60)))
    }

    #[test]
    fn ttl_from_headers() {
        let limits = CacheLimits::default();
        assert_eq!(limits.ttl(None, None), Some(Duration::from_secs(300)));
        assert_eq!(
            limits.ttl(Some("public, max-age=60"), None),
            Some(Duration::from_secs(60))
        );
        assert_eq!(
            limits.ttl(Some("max-age=60"), Some("50")),
            Some(Duration::from_secs(10))
        );
        assert_eq!(limits.ttl(Some("max-age=60"), Some("70")), None);
        assert_eq!(limits.ttl(Some("max-age=0"), None), None);
        assert_eq!(limits.ttl(Some("max-age=soon"), None), None);
        assert_eq!(limits.ttl(Some("No-Store"), None), None);
        assert_eq!(limits.ttl(Some("max-age=60, no-cache"), None), None);
        assert_eq!(
            limits.ttl(Some("max-age=99999999999"), None),
            Some(Duration::from_secs(86_400))
        );
    }

    #[test]
    fn bounded_in_entries_and_bytes_least_recently_used_first() {
        let cache = Cache::new(CacheLimits::default().max_entries(2).max_bytes(100));
        for url in ["a", "b"] {
            cache.fetch_once(url, usize::MAX, || ok(10)).unwrap();
        }
        // Touch `a`, so `b` is the oldest.
        assert!(cache.get("a", usize::MAX).is_some());
        cache.fetch_once("c", usize::MAX, || ok(10)).unwrap();
        assert!(cache.get("b", usize::MAX).is_none());
        assert!(cache.get("a", usize::MAX).is_some());
        assert_eq!(cache.stats().entries, 2);
        // 95 bytes push everything else out; 101 bytes are never cached.
        cache.fetch_once("d", usize::MAX, || ok(95)).unwrap();
        assert_eq!(cache.stats().entries, 1);
        assert_eq!(cache.stats().bytes, 95);
        cache.fetch_once("e", usize::MAX, || ok(101)).unwrap();
        assert!(cache.get("e", usize::MAX).is_none());
        assert_eq!(cache.stats().bytes, 95);
        // A caller with a smaller limit does not get the larger cached body.
        assert!(cache.get("d", 50).is_none());
        cache.clear();
        assert_eq!(cache.stats().entries, 0);
        assert_eq!(cache.stats().bytes, 0);
    }

    #[test]
    fn failures_and_uncacheable_responses_are_not_kept() {
        let cache = Cache::new(CacheLimits::default());
        assert!(
            cache
                .fetch_once("a", usize::MAX, || (Err::<Fetched, _>(()), None))
                .is_err()
        );
        cache
            .fetch_once("b", usize::MAX, || (Ok::<_, ()>(body(1)), None))
            .unwrap();
        assert_eq!(cache.stats().entries, 0);
        assert_eq!(cache.stats().misses, 2);
    }

    #[test]
    fn expired_entries_are_fetched_again() {
        let cache = Cache::new(CacheLimits::default());
        cache
            .fetch_once("a", usize::MAX, || {
                (Ok::<_, ()>(body(1)), Some(Duration::from_millis(1)))
            })
            .unwrap();
        std::thread::sleep(Duration::from_millis(5));
        assert!(cache.get("a", usize::MAX).is_none());
        assert_eq!(cache.stats().entries, 0);
    }

    #[test]
    fn concurrent_callers_share_one_request() {
        let cache = Arc::new(Cache::new(CacheLimits::default()));
        let calls = Arc::new(AtomicU64::new(0));
        let threads: Vec<_> = (0..8)
            .map(|_| {
                let cache = Arc::clone(&cache);
                let calls = Arc::clone(&calls);
                std::thread::spawn(move || {
                    cache
                        .fetch_once("a", usize::MAX, || {
                            calls.fetch_add(1, Ordering::SeqCst);
                            std::thread::sleep(Duration::from_millis(50));
                            ok(3)
                        })
                        .unwrap()
                })
            })
            .collect();
        for t in threads {
            assert_eq!(t.join().unwrap().bytes.len(), 3);
        }
        assert_eq!(calls.load(Ordering::SeqCst), 1);
        let stats = cache.stats();
        assert_eq!((stats.hits, stats.misses), (7, 1));
    }

    mod properties {
        use super::*;
        use proptest::prelude::*;

        proptest! {
            /// Any header text: no panic, never longer than the cap, never for no-store.
            #[test]
            fn ttl_is_bounded(cache_control in ".{0,40}", age in "[0-9a-z]{0,6}") {
                let limits = CacheLimits::default().max_ttl(Duration::from_secs(600));
                let ttl = limits.ttl(Some(&cache_control), Some(&age));
                prop_assert!(ttl.is_none_or(|t| !t.is_zero() && t <= Duration::from_secs(600)));
                let no_store = format!("{cache_control}, no-store");
                prop_assert_eq!(limits.ttl(Some(&no_store), Some(&age)), None);
            }

            /// Any sequence of fetches and lookups keeps the cache within its bounds, its
            /// byte count exact, and a hit equal to what was fetched.
            #[test]
            fn bounds_hold(ops in proptest::collection::vec((0u8..12, 0usize..60, any::<bool>()), 1..80)) {
                let cache = Cache::new(CacheLimits::default().max_entries(4).max_bytes(100));
                for (key, size, lookup) in ops {
                    let url = format!("u{key}");
                    if lookup {
                        if let Some(hit) = cache.get(&url, usize::MAX) {
                            prop_assert!(hit.bytes.iter().all(|&b| b == key));
                        }
                    } else {
                        let fetched = cache
                            .fetch_once(&url, usize::MAX, || {
                                (Ok::<_, ()>(Fetched::new(vec![key; size], None)), Some(Duration::from_secs(60)))
                            })
                            .unwrap();
                        prop_assert!(fetched.bytes.iter().all(|&b| b == key));
                    }
                    let state = lock(&cache.state);
                    let sum: usize = state.entries.values().map(|e| e.fetched.bytes.len()).sum();
                    prop_assert!(state.entries.len() <= 4 && state.bytes <= 100);
                    prop_assert_eq!(sum, state.bytes);
                    prop_assert_eq!(state.order.len(), state.entries.len());
                    prop_assert!(state.flights.is_empty());
                }
            }
        }
    }
}
