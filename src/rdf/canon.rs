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
mod state;

use std::collections::BTreeMap;

pub use hash::HashAlgorithm;
use issuer::push_label;
use state::{CANONICAL_PREFIX, NONE, State};

use super::term::{Quad, Term};

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
/// relabelled in canonical order. Borrows the input quads.
#[derive(Debug, Clone)]
pub struct Canonical<'q> {
    input: &'q [Quad],
    slots: Vec<[u32; 3]>,
    labels: Vec<&'q str>,
    /// Per blank node, its canonical number.
    numbers: Vec<u32>,
    /// Blank nodes in the order their canonical identifiers were issued.
    issue_order: Vec<u32>,
    /// Input quad indices in canonical order, duplicates removed.
    order: Vec<u32>,
    nquads: String,
}

impl<'q> Canonical<'q> {
    /// The canonical N-Quads document: one line per distinct quad, each ended by `\n`,
    /// sorted in code point order.
    pub fn nquads(&self) -> &str {
        &self.nquads
    }

    /// The canonical N-Quads document, by value.
    pub fn into_nquads(self) -> String {
        self.nquads
    }

    /// The lines of the canonical N-Quads document, each with its final `\n`.
    pub fn lines(&self) -> impl Iterator<Item = &str> {
        self.nquads.split_inclusive('\n')
    }

    /// The issued identifier map: each input blank node label with its canonical label
    /// (`c14nN`, without `_:`), in the order the identifiers were issued.
    pub fn issued(&self) -> Vec<(&'q str, String)> {
        self.issue_order
            .iter()
            .map(|&n| {
                let label = self.labels[n as usize];
                (
                    label,
                    format!("{CANONICAL_PREFIX}{}", self.numbers[n as usize]),
                )
            })
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
        self.labels
            .iter()
            .position(|l| *l == label)
            .map(|n| format!("{CANONICAL_PREFIX}{}", self.numbers[n]))
    }

    /// The distinct input quads, relabelled, in canonical order (the order of
    /// [`Canonical::lines`]).
    pub fn quads(&self) -> Vec<Quad> {
        self.order
            .iter()
            .map(|&i| {
                let quad = &self.input[i as usize];
                let slot = self.slots[i as usize];
                let relabel = |term: &Term, n: u32| {
                    if n == NONE {
                        term.clone()
                    } else {
                        Term::Blank(format!("{CANONICAL_PREFIX}{}", self.numbers[n as usize]))
                    }
                };
                Quad {
                    subject: relabel(&quad.subject, slot[0]),
                    predicate: quad.predicate.clone(),
                    object: relabel(&quad.object, slot[1]),
                    graph: quad.graph.as_ref().map(|g| relabel(g, slot[2])),
                }
            })
            .collect()
    }

    /// The number of distinct quads.
    pub fn len(&self) -> usize {
        self.order.len()
    }

    /// True for an empty dataset.
    pub fn is_empty(&self) -> bool {
        self.order.is_empty()
    }
}

/// Canonicalizes a dataset with RDFC-1.0. Duplicate quads count once.
///
/// # Errors
///
/// [`CanonError::TooManyQuads`] past [`CanonOptions::max_quads`];
/// [`CanonError::WorkLimitExceeded`] or [`CanonError::DepthLimitExceeded`] when Hash
/// N-Degree Quads needs more work than allowed (a poison graph).
pub fn canonicalize<'q>(
    quads: &'q [Quad],
    options: &CanonOptions,
) -> Result<Canonical<'q>, CanonError> {
    // Quads and blank nodes are numbered with u32 internally.
    let limit = options.max_quads.min(u32::MAX as usize / 4);
    if quads.len() > limit {
        return Err(CanonError::TooManyQuads {
            count: quads.len(),
            limit,
        });
    }
    let mut duplicates: Option<Vec<bool>> = None;
    let (state, numbers, buf, lines) = loop {
        match run(quads, options, duplicates.as_deref())? {
            Ok(done) => break done,
            // A dataset is a set: hash again without the repeated quads (a run given
            // them reports none, so this repeats at most once).
            Err(repeated) => duplicates = Some(repeated),
        }
    };
    let mut nquads = String::with_capacity(buf.len());
    let mut order = Vec::with_capacity(lines.len());
    let mut previous: Option<&str> = None;
    for r in &lines {
        let line = &buf[r.0..r.1];
        if previous == Some(line) {
            continue;
        }
        previous = Some(line);
        nquads.push_str(line);
        order.push(r.2);
    }
    Ok(Canonical {
        input: quads,
        issue_order: state.canonical.order().to_vec(),
        slots: state.slots,
        labels: state.labels,
        numbers,
        order,
        nquads,
    })
}

/// The outcome of one run: the state, the canonical numbers, the serialized lines
/// (`buf` and sorted ranges with their quad index), or the quads to skip as duplicates.
type Run<'q> = Result<(State<'q>, Vec<u32>, String, Vec<(usize, usize, u32)>), Vec<bool>>;

/// Issues the canonical identifiers and serializes the quads with them, sorted. When the
/// input has repeated quads and `duplicates` was not given, returns them instead: the
/// hashes must be computed over the set.
fn run<'q>(
    quads: &'q [Quad],
    options: &CanonOptions,
    duplicates: Option<&[bool]>,
) -> Result<Run<'q>, CanonError> {
    let mut state = State::new(quads, options, duplicates);
    state.issue_canonical_identifiers()?;
    let numbers: Vec<u32> = (0..state.labels.len() as u32)
        .map(|n| state.canonical.get(n).unwrap_or(NONE))
        .collect();
    // Serialize every quad with its canonical labels, then sort the lines once.
    let mut buf = String::with_capacity(quads.len() * 112);
    let mut lines: Vec<(usize, usize, u32)> = Vec::with_capacity(quads.len());
    for i in 0..quads.len() {
        let start = buf.len();
        state
            .templates
            .write_line(&mut buf, i, state.slots[i], |out, n| {
                push_label(out, CANONICAL_PREFIX, numbers[n as usize]);
            });
        lines.push((start, buf.len(), i as u32));
    }
    let text = buf.as_bytes();
    let line = |r: &(usize, usize, u32)| &text[r.0..r.1];
    // Equal lines keep input order (lower index first), so the first one stays.
    lines.sort_unstable_by(|a, b| line(a).cmp(line(b)).then(a.2.cmp(&b.2)));
    if duplicates.is_none() {
        // Canonical labels are distinct per blank node, so equal lines are equal quads.
        let repeated: Vec<u32> = lines
            .windows(2)
            .filter(|w| line(&w[0]) == line(&w[1]))
            .map(|w| w[1].2)
            .collect();
        if !repeated.is_empty() {
            let mut skip = vec![false; quads.len()];
            for i in repeated {
                skip[i as usize] = true;
            }
            return Ok(Err(skip));
        }
    }
    Ok(Ok((state, numbers, buf, lines)))
}

/// The canonical N-Quads of `quads` with the default options (SHA-256, default limits).
///
/// # Errors
///
/// As [`canonicalize`].
pub fn canonical_nquads(quads: &[Quad]) -> Result<String, CanonError> {
    canonicalize(quads, &CanonOptions::default()).map(Canonical::into_nquads)
}
