//! tidal-mcp: one binary that serves a TIDAL account over MCP, backed by a single state-owning
//! agent per data home (see docs/design.md and docs/).

pub mod agent;
pub mod cli;
pub mod clock;
pub mod commands;
pub mod config;
pub mod env_vars;
pub mod error;
pub mod failure;
pub mod fault;
pub mod home;
pub mod mcp;
pub mod output;
pub mod service;
pub mod store;
pub mod tidal;
pub mod vault;

use std::process::ExitCode;

/// The whole program: parse, run one command, map the outcome to an exit code.
pub fn main_entry() -> ExitCode {
    home::set_private_umask();
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    let parsed = match cli::machine_invocation(&args) {
        Some(cli) => Ok(cli),
        None => cli::command()
            .try_get_matches_from(args)
            .and_then(|m| <cli::Cli as clap::FromArgMatches>::from_arg_matches(&m)),
    };
    let cli = match parsed {
        Ok(c) => c,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { 2 } else { 0 });
        }
    };
    let printer = output::Printer { quiet: cli.quiet };
    match commands::run(cli, printer) {
        Ok(status) => status.into(),
        Err(e) => {
            printer.error(&error::render(&e));
            error::status_for(&e).into()
        }
    }
}

/// Logs go to stderr only (stdout is the protocol in `serve`), filtered by `TIDAL_MCP_LOG`.
pub fn init_logging(default_filter: &str) {
    let filter = tracing_subscriber::EnvFilter::try_from_env(env_vars::LOG)
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new(default_filter));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(false)
        .try_init();
}
