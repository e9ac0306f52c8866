//! The age-encrypted vault (docs/design.md section 6): tokens per user, the active user, per-user data
//! keys (crypto-shredding) and the pseudonym key. An x25519 identity in a 0600 file is created on
//! first use; the vault file is encrypted to it and rewritten atomically with the previous
//! generations kept. Any flipped bit or truncation is reported as `vault corrupt: <path>` and the
//! file is left as it is.

mod disk;
mod erase;
mod rotation;
pub mod secret;

pub use erase::erase_in_copy;

use std::collections::BTreeMap;
use std::fs;
use std::io::Write;
use std::os::unix::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};
use std::str::FromStr;

pub use secret::{SecretKey, SecretString};

use crate::home;

#[derive(Debug, thiserror::Error)]
pub enum VaultError {
    #[error("vault corrupt: {path}")]
    Corrupt { path: PathBuf },
    #[error("vault identity missing: {path}")]
    IdentityMissing { path: PathBuf },
    #[error("vault identity unreadable: {path}")]
    IdentityCorrupt { path: PathBuf },
    #[error("cannot write the vault at {path}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

impl VaultError {
    pub fn hint(&self) -> Option<String> {
        Some(match self {
            VaultError::Corrupt { path } => format!(
                "the file was left untouched; copy a previous generation ({}.1 ...) or a backup over it, \
                 or move it away and run `tidal-mcp login`",
                path.display()
            ),
            VaultError::IdentityMissing { .. } | VaultError::IdentityCorrupt { .. } => {
                "the vault cannot be decrypted without its identity; restore the identity file \
                 from a backup, or move the vault away and run `tidal-mcp login`"
                    .into()
            }
            VaultError::Io { .. } => return None,
        })
    }
}

/// The TIDAL app (client) a session was issued to: its refresh must use the same one, whatever
/// the environment of the process that happens to refresh it.
pub struct ClientCredentials {
    pub client_id: String,
    pub client_secret: Option<SecretString>,
}

impl ClientCredentials {
    pub fn duplicate(&self) -> ClientCredentials {
        ClientCredentials {
            client_id: self.client_id.clone(),
            client_secret: self.client_secret.as_ref().map(SecretString::duplicate),
        }
    }
}

/// Which TIDAL API a session's tokens are for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Api {
    /// `api.tidal.com/v1`: sessions from the device flow (and imported legacy sessions). Its
    /// name on disk and in `status --json` is the one it had first.
    #[default]
    #[serde(rename = "legacy")]
    V1,
    /// `openapi.tidal.com/v2` (JSON:API): sessions from a PKCE login of a developer app.
    Official,
}

/// One TIDAL login.
pub struct Session {
    pub user_id: String,
    pub country_code: String,
    pub username: Option<String>,
    pub session_id: Option<String>,
    pub token_type: String,
    pub access_token: SecretString,
    pub refresh_token: Option<SecretString>,
    /// Unix seconds.
    pub expires_at: i64,
    /// Set when TIDAL refused the refresh token: the user must log in again.
    pub revoked: bool,
    /// The app the session was issued to (absent in vaults written before it was kept).
    pub client: Option<ClientCredentials>,
    /// The API its tokens are for.
    pub api: Api,
}

impl Session {
    pub fn duplicate(&self) -> Session {
        Session {
            user_id: self.user_id.clone(),
            country_code: self.country_code.clone(),
            username: self.username.clone(),
            session_id: self.session_id.clone(),
            token_type: self.token_type.clone(),
            access_token: self.access_token.duplicate(),
            refresh_token: self.refresh_token.as_ref().map(SecretString::duplicate),
            expires_at: self.expires_at,
            revoked: self.revoked,
            client: self.client.as_ref().map(ClientCredentials::duplicate),
            api: self.api,
        }
    }
}

