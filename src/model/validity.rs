//! Validity period accessors that read VCDM 2.0 and legacy VCDM 1.1 members alike.

use chrono::Utc;

use super::clr::ClrCredential;
use super::credential::{AchievementCredential, EndorsementCredential};

macro_rules! validity {
    ($($class:ident),+) => {
        $(
            impl $class {
                /// Start of validity: `validFrom`, else the legacy `issuanceDate` (a zoneless
                /// legacy date is read as UTC). `None` when neither is present.
                pub fn valid_from_utc(&self) -> Option<chrono::DateTime<Utc>> {
                    match (&self.valid_from, &self.issuance_date) {
                        (Some(from), _) => Some(from.to_utc()),
                        (None, Some(issued)) => Some(issued.to_utc_assuming_utc()),
                        (None, None) => None,
                    }
                }

                /// End of validity: `validUntil`, else the legacy `expirationDate` (a zoneless
                /// legacy date is read as UTC). `None` when the credential does not expire.
                pub fn valid_until_utc(&self) -> Option<chrono::DateTime<Utc>> {
                    match (&self.valid_until, &self.expiration_date) {
                        (Some(until), _) => Some(until.to_utc()),
                        (None, Some(expires)) => Some(expires.to_utc_assuming_utc()),
                        (None, None) => None,
                    }
                }
            }
        )+
    };
}

validity!(AchievementCredential, EndorsementCredential, ClrCredential);
