//! `tidal-mcp status [--json]`: logged in?, who, country, expiry. Never a token.

use serde_json::json;

use crate::agent::client::AdminClient;
use crate::agent::protocol::{AdminOp, SessionInfo};
use crate::cli::JsonArgs;
use crate::config::Config;
use crate::error::ExitStatus;
use crate::output::Printer;

pub fn run(args: JsonArgs, config: Config, printer: Printer) -> anyhow::Result<ExitStatus> {
    super::block_on(async move {
        let mut admin = AdminClient::connect(&config).await?;
        let s: SessionInfo = admin.call(AdminOp::session()).await?;
        let logged_in = s.logged_in;
        if args.json {
            printer.json(&json!({
                "logged_in": logged_in,
                "user_id": s.user_id,
                "country_code": s.country_code,
                "expires_at": s.expires_at,
                "revoked": s.revoked,
                "api": s.api,
            }));
        } else if logged_in {
            let who = s.username.or(s.user_id).unwrap_or_else(|| "?".into());
            let expires =
                crate::output::when(s.expires_at.unwrap_or(0) * 1000, crate::output::now_ms());
            let api = match s.api {
                Some(crate::vault::Api::Official) => " (TIDAL's official API)",
                _ => "",
            };
            printer.message(&format!(
                "Logged in as {who} ({}){api}; the access token expires {expires} and is \
                 refreshed automatically",
                s.country_code.as_deref().unwrap_or("?"),
            ));
        } else if s.revoked {
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
