//! The MCP surface (docs/design.md section 9), served by the agent with rmcp over each `mcp` socket
//! connection (stdio clients through the `serve` bridge) and over streamable HTTP.

mod completion;
mod detail;
pub mod http;
mod lines;
mod peer;
mod prompts;
mod resources;
pub mod schema;
mod server;
mod subscriptions;
pub mod tasks;
pub mod tools;
mod toolsets;

use std::sync::Arc;

use rmcp::ServiceExt;
use tokio::io::BufReader;
use tokio::net::unix::{OwnedReadHalf, OwnedWriteHalf};

pub use server::{TidalMcp, tool_names};

use tokio_util::sync::CancellationToken;

use crate::config::McpSettings;
use crate::service::Service;

/// What MCP sessions are served with: the service, the MCP settings, and when to stop.
#[derive(Clone)]
pub struct McpEnv {
    pub service: Arc<Service>,
    pub settings: McpSettings,
    pub shutdown: CancellationToken,
    /// The agent's tasks (long tool calls a client polls), shared by its connections.
    pub tasks: tasks::Tasks,
    /// Seals the questions a call asks in the 2026-07-28 era (`requestState`), with a key
    /// the agent draws at start.
    pub sealer: Arc<rmcp::model::RequestStateCodec>,
}

/// Serves one MCP session on an accepted socket connection until either side closes it.
pub async fn serve_connection(
    env: McpEnv,
    reader: BufReader<OwnedReadHalf>,
    writer: OwnedWriteHalf,
) {
    let shutdown = env.shutdown.clone();
    let handler = TidalMcp::new(&env);
    match handler.serve(lines::transport(reader, writer)).await {
        Ok(running) => {
            tokio::select! {
                _ = running.waiting() => {}
                _ = shutdown.cancelled() => {}
            }
        }
        Err(e) => tracing::debug!("MCP session ended during initialisation: {e}"),
    }
}
