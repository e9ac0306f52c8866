//! The agent's side of admin connections: one request line in, zero or more progress lines and
//! one result line out. Each operation lives with the part of the system it belongs to; this
//! file only routes.

use std::sync::Arc;

use serde::Serialize;
use serde_json::{Value, json};
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::unix::{OwnedReadHalf, OwnedWriteHalf};
use tokio::sync::mpsc;

use super::protocol::*;
use super::state::AgentState;

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

fn reply<T: Serialize>(v: T) -> anyhow::Result<Value> {
    Ok(serde_json::to_value(v)?)
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
    let svc = &state.service;
    match op {
        AdminOp::Ping => reply(Empty {}),
        AdminOp::Status => reply(status(state)),
        AdminOp::Settings => reply(&state.settings_digest),
        AdminOp::Health { online } => reply(super::health::agent_checks(state, online).await),
        AdminOp::VaultRotateKey => {
            let now = state.clock.now();
            state.vault().rotate_key(now)?;
            reply(Rotated { rotated_at: now })
        }
        AdminOp::VaultAccept => {
            state.vault().accept_this_machine()?;
            reply(Empty {})
        }
        AdminOp::Session => reply(super::ops::session(state)),
        AdminOp::LoginStart { client, flow } => reply(
            svc.start_login(client.map(AppCredentials::into_vault), flow)
                .await?,
        ),
        AdminOp::LoginRedirect { url } => {
            svc.paste_redirect(url).await?;
            reply(Empty {})
        }
        AdminOp::LoginWait => reply(super::ops::login_wait(state, progress).await?),
        AdminOp::LoginCancel => {
            svc.cancel_login();
            reply(Empty {})
        }
        AdminOp::Logout => reply(super::ops::logout(state).await?),
        AdminOp::PrefsGet => reply(svc.preferences(&svc.active_user()?)),
        AdminOp::PrefsSet { changes } => reply(svc.set_preferences(&svc.active_user()?, &changes)?),
        AdminOp::PrefsReset => reply(svc.reset_preferences(&svc.active_user()?)?),
        AdminOp::AuditVerify => reply(crate::service::audit::Audit::verify(&state.store)),
        AdminOp::AuditShow { since_ms, limit } => reply(AuditEntries {
            entries: crate::service::audit::Audit::entries(&state.store, since_ms, limit as usize),
        }),
        AdminOp::MetricsExport { format } => reply(super::ops::metrics(state, format)?),
        AdminOp::HttpStart { addr } => {
            // The listener lives as long as the `serve --http` that asked for it.
            super::ops::start_http(state, addr, connection.child_token()).await?;
            state
                .makes_way
                .store(false, std::sync::atomic::Ordering::SeqCst);
            reply(HttpStarted {
                addr,
                token_file: state.config.home.run_dir.join("http-token"),
            })
        }
        AdminOp::Backup {
            output,
            keep,
            recipients,
        } => {
            blocking(state, move |s| {
                super::backup::make(s, output, keep, &recipients)
            })
            .await
        }
        AdminOp::BackupVerify { path } => {
            blocking(state, move |s| Ok(super::backup::verify(s, &path))).await
        }
        AdminOp::Cleanup { dry_run } => {
            blocking(state, move |s| super::maintenance::cleanup(s, dry_run)).await
        }
        AdminOp::UserExport { user_id } => {
            blocking(state, move |s| super::gdpr::export(s, user_id)).await
        }
        AdminOp::UserDelete { user_id } => {
            blocking(state, move |s| super::gdpr::delete(s, user_id)).await
        }
        AdminOp::SessionImport { path } => reply(super::ops::import_session(state, &path).await?),
        AdminOp::Record { action, details } => {
            svc.audit_event("ADMIN", action.as_str(), details)?;
            reply(Empty {})
        }
    }
}

/// Runs store and file work off the runtime's threads.
async fn blocking<T: Serialize + Send + 'static>(
    state: &Arc<AgentState>,
    work: impl FnOnce(&AgentState) -> anyhow::Result<T> + Send + 'static,
) -> anyhow::Result<Value> {
    let state = state.clone();
    let out = tokio::task::spawn_blocking(move || work(&state))
        .await
        .map_err(|e| anyhow::anyhow!("the operation failed: {e}"))??;
    reply(out)
}

fn status(state: &AgentState) -> AgentStatus {
    AgentStatus {
        pid: std::process::id(),
        version: version(),
        uptime_s: state.started.elapsed().as_secs(),
        clients: state.client_count(),
        socket: state.config.home.socket_path(),
        store: state.store.path().to_path_buf(),
    }
}
