//! The compact parsed form of a [`Document`](super::Document): every JSON value is one
//! [`Slot`] of a single arena, in document order (a value before its children), and every
//! string or number is a byte range into the document's own text (or, for a string with
//! escapes, into one side buffer of decoded text). Parsing allocates a fixed handful of
//! buffers whatever the document holds.
//!
//! [`Node`] is the borrowed, read-only view callers use.

use serde_json::{Map, Number, Value};

use super::Inner;
use crate::report::Step;

/// What a slot holds. Strings and member names come in two flavours: `Raw` (the text
/// between the quotes, which has no escape) and `Decoded` (a range of the side buffer).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Tag {
    Null,
    True,
    False,
    Number,
    RawString,
    DecodedString,
    Array,
    Object,
    RawName,
    DecodedName,
}

/// One value (or member name) of the arena.
#[derive(Clone, Copy, Debug)]
pub(super) struct Slot {
    pub(super) tag: Tag,
    /// Byte offset of the text (strings, names, numbers), in the document text or, for the
    /// decoded tags, in the side buffer.
    pub(super) start: u32,
    /// Byte length of that text.
    pub(super) len: u32,
    /// Index one past this slot's subtree (its next sibling, for a value in a container).
    pub(super) end: u32,
    /// Index of the enclosing array or object (`u32::MAX` at the root); a member's value and
    /// its name both name the object.
    pub(super) parent: u32,
    /// Members of an object, items of an array.
    pub(super) count: u32,
}

/// The arena of a parsed document.
#[derive(Debug, Default)]
pub(super) struct Tree {
    pub(super) slots: Vec<Slot>,
    /// Decoded text of the strings and names that have escapes.
    pub(super) decoded: String,
}

impl Tree {
    /// The text of a string, name or number slot of this tree over the document `text`.
    pub(super) fn text<'t>(&'t self, text: &'t str, slot: Slot) -> &'t str {
        let (start, end) = (slot.start as usize, slot.start as usize + slot.len as usize);
        let source = match slot.tag {
            Tag::DecodedString | Tag::DecodedName => &self.decoded,
            _ => text,
        };
        source.get(start..end).unwrap_or_default()
    }
}

/// A `null` slot without children.
const NULL_SLOT: Slot = Slot {
    tag: Tag::Null,
    start: 0,
    len: 0,
    end: 0,
    parent: NO_PARENT,
    count: 0,
};

/// The parent index of the root.
pub(super) const NO_PARENT: u32 = u32::MAX;

/// The kind of a JSON value.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum NodeKind {
    /// `null`.
    Null,
    /// `true` or `false`.
    Bool,
    /// A number.
    Number,
    /// A string.
    String,
    /// An array.
    Array,
    /// An object.
    Object,
}

/// A borrowed value of a parsed [`Document`](super::Document).
///
/// Reading a document through nodes costs no allocation: strings without escapes are
/// slices of the received text.
///
/// ```
/// use openbadges::document::{Document, NodeKind};
///
/// let doc = Document::from_str(r#"{"type": ["VerifiableCredential"], "n": 1.50, "e": "\u00e9"}"#)?;
/// let root = doc.root();
/// assert_eq!(root.kind(), NodeKind::Object);
/// assert_eq!(root.get("type").and_then(|t| t.items().next()).and_then(|t| t.as_str()), Some("VerifiableCredential"));
/// assert_eq!(root.get("n").and_then(|n| n.number_text()), Some("1.50"));
/// assert_eq!(root.get("e").and_then(|e| e.as_str()), Some("é"));
/// assert_eq!(root.members().map(|(name, _)| name).collect::<Vec<_>>(), ["type", "n", "e"]);
/// # Ok::<(), openbadges::document::ParseError>(())
/// ```
#[derive(Clone, Copy)]
pub struct Node<'a> {
    pub(super) inner: &'a Inner,
    pub(super) index: u32,
}

impl std::fmt::Debug for Node<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Node")
            .field("index", &self.index)
            .field("kind", &self.kind())
            .finish()
    }
}

impl<'a> Node<'a> {
    fn slot(&self) -> Slot {
        // Every index a node holds is in the arena; `null` guards the impossible case.
        self.inner
            .tree()
            .slots
            .get(self.index as usize)
            .copied()
            .unwrap_or(NULL_SLOT)
    }

    /// The text of a string, name or number slot.
    fn text_of(inner: &'a Inner, slot: Slot) -> &'a str {
        inner.tree().text(&inner.text, slot)
    }

    /// The kind of this value.
    pub fn kind(&self) -> NodeKind {
        match self.slot().tag {
            Tag::Null => NodeKind::Null,
            Tag::True | Tag::False => NodeKind::Bool,
            Tag::Number => NodeKind::Number,
            Tag::RawString | Tag::DecodedString | Tag::RawName | Tag::DecodedName => {
                NodeKind::String
            }
            Tag::Array => NodeKind::Array,
            Tag::Object => NodeKind::Object,
        }
    }

    /// The (unescaped) string, when this is a string.
    pub fn as_str(&self) -> Option<&'a str> {
        let slot = self.slot();
        match slot.tag {
            Tag::RawString | Tag::DecodedString => Some(Self::text_of(self.inner, slot)),
            _ => None,
        }
    }

