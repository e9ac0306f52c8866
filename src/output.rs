//! The only place that prints: data to stdout (tables for people, JSON for scripts), messages
//! and progress to stderr, progress hidden when quiet or not on a terminal. A closed stdout
//! (`| head`) is not an error.
#![allow(clippy::print_stdout, clippy::print_stderr)]

use std::io::{IsTerminal, Write};

use comfy_table::{ContentArrangement, Table, presets::UTF8_FULL_CONDENSED};

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
