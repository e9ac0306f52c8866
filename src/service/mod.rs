//! What tools and admin operations call between MCP and TIDAL (docs/design.md section 8): the two-level
//! cache, per-user rate limits, the audit chain, metrics and preferences, plus the per-user
//! sealing and pseudonyms they share. Each component honours its `enabled` switch. The service is
//! built from what it uses (the store, a key handle over the vault, the TIDAL client, a clock and
//! the settings) and never reaches up into the agent or MCP: its failures are [`ServiceError`]s.

pub mod account;
pub mod audit;
pub mod cache;
mod callback;
pub mod catalog;
pub mod discovery;
mod error;
pub mod favorites;
pub mod gdpr;
pub mod import;
pub mod keys;
pub mod limits;
pub mod metrics;
pub mod playlists;
pub mod prefs;
mod read;
pub mod releases;
pub mod session;
#[cfg(test)]
mod tests;
pub mod tidy;
pub mod upkeep;
mod work;

use std::future::Future;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use base64::Engine;
use serde_json::{Value, json};

pub use cache::Cached;
pub use error::ServiceError;
use keys::Keys;
use session::Logins;
pub use work::Work;

/// The change of [`Service::changes`] that a login or logout is.
pub const ACCOUNT_CHANGED: &str = "account";

use crate::clock::Clock;
use crate::config::Settings;
use crate::store::Store;
use crate::tidal::{Observer, TidalClient, TidalError, Upstream};
use crate::vault::{ClientCredentials, Session, Vault};

pub struct Service {
    store: Store,
    keys: Keys,
    clock: Arc<dyn Clock>,
    settings: Settings,
    tidal: Arc<TidalClient>,
    logins: Arc<Logins>,
    cache: cache::Cache,
    limits: limits::Limits,
    audit: audit::Audit,
    metrics: Arc<metrics::Metrics>,
    /// Preference changes read the latest revision and write the next: one at a time, so two
    /// acknowledged changes never overwrite each other.
    prefs_lock: Mutex<()>,
    /// Cache misses being fetched, by cache key: an identical read arriving meanwhile waits
    /// for that fetch and is served from the cache, so it costs TIDAL nothing.
    in_flight: read::Fetches,
    /// What every write changed, as its cache tags (`playlist:<id>`, `playlists`,
    /// `favorites`): MCP connections turn them into resource notifications for their
    /// subscriptions, whichever client or command made the change.
    changes: tokio::sync::broadcast::Sender<String>,
}
/// Writes wait while this lives (see [`Service::pause_writes`]).
pub struct WritesPaused<'a> {
    _prefs: std::sync::MutexGuard<'a, ()>,
    _audit: std::sync::MutexGuard<'a, ()>,
}

/// Something the TIDAL client reports that the agent records outside the metrics.
#[derive(Debug, Clone, Copy)]
pub enum ClientEvent {
    Refreshed { ok: bool },
}

/// Feeds upstream exchanges into the metrics, and token refreshes to the agent (for the audit).
pub struct MetricsObserver {
    pub metrics: Arc<metrics::Metrics>,
    pub events: tokio::sync::mpsc::UnboundedSender<ClientEvent>,
}

impl Observer for MetricsObserver {
    fn upstream(
        &self,
        api: Upstream,
        endpoint: &'static str,
        method: &str,
        status: u16,
        elapsed: Duration,
    ) {
        let status = if status == 0 {
            "error".to_string()
        } else {
            status.to_string()
        };
        self.metrics.inc(
            "tidal_mcp_upstream_requests_total",
            "Requests sent to TIDAL.",
            vec![
                ("api", api.label().into()),
                ("endpoint", endpoint.into()),
                ("method", method.into()),
                ("status", status),
            ],
            1.0,
        );
        self.metrics.observe(
            "tidal_mcp_upstream_duration_seconds",
            "Latency of requests to TIDAL.",
            vec![("api", api.label().into()), ("endpoint", endpoint.into())],
            elapsed.as_secs_f64(),
        );
    }
    fn refreshed(&self, ok: bool) {
        let outcome = if ok { "ok" } else { "failed" };
        let _ = self.events.send(ClientEvent::Refreshed { ok });
        self.metrics.inc(
            "tidal_mcp_token_refreshes_total",
            "Access token refreshes.",
            vec![("outcome", outcome.into())],
            1.0,
        );
    }
}

impl Service {
    pub fn new(
        settings: &Settings,
        store: Store,
        vault: Arc<Mutex<Vault>>,
        tidal: Arc<TidalClient>,
        clock: Arc<dyn Clock>,
        metrics: Arc<metrics::Metrics>,
    ) -> Service {
        Service {
            cache: cache::Cache::new(settings.cache.clone()),
            limits: limits::Limits::new(settings.rate_limits.clone(), clock.clone(), store.clone()),
            audit: audit::Audit::default(),
            metrics,
            logins: Arc::new(Logins::default()),
            prefs_lock: Mutex::new(()),
            in_flight: read::Fetches::default(),
            changes: tokio::sync::broadcast::channel(256).0,
            keys: Keys::new(vault),
            settings: settings.clone(),
            store,
            tidal,
            clock,
        }
    }

