//! The checks only the agent can make, because it owns the store and the vault.

use super::protocol::{Check, CheckStatus, HealthReport};
use super::state::AgentState;
use crate::service::upkeep::{CacheStats, LimitStats};

/// The overall status of a set of checks, as `health --json` and `/healthz` say it: the worst
/// check's, `healthy` when all are ok.
pub fn overall(checks: &[Check]) -> &'static str {
    if checks.iter().any(|c| c.status == CheckStatus::Critical) {
        "critical"
    } else if checks.iter().any(|c| c.status == CheckStatus::Warning) {
        "warning"
    } else {
        "healthy"
    }
}

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
    let pending = super::recovery::pending(&state.config);
    checks.push(if pending.is_empty() {
        Check::new(
            "interrupted_work",
            CheckStatus::Ok,
            "no restore, erasure, key rotation or migrate left half done".to_string(),
        )
    } else {
        Check::new("interrupted_work", Critical, pending.join("; "))
    });
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
    checks.push(cache_check(
        state.service.cache_stats(),
        state.store.cache().len(),
    ));
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
    checks.push(limits_check(state.service.limit_stats()));
    checks.push(backup_check(state));
    let metrics = if state.config.settings.metrics.enabled {
        "collecting"
    } else {
        "disabled in config"
    };
    checks.push(Check::new("metrics", CheckStatus::Ok, metrics));
    HealthReport { checks }
}

async fn session_check(state: &AgentState, online: bool) -> Check {
    let check = |status, detail: String| Check::new("session", status, detail);
    let Some(s) = state.service.current_session() else {
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
    match state.service.validate_session().await {
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

/// Below this many lookups (or limit checks) a ratio says nothing yet.
const MIN_SAMPLES: u64 = 50;
/// The earlier design's targets: cache hit ratio over 80%, rate-limit rejections under 1%.
const HIT_RATIO_TARGET: f64 = 0.8;
const REJECTION_TARGET: f64 = 0.01;

fn cache_check(c: CacheStats, l2_entries: usize) -> Check {
    let lookups = c.hits_l1 + c.hits_l2 + c.misses;
    let sizes = format!("{} L1 entries, {l2_entries} L2 entries", c.l1_entries);
    match c.hit_ratio {
        Some(r) if lookups >= MIN_SAMPLES && r < HIT_RATIO_TARGET => Check::new(
            "cache",
            CheckStatus::Warning,
            format!(
                "hit ratio {:.0}% over {lookups} lookups is under the 80% target; {sizes} \
                 (raise cache.l1.max_entries or the TTLs in [cache.ttl])",
                r * 100.0
            ),
        ),
        Some(r) => Check::new(
            "cache",
            CheckStatus::Ok,
            format!(
                "{sizes}, hit ratio {:.0}% over {lookups} lookups",
                r * 100.0
            ),
        ),
        None => Check::new("cache", CheckStatus::Ok, format!("{sizes}, no lookups yet")),
    }
}

fn limits_check(l: LimitStats) -> Check {
    let (rejected, checked) = (l.rejected, l.checked);
    let rate = if checked == 0 {
        0.0
    } else {
        rejected as f64 / checked as f64
    };
    if checked >= MIN_SAMPLES && rate > REJECTION_TARGET {
        Check::new(
            "limits",
            CheckStatus::Warning,
            format!(
                "{rejected} of {checked} calls limited ({:.1}%, target under 1%); see \
                 [rate_limits] in docs/OPERATIONS.md",
                rate * 100.0
            ),
        )
    } else {
        Check::new(
            "limits",
            CheckStatus::Ok,
            format!("{rejected} of {checked} calls limited since start"),
        )
    }
}

/// The newest backup's age against `backup.interval_hours`, whether it was verified, and
/// whether the backup directory takes a file.
fn backup_check(state: &AgentState) -> Check {
    let dir = super::backup::backup_dir(&state.config);
    let probe = dir.join(".write-probe");
    let writable = crate::home::ensure_private_dir(&dir).is_ok()
        && std::fs::write(&probe, b"").is_ok()
        && std::fs::remove_file(&probe).is_ok();
    if !writable {
        return Check::new(
            "backup",
            CheckStatus::Warning,
            format!(
                "backup directory {} is not writable; fix its permissions or set backup.dir",
                dir.display()
            ),
        );
    }
    let interval = state.config.settings.backup.interval_hours as i64 * 3_600_000;
    let now = state.clock.now_ms();
    let Some(newest) = super::backup::newest(state) else {
        return Check::new(
            "backup",
            if interval > 0 {
                CheckStatus::Warning
            } else {
                CheckStatus::Ok
            },
            format!("no backup in {} yet; run `tidal-mcp backup`", dir.display()),
        );
    };
    let age_h = (now - newest.made_ms) / 3_600_000;
    let name = newest
        .path
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default();
    if interval > 0 && now - newest.made_ms > interval {
        return Check::new(
            "backup",
            CheckStatus::Warning,
            format!(
                "newest backup {name} is {age_h} h old (backup.interval_hours = {}); run `tidal-mcp backup`",
                interval / 3_600_000
            ),
        );
    }
    match newest.verified {
        None => Check::new(
            "backup",
            CheckStatus::Warning,
            format!("newest backup {name} was never verified; run `tidal-mcp verify-backups`"),
        ),
        Some((_, false)) => Check::new(
            "backup",
            CheckStatus::Critical,
            format!("newest backup {name} failed verification; take a new one and check the disk"),
        ),
        Some((_, true)) => Check::new(
            "backup",
            CheckStatus::Ok,
            format!("newest backup {name} is {age_h} h old and verified"),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The earlier design's targets: a hit ratio under 80% and rejections over 1% warn, once
    /// there are enough samples to judge.
    #[test]
    fn cache_and_limit_targets_warn() {
        let cache = |hits, misses| CacheStats {
            hits_l1: hits,
            hits_l2: 0,
            misses,
            l1_entries: 0,
            hit_ratio: Some(hits as f64 / (hits + misses) as f64),
        };
        let check = cache_check(cache(0, 10), 0);
        assert_eq!(check.status, CheckStatus::Ok, "too few lookups");
        let check = cache_check(cache(70, 30), 0);
        assert_eq!(check.status, CheckStatus::Warning, "{}", check.detail);
        assert_eq!(cache_check(cache(90, 10), 0).status, CheckStatus::Ok);
        let limits = |rejected| LimitStats {
            checked: 1000,
            rejected,
        };
        let check = limits_check(limits(10));
        assert_eq!(check.status, CheckStatus::Ok, "1% is the edge");
        let check = limits_check(limits(11));
        assert_eq!(check.status, CheckStatus::Warning, "{}", check.detail);
    }
}
