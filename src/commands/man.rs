//! `tidal-mcp man --out-dir DIR`: one roff page per command and subcommand.

use std::path::Path;

use anyhow::Context;
use clap::CommandFactory;

use crate::cli::{Cli, ManArgs};
use crate::error::ExitStatus;
use crate::output::Printer;

pub fn run(args: ManArgs, printer: Printer) -> anyhow::Result<ExitStatus> {
    std::fs::create_dir_all(&args.out_dir)
        .with_context(|| format!("cannot create {}", args.out_dir.display()))?;
    let written = write_pages(&args.out_dir)?;
    printer.info(&format!(
        "wrote {written} man pages to {}",
        args.out_dir.display()
    ));
    Ok(ExitStatus::Success)
}

/// Writes every page; returns how many.
pub fn write_pages(dir: &Path) -> anyhow::Result<usize> {
    let mut cmd = Cli::command();
    cmd.build();
    let mut count = 0;
    write_tree(&cmd, "tidal-mcp", dir, &mut count)?;
    Ok(count)
}

fn write_tree(
    cmd: &clap::Command,
    name: &str,
    dir: &Path,
    count: &mut usize,
) -> anyhow::Result<()> {
    if cmd.is_hide_set() {
        return Ok(());
    }
    let page = cmd.clone().name(name.to_string());
    let mut buf = Vec::new();
    clap_mangen::Man::new(page).render(&mut buf)?;
    let path = dir.join(format!("{name}.1"));
    std::fs::write(&path, buf).with_context(|| format!("cannot write {}", path.display()))?;
    *count += 1;
    for sub in cmd.get_subcommands() {
        if sub.get_name() == "help" {
            continue;
        }
        write_tree(sub, &format!("{name}-{}", sub.get_name()), dir, count)?;
    }
    Ok(())
}
