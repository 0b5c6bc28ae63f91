//! The verifier-wide cache of verified status lists: a status list credential shared by
//! thousands of credentials is verified (canonicalized, signature checked) and its bitstring
//! decoded once, not once per credential.
//!
//! An entry is keyed by what its report depends on:
//! - the list's URL and the SHA-256 digest of the fetched bytes (a changed body is a new key,
//!   so it is verified afresh);
//! - the nesting depth it was verified at (the depth limit applies inside it);
//! - the *time class* of the verification instant: for every date-time string in the list
//!   credential (`validFrom`, `validUntil`, a proof's `created` / `expires`, ...), on which
//!   side of it, of it minus the leeway and of it plus the leeway the instant lies. Two
//!   instants of one class compare alike with every date in the list, so every time-dependent
//!   check of the list gives the same answer at both. An instant past `validUntil` is another
//!   class: the expiry is reported even when the list was cached valid earlier.
//!
//! A report with a finding whose message names the instant (`validity.expired`,
//! `validity.not_yet_valid`) is reused only at that same instant. Only lists fetched as JSON
//! documents are cached (a JWT-secured list is decoded and checked in the fetch itself). The
//! cache holds at most [`CAPACITY`] lists (the oldest is dropped first) and is emptied when
//! the verifier's policy, fetcher or validator is replaced.

use std::cmp::Ordering;
use std::collections::{BTreeMap, VecDeque};
use std::sync::{Arc, Mutex};

use chrono::{DateTime, TimeDelta, Utc};
use serde_json::Value;
use sha2::{Digest, Sha256};

use super::codes;
use super::outcome::VerificationReport;
use super::validity::parse_date;
use crate::status::{BitstringStatusList, StatusError};

/// Most status lists kept.
pub(super) const CAPACITY: usize = 64;
/// Most date-time strings looked at in one list credential (the class is then coarser:
/// the entry is reused only at the same instant).
const MAX_DATES: usize = 64;
/// Longest string taken for a date.
const MAX_DATE_LEN: usize = 64;
/// Deepest nesting searched for dates.
const MAX_DEPTH: usize = 16;
/// Most decoded bitstrings kept per list (one per `statusSize` seen).
const MAX_DECODED: usize = 8;

/// What a cached report depends on.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(super) struct Key {
    url: String,
    digest: [u8; 32],
    depth: usize,
    class: TimeClass,
}

/// How an instant compares with every date of a document (see the module docs).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum TimeClass {
    /// One `Ordering` triple per date, in document order.
    Sides(Vec<[Ordering; 3]>),
    /// Too many dates to classify: this exact instant only.
    Instant(DateTime<Utc>),
}

impl Key {
    /// The key of the list fetched from `url` as `bytes` (parsed as `list`), verified at
    /// `depth` as of `now` with `leeway`.
    pub(super) fn new(
        url: &str,
        bytes_digest: [u8; 32],
        list: &Value,
        depth: usize,
        now: DateTime<Utc>,
        leeway: std::time::Duration,
    ) -> Self {
        Key {
            url: url.to_owned(),
            digest: bytes_digest,
            depth,
            class: time_class(list, now, leeway),
        }
    }
}

/// The SHA-256 digest of fetched bytes.
pub(super) fn digest(bytes: &[u8]) -> [u8; 32] {
    Sha256::digest(bytes).into()
}

fn time_class(list: &Value, now: DateTime<Utc>, leeway: std::time::Duration) -> TimeClass {
    let mut dates = Vec::new();
    if !collect_dates(list, 0, &mut dates) {
        return TimeClass::Instant(now);
    }
    let leeway = TimeDelta::from_std(leeway).unwrap_or(TimeDelta::MAX);
    let early = now
        .checked_sub_signed(leeway)
        .unwrap_or(DateTime::<Utc>::MIN_UTC);
    let late = now
        .checked_add_signed(leeway)
        .unwrap_or(DateTime::<Utc>::MAX_UTC);
    TimeClass::Sides(
        dates
            .into_iter()
            .map(|date| [early.cmp(&date), now.cmp(&date), late.cmp(&date)])
            .collect(),
    )
}

/// Collects the date-time strings in `value`; false when there are too many to classify.
fn collect_dates(value: &Value, depth: usize, out: &mut Vec<DateTime<Utc>>) -> bool {
    match value {
        Value::String(text) if text.len() <= MAX_DATE_LEN => {
            if let Some((date, _)) = parse_date(text) {
                if out.len() == MAX_DATES {
                    return false;
                }
                out.push(date);
            }
            true
        }
        Value::Array(items) if depth < MAX_DEPTH => {
            items.iter().all(|v| collect_dates(v, depth + 1, out))
        }
        Value::Object(members) if depth < MAX_DEPTH => {
            members.values().all(|v| collect_dates(v, depth + 1, out))
        }
        Value::Array(_) | Value::Object(_) => false,
        _ => true,
    }
}

/// A decoded bitstring, or why it could not be decoded.
pub(super) type Decoded = Result<Arc<BitstringStatusList>, StatusError>;

/// One verified list.
#[derive(Debug)]
pub(super) struct Entry {
    /// The list credential's report, as verified.
    pub(super) report: VerificationReport,
    /// Set when the report names the instant it was made at: reused at that instant only.
    pinned: Option<DateTime<Utc>>,
    /// Decoded bitstrings by `statusSize`.
    decoded: Mutex<BTreeMap<u32, Decoded>>,
}

