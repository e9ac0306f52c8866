//! `tidal-mcp serve`: the process MCP clients start. On stdio it is a thin bridge: it greets the
//! agent (starting one if needed) and then copies bytes both ways, so stdout carries nothing but
//! the agent's MCP messages. With `--http` the agent itself listens.

use std::io::{IsTerminal, Read, Write};
use std::net::SocketAddr;
use std::time::Duration;

use crate::agent::client::{self, AdminClient, AgentError};
use crate::agent::protocol::Role;
use crate::agent::protocol::{AdminOp, HttpStarted};
use crate::agent::server::{self, Mode};
use crate::cli::ServeArgs;
use crate::config::Config;
use crate::error::{ExitStatus, UsageError};
use crate::output::Printer;

/// After stdin closes, how long the bridge waits for the agent's last replies.
const DRAIN_AFTER_EOF: Duration = Duration::from_millis(1500);

pub fn run(args: ServeArgs, config: Config, printer: Printer) -> anyhow::Result<ExitStatus> {
    if let Some(addr) = args.http {
        let addr = if addr.is_empty() {
            config.settings.http.bind.clone()
        } else {
            addr
        };
        let addr: SocketAddr = addr.parse().map_err(|_| {
            UsageError::new(
                format!("`{addr}` is not an address"),
                Some("use e.g. --http 127.0.0.1:8765".into()),
            )
        })?;
        return serve_http(config, addr, printer);
    }
    if std::io::stdin().is_terminal() {
        // A person typed `tidal-mcp serve`: say what it is waiting for instead of looking hung.
        printer.info(
            "tidal-mcp serve speaks MCP (JSON-RPC lines) on stdin and stdout: MCP clients start \
             it themselves (README, \"MCP client configuration\"). Waiting for a client; Ctrl-D \
             or Ctrl-C ends it.",
        );
    }
    let conn = super::block_on(client::connect(&config, Role::Mcp))?;
    bridge(conn, config.home.agent_log_path())
}

fn bridge(conn: client::Connection, agent_log: std::path::PathBuf) -> anyhow::Result<ExitStatus> {
    let buffered = conn.reader.buffer().to_vec();
    let read_half = conn.reader.into_inner();
    let stream = read_half
        .reunite(conn.writer)
        .map_err(|e| anyhow::anyhow!("socket: {e}"))?;
    let stream = stream.into_std()?;
    stream.set_nonblocking(false)?;
    let mut to_agent = stream.try_clone()?;
    let mut from_agent = stream;

    let client_done = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let done = client_done.clone();
    std::thread::spawn(move || {
        let mut stdin = std::io::stdin().lock();
        let mut buf = vec![0u8; 64 * 1024];
        loop {
            match stdin.read(&mut buf) {
                Ok(0) | Err(_) => break,
                Ok(n) => {
                    if to_agent.write_all(&buf[..n]).is_err() {
                        break;
                    }
                }
            }
        }
        // EOF from the client: tell the agent, give it a moment to answer, then leave (M3).
        done.store(true, std::sync::atomic::Ordering::SeqCst);
        let _ = to_agent.shutdown(std::net::Shutdown::Write);
        std::thread::sleep(DRAIN_AFTER_EOF);
        std::process::exit(0);
    });

    let mut stdout = std::io::stdout().lock();
    if !buffered.is_empty() {
        stdout.write_all(&buffered)?;
        stdout.flush()?;
    }
    let mut buf = vec![0u8; 64 * 1024];
    loop {
        let n = match from_agent.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(_) => break,
        };
        if stdout
            .write_all(&buf[..n])
            .and_then(|_| stdout.flush())
            .is_err()
        {
            break;
        }
    }
    if client_done.load(std::sync::atomic::Ordering::SeqCst) {
        return Ok(ExitStatus::Success);
    }
    // The agent closed first: it was stopped or died. Say so rather than exiting 0 silently.
    Err(crate::error::Hinted {
        message: "the tidal-mcp agent closed the connection (it was stopped or failed)".into(),
        hint: format!(
            "the MCP client can start `tidal-mcp serve` again; the agent's log is {}",
            agent_log.display()
        ),
    }
    .into())
}

/// HTTP mode: the agent owns the listener, so stdio and HTTP clients share one owner of state.
/// With an agent already running it is asked to listen; otherwise this process becomes the
/// agent, in the foreground.
fn serve_http(config: Config, addr: SocketAddr, printer: Printer) -> anyhow::Result<ExitStatus> {
    let existing = super::block_on(async {
        match AdminClient::connect_existing(&config).await {
            Ok(mut admin) => {
                let r: HttpStarted = admin.call(AdminOp::http_start(addr)).await?;
                Ok::<_, anyhow::Error>(Some((admin, r)))
            }
            Err(AgentError::NotRunning) => Ok(None),
            Err(e) => Err(e.into()),
        }
    })?;
    match existing {
        Some((admin, info)) => {
            printer.info(&format!(
                "Serving MCP over streamable HTTP at http://{addr}/mcp (by the running agent); \
                 clients send the bearer token in {}. Ctrl-C stops.",
                info.token_file.display()
            ));
            // Keep the admin connection open: the agent serves HTTP for as long as we live.
            super::block_on(async move {
                let _admin = admin;
                let _ = tokio::signal::ctrl_c().await;
            });
            Ok(ExitStatus::Success)
        }
        None => {
            // This process becomes the agent; it says where it listens once it does (an info
            // log line, like `tidal-mcp agent`).
            server::run(config, Mode::Foreground, Some(addr))?;
            Ok(ExitStatus::Success)
        }
    }
}
