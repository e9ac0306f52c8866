//! The rmcp `ServerHandler`: merges the tool groups that config shows, validates arguments
//! against the tools' schemas before a handler runs, records each call's outcome, tells the
//! client about what the user should see (`notifications/message`), and serves resources,
//! prompts and completions.

// rmcp marks logging deprecated (SEP-2577, a future protocol); today's hosts and the
// conformance suite still use `logging/setLevel` and `notifications/message`.
#![allow(deprecated)]

use std::collections::BTreeSet;
use std::sync::atomic::{AtomicU8, Ordering};
use std::sync::{Arc, LazyLock, Mutex, OnceLock, RwLock};
use std::time::Instant;

use rmcp::handler::server::router::tool::ToolRouter;
use rmcp::handler::server::tool::ToolCallContext;
use rmcp::model::LoggingLevel as LogLevel;
use rmcp::model::*;
use rmcp::service::RequestContext;
use rmcp::{ErrorData as McpError, Peer, RoleServer, ServerHandler};
use serde_json::json;

use super::schema::{self, Side, Validators};
use super::tasks::{self, Tasks};
use super::tools::{self, ERROR_KIND_META, confirm};
use super::{McpEnv, completion, detail, prompts, resources, subscriptions, toolsets};
use crate::config::{Group, McpSettings, Toolset};
use crate::failure::Failure;
use crate::service::Service;

/// Every tool, its schemas normalised once for every client, with compiled argument checks.
/// Built the first time a connection needs its tools (a few milliseconds), never on the way to
/// an `initialize` answer.
struct Catalogue {
    /// Each group's routes; `None` for the `toolsets` tool, which no setting hides.
    groups: Vec<(Option<Group>, ToolRouter<TidalMcp>)>,
    validators: Validators,
}

static CATALOGUE: LazyLock<Catalogue> = LazyLock::new(|| {
    let groups: Vec<_> = (Group::ALL.into_iter().map(Some))
        .chain([None])
        .map(|g| {
            let mut normalised = ToolRouter::new();
            for mut route in tools::router(g) {
                let tool = &mut route.attr;
                // Clients before 2025-06-18 show only the annotations' title.
                if let (Some(title), Some(a)) = (&tool.title, &mut tool.annotations) {
                    a.title.get_or_insert_with(|| title.clone());
                }
                tool.input_schema = Arc::new(schema::normalize(&tool.input_schema, Side::Input));
                if let Some(out) = &tool.output_schema {
                    tool.output_schema = Some(Arc::new(schema::normalize(out, Side::Output)));
                }
                normalised.add_route(route);
            }
            (g, normalised)
        })
        .collect();
    let all: Vec<Tool> = groups.iter().flat_map(|(_, r)| r.list_all()).collect();
    let validators = Validators::new(&all);
    // Arguments are validated against the whole schema; what the model reads leaves out
    // `additionalProperties: false` (unknown arguments are refused either way), one of the
    // ways its context stays small (issue 14).
    let groups = groups
        .into_iter()
        .map(|(g, router)| {
            let mut advertised = ToolRouter::new();
            for mut route in router {
                let mut schema = (*route.attr.input_schema).clone();
                // A tool without arguments stays a closed object: strict clients (OpenAI's
                // Agents SDK) refuse an open one they cannot close without changing it.
                let no_arguments = schema
                    .get("properties")
                    .and_then(serde_json::Value::as_object)
                    .is_none_or(|p| p.is_empty());
                if no_arguments {
                    schema.insert("additionalProperties".into(), false.into());
                } else {
                    schema.remove("additionalProperties");
                }
                route.attr.input_schema = Arc::new(schema);
                advertised.add_route(route);
            }
            (g, advertised)
        })
        .collect();
    Catalogue { validators, groups }
});

/// Whether a tool changes the TIDAL account (hidden in read-only mode): the writing tools of
/// the playlist and favourite groups. Login and preferences change only local state.
fn changes_account(group: Option<Group>, tool: &Tool) -> bool {
    matches!(group, Some(Group::Playlists | Group::Favorites))
        && tool.annotations.as_ref().and_then(|a| a.read_only_hint) != Some(true)
}

/// The name of every tool in the catalogue (what a connection with no group hidden, the full
/// tool set and writes allowed lists), for tests and documentation that count them.
pub fn tool_names() -> Vec<String> {
    CATALOGUE
        .groups
        .iter()
        .flat_map(|(_, r)| r.list_all())
        .map(|t| t.name.to_string())
        .collect()
}

