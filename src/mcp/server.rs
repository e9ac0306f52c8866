//! The rmcp `ServerHandler`: lists the tools config allows, runs calls through the tool
//! dispatcher (with metrics and progress), and serves resources and prompts.

use std::sync::Arc;
use std::time::Instant;

use rmcp::model::*;
use rmcp::service::RequestContext;
use rmcp::{ErrorData as McpError, RoleServer, ServerHandler};

use super::{prompts, resources, tools};
use crate::agent::state::AgentState;

#[derive(Clone)]
pub struct TidalMcp {
    state: Arc<AgentState>,
    tools: Arc<Vec<tools::ToolDef>>,
}

impl TidalMcp {
    pub fn new(state: Arc<AgentState>) -> TidalMcp {
        let mcp = &state.config.settings.mcp;
        let visible = tools::all()
            .into_iter()
            .filter(|d| !mcp.hidden_groups.iter().any(|g| g == d.group.name()))
            .filter(|d| !(mcp.read_only && matches!(d.effect, tools::Effect::Write { .. })))
            .collect();
        TidalMcp {
            state,
            tools: Arc::new(visible),
        }
    }
}

const INSTRUCTIONS: &str = "Tools for the user's TIDAL account: search the catalogue, read albums, \
artists and lyrics, manage playlists and favourites, get mixes and recommendations. Ids may be given \
as TIDAL URLs. If a tool says you are not logged in, call auth_login and show the user the URL and \
code, then call auth_status.";

impl ServerHandler for TidalMcp {
    fn get_info(&self) -> ServerConfig {
        ServerConfig::new(
            ServerCapabilities::builder()
                .enable_tools()
                .enable_resources()
                .enable_prompts()
                .build(),
        )
        .with_server_info(Implementation::new("tidal-mcp", env!("CARGO_PKG_VERSION")))
        .with_instructions(INSTRUCTIONS)
    }

    async fn list_tools(
        &self,
        _request: Option<PaginatedRequestParams>,
        _context: RequestContext<RoleServer>,
    ) -> Result<ListToolsResult, McpError> {
        Ok(ListToolsResult::with_all_items(
            self.tools.iter().map(|d| d.tool.clone()).collect(),
        ))
    }

    fn get_tool(&self, name: &str) -> Option<Tool> {
        self.tools
            .iter()
            .find(|d| d.tool.name == name)
            .map(|d| d.tool.clone())
    }

    async fn call_tool(
        &self,
        request: CallToolRequestParams,
        context: RequestContext<RoleServer>,
    ) -> Result<CallToolResponse, McpError> {
        let name = request.name.to_string();
        if !self.tools.iter().any(|d| d.tool.name == name) {
            return Err(McpError::invalid_params(
                format!("unknown tool: {name}"),
                None,
            ));
        }
        let progress = context
            .meta
            .get_progress_token()
            .map(|t| (context.peer.clone(), t));
        let ctx = tools::Ctx::new(self.state.clone(), progress, context.ct.clone());
        let started = Instant::now();
        let result = tools::call(&name, request.arguments.unwrap_or_default(), &ctx).await;
        let outcome = match &result {
            Ok(_) => "ok",
            Err(e) => e.kind,
        };
        self.state
            .service
            .record_tool(&name, outcome, started.elapsed());
        Ok(match result {
            Ok(v) => CallToolResult::structured(v),
            Err(e) => CallToolResult::error(vec![ContentBlock::text(e.text())]),
        }
        .into())
    }

    async fn list_resources(
        &self,
        _request: Option<PaginatedRequestParams>,
        _context: RequestContext<RoleServer>,
    ) -> Result<ListResourcesResult, McpError> {
        Ok(resources::list())
    }

    async fn list_resource_templates(
        &self,
        _request: Option<PaginatedRequestParams>,
        _context: RequestContext<RoleServer>,
    ) -> Result<ListResourceTemplatesResult, McpError> {
        Ok(resources::templates())
    }

    async fn read_resource(
        &self,
        request: ReadResourceRequestParams,
        context: RequestContext<RoleServer>,
    ) -> Result<ReadResourceResponse, McpError> {
        let ctx = tools::Ctx::new(self.state.clone(), None, context.ct.clone());
        resources::read(&ctx, &request.uri).await.map(Into::into)
    }

    async fn list_prompts(
        &self,
        _request: Option<PaginatedRequestParams>,
        _context: RequestContext<RoleServer>,
    ) -> Result<ListPromptsResult, McpError> {
        Ok(prompts::list())
    }

    async fn get_prompt(
        &self,
        request: GetPromptRequestParams,
        _context: RequestContext<RoleServer>,
    ) -> Result<GetPromptResponse, McpError> {
        prompts::get(&request.name, request.arguments.unwrap_or_default()).map(Into::into)
    }
}
