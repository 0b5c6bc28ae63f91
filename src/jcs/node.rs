//! RFC 8785 written straight from a parsed [`Document`](crate::Document)'s tree: no
//! [`serde_json::Value`] is built. Strings that arrived without escapes are copied in one
//! run (their canonical form is the received bytes); one scratch list serves the member
//! sorting of every object.

use crate::document::{Node, NodeKind};
use crate::report::JsonPath;

use super::{JcsError, MAX_DEPTH, compare_names, write_number, write_string};

/// Appends the canonical form of `node` to `out`.
pub(super) fn write_node(node: Node<'_>, out: &mut String) -> Result<(), JcsError> {
    let mut writer = NodeWriter {
        out,
        start: node,
        // Enough for the members of a typical credential's nested objects at once; a
        // scalar needs none.
        scratch: match node.kind() {
            NodeKind::Object | NodeKind::Array => Vec::with_capacity(64),
            _ => Vec::new(),
        },
    };
    writer.value(node, 0)
}

struct NodeWriter<'o, 'a> {
    out: &'o mut String,
    /// Where the serialization started (paths in errors are relative to it).
    start: Node<'a>,
    /// Sorted members of the objects being written, innermost last.
    scratch: Vec<(&'a str, Node<'a>)>,
}

impl<'a> NodeWriter<'_, 'a> {
    fn value(&mut self, node: Node<'a>, depth: usize) -> Result<(), JcsError> {
        match node.kind() {
            NodeKind::Null => self.out.push_str("null"),
            NodeKind::Bool => self.out.push_str(if node.as_bool() == Some(true) {
                "true"
            } else {
                "false"
            }),
            NodeKind::Number => {
                let f = node
                    .as_number()
                    .and_then(|n| n.as_f64())
                    .unwrap_or(f64::NAN);
                if !f.is_finite() {
                    return Err(JcsError::NonFiniteNumber {
                        path: self.path_to(node),
                    });
                }
                write_number(self.out, f);
            }
            NodeKind::String => match node.unescaped_str() {
                Some(raw) => {
                    self.out.push('"');
                    self.out.push_str(raw);
                    self.out.push('"');
                }
                None => write_string(self.out, node.as_str().unwrap_or_default()),
            },
            NodeKind::Array => {
                self.enter(node, depth)?;
                self.out.push('[');
                for (i, item) in node.items().enumerate() {
                    if i > 0 {
                        self.out.push(',');
                    }
                    self.value(item, depth + 1)?;
                }
                self.out.push(']');
            }
            NodeKind::Object => {
                self.enter(node, depth)?;
                let base = self.scratch.len();
                self.scratch.extend(node.members());
                self.scratch[base..].sort_unstable_by(|a, b| compare_names(a.0, b.0));
                let count = self.scratch.len() - base;
                self.out.push('{');
                for i in 0..count {
                    if i > 0 {
                        self.out.push(',');
                    }
                    let (name, member) = self.scratch[base + i];
                    write_string(self.out, name);
                    self.out.push(':');
                    self.value(member, depth + 1)?;
                }
                self.out.push('}');
                self.scratch.truncate(base);
            }
        }
        Ok(())
    }

    fn enter(&self, node: Node<'a>, depth: usize) -> Result<(), JcsError> {
        if depth >= MAX_DEPTH {
            return Err(JcsError::TooDeep {
                path: self.path_to(node),
                limit: MAX_DEPTH,
            });
        }
        Ok(())
    }

    /// The path from the start node to `node` (only computed for an error).
    fn path_to(&self, node: Node<'a>) -> JsonPath {
        JsonPath::from_steps(node.steps_from(self.start.index()))
    }
}
