//! A CLR's achievements drawn as a tree by their associations (`isChildOf`, `isPartOf`,
//! `isParentOf`), and its other associations as relations; bounded in depth and size.

use std::collections::{BTreeMap, BTreeSet};

use super::view::{Relation, TreeNode};
use crate::model::{Association, AssociationType};

/// Deepest association tree drawn.
const MAX_TREE_DEPTH: usize = 16;
/// Most achievements drawn in an association tree.
const MAX_TREE_NODES: usize = 1000;

/// The association tree (parent and child) and the other relations.
pub(super) fn tree(
    order: &[String],
    names: &BTreeMap<String, String>,
    associations: &[Association],
) -> (Vec<TreeNode>, Vec<Relation>) {
    if associations.is_empty() {
        return (Vec::new(), Vec::new());
    }
    let name = |id: &str| names.get(id).cloned().unwrap_or_else(|| id.to_owned());
    let mut children: BTreeMap<&str, Vec<(&str, &'static str)>> = BTreeMap::new();
    let mut has_parent: BTreeSet<&str> = BTreeSet::new();
    let mut relations = Vec::new();
    for a in associations {
        let (source, target) = (a.source_id.as_str(), a.target_id.as_str());
        let edge = match a.association_type {
            AssociationType::IsChildOf => Some((target, source, "is child of")),
            AssociationType::IsPartOf => Some((target, source, "is part of")),
            AssociationType::IsParentOf => Some((source, target, "is child of")),
            _ => None,
        };
        match edge {
            Some((parent, child, how)) => {
                children.entry(parent).or_default().push((child, how));
                has_parent.insert(child);
            }
            None => relations.push(Relation {
                source: name(source),
                kind: relation_words(a.association_type).to_owned(),
                target: name(target),
            }),
        }
    }
    // Roots: known achievements without a parent, then parents named only by associations.
    let mut roots: Vec<&str> = order
        .iter()
        .map(String::as_str)
        .filter(|id| !has_parent.contains(id))
        .collect();
    for parent in children.keys() {
        if !has_parent.contains(parent) && !roots.contains(parent) {
            roots.push(parent);
        }
    }
    let mut grower = Grower {
        children: &children,
        name: &name,
        budget: MAX_TREE_NODES,
    };
    let nodes = roots
        .into_iter()
        .map_while(|root| grower.grow(root, None, &mut Vec::new()))
        .collect();
    (nodes, relations)
}

/// Draws the association tree within a budget of nodes: an achievement reached by several
/// paths is drawn under each, so the budget bounds what a hostile CLR can make of it.
struct Grower<'a> {
    children: &'a BTreeMap<&'a str, Vec<(&'a str, &'static str)>>,
    name: &'a dyn Fn(&str) -> String,
    budget: usize,
}

impl Grower<'_> {
    /// The node of `id` and those under it (not those already on `path`: no cycles), or
    /// `None` once the budget is spent.
    fn grow(
        &mut self,
        id: &str,
        relation: Option<&str>,
        path: &mut Vec<String>,
    ) -> Option<TreeNode> {
        self.budget = self.budget.checked_sub(1)?;
        path.push(id.to_owned());
        let mut kids = Vec::new();
        if path.len() <= MAX_TREE_DEPTH {
            let fresh: Vec<(&str, &str)> = self
                .children
                .get(id)
                .into_iter()
                .flatten()
                .filter(|(child, _)| !path.iter().any(|p| p == child))
                .copied()
                .collect();
            for (child, how) in fresh {
                match self.grow(child, Some(how), path) {
                    Some(node) => kids.push(node),
                    None => break,
                }
            }
        }
        path.pop();
        Some(TreeNode {
            name: (self.name)(id),
            id: id.to_owned(),
            relation: relation.map(str::to_owned),
            children: kids,
        })
    }
}

fn relation_words(kind: AssociationType) -> &'static str {
    match kind {
        AssociationType::ExactMatchOf => "is an exact match of",
        AssociationType::IsPeerOf => "is a peer of",
        AssociationType::IsRelatedTo => "is related to",
        AssociationType::Precedes => "precedes",
        AssociationType::ReplacedBy => "is replaced by",
        AssociationType::IsChildOf => "is child of",
        AssociationType::IsParentOf => "is parent of",
        AssociationType::IsPartOf => "is part of",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn association_trees_are_bounded_and_acyclic() {
        let iri = |s: &str| crate::values::Iri::parse(s).unwrap();
        let mut associations = Vec::new();
        // 12 layers of 4 achievements, each a child of all 4 above: 4^12 paths.
        for layer in 0..12 {
            for a in 0..4 {
                for b in 0..4 {
                    associations.push(Association::new(
                        AssociationType::IsChildOf,
                        iri(&format!("urn:a:{}:{b}", layer + 1)),
                        iri(&format!("urn:a:{layer}:{a}")),
                    ));
                }
            }
        }
        // And a cycle.
        associations.push(Association::new(
            AssociationType::IsChildOf,
            iri("urn:a:0:0"),
            iri("urn:a:12:0"),
        ));
        let (nodes, _) = tree(&[], &BTreeMap::new(), &associations);
        fn count(nodes: &[TreeNode]) -> usize {
            nodes.iter().map(|n| 1 + count(&n.children)).sum()
        }
        assert!(count(&nodes) <= MAX_TREE_NODES, "{}", count(&nodes));
        assert!(count(&nodes) > 100);
    }
}
