//! Work that replaces the store or the vault directory, done with the agent stopped: this
//! process takes `agent.lock` (so no agent starts meanwhile), does the work, and lets go; the
//! next client starts a fresh agent. Compaction (`store/compact.rs`) rewrites the store so
//! removed values leave the disk; finishing an erasure is `agent/erasure.rs`'s; restore puts a
//! backup in place with every erasure in the ledger applied first, its two swaps journaled.

use std::time::Duration;

use serde::Serialize;

use super::client;
use super::erasure::{self, Erasure};
use super::lock::FileLock;
use crate::config::Config;
use crate::error::Hinted;
use crate::service::audit::Audit;
use crate::store::archive::Snapshot;
use crate::store::compact::Compacted;

/// The agent is stopped and stays stopped while this lives.
pub struct Offline {
    config: Config,
    _lock: FileLock,
}

#[derive(Debug, Serialize)]
pub struct Restored {
    pub entries: u64,
    /// Records removed because the ledger says their person was erased after the backup.
    pub erased_records: u64,
    /// Users erased from the restored vault for the same reason.
    pub erased_users: usize,
    pub erasures_in_ledger: usize,
}

impl Offline {
    /// Stops the running agent (its clients are disconnected; MCP clients start it again) and
    /// holds its lock.
    pub async fn take(config: &Config) -> anyhow::Result<Offline> {
        config.home.ensure()?;
        client::retire(config, true).await?;
        client::wait_for_exit(config, Duration::from_secs(10)).await;
        let lock = FileLock::acquire(&config.home.agent_lock_path(), Duration::from_secs(10))?
            .ok_or_else(|| Hinted {
                message: "the agent did not stop within 10 s".into(),
                hint: format!(
                    "see `tidal-mcp agent status` and its log {}",
                    config.home.agent_log_path().display()
                ),
            })?;
        // A restore a crash interrupted is finished first: work started now would otherwise
        // build its new directories where that restore's journal expects its own.
        crate::home::finish_swaps(&config.home.data_dir)?;
        Ok(Offline {
            config: config.clone(),
            _lock: lock,
        })
    }

    /// Rewrites the store into a fresh directory and swaps it in; `now_ms` is recorded as
    /// the time of the last compaction.
    pub fn compact(&self, now_ms: i64) -> anyhow::Result<Compacted> {
        Ok(crate::store::compact::compact(
            &self.config.home.store_dir(),
            now_ms,
            &[],
        )?)
    }

    /// Finishes every erasure the ledger holds as pending (see [`erasure::finish`]).
    pub fn finish_erasures(&self, now_ms: i64) -> anyhow::Result<Option<erasure::Finished>> {
        erasure::finish(&self.config, now_ms)
    }

    /// Moves the store and the vault directories, as they are, into a new
    /// `data/before-restore-<time>/` (a home that cannot be opened, so cannot be backed up,
    /// loses nothing to a restore). Returns that directory.
    pub fn keep_aside(&self, now_ms: i64) -> anyhow::Result<std::path::PathBuf> {
        let home = &self.config.home;
        let name = crate::store::archive::file_name(now_ms);
        let stamp = name
            .trim_start_matches("tidal-mcp-")
            .trim_end_matches(".backup.age");
        let dir = home.data_dir.join(format!("before-restore-{stamp}"));
        crate::home::ensure_private_dir(&dir)?;
        for (from, to) in [
            (home.store_dir(), dir.join("store")),
            (home.vault_dir(), dir.join("vault")),
        ] {
            if from.exists() {
                std::fs::rename(&from, &to)?;
            }
        }
        Ok(dir)
    }

    /// Puts a backup in place of the store and the vault, with the ledger's erasures applied.
    pub fn restore(&self, mut snapshot: Snapshot) -> anyhow::Result<Restored> {
        let home = &self.config.home;
        let ledger: Vec<Erasure> = erasure::ledger(&home.erasure_ledger_path())?;
        let pseudonyms: Vec<String> = ledger.iter().map(|e| e.pseudonym.clone()).collect();
        let erased_records = snapshot.erase(&pseudonyms);
        let mut erased_users = 0;
        if let (Some(vault), Some(identity)) = (
            snapshot.files.get("vault.age"),
            snapshot.files.get("identity.txt"),
        ) {
            let (rewritten, n) = crate::vault::erase_in_copy(vault, identity, |key, user| {
                pseudonyms.contains(&crate::store::seal::pseudonym(key, user))
            })?;
            erased_users = n;
            snapshot.files.insert("vault.age".into(), rewritten);
        }
        let store_dir = home.store_dir();
        let new_store = store_dir.with_extension("new");
        if new_store.exists() {
            std::fs::remove_dir_all(&new_store)?;
        }
        {
            let store = snapshot.restore_store(&new_store)?;
            let verdict = Audit::verify(&store);
            if !verdict.ok {
                drop(store);
                let _ = std::fs::remove_dir_all(&new_store);
                anyhow::bail!(
                    "the backup's audit chain does not verify at entry {} ({}); nothing was replaced",
                    verdict.first_bad.unwrap_or(0),
                    verdict.reason.unwrap_or_default()
                );
            }
        }
        let vault_dir = home.vault_dir();
        let new_vault = vault_dir.with_extension("new");
        if new_vault.exists() {
            std::fs::remove_dir_all(&new_vault)?;
        }
        crate::home::ensure_private_dir(&new_vault)?;
        for (name, bytes) in &snapshot.files {
            if name.contains('/') || name.starts_with('.') {
                anyhow::bail!("the backup names an unexpected vault file `{name}`");
            }
            crate::home::write_atomic(&new_vault.join(name), bytes)?;
        }
        crate::fault::crash_point("restore.staged");
        crate::home::swap_dirs(&[(store_dir, new_store), (vault_dir, new_vault)])?;
        Ok(Restored {
            entries: snapshot.manifest.entries(),
            erased_records,
            erased_users,
            erasures_in_ledger: ledger.len(),
        })
    }
}
