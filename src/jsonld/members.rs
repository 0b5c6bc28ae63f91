//! The members of a JSON object as the expansion algorithms read them: a `serde_json` map,
//! or a slice of borrowed `(name, value)` pairs (a document given member by member, such as
//! a credential without its proof, so that nobody builds a map by cloning the members).

use serde_json::{Map, Value};

/// Read access to the members of one JSON object, in document order.
pub(crate) trait NodeMap<'a>: Copy {
    /// The number of members.
    fn len(self) -> usize;

    /// The members, in document order.
    fn entries(self) -> impl Iterator<Item = (&'a str, &'a Value)>;

    /// The value of the member `key`.
    fn get(self, key: &str) -> Option<&'a Value>;

    /// The member names, in document order.
    fn keys(self) -> impl Iterator<Item = &'a str> {
        self.entries().map(|(k, _)| k)
    }
}

impl<'a> NodeMap<'a> for &'a Map<String, Value> {
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

impl<'a> NodeMap<'a> for &'a [(&'a str, &'a Value)] {
    fn len(self) -> usize {
        <[_]>::len(self)
    }

    fn entries(self) -> impl Iterator<Item = (&'a str, &'a Value)> {
        self.iter().copied()
    }

    /// The last member named `key`, as a JSON object reads a repeated name.
    fn get(self, key: &str) -> Option<&'a Value> {
        self.iter().rev().find(|(k, _)| *k == key).map(|(_, v)| *v)
    }
}
