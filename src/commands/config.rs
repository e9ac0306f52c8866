//! `tidal-mcp config show` and `config path`.

use std::collections::BTreeMap;

use serde_json::json;

use crate::agent::client::AdminClient;
use crate::agent::protocol::AdminOp;

use crate::cli::ConfigCommand;
use crate::config::Config;
use crate::error::ExitStatus;
use crate::output::Printer;

/// The documented default configuration (`config/tidal-mcp.toml`, which a test keeps equal to
/// the defaults).
pub const EXAMPLE: &str = include_str!("../../config/tidal-mcp.toml");

pub fn run(cmd: ConfigCommand, config: Config, printer: Printer) -> anyhow::Result<ExitStatus> {
    match cmd {
        ConfigCommand::Example => printer.data(EXAMPLE),
        ConfigCommand::Show(a) => {
            let entries = config.entries();
            let agent = super::block_on(running_agent_differs(&config));
            if a.json {
                let list: Vec<_> = entries
                    .iter()
                    .map(|(k, v, s)| json!({"key": k, "value": serde_json::to_value(v).unwrap_or_default(), "source": s}))
                    .collect();
                let agent = agent
                    .as_ref()
                    .map(|d| json!({"running": true, "differs": d}));
                printer.json(&json!({"file": config.file, "file_found": config.file_found, "settings": list, "agent": agent}));
            } else {
                if let Some(keys) = agent.as_ref().filter(|k| !k.is_empty()) {
                    printer.info(&format!(
                        "the running agent uses other values for: {} (when idle it restarts for \
                         the next command that needs it; else run `tidal-mcp agent stop`)",
                        keys.join(", ")
                    ));
                }
                let rows = entries
                    .into_iter()
                    .map(|(k, v, s)| vec![k, v.to_string(), format!("{s:?}").to_lowercase()])
                    .collect();
                printer.table(&["key", "value", "source"], rows);
            }
        }
        ConfigCommand::Path(a) => {
            let h = &config.home;
            let file = config
                .file
                .as_ref()
                .map(|f| f.display().to_string())
                .unwrap_or_default();
            let paths = [
                ("config_file", file),
                ("data_dir", h.data_dir.display().to_string()),
                ("store", h.store_dir().display().to_string()),
                ("vault", h.vault_dir().display().to_string()),
                ("run_dir", h.run_dir.display().to_string()),
                ("socket", h.socket_path().display().to_string()),
                ("backups", h.backup_dir.display().to_string()),
            ];
            if a.json {
                let m: serde_json::Map<_, _> = paths
                    .iter()
                    .map(|(k, v)| (k.to_string(), json!(v)))
                    .collect();
                printer.json(&serde_json::Value::Object(m));
            } else {
                printer.table(
                    &["what", "path"],
                    paths
                        .iter()
                        .map(|(k, v)| vec![k.to_string(), v.clone()])
                        .collect(),
                );
            }
        }
    }
    Ok(ExitStatus::Success)
}

/// The settings in which the running agent (if any) differs from this command's, by key.
async fn running_agent_differs(config: &Config) -> Option<Vec<String>> {
    let mut admin = AdminClient::connect_existing(config).await.ok()?;
    let theirs: BTreeMap<String, String> = admin.call(AdminOp::settings()).await.ok()?;
    let ours = config.agent_digest();
    let mut keys: Vec<String> = ours
        .keys()
        .chain(theirs.keys())
        .filter(|k| ours.get(*k) != theirs.get(*k))
        .cloned()
        .collect();
    keys.sort();
    keys.dedup();
    Some(keys)
}
