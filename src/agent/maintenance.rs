//! The agent's upkeep: audits token refreshes reported by the TIDAL client; every
//! `cache.cleanup_interval_secs` sweeps expired cache entries, prunes idle limiter keys, applies
//! audit retention (age and size, keeping a checkpoint) and stores a metrics snapshot as a time
//! bucket, dropping buckets past `metrics.retention_days`; and once a day (`cleanup.daily`) runs
//! [`cleanup`], what `tidal-mcp cleanup` asks for: all of that plus vault generations and backups
//! past rotation, verdicts of backups that are gone, and leftovers in the run and data
//! directories.

use std::sync::Arc;
use std::time::Duration;

use serde_json::json;

use super::protocol::CleanupReport;
use super::state::AgentState;
use crate::service::ClientEvent;

const DAY_MS: i64 = 86_400_000;
/// `meta` key of the time (Unix ms) of the last daily cleanup.
const LAST_CLEANUP_KEY: &[u8] = b"last_cleanup";
/// `meta` key of the time (Unix ms) of the first cleanup: the weekly compaction of a store
/// never compacted counts from it, so the first cleanup does not stop the agent.
const FIRST_CLEANUP_KEY: &[u8] = b"first_cleanup";
/// The files the agent keeps in its run directory; anything else there a day old is a leftover.
const RUN_FILES: &[&str] = &[
    "agent.sock",
    "agent.lock",
    "startup.lock",
    "agent.log",
    "http-token",
];

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
    // A failed store (a full disk) is retried every few seconds, so reads and writes resume
    // by themselves once space is back.
    let mut recovery = tokio::time::interval(Duration::from_secs(2));
    loop {
        tokio::select! {
            _ = recovery.tick(), if state.store.failed() => {
                if let Err(e) = state.store.recover(state.clock.now_ms()) {
                    tracing::debug!("store not reopened yet: {e}");
                }
            }
            ev = events.recv() => match ev {
                Some(ClientEvent::Refreshed { ok }) => {
                    let outcome = if ok { "ok" } else { "failed" };
                    state.service.audit_record("AUTHENTICATION", "token_refresh", json!({"outcome": outcome}));
                }
                None => break,
            },
            _ = tick.tick() => {
                sweep(&state);
                daily(&state);
            }
            _ = state.shutdown.cancelled() => break,
        }
    }
}

/// One round of upkeep; also run once at shutdown.
pub fn sweep(state: &AgentState) {
    let s = &state.config.settings;
    let now = state.clock.now_ms();
    if s.cleanup.enabled {
        let (expired, evicted) = state.service.cleanup_cache(now, false);
        if expired + evicted > 0 {
            tracing::debug!(expired, evicted, "cache cleanup");
        }
    }
    state.service.prune_limits();
    if s.audit.enabled {
        let cutoff = now - s.audit.retention_days as i64 * DAY_MS;
        match state
            .service
            .purge_audit(cutoff, s.audit.max_size_mb * 1024 * 1024, false)
        {
            Ok(0) => {}
            Ok(n) => tracing::info!("audit retention removed {n} entries"),
            Err(e) => tracing::error!("audit retention failed: {e}"),
        }
    }
    if s.metrics.enabled {
        let bucket_ms = s.metrics.aggregation_interval_secs.max(1) as i64 * 1000;
        let bucket = now - now.rem_euclid(bucket_ms);
        let _ = state.store.metrics().insert(
            bucket.to_be_bytes(),
            state.service.metrics().json().to_string().into_bytes(),
        );
        let oldest = now - s.metrics.retention_days as i64 * DAY_MS;
        for (k, _) in state
            .store
            .metrics()
            .range(..oldest.to_be_bytes())
            .flatten()
        {
            let _ = state.store.metrics().remove(k);
        }
    }
    if let Err(e) = state.store.flush() {
        tracing::error!("flush after upkeep failed: {e}");
    }
}

