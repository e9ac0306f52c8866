//! Backups inside the agent: `backup` copies the store and the vault's files while writes are
//! paused and writes the archive (docs/OPERATIONS.md) encrypted to this home's backup identity
//! and any extra recipients, then rotates; `verify-backups` decrypts one, checks it, restores it
//! into a scratch store, opens that and verifies its audit chain, and remembers the verdict for
//! `health`.

use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::time::Instant;

use serde::Serialize;

use super::protocol::{BackupMade, BackupVerdict};
use super::state::AgentState;
use crate::config::Config;
use crate::error::UsageError;
use crate::service::audit::Audit;
use crate::store::Store;
use crate::store::archive::{self, Snapshot};

/// `meta` key prefix of a verification verdict: `backup_verified:<file name>`.
const VERIFIED_PREFIX: &str = "backup_verified:";

/// Where backups go: `backup.dir`, or the home's `backups` directory.
pub fn backup_dir(config: &Config) -> PathBuf {
    let dir = &config.settings.backup.dir;
    if dir.is_empty() {
        config.home.backup_dir.clone()
    } else {
        PathBuf::from(dir)
    }
}

/// Where `restore` puts its safety backups: beside the backups, outside their rotation.
pub fn safety_dir(config: &Config) -> PathBuf {
    backup_dir(config).join("before-restore")
}

/// The vault directory's files a backup carries.
pub fn vault_files(config: &Config) -> Vec<(String, PathBuf)> {
    let dir = config.home.vault_dir();
    ["vault.age", "identity.txt"]
        .into_iter()
        .map(|n| (n.to_string(), dir.join(n)))
        .collect()
}

/// The identities this home decrypts backups with: its backup identity, plus `extra`.
pub fn identities(
    config: &Config,
    extra: Option<&Path>,
) -> anyhow::Result<Vec<age::x25519::Identity>> {
    let mut ids = Vec::new();
    let own = config.home.backup_identity_path();
    if own.exists() {
        ids.push(crate::vault::identity_from_file(&own)?);
    }
    if let Some(p) = extra {
        ids.push(crate::vault::identity_from_file(p)?);
    }
    Ok(ids)
}

pub fn make(
    state: &AgentState,
    output: Option<PathBuf>,
    keep: Option<u32>,
    recipients: &[String],
) -> anyhow::Result<BackupMade> {
    let started = Instant::now();
    let config = &state.config;
    let mut to: Vec<Box<dyn age::Recipient + Send>> = Vec::new();
    for r in recipients {
        let parsed = age::x25519::Recipient::from_str(r.trim()).map_err(|_| {
            UsageError::new(
                format!("`{r}` is not an age recipient"),
                Some("give an X25519 public key such as age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p (`age-keygen -y KEYFILE` prints one)".into()),
            )
        })?;
        to.push(Box::new(parsed));
    }
    let own = crate::vault::backup_identity(&config.home.backup_identity_path())?;
    to.push(Box::new(own.to_public()));
    let dir = output.unwrap_or_else(|| backup_dir(config));
    crate::home::ensure_private_dir(&dir)?;
    let now_ms = state.clock.now_ms();
    let mut paused_at = None;
    let mut snapshot = Snapshot::take(&state.store, &vault_files(config), now_ms, || {
        paused_at = Some(Instant::now());
        state.service.pause_writes()
    })?;
    let paused_ms = paused_at.map_or(0, |t| t.elapsed().as_millis() as u64);
    // Named so an erasure can rewrite the backup for the same readers.
    snapshot.manifest.recipients = recipients.iter().map(|r| r.trim().to_string()).collect();
    let path = dir.join(archive::file_name(now_ms));
    let bytes = snapshot.write(&path, &to)?;
    let keep = keep.unwrap_or(config.settings.backup.keep).max(1) as usize;
    let plan = rotation(state, &dir, keep, Some(&path))?;
    for old in &plan.remove {
        std::fs::remove_file(old)?;
    }
    Ok(BackupMade {
        path,
        bytes,
        entries: snapshot.manifest.entries(),
        manifest: snapshot.manifest,
        removed: plan.remove,
        not_counted: plan.not_counted,
        paused_ms,
        took_ms: started.elapsed().as_millis() as u64,
    })
}

/// What rotation does with a backup directory.
pub struct Rotation {
    /// Good backups of this home older than the newest `keep` good ones.
    pub remove: Vec<PathBuf>,
    /// Files that are not a good backup of this home (damaged, another home's, or not
    /// decryptable here): neither counted toward `keep` nor removed.
    pub not_counted: Vec<PathBuf>,
}

