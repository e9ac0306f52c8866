//! Streamable HTTP (docs/design.md section 9, promise S5): served by the agent so HTTP and stdio clients
//! share one owner of state. Every request must carry the bearer token the agent issued (kept in
//! `run/http-token`, 0600) and, when it has an Origin, a loopback or configured one (else 403).
//! Host checks and sessions come from rmcp's StreamableHttpService.

use std::net::SocketAddr;
use std::sync::Arc;

use axum::extract::Request;
use axum::http::{HeaderMap, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use rmcp::transport::StreamableHttpServerConfig;
use rmcp::transport::StreamableHttpService;
use rmcp::transport::streamable_http_server::session::local::LocalSessionManager;

use super::{McpEnv, TidalMcp};
use crate::config::Config;

/// Binds `addr` and serves `/mcp` until `env.shutdown`; returns the server task.
pub async fn start(
    env: McpEnv,
    config: &Config,
    addr: SocketAddr,
) -> anyhow::Result<tokio::task::JoinHandle<()>> {
    let mut raw = [0u8; 32];
    rand::RngCore::fill_bytes(&mut rand::rngs::OsRng, &mut raw);
    let token = hex::encode(raw);
    let token_file = config.home.run_dir.join("http-token");
    crate::home::write_atomic(&token_file, token.as_bytes())?;
    if !addr.ip().is_loopback() {
        tracing::warn!(
            "serving MCP over HTTP on non-loopback address {addr}; anyone who can reach it and has the token can use your TIDAL account"
        );
    }
    let mut origins: Vec<String> = config.settings.http.allowed_origins.clone();
    for host in ["localhost", "127.0.0.1", "[::1]"] {
        origins.push(format!("http://{host}:{}", addr.port()));
    }
    let http_config =
        StreamableHttpServerConfig::default().with_cancellation_token(env.shutdown.child_token());
    let service = StreamableHttpService::new(
        move || Ok(TidalMcp::new(env.service.clone(), &env.settings)),
        Arc::new(LocalSessionManager::default()),
        http_config,
    );
    let guard_origins = Arc::new(origins);
    let guard_token = Arc::new(token);
    let app = axum::Router::new()
        .nest_service("/mcp", service)
        .layer(axum::middleware::from_fn(
            move |req: Request, next: Next| {
                let (o, t) = (guard_origins.clone(), guard_token.clone());
                async move { guard(&o, &t, req, next).await }
            },
        ));
    let listener = tokio::net::TcpListener::bind(addr).await?;
    tracing::info!(
        "MCP over streamable HTTP at http://{addr}/mcp (bearer token in {})",
        token_file.display()
    );
    Ok(tokio::spawn(async move {
        if let Err(e) = axum::serve(listener, app).await {
            tracing::error!("HTTP server stopped: {e}");
        }
    }))
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
