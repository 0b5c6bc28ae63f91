//! The canonicalization state and the hashing algorithms of RDFC-1.0: Hash First Degree
//! Quads (§4.6), Hash Related Blank Node (§4.7) and Hash N-Degree Quads (§4.8).

use super::hash::{HashAlgorithm, Hex};
use super::issuer::{Issuer, push_label};
use super::{CanonError, CanonOptions};
use crate::rdf::dataset::{Dataset, NO_TERM};

/// Marks a quad position that holds no blank node.
pub(crate) const NONE: u32 = u32::MAX;

/// The canonical issuer's prefix.
pub(crate) const CANONICAL_PREFIX: &str = "c14n";
/// The longest label a line can hold: `_:c14n` and ten digits.
const MAX_LABEL_LEN: usize = 16;
/// The temporary issuers' prefix.
const TEMPORARY_PREFIX: &str = "b";

/// Everything the algorithms read, built once from the dataset.
pub(crate) struct State<'d> {
    /// The dataset: every term's N-Quads text, the quads as term ids.
    pub(crate) dataset: &'d Dataset,
    /// Per quad: the blank node numbers of its subject, object and graph ([`NONE`] if that
    /// position is not a blank node).
    pub(crate) slots: Vec<[u32; 3]>,
    /// Per blank node, its term id (numbers follow first appearance).
    pub(crate) blank_terms: Vec<u32>,
    /// The quads that mention each blank node (each quad once), node after node.
    node_quads: Vec<u32>,
    /// Where each blank node's run starts in `node_quads` (one more entry at the end).
    node_starts: Vec<u32>,
    /// The length of all the quads' lines at most (each blank node's label counted as
    /// [`MAX_LABEL_LEN`]).
    lines_len: usize,
    /// Per blank node, its first-degree hash.
    first_degree: Vec<Hex>,
    pub(crate) canonical: Issuer,
    algorithm: HashAlgorithm,
    work: u64,
    work_limit: u64,
    max_depth: usize,
}

impl<'d> State<'d> {
    /// Numbers the blank nodes of `dataset` in order of first appearance (subject, object,
    /// graph) and indexes the quads that mention each (RDFC-1.0 §4.4.3 steps 1–2).
    pub(crate) fn new(dataset: &'d Dataset, options: &CanonOptions) -> Self {
        let quads = dataset.quad_ids();
        // Per term, its blank node number (or NONE).
        let mut numbers = vec![NONE; dataset.term_count()];
        let mut blank_terms: Vec<u32> = Vec::with_capacity(32);
        let mut slots = Vec::with_capacity(quads.len());
        // Per blank node, how many quads mention it (first pass), then where its run
        // starts in `node_quads` (second pass).
        let mut counts: Vec<u32> = Vec::with_capacity(32);
        // The separators and the predicate of each line, then its other terms.
        let mut lines_len = 0usize;
        for quad in quads {
            let mut slot = [NONE; 3];
            lines_len += dataset.text_len(quad[1]) + 5 + usize::from(quad[3] != NO_TERM);
            for (k, id) in [quad[0], quad[2], quad[3]].into_iter().enumerate() {
                // A blank node's id is below `term_count`; `NO_TERM` is never blank.
                if !dataset.is_blank(id) {
                    lines_len += dataset.text_len(id);
                    continue;
                }
                lines_len += MAX_LABEL_LEN;
                let number = &mut numbers[id as usize];
                if *number == NONE {
                    *number = blank_terms.len() as u32;
                    blank_terms.push(id);
                    counts.push(0);
                }
                slot[k] = *number;
                // A quad mentioning the same node twice is listed once for it.
                if !slot[..k].contains(number) {
                    counts[*number as usize] += 1;
                }
            }
            slots.push(slot);
        }
        let mut starts = Vec::with_capacity(counts.len() + 1);
        let mut total = 0u32;
        for &c in &counts {
            starts.push(total);
            total += c;
        }
        starts.push(total);
        let mut node_quads = vec![0u32; total as usize];
        // Reuse `counts` as each run's fill position.
        let nodes = counts.len();
        counts.copy_from_slice(&starts[..nodes]);
        for (i, slot) in slots.iter().enumerate() {
            for (k, &n) in slot.iter().enumerate() {
                if n != NONE && !slot[..k].contains(&n) {
                    node_quads[counts[n as usize] as usize] = i as u32;
                    counts[n as usize] += 1;
                }
            }
        }
        let count = blank_terms.len();
        State {
            dataset,
            slots,
            blank_terms,
            node_quads,
            node_starts: starts,
            lines_len,
            first_degree: Vec::new(),
            canonical: Issuer::new(count),
            algorithm: options.hash,
            work: 0,
            work_limit: options.work_limit,
            max_depth: options.max_depth,
        }
    }

