//! RDF Dataset Canonicalization, [RDFC-1.0](https://www.w3.org/TR/rdf-canon/).
//!
//! [`canonicalize`] relabels the blank nodes of a dataset `c14n0`, `c14n1`, ... so that
//! isomorphic datasets get the same labels, and serializes it as canonical N-Quads with the
//! lines sorted. The Hash N-Degree Quads step is exponential on some graphs ("poison"
//! graphs); a work limit ([`CanonOptions::work_limit`]) turns those into an error instead
//! of a hang.
//!
//! ```
//! use openbadges::rdf::{canon, nquads};
//!
//! let quads = nquads::parse(
//!     "_:x <http://ex.org/knows> _:y .\n_:y <http://ex.org/name> \"Bo\" .\n",
//! )?;
//! let canonical = canon::canonicalize(&quads, &canon::CanonOptions::default())?;
//! assert_eq!(
//!     canonical.nquads(),
//!     "_:c14n0 <http://ex.org/name> \"Bo\" .\n_:c14n1 <http://ex.org/knows> _:c14n0 .\n"
//! );
//! assert_eq!(canonical.issued_map()["x"], "c14n1");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod hash;
mod issuer;
mod lines;
mod state;

use std::borrow::Cow;
use std::collections::BTreeMap;

pub use hash::HashAlgorithm;
use issuer::{Issuer, push_label};
use lines::Line;
use state::{CANONICAL_PREFIX, NONE, State};

use super::dataset::Dataset;
use super::term::{Quad, Term, TermRef};

/// The default [`CanonOptions::work_limit`], meant for the library and the Data Integrity
/// suites alike. Real datasets need far less: a credential a few dozen steps, the approved
/// "evil" poison graphs of the W3C suite (tests 044–046) 3,348 each, and the verifiable
/// presentation carrying a CLR 2.0 in `fixtures/interop/presentations` 80,976 (so a lower
/// limit would refuse real presentations). A group of `k` indistinguishable related blank
/// nodes costs `k!` steps, so Hash N-Degree Quads stops as soon as a group could not fit in
/// what is left: the unbounded 10-node clique of test 074 is refused at once, and a poison
/// graph that spends the whole budget takes about 160 ms of CPU in an optimized build
/// (`OB_CANON_LIMITS=250000 cargo bench --bench canon` measures both).
pub const DEFAULT_WORK_LIMIT: u64 = 250_000;
/// The default [`CanonOptions::max_depth`] of Hash N-Degree Quads recursion.
pub const DEFAULT_MAX_DEPTH: usize = 128;
/// The default [`CanonOptions::max_quads`].
pub const DEFAULT_MAX_QUADS: usize = 250_000;

/// Options of [`canonicalize`].
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct CanonOptions {
    /// The hash function (SHA-256 unless a suite says otherwise).
    pub hash: HashAlgorithm,
    /// How many steps Hash N-Degree Quads may take in all (each call and each permutation
    /// it examines counts one) before [`CanonError::WorkLimitExceeded`].
    pub work_limit: u64,
    /// How deep Hash N-Degree Quads may recurse before [`CanonError::DepthLimitExceeded`].
    pub max_depth: usize,
    /// The largest number of quads accepted ([`CanonError::TooManyQuads`] past it; never
    /// more than 2^30 whatever the setting).
    pub max_quads: usize,
}

impl Default for CanonOptions {
    fn default() -> Self {
        CanonOptions {
            hash: HashAlgorithm::Sha256,
            work_limit: DEFAULT_WORK_LIMIT,
            max_depth: DEFAULT_MAX_DEPTH,
            max_quads: DEFAULT_MAX_QUADS,
        }
    }
}

impl CanonOptions {
    /// The defaults: SHA-256 and the default limits.
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets the hash function.
    pub fn with_hash(mut self, hash: HashAlgorithm) -> Self {
        self.hash = hash;
        self
    }

    /// Sets the work limit of Hash N-Degree Quads.
    pub fn with_work_limit(mut self, work_limit: u64) -> Self {
        self.work_limit = work_limit;
        self
    }

    /// Sets the recursion limit of Hash N-Degree Quads.
    pub fn with_max_depth(mut self, max_depth: usize) -> Self {
        self.max_depth = max_depth;
        self
    }

    /// Sets the largest number of quads accepted.
    pub fn with_max_quads(mut self, max_quads: usize) -> Self {
        self.max_quads = max_quads;
        self
    }
}