    /// The string as received between its quotes, when it has no escape sequence: then
    /// its RFC 8785 form is the same bytes (control characters are always escaped in
    /// JSON, and nothing else needs escaping).
    pub(crate) fn unescaped_str(&self) -> Option<&'a str> {
        let slot = self.slot();
        (slot.tag == Tag::RawString).then(|| Self::text_of(self.inner, slot))
    }

    /// The boolean, when this is `true` or `false`.
    pub fn as_bool(&self) -> Option<bool> {
        match self.slot().tag {
            Tag::True => Some(true),
            Tag::False => Some(false),
            _ => None,
        }
    }

    /// Whether this is `null`.
    pub fn is_null(&self) -> bool {
        self.slot().tag == Tag::Null
    }

    /// The number exactly as received (`1.50`, `-0`, `1E3`), when this is a number.
    pub fn number_text(&self) -> Option<&'a str> {
        let slot = self.slot();
        (slot.tag == Tag::Number).then(|| Self::text_of(self.inner, slot))
    }

    /// The number as [`serde_json`] reads it (the same [`Number`] the document's
    /// [`Value`] holds), when this is a number.
    pub fn as_number(&self) -> Option<Number> {
        self.number_text().and_then(number_from_text)
    }

    /// The number of members of an object or items of an array; 0 for other values.
    pub fn len(&self) -> usize {
        self.slot().count as usize
    }

    /// Whether this is an empty array or object, or not a container.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The members of an object, in document order (empty for other values).
    pub fn members(&self) -> Members<'a> {
        let slot = self.slot();
        let (next, end) = if slot.tag == Tag::Object {
            (self.index + 1, slot.end)
        } else {
            (0, 0)
        };
        Members {
            inner: self.inner,
            next,
            end,
        }
    }

    /// The items of an array, in order (empty for other values).
    pub fn items(&self) -> Items<'a> {
        let slot = self.slot();
        let (next, end) = if slot.tag == Tag::Array {
            (self.index + 1, slot.end)
        } else {
            (0, 0)
        };
        Items {
            inner: self.inner,
            next,
            end,
        }
    }

    /// The member `name` of an object (`None` for other values).
    pub fn get(&self, name: &str) -> Option<Node<'a>> {
        self.members().find(|(n, _)| *n == name).map(|(_, v)| v)
    }

    /// The value this node stands for in the document's [`Value`]
    /// ([`Document::value`](super::Document::value), built on first use and kept).
    pub fn value(&self) -> &'a Value {
        self.steps_from(0)
            .into_iter()
            .fold(self.inner.value(), |value, step| {
                match step {
                    Step::Key(name) => value.get(name),
                    Step::Index(i) => value.get(i),
                }
                .unwrap_or(&Value::Null)
            })
    }

    /// How this node is reached from its ancestor at `ancestor` (the root is 0): member
    /// names and item positions, outermost first.
    pub(crate) fn steps_from(&self, ancestor: u32) -> Vec<Step<'a>> {
        let mut steps = Vec::new();
        let mut at = *self;
        while at.index != ancestor {
            let Some(parent) = at.parent() else { break };
            if parent.kind() == NodeKind::Object {
                // A member's name is the slot just before its value.
                let slots = &at.inner.tree().slots;
                if let Some(&name) = at.index.checked_sub(1).and_then(|i| slots.get(i as usize)) {
                    steps.push(Step::Key(Node::text_of(at.inner, name)));
                }
            } else if let Some(i) = parent.items().position(|v| v.index == at.index) {
                steps.push(Step::Index(i));
            }
            at = parent;
        }
        steps.reverse();
        steps
    }

    /// An owned [`Value`] of this node, equal to what [`serde_json`] would parse from its
    /// text (objects and strings are allocated with their exact sizes).
    pub fn to_value(&self) -> Value {
        build_value(self.inner, self.index)
    }

    /// The length of the whole document's text (to pre-size outputs).
    pub(crate) fn document_len(&self) -> usize {
        self.inner.text.len()
    }

    /// The index of this node in the document's arena (document order).
    pub(crate) fn index(&self) -> u32 {
        self.index
    }

    /// The enclosing array or object.
    pub(crate) fn parent(&self) -> Option<Node<'a>> {
        let parent = self.slot().parent;
        (parent != NO_PARENT).then_some(Node {
            inner: self.inner,
            index: parent,
        })
    }
}

