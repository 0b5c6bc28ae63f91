//! The page every renderer draws: the view model laid out once as a few kinds of block
//! (verdict banner, headings, labelled fields, nested lists, tables, an image), so text,
//! Markdown and HTML differ only in how they write a block, never in what they show.

use super::across::{Comparison, SkillRollup, SkillsView, title};
use super::trust::Trust;
use super::view::{Explanation, ImageView, PRESENTATION, Party, SafeUrl, Skill, TreeNode};
use crate::verify::{CheckStatus, Verdict};

/// A run of inline content.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) enum Span {
    /// Plain text.
    Text(String),
    /// A link (`http`/`https` only: a [`SafeUrl`]).
    Link(String, SafeUrl),
    /// A machine code (finding codes, identifiers).
    Code(String),
}

/// One list item and the items under it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct Item {
    pub(super) spans: Vec<Span>,
    pub(super) children: Vec<Item>,
}

/// One block of a page.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) enum Block {
    /// The verdict, loudly, above everything else.
    Verdict(Verdict, String),
    /// A heading of level 1 to 6.
    Heading(u8, String),
    /// A paragraph.
    Paragraph(Vec<Span>),
    /// Labelled values.
    Fields(Vec<(&'static str, Vec<Span>)>),
    /// A (nested) list.
    List(Vec<Item>),
    /// A table: header cells, then rows (the first cell of a row is its header).
    Table(Vec<String>, Vec<Vec<String>>),
    /// An image.
    Image(ImageView),
}

/// A page: its title and its blocks.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct Page {
    pub(super) title: String,
    pub(super) lang: Option<String>,
    pub(super) blocks: Vec<Block>,
}

fn text(s: impl Into<String>) -> Vec<Span> {
    vec![Span::Text(s.into())]
}

fn item(spans: Vec<Span>) -> Item {
    Item {
        spans,
        children: Vec::new(),
    }
}

/// The mark a check gets in lists.
pub(super) fn mark(status: CheckStatus) -> &'static str {
    match status {
        CheckStatus::Passed => "✓",
        CheckStatus::Failed => "✗",
        CheckStatus::Indeterminate => "?",
        CheckStatus::Skipped => "–",
    }
}

fn party(p: &Party) -> Vec<Span> {
    let mut spans = Vec::new();
    match (&p.name, &p.url) {
        (Some(name), Some(url)) => spans.push(Span::Link(name.clone(), url.clone())),
        (Some(name), None) => spans.push(Span::Text(name.clone())),
        (None, Some(url)) => spans.push(Span::Link(url.as_str().to_owned(), url.clone())),
        (None, None) => {}
    }
    if !spans.is_empty() {
        spans.push(Span::Text(" ".into()));
    }
    spans.push(Span::Code(p.id.clone()));
    if let Some(email) = &p.email {
        spans.push(Span::Text(format!(" <{email}>")));
    }
    match p.key_bound {
        Some(true) => spans.push(Span::Text(" (signing key bound to this identifier)".into())),
        Some(false) => spans.push(Span::Text(
            " (the signing key does NOT belong to this identifier)".into(),
        )),
        None => {}
    }
    spans
}

fn skill(s: &Skill) -> Item {
    let mut spans = vec![match &s.url {
        Some(url) => Span::Link(s.name.clone(), url.clone()),
        None => Span::Text(s.name.clone()),
    }];
    let about: Vec<String> = [s.framework.clone(), s.code.clone(), s.target_type.clone()]
        .into_iter()
        .flatten()
        .collect();
    if !about.is_empty() {
        spans.push(Span::Text(format!(" ({})", about.join(", "))));
    }
    if s.url.is_none() {
        spans.push(Span::Text(" ".into()));
        spans.push(Span::Code(s.target.clone()));
    }
    let mut it = item(spans);
    if let Some(d) = &s.description {
        it.children.push(item(text(d.clone())));
    }
    it
}

