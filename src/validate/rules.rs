//! The OB 3.0 / CLR 2.0 rules the JSON Schemas miss.
//!
//! Structural rules, run on each credential (outer and nested):
//!
//! | code | rule |
//! |---|---|
//! | `type.missing_class` | a `type` (array *or single string*) lacks the class the spec requires there |
//! | `subject.identity` | an AchievementSubject / ClrSubject has neither `id` nor `identifier` |
//! | `result.unknown_description` | a Result's `resultDescription` names no ResultDescription of the achievement |
//! | `result.unknown_level` | a Result's `achievedLevel` names no RubricCriterionLevel of that ResultDescription |
//! | `result.status_missing` | a Result for a ResultDescription of resultType `Status` has no `status` |
//! | `clr.association` | a CLR association's `sourceId` / `targetId` names no achievement in the CLR |
//!
//! Value rules, run once over the whole document:
//!
//! | code | rule |
//! |---|---|
//! | `vocab.ext_prefix` | a value of an extensible vocabulary that is not listed must start with `ext:` |
//! | `image.not_object` | `image` must be an Image object, not a bare string |
//! | `datetime.zone` | a `DateTimeZ` value (validFrom, validUntil, awardedDate, ...) has no time zone |
//! | `datetime.invalid` | a `DateTimeZ` / `DateTime` value is not a date-time at all |
//! | `value.language_map` | a language map where no context in force declares an `@language` container |

use std::collections::BTreeSet;

use serde_json::Value;

use super::kind::{Kind, type_names};
use super::vocab::{Vocabulary, is_language_key, language_container_terms};
use crate::report::{Finding, JsonPath};

/// The members of a one-or-many value, with their paths.
fn each<'a>(value: Option<&'a Value>, path: &JsonPath) -> Vec<(JsonPath, &'a Value)> {
    match value {
        None => Vec::new(),
        Some(Value::Array(items)) => items
            .iter()
            .enumerate()
            .map(|(i, v)| (path.clone().index(i), v))
            .collect(),
        Some(v) => vec![(path.clone(), v)],
    }
}

fn member<'a>(value: &'a Value, path: &JsonPath, key: &str) -> (JsonPath, Option<&'a Value>) {
    (path.clone().key(key), value.get(key))
}

/// Requires every group of `classes` (alternatives within a group) in the object's `type`.
fn require_type(object: &Value, path: &JsonPath, classes: &[&[&str]], out: &mut Vec<Finding>) {
    let Some(ty) = object.get("type") else {
        return;
    };
    let names = type_names(ty);
    for group in classes {
        if !group.iter().any(|c| names.contains(c)) {
            out.push(Finding::error(
                "type.missing_class",
                path.clone().key("type"),
                format!("`type` must include {}", group.join(" or ")),
            ));
        }
    }
}

/// Runs the structural rules on one credential.
pub(crate) fn check_credential(
    credential: &Value,
    kind: Kind,
    path: &JsonPath,
    out: &mut Vec<Finding>,
) {
    let root_class: &[&str] = match kind {
        Kind::AchievementCredential => &["AchievementCredential", "OpenBadgeCredential"],
        Kind::EndorsementCredential => &["EndorsementCredential"],
        Kind::ClrCredential => &["ClrCredential"],
        _ => return,
    };
    require_type(
        credential,
        path,
        &[&["VerifiableCredential"], root_class],
        out,
    );
    for (p, issuer) in each(credential.get("issuer"), &path.clone().key("issuer")) {
        if issuer.is_object() {
            // The JSON-LD adaptation of the schemas lets `{"id": "..."}` pass as a language
            // map of a URI ("id" looks like a language tag); an issuer object is a Profile,
            // and a Profile requires `type`.
            if issuer.get("type").is_none() {
                out.push(Finding::error(
                    "type.missing_class",
                    p.clone().key("type"),
                    "an issuer object is a Profile: `type` must include Profile",
                ));
            }
            profile(issuer, &p, out);
        }
    }
    for (p, evidence) in each(credential.get("evidence"), &path.clone().key("evidence")) {
        require_type(evidence, &p, &[&["Evidence"]], out);
    }
    let (subject_path, subject) = member(credential, path, "credentialSubject");
    for (p, subject) in each(subject, &subject_path) {
        if !subject.is_object() {
            continue;
        }
        match kind {
            Kind::AchievementCredential => achievement_subject(subject, &p, out),
            Kind::EndorsementCredential => {
                require_type(subject, &p, &[&["EndorsementSubject"]], out);
            }
            _ => clr_subject(subject, &p, out),
        }
    }
}

