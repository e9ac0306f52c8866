//! `tidal-mcp login`: device flow through the agent. Shows the URL and code, opens a browser
//! when it can, polls with a spinner showing the time left; Ctrl-C stops cleanly (exit 130,
//! nothing stored).

use std::io::IsTerminal;

use crate::agent::client::AdminClient;
use crate::agent::protocol::{AdminOp, AppCredentials, LoginDone, LoginInfo, SessionInfo};
use crate::cli::LoginArgs;
use crate::config::Config;
use crate::error::{ExitStatus, Interrupted, UsageError};
use crate::output::Printer;

pub fn run(args: LoginArgs, config: Config, printer: Printer) -> anyhow::Result<ExitStatus> {
    super::block_on(async move {
        let mut admin = AdminClient::connect(&config).await?;
        let session: SessionInfo = admin.call(AdminOp::Session).await?;
        if session.logged_in && !args.force {
            let who = session
                .username
                .clone()
                .or(session.user_id.clone())
                .unwrap_or_else(|| "?".into());
            if std::io::stdin().is_terminal() {
                let again = dialoguer::Confirm::new()
                    .with_prompt(format!("Already logged in as {who}. Log in again?"))
                    .default(false)
                    .interact()
                    .unwrap_or(false);
                if !again {
                    return Ok(ExitStatus::Success);
                }
            } else {
                return Err(UsageError::new(
                    format!("already logged in as {who}"),
                    Some("pass --force to log in again".into()),
                )
                .into());
            }
        }
        // The login is for this command's app; the session keeps it for every later refresh.
        let client = AppCredentials::from_settings(&config.settings.tidal);
        let info: LoginInfo = admin.call(AdminOp::LoginStart { client }).await?;
        let (uri, complete, code) = (
            &info.verification_uri,
            &info.verification_uri_complete,
            &info.user_code,
        );
        printer.message(&format!(
            "\nTo log in, open {uri} and enter the code:\n\n    {code}\n\n(or open {complete})\n"
        ));
        if !args.no_browser && std::io::stderr().is_terminal() && has_display() {
            open_browser(complete);
        }
        let spinner = printer.spinner("waiting for approval");
        let wait = admin.call_with_progress::<LoginDone>(AdminOp::LoginWait, |p| {
            if let Some(m) = &p.message {
                spinner.set_message(format!("waiting for approval ({m})"));
            }
        });
        let result = tokio::select! {
            r = wait => r,
            _ = tokio::signal::ctrl_c() => {
                spinner.finish_and_clear();
                // Dropping the connection cancels the login in the agent; nothing is stored.
                return Err(Interrupted.into());
            }
        };
        spinner.finish_and_clear();
        let done = result?;
        if args.json {
            printer.json(&done);
        }
        let who = done.username.unwrap_or(done.user_id);
        printer.message(&format!("Logged in as {who} ({})", done.country_code));
        Ok(ExitStatus::Success)
    })
}

fn has_display() -> bool {
    cfg!(target_os = "macos")
        || std::env::var_os("DISPLAY").is_some()
        || std::env::var_os("WAYLAND_DISPLAY").is_some()
}

fn open_browser(url: &str) {
    let opener = if cfg!(target_os = "macos") {
        "open"
    } else {
        "xdg-open"
    };
    let _ = std::process::Command::new(opener)
        .arg(url)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn();
}
