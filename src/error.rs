//! Exit codes (DESIGN section 10) and how errors reach the user: `error: ...`, each cause on its
//! own line, and a `hint: ...` line taken from the first error in the chain that has one.

use std::process::ExitCode;

use crate::agent::client::AgentError;
use crate::agent::protocol::{ErrorKind, WireError};
use crate::config::ConfigError;
use crate::home::HomeError;
use crate::store::StoreError;
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
        } else if let Some(e) = e.downcast_ref::<crate::tidal::TidalError>() {
            e.hint()
        } else if let Some(e) = e.downcast_ref::<UsageError>() {
            e.hint.clone()
        } else {
            e.downcast_ref::<Hinted>().map(|e| e.hint.clone())
        }
    })
}

pub fn status_for(err: &anyhow::Error) -> ExitStatus {
    for e in err.chain() {
        if e.downcast_ref::<Interrupted>().is_some() {
            return ExitStatus::Interrupted;
        }
        if e.downcast_ref::<UsageError>().is_some() || e.downcast_ref::<ConfigError>().is_some() {
            return ExitStatus::Usage;
        }
        if let Some(w) = e.downcast_ref::<WireError>() {
            return match w.kind {
                ErrorKind::Usage => ExitStatus::Usage,
                ErrorKind::Interrupted => ExitStatus::Interrupted,
                ErrorKind::Failed => ExitStatus::Failure,
            };
        }
    }
    ExitStatus::Failure
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