fn profile(profile: &Value, path: &JsonPath, out: &mut Vec<Finding>) {
    require_type(profile, path, &[&["Profile"]], out);
    for (p, entry) in each(
        profile.get("otherIdentifier"),
        &path.clone().key("otherIdentifier"),
    ) {
        require_type(entry, &p, &[&["IdentifierEntry"]], out);
    }
    if let Some(parent) = profile.get("parentOrg").filter(|v| v.is_object()) {
        self::profile(parent, &path.clone().key("parentOrg"), out);
    }
}

fn subject_identity(subject: &Value, path: &JsonPath, out: &mut Vec<Finding>) {
    if subject.get("id").is_none() && subject.get("identifier").is_none() {
        out.push(Finding::error(
            "subject.identity",
            path.clone(),
            "the subject needs an `id` or an `identifier`",
        ));
    }
    for (p, id) in each(subject.get("identifier"), &path.clone().key("identifier")) {
        require_type(id, &p, &[&["IdentityObject"]], out);
    }
}

fn achievement_subject(subject: &Value, path: &JsonPath, out: &mut Vec<Finding>) {
    require_type(subject, path, &[&["AchievementSubject"]], out);
    subject_identity(subject, path, out);
    for (p, source) in each(subject.get("source"), &path.clone().key("source")) {
        if source.is_object() {
            profile(source, &p, out);
        }
    }
    let achievement_path = path.clone().key("achievement");
    let achievement = subject.get("achievement").filter(|a| a.is_object());
    if let Some(a) = achievement {
        self::achievement(a, &achievement_path, out);
    }
    for (p, result) in each(subject.get("result"), &path.clone().key("result")) {
        require_type(result, &p, &[&["Result"]], out);
        check_result(result, &p, achievement, out);
    }
}

fn achievement(achievement: &Value, path: &JsonPath, out: &mut Vec<Finding>) {
    require_type(achievement, path, &[&["Achievement"]], out);
    if let Some(creator) = achievement.get("creator").filter(|c| c.is_object()) {
        profile(creator, &path.clone().key("creator"), out);
    }
    for (p, alignment) in each(achievement.get("alignment"), &path.clone().key("alignment")) {
        require_type(alignment, &p, &[&["Alignment"]], out);
    }
    for (p, entry) in each(
        achievement.get("otherIdentifier"),
        &path.clone().key("otherIdentifier"),
    ) {
        require_type(entry, &p, &[&["IdentifierEntry"]], out);
    }
    for (p, rd) in each(
        achievement.get("resultDescription"),
        &path.clone().key("resultDescription"),
    ) {
        require_type(rd, &p, &[&["ResultDescription"]], out);
        for (lp, level) in each(
            rd.get("rubricCriterionLevel"),
            &p.clone().key("rubricCriterionLevel"),
        ) {
            require_type(level, &lp, &[&["RubricCriterionLevel"]], out);
        }
    }
}

