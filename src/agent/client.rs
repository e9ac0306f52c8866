//! The client side of the agent socket: connect, start an agent on demand (exactly one, under
//! the startup lock), replace an agent of another version, and make admin calls.

use std::process::Stdio;
use std::time::Duration;

use serde::de::DeserializeOwned;
use serde_json::Value;
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::UnixStream;
use tokio::net::unix::{OwnedReadHalf, OwnedWriteHalf};

use super::lock::FileLock;
use super::protocol::{
    AdminOp, Ask, Failure, Hello, HelloReply, PROTOCOL, Progress, Refusal, Request, Response, Role,
    WireError, version,
};
use crate::config::Config;
use crate::env_vars;
pub use crate::error::AgentError;

/// An open, greeted connection to the agent.
pub struct Connection {
    pub reader: BufReader<OwnedReadHalf>,
    pub writer: OwnedWriteHalf,
    pub agent_pid: u32,
}

/// How a greeting treats the agent's settings.
#[derive(Clone, Copy, PartialEq, Eq)]
enum SettingsCheck {
    /// Send our digest: an agent with other settings restarts for us or refuses.
    Compare,
    /// Use the agent as it is (status, stop, probes).
    AsItIs,
}

async fn greet(
    config: &Config,
    role: Role,
    force: bool,
    settings: SettingsCheck,
) -> Result<Connection, AgentError> {
    let socket = config.home.socket_path();
    let stream = match UnixStream::connect(&socket).await {
        Ok(s) => s,
        Err(e)
            if agent_went_away(&e)
                || matches!(
                    e.kind(),
                    std::io::ErrorKind::NotFound | std::io::ErrorKind::ConnectionRefused
                ) =>
        {
            return Err(AgentError::NotRunning);
        }
        Err(e) => return Err(e.into()),
    };
    let (r, mut writer) = stream.into_split();
    let mut reader = BufReader::new(r);
    let hello = Hello {
        tidal_mcp: PROTOCOL,
        version: version(),
        role,
        force,
        settings: match settings {
            SettingsCheck::Compare => config.agent_digest(),
            SettingsCheck::AsItIs => Default::default(),
        },
        mcp: (role == Role::Mcp).then(|| config.settings.mcp.clone()),
    };
    let mut line = serde_json::to_vec(&hello).expect("hello serializes");
    line.push(b'\n');
    // An agent that is dying may accept and then reset the connection: that is no agent.
    writer.write_all(&line).await.map_err(|e| {
        if agent_went_away(&e) {
            AgentError::NotRunning
        } else {
            e.into()
        }
    })?;
    let mut answer = String::new();
    let n = tokio::time::timeout(Duration::from_secs(10), reader.read_line(&mut answer))
        .await
        .map_err(|_| AgentError::Protocol("no hello reply within 10s".into()))?
        .map_err(|e| {
            if agent_went_away(&e) {
                AgentError::NotRunning
            } else {
                e.into()
            }
        })?;
    if n == 0 {
        // The agent closed the socket while shutting down.
        return Err(AgentError::NotRunning);
    }
    let reply: HelloReply = serde_json::from_str(&answer)
        .map_err(|e| AgentError::Protocol(format!("bad hello reply: {e}")))?;
    if !reply.ok {
        return match reply.error {
            Some(Refusal::VersionMismatch) => Err(AgentError::VersionMismatch {
                agent: reply.version,
                ours: version(),
            }),
            Some(Refusal::SettingsChanged) => Err(AgentError::SettingsChanged {
                keys: reply.differs,
            }),
            Some(Refusal::SettingsDiffer) => Err(AgentError::SettingsDiffer {
                keys: reply.differs,
                clients: reply.clients,
            }),
            Some(Refusal::BadHello) => Err(AgentError::Protocol(
                "the agent did not take our hello line".into(),
            )),
            Some(Refusal::Other) | None => Err(AgentError::Protocol("refused".into())),
        };
    }
    Ok(Connection {
        reader,
        writer,
        agent_pid: reply.pid,
    })
}

/// Connects to a running agent only; never starts one.
pub async fn connect_existing(config: &Config, role: Role) -> Result<Connection, AgentError> {
    greet(config, role, false, SettingsCheck::AsItIs).await
}

/// Asks the agent to exit (at once with `force`, else once idle); returns whether one answered.
pub async fn retire(config: &Config, force: bool) -> Result<bool, AgentError> {
    match greet(config, Role::Retire, force, SettingsCheck::AsItIs).await {
        Ok(_) => Ok(true),
        Err(AgentError::NotRunning) => Ok(false),
        Err(e) => Err(e),
    }
}

