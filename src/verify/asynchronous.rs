//! Asynchronous verification: [`Verifier::verify_async`] over an [`AsyncFetcher`].
//!
//! The checks themselves are CPU work and stay synchronous; only fetching waits. A
//! verification runs in rounds: each round verifies with what has been fetched so far,
//! recording every URL it needed and did not have; those are then fetched with the async
//! fetcher, and the next round verifies again. It ends when a round needs nothing new (its
//! report is the answer) or after [`MAX_ROUNDS`] rounds (what is still missing is then
//! reported unavailable, so the verdict is indeterminate, never valid). A URL is fetched at
//! most once per verification, and at most the policy's `max_fetches` URLs in all.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::{Arc, Mutex, PoisonError};

use super::{Verifier, VerifyError};
use crate::document::Document;
use crate::fetch::{AsyncFetcher, FetchError, Fetched, Fetcher};

use super::VerificationReport;

/// The most verification rounds of one asynchronous verification. Each round resolves one
/// more link of a chain (credential → issuer DID document → status list → the list's issuer
/// → refreshed credential ...); real chains are two or three links long.
pub const MAX_ROUNDS: usize = 8;

/// What the rounds of one verification have fetched, and what the current round missed.
#[derive(Default)]
struct Record {
    fetched: BTreeMap<String, Result<Fetched, FetchError>>,
    missed: BTreeSet<String>,
}

/// The fetcher of one round: answers from the record; a URL not in it is recorded as missed
/// and refused (offline) for this round.
#[derive(Clone, Default)]
struct RoundFetcher(Arc<Mutex<Record>>);

impl RoundFetcher {
    fn lock(&self) -> std::sync::MutexGuard<'_, Record> {
        self.0.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

impl Fetcher for RoundFetcher {
    fn fetch(&self, url: &str) -> Result<Fetched, FetchError> {
        let mut record = self.lock();
        match record.fetched.get(url) {
            Some(Ok(fetched)) => Ok(fetched.clone()),
            Some(Err(e)) => Err(e.replay()),
            None => {
                record.missed.insert(url.to_owned());
                Err(FetchError::Offline {
                    url: url.to_owned(),
                })
            }
        }
    }
}

impl Verifier {
    /// Verifies `document` like [`verify`](Self::verify), fetching keys (did:web, HTTPS
    /// controller documents) and resources (status lists, refreshed credentials) with the
    /// async `fetcher` instead of the verifier's own fetcher.
    ///
    /// The checks are CPU work and run on the calling task between fetches; on a
    /// multi-threaded runtime, call it from `spawn_blocking` or a dedicated pool when many
    /// large documents are verified at once. See the module notes of
    /// [`crate::fetch`] for the pre-fetch pattern this implements. A key resolver or proof
    /// checker given to the builder resolves keys on its own, without `fetcher`.
    ///
    /// ```
    /// # #[cfg(feature = "ed25519")] {
    /// use openbadges::Document;
    /// use openbadges::fetch::MemoryFetcher;
    /// use openbadges::verify::{Verdict, Verifier};
    ///
    /// let bytes = std::fs::read(concat!(
    ///     env!("CARGO_MANIFEST_DIR"),
    ///     "/fixtures/interop/credentials/ob-minimal-eddsa-rdfc-2022.json"
    /// ))?;
    /// let document = Document::from_slice(&bytes)?;
    /// // Every `Fetcher` is an `AsyncFetcher`; an async HTTP client would be one too.
    /// let report = futures::executor::block_on(
    ///     Verifier::offline().verify_async(&document, &MemoryFetcher::new()),
    /// );
    /// assert_eq!(report.verdict(), Verdict::Valid);
    /// # }
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub async fn verify_async<F: AsyncFetcher + ?Sized>(
        &self,
        document: &Document,
        fetcher: &F,
    ) -> VerificationReport {
        self.in_rounds(fetcher, |verifier| verifier.verify(document))
            .await
    }

    /// Verifies bytes like [`verify_bytes`](Self::verify_bytes) (JSON, compact JWS or
    /// SD-JWT), fetching with the async `fetcher` as [`verify_async`](Self::verify_async)
    /// does.
    ///
    /// # Errors
    /// As [`verify_bytes`](Self::verify_bytes).
    pub async fn verify_bytes_async<F: AsyncFetcher + ?Sized>(
        &self,
        bytes: &[u8],
        fetcher: &F,
    ) -> Result<VerificationReport, VerifyError> {
        self.in_rounds(fetcher, |verifier| verifier.verify_bytes(bytes))
            .await
    }

    async fn in_rounds<F: AsyncFetcher + ?Sized, T>(
        &self,
        fetcher: &F,
        verify: impl Fn(&Verifier) -> T,
    ) -> T {
        let round = RoundFetcher::default();
        let verifier = self.fetching_with(Arc::new(round.clone()));
        let mut budget = self.policy.max_fetches;
        for _ in 1..MAX_ROUNDS {
            let answer = verify(&verifier);
            let missed = std::mem::take(&mut round.lock().missed);
            if missed.is_empty() || budget == 0 {
                return answer;
            }
            for url in missed.into_iter().take(budget) {
                budget -= 1;
                let result = fetcher.fetch(&url).await;
                round.lock().fetched.insert(url, result);
            }
        }
        verify(&verifier)
    }

    /// This verifier with keys and resources fetched by `fetcher` (the builder's key
    /// resolver or proof checker, when given, are kept).
    fn fetching_with(&self, fetcher: Arc<dyn Fetcher>) -> Verifier {
        Verifier {
            policy: self.policy.clone(),
            proofs: self.config.proof_checker_for(Arc::clone(&fetcher)),
            fetcher,
            validator: self.validator.clone(),
            lists: Arc::clone(&self.lists),
            config: Arc::clone(&self.config),
        }
    }
}
