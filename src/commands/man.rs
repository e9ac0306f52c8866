//! `tidal-mcp man [--out-dir DIR]`: the top-level roff page on stdout, or one page per command
//! and subcommand in a directory.

use std::path::Path;

use anyhow::Context;

use crate::cli::ManArgs;
use crate::error::ExitStatus;
use crate::output::Printer;

pub fn run(args: ManArgs, printer: Printer) -> anyhow::Result<ExitStatus> {
    let Some(dir) = args.out_dir else {
        let mut buf = Vec::new();
        clap_mangen::Man::new(crate::cli::command()).render(&mut buf)?;
        printer.data(&String::from_utf8_lossy(&buf));
        return Ok(ExitStatus::Success);
    };
    std::fs::create_dir_all(&dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let written = write_pages(&dir)?;
    printer.info(&format!("wrote {written} man pages to {}", dir.display()));
    Ok(ExitStatus::Success)
}

/// Writes every page; returns how many.
pub fn write_pages(dir: &Path) -> anyhow::Result<usize> {
    let mut cmd = crate::cli::command();
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