#[derive(Clone)]
pub struct TidalMcp {
    service: Arc<Service>,
    /// This connection's tools, picked from the catalogue the first time a request needs them
    /// (`initialize` does not, so it never waits for the catalogue to be built), and picked
    /// again when it turns a toolset on.
    router: Arc<RwLock<Option<Arc<ToolRouter<TidalMcp>>>>>,
    /// Every tool this connection may call, whatever its toolsets: a toolset keeps the tool
    /// *list* small, and a tool called by name answers listed or not (the names are the public
    /// interface). Settings still hide what they hide.
    callable: Arc<OnceLock<Arc<ToolRouter<TidalMcp>>>>,
    /// The toolsets this connection has on: `mcp.tool_set` / `mcp.toolsets` at the start, and
    /// what the model turned on since.
    toolsets: Arc<Mutex<BTreeSet<Toolset>>>,
    settings: Arc<McpSettings>,
    /// The lowest level of `notifications/message` this client wants (`logging/setLevel`).
    log_level: Arc<AtomicU8>,
    /// The resources this connection subscribed to.
    subscriptions: subscriptions::Subscriptions,
    /// The agent's tasks, shared by its connections.
    tasks: Tasks,
    /// Seals the questions asked in the 2026-07-28 era.
    sealer: Arc<RequestStateCodec>,
    /// Bumped when this connection's tool list grows: its `subscriptions/listen` streams say so.
    tools_changed: Arc<tokio::sync::watch::Sender<()>>,
}

impl TidalMcp {
    pub fn new(env: &McpEnv) -> TidalMcp {
        let mcp = &env.settings;
        TidalMcp {
            service: env.service.clone(),
            router: Arc::new(RwLock::new(None)),
            callable: Arc::new(OnceLock::new()),
            toolsets: Arc::new(Mutex::new(mcp.initial_toolsets().into_iter().collect())),
            settings: Arc::new(mcp.clone()),
            log_level: Arc::new(AtomicU8::new(severity(LogLevel::Warning))),
            subscriptions: subscriptions::Subscriptions::default(),
            tasks: env.tasks.clone(),
            sealer: env.sealer.clone(),
            tools_changed: Arc::new(tokio::sync::watch::channel(()).0),
        }
    }

    /// The tools this connection sees: those of its toolsets, less the groups config hides
    /// and, in read-only mode, the tools that change the account.
    fn router(&self) -> Arc<ToolRouter<TidalMcp>> {
        if let Some(r) = &*self.router.read().unwrap_or_else(|p| p.into_inner()) {
            return r.clone();
        }
        let mut slot = self.router.write().unwrap_or_else(|p| p.into_inner());
        let on = self
            .toolsets
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone();
        let router = slot.get_or_insert_with(|| Arc::new(self.pick(|set| on.contains(&set))));
        router.clone()
    }

    /// The tools a call may name (see `callable`).
    fn callable(&self) -> Arc<ToolRouter<TidalMcp>> {
        self.callable
            .get_or_init(|| Arc::new(self.pick(|_| true)))
            .clone()
    }

    /// The catalogue's tools this connection may list, of the toolsets `wanted` accepts.
    fn pick(&self, wanted: impl Fn(Toolset) -> bool) -> ToolRouter<TidalMcp> {
        let mcp = &self.settings;
        let mut router = ToolRouter::new();
        for (group, routes) in &CATALOGUE.groups {
            if group.is_some_and(|g| mcp.hidden_groups.contains(&g)) {
                continue;
            }
            for route in routes.clone() {
                let set = toolsets::of(&route.attr.name).unwrap_or(Toolset::Core);
                let read_only_hides = mcp.read_only && changes_account(*group, &route.attr);
                if wanted(set) && !read_only_hides {
                    router.add_route(route);
                }
            }
        }
        router
    }

    /// Each toolset, whether this connection has it on, and the tools it would list.
    pub(crate) fn toolset_states(&self) -> Vec<(Toolset, bool, Vec<String>)> {
        let on = self
            .toolsets
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone();
        Toolset::ALL
            .into_iter()
            .map(|set| {
                let tools = self.pick(|s| s == set).list_all();
                let names = tools.into_iter().map(|t| t.name.to_string()).collect();
                (set, on.contains(&set), names)
            })
            .collect()
    }

    /// Turns toolsets on for this connection; the names of the tools that are new to its list.
    pub(crate) fn enable(&self, sets: &[Toolset]) -> Vec<String> {
        let before: BTreeSet<String> = self
            .router()
            .list_all()
            .into_iter()
            .map(|t| t.name.to_string())
            .collect();
        self.toolsets
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .extend(sets.iter().copied());
        *self.router.write().unwrap_or_else(|p| p.into_inner()) = None;
        let after = self.router().list_all();
        let new: Vec<String> = after
            .into_iter()
            .map(|t| t.name.to_string())
            .filter(|n| !before.contains(n))
            .collect();
        if !new.is_empty() {
            self.tools_changed.send_replace(());
        }
        new
    }

