//! `tidal-mcp backup`: asks the agent for a backup (writes pause while it copies the store),
//! prints the archive's path, or JSON.

use crate::agent::client::AdminClient;
use crate::agent::protocol::{AdminOp, BackupMade};
use crate::cli::BackupArgs;
use crate::config::Config;
use crate::error::ExitStatus;
use crate::output::Printer;

pub fn run(args: BackupArgs, config: Config, printer: Printer) -> anyhow::Result<ExitStatus> {
    super::block_on(async move {
        let mut admin = AdminClient::connect(&config).await?;
        let spinner = printer.spinner("backing up the store and the vault");
        let made: BackupMade = admin
            .call(AdminOp::backup(
                args.output.map(|p| crate::home::absolute(&p)),
                args.keep,
                args.recipients,
            ))
            .await?;
        spinner.finish_and_clear();
        if args.json {
            printer.json(&made);
            return Ok(ExitStatus::Success);
        }
        printer.data(&made.path.display().to_string());
        printer.info(&format!(
            "{} entries, {} KB, in {} ms (writes paused {} ms){}",
            made.entries,
            made.bytes.div_ceil(1024),
            made.took_ms,
            made.paused_ms,
            match made.removed.len() {
                0 => String::new(),
                n => format!("; rotation removed {n} older backup(s)"),
            }
        ));
        for p in &made.not_counted {
            printer.message(&format!(
                "warning: {} is not a good backup of this home (damaged, or another home's); \
                 rotation neither counted nor removed it (`tidal-mcp verify-backups` says why)",
                p.display()
            ));
        }
        Ok(ExitStatus::Success)
    })
}
