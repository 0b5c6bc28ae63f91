//! Verifying a presentation's own proof: purpose `authentication`, holder binding,
//! `challenge` / `domain`, and a `created` window against replay; `vp+jwt` likewise.

use std::str::FromStr as _;
use std::sync::Arc;

use chrono::{DateTime, Duration, Utc};
use serde_json::{Map, Value};

use super::codes;
use super::sign::TYP_VP_JWT;
use crate::crypto::Algorithm;
use crate::jose::{CompactJws, JwsLimits};
use crate::proof::{self, Canonicalizer, VerifyOptions};
use crate::report::{Finding, JsonPath, PathSegment};
use crate::resolve::{KeyResolver, Relationship};
use crate::verify::{DocumentKind, JwtOutcome, ProofChecker, ProofContext, ProofOutcome};

/// How fresh a presentation's proof must be.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct ReplayWindow {
    /// The oldest `created` (or `iat`) accepted, relative to the verification instant;
    /// `None` accepts any age (then the challenge alone defends against replay).
    /// Default: 10 minutes.
    pub max_age: Option<Duration>,
    /// Clock skew tolerated on `created` in the future and on the age. Default: 60 s.
    pub leeway: Duration,
    /// Refuse a presentation proof when the verifier expects no challenge (default
    /// `false`: such a proof is accepted with a warning `presentation.challenge_unchecked`).
    pub require_challenge: bool,
}

impl Default for ReplayWindow {
    fn default() -> Self {
        ReplayWindow {
            max_age: Some(Duration::minutes(10)),
            leeway: Duration::seconds(60),
            require_challenge: false,
        }
    }
}

impl ReplayWindow {
    /// This window with another maximum age (`None`: any).
    #[must_use]
    pub fn max_age(mut self, max_age: Option<Duration>) -> Self {
        self.max_age = max_age;
        self
    }

    /// This window with another leeway.
    #[must_use]
    pub fn leeway(mut self, leeway: Duration) -> Self {
        self.leeway = leeway;
        self
    }

    /// This window requiring the verifier to expect a challenge.
    #[must_use]
    pub fn require_challenge(mut self, on: bool) -> Self {
        self.require_challenge = on;
        self
    }
}

/// A [`ProofChecker`] for the [`Verifier`](crate::verify::Verifier) that checks the proofs
/// of presentations itself and hands every credential's proofs (embedded, enveloped) to
/// `inner`.
///
/// A presentation's Data Integrity proofs are verified with [`proof::verify_proofs`] for
/// `authentication`; the method's controller is reported so the verifier binds it to the
/// `holder`; the challenge and domain the verifier's [`Policy`](crate::verify::Policy)
/// expects must be the proof's (`presentation.challenge`, `presentation.domain`), and
/// `created` must lie within the [`ReplayWindow`] (`presentation.created`). A `vp+jwt`
/// gets the same checks with `nonce`, `aud` and `iat`; any other JWT goes to `inner`.
pub struct PresentationChecker<C> {
    inner: C,
    resolver: Arc<dyn KeyResolver + Send + Sync>,
    canonicalizer: Arc<dyn Canonicalizer + Send + Sync>,
    window: ReplayWindow,
}

impl<C> std::fmt::Debug for PresentationChecker<C> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PresentationChecker")
            .field("window", &self.window)
            .finish_non_exhaustive()
    }
}

impl<C: ProofChecker> PresentationChecker<C> {
    /// A checker resolving holder keys with `resolver`, canonicalizing with
    /// `canonicalizer`, and checking credentials with `inner`.
    pub fn new(
        inner: C,
        resolver: impl KeyResolver + Send + Sync + 'static,
        canonicalizer: impl Canonicalizer + Send + Sync + 'static,
    ) -> Self {
        PresentationChecker {
            inner,
            resolver: Arc::new(resolver),
            canonicalizer: Arc::new(canonicalizer),
            window: ReplayWindow::default(),
        }
    }

    /// This checker with another replay window.
    #[must_use]
    pub fn with_window(mut self, window: ReplayWindow) -> Self {
        self.window = window;
        self
    }

