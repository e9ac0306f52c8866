//! Erasing people from a vault: their session (a logout for good) or their session and data key
//! (an erasure), in the vault and every kept generation, by user id or by pseudonym (the erasure
//! ledger's), and in a vault copy as a backup holds it.

use std::fs;
use std::path::PathBuf;
use std::str::FromStr;

use super::{SecretKey, Vault, VaultData, VaultError, disk};
use crate::home;

impl Vault {
    /// Erases a person: their session and their data key, in the vault and in every kept
    /// generation (so no older file can bring either back).
    pub fn forget_user_everywhere(&mut self, user_id: &str) -> Result<(), VaultError> {
        self.edit_everywhere(|d| {
            forget_session(d, user_id);
            d.user_keys.remove(user_id);
        })
    }

    /// Erases everyone `erased(pseudonym_key, user_id)` picks, as [`forget_user_everywhere`]
    /// does one person: how an erasure known only by its pseudonym (the ledger's) is finished.
    /// Returns how many the vault itself still held.
    ///
    /// [`forget_user_everywhere`]: Self::forget_user_everywhere
    pub fn forget_where(
        &mut self,
        erased: impl Fn(&SecretKey, &str) -> bool,
    ) -> Result<usize, VaultError> {
        if !self.persisted {
            return Ok(0);
        }
        // `edit_everywhere` edits the vault itself first: its count is the one returned.
        let held = std::cell::Cell::new(None);
        self.edit_everywhere(|d| {
            let n = erase_matching(d, &erased);
            held.set(held.get().or(Some(n)));
        })?;
        Ok(held.get().unwrap_or(0))
    }

    /// Logs a person out for good: their session (tokens) leaves the vault and every kept
    /// generation; their data key stays, so their preferences survive a new login.
    pub fn forget_session_everywhere(&mut self, user_id: &str) -> Result<(), VaultError> {
        self.edit_everywhere(|d| forget_session(d, user_id))
    }

    /// Applies `edit` to the vault and rewrites every kept generation with it (a generation
    /// that no longer decrypts is removed), then saves the vault without shifting generations.
    fn edit_everywhere(&mut self, edit: impl Fn(&mut VaultData)) -> Result<(), VaultError> {
        edit(&mut self.data);
        // Every generation on disk, not only the `keep` now set: one kept under a larger
        // setting must not keep what is erased.
        for p in self.generation_files() {
            let Ok(bytes) = fs::read(&p) else { continue };
            match disk::decrypt(&self.identity, &bytes) {
                Some(mut old) => {
                    edit(&mut old);
                    let sealed = disk::encrypt(&self.identity.to_public(), &disk::serialize(&old));
                    home::write_atomic(&p, &sealed).map_err(|source| VaultError::Io {
                        path: p.clone(),
                        source,
                    })?;
                }
                None => {
                    let _ = fs::remove_file(&p);
                }
            }
        }
        let path = self.path();
        let sealed = disk::encrypt(&self.identity.to_public(), &disk::serialize(&self.data));
        home::write_atomic(&path, &sealed).map_err(|source| VaultError::Io {
            path: path.clone(),
            source,
        })?;
        self.persisted = true;
        Ok(())
    }
}

/// Erases, in a vault file's bytes (as a backup holds them, with the identity file's text), every
/// user for whom `erased(pseudonym_key, user_id)` is true: their session and their data key.
/// Returns the rewritten bytes and how many users were erased.
pub fn erase_in_copy(
    vault: &[u8],
    identity_text: &[u8],
    erased: impl Fn(&SecretKey, &str) -> bool,
) -> Result<(Vec<u8>, usize), VaultError> {
    let corrupt = || VaultError::Corrupt {
        path: PathBuf::from("vault.age (in the backup)"),
    };
    let line = String::from_utf8_lossy(identity_text)
        .lines()
        .find(|l| l.starts_with("AGE-SECRET-KEY-"))
        .unwrap_or("")
        .trim()
        .to_string();
    let id = age::x25519::Identity::from_str(&line).map_err(|_| VaultError::IdentityCorrupt {
        path: PathBuf::from("identity.txt (in the backup)"),
    })?;
    let mut data = disk::decrypt(&id, vault).ok_or_else(corrupt)?;
    let n = erase_matching(&mut data, &erased);
    Ok((disk::encrypt(&id.to_public(), &disk::serialize(&data)), n))
}

/// Removes the session and the data key of every user `erased(pseudonym_key, user_id)` picks;
/// returns how many there were.
fn erase_matching(d: &mut VaultData, erased: &impl Fn(&SecretKey, &str) -> bool) -> usize {
    let users: std::collections::BTreeSet<String> = d
        .sessions
        .keys()
        .chain(d.user_keys.keys())
        .filter(|u| erased(&d.pseudonym_key, u))
        .cloned()
        .collect();
    for u in &users {
        forget_session(d, u);
        d.user_keys.remove(u);
    }
    users.len()
}

fn forget_session(d: &mut VaultData, user_id: &str) {
    d.sessions.remove(user_id);
    if d.active_user.as_deref() == Some(user_id) {
        d.active_user = None;
    }
}
