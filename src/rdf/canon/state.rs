//! The canonicalization state and the hashing algorithms of RDFC-1.0: Hash First Degree
//! Quads (§4.6), Hash Related Blank Node (§4.7) and Hash N-Degree Quads (§4.8).

use std::collections::HashMap;

use super::hash::{HashAlgorithm, Hex};
use super::issuer::{Issuer, push_label};
use super::{CanonError, CanonOptions};
use crate::rdf::nquads::write_term;
use crate::rdf::term::{Quad, Term};

/// Marks a quad position that holds no blank node.
pub(crate) const NONE: u32 = u32::MAX;

/// The canonical issuer's prefix.
pub(crate) const CANONICAL_PREFIX: &str = "c14n";
/// The temporary issuers' prefix.
const TEMPORARY_PREFIX: &str = "b";

/// Everything the algorithms read, built once from the input quads.
pub(crate) struct State<'q> {
    /// The quads' lines, serialized once.
    pub(crate) templates: Templates,
    /// Per quad: the blank node numbers of its subject, object and graph ([`NONE`] if that
    /// position is not a blank node).
    pub(crate) slots: Vec<[u32; 3]>,
    /// Per blank node, its label in the input (numbers follow first appearance).
    pub(crate) labels: Vec<&'q str>,
    /// The quads that mention each blank node (each distinct quad once), node after node.
    node_quads: Vec<u32>,
    /// Where each blank node's run starts in `node_quads` (one more entry at the end).
    node_starts: Vec<u32>,
    /// Per blank node, its first-degree hash.
    first_degree: Vec<Hex>,
    pub(crate) canonical: Issuer,
    algorithm: HashAlgorithm,
    work: u64,
    work_limit: u64,
    max_depth: usize,
}

fn blank(term: &Term) -> Option<&str> {
    match term {
        Term::Blank(label) => Some(label),
        _ => None,
    }
}