    fn presentation(
        &self,
        value: &Value,
        path: &JsonPath,
        context: &ProofContext<'_>,
    ) -> Vec<ProofOutcome> {
        let options = VerifyOptions::default()
            .purpose(Relationship::Authentication)
            .now(context.now)
            .keep_intermediates(context.debug);
        let outcome = proof::verify_proofs(value, &*self.resolver, &*self.canonicalizer, &options);
        let mut out = Vec::with_capacity(outcome.checks.len());
        for check in outcome.checks {
            let at = path.join(&check.path);
            let proof = value_at(value, &check.path);
            let suite = check
                .cryptosuite
                .map(|c| c.name().to_owned())
                .or_else(|| {
                    proof
                        .and_then(|p| p.get("cryptosuite").or_else(|| p.get("type")))
                        .and_then(Value::as_str)
                        .map(str::to_owned)
                })
                .unwrap_or_else(|| "unknown".to_owned());
            let mut findings: Vec<Finding> = check
                .findings
                .iter()
                .map(|f| {
                    Finding::new(
                        f.code.clone(),
                        f.severity,
                        path.join(&f.path),
                        f.message.clone(),
                    )
                })
                .collect();
            let empty = Map::new();
            let members = proof.and_then(Value::as_object).unwrap_or(&empty);
            let replay = self.replay_checks(
                members,
                &at,
                context,
                ("challenge", "domain", "created"),
                ReplayClock::Rfc3339,
            );
            let valid = check.is_valid()
                && replay
                    .iter()
                    .all(|f| f.severity != crate::report::Severity::Error);
            findings.extend(replay);
            let mut o = if valid {
                ProofOutcome::valid(at, suite)
            } else {
                ProofOutcome::invalid(at, suite, Vec::new())
            };
            for f in findings {
                o = o.with_finding(f);
            }
            if let Some(vm) = members.get("verificationMethod").and_then(Value::as_str) {
                o = o.with_verification_method(vm);
            }
            if let Some(method) = &check.method {
                o = o.with_controller(method.controller.clone());
            }
            if let Some(hash) = &check.hash_data {
                o = o.with_debug("hashData", hex(hash));
            }
            out.push(o);
        }
        out
    }

    /// Challenge, domain and freshness of one proof (or `vp+jwt` payload).
    fn replay_checks(
        &self,
        members: &Map<String, Value>,
        at: &JsonPath,
        context: &ProofContext<'_>,
        (challenge_name, domain_name, created_name): (&str, &str, &str),
        clock: ReplayClock,
    ) -> Vec<Finding> {
        let mut out = Vec::new();
        let got = members.get(challenge_name).and_then(Value::as_str);
        match (context.challenge, got) {
            (Some(expected), Some(got)) if expected == got => {}
            (Some(expected), got) => out.push(Finding::error(
                codes::CHALLENGE,
                at.clone().key(challenge_name),
                format!(
                    "the proof's {challenge_name} is {}, the verifier's challenge is {expected}",
                    got.map_or_else(|| "absent".to_owned(), |g| format!("\"{g}\""))
                ),
            )),
            (None, _) if self.window.require_challenge => out.push(Finding::error(
                codes::CHALLENGE,
                at.clone().key(challenge_name),
                "the verifier expects no challenge, and the policy requires one",
            )),
            (None, _) => out.push(Finding::warning(
                codes::CHALLENGE_UNCHECKED,
                at.clone().key(challenge_name),
                "no challenge was expected: nothing shows this presentation is not a replay",
            )),
        }
        if let Some(expected) = context.domain {
            let ok = match members.get(domain_name) {
                Some(Value::String(d)) => d == expected,
                Some(Value::Array(ds)) => ds.iter().any(|d| d.as_str() == Some(expected)),
                _ => false,
            };
            if !ok {
                out.push(Finding::error(
                    codes::DOMAIN,
                    at.clone().key(domain_name),
                    format!(
                        "the proof's {domain_name} does not name the verifier's domain {expected}"
                    ),
                ));
            }
        }
        let created = match clock {
            ReplayClock::Rfc3339 => members
                .get(created_name)
                .and_then(Value::as_str)
                .and_then(|c| DateTime::parse_from_rfc3339(c).ok())
                .map(|c| c.with_timezone(&Utc)),
            ReplayClock::Seconds => members
                .get(created_name)
                .and_then(Value::as_i64)
                .and_then(|s| DateTime::from_timestamp(s, 0)),
        };
        match created {
            None if self.window.max_age.is_some() => out.push(Finding::error(
                codes::CREATED,
                at.clone().key(created_name),
                format!("no valid \"{created_name}\": the proof's freshness cannot be checked"),
            )),
            None => {}
            Some(created) => {
                if created > context.now + self.window.leeway {
                    out.push(Finding::error(
                        codes::CREATED,
                        at.clone().key(created_name),
                        format!("made in the future ({created}, now {})", context.now),
                    ));
                }
                if let Some(age) = self.window.max_age
                    && created + age + self.window.leeway < context.now
                {
                    out.push(Finding::error(
                        codes::CREATED,
                        at.clone().key(created_name),
                        format!(
                            "made at {created}, more than {} s before now ({}): a replay?",
                            age.num_seconds(),
                            context.now
                        ),
                    ));
                }
            }
        }
        out
    }

