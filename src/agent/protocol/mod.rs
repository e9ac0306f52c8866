//! The wire protocol between tidal-mcp processes and the agent (documented in
//! docs/agent-protocol.md): its data and its framing. One JSON line of hello, one JSON line of
//! reply, then either MCP JSON-RPC lines (role `mcp`) or admin request/response lines (role
//! `admin`), each at most [`MAX_LINE`] bytes ([`read_bounded_line`]). Admin requests are an
//! exhaustive enum and replies are the structs below, shared by both sides; [`ProgressTx`]
//! sends a request's progress events.

mod ask;
pub use ask::{Ask, Handle, route};

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::path::PathBuf;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

pub use crate::config::McpSettings;
pub use crate::error::WireError;
pub use crate::failure::Failure;
pub use crate::service::audit::{Entry as AuditEntry, Verdict as AuditVerdict};
pub use crate::service::prefs::Preferences;
pub use crate::service::session::LoginInfo;

/// Bumped on any incompatible change to the framing below.
pub const PROTOCOL: u32 = 1;

/// The longest hello or admin request line the agent reads; a longer one closes the
/// connection (MCP lines are bounded by rmcp, at 16 MiB).
pub const MAX_LINE: u64 = 1024 * 1024;

pub fn version() -> String {
    std::env::var(crate::env_vars::VERSION_OVERRIDE)
        .unwrap_or_else(|_| env!("CARGO_PKG_VERSION").to_string())
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// MCP JSON-RPC follows.
    Mcp,
    /// Admin request lines follow.
    Admin,
    /// Ask the agent to exit: when idle, or at once with `force`. Accepted from any version.
    Retire,
}

#[derive(Debug, Serialize, Deserialize)]
pub struct Hello {
    pub tidal_mcp: u32,
    pub version: String,
    pub role: Role,
    #[serde(default)]
    pub force: bool,
    /// The caller's `Config::agent_digest`; empty means "do not compare".
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub settings: BTreeMap<String, String>,
    /// The caller's MCP visibility (read-only, hidden groups), applied to this connection.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mcp: Option<McpSettings>,
}

/// Work done while the agent was stopped, recorded afterwards in the audit chain (its action).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StoppedWork {
    Restore,
    Compact,
    Migrate,
}

impl StoppedWork {
    pub fn as_str(self) -> &'static str {
        match self {
            StoppedWork::Restore => "restore",
            StoppedWork::Compact => "compact",
            StoppedWork::Migrate => "migrate",
        }
    }
}

/// Why an agent refuses a hello.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Refusal {
    /// The caller is another tidal-mcp version.
    VersionMismatch,
    /// The agent had no clients and is exiting so that the caller can start one with its
    /// settings.
    SettingsChanged,
    /// The agent serves other clients with other settings.
    SettingsDiffer,
    /// The hello line was not a hello.
    BadHello,
    /// A reason this version does not know (a newer agent's).
    #[serde(other)]
    Other,
}

#[derive(Debug, Serialize, Deserialize)]
pub struct HelloReply {
    pub ok: bool,
    pub version: String,
    pub pid: u32,
    /// Why the agent refused the connection.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<Refusal>,
    /// The settings that differ, by key.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub differs: Vec<String>,
    /// Clients the agent is serving.
    #[serde(default)]
    pub clients: usize,
}

/// One admin request line: `{"id": 1, "op": "prefs.set", "args": {...}}`.
#[derive(Debug, Serialize, Deserialize)]
pub struct Request {
    pub id: u64,
    #[serde(flatten)]
    pub op: AdminOp,
}

