//! `tidal-mcp agent` (run in the foreground), `agent status`, `agent stop`.

use std::time::Duration;

use serde_json::Value;

use crate::agent::client::{self, AdminClient, AgentError};
use crate::agent::server::{self, Mode};
use crate::cli::{AgentArgs, AgentCommand};
use crate::config::Config;
use crate::error::ExitStatus;
use crate::output::Printer;

pub fn run(args: AgentArgs, config: Config, printer: Printer) -> anyhow::Result<ExitStatus> {
    match args.command {
        None => {
            let mode = if args.detached {
                Mode::Detached
            } else {
                Mode::Foreground
            };
            if mode == Mode::Foreground {
                printer.info(&format!(
                    "agent for {} (Ctrl-C to stop)",
                    config.home.socket_path().display()
                ));
            }
            server::run(config, mode, None)?;
            Ok(ExitStatus::Success)
        }
        Some(AgentCommand::Status(a)) => super::block_on(status(config, a.json, printer)),
        Some(AgentCommand::Stop) => super::block_on(stop(config, printer)),
    }
}

async fn status(config: Config, json: bool, printer: Printer) -> anyhow::Result<ExitStatus> {
    let mut admin = match AdminClient::connect_existing(&config).await {
        Ok(a) => a,
        Err(AgentError::NotRunning) => {
            if json {
                printer.json(&serde_json::json!({"running": false}));
            } else {
                printer.message("no agent is running (one starts when a command needs it)");
            }
            return Ok(ExitStatus::Failure);
        }
        Err(e) => return Err(e.into()),
    };
    let mut s = admin.call("status", Value::Null).await?;
    s["running"] = Value::Bool(true);
    if json {
        printer.json(&s);
    } else {
        let row = |k: &str| {
            s.get(k)
                .map(|v| {
                    v.as_str()
                        .map(str::to_string)
                        .unwrap_or_else(|| v.to_string())
                })
                .unwrap_or_default()
        };
        printer.table(
            &["pid", "version", "uptime", "clients", "socket"],
            vec![vec![
                row("pid"),
                row("version"),
                format!("{}s", row("uptime_s")),
                row("clients"),
                row("socket"),
            ]],
        );
    }
    Ok(ExitStatus::Success)
}

async fn stop(config: Config, printer: Printer) -> anyhow::Result<ExitStatus> {
    if !client::retire(&config, true).await? {
        printer.info("no agent is running");
        return Ok(ExitStatus::Success);
    }
    if client::wait_for_exit(&config, Duration::from_secs(10)).await {
        printer.info("agent stopped");
        Ok(ExitStatus::Success)
    } else {
        Err(crate::error::Hinted {
            message: "the agent did not exit within 10s".into(),
            hint: format!("see {}", config.home.agent_log_path().display()),
        }
        .into())
    }
}
