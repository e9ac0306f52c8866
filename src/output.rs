//! The only place that prints: data to stdout (tables for people, JSON for scripts), messages
//! and progress to stderr, progress hidden when quiet or not on a terminal. A closed stdout
//! (`| head`) is not an error.
#![allow(clippy::print_stdout, clippy::print_stderr)]

use std::io::{IsTerminal, Write};

use comfy_table::{ContentArrangement, Table, presets::UTF8_FULL_CONDENSED};

/// A moment for people: local date and time, and how far from `now_ms` ("in 59 min").
pub fn when(at_ms: i64, now_ms: i64) -> String {
    use chrono::TimeZone;
    let local = match chrono::Local.timestamp_millis_opt(at_ms) {
        chrono::LocalResult::Single(t) | chrono::LocalResult::Ambiguous(t, _) => {
            t.format("%Y-%m-%d %H:%M:%S %Z").to_string()
        }
        chrono::LocalResult::None => format!("{at_ms} ms after 1970"),
    };
    format!("{local} ({})", relative(at_ms - now_ms))
}

/// "in 59 min", "3 h ago", "now".
fn relative(delta_ms: i64) -> String {
    let s = delta_ms.abs() / 1000;
    let span = match s {
        0..=59 => {
            return if s < 5 {
                "now".into()
            } else {
                span_text(delta_ms, format!("{s} s"))
            };
        }
        60..=7_199 => format!("{} min", s / 60),
        7_200..=172_799 => format!("{} h", s / 3600),
        _ => format!("{} days", s / 86_400),
    };
    span_text(delta_ms, span)
}

fn span_text(delta_ms: i64, span: String) -> String {
    if delta_ms >= 0 {
        format!("in {span}")
    } else {
        format!("{span} ago")
    }
}

/// Now, in Unix milliseconds.
pub fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or(0)
}

#[derive(Debug, Clone, Copy)]
pub struct Printer {
    pub quiet: bool,
}

impl Printer {
    /// Writes data to stdout; a broken pipe ends quietly.
    pub fn data(&self, text: &str) {
        let mut out = std::io::stdout().lock();
        let r = out.write_all(text.as_bytes()).and_then(|_| {
            if text.ends_with('\n') {
                Ok(())
            } else {
                out.write_all(b"\n")
            }
        });
        if let Err(e) = r.and_then(|_| out.flush())
            && e.kind() == std::io::ErrorKind::BrokenPipe
        {
            std::process::exit(0);
        }
    }

    pub fn json<T: serde::Serialize + ?Sized>(&self, v: &T) {
        self.data(&serde_json::to_string_pretty(v).expect("plain data serializes"));
    }

    /// A table from a header and rows of cells.
    pub fn table(&self, header: &[&str], rows: Vec<Vec<String>>) {
        let mut t = Table::new();
        t.load_preset(UTF8_FULL_CONDENSED)
            .set_content_arrangement(ContentArrangement::Dynamic);
        // Off a terminal there is no width to fit: wrap long cells at 100 columns anyway.
        if t.width().is_none() {
            t.set_width(100);
        }
        t.set_header(header.iter().copied());
        for r in rows {
            t.add_row(r);
        }
        self.data(&t.to_string());
    }

    /// A message for people, on stderr.
    pub fn message(&self, text: &str) {
        eprintln!("{text}");
    }

    /// A message that quiet mode suppresses.
    pub fn info(&self, text: &str) {
        if !self.quiet {
            eprintln!("{text}");
        }
    }

    pub fn error(&self, text: &str) {
        eprintln!("{text}");
    }

    /// Asks before something that cannot be undone. `yes` answers for the user; without a
    /// terminal to ask on, the answer is a usage error that names --yes.
    pub fn confirm(&self, question: &str, yes: bool) -> anyhow::Result<()> {
        if yes {
            return Ok(());
        }
        if !(std::io::stdin().is_terminal() && std::io::stderr().is_terminal()) {
            return Err(crate::error::UsageError::new(
                format!("{question} (no terminal to ask on)"),
                Some("pass --yes to confirm".into()),
            )
            .into());
        }
        let agreed = dialoguer::Confirm::new()
            .with_prompt(question)
            .default(false)
            .interact()
            .unwrap_or(false);
        if agreed {
            Ok(())
        } else {
            Err(crate::error::Hinted {
                message: "cancelled; nothing was changed".into(),
                hint: "answer yes, or pass --yes".into(),
            }
            .into())
        }
    }

    /// A progress bar over `total` steps on stderr, hidden when quiet or not on a terminal.
    pub fn bar(&self, total: u64) -> indicatif::ProgressBar {
        if !self.show_progress() {
            return indicatif::ProgressBar::hidden();
        }
        indicatif::ProgressBar::new(total)
    }

    pub fn show_progress(&self) -> bool {
        !self.quiet && std::io::stderr().is_terminal()
    }

    /// A spinner on stderr, hidden when quiet or not on a terminal.
    pub fn spinner(&self, msg: &str) -> indicatif::ProgressBar {
        if !self.show_progress() {
            return indicatif::ProgressBar::hidden();
        }
        let pb = indicatif::ProgressBar::new_spinner();
        pb.set_message(msg.to_string());
        pb.enable_steady_tick(std::time::Duration::from_millis(120));
        pb
    }
}
