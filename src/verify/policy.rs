//! [`Policy`]: what the verifier checks and how strictly, and the [`Clock`] it reads.

use std::collections::BTreeSet;
use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};

use super::codes;
use crate::document::ParseLimits;

/// The source of "now" for validity checks.
pub trait Clock: Send + Sync {
    /// The current instant.
    fn now(&self) -> DateTime<Utc>;
}

/// The system clock (the default).
#[derive(Clone, Copy, Debug, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> DateTime<Utc> {
        Utc::now()
    }
}

/// A clock stopped at one instant (tests, re-verification as of a past date).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FixedClock(pub DateTime<Utc>);

impl Clock for FixedClock {
    fn now(&self) -> DateTime<Utc> {
        self.0
    }
}

/// The recipient the verifier expects (OB 3.0 "verify the subject").
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ExpectedRecipient {
    /// Compared with `credentialSubject.id`.
    Id(String),
    /// A plaintext identity (an email address, a student id, ...) compared with each
    /// `credentialSubject.identifier[]` IdentityObject, hashing it with the entry's salt when
    /// the entry is hashed.
    Identity {
        /// The `identityType` it must have (`emailAddress`, ...); `None` accepts any type.
        identity_type: Option<String>,
        /// The known plaintext identity.
        value: String,
    },
}

/// Why a [`PolicyBuilder`] could not build.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum PolicyError {
    /// Lenient mode may not downgrade proof or signature findings.
    #[error(
        "finding code \"{code}\" cannot be made lenient: proof and signature findings are never downgraded"
    )]
    ProtectedCode {
        /// The refused code.
        code: String,
    },
    /// A limit of zero would refuse every credential.
    #[error("the limit `{limit}` must be at least 1")]
    ZeroLimit {
        /// The name of the limit.
        limit: &'static str,
    },
}

/// What the [`Verifier`](super::Verifier) checks and how strictly.
///
/// Build one with [`Policy::builder`]; [`Policy::default`] is the strict default: system
/// clock, 300 s clock-skew leeway, any suite the proof checker supports, status, refresh and
/// schema checks on, no expected recipient, nothing lenient.
#[derive(Clone)]
pub struct Policy {
    pub(super) clock: Arc<dyn Clock>,
    pub(super) leeway: Duration,
    pub(super) allowed_suites: Option<BTreeSet<String>>,
    pub(super) check_status: bool,
    pub(super) refresh: bool,
    pub(super) check_schema: bool,
    pub(super) recipient: Option<ExpectedRecipient>,
    pub(super) lenient: BTreeSet<String>,
    pub(super) max_depth: usize,
    pub(super) max_credentials: usize,
    pub(super) max_fetches: usize,
    pub(super) challenge: Option<String>,
    pub(super) domain: Option<String>,
    pub(super) nonce: Option<String>,
    pub(super) audience: Option<String>,
    pub(super) key_binding_max_age: Option<Duration>,
    pub(super) debug: bool,
    pub(super) issuer_binding: bool,
    pub(super) parse_limits: ParseLimits,
}

impl fmt::Debug for Policy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Policy")
            .field("now", &self.clock.now())
            .field("leeway", &self.leeway)
            .field("allowed_suites", &self.allowed_suites)
            .field("check_status", &self.check_status)
            .field("refresh", &self.refresh)
            .field("check_schema", &self.check_schema)
            .field("recipient", &self.recipient)
            .field("lenient", &self.lenient)
            .field("max_depth", &self.max_depth)
            .field("max_credentials", &self.max_credentials)
            .field("max_fetches", &self.max_fetches)
            .field("challenge", &self.challenge)
            .field("domain", &self.domain)
            .field("nonce", &self.nonce)
            .field("audience", &self.audience)
            .field("key_binding_max_age", &self.key_binding_max_age)
            .field("debug", &self.debug)
            .field("issuer_binding", &self.issuer_binding)
            .finish()
    }
}

