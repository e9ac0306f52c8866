//! The sled store (docs/design.md section 5): one `Store` with a named field per tree, a schema version
//! gate, and flush-before-acknowledge. Only the agent opens it (sled allows one process).
//!
//! Trees and key layouts (all integers big-endian so sled's order is numeric order):
//! | tree          | key                                   | value                                   |
//! |---------------|---------------------------------------|-----------------------------------------|
//! | `meta`        | `schema_version`, `install_id`, ...   | u32 BE / raw bytes                      |
//! | `users`       | pseudonym (32 hex)                    | sealed JSON profile (per-user key)      |
//! | `cache`       | SHA-256 of (op, params, user pseudonym)| expiry i64 BE ++ flags u8 ++ body      |
//! | `cache_tags`  | tag ++ 0x00 ++ cache key              | empty                                   |
//! | `limits`      | pseudonym ++ 0x00 ++ category         | JSON penalty state                      |
//! | `audit`       | seq u64 BE                            | JSON chained entry                      |
//! | `metrics`     | bucket start i64 BE ++ family name    | JSON aggregate                          |
//! | `preferences` | pseudonym ++ 0x00 ++ version u32 BE   | sealed JSON preferences (per-user key)  |

pub mod archive;
pub mod compact;
pub mod seal;

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicI64, Ordering};
use std::sync::{Arc, RwLock};

use sled::Tree;

/// Bumped when a key layout or value codec changes; `tidal-mcp migrate` moves data forward.
pub const SCHEMA_VERSION: u32 = 1;
const SCHEMA_KEY: &[u8] = b"schema_version";
const INSTALL_ID_KEY: &[u8] = b"install_id";
/// sled's page cache (its default is 1 GiB); our own L1 cache sits above it.
const SLED_CACHE_BYTES: u64 = 4 * 1024 * 1024;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("store at {path} is in use by another process")]
    Locked { path: PathBuf },
    #[error("store at {path} is corrupt: {detail}")]
    Corrupt { path: PathBuf, detail: String },
    #[error("store at {path} has schema version {found}, this tidal-mcp uses {expected}")]
    SchemaMismatch {
        path: PathBuf,
        found: u32,
        expected: u32,
    },
    #[error("store I/O failed at {path}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

impl StoreError {
    pub fn hint(&self) -> Option<String> {
        Some(match self {
            StoreError::Locked { .. } => {
                "only the tidal-mcp agent opens the store; check `tidal-mcp agent status`".into()
            }
            StoreError::Corrupt { .. } => {
                "the damaged store was left in place (sled may have tried to recover it); restore \
                 the newest good backup (`tidal-mcp verify-backups`, then `tidal-mcp restore FILE`), \
                 or move the directory aside to start with an empty store (your login stays in the \
                 vault)"
                    .into()
            }
            StoreError::SchemaMismatch {
                found, expected, ..
            } if found < expected => {
                "the store was written by an older tidal-mcp and `tidal-mcp migrate` has no upgrade \
                 from it; use that version, or move the store aside to start with an empty one"
                    .into()
            }
            StoreError::SchemaMismatch { .. } => {
                "the store was written by a newer tidal-mcp; upgrade tidal-mcp".into()
            }
            StoreError::Io { .. } => return None,
        })
    }
}

/// A handle on the store; clones share it. After an I/O error (a full disk) sled refuses every
/// later write, so the store marks itself failed and [`Store::recover`] reopens it in place once
/// it can: every handle then sees the reopened database.
#[derive(Clone)]
pub struct Store {
    path: PathBuf,
    open: Arc<RwLock<Arc<Open>>>,
    failed: Arc<AtomicBool>,
    /// Unix ms of the last reopen attempt (attempts are at most one a second).
    last_attempt_ms: Arc<AtomicI64>,
}

/// One opened database and its trees.
struct Open {
    db: sled::Db,
    meta: Tree,
    users: Tree,
    cache: Tree,
    cache_tags: Tree,
    limits: Tree,
    audit: Tree,
    metrics: Tree,
    preferences: Tree,
}

