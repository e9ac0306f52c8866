//! The data home: where config, store, vault, runtime socket and backups live, and the
//! permission rules for them (docs/design.md section 4, promise S1). Every directory we create is 0700,
//! every file 0600, and a directory that is a symlink, owned by someone else or open to
//! group/others is refused before anything is read from or written to it.

mod swap;
pub use swap::{finish_swaps, recover_swap, swap_dir, swap_dirs, swap_journal};

use std::fs::{self, DirBuilder, OpenOptions};
use std::io::Write;
use std::os::unix::fs::{DirBuilderExt, MetadataExt, OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};

use crate::env_vars;

#[derive(Debug, thiserror::Error)]
pub enum HomeError {
    #[error("cannot determine a home directory for tidal-mcp")]
    NoHome,
    #[error("{path} is a symlink")]
    Symlink { path: PathBuf },
    #[error("{path} is owned by uid {owner}, not by you (uid {me})")]
    ForeignOwner { path: PathBuf, owner: u32, me: u32 },
    #[error("{path} is open to group or others (mode {mode:04o})")]
    TooOpen { path: PathBuf, mode: u32 },
    #[error("{path} exists and is not a directory")]
    NotDir { path: PathBuf },
    #[error("cannot access {path}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

impl HomeError {
    pub fn hint(&self) -> Option<String> {
        match self {
            HomeError::NoHome => Some(format!("set {} to a directory", env_vars::HOME)),
            HomeError::Symlink { path } => Some(format!(
                "point {} at the real directory instead of the link {}",
                env_vars::HOME,
                path.display()
            )),
            HomeError::ForeignOwner { path, .. } => Some(format!(
                "use a directory you own, or fix its owner: chown $(id -u) {}",
                path.display()
            )),
            HomeError::TooOpen { path, .. } => Some(format!(
                "restrict it to yourself: chmod 700 {}",
                path.display()
            )),
            HomeError::NotDir { path } => Some(format!("move {} out of the way", path.display())),
            HomeError::Io { .. } => None,
        }
    }
}

fn io_err(path: &Path) -> impl FnOnce(std::io::Error) -> HomeError + '_ {
    move |source| HomeError::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// All paths tidal-mcp uses, resolved once.
#[derive(Debug, Clone)]
pub struct Home {
    /// Set when `TIDAL_MCP_HOME` (or `storage.base_dir`) put everything under one directory.
    pub root: Option<PathBuf>,
    pub config_dir: PathBuf,
    pub data_dir: PathBuf,
    pub run_dir: PathBuf,
    pub backup_dir: PathBuf,
}

impl Home {
    /// `TIDAL_MCP_HOME` wins; otherwise the platform's directories for `tidal-mcp`.
    pub fn resolve(explicit: Option<PathBuf>) -> Result<Home, HomeError> {
        let root = explicit.or_else(|| {
            std::env::var_os(env_vars::HOME)
                .filter(|v| !v.is_empty())
                .map(PathBuf::from)
        });
        if let Some(root) = root {
            let root = absolute(&root);
            return Ok(Home::under(root));
        }
        let dirs = directories::ProjectDirs::from("", "", "tidal-mcp").ok_or(HomeError::NoHome)?;
        let data_dir = dirs.data_dir().to_path_buf();
        Ok(Home {
            root: None,
            config_dir: dirs.config_dir().to_path_buf(),
            run_dir: data_dir.join("run"),
            backup_dir: data_dir.join("backups"),
            data_dir,
        })
    }

    pub fn under(root: PathBuf) -> Home {
        Home {
            config_dir: root.clone(),
            data_dir: root.join("data"),
            run_dir: root.join("run"),
            backup_dir: root.join("backups"),
            root: Some(root),
        }
    }

