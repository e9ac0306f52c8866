//! The agent's background upkeep: audits token refreshes reported by the TIDAL client, and every
//! `cache.cleanup_interval_secs` sweeps expired cache entries, prunes idle limiter keys, applies
//! audit retention (age and size, keeping a checkpoint) and stores a metrics snapshot as a time
//! bucket, dropping buckets past `metrics.retention_days`.

use std::sync::Arc;
use std::time::Duration;

use serde_json::json;

use super::state::AgentState;
use crate::service::ClientEvent;

const DAY_MS: i64 = 86_400_000;

pub async fn run(state: Arc<AgentState>) {
    let events = state
        .client_events
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .take();
    let Some(mut events) = events else { return };
    let every = Duration::from_secs(state.config.settings.cache.cleanup_interval_secs.max(1));
    let mut tick = tokio::time::interval(every);
    tick.tick().await;
    loop {
        tokio::select! {
            ev = events.recv() => match ev {
                Some(ClientEvent::Refreshed { ok }) => {
                    let outcome = if ok { "ok" } else { "failed" };
                    state.service.audit_record("AUTHENTICATION", "token_refresh", json!({"outcome": outcome}));
                }
                None => break,
            },
            _ = tick.tick() => sweep(&state),
            _ = state.shutdown.cancelled() => break,
        }
    }
}

/// One round of upkeep; also run once at shutdown.
pub fn sweep(state: &AgentState) {
    let s = &state.config.settings;
    let now = state.clock.now_ms();
    if s.cleanup.enabled {
        let (expired, evicted) = state.service.cache.cleanup(&state.store, now);
        if expired + evicted > 0 {
            tracing::debug!(expired, evicted, "cache cleanup");
        }
    }
    state.service.limits.prune();
    if s.audit.enabled {
        let cutoff = now - s.audit.retention_days as i64 * DAY_MS;
        match state
            .service
            .audit
            .purge(&state.store, cutoff, s.audit.max_size_mb * 1024 * 1024)
        {
            Ok(0) => {}
            Ok(n) => tracing::info!("audit retention removed {n} entries"),
            Err(e) => tracing::error!("audit retention failed: {e}"),
        }
    }
    if s.metrics.enabled {
        let bucket_ms = s.metrics.aggregation_interval_secs.max(1) as i64 * 1000;
        let bucket = now - now.rem_euclid(bucket_ms);
        let _ = state.store.metrics.insert(
            bucket.to_be_bytes(),
            state.service.metrics.json().to_string().into_bytes(),
        );
        let oldest = now - s.metrics.retention_days as i64 * DAY_MS;
        for (k, _) in state.store.metrics.range(..oldest.to_be_bytes()).flatten() {
            let _ = state.store.metrics.remove(k);
        }
    }
    if let Err(e) = state.store.flush() {
        tracing::error!("flush after upkeep failed: {e}");
    }
}
