//! An interned RDF dataset: each distinct term stored once, as its N-Quads text, in one
//! string arena; quads as four term ids; repeated quads dropped as they arrive.
//!
//! This is the input of RDFC-1.0 ([`crate::rdf::canon::canonicalize_dataset`]): every line
//! it hashes or writes is a concatenation of pre-serialized term text, so canonicalization
//! allocates nothing per quad. It is a [`QuadSink`], so the JSON-LD engine can fill it
//! directly from borrowed terms, and it can be built from owned quads ([`Dataset::from_quads`]).
//!
//! ```
//! use openbadges::rdf::{Dataset, Quad, Term};
//!
//! let knows = Quad::new(Term::blank("x"), Term::iri("http://ex.org/knows"), Term::blank("y"));
//! let dataset = Dataset::from_quads(&[knows.clone(), knows.clone()]);
//! assert_eq!(dataset.len(), 1);
//! assert_eq!(dataset.to_quads(), vec![knows]);
//! assert_eq!(dataset.to_nquads(), "_:x <http://ex.org/knows> _:y .\n");
//! ```

use std::hash::{BuildHasher as _, Hasher as _};

use foldhash::fast::FixedState;

use super::nquads::write_term_ref;
use super::term::{Quad, QuadSink, RDF_LANG_STRING, Term, TermRef, XSD_STRING};

/// The id of no term: the graph slot of a default-graph quad.
pub(crate) const NO_TERM: u32 = u32::MAX;

/// The most terms a dataset numbers (ids are `u32`, [`NO_TERM`] excluded).
const MAX_TERMS: usize = (u32::MAX - 1) as usize;

/// What kind of term an entry holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Iri,
    Blank,
    /// A literal: where the closing quote of its lexical form is in the arena (the tag or
    /// datatype follows it).
    Literal {
        close: usize,
    },
}

/// One distinct term: its N-Quads text in the arena (`<iri>`, `_:label`, `"..."@tag` or
/// `"..."^^<datatype>`) and its key, the part a [`TermRef`] gives as is (the IRI, the label
/// or the unescaped lexical form), also in the arena.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Entry {
    start: usize,
    end: usize,
    key_start: usize,
    key_end: usize,
    hash: u64,
    kind: Kind,
}

/// A free slot of the term table (never a used one: a used slot's low half is a term id,
/// which is below `u32::MAX`).
const FREE: u64 = u64::MAX;

/// A slot of the term table: the term's id, and the low half of its hash to reject most
/// other terms without reading their entry.
fn term_slot(hash: u64, id: u32) -> u64 {
    (hash << 32) | u64::from(id)
}

/// An RDF dataset with interned terms and no repeated quads, in the order quads first
/// arrived. See the [module documentation](self).
#[derive(Clone, Debug)]
pub struct Dataset {
    /// The terms' N-Quads text (and the raw lexical forms of escaped literals).
    text: String,
    terms: Vec<Entry>,
    /// Open-addressing table of [`term_slot`]s ([`FREE`] marks a free slot).
    term_table: Vec<u64>,
    quads: Vec<[u32; 4]>,
    /// Open-addressing table of quad indices.
    quad_table: Vec<u32>,
    /// The term ids of the last quad stored (consecutive quads often share a subject,
    /// predicate or graph), [`NO_TERM`] before the first.
    last: [u32; 4],
    /// Quads received but not stored because the dataset could number no more terms or
    /// quads.
    overflow: usize,
}

/// The seed of the term and quad tables' hashes (fixed: the tables are private and
/// lookups compare full keys, so a collision only costs a probe).
const SEED: FixedState = FixedState::with_seed(0x6f62_5f72_6466_6331);

