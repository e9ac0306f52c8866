//! The TIDAL HTTP client, used only inside the agent (docs/design.md section 7). `send` is the one road
//! every request takes: the shared upstream quota, any Retry-After still in force, a fresh access
//! token (refreshed early, single flight), `countryCode`, and the mapping of answers to retries
//! or typed errors. `auth` holds the device flow and refresh, `backend` what a backend does and the
//! choice of one per session, `v1` and `official` the two APIs' endpoints, `model` the
//! normalised objects.

pub mod auth;
pub mod backend;
pub mod error;
pub mod legacy;
pub mod model;
mod official;
pub mod pkce;
pub mod v1;

use std::num::NonZeroU32;
use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};
use std::time::{Duration, Instant};

use governor::middleware::NoOpMiddleware;
use governor::nanos::Nanos;
use governor::state::{InMemoryState, NotKeyed};
use governor::{Quota, RateLimiter};
use reqwest::header::HeaderMap;
use reqwest::{Method, StatusCode};
use serde_json::Value;

pub use backend::{Backend, Capability, Catalog, Chosen, Favorites, Library, Playlists};
pub use error::TidalError;

use crate::clock::{Clock, GovernorClock};
use crate::config::TidalSettings;
use crate::vault::Session;

/// Where sessions live (the vault, in the agent). Saving must be durable before it returns:
/// a refreshed token is persisted before it is used.
pub trait TokenStore: Send + Sync {
    fn current(&self) -> Option<Session>;
    fn save(&self, session: Session) -> Result<(), String>;
    fn mark_revoked(&self, user_id: &str);
}

/// Which of TIDAL's services an exchange was with: its login server, the v1 API or the official
/// API. Metrics label each exchange with it, beside the endpoint as that service names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Upstream {
    Auth,
    V1,
    Official,
}

impl Upstream {
    pub fn label(self) -> &'static str {
        match self {
            Upstream::Auth => "auth",
            Upstream::V1 => "v1",
            Upstream::Official => "official",
        }
    }
}

/// Told about every upstream exchange (metrics).
pub trait Observer: Send + Sync {
    fn upstream(
        &self,
        api: Upstream,
        endpoint: &'static str,
        method: &str,
        status: u16,
        elapsed: Duration,
    );
    fn refreshed(&self, ok: bool);
}

/// 401 sub-statuses after which a refresh and one retry are worth it (TIDAL SDK's list).
const REFRESH_SUBSTATUS: &[i64] = &[11003, 6001, 11001, 11002, 11101];
type UpstreamLimiter = RateLimiter<NotKeyed, InMemoryState, GovernorClock, NoOpMiddleware<Nanos>>;

/// A Retry-After longer than this is returned to the caller instead of waited out.
const MAX_INLINE_WAIT: Duration = Duration::from_secs(30);

pub struct TidalClient {
    http: reqwest::Client,
    pub(crate) settings: TidalSettings,
    /// The one upstream quota of the agent, on the injected clock.
    limiter: UpstreamLimiter,
    /// Unix ms before which no request may be sent (set by a 429's Retry-After).
    blocked_until_ms: AtomicI64,
    pub(crate) clock: Arc<dyn Clock>,
    tokens: Arc<dyn TokenStore>,
    observer: Option<Arc<dyn Observer>>,
    refresh_lock: tokio::sync::Mutex<()>,
}

/// One request, described before it is sent (it may be sent again).
pub(crate) struct Call {
    pub method: Method,
    pub url: String,
    pub query: Vec<(String, String)>,
    pub form: Option<Vec<(String, String)>>,
    pub if_none_match: Option<String>,
    /// A label for metrics: the path with ids replaced, as the API it goes to names it (the
    /// official API's without its `/v2` base, as TIDAL's OpenAPI document writes it).
    pub endpoint: &'static str,
    /// Safe to send again after a 5xx or a connection error.
    pub idempotent: bool,
    /// The official API: JSON:API media type, and a 401 means "refresh and retry".
    pub jsonapi: bool,
    /// A JSON:API request document (writes to the official API).
    pub json: Option<Value>,
    /// Sent as `Idempotency-Key`: TIDAL applies a retried write once.
    pub idempotency_key: Option<String>,
    /// Sends the session's `countryCode`: every v1 call; on the official API only the
    /// operations that declare it.
    pub country: bool,
}