    pub fn default_config_file(&self) -> PathBuf {
        self.config_dir.join("config.toml")
    }
    pub fn store_dir(&self) -> PathBuf {
        self.data_dir.join("store")
    }
    /// The age identity backups are encrypted to.
    pub fn backup_identity_path(&self) -> PathBuf {
        self.data_dir.join("backup-identity.txt")
    }
    /// The pseudonymous record of erasures that a restore re-applies (never restored over).
    pub fn erasure_ledger_path(&self) -> PathBuf {
        self.data_dir.join("erasures.json")
    }
    pub fn vault_dir(&self) -> PathBuf {
        self.data_dir.join("vault")
    }
    /// `run/agent.sock`, unless that path is too long for a Unix socket (108 bytes on Linux):
    /// then a private per-user directory under `$XDG_RUNTIME_DIR` (or `/tmp`), named after a hash
    /// of the run dir so every home still gets its own socket.
    pub fn socket_path(&self) -> PathBuf {
        self.socket_dir().join("agent.sock")
    }

    pub fn socket_dir(&self) -> PathBuf {
        const MAX_SOCKET_PATH: usize = 100;
        if self.run_dir.join("agent.sock").as_os_str().len() <= MAX_SOCKET_PATH {
            return self.run_dir.clone();
        }
        use sha2::{Digest, Sha256};
        let digest = hex::encode(&Sha256::digest(self.run_dir.as_os_str().as_encoded_bytes())[..8]);
        let base = std::env::var_os("XDG_RUNTIME_DIR")
            .map(PathBuf::from)
            .filter(|p| p.is_dir())
            .unwrap_or_else(|| PathBuf::from("/tmp"));
        base.join(format!("tidal-mcp-{}", current_uid()))
            .join(digest)
    }
    pub fn agent_lock_path(&self) -> PathBuf {
        self.run_dir.join("agent.lock")
    }
    pub fn startup_lock_path(&self) -> PathBuf {
        self.run_dir.join("startup.lock")
    }
    pub fn agent_log_path(&self) -> PathBuf {
        self.run_dir.join("agent.log")
    }

    /// Every directory this home uses, outermost first.
    fn dirs(&self) -> Vec<&Path> {
        let mut v: Vec<&Path> = Vec::new();
        if let Some(root) = &self.root {
            v.push(root);
        }
        v.extend([
            self.data_dir.as_path(),
            self.run_dir.as_path(),
            self.backup_dir.as_path(),
        ]);
        v
    }

    /// The fallback socket directory and its per-user parent, when the socket is not in run/.
    fn socket_dirs(&self) -> Vec<PathBuf> {
        let dir = self.socket_dir();
        if dir == self.run_dir {
            return Vec::new();
        }
        dir.parent()
            .map(|p| vec![p.to_path_buf(), dir.clone()])
            .unwrap_or_default()
    }

    /// Checks every existing directory of the home and creates the missing ones (0700).
    pub fn ensure(&self) -> Result<(), HomeError> {
        for dir in self.dirs() {
            ensure_private_dir(dir)?;
        }
        // Created one level at a time: the per-user parent in a shared /tmp is checked (ours,
        // 0700, no symlink) before anything is created inside it.
        for dir in self.socket_dirs() {
            ensure_private_dir(&dir)?;
        }
        Ok(())
    }

    /// Checks the home without creating anything (for `health`).
    pub fn check(&self) -> Result<(), HomeError> {
        for dir in self.dirs() {
            if fs::symlink_metadata(dir).is_ok() {
                check_private_dir(dir)?;
            }
        }
        Ok(())
    }
}

pub fn absolute(p: &Path) -> PathBuf {
    if p.is_absolute() {
        p.to_path_buf()
    } else {
        std::env::current_dir()
            .map(|c| c.join(p))
            .unwrap_or_else(|_| p.to_path_buf())
    }
}

/// Sets the process umask so that everything created (sled's files included) is private.
pub fn set_private_umask() {
    // SAFETY: umask only changes the calling process's file-creation mask.
    unsafe {
        libc::umask(0o077);
    }
}

pub fn current_uid() -> u32 {
    // SAFETY: geteuid has no preconditions.
    unsafe { libc::geteuid() }
}

/// Refuses a directory that is a symlink, not ours, or reachable by group/others.
pub fn check_private_dir(dir: &Path) -> Result<(), HomeError> {
    let meta = fs::symlink_metadata(dir).map_err(io_err(dir))?;
    if meta.file_type().is_symlink() {
        return Err(HomeError::Symlink {
            path: dir.to_path_buf(),
        });
    }
    if !meta.is_dir() {
        return Err(HomeError::NotDir {
            path: dir.to_path_buf(),
        });
    }
    let me = current_uid();
    if meta.uid() != me {
        return Err(HomeError::ForeignOwner {
            path: dir.to_path_buf(),
            owner: meta.uid(),
            me,
        });
    }
    let mode = meta.mode() & 0o7777;
    if mode & 0o077 != 0 {
        return Err(HomeError::TooOpen {
            path: dir.to_path_buf(),
            mode,
        });
    }
    Ok(())
}

/// Creates `dir` (and missing parents) with mode 0700, or checks the existing one.
pub fn ensure_private_dir(dir: &Path) -> Result<(), HomeError> {
    match fs::symlink_metadata(dir) {
        Ok(_) => check_private_dir(dir),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            DirBuilder::new()
                .recursive(true)
                .mode(0o700)
                .create(dir)
                .map_err(io_err(dir))?;
            // An umask may have narrowed nothing but a pre-set one could not widen: set exactly.
            fs::set_permissions(dir, fs::Permissions::from_mode(0o700)).map_err(io_err(dir))?;
            check_private_dir(dir)
        }
        Err(e) => Err(HomeError::Io {
            path: dir.to_path_buf(),
            source: e,
        }),
    }
}

