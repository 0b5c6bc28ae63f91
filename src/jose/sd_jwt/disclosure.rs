//! Disclosures (SD-JWT §4.2): encoding, decoding, digests; JSON pointers; unpacking.

use std::collections::BTreeMap;

use serde_json::{Map, Value};
use sha2::{Digest as _, Sha256};

use super::SdJwtError;
use crate::document::{Document, ParseLimits};
use crate::jose::base64url;

/// The reserved member holding the digests of an object's disclosable members.
pub(crate) const SD: &str = "_sd";
/// The reserved member of an array element's digest placeholder.
pub(crate) const ELLIPSIS: &str = "...";
/// The digest algorithm member of the payload.
pub(crate) const SD_ALG: &str = "_sd_alg";

/// One disclosure: a salted claim (object member) or array element.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Disclosure {
    /// The base64url text as it appears in the SD-JWT.
    pub encoded: String,
    /// The salt.
    pub salt: String,
    /// The claim name; `None` for an array element.
    pub name: Option<String>,
    /// The claim value (itself possibly holding `_sd` digests).
    pub value: Value,
    /// `BASE64URL(SHA-256(encoded))`.
    pub digest: String,
}

impl Disclosure {
    /// A new disclosure of an object member (`name: Some`) or array element.
    pub(crate) fn new(salt: String, name: Option<String>, value: Value) -> Self {
        let mut array = vec![Value::String(salt.clone())];
        if let Some(name) = &name {
            array.push(Value::String(name.clone()));
        }
        array.push(value.clone());
        // An array of JSON values always serializes.
        let json = serde_json::to_vec(&Value::Array(array)).unwrap_or_default();
        let encoded = base64url::encode(&json);
        let digest = digest(&encoded);
        Disclosure {
            encoded,
            salt,
            name,
            value,
            digest,
        }
    }

    /// Decodes one disclosure (the `index`th, for error messages).
    ///
    /// # Errors
    /// [`SdJwtError::Disclosure`] when it is not base64url, not strict JSON, not an array
    /// of 2 or 3 elements, the salt or name is not a string, or the name is reserved.
    pub fn decode(encoded: &str, index: usize) -> Result<Self, SdJwtError> {
        let fail = |reason| SdJwtError::Disclosure { index, reason };
        let bytes = base64url::decode(encoded).map_err(|_| fail("not base64url"))?;
        let document = Document::from_slice_with(&bytes, ParseLimits::default())
            .map_err(|_| fail("not strict JSON (malformed, duplicate members or too deep)"))?;
        let Value::Array(items) = document.value() else {
            return Err(fail("not a JSON array"));
        };
        let (salt, name, value) = match items.as_slice() {
            [salt, value] => (salt, None, value),
            [salt, name, value] => (salt, Some(name), value),
            _ => {
                return Err(fail(
                    "not an array of 2 (array element) or 3 (claim) elements",
                ));
            }
        };
        let salt = salt
            .as_str()
            .ok_or_else(|| fail("the salt is not a string"))?;
        let name = match name {
            None => None,
            Some(Value::String(n)) if n == SD || n == ELLIPSIS => {
                return Err(fail("the claim name is reserved (_sd or ...)"));
            }
            Some(Value::String(n)) => Some(n.clone()),
            Some(_) => return Err(fail("the claim name is not a string")),
        };
        Ok(Disclosure {
            encoded: encoded.to_owned(),
            salt: salt.to_owned(),
            name,
            value: value.clone(),
            digest: digest(encoded),
        })
    }
}

/// `BASE64URL(SHA-256(ASCII(text)))`: a disclosure digest or `sd_hash`.
pub(crate) fn digest(text: &str) -> String {
    base64url::encode(&Sha256::digest(text.as_bytes()))
}

/// Splits an RFC 6901 JSON pointer into unescaped segments.
pub(crate) fn pointer_segments(pointer: &str) -> Result<Vec<String>, SdJwtError> {
    if pointer.is_empty() {
        return Ok(Vec::new());
    }
    let Some(rest) = pointer.strip_prefix('/') else {
        return Err(SdJwtError::Pointer {
            pointer: pointer.to_owned(),
            reason: "a JSON pointer starts with '/'",
        });
    };
    rest.split('/')
        .map(|s| {
            if s.contains('~') && !valid_escapes(s) {
                return Err(SdJwtError::Pointer {
                    pointer: pointer.to_owned(),
                    reason: "'~' must be followed by 0 or 1",
                });
            }
            Ok(s.replace("~1", "/").replace("~0", "~"))
        })
        .collect()
}

