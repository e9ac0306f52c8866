//! Each admin request bound to the type of its reply ([`Ask`]), in one table (`asks!`).

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::path::PathBuf;

use serde_json::{Map, Value};

use super::*;

/// A request bound to the type of its reply: made only by the constructors below, so what a
/// caller decodes is what the agent answers that request with. The right type compiles:
///
/// ```no_run
/// # async fn f(admin: &mut tidal_mcp::agent::client::AdminClient) -> anyhow::Result<()> {
/// use tidal_mcp::agent::protocol::{AdminOp, SessionInfo};
/// let s: SessionInfo = admin.call(AdminOp::session()).await?;
/// # Ok(()) }
/// ```
///
/// and a mismatch does not:
///
/// ```compile_fail
/// # async fn f(admin: &mut tidal_mcp::agent::client::AdminClient) -> anyhow::Result<()> {
/// use tidal_mcp::agent::protocol::{AdminOp, AgentStatus};
/// let s: AgentStatus = admin.call(AdminOp::session()).await?;
/// # Ok(()) }
/// ```
pub struct Ask<R> {
    op: AdminOp,
    reply: std::marker::PhantomData<fn() -> R>,
}

impl<R> Ask<R> {
    pub fn op(&self) -> &AdminOp {
        &self.op
    }
}

/// Each request's constructor with its reply type: the one place that binds them.
macro_rules! asks {
    ($($(#[$doc:meta])* $name:ident($($arg:ident: $ty:ty),*) -> $reply:ty => $op:expr;)*) => {
        impl AdminOp {
            $(
                $(#[$doc])*
                pub fn $name($($arg: $ty),*) -> Ask<$reply> {
                    Ask { op: $op, reply: std::marker::PhantomData }
                }
            )*
        }
    };
}

asks! {
    ping() -> Empty => AdminOp::Ping;
    status() -> AgentStatus => AdminOp::Status;
    health(online: bool) -> HealthReport => AdminOp::Health { online };
    settings() -> BTreeMap<String, String> => AdminOp::Settings;
    vault_rotate_key() -> Rotated => AdminOp::VaultRotateKey;
    vault_accept() -> Empty => AdminOp::VaultAccept;
    session() -> SessionInfo => AdminOp::Session;
    login_start(client: Option<AppCredentials>, flow: Option<crate::service::session::LoginFlow>) -> LoginInfo
        => AdminOp::LoginStart { client, flow };
    login_redirect(url: String) -> Empty => AdminOp::LoginRedirect { url };
    login_wait() -> LoginDone => AdminOp::LoginWait;
    login_cancel() -> Empty => AdminOp::LoginCancel;
    logout() -> LoggedOut => AdminOp::Logout;
    prefs_get() -> Preferences => AdminOp::PrefsGet;
    prefs_set(changes: Map<String, Value>) -> Preferences => AdminOp::PrefsSet { changes };
    prefs_reset() -> Preferences => AdminOp::PrefsReset;
    audit_verify() -> AuditVerdict => AdminOp::AuditVerify;
    audit_show(since_ms: i64, limit: u64) -> AuditEntries => AdminOp::AuditShow { since_ms, limit };
    metrics_export(format: MetricsFormat) -> MetricsText => AdminOp::MetricsExport { format };
    http_start(addr: SocketAddr) -> HttpStarted => AdminOp::HttpStart { addr };
    backup(output: Option<PathBuf>, keep: Option<u32>, recipients: Vec<String>) -> BackupMade
        => AdminOp::Backup { output, keep, recipients };
    backup_verify(path: PathBuf) -> BackupVerdict => AdminOp::BackupVerify { path };
    cleanup(dry_run: bool) -> CleanupReport => AdminOp::Cleanup { dry_run };
    user_export(user_id: Option<String>) -> Value => AdminOp::UserExport { user_id };
    user_delete(user_id: Option<String>) -> Erased => AdminOp::UserDelete { user_id };
    session_import(path: PathBuf) -> SessionImported => AdminOp::SessionImport { path };
    record(action: StoppedWork, details: Value) -> Empty => AdminOp::Record { action, details };
}