impl Default for Policy {
    fn default() -> Self {
        Policy {
            clock: Arc::new(SystemClock),
            leeway: Duration::from_secs(300),
            allowed_suites: None,
            check_status: true,
            refresh: true,
            check_schema: true,
            recipient: None,
            lenient: BTreeSet::new(),
            max_depth: 8,
            max_credentials: 1_000,
            max_fetches: 64,
            challenge: None,
            domain: None,
            nonce: None,
            audience: None,
            key_binding_max_age: Some(Duration::from_secs(300)),
            debug: false,
            issuer_binding: true,
            parse_limits: ParseLimits::default(),
        }
    }
}

impl Policy {
    /// A builder starting from the default policy.
    pub fn builder() -> PolicyBuilder {
        PolicyBuilder {
            policy: Policy::default(),
        }
    }

    /// The instant the clock reads now.
    pub fn now(&self) -> DateTime<Utc> {
        self.clock.now()
    }

    /// The clock-skew leeway applied to validity windows.
    pub fn leeway(&self) -> Duration {
        self.leeway
    }

    /// The allowed proof suites (`None`: any suite the proof checker supports).
    pub fn allowed_suites(&self) -> Option<&BTreeSet<String>> {
        self.allowed_suites.as_ref()
    }

    /// True when `code` is downgraded to a warning by lenient mode.
    pub fn is_lenient(&self, code: &str) -> bool {
        self.lenient.contains(code)
    }

    /// The nonce and audience an SD-JWT key-binding JWT must carry, when set.
    pub fn key_binding(&self) -> (Option<&str>, Option<&str>) {
        (self.nonce.as_deref(), self.audience.as_deref())
    }

    /// The maximum nesting depth of verified credentials (the top level is depth 0).
    pub fn max_depth(&self) -> usize {
        self.max_depth
    }

    /// The `challenge` and `domain` a presentation's proof must carry, when set.
    pub fn challenge_and_domain(&self) -> (Option<&str>, Option<&str>) {
        (self.challenge.as_deref(), self.domain.as_deref())
    }
}

/// Builds a [`Policy`].
///
/// ```
/// use openbadges::verify::{Policy, ExpectedRecipient};
/// use std::time::Duration;
///
/// let policy = Policy::builder()
///     .leeway(Duration::from_secs(60))
///     .allow_suites(["eddsa-rdfc-2022", "ecdsa-rdfc-2019"])
///     .recipient(ExpectedRecipient::Id("did:example:learner".into()))
///     .lenient(["validity.expired"])
///     .build()?;
/// assert!(policy.is_lenient("validity.expired"));
/// assert!(Policy::builder().lenient(["proof.signature"]).build().is_err());
/// # Ok::<(), openbadges::verify::PolicyError>(())
/// ```
#[derive(Clone, Debug)]
#[must_use]
pub struct PolicyBuilder {
    policy: Policy,
}

impl PolicyBuilder {
    /// Reads "now" from this clock.
    pub fn clock(mut self, clock: impl Clock + 'static) -> Self {
        self.policy.clock = Arc::new(clock);
        self
    }

    /// Verifies as of this fixed instant.
    pub fn at(self, instant: DateTime<Utc>) -> Self {
        self.clock(FixedClock(instant))
    }

    /// Clock-skew leeway for validity windows (default 300 s).
    pub fn leeway(mut self, leeway: Duration) -> Self {
        self.policy.leeway = leeway;
        self
    }

    /// Accepts only proofs of these suites (`eddsa-rdfc-2022`, `Ed25519Signature2020`, ...).
    pub fn allow_suites<I, S>(mut self, suites: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.policy.allowed_suites = Some(suites.into_iter().map(Into::into).collect());
        self
    }

    /// Checks `credentialStatus` entries (default on).
    pub fn check_status(mut self, on: bool) -> Self {
        self.policy.check_status = on;
        self
    }

    /// Follows `1EdTechCredentialRefresh` services (default on).
    pub fn refresh(mut self, on: bool) -> Self {
        self.policy.refresh = on;
        self
    }

    /// Runs the schema / rules hook (default on).
    pub fn check_schema(mut self, on: bool) -> Self {
        self.policy.check_schema = on;
        self
    }