/// Waits until no agent holds `agent.lock` (the agent has exited and flushed).
pub async fn wait_for_exit(config: &Config, timeout: Duration) -> bool {
    let lock = config.home.agent_lock_path();
    let deadline = tokio::time::Instant::now() + timeout;
    while FileLock::is_held(&lock) {
        if tokio::time::Instant::now() >= deadline {
            return false;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    true
}

/// Connects to the agent, starting one if none runs. Concurrent callers end with one agent.
pub async fn connect(config: &Config, role: Role) -> Result<Connection, AgentError> {
    // Refuse an unsafe home before talking to anything inside it.
    config.home.ensure()?;
    let start_timeout = Duration::from_secs(config.settings.agent.start_timeout_secs);
    match greet(config, role, false, SettingsCheck::Compare).await {
        Ok(c) => return Ok(c),
        Err(AgentError::NotRunning) => {}
        Err(AgentError::SettingsChanged { keys }) => {
            // One line for the person at the terminal (or in the MCP host's log).
            #[allow(clippy::print_stderr)]
            {
                eprintln!(
                    "tidal-mcp: restarting the agent to use these settings ({})",
                    keys.join(", ")
                );
            }
            if !wait_for_exit(config, start_timeout).await {
                return Err(AgentError::SettingsDiffer { keys, clients: 0 });
            }
        }
        Err(AgentError::VersionMismatch { agent, .. }) => {
            tracing::info!("agent version {agent} differs from ours; asking it to step aside");
            retire(config, false).await?;
            if !wait_for_exit(config, start_timeout).await {
                return Err(AgentError::OldAgentBusy { agent });
            }
        }
        Err(e) => return Err(e),
    }
    config
        .home
        .ensure()
        .map_err(|e| AgentError::Io(std::io::Error::other(e.to_string())))?;
    let lock_path = config.home.startup_lock_path();
    // Uncontended, the lock is taken here at once; only waiting for it needs a thread.
    let _startup = match FileLock::try_acquire(&lock_path)? {
        Some(lock) => lock,
        None => {
            let p = lock_path.clone();
            let wait = start_timeout + Duration::from_secs(5);
            tokio::task::spawn_blocking(move || FileLock::acquire(&p, wait))
                .await
                .map_err(|e| AgentError::Protocol(e.to_string()))??
                .ok_or(AgentError::StartTimeout {
                    secs: start_timeout.as_secs(),
                    log: config.home.agent_log_path(),
                })?
        }
    };
    // Somebody may have started it while we waited for the lock.
    match greet(config, role, false, SettingsCheck::Compare).await {
        Ok(c) => return Ok(c),
        Err(AgentError::NotRunning) => {}
        Err(e) => return Err(e),
    }
    if let Some(c) = wait_for_offline_work(config, role).await? {
        return Ok(c);
    }
    spawn_agent(config, start_timeout).await?;
    greet(config, role, false, SettingsCheck::Compare).await
}

/// How long a caller waits for offline work (a restore, a compaction) to end.
const OFFLINE_WAIT: Duration = Duration::from_secs(300);

/// While `agent.lock` is held and no agent answers, work that replaces the store or the vault
/// is under way (`agent/offline.rs`): wait for it to end instead of failing with "no agent
/// running" (a `health` from cron during a compaction). Returns a connection if an agent comes
/// up meanwhile; `None` once the lock is free, to start one.
async fn wait_for_offline_work(
    config: &Config,
    role: Role,
) -> Result<Option<Connection>, AgentError> {
    let lock = config.home.agent_lock_path();
    let deadline = tokio::time::Instant::now() + OFFLINE_WAIT;
    let mut said = false;
    loop {
        if FileLock::try_acquire(&lock)?.is_some() {
            return Ok(None);
        }
        match greet(config, role, false, SettingsCheck::Compare).await {
            Ok(c) => return Ok(Some(c)),
            Err(AgentError::NotRunning) => {}
            Err(e) => return Err(e),
        }
        if tokio::time::Instant::now() >= deadline {
            return Ok(None);
        }
        if !said {
            tracing::info!("waiting for a restore or compaction to finish");
            said = true;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

async fn spawn_agent(config: &Config, timeout: Duration) -> Result<(), AgentError> {
    let exe = std::env::current_exe()?;
    let log = crate::home::open_private(&config.home.agent_log_path(), true)?;
    let mut cmd = tokio::process::Command::new(exe);
    cmd.arg("agent").arg("--detached");
    if let Some(file) = config.file.as_ref().filter(|_| config.file_found) {
        cmd.env(env_vars::CONFIG, file);
    }
    if let Some(root) = &config.home.root {
        cmd.env(env_vars::HOME, root);
    }
    // `--set` reaches the agent as the environment variable it stands for (a flag wins over
    // the environment, so it replaces ours), or the agent would read other settings than ours
    // and every greeting would ask it to restart.
    for (key, raw) in &config.flags {
        cmd.env(crate::config::env_name_for(key), raw);
    }
    // No `pre_exec` here: without one the child is spawned with posix_spawn rather than fork
    // and exec, a millisecond sooner; the agent leaves our session itself as it starts.
    cmd.stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::from(log));
    let mut child = cmd.spawn()?;
    let stdout = child
        .stdout
        .take()
        .ok_or_else(|| AgentError::Protocol("no agent stdout".into()))?;
    let mut lines = BufReader::new(stdout);
    let mut first = String::new();
    let read = tokio::time::timeout(timeout, lines.read_line(&mut first)).await;
    // The runtime reaps the child if it exits later; it is not killed on drop.
    drop(child);
    match read {
        Err(_) => Err(AgentError::StartTimeout {
            secs: timeout.as_secs(),
            log: config.home.agent_log_path(),
        }),
        Ok(Err(e)) => Err(e.into()),
        Ok(Ok(_)) => {
            if first.starts_with("READY") {
                Ok(())
            } else if let Some(json) = first.strip_prefix("ERROR ") {
                let w: WireError = serde_json::from_str(json.trim())
                    .unwrap_or_else(|_| WireError::failed(json.trim().to_string(), None));
                // Another agent won a race we could not see: use it.
                if w.kind == Failure::AlreadyRunning {
                    Ok(())
                } else {
                    Err(AgentError::StartFailed(w))
                }
            } else {
                Err(AgentError::StartTimeout {
                    secs: timeout.as_secs(),
                    log: config.home.agent_log_path(),
                })
            }
        }
    }
}

/// An admin connection: request lines out, progress and result lines back.
pub struct AdminClient {
    conn: Connection,
    next_id: u64,
    /// Set for a connection that may start an agent: a read-only request whose agent went away
    /// mid-call is asked again of a new one.
    config: Option<Config>,
}

/// An agent that stops or dies while we talk to it resets or closes the connection.
fn agent_went_away(e: &std::io::Error) -> bool {
    use std::io::ErrorKind::*;
    matches!(
        e.kind(),
        ConnectionReset | ConnectionAborted | BrokenPipe | UnexpectedEof | NotConnected
    )
}

impl AdminClient {
    pub async fn connect(config: &Config) -> Result<AdminClient, AgentError> {
        Ok(AdminClient {
            conn: connect(config, Role::Admin).await?,
            next_id: 1,
            config: Some(config.clone()),
        })
    }

    pub async fn connect_existing(config: &Config) -> Result<AdminClient, AgentError> {
        Ok(AdminClient {
            conn: connect_existing(config, Role::Admin).await?,
            next_id: 1,
            config: None,
        })
    }

    pub fn agent_pid(&self) -> u32 {
        self.conn.agent_pid
    }

    /// Runs `op` and reads its reply as `R` (the type `AdminOp` names for it).
    pub async fn call<R: DeserializeOwned>(&mut self, ask: Ask<R>) -> anyhow::Result<R> {
        self.call_with_progress(ask, |_| {}).await
    }

    pub async fn call_with_progress<R: DeserializeOwned>(
        &mut self,
        ask: Ask<R>,
        mut on_progress: impl FnMut(&Progress),
    ) -> anyhow::Result<R> {
        let op = ask.op();
        // An agent can die between our connect and our request more than once in a row (a
        // kill storm); a few attempts are enough for a new one to take over.
        let mut attempts = 3;
        loop {
            match self.exchange(op.clone(), &mut on_progress).await {
                Err(Exchange::Gone(e)) if attempts > 1 && op.read_only() => {
                    let Some(config) = self.config.clone() else {
                        return Err(e);
                    };
                    tracing::debug!("the agent went away mid-call ({e}); asking a new one");
                    attempts -= 1;
                    self.conn = connect(&config, Role::Admin).await?;
                }
                Ok(r) => return Ok(r),
                Err(Exchange::Gone(e) | Exchange::Failed(e)) => return Err(e),
            }
        }
    }

    async fn exchange<R: DeserializeOwned>(
        &mut self,
        op: AdminOp,
        on_progress: &mut impl FnMut(&Progress),
    ) -> Result<R, Exchange> {
        let gone = |e: std::io::Error| {
            if agent_went_away(&e) {
                Exchange::Gone(AgentError::Io(e).into())
            } else {
                Exchange::Failed(AgentError::Io(e).into())
            }
        };
        let id = self.next_id;
        self.next_id += 1;
        let mut line =
            serde_json::to_vec(&Request { id, op }).map_err(|e| Exchange::Failed(e.into()))?;
        line.push(b'\n');
        self.conn.writer.write_all(&line).await.map_err(gone)?;
        loop {
            let mut text = String::new();
            if self.conn.reader.read_line(&mut text).await.map_err(gone)? == 0 {
                return Err(Exchange::Gone(
                    AgentError::Protocol("the agent closed the connection".into()).into(),
                ));
            }
            let resp: Response = serde_json::from_str(&text).map_err(|e| {
                Exchange::Failed(AgentError::Protocol(format!("bad response: {e}")).into())
            })?;
            if resp.id != id {
                continue;
            }
            if let Some(p) = &resp.progress {
                on_progress(p);
                continue;
            }
            if let Some(e) = resp.error {
                return Err(Exchange::Failed(e.into()));
            }
            let reply = resp.ok.unwrap_or(Value::Null);
            return serde_json::from_value(reply).map_err(|e| {
                Exchange::Failed(
                    AgentError::Protocol(format!("unexpected reply from the agent: {e}")).into(),
                )
            });
        }
    }
}

/// How an exchange failed: the agent went away (a read-only request may be asked again), or
/// anything else.
enum Exchange {
    Gone(anyhow::Error),
    Failed(anyhow::Error),
}
