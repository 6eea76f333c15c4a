//! [`PartCache`]: which parts of an index (a split index's buckets and
//! doc shards, any index's meaning shards) stay in memory. Parts are
//! kept up to a byte budget; beyond it the least recently used are
//! dropped, never one the latest search used.

/// Bytes of index parts (as fetched) an engine keeps by default:
/// enough for the parts of many queries (one needs a few buckets and shards,
/// a few hundred KB at most), small enough that a long visit over a 50k
/// document index stays within a few MB of memory.
pub const PART_CACHE_BYTES: usize = 1 << 20;

/// Which added parts are in memory, how big, and when a search last used
/// them. Parts are numbered buckets first, then doc shards, then meaning
/// shards.
#[derive(Debug, Default)]
pub(super) struct PartCache {
    /// Per part: the search that last used it.
    used: Vec<u32>,
    /// Per part: its size as added (0 when not loaded or not evictable).
    bytes: Vec<u32>,
    /// Sum of `bytes`.
    total: usize,
    /// Most `total` before parts are dropped.
    pub(super) budget: usize,
    /// Searches so far.
    clock: u32,
}

impl PartCache {
    pub(super) fn new(parts: usize) -> Self {
        PartCache {
            used: vec![0; parts],
            bytes: vec![0; parts],
            budget: PART_CACHE_BYTES,
            ..PartCache::default()
        }
    }

    /// A new search starts.
    pub(super) fn tick(&mut self) {
        self.clock = self.clock.wrapping_add(1);
    }

    /// The current search uses `part`.
    pub(super) fn touch(&mut self, part: usize) {
        if let Some(u) = self.used.get_mut(part) {
            *u = self.clock;
        }
    }

    /// Bytes of parts in memory.
    pub(super) fn total(&self) -> usize {
        self.total
    }

    /// Records `part`, `len` bytes, as added and used now; returns the parts
    /// to drop to fit the budget.
    pub(super) fn added(&mut self, part: usize, len: usize) -> Vec<usize> {
        self.total -= self.bytes[part] as usize;
        self.bytes[part] = len.min(u32::MAX as usize) as u32;
        self.total += self.bytes[part] as usize;
        self.touch(part);
        self.evictions()
    }

    /// Parts to drop, least recently used first, to fit the budget; never
    /// one used by the latest search (whose query is being answered).
    fn evictions(&mut self) -> Vec<usize> {
        let mut out = Vec::new();
        while self.total > self.budget {
            let now = self.clock;
            let oldest = (0..self.bytes.len())
                .filter(|&p| self.bytes[p] > 0 && self.used[p] < now)
                .min_by_key(|&p| self.used[p]);
            let Some(p) = oldest else { break };
            self.total -= self.bytes[p] as usize;
            self.bytes[p] = 0;
            out.push(p);
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_least_recently_used_part_goes_first_but_never_one_in_use() {
        let mut cache = PartCache::new(3);
        cache.budget = 100;
        cache.tick();
        assert!(cache.added(0, 60).is_empty());
        cache.tick();
        assert!(cache.added(1, 30).is_empty());
        cache.tick();
        cache.touch(1);
        assert_eq!(cache.added(2, 30), [0], "part 0 is the oldest");
        assert_eq!(cache.total(), 60);
        cache.tick();
        cache.touch(1);
        cache.touch(2);
        assert!(cache.added(0, 90).is_empty(), "all in use: over budget");
        assert_eq!(cache.total(), 150);
    }
}
