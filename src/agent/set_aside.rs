//! The journal of session files `migrate` has moved aside (`data/set-aside.json`): each entry
//! is written before the plaintext is moved to `<file>.migrated` and removed once it is shredded
//! (or kept on request), so a `migrate` killed in between does not leave plaintext tokens under
//! a name nothing looks for. The next agent start, or the next `migrate`, puts such a file back
//! where it was (the state before that run; running `migrate` again imports it or finds it
//! imported, then shreds it).

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::home::Home;

#[derive(Debug, Clone, Serialize, Deserialize)]
struct Entry {
    original: PathBuf,
    aside: PathBuf,
    /// The `migrate` process that moved it: while it lives the entry is its own.
    pid: u32,
}

fn path(home: &Home) -> PathBuf {
    home.data_dir.join("set-aside.json")
}

fn read(home: &Home) -> Vec<Entry> {
    std::fs::read(path(home))
        .ok()
        .and_then(|b| serde_json::from_slice(&b).ok())
        .unwrap_or_default()
}

fn write(home: &Home, entries: &[Entry]) -> std::io::Result<()> {
    if entries.is_empty() {
        return match std::fs::remove_file(path(home)) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e),
            _ => Ok(()),
        };
    }
    crate::home::ensure_private_dir(&home.data_dir).map_err(std::io::Error::other)?;
    crate::home::write_atomic(&path(home), &serde_json::to_vec_pretty(entries)?)
}

/// Notes that `original` is about to be moved to `aside` by this process.
pub fn record(home: &Home, original: &Path, aside: &Path) -> std::io::Result<()> {
    let mut all = read(home);
    all.retain(|e| e.original != original);
    all.push(Entry {
        original: original.to_path_buf(),
        aside: aside.to_path_buf(),
        pid: std::process::id(),
    });
    write(home, &all)
}

/// Drops the note about `original` (its plaintext is shredded, kept on request, or back).
pub fn forget(home: &Home, original: &Path) -> std::io::Result<()> {
    let mut all = read(home);
    all.retain(|e| e.original != original);
    write(home, &all)
}

/// Files set aside by a `migrate` that died: whether each is still set aside.
pub fn interrupted(home: &Home) -> Vec<PathBuf> {
    read(home)
        .into_iter()
        .filter(|e| !crate::home::pid_alive(e.pid) && e.aside.exists())
        .map(|e| e.aside)
        .collect()
}

/// Puts back every file a `migrate` that died had set aside; returns where each went back.
pub fn undo_interrupted(home: &Home) -> std::io::Result<Vec<PathBuf>> {
    let all = read(home);
    let mut keep = Vec::new();
    let mut back = Vec::new();
    for e in all {
        if crate::home::pid_alive(e.pid) {
            keep.push(e);
            continue;
        }
        if e.aside.exists() && !e.original.exists() {
            std::fs::rename(&e.aside, &e.original)?;
            tracing::warn!(
                "an interrupted migrate was undone: {} is back; run `tidal-mcp migrate` again",
                e.original.display()
            );
            back.push(e.original);
        } else if e.aside.exists() {
            // The original came back some other way: the copy aside is old plaintext.
            shred(&e.aside)?;
        }
    }
    write(home, &keep)?;
    Ok(back)
}

/// Overwrites a file with noise, then removes it.
pub fn shred(path: &Path) -> std::io::Result<()> {
    use std::io::Write;
    let len = std::fs::metadata(path)?.len() as usize;
    let mut f = std::fs::OpenOptions::new().write(true).open(path)?;
    let mut noise = vec![0u8; len];
    rand::RngCore::fill_bytes(&mut rand::rngs::OsRng, &mut noise);
    f.write_all(&noise)?;
    f.sync_all()?;
    drop(f);
    std::fs::remove_file(path)
}
