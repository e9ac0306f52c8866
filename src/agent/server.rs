//! The agent process: takes `agent.lock`, opens the store and the vault, binds the socket in a
//! private directory, then serves connections until stopped, idle or retired, flushing
//! everything before it exits.

use std::io::Write;
use std::os::unix::fs::PermissionsExt;
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::Duration;

use anyhow::Context;
use tokio::io::{AsyncWriteExt, BufReader};
use tokio::net::{UnixListener, UnixStream};

use super::lock::FileLock;
use super::protocol::{Failure, Hello, HelloReply, PROTOCOL, Refusal, Role, WireError, version};
use super::state::AgentState;
use crate::clock::{Clock, SystemClock};
use crate::config::Config;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// `tidal-mcp agent` in a terminal or under a service manager: never exits when idle.
    Foreground,
    /// Started on demand by a client: reports readiness on stdout, exits when idle.
    Detached,
}

#[derive(Debug, thiserror::Error)]
#[error("another tidal-mcp agent is already running for {home}")]
pub struct AlreadyRunning {
    pub home: String,
}

/// Runs an agent until it stops. In `Detached` mode the first line on stdout is `READY <pid>`
/// or `ERROR <json>`, which the starting client waits for.
pub fn run(config: Config, mode: Mode, http: Option<std::net::SocketAddr>) -> anyhow::Result<()> {
    if mode == Mode::Detached {
        // SAFETY: setsid has no preconditions; it fails harmlessly for a group leader. It takes
        // the agent out of the starting client's terminal and process group, so that Ctrl-C
        // or a closing client does not reach it.
        unsafe { libc::setsid() };
    }
    limit_malloc_arenas();
    raise_fd_limit();
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()?;
    let result = rt.block_on(run_async(config, mode, http));
    if mode == Mode::Detached
        && let Err(e) = &result
    {
        let mut w = WireError::from_anyhow(e);
        if e.downcast_ref::<AlreadyRunning>().is_some() {
            w.kind = Failure::AlreadyRunning;
        }
        report_startup(Err(w));
    }
    // Connections still open are dropped with the runtime; everything was flushed already.
    rt.shutdown_timeout(Duration::from_millis(200));
    result
}

/// Descriptors up to the hard limit: HTTP connections are capped far below it, so the owner's
/// socket always has room to answer.
fn raise_fd_limit() {
    // SAFETY: getrlimit/setrlimit on a struct we own.
    unsafe {
        let mut l: libc::rlimit = std::mem::zeroed();
        if libc::getrlimit(libc::RLIMIT_NOFILE, &mut l) == 0 && l.rlim_cur < l.rlim_max {
            l.rlim_cur = l.rlim_max;
            libc::setrlimit(libc::RLIMIT_NOFILE, &l);
        }
    }
}

/// glibc gives each thread that allocates its own arena, which multiplies the resident memory
/// of a long-lived multi-threaded process; two are plenty for the agent (docs/design.md section 12).
fn limit_malloc_arenas() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt only tunes the allocator; called before the runtime starts threads.
    unsafe {
        libc::mallopt(libc::M_ARENA_MAX, 2);
    }
}

/// The detached agent's one message to the client that started it; afterwards stdout goes to
/// /dev/null so that nothing the agent might print blocks on a closed pipe.
fn report_startup(outcome: Result<(), WireError>) {
    static REPORTED: std::sync::Once = std::sync::Once::new();
    REPORTED.call_once(|| {
        let mut out = std::io::stdout().lock();
        let line = match outcome {
            Ok(()) => format!("READY {}\n", std::process::id()),
            Err(e) => format!("ERROR {}\n", serde_json::to_string(&e).unwrap_or_default()),
        };
        let _ = out.write_all(line.as_bytes());
        let _ = out.flush();
        drop(out);
        if let Ok(null) = std::fs::OpenOptions::new().write(true).open("/dev/null") {
            use std::os::fd::AsRawFd;
            // SAFETY: dup2 onto fd 1 with a valid descriptor.
            unsafe { libc::dup2(null.as_raw_fd(), 1) };
        }
    });
}