/// The hash of `term` by its parts, as its N-Quads text tells them apart: a literal's
/// datatype counts only without a language tag, and `xsd:string` as none.
fn hash_term(term: TermRef<'_>) -> u64 {
    let mut hasher = SEED.build_hasher();
    match term {
        TermRef::Iri(iri) => {
            hasher.write_u8(0);
            hasher.write(iri.as_bytes());
        }
        TermRef::Blank(label) => {
            hasher.write_u8(1);
            hasher.write(label.as_bytes());
        }
        TermRef::Literal {
            value,
            datatype,
            language,
        } => {
            hasher.write_u8(2);
            hasher.write(value.as_bytes());
            match language {
                Some(language) => {
                    hasher.write_u8(3);
                    hasher.write(language.as_bytes());
                }
                None if datatype != XSD_STRING => {
                    hasher.write_u8(4);
                    hasher.write(datatype.as_bytes());
                }
                None => hasher.write_u8(5),
            }
        }
    }
    hasher.finish()
}

fn hash_quad(quad: &[u32; 4]) -> u64 {
    let mut hasher = SEED.build_hasher();
    hasher.write_u64(u64::from(quad[0]) << 32 | u64::from(quad[1]));
    hasher.write_u64(u64::from(quad[2]) << 32 | u64::from(quad[3]));
    hasher.finish()
}

/// The slot of `hash` in a table of `len` slots (a power of two).
fn home(hash: u64, len: usize) -> usize {
    // The high bits are the best mixed (the low half is the term table's tag).
    (hash >> 32) as usize & (len - 1)
}

/// The room [`Dataset::new`] makes on the first quad: enough for a small credential
/// without growing (an empty dataset allocates nothing).
const FIRST_QUADS: usize = 128;
/// The text room [`Dataset::new`] makes on the first quad.
const FIRST_TEXT: usize = 8192;

impl Default for Dataset {
    fn default() -> Self {
        Dataset {
            text: String::new(),
            terms: Vec::new(),
            term_table: Vec::new(),
            quads: Vec::new(),
            quad_table: Vec::new(),
            last: [NO_TERM; 4],
            overflow: 0,
        }
    }
}

impl Dataset {
    /// An empty dataset (it allocates nothing until the first quad, then room for a small
    /// credential's quads).
    pub fn new() -> Self {
        Self::default()
    }

    /// An empty dataset with room for about `quads` quads whose terms' text is about
    /// `text` bytes in all (a hint: the dataset grows past it as needed).
    ///
    /// For a credential, [`Dataset::new`] is as fast: sizing the dataset of the rich
    /// benchmark badge (41 bytes of JSON per quad, terms' text 1.4 times the JSON) or of a
    /// ten-achievement CLR from the document's length measured no fewer instructions than
    /// the room `new` makes on the first quad.
    pub fn with_capacity(quads: usize, text: usize) -> Self {
        // A hint, so capped: a huge one must not reserve (or overflow) up front.
        let quads = quads.min(1 << 20);
        let text = text.min(1 << 26);
        Dataset {
            text: String::with_capacity(text),
            terms: Vec::with_capacity(quads + quads / 2),
            term_table: vec![FREE; (quads * 4).next_power_of_two().max(64)],
            quads: Vec::with_capacity(quads),
            quad_table: vec![NO_TERM; (quads * 2).next_power_of_two().max(64)],
            ..Dataset::default()
        }
    }

    /// The dataset of `quads`, repeated quads counted once.
    pub fn from_quads(quads: &[Quad]) -> Self {
        // Room for every term's text as if none repeated (predicates and subjects do, so
        // this is an upper bound on all but the escapes).
        let text: usize = quads
            .iter()
            .map(|q| {
                term_len(&q.subject)
                    + term_len(&q.predicate)
                    + term_len(&q.object)
                    + q.graph.as_ref().map_or(0, term_len)
            })
            .sum();
        let mut dataset = Dataset::with_capacity(quads.len(), text);
        dataset.extend(quads);
        dataset
    }

    /// Adds `quads` (those already present are skipped).
    pub fn extend(&mut self, quads: &[Quad]) {
        for quad in quads {
            self.push_quad(
                quad.subject.as_ref(),
                quad.predicate.as_ref(),
                quad.object.as_ref(),
                quad.graph.as_ref().map(Term::as_ref),
            );
        }
    }