/// Everything the vault holds.
pub struct VaultData {
    pub created_at: i64,
    pub rotated_at: i64,
    /// Fingerprint of the machine the vault was made on.
    pub fingerprint: String,
    /// Other machines the user accepted this vault on.
    pub accepted_fingerprints: Vec<String>,
    pub active_user: Option<String>,
    pub sessions: BTreeMap<String, Session>,
    /// Per-user data keys: destroying one erases that user's data everywhere (docs/design.md section 5).
    pub user_keys: BTreeMap<String, SecretKey>,
    /// HMAC key for pseudonymising user ids in audit, logs and metrics.
    pub pseudonym_key: SecretKey,
}

impl VaultData {
    fn fresh(now: i64) -> VaultData {
        VaultData {
            created_at: now,
            rotated_at: now,
            fingerprint: machine_fingerprint(),
            accepted_fingerprints: Vec::new(),
            active_user: None,
            sessions: BTreeMap::new(),
            user_keys: BTreeMap::new(),
            pseudonym_key: SecretKey::random(),
        }
    }

    pub fn active_session(&self) -> Option<&Session> {
        self.active_user.as_ref().and_then(|u| self.sessions.get(u))
    }

    /// The data key of a user, created when first needed.
    pub fn user_key(&mut self, user_id: &str) -> &SecretKey {
        self.user_keys
            .entry(user_id.to_string())
            .or_insert_with(SecretKey::random)
    }
}

pub struct Vault {
    dir: PathBuf,
    identity: age::x25519::Identity,
    data: VaultData,
    keep: u32,
    /// Kept generations older than this are removed on save.
    retention: Option<std::time::Duration>,
    /// Whether a vault file exists on disk yet.
    persisted: bool,
}

impl Vault {
    pub fn vault_path(dir: &Path) -> PathBuf {
        dir.join("vault.age")
    }
    pub fn identity_path(dir: &Path) -> PathBuf {
        dir.join("identity.txt")
    }
    fn next_identity_path(dir: &Path) -> PathBuf {
        dir.join("identity.txt.next")
    }
    fn generation_path(dir: &Path, n: u32) -> PathBuf {
        dir.join(format!("vault.age.{n}"))
    }

    /// Opens the vault in `dir`, creating the identity on first use. `keep` previous
    /// generations are kept on save.
    pub fn open(dir: &Path, keep: u32, now: i64) -> Result<Vault, VaultError> {
        home::recover_swap(dir);
        home::ensure_private_dir(dir).map_err(|e| VaultError::Io {
            path: dir.to_path_buf(),
            source: std::io::Error::other(e.to_string()),
        })?;
        for leftover in home::stale_temp_files(dir) {
            let _ = fs::remove_file(leftover);
        }
        let vault_path = Self::vault_path(dir);
        let id_path = Self::identity_path(dir);
        let vault_exists = vault_path.exists();
        let identity = match read_identity(&id_path)? {
            Some(id) => id,
            None if vault_exists => return Err(VaultError::IdentityMissing { path: id_path }),
            None => create_identity(&id_path)?,
        };
        if !vault_exists {
            return Ok(Vault {
                dir: dir.to_path_buf(),
                identity,
                data: VaultData::fresh(now),
                keep,
                persisted: false,
                retention: None,
            });
        }
        let bytes = fs::read(&vault_path).map_err(|source| VaultError::Io {
            path: vault_path.clone(),
            source,
        })?;
        let next_path = Self::next_identity_path(dir);
        let next = match read_identity(&next_path) {
            Ok(next) => next,
            // Written before it is used, so one that does not parse was never used.
            Err(VaultError::IdentityCorrupt { .. }) => {
                let _ = fs::remove_file(&next_path);
                None
            }
            Err(e) => return Err(e),
        };
        let (identity, data) = match disk::decrypt(&identity, &bytes) {
            Some(d) => (identity, d),
            None => match next.as_ref().and_then(|n| disk::decrypt(n, &bytes)) {
                Some(d) => (identity, d),
                None => return Err(VaultError::Corrupt { path: vault_path }),
            },
        };
        let mut vault = Vault {
            dir: dir.to_path_buf(),
            identity,
            data,
            keep,
            persisted: true,
            retention: None,
        };
        // A key rotation a crash interrupted: finished, so no generation is stranded on a key
        // that the next rotation would replace.
        if let Some(next) = next {
            vault.finish_rotation(next, now)?;
            tracing::warn!("an interrupted vault key rotation was finished");
        }
        Ok(vault)
    }

