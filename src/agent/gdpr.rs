//! `export-user` and `delete-user` inside the agent, and the erasure ledger: a pseudonymous list
//! of erasures (`data/erasures.json`, outside the store and the vault) that a restore re-applies
//! and never restores over, so a person erased after a backup was taken stays erased.

use std::path::Path;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::state::AgentState;
use crate::error::{Hinted, UsageError};
use crate::service::gdpr::Erased;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Erasure {
    pub pseudonym: String,
    /// Unix ms.
    pub erased_at: i64,
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

fn record(path: &Path, erasure: Erasure) -> anyhow::Result<()> {
    let mut all = ledger(path)?;
    if !all.iter().any(|e| e.pseudonym == erasure.pseudonym) {
        all.push(erasure);
    }
    crate::home::write_atomic(path, &serde_json::to_vec_pretty(&all)?)?;
    Ok(())
}

/// The user a request is about: the one named, if tidal-mcp holds anything about them, or the
/// logged-in one.
fn resolve(state: &AgentState, user_id: Option<String>) -> anyhow::Result<String> {
    match user_id {
        Some(id) if state.service.knows_user(&id) => Ok(id),
        Some(id) => Err(UsageError::new(
            format!("tidal-mcp holds nothing about user {id}"),
            Some("check the id (`tidal-mcp status` shows the logged-in user's)".into()),
        )
        .into()),
        None => state.service.active_user().map_err(|_| {
            UsageError::new(
                "nobody is logged in, so there is no default user",
                Some("name the user with --user-id ID".into()),
            )
            .into()
        }),
    }
}

pub fn export(state: &AgentState, user_id: Option<String>) -> anyhow::Result<Value> {
    let user = resolve(state, user_id)?;
    Ok(state.service.export_user(&user)?)
}

/// Erases the user and records the erasure in the ledger (before the store is compacted by the
/// caller).
pub fn delete(state: &AgentState, user_id: Option<String>) -> anyhow::Result<Erased> {
    let user = resolve(state, user_id)?;
    let erased = state.service.erase_user(&user)?;
    record(
        &state.config.home.erasure_ledger_path(),
        Erasure {
            pseudonym: erased.pseudonym.clone(),
            erased_at: state.clock.now_ms(),
        },
    )?;
    Ok(erased)
}
