//! Builds the [`Explanation`] of a credential from the typed model and the verifier's
//! report: every optional member read with the reader's language, every absent one left out.

use std::collections::BTreeMap;

use serde_json::Value;

use super::across::SkillsView;
use super::tree;
use super::trust::{self, Signer};
use super::view::{
    AchievementView, Dates, EndorsementView, EvidenceView, Explanation, ImageView, Moment,
    PRESENTATION, Party, Recipient, ResultView, SafeUrl, Skill,
};
use crate::contexts;
use crate::model::{
    self, Achievement, AchievementCredential, AchievementResult, AchievementSubject, Alignment,
    ClrCredential, EndorsementCredential, Evidence, IdentifierTypeEnum, IdentityObject, Image,
    Profile, ProfileRef, ResultDescription,
};
use crate::values::LangString;
use crate::verify::{CheckId, CheckStatus, DocumentKind, Role, Verdict, VerificationReport};

/// Largest embedded image kept (a `data:` URL); larger ones are left out.
const MAX_IMAGE_BYTES: usize = 4 * 1024 * 1024;

/// Reads language maps in a preferred language.
pub(super) struct Reader<'a> {
    pub(super) lang: Option<&'a str>,
}

impl Reader<'_> {
    /// The text in the preferred language, falling back to its primary subtag (`en` for
    /// `en-GB`), another region of it, then the default text; `None` when empty.
    fn text(&self, value: &LangString) -> Option<String> {
        let chosen = self.lang.and_then(|lang| {
            let primary = lang.split('-').next().unwrap_or(lang);
            value.get(lang).or_else(|| value.get(primary)).or_else(|| {
                let LangString::Object(map) = value else {
                    return None;
                };
                let prefix = format!("{}-", primary.to_ascii_lowercase());
                map.iter()
                    .find(|(key, _)| key.to_ascii_lowercase().starts_with(&prefix))
                    .and_then(|(_, v)| v.as_str().or_else(|| v.get(0)?.as_str()))
            })
        });
        nonempty(chosen.or_else(|| value.text()))
    }

    fn opt(&self, value: Option<&LangString>) -> Option<String> {
        value.and_then(|v| self.text(v))
    }

    /// Explains the credential `value` that `report` judged; `root` is the document the
    /// report's paths point into (for nested credentials).
    pub(super) fn explain(
        &self,
        value: &Value,
        report: &VerificationReport,
        root: &Value,
    ) -> Explanation {
        let mut explanation = match report.kind() {
            DocumentKind::Achievement | DocumentKind::SdJwtVc => {
                match model::parse_value::<AchievementCredential>(value) {
                    Ok(credential) => self.achievement_credential(&credential, report),
                    // A selectively disclosed credential may lack members the model
                    // requires: explain what was disclosed, and say what was not.
                    Err(error) => complete(value)
                        .and_then(|(completed, withheld)| {
                            let credential =
                                model::parse_value::<AchievementCredential>(&completed).ok()?;
                            let mut e = self.achievement_credential(&credential, report);
                            e.withheld = withheld;
                            Some(e)
                        })
                        .unwrap_or_else(|| unreadable("Open Badge", report, error.to_string())),
                }
            }
            DocumentKind::Clr => match model::parse_value::<ClrCredential>(value) {
                Ok(credential) => self.clr(&credential, report),
                Err(e) => unreadable("Comprehensive Learner Record", report, e.to_string()),
            },
            DocumentKind::Endorsement => match model::parse_value::<EndorsementCredential>(value) {
                Ok(credential) => self.endorsement_credential(&credential, report),
                Err(e) => unreadable("Endorsement", report, e.to_string()),
            },
            DocumentKind::Presentation => {
                let mut e = blank(PRESENTATION, report);
                e.issuer = report.issuer().map(|id| party_id(id, key_bound(report)));
                e.trust = trust::trust(
                    report,
                    &Signer {
                        name: None,
                        id: report.issuer(),
                        until: None,
                    },
                );
                e
            }
            _ => unreadable(
                "Credential",
                report,
                "not an Open Badge, CLR or endorsement credential".to_owned(),
            ),
        };
        explanation.members = report
            .nested()
            .iter()
            .filter(|n| matches!(n.role(), Role::ClrMember | Role::Presented))
            .filter_map(|n| {
                let member = root.pointer(&n.path().to_pointer())?;
                member.is_object().then(|| self.explain(member, n, root))
            })
            .collect();
        if report.kind() == DocumentKind::Clr {
            explanation.record_skills = SkillsView::new(&explanation.members).skills;
        }
        explanation
    }

    fn achievement_credential(
        &self,
        credential: &AchievementCredential,
        report: &VerificationReport,
    ) -> Explanation {
        let subject = &credential.credential_subject;
        let achievement = &subject.achievement;
        let mut e = blank("Open Badge", report);
        e.title = self
            .opt(credential.name.as_ref())
            .or_else(|| self.text(&achievement.name));
        e.description = self.opt(credential.description.as_ref());
        e.issuer = Some(self.issuer(&credential.issuer, report));
        e.recipient = self.recipient(subject);
        let mut view = self.achievement(achievement);
        if view.image.is_none() {
            view.image = credential
                .image
                .as_ref()
                .or(subject.image.as_ref())
                .and_then(|i| image(i, self.text(&achievement.name)));
        }
        e.achievement = Some(view);
        e.results = subject
            .results()
            .iter()
            .map(|r| self.result(r, achievement))
            .collect();
        e.credits_earned = subject.credits_earned.as_ref().map(ToString::to_string);
        e.evidence = credential
            .evidence_items()
            .iter()
            .map(|ev| self.evidence(ev))
            .collect();
        e.dates = Dates {
            issued: moment(credential.valid_from.as_ref().map(|d| d.as_str()))
                .or_else(|| moment(credential.issuance_date.as_ref().map(|d| d.as_str()))),
            awarded: moment(credential.awarded_date.as_ref().map(|d| d.as_str())),
            valid_until: moment(credential.valid_until.as_ref().map(|d| d.as_str()))
                .or_else(|| moment(credential.expiration_date.as_ref().map(|d| d.as_str()))),
            activity_start: moment(subject.activity_start_date.as_ref().map(|d| d.as_str())),
            activity_end: moment(subject.activity_end_date.as_ref().map(|d| d.as_str())),
            term: self.opt(subject.term.as_ref()),
            standing: standing(report),
        };
        let mut endorsements = Vec::new();
        self.endorsements(
            &mut endorsements,
            "the credential",
            credential.endorsements(),
            report,
        );
        if let Some(profile) = credential.issuer.profile() {
            self.endorsements(
                &mut endorsements,
                "the issuer",
                profile.endorsements(),
                report,
            );
        }
        self.endorsements(
            &mut endorsements,
            "the achievement",
            achievement.endorsements(),
            report,
        );
        e.endorsements = endorsements;
        self.sign(e, report)
    }

    fn clr(&self, credential: &ClrCredential, report: &VerificationReport) -> Explanation {
        let subject = &credential.credential_subject;
        let mut e = blank("Comprehensive Learner Record", report);
        e.title = self.text(&credential.name);
        e.description = self.opt(credential.description.as_ref());
        e.issuer = Some(self.issuer(&credential.issuer, report));
        e.recipient = recipient_of(
            subject.id.as_ref().map(|i| i.as_str()),
            subject.identifiers(),
        );
        e.evidence = credential
            .evidence_items()
            .iter()
            .map(|ev| self.evidence(ev))
            .collect();
        e.dates = Dates {
            issued: moment(credential.valid_from.as_ref().map(|d| d.as_str()))
                .or_else(|| moment(credential.issuance_date.as_ref().map(|d| d.as_str()))),
            awarded: moment(credential.awarded_date.as_ref().map(|d| d.as_str())),
            valid_until: moment(credential.valid_until.as_ref().map(|d| d.as_str()))
                .or_else(|| moment(credential.expiration_date.as_ref().map(|d| d.as_str()))),
            standing: standing(report),
            ..Dates::default()
        };
        let mut endorsements = Vec::new();
        self.endorsements(
            &mut endorsements,
            "the record",
            credential.endorsements(),
            report,
        );
        e.endorsements = endorsements;
        // Every achievement the record knows: its own list, then its credentials'.
        let mut names: BTreeMap<String, String> = BTreeMap::new();
        let achievements = subject.achievements().iter().chain(
            subject
                .verifiable_credential
                .iter()
                .map(|c| &*c.credential_subject.achievement),
        );
        let mut order = Vec::new();
        for a in achievements {
            let id = a.id.as_str().to_owned();
            if !names.contains_key(&id) {
                order.push(id.clone());
            }
            names
                .entry(id)
                .or_insert_with(|| self.text(&a.name).unwrap_or_else(|| a.id.to_string()));
        }
        (e.tree, e.relations) = tree::tree(&order, &names, subject.associations());
        self.sign(e, report)
    }

    fn endorsement_credential(
        &self,
        credential: &EndorsementCredential,
        report: &VerificationReport,
    ) -> Explanation {
        let mut e = blank("Endorsement", report);
        e.title = self.text(&credential.name);
        e.description = self
            .opt(credential.credential_subject.endorsement_comment.as_ref())
            .or_else(|| self.opt(credential.description.as_ref()));
        e.issuer = Some(self.issuer(&credential.issuer, report));
        e.recipient = Some(Recipient {
            name: None,
            id: Some(credential.credential_subject.id.to_string()),
            identifiers: Vec::new(),
        });
        e.dates = Dates {
            issued: moment(credential.valid_from.as_ref().map(|d| d.as_str()))
                .or_else(|| moment(credential.issuance_date.as_ref().map(|d| d.as_str()))),
            awarded: moment(credential.awarded_date.as_ref().map(|d| d.as_str())),
            valid_until: moment(credential.valid_until.as_ref().map(|d| d.as_str()))
                .or_else(|| moment(credential.expiration_date.as_ref().map(|d| d.as_str()))),
            standing: standing(report),
            ..Dates::default()
        };
        self.sign(e, report)
    }

    /// Puts the verdict, in words, on `e`.
    fn sign(&self, mut e: Explanation, report: &VerificationReport) -> Explanation {
        let issuer = e.issuer.as_ref();
        e.trust = trust::trust(
            report,
            &Signer {
                name: issuer.and_then(|p| p.name.as_deref()),
                id: issuer.map(|p| p.id.as_str()),
                until: e.dates.valid_until.as_ref().map(|m| m.text.as_str()),
            },
        );
        e
    }

    fn issuer(&self, issuer: &ProfileRef, report: &VerificationReport) -> Party {
        match issuer.profile() {
            Some(profile) => self.party(profile, key_bound(report)),
            None => party_id(issuer.id().as_str(), key_bound(report)),
        }
    }

    fn party(&self, profile: &Profile, key_bound: Option<bool>) -> Party {
        Party {
            name: self.opt(profile.name.as_ref()),
            id: profile.id.to_string(),
            url: profile.url.as_ref().and_then(|u| SafeUrl::new(u.as_str())),
            email: profile.email.clone().and_then(|e| nonempty(Some(&e))),
            key_bound,
        }
    }

    fn recipient(&self, subject: &AchievementSubject) -> Option<Recipient> {
        recipient_of(
            subject.id.as_ref().map(|i| i.as_str()),
            subject.identifiers(),
        )
    }

    fn achievement(&self, a: &Achievement) -> AchievementView {
        let name = self.text(&a.name).unwrap_or_else(|| a.id.to_string());
        AchievementView {
            kind: a.achievement_type.as_ref().map(|t| spaced(t.as_str())),
            description: self.text(&a.description),
            criteria: self.opt(a.criteria.narrative.as_ref()),
            criteria_url: a
                .criteria
                .id
                .as_ref()
                .and_then(|u| SafeUrl::new(u.as_str())),
            human_code: self.opt(a.human_code.as_ref()),
            field_of_study: self.opt(a.field_of_study.as_ref()),
            specialization: self.opt(a.specialization.as_ref()),
            version: self.opt(a.version.as_ref()),
            credits_available: a.credits_available.as_ref().map(ToString::to_string),
            creator: a.creator.as_deref().map(|p| self.party(p, None)),
            image: a.image.as_ref().and_then(|i| image(i, Some(name.clone()))),
            skills: a.alignments().iter().map(|al| self.skill(al)).collect(),
            tags: a.tags().iter().filter_map(|t| self.text(t)).collect(),
            name,
        }
    }

    pub(super) fn skill(&self, alignment: &Alignment) -> Skill {
        let target = alignment.target_url.to_string();
        Skill {
            name: self
                .text(&alignment.target_name)
                .unwrap_or_else(|| target.clone()),
            url: SafeUrl::new(&target),
            target,
            framework: self.opt(alignment.target_framework.as_ref()),
            code: self.opt(alignment.target_code.as_ref()),
            target_type: alignment
                .target_type
                .as_ref()
                .map(|t| t.as_str().trim_start_matches("ext:").to_owned()),
            description: self.opt(alignment.target_description.as_ref()),
        }
    }

    fn result(&self, result: &AchievementResult, achievement: &Achievement) -> ResultView {
        let descriptions = achievement.result_descriptions();
        let description: Option<&ResultDescription> = result
            .result_description
            .as_ref()
            .and_then(|id| descriptions.iter().find(|d| d.id == *id));
        let mut parts = Vec::new();
        let mut detail = None;
        if let Some(level_id) = &result.achieved_level {
            // The level in its own description, else in any of the achievement's.
            let found = description.into_iter().chain(descriptions).find_map(|d| {
                let levels = d.rubric_criterion_levels();
                let i = levels.iter().position(|l| l.id == *level_id)?;
                Some((i, levels.len(), &levels[i]))
            });
            match found {
                Some((i, n, level)) => {
                    let mut text = format!("Level {} of {n}", i + 1);
                    if let Some(name) = self.text(&level.name) {
                        text.push_str(&format!(": {name}"));
                    }
                    if let Some(points) = &level.points {
                        text.push_str(&format!(" ({points} points)"));
                    }
                    parts.push(text);
                    detail = self.opt(level.description.as_ref());
                }
                None => parts.push(format!("level {level_id}")),
            }
        }
        if let Some(value) = &result.value {
            parts.push(value_reading(value, description));
        }
        if let Some(status) = &result.status {
            parts.push(spaced(status.as_str()));
        }
        let required = description.and_then(|d| {
            let level = d.required_level.as_ref().map(|id| {
                d.rubric_criterion_levels()
                    .iter()
                    .find(|l| l.id == *id)
                    .and_then(|l| self.text(&l.name))
                    .unwrap_or_else(|| id.to_string())
            });
            level
                .or_else(|| d.required_value.clone())
                .map(|r| format!("required: {r}"))
        });
        ResultView {
            name: description.and_then(|d| self.text(&d.name)),
            kind: description.map(|d| spaced(d.result_type.as_str())),
            reading: if parts.is_empty() {
                "no value given".to_owned()
            } else {
                parts.join(", ")
            },
            detail,
            required,
        }
    }

    fn evidence(&self, evidence: &Evidence) -> EvidenceView {
        EvidenceView {
            name: self.opt(evidence.name.as_ref()),
            genre: self.opt(evidence.genre.as_ref()),
            narrative: self
                .opt(evidence.narrative.as_ref())
                .or_else(|| self.opt(evidence.description.as_ref())),
            url: evidence.id.as_ref().and_then(|u| SafeUrl::new(u.as_str())),
        }
    }

    fn endorsements(
        &self,
        out: &mut Vec<EndorsementView>,
        of: &str,
        endorsements: &[EndorsementCredential],
        report: &VerificationReport,
    ) {
        for endorsement in endorsements {
            let verified = report.nested().iter().any(|n| {
                n.role() == Role::Endorsement
                    && n.id() == Some(endorsement.id.as_str())
                    && n.verdict() == Verdict::Valid
            });
            let endorser = match endorsement.issuer.profile() {
                Some(profile) => self.party(profile, None),
                None => party_id(endorsement.issuer.id().as_str(), None),
            };
            out.push(EndorsementView {
                of: of.to_owned(),
                endorser,
                comment: self.opt(endorsement.credential_subject.endorsement_comment.as_ref()),
                verified,
            });
        }
    }
}

