//! Date and date-time values that keep their received spelling.
//!
//! [`DateTimeZ`] is `xsd:dateTimeStamp` (VCDM 2.0 `validFrom`, `validUntil`, OB
//! `awardedDate`): the zone is required. [`DateTime`] is `xsd:dateTime` with an optional
//! zone (VCDM 1.1 `issuanceDate`, `expirationDate`). [`Date`] is `xsd:date`.
//!
//! The accepted lexical form is the RFC 3339 profile of the XSD types: a four-digit year,
//! an upper-case `T`, seconds always present, an optional fraction, and a zone `Z` or
//! `±hh:mm` (at most 14:00). Each value keeps its exact text, so a round trip writes back
//! what was read (`.50` stays `.50`, `+00:00` stays `+00:00`).

use std::cmp::Ordering;
use std::fmt;
use std::str::FromStr;

use chrono::{FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, SecondsFormat, TimeZone, Utc};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Why a date or date-time was refused.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum DateTimeError {
    /// The text does not have the expected lexical form.
    #[error("\"{text}\" is not {expected}")]
    Syntax {
        /// The refused text.
        text: String,
        /// What was expected, for example `an RFC 3339 date-time`.
        expected: &'static str,
    },
    /// A component is out of range (month 13, hour 25, February 30, offset +15:00...).
    #[error("\"{text}\" has an out-of-range {component}")]
    OutOfRange {
        /// The refused text.
        text: String,
        /// The offending component (`date`, `time`, `offset`).
        component: &'static str,
    },
    /// A date-time stamp without a zone (`Z` or `±hh:mm`).
    #[error("\"{text}\" has no time zone; xsd:dateTimeStamp requires `Z` or `±hh:mm`")]
    MissingZone {
        /// The refused text.
        text: String,
    },
}

/// A tiny cursor over ASCII digits and separators.
struct Lexer<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl<'a> Lexer<'a> {
    fn new(text: &'a str) -> Self {
        Lexer {
            bytes: text.as_bytes(),
            pos: 0,
        }
    }

    fn digits(&mut self, n: usize) -> Option<u32> {
        let end = self.pos.checked_add(n)?;
        let slice = self.bytes.get(self.pos..end)?;
        let mut value = 0u32;
        for &b in slice {
            if !b.is_ascii_digit() {
                return None;
            }
            value = value * 10 + u32::from(b - b'0');
        }
        self.pos = end;
        Some(value)
    }