/// Rotation keeps the newest `keep` good backups of this home: each decrypts with its backup
/// identity, holds every checksum, and names this store's install id. Older backups of this
/// home go; a damaged newer file does not push a good one out, and another home's backups in
/// a shared directory are left alone. Newest first, each file is read whole until `keep` good
/// ones are found (`fresh`, the backup just written, is counted without reading it again); the
/// older ones only as far as their manifest.
pub fn rotation(
    state: &AgentState,
    dir: &Path,
    keep: usize,
    fresh: Option<&Path>,
) -> anyhow::Result<Rotation> {
    let ids = identities(&state.config, None)?;
    let ours = state.store.install_id();
    let mut plan = Rotation {
        remove: Vec::new(),
        not_counted: Vec::new(),
    };
    let mut good = 0;
    for path in archive::list(dir)?.into_iter().rev() {
        let ours_and_whole = if fresh == Some(path.as_path()) {
            true
        } else if good < keep {
            Snapshot::read(&path, &ids)
                .is_ok_and(|s| ours.is_some() && s.manifest.install_id == ours)
        } else {
            Snapshot::read_manifest(&path, &ids)
                .is_ok_and(|m| ours.is_some() && m.install_id == ours)
        };
        if !ours_and_whole {
            plan.not_counted.push(path);
        } else if good < keep {
            good += 1;
        } else {
            plan.remove.push(path);
        }
    }
    plan.remove.reverse();
    plan.not_counted.reverse();
    Ok(plan)
}

/// Checks one backup ([`judge`]) and keeps the verdict for `health`.
pub fn verify(state: &AgentState, path: &Path) -> BackupVerdict {
    let verdict = judge(&state.config, path);
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default();
    let record = serde_json::json!({"at": state.clock.now_ms(), "ok": verdict.ok});
    let _ = state.store.meta().insert(
        format!("{VERIFIED_PREFIX}{name}"),
        record.to_string().into_bytes(),
    );
    let _ = state.store.flush();
    verdict
}

/// The verdict on one backup ([`check`] with this home's identities). Needs no agent, so
/// `verify-backups` also works on a home whose store cannot be opened.
pub fn judge(config: &Config, path: &Path) -> BackupVerdict {
    let started = Instant::now();
    let outcome = identities(config, None).and_then(|ids| check(config, path, &ids));
    match outcome {
        Ok((manifest, entries)) => BackupVerdict {
            path: path.to_path_buf(),
            ok: true,
            reason: None,
            created_at: Some(manifest.created_at),
            entries: Some(entries),
            audit_entries: manifest.trees.get("audit").map(|s| s.count),
            took_ms: started.elapsed().as_millis() as u64,
        },
        Err(e) => BackupVerdict {
            path: path.to_path_buf(),
            ok: false,
            reason: Some(format!("{e:#}")),
            created_at: None,
            entries: None,
            audit_entries: None,
            took_ms: started.elapsed().as_millis() as u64,
        },
    }
}

/// Reads, checks and test-restores one backup; the scratch store is removed afterwards.
pub fn check(
    config: &Config,
    path: &Path,
    identities: &[age::x25519::Identity],
) -> anyhow::Result<(archive::Manifest, u64)> {
    if identities.is_empty() {
        anyhow::bail!(
            "no backup identity in this home ({}); pass the identity it was encrypted to",
            config.home.backup_identity_path().display()
        );
    }
    let snapshot = Snapshot::read(path, identities)?;
    let scratch = tempdir_in(&config.home.data_dir)?;
    let result =
        (|| {
            restorable(config, &snapshot, &scratch)?;
            let store_dir = scratch.join("store");
            drop(snapshot.restore_store(&store_dir)?);
            let store = Store::open(&store_dir)?;
            let verdict = Audit::verify(&store);
            if !verdict.ok {
                anyhow::bail!(
                    "its audit chain does not verify at entry {}: {}",
                    verdict.first_bad.unwrap_or(0),
                    verdict.reason.unwrap_or_default()
                );
            }
            let head =
                store.audit().last().ok().flatten().and_then(|(_, v)| {
                    serde_json::from_slice::<crate::service::audit::Entry>(&v).ok()
                });
            if head.map(|e| (e.seq, e.hash))
                != snapshot
                    .manifest
                    .audit_head
                    .as_ref()
                    .map(|h| (h.seq, h.hash.clone()))
            {
                anyhow::bail!("its audit chain head differs from the manifest's");
            }
            Ok(snapshot.manifest.entries())
        })();
    let _ = std::fs::remove_dir_all(&scratch);
    Ok((snapshot.manifest.clone(), result?))
}

