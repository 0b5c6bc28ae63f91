//! Credential status: the W3C Bitstring Status List (revocation, suspension, multi-bit status
//! messages), on the issuing side (create lists, set and clear entries, allocate indexes) and on
//! the checking side (decode a list credential's `encodedList` and read an entry).
//!
//! The verifier fetches the status list credential through its fetcher, verifies it like any
//! other credential (same issuer, valid proof and dates), then calls [`check_entry`].
//!
//! ```
//! use openbadges::status::{BitstringStatusList, StatusPurpose};
//!
//! let mut list = BitstringStatusList::new(131_072, 1)?;
//! list.set(23, 1)?;
//! let encoded = list.encode();
//! assert!(encoded.starts_with('u'));
//! let decoded = BitstringStatusList::decode(&encoded, 1)?;
//! assert_eq!(decoded.get(23)?, 1);
//! assert_eq!(decoded.get(24)?, 0);
//! # Ok::<(), openbadges::status::StatusError>(())
//! ```

mod allocate;
mod bitstring;
mod entry;

pub use allocate::IndexAllocator;
pub use bitstring::{BitstringStatusList, MAX_DECODED_BYTES, MIN_ENTRIES_BITS};
pub use entry::{
    StatusCheck, StatusEntry, StatusMessage, StatusPurpose, check_entry, check_entry_with,
    status_list_credential,
};

/// Finding codes of the status checks.
pub mod codes {
    /// The credential is revoked (revocation bit set).
    pub const REVOKED: &str = "status.revoked";
    /// The credential is suspended (suspension bit set).
    pub const SUSPENDED: &str = "status.suspended";
    /// A multi-bit `message` status with a non-zero value.
    pub const MESSAGE: &str = "status.message";
    /// The status entry is malformed (missing or ill-typed members).
    pub const ENTRY_INVALID: &str = "status.entry_invalid";
    /// The status list credential is malformed (subject, `encodedList`).
    pub const LIST_INVALID: &str = "status.list_invalid";
    /// The entry's `statusPurpose` is not one the list declares.
    pub const PURPOSE_MISMATCH: &str = "status.purpose_mismatch";
    /// The entry's index lies outside the list.
    pub const INDEX_OUT_OF_RANGE: &str = "status.index_out_of_range";
    /// The status list is shorter than the 131,072 entries the spec requires (herd privacy).
    pub const LIST_TOO_SHORT: &str = "status.list_too_short";
}

/// Why a status list operation could not run.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum StatusError {
    /// `statusSize` must be between 1 and 32 bits.
    #[error("statusSize {size} is not supported (1 to 32 bits)")]
    StatusSize {
        /// The requested size.
        size: u32,
    },
    /// An index beyond the end of the list.
    #[error("index {index} is outside the list of {len} entries")]
    IndexOutOfRange {
        /// The index asked for.
        index: u64,
        /// Number of entries in the list.
        len: u64,
    },
    /// A value that does not fit in `statusSize` bits.
    #[error("value {value} does not fit in {size} bits")]
    ValueTooLarge {
        /// The value.
        value: u32,
        /// The status size in bits.
        size: u32,
    },
    /// `encodedList` is not multibase base64url (`u` prefix, no padding).
    #[error("encodedList is not multibase base64url: {reason}")]
    Encoding {
        /// What is wrong.
        reason: &'static str,
    },
    /// `encodedList` does not decompress as GZIP.
    #[error("encodedList is not valid GZIP data")]
    Gzip,
    /// The decompressed list exceeds [`MAX_DECODED_BYTES`] (a compression bomb).
    #[error("the decompressed status list exceeds {limit} bytes")]
    TooLarge {
        /// The limit in force.
        limit: usize,
    },
    /// The list length is not a whole number of entries or is empty.
    #[error("a list of {bits} bits does not hold whole entries of {size} bits")]
    Length {
        /// Bits in the list.
        bits: u64,
        /// Bits per entry.
        size: u32,
    },
    /// Every index of the allocator has been handed out.
    #[error("every index of the status list has been allocated")]
    Exhausted,
}