    /// The number of distinct quads.
    pub fn len(&self) -> usize {
        self.quads.len()
    }

    /// True when the dataset has no quads.
    pub fn is_empty(&self) -> bool {
        self.quads.is_empty()
    }

    /// The number of quads received in all, repeats excluded: [`Dataset::len`] plus any the
    /// dataset could not store because it ran out of `u32` ids (a limit far past any
    /// canonicalization bound; canonicalization reports such a dataset as too large).
    pub fn received(&self) -> usize {
        self.quads.len().saturating_add(self.overflow)
    }

    /// The number of distinct terms.
    pub fn term_count(&self) -> usize {
        self.terms.len()
    }

    /// The length in bytes of [`Dataset::to_nquads`], without building it (one pass over
    /// the quads).
    pub fn nquads_len(&self) -> usize {
        self.quads
            .iter()
            .map(|quad| {
                // Each term with the space or " ." after it, and the newline.
                quad.iter()
                    .filter(|&&id| id != NO_TERM)
                    .map(|&id| self.text_len(id) + 1)
                    .sum::<usize>()
                    + 2
            })
            .sum()
    }

    /// The quads as owned [`Quad`]s, in the order they first arrived.
    pub fn to_quads(&self) -> Vec<Quad> {
        self.quads.iter().map(|q| self.quad(*q)).collect()
    }

    /// The N-Quads document of the dataset, one line per quad, in the order they first
    /// arrived.
    pub fn to_nquads(&self) -> String {
        let mut out = String::with_capacity(self.nquads_len());
        for quad in &self.quads {
            for (k, &id) in quad.iter().enumerate() {
                if id == NO_TERM {
                    continue;
                }
                if k > 0 {
                    out.push(' ');
                }
                out.push_str(self.text(id));
            }
            out.push_str(" .\n");
        }
        out
    }

    /// The quads as term ids: subject, predicate, object, graph ([`NO_TERM`] for the
    /// default graph).
    pub(crate) fn quad_ids(&self) -> &[[u32; 4]] {
        &self.quads
    }

    /// The N-Quads text of term `id` (blank nodes as `_:label`). `id` is one of this
    /// dataset's, as every id of [`Dataset::quad_ids`] but [`NO_TERM`] is.
    #[inline]
    pub(crate) fn text(&self, id: u32) -> &str {
        let entry = &self.terms[id as usize];
        &self.text[entry.start..entry.end]
    }

    /// The length of [`Dataset::text`] of `id`, 0 for [`NO_TERM`].
    pub(crate) fn text_len(&self, id: u32) -> usize {
        self.terms.get(id as usize).map_or(0, |e| e.end - e.start)
    }

    /// True when term `id` is a blank node.
    pub(crate) fn is_blank(&self, id: u32) -> bool {
        self.terms
            .get(id as usize)
            .is_some_and(|e| e.kind == Kind::Blank)
    }

