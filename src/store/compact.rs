//! Compaction: the store rewritten into a fresh directory and swapped in, so that removed
//! values leave the disk (sled keeps them in its log until then), optionally without what it
//! holds about erased people. Nothing may have the store open meanwhile (the caller holds the
//! agent's lock); a crash part-way leaves the old store (`home::recover_swap` undoes the swap).

use std::path::Path;

use serde::Serialize;

use super::archive::{ArchiveError, Snapshot};
use super::{Store, StoreError};

/// `meta` key of the time (Unix ms, big-endian) of the last compaction.
pub const LAST_COMPACTION_KEY: &[u8] = b"last_compaction";

#[derive(Debug, Serialize)]
pub struct Compacted {
    pub bytes_before: u64,
    pub bytes_after: u64,
    pub entries: u64,
    /// Records of erased people left out of the rewritten store.
    pub erased_records: u64,
}

#[derive(Debug, thiserror::Error)]
pub enum CompactError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Archive(#[from] ArchiveError),
    #[error("compacting the store failed: {0}")]
    Io(#[from] std::io::Error),
}

/// Rewrites the store at `dir` without the records of the pseudonyms in `erase`; `now_ms` is
/// recorded as the time of the last compaction.
pub fn compact(dir: &Path, now_ms: i64, erase: &[String]) -> Result<Compacted, CompactError> {
    let bytes_before = dir_size(dir);
    let mut snapshot = {
        let store = Store::open(dir)?;
        Snapshot::take(&store, &[], 0, || ())?
    };
    let erased_records = snapshot.erase(erase);
    let meta = snapshot.trees.entry("meta".into()).or_default();
    meta.retain(|(k, _)| k.as_slice() != LAST_COMPACTION_KEY);
    meta.push((LAST_COMPACTION_KEY.to_vec(), now_ms.to_be_bytes().to_vec()));
    let new = dir.with_extension("new");
    if new.exists() {
        std::fs::remove_dir_all(&new)?;
    }
    drop(snapshot.restore_store(&new)?);
    crate::fault::crash_point("compact.built");
    crate::home::swap_dir(dir, &new)?;
    Ok(Compacted {
        bytes_before,
        bytes_after: dir_size(dir),
        entries: snapshot.manifest.entries(),
        erased_records,
    })
}

fn dir_size(dir: &Path) -> u64 {
    std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|e| e.metadata().ok())
        .map(|m| if m.is_dir() { 0 } else { m.len() })
        .sum()
}