/// The members of an object node: `(name, value)` in document order.
#[derive(Clone, Debug)]
pub struct Members<'a> {
    inner: &'a Inner,
    next: u32,
    end: u32,
}

impl<'a> Iterator for Members<'a> {
    type Item = (&'a str, Node<'a>);

    fn next(&mut self) -> Option<Self::Item> {
        if self.next >= self.end {
            return None;
        }
        let slots = &self.inner.tree().slots;
        let name = Node::text_of(self.inner, *slots.get(self.next as usize)?);
        let value = self.next + 1;
        self.next = slots.get(value as usize)?.end;
        Some((
            name,
            Node {
                inner: self.inner,
                index: value,
            },
        ))
    }
}

/// The items of an array node, in order.
#[derive(Clone, Debug)]
pub struct Items<'a> {
    inner: &'a Inner,
    next: u32,
    end: u32,
}

impl<'a> Iterator for Items<'a> {
    type Item = Node<'a>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.next >= self.end {
            return None;
        }
        let index = self.next;
        self.next = self.inner.tree().slots.get(index as usize)?.end;
        Some(Node {
            inner: self.inner,
            index,
        })
    }
}

/// The [`Number`] serde_json reads from `text` (a number the parser accepted).
pub(crate) fn number_from_text(text: &str) -> Option<Number> {
    let bytes = text.as_bytes();
    // Plain non-negative integers that fit u64 and negative ones that fit i64 (not -0,
    // which serde_json reads as the float -0.0): the same integer serde_json keeps.
    if bytes.len() <= 19
        && bytes.iter().all(u8::is_ascii_digit)
        && let Ok(n) = text.parse::<u64>()
    {
        return Some(Number::from(n));
    }
    if bytes.len() <= 19
        && bytes.first() == Some(&b'-')
        && bytes.get(1).is_some_and(|&b| b != b'0')
        && bytes[1..].iter().all(u8::is_ascii_digit)
        && let Ok(n) = text.parse::<i64>()
    {
        return Some(Number::from(n));
    }
    // Everything else exactly as serde_json parses it (its float algorithm, its
    // integer-overflow-to-float rule).
    serde_json::from_str::<Number>(text).ok()
}

/// Builds the [`Value`] of slot `index`, iteratively (no recursion however deep).
pub(super) fn build_value(inner: &Inner, index: u32) -> Value {
    enum Open {
        Array(Vec<Value>),
        Object(Map<String, Value>, String),
    }
    let slots = &inner.tree().slots;
    let scalar = |slot: Slot| -> Value {
        match slot.tag {
            Tag::Null => Value::Null,
            Tag::True => Value::Bool(true),
            Tag::False => Value::Bool(false),
            Tag::Number => {
                number_from_text(Node::text_of(inner, slot)).map_or(Value::Null, Value::Number)
            }
            _ => Value::String(Node::text_of(inner, slot).to_owned()),
        }
    };
    let Some(&first) = slots.get(index as usize) else {
        return Value::Null;
    };
    if !matches!(first.tag, Tag::Array | Tag::Object) {
        return scalar(first);
    }
    // Stack of open containers with the index one past their subtree.
    let mut stack: Vec<(Open, u32)> = Vec::new();
    let mut at = index;
    let end_all = first.end;
    let mut finished: Option<Value> = None;
    while at < end_all || !stack.is_empty() {
        // Close every container whose subtree ends here.
        if let Some((_, end)) = stack.last()
            && at >= *end
        {
            let Some((open, _)) = stack.pop() else { break };
            let value = match open {
                Open::Array(items) => Value::Array(items),
                Open::Object(map, _) => Value::Object(map),
            };
            match stack.last_mut() {
                Some((Open::Array(items), _)) => items.push(value),
                Some((Open::Object(map, name), _)) => {
                    map.insert(std::mem::take(name), value);
                }
                None => finished = Some(value),
            }
            continue;
        }
        let Some(&slot) = slots.get(at as usize) else {
            break;
        };
        match slot.tag {
            Tag::Array => {
                stack.push((
                    Open::Array(Vec::with_capacity(slot.count as usize)),
                    slot.end,
                ));
                at += 1;
            }
            Tag::Object => {
                stack.push((
                    Open::Object(Map::with_capacity(slot.count as usize), String::new()),
                    slot.end,
                ));
                at += 1;
            }
            Tag::RawName | Tag::DecodedName => {
                if let Some((Open::Object(_, name), _)) = stack.last_mut() {
                    *name = Node::text_of(inner, slot).to_owned();
                }
                at += 1;
            }
            _ => {
                let value = scalar(slot);
                match stack.last_mut() {
                    Some((Open::Array(items), _)) => items.push(value),
                    Some((Open::Object(map, name), _)) => {
                        map.insert(std::mem::take(name), value);
                    }
                    None => finished = Some(value),
                }
                at += 1;
            }
        }
    }
    finished.unwrap_or(Value::Null)
}
