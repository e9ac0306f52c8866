//! One file per subcommand. `run` loads the settings once and hands each command what it needs.

mod agent;
mod audit;
mod backup;
mod cleanup;
mod completions;
mod config;
mod delete_user;
mod export_user;
mod health;
mod login;
mod logout;
mod man;
mod metrics;
mod migrate;
mod prefs;
mod restore;
mod serve;
mod status;
mod vault;
mod verify_backups;

use crate::cli::{Cli, Command};
use crate::config::{Config, FlagOverrides};
use crate::error::{ExitStatus, UsageError};
use crate::output::Printer;

pub fn run(cli: Cli, printer: Printer) -> anyhow::Result<ExitStatus> {
    let default_log = match &cli.command {
        Command::Agent(a) if a.command.is_none() => "info,rmcp=warn",
        Command::Serve(a) if a.http.is_some() => "info,rmcp=warn",
        _ => "warn",
    };
    crate::init_logging(default_log);
    match cli.command {
        // These need no settings.
        Command::Completions(args) => return completions::run(args, printer),
        Command::Man(args) => return man::run(args, printer),
        Command::Config(crate::cli::ConfigCommand::Example) => {
            printer.data(config::EXAMPLE);
            return Ok(ExitStatus::Success);
        }
        _ => {}
    }
    let flags = flag_overrides(&cli.config, &cli.set)?;
    if let Command::Health(args) = cli.command {
        // health reports a broken config as a check instead of failing outright.
        return health::run(args, &flags, printer);
    }
    let config = Config::load(&flags)?;
    match cli.command {
        Command::Serve(args) => serve::run(args, config, printer),
        Command::Agent(args) => agent::run(args, config, printer),
        Command::Login(args) => login::run(args, config, printer),
        Command::Logout(args) => logout::run(args, config, printer),
        Command::Status(args) => status::run(args, config, printer),
        Command::Config(cmd) => config::run(cmd, config, printer),
        Command::Vault(cmd) => vault::run(cmd, config, printer),
        Command::Prefs(cmd) => prefs::run(cmd, config, printer),
        Command::Audit(cmd) => audit::run(cmd, config, printer),
        Command::Metrics(cmd) => metrics::run(cmd, config, printer),
        Command::Backup(args) => backup::run(args, config, printer),
        Command::VerifyBackups(args) => verify_backups::run(args, config, printer),
        Command::Restore(args) => restore::run(args, config, printer),
        Command::Cleanup(args) => cleanup::run(args, config, printer),
        Command::ExportUser(args) => export_user::run(args, config, printer),
        Command::DeleteUser(args) => delete_user::run(args, config, printer),
        Command::Migrate(args) => migrate::run(args, config, printer),
        Command::Health(_) | Command::Completions(_) | Command::Man(_) => {
            unreachable!("handled above")
        }
    }
}

fn flag_overrides(
    config: &Option<std::path::PathBuf>,
    set: &[String],
) -> anyhow::Result<FlagOverrides> {
    let mut values = Vec::new();
    for pair in set {
        let Some((k, v)) = pair.split_once('=') else {
            return Err(UsageError::new(
                format!("--set expects KEY=VALUE, got `{pair}`"),
                Some("for example: --set cache.l1.max_entries=2000".into()),
            )
            .into());
        };
        values.push((k.trim().to_string(), v.to_string()));
    }
    Ok(FlagOverrides {
        config_file: config.clone(),
        values,
    })
}

/// A current-thread runtime for a short command.
pub(crate) fn block_on<F: std::future::Future>(f: F) -> F::Output {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("tokio runtime")
        .block_on(f)
}