/// Whether a backup would leave a usable home: a store of this schema, its vault's identity,
/// and the vault (if it has one) opening with it (`Vault::open` would make a new vault where
/// none is, so the files are checked first). `scratch` is a private directory it may use.
pub fn restorable(config: &Config, snapshot: &Snapshot, scratch: &Path) -> anyhow::Result<()> {
    let schema = snapshot.manifest.schema_version;
    if schema != crate::store::SCHEMA_VERSION {
        anyhow::bail!(
            "its store has schema {schema}, this tidal-mcp reads {} (restore it with the \
             tidal-mcp that made it)",
            crate::store::SCHEMA_VERSION
        );
    }
    // The identity always; the vault once the home had one (a home that never saved a vault
    // gets an empty one made with that identity on first use).
    let names: Vec<&str> = snapshot.files.keys().map(String::as_str).collect();
    let mut wanted: Vec<String> = vault_files(config).into_iter().map(|(n, _)| n).collect();
    wanted.sort();
    let has_identity = names.contains(&"identity.txt");
    if !has_identity || names.iter().any(|n| !wanted.iter().any(|w| w == n)) {
        anyhow::bail!(
            "it carries vault files {names:?}, not the vault and its identity ({wanted:?}, the \
             vault once there is one); restoring it would leave this home without a usable vault"
        );
    }
    let vault_dir = scratch.join("vault");
    crate::home::ensure_private_dir(&vault_dir)?;
    for (name, bytes) in &snapshot.files {
        crate::home::write_atomic(&vault_dir.join(name), bytes)?;
    }
    crate::vault::Vault::open(&vault_dir, 0, 0).map_err(|e| {
        anyhow::anyhow!("its vault does not open with the identity it carries: {e}")
    })?;
    Ok(())
}

/// A private scratch directory under `parent`, named `.scratch-<pid>-<random>` so that one
/// whose process died (a copy of an old store, perhaps of someone since erased) is known.
pub fn tempdir_in(parent: &Path) -> std::io::Result<PathBuf> {
    crate::home::ensure_private_dir(parent).map_err(|e| std::io::Error::other(e.to_string()))?;
    let mut suffix = [0u8; 6];
    rand::RngCore::fill_bytes(&mut rand::rngs::OsRng, &mut suffix);
    let dir = parent.join(format!(
        ".scratch-{}-{}",
        std::process::id(),
        hex::encode(suffix)
    ));
    crate::home::ensure_private_dir(&dir).map_err(|e| std::io::Error::other(e.to_string()))?;
    Ok(dir)
}

/// Scratch directories under `parent` whose process is gone (or that name none, as older
/// versions made them): nobody uses them, and they may hold a copy of an old store.
pub fn stale_scratch_dirs(parent: &Path) -> Vec<PathBuf> {
    crate::home::entries_where(parent, |name, _| {
        name.strip_prefix(".scratch-").is_some_and(|rest| {
            rest.split_once('-')
                .is_none_or(|(pid, _)| crate::home::dead_pid(pid))
        })
    })
}

/// Half-written backups (`<name>.partial-<pid>`) in `dir` whose process is gone, and ones an
/// older version left (`<name>.partial`, no pid) more than a day ago.
pub fn stale_partials(dir: &Path, now_ms: i64) -> Vec<PathBuf> {
    let day_old = |m: &std::fs::Metadata| {
        m.modified()
            .ok()
            .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
            .is_some_and(|d| now_ms - d.as_millis() as i64 > 86_400_000)
    };
    crate::home::entries_where(dir, |name, m| match name.rsplit_once(".partial-") {
        Some((_, pid)) => crate::home::dead_pid(pid),
        None => name.ends_with(".partial") && day_old(m),
    })
}

/// What an erasure did to the backup directory.
#[derive(Debug, Default, Serialize)]
pub struct BackupsErased {
    /// Backups of this home rewritten without the erased people.
    pub rewritten: Vec<PathBuf>,
    /// Damaged backups of this home (their manifest names it, the rest does not read): they
    /// cannot be restored, and what of them still decrypts could hold the person, so they go.
    pub removed_damaged: Vec<PathBuf>,
    /// Half-written backups of processes that died (what of them decrypts could hold them).
    pub removed_partial: Vec<PathBuf>,
    /// Files this home cannot rewrite (another home's, encrypted to other keys, of a newer
    /// format): left alone.
    pub not_ours: Vec<PathBuf>,
}