    /// The length of all the quads' lines at most, whatever their blank nodes' labels.
    pub(crate) fn lines_len(&self) -> usize {
        self.lines_len
    }

    /// Appends the N-Quads line of quad `index` (below [`Dataset::len`]), writing each of
    /// its blank nodes (subject, object, graph) with `label`; other terms (a blank predicate
    /// of generalized RDF included) keep their text.
    #[inline]
    pub(crate) fn write_line(
        &self,
        out: &mut String,
        index: usize,
        label: impl Fn(&mut String, u32),
    ) {
        let quad = self.dataset.quad_ids()[index];
        let slot = self.slots[index];
        // Written out rather than through a closure per term, which the compiler does not
        // always inline.
        if slot[0] == NONE {
            out.push_str(self.dataset.text(quad[0]));
        } else {
            label(out, slot[0]);
        }
        out.push(' ');
        out.push_str(self.dataset.text(quad[1]));
        out.push(' ');
        if slot[1] == NONE {
            out.push_str(self.dataset.text(quad[2]));
        } else {
            label(out, slot[1]);
        }
        if quad[3] != NO_TERM {
            out.push(' ');
            if slot[2] == NONE {
                out.push_str(self.dataset.text(quad[3]));
            } else {
                label(out, slot[2]);
            }
        }
        out.push_str(" .\n");
    }

    /// The quads that mention `node`.
    fn quads_of(&self, node: u32) -> &[u32] {
        let from = self.node_starts[node as usize] as usize;
        let to = self.node_starts[node as usize + 1] as usize;
        &self.node_quads[from..to]
    }

    /// Runs RDFC-1.0 §4.4.3 steps 3–6: every blank node gets its canonical identifier.
    pub(crate) fn issue_canonical_identifiers(&mut self) -> Result<(), CanonError> {
        let count = self.blank_terms.len();
        let mut line_buf = String::with_capacity(4096);
        let mut ranges = Vec::with_capacity(64);
        let mut sorted = Vec::with_capacity(4096);
        self.first_degree = (0..count as u32)
            .map(|n| self.hash_first_degree(n, &mut line_buf, &mut ranges, &mut sorted))
            .collect();
        let mut by_hash: Vec<(Hex, u32)> = self
            .first_degree
            .iter()
            .enumerate()
            .map(|(n, h)| (*h, n as u32))
            .collect();
        by_hash.sort_by_key(|a| a.0);
        // Unique hashes first, in hash order.
        for group in by_hash.chunk_by(|a, b| a.0 == b.0) {
            if let [(_, node)] = group {
                self.canonical.issue(*node);
            }
        }
        // Then the shared ones, each resolved by Hash N-Degree Quads.
        for group in by_hash.chunk_by(|a, b| a.0 == b.0) {
            if group.len() < 2 {
                continue;
            }
            let mut results: Vec<(Hex, Issuer)> = Vec::new();
            for &(_, node) in group {
                if self.canonical.get(node).is_some() {
                    continue;
                }
                let mut temporary = Issuer::new(count);
                temporary.issue(node);
                results.push(self.hash_n_degree(node, temporary, 0)?);
            }
            results.sort_by_key(|a| a.0);
            for (_, issuer) in &results {
                for &node in issuer.order() {
                    self.canonical.issue(node);
                }
            }
        }
        Ok(())
    }

