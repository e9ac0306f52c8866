//! What tools call between MCP and TIDAL (DESIGN section 8): the two-level cache, per-user rate
//! limits, the audit chain, metrics and preferences, plus the per-user sealing and pseudonyms
//! they share. Each component honours its `enabled` switch.

pub mod audit;
pub mod cache;
pub mod limits;
pub mod metrics;
pub mod prefs;

use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use base64::Engine;
use serde_json::{Value, json};

use crate::agent::state::AgentState;
use crate::config::Settings;
use crate::mcp::tools::ToolResult;
use crate::store::seal;
use crate::tidal::{Observer, TidalError};
use crate::vault::Session;

pub struct Service {
    pub cache: cache::Cache,
    pub limits: limits::Limits,
    pub audit: audit::Audit,
    pub metrics: Arc<metrics::Metrics>,
    pub prefs: prefs::Prefs,
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
    fn upstream(&self, endpoint: &'static str, method: &str, status: u16, elapsed: Duration) {
        let status = if status == 0 {
            "error".to_string()
        } else {
            status.to_string()
        };
        self.metrics.inc(
            "tidal_mcp_upstream_requests_total",
            "Requests sent to TIDAL.",
            vec![
                ("endpoint", endpoint.into()),
                ("method", method.into()),
                ("status", status),
            ],
            1.0,
        );
        self.metrics.observe(
            "tidal_mcp_upstream_duration_seconds",
            "Latency of requests to TIDAL.",
            vec![("endpoint", endpoint.into())],
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
    pub fn new(settings: &Settings, metrics: Arc<metrics::Metrics>) -> Service {
        Service {
            cache: cache::Cache::new(settings.cache.clone()),
            limits: limits::Limits::new(settings.rate_limits.clone()),
            audit: audit::Audit::default(),
            metrics,
            prefs: prefs::Prefs,
        }
    }

    pub fn pseudonym(&self, state: &AgentState, user: &str) -> String {
        seal::pseudonym(&state.vault().data().pseudonym_key, user)
    }

    /// The active user's pseudonym, or `anonymous`.
    pub fn subject(&self, state: &AgentState) -> String {
        let v = state.vault();
        match v.data().active_user.as_deref() {
            Some(u) => seal::pseudonym(&v.data().pseudonym_key, u),
            None => "anonymous".into(),
        }
    }

    pub fn seal_for(&self, state: &AgentState, user: &str, plain: &[u8]) -> Vec<u8> {
        let mut v = state.vault();
        let existed = v.data().user_keys.contains_key(user);
        let sealed = seal::seal(v.data_mut().user_key(user), plain);
        if !existed && let Err(e) = v.save() {
            tracing::error!("could not persist a new user key: {e}");
        }
        sealed
    }

    pub fn open_for(&self, state: &AgentState, user: &str, sealed: &[u8]) -> Option<Vec<u8>> {
        let v = state.vault();
        seal::open(v.data().user_keys.get(user)?, sealed)
    }

    pub fn prefs_for_active(&self, state: &AgentState) -> prefs::Preferences {
        match state.tidal.session() {
            Some(s) => self.prefs.get(state, &s.user_id),
            None => prefs::Preferences::default(),
        }
    }

    /// Serves from the cache or runs `fetch` and stores its answer. Catalogue entries are
    /// shared per country; library entries are per user and sealed with the user's key.
    pub async fn cached<F, Fut>(
        &self,
        state: &AgentState,
        kind: cache::Kind,
        op: &str,
        params: &Value,
        tags: &[&str],
        fetch: F,
    ) -> ToolResult
    where
        F: FnOnce() -> Fut,
        Fut: Future<Output = ToolResult>,
    {
        let session = state.tidal.session().ok_or(TidalError::NotLoggedIn)?;
        let scope = match kind {
            cache::Kind::Library => self.pseudonym(state, &session.user_id),
            _ => session.country_code.clone(),
        };
        let key = cache::key(kind, op, params, &scope);
        let now = state.clock.now_ms();
        let user = session.user_id.clone();
        if let Some(v) = self
            .cache
            .get(&state.store, &key, now, |b| self.open_for(state, &user, b))
        {
            self.metrics.inc(
                "tidal_mcp_cache_requests_total",
                "Cache lookups by result.",
                vec![("result", "hit".into())],
                1.0,
            );
            return Ok(v);
        }
        self.metrics.inc(
            "tidal_mcp_cache_requests_total",
            "Cache lookups by result.",
            vec![("result", "miss".into())],
            1.0,
        );
        // Only what reaches TIDAL counts against the limits: cached answers are served while
        // a user is limited.
        if kind == cache::Kind::Search {
            self.limits.check(state, limits::Category::SearchQueries)?;
        }
        self.limits.check(state, limits::Category::ApiCalls)?;
        let v = fetch().await?;
        let tags: Vec<String> = tags.iter().map(|t| format!("{scope}:{t}")).collect();
        let tag_refs: Vec<&str> = tags.iter().map(String::as_str).collect();
        let seal = |b: &[u8]| self.seal_for(state, &user, b);
        let personal = kind == cache::Kind::Library;
        let how = cache::Put {
            kind,
            tags: &tag_refs,
            now_ms: now,
            seal: personal.then_some(&seal as cache::Sealer<'_>),
        };
        self.cache.put(&state.store, &key, &v, how);
        Ok(v)
    }

    /// Drops the active user's cache entries carrying these tags.
    pub fn invalidate(&self, state: &AgentState, tags: &[&str]) {
        let Some(s) = state.tidal.session() else {
            return;
        };
        let scope = self.pseudonym(state, &s.user_id);
        for t in tags {
            self.cache.invalidate(&state.store, &format!("{scope}:{t}"));
        }
    }

    /// Appends an audit entry for the active user; details are sealed with that user's key.
    pub fn audit_event(&self, state: &AgentState, event_type: &str, action: &str, details: Value) {
        if !state.config.settings.audit.enabled {
            return;
        }
        let session = state.tidal.session();
        let (subject, details) = match &session {
            Some(s) if state.config.settings.audit.encryption => {
                let sealed = self.seal_for(state, &s.user_id, details.to_string().as_bytes());
                (
                    self.pseudonym(state, &s.user_id),
                    json!({"sealed": base64::engine::general_purpose::STANDARD.encode(sealed)}),
                )
            }
            Some(s) => (self.pseudonym(state, &s.user_id), details),
            None => ("system".to_string(), details),
        };
        if let Err(e) = self.audit.append(
            &state.store,
            state.clock.now_ms(),
            event_type,
            action,
            &subject,
            details,
        ) {
            tracing::error!("audit append failed: {e}");
        }
    }

    pub fn audit_write(&self, state: &AgentState, action: &str, details: Value) {
        self.audit_event(state, "API_CALL", action, details);
    }

    pub fn audit_local(&self, state: &AgentState, action: &str, details: Value) {
        self.audit_event(state, "LOCAL", action, details);
    }

    pub fn audit_login(&self, state: &AgentState, result: &Result<Session, TidalError>) {
        match result {
            Ok(_) => self.audit_event(state, "AUTHENTICATION", "login", json!({"outcome": "ok"})),
            Err(e) => self.audit_event(
                state,
                "AUTHENTICATION",
                "login",
                json!({"outcome": e.kind()}),
            ),
        }
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