/// Every admin operation, with its arguments, as the wire carries it; a caller makes one with
/// its constructor (`AdminOp::session()` ...), which binds the reply type ([`Ask`]).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(tag = "op", content = "args")]
pub enum AdminOp {
    /// -> `Empty`
    #[serde(rename = "ping")]
    Ping,
    /// -> [`AgentStatus`]
    #[serde(rename = "status")]
    Status,
    /// -> [`HealthReport`]; `online` also asks TIDAL whether the session works.
    #[serde(rename = "health")]
    Health { online: bool },
    /// -> `BTreeMap<String, String>`: the running agent's `Config::agent_digest`.
    #[serde(rename = "settings")]
    Settings,
    /// -> [`Rotated`]
    #[serde(rename = "vault.rotate_key")]
    VaultRotateKey,
    /// -> `Empty`
    #[serde(rename = "vault.accept")]
    VaultAccept,
    /// -> [`SessionInfo`]
    #[serde(rename = "session")]
    Session,
    /// -> [`LoginInfo`]; for the caller's app, or the agent's when it names none.
    #[serde(rename = "login.start")]
    LoginStart {
        #[serde(default)]
        client: Option<AppCredentials>,
        /// Forces a flow; absent: `tidal.auth_flow`.
        #[serde(default)]
        flow: Option<crate::service::session::LoginFlow>,
    },
    /// -> `Empty`: the URL the browser was sent back to, pasted by the user (a browser login
    /// on another machine); the login in progress completes with it.
    #[serde(rename = "login.redirect")]
    LoginRedirect { url: String },
    /// -> [`LoginDone`], with progress events meanwhile.
    #[serde(rename = "login.wait")]
    LoginWait,
    /// -> `Empty`
    #[serde(rename = "login.cancel")]
    LoginCancel,
    /// -> [`LoggedOut`]
    #[serde(rename = "logout")]
    Logout,
    /// -> [`Preferences`]
    #[serde(rename = "prefs.get")]
    PrefsGet,
    /// -> [`Preferences`]
    #[serde(rename = "prefs.set")]
    PrefsSet { changes: Map<String, Value> },
    /// -> [`Preferences`]
    #[serde(rename = "prefs.reset")]
    PrefsReset,
    /// -> [`AuditVerdict`]
    #[serde(rename = "audit.verify")]
    AuditVerify,
    /// -> [`AuditEntries`]
    #[serde(rename = "audit.show")]
    AuditShow { since_ms: i64, limit: u64 },
    /// -> [`MetricsText`]
    #[serde(rename = "metrics.export")]
    MetricsExport { format: MetricsFormat },
    /// -> [`HttpStarted`]
    #[serde(rename = "http.start")]
    HttpStart { addr: SocketAddr },
    /// -> [`BackupMade`]; writes pause while the store is copied.
    #[serde(rename = "backup")]
    Backup {
        #[serde(default)]
        output: Option<PathBuf>,
        #[serde(default)]
        keep: Option<u32>,
        #[serde(default)]
        recipients: Vec<String>,
    },
    /// -> [`BackupVerdict`]
    #[serde(rename = "backup.verify")]
    BackupVerify { path: PathBuf },
    /// -> [`CleanupReport`]
    #[serde(rename = "cleanup")]
    Cleanup { dry_run: bool },
    /// -> the export document (JSON); the logged-in user when `user_id` is absent.
    #[serde(rename = "user.export")]
    UserExport {
        #[serde(default)]
        user_id: Option<String>,
    },
    /// -> [`Erased`]; the caller compacts the store afterwards.
    #[serde(rename = "user.delete")]
    UserDelete {
        #[serde(default)]
        user_id: Option<String>,
    },
    /// -> [`SessionImported`]: the agent reads a legacy plaintext session file (`migrate`).
    #[serde(rename = "session.import")]
    SessionImport { path: PathBuf },
    /// -> `Empty`: records (as the audit entry `action`) a restore or a compaction done while
    /// the agent was stopped.
    #[serde(rename = "record")]
    Record { action: StoppedWork, details: Value },
}

impl AdminOp {
    /// Operations that read or change state are audited; pings, status and health are not,
    /// nor waiting on a login that was audited when it started.
    pub fn audited(&self) -> bool {
        !matches!(
            self,
            AdminOp::Ping
                | AdminOp::Status
                | AdminOp::Health { .. }
                | AdminOp::LoginWait
                | AdminOp::Record { .. }
        )
    }

    /// Whether asking again is harmless (the request reads and changes nothing).
    pub fn read_only(&self) -> bool {
        matches!(
            self,
            AdminOp::Ping
                | AdminOp::Status
                | AdminOp::Settings
                | AdminOp::Health { .. }
                | AdminOp::Session
                | AdminOp::PrefsGet
                | AdminOp::AuditVerify
                | AdminOp::AuditShow { .. }
                | AdminOp::MetricsExport { .. }
                | AdminOp::BackupVerify { .. }
                | AdminOp::UserExport { .. }
        )
    }