    /// Removes kept generations older than `days` on every save (`session.backup_retention_days`).
    pub fn with_retention_days(mut self, days: u32) -> Vault {
        self.retention = Some(std::time::Duration::from_secs(days as u64 * 86_400));
        self
    }

    pub fn data(&self) -> &VaultData {
        &self.data
    }
    pub fn data_mut(&mut self) -> &mut VaultData {
        &mut self.data
    }
    pub fn path(&self) -> PathBuf {
        Self::vault_path(&self.dir)
    }
    pub fn is_persisted(&self) -> bool {
        self.persisted
    }

    /// The vault was made on another machine and the user has not accepted it here.
    pub fn foreign_machine(&self) -> bool {
        let here = machine_fingerprint();
        self.data.fingerprint != here && !self.data.accepted_fingerprints.contains(&here)
    }

    pub fn accept_this_machine(&mut self) -> Result<(), VaultError> {
        let here = machine_fingerprint();
        if !self.data.accepted_fingerprints.contains(&here) {
            self.data.accepted_fingerprints.push(here);
        }
        self.save()
    }

    /// Writes the vault: the current file becomes generation 1 (older ones shift), then the new
    /// content replaces it atomically. A crash at any point leaves a decryptable vault.
    pub fn save(&mut self) -> Result<(), VaultError> {
        let plain = disk::serialize(&self.data);
        let sealed = disk::encrypt(&self.identity.to_public(), &plain);
        let path = self.path();
        if self.persisted && self.keep > 0 {
            self.shift_generations()?;
        }
        home::write_atomic(&path, &sealed).map_err(|source| VaultError::Io {
            path: path.clone(),
            source,
        })?;
        self.persisted = true;
        self.prune_old_generations();
        Ok(())
    }

    /// Kept generations past rotation at `now` (Unix s): beyond the number kept, or (except
    /// generation 1, the last save's safety net) older than the retention.
    pub fn stale_generations(&self, now: i64) -> Vec<PathBuf> {
        let mut stale = Vec::new();
        let Ok(entries) = fs::read_dir(&self.dir) else {
            return stale;
        };
        for e in entries.flatten() {
            let name = e.file_name().to_string_lossy().to_string();
            let Some(n) = name
                .strip_prefix("vault.age.")
                .and_then(|n| n.parse::<u32>().ok())
            else {
                continue;
            };
            let modified = e
                .metadata()
                .and_then(|m| m.modified())
                .ok()
                .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
                .map(|d| d.as_secs() as i64)
                .unwrap_or(now);
            let too_old = self
                .retention
                .is_some_and(|r| n >= 2 && now - modified > r.as_secs() as i64);
            if n > self.keep || too_old {
                stale.push(e.path());
            }
        }
        stale.sort();
        stale
    }

    /// Generation 1 (the vault just replaced) always stays: it is the safety net of this save.
    fn prune_old_generations(&self) {
        let Some(max_age) = self.retention else {
            return;
        };
        for n in 2..=self.keep {
            let p = Self::generation_path(&self.dir, n);
            let old = fs::metadata(&p)
                .and_then(|m| m.modified())
                .ok()
                .and_then(|t| t.elapsed().ok())
                .is_some_and(|age| age > max_age);
            if old {
                let _ = fs::remove_file(&p);
            }
        }
    }

