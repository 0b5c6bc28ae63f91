//! Views across several credentials: the skills roll-up of a learner's record and the
//! side-by-side comparison a recruiter reads.

use std::collections::BTreeMap;

use serde::Serialize;

use super::view::{Explanation, Skill};

/// Every skill and alignment across a set of credentials (nested CLR members included),
/// each with the credentials that evidence it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct SkillsView {
    /// How many credentials were read (nested ones included).
    pub credentials: usize,
    /// The skills, by name.
    pub skills: Vec<SkillRollup>,
    /// Tags, each with how many credentials carry it.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<(String, usize)>,
}

/// One skill and what evidences it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct SkillRollup {
    /// The alignment.
    pub skill: Skill,
    /// The credentials aligned to it.
    pub evidence: Vec<SkillEvidence>,
}

/// A credential that evidences a skill.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct SkillEvidence {
    /// The credential's title.
    pub credential: String,
    /// Whether it verified.
    pub verified: bool,
    /// Its results, in words ("Project grade: Level 1 of 2: Exemplary").
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub results: Vec<String>,
}

/// Title of an explanation for tables and lists.
pub(super) fn title(e: &Explanation) -> String {
    e.title
        .clone()
        .or_else(|| e.achievement.as_ref().map(|a| a.name.clone()))
        .unwrap_or_else(|| e.kind.clone())
}

fn results(e: &Explanation) -> Vec<String> {
    e.results
        .iter()
        .map(|r| match &r.name {
            Some(name) => format!("{name}: {}", r.reading),
            None => r.reading.clone(),
        })
        .collect()
}

/// Every explanation of `explanations` and of their members, depth first.
fn flatten<'a>(explanations: &'a [Explanation], out: &mut Vec<&'a Explanation>) {
    for e in explanations {
        out.push(e);
        flatten(&e.members, out);
    }
}

impl SkillsView {
    /// The skills roll-up of `explanations` and every credential nested in them.
    pub fn new(explanations: &[Explanation]) -> Self {
        let mut all = Vec::new();
        flatten(explanations, &mut all);
        let mut skills: BTreeMap<(String, String), SkillRollup> = BTreeMap::new();
        let mut tags: BTreeMap<String, usize> = BTreeMap::new();
        for e in &all {
            let Some(achievement) = &e.achievement else {
                continue;
            };
            for skill in &achievement.skills {
                let key = (skill.name.to_lowercase(), skill.target.clone());
                let entry = skills.entry(key).or_insert_with(|| SkillRollup {
                    skill: skill.clone(),
                    evidence: Vec::new(),
                });
                entry.evidence.push(SkillEvidence {
                    credential: title(e),
                    verified: e.trust.verified(),
                    results: results(e),
                });
            }
            for tag in &achievement.tags {
                *tags.entry(tag.clone()).or_default() += 1;
            }
        }
        SkillsView {
            credentials: all.len(),
            skills: skills.into_values().collect(),
            tags: tags.into_iter().collect(),
        }
    }
}

/// Two or more credentials side by side.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Comparison {
    /// One column per credential: its title.
    pub columns: Vec<String>,
    /// One row per aspect; a row absent from every credential is left out.
    pub rows: Vec<ComparisonRow>,
    /// Skills every credential is aligned to.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub shared_skills: Vec<String>,
}

/// One aspect across the credentials.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct ComparisonRow {
    /// What the row is: "Issuer", "Trust", "Credits".
    pub label: String,
    /// One cell per credential (empty when it lacks the aspect).
    pub cells: Vec<String>,
}

impl Comparison {
    /// Compares `explanations`, in order.
    pub fn new(explanations: &[Explanation]) -> Self {
        let skill_names = |e: &Explanation| -> Vec<String> {
            e.achievement
                .iter()
                .flat_map(|a| a.skills.iter().map(|s| s.name.clone()))
                .collect()
        };
        let all: Vec<Vec<String>> = explanations.iter().map(skill_names).collect();
        let shared: Vec<String> = all
            .first()
            .map(|first| {
                let mut shared: Vec<String> = first
                    .iter()
                    .filter(|s| all.iter().all(|other| other.contains(s)))
                    .cloned()
                    .collect();
                shared.dedup();
                shared
            })
            .unwrap_or_default();
        type Cell = fn(&Explanation) -> Option<String>;
        let aspects: [(&str, Cell); 11] = [
            ("Issuer", |e| {
                e.issuer
                    .as_ref()
                    .map(|p| p.name.clone().unwrap_or_else(|| p.id.clone()))
            }),
            ("Trust", |e| Some(e.trust.headline.clone())),
            ("Type", |e| {
                e.achievement.as_ref().and_then(|a| a.kind.clone())
            }),
            ("Field of study", |e| {
                e.achievement
                    .as_ref()
                    .and_then(|a| a.field_of_study.clone())
            }),
            ("Results", |e| Some(results(e).join("; "))),
            ("Credits", |e| {
                e.credits_earned.clone().or_else(|| {
                    e.achievement
                        .as_ref()
                        .and_then(|a| a.credits_available.clone())
                })
            }),
            ("Issued", |e| {
                e.dates.issued.as_ref().map(|m| m.text.clone())
            }),
            ("Awarded", |e| {
                e.dates.awarded.as_ref().map(|m| m.text.clone())
            }),
            ("Valid until", |e| {
                e.dates.valid_until.as_ref().map(|m| m.text.clone())
            }),
            ("Standing", |e| Some(e.dates.standing.clone())),
            ("Endorsed by", |e| {
                let names: Vec<String> = e
                    .endorsements
                    .iter()
                    .map(|n| {
                        n.endorser
                            .name
                            .clone()
                            .unwrap_or_else(|| n.endorser.id.clone())
                    })
                    .collect();
                Some(names.join(", "))
            }),
        ];
        let mut rows: Vec<ComparisonRow> = aspects
            .iter()
            .map(|(label, cell)| ComparisonRow {
                label: (*label).to_owned(),
                cells: explanations
                    .iter()
                    .map(|e| cell(e).unwrap_or_default())
                    .collect(),
            })
            .collect();
        rows.push(ComparisonRow {
            label: "Skills only here".to_owned(),
            cells: all
                .iter()
                .map(|skills| {
                    let mut own: Vec<&str> = skills
                        .iter()
                        .filter(|s| !shared.contains(s))
                        .map(String::as_str)
                        .collect();
                    own.dedup();
                    own.join(", ")
                })
                .collect(),
        });
        rows.retain(|row| row.cells.iter().any(|c| !c.is_empty()));
        Comparison {
            columns: explanations.iter().map(title).collect(),
            rows,
            shared_skills: shared,
        }
    }
}