    /// Term `id` (one of this dataset's), borrowed.
    pub(crate) fn term(&self, id: u32) -> TermRef<'_> {
        let entry = &self.terms[id as usize];
        let key = &self.text[entry.key_start..entry.key_end];
        match entry.kind {
            Kind::Iri => TermRef::Iri(key),
            Kind::Blank => TermRef::Blank(key),
            Kind::Literal { close } => {
                let suffix = &self.text[close + 1..entry.end];
                if let Some(language) = suffix.strip_prefix('@') {
                    TermRef::Literal {
                        value: key,
                        datatype: RDF_LANG_STRING,
                        language: Some(language),
                    }
                } else {
                    let datatype = suffix
                        .strip_prefix("^^<")
                        .and_then(|d| d.strip_suffix('>'))
                        .unwrap_or(XSD_STRING);
                    TermRef::Literal {
                        value: key,
                        datatype,
                        language: None,
                    }
                }
            }
        }
    }

    /// The owned quad of `ids`.
    pub(crate) fn quad(&self, ids: [u32; 4]) -> Quad {
        self.quad_with(ids, |_| None)
    }

    /// The owned quad of `ids`, with the term `relabel` gives for a position (0 to 3:
    /// subject, predicate, object, graph) in place of the dataset's.
    pub(crate) fn quad_with(&self, ids: [u32; 4], relabel: impl Fn(usize) -> Option<Term>) -> Quad {
        let term = |k: usize| relabel(k).unwrap_or_else(|| self.term(ids[k]).to_term());
        Quad {
            subject: term(0),
            predicate: term(1),
            object: term(2),
            graph: (ids[3] != NO_TERM).then(|| term(3)),
        }
    }

    /// True when `entry` has the N-Quads text of `term`: the same kind, the same key and,
    /// for a literal, the same tag or datatype as written.
    fn is(&self, entry: &Entry, term: TermRef<'_>) -> bool {
        let text = self.text.as_bytes();
        let key = &text[entry.key_start..entry.key_end];
        match (entry.kind, term) {
            (Kind::Iri, TermRef::Iri(iri)) => key == iri.as_bytes(),
            (Kind::Blank, TermRef::Blank(label)) => key == label.as_bytes(),
            (
                Kind::Literal { close },
                TermRef::Literal {
                    value,
                    datatype,
                    language,
                },
            ) => {
                let suffix = &text[close + 1..entry.end];
                key == value.as_bytes()
                    && match language {
                        Some(language) => {
                            suffix.len() == language.len() + 1
                                && suffix[0] == b'@'
                                && &suffix[1..] == language.as_bytes()
                        }
                        None if datatype != XSD_STRING => {
                            suffix.len() == datatype.len() + 4
                                && suffix.starts_with(b"^^<")
                                && &suffix[3..suffix.len() - 1] == datatype.as_bytes()
                        }
                        None => suffix.is_empty(),
                    }
            }
            _ => false,
        }
    }

    /// The id of `term` at position `k` of a quad: the previous quad's term there when it
    /// is the same, else [`Dataset::intern`].
    fn intern_at(&mut self, k: usize, term: TermRef<'_>) -> Option<u32> {
        let last = self.last[k];
        if let Some(entry) = self.terms.get(last as usize)
            && self.is(entry, term)
        {
            return Some(last);
        }
        let id = self.intern(term)?;
        self.last[k] = id;
        Some(id)
    }

    /// The id of `term`, interning it if it is new; `None` when no more ids are left.
    fn intern(&mut self, term: TermRef<'_>) -> Option<u32> {
        let hash = hash_term(term);
        if let Some(id) = self.find_term(term, hash) {
            return Some(id);
        }
        if self.terms.len() >= MAX_TERMS {
            return None;
        }
        if self.term_table.is_empty() {
            // The first term of a `Dataset::new()`: room for a small credential at once.
            self.text.reserve(FIRST_TEXT);
            self.terms.reserve(FIRST_QUADS + FIRST_QUADS / 2);
            self.term_table = vec![FREE; FIRST_QUADS * 4];
        }
        let start = self.text.len();
        let close = write_term_ref(&mut self.text, term);
        let end = self.text.len();
        let (kind, key_start, key_end) = match (term, close) {
            (TermRef::Literal { value, .. }, Some(close)) => {
                let kind = Kind::Literal { close };
                if close - (start + 1) == value.len() {
                    (kind, start + 1, close)
                } else {
                    // Escaping changed the lexical form: keep it raw as well.
                    self.text.push_str(value);
                    (kind, end, self.text.len())
                }
            }
            (TermRef::Blank(_), _) => (Kind::Blank, start + 2, end),
            _ => (Kind::Iri, start + 1, end - 1),
        };
        let id = self.terms.len() as u32;
        self.terms.push(Entry {
            start,
            end,
            key_start,
            key_end,
            hash,
            kind,
        });
        self.insert_term(id, hash);
        Some(id)
    }

    /// The id of `term`, if it is interned.
    fn find_term(&self, term: TermRef<'_>, hash: u64) -> Option<u32> {
        if self.term_table.is_empty() {
            return None;
        }
        let mask = self.term_table.len() - 1;
        let mut at = home(hash, self.term_table.len());
        let tag = hash << 32;
        loop {
            let slot = self.term_table[at];
            if slot == FREE {
                return None;
            }
            if slot & !u64::from(u32::MAX) == tag {
                let id = slot as u32;
                if self.is(&self.terms[id as usize], term) {
                    return Some(id);
                }
            }
            at = (at + 1) & mask;
        }
    }

    fn insert_term(&mut self, id: u32, hash: u64) {
        if self.terms.len() * 2 > self.term_table.len() {
            let len = (self.terms.len() * 4).next_power_of_two().max(64);
            self.term_table = vec![FREE; len];
            for (n, entry) in self.terms.iter().enumerate() {
                place(
                    &mut self.term_table,
                    entry.hash,
                    FREE,
                    term_slot(entry.hash, n as u32),
                );
            }
        } else {
            place(&mut self.term_table, hash, FREE, term_slot(hash, id));
        }
    }

    /// Stores `quad` unless it is already there.
    fn insert_quad(&mut self, quad: [u32; 4]) {
        if self.quads.len() >= MAX_TERMS {
            self.overflow = self.overflow.saturating_add(1);
            return;
        }
        let hash = hash_quad(&quad);
        if self.quad_table.is_empty() {
            self.quads.reserve(FIRST_QUADS);
            self.quad_table = vec![NO_TERM; FIRST_QUADS * 2];
        }
        let mask = self.quad_table.len() - 1;
        let mut at = home(hash, self.quad_table.len());
        loop {
            let index = self.quad_table[at];
            if index == NO_TERM {
                break;
            }
            if self.quads[index as usize] == quad {
                return;
            }
            at = (at + 1) & mask;
        }
        let index = self.quads.len() as u32;
        self.quads.push(quad);
        if self.quads.len() * 2 > self.quad_table.len() {
            let len = (self.quads.len() * 4).next_power_of_two().max(64);
            self.quad_table = vec![NO_TERM; len];
            for (n, q) in self.quads.iter().enumerate() {
                place(&mut self.quad_table, hash_quad(q), NO_TERM, n as u32);
            }
        } else {
            // `at` is the free slot the probe stopped at.
            self.quad_table[at] = index;
        }
    }
}