/// Rewrites every backup of this home (`install_id`) in the backup directory and among
/// `restore`'s safety backups without what it
/// holds about `pseudonyms`: their sessions and data keys in its vault, their records in its
/// store. Each is re-encrypted to the recipients it had (its manifest names the extra ones) and
/// replaces the old file by rename; a backup that holds nothing of them is left untouched.
pub fn erase_in_backups(
    config: &Config,
    install_id: Option<&str>,
    pseudonyms: &[String],
    now_ms: i64,
) -> anyhow::Result<BackupsErased> {
    let mut done = BackupsErased::default();
    let dirs = [backup_dir(config), safety_dir(config)];
    for dir in &dirs {
        for partial in stale_partials(dir, now_ms) {
            std::fs::remove_file(&partial)?;
            done.removed_partial.push(partial);
        }
    }
    let files: Vec<PathBuf> = dirs
        .iter()
        .flat_map(|d| archive::list(d).unwrap_or_default())
        .collect();
    let ids = identities(config, None)?;
    let Some(own) = ids.first().map(|i| i.to_public()) else {
        // No backup identity: this home never made a backup it could read.
        done.not_ours = files;
        return Ok(done);
    };
    let ours =
        |m: &archive::Manifest| install_id.is_some() && m.install_id.as_deref() == install_id;
    for path in files {
        let mut snapshot = match Snapshot::read(&path, &ids) {
            Ok(s) if ours(&s.manifest) => s,
            Ok(_) => {
                done.not_ours.push(path);
                continue;
            }
            // Damaged, not merely unreadable here (a newer format, no access): it cannot be
            // restored, and what of it still decrypts could hold them.
            Err(archive::ArchiveError::Damaged(_)) => {
                if Snapshot::read_manifest(&path, &ids).is_ok_and(|m| ours(&m)) {
                    std::fs::remove_file(&path)?;
                    done.removed_damaged.push(path);
                } else {
                    done.not_ours.push(path);
                }
                continue;
            }
            Err(_) => {
                done.not_ours.push(path);
                continue;
            }
        };
        let mut changed = snapshot.erase(pseudonyms) > 0;
        if let (Some(vault), Some(identity)) = (
            snapshot.files.get("vault.age"),
            snapshot.files.get("identity.txt"),
        ) {
            let (rewritten, n) = crate::vault::erase_in_copy(vault, identity, |key, user| {
                pseudonyms.contains(&crate::store::seal::pseudonym(key, user))
            })?;
            if n > 0 {
                snapshot.files.insert("vault.age".into(), rewritten);
                changed = true;
            }
        }
        if !changed {
            continue;
        }
        snapshot.reseal();
        let mut to: Vec<Box<dyn age::Recipient + Send>> = vec![Box::new(own.clone())];
        for r in &snapshot.manifest.recipients {
            if let Ok(parsed) = age::x25519::Recipient::from_str(r) {
                to.push(Box::new(parsed));
            }
        }
        snapshot.write(&path, &to)?;
        crate::fault::crash_point("erase.backup_rewritten");
        done.rewritten.push(path);
    }
    Ok(done)
}

/// The newest backup, for `health`.
pub struct Newest {
    pub path: PathBuf,
    /// When it was written (Unix ms).
    pub made_ms: i64,
    /// When it was last verified (Unix ms) and whether it passed.
    pub verified: Option<(i64, bool)>,
}

/// The newest backup in the backup directory, if any.
pub fn newest(state: &AgentState) -> Option<Newest> {
    let dir = backup_dir(&state.config);
    let newest = archive::list(&dir).ok()?.pop()?;
    let made = std::fs::metadata(&newest)
        .and_then(|m| m.modified())
        .ok()
        .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
        .map(|d| d.as_millis() as i64)
        .unwrap_or(0);
    let name = newest.file_name()?.to_string_lossy().to_string();
    let verified = state
        .store
        .meta()
        .get(format!("{VERIFIED_PREFIX}{name}"))
        .ok()
        .flatten()
        .and_then(|v| serde_json::from_slice::<serde_json::Value>(&v).ok())
        .and_then(|v| Some((v["at"].as_i64()?, v["ok"].as_bool()?)));
    Some(Newest {
        path: newest,
        made_ms: made,
        verified,
    })
}
