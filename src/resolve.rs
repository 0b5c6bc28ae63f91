//! Key resolution: did:key, did:jwk, did:web, HTTPS controller documents; the Fetcher trait.
