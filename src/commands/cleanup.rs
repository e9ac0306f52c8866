//! `tidal-mcp cleanup`: the agent removes what is past retention or rotation (or lists it with
//! `--dry-run`); with `--deep`, or weekly under `cleanup.weekly_deep_clean`, the store is then
//! compacted with the agent stopped.

use serde_json::json;

use crate::agent::client::AdminClient;
use crate::agent::offline::Offline;
use crate::agent::protocol::{AdminOp, AgentStatus, CleanupReport, Empty, StoppedWork};
use crate::cli::CleanupArgs;
use crate::config::Config;
use crate::error::ExitStatus;
use crate::output::Printer;

const WEEK_MS: i64 = 7 * 86_400_000;

pub fn run(args: CleanupArgs, config: Config, printer: Printer) -> anyhow::Result<ExitStatus> {
    super::block_on(async move {
        let mut admin = AdminClient::connect(&config).await?;
        let spinner = printer.spinner("cleaning up");
        let report: CleanupReport = admin.call(AdminOp::cleanup(args.dry_run)).await?;
        // The weekly compaction waits for a moment when no client is connected (this command's
        // own connection aside): stopping the agent would cut MCP sessions off.
        let status: AgentStatus = admin.call(AdminOp::status()).await?;
        drop(admin);
        let now = crate::output::now_ms();
        let weekly_due = config.settings.cleanup.weekly_deep_clean
            && now - report.compaction_counts_from >= WEEK_MS;
        let weekly = weekly_due && status.clients <= 1;
        if weekly_due && !weekly && !args.deep {
            printer.info("the weekly compaction waits until no MCP client is connected");
        }
        let mut compacted = None;
        if (args.deep || weekly) && !args.dry_run {
            spinner.set_message("compacting the store");
            let offline = Offline::take(&config).await?;
            let c = offline.compact(now)?;
            drop(offline);
            let mut admin = AdminClient::connect(&config).await?;
            let _: Empty = admin
                .call(AdminOp::record(
                    StoppedWork::Compact,
                    json!({"bytes_before": c.bytes_before, "bytes_after": c.bytes_after}),
                ))
                .await?;
            compacted = Some(c);
        }
        spinner.finish_and_clear();
        if args.json {
            printer.json(&json!({"removed": report, "compacted": compacted}));
            return Ok(ExitStatus::Success);
        }
        if printer.quiet {
            return Ok(ExitStatus::Success);
        }
        let verb = if args.dry_run {
            "would remove"
        } else {
            "removed"
        };
        let list = |v: &[std::path::PathBuf]| {
            v.iter()
                .map(|p| p.display().to_string())
                .collect::<Vec<_>>()
                .join("\n")
        };
        let rows = vec![
            vec![
                "expired cache entries".into(),
                report.cache_entries.to_string(),
                String::new(),
            ],
            vec![
                "audit entries past retention".into(),
                report.audit_entries.to_string(),
                String::new(),
            ],
            vec![
                "metrics buckets past retention".into(),
                report.metrics_buckets.to_string(),
                String::new(),
            ],
            vec![
                "vault generations past rotation".into(),
                report.vault_generations.to_string(),
                String::new(),
            ],
            vec![
                "backups past rotation".into(),
                report.backups.len().to_string(),
                list(&report.backups),
            ],
            vec![
                "verdicts of removed backups".into(),
                report.backup_records.to_string(),
                String::new(),
            ],
            vec![
                "stale run files".into(),
                report.run_files.len().to_string(),
                list(&report.run_files),
            ],
            vec![
                "scratch directories".into(),
                report.scratch_dirs.len().to_string(),
                list(&report.scratch_dirs),
            ],
        ];
        printer.table(&["what", verb, "paths"], rows);
        if let Some(c) = compacted {
            printer.message(&format!(
                "compacted the store: {} KB -> {} KB",
                c.bytes_before.div_ceil(1024),
                c.bytes_after.div_ceil(1024)
            ));
        }
        Ok(ExitStatus::Success)
    })
}
