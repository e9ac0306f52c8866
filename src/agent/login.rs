//! The session and its login as the admin side sees them: who is logged in, waiting for a login
//! to finish, and logging out (out of every kept vault generation). None returns a token.

use std::sync::Arc;

use super::protocol::{LoggedOut, LoginDone, ProgressTx, SessionInfo};
use super::state::AgentState;

pub fn session(state: &AgentState) -> SessionInfo {
    match state.service.current_session() {
        Some(s) => SessionInfo {
            logged_in: !s.revoked,
            revoked: s.revoked,
            user_id: Some(s.user_id),
            country_code: Some(s.country_code),
            username: s.username,
            expires_at: Some(s.expires_at),
            api: Some(s.api),
        },
        None => SessionInfo::default(),
    }
}

pub async fn wait(state: &Arc<AgentState>, progress: ProgressTx) -> anyhow::Result<LoginDone> {
    let (user_id, country_code) = state
        .service
        .login_wait(state.clock.as_ref(), |left| {
            progress.send(0, None, Some(format!("{left}s left")))
        })
        .await?;
    Ok(LoginDone {
        user_id,
        country_code,
        username: session(state).username,
    })
}

pub async fn logout(state: &Arc<AgentState>) -> anyhow::Result<LoggedOut> {
    let Some(s) = state.service.current_session() else {
        return Ok(LoggedOut {
            logged_out: false,
            user_id: None,
        });
    };
    state
        .service
        .audit_event("AUTHENTICATION", "logout", serde_json::json!({}))?;
    state.service.logout_remote().await;
    // Out of every kept generation too: a copied-back older vault must not log anyone in.
    state.vault().forget_session_everywhere(&s.user_id)?;
    state.service.account_changed();
    Ok(LoggedOut {
        logged_out: true,
        user_id: Some(s.user_id),
    })
}
