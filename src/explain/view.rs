//! The view model of an explanation: what a reader is shown, typed and serializable, built
//! once ([`read`](super::read)) and drawn by every renderer. Absent members stay absent
//! (`None`, empty lists), and serialize as nothing.

use serde::Serialize;

use super::across::SkillRollup;
use super::trust::Trust;

/// What one credential means, and whether it can be trusted.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Explanation {
    /// The verdict in plain words, with the checklist behind it.
    pub trust: Trust,
    /// What kind of document this is, in words: "Open Badge", "Comprehensive Learner
    /// Record", "Endorsement", "Presentation".
    pub kind: String,
    /// The credential's title: its `name`, else its achievement's.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// The credential's `description`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The credential's `id`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// Who issued it (a presentation: who holds it).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub issuer: Option<Party>,
    /// Who received it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub recipient: Option<Recipient>,
    /// What was achieved.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub achievement: Option<AchievementView>,
    /// How well: each result read against its description.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub results: Vec<ResultView>,
    /// Credits earned.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub credits_earned: Option<String>,
    /// Evidence of the work.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub evidence: Vec<EvidenceView>,
    /// When, and for how long.
    pub dates: Dates,
    /// Endorsements of the credential, its issuer and its achievement.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub endorsements: Vec<EndorsementView>,
    /// The credentials inside: a CLR's achievement credentials, a presentation's credentials.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub members: Vec<Explanation>,
    /// A CLR's achievements drawn as a tree by their associations.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub tree: Vec<TreeNode>,
    /// A CLR's skills roll-up: every alignment across its credentials, with the credentials
    /// that evidence it and their results.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub record_skills: Vec<SkillRollup>,
    /// A CLR's associations that are not parent and child (`precedes`, `isPeerOf`, ...).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub relations: Vec<Relation>,
    /// Why the content could not be read in full (the typed model refused it): the page
    /// then shows the verdict and this reason.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unreadable: Option<String>,
    /// Members the credential does not disclose although an Open Badge has them (a
    /// selectively disclosed credential): "the achievement's name".
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub withheld: Vec<String>,
}

/// The kind of a presentation (its "issuer" is its holder).
pub(super) const PRESENTATION: &str = "Presentation";

/// A link target: only `http` and `https` URLs are kept as links.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct SafeUrl(pub(super) String);

impl SafeUrl {
    /// The URL when it is `http` or `https` and holds no whitespace or control characters.
    pub fn new(url: &str) -> Option<Self> {
        let lower = url.get(..8).unwrap_or(url).to_ascii_lowercase();
        let scheme = lower.starts_with("https://") || lower.starts_with("http://");
        let clean = !url.chars().any(|c| c.is_whitespace() || c.is_control());
        (scheme && clean && url.len() <= 4096).then(|| SafeUrl(url.to_owned()))
    }

    /// The URL.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// An image to embed: a `data:` URL of a raster or SVG image, shown through `<img>` only.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct ImageView {
    /// The `data:` URL (embedded), when the image is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub data: Option<String>,
    /// Where the image is, when it is not embedded (shown as a link, never fetched).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<SafeUrl>,
    /// Alternative text: the caption, else the name of what it shows.
    pub alt: String,
}

/// An issuer, creator, endorser or holder.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Party {
    /// The `name`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The identifier (a DID, a URL).
    pub id: String,
    /// The home page.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<SafeUrl>,
    /// The e-mail address.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// Whether the signing key is bound to this identifier: `Some(true)` when the verifier
    /// checked it, `Some(false)` when that check failed, `None` when it did not run.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub key_bound: Option<bool>,
}

/// The recipient.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Recipient {
    /// A name, when the credential gives one (an unhashed `name` identifier).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The subject `id` (a DID, a URL).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// Identifiers: "email address: alice@example.com", or "email address (hashed)".
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub identifiers: Vec<String>,
}

