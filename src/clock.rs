//! Time, injectable: the agent and the TIDAL client ask a `Clock` for the time and for sleeps,
//! so tests drive device-flow polling, token expiry and rate limits without sleeping for real.

use std::sync::Mutex;
use std::time::Duration;

use futures::future::BoxFuture;

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
