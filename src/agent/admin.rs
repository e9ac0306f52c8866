//! The agent's side of admin connections: one request line in, zero or more progress lines and
//! one result line out. Each operation lives with the part of the system it belongs to; this
//! file only routes.

use std::sync::Arc;

use serde_json::{Value, json};
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::unix::{OwnedReadHalf, OwnedWriteHalf};
use tokio::sync::mpsc;

use super::protocol::{Progress, Request, Response, WireError};
use super::state::AgentState;

/// Sends progress events for the request being served.
#[derive(Clone)]
pub struct ProgressTx {
    id: u64,
    tx: mpsc::UnboundedSender<Response>,
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
    let mut line = String::new();
    loop {
        line.clear();
        tokio::select! {
            read = reader.read_line(&mut line) => match read {
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
        let result = tokio::select! {
            r = dispatch(&state, &req.op, req.args, progress) => r,
            _ = reader.read_line(&mut probe) => {
                if req.op.starts_with("login.") {
                    state.logins.cancel();
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
    op: &str,
    args: Value,
    progress: ProgressTx,
) -> anyhow::Result<Value> {
    // Every admin operation that changes or reveals state is audited (not pings or status).
    if !matches!(op, "ping" | "status" | "health" | "login.wait") {
        state.service.audit_event(state, "ADMIN", op, json!({}));
    }
    match op {
        "ping" => Ok(json!({})),
        "status" => Ok(status(state)),
        "health" => {
            Ok(super::health::agent_checks(state, args["online"].as_bool().unwrap_or(false)).await)
        }
        "vault.rotate_key" => {
            let now = state.clock.now();
            state.vault().rotate_key(now)?;
            Ok(json!({"rotated_at": now}))
        }
        "vault.accept" => {
            state.vault().accept_this_machine()?;
            Ok(json!({"accepted": true}))
        }
        "session" => Ok(super::ops::session(state)),
        "login.start" => super::ops::login_start(state).await,
        "login.wait" => super::ops::login_wait(state, progress).await,
        "login.cancel" => {
            state.logins.cancel();
            Ok(json!({"cancelled": true}))
        }
        "logout" => super::ops::logout(state).await,
        "prefs.get" | "prefs.set" | "prefs.reset" => super::ops::prefs(state, op, &args),
        "audit.verify" => Ok(serde_json::to_value(crate::service::audit::Audit::verify(
            &state.store,
        ))?),
        "audit.show" => Ok(super::ops::audit_show(state, &args)),
        "metrics.export" => super::ops::metrics(state, &args),
        "http.start" => super::ops::http_start(state, &args).await,
        other => Err(WireError::usage(format!("unknown admin operation `{other}`")).into()),
    }
}

fn status(state: &AgentState) -> Value {
    json!({
        "pid": std::process::id(),
        "version": super::protocol::version(),
        "uptime_s": state.started.elapsed().as_secs(),
        "clients": state.client_count(),
        "socket": state.config.home.socket_path(),
        "store": state.store.path(),
    })
}
