//! Errors as users and the agent protocol see them: the one classifier that maps any error chain
//! to a kind ([`classify`]: exit code on the command line, `kind` on the wire) and a hint
//! ([`hint_for`]), the wire form of an error, the agent client's errors, and how an error is
//! printed (`error: ...`, each cause on its own line, a `hint: ...` line). It sits below the
//! agent and above the layers whose errors it knows (docs/design.md section 10 has the exit codes).

use std::path::PathBuf;
use std::process::ExitCode;

use serde::{Deserialize, Serialize};

use crate::config::ConfigError;
use crate::failure::Failure;
use crate::home::HomeError;
use crate::service::ServiceError;
use crate::store::StoreError;
use crate::tidal::TidalError;
use crate::vault::VaultError;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExitStatus {
    Success,
    /// A failure, or a check that did not pass.
    Failure,
    /// Bad usage: arguments, config values.
    Usage,
    /// Ctrl-C.
    Interrupted,
}

impl From<ExitStatus> for ExitCode {
    fn from(s: ExitStatus) -> ExitCode {
        ExitCode::from(match s {
            ExitStatus::Success => 0,
            ExitStatus::Failure => 1,
            ExitStatus::Usage => 2,
            ExitStatus::Interrupted => 130,
        })
    }
}

/// Raised by a command that the user interrupted.
#[derive(Debug, thiserror::Error)]
#[error("interrupted")]
pub struct Interrupted;

/// A usage error found after parsing (bad KEY=VALUE, conflicting options, ...).
#[derive(Debug, thiserror::Error)]
#[error("{message}")]
pub struct UsageError {
    pub message: String,
    pub hint: Option<String>,
}

impl UsageError {
    pub fn new(message: impl Into<String>, hint: Option<String>) -> Self {
        UsageError {
            message: message.into(),
            hint,
        }
    }
}

/// A failure with a message and a hint that has no richer type.
#[derive(Debug, thiserror::Error)]
#[error("{message}")]
pub struct Hinted {
    pub message: String,
    pub hint: String,
}

impl From<Failure> for ExitStatus {
    fn from(k: Failure) -> ExitStatus {
        match k {
            Failure::InvalidArguments => ExitStatus::Usage,
            Failure::Interrupted | Failure::Cancelled => ExitStatus::Interrupted,
            _ => ExitStatus::Failure,
        }
    }
}

/// An error as it crosses the agent socket: a kind, the message, and a hint on what to do.
#[derive(Debug, Clone, Serialize, Deserialize, thiserror::Error)]
#[error("{message}")]
pub struct WireError {
    pub kind: Failure,
    pub message: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hint: Option<String>,
}

impl WireError {
    pub fn failed(message: impl Into<String>, hint: Option<String>) -> Self {
        WireError {
            kind: Failure::Failed,
            message: message.into(),
            hint,
        }
    }
    pub fn usage(message: impl Into<String>) -> Self {
        WireError {
            kind: Failure::InvalidArguments,
            message: message.into(),
            hint: None,
        }
    }
    /// Flattens an error chain into one message, with the chain's kind and hint.
    pub fn from_anyhow(e: &anyhow::Error) -> Self {
        let message = e
            .chain()
            .map(|c| c.to_string())
            .collect::<Vec<_>>()
            .join(": ");
        WireError {
            kind: classify(e),
            message,
            hint: hint_for(e),
        }
    }
}