/// `value` with the members an achievement credential requires but a selective disclosure
/// may leave out (the achievement's `name`, `description`, `criteria`; `type`s, `@context`
/// and `id`, which an SD-JWT VC has not) filled
/// in empty, and the names of the disclosed-away ones; `None` when there is no
/// achievement at all. Empty texts are left out of the explanation like absent ones.
fn complete(value: &Value) -> Option<(Value, Vec<String>)> {
    let mut value = value.clone();
    let mut withheld = Vec::new();
    let fill = |object: &mut serde_json::Map<String, Value>, key: &str, with: Value| {
        let absent = !object.contains_key(key);
        if absent {
            object.insert(key.to_owned(), with);
        }
        absent
    };
    let types = |names: &[&str]| Value::from(names.to_vec());
    let root = value.as_object_mut()?;
    fill(
        root,
        "type",
        types(&["VerifiableCredential", "OpenBadgeCredential"]),
    );
    // An SD-JWT VC maps to a credential without these; the explanation shows neither
    // (its `id` comes from the verifier's report).
    fill(
        root,
        "@context",
        types(&[contexts::VC_V2, contexts::OB_V3P0_3_0_3]),
    );
    fill(root, "id", Value::from("urn:x-openbadges-explain:absent"));
    if let Some(issuer) = root.get_mut("issuer").and_then(Value::as_object_mut) {
        fill(issuer, "type", types(&["Profile"]));
    }
    let subject = root.get_mut("credentialSubject")?.as_object_mut()?;
    fill(subject, "type", types(&["AchievementSubject"]));
    let achievement = subject.get_mut("achievement")?.as_object_mut()?;
    fill(achievement, "type", types(&["Achievement"]));
    for (key, what, with) in [
        ("name", "the achievement's name", Value::from("")),
        ("description", "its description", Value::from("")),
        (
            "criteria",
            "its criteria",
            Value::Object(serde_json::Map::new()),
        ),
    ] {
        if fill(achievement, key, with) {
            withheld.push(what.to_owned());
        }
    }
    Some((value, withheld))
}