    /// The operation's wire name, as the audit records it.
    pub fn name(&self) -> String {
        serde_json::to_value(self)
            .ok()
            .and_then(|v| v["op"].as_str().map(str::to_string))
            .unwrap_or_default()
    }
}

/// A caller's TIDAL app credentials, for a login. Debug never shows the secret.
#[derive(Clone, Serialize, Deserialize)]
pub struct AppCredentials {
    pub client_id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_secret: Option<String>,
}

impl std::fmt::Debug for AppCredentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AppCredentials")
            .field("client_id", &self.client_id)
            .field(
                "client_secret",
                &self.client_secret.as_ref().map(|_| "<redacted>"),
            )
            .finish()
    }
}

impl AppCredentials {
    /// The app configured for this process, if any.
    pub fn from_settings(t: &crate::config::TidalSettings) -> Option<AppCredentials> {
        (!t.client_id.trim().is_empty()).then(|| AppCredentials {
            client_id: t.client_id.trim().to_string(),
            client_secret: (!t.client_secret.is_empty()).then(|| t.client_secret.clone()),
        })
    }

    pub fn into_vault(self) -> crate::vault::ClientCredentials {
        crate::vault::ClientCredentials {
            client_id: self.client_id,
            client_secret: self.client_secret.map(crate::vault::SecretString::new),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum MetricsFormat {
    Prometheus,
    Json,
}

pub use crate::service::gdpr::Erased;
pub use crate::store::archive::Manifest as BackupManifest;

#[derive(Debug, Serialize, Deserialize)]
pub struct BackupMade {
    pub path: PathBuf,
    pub bytes: u64,
    pub entries: u64,
    pub manifest: BackupManifest,
    /// Older backups removed by rotation.
    pub removed: Vec<PathBuf>,
    /// Files in the directory that are not a good backup of this home (damaged, another
    /// home's): rotation neither counted nor removed them.
    #[serde(default)]
    pub not_counted: Vec<PathBuf>,
    /// How long writes waited while the store was copied.
    pub paused_ms: u64,
    pub took_ms: u64,
}

#[derive(Debug, Serialize, Deserialize)]
pub struct BackupVerdict {
    pub path: PathBuf,
    pub ok: bool,
    pub reason: Option<String>,
    /// Unix ms, from the manifest.
    pub created_at: Option<i64>,
    pub entries: Option<u64>,
    pub audit_entries: Option<u64>,
    pub took_ms: u64,
}

#[derive(Debug, Serialize, Deserialize)]
pub struct SessionImported {
    pub user_id: String,
    pub country_code: String,
    pub format: crate::tidal::legacy::Format,
    /// False when the vault already held a session for that user (it was kept, not replaced).
    pub imported: bool,
    /// Read back from the vault file after the save.
    pub verified: bool,
    /// Whether it is now the active session.
    pub active: bool,
    pub preferences_created: bool,
    /// The app the session will refresh with (this configuration's `TIDAL_CLIENT_ID`).
    pub client_id: Option<String>,
}

/// What a cleanup removed (or, with `dry_run`, would remove), by kind.
#[derive(Debug, Default, Serialize, Deserialize)]
pub struct CleanupReport {
    pub dry_run: bool,
    pub cache_entries: u64,
    pub audit_entries: u64,
    pub metrics_buckets: u64,
    pub vault_generations: u64,
    pub backups: Vec<PathBuf>,
    pub backup_records: u64,
    pub run_files: Vec<PathBuf>,
    pub scratch_dirs: Vec<PathBuf>,
    /// What the weekly compaction counts from (Unix ms): the last compaction, or for a store
    /// never compacted its first cleanup.
    pub compaction_counts_from: i64,
}

/// A reply with nothing to say beyond success.
#[derive(Debug, Default, Serialize, Deserialize)]
pub struct Empty {}

#[derive(Debug, Serialize, Deserialize)]
pub struct AgentStatus {
    pub pid: u32,
    pub version: String,
    pub uptime_s: u64,
    pub clients: usize,
    /// Long tool calls running as MCP tasks.
    #[serde(default)]
    pub tasks: usize,
    pub socket: PathBuf,
    pub store: PathBuf,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum CheckStatus {
    Ok,
    Warning,
    Critical,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Check {
    pub name: String,
    pub status: CheckStatus,
    pub detail: String,
}

impl Check {
    pub fn new(name: &str, status: CheckStatus, detail: impl Into<String>) -> Check {
        Check {
            name: name.into(),
            status,
            detail: detail.into(),
        }
    }
}

#[derive(Debug, Serialize, Deserialize)]
pub struct HealthReport {
    pub checks: Vec<Check>,
}

#[derive(Debug, Serialize, Deserialize)]
pub struct Rotated {
    /// Unix seconds.
    pub rotated_at: i64,
}

/// Who is logged in; never a token.
#[derive(Debug, Default, Serialize, Deserialize)]
pub struct SessionInfo {
    pub logged_in: bool,
    pub revoked: bool,
    pub user_id: Option<String>,
    pub country_code: Option<String>,
    pub username: Option<String>,
    /// Unix seconds.
    pub expires_at: Option<i64>,
    /// Which TIDAL API the session's tokens are for.
    #[serde(default)]
    pub api: Option<crate::vault::Api>,
}

#[derive(Debug, Serialize, Deserialize)]
pub struct LoginDone {
    pub user_id: String,
    pub country_code: String,
    pub username: Option<String>,
}

#[derive(Debug, Serialize, Deserialize)]
pub struct LoggedOut {
    pub logged_out: bool,
    pub user_id: Option<String>,
}

#[derive(Debug, Serialize, Deserialize)]
pub struct AuditEntries {
    pub entries: Vec<AuditEntry>,
}

/// The metrics in the asked format: Prometheus text, or JSON as text.
#[derive(Debug, Serialize, Deserialize)]
pub struct MetricsText {
    pub text: String,
}

#[derive(Debug, Serialize, Deserialize)]
pub struct HttpStarted {
    pub addr: SocketAddr,
    pub token_file: PathBuf,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Progress {
    pub done: u64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub total: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
}

/// One line from the agent on an admin connection.
#[derive(Debug, Serialize, Deserialize)]
pub struct Response {
    pub id: u64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub progress: Option<Progress>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ok: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<WireError>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn requests_keep_their_wire_form() {
        let r = Request {
            id: 3,
            op: AdminOp::PrefsSet {
                changes: serde_json::json!({"search_limit": 5})
                    .as_object()
                    .unwrap()
                    .clone(),
            },
        };
        let v = serde_json::to_value(&r).unwrap();
        assert_eq!(
            v,
            serde_json::json!({"id": 3, "op": "prefs.set", "args": {"changes": {"search_limit": 5}}})
        );
        let back: Request = serde_json::from_str(r#"{"id": 1, "op": "status"}"#).unwrap();
        assert!(matches!(back.op, AdminOp::Status));
        assert_eq!(AdminOp::VaultRotateKey.name(), "vault.rotate_key");
    }
}

/// Sends progress events for the request being served.
#[derive(Clone)]
pub struct ProgressTx {
    pub(super) id: u64,
    pub(super) tx: tokio::sync::mpsc::UnboundedSender<Response>,
}

impl ProgressTx {
    pub fn send(&self, done: u64, total: Option<u64>, message: Option<String>) {
        let _ = self.tx.send(Response {
            id: self.id,
            progress: Some(Progress {
                done,
                total,
                message,
            }),
            ok: None,
            error: None,
        });
    }
}

/// Reads one line of at most [`MAX_LINE`] bytes; a longer one is an `InvalidData` error.
pub async fn read_bounded_line<R>(reader: &mut R, line: &mut String) -> std::io::Result<usize>
where
    R: tokio::io::AsyncBufRead + Unpin,
{
    use tokio::io::{AsyncBufReadExt, AsyncReadExt};
    let n = (&mut *reader).take(MAX_LINE).read_line(line).await?;
    if n as u64 == MAX_LINE && !line.ends_with('\n') {
        return Err(std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            format!("a line longer than {} bytes", MAX_LINE),
        ));
    }
    Ok(n)
}
