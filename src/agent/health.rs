//! The checks only the agent can make, because it owns the store and the vault.

use serde_json::{Value, json};

use super::state::AgentState;

pub async fn agent_checks(state: &AgentState, online: bool) -> Value {
    let mut checks = Vec::new();
    let store = match state.store.probe() {
        Ok(()) => match state.store.schema_version() {
            Ok(Some(v)) => (
                "ok",
                format!(
                    "write/read/delete probe passed, schema version {v}, {} bytes",
                    state.store.size_on_disk()
                ),
            ),
            Ok(None) => ("critical", "schema version missing".to_string()),
            Err(e) => ("critical", e.to_string()),
        },
        Err(e) => ("critical", e.to_string()),
    };
    checks.push(json!({"name": "store", "status": store.0, "detail": store.1}));
    let size_mb = state.store.size_on_disk() / (1024 * 1024);
    let alert = state.config.settings.storage.size_alert_mb;
    let (st, detail) = if size_mb > alert {
        (
            "warning",
            format!("store is {size_mb} MB, above storage.size_alert_mb = {alert}"),
        )
    } else {
        ("ok", format!("store is {size_mb} MB (alert at {alert} MB)"))
    };
    checks.push(json!({"name": "store_size", "status": st, "detail": detail}));

    let (st, detail) = {
        let vault = state.vault();
        let path = vault.path();
        if !vault.is_persisted() {
            ("ok", "no vault yet (created at first login)".to_string())
        } else if vault.foreign_machine() {
            (
                "warning",
                format!(
                    "{} was made on another machine; run `tidal-mcp vault accept` if that is expected",
                    path.display()
                ),
            )
        } else {
            let age = vault.key_age_days(state.clock.now());
            let limit = state.config.settings.session.key_rotation_days;
            if age > limit as i64 {
                (
                    "warning",
                    format!(
                        "identity is {age} days old (rotation due after {limit}); run `tidal-mcp vault rotate-key`"
                    ),
                )
            } else {
                (
                    "ok",
                    format!("{} decrypts, identity {age} days old", path.display()),
                )
            }
        }
    };
    checks.push(json!({"name": "vault", "status": st, "detail": detail}));
    checks.push(session_check(state, online).await);
    checks.push(cache_check(state));
    let audit = crate::service::audit::Audit::verify(&state.store);
    checks.push(if audit.ok {
        json!({"name": "audit", "status": "ok", "detail": format!("chain of {} entries verifies", audit.entries)})
    } else {
        json!({"name": "audit", "status": "critical", "detail": format!("chain broken at entry {}: {}", audit.first_bad.unwrap_or(0), audit.reason.unwrap_or_default())})
    });
    let rej = state
        .service
        .limits
        .rejections
        .load(std::sync::atomic::Ordering::Relaxed);
    checks.push(json!({"name": "limits", "status": "ok", "detail": format!("{rej} calls limited since start")}));
    checks.push(json!({"name": "metrics", "status": "ok", "detail": if state.config.settings.metrics.enabled { "collecting" } else { "disabled in config" }}));
    json!({ "checks": checks })
}

async fn session_check(state: &AgentState, online: bool) -> Value {
    let Some(s) = state.tidal.session() else {
        return json!({"name": "session", "status": "warning", "detail": "not logged in; run `tidal-mcp login`"});
    };
    if s.revoked {
        return json!({"name": "session", "status": "critical", "detail": "the session was revoked; run `tidal-mcp login`"});
    }
    if !online {
        let left = s.expires_at - state.clock.now();
        return json!({"name": "session", "status": "ok", "detail": format!("logged in ({}), access token valid for {left}s, refreshed automatically", s.country_code)});
    }
    match state.tidal.validate().await {
        Ok(_) => {
            json!({"name": "session", "status": "ok", "detail": "TIDAL reached, session valid"})
        }
        Err(e) => {
            json!({"name": "session", "status": "critical", "detail": format!("{e}{}", e.hint().map(|h| format!(" ({h})")).unwrap_or_default())})
        }
    }
}

fn cache_check(state: &AgentState) -> Value {
    let c = &state.service.cache;
    let ratio = c
        .hit_ratio()
        .map(|r| format!("{:.0}%", r * 100.0))
        .unwrap_or_else(|| "n/a".into());
    json!({"name": "cache", "status": "ok", "detail": format!("{} L1 entries, {} L2 entries, hit ratio {ratio}", c.l1_len(), state.store.cache.len())})
}
