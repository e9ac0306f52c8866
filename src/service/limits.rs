//! Per-user rate limits (docs/design.md section 8): governor keyed limiters per category, a per-minute
//! and a per-hour quota each. Repeat violations escalate a penalty (doubling by
//! `escalation_factor`, capped at `penalty_max_secs`) that is kept in the `limits` tree, so it
//! survives a restart. `burst` is the number of violations forgiven before the penalty starts.
//! Time comes from the injected [`Clock`], governor's included, so tests run on a fake clock.

use std::num::NonZeroU32;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use governor::clock::Clock as _;
use governor::middleware::NoOpMiddleware;
use governor::nanos::Nanos;
use governor::state::keyed::DefaultKeyedStateStore;
use governor::{Quota, RateLimiter};
use serde::{Deserialize, Serialize};

use crate::clock::{Clock, GovernorClock};
use crate::config::RateLimitSettings;

type Limiter =
    RateLimiter<String, DefaultKeyedStateStore<String>, GovernorClock, NoOpMiddleware<Nanos>>;

/// A refused call: how long to wait, and the violation count when this refusal is a new
/// violation to record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limited {
    pub wait_s: u64,
    pub new_violation: Option<u32>,
}

/// What `check` decides.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    Admit,
    /// Over the quota by a little: wait this long and ask again (a burst is smoothed, not
    /// refused).
    Queue(Duration),
    Refuse(Limited),
}

/// The longest a call is held back to smooth a burst before it is refused instead.
pub const QUEUE_MAX: Duration = Duration::from_secs(2);
/// A penalty is forgotten after this long without a violation once it ended.
pub const PENALTY_DECAY: Duration = Duration::from_secs(600);

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
    /// When the latest violation happened (Unix ms).
    #[serde(default)]
    last_violation_ms: i64,
}

struct Limiters {
    short: Limiter,
    long: Limiter,
    forgiven: u32,
}

pub struct Limits {
    settings: RateLimitSettings,
    by_category: Vec<(Category, Limiters)>,
    pub rejections: std::sync::atomic::AtomicU64,
    /// Calls checked since start (the base of the rejection rate `health` reports).
    pub checked: std::sync::atomic::AtomicU64,
    lock: Mutex<()>,
    clock: Arc<dyn Clock>,
    /// Penalties by subject and category live in the store's `limits` tree.
    store: crate::store::Store,
}

fn nz(n: u32) -> NonZeroU32 {
    NonZeroU32::new(n).unwrap_or(NonZeroU32::MIN)
}

impl Limits {
    pub fn new(
        settings: RateLimitSettings,
        clock: Arc<dyn Clock>,
        store: crate::store::Store,
    ) -> Limits {
        let gc = GovernorClock(clock.clone());
        let keyed = |q: Quota| -> Limiter {
            RateLimiter::new(q, DefaultKeyedStateStore::default(), gc.clone())
        };
        let q = |per_minute: u32, per_hour: u32, forgiven: u32| Limiters {
            short: keyed(Quota::per_minute(nz(per_minute))),
            long: keyed(Quota::per_hour(nz(per_hour))),
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
                    short: keyed(
                        Quota::with_period(
                            Duration::from_secs(900) / nz(s.auth_attempts.per_15_minutes).get(),
                        )
                        .expect("non-zero period")
                        .allow_burst(nz(s.auth_attempts.per_15_minutes)),
                    ),
                    long: keyed(Quota::per_hour(nz(s.auth_attempts.per_15_minutes * 4))),
                    forgiven: s.auth_attempts.burst,
                },
            ),
        ];
        Limits {
            settings,
            by_category,
            rejections: Default::default(),
            checked: Default::default(),
            lock: Mutex::new(()),
            clock,
            store,
        }
    }

    /// Admits one call of `category` by `subject` (a pseudonym), or says how long to wait.
    /// With `queue`, a call over the quota by at most [`QUEUE_MAX`] is told to wait rather
    /// than refused (its caller then asks again without `queue`).
    pub fn check(&self, subject: &str, category: Category, queue: bool) -> Verdict {
        if !self.settings.enabled {
            return Verdict::Admit;
        }
        self.checked
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let now_ms = self.clock.now_ms();
        let pkey = penalty_key(subject, category);
        let _g = self.lock.lock().unwrap_or_else(|p| p.into_inner());
        let mut pen: Penalty = self
            .store
            .limits()
            .get(&pkey)
            .ok()
            .flatten()
            .and_then(|v| serde_json::from_slice(&v).ok())
            .unwrap_or_default();
        if pen.violations > 0
            && now_ms - pen.until_ms.max(pen.last_violation_ms) >= PENALTY_DECAY.as_millis() as i64
        {
            // A period of compliance: the slate is clean again.
            pen = Penalty::default();
            let _ = self.store.limits().remove(&pkey);
        }
        if pen.until_ms > now_ms {
            // Calling again while penalised is a repeat violation: the wait grows.
            let remaining = ((pen.until_ms - now_ms) as u64).div_ceil(1000);
            pen.violations += 1;
            pen.last_violation_ms = now_ms;
            let wait = self.escalate(&mut pen, remaining, now_ms);
            self.persist(&pkey, &pen);
            return Verdict::Refuse(self.reject(wait, None));
        }
        let lim = &self
            .by_category
            .iter()
            .find(|(c, _)| *c == category)
            .expect("every category has limiters")
            .1;
        let key = subject.to_string();
        let verdict = lim
            .short
            .check_key(&key)
            .and_then(|_| lim.long.check_key(&key));
        match verdict {
            Ok(()) => Verdict::Admit,
            Err(not_until) => {
                let gc = GovernorClock(self.clock.clone());
                let exact = not_until.wait_time_from(gc.now());
                if queue && exact <= QUEUE_MAX {
                    return Verdict::Queue(exact);
                }
                let wait = (exact.as_secs_f64().ceil() as u64).max(1);
                pen.violations += 1;
                pen.last_violation_ms = now_ms;
                let wait = if pen.violations > lim.forgiven {
                    self.escalate(&mut pen, wait, now_ms)
                } else {
                    wait
                };
                self.persist(&pkey, &pen);
                Verdict::Refuse(self.reject(wait, Some(pen.violations)))
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
    fn persist(&self, key: &[u8], pen: &Penalty) {
        if let Ok(bytes) = serde_json::to_vec(pen) {
            let _ = self.store.limits().insert(key, bytes);
            let _ = self.store.limits().flush();
        }
    }

    fn reject(&self, wait_s: u64, new_violation: Option<u32>) -> Limited {
        self.rejections
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        Limited {
            wait_s,
            new_violation,
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
