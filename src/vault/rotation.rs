//! Key rotation: the vault and every kept generation moved onto a new identity, with
//! `identity.txt.next` as its journal, so a rotation a crash interrupted is finished (by the
//! vault's next open, or before the next rotation) and no generation is stranded on a key that
//! is about to be replaced.

use std::fs;
use std::path::PathBuf;

use super::{Vault, VaultError, disk, read_identity, write_identity};
use crate::home;

impl Vault {
    /// Rewrites every generation under the current identity's replacement, so old generations
    /// stay readable. Used by `vault rotate-key` and by automatic rotation. A rotation that a
    /// crash interrupted (its `identity.txt.next` still there, some generations perhaps already
    /// encrypted to it) is finished first, never started over.
    pub fn rotate_key(&mut self, now: i64) -> Result<(), VaultError> {
        let next_path = Self::next_identity_path(&self.dir);
        if let Some(unfinished) = read_identity(&next_path).ok().flatten() {
            self.finish_rotation(unfinished, now)?;
        }
        let _ = fs::remove_file(&next_path);
        let next = age::x25519::Identity::generate();
        write_identity(&next_path, &next)?;
        crate::fault::crash_point("rotate.next_written");
        self.finish_rotation(next, now)
    }

    /// Moves the vault and every generation onto `next` (whose file is `identity.txt.next`),
    /// then makes it the identity. Each step is safe to repeat: a generation already encrypted
    /// to `next` is left as it is, one that decrypts with neither identity is dropped.
    pub(super) fn finish_rotation(
        &mut self,
        next: age::x25519::Identity,
        now: i64,
    ) -> Result<(), VaultError> {
        for p in self.generation_files() {
            let Ok(bytes) = fs::read(&p) else { continue };
            if disk::decrypt(&next, &bytes).is_some() {
                continue;
            }
            match disk::reencrypt(&self.identity, &next.to_public(), &bytes) {
                Some(sealed) => {
                    home::write_atomic(&p, &sealed).map_err(|source| VaultError::Io {
                        path: p.clone(),
                        source,
                    })?;
                    crate::fault::crash_point("rotate.generation");
                }
                None => {
                    let _ = fs::remove_file(&p);
                }
            }
        }
        self.data.rotated_at = now;
        let plain = disk::serialize(&self.data);
        let sealed = disk::encrypt(&next.to_public(), &plain);
        let path = self.path();
        home::write_atomic(&path, &sealed).map_err(|source| VaultError::Io {
            path: path.clone(),
            source,
        })?;
        crate::fault::crash_point("rotate.vault_written");
        let id_path = Self::identity_path(&self.dir);
        fs::rename(Self::next_identity_path(&self.dir), &id_path).map_err(|source| {
            VaultError::Io {
                path: id_path,
                source,
            }
        })?;
        let _ = fs::File::open(&self.dir).and_then(|d| d.sync_all());
        self.identity = next;
        self.persisted = true;
        Ok(())
    }

    /// The kept generations' files (`vault.age.N`), whatever `keep` is now.
    pub(super) fn generation_files(&self) -> Vec<PathBuf> {
        let mut out: Vec<PathBuf> = fs::read_dir(&self.dir)
            .into_iter()
            .flatten()
            .flatten()
            .map(|e| e.path())
            .filter(|p| {
                p.file_name()
                    .and_then(|n| n.to_str())
                    .and_then(|n| n.strip_prefix("vault.age."))
                    .is_some_and(|n| n.parse::<u32>().is_ok())
            })
            .collect();
        out.sort();
        out
    }
}