/// Checks a Result against the achievement's ResultDescriptions.
fn check_result(
    result: &Value,
    path: &JsonPath,
    achievement: Option<&Value>,
    out: &mut Vec<Finding>,
) {
    let descriptions: Vec<&Value> = each(
        achievement.and_then(|a| a.get("resultDescription")),
        &JsonPath::root(),
    )
    .into_iter()
    .map(|(_, v)| v)
    .collect();
    let described = match result.get("resultDescription").and_then(Value::as_str) {
        Some(id) => {
            let found = descriptions
                .iter()
                .copied()
                .find(|rd| rd.get("id").and_then(Value::as_str) == Some(id));
            if found.is_none() {
                out.push(Finding::error(
                    "result.unknown_description",
                    path.clone().key("resultDescription"),
                    format!("no resultDescription of the achievement has the id {id}"),
                ));
            }
            found
        }
        None => None,
    };
    if let Some(level) = result.get("achievedLevel").and_then(Value::as_str) {
        let pool: Vec<&Value> = match described {
            Some(rd) => vec![rd],
            None if result.get("resultDescription").is_some() => Vec::new(),
            None => descriptions.clone(),
        };
        let known = pool.iter().any(|rd| {
            each(rd.get("rubricCriterionLevel"), &JsonPath::root())
                .iter()
                .any(|(_, l)| l.get("id").and_then(Value::as_str) == Some(level))
        });
        if !known && (described.is_some() || result.get("resultDescription").is_none()) {
            out.push(Finding::error(
                "result.unknown_level",
                path.clone().key("achievedLevel"),
                format!(
                    "no rubricCriterionLevel of the referenced resultDescription has the id {level}"
                ),
            ));
        }
    }
    if let Some(rd) = described
        && rd.get("resultType").and_then(Value::as_str) == Some("Status")
        && result.get("status").is_none()
    {
        out.push(Finding::error(
            "result.status_missing",
            path.clone(),
            "the resultDescription has resultType Status, so the result needs a `status`",
        ));
    }
}

fn clr_subject(subject: &Value, path: &JsonPath, out: &mut Vec<Finding>) {
    require_type(subject, path, &[&["ClrSubject"]], out);
    subject_identity(subject, path, out);
    let mut ids: BTreeSet<&str> = BTreeSet::new();
    for (p, a) in each(subject.get("achievement"), &path.clone().key("achievement")) {
        if let Some(id) = a.get("id").and_then(Value::as_str) {
            ids.insert(id);
        }
        if a.is_object() {
            achievement(a, &p, out);
        }
    }
    for (_, vc) in each(subject.get("verifiableCredential"), &JsonPath::root()) {
        for (_, s) in each(vc.get("credentialSubject"), &JsonPath::root()) {
            if let Some(id) = s
                .get("achievement")
                .and_then(|a| a.get("id"))
                .and_then(Value::as_str)
            {
                ids.insert(id);
            }
        }
    }
    for (p, association) in each(subject.get("association"), &path.clone().key("association")) {
        require_type(association, &p, &[&["Association"]], out);
        for end in ["sourceId", "targetId"] {
            if let Some(id) = association.get(end).and_then(Value::as_str)
                && !ids.contains(id)
            {
                out.push(Finding::error(
                    "clr.association",
                    p.clone().key(end),
                    format!("{end} {id} names no achievement present in the CLR"),
                ));
            }
        }
    }
}

/// Runs the value rules over a whole document.
pub(crate) fn check_values(document: &Value, vocab: &Vocabulary, out: &mut Vec<Finding>) {
    let mut language_terms = BTreeSet::new();
    collect_language_terms(document, vocab, &mut language_terms);
    let mut walker = Walker {
        vocab,
        language_terms: &language_terms,
        trail: Vec::new(),
        out,
    };
    walker.walk(document, None);
}

/// Terms with an `@language` container in any context the document uses.
fn collect_language_terms(value: &Value, vocab: &Vocabulary, out: &mut BTreeSet<String>) {
    match value {
        Value::Object(map) => {
            for (key, member) in map {
                if key == "@context" {
                    for (_, ctx) in each(Some(member), &JsonPath::root()) {
                        match ctx {
                            Value::String(url) => {
                                if let Some(terms) = vocab.language_terms.get(url.as_str()) {
                                    out.extend(terms.iter().cloned());
                                }
                            }
                            inline => language_container_terms(inline, out),
                        }
                    }
                } else {
                    collect_language_terms(member, vocab, out);
                }
            }
        }
        Value::Array(items) => {
            for item in items {
                collect_language_terms(item, vocab, out);
            }
        }
        _ => {}
    }
}

/// One step of the walk's position, borrowed from the document.
#[derive(Clone, Copy)]
enum Step<'a> {
    Key(&'a str),
    Index(usize),
}

/// Walks the document keeping its position as borrowed steps; a [`JsonPath`] is built only
/// for a finding.
struct Walker<'a, 'o> {
    vocab: &'a Vocabulary,
    language_terms: &'a BTreeSet<String>,
    trail: Vec<Step<'a>>,
    out: &'o mut Vec<Finding>,
}

