//! The MCP surface (DESIGN section 9), served by the agent with rmcp over each `mcp` socket
//! connection (stdio clients through the `serve` bridge) and over streamable HTTP.

mod completion;
pub mod http;
mod prompts;
mod resources;
pub mod schema;
mod server;
pub mod tools;

use std::sync::Arc;

use rmcp::ServiceExt;
use tokio::io::BufReader;
use tokio::net::unix::{OwnedReadHalf, OwnedWriteHalf};

pub use server::TidalMcp;

use crate::agent::state::AgentState;

/// Serves one MCP session on an accepted socket connection until either side closes it.
pub async fn serve_connection(
    state: Arc<AgentState>,
    reader: BufReader<OwnedReadHalf>,
    writer: OwnedWriteHalf,
) {
    let shutdown = state.shutdown.clone();
    let handler = TidalMcp::new(state);
    match handler.serve((reader, writer)).await {
        Ok(running) => {
            tokio::select! {
                _ = running.waiting() => {}
                _ = shutdown.cancelled() => {}
            }
        }
        Err(e) => tracing::debug!("MCP session ended during initialisation: {e}"),
    }
}
