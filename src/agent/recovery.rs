//! What an agent's start finishes or undoes before it opens the store and the vault: the
//! multi-step changes of the data home a crash interrupted, and their leftovers. A restore's
//! journaled swaps are finished (`home::finish_swaps`); pending erasures are finished
//! (`erasure::finish`); session files an interrupted `migrate` had set aside go back
//! (`set_aside`); temp files and scratch copies of dead processes are removed. An interrupted
//! key rotation is finished by the vault's own open, a half-built store or vault directory
//! removed by the store's and the vault's. `health` reports whatever is still pending.

use std::path::PathBuf;

use anyhow::Context;
use serde::Serialize;

use super::erasure::{self, Finished};
use super::{backup, set_aside};
use crate::config::Config;

#[derive(Debug, Default, Serialize)]
pub struct Recovered {
    /// A restore's swaps were finished.
    pub swaps_finished: bool,
    pub erasures: Option<Finished>,
    /// Session files put back where an interrupted `migrate` had taken them from.
    pub set_aside_put_back: Vec<PathBuf>,
    /// Temp files and scratch directories of processes that died.
    pub leftovers: Vec<PathBuf>,
}

impl Recovered {
    pub fn anything(&self) -> bool {
        self.swaps_finished
            || self.erasures.is_some()
            || !self.set_aside_put_back.is_empty()
            || !self.leftovers.is_empty()
    }
}

/// Runs with `agent.lock` held and nothing open.
pub fn run(config: &Config, now_ms: i64) -> anyhow::Result<Recovered> {
    let home = &config.home;
    let mut r = Recovered {
        swaps_finished: crate::home::finish_swaps(&home.data_dir)?,
        ..Recovered::default()
    };
    // A pending erasure must be finished before anyone is served (the person may still be in
    // the vault); an unreadable ledger does not stop the start (`health` names it).
    match erasure::pending(&home.erasure_ledger_path()) {
        Ok(pending) if !pending.is_empty() => {
            r.erasures = erasure::finish(config, now_ms)
                .context("finishing an interrupted erasure failed")?;
        }
        Ok(_) => {}
        Err(e) => tracing::error!("{e:#}"),
    }
    match set_aside::undo_interrupted(home) {
        Ok(back) => r.set_aside_put_back = back,
        Err(e) => tracing::error!("cannot put back what an interrupted migrate set aside: {e}"),
    }
    for file in crate::home::stale_temp_files(&home.data_dir) {
        match std::fs::remove_file(&file) {
            Ok(()) => r.leftovers.push(file),
            Err(e) => tracing::warn!("cannot remove {}: {e}", file.display()),
        }
    }
    for dir in backup::stale_scratch_dirs(&home.data_dir) {
        match std::fs::remove_dir_all(&dir) {
            Ok(()) => r.leftovers.push(dir),
            Err(e) => tracing::warn!("cannot remove {}: {e}", dir.display()),
        }
    }
    if r.anything() {
        tracing::warn!(
            swaps_finished = r.swaps_finished,
            erasures_finished = r.erasures.as_ref().map_or(0, |f| f.pseudonyms.len()),
            put_back = r.set_aside_put_back.len(),
            leftovers = r.leftovers.len(),
            "finished what a crash had interrupted"
        );
    }
    Ok(r)
}

/// What is still pending in the data home (for `health`): each a sentence saying what to run.
pub fn pending(config: &Config) -> Vec<String> {
    let home = &config.home;
    let mut out = Vec::new();
    if crate::home::swap_journal(&home.data_dir).exists() {
        out.push(
            "a restore was interrupted between its swaps: restart the agent (`tidal-mcp agent stop`) to finish it"
                .to_string(),
        );
    }
    match erasure::pending(&home.erasure_ledger_path()) {
        Ok(p) if !p.is_empty() => out.push(format!(
            "{} erasure(s) not finished: run `tidal-mcp delete-user --yes` to finish them",
            p.len()
        )),
        Ok(_) => {}
        Err(e) => out.push(format!("{e:#}")),
    }
    for aside in set_aside::interrupted(home) {
        out.push(format!(
            "{} holds plaintext tokens an interrupted migrate set aside: run `tidal-mcp migrate` to put it back and import it",
            aside.display()
        ));
    }
    if home.vault_dir().join("identity.txt.next").exists() {
        out.push(
            "a vault key rotation was interrupted: restart the agent (`tidal-mcp agent stop`) to finish it"
                .to_string(),
        );
    }
    out
}