impl<'a> Walker<'a, '_> {
    fn path(&self) -> JsonPath {
        let mut path = JsonPath::root();
        for step in &self.trail {
            match step {
                Step::Key(k) => path.push_key(*k),
                Step::Index(i) => path.push_index(*i),
            }
        }
        path
    }

    fn walk(&mut self, value: &'a Value, key: Option<&'a str>) {
        match value {
            Value::Object(map) => {
                if let Some(k) = key
                    && self.vocab.language_capable.contains(k)
                    && !self.language_terms.contains(k)
                    && !map.is_empty()
                    && map
                        .iter()
                        .all(|(lk, lv)| is_language_key(lk) && lv.is_string())
                {
                    let path = self.path();
                    self.out.push(Finding::error(
                        "value.language_map",
                        path,
                        format!("`{k}` is a language map, but no context in force declares `{k}` with an @language container"),
                    ));
                    return;
                }
                for (k, member) in map {
                    if k == "@context" {
                        continue;
                    }
                    self.trail.push(Step::Key(k));
                    self.walk(member, Some(k));
                    self.trail.pop();
                }
            }
            Value::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    self.trail.push(Step::Index(i));
                    self.walk(item, key);
                    self.trail.pop();
                }
            }
            Value::String(s) => {
                if let Some(k) = key {
                    let mut found = Vec::new();
                    check_string(k, s, self.vocab, &mut found);
                    for (code, message) in found {
                        self.out.push(Finding::error(code, self.path(), message));
                    }
                }
            }
            _ => {}
        }
    }
}

fn check_string(key: &str, s: &str, vocab: &Vocabulary, out: &mut Vec<(&'static str, String)>) {
    if let Some(listed) = vocab.extensible.get(key)
        && !listed.contains(s)
        && !is_ext_term(s)
    {
        out.push((
            "vocab.ext_prefix",
            format!("{s:?} is not a listed `{key}` value; extensions must be spelled ext:Name"),
        ));
    }
    if key == "image" {
        out.push((
            "image.not_object",
            "`image` must be an Image object ({\"id\": ..., \"type\": \"Image\"}), not a string"
                .to_string(),
        ));
    }
    if vocab.datetime_z.contains(key) {
        match date_time(s) {
            DateTime::Zoned => {}
            DateTime::Unzoned => out.push((
                "datetime.zone",
                format!("{s:?} has no time zone; `{key}` must carry one (Z or ±hh:mm)"),
            )),
            DateTime::Invalid => out.push((
                "datetime.invalid",
                format!("{s:?} is not an ISO 8601 date-time"),
            )),
        }
    } else if vocab.datetime.contains(key) && date_time(s) == DateTime::Invalid {
        out.push((
            "datetime.invalid",
            format!("{s:?} is not an ISO 8601 date-time"),
        ));
    }
}

/// `ext:` followed by at least one of the characters the schemas allow.
fn is_ext_term(s: &str) -> bool {
    s.strip_prefix("ext:").is_some_and(|rest| {
        !rest.is_empty()
            && rest
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_' | '|'))
    })
}

#[derive(Debug, PartialEq, Eq)]
enum DateTime {
    Zoned,
    Unzoned,
    Invalid,
}

fn date_time(s: &str) -> DateTime {
    if chrono::DateTime::parse_from_rfc3339(s).is_ok() {
        return DateTime::Zoned;
    }
    let naive = [
        "%Y-%m-%dT%H:%M:%S",
        "%Y-%m-%dT%H:%M:%S%.f",
        "%Y-%m-%dT%H:%M",
    ];
    if naive
        .iter()
        .any(|f| chrono::NaiveDateTime::parse_from_str(s, f).is_ok())
    {
        DateTime::Unzoned
    } else {
        DateTime::Invalid
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn date_times() {
        assert_eq!(date_time("2024-01-01T00:00:00Z"), DateTime::Zoned);
        assert_eq!(date_time("2024-01-01T00:00:00.5+02:00"), DateTime::Zoned);
        assert_eq!(date_time("2024-01-01T00:00:00"), DateTime::Unzoned);
        assert_eq!(date_time("yesterday"), DateTime::Invalid);
    }

    #[test]
    fn ext_terms() {
        assert!(is_ext_term("ext:MyType"));
        assert!(!is_ext_term("Myext:Type"));
        assert!(!is_ext_term("ext:"));
    }
}