    fn shift_generations(&self) -> Result<(), VaultError> {
        let io = |path: &Path| {
            let path = path.to_path_buf();
            move |source| VaultError::Io { path, source }
        };
        let _ = fs::remove_file(Self::generation_path(&self.dir, self.keep));
        for n in (1..self.keep).rev() {
            let from = Self::generation_path(&self.dir, n);
            if from.exists() {
                let to = Self::generation_path(&self.dir, n + 1);
                fs::rename(&from, &to).map_err(io(&to))?;
            }
        }
        let first = Self::generation_path(&self.dir, 1);
        fs::hard_link(self.path(), &first).map_err(io(&first))
    }

    /// Days since the identity was last rotated.
    pub fn key_age_days(&self, now: i64) -> i64 {
        (now - self.data.rotated_at) / 86_400
    }
}

fn read_identity(path: &Path) -> Result<Option<age::x25519::Identity>, VaultError> {
    match fs::read_to_string(path) {
        Ok(text) => {
            let line = text
                .lines()
                .find(|l| l.starts_with("AGE-SECRET-KEY-"))
                .unwrap_or("");
            age::x25519::Identity::from_str(line.trim())
                .map(Some)
                .map_err(|_| VaultError::IdentityCorrupt {
                    path: path.to_path_buf(),
                })
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(source) => Err(VaultError::Io {
            path: path.to_path_buf(),
            source,
        }),
    }
}

/// The identity backups are encrypted to (`backup-identity.txt` beside the vault's directory),
/// created on first use. Apart from the vault's own, so a key rotation never locks old backups.
pub fn backup_identity(path: &Path) -> Result<age::x25519::Identity, VaultError> {
    match read_identity(path)? {
        Some(id) => Ok(id),
        None => create_identity(path),
    }
}

/// Reads an age identity file (`AGE-SECRET-KEY-...` on a line), e.g. another machine's.
pub fn identity_from_file(path: &Path) -> Result<age::x25519::Identity, VaultError> {
    read_identity(path)?.ok_or_else(|| VaultError::IdentityMissing {
        path: path.to_path_buf(),
    })
}

fn write_identity(path: &Path, id: &age::x25519::Identity) -> Result<(), VaultError> {
    use age::secrecy::ExposeSecret;
    let io = |source| VaultError::Io {
        path: path.to_path_buf(),
        source,
    };
    let mut f = fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)
        .map_err(io)?;
    let text = zeroize::Zeroizing::new(format!(
        "# tidal-mcp age identity: keep this file private; without it what it encrypts cannot be read\n{}\n",
        id.to_string().expose_secret()
    ));
    f.write_all(text.as_bytes()).map_err(io)?;
    f.sync_all().map_err(io)?;
    if let Some(dir) = path.parent() {
        fs::File::open(dir).and_then(|d| d.sync_all()).map_err(io)?;
    }
    Ok(())
}

fn create_identity(path: &Path) -> Result<age::x25519::Identity, VaultError> {
    let id = age::x25519::Identity::generate();
    match write_identity(path, &id) {
        Ok(()) => Ok(id),
        // Another process created it first: use theirs.
        Err(VaultError::Io { source, .. })
            if source.kind() == std::io::ErrorKind::AlreadyExists =>
        {
            read_identity(path)?.ok_or_else(|| VaultError::IdentityCorrupt {
                path: path.to_path_buf(),
            })
        }
        Err(e) => Err(e),
    }
}

/// A stable, non-reversible fingerprint of this machine and user.
pub fn machine_fingerprint() -> String {
    use sha2::{Digest, Sha256};
    let machine = fs::read_to_string("/etc/machine-id")
        .or_else(|_| fs::read_to_string("/var/lib/dbus/machine-id"))
        .or_else(|_| fs::read_to_string("/proc/sys/kernel/hostname"))
        .unwrap_or_default();
    let mut h = Sha256::new();
    h.update(b"tidal-mcp machine v1\0");
    h.update(machine.trim().as_bytes());
    h.update(home::current_uid().to_be_bytes());
    hex::encode(&h.finalize()[..16])
}

#[cfg(test)]
mod tests;