/// A value read against the description's range or allowed values, and its requirement.
fn value_reading(value: &str, description: Option<&ResultDescription>) -> String {
    let Some(d) = description else {
        return value.to_owned();
    };
    let mut text = value.to_owned();
    match (&d.value_min, &d.value_max) {
        (Some(min), Some(max)) => text.push_str(&format!(" (on a scale of {min} to {max})")),
        (Some(min), None) => text.push_str(&format!(" (at least {min})")),
        (None, Some(max)) => text.push_str(&format!(" (at most {max})")),
        (None, None) => {
            let allowed = d.allowed_values();
            if !allowed.is_empty() && allowed.len() <= 16 {
                text.push_str(&format!(" (of {})", allowed.join(", ")));
            }
        }
    }
    if let Some(required) = &d.required_value
        && let (Ok(got), Ok(need)) = (value.trim().parse::<f64>(), required.trim().parse::<f64>())
    {
        text.push_str(if got >= need {
            ": meets the requirement"
        } else {
            ": below the requirement"
        });
    }
    text
}

fn blank(kind: &str, report: &VerificationReport) -> Explanation {
    Explanation {
        trust: trust::trust(
            report,
            &Signer {
                name: None,
                id: report.issuer(),
                until: None,
            },
        ),
        kind: kind.to_owned(),
        title: None,
        description: None,
        id: report.id().map(str::to_owned),
        issuer: None,
        recipient: None,
        achievement: None,
        results: Vec::new(),
        credits_earned: None,
        evidence: Vec::new(),
        dates: Dates {
            standing: standing(report),
            ..Dates::default()
        },
        endorsements: Vec::new(),
        members: Vec::new(),
        tree: Vec::new(),
        relations: Vec::new(),
        record_skills: Vec::new(),
        unreadable: None,
        withheld: Vec::new(),
    }
}