    /// The logged-in session, or `NotLoggedIn`.
    fn session(&self) -> Result<Session, ServiceError> {
        self.tidal.session().ok_or(ServiceError::NotLoggedIn)
    }

    /// Holds every audited write and preference change until dropped: what a backup copies
    /// while holding it is one point in time.
    pub fn pause_writes(&self) -> WritesPaused<'_> {
        WritesPaused {
            _prefs: self.prefs_lock.lock().unwrap_or_else(|p| p.into_inner()),
            _audit: self.audit.hold(),
        }
    }

    /// The logged-in user's id.
    pub fn active_user(&self) -> Result<String, ServiceError> {
        Ok(self.session()?.user_id)
    }

    pub fn prefs_for_active(&self) -> prefs::Preferences {
        match self.tidal.session() {
            Some(s) => self.preferences(&s.user_id),
            None => prefs::Preferences::default(),
        }
    }

    /// Starts a login (the device flow or the browser's, as `flow` or the settings choose)
    /// without blocking, for the caller's app credentials or else the agent's; it is audited
    /// when it ends, and the session keeps the app it was issued to.
    pub async fn start_login(
        self: &Arc<Self>,
        client: Option<ClientCredentials>,
        flow: Option<session::LoginFlow>,
    ) -> Result<session::LoginInfo, ServiceError> {
        let client = client
            .or_else(|| self.tidal.configured_client())
            .ok_or(TidalError::NoCredentials)?;
        let me = self.clone();
        Ok(self
            .logins
            .start(self.tidal.clone(), client, flow, move |r| {
                me.login_finished(r)
            })
            .await?)
    }

    /// A login an assistant asked for (the `auth_login` tool): limited per user as
    /// `auth_attempts`, for the agent's app credentials.
    pub async fn start_assistant_login(
        self: &Arc<Self>,
    ) -> Result<session::LoginInfo, ServiceError> {
        self.check_limit(limits::Category::AuthAttempts).await?;
        self.start_login(None, None).await
    }

    /// The stored session, whether or not it still works.
    pub fn current_session(&self) -> Option<Session> {
        self.tidal.session()
    }

    /// A login in progress or failed, as `auth_status` shows it.
    pub fn login_progress(&self) -> Option<Value> {
        self.logins.describe()
    }

    /// Admits one call of `category` for the active user: at once, after a short wait that
    /// smooths a burst (at most `limits::QUEUE_MAX`), or not, saying how long to wait. A new
    /// violation is audited.
    async fn check_limit(&self, category: limits::Category) -> Result<(), ServiceError> {
        let subject = self.keys.active_subject();
        let mut verdict = self.limits.check(&subject, category, true);
        if let limits::Verdict::Queue(wait) = verdict {
            self.clock.sleep(wait).await;
            verdict = self.limits.check(&subject, category, false);
        }
        match verdict {
            limits::Verdict::Admit | limits::Verdict::Queue(_) => Ok(()),
            limits::Verdict::Refuse(limited) => {
                if let Some(violations) = limited.new_violation {
                    self.audit_record(
                        "RATE_LIMIT",
                        category.name(),
                        json!({"wait_s": limited.wait_s, "violations": violations}),
                    );
                }
                Err(ServiceError::RateLimited {
                    category: category.name(),
                    wait_s: limited.wait_s,
                })
            }
        }
    }

    /// Drops the active user's cache entries carrying these tags, and tells the listeners of
    /// [`Service::changes`] what changed.
    fn invalidate(&self, tags: &[&str]) {
        let Some(s) = self.tidal.session() else {
            return;
        };
        let scope = self.keys.pseudonym(&s.user_id);
        for t in tags {
            self.cache.invalidate(&self.store, &format!("{scope}:{t}"));
            // Nobody listening is fine: there is no subscription.
            let _ = self.changes.send(t.to_string());
        }
    }

    /// What writes change from now on, as cache tags: `playlist:<id>`, `playlists` (a
    /// playlist appeared, went or was renamed), `folders`, `favorites`; and
    /// [`ACCOUNT_CHANGED`] when someone logs in or out.
    pub fn changes(&self) -> tokio::sync::broadcast::Receiver<String> {
        self.changes.subscribe()
    }

    /// Tells the listeners of [`Service::changes`] that the account changed (a login or a
    /// logout, from any client or the CLI): everything they show may read differently.
    pub fn account_changed(&self) {
        let _ = self.changes.send(ACCOUNT_CHANGED.to_string());
    }

    /// Appends an audit entry for the active user (details sealed with that user's key) and
    /// flushes it. Writes call this before they act: one that cannot be audited is not done.
    pub fn audit_event(
        &self,
        event_type: &str,
        action: &str,
        details: Value,
    ) -> Result<(), ServiceError> {
        let active = self.tidal.session().map(|s| s.user_id);
        self.audit_event_about(active.as_deref(), event_type, action, details)
    }

    /// Appends an audit entry about `user` (sealed with their key, under their pseudonym; the
    /// system's when `None`), whoever is logged in: an operator's export, erasure or import of
    /// one person belongs to that person's record, not to the active user's. About someone the
    /// vault does not know (erased, or never seen) it is the system's: auditing must not start a
    /// record, or a key, of them.
    pub fn audit_event_about(
        &self,
        user: Option<&str>,
        event_type: &str,
        action: &str,
        details: Value,
    ) -> Result<(), ServiceError> {
        // A store that failed (a full disk) is reopened once it can be written again.
        if let Err(e) = self.store.recover(self.clock.now_ms()) {
            return Err(ServiceError::Storage(format!(
                "the audit entry could not be stored: {e}"
            )));
        }
        if !self.settings.audit.enabled {
            return Ok(());
        }
        let user = user.filter(|u| self.keys.knows(u));
        let (subject, details) = match user {
            Some(u) if self.settings.audit.encryption => {
                let sealed = self.keys.seal_for(u, details.to_string().as_bytes());
                (
                    self.keys.pseudonym(u),
                    json!({"sealed": base64::engine::general_purpose::STANDARD.encode(sealed)}),
                )
            }
            Some(u) => (self.keys.pseudonym(u), details),
            None => ("system".to_string(), details),
        };
        self.audit
            .append(
                &self.store,
                self.clock.now_ms(),
                event_type,
                action,
                &subject,
                details,
            )
            .map(|_| ())
            .map_err(|e| {
                tracing::error!("audit append failed: {e}");
                ServiceError::Storage(format!("the audit entry could not be stored: {e}"))
            })
    }

    /// Records what happened (a login, a refresh, a refused call): a failure is logged, the
    /// event itself cannot be undone.
    pub fn audit_record(&self, event_type: &str, action: &str, details: Value) {
        let _ = self.audit_event(event_type, action, details);
    }

    /// The write sequence once a write is admitted and checked: its audit entry appended and
    /// flushed first (a write that cannot be audited is not sent), then the change, then
    /// `tags` dropped from the cache, after a failure too (TIDAL may have done part of it).
    async fn audited<T>(
        &self,
        action: &str,
        details: Value,
        tags: &[&str],
        change: impl Future<Output = Result<T, ServiceError>>,
    ) -> Result<T, ServiceError> {
        self.audit_write(action, details)?;
        let done = change.await;
        self.invalidate(tags);
        done
    }

    /// Audits a change to the TIDAL account before it is made.
    fn audit_write(&self, action: &str, details: Value) -> Result<(), ServiceError> {
        self.audit_event("API_CALL", action, details)
    }

    /// Audits a change to local state before it is made.
    fn audit_local(&self, action: &str, details: Value) -> Result<(), ServiceError> {
        self.audit_event("LOCAL", action, details)
    }

    /// A login ended: audited, and on success the user's profile is kept in the
    /// `users` tree (sealed with their key; never a token).
    pub fn login_finished(&self, result: &Result<Session, TidalError>) {
        match result {
            Ok(s) => {
                let profile = json!({
                    "user_id": s.user_id,
                    "country_code": s.country_code,
                    "username": s.username,
                    "last_login_ms": self.clock.now_ms(),
                });
                let sealed = self
                    .keys
                    .seal_for(&s.user_id, profile.to_string().as_bytes());
                let written = self
                    .store
                    .users()
                    .insert(self.keys.pseudonym(&s.user_id), sealed)
                    .map(|_| ())
                    .map_err(|e| self.store.err(e))
                    .and_then(|()| self.store.flush());
                if let Err(e) = written {
                    tracing::error!("could not store the user profile: {e}");
                }
                self.audit_record("AUTHENTICATION", "login", json!({"outcome": "ok"}));
                self.account_changed();
            }
            Err(e) => self.audit_record("AUTHENTICATION", "login", json!({"outcome": e.kind()})),
        }
    }

    /// The agent's metrics registry, which the service and the TIDAL client feed.
    pub fn metrics(&self) -> &metrics::Metrics {
        &self.metrics
    }

    /// Records one tool call's outcome and latency.
    pub fn record_tool(&self, tool: &str, outcome: &str, elapsed: Duration) {
        self.metrics.inc(
            "tidal_mcp_tool_calls_total",
            "MCP tool calls by tool and outcome.",
            vec![("tool", tool.to_string()), ("outcome", outcome.to_string())],
            1.0,
        );
        self.metrics.observe(
            "tidal_mcp_tool_duration_seconds",
            "MCP tool call latency.",
            vec![("tool", tool.to_string())],
            elapsed.as_secs_f64(),
        );
    }
}
