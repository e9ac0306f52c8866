//! Backup archives (docs/OPERATIONS.md): a point-in-time copy of every store tree and the vault's
//! files, written as one age-encrypted, gzip-compressed file. The plaintext is a manifest line
//! (format and schema version, creation time, install id, count and SHA-256 per tree and file,
//! the audit chain head) followed by length-prefixed records; reading recomputes every count and
//! checksum and names the first that differs.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::Store;

/// Bumped when the archive layout changes.
pub const FORMAT: u32 = 1;
/// Backup file names: `tidal-mcp-<UTC time>.backup.age`.
pub const PREFIX: &str = "tidal-mcp-";
pub const SUFFIX: &str = ".backup.age";

const TAG_TREE: u8 = b'T';
const TAG_FILE: u8 = b'F';
const TAG_END: u8 = b'E';

#[derive(Debug, thiserror::Error)]
pub enum ArchiveError {
    #[error("{0}")]
    Io(#[from] std::io::Error),
    #[error("cannot decrypt it with the backup identity: {0}")]
    Decrypt(String),
    #[error("damaged: {0}")]
    Damaged(String),
    #[error("written by a newer tidal-mcp (archive format {0})")]
    NewerFormat(u32),
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Sum {
    /// Records in a tree, or bytes in a file.
    pub count: u64,
    pub sha256: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ChainHead {
    pub seq: u64,
    pub hash: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Manifest {
    pub format: u32,
    pub schema_version: u32,
    /// Unix ms.
    pub created_at: i64,
    pub install_id: Option<String>,
    pub trees: BTreeMap<String, Sum>,
    pub files: BTreeMap<String, Sum>,
    pub audit_head: Option<ChainHead>,
    /// The extra recipients (age public keys) it was encrypted to, besides the home's own
    /// backup identity: an erasure re-encrypts a rewritten backup to them too.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub recipients: Vec<String>,
}

impl Manifest {
    pub fn entries(&self) -> u64 {
        self.trees.values().map(|s| s.count).sum()
    }
}

/// One tree's records, in key order.
pub type Records = Vec<(Vec<u8>, Vec<u8>)>;

/// Everything a backup holds, in memory.
pub struct Snapshot {
    pub manifest: Manifest,
    pub trees: BTreeMap<String, Records>,
    /// The vault directory's files by name (the vault and its identity).
    pub files: BTreeMap<String, Vec<u8>>,
}

fn record_digest(h: &mut Sha256, k: &[u8], v: &[u8]) {
    h.update((k.len() as u32).to_be_bytes());
    h.update(k);
    h.update((v.len() as u32).to_be_bytes());
    h.update(v);
}

fn sum_tree(records: &[(Vec<u8>, Vec<u8>)]) -> Sum {
    let mut h = Sha256::new();
    for (k, v) in records {
        record_digest(&mut h, k, v);
    }
    Sum {
        count: records.len() as u64,
        sha256: hex::encode(h.finalize()),
    }
}

fn sum_file(bytes: &[u8]) -> Sum {
    Sum {
        count: bytes.len() as u64,
        sha256: hex::encode(Sha256::digest(bytes)),
    }
}

impl Snapshot {
    /// Copies every tree and the named vault files. The trees that only speed things up
    /// (cache, metrics) are copied first; `pause` is then called and what it returns is held
    /// while the authoritative trees and the vault files are copied, so writers wait only for
    /// those.
    pub fn take<G>(
        store: &Store,
        vault_files: &[(String, PathBuf)],
        now_ms: i64,
        pause: impl FnOnce() -> G,
    ) -> Result<Snapshot, ArchiveError> {
        const DERIVED: [&str; 3] = ["cache", "cache_tags", "metrics"];
        let copy = |tree: &sled::Tree| -> Result<Records, ArchiveError> {
            let mut records = Vec::with_capacity(tree.len());
            for kv in tree.iter() {
                let (k, v) = kv.map_err(|e| std::io::Error::other(e.to_string()))?;
                records.push((k.to_vec(), v.to_vec()));
            }
            Ok(records)
        };
        let mut trees = BTreeMap::new();
        for (name, tree) in store.trees() {
            if DERIVED.contains(&name) {
                trees.insert(name.to_string(), copy(&tree)?);
            }
        }
        let _paused = pause();
        for (name, tree) in store.trees() {
            if !DERIVED.contains(&name) {
                trees.insert(name.to_string(), copy(&tree)?);
            }
        }
        let mut files = BTreeMap::new();
        for (name, path) in vault_files {
            match std::fs::read(path) {
                Ok(bytes) => {
                    files.insert(name.clone(), bytes);
                }
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(e) => return Err(e.into()),
            }
        }
        let audit_head = trees
            .get("audit")
            .and_then(|r| r.last())
            .and_then(|(_, v)| serde_json::from_slice::<serde_json::Value>(v).ok())
            .and_then(|e| {
                Some(ChainHead {
                    seq: e["seq"].as_u64()?,
                    hash: e["hash"].as_str()?.to_string(),
                })
            });
        drop(_paused);
        let manifest = Manifest {
            format: FORMAT,
            schema_version: store.schema_version().ok().flatten().unwrap_or(0),
            created_at: now_ms,
            install_id: store.install_id(),
            trees: trees
                .iter()
                .map(|(n, r)| (n.clone(), sum_tree(r)))
                .collect(),
            files: files
                .iter()
                .map(|(n, b)| (n.clone(), sum_file(b)))
                .collect(),
            audit_head,
            recipients: Vec::new(),
        };
        Ok(Snapshot {
            manifest,
            trees,
            files,
        })
    }

    /// Writes the snapshot encrypted to every recipient, atomically (a temp file,
    /// `<name>.partial-<pid>`, renamed).
    pub fn write(
        &self,
        path: &Path,
        recipients: &[Box<dyn age::Recipient + Send>],
    ) -> Result<u64, ArchiveError> {
        // Named with our pid, so that one a dead process left (it may hold a person since
        // erased) is known as a leftover.
        let mut tmp_name = path.file_name().unwrap_or_default().to_os_string();
        tmp_name.push(format!(".partial-{}", std::process::id()));
        let tmp = path.with_file_name(tmp_name);
        let file = crate::home::open_private(&tmp, false)?;
        file.set_len(0)?;
        let result = (|| -> Result<(), ArchiveError> {
            let encryptor =
                age::Encryptor::with_recipients(recipients.iter().map(|r| r.as_ref() as _))
                    .map_err(|e| ArchiveError::Decrypt(e.to_string()))?;
            let mut out = encryptor.wrap_output(std::io::BufWriter::new(&file))?;
            {
                let mut gz = flate2::write::GzEncoder::new(&mut out, flate2::Compression::fast());
                let mut line = serde_json::to_vec(&self.manifest).map_err(std::io::Error::other)?;
                line.push(b'\n');
                gz.write_all(&line)?;
                for (name, records) in &self.trees {
                    for (k, v) in records {
                        gz.write_all(&[TAG_TREE])?;
                        write_chunk(&mut gz, name.as_bytes())?;
                        write_chunk(&mut gz, k)?;
                        write_chunk(&mut gz, v)?;
                    }
                }
                for (name, bytes) in &self.files {
                    gz.write_all(&[TAG_FILE])?;
                    write_chunk(&mut gz, name.as_bytes())?;
                    write_chunk(&mut gz, bytes)?;
                }
                gz.write_all(&[TAG_END])?;
                gz.finish()?;
            }
            out.finish()?.flush()?;
            file.sync_all()?;
            Ok(())
        })();
        if let Err(e) = result {
            let _ = std::fs::remove_file(&tmp);
            return Err(e);
        }
        std::fs::rename(&tmp, path)?;
        if let Some(dir) = path.parent() {
            let _ = std::fs::File::open(dir).and_then(|d| d.sync_all());
        }
        Ok(std::fs::metadata(path)?.len())
    }

    /// Decrypts a backup just far enough to read its manifest (which home it is of, and when).
    pub fn read_manifest(
        path: &Path,
        identities: &[age::x25519::Identity],
    ) -> Result<Manifest, ArchiveError> {
        let file = std::fs::File::open(path)?;
        let decryptor = age::Decryptor::new_buffered(BufReader::new(file))
            .map_err(|e| ArchiveError::Damaged(format!("not an age file ({e})")))?;
        let reader = decryptor
            .decrypt(identities.iter().map(|i| i as &dyn age::Identity))
            .map_err(|e| ArchiveError::Decrypt(e.to_string()))?;
        let mut gz = BufReader::new(flate2::read::GzDecoder::new(reader));
        let mut line = Vec::new();
        gz.read_until(b'\n', &mut line)
            .map_err(|e| ArchiveError::Damaged(e.to_string()))?;
        serde_json::from_slice(&line)
            .map_err(|e| ArchiveError::Damaged(format!("unreadable manifest ({e})")))
    }

    /// Decrypts and reads a backup, checking every count and checksum against its manifest.
    pub fn read(
        path: &Path,
        identities: &[age::x25519::Identity],
    ) -> Result<Snapshot, ArchiveError> {
        let file = std::fs::File::open(path)?;
        let decryptor = age::Decryptor::new_buffered(BufReader::new(file))
            .map_err(|e| ArchiveError::Damaged(format!("not an age file ({e})")))?;
        let reader = decryptor
            .decrypt(identities.iter().map(|i| i as &dyn age::Identity))
            .map_err(|e| match e {
                age::DecryptError::NoMatchingKeys => {
                    ArchiveError::Decrypt("it was encrypted to other recipients".into())
                }
                other => ArchiveError::Damaged(other.to_string()),
            })?;
        // Multi-member, so that bytes after the archive's gzip stream are read (and refused)
        // rather than silently ignored.
        let mut gz = BufReader::new(flate2::read::MultiGzDecoder::new(reader));
        let damaged = |e: std::io::Error| ArchiveError::Damaged(e.to_string());
        let mut line = Vec::new();
        gz.read_until(b'\n', &mut line).map_err(damaged)?;
        let manifest: Manifest = serde_json::from_slice(&line)
            .map_err(|e| ArchiveError::Damaged(format!("unreadable manifest ({e})")))?;
        if manifest.format > FORMAT {
            return Err(ArchiveError::NewerFormat(manifest.format));
        }
        let mut trees: BTreeMap<String, Records> = BTreeMap::new();
        let mut files = BTreeMap::new();
        loop {
            let mut tag = [0u8];
            gz.read_exact(&mut tag).map_err(damaged)?;
            match tag[0] {
                TAG_TREE => {
                    let name =
                        String::from_utf8_lossy(&read_chunk(&mut gz).map_err(damaged)?).to_string();
                    let k = read_chunk(&mut gz).map_err(damaged)?;
                    let v = read_chunk(&mut gz).map_err(damaged)?;
                    trees.entry(name).or_default().push((k, v));
                }
                TAG_FILE => {
                    let name =
                        String::from_utf8_lossy(&read_chunk(&mut gz).map_err(damaged)?).to_string();
                    files.insert(name, read_chunk(&mut gz).map_err(damaged)?);
                }
                TAG_END => {
                    let mut more = [0u8; 1];
                    match gz.read(&mut more) {
                        Ok(0) => break,
                        _ => {
                            return Err(ArchiveError::Damaged(
                                "there are bytes after the archive's end".into(),
                            ));
                        }
                    }
                }
                other => {
                    return Err(ArchiveError::Damaged(format!("unknown record tag {other}")));
                }
            }
        }
        for (name, want) in &manifest.trees {
            let got = trees
                .get(name)
                .map(|r| sum_tree(r))
                .unwrap_or(sum_tree(&[]));
            if &got != want {
                return Err(ArchiveError::Damaged(format!(
                    "tree `{name}` does not match its checksum"
                )));
            }
        }
        if let Some(extra) = trees.keys().find(|n| !manifest.trees.contains_key(*n)) {
            return Err(ArchiveError::Damaged(format!(
                "tree `{extra}` is not in the manifest"
            )));
        }
        if let Some(extra) = files.keys().find(|n| !manifest.files.contains_key(*n)) {
            return Err(ArchiveError::Damaged(format!(
                "file `{extra}` is not in the manifest"
            )));
        }
        for (name, want) in &manifest.files {
            match files.get(name) {
                Some(b) if &sum_file(b) == want => {}
                _ => {
                    return Err(ArchiveError::Damaged(format!(
                        "file `{name}` does not match its checksum"
                    )));
                }
            }
        }
        Ok(Snapshot {
            manifest,
            trees,
            files,
        })
    }

    /// Removes what the store holds about each pseudonym (key layouts in `store/mod.rs`): the
    /// profile, preference revisions, limit records, and cache entries tagged with it.
    /// Returns how many records went. Audit entries stay (pseudonymous, sealed).
    pub fn erase(&mut self, pseudonyms: &[String]) -> u64 {
        let mut removed = 0u64;
        let mut cache_keys = std::collections::BTreeSet::new();
        for p in pseudonyms {
            let own = |k: &[u8]| {
                k == p.as_bytes() || (k.starts_with(p.as_bytes()) && k.get(p.len()) == Some(&0))
            };
            for name in ["users", "preferences", "limits"] {
                if let Some(records) = self.trees.get_mut(name) {
                    let before = records.len();
                    records.retain(|(k, _)| !own(k));
                    removed += (before - records.len()) as u64;
                }
            }
            if let Some(tags) = self.trees.get_mut("cache_tags") {
                let prefix = format!("{p}:");
                tags.retain(|(k, _)| {
                    if k.starts_with(prefix.as_bytes()) && k.len() >= 32 {
                        cache_keys.insert(k[k.len() - 32..].to_vec());
                        false
                    } else {
                        true
                    }
                });
            }
        }
        if let Some(cache) = self.trees.get_mut("cache") {
            let before = cache.len();
            cache.retain(|(k, _)| !cache_keys.contains(k));
            removed += (before - cache.len()) as u64;
        }
        removed
    }

    /// Recomputes the manifest's counts and checksums after the trees or files were changed.
    pub fn reseal(&mut self) {
        self.manifest.trees = self
            .trees
            .iter()
            .map(|(n, r)| (n.clone(), sum_tree(r)))
            .collect();
        self.manifest.files = self
            .files
            .iter()
            .map(|(n, b)| (n.clone(), sum_file(b)))
            .collect();
    }

    /// Writes the trees into a new, empty store at `dir` and flushes it.
    pub fn restore_store(&self, dir: &Path) -> Result<Store, super::StoreError> {
        let store = Store::open_any_version(dir)?;
        for (name, tree) in store.trees() {
            let Some(records) = self.trees.get(name) else {
                continue;
            };
            let mut batch = sled::Batch::default();
            for (k, v) in records {
                batch.insert(k.as_slice(), v.as_slice());
            }
            tree.apply_batch(batch).map_err(|e| store.err(e))?;
        }
        store.flush()?;
        Ok(store)
    }
}

fn write_chunk<W: Write>(w: &mut W, bytes: &[u8]) -> std::io::Result<()> {
    w.write_all(&(bytes.len() as u32).to_be_bytes())?;
    w.write_all(bytes)
}

fn read_chunk<R: Read>(r: &mut R) -> std::io::Result<Vec<u8>> {
    let mut len = [0u8; 4];
    r.read_exact(&mut len)?;
    let len = u32::from_be_bytes(len) as u64;
    let mut buf = Vec::new();
    r.take(len).read_to_end(&mut buf)?;
    if buf.len() as u64 != len {
        return Err(std::io::Error::new(
            std::io::ErrorKind::UnexpectedEof,
            "a record is cut short",
        ));
    }
    Ok(buf)
}

/// The backups in `dir`, oldest first (their names sort by time).
pub fn list(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut found: Vec<PathBuf> = match std::fs::read_dir(dir) {
        Ok(entries) => entries
            .flatten()
            .map(|e| e.path())
            .filter(|p| {
                p.file_name()
                    .and_then(|n| n.to_str())
                    .is_some_and(|n| n.starts_with(PREFIX) && n.ends_with(SUFFIX))
            })
            .collect(),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Vec::new(),
        Err(e) => return Err(e),
    };
    found.sort();
    Ok(found)
}

/// The file name of a backup taken at `now_ms`.
pub fn file_name(now_ms: i64) -> String {
    let t = chrono::DateTime::from_timestamp_millis(now_ms).unwrap_or_default();
    format!("{PREFIX}{}{SUFFIX}", t.format("%Y%m%dT%H%M%S%.3fZ"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn filled() -> (tempfile::TempDir, Store) {
        let t = tempfile::tempdir().unwrap();
        let s = Store::open(&t.path().join("store")).unwrap();
        for i in 0..50u32 {
            s.users()
                .insert(i.to_be_bytes(), format!("user {i}").as_bytes())
                .unwrap();
        }
        s.audit()
            .insert(7u64.to_be_bytes(), br#"{"seq":7,"hash":"abc"}"#.as_slice())
            .unwrap();
        s.flush().unwrap();
        (t, s)
    }

    #[test]
    fn a_backup_reads_back_whole_and_restores_the_same_trees() {
        let (t, s) = filled();
        std::fs::write(t.path().join("vault.age"), b"vault bytes").unwrap();
        let id = age::x25519::Identity::generate();
        let snap = Snapshot::take(
            &s,
            &[("vault.age".into(), t.path().join("vault.age"))],
            1_700_000_000_000,
            || (),
        )
        .unwrap();
        assert_eq!(snap.manifest.audit_head.as_ref().unwrap().seq, 7);
        let path = t.path().join(file_name(1_700_000_000_000));
        snap.write(&path, &[Box::new(id.to_public())]).unwrap();
        let back = Snapshot::read(&path, std::slice::from_ref(&id)).unwrap();
        assert_eq!(back.manifest, snap.manifest);
        assert_eq!(back.files["vault.age"], b"vault bytes");
        let restored = back.restore_store(&t.path().join("again")).unwrap();
        assert_eq!(restored.users().len(), 50);
        assert_eq!(
            restored.users().get(3u32.to_be_bytes()).unwrap().as_deref(),
            Some(&b"user 3"[..])
        );
        let other = age::x25519::Identity::generate();
        assert!(matches!(
            Snapshot::read(&path, &[other]),
            Err(ArchiveError::Decrypt(_))
        ));
    }

    #[test]
    fn any_flipped_byte_is_caught() {
        let (t, s) = filled();
        let id = age::x25519::Identity::generate();
        let snap = Snapshot::take(&s, &[], 1, || ()).unwrap();
        let path = t.path().join("b");
        snap.write(&path, &[Box::new(id.to_public())]).unwrap();
        let bytes = std::fs::read(&path).unwrap();
        for at in [bytes.len() / 3, bytes.len() / 2, bytes.len() - 20] {
            let mut bad = bytes.clone();
            bad[at] ^= 0x01;
            std::fs::write(&path, &bad).unwrap();
            assert!(
                Snapshot::read(&path, std::slice::from_ref(&id)).is_err(),
                "flip at {at} not caught"
            );
        }
    }
}
