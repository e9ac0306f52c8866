//! `tidal-mcp audit verify` (exit 1 with the first bad index) and `audit show`.

use crate::agent::client::AdminClient;
use crate::agent::protocol::{AdminOp, AuditEntries, AuditVerdict};
use crate::cli::AuditCommand;
use crate::config::Config;
use crate::error::{ExitStatus, UsageError};
use crate::output::Printer;

pub fn run(cmd: AuditCommand, config: Config, printer: Printer) -> anyhow::Result<ExitStatus> {
    super::block_on(async move {
        let mut admin = AdminClient::connect(&config).await?;
        match cmd {
            AuditCommand::Verify(a) => {
                let v: AuditVerdict = admin.call(AdminOp::audit_verify()).await?;
                let ok = v.ok;
                if a.json {
                    printer.json(&v);
                } else if ok {
                    printer.message(&format!("audit chain verifies ({} entries)", v.entries));
                } else {
                    printer.message(&format!(
                        "audit chain broken at entry {}: {}",
                        v.first_bad.unwrap_or(0),
                        v.reason.as_deref().unwrap_or("")
                    ));
                }
                Ok(if ok {
                    ExitStatus::Success
                } else {
                    ExitStatus::Failure
                })
            }
            AuditCommand::Show(a) => {
                let since_ms = match &a.since {
                    None => 0,
                    Some(s) => parse_since(s, crate::output::now_ms())?,
                };
                let v: AuditEntries = admin
                    .call(AdminOp::audit_show(since_ms, a.limit as u64))
                    .await?;
                if a.json {
                    printer.json(&v);
                } else {
                    let now = crate::output::now_ms();
                    let rows = v
                        .entries
                        .into_iter()
                        .map(|e| {
                            vec![
                                e.seq.to_string(),
                                crate::output::when(e.time, now),
                                e.event_type,
                                e.action,
                                e.subject,
                            ]
                        })
                        .collect();
                    printer.table(&["seq", "time", "event", "action", "subject"], rows);
                }
                Ok(ExitStatus::Success)
            }
        }
    })
}

/// `2h`, `30m`, `7d`, `45s`, or unix milliseconds.
fn parse_since(s: &str, now: i64) -> Result<i64, UsageError> {
    let bad = || {
        UsageError::new(
            format!("cannot read --since `{s}`"),
            Some(
                "use an RFC 3339 time (2026-11-25T22:00:00Z), a duration back from now (2h, 30m, \
                 7d), or Unix milliseconds"
                    .into(),
            ),
        )
    };
    let t = s.trim();
    if let Ok(ms) = t.parse::<i64>() {
        return Ok(ms);
    }
    if let Ok(at) = chrono::DateTime::parse_from_rfc3339(t) {
        return Ok(at.timestamp_millis());
    }
    let (num, unit) = t.split_at(t.len().checked_sub(1).ok_or_else(bad)?);
    let n: i64 = num.parse().map_err(|_| bad())?;
    let secs = match unit {
        "s" => n,
        "m" => n * 60,
        "h" => n * 3600,
        "d" => n * 86_400,
        _ => return Err(bad()),
    };
    Ok(now - secs * 1000)
}

#[cfg(test)]
mod tests {
    #[test]
    fn since() {
        assert_eq!(
            super::parse_since("2h", 10_000_000).unwrap(),
            10_000_000 - 7_200_000
        );
        assert_eq!(super::parse_since("123", 0).unwrap(), 123);
        assert!(super::parse_since("soon", 0).is_err());
        assert_eq!(
            super::parse_since("2026-11-25T22:00:00Z", 0).unwrap(),
            1_795_644_000_000
        );
        assert_eq!(
            super::parse_since("2026-11-25T23:00:00+01:00", 0).unwrap(),
            1_795_644_000_000
        );
        assert!(super::parse_since("", 0).is_err());
    }
}