fn valid_escapes(s: &str) -> bool {
    let bytes = s.as_bytes();
    bytes
        .iter()
        .enumerate()
        .all(|(i, b)| *b != b'~' || matches!(bytes.get(i + 1), Some(b'0' | b'1')))
}

/// The JSON pointer of segments.
pub(crate) fn pointer_of(segments: &[String]) -> String {
    segments
        .iter()
        .map(|s| format!("/{}", s.replace('~', "~0").replace('/', "~1")))
        .collect()
}

/// A structural problem met while unpacking.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Problem {
    /// A digest appears more than once in the payload and disclosures.
    DigestDuplicated { pointer: String, digest: String },
    /// A claim disclosure was referenced from an array, or an element disclosure from `_sd`.
    Kind { pointer: String, index: usize },
    /// A disclosed claim name already exists in the object.
    Collision { pointer: String, name: String },
    /// `_sd` is not an array of strings, or `...` is not a string.
    Malformed {
        pointer: String,
        reason: &'static str,
    },
    /// Nesting beyond the limit.
    TooDeep { pointer: String },
}

/// The result of replacing digests by the disclosed claims.
#[derive(Debug, Clone)]
pub(crate) struct Unpacked {
    /// The processed claims (no `_sd`, `...` placeholders or `_sd_alg`).
    pub claims: Value,
    /// For each disclosure (by position), the JSON pointer of its claim in the fully
    /// unpacked structure (array indices count hidden elements), when it was referenced.
    pub paths: Vec<Option<String>>,
    /// How often each disclosure was referenced.
    pub uses: Vec<usize>,
    /// Problems met.
    pub problems: Vec<Problem>,
}

/// Deepest nesting accepted while unpacking (payload plus disclosed values).
pub(crate) const MAX_DEPTH: usize = 96;

struct Unpacker<'a> {
    by_digest: BTreeMap<&'a str, usize>,
    disclosures: &'a [Disclosure],
    paths: Vec<Option<String>>,
    uses: Vec<usize>,
    problems: Vec<Problem>,
    seen_digests: BTreeMap<String, ()>,
}

/// Replaces every referenced digest of `payload` by its disclosure, recursively.
pub(crate) fn unpack(payload: &Value, disclosures: &[Disclosure]) -> Unpacked {
    let mut by_digest = BTreeMap::new();
    for (i, d) in disclosures.iter().enumerate() {
        by_digest.entry(d.digest.as_str()).or_insert(i);
    }
    let mut u = Unpacker {
        by_digest,
        disclosures,
        paths: vec![None; disclosures.len()],
        uses: vec![0; disclosures.len()],
        problems: Vec::new(),
        seen_digests: BTreeMap::new(),
    };
    let mut path = Vec::new();
    let mut claims = u.value(payload, &mut path, 0);
    if let Value::Object(map) = &mut claims {
        map.remove(SD_ALG);
    }
    Unpacked {
        claims,
        paths: u.paths,
        uses: u.uses,
        problems: u.problems,
    }
}

