//! `tidal-mcp restore FILE`: reads and checks the backup first, asks before replacing a home
//! that holds data (and backs that up first), then stops the agent and puts the backup in place
//! with the erasure ledger re-applied; the restart is recorded in the audit chain.

use serde_json::json;

use crate::agent::client::AdminClient;
use crate::agent::offline::Offline;
use crate::agent::protocol::{AdminOp, BackupMade, Empty};
use crate::cli::RestoreArgs;
use crate::config::Config;
use crate::error::{ExitStatus, Hinted};
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
        if holds_data {
            printer.confirm(
                &format!(
                    "Replace the store and the vault in {} with the backup made {}?",
                    config.home.data_dir.display(),
                    crate::output::when(manifest.created_at, now)
                ),
                args.yes,
            )?;
            let mut admin = AdminClient::connect(&config).await?;
            let made: BackupMade = admin
                .call(AdminOp::Backup {
                    output: None,
                    keep: Some(u32::MAX),
                    recipients: Vec::new(),
                })
                .await?;
            printer.info(&format!("safety backup: {}", made.path.display()));
            safety = Some(made.path);
        }
        let offline = Offline::take(&config).await?;
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
            .call(AdminOp::Record {
                action: "restore".into(),
                details,
            })
            .await?;
        if args.json {
            printer.json(&json!({
                "restored_from": file,
                "manifest": manifest,
                "restored": restored,
                "safety_backup": safety,
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
