//! [`VerifierBuilder`]: the one way to configure a [`Verifier`].

use std::sync::Arc;

use super::checker::DataIntegrityChecker;
use super::seams::{ProofChecker, StaticValidator};
use super::{Policy, Verifier};
use crate::fetch::{Fetcher, OfflineFetcher};
use crate::proof::RdfcCanonicalizer;
use crate::resolve::{self, KeyResolver, Resolver};

/// How many resolved verification methods a standard verifier keeps (one fetch per issuer
/// key, not one per proof).
const RESOLVED_KEYS: usize = 256;

/// How proofs are checked.
#[derive(Clone)]
pub(super) enum Proofs {
    /// The standard [`DataIntegrityChecker`], with keys resolved through the verifier's
    /// fetcher (or through the caller's resolver) and this canonicalizer.
    Standard {
        resolver: Option<Arc<dyn KeyResolver + Send + Sync>>,
        canonicalizer: RdfcCanonicalizer,
    },
    /// The caller's own checker.
    Custom(Arc<dyn ProofChecker>),
}

/// Schema and rules validation.
#[derive(Clone)]
pub(super) enum Validation {
    /// The bundled OB 3.0 / CLR 2.0 schemas and rules (with the `schema` feature; without
    /// it, reports say `schema.skipped`).
    Standard,
    /// The caller's own validator.
    Custom(Arc<dyn StaticValidator>),
    /// None (reports say `schema.skipped` unless the policy switches schema checks off).
    Off,
}

/// Builds a [`Verifier`]: `Verifier::builder().fetcher(f).policy(p).build()`.
///
/// Every part has a secure, offline default:
/// - [`policy`](Self::policy): [`Policy::default`];
/// - [`fetcher`](Self::fetcher): [`OfflineFetcher`]. One fetcher serves keys (did:web,
///   HTTPS controller documents) and resources (status lists, refreshed credentials);
/// - proofs: the standard Data Integrity / JOSE / SD-JWT checker, resolving keys through the
///   fetcher (did:key and did:jwk need none), caching up to 256 resolved keys; replace the
///   key resolution with [`resolver`](Self::resolver) or the whole checker with
///   [`proof_checker`](Self::proof_checker);
/// - validation: the bundled schemas and rules (feature `schema`); replace with
///   [`validator`](Self::validator) or switch off with [`without_schema`](Self::without_schema).
///
/// ```
/// use openbadges::fetch::MemoryFetcher;
/// use openbadges::verify::{Policy, Verifier};
///
/// let verifier = Verifier::builder()
///     .fetcher(MemoryFetcher::new())
///     .policy(Policy::builder().challenge("abc").build()?)
///     .build();
/// assert_eq!(verifier.policy().challenge_and_domain(), (Some("abc"), None));
/// # Ok::<(), openbadges::verify::PolicyError>(())
/// ```
#[derive(Clone)]
#[must_use]
pub struct VerifierBuilder {
    pub(super) policy: Policy,
    pub(super) fetcher: Arc<dyn Fetcher>,
    pub(super) proofs: Proofs,
    pub(super) validation: Validation,
}

impl std::fmt::Debug for VerifierBuilder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("VerifierBuilder")
            .field("policy", &self.policy)
            .finish_non_exhaustive()
    }
}

impl Default for VerifierBuilder {
    fn default() -> Self {
        VerifierBuilder {
            policy: Policy::default(),
            fetcher: Arc::new(OfflineFetcher),
            proofs: Proofs::Standard {
                resolver: None,
                canonicalizer: RdfcCanonicalizer::new(),
            },
            validation: Validation::Standard,
        }
    }
}

impl VerifierBuilder {
    /// Verifies under `policy`.
    pub fn policy(mut self, policy: Policy) -> Self {
        self.policy = policy;
        self
    }