/// Why a dataset could not be canonicalized.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum CanonError {
    /// Hash N-Degree Quads needed more steps than allowed: the dataset is a "poison"
    /// graph (many blank nodes that first-degree hashing cannot tell apart).
    #[error(
        "RDFC-1.0 work limit of {limit} steps exceeded on a dataset with {blank_nodes} blank nodes (too many indistinguishable blank nodes)"
    )]
    WorkLimitExceeded {
        /// The limit in force.
        limit: u64,
        /// The number of blank nodes in the dataset.
        blank_nodes: usize,
    },
    /// Hash N-Degree Quads recursed deeper than allowed.
    #[error(
        "RDFC-1.0 recursion deeper than {limit} levels on a dataset with {blank_nodes} blank nodes"
    )]
    DepthLimitExceeded {
        /// The limit in force.
        limit: usize,
        /// The number of blank nodes in the dataset.
        blank_nodes: usize,
    },
    /// The dataset has more quads than [`CanonOptions::max_quads`].
    #[error("dataset of {count} quads exceeds the limit of {limit}")]
    TooManyQuads {
        /// The number of quads given.
        count: usize,
        /// The limit in force.
        limit: usize,
    },
}

/// A canonicalized dataset: the canonical N-Quads, the issued identifiers, and the quads
/// relabelled in canonical order. Borrows the [`Dataset`] it was computed from, or owns the
/// one [`canonicalize`] built from its quads.
#[derive(Debug, Clone)]
pub struct Canonical<'q> {
    dataset: Cow<'q, Dataset>,
    parts: Parts,
}

/// What canonicalization computes, apart from the dataset it reads.
#[derive(Debug, Clone)]
struct Parts {
    /// Per quad of the dataset: the blank node numbers of its subject, object and graph.
    slots: Vec<[u32; 3]>,
    /// Per blank node, its term id in the dataset.
    blank_terms: Vec<u32>,
    /// Per blank node, its canonical number.
    numbers: Vec<u32>,
    /// Blank nodes in the order their canonical identifiers were issued.
    issue_order: Vec<u32>,
    /// Dataset quad indices in canonical order.
    order: Vec<u32>,
    nquads: String,
}

impl Parts {
    fn with_dataset(self, dataset: Cow<'_, Dataset>) -> Canonical<'_> {
        Canonical {
            dataset,
            parts: self,
        }
    }
}

impl Canonical<'_> {
    /// The canonical N-Quads document: one line per distinct quad, each ended by `\n`,
    /// sorted in code point order.
    pub fn nquads(&self) -> &str {
        &self.parts.nquads
    }

    /// The canonical N-Quads document, by value.
    pub fn into_nquads(self) -> String {
        self.parts.nquads
    }

    /// The lines of the canonical N-Quads document, each with its final `\n`.
    pub fn lines(&self) -> impl Iterator<Item = &str> {
        self.parts.nquads.split_inclusive('\n')
    }

    /// The input label (without `_:`) of blank node `n` (below the number of blank nodes).
    fn label(&self, n: u32) -> &str {
        match self.dataset.term(self.parts.blank_terms[n as usize]) {
            TermRef::Blank(label) => label,
            // Every node of `blank_terms` is a blank node of the dataset.
            _ => "",
        }
    }

    /// The canonical label (`c14nN`, without `_:`) of blank node `n`.
    fn canonical(&self, n: u32) -> String {
        format!("{CANONICAL_PREFIX}{}", self.parts.numbers[n as usize])
    }

    /// The issued identifier map: each input blank node label with its canonical label
    /// (`c14nN`, without `_:`), in the order the identifiers were issued.
    pub fn issued(&self) -> Vec<(&str, String)> {
        self.parts
            .issue_order
            .iter()
            .map(|&n| (self.label(n), self.canonical(n)))
            .collect()
    }

    /// The issued identifier map keyed by input label.
    pub fn issued_map(&self) -> BTreeMap<String, String> {
        self.issued()
            .into_iter()
            .map(|(k, v)| (k.to_string(), v))
            .collect()
    }

    /// The canonical label (`c14nN`) of the input blank node `label`, if it occurs.
    pub fn canonical_label(&self, label: &str) -> Option<String> {
        (0..self.parts.blank_terms.len() as u32)
            .find(|&n| self.label(n) == label)
            .map(|n| self.canonical(n))
    }

    /// The distinct input quads, relabelled, in canonical order (the order of
    /// [`Canonical::lines`]).
    pub fn quads(&self) -> Vec<Quad> {
        let ids = self.dataset.quad_ids();
        self.parts
            .order
            .iter()
            .map(|&i| {
                let slot = self.parts.slots[i as usize];
                self.dataset.quad_with(ids[i as usize], |k| {
                    let n = match k {
                        0 => slot[0],
                        2 => slot[1],
                        3 => slot[2],
                        _ => NONE,
                    };
                    (n != NONE).then(|| Term::Blank(self.canonical(n)))
                })
            })
            .collect()
    }

