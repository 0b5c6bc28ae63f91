//! The JSON values and objects as the expansion algorithms read them: a `serde_json` value
//! or map, a node of a parsed [`Document`](crate::document::Document) (read from its tree,
//! with no `serde_json` value built), or a slice of borrowed `(name, value)` pairs (a
//! document given member by member, such as a credential without its proof, so that nobody
//! builds a map by cloning the members).

use std::borrow::Cow;

use serde_json::{Map, Number, Value};

use crate::document::MemberValue;
use crate::document::{Node, NodeKind};

/// A JSON scalar (not `null`), as literal serialization reads it.
#[derive(Clone, Debug)]
pub(crate) enum Scalar<'a> {
    /// `true` or `false`.
    Bool(bool),
    /// A number, as `serde_json` reads it.
    Number(Number),
    /// A string.
    String(&'a str),
}

/// Read access to one JSON value. Everything the fast path reads through it is the same for
/// a `serde_json` value and for the document node it was parsed from; the general path
/// reads [`JsonValue::to_cow`].
pub(crate) trait JsonValue<'a>: Copy {
    /// The members of an object, as a [`NodeMap`] whose values are of this type.
    type Map: NodeMap<'a, Value = Self>;

    /// Whether this is `null`.
    fn is_null(self) -> bool;

    /// Whether this is an array.
    fn is_array(self) -> bool;

    /// The string, when this is a string.
    fn as_str(self) -> Option<&'a str>;

    /// The members, when this is an object.
    fn as_object(self) -> Option<Self::Map>;

    /// The items of an array, in order (none for other values).
    fn items(self) -> impl Iterator<Item = Self>;

    /// The number of items of an array (0 for other values).
    fn item_count(self) -> usize;

    /// The scalar, when this is a boolean, a number or a string.
    fn scalar(self) -> Option<Scalar<'a>>;

    /// This value as a `serde_json` value, borrowed when it is one, else built for this
    /// value alone (what the general path reads when the fast path declines).
    fn to_cow(self) -> Cow<'a, Value>;
}

impl<'a> JsonValue<'a> for &'a Value {
    type Map = &'a Map<String, Value>;

    fn is_null(self) -> bool {
        Value::is_null(self)
    }

    fn is_array(self) -> bool {
        Value::is_array(self)
    }

    fn as_str(self) -> Option<&'a str> {
        Value::as_str(self)
    }

    fn as_object(self) -> Option<Self::Map> {
        Value::as_object(self)
    }

    fn items(self) -> impl Iterator<Item = Self> {
        Value::as_array(self).into_iter().flatten()
    }

    fn item_count(self) -> usize {
        Value::as_array(self).map_or(0, Vec::len)
    }

    fn scalar(self) -> Option<Scalar<'a>> {
        match self {
            Value::Bool(b) => Some(Scalar::Bool(*b)),
            Value::Number(n) => Some(Scalar::Number(n.clone())),
            Value::String(s) => Some(Scalar::String(s)),
            _ => None,
        }
    }

    fn to_cow(self) -> Cow<'a, Value> {
        Cow::Borrowed(self)
    }
}

impl<'a> JsonValue<'a> for Node<'a> {
    type Map = Node<'a>;

    fn is_null(self) -> bool {
        Node::is_null(&self)
    }

    fn is_array(self) -> bool {
        self.kind() == NodeKind::Array
    }

    fn as_str(self) -> Option<&'a str> {
        Node::as_str(&self)
    }

    fn as_object(self) -> Option<Self::Map> {
        (self.kind() == NodeKind::Object).then_some(self)
    }

    fn items(self) -> impl Iterator<Item = Self> {
        Node::items(&self)
    }

    fn item_count(self) -> usize {
        if self.is_array() { self.len() } else { 0 }
    }

    fn scalar(self) -> Option<Scalar<'a>> {
        match self.kind() {
            NodeKind::Bool => self.as_bool().map(Scalar::Bool),
            NodeKind::Number => self.as_number().map(Scalar::Number),
            NodeKind::String => Node::as_str(&self).map(Scalar::String),
            _ => None,
        }
    }

    fn to_cow(self) -> Cow<'a, Value> {
        Cow::Owned(self.to_value())
    }
}

/// Read access to the members of one JSON object, in document order.
pub(crate) trait NodeMap<'a>: Copy {
    /// The values of the members.
    type Value: JsonValue<'a>;

    /// The number of members.
    fn len(self) -> usize;

    /// The members, in document order.
    fn entries(self) -> impl Iterator<Item = (&'a str, Self::Value)>;

    /// The value of the member `key`.
    fn get(self, key: &str) -> Option<Self::Value>;

    /// The member names, in document order.
    fn keys(self) -> impl Iterator<Item = &'a str> {
        self.entries().map(|(k, _)| k)
    }
}