fn unreadable(kind: &str, report: &VerificationReport, reason: String) -> Explanation {
    let mut e = blank(kind, report);
    e.issuer = report.issuer().map(|id| party_id(id, key_bound(report)));
    e.unreadable = Some(reason);
    e
}

fn party_id(id: &str, key_bound: Option<bool>) -> Party {
    Party {
        name: None,
        id: id.to_owned(),
        url: None,
        email: None,
        key_bound,
    }
}

fn key_bound(report: &VerificationReport) -> Option<bool> {
    let check = report
        .checks()
        .iter()
        .find(|c| matches!(c.check, CheckId::IssuerBinding | CheckId::HolderBinding))?;
    match check.status {
        CheckStatus::Passed => Some(true),
        CheckStatus::Failed => Some(false),
        _ => None,
    }
}

fn recipient_of(id: Option<&str>, identifiers: &[IdentityObject]) -> Option<Recipient> {
    let name = identifiers
        .iter()
        .find(|i| !i.hashed && i.identity_type == IdentifierTypeEnum::Name)
        .and_then(|i| nonempty(Some(&i.identity_hash)));
    let identifiers: Vec<String> = identifiers
        .iter()
        .filter(|i| i.hashed || i.identity_type != IdentifierTypeEnum::Name)
        .map(|i| {
            let kind = spaced(i.identity_type.as_str()).to_lowercase();
            if i.hashed {
                format!("{kind} (hashed: only someone who knows it can match it)")
            } else {
                format!("{kind}: {}", i.identity_hash)
            }
        })
        .collect();
    let id = id.map(str::to_owned);
    (name.is_some() || id.is_some() || !identifiers.is_empty()).then_some(Recipient {
        name,
        id,
        identifiers,
    })
}

