//! `tidal-mcp agent` (run in the foreground), `agent status`, `agent stop`.

use std::time::Duration;

use crate::agent::client::{self, AdminClient, AgentError};
use crate::agent::protocol::{AdminOp, AgentStatus};
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
    let s: AgentStatus = admin.call(AdminOp::status()).await?;
    if json {
        let mut v = serde_json::to_value(&s)?;
        v["running"] = serde_json::Value::Bool(true);
        printer.json(&v);
    } else {
        printer.table(
            &["pid", "version", "uptime", "clients", "tasks", "socket"],
            vec![vec![
                s.pid.to_string(),
                s.version,
                format!("{}s", s.uptime_s),
                s.clients.to_string(),
                s.tasks.to_string(),
                s.socket.display().to_string(),
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