impl Call {
    pub fn get(url: String, endpoint: &'static str) -> Call {
        Call {
            method: Method::GET,
            url,
            query: Vec::new(),
            form: None,
            if_none_match: None,
            endpoint,
            idempotent: true,
            jsonapi: false,
            json: None,
            idempotency_key: None,
            country: true,
        }
    }
    pub fn write(method: Method, url: String, endpoint: &'static str) -> Call {
        Call {
            method,
            url,
            query: Vec::new(),
            form: None,
            if_none_match: None,
            endpoint,
            idempotent: false,
            jsonapi: false,
            json: None,
            idempotency_key: None,
            country: true,
        }
    }
    /// A write to the official API (a JSON:API document, or none for a DELETE of a resource)
    /// with a fresh idempotency key, so the write may be sent again after a lost answer and
    /// still lands once.
    pub fn jsonapi_write(
        method: Method,
        url: String,
        endpoint: &'static str,
        doc: Option<Value>,
    ) -> Call {
        let mut key = [0u8; 16];
        rand::RngCore::fill_bytes(&mut rand::rngs::OsRng, &mut key);
        Call {
            jsonapi: true,
            json: doc,
            idempotency_key: Some(hex::encode(key)),
            // With the key, sending again cannot apply it twice.
            idempotent: true,
            country: false,
            ..Call::write(method, url, endpoint)
        }
    }
    /// Which API this goes to.
    fn upstream(&self) -> Upstream {
        if self.jsonapi {
            Upstream::Official
        } else {
            Upstream::V1
        }
    }
    /// A read of the official API: JSON:API, and `countryCode` only if `country()` says so.
    pub fn jsonapi(mut self) -> Call {
        self.jsonapi = true;
        self.country = false;
        self
    }
    pub fn country(mut self) -> Call {
        self.country = true;
        self
    }
    pub fn q(mut self, k: &str, v: impl ToString) -> Call {
        self.query.push((k.to_string(), v.to_string()));
        self
    }
    pub fn form(mut self, pairs: Vec<(&str, String)>) -> Call {
        self.form = Some(pairs.into_iter().map(|(k, v)| (k.to_string(), v)).collect());
        self
    }
    pub fn etag(mut self, etag: Option<String>) -> Call {
        self.if_none_match = etag;
        self
    }
}

pub(crate) struct Reply {
    pub headers: HeaderMap,
    pub body: Value,
}

impl Reply {
    pub fn etag(&self) -> Option<String> {
        self.headers
            .get("etag")
            .and_then(|v| v.to_str().ok())
            .map(str::to_string)
    }
}