impl Entry {
    /// The bitstring `encoded` decoded with `status_size` bits per entry, decoded once.
    pub(super) fn decode(&self, encoded: &str, status_size: u32) -> Decoded {
        if let Ok(decoded) = self.decoded.lock()
            && let Some(hit) = decoded.get(&status_size)
        {
            return hit.clone();
        }
        let result = BitstringStatusList::decode(encoded, status_size).map(Arc::new);
        if let Ok(mut decoded) = self.decoded.lock()
            && decoded.len() < MAX_DECODED
        {
            decoded.insert(status_size, result.clone());
        }
        result
    }
}

/// The cache: thread-safe, bounded, shared by the clones of one verifier.
#[derive(Debug, Default)]
pub(super) struct ListCache {
    inner: Mutex<Lists>,
}

#[derive(Debug, Default)]
struct Lists {
    entries: BTreeMap<Key, Arc<Entry>>,
    /// Keys in insertion order, for eviction.
    order: VecDeque<Key>,
}

impl ListCache {
    /// The entry for `key`, usable at `now`.
    pub(super) fn get(&self, key: &Key, now: DateTime<Utc>) -> Option<Arc<Entry>> {
        let lists = self.inner.lock().ok()?;
        let entry = lists.entries.get(key)?;
        match entry.pinned {
            Some(at) if at != now => None,
            _ => Some(Arc::clone(entry)),
        }
    }

    /// Keeps `report`, verified at `now`, under `key`; returns the entry (kept or not).
    pub(super) fn insert(
        &self,
        key: Key,
        report: VerificationReport,
        now: DateTime<Utc>,
    ) -> Arc<Entry> {
        let names_instant = report.all_findings().iter().any(|(_, f)| {
            f.code == codes::VALIDITY_EXPIRED || f.code == codes::VALIDITY_NOT_YET_VALID
        });
        let entry = Arc::new(Entry {
            report,
            pinned: names_instant.then_some(now),
            decoded: Mutex::new(BTreeMap::new()),
        });
        if let Ok(mut lists) = self.inner.lock() {
            if lists
                .entries
                .insert(key.clone(), Arc::clone(&entry))
                .is_none()
            {
                lists.order.push_back(key);
            }
            while lists.order.len() > CAPACITY {
                if let Some(oldest) = lists.order.pop_front() {
                    lists.entries.remove(&oldest);
                }
            }
        }
        entry
    }

    /// How many lists are kept.
    #[cfg(test)]
    pub(super) fn len(&self) -> usize {
        self.inner.lock().map_or(0, |l| l.entries.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::JsonPath;
    use crate::verify::outcome::{DocumentKind, Role};
    use serde_json::json;

    fn at(text: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(text)
            .unwrap()
            .with_timezone(&Utc)
    }

    fn report() -> VerificationReport {
        VerificationReport::new(DocumentKind::StatusList, Role::StatusList, JsonPath::root())
    }

    #[test]
    fn the_time_class_changes_only_across_a_date() {
        let list = json!({"validFrom": "2025-01-01T00:00:00Z", "validUntil": "2025-12-31T00:00:00Z",
            "proof": {"created": "2025-01-01T00:00:00Z"}, "encodedList": "H4sI"});
        let leeway = std::time::Duration::from_secs(300);
        let key = |now| Key::new("u", [0; 32], &list, 1, at(now), leeway);
        assert_eq!(key("2025-03-01T00:00:00Z"), key("2025-09-01T12:34:56Z"));
        assert_ne!(key("2025-03-01T00:00:00Z"), key("2026-01-01T00:00:00Z"));
        // Within the leeway of validUntil is its own class.
        assert_ne!(key("2025-03-01T00:00:00Z"), key("2025-12-31T00:01:00Z"));
        assert_ne!(
            Key::new("u", [0; 32], &list, 1, at("2025-03-01T00:00:00Z"), leeway),
            Key::new("u", [1; 32], &list, 1, at("2025-03-01T00:00:00Z"), leeway)
        );
    }

    #[test]
    fn too_many_dates_pin_the_instant() {
        let dates: Vec<Value> = (0..=MAX_DATES)
            .map(|_| json!("2025-01-01T00:00:00Z"))
            .collect();
        let list = json!({ "dates": dates });
        let leeway = std::time::Duration::ZERO;
        let key = |now| Key::new("u", [0; 32], &list, 1, at(now), leeway);
        assert_ne!(key("2025-03-01T00:00:00Z"), key("2025-03-01T00:00:01Z"));
    }

    #[test]
    fn bounded_and_pinned() {
        let cache = ListCache::default();
        let now = at("2025-03-01T00:00:00Z");
        let list = json!({});
        for i in 0..CAPACITY + 5 {
            let key = Key::new(&format!("u{i}"), [0; 32], &list, 1, now, Default::default());
            cache.insert(key, report(), now);
        }
        assert_eq!(cache.len(), CAPACITY);
        let first = Key::new("u0", [0; 32], &list, 1, now, Default::default());
        assert!(cache.get(&first, now).is_none());
        let mut expired = report();
        expired.findings.push(crate::report::Finding::error(
            codes::VALIDITY_EXPIRED,
            JsonPath::root().key("validUntil"),
            "expired",
        ));
        let key = Key::new("x", [0; 32], &list, 1, now, Default::default());
        cache.insert(key.clone(), expired, now);
        assert!(cache.get(&key, now).is_some());
        assert!(cache.get(&key, now + TimeDelta::seconds(1)).is_none());
    }
}