impl<'q> State<'q> {
    /// Indexes the blank nodes of `quads` (RDFC-1.0 §4.4.3 steps 1–2). Quads marked in
    /// `duplicates` are repeats of earlier ones and are left out of the hashing.
    pub(crate) fn new(
        quads: &'q [Quad],
        options: &CanonOptions,
        duplicates: Option<&[bool]>,
    ) -> Self {
        let mut numbers = Interner::default();
        let mut labels: Vec<&'q str> = Vec::new();
        let mut slots = Vec::with_capacity(quads.len());
        // Per blank node, how many quads mention it (first pass), then where its run
        // starts in `node_quads` (second pass).
        let mut counts: Vec<u32> = Vec::new();
        for (i, quad) in quads.iter().enumerate() {
            let mut slot = [NONE; 3];
            let terms = [Some(&quad.subject), Some(&quad.object), quad.graph.as_ref()];
            for (k, term) in terms.into_iter().enumerate() {
                if let Some(label) = term.and_then(blank) {
                    let next = labels.len() as u32;
                    let n = numbers.number(label, next);
                    if n == next {
                        labels.push(label);
                        counts.push(0);
                    }
                    slot[k] = n;
                }
            }
            let skipped = duplicates.is_some_and(|d| d.get(i).copied().unwrap_or(false));
            if !skipped {
                for (k, &n) in slot.iter().enumerate() {
                    // A quad mentioning the same node twice is listed once for it.
                    if n != NONE && !slot[..k].contains(&n) {
                        counts[n as usize] += 1;
                    }
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
        let mut fill = starts.clone();
        for (i, slot) in slots.iter().enumerate() {
            if duplicates.is_some_and(|d| d.get(i).copied().unwrap_or(false)) {
                continue;
            }
            for (k, &n) in slot.iter().enumerate() {
                if n != NONE && !slot[..k].contains(&n) {
                    node_quads[fill[n as usize] as usize] = i as u32;
                    fill[n as usize] += 1;
                }
            }
        }
        let count = labels.len();
        State {
            templates: Templates::new(quads, &slots),
            slots,
            labels,
            node_quads,
            node_starts: starts,
            first_degree: Vec::new(),
            canonical: Issuer::new(count),
            algorithm: options.hash,
            work: 0,
            work_limit: options.work_limit,
            max_depth: options.max_depth,
        }
    }

    /// The quads that mention `node`.
    fn quads_of(&self, node: u32) -> &[u32] {
        let from = self.node_starts[node as usize] as usize;
        let to = self.node_starts[node as usize + 1] as usize;
        &self.node_quads[from..to]
    }

    /// Runs RDFC-1.0 §4.4.3 steps 3–6: every blank node gets its canonical identifier.
    pub(crate) fn issue_canonical_identifiers(&mut self) -> Result<(), CanonError> {
        let count = self.labels.len();
        let mut line_buf = String::new();
        let mut ranges = Vec::new();
        let mut sorted = Vec::new();
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
            self.templates
                .write_line(buf, qi as usize, self.slots[qi as usize], |out, n| {
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
            buf.push_str(self.templates.predicate(quad));
        }
        if let Some(c) = self.canonical.get(related) {
            push_label(buf, CANONICAL_PREFIX, c);
        } else if let Some(b) = issuer.get(related) {
            push_label(buf, TEMPORARY_PREFIX, b);
        } else {
            let hex = self.first_degree[related as usize];
            buf.push_str(std::str::from_utf8(hex.as_bytes()).unwrap_or_default());
        }
        self.algorithm.hash(buf.as_bytes())
    }

    fn tick(&mut self) -> Result<(), CanonError> {
        self.work += 1;
        if self.work > self.work_limit {
            return Err(CanonError::WorkLimitExceeded {
                limit: self.work_limit,
                blank_nodes: self.labels.len(),
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
                blank_nodes: self.labels.len(),
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
                    blank_nodes: self.labels.len(),
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
            path.push_str(std::str::from_utf8(hash.as_bytes()).unwrap_or_default());
            path.push('>');
            if worse(&path) {
                return Ok(None);
            }
        }
        Ok(Some((path, copy)))
    }
}

/// Numbers blank node labels: a linear scan while there are few (the common case), a hash
/// map past that.
#[derive(Default)]
struct Interner<'q> {
    /// The label looked up last (consecutive quads often share a subject).
    last: Option<(&'q str, u32)>,
    few: Vec<(&'q str, u32)>,
    many: HashMap<&'q str, u32>,
}

impl<'q> Interner<'q> {
    const LINEAR: usize = 24;

    /// The number of `label`, given `next` if it is new.
    fn number(&mut self, label: &'q str, next: u32) -> u32 {
        if let Some((last, n)) = self.last
            && last == label
        {
            return n;
        }
        let n = self.lookup(label, next);
        self.last = Some((label, n));
        n
    }

    fn lookup(&mut self, label: &'q str, next: u32) -> u32 {
        if self.many.is_empty() {
            if let Some(&(_, n)) = self.few.iter().find(|(l, _)| *l == label) {
                return n;
            }
            if self.few.len() < Self::LINEAR {
                self.few.push((label, next));
                return next;
            }
            self.many.extend(self.few.drain(..));
        }
        *self.many.entry(label).or_insert(next)
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

/// Every quad serialized once as an N-Quads line with its blank nodes left out; lines
/// with any labelling are assembled from these pieces by copying.
pub(crate) struct Templates {
    text: String,
    /// Per quad: where its line starts, where the subject, object and graph labels go
    /// (meaningful where the quad's slot holds a blank node), and where it ends.
    spans: Vec<(usize, [usize; 3], usize)>,
    /// Per quad: where its predicate's N-Quads form is in `text`.
    predicates: Vec<(usize, usize)>,
}

impl Templates {
    fn new(quads: &[Quad], slots: &[[u32; 3]]) -> Self {
        let mut text = String::with_capacity(quads.len() * 112);
        let mut spans = Vec::with_capacity(quads.len());
        let mut predicates = Vec::with_capacity(quads.len());
        for (quad, slot) in quads.iter().zip(slots) {
            let start = text.len();
            let mut cuts = [0usize; 3];
            let mut term = |text: &mut String, k: usize, term: &Term| {
                cuts[k] = text.len();
                if slot[k] == NONE {
                    write_term(text, term);
                }
            };
            term(&mut text, 0, &quad.subject);
            text.push(' ');
            let predicate = text.len();
            write_term(&mut text, &quad.predicate);
            predicates.push((predicate, text.len()));
            text.push(' ');
            term(&mut text, 1, &quad.object);
            if let Some(graph) = &quad.graph {
                text.push(' ');
                term(&mut text, 2, graph);
            }
            text.push_str(" .\n");
            spans.push((start, cuts, text.len()));
        }
        Templates {
            text,
            spans,
            predicates,
        }
    }

    /// The N-Quads form of the predicate of quad `index`.
    pub(crate) fn predicate(&self, index: usize) -> &str {
        self.predicates
            .get(index)
            .and_then(|&(from, to)| self.text.get(from..to))
            .unwrap_or_default()
    }

    /// Appends the line of quad `index`, writing each blank node of `slot` with `label`.
    pub(crate) fn write_line(
        &self,
        out: &mut String,
        index: usize,
        slot: [u32; 3],
        label: impl Fn(&mut String, u32),
    ) {
        let Some(&(start, cuts, end)) = self.spans.get(index) else {
            return;
        };
        let mut at = start;
        for (k, &n) in slot.iter().enumerate() {
            if n != NONE {
                out.push_str(&self.text[at..cuts[k]]);
                label(out, n);
                at = cuts[k];
            }
        }
        out.push_str(&self.text[at..end]);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn interner_keeps_numbers_across_the_switch_to_a_map() {
        let labels: Vec<String> = (0..100).map(|i| format!("n{i}")).collect();
        let mut interner = Interner::default();
        for (i, l) in labels.iter().enumerate() {
            assert_eq!(interner.number(l, i as u32), i as u32);
        }
        for (i, l) in labels.iter().enumerate() {
            assert_eq!(interner.number(l, 999), i as u32);
        }
    }

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