    fn vp_jwt(&self, jws: &CompactJws, path: &JsonPath, context: &ProofContext<'_>) -> JwtOutcome {
        let empty = Map::new();
        let header = jws.header().value().as_object().unwrap_or(&empty);
        let payload = jws.payload().value().as_object().unwrap_or(&empty);
        let at = path.clone();
        let mut findings = Vec::new();
        let kid = header.get("kid").and_then(Value::as_str);
        let algorithm = header
            .get("alg")
            .and_then(Value::as_str)
            .and_then(|a| Algorithm::from_str(a).ok());
        let mut outcome_method = None;
        let mut controller = None;
        let mut signed = false;
        match (kid, algorithm) {
            (Some(kid), Some(alg)) => match self.resolver.resolve(kid) {
                Ok(method) => {
                    if !method.is_authorized_for(Relationship::Authentication) {
                        findings.push(Finding::error(
                            "proof.relationship",
                            at.clone().key("header").key("kid"),
                            format!("key {} is not authorized for authentication", method.id),
                        ));
                    }
                    match method
                        .public_key
                        .verify(alg, jws.signing_input(), jws.signature())
                    {
                        Ok(()) => signed = true,
                        Err(e) => findings.push(Finding::error(
                            "proof.signature",
                            at.clone(),
                            format!("the vp+jwt signature: {e}"),
                        )),
                    }
                    outcome_method = Some(method.id.clone());
                    controller = Some(method.controller.clone());
                }
                Err(e) => findings.push(Finding::error(
                    e.code_or("proof.method"),
                    at.clone().key("header").key("kid"),
                    format!("\"kid\" {kid} did not resolve: {e}"),
                )),
            },
            _ => findings.push(Finding::error(
                "proof.malformed",
                at.clone().key("header"),
                "a vp+jwt needs a \"kid\" and a known \"alg\"",
            )),
        }
        let payload_at = at.clone().key("payload");
        findings.extend(self.replay_checks(
            payload,
            &payload_at,
            context,
            ("nonce", "aud", "iat"),
            ReplayClock::Seconds,
        ));
        let valid = signed
            && findings
                .iter()
                .all(|f| f.severity != crate::report::Severity::Error);
        let mut proof = if valid {
            ProofOutcome::valid(at, TYP_VP_JWT)
        } else {
            ProofOutcome::invalid(at, TYP_VP_JWT, Vec::new())
        };
        for f in findings {
            proof = proof.with_finding(f);
        }
        if let Some(m) = outcome_method {
            proof = proof.with_verification_method(m);
        }
        if let Some(c) = controller {
            proof = proof.with_controller(c);
        }
        JwtOutcome::new(jws.payload().value().clone(), proof)
    }
}

#[derive(Clone, Copy)]
enum ReplayClock {
    Rfc3339,
    Seconds,
}

impl<C: ProofChecker> ProofChecker for PresentationChecker<C> {
    fn check(
        &self,
        credential: &Value,
        path: &JsonPath,
        context: &ProofContext<'_>,
    ) -> Vec<ProofOutcome> {
        if context.kind == DocumentKind::Presentation {
            self.presentation(credential, path, context)
        } else {
            self.inner.check(credential, path, context)
        }
    }

    fn check_jwt(
        &self,
        jwt: &str,
        path: &JsonPath,
        context: &ProofContext<'_>,
    ) -> Option<JwtOutcome> {
        if let Ok(jws) = CompactJws::decode(jwt, &JwsLimits::default()) {
            let typ = jws.header().value().get("typ").and_then(Value::as_str);
            if typ.is_some_and(|t| {
                let t = t.to_ascii_lowercase();
                t == TYP_VP_JWT || t == "application/vp+jwt"
            }) {
                return Some(self.vp_jwt(&jws, path, context));
            }
        }
        self.inner.check_jwt(jwt, path, context)
    }
}

fn value_at<'a>(value: &'a Value, path: &JsonPath) -> Option<&'a Value> {
    let mut current = value;
    for segment in path.segments() {
        current = match segment {
            PathSegment::Key(k) => current.get(k)?,
            PathSegment::Index(i) => current.get(*i)?,
        };
    }
    Some(current)
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