impl Unpacker<'_> {
    /// Records a digest; returns the disclosure it names, if any and not seen before.
    fn lookup(&mut self, digest: &str, path: &[String]) -> Option<usize> {
        if self.seen_digests.insert(digest.to_owned(), ()).is_some() {
            self.problems.push(Problem::DigestDuplicated {
                pointer: pointer_of(path),
                digest: digest.to_owned(),
            });
            return None;
        }
        let index = *self.by_digest.get(digest)?;
        self.uses[index] += 1;
        Some(index)
    }

    fn value(&mut self, value: &Value, path: &mut Vec<String>, depth: usize) -> Value {
        if depth > MAX_DEPTH {
            self.problems.push(Problem::TooDeep {
                pointer: pointer_of(path),
            });
            return Value::Null;
        }
        match value {
            Value::Object(map) => Value::Object(self.object(map, path, depth)),
            Value::Array(items) => {
                let mut out = Vec::with_capacity(items.len());
                for (i, item) in items.iter().enumerate() {
                    path.push(i.to_string());
                    match placeholder(item) {
                        Some(Ok(digest)) => {
                            if let Some(index) = self.lookup(digest, path) {
                                let d = &self.disclosures[index];
                                if d.name.is_some() {
                                    self.problems.push(Problem::Kind {
                                        pointer: pointer_of(path),
                                        index,
                                    });
                                } else {
                                    self.paths[index] = Some(pointer_of(path));
                                    let v = d.value.clone();
                                    out.push(self.value(&v, path, depth + 1));
                                }
                            }
                        }
                        Some(Err(reason)) => self.problems.push(Problem::Malformed {
                            pointer: pointer_of(path),
                            reason,
                        }),
                        None => out.push(self.value(item, path, depth + 1)),
                    }
                    path.pop();
                }
                Value::Array(out)
            }
            other => other.clone(),
        }
    }

    fn object(
        &mut self,
        map: &Map<String, Value>,
        path: &mut Vec<String>,
        depth: usize,
    ) -> Map<String, Value> {
        let mut out = Map::new();
        for (k, v) in map {
            if k == SD {
                continue;
            }
            path.push(k.clone());
            let v = self.value(v, path, depth + 1);
            path.pop();
            out.insert(k.clone(), v);
        }
        let Some(sd) = map.get(SD) else {
            return out;
        };
        let Some(digests) = sd.as_array() else {
            path.push(SD.to_owned());
            self.problems.push(Problem::Malformed {
                pointer: pointer_of(path),
                reason: "_sd is not an array",
            });
            path.pop();
            return out;
        };
        for (i, digest) in digests.iter().enumerate() {
            let Some(digest) = digest.as_str() else {
                path.push(SD.to_owned());
                path.push(i.to_string());
                self.problems.push(Problem::Malformed {
                    pointer: pointer_of(path),
                    reason: "an _sd entry is not a string",
                });
                path.truncate(path.len() - 2);
                continue;
            };
            let Some(index) = self.lookup(digest, path) else {
                continue;
            };
            let d = &self.disclosures[index];
            let Some(name) = d.name.clone() else {
                self.problems.push(Problem::Kind {
                    pointer: pointer_of(path),
                    index,
                });
                continue;
            };
            if out.contains_key(&name) {
                self.problems.push(Problem::Collision {
                    pointer: pointer_of(path),
                    name,
                });
                continue;
            }
            path.push(name.clone());
            self.paths[index] = Some(pointer_of(path));
            let v = d.value.clone();
            let v = self.value(&v, path, depth + 1);
            path.pop();
            out.insert(name, v);
        }
        out
    }
}

/// `Some(Ok(digest))` for an array element `{"...": digest}`, `Some(Err)` for a malformed
/// placeholder, `None` for an ordinary element.
fn placeholder(item: &Value) -> Option<Result<&str, &'static str>> {
    let map = item.as_object()?;
    let value = map.get(ELLIPSIS)?;
    if map.len() != 1 {
        return Some(Err(
            "an array element digest object has members besides \"...\"",
        ));
    }
    Some(value.as_str().ok_or("the \"...\" digest is not a string"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn ietf_disclosure_digest() {
        // SD-JWT §4.2.1 / §4.2.3: the example disclosure of `family_name` and its digest.
        let encoded = "WyJfMjZiYzRMVC1hYzZxMktJNmNCVzVlcyIsICJmYW1pbHlfbmFtZSIsICJNw7ZiaXVzIl0";
        let d = Disclosure::decode(encoded, 0).unwrap();
        assert_eq!(d.name.as_deref(), Some("family_name"));
        assert_eq!(d.value, json!("Möbius"));
        assert_eq!(d.digest, "X9yH0Ajrdm1Oij4tWso9UzzKJvPoDxwmuEcO3XAdRC0");
    }

    #[test]
    fn refuses_malformed_disclosures() {
        for json in [
            "{}",
            "[\"s\"]",
            "[1,\"n\",2]",
            "[\"s\",\"_sd\",1]",
            "[\"s\",1,2]",
        ] {
            let e = base64url::encode(json.as_bytes());
            assert!(Disclosure::decode(&e, 3).is_err(), "{json}");
        }
        assert!(Disclosure::decode("!!", 0).is_err());
    }

    #[test]
    fn pointers_round_trip() {
        let s = pointer_segments("/a~1b/c~0d/0").unwrap();
        assert_eq!(s, ["a/b", "c~d", "0"]);
        assert_eq!(pointer_of(&s), "/a~1b/c~0d/0");
        assert!(pointer_segments("a").is_err());
        assert!(pointer_segments("/a~2").is_err());
    }
}
