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

/// What kind of term an entry holds, and for literals where its parts are.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Iri,
    Blank,
    Literal {
        /// Where the closing quote of the lexical form is in the arena.
        close: usize,
        /// Where the unescaped lexical form is in the arena, when escaping changed it
        /// (otherwise it is the text between the quotes).
        raw: Option<(usize, usize)>,
    },
}

/// One distinct term: its N-Quads text in the arena (`<iri>`, `_:label`, `"..."@tag` or
/// `"..."^^<datatype>`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Entry {
    start: usize,
    end: usize,
    hash: u64,
    kind: Kind,
}

/// An RDF dataset with interned terms and no repeated quads, in the order quads first
/// arrived. See the [module documentation](self).
#[derive(Clone, Debug)]
pub struct Dataset {
    /// The terms' N-Quads text (and the raw lexical forms of escaped literals).
    text: String,
    terms: Vec<Entry>,
    /// Open-addressing table of term ids by text (`NO_TERM` marks a free slot).
    term_table: Vec<u32>,
    quads: Vec<[u32; 4]>,
    /// Open-addressing table of quad indices.
    quad_table: Vec<u32>,
    /// The term ids of the last quad stored (consecutive quads often share a subject,
    /// predicate or graph), [`NO_TERM`] before the first.
    last: [u32; 4],
    /// The length of [`Dataset::to_nquads`], kept as quads arrive.
    nquads_len: usize,
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
    for &id in quad {
        hasher.write_u32(id);
    }
    hasher.finish()
}

/// The slot of `hash` in a table of `len` slots (a power of two).
fn home(hash: u64, len: usize) -> usize {
    // The high bits are the best mixed.
    (hash >> 32) as usize & (len - 1)
}

impl Default for Dataset {
    fn default() -> Self {
        Dataset {
            text: String::new(),
            terms: Vec::new(),
            term_table: Vec::new(),
            quads: Vec::new(),
            quad_table: Vec::new(),
            last: [NO_TERM; 4],
            nquads_len: 0,
            overflow: 0,
        }
    }
}

impl Dataset {
    /// An empty dataset.
    pub fn new() -> Self {
        Self::default()
    }