/// Runs [`cleanup`] when `cleanup.daily` is on and the last one is a day old.
fn daily(state: &AgentState) {
    let s = &state.config.settings.cleanup;
    if !(s.enabled && s.daily) {
        return;
    }
    let now = state.clock.now_ms();
    let last = state
        .store
        .meta()
        .get(LAST_CLEANUP_KEY)
        .ok()
        .flatten()
        .and_then(|v| v.as_ref().try_into().ok().map(i64::from_be_bytes))
        .unwrap_or(0);
    if now - last < DAY_MS {
        return;
    }
    match cleanup(state, false) {
        Ok(r) => tracing::info!(
            cache = r.cache_entries,
            audit = r.audit_entries,
            metrics = r.metrics_buckets,
            vault_generations = r.vault_generations,
            backups = r.backups.len(),
            "daily cleanup"
        ),
        Err(e) => tracing::error!("daily cleanup failed: {e:#}"),
    }
}

/// Removes (or with `dry_run` lists) everything past its retention or rotation at the agent's
/// clock time, and says what.
pub fn cleanup(state: &AgentState, dry_run: bool) -> anyhow::Result<CleanupReport> {
    let s = &state.config.settings;
    let home = &state.config.home;
    let now = state.clock.now_ms();
    let stamp = |key: &[u8]| -> anyhow::Result<Option<i64>> {
        Ok(state
            .store
            .meta()
            .get(key)?
            .and_then(|v| v.as_ref().try_into().ok().map(i64::from_be_bytes)))
    };
    let first_cleanup = stamp(FIRST_CLEANUP_KEY)?;
    let mut r = CleanupReport {
        dry_run,
        compaction_counts_from: stamp(crate::store::compact::LAST_COMPACTION_KEY)?
            .or(first_cleanup)
            .unwrap_or(now),
        ..CleanupReport::default()
    };
    if first_cleanup.is_none() && !dry_run {
        state
            .store
            .meta()
            .insert(FIRST_CLEANUP_KEY, &now.to_be_bytes())?;
    }
    let (expired, evicted) = state.service.cleanup_cache(now, dry_run);
    r.cache_entries = (expired + evicted) as u64;
    r.audit_entries = state.service.purge_audit(
        now - s.audit.retention_days as i64 * DAY_MS,
        s.audit.max_size_mb * 1024 * 1024,
        dry_run,
    )?;
    let oldest = now - s.metrics.retention_days as i64 * DAY_MS;
    for item in state.store.metrics().range(..oldest.to_be_bytes()) {
        let (k, _) = item?;
        if !dry_run {
            state.store.metrics().remove(k)?;
        }
        r.metrics_buckets += 1;
    }
    for p in state.vault().stale_generations(now / 1000) {
        if !dry_run {
            std::fs::remove_file(&p)?;
        }
        r.vault_generations += 1;
    }
    let dir = super::backup::backup_dir(&state.config);
    for old in super::backup::rotation(state, &dir, s.backup.keep.max(1) as usize, None)?.remove {
        if !dry_run {
            std::fs::remove_file(&old)?;
        }
        r.backups.push(old);
    }
    // Verdicts of backups that no longer exist.
    for item in state.store.meta().scan_prefix(b"backup_verified:") {
        let (k, _) = item?;
        let name = String::from_utf8_lossy(&k["backup_verified:".len()..]).to_string();
        if !dir.join(&name).exists() {
            if !dry_run {
                state.store.meta().remove(&k)?;
            }
            r.backup_records += 1;
        }
    }
    // Leftovers: unknown run files a day old, half-written backups.
    let day_old = |p: &std::path::Path| {
        std::fs::symlink_metadata(p)
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
            .is_some_and(|d| now - (d.as_millis() as i64) > DAY_MS)
    };
    for e in std::fs::read_dir(&home.run_dir)
        .into_iter()
        .flatten()
        .flatten()
    {
        let name = e.file_name().to_string_lossy().to_string();
        if !RUN_FILES.contains(&name.as_str())
            && !name.starts_with("agent.log")
            && day_old(&e.path())
        {
            r.run_files.push(e.path());
        }
    }
    r.run_files.extend(super::backup::stale_partials(&dir, now));
    // Temp files and scratch copies of processes that died (a crash's leftovers; the agent's
    // start removes them too, but a long-running agent may outlive the crash).
    r.run_files
        .extend(crate::home::stale_temp_files(&home.data_dir));
    r.run_files
        .extend(crate::home::stale_temp_files(&home.vault_dir()));
    r.scratch_dirs = super::backup::stale_scratch_dirs(&home.data_dir);
    if !dry_run {
        for p in &r.run_files {
            std::fs::remove_file(p)?;
        }
        for p in &r.scratch_dirs {
            std::fs::remove_dir_all(p)?;
        }
        state
            .store
            .meta()
            .insert(LAST_CLEANUP_KEY, &now.to_be_bytes())?;
        state.store.flush()?;
    }
    Ok(r)
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;
    use crate::config::Settings;

    /// Cleanup on a fake clock removes exactly what is past retention or rotation: audit
    /// entries and metrics buckets older than their retention, backups beyond `backup.keep`,
    /// verdicts of removed backups; a dry run first lists the same and removes nothing.
    #[test]
    fn cleanup_removes_exactly_what_is_past_retention() {
        let mut settings = Settings::default();
        settings.audit.retention_days = 10;
        settings.metrics.retention_days = 5;
        settings.backup.keep = 2;
        let day = Duration::from_secs(86_400);
        let (_t, state, clock) = crate::agent::state::test_state(settings);
        // Four backups of this home (rotation counts only good ones; file names sort by time)
        // and a verdict for the oldest.
        let dir = super::super::backup::backup_dir(&state.config);
        for i in 0..4 {
            let made = super::super::backup::make(&state, None, Some(9), &[]).unwrap();
            clock.advance(Duration::from_secs(1));
            if i == 0 {
                let name = made.path.file_name().unwrap().to_string_lossy().to_string();
                state
                    .store
                    .meta()
                    .insert(format!("backup_verified:{name}"), b"{}".as_slice())
                    .unwrap();
            }
        }
        // Audit entries on days 0..20, metrics buckets on days 0..20.
        for d in 0..20 {
            state
                .service
                .audit_record("TEST", &format!("day {d}"), serde_json::json!({}));
            let now = state.clock.now_ms();
            state
                .store
                .metrics()
                .insert(now.to_be_bytes(), b"{}".as_slice())
                .unwrap();
            clock.advance(day);
        }
        // Now is day 20: audit days 0..=9 are past 10 days, metrics days 0..=14 past 5.
        let dry = cleanup(&state, true).unwrap();
        assert_eq!(
            (dry.audit_entries, dry.metrics_buckets, dry.backups.len()),
            (10, 15, 2)
        );
        assert_eq!(state.store.audit().len(), 20, "a dry run removes nothing");
        assert_eq!(crate::store::archive::list(&dir).unwrap().len(), 4);
        let done = cleanup(&state, false).unwrap();
        assert_eq!(
            (done.audit_entries, done.metrics_buckets, done.backups.len()),
            (10, 15, 2)
        );
        assert_eq!(done.backup_records, 1);
        assert_eq!(state.store.audit().len(), 10);
        assert_eq!(state.store.metrics().len(), 5);
        assert_eq!(crate::store::archive::list(&dir).unwrap().len(), 2);
        assert!(crate::service::audit::Audit::verify(&state.store).ok);
        let again = cleanup(&state, false).unwrap();
        assert_eq!(
            (
                again.audit_entries,
                again.metrics_buckets,
                again.backups.len()
            ),
            (0, 0, 0)
        );
    }
}
