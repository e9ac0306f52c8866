//! `tidal-mcp status [--json]`: logged in?, who, country, expiry. Never a token.

use serde_json::{Value, json};

use crate::agent::client::AdminClient;
use crate::cli::JsonArgs;
use crate::config::Config;
use crate::error::ExitStatus;
use crate::output::Printer;

pub fn run(args: JsonArgs, config: Config, printer: Printer) -> anyhow::Result<ExitStatus> {
    super::block_on(async move {
        let mut admin = AdminClient::connect(&config).await?;
        let s = admin.call("session", Value::Null).await?;
        let logged_in = s["logged_in"].as_bool().unwrap_or(false);
        if args.json {
            printer.json(&json!({
                "logged_in": logged_in,
                "user_id": s["user_id"],
                "country_code": s["country_code"],
                "expires_at": s["expires_at"],
                "revoked": s["revoked"].as_bool().unwrap_or(false),
            }));
        } else if logged_in {
            let who = s["username"]
                .as_str()
                .or(s["user_id"].as_str())
                .unwrap_or("?");
            printer.message(&format!(
                "Logged in as {who} ({}); access token expires at {} (unix), refreshed automatically",
                s["country_code"].as_str().unwrap_or("?"),
                s["expires_at"]
            ));
        } else if s["revoked"].as_bool() == Some(true) {
            printer.message("The session was revoked by TIDAL; run `tidal-mcp login`.");
        } else {
            printer.message("Not logged in; run `tidal-mcp login`.");
        }
        Ok(if logged_in {
            ExitStatus::Success
        } else {
            ExitStatus::Failure
        })
    })
}
