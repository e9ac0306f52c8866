//! What the agent owns: settings, the store, the vault and the service layer (which holds the
//! TIDAL client), plus the bookkeeping of connected clients that drives the idle exit.

use std::sync::atomic::{AtomicI64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Instant;

use tokio_util::sync::CancellationToken;

use crate::clock::{Clock, SystemClock};
use crate::config::Config;
use crate::service::session::VaultTokens;
use crate::service::{ClientEvent, MetricsObserver, Service, metrics::Metrics};
use crate::store::Store;
use crate::tidal::TidalClient;
use crate::vault::Vault;

pub struct AgentState {
    pub config: Config,
    pub store: Store,
    vault: Arc<Mutex<Vault>>,
    pub service: Arc<Service>,
    /// Events from the TIDAL client, taken by the maintenance task.
    pub client_events: Mutex<Option<tokio::sync::mpsc::UnboundedReceiver<ClientEvent>>>,
    pub clock: Arc<dyn Clock>,
    pub started: Instant,
    pub clients: AtomicUsize,
    /// Clock time (Unix ms) of the last connect or disconnect: the idle exit counts from it.
    last_activity_ms: AtomicI64,
    pub shutdown: CancellationToken,
    /// Set when a newer tidal-mcp asked this agent to step aside once idle.
    pub retiring: CancellationToken,
    /// `config.agent_digest()`: what a caller's settings are compared with.
    pub settings_digest: std::collections::BTreeMap<String, String>,
    /// The bearer token of this agent's HTTP listeners (one for all of them).
    pub http_token: String,
    /// Whether an idle agent exits for a caller with other settings: an agent started on
    /// demand does; one in the foreground (`agent`, `serve --http`) or serving HTTP does not.
    pub makes_way: std::sync::atomic::AtomicBool,
    /// Long tool calls that became tasks, shared by every MCP connection.
    pub tasks: crate::mcp::tasks::Tasks,
    /// Seals what a tool call asks the user in the 2026-07-28 era (a key of this agent's).
    sealer: Arc<rmcp::model::RequestStateCodec>,
}

impl AgentState {
    /// Opens the store and the vault; either failing refuses the start (docs/design.md section 2).
    pub fn open(config: Config) -> anyhow::Result<AgentState> {
        Self::open_with_clock(config, Arc::new(SystemClock))
    }

    /// [`open`](Self::open) on a given clock (tests drive retention with a fake one).
    pub fn open_with_clock(config: Config, clock: Arc<dyn Clock>) -> anyhow::Result<AgentState> {
        let now = clock.now();
        let now_ms = clock.now_ms();
        // The store's open is most of an agent's start: it runs beside the rest of the set-up.
        let store_dir = config.home.store_dir();
        let opening = std::thread::spawn(move || Store::open(&store_dir));
        let mut vault = Vault::open(
            &config.home.vault_dir(),
            if config.settings.session.backup_enabled {
                config.settings.session.max_backups
            } else {
                0
            },
            now,
        )?
        .with_retention_days(config.settings.session.backup_retention_days);
        let s = &config.settings.session;
        if s.auto_rotate
            && vault.is_persisted()
            && vault.key_age_days(now) >= s.key_rotation_days as i64
        {
            vault.rotate_key(now)?;
            tracing::info!("vault identity rotated after {} days", s.key_rotation_days);
        }
        let vault = Arc::new(Mutex::new(vault));
        let tokens = Arc::new(VaultTokens {
            vault: vault.clone(),
        });
        let metrics = Arc::new(Metrics::new(config.settings.metrics.enabled));
        let (events, client_events) = tokio::sync::mpsc::unbounded_channel();
        let observer: Arc<dyn crate::tidal::Observer> = Arc::new(MetricsObserver {
            metrics: metrics.clone(),
            events,
        });
        let tidal = Arc::new(TidalClient::new(
            config.settings.tidal.clone(),
            clock.clone(),
            tokens,
            Some(observer),
        )?);
        let store = opening
            .join()
            .map_err(|_| anyhow::anyhow!("opening the store failed unexpectedly"))??;
        let service = Arc::new(Service::new(
            &config.settings,
            store.clone(),
            vault.clone(),
            tidal,
            clock.clone(),
            metrics,
        ));
        let settings_digest = config.agent_digest();
        Ok(AgentState {
            config,
            store,
            vault,
            service,
            client_events: Mutex::new(Some(client_events)),
            clock,
            started: Instant::now(),
            clients: AtomicUsize::new(0),
            last_activity_ms: AtomicI64::new(now_ms),
            shutdown: CancellationToken::new(),
            retiring: CancellationToken::new(),
            settings_digest,
            makes_way: std::sync::atomic::AtomicBool::new(false),
            tasks: crate::mcp::tasks::Tasks::default(),
            sealer: {
                let mut key = [0u8; 32];
                rand::RngCore::fill_bytes(&mut rand::rngs::OsRng, &mut key);
                Arc::new(
                    rmcp::model::RequestStateCodec::try_new(key.to_vec())
                        .expect("32 random bytes are a long enough key"),
                )
            },
            http_token: {
                let mut raw = [0u8; 32];
                rand::RngCore::fill_bytes(&mut rand::rngs::OsRng, &mut raw);
                hex::encode(raw)
            },
        })
    }

    /// What MCP sessions of this agent are served with.
    pub fn mcp_env(&self) -> crate::mcp::McpEnv {
        crate::mcp::McpEnv {
            service: self.service.clone(),
            settings: self.config.settings.mcp.clone(),
            shutdown: self.shutdown.clone(),
            tasks: self.tasks.clone(),
            sealer: self.sealer.clone(),
        }
    }

    /// The vault, locked. Never held across an await.
    pub fn vault(&self) -> MutexGuard<'_, Vault> {
        self.vault.lock().unwrap_or_else(|p| p.into_inner())
    }

    pub fn client_connected(&self) {
        self.clients.fetch_add(1, Ordering::SeqCst);
        self.touch();
    }

    pub fn client_disconnected(&self) {
        self.clients.fetch_sub(1, Ordering::SeqCst);
        self.touch();
    }

    fn touch(&self) {
        self.last_activity_ms
            .store(self.clock.now_ms(), Ordering::SeqCst);
    }

    pub fn idle_for(&self) -> std::time::Duration {
        let last = self.last_activity_ms.load(Ordering::SeqCst);
        let idle = self.clock.now_ms().saturating_sub(last).max(0);
        std::time::Duration::from_millis(idle as u64)
    }

    /// No client connected and no task running: what the idle exit and making way wait for.
    pub fn is_idle(&self) -> bool {
        self.client_count() == 0 && self.tasks.running() == 0
    }

    pub fn client_count(&self) -> usize {
        self.clients.load(Ordering::SeqCst)
    }

    /// Flushes everything the agent holds (called before exit).
    pub fn flush_all(&self) {
        if let Err(e) = self.store.flush() {
            tracing::error!("flushing the store failed: {e}");
        }
    }
}

/// An agent's state on a fake clock in a temporary home, for unit tests of what the agent does.
#[cfg(test)]
pub(crate) fn test_state(
    settings: crate::config::Settings,
) -> (tempfile::TempDir, AgentState, Arc<crate::clock::FakeClock>) {
    let t = tempfile::tempdir().expect("temp dir");
    let config = Config {
        settings,
        home: crate::home::Home::under(t.path().join("home")),
        file: None,
        file_found: false,
        sources: Default::default(),
        flags: Vec::new(),
    };
    let clock = Arc::new(crate::clock::FakeClock::new(1_700_000_000_000));
    let state = AgentState::open_with_clock(config, clock.clone()).expect("agent state");
    (t, state, clock)
}
