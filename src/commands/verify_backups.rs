//! `tidal-mcp verify-backups`: the agent checks each backup (decrypt, checksums, a test restore
//! into a scratch store, the audit chain); a table or JSON of verdicts, exit 1 if any is bad.
//! When the agent cannot start (a damaged store), this process checks them itself.

use std::path::PathBuf;

use crate::agent::client::AdminClient;
use crate::agent::protocol::{AdminOp, BackupVerdict};
use crate::cli::VerifyBackupsArgs;
use crate::config::Config;
use crate::error::{AgentError, ExitStatus, Hinted};
use crate::output::Printer;
use crate::store::archive;

pub fn run(
    args: VerifyBackupsArgs,
    config: Config,
    printer: Printer,
) -> anyhow::Result<ExitStatus> {
    let target = args
        .dir
        .map(|p| crate::home::absolute(&p))
        .unwrap_or_else(|| crate::agent::backup::backup_dir(&config));
    let files: Vec<PathBuf> = if target.is_file() {
        vec![target.clone()]
    } else {
        archive::list(&target)?
    };
    if files.is_empty() {
        return Err(Hinted {
            message: format!("no backups in {}", target.display()),
            hint: "make one with `tidal-mcp backup`".into(),
        }
        .into());
    }
    super::block_on(async move {
        // A home whose agent cannot start (a damaged store) is checked without it: this is
        // the first step of the way out that the store's error names.
        let mut admin = match AdminClient::connect(&config).await {
            Ok(admin) => Some(admin),
            Err(AgentError::StartFailed(why)) => {
                printer.info(&format!(
                    "the agent cannot start ({}): checking the backups without it (the verdicts are not kept for `health`)",
                    why.message
                ));
                None
            }
            Err(e) => return Err(e.into()),
        };
        let bar = printer.bar(files.len() as u64);
        let mut verdicts = Vec::new();
        for f in files {
            bar.set_message(
                f.file_name()
                    .map(|n| n.to_string_lossy().to_string())
                    .unwrap_or_default(),
            );
            let v: BackupVerdict = match admin.as_mut() {
                Some(admin) => admin.call(AdminOp::backup_verify(f)).await?,
                None => crate::agent::backup::judge(&config, &f),
            };
            verdicts.push(v);
            bar.inc(1);
        }
        bar.finish_and_clear();
        let bad = verdicts.iter().filter(|v| !v.ok).count();
        if args.json {
            printer.json(&verdicts);
        } else if printer.quiet && bad == 0 {
            // From cron: silence when all is well.
        } else {
            let now = crate::output::now_ms();
            let rows = verdicts
                .iter()
                .map(|v| {
                    vec![
                        v.path
                            .file_name()
                            .map(|n| n.to_string_lossy().to_string())
                            .unwrap_or_default(),
                        v.created_at
                            .map(|t| crate::output::when(t, now))
                            .unwrap_or_default(),
                        v.entries.map(|n| n.to_string()).unwrap_or_default(),
                        if v.ok {
                            format!("ok ({} ms)", v.took_ms)
                        } else {
                            format!("BAD: {}", v.reason.as_deref().unwrap_or("?"))
                        },
                    ]
                })
                .collect();
            printer.table(&["backup", "created", "entries", "result"], rows);
            if bad > 0 {
                printer.message(&format!("{bad} of {} backups are bad", verdicts.len()));
            }
        }
        Ok(if bad == 0 {
            ExitStatus::Success
        } else {
            ExitStatus::Failure
        })
    })
}
