//! Reads through the cache (docs/design.md section 8): an answer is served from the cache or
//! fetched once, however many identical reads arrive meanwhile, and stored with its tags.
//! Catalogue entries are shared per country, library entries are per user and sealed with the
//! user's key; only a read that reaches TIDAL counts against the limits.

use std::collections::HashMap;
use std::future::Future;
use std::sync::{Arc, Mutex};

use serde::Serialize;
use serde_json::Value;

use super::cache::{self, Cached};
use super::{Service, ServiceError, limits};

/// Fetches in flight, by cache key: each key's gate is held by the read fetching it.
pub(super) type Fetches = Mutex<HashMap<cache::Key, Arc<tokio::sync::Mutex<()>>>>;

/// A place in the queue of fetches for one cache key; the key leaves the map with its last user.
struct InFlight<'a> {
    map: &'a Fetches,
    key: cache::Key,
    gate: Arc<tokio::sync::Mutex<()>>,
}

impl<'a> InFlight<'a> {
    fn join(map: &'a Fetches, key: cache::Key) -> InFlight<'a> {
        let gate = map
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .entry(key)
            .or_default()
            .clone();
        InFlight { map, key, gate }
    }
}

impl Drop for InFlight<'_> {
    fn drop(&mut self) {
        let mut map = self.map.lock().unwrap_or_else(|p| p.into_inner());
        // The map's and ours: nobody else is waiting.
        if Arc::strong_count(&self.gate) <= 2 {
            map.remove(&self.key);
        }
    }
}

impl Service {
    /// A typed read through the cache: `op` and `key` name the entry, `fetch` asks TIDAL.
    pub(super) async fn read<T, F>(
        &self,
        kind: cache::Kind,
        op: &str,
        key: Value,
        tags: &[&str],
        fetch: impl FnOnce() -> F,
    ) -> Result<Cached<T>, ServiceError>
    where
        T: Serialize,
        F: Future<Output = Result<T, ServiceError>>,
    {
        self.cached(kind, op, &key, tags, || async {
            let v = fetch().await?;
            Ok(serde_json::to_value(&v).expect("an answer serializes"))
        })
        .await
        .map(Cached::new)
    }

    /// Serves from the cache or runs `fetch` and stores its answer. Catalogue entries are
    /// shared per country; library entries are per user and sealed with the user's key.
    async fn cached<F, Fut>(
        &self,
        kind: cache::Kind,
        op: &str,
        params: &Value,
        tags: &[&str],
        fetch: F,
    ) -> Result<Value, ServiceError>
    where
        F: FnOnce() -> Fut,
        Fut: Future<Output = Result<Value, ServiceError>>,
    {
        let session = self.session()?;
        let scope = match kind {
            cache::Kind::Library => self.keys.pseudonym(&session.user_id),
            _ => session.country_code.clone(),
        };
        let key = cache::key(kind, op, params, &scope);
        let user = session.user_id.clone();
        let lookup = || {
            let v = self
                .cache
                .get(&self.store, &key, self.clock.now_ms(), |b| {
                    self.keys.open_for(&user, b)
                })?;
            self.metrics.inc(
                "tidal_mcp_cache_requests_total",
                "Cache lookups by result.",
                vec![("result", "hit".into())],
                1.0,
            );
            Some(v)
        };
        if let Some(v) = lookup() {
            return Ok(v);
        }
        // One fetch per key at a time: a read that finds one in flight waits for it and is
        // then served from the cache.
        let turn = InFlight::join(&self.in_flight, key);
        let _my_turn = turn.gate.lock().await;
        if let Some(v) = lookup() {
            return Ok(v);
        }
        let now = self.clock.now_ms();
        self.metrics.inc(
            "tidal_mcp_cache_requests_total",
            "Cache lookups by result.",
            vec![("result", "miss".into())],
            1.0,
        );
        // Only what reaches TIDAL counts against the limits: cached answers are served while
        // a user is limited.
        if kind == cache::Kind::Search {
            self.check_limit(limits::Category::SearchQueries).await?;
        }
        self.check_limit(limits::Category::ApiCalls).await?;
        let v = fetch().await?;
        let tags: Vec<String> = tags.iter().map(|t| format!("{scope}:{t}")).collect();
        let tag_refs: Vec<&str> = tags.iter().map(String::as_str).collect();
        let seal = |b: &[u8]| self.keys.seal_for(&user, b);
        let personal = kind == cache::Kind::Library;
        let how = cache::Put {
            kind,
            tags: &tag_refs,
            now_ms: now,
            seal: personal.then_some(&seal as cache::Sealer<'_>),
        };
        self.cache.put(&self.store, &key, &v, how);
        Ok(v)
    }
}