    /// Answers one call of a known tool: checks its arguments, runs it, compacts its lists as
    /// the user's preferences ask, tells the user about failures they must act on, and records
    /// the outcome. A call that must ask the user first (2026-07-28 era) is answered with the
    /// question.
    async fn answer(
        &self,
        mut request: CallToolRequestParams,
        mut context: RequestContext<RoleServer>,
    ) -> Result<CallToolResponse, McpError> {
        let name = request.name.to_string();
        let started = Instant::now();
        let peer = context.peer.clone();
        let asking = self.asking(&mut request, &context);
        if let Some(a) = &asking {
            context.extensions.insert(a.clone());
        }
        let mut args = request.arguments.take().unwrap_or_default();
        let mut result = match CATALOGUE.validators.check(&name, &mut args) {
            Err(problems) => CallToolResult::error(vec![ContentBlock::text(problems)]),
            Ok(()) => {
                request.arguments = Some(args);
                let call = ToolCallContext::new(self, request, context);
                match self.callable().call(call).await? {
                    CallToolResponse::Complete(r) => r,
                    other => return Ok(other),
                }
            }
        };
        let asked = asking.and_then(|a| a.asked.lock().unwrap_or_else(|p| p.into_inner()).take());
        if let Some(question) = asked {
            self.service
                .record_tool(&name, "input_required", started.elapsed());
            return Ok(CallToolResponse::InputRequired(question));
        }
        if result.is_error != Some(true)
            && detail::has_details(&result)
            && !self.service.prefs_for_active().list_details
        {
            detail::compact(&mut result);
        }
        let outcome = if result.is_error == Some(true) {
            // A result without a kind is the argument check's.
            let kind = take_error_kind(&mut result).unwrap_or(Failure::InvalidArguments);
            let text = result
                .content
                .first()
                .and_then(|c| c.as_text())
                .map(|t| t.text.clone())
                .unwrap_or_default();
            self.notify_failure(&peer, &name, kind, &text).await;
            kind.as_str()
        } else {
            "ok"
        };
        self.service.record_tool(&name, outcome, started.elapsed());
        Ok(result.into())
    }

    /// How the call may ask the user (2026-07-28 era, a client that can show a form): the
    /// answers and sealed question it brings back, taken from the request.
    fn asking(
        &self,
        request: &mut CallToolRequestParams,
        context: &RequestContext<RoleServer>,
    ) -> Option<confirm::Asking> {
        let elicitation = context.meta.client_capabilities()?.elicitation?;
        let form = elicitation.form.is_some() || elicitation.url.is_none();
        (context.peer.peer_info().is_none() && form).then(|| confirm::Asking {
            responses: request.input_responses.take(),
            state: request.request_state.take(),
            sealer: self.sealer.clone(),
            asked: Arc::default(),
        })
    }

    pub fn service(&self) -> &Arc<Service> {
        &self.service
    }

    /// Sends a `notifications/message` when the client's level lets it through.
    async fn notify(&self, peer: &Peer<RoleServer>, level: LogLevel, data: serde_json::Value) {
        if severity(level) < self.log_level.load(Ordering::Relaxed) {
            return;
        }
        let param = LoggingMessageNotificationParam::new(level, data).with_logger("tidal-mcp");
        let _ = peer.notify_logging_message(param).await;
    }

    /// Tells the user, through the host, about failures they have to act on.
    async fn notify_failure(&self, peer: &Peer<RoleServer>, tool: &str, kind: Failure, text: &str) {
        let level = match kind {
            Failure::RateLimited | Failure::Unavailable => LogLevel::Warning,
            Failure::NotLoggedIn
            | Failure::SessionExpired
            | Failure::NoCredentials
            | Failure::BadCredentials => LogLevel::Error,
            _ => return,
        };
        self.notify(
            peer,
            level,
            json!({"tool": tool, "kind": kind, "message": text}),
        )
        .await;
    }
}

fn severity(level: LogLevel) -> u8 {
    match level {
        LogLevel::Debug => 0,
        LogLevel::Info => 1,
        LogLevel::Notice => 2,
        LogLevel::Warning => 3,
        LogLevel::Error => 4,
        LogLevel::Critical => 5,
        LogLevel::Alert => 6,
        LogLevel::Emergency => 7,
    }
}

/// Takes the error kind a tool error carries in its text block (see `tools::ToolError`).
fn take_error_kind(result: &mut CallToolResult) -> Option<Failure> {
    let mut kind = None;
    for block in &mut result.content {
        if let ContentBlock::Text(t) = block
            && let Some(meta) = &mut t.meta
        {
            if let Some(k) = meta.remove(ERROR_KIND_META) {
                kind = serde_json::from_value(k).ok();
            }
            if meta.is_empty() {
                t.meta = None;
            }
        }
    }
    kind
}

