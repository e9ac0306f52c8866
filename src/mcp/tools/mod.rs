//! The tools, declared once each with rmcp's `#[tool]` (name, description, annotations, one
//! parameter type and a typed output whose schema is the tool's `outputSchema`), in one router per
//! group file; `mcp::server` merges the groups that config shows. Failures are [`ToolError`]s,
//! which become `isError` results with a message and a hint (docs/design.md section 9).
//!
//! A tool parses its arguments, makes one service call (the service owns limits, audit, cache
//! and TIDAL) and shapes the answer. Adding one: an annotated `async fn` in its group's
//! `#[tool_router]` block, its parameter struct in `params.rs`, and a case in the in-process
//! test that calls every tool (docs/architecture.md).

pub(super) mod auth;
mod catalog;
pub(super) mod confirm;
mod discovery;
mod favorites;
mod folders;
pub mod params;
mod playlists;
mod preferences;
mod tidy;
mod toolsets;

use std::future::Future;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use rmcp::handler::server::common::FromContextPart;
use rmcp::handler::server::router::tool::ToolRouter;
use rmcp::handler::server::tool::IntoCallToolResult;
use rmcp::handler::server::tool::ToolCallContext;
use rmcp::model::{
    CallToolResponse, CallToolResult, ContentBlock, IntoContents, MetaObject,
    ProgressNotificationParam, ProgressToken, TextContent,
};
use rmcp::{Peer, RoleServer};
use serde::Serialize;
use serde_json::Value;
use tokio_util::sync::CancellationToken;

use super::TidalMcp;
use super::tasks::Link;
use crate::config::Group;
use crate::failure::Failure;
pub use crate::service::Cached;
use crate::service::{Service, ServiceError, Work};
use crate::tidal::TidalError;

pub use auth::out::{AuthStatus, LoginStarted};
pub use catalog::out::ArtistOut;
pub use playlists::out::PlaylistPage;

/// A group's tools, as declared in its file; `None`: the `toolsets` tool, in no group.
pub fn router(group: Option<Group>) -> ToolRouter<TidalMcp> {
    match group {
        Some(Group::Auth) => TidalMcp::auth_router(),
        Some(Group::Catalog) => TidalMcp::catalog_router(),
        Some(Group::Playlists) => {
            TidalMcp::playlists_router() + TidalMcp::tidy_router() + TidalMcp::folders_router()
        }
        Some(Group::Favorites) => TidalMcp::favorites_router(),
        Some(Group::Discovery) => TidalMcp::discovery_router(),
        Some(Group::Preferences) => TidalMcp::preferences_router(),
        None => TidalMcp::toolsets_router(),
    }
}

/// A failure the model can act on.
#[derive(Debug)]
pub struct ToolError {
    pub kind: Failure,
    pub message: String,
    pub hint: Option<String>,
}

/// Where a tool error's kind travels to `mcp::server` (which records and removes it) inside the
/// result's text block.
pub const ERROR_KIND_META: &str = "tidal-mcp/error-kind";

impl ToolError {
    pub fn invalid(message: impl Into<String>) -> Self {
        ToolError {
            kind: Failure::InvalidArguments,
            message: message.into(),
            hint: None,
        }
    }

    pub fn text(&self) -> String {
        match &self.hint {
            Some(h) => format!("{}\nhint: {h}", self.message),
            None => self.message.clone(),
        }
    }
}

impl From<TidalError> for ToolError {
    fn from(e: TidalError) -> Self {
        ToolError {
            kind: e.kind(),
            message: e.to_string(),
            hint: e.hint(),
        }
    }
}

impl From<ServiceError> for ToolError {
    fn from(e: ServiceError) -> Self {
        ToolError {
            kind: e.kind(),
            message: e.to_string(),
            hint: e.hint(),
        }
    }
}

impl IntoContents for ToolError {
    fn into_contents(self) -> Vec<ContentBlock> {
        let mut meta = MetaObject::new();
        meta.insert(ERROR_KIND_META.into(), Value::from(self.kind.as_str()));
        let mut text = TextContent::new(self.text());
        text.meta = Some(meta);
        vec![ContentBlock::Text(text)]
    }
}

pub type ToolResult = Result<Value, ToolError>;

/// A tool's structured answer: its value is the result's `structuredContent` and, as JSON
/// text, its text block. rmcp's own `Json` serializes the value into a new one, a deep copy
/// that for a 10,000-track playlist is tens of megabytes; this one moves a [`Cached`] answer's
/// value as it is. It is called `Json` because rmcp's `#[tool]` takes a tool's `outputSchema`
/// from the `T` of a return type so named.
pub struct Json<T>(pub T);

/// What a [`Json`] answer is made of: an output type, or a cached answer.
pub trait IntoStructured {
    fn into_structured(self) -> Value;
}

impl<T: Serialize> IntoStructured for T {
    fn into_structured(self) -> Value {
        to_value(&self)
    }
}

