//! Advisory file locks (flock) for the single-agent rule: `agent.lock` is held by the running
//! agent for its whole life; `startup.lock` serialises clients that start one.

use std::fs::File;
use std::os::fd::AsRawFd;
use std::path::Path;
use std::time::{Duration, Instant};

pub struct FileLock {
    _file: File,
}

impl FileLock {
    /// Takes the lock if nobody holds it.
    pub fn try_acquire(path: &Path) -> std::io::Result<Option<FileLock>> {
        let file = crate::home::open_private(path, false)?;
        // SAFETY: flock on a valid open descriptor.
        let rc = unsafe { libc::flock(file.as_raw_fd(), libc::LOCK_EX | libc::LOCK_NB) };
        if rc == 0 {
            return Ok(Some(FileLock { _file: file }));
        }
        let err = std::io::Error::last_os_error();
        if err.kind() == std::io::ErrorKind::WouldBlock {
            Ok(None)
        } else {
            Err(err)
        }
    }

    /// Waits for the lock up to `timeout`.
    pub fn acquire(path: &Path, timeout: Duration) -> std::io::Result<Option<FileLock>> {
        let deadline = Instant::now() + timeout;
        loop {
            if let Some(l) = Self::try_acquire(path)? {
                return Ok(Some(l));
            }
            if Instant::now() >= deadline {
                return Ok(None);
            }
            std::thread::sleep(Duration::from_millis(5));
        }
    }

    /// Whether somebody holds the lock right now.
    pub fn is_held(path: &Path) -> bool {
        matches!(Self::try_acquire(path), Ok(None))
    }
}