fn checks(trust: &Trust) -> Block {
    Block::List(
        trust
            .points
            .iter()
            .map(|p| {
                let mut spans = vec![Span::Text(format!(
                    "{} {}: {}",
                    mark(p.status),
                    p.check.title(),
                    p.words
                ))];
                for code in &p.codes {
                    spans.push(Span::Text(" ".into()));
                    spans.push(Span::Code(code.clone()));
                }
                item(spans)
            })
            .collect(),
    )
}

fn tree(nodes: &[TreeNode]) -> Vec<Item> {
    nodes
        .iter()
        .map(|n| {
            let mut spans = text(n.name.clone());
            if let Some(how) = &n.relation {
                spans.push(Span::Text(format!(" ({how} the above)")));
            }
            Item {
                spans,
                children: tree(&n.children),
            }
        })
        .collect()
}

/// Each skill with the credentials that evidence it and their results.
fn rollup(skills: &[SkillRollup]) -> Block {
    Block::List(
        skills
            .iter()
            .map(|s| {
                let mut it = skill(&s.skill);
                it.children.extend(s.evidence.iter().map(|ev| {
                    let mut line = ev.credential.clone();
                    if !ev.verified {
                        line.push_str(" (NOT VERIFIED)");
                    }
                    if !ev.results.is_empty() {
                        line.push_str(&format!(": {}", ev.results.join("; ")));
                    }
                    item(text(line))
                }));
                it
            })
            .collect(),
    )
}

