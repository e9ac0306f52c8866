//! The agent's HTTP listener: MCP over streamable HTTP with the agent's one token, and its
//! health and metrics on `/healthz` and `/metrics`.

use std::sync::Arc;

use super::protocol::MetricsFormat;
use super::state::AgentState;

/// Serves MCP over HTTP on `addr` until `until` is cancelled, with the agent's one token and
/// its health and metrics on `/healthz` and `/metrics`.
pub async fn start_http(
    state: &Arc<AgentState>,
    addr: std::net::SocketAddr,
    until: tokio_util::sync::CancellationToken,
) -> anyhow::Result<tokio::task::JoinHandle<()>> {
    let mut env = state.mcp_env();
    env.shutdown = until;
    let status = Arc::new(HttpStatus(state.clone()));
    crate::mcp::http::start(env, &state.config, addr, &state.http_token, status).await
}

struct HttpStatus(Arc<AgentState>);

impl crate::mcp::http::StatusSource for HttpStatus {
    fn health(&self) -> futures::future::BoxFuture<'static, (bool, serde_json::Value)> {
        let state = self.0.clone();
        Box::pin(async move {
            let report = super::health::agent_checks(&state, false).await;
            let status = super::health::overall(&report.checks);
            let body = serde_json::json!({"status": status, "checks": report.checks});
            (status == "critical", body)
        })
    }

    fn prometheus(&self) -> String {
        super::metrics::export(&self.0, MetricsFormat::Prometheus)
            .map(|m| m.text)
            .unwrap_or_else(|e| format!("# {e}\n"))
    }
}
