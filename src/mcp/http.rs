//! Streamable HTTP (docs/design.md section 9, promise S5): served by the agent so HTTP and stdio clients
//! share one owner of state. Every request must carry the bearer token the agent issued (kept in
//! `run/http-token`, 0600) and, when it has an Origin, a loopback or configured one (else 403).
//! Host checks and sessions come from rmcp's StreamableHttpService. Connections are bounded (a
//! global and a per-address cap, a deadline for headers and for silence between requests) so
//! that no local process can exhaust the agent's descriptors and lock its owner out (S5).

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::extract::Request;
use axum::http::{HeaderMap, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use rmcp::transport::StreamableHttpServerConfig;
use rmcp::transport::StreamableHttpService;
use rmcp::transport::streamable_http_server::session::local::LocalSessionManager;

use super::peer::{self, Peer};
use super::{McpEnv, TidalMcp};
use crate::config::Config;

/// What the agent tells `/healthz` and `/metrics` (the MCP layer cannot ask the agent itself).
pub trait StatusSource: Send + Sync {
    /// The health report as JSON, and whether any check is critical.
    fn health(&self) -> futures::future::BoxFuture<'static, (bool, serde_json::Value)>;
    /// The metrics in the Prometheus text format.
    fn prometheus(&self) -> String;
}

/// Binds `addr` and serves `/mcp`, `/healthz` and `/metrics` until `env.shutdown`. `token` is
/// the agent's one bearer token for all its listeners; it is written to `<run dir>/http-token`
/// only once the address is bound, so a listener that fails changes nothing.
pub async fn start(
    env: McpEnv,
    config: &Config,
    addr: SocketAddr,
    token: &str,
    status: Arc<dyn StatusSource>,
) -> anyhow::Result<tokio::task::JoinHandle<()>> {
    let listener = tokio::net::TcpListener::bind(addr).await?;
    let addr = listener.local_addr()?;
    let token_file = config.home.run_dir.join("http-token");
    crate::home::write_atomic(&token_file, token.as_bytes())?;
    let token = token.to_string();
    if !addr.ip().is_loopback() {
        tracing::warn!(
            "serving MCP over HTTP on non-loopback address {addr}; anyone who can reach it and has the token can use your TIDAL account"
        );
    }
    let mut origins: Vec<String> = config.settings.http.allowed_origins.clone();
    origins.extend(loopback_origins(addr.port()));
    let shutdown = env.shutdown.clone();
    let (health, metrics) = (status.clone(), status);
    let routes = axum::Router::new()
        .route(
            "/healthz",
            axum::routing::get(move || {
                let health = health.clone();
                async move {
                    let (critical, report) = health.health().await;
                    let code = if critical {
                        StatusCode::SERVICE_UNAVAILABLE
                    } else {
                        StatusCode::OK
                    };
                    (code, axum::Json(report))
                }
            }),
        )
        .route(
            "/metrics",
            axum::routing::get(move || {
                let text = metrics.prometheus();
                async move {
                    (
                        [("content-type", "text/plain; version=0.0.4; charset=utf-8")],
                        text,
                    )
                }
            }),
        );
    let app = guarded_mcp(
        move || Ok(TidalMcp::new(&env)),
        &shutdown,
        routes,
        origins,
        token,
    );
    tracing::info!(
        "MCP over streamable HTTP at http://{addr}/mcp (bearer token in {})",
        token_file.display()
    );
    let h = &config.settings.http;
    let bounds = Bounds {
        max: h.max_connections.max(1) as usize,
        per_peer: h.max_connections_per_peer.max(1) as usize,
        header_timeout: Duration::from_secs(h.header_timeout_secs.max(1)),
    };
    Ok(tokio::spawn(serve_bounded(listener, app, bounds, shutdown)))
}

/// The Origins a browser page served from this machine's loopback addresses at `port` sends.
pub fn loopback_origins(port: u16) -> Vec<String> {
    ["localhost", "127.0.0.1", "[::1]"]
        .iter()
        .map(|host| format!("http://{host}:{port}"))
        .collect()
}

/// `/mcp` (rmcp's streamable HTTP; a handler from `make` for each session, or for each request
/// of the stateless 2026-07-28 era) beside `routes`, every
/// request held to the Origin and bearer-token rules: the agent's listener, and any other
/// server built on this one (the conformance fixtures of the tests).
pub fn guarded_mcp<S, F>(
    make: F,
    shutdown: &tokio_util::sync::CancellationToken,
    routes: axum::Router,
    origins: Vec<String>,
    token: String,
) -> axum::Router
where
    S: rmcp::ServerHandler + Send + 'static,
    F: Fn() -> Result<S, std::io::Error> + Send + Sync + 'static,
{
    let http_config =
        StreamableHttpServerConfig::default().with_cancellation_token(shutdown.child_token());
    let service =
        StreamableHttpService::new(make, Arc::new(LocalSessionManager::default()), http_config);
    let guard_origins = Arc::new(origins);
    let guard_token = Arc::new(token);
    routes
        .nest_service("/mcp", service)
        .layer(axum::middleware::from_fn(
            move |req: Request, next: Next| {
                let (o, t) = (guard_origins.clone(), guard_token.clone());
                async move { guard(&o, &t, req, next).await }
            },
        ))
}

#[derive(Clone, Copy)]
struct Bounds {
    max: usize,
    per_peer: usize,
    header_timeout: Duration,
}

impl Bounds {
    /// Slots only the owner's own connections may take: other users' connections together
    /// stop short of them, so a crowd of idle connections from another account on the machine
    /// cannot lock the owner out.
    fn reserve(&self) -> usize {
        self.per_peer.min(self.max / 2)
    }
}

/// Who holds which connection slots; a slot is given back when its connection ends.
#[derive(Default)]
struct Slots {
    open: usize,
    /// Open connections not known to be the owner's.
    others: usize,
    by_peer: HashMap<Peer, usize>,
}

impl Slots {
    /// Takes a slot for `peer` (the owner's or not) if the caps allow it.
    fn take(&mut self, bounds: &Bounds, peer: Peer, owner: bool) -> bool {
        let mine = self.by_peer.get(&peer).copied().unwrap_or(0);
        let room_for_others = bounds.max.saturating_sub(bounds.reserve());
        if self.open >= bounds.max
            || mine >= bounds.per_peer
            || !owner && self.others >= room_for_others
        {
            return false;
        }
        self.open += 1;
        self.others += usize::from(!owner);
        *self.by_peer.entry(peer).or_default() += 1;
        true
    }
}

struct Slot {
    slots: Arc<Mutex<Slots>>,
    peer: Peer,
    owner: bool,
}

impl Drop for Slot {
    fn drop(&mut self) {
        let mut s = self.slots.lock().unwrap_or_else(|p| p.into_inner());
        s.open -= 1;
        s.others -= usize::from(!self.owner);
        if let Some(n) = s.by_peer.get_mut(&self.peer) {
            *n -= 1;
            if *n == 0 {
                s.by_peer.remove(&self.peer);
            }
        }
    }
}

/// Accepts connections within `bounds` and serves each with hyper: a connection past a cap (per
/// local user where the peer's can be known, per address otherwise, and the owner's reserve) is
/// answered 503 and closed at once; a failing accept (out of descriptors) is retried after a pause and logged
/// once a minute, never in a tight loop.
async fn serve_bounded(
    listener: tokio::net::TcpListener,
    app: axum::Router,
    bounds: Bounds,
    shutdown: tokio_util::sync::CancellationToken,
) {
    let slots = Arc::new(Mutex::new(Slots::default()));
    let mut last_warning: Option<Instant> = None;
    loop {
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(c) => c,
                Err(e) => {
                    if last_warning.is_none_or(|t| t.elapsed() > Duration::from_secs(60)) {
                        tracing::warn!("HTTP accept failed: {e}; pausing new connections briefly");
                        last_warning = Some(Instant::now());
                    }
                    tokio::time::sleep(Duration::from_millis(200)).await;
                    continue;
                }
            },
            _ = shutdown.cancelled() => return,
        };
        let who = match stream.local_addr() {
            Ok(local) => peer::identify(peer, local),
            Err(_) => Peer::Addr(peer.ip()),
        };
        let owner = who == Peer::User(crate::home::current_uid());
        // Small JSON-RPC answers must not wait for Nagle's algorithm (40 ms with delayed ACKs).
        let _ = stream.set_nodelay(true);
        let taken = slots
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .take(&bounds, who, owner);
        let slot = taken.then(|| Slot {
            slots: slots.clone(),
            peer: who,
            owner,
        });
        let Some(slot) = slot else {
            // Over a cap: say so (clients retry a bare close forever) and close.
            tokio::spawn(async move {
                use tokio::io::AsyncWriteExt;
                let mut stream = stream;
                let busy = b"HTTP/1.1 503 Service Unavailable\r\nRetry-After: 1\r\n\
                             Content-Length: 0\r\nConnection: close\r\n\r\n";
                let _ = tokio::time::timeout(Duration::from_secs(1), stream.write_all(busy)).await;
            });
            continue;
        };
        let service = hyper_util::service::TowerToHyperService::new(app.clone());
        tokio::spawn(async move {
            let _slot = slot;
            let conn = hyper::server::conn::http1::Builder::new()
                .timer(hyper_util::rt::TokioTimer::new())
                .header_read_timeout(bounds.header_timeout)
                .serve_connection(hyper_util::rt::TokioIo::new(stream), service);
            if let Err(e) = conn.await {
                tracing::debug!("HTTP connection from {peer} ended: {e}");
            }
        });
    }
}

