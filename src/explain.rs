//! What a credential means, for the employer who reads it: the verdict first in plain
//! words, then who issued it to whom, what was achieved, the skills it is aligned to, how
//! well (results read against their rubric), the evidence, the dates, endorsements and, for
//! a CLR, how its achievements relate.
//!
//! [`explain`] turns a [`VerificationReport`] (and the credential it judged) into an
//! [`Explanation`], a typed view model; [`render`] draws it as text, Markdown, a
//! self-contained HTML page or JSON. [`SkillsView`] rolls the skills up across a learner's
//! credentials and [`Comparison`] sets credentials side by side.
//!
//! ```
//! # #[cfg(feature = "ed25519")] {
//! use openbadges::Document;
//! use openbadges::explain::{self, Format, Options};
//! use openbadges::verify::Verifier;
//!
//! let path = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/interop/credentials/ob-minimal-eddsa-rdfc-2022.json");
//! let document = Document::from_slice(&std::fs::read(path)?)?;
//! let report = Verifier::offline().verify(&document);
//! let explanation = explain::explain(&report, &Options::new());
//! assert!(explanation.trust.headline.starts_with("Verified: signed by"));
//! let page = explain::render(&[explanation], Format::Html, &Options::new());
//! assert!(page.starts_with("<!DOCTYPE html>"));
//! # }
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod across;
mod html;
mod layout;
mod markdown;
mod read;
mod text;
mod tree;
mod trust;
mod view;

#[cfg(feature = "server")]
pub(crate) use html::escape as escape_html;

pub use across::{Comparison, ComparisonRow, SkillEvidence, SkillRollup, SkillsView};
pub use trust::{Trust, TrustPoint};
pub use view::{
    AchievementView, Dates, EndorsementView, EvidenceView, Explanation, ImageView, Moment, Party,
    Recipient, Relation, ResultView, SafeUrl, Skill, TreeNode,
};

use serde::Serialize;

use crate::verify::VerificationReport;

/// How an explanation is drawn.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Format {
    /// Plain text, for a terminal.
    Text,
    /// Markdown.
    Markdown,
    /// One self-contained HTML page (no script, no network).
    Html,
    /// The view model as JSON.
    Json,
}

/// Options of an explanation.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct Options {
    /// The reader's language (BCP 47): language maps are read in it, falling back to its
    /// primary subtag, then to the credential's first language.
    pub lang: Option<String>,
}

impl Options {
    /// Default options: each text in the credential's first language.
    pub fn new() -> Self {
        Self::default()
    }

    /// Reads language maps in `tag` (`es`, `en-GB`), with fallback.
    pub fn lang(mut self, tag: impl Into<String>) -> Self {
        self.lang = Some(tag.into());
        self
    }
}

/// Explains the credential (or presentation, or CLR) that `report` judged: the verdict in
/// plain words from its checklist, and the credential's meaning from its typed model, in
/// the language of `options`. A credential the typed model cannot read is explained by its
/// verdict and the reason ([`Explanation::unreadable`]).
pub fn explain(report: &VerificationReport, options: &Options) -> Explanation {
    let reader = read::Reader {
        lang: options.lang.as_deref(),
    };
    // Every top-level report keeps its document (a JWT's decoded credential included); one
    // without is explained by its verdict alone.
    let empty = serde_json::Value::Object(serde_json::Map::new());
    let value = report
        .unverified_document()
        .map_or(&empty, |document| document.value());
    reader.explain(value, report, value)
}

fn json(value: &impl Serialize) -> String {
    // The view types hold strings, booleans and plain enums: serializing cannot fail.
    let mut text = serde_json::to_string_pretty(value).unwrap_or_default();
    text.push('\n');
    text
}

fn draw(page: &layout::Page, format: Format) -> String {
    match format {
        Format::Text => text::render(page),
        Format::Markdown => markdown::render(page),
        Format::Html | Format::Json => html::render(page),
    }
}

/// Draws `explanations` (one after the other) in `format`. JSON is one object for one
/// explanation, an array for several.
pub fn render(explanations: &[Explanation], format: Format, options: &Options) -> String {
    match (format, explanations) {
        (Format::Json, [one]) => json(one),
        (Format::Json, many) => json(&many),
        _ => draw(
            &layout::explanations(explanations, options.lang.as_deref()),
            format,
        ),
    }
}

/// Draws the skills roll-up of `explanations` (nested CLR credentials included), with the
/// verdict of each credential.
pub fn render_skills(explanations: &[Explanation], format: Format, options: &Options) -> String {
    let view = SkillsView::new(explanations);
    match format {
        Format::Json => json(&view),
        _ => draw(
            &layout::skills(&view, explanations, options.lang.as_deref()),
            format,
        ),
    }
}

/// Draws `explanations` side by side.
pub fn render_comparison(
    explanations: &[Explanation],
    format: Format,
    options: &Options,
) -> String {
    let comparison = Comparison::new(explanations);
    match format {
        Format::Json => json(&comparison),
        _ => draw(
            &layout::comparison(&comparison, explanations, options.lang.as_deref()),
            format,
        ),
    }
}