    /// Hash First Degree Quads (§4.6): the quads of `node`, with `node` as `_:a` and every
    /// other blank node as `_:z`, serialized, sorted, hashed.
    fn hash_first_degree(
        &self,
        node: u32,
        buf: &mut String,
        ranges: &mut Vec<(usize, usize)>,
        sorted: &mut Vec<u8>,
    ) -> Hex {
        buf.clear();
        ranges.clear();
        for &qi in self.quads_of(node) {
            let start = buf.len();
            self.write_line(buf, qi as usize, |out, n| {
                out.push_str(if n == node { "_:a" } else { "_:z" })
            });
            ranges.push((start, buf.len()));
        }
        let text = buf.as_bytes();
        ranges.sort_unstable_by(|a, b| text[a.0..a.1].cmp(&text[b.0..b.1]));
        // One contiguous update hashes faster than one per line.
        sorted.clear();
        for &(start, end) in ranges.iter() {
            sorted.extend_from_slice(&text[start..end]);
        }
        self.algorithm.hash(sorted)
    }

    /// Hash Related Blank Node (§4.7).
    fn hash_related(
        &self,
        related: u32,
        quad: usize,
        issuer: &Issuer,
        position: char,
        buf: &mut String,
    ) -> Hex {
        buf.clear();
        buf.push(position);
        if position != 'g' {
            buf.push_str(self.dataset.text(self.dataset.quad_ids()[quad][1]));
        }
        if let Some(c) = self.canonical.get(related) {
            push_label(buf, CANONICAL_PREFIX, c);
        } else if let Some(b) = issuer.get(related) {
            push_label(buf, TEMPORARY_PREFIX, b);
        } else {
            let hex = self.first_degree[related as usize];
            hex.push_to(buf);
        }
        self.algorithm.hash(buf.as_bytes())
    }

    fn tick(&mut self) -> Result<(), CanonError> {
        self.work += 1;
        if self.work > self.work_limit {
            return Err(CanonError::WorkLimitExceeded {
                limit: self.work_limit,
                blank_nodes: self.blank_terms.len(),
            });
        }
        Ok(())
    }

    /// Hash N-Degree Quads (§4.8).
    fn hash_n_degree(
        &mut self,
        node: u32,
        mut issuer: Issuer,
        depth: usize,
    ) -> Result<(Hex, Issuer), CanonError> {
        self.tick()?;
        if depth >= self.max_depth {
            return Err(CanonError::DepthLimitExceeded {
                limit: self.max_depth,
                blank_nodes: self.blank_terms.len(),
            });
        }
        // Steps 1–3: group the related blank nodes by their related hash.
        let mut related: Vec<(Hex, u32)> = Vec::new();
        let mut buf = String::new();
        for &qi in self.quads_of(node) {
            let slot = self.slots[qi as usize];
            for (position, other) in [('s', slot[0]), ('o', slot[1]), ('g', slot[2])] {
                if other != NONE && other != node {
                    let hash = self.hash_related(other, qi as usize, &issuer, position, &mut buf);
                    related.push((hash, other));
                }
            }
        }
        related.sort_by_key(|a| a.0);
        // Steps 4–5.
        let mut data = self.algorithm.hasher();
        for group in related.chunk_by(|a, b| a.0 == b.0) {
            data.update(group[0].0.as_bytes());
            // Every permutation of the group costs a step: when there are more than the
            // budget has left, the limit will be exceeded whatever the paths turn out to be,
            // so stop now (a 10-node clique would otherwise spend the whole budget first).
            if self.work.saturating_add(factorial(group.len())) > self.work_limit {
                return Err(CanonError::WorkLimitExceeded {
                    limit: self.work_limit,
                    blank_nodes: self.blank_terms.len(),
                });
            }
            let nodes: Vec<u32> = group.iter().map(|(_, n)| *n).collect();
            let mut chosen_path = String::new();
            let mut chosen_issuer: Option<Issuer> = None;
            let mut permutation: Vec<usize> = (0..nodes.len()).collect();
            loop {
                self.tick()?;
                if let Some((path, copy)) =
                    self.try_permutation(&nodes, &permutation, &issuer, &chosen_path, depth)?
                    && (chosen_path.is_empty() || path < chosen_path)
                {
                    chosen_path = path;
                    chosen_issuer = Some(copy);
                }
                if !next_permutation(&mut permutation) {
                    break;
                }
            }
            data.update(chosen_path.as_bytes());
            if let Some(chosen) = chosen_issuer {
                issuer = chosen;
            }
        }
        Ok((data.finish(), issuer))
    }

