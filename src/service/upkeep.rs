//! What the agent asks of the service outside tools: the session's lifecycle (a login waited
//! for, a pasted redirect, a logout, an imported legacy session, an online check), the upkeep
//! of the cache, the limits and the audit log, and the counters that `health` and the metrics
//! report. The parts themselves stay private to the service.

use std::sync::atomic::Ordering::Relaxed;

use super::{Service, ServiceError};
use crate::clock::Clock;
use crate::tidal::legacy::LegacySession;
use crate::tidal::{Catalog, TidalError};
use crate::vault::Session;

/// The cache's counters since the agent started, and its sizes.
pub struct CacheStats {
    pub hits_l1: u64,
    pub hits_l2: u64,
    pub misses: u64,
    pub l1_entries: usize,
    pub hit_ratio: Option<f64>,
}

/// Rate-limit checks since the agent started, and how many were refused.
pub struct LimitStats {
    pub checked: u64,
    pub rejected: u64,
}

impl Service {
    /// Waits for the login in progress; `tick` hears the seconds left.
    pub async fn login_wait(
        &self,
        clock: &dyn Clock,
        tick: impl FnMut(u64),
    ) -> Result<(String, String), ServiceError> {
        self.logins.wait(clock, tick).await
    }

    /// The redirected address a browser ended on, pasted back to finish that login.
    pub async fn paste_redirect(&self, url: String) -> Result<(), ServiceError> {
        self.logins.paste_redirect(url).await
    }

    pub fn cancel_login(&self) {
        self.logins.cancel();
    }

    /// Ends the session at TIDAL as far as TIDAL allows (best effort).
    pub async fn logout_remote(&self) {
        self.tidal.logout_remote().await;
    }

    /// A legacy session file's tokens, checked with TIDAL and made a session of ours.
    pub async fn adopt_session(&self, legacy: LegacySession) -> Result<Session, TidalError> {
        self.tidal.adopt_session(legacy).await
    }

    /// Asks TIDAL whether the session works (`health --online`).
    pub async fn validate_session(&self) -> Result<serde_json::Value, TidalError> {
        self.tidal.backend().validate().await
    }

    /// Removes expired cache entries (and evicts past the size bound); how many of each.
    pub fn cleanup_cache(&self, now_ms: i64, dry_run: bool) -> (usize, usize) {
        self.cache.cleanup(&self.store, now_ms, dry_run)
    }

    /// Forgets limit state nobody has used lately.
    pub fn prune_limits(&self) {
        self.limits.prune();
    }

    /// Removes audit entries older than `cutoff_ms` or past `max_bytes`, keeping a checkpoint.
    pub fn purge_audit(
        &self,
        cutoff_ms: i64,
        max_bytes: u64,
        dry_run: bool,
    ) -> Result<u64, ServiceError> {
        Ok(self
            .audit
            .purge(&self.store, cutoff_ms, max_bytes, dry_run)?)
    }

    pub fn cache_stats(&self) -> CacheStats {
        let c = &self.cache;
        CacheStats {
            hits_l1: c.hits_l1.load(Relaxed),
            hits_l2: c.hits_l2.load(Relaxed),
            misses: c.misses.load(Relaxed),
            l1_entries: c.l1_len(),
            hit_ratio: c.hit_ratio(),
        }
    }

    pub fn limit_stats(&self) -> LimitStats {
        LimitStats {
            checked: self.limits.checked.load(Relaxed),
            rejected: self.limits.rejections.load(Relaxed),
        }
    }
}