/// About the length of `term`'s N-Quads text.
fn term_len(term: &Term) -> usize {
    match term {
        Term::Iri(iri) => iri.len() + 2,
        Term::Blank(label) => label.len() + 2,
        Term::Literal(literal) => {
            literal.value.len()
                + 5
                + literal
                    .language
                    .as_ref()
                    .map_or(literal.datatype.len(), String::len)
        }
    }
}

/// Puts `value` in the first `free` slot from `hash`'s home (the table has one).
fn place<T: Copy + PartialEq>(table: &mut [T], hash: u64, free: T, value: T) {
    let mask = table.len() - 1;
    let mut at = home(hash, table.len());
    while table[at] != free {
        at = (at + 1) & mask;
    }
    table[at] = value;
}

impl QuadSink for Dataset {
    fn push_quad(
        &mut self,
        subject: TermRef<'_>,
        predicate: TermRef<'_>,
        object: TermRef<'_>,
        graph: Option<TermRef<'_>>,
    ) {
        let ids = (|| {
            Some([
                self.intern_at(0, subject)?,
                self.intern_at(1, predicate)?,
                self.intern_at(2, object)?,
                match graph {
                    Some(graph) => self.intern_at(3, graph)?,
                    None => NO_TERM,
                },
            ])
        })();
        match ids {
            Some(ids) => self.insert_quad(ids),
            None => self.overflow = self.overflow.saturating_add(1),
        }
    }
}

impl From<&[Quad]> for Dataset {
    fn from(quads: &[Quad]) -> Self {
        Dataset::from_quads(quads)
    }
}