    /// Steps 5.4.1–5.4.5 for one permutation: its path and issuer, or `None` when the path
    /// already compares greater than `chosen_path`.
    fn try_permutation(
        &mut self,
        nodes: &[u32],
        permutation: &[usize],
        issuer: &Issuer,
        chosen_path: &str,
        depth: usize,
    ) -> Result<Option<(String, Issuer)>, CanonError> {
        let worse = |path: &str| {
            !chosen_path.is_empty() && path.len() >= chosen_path.len() && path > chosen_path
        };
        let mut copy = issuer.clone();
        let mut path = String::new();
        let mut recursion: Vec<u32> = Vec::new();
        for &i in permutation {
            let related = nodes[i];
            if let Some(c) = self.canonical.get(related) {
                push_label(&mut path, CANONICAL_PREFIX, c);
            } else {
                if copy.get(related).is_none() {
                    recursion.push(related);
                }
                let b = copy.issue(related);
                push_label(&mut path, TEMPORARY_PREFIX, b);
            }
            if worse(&path) {
                return Ok(None);
            }
        }
        for related in recursion {
            let (hash, result_issuer) = self.hash_n_degree(related, copy, depth + 1)?;
            copy = result_issuer;
            let b = copy.issue(related);
            push_label(&mut path, TEMPORARY_PREFIX, b);
            path.push('<');
            hash.push_to(&mut path);
            path.push('>');
            if worse(&path) {
                return Ok(None);
            }
        }
        Ok(Some((path, copy)))
    }
}

/// `n!`, saturating at `u64::MAX`.
fn factorial(n: usize) -> u64 {
    (2..=n as u64).fold(1u64, |acc, k| acc.saturating_mul(k))
}

/// Rearranges `items` into the next permutation in lexicographic order; false (and
/// `items` sorted again) after the last one.
fn next_permutation(items: &mut [usize]) -> bool {
    let n = items.len();
    if n < 2 {
        return false;
    }
    let mut i = n - 1;
    while i > 0 && items[i - 1] >= items[i] {
        i -= 1;
    }
    if i == 0 {
        items.reverse();
        return false;
    }
    let mut j = n - 1;
    while items[j] <= items[i - 1] {
        j -= 1;
    }
    items.swap(i - 1, j);
    items[i..].reverse();
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn factorial_saturates() {
        assert_eq!(factorial(0), 1);
        assert_eq!(factorial(1), 1);
        assert_eq!(factorial(9), 362_880);
        assert_eq!(factorial(20), 2_432_902_008_176_640_000);
        assert_eq!(factorial(21), u64::MAX);
        assert_eq!(factorial(1000), u64::MAX);
    }

    #[test]
    fn permutations_are_all_visited_once() {
        let mut items = vec![0, 1, 2, 3];
        let mut seen = vec![items.clone()];
        while next_permutation(&mut items) {
            seen.push(items.clone());
        }
        assert_eq!(seen.len(), 24);
        seen.sort();
        seen.dedup();
        assert_eq!(seen.len(), 24);
        assert_eq!(items, vec![0, 1, 2, 3]);
        let mut one = vec![0];
        assert!(!next_permutation(&mut one));
    }
}
