//! `tidal-mcp export-user`: the agent assembles everything held about a person (GDPR Art. 15
//! and 20); written to stdout or to a new 0600 file (`home::write_private_file`).

use serde_json::Value;

use crate::agent::client::AdminClient;
use crate::agent::protocol::AdminOp;
use crate::cli::ExportUserArgs;
use crate::config::Config;
use crate::error::ExitStatus;
use crate::output::Printer;

pub fn run(args: ExportUserArgs, config: Config, printer: Printer) -> anyhow::Result<ExitStatus> {
    super::block_on(async move {
        let mut admin = AdminClient::connect(&config).await?;
        let export: Value = admin.call(AdminOp::user_export(args.user_id)).await?;
        let text = serde_json::to_string_pretty(&export)?;
        match args.output {
            None => printer.data(&text),
            Some(path) => {
                crate::home::write_private_file(&path, format!("{text}\n").as_bytes())
                    .map_err(|e| anyhow::anyhow!("could not write the export: {e}"))?;
                let d = &export["data"];
                let count = |k: &str| d[k].as_array().map_or(0, Vec::len);
                printer.info(&format!(
                    "wrote {}: {} preference revisions, {} audit entries, {} cache entries",
                    path.display(),
                    d["preferences"]["revisions"].as_array().map_or(0, Vec::len),
                    count("audit"),
                    count("cache"),
                ));
            }
        }
        Ok(ExitStatus::Success)
    })
}