/// The achievement.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct AchievementView {
    /// `name`.
    pub name: String,
    /// `achievementType`, in words ("Certificate", "Bachelor Degree").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    /// `description`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// `criteria.narrative`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub criteria: Option<String>,
    /// `criteria.id`, as a link.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub criteria_url: Option<SafeUrl>,
    /// `humanCode`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub human_code: Option<String>,
    /// `fieldOfStudy`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field_of_study: Option<String>,
    /// `specialization`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub specialization: Option<String>,
    /// `version`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    /// `creditsAvailable`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub credits_available: Option<String>,
    /// The creator, when not the issuer.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub creator: Option<Party>,
    /// `image` (else the credential's).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub image: Option<ImageView>,
    /// Every `alignment`: the skills and standards it is aligned to.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub skills: Vec<Skill>,
    /// `tag`s.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
}

/// One alignment: a skill, competency or standard.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Skill {
    /// `targetName`.
    pub name: String,
    /// `targetUrl`, as a link when it is `http(s)`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<SafeUrl>,
    /// `targetUrl` as written (also when it is no link).
    pub target: String,
    /// `targetFramework`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub framework: Option<String>,
    /// `targetCode`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    /// `targetType` (CFItem, CTDL, ceasn:Competency, an `ext:` type such as O*NET or ESCO).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target_type: Option<String>,
    /// `targetDescription`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

impl PartialOrd for SafeUrl {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for SafeUrl {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.0.cmp(&other.0)
    }
}

/// One result, read against its `resultDescription`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct ResultView {
    /// What was measured: the description's `name`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The description's `resultType`, in words ("Letter grade", "Rubric level").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    /// The result in words: "Level 3 of 4: Proficient", "B (A–F)", "Completed".
    pub reading: String,
    /// The level's description, when a rubric level was achieved.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    /// What was required: "required: Proficient", "required: 60".
    #[serde(skip_serializing_if = "Option::is_none")]
    pub required: Option<String>,
}

/// One piece of evidence.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct EvidenceView {
    /// `name`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// `genre`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub genre: Option<String>,
    /// `narrative`, else `description`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub narrative: Option<String>,
    /// `id`, as a link.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<SafeUrl>,
}

/// A date as written and in words.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Moment {
    /// As the credential writes it.
    pub value: String,
    /// For people: "1 May 2024".
    pub text: String,
}

/// When, and for how long.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Dates {
    /// `validFrom` (or VCDM 1.1 `issuanceDate`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub issued: Option<Moment>,
    /// `awardedDate`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub awarded: Option<Moment>,
    /// `validUntil` (or `expirationDate`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub valid_until: Option<Moment>,
    /// The subject's `activityStartDate`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub activity_start: Option<Moment>,
    /// The subject's `activityEndDate`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub activity_end: Option<Moment>,
    /// The subject's `term`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub term: Option<String>,
    /// The current standing: "current", "expired", "not yet valid", "revoked",
    /// "suspended", "status unknown".
    pub standing: String,
}

/// An endorsement.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct EndorsementView {
    /// What is endorsed: "the credential", "the issuer", "the achievement".
    pub of: String,
    /// Who endorses.
    pub endorser: Party,
    /// `endorsementComment`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
    /// Whether the endorsement itself verified.
    pub verified: bool,
}

/// An achievement of a CLR and those under it (by `isChildOf`, `isPartOf`, `isParentOf`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct TreeNode {
    /// The achievement's name.
    pub name: String,
    /// The achievement's `id`.
    pub id: String,
    /// How it relates to its parent ("is part of", "is child of"), for a child.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub relation: Option<String>,
    /// Achievements under it.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub children: Vec<TreeNode>,
}

/// An association that is not parent and child.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Relation {
    /// The source achievement's name.
    pub source: String,
    /// The association in words: "precedes", "is a peer of".
    pub kind: String,
    /// The target achievement's name.
    pub target: String,
}