/// The credential's standing now, from its checklist.
fn standing(report: &VerificationReport) -> String {
    let check = |id: CheckId| report.checks().iter().find(|c| c.check == id);
    let has =
        |id: CheckId, code: &str| check(id).is_some_and(|c| c.codes.iter().any(|x| x == code));
    let standing = if has(CheckId::Status, "status.revoked") {
        "revoked"
    } else if has(CheckId::Status, "status.suspended") {
        "suspended"
    } else if has(CheckId::Validity, crate::verify::codes::VALIDITY_EXPIRED) {
        "expired"
    } else if has(
        CheckId::Validity,
        crate::verify::codes::VALIDITY_NOT_YET_VALID,
    ) {
        "not yet valid"
    } else if check(CheckId::Status).is_some_and(|c| c.status == CheckStatus::Indeterminate) {
        "status unknown"
    } else {
        "current"
    };
    standing.to_owned()
}

fn image(image: &Image, alt: Option<String>) -> Option<ImageView> {
    let id = image.id.as_str();
    let alt = nonempty(image.caption.as_ref().and_then(|c| c.text()))
        .or(alt)
        .unwrap_or_else(|| "badge image".to_owned());
    if let Some(data) = embeddable(id) {
        return Some(ImageView {
            data: Some(data.to_owned()),
            url: None,
            alt,
        });
    }
    SafeUrl::new(id).map(|url| ImageView {
        data: None,
        url: Some(url),
        alt,
    })
}