async fn run_async(
    config: Config,
    mode: Mode,
    http: Option<std::net::SocketAddr>,
) -> anyhow::Result<()> {
    let home = config.home.clone();
    home.ensure()?;
    let _lock = FileLock::try_acquire(&home.agent_lock_path())
        .with_context(|| format!("cannot open {}", home.agent_lock_path().display()))?
        .ok_or_else(|| AlreadyRunning {
            home: home.config_dir.display().to_string(),
        })?;

    let recovered = super::recovery::run(&config, SystemClock.now_ms())?;
    let state = Arc::new(AgentState::open(config)?);
    if let Some(finished) = recovered
        .erasures
        .as_ref()
        .filter(|f| f.unfinished.is_none())
    {
        for p in &finished.pseudonyms {
            state.service.audit_erasure_finished(
                p,
                serde_json::json!({"vault_users": finished.vault_users, "store_records": finished.compacted.erased_records, "backups_rewritten": finished.backups.rewritten.len()}),
            )?;
        }
    }
    let socket = home.socket_path();
    let _ = std::fs::remove_file(&socket);
    let listener =
        UnixListener::bind(&socket).with_context(|| format!("cannot bind {}", socket.display()))?;
    std::fs::set_permissions(&socket, std::fs::Permissions::from_mode(0o600))?;

    let http_task = match http {
        Some(addr) => Some(super::listen::start_http(&state, addr, state.shutdown.clone()).await?),
        None => None,
    };

    let upkeep = tokio::spawn(super::maintenance::run(state.clone()));
    tracing::info!(pid = std::process::id(), socket = %socket.display(), "agent ready");
    if mode == Mode::Detached {
        report_startup(Ok(()));
    }

    let idle_limit = Duration::from_secs(state.config.settings.agent.idle_timeout_secs);
    let watch_idle = mode == Mode::Detached && http.is_none();
    state.makes_way.store(watch_idle, Ordering::SeqCst);
    let mut tick = tokio::time::interval(Duration::from_millis(100));
    let mut term = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())?;
    loop {
        tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => {
                    let st = state.clone();
                    tokio::spawn(async move { handle(st, stream).await });
                }
                Err(e) => {
                    // Out of descriptors: pause instead of spinning (the next accept fails too).
                    tracing::warn!("accept failed: {e}");
                    tokio::time::sleep(Duration::from_millis(100)).await;
                }
            },
            _ = tick.tick() => {
                // A task a client started and left running keeps the agent, as a client does.
                let idle = state.is_idle();
                if idle && state.retiring.is_cancelled() {
                    tracing::info!("retiring: a newer tidal-mcp takes over");
                    break;
                }
                if idle && watch_idle && state.idle_for() >= idle_limit {
                    tracing::info!("no clients for {}s, exiting", idle_limit.as_secs());
                    break;
                }
            }
            _ = state.shutdown.cancelled() => break,
            _ = term.recv() => { tracing::info!("SIGTERM, exiting"); break; }
            _ = tokio::signal::ctrl_c() => { tracing::info!("interrupted, exiting"); break; }
        }
    }
    // Stop taking clients first, so a starting client launches a fresh agent.
    drop(listener);
    let _ = std::fs::remove_file(&socket);
    if let Some(t) = http_task {
        t.abort();
    }
    state.shutdown.cancel();
    let _ = upkeep.await;
    super::maintenance::sweep(&state);
    state.flush_all();
    Ok(())
}

async fn handle(state: Arc<AgentState>, stream: UnixStream) {
    let (r, mut w) = stream.into_split();
    let mut reader = BufReader::new(r);
    let mut line = String::new();
    let read = tokio::time::timeout(
        Duration::from_secs(5),
        super::protocol::read_bounded_line(&mut reader, &mut line),
    )
    .await;
    let Ok(Ok(n)) = read else { return };
    if n == 0 {
        return;
    }
    let Ok(hello) = serde_json::from_str::<Hello>(&line) else {
        let refusal = HelloReply {
            ok: false,
            version: version(),
            pid: std::process::id(),
            error: Some(Refusal::BadHello),
            differs: Vec::new(),
            clients: 0,
        };
        let _ = reply(&mut w, refusal).await;
        return;
    };
    let same_version = hello.tidal_mcp == PROTOCOL && hello.version == version();
    let differs: Vec<String> = if hello.settings.is_empty() {
        Vec::new()
    } else {
        let ours = &state.settings_digest;
        let mut keys: std::collections::BTreeSet<&String> = hello.settings.keys().collect();
        keys.extend(ours.keys());
        keys.into_iter()
            .filter(|k| hello.settings.get(*k) != ours.get(*k))
            .cloned()
            .collect()
    };
    let answer = |ok, error: Option<Refusal>, differs: Vec<String>| HelloReply {
        ok,
        version: version(),
        pid: std::process::id(),
        error,
        differs,
        clients: state.client_count(),
    };
    match hello.role {
        Role::Retire => {
            if hello.force {
                state.shutdown.cancel();
            } else {
                state.retiring.cancel();
            }
            let _ = reply(&mut w, answer(true, None, Vec::new())).await;
        }
        _ if !same_version => {
            let _ = reply(
                &mut w,
                answer(false, Some(Refusal::VersionMismatch), Vec::new()),
            )
            .await;
        }
        // The agent follows its callers: idle, it makes way for one with the caller's settings.
        _ if !differs.is_empty() && state.is_idle() && state.makes_way.load(Ordering::SeqCst) => {
            tracing::info!(
                "a caller has other settings ({}); exiting for it",
                differs.join(", ")
            );
            let _ = reply(
                &mut w,
                answer(false, Some(Refusal::SettingsChanged), differs),
            )
            .await;
            state.shutdown.cancel();
        }
        _ if !differs.is_empty() => {
            let _ = reply(
                &mut w,
                answer(false, Some(Refusal::SettingsDiffer), differs),
            )
            .await;
        }
        Role::Admin => {
            if reply(&mut w, answer(true, None, Vec::new())).await.is_ok() {
                state.client_connected();
                super::admin::serve(state.clone(), reader, w).await;
                state.client_disconnected();
            }
        }
        Role::Mcp => {
            if reply(&mut w, answer(true, None, Vec::new())).await.is_ok() {
                state.client_connected();
                let mut env = state.mcp_env();
                // Visibility is the connection's own: a read-only client does not make others so.
                if let Some(mcp) = hello.mcp {
                    env.settings = mcp;
                }
                crate::mcp::serve_connection(env, reader, w).await;
                state.client_disconnected();
            }
        }
    }
}

async fn reply(w: &mut tokio::net::unix::OwnedWriteHalf, r: HelloReply) -> std::io::Result<()> {
    let mut line = serde_json::to_vec(&r).expect("reply serializes");
    line.push(b'\n');
    w.write_all(&line).await
}
