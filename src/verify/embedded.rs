//! Finding the credentials embedded in a credential: endorsements anywhere, a CLR's
//! member credentials, a presentation's credentials, and JWT-encoded ones.

use serde_json::Value;

use super::json::types;
use super::outcome::{DocumentKind, Role};
use crate::report::JsonPath;

/// Deepest JSON nesting walked (documents parsed by [`crate::Document`] are shallower).
const MAX_WALK_DEPTH: usize = 128;

/// Something embedded that needs its own verification.
#[derive(Debug)]
pub(super) enum Embedded<'a> {
    /// A credential in JSON form.
    Credential {
        value: &'a Value,
        path: JsonPath,
        role: Role,
    },
    /// A JWT-encoded credential (a string under `verifiableCredential` or `endorsementJwt`).
    Jwt {
        text: &'a str,
        path: JsonPath,
        role: Role,
    },
}

/// The embedded credentials of `value` (at `base`), not descending into them.
pub(super) fn discover<'a>(
    value: &'a Value,
    base: &JsonPath,
    kind: DocumentKind,
) -> Vec<Embedded<'a>> {
    let mut walker = Walker {
        path: base.clone(),
        kind,
        found: Vec::new(),
    };
    if let Value::Object(members) = value {
        for (key, child) in members {
            if key == "proof" || key == "@context" {
                continue;
            }
            walker.path.push_key(key.as_str());
            walker.member(key, child, 1);
            walker.path.pop();
        }
    }
    walker.found
}

/// A depth-first walk keeping the current path on a stack (one allocation per step, a
/// clone only for what is found).
struct Walker<'a> {
    path: JsonPath,
    kind: DocumentKind,
    found: Vec<Embedded<'a>>,
}

impl<'a> Walker<'a> {
    /// The value of member `key` (an array's items each count as the member's value).
    fn member(&mut self, key: &str, value: &'a Value, depth: usize) {
        if depth > MAX_WALK_DEPTH {
            return;
        }
        match value {
            Value::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    self.path.push_index(i);
                    self.item(key, item, depth + 1);
                    self.path.pop();
                }
            }
            other => self.item(key, other, depth),
        }
    }

    fn role(&self, key: &str, value: &Value) -> Option<Role> {
        match key {
            "endorsement" | "endorsementJwt" => Some(Role::Endorsement),
            "verifiableCredential" if self.kind == DocumentKind::Presentation => {
                Some(Role::Presented)
            }
            "verifiableCredential" => Some(Role::ClrMember),
            _ if value.is_object() && types(value).contains(&"VerifiableCredential") => {
                Some(Role::Embedded)
            }
            _ => None,
        }
    }

    fn item(&mut self, key: &str, value: &'a Value, depth: usize) {
        match value {
            Value::String(text) if is_jwt_member(key) && looks_like_jwt(text) => {
                let role = self.role(key, value).unwrap_or(Role::Embedded);
                self.found.push(Embedded::Jwt {
                    text,
                    path: self.path.clone(),
                    role,
                });
            }
            Value::Object(members) => {
                if let Some(text) = enveloped_jwt(value) {
                    let role = self.role(key, value).unwrap_or(Role::Embedded);
                    self.found.push(Embedded::Jwt {
                        text,
                        path: self.path.clone(),
                        role,
                    });
                    return;
                }
                if let Some(role) = self.role(key, value) {
                    self.found.push(Embedded::Credential {
                        value,
                        path: self.path.clone(),
                        role,
                    });
                    return;
                }
                for (child_key, child) in members {
                    if matches!(child, Value::Object(_) | Value::Array(_))
                        || is_jwt_member(child_key)
                    {
                        self.path.push_key(child_key.as_str());
                        self.member(child_key, child, depth + 1);
                        self.path.pop();
                    }
                }
            }
            _ => {}
        }
    }
}

/// The JWT (or SD-JWT) of a VCDM 2.0 `EnvelopedVerifiableCredential` (`id` a
/// `data:application/vc+jwt,` or `data:application/vc+sd-jwt,` URL; see
/// [`super::envelope::unwrap`]).
fn enveloped_jwt(value: &Value) -> Option<&str> {
    match super::envelope::unwrap(value)? {
        super::envelope::Envelope::Token(token) => Some(token),
        super::envelope::Envelope::Unsupported(_) => None,
    }
}

fn is_jwt_member(key: &str) -> bool {
    matches!(key, "verifiableCredential" | "endorsementJwt")
}

fn looks_like_jwt(text: &str) -> bool {
    text.split('.').count() >= 3
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn finds_endorsements_members_and_jwts() {
        let clr = json!({
            "type": ["VerifiableCredential", "ClrCredential"],
            "endorsement": [{"type": ["EndorsementCredential"]}],
            "issuer": {"id": "x", "endorsement": [{"type": ["EndorsementCredential"]}]},
            "credentialSubject": {
                "verifiableCredential": [
                    {"type": ["VerifiableCredential", "AchievementCredential"],
                     "endorsement": [{"type": ["EndorsementCredential"]}]},
                    "eyJhbGciOiJFZERTQSJ9.eyJ2YyI6e319.c2ln",
                    {"@context": "https://www.w3.org/ns/credentials/v2",
                     "type": "EnvelopedVerifiableCredential",
                     "id": "data:application/vc+jwt,eyJhbGciOiJFZERTQSJ9.e30.c2ln"}
                ]
            },
            "proof": [{"type": "DataIntegrityProof"}]
        });
        let found = discover(&clr, &JsonPath::root(), DocumentKind::Clr);
        let described: Vec<String> = found
            .iter()
            .map(|e| match e {
                Embedded::Credential { path, role, .. } => format!("{role:?} {path}"),
                Embedded::Jwt { path, role, .. } => format!("jwt {role:?} {path}"),
            })
            .collect();
        assert_eq!(
            described,
            [
                "Endorsement $.endorsement[0]",
                "Endorsement $.issuer.endorsement[0]",
                "ClrMember $.credentialSubject.verifiableCredential[0]",
                "jwt ClrMember $.credentialSubject.verifiableCredential[1]",
                "jwt ClrMember $.credentialSubject.verifiableCredential[2]",
            ]
        );
    }
}
