//! The erasure ledger and the finishing of an erasure. The ledger (`data/erasures.json`,
//! outside the store and the vault, never restored over) lists erased people by pseudonym. An
//! erasure is entered there, pending, before anything is erased; then the agent erases the person
//! from the live vault and store, and [`finish`] (with the agent stopped) does the rest: the
//! vault and every generation once more, the store rewritten without their records, every
//! backup of this home in the backup directory (and restore's safety backups) rewritten without
//! them, the vaults of homes restore kept aside erased in, scratch copies removed;
//! only then is the entry marked done. Each step is safe to repeat, so a crash anywhere is
//! finished by the next agent start or by running `delete-user` again, and a restore of any
//! older backup re-applies the whole ledger.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::backup::{self, BackupsErased};
use crate::config::Config;
use crate::error::Hinted;
use crate::store::compact::{self, Compacted};
use crate::store::seal;
use crate::vault::Vault;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Erasure {
    pub pseudonym: String,
    /// Unix ms.
    pub erased_at: i64,
    /// Entered before anything is erased; cleared once every step is done. Older ledgers have
    /// no such field: their erasures were finished.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub pending: bool,
}

/// The ledger's entries; a missing file is an empty ledger.
pub fn ledger(path: &Path) -> anyhow::Result<Vec<Erasure>> {
    match std::fs::read(path) {
        Ok(bytes) => serde_json::from_slice(&bytes).map_err(|e| {
            anyhow::Error::from(Hinted {
                message: format!("the erasure ledger {} is unreadable: {e}", path.display()),
                hint: "it lists people erased with delete-user; restore it from a copy before restoring a backup".into(),
            })
        }),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Vec::new()),
        Err(e) => Err(e.into()),
    }
}

fn write(path: &Path, all: &[Erasure]) -> anyhow::Result<()> {
    crate::home::write_atomic(path, &serde_json::to_vec_pretty(all)?)?;
    Ok(())
}

/// Enters an erasure as pending (before anything of the person is touched). An entry already
/// there, finished or not, is marked pending again: the person came back (a new login) and
/// is being erased once more.
pub fn begin(path: &Path, pseudonym: &str, now_ms: i64) -> anyhow::Result<()> {
    let mut all = ledger(path)?;
    match all.iter_mut().find(|e| e.pseudonym == pseudonym) {
        Some(e) => {
            e.pending = true;
            e.erased_at = now_ms;
        }
        None => all.push(Erasure {
            pseudonym: pseudonym.to_string(),
            erased_at: now_ms,
            pending: true,
        }),
    }
    write(path, &all)
}

/// The erasures not yet finished.
pub fn pending(path: &Path) -> anyhow::Result<Vec<Erasure>> {
    Ok(ledger(path)?.into_iter().filter(|e| e.pending).collect())
}

/// What [`finish`] did.
#[derive(Debug, Serialize)]
pub struct Finished {
    pub pseudonyms: Vec<String>,
    /// People still found in the vault (an erasure interrupted before the agent reached it).
    pub vault_users: usize,
    pub compacted: Compacted,
    pub backups: BackupsErased,
    /// Vaults of homes `restore` kept aside, erased in too.
    pub kept_aside: Vec<PathBuf>,
    /// Scratch copies of a store (an interrupted `verify-backups` or `restore`) removed.
    pub scratch_dirs: Vec<PathBuf>,
    /// Why the erasure is still pending (the backups could not all be rewritten), if it is.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unfinished: Option<String>,
}

/// Finishes every pending erasure; `None` when there is none. Nothing may have the store or
/// the vault open (the caller holds `agent.lock`).
pub fn finish(config: &Config, now_ms: i64) -> anyhow::Result<Option<Finished>> {
    let home = &config.home;
    let path = home.erasure_ledger_path();
    let pending = pending(&path)?;
    if pending.is_empty() {
        return Ok(None);
    }
    let pseudonyms: Vec<String> = pending.iter().map(|e| e.pseudonym.clone()).collect();
    let erased = |key: &crate::vault::SecretKey, user: &str| {
        pseudonyms.contains(&seal::pseudonym(key, user))
    };
    let s = &config.settings.session;
    let keep = if s.backup_enabled { s.max_backups } else { 0 };
    let vault_users = Vault::open(&home.vault_dir(), keep, now_ms / 1000)?.forget_where(erased)?;
    crate::fault::crash_point("erase.vault");
    let compacted = compact::compact(&home.store_dir(), now_ms, &pseudonyms)?;
    crate::fault::crash_point("erase.compacted");
    let install_id = crate::store::Store::open(&home.store_dir())?.install_id();
    // The live home is clean by now; a backup that cannot be rewritten (a full disk) leaves
    // the erasure pending, for `health` to name and a second `delete-user` to finish, without
    // keeping the agent from starting.
    let (backups, unfinished) =
        match backup::erase_in_backups(config, install_id.as_deref(), &pseudonyms, now_ms) {
            Ok(b) => (b, None),
            Err(e) => {
                tracing::error!("the backups could not all be rewritten: {e:#}");
                (BackupsErased::default(), Some(format!("{e:#}")))
            }
        };
    crate::fault::crash_point("erase.backups");
    // Homes `restore` kept aside (it could not back them up): their vaults lose the person too,
    // so what their stores hold of them stays sealed under a key that is gone.
    let mut kept_aside = Vec::new();
    for dir in kept_aside_vaults(&home.data_dir) {
        // Kept because the home was broken: a vault there that does not open is left (nobody
        // can read it either), and does not stop the erasure.
        match Vault::open(&dir, keep, now_ms / 1000).and_then(|mut v| v.forget_where(erased)) {
            Ok(_) => kept_aside.push(dir),
            Err(e) => tracing::warn!("{}: left as it is: {e}", dir.display()),
        }
    }
    let mut scratch_dirs = Vec::new();
    for dir in backup::stale_scratch_dirs(&home.data_dir) {
        std::fs::remove_dir_all(&dir)?;
        scratch_dirs.push(dir);
    }
    if unfinished.is_none() {
        let mut all = ledger(&path)?;
        for e in all.iter_mut().filter(|e| pseudonyms.contains(&e.pseudonym)) {
            e.pending = false;
        }
        write(&path, &all)?;
    }
    Ok(Some(Finished {
        pseudonyms,
        vault_users,
        compacted,
        backups,
        kept_aside,
        scratch_dirs,
        unfinished,
    }))
}

/// The vault directories of `data/before-restore-*/`.
fn kept_aside_vaults(data_dir: &Path) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(data_dir)
        .into_iter()
        .flatten()
        .flatten()
        .filter(|e| {
            e.file_name()
                .to_string_lossy()
                .starts_with("before-restore-")
        })
        .map(|e| e.path().join("vault"))
        .filter(|v| v.join("vault.age").exists())
        .collect();
    out.sort();
    out
}
