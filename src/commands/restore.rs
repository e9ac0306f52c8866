//! `tidal-mcp restore FILE`: reads and checks the backup first, asks before replacing a home
//! that holds data (and backs that up first, into `before-restore/` beside the backups, outside
//! their rotation; a home whose agent cannot start has its store and vault moved aside instead),
//! then stops the agent and puts the backup in place with the erasure ledger re-applied; the
//! restart is recorded in the audit chain.

use serde_json::json;

use crate::agent::client::AdminClient;
use crate::agent::offline::Offline;
use crate::agent::protocol::{AdminOp, BackupMade, Empty, StoppedWork};
use crate::cli::RestoreArgs;
use crate::config::Config;
use crate::error::{AgentError, ExitStatus, Hinted};
use crate::output::Printer;
use crate::store::archive::{ArchiveError, Snapshot};

pub fn run(args: RestoreArgs, config: Config, printer: Printer) -> anyhow::Result<ExitStatus> {
    let file = crate::home::absolute(&args.file);
    let identities = crate::agent::backup::identities(&config, args.identity.as_deref())?;
    let spinner = printer.spinner("reading the backup");
    let snapshot = Snapshot::read(&file, &identities).map_err(|e| {
        let hint = match &e {
            ArchiveError::Decrypt(_) => {
                "pass --identity FILE with the age identity it was encrypted to".to_string()
            }
            ArchiveError::Io(_) => "check the path".into(),
            _ => "nothing was changed; `tidal-mcp verify-backups` checks the others".into(),
        };
        anyhow::Error::from(Hinted {
            message: format!("cannot restore {}: {e}", file.display()),
            hint,
        })
    })?;
    // The whole backup is checked before anything is replaced: a store this tidal-mcp reads
    // and a vault that opens with its identity.
    let scratch = crate::agent::backup::tempdir_in(&config.home.data_dir)?;
    let usable = crate::agent::backup::restorable(&config, &snapshot, &scratch);
    let _ = std::fs::remove_dir_all(&scratch);
    usable.map_err(|e| {
        anyhow::Error::from(Hinted {
            message: format!("cannot restore {}: {e:#}", file.display()),
            hint: "nothing was changed; `tidal-mcp verify-backups` checks the others".into(),
        })
    })?;
    spinner.finish_and_clear();
    let manifest = snapshot.manifest.clone();
    let now = crate::output::now_ms();
    let holds_data = crate::store::Store::holds_data(&config.home.store_dir())
        || config.home.vault_dir().join("vault.age").exists();
    super::block_on(async move {
        let mut safety = None;
        let mut broken = false;
        if holds_data {
            printer.confirm(
                &format!(
                    "Replace the store and the vault in {} with the backup made {}?",
                    config.home.data_dir.display(),
                    crate::output::when(manifest.created_at, now)
                ),
                args.yes,
            )?;
            match AdminClient::connect(&config).await {
                Ok(mut admin) => {
                    // Apart from the rotated backups, so that cron's backups never push it out.
                    let made: BackupMade = admin
                        .call(AdminOp::backup(
                            Some(crate::agent::backup::safety_dir(&config)),
                            Some(u32::MAX),
                            Vec::new(),
                        ))
                        .await?;
                    printer.info(&format!("safety backup: {}", made.path.display()));
                    safety = Some(made.path);
                }
                // The home cannot be opened (which is why it is being restored): its store
                // and vault are kept as they are, moved aside, instead of a safety backup.
                Err(AgentError::StartFailed(why)) => {
                    printer.info(&format!(
                        "the agent cannot start ({}): the current store and vault are kept aside instead of backed up",
                        why.message
                    ));
                    broken = true;
                }
                Err(e) => return Err(e.into()),
            }
        }
        let offline = Offline::take(&config).await?;
        let kept_aside = if broken {
            let dir = offline.keep_aside(now)?;
            printer.info(&format!(
                "kept the old store and vault in {}",
                dir.display()
            ));
            Some(dir)
        } else {
            None
        };
        let restored = offline.restore(snapshot)?;
        drop(offline);
        let mut admin = AdminClient::connect(&config).await?;
        let details = json!({
            "backup_created_at": manifest.created_at,
            "entries": restored.entries,
            "erasures_reapplied": restored.erasures_in_ledger,
            "erased_records": restored.erased_records,
        });
        let _: Empty = admin
            .call(AdminOp::record(StoppedWork::Restore, details))
            .await?;
        if args.json {
            printer.json(&json!({
                "restored_from": file,
                "manifest": manifest,
                "restored": restored,
                "safety_backup": safety,
                "kept_aside": kept_aside,
            }));
        } else {
            printer.message(&format!(
                "restored {} entries from {} (made {})",
                restored.entries,
                file.display(),
                crate::output::when(manifest.created_at, now)
            ));
            if restored.erasures_in_ledger > 0 {
                printer.message(&format!(
                    "{} erasure(s) made with delete-user were applied again ({} records, {} vault user(s) removed)",
                    restored.erasures_in_ledger, restored.erased_records, restored.erased_users
                ));
            }
            printer
                .info("if the backup came from another machine, run `tidal-mcp vault accept` once");
        }
        Ok(ExitStatus::Success)
    })
}
