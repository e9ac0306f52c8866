//! Directories replaced by rename: the new one built beside the old, swapped in, the old one
//! removed; several at once under a journal (`swaps`), so that a crash between two swaps is
//! finished at the next open, and a crash before the journal leaves only `.new` directories,
//! which are removed.

use std::fs;
use std::path::{Path, PathBuf};

use super::write_atomic;

/// Replaces directory `target` with `new` (a sibling), keeping `target` as `<target>.old` until
/// `new` is in place; [`recover_swap`] finishes or undoes a swap a crash interrupted.
pub fn swap_dir(target: &Path, new: &Path) -> std::io::Result<()> {
    let old = target.with_extension("old");
    if old.exists() {
        fs::remove_dir_all(&old)?;
    }
    if target.exists() {
        fs::rename(target, &old)?;
        crate::fault::crash_point(&format!("swap.{}.aside", dir_name(target)));
    }
    fs::rename(new, target)?;
    sync_parent(target)?;
    if old.exists() {
        fs::remove_dir_all(&old)?;
    }
    Ok(())
}

fn dir_name(p: &Path) -> String {
    p.file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default()
}

fn sync_parent(p: &Path) -> std::io::Result<()> {
    match p.parent().filter(|d| !d.as_os_str().is_empty()) {
        Some(parent) => fs::File::open(parent)?.sync_all(),
        None => Ok(()),
    }
}

/// The directories [`swap_dirs`] may name in its journal.
const SWAPPED: &[&str] = &["store", "vault"];

/// The journal of a change that swaps several sibling directories in at once (`swaps` beside
/// them, one directory name a line).
pub fn swap_journal(parent: &Path) -> PathBuf {
    parent.join("swaps")
}

/// Swaps each `(target, new)` pair in as one change: once every new directory is complete and
/// on disk, the journal names them, then each is swapped in and the journal removed. A crash
/// between two swaps (a restored store beside the old vault) is finished by
/// [`finish_swaps`] at the next open instead of being left half done; a crash before the
/// journal leaves only `.new` directories, which [`recover_swap`] removes.
pub fn swap_dirs(pairs: &[(PathBuf, PathBuf)]) -> std::io::Result<()> {
    let Some(parent) = pairs.first().and_then(|(t, _)| t.parent()) else {
        return Ok(());
    };
    if let Some((t, _)) = pairs
        .iter()
        .find(|(t, _)| !SWAPPED.contains(&dir_name(t).as_str()))
    {
        return Err(std::io::Error::other(format!(
            "{} is not a directory a journaled swap replaces",
            t.display()
        )));
    }
    let mut names = String::new();
    for (target, new) in pairs {
        fs::File::open(new)?.sync_all()?;
        names.push_str(&dir_name(target));
        names.push('\n');
    }
    let journal = swap_journal(parent);
    write_atomic(&journal, names.as_bytes())?;
    crate::fault::crash_point("swap.journal_written");
    for (target, new) in pairs {
        swap_dir(target, new)?;
        crate::fault::crash_point(&format!("swap.{}.done", dir_name(target)));
    }
    fs::remove_file(&journal)?;
    sync_parent(&journal)
}

/// Finishes the swaps a crash interrupted in [`swap_dirs`]: every journaled directory whose
/// `.new` is still there is swapped in (or just moved in, when the crash came between moving
/// the old one aside and moving the new one in). Returns whether there was a journal.
pub fn finish_swaps(parent: &Path) -> std::io::Result<bool> {
    let journal = swap_journal(parent);
    let names = match fs::read_to_string(&journal) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(false),
        Err(e) => return Err(e),
    };
    // Only the directories a restore swaps: a damaged journal names nothing else.
    for name in names.lines().filter(|n| SWAPPED.contains(n)) {
        let target = parent.join(name);
        let new = target.with_extension("new");
        let old = target.with_extension("old");
        if new.exists() {
            if !target.exists() {
                fs::rename(&new, &target)?;
                sync_parent(&target)?;
            } else {
                swap_dir(&target, &new)?;
            }
        }
        if old.exists() && target.exists() {
            fs::remove_dir_all(&old)?;
        }
    }
    fs::remove_file(&journal)?;
    sync_parent(&journal)?;
    tracing::warn!(
        "{}: an interrupted restore's swaps were finished",
        parent.display()
    );
    Ok(true)
}

/// After a crash inside [`swap_dir`]: a journaled change is finished first ([`finish_swaps`]);
/// otherwise the old directory comes back if the new one never arrived, and a leftover `.old`
/// or half-built `.new` is removed.
pub fn recover_swap(target: &Path) {
    if let Some(parent) = target.parent()
        && let Err(e) = finish_swaps(parent)
    {
        tracing::error!(
            "{}: cannot finish an interrupted swap: {e}",
            parent.display()
        );
        return;
    }
    let old = target.with_extension("old");
    let new = target.with_extension("new");
    if !target.exists() && old.exists() {
        match fs::rename(&old, target) {
            Ok(()) => tracing::warn!("{}: an interrupted swap was undone", target.display()),
            Err(e) => tracing::error!("{}: cannot undo an interrupted swap: {e}", target.display()),
        }
    }
    for leftover in [old, new] {
        if leftover.exists() && target.exists() {
            let _ = fs::remove_dir_all(&leftover);
        }
    }
}
