//! The tools, declared once each with rmcp's `#[tool]` (name, description, annotations, one
//! parameter type and a typed output whose schema is the tool's `outputSchema`), in one router per
//! group file; `mcp::server` merges the groups that config shows. Failures are [`ToolError`]s,
//! which become `isError` results with a message and a hint (docs/design.md section 9).
//!
//! Adding a tool: an annotated `async fn` in its group's `#[tool_router]` block, its parameter
//! struct in `params.rs`, and a case in the in-process test that calls every tool.

mod auth;
mod catalog;
mod discovery;
mod favorites;
pub mod params;
mod playlists;
mod preferences;
mod tidy;

use std::marker::PhantomData;
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
use schemars::JsonSchema;
use serde::Serialize;
use serde_json::Value;
use tokio_util::sync::CancellationToken;

use super::TidalMcp;
use crate::service::{Service, ServiceError};
use crate::tidal::TidalError;

pub use auth::out::{AuthStatus, LoginStarted};
pub use catalog::out::{AlbumOut, ArtistOut};
pub use playlists::out::{PlaylistOut, PlaylistPage};

/// Tool groups, as `[mcp] hidden_groups` names them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Group {
    Auth,
    Catalog,
    Playlists,
    Favorites,
    Discovery,
    Preferences,
}

impl Group {
    pub const ALL: [Group; 6] = [
        Group::Auth,
        Group::Catalog,
        Group::Playlists,
        Group::Favorites,
        Group::Discovery,
        Group::Preferences,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Group::Auth => "auth",
            Group::Catalog => "catalog",
            Group::Playlists => "playlists",
            Group::Favorites => "favorites",
            Group::Discovery => "discovery",
            Group::Preferences => "preferences",
        }
    }

    /// The group's tools, as declared in its file.
    pub fn router(self) -> ToolRouter<TidalMcp> {
        match self {
            Group::Auth => TidalMcp::auth_router(),
            Group::Catalog => TidalMcp::catalog_router(),
            Group::Playlists => TidalMcp::playlists_router() + TidalMcp::tidy_router(),
            Group::Favorites => TidalMcp::favorites_router(),
            Group::Discovery => TidalMcp::discovery_router(),
            Group::Preferences => TidalMcp::preferences_router(),
        }
    }
}

/// A failure the model can act on.
#[derive(Debug)]
pub struct ToolError {
    pub kind: &'static str,
    pub message: String,
    pub hint: Option<String>,
}

/// Where a tool error's kind travels to `mcp::server` (which records and removes it) inside the
/// result's text block.
pub const ERROR_KIND_META: &str = "tidal-mcp/error-kind";

impl ToolError {
    pub fn cancelled() -> Self {
        ToolError {
            kind: "cancelled",
            message: "cancelled by the client".into(),
            hint: None,
        }
    }

    pub fn invalid(message: impl Into<String>) -> Self {
        ToolError {
            kind: "invalid_arguments",
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
        meta.insert(ERROR_KIND_META.into(), Value::from(self.kind));
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
        Ok(CallToolResult::structured(self.0.into_structured()).into())
    }
}

/// A tool answer that comes from the cache as JSON already: it is served as it is, and its
/// schema is `T`'s, the type that was serialized into the cache.
pub struct Cached<T>(pub Value, PhantomData<T>);

impl<T> Cached<T> {
    pub fn new(v: Value) -> Self {
        Cached(v, PhantomData)
    }
}

impl<T: JsonSchema> JsonSchema for Cached<T> {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        T::schema_name()
    }
    fn schema_id() -> std::borrow::Cow<'static, str> {
        T::schema_id()
    }
    fn inline_schema() -> bool {
        T::inline_schema()
    }
    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        T::json_schema(generator)
    }
}

/// Serializes a tool output. Every output type is plain data, so this cannot fail.
pub fn to_value<T: Serialize>(v: &T) -> Value {
    serde_json::to_value(v).expect("tool output serializes")
}

/// What a handler gets besides its parameters: the service, progress and cancellation.
pub struct Ctx {
    pub svc: Arc<Service>,
    pub progress: Option<(Peer<RoleServer>, ProgressToken)>,
    pub ct: CancellationToken,
    last_progress: AtomicU64,
}

impl FromContextPart<ToolCallContext<'_, TidalMcp>> for Ctx {
    fn from_context_part(
        context: &mut ToolCallContext<'_, TidalMcp>,
    ) -> Result<Self, rmcp::ErrorData> {
        let rc = &context.request_context;
        let progress = rc.meta.get_progress_token().map(|t| (rc.peer.clone(), t));
        Ok(Ctx::new(
            context.service.service().clone(),
            progress,
            rc.ct.clone(),
        ))
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
            progress,
            ct,
            last_progress: AtomicU64::new(0),
        }
    }

    /// Sends a progress notification when the client asked for them; progress only increases.
    pub async fn progress(&self, done: u64, total: Option<u64>, message: &str) {
        let Some((peer, token)) = &self.progress else {
            return;
        };
        if self.last_progress.fetch_max(done, Ordering::SeqCst) >= done && done != 0 {
            return;
        }
        let mut p = ProgressNotificationParam::new(token.clone(), done as f64);
        if let Some(t) = total {
            p = p.with_total(t as f64);
        }
        p.message = Some(message.to_string());
        let _ = peer.notify_progress(p).await;
    }

    pub fn cancelled(&self) -> Result<(), ToolError> {
        if self.ct.is_cancelled() {
            return Err(ToolError::cancelled());
        }
        Ok(())
    }

    /// A read through the cache: `op` and `key` name the entry, `fetch` asks TIDAL for a `T`.
    pub async fn cached<T, F>(
        &self,
        kind: crate::service::cache::Kind,
        op: &str,
        key: Value,
        tags: &[&str],
        fetch: impl FnOnce() -> F,
    ) -> Result<Cached<T>, ToolError>
    where
        T: Serialize,
        F: Future<Output = Result<T, ToolError>>,
    {
        self.svc
            .cached(kind, op, &key, tags, || async {
                Ok(to_value(&fetch().await?))
            })
            .await
            .map(Cached::new)
    }
}

/// Parses an id or URL of `kind`, as a tool error on failure.
pub fn id(input: &str, kind: &str) -> Result<String, ToolError> {
    crate::tidal::model::parse_id(input, kind).map_err(ToolError::invalid)
}

pub fn ids(inputs: &[String], kind: &str) -> Result<Vec<String>, ToolError> {
    inputs.iter().map(|i| id(i, kind)).collect()
}