impl FromIterator<Quad> for Dataset {
    fn from_iter<I: IntoIterator<Item = Quad>>(iter: I) -> Self {
        let mut dataset = Dataset::new();
        for quad in iter {
            dataset.extend(std::slice::from_ref(&quad));
        }
        dataset
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rdf::nquads::to_nquads;
    use crate::rdf::term::Literal;

    fn literal(value: &str, datatype: &str, language: Option<&str>) -> Term {
        Term::Literal(Literal {
            value: value.to_owned(),
            datatype: datatype.to_owned(),
            language: language.map(str::to_owned),
        })
    }

    #[test]
    fn interns_each_term_once_and_drops_repeats() {
        let s = Term::blank("s");
        let p = Term::iri("http://ex.org/p");
        let quads = vec![
            Quad::new(s.clone(), p.clone(), Term::string("a\"b\n")),
            Quad::new(s.clone(), p.clone(), Term::string("a\"b\n")),
            Quad::new(
                s.clone(),
                p.clone(),
                literal("x", RDF_LANG_STRING, Some("en")),
            ),
            Quad::new(s.clone(), p.clone(), Term::typed("1", "http://ex.org/int")),
            Quad {
                graph: Some(Term::iri("http://ex.org/g")),
                ..Quad::new(s.clone(), p.clone(), Term::iri("http://ex.org/p"))
            },
        ];
        let dataset = Dataset::from_quads(&quads);
        assert_eq!(dataset.len(), 4);
        assert_eq!(dataset.received(), 4);
        // s, p, one literal of each kind, g (the IRI object is p again).
        assert_eq!(dataset.term_count(), 6);
        let distinct: Vec<Quad> = [0, 2, 3, 4].iter().map(|&i| quads[i].clone()).collect();
        assert_eq!(dataset.to_quads(), distinct);
        assert_eq!(dataset.to_nquads(), to_nquads(&distinct));
        assert_eq!(dataset.nquads_len(), to_nquads(&distinct).len());
        assert!(dataset.is_blank(dataset.quad_ids()[0][0]));
        assert!(!dataset.is_blank(dataset.quad_ids()[0][1]));
    }

    #[test]
    fn terms_are_one_exactly_when_their_text_is() {
        let mut dataset = Dataset::new();
        let terms = [
            Term::iri("x"),
            Term::blank("x"),
            Term::string("x"),
            Term::string("<x>"),
            Term::typed("x", "http://ex.org/t"),
            Term::typed("x", "http://ex.org/u"),
            Term::lang_string("x", "en"),
            Term::lang_string("x", "fr"),
            Term::string("x\n"),
            Term::string("x\\n"),
        ];
        let ids: Vec<u32> = terms
            .iter()
            .map(|t| dataset.intern(t.as_ref()).expect("id"))
            .collect();
        assert_eq!(ids, (0..terms.len() as u32).collect::<Vec<_>>());
        for (t, id) in terms.iter().zip(&ids) {
            assert_eq!(dataset.intern(t.as_ref()), Some(*id));
            assert_eq!(dataset.term(*id).to_term(), *t);
        }
        // Written the same, so the same term: a tag hides the datatype, xsd:string is
        // written as none.
        let odd = literal("x", "http://ex.org/t", Some("en"));
        assert_eq!(dataset.intern(odd.as_ref()), Some(ids[6]));
        let plain = literal("x", XSD_STRING, None);
        assert_eq!(dataset.intern(plain.as_ref()), Some(ids[2]));
    }

    #[test]
    fn tables_grow_without_losing_terms_or_quads() {
        let mut dataset = Dataset::new();
        let quads: Vec<Quad> = (0..1000)
            .map(|i| {
                Quad::new(
                    Term::blank(format!("b{}", i % 97)),
                    Term::iri(format!("http://ex.org/p{}", i % 13)),
                    Term::string(format!("{i}")),
                )
            })
            .collect();
        dataset.extend(&quads);
        dataset.extend(&quads);
        assert_eq!(dataset.len(), 1000);
        assert_eq!(dataset.term_count(), 97 + 13 + 1000);
        assert_eq!(dataset.to_quads(), quads);
    }
}
