//! Time, injectable: the agent, the service layer and the TIDAL client ask a `Clock` for the
//! time and for sleeps (governor's rate limiters too, through [`GovernorClock`]), so tests drive
//! device-flow polling, token expiry, the upstream quota and per-user limits without sleeping.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use futures::future::BoxFuture;
use governor::nanos::Nanos;

pub trait Clock: Send + Sync {
    /// Unix seconds.
    fn now(&self) -> i64;
    /// Unix milliseconds.
    fn now_ms(&self) -> i64 {
        self.now() * 1000
    }
    fn sleep(&self, d: Duration) -> BoxFuture<'static, ()>;
}

pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> i64 {
        self.now_ms() / 1000
    }
    fn now_ms(&self) -> i64 {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_millis() as i64)
            .unwrap_or(0)
    }
    fn sleep(&self, d: Duration) -> BoxFuture<'static, ()> {
        Box::pin(tokio::time::sleep(d))
    }
}

/// A clock that only moves when told to; a sleep advances it at once and is recorded.
pub struct FakeClock {
    state: Mutex<(i64, Vec<Duration>)>,
}

impl FakeClock {
    pub fn new(start_ms: i64) -> Self {
        FakeClock {
            state: Mutex::new((start_ms, Vec::new())),
        }
    }
    /// Moves the clock forward.
    pub fn advance(&self, d: Duration) {
        self.state.lock().unwrap().0 += d.as_millis() as i64;
    }

    /// Every sleep requested so far.
    pub fn sleeps(&self) -> Vec<Duration> {
        self.state.lock().unwrap().1.clone()
    }
}

impl Clock for FakeClock {
    fn now(&self) -> i64 {
        self.now_ms() / 1000
    }
    fn now_ms(&self) -> i64 {
        self.state.lock().unwrap().0
    }
    fn sleep(&self, d: Duration) -> BoxFuture<'static, ()> {
        let mut s = self.state.lock().unwrap();
        s.0 += d.as_millis() as i64;
        s.1.push(d);
        Box::pin(std::future::ready(()))
    }
}

/// Governor's view of an injected clock (millisecond resolution).
#[derive(Clone)]
pub struct GovernorClock(pub Arc<dyn Clock>);

impl governor::clock::Clock for GovernorClock {
    type Instant = Nanos;
    fn now(&self) -> Nanos {
        Nanos::from(Duration::from_millis(self.0.now_ms().max(0) as u64))
    }
}
