//! Importing a legacy plaintext session file into the vault (`migrate`).

use std::sync::Arc;

use super::protocol::SessionImported;
use super::state::AgentState;

/// Imports a legacy plaintext session file into the vault (`migrate`): whose it is comes from
/// TIDAL (or the file); a user who already has a session keeps it; the saved vault is read back
/// from disk before this answers, so the caller only removes the plaintext after a verified
/// import.
pub async fn import_session(
    state: &Arc<AgentState>,
    path: &std::path::Path,
) -> anyhow::Result<SessionImported> {
    let bytes = zeroize::Zeroizing::new(std::fs::read(path)?);
    let legacy = crate::tidal::legacy::parse(&bytes)
        .map_err(|e| crate::error::UsageError::new(format!("{}: {e}", path.display()), None))?;
    let format = legacy.format;
    let session = state.service.adopt_session(legacy).await?;
    let user = session.user_id.clone();
    let client_id = session.client.as_ref().map(|c| c.client_id.clone());
    let (imported, active) = {
        let mut v = state.vault();
        if v.data().sessions.contains_key(&user) {
            let active = v.data().active_user.as_deref() == Some(user.as_str());
            (false, active)
        } else {
            let d = v.data_mut();
            d.user_key(&user);
            d.sessions.insert(user.clone(), session.duplicate());
            let take_over = d.active_session().is_none_or(|s| s.revoked);
            if take_over {
                d.active_user = Some(user.clone());
            }
            v.save()?;
            (true, take_over)
        }
    };
    // Read back as a fresh process would.
    let verified = crate::vault::Vault::open(&state.config.home.vault_dir(), 0, state.clock.now())
        .is_ok_and(|v| {
            v.data().sessions.get(&user).is_some_and(|s| {
                !imported
                    || (s.access_token.expose_secret() == session.access_token.expose_secret()
                        && s.refresh_token
                            .as_ref()
                            .map(|t| t.expose_secret().to_string())
                            == session
                                .refresh_token
                                .as_ref()
                                .map(|t| t.expose_secret().to_string()))
            })
        });
    if !verified {
        anyhow::bail!(
            "the imported session did not read back from {}; the plaintext file was left in place",
            state.config.home.vault_dir().display()
        );
    }
    let preferences_created = state.service.ensure_preferences(&user)?;
    // In the imported person's record, whoever is active.
    state.service.audit_event_about(
        Some(&user),
        "ADMIN",
        "session_imported",
        serde_json::json!({"imported": imported, "active": active}),
    )?;
    Ok(SessionImported {
        user_id: user,
        country_code: session.country_code.clone(),
        format,
        imported,
        verified,
        active,
        preferences_created,
        client_id,
    })
}