impl TidalClient {
    pub fn new(
        settings: TidalSettings,
        clock: Arc<dyn Clock>,
        tokens: Arc<dyn TokenStore>,
        observer: Option<Arc<dyn Observer>>,
    ) -> Result<TidalClient, TidalError> {
        let http = reqwest::Client::builder()
            .timeout(Duration::from_secs(settings.request_timeout_secs))
            .user_agent(concat!("tidal-mcp/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| TidalError::Protocol(e.to_string()))?;
        let per_second =
            NonZeroU32::new(settings.upstream_per_second).unwrap_or(nonzero_ext::nonzero!(1u32));
        let burst = NonZeroU32::new(settings.upstream_burst).unwrap_or(per_second);
        Ok(TidalClient {
            http,
            limiter: RateLimiter::direct_with_clock(
                Quota::per_second(per_second).allow_burst(burst),
                GovernorClock(clock.clone()),
            ),
            blocked_until_ms: AtomicI64::new(0),
            settings,
            clock,
            tokens,
            observer,
            refresh_lock: tokio::sync::Mutex::new(()),
        })
    }

    /// A URL of the v1 API (`{api_url}/v1/...`, and its own `/v2/...` paths).
    pub(crate) fn api(&self, path: &str) -> String {
        format!("{}{}", self.settings.api_url.trim_end_matches('/'), path)
    }

    /// A URL of the official API (`{openapi_url}/...`, the base carrying its `/v2`).
    pub(crate) fn openapi(&self, path: &str) -> String {
        let base = self.settings.openapi_url.trim_end_matches('/');
        format!("{base}{path}")
    }

    pub(crate) fn auth_url(&self, path: &str) -> String {
        format!("{}{}", self.settings.auth_url.trim_end_matches('/'), path)
    }

    pub fn settings(&self) -> &crate::config::TidalSettings {
        &self.settings
    }

    pub fn clock(&self) -> &Arc<dyn Clock> {
        &self.clock
    }

    /// The stored session, if any (no network).
    pub fn session(&self) -> Option<Session> {
        self.tokens.current()
    }

    pub(crate) fn tokens(&self) -> &Arc<dyn TokenStore> {
        &self.tokens
    }

    pub(crate) fn observe(
        &self,
        api: Upstream,
        endpoint: &'static str,
        method: &str,
        status: u16,
        started: Instant,
    ) {
        if let Some(o) = &self.observer {
            o.upstream(api, endpoint, method, status, started.elapsed());
        }
    }

    pub(crate) fn observe_refresh(&self, ok: bool) {
        if let Some(o) = &self.observer {
            o.refreshed(ok);
        }
    }

    /// Waits for any Retry-After in force, then for a slot in the shared upstream quota. A
    /// Retry-After longer than `MAX_INLINE_WAIT` is not waited out by anyone: every caller is
    /// told at once how long it has left, as the one that met the 429 was.
    async fn wait_for_slot(&self) -> Result<(), TidalError> {
        loop {
            let until = self.blocked_until_ms.load(Ordering::SeqCst);
            let now = self.clock.now_ms();
            if until <= now {
                break;
            }
            let left = Duration::from_millis((until - now) as u64);
            if left > MAX_INLINE_WAIT {
                return Err(TidalError::RateLimited {
                    wait_s: left.as_secs_f64().ceil() as u64,
                });
            }
            self.clock.sleep(left).await;
        }
        let clock = GovernorClock(self.clock.clone());
        while let Err(not_until) = self.limiter.check() {
            self.clock
                .sleep(not_until.wait_time_from(governor::clock::Clock::now(&clock)))
                .await;
        }
        Ok(())
    }

    fn backoff(attempt: u32) -> Duration {
        Duration::from_millis((500u64 << attempt.min(5)).min(8_000))
    }

    /// Sends an authenticated request (bearer + countryCode) with TIDAL's retry rules.
    pub(crate) async fn send(&self, call: &Call) -> Result<Reply, TidalError> {
        let mut refreshed = false;
        let mut attempt = 0u32;
        loop {
            self.wait_for_slot().await?;
            let session = self.fresh_session().await?;
            let mut req = self
                .http
                .request(call.method.clone(), &call.url)
                .bearer_auth(session.access_token.expose_secret())
                .query(&call.query);
            if call.country {
                req = req.query(&[("countryCode", session.country_code.as_str())]);
            }
            if let Some(form) = &call.form {
                req = req.form(form);
            }
            if let Some(etag) = &call.if_none_match {
                req = req.header("If-None-Match", etag);
            }
            if call.jsonapi {
                req = req.header("accept", "application/vnd.api+json");
            }
            if let Some(doc) = &call.json {
                req = req
                    .header("content-type", "application/vnd.api+json")
                    .body(doc.to_string());
            }
            if let Some(key) = &call.idempotency_key {
                req = req.header("Idempotency-Key", key);
            }
            let started = Instant::now();
            let resp = match req.send().await {
                Ok(r) => r,
                Err(e) => {
                    self.observe(
                        call.upstream(),
                        call.endpoint,
                        call.method.as_str(),
                        0,
                        started,
                    );
                    if call.idempotent && attempt < self.settings.max_retries {
                        self.clock.sleep(Self::backoff(attempt)).await;
                        attempt += 1;
                        continue;
                    }
                    return Err(TidalError::Unavailable(failure_text(&e)));
                }
            };
            let status = resp.status();
            let headers = resp.headers().clone();
            let text = resp.text().await.unwrap_or_default();
            self.observe(
                call.upstream(),
                call.endpoint,
                call.method.as_str(),
                status.as_u16(),
                started,
            );
            let body: Value = if text.trim().is_empty() {
                Value::Null
            } else {
                serde_json::from_str(&text).unwrap_or(Value::Null)
            };
            // The official API's token bucket: with none left, the next request waits for one.
            if let Some(wait) = bucket_empty(&headers) {
                let until = self.clock.now_ms() + wait.as_millis() as i64;
                self.blocked_until_ms.fetch_max(until, Ordering::SeqCst);
            }
            if status.is_success() {
                return Ok(Reply { headers, body });
            }
            let sub = body
                .get("subStatus")
                .or_else(|| body.get("sub_status"))
                .and_then(Value::as_i64);
            let message =
                user_message(&body).unwrap_or_else(|| format!("HTTP {}", status.as_u16()));
            match status {
                StatusCode::UNAUTHORIZED
                    if (call.jsonapi || sub.is_some_and(|s| REFRESH_SUBSTATUS.contains(&s)))
                        && !refreshed =>
                {
                    self.refresh(session.access_token.expose_secret()).await?;
                    refreshed = true;
                }
                StatusCode::UNAUTHORIZED if sub == Some(4005) => {
                    return Err(TidalError::BadRequest(message));
                }
                StatusCode::UNAUTHORIZED if sub == Some(8003) => {
                    return Err(TidalError::BadCredentials(message));
                }
                StatusCode::UNAUTHORIZED => return Err(TidalError::SessionExpired),
                StatusCode::TOO_MANY_REQUESTS => {
                    let wait = retry_after(&headers)
                        .or_else(|| bucket_empty(&headers))
                        .unwrap_or_else(|| Self::backoff(attempt));
                    let until = self.clock.now_ms() + wait.as_millis() as i64;
                    self.blocked_until_ms.fetch_max(until, Ordering::SeqCst);
                    if attempt >= self.settings.max_retries || wait > MAX_INLINE_WAIT {
                        return Err(TidalError::RateLimited {
                            wait_s: wait.as_secs().max(1),
                        });
                    }
                    attempt += 1;
                }
                StatusCode::PRECONDITION_FAILED => return Err(TidalError::PreconditionFailed),
                // The official API is still processing the first send of this key: its answer
                // will be replayed once it is done.
                StatusCode::CONFLICT
                    if call.idempotency_key.is_some() && attempt < self.settings.max_retries =>
                {
                    self.clock.sleep(Self::backoff(attempt)).await;
                    attempt += 1;
                }
                StatusCode::NOT_FOUND => return Err(TidalError::NotFound(message)),
                s if s.is_server_error() => {
                    if call.idempotent && attempt < self.settings.max_retries {
                        self.clock.sleep(Self::backoff(attempt)).await;
                        attempt += 1;
                    } else {
                        return Err(TidalError::Unavailable(message));
                    }
                }
                _ => return Err(TidalError::BadRequest(message)),
            }
        }
    }

    /// Walks a v1 list endpoint in pages of at most 50 (`offset += items.len()`), up to `max`
    /// items, stopping at `totalNumberOfItems` or at an empty page, and parses each item as its
    /// page arrives (`parse` gets its absolute index), so a long list never sits in memory as
    /// raw JSON. Returns the parsed items, TIDAL's total and the last ETag. `on_page` sees the
    /// count so far (progress).
    pub(crate) async fn collect<T>(
        &self,
        base: &Call,
        offset: u64,
        max: u64,
        mut on_page: impl FnMut(u64, u64),
        mut parse: impl FnMut(u64, &Value) -> Option<T>,
    ) -> Result<(Vec<T>, u64, Option<String>), TidalError> {
        let mut out = Vec::new();
        let mut seen = 0u64;
        let mut total = 0;
        let mut offset = offset;
        let mut etag = None;
        while seen < max {
            let want = (max - seen).min(50);
            let mut call = Call::get(base.url.clone(), base.endpoint);
            call.query = base.query.clone();
            call = call.q("limit", want).q("offset", offset);
            let reply = self.send(&call).await?;
            etag = reply.etag().or(etag);
            total = reply
                .body
                .get("totalNumberOfItems")
                .and_then(Value::as_u64)
                .unwrap_or(total);
            let page = reply.body.get("items").and_then(Value::as_array);
            let n = page.map_or(0, Vec::len) as u64;
            if n == 0 {
                break;
            }
            for (i, raw) in page.into_iter().flatten().enumerate() {
                if let Some(v) = parse(offset + i as u64, raw) {
                    out.push(v);
                }
            }
            offset += n;
            seen += n;
            on_page(seen, total);
            if offset >= total {
                break;
            }
        }
        Ok((out, total, etag))
    }
}

fn user_message(body: &Value) -> Option<String> {
    body.get("userMessage")
        .or_else(|| body.get("user_message"))
        .or_else(|| body.get("error_description"))
        .and_then(Value::as_str)
        .map(str::to_string)
        .or_else(|| {
            body.pointer("/errors/0/detail")
                .and_then(Value::as_str)
                .map(str::to_string)
        })
}

/// When the official API says its token bucket is empty (`x-ratelimit-remaining` below what a
/// request takes), how long until it holds enough again, from its replenish rate.
fn bucket_empty(h: &HeaderMap) -> Option<Duration> {
    let num = |k: &str| -> Option<f64> { h.get(k)?.to_str().ok()?.trim().parse().ok() };
    let remaining = num("x-ratelimit-remaining")?;
    let requested = num("x-ratelimit-requested-tokens").unwrap_or(1.0).max(1.0);
    let rate = num("x-ratelimit-replenish-rate").filter(|r| *r > 0.0)?;
    (remaining < requested).then(|| Duration::from_secs_f64((requested - remaining) / rate))
}

fn retry_after(h: &HeaderMap) -> Option<Duration> {
    let v = h.get("retry-after")?.to_str().ok()?.trim();
    v.parse::<u64>()
        .ok()
        .map(Duration::from_secs)
        .or_else(|| v.parse::<f64>().ok().map(Duration::from_secs_f64))
}

/// reqwest errors name the URL; keep the reason only.
/// What went wrong sending a request, naming the server (scheme, host and port) but not the
/// path or query, which can carry what the user searched for.
fn failure_text(e: &reqwest::Error) -> String {
    let what = if e.is_timeout() {
        "request timed out"
    } else if e.is_connect() {
        "could not connect"
    } else {
        "request failed"
    };
    match e.url() {
        Some(u) => format!("{what} to {}", u.origin().ascii_serialization()),
        None => what.to_string(),
    }
}
