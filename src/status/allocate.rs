//! Random allocation of status list indexes (herd privacy).

use rand_core::{OsRng, RngCore};

use super::StatusError;

/// Hands out the indexes of a status list in random order, each once.
///
/// The spec recommends random assignment so that an index reveals nothing about issuance
/// order. Already-used indexes (from a database) can be marked taken.
///
/// ```
/// use openbadges::status::IndexAllocator;
///
/// let mut alloc = IndexAllocator::new(131_072);
/// alloc.mark_used(&[5, 6]);
/// let a = alloc.allocate()?;
/// let b = alloc.allocate()?;
/// assert_ne!(a, b);
/// assert!(![5, 6].contains(&a));
/// assert_eq!(alloc.remaining(), 131_072 - 4);
/// # Ok::<(), openbadges::status::StatusError>(())
/// ```
#[derive(Clone, Debug)]
pub struct IndexAllocator {
    free: Vec<u32>,
}

impl IndexAllocator {
    /// An allocator over indexes `0..len` (at most `u32::MAX` entries).
    pub fn new(len: u32) -> Self {
        IndexAllocator {
            free: (0..len).collect(),
        }
    }

    /// Marks indexes as already used; unknown or repeated ones are ignored.
    pub fn mark_used(&mut self, used: &[u32]) {
        let used: std::collections::BTreeSet<u32> = used.iter().copied().collect();
        self.free.retain(|i| !used.contains(i));
    }

    /// How many indexes are left.
    pub fn remaining(&self) -> usize {
        self.free.len()
    }

    /// A random index not handed out before.
    ///
    /// # Errors
    /// [`StatusError::Exhausted`] when every index is taken.
    pub fn allocate(&mut self) -> Result<u32, StatusError> {
        if self.free.is_empty() {
            return Err(StatusError::Exhausted);
        }
        // Rejection sampling: an unbiased position in 0..len.
        let len = self.free.len() as u64;
        let zone = u64::MAX - u64::MAX % len;
        let position = loop {
            let r = OsRng.next_u64();
            if r < zone {
                break (r % len) as usize;
            }
        };
        Ok(self.free.swap_remove(position))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hands_out_every_index_once() {
        let mut alloc = IndexAllocator::new(100);
        let mut seen: Vec<u32> = (0..100).map(|_| alloc.allocate().unwrap()).collect();
        seen.sort_unstable();
        assert_eq!(seen, (0..100).collect::<Vec<_>>());
        assert_eq!(alloc.allocate(), Err(StatusError::Exhausted));
    }
}
