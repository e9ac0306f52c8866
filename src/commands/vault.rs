//! `tidal-mcp vault rotate-key` and `vault accept`, carried out by the agent that owns the vault.

use crate::agent::client::AdminClient;
use crate::agent::protocol::{AdminOp, Empty, Rotated};
use crate::cli::VaultCommand;
use crate::config::Config;
use crate::error::ExitStatus;
use crate::output::Printer;

pub fn run(cmd: VaultCommand, config: Config, printer: Printer) -> anyhow::Result<ExitStatus> {
    super::block_on(async {
        let mut admin = AdminClient::connect(&config).await?;
        match cmd {
            VaultCommand::RotateKey => {
                let _: Rotated = admin.call(AdminOp::vault_rotate_key()).await?;
                printer.info("vault re-encrypted to a new identity");
            }
            VaultCommand::Accept => {
                let _: Empty = admin.call(AdminOp::vault_accept()).await?;
                printer.info("vault accepted on this machine");
            }
        }
        Ok(ExitStatus::Success)
    })
}
