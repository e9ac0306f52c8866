//! `tidal-mcp login`: a login through the agent, by the device flow (shows the URL and code) or
//! in the browser (authorization code + PKCE: shows the URL; the agent's loopback listener takes
//! the answer, or the user pastes the address the browser ended on). Opens a browser when it
//! can, waits with a spinner showing the time left; Ctrl-C stops cleanly (exit 130, nothing
//! stored).

use std::io::IsTerminal;

use crate::agent::client::AdminClient;
use crate::agent::protocol::{AdminOp, AppCredentials, Empty, LoginDone, LoginInfo, SessionInfo};
use crate::cli::LoginArgs;
use crate::config::Config;
use crate::error::{ExitStatus, Interrupted, UsageError};
use crate::output::Printer;
use crate::service::session::LoginFlow;

pub fn run(args: LoginArgs, config: Config, printer: Printer) -> anyhow::Result<ExitStatus> {
    super::block_on(async move {
        let mut admin = AdminClient::connect(&config).await?;
        let session: SessionInfo = admin.call(AdminOp::session()).await?;
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
        let flow = match (args.pkce, args.device) {
            (true, _) => Some(LoginFlow::Pkce),
            (_, true) => Some(LoginFlow::Device),
            _ => None,
        };
        let info: LoginInfo = admin.call(AdminOp::login_start(client, flow)).await?;
        if let Some(note) = &info.note {
            printer.message(note);
        }
        match (&info.verification_uri, &info.user_code) {
            (Some(uri), Some(code)) => printer.message(&format!(
                "\nTo log in, open {uri} and enter the code:\n\n    {code}\n\n(or open {})\n",
                info.url
            )),
            _ => printer.message(&format!(
                "\nTo log in, open this page and sign in to TIDAL:\n\n    {}\n\nTIDAL then sends the \
                 browser back to {}, where tidal-mcp is listening.{}\n",
                info.url,
                info.redirect_uri.as_deref().unwrap_or("the redirect URI"),
                if args.no_browser {
                    " If the browser runs on another machine, paste here the address it ended on \
                     (the page will not load there; that is expected) and press Enter."
                } else {
                    ""
                }
            )),
        }
        if !args.no_browser && std::io::stderr().is_terminal() && has_display() {
            open_browser(&info.url);
        }
        if info.flow == LoginFlow::Pkce && args.no_browser {
            paste_redirects(config.clone(), printer);
        }
        let spinner = printer.spinner("waiting for approval");
        let wait = admin.call_with_progress::<LoginDone>(AdminOp::login_wait(), |p| {
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

/// Reads addresses pasted on stdin and hands each to the login in progress (on a connection of
/// its own: a line on the waiting one would cancel the login).
fn paste_redirects(config: Config, printer: Printer) {
    std::thread::spawn(move || {
        let stdin = std::io::stdin();
        let mut line = String::new();
        while stdin.read_line(&mut line).is_ok_and(|n| n > 0) {
            let url = line.trim().to_string();
            line.clear();
            if url.is_empty() {
                continue;
            }
            let sent = super::block_on(async {
                let mut admin = AdminClient::connect(&config).await?;
                admin.call::<Empty>(AdminOp::login_redirect(url)).await
            });
            if let Err(e) = sent {
                printer.error(&format!("{e:#}"));
            }
        }
    });
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
