//! `tidal-mcp logout`: best-effort server-side logout, then the tokens are forgotten.

use crate::agent::client::AdminClient;
use crate::agent::protocol::{AdminOp, LoggedOut};
use crate::cli::LogoutArgs;
use crate::config::Config;
use crate::error::ExitStatus;
use crate::output::Printer;

pub fn run(args: LogoutArgs, config: Config, printer: Printer) -> anyhow::Result<ExitStatus> {
    super::block_on(async move {
        let mut admin = AdminClient::connect(&config).await?;
        let r: LoggedOut = admin.call(AdminOp::logout()).await?;
        if args.json {
            printer.json(&r);
        } else if r.logged_out {
            printer.message("Logged out; the tokens were removed from the vault.");
        } else {
            printer.message("Not logged in.");
        }
        Ok(ExitStatus::Success)
    })
}