/// Lays out one explanation, its headings starting at `level`.
pub(super) fn explanation(e: &Explanation, level: u8, out: &mut Vec<Block>) {
    let sub = (level + 1).min(6);
    out.push(Block::Verdict(e.trust.verdict, e.trust.headline.clone()));
    out.push(Block::Heading(level, title(e)));
    let heading = title(e);
    match &e.description {
        Some(d) => out.push(Block::Paragraph(text(format!("{}: {d}", e.kind)))),
        None if heading != e.kind => out.push(Block::Paragraph(text(e.kind.clone()))),
        None => {}
    }
    if let Some(reason) = &e.unreadable {
        out.push(Block::Paragraph(text(format!(
            "Its content could not be read in full: {reason}"
        ))));
    }
    if !e.withheld.is_empty() {
        out.push(Block::Paragraph(text(format!(
            "The holder chose not to disclose {}.",
            e.withheld.join(", ")
        ))));
    }
    if let Some(image) = e
        .achievement
        .as_ref()
        .and_then(|a| a.image.clone())
        .filter(|i| i.data.is_some())
    {
        out.push(Block::Image(image));
    }
    let mut who = Vec::new();
    if let Some(p) = &e.issuer {
        let label = if e.kind == PRESENTATION {
            "Holder"
        } else {
            "Issuer"
        };
        who.push((label, party(p)));
    }
    if let Some(r) = &e.recipient {
        if let Some(name) = &r.name {
            who.push(("Recipient", text(name.clone())));
        }
        if let Some(id) = &r.id {
            who.push(("Recipient id", vec![Span::Code(id.clone())]));
        }
        for identifier in &r.identifiers {
            who.push(("Recipient identifier", text(identifier.clone())));
        }
    }
    if !who.is_empty() {
        out.push(Block::Heading(sub, "Who".into()));
        out.push(Block::Fields(who));
    }
    if let Some(a) = &e.achievement {
        let mut what = vec![("Achievement", text(a.name.clone()))];
        let optional: [(&'static str, &Option<String>); 7] = [
            ("Type", &a.kind),
            ("Description", &a.description),
            ("Criteria", &a.criteria),
            ("Code", &a.human_code),
            ("Field of study", &a.field_of_study),
            ("Specialization", &a.specialization),
            ("Version", &a.version),
        ];
        what.extend(
            optional
                .into_iter()
                .filter_map(|(label, v)| v.clone().map(|v| (label, text(v)))),
        );
        if let Some(url) = &a.criteria_url {
            what.push((
                "Criteria page",
                vec![Span::Link(url.as_str().to_owned(), url.clone())],
            ));
        }
        if let Some(c) = &a.credits_available {
            what.push(("Credits available", text(c.clone())));
        }
        if let Some(c) = &e.credits_earned {
            what.push(("Credits earned", text(c.clone())));
        }
        if let Some(p) = &a.creator {
            what.push(("Created by", party(p)));
        }
        if let Some(image) = a.image.as_ref().filter(|i| i.data.is_none())
            && let Some(url) = &image.url
        {
            what.push(("Image", vec![Span::Link(image.alt.clone(), url.clone())]));
        }
        out.push(Block::Heading(sub, "What".into()));
        out.push(Block::Fields(what));
        if !a.skills.is_empty() || !a.tags.is_empty() {
            out.push(Block::Heading(sub, "Skills".into()));
            if !a.skills.is_empty() {
                out.push(Block::List(a.skills.iter().map(skill).collect()));
            }
            if !a.tags.is_empty() {
                out.push(Block::Fields(vec![("Tags", text(a.tags.join(", ")))]));
            }
        }
    }
    if !e.results.is_empty() {
        out.push(Block::Heading(sub, "How well".into()));
        out.push(Block::List(
            e.results
                .iter()
                .map(|r| {
                    let head = match (&r.name, &r.kind) {
                        (Some(n), Some(k)) => format!("{n} ({k}): "),
                        (Some(n), None) => format!("{n}: "),
                        (None, Some(k)) => format!("{k}: "),
                        (None, None) => String::new(),
                    };
                    let mut it = item(text(format!("{head}{}", r.reading)));
                    for extra in [&r.detail, &r.required].into_iter().flatten() {
                        it.children.push(item(text(extra.clone())));
                    }
                    it
                })
                .collect(),
        ));
    }
    if !e.evidence.is_empty() {
        out.push(Block::Heading(sub, "Evidence".into()));
        out.push(Block::List(
            e.evidence
                .iter()
                .map(|ev| {
                    let name = ev.name.clone().unwrap_or_else(|| "Evidence".into());
                    let mut spans = vec![match &ev.url {
                        Some(url) => Span::Link(name, url.clone()),
                        None => Span::Text(name),
                    }];
                    if let Some(g) = &ev.genre {
                        spans.push(Span::Text(format!(" ({g})")));
                    }
                    let mut it = item(spans);
                    if let Some(n) = &ev.narrative {
                        it.children.push(item(text(n.clone())));
                    }
                    it
                })
                .collect(),
        ));
    }
    let d = &e.dates;
    let mut when = Vec::new();
    for (label, m) in [
        ("Issued", &d.issued),
        ("Awarded", &d.awarded),
        ("Valid until", &d.valid_until),
        ("Activity from", &d.activity_start),
        ("Activity until", &d.activity_end),
    ] {
        if let Some(m) = m {
            when.push((label, text(m.text.clone())));
        }
    }
    if let Some(t) = &d.term {
        when.push(("Term", text(t.clone())));
    }
    if !when.is_empty() || d.standing != "current" {
        when.push(("Standing", text(d.standing.clone())));
        out.push(Block::Heading(sub, "When".into()));
        out.push(Block::Fields(when));
    }
    if !e.endorsements.is_empty() {
        out.push(Block::Heading(sub, "Endorsements".into()));
        out.push(Block::List(
            e.endorsements
                .iter()
                .map(|n| {
                    let mut spans = vec![Span::Text(format!(
                        "{} endorsement of {} by ",
                        if n.verified { "Verified" } else { "UNVERIFIED" },
                        n.of
                    ))];
                    spans.extend(party(&n.endorser));
                    let mut it = item(spans);
                    if let Some(c) = &n.comment {
                        it.children.push(item(text(format!("“{c}”"))));
                    }
                    it
                })
                .collect(),
        ));
    }
    if !e.tree.is_empty() || !e.relations.is_empty() {
        out.push(Block::Heading(sub, "How the achievements relate".into()));
        if !e.tree.is_empty() {
            out.push(Block::List(tree(&e.tree)));
        }
        if !e.relations.is_empty() {
            out.push(Block::List(
                e.relations
                    .iter()
                    .map(|r| item(text(format!("{} {} {}", r.source, r.kind, r.target))))
                    .collect(),
            ));
        }
    }
    if !e.record_skills.is_empty() {
        out.push(Block::Heading(sub, "Skills across the record".into()));
        out.push(rollup(&e.record_skills));
    }
    out.push(Block::Heading(sub, "Checks".into()));
    out.push(checks(&e.trust));
    if !e.members.is_empty() {
        out.push(Block::Heading(
            sub,
            format!("Credentials inside ({})", e.members.len()),
        ));
        for member in &e.members {
            explanation(member, (sub + 1).min(6), out);
        }
    }
}

/// The page of one or more explanations.
pub(super) fn explanations(list: &[Explanation], lang: Option<&str>) -> Page {
    let mut blocks = Vec::new();
    for e in list {
        explanation(e, 1, &mut blocks);
    }
    Page {
        title: match list {
            [one] => title(one),
            _ => format!("{} credentials", list.len()),
        },
        lang: lang.map(str::to_owned),
        blocks,
    }
}

/// The verdict over several credentials: the worst, and how many did not verify.
fn overall(verdicts: &[Explanation]) -> (Verdict, String) {
    let worst = verdicts
        .iter()
        .map(|e| e.trust.verdict)
        .max()
        .unwrap_or(Verdict::Valid);
    let unverified = verdicts.iter().filter(|e| !e.trust.verified()).count();
    let headline = if unverified == 0 {
        format!("All {} credentials verified", verdicts.len())
    } else {
        format!(
            "NOT ALL VERIFIED: {unverified} of {} credentials did not verify",
            verdicts.len()
        )
    };
    (worst, headline)
}

/// The page of a skills roll-up.
pub(super) fn skills(view: &SkillsView, verdicts: &[Explanation], lang: Option<&str>) -> Page {
    let (worst, headline) = overall(verdicts);
    let mut blocks = vec![
        Block::Verdict(worst, headline),
        Block::Heading(1, "Skills across the record".into()),
        Block::Paragraph(text(format!(
            "{} skills across {} credentials.",
            view.skills.len(),
            view.credentials
        ))),
    ];
    blocks.push(rollup(&view.skills));
    if !view.tags.is_empty() {
        let tags: Vec<String> = view
            .tags
            .iter()
            .map(|(t, n)| format!("{t} ({n})"))
            .collect();
        blocks.push(Block::Fields(vec![("Tags", text(tags.join(", ")))]));
    }
    blocks.push(Block::Heading(2, "Credentials".into()));
    blocks.push(Block::List(
        verdicts
            .iter()
            .map(|e| item(text(format!("{}: {}", title(e), e.trust.headline))))
            .collect(),
    ));
    Page {
        title: "Skills across the record".into(),
        lang: lang.map(str::to_owned),
        blocks,
    }
}

/// The page of a side-by-side comparison.
pub(super) fn comparison(c: &Comparison, verdicts: &[Explanation], lang: Option<&str>) -> Page {
    let (worst, headline) = overall(verdicts);
    let mut head = vec!["Aspect".to_owned()];
    head.extend(c.columns.iter().cloned());
    let rows = c
        .rows
        .iter()
        .map(|r| {
            let mut row = vec![r.label.clone()];
            row.extend(r.cells.iter().cloned());
            row
        })
        .collect();
    let mut blocks = vec![
        Block::Verdict(worst, headline),
        Block::Heading(1, "Side by side".into()),
        Block::Table(head, rows),
    ];
    if !c.shared_skills.is_empty() {
        blocks.push(Block::Fields(vec![(
            "Skills in common",
            text(c.shared_skills.join(", ")),
        )]));
    }
    Page {
        title: "Side by side".into(),
        lang: lang.map(str::to_owned),
        blocks,
    }
}
