//! `tidal-mcp vault rotate-key` and `vault accept`, carried out by the agent that owns the vault.

use serde_json::Value;

use crate::agent::client::AdminClient;
use crate::cli::VaultCommand;
use crate::config::Config;
use crate::error::ExitStatus;
use crate::output::Printer;

pub fn run(cmd: VaultCommand, config: Config, printer: Printer) -> anyhow::Result<ExitStatus> {
    super::block_on(async {
        let mut admin = AdminClient::connect(&config).await?;
        match cmd {
            VaultCommand::RotateKey => {
                admin.call("vault.rotate_key", Value::Null).await?;
                printer.info("vault re-encrypted to a new identity");
            }
            VaultCommand::Accept => {
                admin.call("vault.accept", Value::Null).await?;
                printer.info("vault accepted on this machine");
            }
        }
        Ok(ExitStatus::Success)
    })
}
