//! The checks only the agent can make, because it owns the store and the vault.

use super::protocol::{Check, CheckStatus, HealthReport};
use super::state::AgentState;

pub async fn agent_checks(state: &AgentState, online: bool) -> HealthReport {
    use CheckStatus::{Critical, Warning};
    let mut checks = Vec::new();
    let store = match state.store.probe() {
        Ok(()) => match state.store.schema_version() {
            Ok(Some(v)) => (
                CheckStatus::Ok,
                format!(
                    "write/read/delete probe passed, schema version {v}, install {}, {} bytes",
                    state.store.install_id().as_deref().unwrap_or("unknown"),
                    state.store.size_on_disk()
                ),
            ),
            Ok(None) => (Critical, "schema version missing".to_string()),
            Err(e) => (Critical, e.to_string()),
        },
        Err(e) => (Critical, e.to_string()),
    };
    checks.push(Check::new("store", store.0, store.1));
    let size_mb = state.store.size_on_disk() / (1024 * 1024);
    let alert = state.config.settings.storage.size_alert_mb;
    let (st, detail) = if size_mb > alert {
        (
            Warning,
            format!("store is {size_mb} MB, above storage.size_alert_mb = {alert}"),
        )
    } else {
        (
            CheckStatus::Ok,
            format!("store is {size_mb} MB (alert at {alert} MB)"),
        )
    };
    checks.push(Check::new("store_size", st, detail));

    let (st, detail) = {
        let vault = state.vault();
        let path = vault.path();
        if !vault.is_persisted() {
            (
                CheckStatus::Ok,
                "no vault yet (created at first login)".to_string(),
            )
        } else if vault.foreign_machine() {
            (
                Warning,
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
                    Warning,
                    format!(
                        "identity is {age} days old (rotation due after {limit}); run `tidal-mcp vault rotate-key`"
                    ),
                )
            } else {
                (
                    CheckStatus::Ok,
                    format!("{} decrypts, identity {age} days old", path.display()),
                )
            }
        }
    };
    checks.push(Check::new("vault", st, detail));
    checks.push(session_check(state, online).await);
    checks.push(cache_check(state));
    let audit = crate::service::audit::Audit::verify(&state.store);
    checks.push(if audit.ok {
        Check::new(
            "audit",
            CheckStatus::Ok,
            format!("chain of {} entries verifies", audit.entries),
        )
    } else {
        Check::new(
            "audit",
            Critical,
            format!(
                "chain broken at entry {}: {}",
                audit.first_bad.unwrap_or(0),
                audit.reason.unwrap_or_default()
            ),
        )
    });
    let rej = state
        .service
        .limits
        .rejections
        .load(std::sync::atomic::Ordering::Relaxed);
    checks.push(Check::new(
        "limits",
        CheckStatus::Ok,
        format!("{rej} calls limited since start"),
    ));
    let metrics = if state.config.settings.metrics.enabled {
        "collecting"
    } else {
        "disabled in config"
    };
    checks.push(Check::new("metrics", CheckStatus::Ok, metrics));
    HealthReport { checks }
}

async fn session_check(state: &AgentState, online: bool) -> Check {
    let tidal = &state.service.tidal;
    let check = |status, detail: String| Check::new("session", status, detail);
    let Some(s) = tidal.session() else {
        return check(
            CheckStatus::Warning,
            "not logged in; run `tidal-mcp login`".into(),
        );
    };
    if s.revoked {
        return check(
            CheckStatus::Critical,
            "the session was revoked; run `tidal-mcp login`".into(),
        );
    }
    if !online {
        let left = s.expires_at - state.clock.now();
        return check(
            CheckStatus::Ok,
            format!(
                "logged in ({}), access token valid for {left}s, refreshed automatically",
                s.country_code
            ),
        );
    }
    match tidal.validate().await {
        Ok(_) => check(CheckStatus::Ok, "TIDAL reached, session valid".into()),
        Err(e) => check(
            CheckStatus::Critical,
            format!(
                "{e}{}",
                e.hint().map(|h| format!(" ({h})")).unwrap_or_default()
            ),
        ),
    }
}

fn cache_check(state: &AgentState) -> Check {
    let c = &state.service.cache;
    let ratio = c
        .hit_ratio()
        .map(|r| format!("{:.0}%", r * 100.0))
        .unwrap_or_else(|| "n/a".into());
    Check::new(
        "cache",
        CheckStatus::Ok,
        format!(
            "{} L1 entries, {} L2 entries, hit ratio {ratio}",
            c.l1_len(),
            state.store.cache.len()
        ),
    )
}
