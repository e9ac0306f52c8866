//! Admin operations that need more than a line: login, logout, session, preferences, audit,
//! metrics and HTTP. Each answers JSON; none returns a token.

use std::sync::Arc;

use serde_json::{Map, Value, json};

use super::admin::ProgressTx;
use super::protocol::WireError;
use super::state::AgentState;
use crate::service::audit::Audit;
use crate::service::metrics::process_metrics;

pub fn session(state: &AgentState) -> Value {
    match state.tidal.session() {
        Some(s) => json!({
            "logged_in": !s.revoked,
            "revoked": s.revoked,
            "user_id": s.user_id,
            "country_code": s.country_code,
            "username": s.username,
            "expires_at": s.expires_at,
        }),
        None => {
            json!({"logged_in": false, "user_id": null, "country_code": null, "expires_at": null})
        }
    }
}

pub async fn login_start(state: &Arc<AgentState>) -> anyhow::Result<Value> {
    let st = state.clone();
    Ok(state
        .logins
        .start(state.tidal.clone(), move |r| st.service.audit_login(&st, r))
        .await?)
}

pub async fn login_wait(state: &Arc<AgentState>, progress: ProgressTx) -> anyhow::Result<Value> {
    let (user_id, country_code) = state
        .logins
        .wait(state.clock.as_ref(), |left| {
            progress.send(0, None, Some(format!("{left}s left")))
        })
        .await?;
    let s = session(state);
    Ok(json!({"user_id": user_id, "country_code": country_code, "username": s["username"]}))
}

pub async fn logout(state: &Arc<AgentState>) -> anyhow::Result<Value> {
    let Some(s) = state.tidal.session() else {
        return Ok(json!({"logged_out": false}));
    };
    state.tidal.logout_remote().await;
    state
        .service
        .audit_event(state, "AUTHENTICATION", "logout", json!({}));
    let mut v = state.vault();
    v.data_mut().sessions.remove(&s.user_id);
    v.data_mut().active_user = None;
    v.save()?;
    Ok(json!({"logged_out": true, "user_id": s.user_id}))
}

pub fn prefs(state: &AgentState, op: &str, args: &Value) -> anyhow::Result<Value> {
    let user = state
        .tidal
        .session()
        .map(|s| s.user_id)
        .ok_or(crate::tidal::TidalError::NotLoggedIn)?;
    let p = match op {
        "prefs.get" => state.service.prefs.get(state, &user),
        "prefs.set" => {
            let changes: Map<String, Value> =
                args["changes"].as_object().cloned().unwrap_or_default();
            state
                .service
                .prefs
                .set(state, &user, &changes)
                .map_err(WireError::usage)?
        }
        _ => state
            .service
            .prefs
            .reset(state, &user)
            .map_err(|e| WireError::failed(e, None))?,
    };
    Ok(serde_json::to_value(p)?)
}

pub fn audit_show(state: &AgentState, args: &Value) -> Value {
    let since = args["since_ms"].as_i64().unwrap_or(0);
    let limit = args["limit"].as_u64().unwrap_or(100) as usize;
    json!({"entries": Audit::entries(&state.store, since, limit)})
}

pub fn metrics(state: &AgentState, args: &Value) -> anyhow::Result<Value> {
    let m = &state.service.metrics;
    let c = &state.service.cache;
    use std::sync::atomic::Ordering::Relaxed;
    for (layer, n) in [
        ("l1", c.hits_l1.load(Relaxed)),
        ("l2", c.hits_l2.load(Relaxed)),
    ] {
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
        c.misses.load(Relaxed) as f64,
    );
    m.set_counter(
        "tidal_mcp_rate_limit_rejections_total",
        "Calls refused by a rate limit since the agent started.",
        vec![],
        state.service.limits.rejections.load(Relaxed) as f64,
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
    if args["format"].as_str() == Some("json") {
        let mut v = m.json();
        for (name, _, _, val) in process {
            v[name] = json!(val);
        }
        Ok(v)
    } else if !settings.prometheus {
        Err(WireError::usage(
            "Prometheus export is switched off (metrics.prometheus = false); use --format json",
        )
        .into())
    } else {
        Ok(json!({"text": m.prometheus(&process)}))
    }
}

pub async fn http_start(state: &Arc<AgentState>, args: &Value) -> anyhow::Result<Value> {
    let addr: std::net::SocketAddr = args["addr"]
        .as_str()
        .unwrap_or("")
        .parse()
        .map_err(|_| WireError::usage("bad address"))?;
    crate::mcp::http::start(state.clone(), addr).await?;
    Ok(
        json!({"addr": addr.to_string(), "token_file": state.config.home.run_dir.join("http-token")}),
    )
}
