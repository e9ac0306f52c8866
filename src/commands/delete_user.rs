//! `tidal-mcp delete-user`: after a confirmation, the agent enters the erasure in the ledger and
//! erases the person (vault first); then, with the agent stopped, the erasure is finished
//! (`agent/erasure.rs`): the store is rewritten and every backup of this home too, so no byte
//! of theirs stays readable in the home. Run again after an interruption, it finishes the work.

use serde_json::json;

use crate::agent::client::AdminClient;
use crate::agent::offline::Offline;
use crate::agent::protocol::{AdminOp, Empty, Erased, SessionInfo, StoppedWork};
use crate::cli::DeleteUserArgs;
use crate::config::Config;
use crate::error::ExitStatus;
use crate::output::Printer;

pub fn run(args: DeleteUserArgs, config: Config, printer: Printer) -> anyhow::Result<ExitStatus> {
    super::block_on(async move {
        let mut admin = AdminClient::connect(&config).await?;
        let who = match &args.user_id {
            Some(id) => format!("user {id}"),
            None => {
                let s: SessionInfo = admin.call(AdminOp::session()).await?;
                let pending = crate::agent::erasure::pending(&config.home.erasure_ledger_path())?;
                match (s.username, s.user_id) {
                    (Some(name), Some(id)) => format!("{name} (user {id}, logged in)"),
                    (None, Some(id)) => format!("user {id} (logged in)"),
                    _ if !pending.is_empty() => format!(
                        "the person (pseudonym {}) whose erasure was interrupted",
                        pending[0].pseudonym
                    ),
                    _ => "the logged-in user".into(),
                }
            }
        };
        printer.confirm(
            &format!("Erase everything tidal-mcp holds about {who}? This cannot be undone"),
            args.yes,
        )?;
        let erased: Erased = admin.call(AdminOp::user_delete(args.user_id)).await?;
        drop(admin);
        crate::fault::crash_point("erase.live_done");
        let spinner = printer.spinner("rewriting the store and the backups without them");
        let offline = Offline::take(&config).await?;
        let finished = offline.finish_erasures(crate::output::now_ms())?;
        drop(offline);
        let mut admin = AdminClient::connect(&config).await?;
        if let Some(f) = &finished {
            let _: Empty = admin
                .call(AdminOp::record(
                    StoppedWork::Compact,
                    json!({
                        "after": "user_deleted",
                        "bytes_before": f.compacted.bytes_before,
                        "bytes_after": f.compacted.bytes_after,
                        "backups_rewritten": f.backups.rewritten.len(),
                        "damaged_backups_removed": f.backups.removed_damaged.len(),
                    }),
                ))
                .await?;
        }
        spinner.finish_and_clear();
        if let Some(why) = finished.as_ref().and_then(|f| f.unfinished.clone()) {
            return Err(crate::error::Hinted {
                message: format!(
                    "erased from the live home, but the backups could not all be rewritten: {why}"
                ),
                hint: "the erasure stays pending (`tidal-mcp health` says so); fix the cause and run `tidal-mcp delete-user --yes` again".into(),
            }
            .into());
        }
        if args.json {
            printer.json(&json!({"erased": erased, "finished": finished}));
            return Ok(ExitStatus::Success);
        }
        if let Some(at) = erased.already_erased_at {
            printer.message(&format!(
                "{who} was already erased ({}, under the pseudonym {}); {}",
                crate::output::when(at, crate::output::now_ms()),
                erased.pseudonym,
                if finished.is_some() {
                    "what that erasure had left undone is now finished"
                } else {
                    "nothing was left to do"
                }
            ));
            return Ok(ExitStatus::Success);
        }
        let yes_no = |b: bool| if b { "1" } else { "0" }.to_string();
        printer.table(
            &["place", "removed"],
            vec![
                vec![
                    "vault session (and every generation)".into(),
                    yes_no(erased.vault_session),
                ],
                vec![
                    "data key (sealed data anywhere, backups too, becomes unreadable)".into(),
                    yes_no(erased.data_key),
                ],
                vec!["profile".into(), erased.profile.to_string()],
                vec![
                    "preference revisions".into(),
                    erased.preference_revisions.to_string(),
                ],
                vec![
                    "rate-limit records".into(),
                    erased.limit_records.to_string(),
                ],
                vec!["cache entries".into(), erased.cache_entries.to_string()],
            ],
        );
        let (before, after, backups) = finished.as_ref().map_or((0, 0, 0), |f| {
            (
                f.compacted.bytes_before,
                f.compacted.bytes_after,
                f.backups.rewritten.len(),
            )
        });
        printer.message(&format!(
            "{who} erased; {} audit entries stay under the pseudonym {} with their details unreadable; \
             the store was rewritten ({} KB -> {} KB) and {backups} backup(s) without them. \
             Restoring an older backup erases them again.",
            erased.audit_entries_kept,
            erased.pseudonym,
            before.div_ceil(1024),
            after.div_ceil(1024),
        ));
        if let Some(f) = &finished {
            for p in &f.backups.removed_damaged {
                printer.info(&format!(
                    "removed the damaged backup {} (it could not be rewritten)",
                    p.display()
                ));
            }
            for p in &f.backups.not_ours {
                printer.info(&format!(
                    "left {} alone: it is not a backup this home can read (another home's, or for other keys)",
                    p.display()
                ));
            }
        }
        Ok(ExitStatus::Success)
    })
}
