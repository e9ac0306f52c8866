//! `tidal-mcp health [--json] [--online]`: config, home permissions, vault files, free disk,
//! the agent, and the agent's own checks of the store, vault, session and services. Exit 1 when
//! any check is critical.

use std::os::unix::fs::MetadataExt;
use std::path::Path;

use serde_json::{Value, json};

use crate::agent::client::AdminClient;
use crate::agent::protocol::{AdminOp, Check, CheckStatus, HealthReport};
use crate::cli::HealthArgs;
use crate::config::{Config, FlagOverrides};
use crate::error::ExitStatus;
use crate::output::Printer;
use crate::vault::Vault;

fn check(name: &str, status: CheckStatus, detail: impl Into<String>) -> Check {
    Check::new(name, status, detail)
}

fn status_word(s: CheckStatus) -> &'static str {
    match s {
        CheckStatus::Ok => "ok",
        CheckStatus::Warning => "warning",
        CheckStatus::Critical => "critical",
    }
}

pub fn run(
    args: HealthArgs,
    flags: &FlagOverrides,
    printer: Printer,
) -> anyhow::Result<ExitStatus> {
    let mut checks = Vec::new();
    match Config::load(flags) {
        Err(e) => checks.push(check(
            "config",
            CheckStatus::Critical,
            crate::error::render(&e).replace('\n', " "),
        )),
        Ok(config) => {
            let detail = match (&config.file, config.file_found) {
                (Some(f), true) => format!("{} parsed", f.display()),
                (Some(f), false) => format!("defaults ({} not present)", f.display()),
                (None, _) => "defaults".into(),
            };
            checks.push(check("config", CheckStatus::Ok, detail));
            local_checks(&config, &mut checks);
            super::block_on(agent_checks(&config, args.online, &mut checks));
        }
    }
    let status = crate::agent::health::overall(&checks);
    if args.json {
        let list: Vec<Value> = checks
            .iter()
            .map(|c| json!({"name": c.name, "status": status_word(c.status), "detail": c.detail}))
            .collect();
        printer.json(&json!({"status": status, "checks": list}));
    } else {
        let rows = checks
            .iter()
            .map(|c| {
                vec![
                    c.name.clone(),
                    status_word(c.status).into(),
                    c.detail.clone(),
                ]
            })
            .collect();
        printer.table(&["check", "status", "detail"], rows);
        printer.info(&format!("overall: {status}"));
    }
    Ok(if status == "critical" {
        ExitStatus::Failure
    } else {
        ExitStatus::Success
    })
}

fn local_checks(config: &Config, checks: &mut Vec<Check>) {
    match config.home.check() {
        Ok(()) => checks.push(check(
            "home",
            CheckStatus::Ok,
            format!("{} private to you", config.home.data_dir.display()),
        )),
        Err(e) => {
            let hint = e.hint().map(|h| format!(" ({h})")).unwrap_or_default();
            checks.push(check("home", CheckStatus::Critical, format!("{e}{hint}")));
        }
    }
    let vdir = config.home.vault_dir();
    let mut bad = Vec::new();
    for f in [Vault::vault_path(&vdir), Vault::identity_path(&vdir)] {
        if let Ok(m) = std::fs::symlink_metadata(&f)
            && (m.mode() & 0o077 != 0
                || m.uid() != crate::home::current_uid()
                || m.file_type().is_symlink())
        {
            bad.push(format!("{} (mode {:04o})", f.display(), m.mode() & 0o7777));
        }
    }
    if bad.is_empty() {
        checks.push(check(
            "vault_files",
            CheckStatus::Ok,
            "identity and vault are 0600 and yours",
        ));
    } else {
        checks.push(check(
            "vault_files",
            CheckStatus::Critical,
            format!("too open: {}; run chmod 600 on them", bad.join(", ")),
        ));
    }
    checks.push(disk_check(&config.home.data_dir));
}

fn disk_check(dir: &Path) -> Check {
    let mut probe = dir.to_path_buf();
    while !probe.exists() {
        if !probe.pop() {
            break;
        }
    }
    let Ok(c) = std::ffi::CString::new(probe.as_os_str().as_encoded_bytes()) else {
        return check("disk", CheckStatus::Warning, "cannot query free space");
    };
    // SAFETY: statvfs writes into a zeroed struct we own; the path is a valid C string.
    let mut st: libc::statvfs = unsafe { std::mem::zeroed() };
    if unsafe { libc::statvfs(c.as_ptr(), &mut st) } != 0 {
        return check("disk", CheckStatus::Warning, "cannot query free space");
    }
    let free_mb = (st.f_bavail as u64).saturating_mul(st.f_frsize as u64) / (1024 * 1024);
    let status = match free_mb {
        0..=9 => CheckStatus::Critical,
        10..=99 => CheckStatus::Warning,
        _ => CheckStatus::Ok,
    };
    check(
        "disk",
        status,
        format!("{free_mb} MB free at {}", probe.display()),
    )
}

async fn agent_checks(config: &Config, online: bool, checks: &mut Vec<Check>) {
    let mut admin = match AdminClient::connect(config).await {
        Ok(a) => a,
        Err(e) => {
            let hint = e
                .hint()
                .map(|h| format!(" (hint: {h})"))
                .unwrap_or_default();
            checks.push(check("agent", CheckStatus::Critical, format!("{e}{hint}")));
            return;
        }
    };
    checks.push(check(
        "agent",
        CheckStatus::Ok,
        format!("pid {} answering", admin.agent_pid()),
    ));
    match admin.call::<HealthReport>(AdminOp::health(online)).await {
        Ok(report) => checks.extend(report.checks),
        Err(e) => checks.push(check("agent_checks", CheckStatus::Critical, e.to_string())),
    }
}