impl Open {
    fn new(db: sled::Db, path: &Path) -> Result<Open, StoreError> {
        let tree = |name: &str| db.open_tree(name).map_err(|e| classify(path, e));
        Ok(Open {
            meta: tree("meta")?,
            users: tree("users")?,
            cache: tree("cache")?,
            cache_tags: tree("cache_tags")?,
            limits: tree("limits")?,
            audit: tree("audit")?,
            metrics: tree("metrics")?,
            preferences: tree("preferences")?,
            db,
        })
    }

    /// A throwaway in-memory database that stands in while the real one is reopened: nothing
    /// written to it is acknowledged, because [`Store::flush`] fails while the store is failed.
    fn standin(path: &Path) -> Result<Open, StoreError> {
        let db = sled::Config::new()
            .temporary(true)
            .open()
            .map_err(|e| classify(path, e))?;
        Open::new(db, path)
    }
}

impl Store {
    /// Opens (or creates) the store and checks its schema version.
    pub fn open(path: &Path) -> Result<Store, StoreError> {
        // sled recovers from damage by dropping what it cannot read; a store that had data but
        // comes back without its schema record lost everything and must not start over silently.
        let existed = std::fs::metadata(path.join("db"))
            .map(|m| m.len() > 0)
            .unwrap_or(false);
        let store = Self::open_any_version(path)?;
        match store.schema_version()? {
            None if existed => {
                return Err(StoreError::Corrupt {
                    path: path.to_path_buf(),
                    detail: "its data could not be read back (schema record missing)".into(),
                });
            }
            None => {
                // A new store: its schema, and an id that tells this installation's store (and
                // its backups) from another's.
                let mut id = [0u8; 16];
                rand::RngCore::fill_bytes(&mut rand::rngs::OsRng, &mut id);
                store
                    .meta()
                    .insert(SCHEMA_KEY, &SCHEMA_VERSION.to_be_bytes())
                    .map_err(|e| store.err(e))?;
                store
                    .meta()
                    .insert(INSTALL_ID_KEY, hex::encode(id).as_bytes())
                    .map_err(|e| store.err(e))?;
                store.flush()?;
            }
            Some(v) if v == SCHEMA_VERSION => {}
            Some(found) => {
                return Err(StoreError::SchemaMismatch {
                    path: path.to_path_buf(),
                    found,
                    expected: SCHEMA_VERSION,
                });
            }
        }
        Ok(store)
    }

