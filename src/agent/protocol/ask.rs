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

/// Each request's constructor with its reply type, and the agent's handler of it with the same
/// reply type: the one place that binds them, on both sides of the socket.
macro_rules! asks {
    ($($(#[$doc:meta])* $name:ident($($arg:ident: $ty:ty),*) -> $reply:ty
        => $variant:ident $({ $($field:ident),* })?;)*) => {
        impl AdminOp {
            $(
                $(#[$doc])*
                pub fn $name($($arg: $ty),*) -> Ask<$reply> {
                    Ask { op: AdminOp::$variant $({ $($field),* })?, reply: std::marker::PhantomData }
                }
            )*
        }

        /// What the agent does for each request: one method per request, answering the type
        /// its constructor binds, so a handler answering another type does not compile.
        #[allow(async_fn_in_trait)]
        pub trait Handle {
            $(
                async fn $name(&self, $($arg: $ty),*) -> anyhow::Result<$reply>;
            )*
        }

        /// Hands a request to its handler and encodes the reply for the wire.
        pub async fn route(handler: &impl Handle, op: AdminOp) -> anyhow::Result<Value> {
            match op {
                $(
                    AdminOp::$variant $({ $($field),* })? => {
                        let reply: $reply = handler.$name($($arg),*).await?;
                        Ok(serde_json::to_value(reply)?)
                    }
                )*
            }
        }
    };
}

asks! {
    ping() -> Empty => Ping;
    status() -> AgentStatus => Status;
    health(online: bool) -> HealthReport => Health { online };
    settings() -> BTreeMap<String, String> => Settings;
    vault_rotate_key() -> Rotated => VaultRotateKey;
    vault_accept() -> Empty => VaultAccept;
    session() -> SessionInfo => Session;
    login_start(client: Option<AppCredentials>, flow: Option<crate::service::session::LoginFlow>) -> LoginInfo
        => LoginStart { client, flow };
    login_redirect(url: String) -> Empty => LoginRedirect { url };
    login_wait() -> LoginDone => LoginWait;
    login_cancel() -> Empty => LoginCancel;
    logout() -> LoggedOut => Logout;
    prefs_get() -> Preferences => PrefsGet;
    prefs_set(changes: Map<String, Value>) -> Preferences => PrefsSet { changes };
    prefs_reset() -> Preferences => PrefsReset;
    audit_verify() -> AuditVerdict => AuditVerify;
    audit_show(since_ms: i64, limit: u64) -> AuditEntries => AuditShow { since_ms, limit };
    metrics_export(format: MetricsFormat) -> MetricsText => MetricsExport { format };
    http_start(addr: SocketAddr) -> HttpStarted => HttpStart { addr };
    backup(output: Option<PathBuf>, keep: Option<u32>, recipients: Vec<String>) -> BackupMade
        => Backup { output, keep, recipients };
    backup_verify(path: PathBuf) -> BackupVerdict => BackupVerify { path };
    cleanup(dry_run: bool) -> CleanupReport => Cleanup { dry_run };
    user_export(user_id: Option<String>) -> Value => UserExport { user_id };
    user_delete(user_id: Option<String>) -> Erased => UserDelete { user_id };
    session_import(path: PathBuf) -> SessionImported => SessionImport { path };
    record(action: StoppedWork, details: Value) -> Empty => Record { action, details };
}