impl<'a> NodeMap<'a> for &'a Map<String, Value> {
    type Value = &'a Value;

    fn len(self) -> usize {
        Map::len(self)
    }

    fn entries(self) -> impl Iterator<Item = (&'a str, &'a Value)> {
        self.iter().map(|(k, v)| (k.as_str(), v))
    }

    /// A small map is scanned (cheaper than hashing `key` with the map's SipHash).
    fn get(self, key: &str) -> Option<&'a Value> {
        if Map::len(self) <= SCAN_LIMIT {
            return self.iter().find(|(k, _)| k.as_str() == key).map(|(_, v)| v);
        }
        Map::get(self, key)
    }
}

/// Maps with at most this many members are searched by a scan rather than a hash lookup.
const SCAN_LIMIT: usize = 16;

/// An object node of a parsed document (whose member names are distinct: the parser
/// refuses duplicates).
impl<'a> NodeMap<'a> for Node<'a> {
    type Value = Node<'a>;

    fn len(self) -> usize {
        Node::len(&self)
    }

    fn entries(self) -> impl Iterator<Item = (&'a str, Node<'a>)> {
        self.members()
    }

    fn get(self, key: &str) -> Option<Node<'a>> {
        Node::get(&self, key)
    }
}

impl<'a, V: JsonValue<'a>> NodeMap<'a> for &'a [(&'a str, V)] {
    type Value = V;

    fn len(self) -> usize {
        <[_]>::len(self)
    }

    fn entries(self) -> impl Iterator<Item = (&'a str, V)> {
        self.iter().copied()
    }

    /// The last member named `key`, as a JSON object reads a repeated name.
    fn get(self, key: &str) -> Option<V> {
        self.iter().rev().find(|(k, _)| *k == key).map(|(_, v)| *v)
    }
}

/// A member of a document given member by member, as a JSON value (a member read from a
/// parsed document's tree, or a `serde_json` value standing in for one, such as the
/// `@context` a proof supplies).
impl<'a> JsonValue<'a> for MemberValue<'a> {
    type Map = MemberMap<'a>;

    fn is_null(self) -> bool {
        match self {
            MemberValue::Value(v) => v.is_null(),
            MemberValue::Node(n) => JsonValue::is_null(n),
        }
    }

    fn is_array(self) -> bool {
        match self {
            MemberValue::Value(v) => JsonValue::is_array(v),
            MemberValue::Node(n) => JsonValue::is_array(n),
        }
    }

    fn as_str(self) -> Option<&'a str> {
        match self {
            MemberValue::Value(v) => Value::as_str(v),
            MemberValue::Node(n) => Node::as_str(&n),
        }
    }

    fn as_object(self) -> Option<Self::Map> {
        match self {
            MemberValue::Value(v) => JsonValue::as_object(v).map(MemberMap::Value),
            MemberValue::Node(n) => JsonValue::as_object(n).map(MemberMap::Node),
        }
    }

    fn items(self) -> impl Iterator<Item = Self> {
        let (values, nodes) = match self {
            MemberValue::Value(v) => (Some(JsonValue::items(v).map(MemberValue::Value)), None),
            MemberValue::Node(n) => (None, Some(JsonValue::items(n).map(MemberValue::Node))),
        };
        values
            .into_iter()
            .flatten()
            .chain(nodes.into_iter().flatten())
    }

    fn item_count(self) -> usize {
        match self {
            MemberValue::Value(v) => v.item_count(),
            MemberValue::Node(n) => n.item_count(),
        }
    }

    fn scalar(self) -> Option<Scalar<'a>> {
        match self {
            MemberValue::Value(v) => v.scalar(),
            MemberValue::Node(n) => n.scalar(),
        }
    }

    fn to_cow(self) -> Cow<'a, Value> {
        MemberValue::to_cow(self)
    }
}

/// The members of an object that is a [`MemberValue`].
#[derive(Clone, Copy)]
pub(crate) enum MemberMap<'a> {
    /// A `serde_json` object.
    Value(&'a Map<String, Value>),
    /// An object node of a parsed document.
    Node(Node<'a>),
}

impl<'a> NodeMap<'a> for MemberMap<'a> {
    type Value = MemberValue<'a>;

    fn len(self) -> usize {
        match self {
            MemberMap::Value(m) => NodeMap::len(m),
            MemberMap::Node(n) => NodeMap::len(n),
        }
    }

    fn entries(self) -> impl Iterator<Item = (&'a str, MemberValue<'a>)> {
        let (values, nodes) = match self {
            MemberMap::Value(m) => (
                Some(m.entries().map(|(k, v)| (k, MemberValue::Value(v)))),
                None,
            ),
            MemberMap::Node(n) => (
                None,
                Some(n.entries().map(|(k, v)| (k, MemberValue::Node(v)))),
            ),
        };
        values
            .into_iter()
            .flatten()
            .chain(nodes.into_iter().flatten())
    }

    fn get(self, key: &str) -> Option<MemberValue<'a>> {
        match self {
            MemberMap::Value(m) => NodeMap::get(m, key).map(MemberValue::Value),
            MemberMap::Node(n) => NodeMap::get(n, key).map(MemberValue::Node),
        }
    }
}