    fn eat(&mut self, byte: u8) -> bool {
        if self.bytes.get(self.pos) == Some(&byte) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    fn at_end(&self) -> bool {
        self.pos == self.bytes.len()
    }
}

fn syntax(text: &str, expected: &'static str) -> DateTimeError {
    DateTimeError::Syntax {
        text: text.to_string(),
        expected,
    }
}

fn out_of_range(text: &str, component: &'static str) -> DateTimeError {
    DateTimeError::OutOfRange {
        text: text.to_string(),
        component,
    }
}

fn lex_date(
    lx: &mut Lexer<'_>,
    text: &str,
    expected: &'static str,
) -> Result<NaiveDate, DateTimeError> {
    let year = lx.digits(4).ok_or_else(|| syntax(text, expected))?;
    let month =
        (lx.eat(b'-').then(|| lx.digits(2)).flatten()).ok_or_else(|| syntax(text, expected))?;
    let day =
        (lx.eat(b'-').then(|| lx.digits(2)).flatten()).ok_or_else(|| syntax(text, expected))?;
    let year = i32::try_from(year).map_err(|_| out_of_range(text, "date"))?;
    NaiveDate::from_ymd_opt(year, month, day).ok_or_else(|| out_of_range(text, "date"))
}

fn lex_time(
    lx: &mut Lexer<'_>,
    text: &str,
    expected: &'static str,
) -> Result<NaiveTime, DateTimeError> {
    let hour = lx.digits(2).ok_or_else(|| syntax(text, expected))?;
    let minute =
        (lx.eat(b':').then(|| lx.digits(2)).flatten()).ok_or_else(|| syntax(text, expected))?;
    let second =
        (lx.eat(b':').then(|| lx.digits(2)).flatten()).ok_or_else(|| syntax(text, expected))?;
    let mut nanos = 0u32;
    if lx.eat(b'.') {
        let start = lx.pos;
        let mut scale = 100_000_000u32;
        while let Some(b) = lx.peek().filter(u8::is_ascii_digit) {
            nanos += u32::from(b - b'0') * scale;
            scale /= 10;
            lx.pos += 1;
        }
        if lx.pos == start {
            return Err(syntax(text, expected));
        }
    }
    if second > 59 {
        return Err(out_of_range(text, "time"));
    }
    NaiveTime::from_hms_nano_opt(hour, minute, second, nanos)
        .ok_or_else(|| out_of_range(text, "time"))
}

/// Parses an optional zone; `Ok(None)` when the text ends without one.
fn lex_zone(
    lx: &mut Lexer<'_>,
    text: &str,
    expected: &'static str,
) -> Result<Option<FixedOffset>, DateTimeError> {
    if lx.at_end() {
        return Ok(None);
    }
    if lx.eat(b'Z') {
        return Ok(FixedOffset::east_opt(0));
    }
    let sign = match lx.peek() {
        Some(b'+') => 1,
        Some(b'-') => -1,
        _ => return Err(syntax(text, expected)),
    };
    lx.pos += 1;
    let hours = lx.digits(2).ok_or_else(|| syntax(text, expected))?;
    let minutes =
        (lx.eat(b':').then(|| lx.digits(2)).flatten()).ok_or_else(|| syntax(text, expected))?;
    if minutes > 59 || hours * 60 + minutes > 14 * 60 {
        return Err(out_of_range(text, "offset"));
    }
    let seconds =
        i32::try_from((hours * 60 + minutes) * 60).map_err(|_| out_of_range(text, "offset"))?;
    FixedOffset::east_opt(sign * seconds)
        .map(Some)
        .ok_or_else(|| out_of_range(text, "offset"))
}

const DATE_TIME: &str = "an RFC 3339 date-time (YYYY-MM-DDThh:mm:ss[.f][Z|±hh:mm])";
const DATE: &str = "a date (YYYY-MM-DD[Z|±hh:mm])";

fn parse_date_time(text: &str) -> Result<(NaiveDateTime, Option<FixedOffset>), DateTimeError> {
    let mut lx = Lexer::new(text);
    let date = lex_date(&mut lx, text, DATE_TIME)?;
    if !lx.eat(b'T') {
        return Err(syntax(text, DATE_TIME));
    }
    let time = lex_time(&mut lx, text, DATE_TIME)?;
    let zone = lex_zone(&mut lx, text, DATE_TIME)?;
    if !lx.at_end() {
        return Err(syntax(text, DATE_TIME));
    }
    Ok((date.and_time(time), zone))
}

macro_rules! spelled {
    ($name:ident) => {
        impl $name {
            /// The exact text it was parsed from (or formatted as).
            pub fn as_str(&self) -> &str {
                &self.text
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.text)
            }
        }

        impl PartialEq for $name {
            /// Equal when spelled the same (compare instants with the accessors).
            fn eq(&self, other: &Self) -> bool {
                self.text == other.text
            }
        }

        impl Eq for $name {}

        impl std::hash::Hash for $name {
            fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
                self.text.hash(state);
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(&self.text)
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let text = std::borrow::Cow::<'de, str>::deserialize(deserializer)?;
                text.parse().map_err(serde::de::Error::custom)
            }
        }

        impl TryFrom<&str> for $name {
            type Error = DateTimeError;
            fn try_from(text: &str) -> Result<Self, DateTimeError> {
                text.parse()
            }
        }
    };
}