/// A `data:` URL of an image type a browser shows in `<img>` (where SVG scripts never
/// run), base64, of bounded size and plain characters.
fn embeddable(url: &str) -> Option<&str> {
    const TYPES: [&str; 5] = [
        "image/png",
        "image/jpeg",
        "image/gif",
        "image/webp",
        "image/svg+xml",
    ];
    let rest = url.strip_prefix("data:")?;
    let (media, data) = rest.split_once(";base64,")?;
    let ok = TYPES.iter().any(|t| media.eq_ignore_ascii_case(t))
        && url.len() <= MAX_IMAGE_BYTES
        && data
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'/' | b'='));
    ok.then_some(url)
}

/// A date as written, and as "1 May 2024".
fn moment(value: Option<&str>) -> Option<Moment> {
    let value = value?;
    let text = match value.parse::<crate::values::DateTime>() {
        Ok(date) => date.to_utc_assuming_utc().format("%-d %B %Y").to_string(),
        Err(_) => value.to_owned(),
    };
    Some(Moment {
        value: value.to_owned(),
        text,
    })
}

fn nonempty(text: Option<&str>) -> Option<String> {
    text.map(str::trim)
        .filter(|t| !t.is_empty())
        .map(str::to_owned)
}

/// A vocabulary term in words: `BachelorDegree` → `Bachelor Degree`, `ext:Foo` → `Foo`.
fn spaced(term: &str) -> String {
    let term = term.trim_start_matches("ext:");
    let mut out = String::with_capacity(term.len() + 4);
    let mut previous_lower = false;
    for c in term.chars() {
        if c.is_uppercase() && previous_lower {
            out.push(' ');
        }
        previous_lower = c.is_lowercase() || c.is_ascii_digit();
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terms_read_as_words() {
        assert_eq!(spaced("BachelorDegree"), "Bachelor Degree");
        assert_eq!(spaced("ext:MyThing"), "My Thing");
        assert_eq!(spaced("emailAddress"), "email Address");
        assert_eq!(spaced("CFItem"), "CFItem");
    }

    #[test]
    fn only_image_data_urls_embed() {
        assert!(embeddable("data:image/png;base64,iVBORw0KGgo=").is_some());
        assert!(embeddable("data:text/html;base64,PHNjcmlwdD4=").is_none());
        assert!(embeddable("data:image/png;base64,\"><script>").is_none());
        assert!(embeddable("https://example.org/a.png").is_none());
    }

    #[test]
    fn language_falls_back() {
        let map: LangString =
            serde_json::from_str(r#"{"en-US": "Badge", "es": "Insignia"}"#).unwrap();
        let text = |lang| Reader { lang }.text(&map);
        assert_eq!(text(Some("es")).as_deref(), Some("Insignia"));
        assert_eq!(text(Some("es-MX")).as_deref(), Some("Insignia"));
        assert_eq!(text(Some("en")).as_deref(), Some("Badge"));
        assert_eq!(text(Some("fr")).as_deref(), Some("Badge"));
        assert_eq!(text(None).as_deref(), Some("Badge"));
    }
}
