//! `tidal-mcp metrics export [--format prometheus|json] [--output FILE]`.

use anyhow::Context;

use crate::agent::client::AdminClient;
use crate::agent::protocol::{self, AdminOp, MetricsText};
use crate::cli::{MetricsCommand, MetricsFormat};
use crate::config::Config;
use crate::error::ExitStatus;
use crate::output::Printer;

pub fn run(cmd: MetricsCommand, config: Config, printer: Printer) -> anyhow::Result<ExitStatus> {
    let MetricsCommand::Export(args) = cmd;
    super::block_on(async move {
        let mut admin = AdminClient::connect(&config).await?;
        let format = match args.format {
            _ if args.json => protocol::MetricsFormat::Json,
            MetricsFormat::Prometheus => protocol::MetricsFormat::Prometheus,
            MetricsFormat::Json => protocol::MetricsFormat::Json,
        };
        let MetricsText { text } = admin.call(AdminOp::metrics_export(format)).await?;
        match args.output {
            Some(path) => {
                crate::home::write_atomic(&path, text.as_bytes())
                    .with_context(|| format!("cannot write {}", path.display()))?;
                printer.info(&format!("metrics written to {}", path.display()));
            }
            None => printer.data(&text),
        }
        Ok(ExitStatus::Success)
    })
}
