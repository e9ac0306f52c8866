//! `tidal-mcp config show` and `config path`.

use serde_json::json;

use crate::cli::ConfigCommand;
use crate::config::Config;
use crate::error::ExitStatus;
use crate::output::Printer;

pub fn run(cmd: ConfigCommand, config: Config, printer: Printer) -> anyhow::Result<ExitStatus> {
    match cmd {
        ConfigCommand::Show(a) => {
            let entries = config.entries();
            if a.json {
                let list: Vec<_> = entries
                    .iter()
                    .map(|(k, v, s)| json!({"key": k, "value": serde_json::to_value(v).unwrap_or_default(), "source": s}))
                    .collect();
                printer.json(&json!({"file": config.file, "file_found": config.file_found, "settings": list}));
            } else {
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
