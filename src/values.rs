//! Value types shared by the model: one-or-many, IRIs, dates, language-tagged strings.
//!
//! Each type keeps what it received so that a typed round trip reproduces the JSON:
//! [`OneOrMany`] remembers whether a value came as a bare item or as an array, the date
//! types keep their exact spelling, and [`LangString`] keeps a language map as received.
//!
//! ```
//! use openbadges::values::{DateTimeZ, Iri, OneOrMany};
//!
//! let one: OneOrMany<String> = serde_json::from_str(r#""Achievement""#)?;
//! let many: OneOrMany<String> = serde_json::from_str(r#"["Achievement"]"#)?;
//! assert_eq!(serde_json::to_string(&one)?, r#""Achievement""#);
//! assert_eq!(serde_json::to_string(&many)?, r#"["Achievement"]"#);
//! assert!(one.contains(&"Achievement".to_string()));
//!
//! let when: DateTimeZ = "2024-01-15T09:00:00.50+01:00".parse()?;
//! assert_eq!(when.as_str(), "2024-01-15T09:00:00.50+01:00");
//! assert!("2024-01-15T09:00:00".parse::<DateTimeZ>().is_err()); // no zone
//!
//! assert!(Iri::parse("urn:uuid:a1b2").is_ok());
//! assert!(Iri::parse("/relative/path").is_err());
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod datetime;
mod iri;
mod lang;
mod one_or_many;

pub use datetime::{Date, DateTime, DateTimeError, DateTimeZ};
pub use iri::{Iri, IriError, Uri};
pub use lang::LangString;
pub use one_or_many::OneOrMany;