async fn guard(origins: &[String], token: &str, req: Request, next: Next) -> Response {
    if let Err(status) = check(origins, token, req.headers()) {
        return (status, status.canonical_reason().unwrap_or("refused")).into_response();
    }
    let deleting = req.method() == axum::http::Method::DELETE;
    let mut response = next.run(req).await;
    // A terminated session is done, not accepted for later: clients (the Python SDK) expect
    // 200 or 204 here and log rmcp's 202 as a failure.
    if deleting && response.status() == StatusCode::ACCEPTED {
        *response.status_mut() = StatusCode::OK;
    }
    response
}

fn check(origins: &[String], token: &str, h: &HeaderMap) -> Result<(), StatusCode> {
    if let Some(origin) = h.get("origin") {
        let o = origin.to_str().map_err(|_| StatusCode::FORBIDDEN)?;
        if !origins.iter().any(|a| a == o) {
            return Err(StatusCode::FORBIDDEN);
        }
    }
    let auth = h
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    // The scheme is case-insensitive (RFC 9110 section 11.1).
    let given = match auth.split_once(' ') {
        Some((scheme, token)) if scheme.eq_ignore_ascii_case("bearer") => token.trim(),
        _ => "",
    };
    // Constant-time comparison of the bearer token.
    let ok = given.len() == token.len()
        && given
            .bytes()
            .zip(token.bytes())
            .fold(0u8, |acc, (a, b)| acc | (a ^ b))
            == 0;
    if !ok {
        return Err(StatusCode::UNAUTHORIZED);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn other_users_leave_the_owner_room() {
        let b = Bounds {
            max: 10,
            per_peer: 4,
            header_timeout: Duration::from_secs(1),
        };
        let mut s = Slots::default();
        // Two other users fill what others may have (10 - reserve 4 = 6), each within 4.
        for _ in 0..4 {
            assert!(s.take(&b, Peer::User(1001), false));
        }
        assert!(!s.take(&b, Peer::User(1001), false), "per user");
        assert!(s.take(&b, Peer::User(1002), false));
        assert!(s.take(&b, Peer::User(1002), false));
        assert!(
            !s.take(&b, Peer::User(1003), false),
            "others stop short of the reserve"
        );
        for _ in 0..4 {
            assert!(s.take(&b, Peer::User(0), true), "the owner's reserve");
        }
        assert!(!s.take(&b, Peer::User(0), true));
    }

    #[test]
    fn origin_and_token_rules() {
        let origins = vec!["http://localhost:8765".to_string()];
        let mut h = HeaderMap::new();
        assert_eq!(check(&origins, "t0k", &h), Err(StatusCode::UNAUTHORIZED));
        h.insert("authorization", "Bearer t0k".parse().unwrap());
        assert_eq!(check(&origins, "t0k", &h), Ok(()));
        h.insert("authorization", "bearer t0k".parse().unwrap());
        assert_eq!(check(&origins, "t0k", &h), Ok(()), "the scheme in any case");
        h.insert("origin", "http://evil.example".parse().unwrap());
        assert_eq!(check(&origins, "t0k", &h), Err(StatusCode::FORBIDDEN));
        h.insert("origin", "http://localhost:8765".parse().unwrap());
        assert_eq!(check(&origins, "t0k", &h), Ok(()));
        h.insert("authorization", "Bearer t0x".parse().unwrap());
        assert_eq!(check(&origins, "t0k", &h), Err(StatusCode::UNAUTHORIZED));
    }
}
