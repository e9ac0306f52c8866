//! `tidal-mcp delete-user`: after a confirmation, the agent erases the person (vault first) and
//! records it in the erasure ledger; then the store is compacted with the agent stopped, so no
//! byte of theirs stays in the data directory.

use serde_json::json;

use crate::agent::client::AdminClient;
use crate::agent::offline::Offline;
use crate::agent::protocol::{AdminOp, Empty, Erased, SessionInfo};
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
                let s: SessionInfo = admin.call(AdminOp::Session).await?;
                match (s.username, s.user_id) {
                    (Some(name), Some(id)) => format!("{name} (user {id}, logged in)"),
                    (None, Some(id)) => format!("user {id} (logged in)"),
                    _ => "the logged-in user".into(),
                }
            }
        };
        printer.confirm(
            &format!("Erase everything tidal-mcp holds about {who}? This cannot be undone"),
            args.yes,
        )?;
        let erased: Erased = admin
            .call(AdminOp::UserDelete {
                user_id: args.user_id,
            })
            .await?;
        drop(admin);
        let spinner = printer.spinner("compacting the store");
        let offline = Offline::take(&config).await?;
        let compacted = offline.compact(crate::output::now_ms())?;
        drop(offline);
        let mut admin = AdminClient::connect(&config).await?;
        let _: Empty = admin
            .call(AdminOp::Record {
                action: "compact".into(),
                details: json!({"after": "user_deleted", "bytes_before": compacted.bytes_before, "bytes_after": compacted.bytes_after}),
            })
            .await?;
        spinner.finish_and_clear();
        if args.json {
            printer.json(&json!({"erased": erased, "compacted": compacted}));
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
        printer.message(&format!(
            "{who} erased; {} audit entries stay under the pseudonym {} with their details unreadable; \
             the store was rewritten ({} KB -> {} KB). Restoring an older backup erases them again.",
            erased.audit_entries_kept,
            erased.pseudonym,
            compacted.bytes_before.div_ceil(1024),
            compacted.bytes_after.div_ceil(1024),
        ));
        Ok(ExitStatus::Success)
    })
}