/// An `xsd:dateTimeStamp`: an RFC 3339 date-time that carries a zone.
///
/// ```
/// use openbadges::values::DateTimeZ;
///
/// let a: DateTimeZ = "2024-01-15T10:00:00+01:00".parse()?;
/// let b: DateTimeZ = "2024-01-15T09:00:00Z".parse()?;
/// assert_ne!(a, b); // spelled differently...
/// assert_eq!(a.to_utc(), b.to_utc()); // ...the same instant
/// assert!("2024-01-15T09:00:00".parse::<DateTimeZ>().is_err());
/// # Ok::<(), openbadges::values::DateTimeError>(())
/// ```
#[derive(Clone, Debug)]
pub struct DateTimeZ {
    text: String,
    value: chrono::DateTime<FixedOffset>,
}

spelled!(DateTimeZ);

impl DateTimeZ {
    /// The date-time with its offset.
    pub fn to_chrono(&self) -> chrono::DateTime<FixedOffset> {
        self.value
    }

    /// The instant in UTC.
    pub fn to_utc(&self) -> chrono::DateTime<Utc> {
        self.value.with_timezone(&Utc)
    }

    /// Formats an instant in UTC, with `Z` and without fractional seconds when there are none.
    pub fn from_utc(instant: chrono::DateTime<Utc>) -> Self {
        let text = instant.to_rfc3339_opts(SecondsFormat::AutoSi, true);
        DateTimeZ {
            text,
            value: instant.fixed_offset(),
        }
    }

    /// The current instant (UTC, whole seconds).
    pub fn now() -> Self {
        let now = Utc::now();
        let whole = now.timestamp();
        Self::from_utc(Utc.timestamp_opt(whole, 0).single().unwrap_or(now))
    }

    /// Compares the instants, ignoring spelling.
    pub fn cmp_instant(&self, other: &Self) -> Ordering {
        self.value.cmp(&other.value)
    }
}

impl FromStr for DateTimeZ {
    type Err = DateTimeError;
    fn from_str(text: &str) -> Result<Self, DateTimeError> {
        let (naive, zone) = parse_date_time(text)?;
        let offset = zone.ok_or_else(|| DateTimeError::MissingZone {
            text: text.to_string(),
        })?;
        let value = offset
            .from_local_datetime(&naive)
            .single()
            .ok_or_else(|| out_of_range(text, "date"))?;
        Ok(DateTimeZ {
            text: text.to_string(),
            value,
        })
    }
}

/// An `xsd:dateTime`: an RFC 3339 date-time whose zone is optional (VCDM 1.1 dates).
///
/// ```
/// use openbadges::values::DateTime;
///
/// let local: DateTime = "2022-07-01T00:00:00".parse()?;
/// assert!(local.offset().is_none());
/// let zoned: DateTime = "2022-07-01T00:00:00Z".parse()?;
/// assert!(zoned.to_utc().is_some());
/// # Ok::<(), openbadges::values::DateTimeError>(())
/// ```
#[derive(Clone, Debug)]
pub struct DateTime {
    text: String,
    naive: NaiveDateTime,
    offset: Option<FixedOffset>,
}

spelled!(DateTime);

impl DateTime {
    /// The date and time as written, without the zone.
    pub fn naive(&self) -> NaiveDateTime {
        self.naive
    }

    /// The zone, if one was given.
    pub fn offset(&self) -> Option<FixedOffset> {
        self.offset
    }

    /// The instant in UTC, when a zone was given.
    pub fn to_utc(&self) -> Option<chrono::DateTime<Utc>> {
        let offset = self.offset?;
        offset
            .from_local_datetime(&self.naive)
            .single()
            .map(|dt| dt.with_timezone(&Utc))
    }

    /// The instant in UTC, reading a zoneless value as UTC (what verifiers commonly do).
    pub fn to_utc_assuming_utc(&self) -> chrono::DateTime<Utc> {
        self.to_utc().unwrap_or_else(|| self.naive.and_utc())
    }
}

impl FromStr for DateTime {
    type Err = DateTimeError;
    fn from_str(text: &str) -> Result<Self, DateTimeError> {
        let (naive, offset) = parse_date_time(text)?;
        Ok(DateTime {
            text: text.to_string(),
            naive,
            offset,
        })
    }
}

