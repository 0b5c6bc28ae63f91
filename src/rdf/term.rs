//! RDF terms and quads.

use std::fmt;

/// `http://www.w3.org/2001/XMLSchema#string`, the datatype of plain literals.
pub const XSD_STRING: &str = "http://www.w3.org/2001/XMLSchema#string";
/// `http://www.w3.org/1999/02/22-rdf-syntax-ns#langString`, the datatype of tagged literals.
pub const RDF_LANG_STRING: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString";

/// An RDF term: an IRI, a blank node or a literal.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Term {
    /// An absolute IRI (stored without angle brackets).
    Iri(String),
    /// A blank node, by its label (stored without the `_:` prefix).
    Blank(String),
    /// A literal.
    Literal(Literal),
}

/// An RDF literal: lexical form, datatype IRI, and a language tag for `rdf:langString`.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Literal {
    /// The lexical form.
    pub value: String,
    /// The datatype IRI ([`XSD_STRING`] for plain strings, [`RDF_LANG_STRING`] with a tag).
    pub datatype: String,
    /// The language tag, present exactly when the datatype is [`RDF_LANG_STRING`].
    pub language: Option<String>,
}

impl Term {
    /// An IRI term.
    pub fn iri(iri: impl Into<String>) -> Self {
        Term::Iri(iri.into())
    }

    /// A blank node term (label without `_:`).
    pub fn blank(label: impl Into<String>) -> Self {
        Term::Blank(label.into())
    }

    /// A typed literal.
    pub fn typed(value: impl Into<String>, datatype: impl Into<String>) -> Self {
        Term::Literal(Literal {
            value: value.into(),
            datatype: datatype.into(),
            language: None,
        })
    }

    /// An `xsd:string` literal.
    pub fn string(value: impl Into<String>) -> Self {
        Term::typed(value, XSD_STRING)
    }

    /// A language-tagged string.
    pub fn lang_string(value: impl Into<String>, language: impl Into<String>) -> Self {
        Term::Literal(Literal {
            value: value.into(),
            datatype: RDF_LANG_STRING.to_string(),
            language: Some(language.into()),
        })
    }

    /// True for blank nodes.
    pub fn is_blank(&self) -> bool {
        matches!(self, Term::Blank(_))
    }
}

/// One RDF quad; `graph` is `None` for the default graph.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Quad {
    /// Subject: an IRI or a blank node.
    pub subject: Term,
    /// Predicate: an IRI.
    pub predicate: Term,
    /// Object: any term.
    pub object: Term,
    /// Graph name: an IRI or a blank node; `None` is the default graph.
    pub graph: Option<Term>,
}

impl Quad {
    /// A quad in the default graph.
    pub fn new(subject: Term, predicate: Term, object: Term) -> Self {
        Quad {
            subject,
            predicate,
            object,
            graph: None,
        }
    }
}

impl Term {
    /// This term, borrowed.
    pub fn as_ref(&self) -> TermRef<'_> {
        match self {
            Term::Iri(iri) => TermRef::Iri(iri),
            Term::Blank(label) => TermRef::Blank(label),
            Term::Literal(literal) => TermRef::Literal {
                value: &literal.value,
                datatype: &literal.datatype,
                language: literal.language.as_deref(),
            },
        }
    }
}

/// A borrowed RDF term: what the JSON-LD engine hands a [`QuadSink`], so that a sink which
/// keeps terms in its own storage (an interner, an arena) never needs an owned [`Term`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum TermRef<'a> {
    /// An absolute IRI (without angle brackets).
    Iri(&'a str),
    /// A blank node label (without `_:`).
    Blank(&'a str),
    /// A literal: lexical form, datatype IRI, and the language tag of an `rdf:langString`.
    Literal {
        /// The lexical form.
        value: &'a str,
        /// The datatype IRI.
        datatype: &'a str,
        /// The language tag, present exactly when the datatype is [`RDF_LANG_STRING`].
        language: Option<&'a str>,
    },
}

impl TermRef<'_> {
    /// The owned term.
    pub fn to_term(self) -> Term {
        match self {
            TermRef::Iri(iri) => Term::Iri(iri.to_owned()),
            TermRef::Blank(label) => Term::Blank(label.to_owned()),
            TermRef::Literal {
                value,
                datatype,
                language,
            } => Term::Literal(Literal {
                value: value.to_owned(),
                datatype: datatype.to_owned(),
                language: language.map(str::to_owned),
            }),
        }
    }

    /// True for blank nodes.
    pub fn is_blank(self) -> bool {
        matches!(self, TermRef::Blank(_))
    }
}

/// Receives quads one at a time, in the order they are generated; the same quad may arrive
/// more than once (an RDF dataset is a set, so a sink that stores quads removes duplicates
/// or leaves that to its consumer).
///
/// `Vec<Quad>` is a sink that keeps owned quads (duplicates included).
pub trait QuadSink {
    /// One quad; `graph` is `None` for the default graph.
    fn push_quad(
        &mut self,
        subject: TermRef<'_>,
        predicate: TermRef<'_>,
        object: TermRef<'_>,
        graph: Option<TermRef<'_>>,
    );
}

impl QuadSink for Vec<Quad> {
    fn push_quad(
        &mut self,
        subject: TermRef<'_>,
        predicate: TermRef<'_>,
        object: TermRef<'_>,
        graph: Option<TermRef<'_>>,
    ) {
        self.push(Quad {
            subject: subject.to_term(),
            predicate: predicate.to_term(),
            object: object.to_term(),
            graph: graph.map(TermRef::to_term),
        });
    }
}

impl fmt::Display for Term {
    /// The N-Quads form of the term.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut out = String::new();
        super::nquads::write_term(&mut out, self);
        f.write_str(&out)
    }
}
