//! [`OneOrMany`]: a JSON-LD property that may hold one value or an array of values.

use std::fmt;
use std::marker::PhantomData;

use serde::de::value::{MapAccessDeserializer, SeqAccessDeserializer};
use serde::de::{self, IntoDeserializer, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// One value or an array of values, re-serialized in the shape it came in.
///
/// JSON-LD treats `"X"` and `["X"]` alike, but a signature over the received JSON does not:
/// a bare value stays bare and an array (even of one item) stays an array. Builders use
/// [`OneOrMany::many`] (or `From<Vec<T>>`), so their output always has the array form.
///
/// ```
/// use openbadges::values::OneOrMany;
///
/// let types = OneOrMany::many(vec!["VerifiableCredential", "OpenBadgeCredential"]);
/// assert_eq!(types.len(), 2);
/// assert_eq!(types.first(), Some(&"VerifiableCredential"));
/// assert!(types.contains(&"OpenBadgeCredential"));
/// assert_eq!(serde_json::to_value(&types)?, serde_json::json!(["VerifiableCredential", "OpenBadgeCredential"]));
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum OneOrMany<T> {
    /// A bare value (serialized without brackets).
    One(T),
    /// An array (serialized with brackets, whatever its length).
    Many(Vec<T>),
}

impl<T> OneOrMany<T> {
    /// A bare value.
    pub fn one(value: T) -> Self {
        OneOrMany::One(value)
    }

    /// An array of values: the form builders use.
    pub fn many(values: impl IntoIterator<Item = impl Into<T>>) -> Self {
        OneOrMany::Many(values.into_iter().map(Into::into).collect())
    }

    /// The values as a slice (one element for a bare value).
    pub fn as_slice(&self) -> &[T] {
        match self {
            OneOrMany::One(value) => std::slice::from_ref(value),
            OneOrMany::Many(values) => values,
        }
    }

    /// Iterates over the values.
    pub fn iter(&self) -> std::slice::Iter<'_, T> {
        self.as_slice().iter()
    }

    /// Iterates mutably over the values.
    pub fn iter_mut(&mut self) -> std::slice::IterMut<'_, T> {
        match self {
            OneOrMany::One(value) => std::slice::from_mut(value).iter_mut(),
            OneOrMany::Many(values) => values.iter_mut(),
        }
    }

    /// The first value, if any.
    pub fn first(&self) -> Option<&T> {
        self.as_slice().first()
    }

    /// How many values there are.
    pub fn len(&self) -> usize {
        self.as_slice().len()
    }

    /// Whether this is an empty array.
    pub fn is_empty(&self) -> bool {
        self.as_slice().is_empty()
    }

    /// Whether this came (or will be written) as an array.
    pub fn is_array(&self) -> bool {
        matches!(self, OneOrMany::Many(_))
    }

    /// Whether one of the values equals `value`.
    pub fn contains<Q>(&self, value: &Q) -> bool
    where
        T: PartialEq<Q>,
        Q: ?Sized,
    {
        self.iter().any(|v| v == value)
    }

    /// Appends a value; a bare value becomes an array of two.
    pub fn push(&mut self, value: T) {
        let this = std::mem::replace(self, OneOrMany::Many(Vec::new()));
        *self = match this {
            OneOrMany::One(first) => OneOrMany::Many(vec![first, value]),
            OneOrMany::Many(mut values) => {
                values.push(value);
                OneOrMany::Many(values)
            }
        };
    }

    /// The values as a vector, dropping the shape.
    pub fn into_vec(self) -> Vec<T> {
        match self {
            OneOrMany::One(value) => vec![value],
            OneOrMany::Many(values) => values,
        }
    }
}

impl<T> From<Vec<T>> for OneOrMany<T> {
    fn from(values: Vec<T>) -> Self {
        OneOrMany::Many(values)
    }
}

impl<T> IntoIterator for OneOrMany<T> {
    type Item = T;
    type IntoIter = std::vec::IntoIter<T>;
    fn into_iter(self) -> Self::IntoIter {
        self.into_vec().into_iter()
    }
}

impl<'a, T> IntoIterator for &'a OneOrMany<T> {
    type Item = &'a T;
    type IntoIter = std::slice::Iter<'a, T>;
    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

impl<T: Serialize> Serialize for OneOrMany<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            OneOrMany::One(value) => value.serialize(serializer),
            OneOrMany::Many(values) => values.serialize(serializer),
        }
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for OneOrMany<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(OneOrManyVisitor(PhantomData))
    }
}

/// Dispatches on the JSON shape without buffering, so that path tracking sees every
/// nested value (an array's elements keep their indexes).
struct OneOrManyVisitor<T>(PhantomData<T>);

impl<'de, T: Deserialize<'de>> Visitor<'de> for OneOrManyVisitor<T> {
    type Value = OneOrMany<T>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a value or an array of values")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
        Vec::<T>::deserialize(SeqAccessDeserializer::new(seq)).map(OneOrMany::Many)
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
        T::deserialize(MapAccessDeserializer::new(map)).map(OneOrMany::One)
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        T::deserialize(v.into_deserializer()).map(OneOrMany::One)
    }

    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
        T::deserialize(de::value::BorrowedStrDeserializer::new(v)).map(OneOrMany::One)
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
        T::deserialize(v.into_deserializer()).map(OneOrMany::One)
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
        T::deserialize(v.into_deserializer()).map(OneOrMany::One)
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        T::deserialize(v.into_deserializer()).map(OneOrMany::One)
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        T::deserialize(v.into_deserializer()).map(OneOrMany::One)
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
        T::deserialize(v.into_deserializer()).map(OneOrMany::One)
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        T::deserialize(().into_deserializer()).map(OneOrMany::One)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn shape_is_kept() {
        for text in [r#""a""#, r#"["a"]"#, r#"["a","b"]"#, "[]"] {
            let v: OneOrMany<String> = serde_json::from_str(text).unwrap();
            assert_eq!(serde_json::to_string(&v).unwrap(), text);
        }
    }

    #[test]
    fn objects_and_numbers() {
        let v: OneOrMany<serde_json::Value> = serde_json::from_value(json!({"a": 1})).unwrap();
        assert!(!v.is_array());
        let n: OneOrMany<f64> = serde_json::from_value(json!([1.5, 2])).unwrap();
        assert_eq!(n.as_slice(), &[1.5, 2.0]);
    }

    #[test]
    fn push_turns_one_into_many() {
        let mut v = OneOrMany::one(1);
        v.push(2);
        assert_eq!(v, OneOrMany::Many(vec![1, 2]));
    }

    #[test]
    fn wrong_item_type_is_an_error() {
        let err = serde_json::from_value::<OneOrMany<String>>(json!([1])).unwrap_err();
        assert!(err.to_string().contains("invalid type"), "{err}");
    }
}