const INSTRUCTIONS: &str = "Tools for the user's TIDAL account: search the catalogue, read albums, \
artists and lyrics, manage playlists and favourites, get mixes and recommendations. Ids may be given \
as TIDAL URLs. If a tool says you are not logged in, call auth_login and show the user the URL and \
code, then call auth_status.";

impl ServerHandler for TidalMcp {
    #[allow(deprecated)]
    fn get_info(&self) -> ServerConfig {
        ServerConfig::new(
            ServerCapabilities::builder()
                .enable_tools()
                .enable_tool_list_changed()
                .enable_resources()
                .enable_resources_subscribe()
                .enable_resources_list_changed()
                .enable_prompts()
                .enable_logging()
                .enable_completions()
                .enable_tasks()
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
        Ok(ListToolsResult::with_all_items(self.router().list_all()))
    }

    fn get_tool(&self, name: &str) -> Option<Tool> {
        self.callable().get(name).cloned()
    }

    async fn call_tool(
        &self,
        request: CallToolRequestParams,
        context: RequestContext<RoleServer>,
    ) -> Result<CallToolResponse, McpError> {
        let name = request.name.to_string();
        if !self.callable().has_route(&name) {
            return Err(McpError::invalid_params(
                format!("unknown tool: {name}"),
                None,
            ));
        }
        let Some(support) = tasks::support(&name) else {
            return self.answer(request, context).await;
        };
        let this = self.clone();
        let mut own = context.clone();
        let after = std::time::Duration::from_millis(self.settings.task_after_ms);
        self.tasks
            .run(support, after, &context, move |ct, link| async move {
                own.ct = ct;
                if let Some(link) = link {
                    own.extensions.insert(link);
                }
                match this.answer(request, own).await? {
                    CallToolResponse::Complete(r) => Ok(r),
                    _ => Err(McpError::internal_error(
                        "a long call asked for input",
                        None,
                    )),
                }
            })
            .await
    }

    async fn get_task(
        &self,
        request: GetTaskParams,
        _context: RequestContext<RoleServer>,
    ) -> Result<GetTaskResult, McpError> {
        self.tasks.get(&request.task_id).map(GetTaskResult::new)
    }

    async fn cancel_task(
        &self,
        request: CancelTaskParams,
        _context: RequestContext<RoleServer>,
    ) -> Result<(), McpError> {
        self.tasks.cancel(&request.task_id)
    }

    async fn update_task(
        &self,
        request: UpdateTaskParams,
        _context: RequestContext<RoleServer>,
    ) -> Result<(), McpError> {
        self.tasks.update(&request.task_id, request.input_responses)
    }

    async fn set_level(
        &self,
        request: SetLevelRequestParams,
        _context: RequestContext<RoleServer>,
    ) -> Result<(), McpError> {
        self.log_level
            .store(severity(request.level), Ordering::Relaxed);
        Ok(())
    }

    async fn complete(
        &self,
        request: CompleteRequestParams,
        _context: RequestContext<RoleServer>,
    ) -> Result<CompleteResult, McpError> {
        Ok(completion::complete(self.service(), &request).await)
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

    async fn subscribe(
        &self,
        request: SubscribeRequestParams,
        context: RequestContext<RoleServer>,
    ) -> Result<(), McpError> {
        // A resource that never changes (an album, or one that is not there) is subscribed to
        // as clients expect, and never heard of again.
        if !resources::subscribable(&request.uri) {
            return Ok(());
        }
        self.subscriptions
            .add(&request.uri, &self.service, context.peer.clone());
        Ok(())
    }

    fn accepted_subscription_filter(
        &self,
        requested: &SubscriptionFilter,
    ) -> Option<SubscriptionFilter> {
        Some(subscriptions::accepted(requested))
    }

    async fn listen(&self, context: rmcp::service::SubscriptionContext) -> Result<(), McpError> {
        subscriptions::stream(&self.service, self.tools_changed.subscribe(), context).await;
        Ok(())
    }

    async fn unsubscribe(
        &self,
        request: UnsubscribeRequestParams,
        _context: RequestContext<RoleServer>,
    ) -> Result<(), McpError> {
        self.subscriptions.remove(&request.uri);
        Ok(())
    }

    async fn read_resource(
        &self,
        request: ReadResourceRequestParams,
        context: RequestContext<RoleServer>,
    ) -> Result<ReadResourceResponse, McpError> {
        resources::read(self, &request.uri, context.ct)
            .await
            .map(Into::into)
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
        let prefs = self.service.prefs_for_active();
        prompts::get(&request.name, request.arguments.unwrap_or_default(), &prefs).map(Into::into)
    }
}