    /// Opens without the version gate (for migrations and diagnostics).
    pub fn open_any_version(path: &Path) -> Result<Store, StoreError> {
        crate::home::recover_swap(path);
        crate::home::ensure_private_dir(path).map_err(|e| StoreError::Io {
            path: path.to_path_buf(),
            source: std::io::Error::other(e.to_string()),
        })?;
        remove_incomplete_snapshots(path);
        let p = path.to_path_buf();
        let open_once = || {
            // sled 0.34 can panic on some damaged files; a panic here must become a clean
            // error. The hook is process-wide: one opener at a time swaps it.
            static HOOK: std::sync::Mutex<()> = std::sync::Mutex::new(());
            let _one = HOOK.lock().unwrap_or_else(|e| e.into_inner());
            let prev = std::panic::take_hook();
            std::panic::set_hook(Box::new(|_| {}));
            let opened = std::panic::catch_unwind(|| {
                sled::Config::new()
                    .path(&p)
                    .mode(sled::Mode::LowSpace)
                    .cache_capacity(SLED_CACHE_BYTES)
                    .open()
            });
            std::panic::set_hook(prev);
            opened
        };
        // sled lets go of its file lock a moment after the last handle of a database is
        // dropped (its flusher thread ends): a reopen in that moment waits briefly.
        let started = std::time::Instant::now();
        let opened = loop {
            match open_once() {
                Ok(Err(e))
                    if matches!(classify(path, e.clone()), StoreError::Locked { .. })
                        && started.elapsed() < std::time::Duration::from_secs(1) =>
                {
                    std::thread::sleep(std::time::Duration::from_millis(20));
                }
                other => break other,
            }
        };
        let db = match opened {
            Ok(Ok(db)) => db,
            Ok(Err(e)) => return Err(classify(path, e)),
            Err(panic) => {
                let detail = panic
                    .downcast_ref::<String>()
                    .cloned()
                    .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
                    .unwrap_or_else(|| "sled failed to open it".into());
                return Err(StoreError::Corrupt {
                    path: path.to_path_buf(),
                    detail,
                });
            }
        };
        let store = Store {
            open: Arc::new(RwLock::new(Arc::new(Open::new(db, path)?))),
            path: path.to_path_buf(),
            failed: Arc::new(AtomicBool::new(false)),
            last_attempt_ms: Arc::new(AtomicI64::new(0)),
        };
        crate::home::tighten_tree(path).map_err(|source| StoreError::Io {
            path: path.to_path_buf(),
            source,
        })?;
        Ok(store)
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Whether a store directory exists with a database that has been written to.
    pub fn holds_data(path: &Path) -> bool {
        std::fs::metadata(path.join("db")).is_ok_and(|m| m.len() > 0)
    }

    fn current(&self) -> Arc<Open> {
        self.open.read().unwrap_or_else(|p| p.into_inner()).clone()
    }

    pub fn meta(&self) -> Tree {
        self.current().meta.clone()
    }
    pub fn users(&self) -> Tree {
        self.current().users.clone()
    }
    pub fn cache(&self) -> Tree {
        self.current().cache.clone()
    }
    pub fn cache_tags(&self) -> Tree {
        self.current().cache_tags.clone()
    }
    pub fn limits(&self) -> Tree {
        self.current().limits.clone()
    }
    pub fn audit(&self) -> Tree {
        self.current().audit.clone()
    }
    pub fn metrics(&self) -> Tree {
        self.current().metrics.clone()
    }
    pub fn preferences(&self) -> Tree {
        self.current().preferences.clone()
    }

    /// Every tree by name, in a fixed order (backups, exports and erasure walk them all).
    pub fn trees(&self) -> [(&'static str, Tree); 8] {
        let o = self.current();
        [
            ("meta", o.meta.clone()),
            ("users", o.users.clone()),
            ("cache", o.cache.clone()),
            ("cache_tags", o.cache_tags.clone()),
            ("limits", o.limits.clone()),
            ("audit", o.audit.clone()),
            ("metrics", o.metrics.clone()),
            ("preferences", o.preferences.clone()),
        ]
    }

    /// Whether a write failed with an I/O error and the store has not been reopened since.
    pub fn failed(&self) -> bool {
        self.failed.load(Ordering::SeqCst)
    }

    /// Reopens a failed store in place (at most one attempt a second, `now_ms` being the
    /// caller's clock): the database is let go, opened again, and probed with a durable write.
    /// `Ok(true)` when it was reopened, `Ok(false)` when it had not failed; an error when it
    /// still cannot be written (the disk is still full), and it stays failed.
    pub fn recover(&self, now_ms: i64) -> Result<bool, StoreError> {
        if !self.failed() {
            return Ok(false);
        }
        let last = self.last_attempt_ms.swap(now_ms, Ordering::SeqCst);
        if now_ms - last < 1000 {
            return Err(StoreError::Io {
                path: self.path.clone(),
                source: std::io::Error::other("the store is failed and waits to be reopened"),
            });
        }
        let mut slot = self.open.write().unwrap_or_else(|p| p.into_inner());
        // Let go of the database (sled holds a file lock until every handle is gone), then
        // open it again; handles still in flight keep the old one a moment longer.
        *slot = Arc::new(Open::standin(&self.path)?);
        let reopened = Self::open_any_version(&self.path)?;
        let fresh = reopened.current();
        drop(reopened);
        *slot = fresh;
        drop(slot);
        self.failed.store(false, Ordering::SeqCst);
        if let Err(e) = self.probe() {
            self.failed.store(true, Ordering::SeqCst);
            return Err(e);
        }
        tracing::info!(
            "store {} reopened after a failed write",
            self.path.display()
        );
        Ok(true)
    }

    /// The id written when the store was created (32 hex digits).
    pub fn install_id(&self) -> Option<String> {
        let v = self.meta().get(INSTALL_ID_KEY).ok()??;
        String::from_utf8(v.to_vec()).ok()
    }

    pub fn schema_version(&self) -> Result<Option<u32>, StoreError> {
        let v = self.meta().get(SCHEMA_KEY).map_err(|e| self.err(e))?;
        match v {
            None => Ok(None),
            Some(b) if b.len() == 4 => Ok(Some(u32::from_be_bytes([b[0], b[1], b[2], b[3]]))),
            Some(_) => Err(StoreError::Corrupt {
                path: self.path.clone(),
                detail: "bad schema version record".into(),
            }),
        }
    }

    /// Makes every write so far durable. Called before any write is acknowledged; fails while
    /// the store is failed, so nothing written meanwhile is acknowledged.
    pub fn flush(&self) -> Result<(), StoreError> {
        if self.failed() {
            return Err(StoreError::Io {
                path: self.path.clone(),
                source: std::io::Error::other(
                    "an earlier write failed (a full disk?); the store is reopened once it can be written",
                ),
            });
        }
        self.current()
            .db
            .flush()
            .map(|_| ())
            .map_err(|e| self.err(e))
    }

    /// Classifies a sled error; an I/O error marks the store failed (see [`Store::recover`]).
    pub fn err(&self, e: sled::Error) -> StoreError {
        let e = classify(&self.path, e);
        if matches!(e, StoreError::Io { .. }) {
            self.failed.store(true, Ordering::SeqCst);
        }
        e
    }

    /// Size on disk in bytes.
    pub fn size_on_disk(&self) -> u64 {
        self.current().db.size_on_disk().unwrap_or(0)
    }

    /// Writes, reads back and deletes a probe key.
    pub fn probe(&self) -> Result<(), StoreError> {
        let key = b"health_probe";
        let val = std::process::id().to_be_bytes();
        let meta = self.meta();
        meta.insert(key, &val).map_err(|e| self.err(e))?;
        let back = meta.get(key).map_err(|e| self.err(e))?;
        meta.remove(key).map_err(|e| self.err(e))?;
        self.flush()?;
        if back.as_deref() != Some(&val[..]) {
            return Err(StoreError::Corrupt {
                path: self.path.clone(),
                detail: "probe read back differently".into(),
            });
        }
        Ok(())
    }
}

fn classify(path: &Path, e: sled::Error) -> StoreError {
    match e {
        sled::Error::Io(io) if io.kind() == std::io::ErrorKind::WouldBlock => StoreError::Locked {
            path: path.to_path_buf(),
        },
        sled::Error::Io(io) if io.to_string().contains("could not acquire lock") => {
            StoreError::Locked {
                path: path.to_path_buf(),
            }
        }
        sled::Error::Io(source) => StoreError::Io {
            path: path.to_path_buf(),
            source,
        },
        sled::Error::Corruption { .. } => StoreError::Corrupt {
            path: path.to_path_buf(),
            detail: e.to_string(),
        },
        other => StoreError::Corrupt {
            path: path.to_path_buf(),
            detail: other.to_string(),
        },
    }
}

/// sled writes a snapshot to `snap.<lsn>.generating` and renames it when complete; one left
/// behind (a full disk, a kill) is no data, but sled reads it as corruption. Remove it first.
fn remove_incomplete_snapshots(path: &Path) {
    let Ok(entries) = std::fs::read_dir(path) else {
        return;
    };
    for e in entries.flatten() {
        let name = e.file_name().to_string_lossy().to_string();
        if name.starts_with("snap.") && name.ends_with(".generating") {
            match std::fs::remove_file(e.path()) {
                Ok(()) => tracing::warn!("removed an incomplete sled snapshot: {name}"),
                Err(err) => tracing::warn!("cannot remove the incomplete snapshot {name}: {err}"),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::MetadataExt;

    #[test]
    fn schema_gate_and_private_files() {
        let t = tempfile::tempdir().unwrap();
        let p = t.path().join("store");
        {
            let s = Store::open(&p).unwrap();
            s.users().insert(b"k", b"v").unwrap();
            s.flush().unwrap();
        }
        for e in walk(&p) {
            let m = std::fs::metadata(&e).unwrap();
            let want = if m.is_dir() { 0o700 } else { 0o600 };
            assert_eq!(m.mode() & 0o777, want, "{}", e.display());
        }
        {
            let s = Store::open(&p).unwrap();
            s.meta().insert(SCHEMA_KEY, &99u32.to_be_bytes()).unwrap();
            s.flush().unwrap();
        }
        let err = Store::open(&p).err().unwrap();
        assert!(matches!(err, StoreError::SchemaMismatch { found: 99, .. }));
    }

    #[test]
    fn a_damaged_store_is_reported_not_reset() {
        let t = tempfile::tempdir().unwrap();
        let p = t.path().join("store");
        {
            let s = Store::open(&p).unwrap();
            s.users().insert(b"k", b"v").unwrap();
            s.flush().unwrap();
        }
        let db = p.join("db");
        let mut bytes = std::fs::read(&db).unwrap();
        for i in (0..bytes.len()).step_by(97) {
            bytes[i] ^= 0xff;
        }
        std::fs::write(&db, &bytes).unwrap();
        match Store::open(&p) {
            Err(StoreError::Corrupt { path, .. }) => assert_eq!(path, p),
            Err(e) => panic!("unexpected error {e}"),
            Ok(s) => assert!(
                s.users().get(b"k").unwrap().is_some(),
                "opened, so the data must be there"
            ),
        }
    }

    fn walk(p: &Path) -> Vec<PathBuf> {
        let mut out = vec![p.to_path_buf()];
        for e in std::fs::read_dir(p).unwrap() {
            let e = e.unwrap().path();
            if e.is_dir() {
                out.extend(walk(&e));
            } else {
                out.push(e);
            }
        }
        out
    }
}

#[cfg(test)]
mod snapshot_leftovers {
    use super::*;

    /// Issue 11, item 1: a full disk can leave sled's snapshot half-written (an empty
    /// `snap.*.generating`); the store opens anyway, with its data.
    #[test]
    fn an_incomplete_snapshot_is_not_damage() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("store");
        {
            let s = Store::open(&path).unwrap();
            s.users().insert(b"k", b"v").unwrap();
            s.flush().unwrap();
        }
        for name in [
            "snap.0000000000000400.generating",
            "snap.00000000000FFFFF.generating",
        ] {
            std::fs::write(path.join(name), b"").unwrap();
        }
        let s = Store::open(&path).unwrap();
        assert_eq!(s.users().get(b"k").unwrap().as_deref(), Some(&b"v"[..]));
        assert!(
            !std::fs::read_dir(&path)
                .unwrap()
                .flatten()
                .any(|e| e.file_name().to_string_lossy().ends_with(".generating")),
            "the leftovers were removed"
        );
    }
}

#[cfg(test)]
mod recovery {
    use super::*;

    /// After an I/O error nothing is acknowledged (flush fails) until the store is reopened in
    /// place; every clone of the handle then writes to the reopened database, data intact.
    #[test]
    fn a_failed_store_reopens_in_place() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("store")).unwrap();
        let other_handle = store.clone();
        store.users().insert(b"kept", b"v").unwrap();
        store.flush().unwrap();
        let _ = store.err(sled::Error::Io(std::io::Error::other(
            "No space left on device",
        )));
        assert!(other_handle.failed());
        assert!(
            store.flush().is_err(),
            "nothing is acknowledged while failed"
        );
        assert!(matches!(store.recover(10_000), Ok(true)));
        assert!(
            store.recover(10_001).is_ok_and(|r| !r),
            "not failed any more"
        );
        other_handle.users().insert(b"new", b"w").unwrap();
        other_handle.flush().unwrap();
        assert_eq!(
            store.users().get(b"kept").unwrap().as_deref(),
            Some(&b"v"[..])
        );
        assert_eq!(
            store.users().get(b"new").unwrap().as_deref(),
            Some(&b"w"[..])
        );
        let _ = store.err(sled::Error::Io(std::io::Error::other("again")));
        assert!(store.recover(10_500).is_err(), "one attempt a second");
    }
}
