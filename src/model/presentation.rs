//! `VerifiablePresentation`: credentials presented together by a holder.

use serde_json::Value;

use super::class::types;
use super::common::{ContextEntry, Proof, many};
use super::{Credential, ModelError};
use crate::contexts;
use crate::report::JsonPath;
use crate::values::{Iri, OneOrMany};

class! {
    /// `VerifiablePresentation` (VCDM 2.0, and 1.1 legacy).
    ///
    /// The presented credentials are kept as JSON values (they may be enveloped or of
    /// classes this model does not type); [`credentials`](Self::credentials) types them.
    pub struct VerifiablePresentation {
        auto {
            /// `@context`: builders write the VC v2 context.
            #[serde(rename = "@context")]
            context: OneOrMany<ContextEntry> = OneOrMany::Many(vec![ContextEntry::from(contexts::VC_V2)]),
            /// `type`: contains `VerifiablePresentation`.
            #[serde(rename = "type", deserialize_with = "types::verifiable_presentation")]
            type_: OneOrMany<String> = many("VerifiablePresentation"),
        }
        required {}
        optional {
            /// `id`.
            id: Iri,
            /// `holder`.
            holder: Iri,
            /// `verifiableCredential`s, as received.
            verifiable_credential: OneOrMany<Value>,
            /// `proof`s.
            proof: OneOrMany<Proof>,
        }
    }
}

impl VerifiablePresentation {
    /// Types each presented credential, in order; errors name the credential's path
    /// (`$.verifiableCredential[1].issuer`).
    pub fn credentials(&self) -> Vec<Result<Credential, ModelError>> {
        let Some(presented) = &self.verifiable_credential else {
            return Vec::new();
        };
        let base = JsonPath::root().key("verifiableCredential");
        presented
            .iter()
            .enumerate()
            .map(|(i, value)| {
                let path = if presented.is_array() {
                    base.clone().index(i)
                } else {
                    base.clone()
                };
                Credential::from_value_at(value, path)
            })
            .collect()
    }
}
