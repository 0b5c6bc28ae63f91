//! A consumer of the OB 3.0 / CLR 2.0 REST API (feature `client`): discovery, dynamic
//! registration, the authorization code flow with PKCE S256 (with a loopback redirect
//! listener for native apps, RFC 8252), token refresh and revocation, `getCredentials` to
//! completion across pages, `upsertCredential`, and profile get/put.
//!
//! Blocking (ureq, the same client as the `http` feature); pages come as an [`Iterator`]
//! that fetches the next page when the current one is used up. Requests answered 429 or
//! 5xx are retried with backoff, honouring `Retry-After`. A bearer token is sent only to
//! the scheme, host and port of the API it was issued for: a `Link` to another host is an
//! error, never followed with the token.

mod client;
mod loopback;

pub use client::{
    Api, AuthorizationRequest, Client, ClientError, ClientMetadata, CredentialPages, Discovery,
    Pushed, Received, Registration, Tokens,
};
pub use loopback::LoopbackRedirect;
