//! Per-user rate limits (DESIGN section 8): governor keyed limiters per category, a per-minute
//! and a per-hour quota each. Repeat violations escalate a penalty (doubling by
//! `escalation_factor`, capped at `penalty_max_secs`) that is kept in the `limits` tree, so it
//! survives a restart. `burst` is the number of violations forgiven before the penalty starts.

use std::num::NonZeroU32;
use std::sync::Mutex;
use std::time::Duration;

use governor::clock::{Clock as _, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};
use serde::{Deserialize, Serialize};

use crate::agent::state::AgentState;
use crate::config::RateLimitSettings;
use crate::mcp::tools::ToolError;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Category {
    ApiCalls,
    SearchQueries,
    PlaylistOperations,
    AuthAttempts,
}

impl Category {
    pub fn name(self) -> &'static str {
        match self {
            Category::ApiCalls => "api_calls",
            Category::SearchQueries => "search_queries",
            Category::PlaylistOperations => "playlist_operations",
            Category::AuthAttempts => "auth_attempts",
        }
    }
}

#[derive(Debug, Default, Serialize, Deserialize)]
struct Penalty {
    violations: u32,
    until_ms: i64,
    last_secs: u64,
}

struct Limiters {
    short: DefaultKeyedRateLimiter<String>,
    long: DefaultKeyedRateLimiter<String>,
    forgiven: u32,
}

pub struct Limits {
    settings: RateLimitSettings,
    by_category: Vec<(Category, Limiters)>,
    pub rejections: std::sync::atomic::AtomicU64,
    lock: Mutex<()>,
}

fn nz(n: u32) -> NonZeroU32 {
    NonZeroU32::new(n).unwrap_or(NonZeroU32::MIN)
}

impl Limits {
    pub fn new(settings: RateLimitSettings) -> Limits {
        let q = |per_minute: u32, per_hour: u32, forgiven: u32| Limiters {
            short: RateLimiter::keyed(Quota::per_minute(nz(per_minute))),
            long: RateLimiter::keyed(Quota::per_hour(nz(per_hour))),
            forgiven,
        };
        let s = &settings;
        let by_category = vec![
            (
                Category::ApiCalls,
                q(
                    s.api_calls.per_minute,
                    s.api_calls.per_hour,
                    s.api_calls.burst,
                ),
            ),
            (
                Category::SearchQueries,
                q(
                    s.search_queries.per_minute,
                    s.search_queries.per_hour,
                    s.search_queries.burst,
                ),
            ),
            (
                Category::PlaylistOperations,
                q(
                    s.playlist_operations.per_minute,
                    s.playlist_operations.per_hour,
                    s.playlist_operations.burst,
                ),
            ),
            (
                Category::AuthAttempts,
                Limiters {
                    short: RateLimiter::keyed(
                        Quota::with_period(
                            Duration::from_secs(900) / nz(s.auth_attempts.per_15_minutes).get(),
                        )
                        .expect("non-zero period")
                        .allow_burst(nz(s.auth_attempts.per_15_minutes)),
                    ),
                    long: RateLimiter::keyed(Quota::per_hour(nz(
                        s.auth_attempts.per_15_minutes * 4
                    ))),
                    forgiven: s.auth_attempts.burst,
                },
            ),
        ];
        Limits {
            settings,
            by_category,
            rejections: Default::default(),
            lock: Mutex::new(()),
        }
    }

    /// Admits one call of `category` for the active user, or says how long to wait.
    pub fn check(&self, state: &AgentState, category: Category) -> Result<(), ToolError> {
        if !self.settings.enabled {
            return Ok(());
        }
        let subject = state.service.subject(state);
        let now_ms = state.clock.now_ms();
        let pkey = penalty_key(&subject, category);
        let _g = self.lock.lock().unwrap_or_else(|p| p.into_inner());
        let mut pen: Penalty = state
            .store
            .limits
            .get(&pkey)
            .ok()
            .flatten()
            .and_then(|v| serde_json::from_slice(&v).ok())
            .unwrap_or_default();
        if pen.until_ms > now_ms {
            // Calling again while penalised is a repeat violation: the wait grows.
            let remaining = ((pen.until_ms - now_ms) as u64).div_ceil(1000);
            pen.violations += 1;
            let wait = self.escalate(&mut pen, remaining, now_ms);
            self.persist(state, &pkey, &pen);
            return Err(self.reject(state, category, wait));
        }
        let lim = &self
            .by_category
            .iter()
            .find(|(c, _)| *c == category)
            .expect("every category has limiters")
            .1;
        let clock = DefaultClock::default();
        let verdict = lim
            .short
            .check_key(&subject)
            .and_then(|_| lim.long.check_key(&subject));
        match verdict {
            Ok(()) => Ok(()),
            Err(not_until) => {
                let wait =
                    (not_until.wait_time_from(clock.now()).as_secs_f64().ceil() as u64).max(1);
                pen.violations += 1;
                let wait = if pen.violations > lim.forgiven {
                    self.escalate(&mut pen, wait, now_ms)
                } else {
                    wait
                };
                self.persist(state, &pkey, &pen);
                state.service.audit_event(
                    state,
                    "RATE_LIMIT",
                    category.name(),
                    serde_json::json!({"wait_s": wait, "violations": pen.violations}),
                );
                Err(self.reject(state, category, wait))
            }
        }
    }

    /// The next penalty: the first is the limiter's own wait, each repeat multiplies the last
    /// by `escalation_factor`, capped at `penalty_max_secs`.
    fn escalate(&self, pen: &mut Penalty, base_wait: u64, now_ms: i64) -> u64 {
        let factor = self.settings.escalation_factor.max(1) as u64;
        let next = if pen.last_secs == 0 {
            base_wait
        } else {
            pen.last_secs.saturating_mul(factor)
        };
        let next = next
            .max(base_wait)
            .min(self.settings.penalty_max_secs.max(1));
        pen.last_secs = next;
        pen.until_ms = now_ms + next as i64 * 1000;
        next
    }

    /// Penalties are acknowledged state: flushed so they survive a restart.
    fn persist(&self, state: &AgentState, key: &[u8], pen: &Penalty) {
        if let Ok(bytes) = serde_json::to_vec(pen) {
            let _ = state.store.limits.insert(key, bytes);
            let _ = state.store.flush();
        }
    }

    fn reject(&self, _state: &AgentState, category: Category, wait_s: u64) -> ToolError {
        self.rejections
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        ToolError {
            kind: "rate_limited",
            message: format!(
                "rate limit `{}` reached: wait {wait_s} seconds",
                category.name()
            ),
            hint: Some(format!(
                "retry after {wait_s} s; cached answers are still served"
            )),
        }
    }

    /// Forgets limiter state of keys that have been quiet (keeps memory bounded).
    pub fn prune(&self) {
        for (_, l) in &self.by_category {
            l.short.retain_recent();
            l.long.retain_recent();
        }
    }
}

fn penalty_key(subject: &str, c: Category) -> Vec<u8> {
    let mut k = subject.as_bytes().to_vec();
    k.push(0);
    k.extend_from_slice(c.name().as_bytes());
    k
}
