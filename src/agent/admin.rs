//! The agent's side of admin connections: one request line in, zero or more progress lines and
//! one result line out. Each request is audited first where it changes state, then handed to
//! its handler ([`Handle`], one method per request answering its bound reply type); work
//! longer than a few lines lives in the file of the part it belongs to (`login.rs`,
//! `import.rs`, `metrics.rs`, `listen.rs`, `backup.rs`, `maintenance.rs`, `gdpr.rs`).

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::Ordering;

use serde_json::{Map, Value, json};
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::unix::{OwnedReadHalf, OwnedWriteHalf};
use tokio::sync::mpsc;

use super::protocol::*;
use super::state::AgentState;
use crate::service::audit::Audit;
use crate::service::session::LoginFlow;

pub async fn serve(
    state: Arc<AgentState>,
    mut reader: BufReader<OwnedReadHalf>,
    mut writer: OwnedWriteHalf,
) {
    let (tx, mut rx) = mpsc::unbounded_channel::<Response>();
    let write_task = tokio::spawn(async move {
        while let Some(r) = rx.recv().await {
            let mut line = serde_json::to_vec(&r).expect("response serializes");
            line.push(b'\n');
            if writer.write_all(&line).await.is_err() {
                break;
            }
        }
    });
    // What this connection started (an HTTP listener) ends with it.
    let connection = state.shutdown.child_token();
    let _ends_with_it = connection.clone().drop_guard();
    let mut line = String::new();
    loop {
        line.clear();
        tokio::select! {
            read = super::protocol::read_bounded_line(&mut reader, &mut line) => match read {
                Ok(0) | Err(_) => break,
                Ok(_) => {}
            },
            _ = state.shutdown.cancelled() => break,
        }
        let req: Request = match serde_json::from_str(&line) {
            Ok(r) => r,
            Err(e) => {
                let _ = tx.send(Response {
                    id: 0,
                    progress: None,
                    ok: None,
                    error: Some(WireError::usage(format!("bad request line: {e}"))),
                });
                continue;
            }
        };
        let progress = ProgressTx {
            id: req.id,
            tx: tx.clone(),
        };
        // A client that goes away (Ctrl-C) or sends anything while a request runs cancels it.
        let mut probe = String::new();
        let is_login = matches!(req.op, AdminOp::LoginStart { .. } | AdminOp::LoginWait);
        let result = tokio::select! {
            r = dispatch(&state, req.op, progress, &connection) => r,
            _ = reader.read_line(&mut probe) => {
                if is_login {
                    state.service.cancel_login();
                }
                break;
            }
        };
        let resp = match result {
            Ok(v) => Response {
                id: req.id,
                progress: None,
                ok: Some(v),
                error: None,
            },
            Err(e) => Response {
                id: req.id,
                progress: None,
                ok: None,
                error: Some(WireError::from_anyhow(&e)),
            },
        };
        if tx.send(resp).is_err() {
            break;
        }
    }
    drop(tx);
    let _ = write_task.await;
}

async fn dispatch(
    state: &Arc<AgentState>,
    op: AdminOp,
    progress: ProgressTx,
    connection: &tokio_util::sync::CancellationToken,
) -> anyhow::Result<Value> {
    // An operation that cannot be audited is not carried out. One about a named person goes
    // into their record (the system's, when the vault does not know them); an import's person
    // is known once the file is read (it records itself then), so until then it is the
    // system's.
    if op.audited() {
        let name = op.name();
        match &op {
            AdminOp::UserExport { user_id: Some(u) } | AdminOp::UserDelete { user_id: Some(u) } => {
                state
                    .service
                    .audit_event_about(Some(u), "ADMIN", &name, json!({}))?
            }
            AdminOp::SessionImport { .. } => {
                state
                    .service
                    .audit_event_about(None, "ADMIN", &name, json!({}))?
            }
            _ => state.service.audit_event("ADMIN", &name, json!({}))?,
        }
    }
    let request = Serving {
        state,
        progress,
        connection,
    };
    route(&request, op).await
}

/// One request being served: what its handler may use.
struct Serving<'a> {
    state: &'a Arc<AgentState>,
    progress: ProgressTx,
    /// Ends when the client's connection does.
    connection: &'a tokio_util::sync::CancellationToken,
}