    /// An empty dataset with room for about `quads` quads whose terms' text is about
    /// `text` bytes in all (a hint: the dataset grows past it as needed).
    pub fn with_capacity(quads: usize, text: usize) -> Self {
        // A hint, so capped: a huge one must not reserve (or overflow) up front.
        let quads = quads.min(1 << 20);
        let text = text.min(1 << 26);
        Dataset {
            text: String::with_capacity(text),
            terms: Vec::with_capacity(quads * 2),
            term_table: vec![NO_TERM; (quads * 4).next_power_of_two().max(64)],
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

    /// The length in bytes of [`Dataset::to_nquads`] (without building it).
    pub fn nquads_len(&self) -> usize {
        self.nquads_len
    }

    /// The quads as owned [`Quad`]s, in the order they first arrived.
    pub fn to_quads(&self) -> Vec<Quad> {
        self.quads.iter().map(|q| self.quad(*q)).collect()
    }

    /// The N-Quads document of the dataset, one line per quad, in the order they first
    /// arrived.
    pub fn to_nquads(&self) -> String {
        let mut out = String::with_capacity(self.nquads_len);
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

    /// The N-Quads text of term `id` (blank nodes as `_:label`).
    pub(crate) fn text(&self, id: u32) -> &str {
        self.terms
            .get(id as usize)
            .and_then(|e| self.text.get(e.start..e.end))
            .unwrap_or_default()
    }

    /// True when term `id` is a blank node.
    pub(crate) fn is_blank(&self, id: u32) -> bool {
        self.terms
            .get(id as usize)
            .is_some_and(|e| e.kind == Kind::Blank)
    }

    /// Term `id`, borrowed.
    pub(crate) fn term(&self, id: u32) -> TermRef<'_> {
        let Some(entry) = self.terms.get(id as usize) else {
            return TermRef::Iri("");
        };
        let text = self.text.get(entry.start..entry.end).unwrap_or_default();
        match entry.kind {
            Kind::Iri => TermRef::Iri(text.get(1..text.len() - 1).unwrap_or_default()),
            Kind::Blank => TermRef::Blank(text.get(2..).unwrap_or_default()),
            Kind::Literal { close, raw } => {
                let value = match raw {
                    Some((from, to)) => self.text.get(from..to),
                    None => self.text.get(entry.start + 1..close),
                }
                .unwrap_or_default();
                let suffix = self.text.get(close + 1..entry.end).unwrap_or_default();
                if let Some(language) = suffix.strip_prefix('@') {
                    TermRef::Literal {
                        value,
                        datatype: RDF_LANG_STRING,
                        language: Some(language),
                    }
                } else {
                    let datatype = suffix
                        .strip_prefix("^^<")
                        .and_then(|d| d.strip_suffix('>'))
                        .unwrap_or(XSD_STRING);
                    TermRef::Literal {
                        value,
                        datatype,
                        language: None,
                    }
                }
            }
        }
    }

    /// The owned quad of `ids`.
    pub(crate) fn quad(&self, ids: [u32; 4]) -> Quad {
        Quad {
            subject: self.term(ids[0]).to_term(),
            predicate: self.term(ids[1]).to_term(),
            object: self.term(ids[2]).to_term(),
            graph: (ids[3] != NO_TERM).then(|| self.term(ids[3]).to_term()),
        }
    }

    /// True when term `id` has the N-Quads text of `term` (compared piece by piece against
    /// the stored text, without writing it).
    fn is(&self, id: u32, term: TermRef<'_>) -> bool {
        let Some(entry) = self.terms.get(id as usize) else {
            return false;
        };
        let text = self.text.as_bytes();
        let Some(stored) = text.get(entry.start..entry.end) else {
            return false;
        };
        // `stored` is `open` + `body` + `close`.
        let framed = |open: &[u8], body: &str, close: &[u8]| {
            stored.len() == open.len() + body.len() + close.len()
                && stored.starts_with(open)
                && stored.ends_with(close)
                && &stored[open.len()..stored.len() - close.len()] == body.as_bytes()
        };
        match (entry.kind, term) {
            (Kind::Iri, TermRef::Iri(iri)) => framed(b"<", iri, b">"),
            (Kind::Blank, TermRef::Blank(label)) => framed(b"_:", label, b""),
            (
                Kind::Literal { close, raw },
                TermRef::Literal {
                    value,
                    datatype,
                    language,
                },
            ) => {
                let stored_value = match raw {
                    Some((from, to)) => text.get(from..to),
                    None => text.get(entry.start + 1..close),
                };
                let Some(suffix) = text.get(close + 1..entry.end) else {
                    return false;
                };
                stored_value == Some(value.as_bytes())
                    && match language {
                        Some(language) => {
                            suffix.first() == Some(&b'@') && &suffix[1..] == language.as_bytes()
                        }
                        None if datatype != XSD_STRING => {
                            suffix.len() == datatype.len() + 4
                                && suffix.starts_with(b"^^<")
                                && suffix.ends_with(b">")
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
        if self.is(last, term) {
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
        let start = self.text.len();
        let close = write_term_ref(&mut self.text, term);
        let kind = match (term, close) {
            (TermRef::Literal { value, .. }, Some(close)) => {
                let raw = if close - (start + 1) == value.len() {
                    None
                } else {
                    // Escaping changed the lexical form: keep it raw as well.
                    let from = self.text.len();
                    self.text.push_str(value);
                    Some((from, self.text.len()))
                };
                Kind::Literal { close, raw }
            }
            (TermRef::Blank(_), _) => Kind::Blank,
            _ => Kind::Iri,
        };
        let end = match kind {
            Kind::Literal {
                raw: Some((from, _)),
                ..
            } => from,
            _ => self.text.len(),
        };
        let id = self.terms.len() as u32;
        self.terms.push(Entry {
            start,
            end,
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
        loop {
            let id = self.term_table[at];
            if id == NO_TERM {
                return None;
            }
            if self.terms[id as usize].hash == hash && self.is(id, term) {
                return Some(id);
            }
            at = (at + 1) & mask;
        }
    }

    fn insert_term(&mut self, id: u32, hash: u64) {
        if self.terms.len() * 2 > self.term_table.len() {
            let len = (self.terms.len() * 4).next_power_of_two().max(64);
            self.term_table = vec![NO_TERM; len];
            for (n, entry) in self.terms.iter().enumerate() {
                place(&mut self.term_table, entry.hash, n as u32);
            }
        } else {
            place(&mut self.term_table, hash, id);
        }
    }

    /// Stores `quad` unless it is already there.
    fn insert_quad(&mut self, quad: [u32; 4]) {
        if self.quads.len() >= MAX_TERMS {
            self.overflow = self.overflow.saturating_add(1);
            return;
        }
        let hash = hash_quad(&quad);
        if !self.quad_table.is_empty() {
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
        }
        let index = self.quads.len() as u32;
        // Each term with the space or " .\n" after it.
        let line: usize = quad
            .iter()
            .filter(|&&id| id != NO_TERM)
            .map(|&id| self.terms.get(id as usize).map_or(0, |e| e.end - e.start) + 1)
            .sum();
        self.nquads_len = self.nquads_len.saturating_add(line + 2);
        self.quads.push(quad);
        if self.quads.len() * 2 > self.quad_table.len() {
            let len = (self.quads.len() * 4).next_power_of_two().max(64);
            self.quad_table = vec![NO_TERM; len];
            for (n, q) in self.quads.iter().enumerate() {
                place(&mut self.quad_table, hash_quad(q), n as u32);
            }
        } else {
            place(&mut self.quad_table, hash, index);
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

/// Puts `value` in the first free slot from `hash`'s home (the table has one).
fn place(table: &mut [u32], hash: u64, value: u32) {
    let mask = table.len() - 1;
    let mut at = home(hash, table.len());
    while table[at] != NO_TERM {
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
