//! The `toolsets` tool: lists the toolsets, what each serves and its tools, and turns some on
//! for this connection. A client that supports it hears `notifications/tools/list_changed`;
//! for one that does not, the answer names the new tools, which can be called at once by name
//! (a connection answers a call of any tool its settings do not hide, listed or not).

use rmcp::handler::server::wrapper::Parameters;
use rmcp::{tool, tool_router};

use super::params::ToolsetsParams;
use super::{Ctx, Json, ToolError};
use crate::mcp::TidalMcp;

pub mod out {
    use schemars::JsonSchema;
    use serde::Serialize;

    use crate::config::Toolset;

    #[derive(Serialize, JsonSchema)]
    pub struct ToolsetsOut {
        /// Every toolset, whether it is on here, and its tools.
        pub toolsets: Vec<ToolsetInfo>,
        /// Tools this call made available: call them by name (your tool list may show them
        /// only after it is refreshed).
        pub enabled_tools: Vec<String>,
    }

    #[derive(Serialize, JsonSchema)]
    pub struct ToolsetInfo {
        /// Its name, as `enable` takes it.
        pub name: Toolset,
        /// What it serves.
        pub about: String,
        /// Whether it is on in this conversation.
        pub enabled: bool,
        /// Its tools.
        pub tools: Vec<String>,
    }
}

#[tool_router(router = toolsets_router, vis = "pub(crate)")]
impl TidalMcp {
    /// Lists the toolsets (groups of tools beyond the everyday ones) and turns some on.
    #[tool(
        title = "Toolsets",
        annotations(
            read_only_hint = false,
            destructive_hint = false,
            idempotent_hint = true,
            open_world_hint = false
        )
    )]
    pub(crate) async fn toolsets(
        &self,
        ctx: Ctx,
        Parameters(p): Parameters<ToolsetsParams>,
    ) -> Result<Json<out::ToolsetsOut>, ToolError> {
        // An empty `enable` arrives as left out (`schema::read_as_meant`).
        let enabled_tools = p
            .enable
            .as_deref()
            .map_or_else(Vec::new, |sets| self.enable(sets));
        if !enabled_tools.is_empty()
            && let Some(peer) = &ctx.peer
        {
            let _ = peer.notify_tool_list_changed().await;
        }
        let toolsets = self
            .toolset_states()
            .into_iter()
            .map(|(name, enabled, tools)| out::ToolsetInfo {
                name,
                about: name.about().to_string(),
                enabled,
                tools,
            })
            .collect();
        Ok(Json(out::ToolsetsOut {
            toolsets,
            enabled_tools,
        }))
    }
}
