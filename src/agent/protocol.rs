//! The wire protocol between tidal-mcp processes and the agent (documented in
//! docs/agent-protocol.md). One JSON line of hello, one JSON line of reply, then either MCP
//! JSON-RPC lines (role `mcp`) or admin request/response lines (role `admin`).

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// Bumped on any incompatible change to the framing below.
pub const PROTOCOL: u32 = 1;

pub fn version() -> String {
    std::env::var(crate::env_vars::VERSION_OVERRIDE)
        .unwrap_or_else(|_| env!("CARGO_PKG_VERSION").to_string())
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// MCP JSON-RPC follows.
    Mcp,
    /// Admin request lines follow.
    Admin,
    /// Ask the agent to exit: when idle, or at once with `force`. Accepted from any version.
    Retire,
}

#[derive(Debug, Serialize, Deserialize)]
pub struct Hello {
    pub tidal_mcp: u32,
    pub version: String,
    pub role: Role,
    #[serde(default)]
    pub force: bool,
}

#[derive(Debug, Serialize, Deserialize)]
pub struct HelloReply {
    pub ok: bool,
    pub version: String,
    pub pid: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

#[derive(Debug, Serialize, Deserialize)]
pub struct Request {
    pub id: u64,
    pub op: String,
    #[serde(default)]
    pub args: Value,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Progress {
    pub done: u64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub total: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
}

/// An error as it crosses the socket: a kind the client maps to an exit code, the message, and
/// a hint on what to do.
#[derive(Debug, Clone, Serialize, Deserialize, thiserror::Error)]
#[error("{message}")]
pub struct WireError {
    pub kind: ErrorKind,
    pub message: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hint: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ErrorKind {
    /// Bad arguments from the caller (exit 2).
    Usage,
    /// Anything else that failed (exit 1).
    Failed,
    /// The operation was cancelled (exit 130).
    Interrupted,
}

impl WireError {
    pub fn failed(message: impl Into<String>, hint: Option<String>) -> Self {
        WireError {
            kind: ErrorKind::Failed,
            message: message.into(),
            hint,
        }
    }
    pub fn usage(message: impl Into<String>) -> Self {
        WireError {
            kind: ErrorKind::Usage,
            message: message.into(),
            hint: None,
        }
    }
    /// Flattens an error chain into one message, keeping the hint of the first hinted cause.
    pub fn from_anyhow(e: &anyhow::Error) -> Self {
        let message = e
            .chain()
            .map(|c| c.to_string())
            .collect::<Vec<_>>()
            .join(": ");
        let hint = crate::error::hint_for(e);
        let kind = if e.downcast_ref::<WireError>().map(|w| w.kind) == Some(ErrorKind::Usage) {
            ErrorKind::Usage
        } else {
            ErrorKind::Failed
        };
        WireError {
            kind,
            message,
            hint,
        }
    }
}

/// One line from the agent on an admin connection.
#[derive(Debug, Serialize, Deserialize)]
pub struct Response {
    pub id: u64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub progress: Option<Progress>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ok: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<WireError>,
}