impl From<DateTimeZ> for DateTime {
    fn from(value: DateTimeZ) -> Self {
        DateTime {
            naive: value.value.naive_local(),
            offset: Some(*value.value.offset()),
            text: value.text,
        }
    }
}

/// An `xsd:date`: `YYYY-MM-DD` with an optional zone (for example `dateOfBirth`).
///
/// ```
/// use openbadges::values::Date;
///
/// let birthday: Date = "1990-02-28".parse()?;
/// assert_eq!(birthday.date().to_string(), "1990-02-28");
/// assert!("1990-02-30".parse::<Date>().is_err());
/// # Ok::<(), openbadges::values::DateTimeError>(())
/// ```
#[derive(Clone, Debug)]
pub struct Date {
    text: String,
    date: NaiveDate,
    offset: Option<FixedOffset>,
}

spelled!(Date);

impl Date {
    /// The calendar date.
    pub fn date(&self) -> NaiveDate {
        self.date
    }

    /// The zone, if one was given.
    pub fn offset(&self) -> Option<FixedOffset> {
        self.offset
    }
}

impl FromStr for Date {
    type Err = DateTimeError;
    fn from_str(text: &str) -> Result<Self, DateTimeError> {
        let mut lx = Lexer::new(text);
        let date = lex_date(&mut lx, text, DATE)?;
        let offset = lex_zone(&mut lx, text, DATE)?;
        if !lx.at_end() {
            return Err(syntax(text, DATE));
        }
        Ok(Date {
            text: text.to_string(),
            date,
            offset,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stamps() {
        for ok in [
            "2024-01-15T09:00:00Z",
            "2024-01-15T09:00:00.123456789Z",
            "2024-01-15T09:00:00.1234567891+14:00",
            "2024-02-29T23:59:59-05:30",
        ] {
            let dt: DateTimeZ = ok.parse().unwrap();
            assert_eq!(dt.as_str(), ok);
        }
        for (bad, what) in [
            ("2024-01-15T09:00:00", "zone"),
            ("2024-01-15 09:00:00Z", "syntax"),
            ("2024-01-15t09:00:00Z", "syntax"),
            ("2024-01-15T09:00Z", "syntax"),
            ("2024-13-15T09:00:00Z", "range"),
            ("2023-02-29T09:00:00Z", "range"),
            ("2024-01-15T24:00:00Z", "range"),
            ("2024-01-15T09:00:60Z", "range"),
            ("2024-01-15T09:00:00+15:00", "range"),
            ("2024-01-15T09:00:00.Z", "syntax"),
            ("2024-01-15T09:00:00Zjunk", "syntax"),
            ("", "syntax"),
            ("２024-01-15T09:00:00Z", "syntax"),
        ] {
            let err = bad.parse::<DateTimeZ>().unwrap_err();
            let kind = match err {
                DateTimeError::MissingZone { .. } => "zone",
                DateTimeError::Syntax { .. } => "syntax",
                DateTimeError::OutOfRange { .. } => "range",
            };
            assert_eq!(kind, what, "{bad}: {err}");
        }
    }

    #[test]
    fn legacy_and_dates() {
        let dt: DateTime = "2010-01-01T00:00:00".parse().unwrap();
        assert_eq!(dt.to_utc(), None);
        assert_eq!(dt.to_utc_assuming_utc().timestamp(), 1_262_304_000);
        let d: Date = "2000-01-01-05:00".parse().unwrap();
        assert!(d.offset().is_some());
        assert!("2000-1-01".parse::<Date>().is_err());
    }

    #[test]
    fn from_utc_formats_with_z() {
        let dt = DateTimeZ::from_utc(Utc.timestamp_opt(0, 0).unwrap());
        assert_eq!(dt.as_str(), "1970-01-01T00:00:00Z");
        assert_eq!(DateTimeZ::now().as_str().len(), 20);
    }
}
