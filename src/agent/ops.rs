//! Admin operations that need more than a line: session, login, logout, importing a legacy
//! session, and metrics. None returns a token.

use std::sync::Arc;

use super::protocol::ProgressTx;
use super::protocol::{
    LoggedOut, LoginDone, MetricsFormat, MetricsText, SessionImported, SessionInfo, WireError,
};
use super::state::AgentState;
use crate::service::metrics::process_metrics;

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

pub async fn login_wait(
    state: &Arc<AgentState>,
    progress: ProgressTx,
) -> anyhow::Result<LoginDone> {
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
    Ok(LoggedOut {
        logged_out: true,
        user_id: Some(s.user_id),
    })
}

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

pub fn metrics(state: &AgentState, format: MetricsFormat) -> anyhow::Result<MetricsText> {
    let m = state.service.metrics();
    let c = state.service.cache_stats();
    for (layer, n) in [("l1", c.hits_l1), ("l2", c.hits_l2)] {
        m.set_counter(
            "tidal_mcp_cache_hits_total",
            "Cache hits since the agent started, by layer.",
            vec![("layer", layer.into())],
            n as f64,
        );
    }
    m.set_counter(
        "tidal_mcp_cache_misses_total",
        "Cache misses since the agent started.",
        vec![],
        c.misses as f64,
    );
    m.set_counter(
        "tidal_mcp_rate_limit_rejections_total",
        "Calls refused by a rate limit since the agent started.",
        vec![],
        state.service.limit_stats().rejected as f64,
    );
    m.set(
        "tidal_mcp_connected_clients",
        "Clients connected to the agent.",
        vec![],
        state.client_count() as f64,
    );
    m.set(
        "tidal_mcp_store_size_bytes",
        "Size of the store on disk.",
        vec![],
        state.store.size_on_disk() as f64,
    );
    let settings = &state.config.settings.metrics;
    let process = if settings.system_metrics {
        process_metrics().to_vec()
    } else {
        Vec::new()
    };
    match format {
        MetricsFormat::Json => {
            let mut v = m.json();
            for (name, _, _, val) in process {
                v[name] = serde_json::json!(val);
            }
            Ok(MetricsText {
                text: serde_json::to_string_pretty(&v)?,
            })
        }
        MetricsFormat::Prometheus if !settings.prometheus => Err(WireError::usage(
            "Prometheus export is switched off (metrics.prometheus = false); use --format json",
        )
        .into()),
        MetricsFormat::Prometheus => Ok(MetricsText {
            text: m.prometheus(&process),
        }),
    }
}

/// Serves MCP over HTTP on `addr` until `until` is cancelled, with the agent's one token and
/// its health and metrics on `/healthz` and `/metrics`.
pub async fn start_http(
    state: &Arc<AgentState>,
    addr: std::net::SocketAddr,
    until: tokio_util::sync::CancellationToken,
) -> anyhow::Result<tokio::task::JoinHandle<()>> {
    let mut env = state.mcp_env();
    env.shutdown = until;
    let status = Arc::new(HttpStatus(state.clone()));
    crate::mcp::http::start(env, &state.config, addr, &state.http_token, status).await
}

struct HttpStatus(Arc<AgentState>);

impl crate::mcp::http::StatusSource for HttpStatus {
    fn health(&self) -> futures::future::BoxFuture<'static, (bool, serde_json::Value)> {
        let state = self.0.clone();
        Box::pin(async move {
            let report = super::health::agent_checks(&state, false).await;
            let status = super::health::overall(&report.checks);
            let body = serde_json::json!({"status": status, "checks": report.checks});
            (status == "critical", body)
        })
    }

    fn prometheus(&self) -> String {
        metrics(&self.0, MetricsFormat::Prometheus)
            .map(|m| m.text)
            .unwrap_or_else(|e| format!("# {e}\n"))
    }
}