/// What can go wrong reaching the agent.
#[derive(Debug, thiserror::Error)]
pub enum AgentError {
    #[error("no tidal-mcp agent is running")]
    NotRunning,
    #[error("the running agent is version {agent}, this tidal-mcp is {ours}")]
    VersionMismatch { agent: String, ours: String },
    #[error("an agent of version {agent} is still serving clients and did not step aside")]
    OldAgentBusy { agent: String },
    #[error("the agent failed to start: {0}")]
    StartFailed(WireError),
    #[error("the agent did not become ready within {secs}s")]
    StartTimeout { secs: u64, log: PathBuf },
    /// The idle agent is exiting so that the caller can start one with its settings.
    #[error("the agent is restarting to use other settings ({})", .keys.join(", "))]
    SettingsChanged { keys: Vec<String> },
    #[error(
        "the running agent uses other settings ({}) and is serving {clients} other client(s)",
        .keys.join(", ")
    )]
    SettingsDiffer { keys: Vec<String>, clients: usize },
    #[error("agent protocol error: {0}")]
    Protocol(String),
    #[error(transparent)]
    Home(#[from] HomeError),
    #[error("agent connection failed")]
    Io(#[from] std::io::Error),
}

impl AgentError {
    pub fn hint(&self) -> Option<String> {
        match self {
            AgentError::NotRunning => Some("start one with `tidal-mcp agent`, or run any command that needs it".into()),
            AgentError::OldAgentBusy { .. } => Some(
                "it exits when its MCP clients disconnect; restart those clients, or run `tidal-mcp agent stop`".into(),
            ),
            AgentError::StartFailed(w) => w.hint.clone(),
            AgentError::SettingsDiffer { .. } => Some(
                "give this command the same configuration and environment as the running clients \
                 (`tidal-mcp config show` lists them), or close those clients and run \
                 `tidal-mcp agent stop`"
                    .into(),
            ),
            AgentError::Home(h) => h.hint(),
            AgentError::StartTimeout { log, .. } => Some(format!("see the agent log at {}", log.display())),
            _ => None,
        }
    }
}

/// The kind of the first error in the chain that has one; `Failed` when none does.
pub fn classify(err: &anyhow::Error) -> Failure {
    for e in err.chain() {
        if e.downcast_ref::<Interrupted>().is_some() {
            return Failure::Interrupted;
        }
        if e.downcast_ref::<UsageError>().is_some() || e.downcast_ref::<ConfigError>().is_some() {
            return Failure::InvalidArguments;
        }
        if let Some(w) = e.downcast_ref::<WireError>() {
            return w.kind;
        }
        if let Some(AgentError::StartFailed(w)) = e.downcast_ref::<AgentError>() {
            return w.kind;
        }
        if let Some(e) = e.downcast_ref::<ServiceError>() {
            return e.kind();
        }
        if let Some(e) = e.downcast_ref::<TidalError>() {
            return e.kind();
        }
    }
    Failure::Failed
}

pub fn hint_for(err: &anyhow::Error) -> Option<String> {
    err.chain().find_map(|e| {
        if let Some(e) = e.downcast_ref::<HomeError>() {
            e.hint()
        } else if let Some(e) = e.downcast_ref::<ConfigError>() {
            e.hint()
        } else if let Some(e) = e.downcast_ref::<VaultError>() {
            e.hint()
        } else if let Some(e) = e.downcast_ref::<StoreError>() {
            e.hint()
        } else if let Some(e) = e.downcast_ref::<AgentError>() {
            e.hint()
        } else if let Some(e) = e.downcast_ref::<WireError>() {
            e.hint.clone()
        } else if let Some(e) = e.downcast_ref::<TidalError>() {
            e.hint()
        } else if let Some(e) = e.downcast_ref::<ServiceError>() {
            e.hint()
        } else if let Some(e) = e.downcast_ref::<UsageError>() {
            e.hint.clone()
        } else {
            e.downcast_ref::<Hinted>().map(|e| e.hint.clone())
        }
    })
}

pub fn status_for(err: &anyhow::Error) -> ExitStatus {
    classify(err).into()
}

/// The lines printed for an error (without trailing newline).
pub fn render(err: &anyhow::Error) -> String {
    let mut out = format!("error: {err}");
    for cause in err.chain().skip(1) {
        let text = cause.to_string();
        // WireErrors already carry their chain flattened into the message.
        if !out.contains(&text) {
            out.push_str(&format!("\n  caused by: {text}"));
        }
    }
    if let Some(h) = hint_for(err) {
        out.push_str(&format!("\nhint: {h}"));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// One classifier for exit codes and wire kinds: both sides agree on every kind.
    #[test]
    fn exit_codes_and_wire_kinds_come_from_one_classifier() {
        let cases: Vec<(anyhow::Error, Failure, ExitStatus)> = vec![
            (
                Interrupted.into(),
                Failure::Interrupted,
                ExitStatus::Interrupted,
            ),
            (
                UsageError::new("bad", None).into(),
                Failure::InvalidArguments,
                ExitStatus::Usage,
            ),
            (
                ServiceError::Invalid("search_limit must be between 1 and 50".into()).into(),
                Failure::InvalidArguments,
                ExitStatus::Usage,
            ),
            (
                ServiceError::Interrupted("cancelled".into()).into(),
                Failure::Interrupted,
                ExitStatus::Interrupted,
            ),
            (
                ServiceError::NotLoggedIn.into(),
                Failure::NotLoggedIn,
                ExitStatus::Failure,
            ),
            (
                anyhow::anyhow!("something else"),
                Failure::Failed,
                ExitStatus::Failure,
            ),
            (
                anyhow::Error::from(ServiceError::Invalid("x".into())).context("prefs set"),
                Failure::InvalidArguments,
                ExitStatus::Usage,
            ),
        ];
        for (e, kind, exit) in cases {
            assert_eq!(classify(&e), kind, "{e:#}");
            assert_eq!(status_for(&e), exit, "{e:#}");
            // Across the socket and back, the kind and the exit code stay the same.
            let wire: anyhow::Error = WireError::from_anyhow(&e).into();
            assert_eq!(status_for(&wire), exit, "{e:#}");
        }
        let hinted: anyhow::Error = ServiceError::NotLoggedIn.into();
        assert!(
            WireError::from_anyhow(&hinted)
                .hint
                .unwrap()
                .contains("tidal-mcp login")
        );
    }
}
