//! Key resolution: from a verification method id to a public key, its controller and the
//! relationships (proof purposes) it is authorized for.
//!
//! A verifier calls a [`KeyResolver`] with the proof's `verificationMethod` and then checks
//! that the method's [`controller`](VerificationMethod::controller) is the credential's
//! issuer and that the method is authorized for the proof's purpose
//! ([`Relationship::AssertionMethod`] for credentials, [`Relationship::Authentication`] for
//! presentations).
//!
//! - [`Resolver`]: `did:key` (Ed25519, P-256, P-384, P-521, RSA) and `did:jwk` offline;
//!   `did:web` and HTTPS controller documents through a [`Fetcher`](crate::fetch::Fetcher)
//!   ([`crate::fetch`]). The default fetcher is
//!   [`OfflineFetcher`](crate::fetch::OfflineFetcher): it refuses every URL with an error
//!   naming it.
//!   `did:key` keys are decoded once per process (a bounded cache shared across threads).
//! - [`StaticResolver`]: a fixed map of verification methods.
//! - [`CachingResolver`]: remembers what another resolver found (one fetch per issuer).
//! - [`AsyncKeyResolver`]: the asynchronous form, for resolvers that wait on I/O; every
//!   [`KeyResolver`] is one.
//! - [`dangerous::FragmentKeyResolver`]: trusts a key written in the id's fragment; for
//!   test vectors only.
//!
//! ```
//! # #[cfg(feature = "ed25519")] {
//! use openbadges::resolve::{KeyResolver, Relationship, Resolver};
//!
//! let resolver = Resolver::offline();
//! let did = "did:key:z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2";
//! let method = resolver
//!     .resolve(&format!("{did}#z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2"))
//!     .unwrap();
//! assert_eq!(method.controller, did);
//! assert!(method.is_authorized_for(Relationship::AssertionMethod));
//!
//! // did:web needs a fetcher; the offline default refuses and names the URL.
//! let err = resolver.resolve("did:web:example.com#key-1").unwrap_err();
//! assert!(err.to_string().contains("https://example.com/.well-known/did.json"));
//! # }
//! ```

mod controller;
pub mod dangerous;
mod did_jwk;
mod did_key;
mod did_web;
mod error;
mod method;
mod resolver;

pub use controller::method_in_document;
pub use did_web::did_web_url;
pub use error::{KEY_UNAVAILABLE, ResolveError};
pub use method::{Relationship, VerificationMethod};
pub use resolver::{AsyncKeyResolver, CachingResolver, KeyResolver, Resolver, StaticResolver};
