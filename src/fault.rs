//! Crash points for the tests of interrupted work: each multi-step change of the data home
//! names its steps with [`crash_point`], and a process started with `TIDAL_MCP_CRASH_AT=<name>`
//! kills itself with SIGKILL there, as `kill -9` would, so a test can stop it at every step
//! deterministically and check that the next start finishes or undoes the work. Without the
//! variable a crash point costs one environment lookup.

/// Kills this process with SIGKILL when `TIDAL_MCP_CRASH_AT` names `point`.
pub fn crash_point(point: &str) {
    if std::env::var(crate::env_vars::CRASH_AT).is_ok_and(|v| v == point) {
        // SAFETY: kill(2) on our own pid; SIGKILL cannot be caught, so this does not return.
        unsafe { libc::kill(libc::getpid(), libc::SIGKILL) };
    }
}