    /// The number of distinct quads.
    pub fn len(&self) -> usize {
        self.parts.order.len()
    }

    /// True for an empty dataset.
    pub fn is_empty(&self) -> bool {
        self.parts.order.is_empty()
    }
}

/// Canonicalizes a dataset with RDFC-1.0. Duplicate quads count once.
///
/// The quads are interned into a [`Dataset`] first (see [`canonicalize_dataset`]).
///
/// # Errors
///
/// [`CanonError::TooManyQuads`] past [`CanonOptions::max_quads`];
/// [`CanonError::WorkLimitExceeded`] or [`CanonError::DepthLimitExceeded`] when Hash
/// N-Degree Quads needs more work than allowed (a poison graph).
pub fn canonicalize(
    quads: &[Quad],
    options: &CanonOptions,
) -> Result<Canonical<'static>, CanonError> {
    check_size(quads.len(), options)?;
    let dataset = Dataset::from_quads(quads);
    let canonical = run(&dataset, options)?;
    Ok(canonical.with_dataset(Cow::Owned(dataset)))
}

/// Canonicalizes an interned [`Dataset`] with RDFC-1.0 (the JSON-LD engine can fill one
/// directly as a [`crate::rdf::QuadSink`]); the result borrows it.
///
/// ```
/// use openbadges::rdf::{Dataset, QuadSink, TermRef, canon};
///
/// let mut dataset = Dataset::new();
/// let knows = TermRef::Iri("http://ex.org/knows");
/// dataset.push_quad(TermRef::Blank("x"), knows, TermRef::Blank("y"), None);
/// dataset.push_quad(TermRef::Blank("x"), knows, TermRef::Blank("y"), None);
/// let canonical = canon::canonicalize_dataset(&dataset, &canon::CanonOptions::default())?;
/// assert_eq!(canonical.len(), 1);
/// assert_eq!(canonical.nquads(), "_:c14n1 <http://ex.org/knows> _:c14n0 .\n");
/// assert_eq!(canonical.canonical_label("y").as_deref(), Some("c14n0"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
///
/// As [`canonicalize`] ([`CanonError::TooManyQuads`] counts the distinct quads).
pub fn canonicalize_dataset<'d>(
    dataset: &'d Dataset,
    options: &CanonOptions,
) -> Result<Canonical<'d>, CanonError> {
    check_size(dataset.received(), options)?;
    Ok(run(dataset, options)?.with_dataset(Cow::Borrowed(dataset)))
}

/// [`CanonError::TooManyQuads`] when `count` quads are more than allowed.
fn check_size(count: usize, options: &CanonOptions) -> Result<(), CanonError> {
    // Quads and blank nodes are numbered with u32 internally.
    let limit = options.max_quads.min(u32::MAX as usize / 4);
    if count > limit {
        return Err(CanonError::TooManyQuads { count, limit });
    }
    Ok(())
}

/// Issues the canonical identifiers and serializes the quads with them, sorted.
fn run(dataset: &Dataset, options: &CanonOptions) -> Result<Parts, CanonError> {
    let mut state = State::new(dataset, options);
    state.issue_canonical_identifiers()?;
    let (numbers, issue_order) =
        std::mem::replace(&mut state.canonical, Issuer::new(0)).into_parts();
    // Serialize every quad with its canonical labels into one buffer, sort the lines as
    // slices of it, then copy them out once in order.
    let count = dataset.len();
    let mut buf = String::with_capacity(state.lines_len());
    let mut lines: Vec<Line> = Vec::with_capacity(count);
    for i in 0..count {
        let start = buf.len();
        state.write_line(&mut buf, i, |out, n| {
            push_label(out, CANONICAL_PREFIX, numbers[n as usize]);
        });
        lines.push(Line::new(buf.as_bytes(), start, buf.len(), i as u32));
    }
    lines::sort(buf.as_bytes(), &mut lines);
    let mut nquads = String::with_capacity(buf.len());
    let mut order = Vec::with_capacity(lines.len());
    for line in &lines {
        nquads.push_str(&buf[line.range()]);
        order.push(line.index);
    }
    Ok(Parts {
        issue_order,
        slots: state.slots,
        blank_terms: state.blank_terms,
        numbers,
        order,
        nquads,
    })
}

/// The canonical N-Quads of `quads` with the default options (SHA-256, default limits).
///
/// # Errors
///
/// As [`canonicalize`].
pub fn canonical_nquads(quads: &[Quad]) -> Result<String, CanonError> {
    canonicalize(quads, &CanonOptions::default()).map(Canonical::into_nquads)
}