impl<T> IntoStructured for Cached<T> {
    fn into_structured(self) -> Value {
        self.0
    }
}

impl<T: IntoStructured> IntoCallToolResult for Json<T> {
    fn into_call_tool_result(self) -> Result<CallToolResponse, rmcp::ErrorData> {
        let mut v = self.0.into_structured();
        drop_nulls(&mut v);
        Ok(CallToolResult::structured(v).into())
    }
}

/// Leaves out the members whose value is `null`, at every depth: a result says "none" by
/// leaving a member out, as its output schema (`schema::nullable_as_optional`) describes it.
pub fn drop_nulls(v: &mut Value) {
    match v {
        Value::Object(o) => {
            o.retain(|_, x| !x.is_null());
            o.values_mut().for_each(drop_nulls);
        }
        Value::Array(a) => a.iter_mut().for_each(drop_nulls),
        _ => {}
    }
}

/// Serializes a tool output. Every output type is plain data, so this cannot fail.
pub fn to_value<T: Serialize>(v: &T) -> Value {
    serde_json::to_value(v).expect("tool output serializes")
}

/// What a handler gets besides its parameters: the service, and the client's progress token and
/// cancellation, which the service's long work reaches as [`Work`].
pub struct Ctx {
    pub svc: Arc<Service>,
    /// The client, for notifications (none for a resource read).
    pub peer: Option<Peer<RoleServer>>,
    pub progress: Option<(Peer<RoleServer>, ProgressToken)>,
    /// The task the call may become (`mcp::tasks`), told the same progress as its status.
    pub task: Option<Link>,
    /// How to ask the user in the 2026-07-28 era, when the client can show a form.
    pub asking: Option<confirm::Asking>,
    pub ct: CancellationToken,
    last_progress: AtomicU64,
}

impl FromContextPart<ToolCallContext<'_, TidalMcp>> for Ctx {
    fn from_context_part(
        context: &mut ToolCallContext<'_, TidalMcp>,
    ) -> Result<Self, rmcp::ErrorData> {
        let rc = &context.request_context;
        let progress = rc.meta.get_progress_token().map(|t| (rc.peer.clone(), t));
        let mut ctx = Ctx::new(context.service.service().clone(), progress, rc.ct.clone());
        ctx.peer = Some(rc.peer.clone());
        ctx.task = rc.extensions.get::<Link>().cloned();
        ctx.asking = rc.extensions.get::<confirm::Asking>().cloned();
        Ok(ctx)
    }
}

impl Ctx {
    pub fn new(
        svc: Arc<Service>,
        progress: Option<(Peer<RoleServer>, ProgressToken)>,
        ct: CancellationToken,
    ) -> Ctx {
        Ctx {
            svc,
            peer: None,
            progress,
            task: None,
            asking: None,
            ct,
            last_progress: AtomicU64::new(0),
        }
    }

    /// Sends a progress notification when the client asked for them, and tells the task the
    /// call may become; progress only increases.
    pub async fn progress(&self, done: u64, total: Option<u64>, message: &str) {
        if self.last_progress.fetch_max(done, Ordering::SeqCst) >= done && done != 0 {
            return;
        }
        if let Some(task) = &self.task {
            task.status(match total {
                Some(t) => format!("{message}: {done} of {t}"),
                None => format!("{message}: {done}"),
            });
        }
        let Some((peer, token)) = &self.progress else {
            return;
        };
        let mut p = ProgressNotificationParam::new(token.clone(), done as f64);
        if let Some(t) = total {
            p = p.with_total(t as f64);
        }
        p.message = Some(message.to_string());
        let _ = peer.notify_progress(p).await;
    }
}

impl Work for Ctx {
    fn progress(
        &self,
        done: u64,
        total: Option<u64>,
        message: &str,
    ) -> impl Future<Output = ()> + Send {
        Ctx::progress(self, done, total, message)
    }

    fn cancellation(&self) -> &CancellationToken {
        &self.ct
    }
}

/// Parses an id or URL of `kind`, as a tool error on failure.
/// A playlist as a confirmation names it: `“Title” (N tracks)`.
async fn playlist_summary(ctx: &Ctx, pid: &str) -> Result<String, ToolError> {
    let p = ctx
        .svc
        .playlist(ctx, pid, Some(1), 0)
        .await?
        .decode()?
        .playlist;
    let tracks = p
        .number_of_tracks
        .map(|n| format!(" ({n} tracks)"))
        .unwrap_or_default();
    Ok(format!("“{}”{tracks}", p.title))
}

pub fn id(input: &str, kind: &str) -> Result<String, ToolError> {
    crate::tidal::model::parse_id(input, kind).map_err(ToolError::invalid)
}

pub fn ids(inputs: &[String], kind: &str) -> Result<Vec<String>, ToolError> {
    inputs.iter().map(|i| id(i, kind)).collect()
}
