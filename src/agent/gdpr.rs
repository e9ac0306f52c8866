//! `export-user` and `delete-user` inside the agent: who the request is about, the export, and
//! the live part of an erasure (entered in the ledger first, `agent/erasure.rs`).

use serde_json::Value;

use super::erasure;
use super::state::AgentState;
use crate::error::UsageError;
use crate::service::gdpr::Erased;

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
            let last = erasure::ledger(&state.config.home.erasure_ledger_path())
                .ok()
                .and_then(|l| l.into_iter().max_by_key(|e| e.erased_at));
            let hint = match last {
                Some(e) => format!(
                    "name the user with --user-id ID; no erasure is pending (the last one, of {}, is complete)",
                    e.pseudonym
                ),
                None => "name the user with --user-id ID".into(),
            };
            UsageError::new("nobody is logged in, so there is no default user", Some(hint)).into()
        }),
    }
}

pub fn export(state: &AgentState, user_id: Option<String>) -> anyhow::Result<Value> {
    let user = resolve(state, user_id)?;
    Ok(state.service.export_user(&user)?)
}

/// Enters the erasure in the ledger as pending, then erases the user from the live vault and
/// store; the caller finishes it with the agent stopped (`erasure::finish`). A user already
/// erased (named by id, or nobody logged in while an erasure is pending) is not an error: the
/// reply says so, and finishing still runs.
pub fn delete(state: &AgentState, user_id: Option<String>) -> anyhow::Result<Erased> {
    let ledger_path = state.config.home.erasure_ledger_path();
    let ledger = erasure::ledger(&ledger_path)?;
    let already = |pseudonym: &str| ledger.iter().find(|e| e.pseudonym == pseudonym);
    match &user_id {
        Some(id) if !state.service.knows_user(id) => {
            let pseudonym = state.service.pseudonym(id);
            if let Some(e) = already(&pseudonym) {
                return Ok(Erased::already(pseudonym, e.erased_at));
            }
        }
        None if state.service.active_user().is_err() => {
            if let Some(e) = ledger.iter().find(|e| e.pending) {
                return Ok(Erased::already(e.pseudonym.clone(), e.erased_at));
            }
        }
        _ => {}
    }
    let user = resolve(state, user_id)?;
    erasure::begin(
        &ledger_path,
        &state.service.pseudonym(&user),
        state.clock.now_ms(),
    )?;
    crate::fault::crash_point("erase.ledger_written");
    Ok(state.service.erase_user(&user)?)
}
