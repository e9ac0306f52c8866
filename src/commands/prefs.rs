//! `tidal-mcp prefs get|set|reset`: the logged-in user's preferences, kept by the agent.

use serde_json::{Map, Value};

use crate::agent::client::AdminClient;
use crate::agent::protocol::{AdminOp, Preferences};
use crate::cli::PrefsCommand;
use crate::config::Config;
use crate::error::{ExitStatus, UsageError};
use crate::output::Printer;

pub fn run(cmd: PrefsCommand, config: Config, printer: Printer) -> anyhow::Result<ExitStatus> {
    super::block_on(async move {
        let mut admin = AdminClient::connect(&config).await?;
        let (p, json_out): (Preferences, bool) = match cmd {
            PrefsCommand::Get(a) => (admin.call(AdminOp::prefs_get()).await?, a.json),
            PrefsCommand::Reset(a) => (admin.call(AdminOp::prefs_reset()).await?, a.json),
            PrefsCommand::Set(a) => {
                let mut changes = Map::new();
                for pair in &a.pairs {
                    let (k, v) = pair.split_once('=').ok_or_else(|| {
                        UsageError::new(
                            format!("expected KEY=VALUE, got `{pair}`"),
                            Some("e.g. tidal-mcp prefs set search_limit=30".into()),
                        )
                    })?;
                    // Numbers and booleans as such, anything else as a string.
                    let value = serde_json::from_str::<Value>(v)
                        .ok()
                        .filter(|x| x.is_number() || x.is_boolean())
                        .unwrap_or_else(|| Value::String(v.to_string()));
                    changes.insert(k.trim().to_string(), value);
                }
                (admin.call(AdminOp::prefs_set(changes)).await?, a.json)
            }
        };
        let p = serde_json::to_value(&p)?;
        if json_out {
            printer.json(&p);
        } else {
            let rows = p
                .as_object()
                .into_iter()
                .flatten()
                .map(|(k, v)| vec![k.clone(), v.to_string()])
                .collect();
            printer.table(&["preference", "value"], rows);
        }
        Ok(ExitStatus::Success)
    })
}