    /// Requires the top-level credential(s) to be about this recipient.
    pub fn recipient(mut self, recipient: ExpectedRecipient) -> Self {
        self.policy.recipient = Some(recipient);
        self
    }

    /// Downgrades findings with these codes from errors to warnings (and stops indeterminate
    /// codes from making the verdict indeterminate). Proof and signature codes are refused
    /// by [`build`](Self::build).
    pub fn lenient<I, S>(mut self, codes: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.policy
            .lenient
            .extend(codes.into_iter().map(Into::into));
        self
    }

    /// Maximum nesting depth of verified credentials: endorsements of endorsements, CLR
    /// members, status lists (default 8).
    pub fn max_depth(mut self, depth: usize) -> Self {
        self.policy.max_depth = depth;
        self
    }

    /// Maximum number of credentials verified in one call, nested ones included (default
    /// 1000).
    pub fn max_credentials(mut self, count: usize) -> Self {
        self.policy.max_credentials = count;
        self
    }

    /// Maximum number of fetches in one call (default 64).
    pub fn max_fetches(mut self, count: usize) -> Self {
        self.policy.max_fetches = count;
        self
    }

    /// The challenge a presentation's proof must carry (passed to the proof checker).
    pub fn challenge(mut self, challenge: impl Into<String>) -> Self {
        self.policy.challenge = Some(challenge.into());
        self
    }

    /// The domain a presentation's proof must carry (passed to the proof checker).
    pub fn domain(mut self, domain: impl Into<String>) -> Self {
        self.policy.domain = Some(domain.into());
        self
    }

    /// The nonce an SD-JWT's key-binding JWT must carry. When set (or an
    /// [`audience`](Self::audience)), an SD-JWT without a KB-JWT is invalid
    /// (`sd_jwt.kb_missing`).
    pub fn nonce(mut self, nonce: impl Into<String>) -> Self {
        self.policy.nonce = Some(nonce.into());
        self
    }

    /// The audience (`aud`) an SD-JWT's key-binding JWT must name; as with
    /// [`nonce`](Self::nonce), a KB-JWT is then required.
    pub fn audience(mut self, audience: impl Into<String>) -> Self {
        self.policy.audience = Some(audience.into());
        self
    }

    /// The oldest key-binding JWT accepted, by its `iat` relative to now (default 300 s);
    /// `None` accepts any age (the nonce alone then guards against replay).
    pub fn key_binding_max_age(mut self, age: Option<Duration>) -> Self {
        self.policy.key_binding_max_age = age;
        self
    }

    /// Keeps intermediate values (canonical N-Quads, hashes) in the report.
    pub fn debug(mut self, on: bool) -> Self {
        self.policy.debug = on;
        self
    }

    /// Requires every accepted proof's verification method to be controlled by the
    /// credential's issuer (a presentation's: by its holder). On by default.
    ///
    /// Turning it off checks signatures only: any key may then sign for any issuer, so a
    /// forged credential signed with the forger's own key verifies. It exists for bare
    /// proof test vectors (whose issuer is not the key's controller) and is reported on
    /// every credential it affects as the warning `proof.issuer_binding_off`.
    pub fn issuer_binding(mut self, on: bool) -> Self {
        self.policy.issuer_binding = on;
        self
    }

    /// Limits applied when parsing fetched documents.
    pub fn parse_limits(mut self, limits: ParseLimits) -> Self {
        self.policy.parse_limits = limits;
        self
    }

    /// The policy.
    ///
    /// # Errors
    /// [`PolicyError::ProtectedCode`] when a proof or signature code was made lenient;
    /// [`PolicyError::ZeroLimit`] when `max_credentials` is zero.
    pub fn build(self) -> Result<Policy, PolicyError> {
        if let Some(code) = self.policy.lenient.iter().find(|c| codes::is_protected(c)) {
            return Err(PolicyError::ProtectedCode { code: code.clone() });
        }
        if self.policy.max_credentials == 0 {
            return Err(PolicyError::ZeroLimit {
                limit: "max_credentials",
            });
        }
        Ok(self.policy)
    }
}