/// Sets 0600 on every file and 0700 on every directory below `dir` (sled creates 0644 files
/// when the umask allows it).
pub fn tighten_tree(dir: &Path) -> std::io::Result<()> {
    for entry in fs::read_dir(dir)? {
        let entry = entry?;
        let meta = entry.metadata()?;
        let path = entry.path();
        if meta.is_dir() {
            fs::set_permissions(&path, fs::Permissions::from_mode(0o700))?;
            tighten_tree(&path)?;
        } else if meta.is_file() && meta.mode() & 0o077 != 0 {
            fs::set_permissions(&path, fs::Permissions::from_mode(0o600))?;
        }
    }
    Ok(())
}

/// Writes a file whole: temp file (0600, create_new), fsync, rename over `path`, fsync the dir.
/// A crash leaves either the old or the new content, never a mix.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    // A bare file name's parent is "": the current directory.
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("file");
    let tmp = dir.join(format!(".{name}.tmp-{}", std::process::id()));
    let _ = fs::remove_file(&tmp);
    let result = (|| {
        let mut f = OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(0o600)
            .open(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        fs::rename(&tmp, path)?;
        fs::File::open(dir)?.sync_all()
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result
}

/// Whether process `pid` is alive (signal 0 reaches it, or it exists under another user).
pub fn pid_alive(pid: u32) -> bool {
    // SAFETY: kill(2) with signal 0 only checks that the process exists.
    let r = unsafe { libc::kill(pid as libc::pid_t, 0) };
    r == 0 || std::io::Error::last_os_error().raw_os_error() == Some(libc::EPERM)
}

/// Temp files [`write_atomic`] left in `dir` when the process writing them died (`.<name>.tmp-<pid>`
/// whose pid is gone): a crash's leftovers, which may hold a vault or a ledger in full.
pub fn stale_temp_files(dir: &Path) -> Vec<PathBuf> {
    entries_where(dir, |name, _| {
        name.starts_with('.')
            && name
                .rsplit_once(".tmp-")
                .is_some_and(|(_, pid)| dead_pid(pid))
    })
}

/// Whether `pid` (as a file name carries it) names a process that is gone.
pub fn dead_pid(pid: &str) -> bool {
    pid.parse::<u32>().is_ok_and(|p| !pid_alive(p))
}

/// The entries of `dir` (sorted) whose name, with its metadata, `pick` chooses: how the
/// leftovers of dead processes are found. A directory that cannot be read has none.
pub fn entries_where(dir: &Path, pick: impl Fn(&str, &fs::Metadata) -> bool) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .filter(|e| {
            e.metadata()
                .is_ok_and(|m| pick(&e.file_name().to_string_lossy(), &m))
        })
        .map(|e| e.path())
        .collect();
    out.sort();
    out
}

/// Writes a file a person named (an export), private to us whatever was there: the bytes go to a
/// new 0600 file beside it that replaces the path by rename, so an existing file is replaced,
/// not rewritten with its old mode, and a failed write leaves nothing behind. Anything at the
/// path but a regular file (a fifo, a device, a directory, a link) is refused: writing to it
/// could hang, or land somewhere else.
pub fn write_private_file(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    if let Ok(m) = fs::symlink_metadata(path)
        && !m.file_type().is_file()
    {
        let kind = if m.file_type().is_symlink() {
            "a symbolic link"
        } else if m.is_dir() {
            "a directory"
        } else {
            "not a regular file (a fifo, socket or device)"
        };
        return Err(std::io::Error::other(format!(
            "{} is {kind}; name a new or regular file",
            path.display()
        )));
    }
    write_atomic(path, bytes)
}

/// Opens a file of ours for writing (created 0600), appending or not, and refuses a symbolic
/// link in its place: a planted link must not make tidal-mcp write outside its home.
pub fn open_private(path: &Path, append: bool) -> std::io::Result<fs::File> {
    use std::os::unix::fs::OpenOptionsExt;
    let mut o = fs::OpenOptions::new();
    o.create(true)
        .write(true)
        .mode(0o600)
        .custom_flags(libc::O_NOFOLLOW);
    if append {
        o.append(true);
    } else {
        o.truncate(false);
    }
    o.open(path).map_err(|e| {
        if e.raw_os_error() == Some(libc::ELOOP) {
            std::io::Error::other(format!(
                "{} is a symbolic link; tidal-mcp does not follow links in its own directories \
                 (remove it)",
                path.display()
            ))
        } else {
            e
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A journaled swap finished after a crash between its two swaps, and a damaged journal
    /// naming other files touches nothing.
    #[test]
    fn journaled_swaps_are_finished_and_a_damaged_journal_is_ignored() {
        let t = tempfile::tempdir().unwrap();
        let data = t.path();
        for d in ["store", "vault", "store.new", "vault.new"] {
            fs::create_dir_all(data.join(d)).unwrap();
            fs::write(data.join(d).join("which"), d).unwrap();
        }
        // As a crash leaves it: the store swapped in, the vault not yet.
        fs::write(swap_journal(data), "store\nvault\n").unwrap();
        swap_dir(&data.join("store"), &data.join("store.new")).unwrap();
        assert!(finish_swaps(data).unwrap());
        for (d, from) in [("store", "store.new"), ("vault", "vault.new")] {
            assert_eq!(
                fs::read_to_string(data.join(d).join("which")).unwrap(),
                from
            );
        }
        assert!(!swap_journal(data).exists() && !data.join("vault.new").exists());

        fs::write(data.join("config.toml"), "kept").unwrap();
        fs::write(swap_journal(data), "config.toml\n../etc\n").unwrap();
        assert!(finish_swaps(data).unwrap());
        assert_eq!(
            fs::read_to_string(data.join("config.toml")).unwrap(),
            "kept"
        );
        assert!(swap_dirs(&[(data.join("config.toml"), data.join("x"))]).is_err());
    }

    #[test]
    fn refuses_open_and_symlinked_dirs() {
        let t = tempfile::tempdir().unwrap();
        let open = t.path().join("open");
        fs::create_dir(&open).unwrap();
        fs::set_permissions(&open, fs::Permissions::from_mode(0o755)).unwrap();
        assert!(matches!(
            check_private_dir(&open),
            Err(HomeError::TooOpen { .. })
        ));
        let link = t.path().join("link");
        std::os::unix::fs::symlink(&open, &link).unwrap();
        assert!(matches!(
            check_private_dir(&link),
            Err(HomeError::Symlink { .. })
        ));
        let fresh = t.path().join("a/b");
        ensure_private_dir(&fresh).unwrap();
        assert_eq!(fs::metadata(&fresh).unwrap().mode() & 0o777, 0o700);
    }

    #[test]
    fn atomic_write_is_private() {
        let t = tempfile::tempdir().unwrap();
        let p = t.path().join("f");
        write_atomic(&p, b"one").unwrap();
        write_atomic(&p, b"two").unwrap();
        assert_eq!(fs::read(&p).unwrap(), b"two");
        assert_eq!(fs::metadata(&p).unwrap().mode() & 0o777, 0o600);
    }
}