    /// Fetches keys and resources with `fetcher` (`HttpFetcher` with the `http` feature, a
    /// [`MemoryFetcher`](crate::fetch::MemoryFetcher) of pre-fetched documents, your own).
    pub fn fetcher(mut self, fetcher: impl Fetcher + 'static) -> Self {
        self.fetcher = Arc::new(fetcher);
        self
    }

    /// Resolves proof keys with `resolver` instead of through the fetcher (a pinned key
    /// set, a KMS, a database of issuer keys). Resources are still fetched with the fetcher.
    /// Has no effect together with [`proof_checker`](Self::proof_checker).
    pub fn resolver(mut self, resolver: impl KeyResolver + Send + Sync + 'static) -> Self {
        let canonicalizer = match self.proofs {
            Proofs::Standard { canonicalizer, .. } => canonicalizer,
            Proofs::Custom(_) => RdfcCanonicalizer::new(),
        };
        self.proofs = Proofs::Standard {
            resolver: Some(Arc::new(resolver)),
            canonicalizer,
        };
        self
    }

    /// Canonicalizes RDFC suites with `canonicalizer` (private contexts, other limits).
    pub fn canonicalizer(mut self, canonicalizer: RdfcCanonicalizer) -> Self {
        let resolver = match self.proofs {
            Proofs::Standard { resolver, .. } => resolver,
            Proofs::Custom(_) => None,
        };
        self.proofs = Proofs::Standard {
            resolver,
            canonicalizer,
        };
        self
    }

    /// Checks proofs with `checker` instead of the standard checker (another suite, a
    /// hardware verifier, a test double).
    pub fn proof_checker(mut self, checker: impl ProofChecker + 'static) -> Self {
        self.proofs = Proofs::Custom(Arc::new(checker));
        self
    }

    /// Validates every credential with `validator` instead of the bundled schemas.
    pub fn validator(mut self, validator: impl StaticValidator + 'static) -> Self {
        self.validation = Validation::Custom(Arc::new(validator));
        self
    }

    /// No schema or rules validation (reports say `schema.skipped` unless the policy
    /// switches schema checks off).
    pub fn without_schema(mut self) -> Self {
        self.validation = Validation::Off;
        self
    }

    /// The verifier.
    pub fn build(self) -> Verifier {
        let proofs = self.proof_checker_for(Arc::clone(&self.fetcher));
        let validator = match &self.validation {
            Validation::Standard => standard_validator(),
            Validation::Custom(validator) => Some(Arc::clone(validator)),
            Validation::Off => None,
        };
        Verifier {
            policy: self.policy.clone(),
            proofs,
            fetcher: Arc::clone(&self.fetcher),
            validator,
            lists: Arc::default(),
            config: Arc::new(self),
        }
    }

    /// The proof checker of this configuration, resolving keys through `fetcher`.
    pub(super) fn proof_checker_for(&self, fetcher: Arc<dyn Fetcher>) -> Arc<dyn ProofChecker> {
        match &self.proofs {
            Proofs::Custom(checker) => Arc::clone(checker),
            Proofs::Standard {
                resolver,
                canonicalizer,
            } => {
                let checker = match resolver {
                    Some(resolver) => DataIntegrityChecker::new(Arc::clone(resolver)),
                    None => DataIntegrityChecker::new(resolve::CachingResolver::new(
                        Resolver::with_fetcher(fetcher),
                        RESOLVED_KEYS,
                    )),
                };
                Arc::new(checker.with_canonicalizer(canonicalizer.clone()))
            }
        }
    }
}

#[cfg(feature = "schema")]
fn standard_validator() -> Option<Arc<dyn StaticValidator>> {
    // The bundled schemas compile (tested); were they not to, reports say `schema.skipped`
    // rather than failing.
    super::SchemaValidator::new()
        .ok()
        .map(|v| Arc::new(v) as Arc<dyn StaticValidator>)
}

#[cfg(not(feature = "schema"))]
fn standard_validator() -> Option<Arc<dyn StaticValidator>> {
    None
}