/// Each request's handler, answering the type its constructor binds (`protocol::ask`). Work
/// longer than a few lines lives in the file of the part it belongs to.
impl Handle for Serving<'_> {
    async fn ping(&self) -> anyhow::Result<Empty> {
        Ok(Empty {})
    }

    async fn status(&self) -> anyhow::Result<AgentStatus> {
        Ok(status(self.state))
    }

    async fn health(&self, online: bool) -> anyhow::Result<HealthReport> {
        Ok(super::health::agent_checks(self.state, online).await)
    }

    async fn settings(&self) -> anyhow::Result<BTreeMap<String, String>> {
        Ok(self.state.settings_digest.clone())
    }

    async fn vault_rotate_key(&self) -> anyhow::Result<Rotated> {
        let now = self.state.clock.now();
        self.state.vault().rotate_key(now)?;
        Ok(Rotated { rotated_at: now })
    }

    async fn vault_accept(&self) -> anyhow::Result<Empty> {
        self.state.vault().accept_this_machine()?;
        Ok(Empty {})
    }

    async fn session(&self) -> anyhow::Result<SessionInfo> {
        Ok(super::login::session(self.state))
    }

    async fn login_start(
        &self,
        client: Option<AppCredentials>,
        flow: Option<LoginFlow>,
    ) -> anyhow::Result<LoginInfo> {
        let client = client.map(AppCredentials::into_vault);
        Ok(self.state.service.start_login(client, flow).await?)
    }

    async fn login_redirect(&self, url: String) -> anyhow::Result<Empty> {
        self.state.service.paste_redirect(url).await?;
        Ok(Empty {})
    }

    async fn login_wait(&self) -> anyhow::Result<LoginDone> {
        super::login::wait(self.state, self.progress.clone()).await
    }

    async fn login_cancel(&self) -> anyhow::Result<Empty> {
        self.state.service.cancel_login();
        Ok(Empty {})
    }

    async fn logout(&self) -> anyhow::Result<LoggedOut> {
        super::login::logout(self.state).await
    }

    async fn prefs_get(&self) -> anyhow::Result<Preferences> {
        let svc = &self.state.service;
        Ok(svc.preferences(&svc.active_user()?))
    }

    async fn prefs_set(&self, changes: Map<String, Value>) -> anyhow::Result<Preferences> {
        let svc = &self.state.service;
        Ok(svc.set_preferences(&svc.active_user()?, &changes)?)
    }

    async fn prefs_reset(&self) -> anyhow::Result<Preferences> {
        let svc = &self.state.service;
        Ok(svc.reset_preferences(&svc.active_user()?)?)
    }

    async fn audit_verify(&self) -> anyhow::Result<AuditVerdict> {
        Ok(Audit::verify(&self.state.store))
    }

    async fn audit_show(&self, since_ms: i64, limit: u64) -> anyhow::Result<AuditEntries> {
        let entries = Audit::entries(&self.state.store, since_ms, limit as usize);
        Ok(AuditEntries { entries })
    }

    async fn metrics_export(&self, format: MetricsFormat) -> anyhow::Result<MetricsText> {
        super::metrics::export(self.state, format)
    }

    async fn http_start(&self, addr: SocketAddr) -> anyhow::Result<HttpStarted> {
        // The listener lives as long as the `serve --http` that asked for it.
        let lives = self.connection.child_token();
        super::listen::start_http(self.state, addr, lives).await?;
        self.state.makes_way.store(false, Ordering::SeqCst);
        Ok(HttpStarted {
            addr,
            token_file: self.state.config.home.run_dir.join("http-token"),
        })
    }

    async fn backup(
        &self,
        output: Option<PathBuf>,
        keep: Option<u32>,
        recipients: Vec<String>,
    ) -> anyhow::Result<BackupMade> {
        blocking(self.state, move |s| {
            super::backup::make(s, output, keep, &recipients)
        })
        .await
    }

    async fn backup_verify(&self, path: PathBuf) -> anyhow::Result<BackupVerdict> {
        blocking(self.state, move |s| Ok(super::backup::verify(s, &path))).await
    }

    async fn cleanup(&self, dry_run: bool) -> anyhow::Result<CleanupReport> {
        blocking(self.state, move |s| super::maintenance::cleanup(s, dry_run)).await
    }

    async fn user_export(&self, user_id: Option<String>) -> anyhow::Result<Value> {
        blocking(self.state, move |s| super::gdpr::export(s, user_id)).await
    }

    async fn user_delete(&self, user_id: Option<String>) -> anyhow::Result<Erased> {
        blocking(self.state, move |s| super::gdpr::delete(s, user_id)).await
    }

    async fn session_import(&self, path: PathBuf) -> anyhow::Result<SessionImported> {
        super::import::import_session(self.state, &path).await
    }

    async fn record(&self, action: StoppedWork, details: Value) -> anyhow::Result<Empty> {
        let svc = &self.state.service;
        svc.audit_event("ADMIN", action.as_str(), details)?;
        Ok(Empty {})
    }
}

/// Runs store and file work off the runtime's threads.
async fn blocking<T: Send + 'static>(
    state: &Arc<AgentState>,
    work: impl FnOnce(&AgentState) -> anyhow::Result<T> + Send + 'static,
) -> anyhow::Result<T> {
    let state = state.clone();
    tokio::task::spawn_blocking(move || work(&state))
        .await
        .map_err(|e| anyhow::anyhow!("the operation failed: {e}"))?
}

fn status(state: &AgentState) -> AgentStatus {
    AgentStatus {
        pid: std::process::id(),
        version: version(),
        uptime_s: state.started.elapsed().as_secs(),
        clients: state.client_count(),
        tasks: state.tasks.running(),
        socket: state.config.home.socket_path(),
        store: state.store.path().to_path_buf(),
    }
}
