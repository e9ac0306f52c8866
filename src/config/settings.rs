//! The typed settings tree. Every option of the earlier design has a home here with the same
//! default (docs/reference/legacy-design.md); `config/tidal-mcp.toml` documents each one and
//! a test proves that file equals these defaults.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
#[derive(Default)]
pub struct Settings {
    pub tidal: TidalSettings,
    pub session: SessionSettings,
    pub cache: CacheSettings,
    pub rate_limits: RateLimitSettings,
    pub audit: AuditSettings,
    pub metrics: MetricsSettings,
    pub preferences: PreferenceSettings,
    pub storage: StorageSettings,
    pub cleanup: CleanupSettings,
    pub backup: BackupSettings,
    pub agent: AgentSettings,
    pub mcp: McpSettings,
    pub http: HttpSettings,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct TidalSettings {
    /// Your own TIDAL app client id (never shipped with tidal-mcp).
    pub client_id: String,
    /// Your own TIDAL app client secret (may stay empty for device-flow apps).
    pub client_secret: String,
    pub api_url: String,
    pub auth_url: String,
    /// Where the browser logs in (authorization code + PKCE): `{login_url}/authorize`.
    pub login_url: String,
    /// TIDAL's official API, used by sessions from a PKCE login.
    pub openapi_url: String,
    /// `auto` (the device flow, then PKCE for a client that is not a device client), `device`
    /// or `pkce`.
    pub auth_flow: AuthFlow,
    /// Where the browser is sent back after a PKCE login; register the same URI in your app.
    pub redirect_uri: String,
    /// Device-flow scopes.
    pub scope: String,
    /// Scopes asked for by a PKCE login (TIDAL's third-party scopes).
    pub pkce_scope: String,
    pub request_timeout_secs: u64,
    /// Upstream requests per second for the whole agent (all users, all clients).
    pub upstream_per_second: u32,
    pub upstream_burst: u32,
    /// Retries of idempotent reads on 5xx / connection errors.
    pub max_retries: u32,
    /// Retries of a playlist write after 412 with a fresh ETag.
    pub max_etag_retries: u32,
    /// Seconds before expiry at which the access token is refreshed.
    pub refresh_margin_secs: u64,
}

impl Default for TidalSettings {
    fn default() -> Self {
        TidalSettings {
            client_id: String::new(),
            client_secret: String::new(),
            api_url: "https://api.tidal.com".into(),
            auth_url: "https://auth.tidal.com".into(),
            login_url: "https://login.tidal.com".into(),
            openapi_url: "https://openapi.tidal.com/v2".into(),
            auth_flow: AuthFlow::Auto,
            redirect_uri: "http://localhost:8912/callback".into(),
            scope: "r_usr w_usr w_sub".into(),
            pkce_scope: "collection.read collection.write playlists.read playlists.write search.read recommendations.read user.read entitlements.read".into(),
            request_timeout_secs: 30,
            upstream_per_second: 10,
            upstream_burst: 10,
            max_retries: 3,
            max_etag_retries: 5,
            refresh_margin_secs: 60,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct SessionSettings {
    /// Tokens are always encrypted at rest; `false` is refused.
    pub encryption: bool,
    pub key_rotation_days: u32,
    pub backup_enabled: bool,
    pub backup_retention_days: u32,
    /// Previous vault generations kept beside the current one.
    pub max_backups: u32,
    pub rotation_interval_hours: u32,
    pub auto_rotate: bool,
}

impl Default for SessionSettings {
    fn default() -> Self {
        SessionSettings {
            encryption: true,
            key_rotation_days: 90,
            backup_enabled: true,
            backup_retention_days: 7,
            max_backups: 5,
            rotation_interval_hours: 24,
            auto_rotate: true,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct CacheSettings {
    /// `tag`: writes drop the entries tagged with what they changed.
    pub invalidation: String,
    pub cleanup_interval_secs: u64,
    pub l1: L1Settings,
    pub l2: L2Settings,
    pub ttl: TtlSettings,
}

impl Default for CacheSettings {
    fn default() -> Self {
        CacheSettings {
            invalidation: "tag".into(),
            cleanup_interval_secs: 300,
            l1: L1Settings::default(),
            l2: L2Settings::default(),
            ttl: TtlSettings::default(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct L1Settings {
    pub enabled: bool,
    pub max_entries: u32,
    pub ttl_secs: u64,
}

impl Default for L1Settings {
    fn default() -> Self {
        L1Settings {
            enabled: true,
            max_entries: 1000,
            ttl_secs: 300,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct L2Settings {
    pub enabled: bool,
    pub max_size_mb: u64,
    pub ttl_secs: u64,
    pub compression: bool,
}

impl Default for L2Settings {
    fn default() -> Self {
        L2Settings {
            enabled: true,
            max_size_mb: 500,
            ttl_secs: 3600,
            compression: true,
        }
    }
}

/// Per-kind lifetimes; an entry lives for the shorter of its kind's TTL and its layer's TTL.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct TtlSettings {
    pub catalog_secs: u64,
    pub search_secs: u64,
    pub library_secs: u64,
}

impl Default for TtlSettings {
    fn default() -> Self {
        TtlSettings {
            catalog_secs: 86_400,
            search_secs: 3_600,
            library_secs: 300,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct RateLimitSettings {
    pub enabled: bool,
    pub penalty_max_secs: u64,
    pub escalation_factor: u32,
    pub api_calls: Quota,
    pub search_queries: Quota,
    pub playlist_operations: Quota,
    pub auth_attempts: AuthQuota,
}

impl Default for RateLimitSettings {
    fn default() -> Self {
        RateLimitSettings {
            enabled: true,
            penalty_max_secs: 3600,
            escalation_factor: 2,
            api_calls: Quota {
                per_minute: 100,
                per_hour: 1000,
                burst: 20,
            },
            search_queries: Quota {
                per_minute: 20,
                per_hour: 200,
                burst: 5,
            },
            playlist_operations: Quota {
                per_minute: 10,
                per_hour: 100,
                burst: 3,
            },
            auth_attempts: AuthQuota {
                per_15_minutes: 5,
                burst: 0,
            },
        }
    }
}

/// `burst` is allowed on top of the steady per-minute rate.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Quota {
    pub per_minute: u32,
    pub per_hour: u32,
    pub burst: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AuthQuota {
    pub per_15_minutes: u32,
    pub burst: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct AuditSettings {
    pub enabled: bool,
    pub retention_days: u32,
    pub max_size_mb: u64,
    pub compression: bool,
    pub encryption: bool,
    pub gdpr: bool,
}

impl Default for AuditSettings {
    fn default() -> Self {
        AuditSettings {
            enabled: true,
            retention_days: 90,
            max_size_mb: 100,
            compression: true,
            encryption: true,
            gdpr: true,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct MetricsSettings {
    pub enabled: bool,
    pub collection_interval_secs: u64,
    pub aggregation_interval_secs: u64,
    pub retention_days: u32,
    pub system_metrics: bool,
    pub prometheus: bool,
}

impl Default for MetricsSettings {
    fn default() -> Self {
        MetricsSettings {
            enabled: true,
            collection_interval_secs: 60,
            aggregation_interval_secs: 300,
            retention_days: 30,
            system_metrics: true,
            prometheus: true,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct PreferenceSettings {
    pub enabled: bool,
    pub encryption: bool,
    pub backup: bool,
    pub max_backups: u32,
    pub strict_schema: bool,
    pub migrations: bool,
}

impl Default for PreferenceSettings {
    fn default() -> Self {
        PreferenceSettings {
            enabled: true,
            encryption: true,
            backup: true,
            max_backups: 5,
            strict_schema: true,
            migrations: true,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct StorageSettings {
    /// Empty: `TIDAL_MCP_HOME` or the platform directories.
    pub base_dir: String,
    pub size_alert_mb: u64,
}

impl Default for StorageSettings {
    fn default() -> Self {
        StorageSettings {
            base_dir: String::new(),
            size_alert_mb: 1000,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct CleanupSettings {
    pub enabled: bool,
    pub daily: bool,
    pub weekly_deep_clean: bool,
}

impl Default for CleanupSettings {
    fn default() -> Self {
        CleanupSettings {
            enabled: true,
            daily: true,
            weekly_deep_clean: true,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct BackupSettings {
    /// Where `tidal-mcp backup` writes; empty: the home's `backups` directory.
    pub dir: String,
    /// Backups kept by rotation (newest first); `backup --keep` overrides it.
    pub keep: u32,
    /// `health` warns when the newest backup is older than this (0: never warns).
    pub interval_hours: u32,
}

impl Default for BackupSettings {
    fn default() -> Self {
        BackupSettings {
            dir: String::new(),
            keep: 7,
            interval_hours: 24,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct AgentSettings {
    /// A background agent exits after this long with no clients (foreground agents never do).
    pub idle_timeout_secs: u64,
    /// How long a client waits for a freshly started agent.
    pub start_timeout_secs: u64,
}

impl Default for AgentSettings {
    fn default() -> Self {
        AgentSettings {
            idle_timeout_secs: 600,
            start_timeout_secs: 10,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct McpSettings {
    /// List no tool that changes the account.
    pub read_only: bool,
    /// Tool groups to hide: auth, catalog, playlists, favorites, discovery, preferences.
    pub hidden_groups: Vec<Group>,
    /// The toolsets a connection starts with; the model can turn on more.
    pub toolsets: Vec<Toolset>,
    /// `default` (the `toolsets` above), `full` (every toolset) or `lean` (core alone).
    pub tool_set: ToolSet,
    /// A long call (import, copy, reorder, a whole playlist) from a client that supports MCP
    /// tasks becomes one when it has not answered within this many milliseconds; 0: at once.
    pub task_after_ms: u64,
}

/// How `tidal-mcp login` (and the `auth_login` tool) logs in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum AuthFlow {
    /// The device flow, then the browser's for an app that is not a device client.
    Auto,
    Device,
    Pkce,
}

/// Which toolsets a connection starts with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ToolSet {
    /// The ones `mcp.toolsets` names.
    Default,
    /// Every toolset.
    Full,
    /// Core alone.
    Lean,
}

/// Tools grouped by what they serve; a connection lists the ones it has turned on.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    Deserialize,
    schemars::JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum Toolset {
    // What each serves is `about()`; no doc comments here, so that the schema of a parameter
    // naming toolsets is a plain `enum`.
    Core,
    Discovery,
    Curation,
    Folders,
    History,
    Account,
}

impl Toolset {
    pub const ALL: [Toolset; 6] = [
        Toolset::Core,
        Toolset::Discovery,
        Toolset::Curation,
        Toolset::Folders,
        Toolset::History,
        Toolset::Account,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Toolset::Core => "core",
            Toolset::Discovery => "discovery",
            Toolset::Curation => "curation",
            Toolset::Folders => "folders",
            Toolset::History => "history",
            Toolset::Account => "account",
        }
    }

    /// What it serves, as the `toolsets` tool tells the model.
    pub fn about(self) -> &'static str {
        match self {
            Toolset::Core => {
                "search, a track, album or artist, your playlists and favourites, mixes and \
                 recommendations, login"
            }
            Toolset::Discovery => {
                "TIDAL's pages (home, explore, genres, moods), new releases of artists you \
                 follow, search suggestions, an artist's biography, top tracks, albums and \
                 videos, radios, similar artists, albums and tracks, album reviews, lyrics, \
                 artwork, lookups by ISRC and UPC"
            }
            Toolset::Curation => {
                "edit, reorder, sort, shuffle, copy, clear, delete, de-duplicate and export \
                 playlists; add an album; import ISRCs, CSV or M3U into a playlist or your \
                 favourites"
            }
            Toolset::Folders => {
                "playlist folders: list, create, rename, delete, move playlists in and out \
                 (device-client logins)"
            }
            Toolset::History => "what you listened to lately and most (device-client logins)",
            Toolset::Account => "your TIDAL profile and your tidal-mcp preferences",
        }
    }
}

impl McpSettings {
    /// The toolsets a connection starts with.
    pub fn initial_toolsets(&self) -> Vec<Toolset> {
        match self.tool_set {
            ToolSet::Default => self.toolsets.clone(),
            ToolSet::Full => Toolset::ALL.to_vec(),
            ToolSet::Lean => vec![Toolset::Core],
        }
    }
}

/// A group of tools, as `[mcp] hidden_groups` names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Group {
    Auth,
    Catalog,
    Playlists,
    Favorites,
    Discovery,
    Preferences,
}

impl Group {
    pub const ALL: [Group; 6] = [
        Group::Auth,
        Group::Catalog,
        Group::Playlists,
        Group::Favorites,
        Group::Discovery,
        Group::Preferences,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Group::Auth => "auth",
            Group::Catalog => "catalog",
            Group::Playlists => "playlists",
            Group::Favorites => "favorites",
            Group::Discovery => "discovery",
            Group::Preferences => "preferences",
        }
    }
}

impl Default for McpSettings {
    fn default() -> Self {
        McpSettings {
            read_only: false,
            hidden_groups: Vec::new(),
            toolsets: vec![Toolset::Core],
            tool_set: ToolSet::Default,
            task_after_ms: 1000,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct HttpSettings {
    pub bind: String,
    /// Extra allowed Origin values besides loopback ones.
    pub allowed_origins: Vec<String>,
    /// Connections open at once, from everyone.
    pub max_connections: u32,
    /// Connections open at once from one local user (on Linux, for loopback peers), else from
    /// one address; other users' connections together also leave this many for the owner.
    pub max_connections_per_peer: u32,
    /// A connection must send a request's headers within this many seconds, and one that sends
    /// nothing for this long between requests is closed.
    pub header_timeout_secs: u64,
}

impl Default for HttpSettings {
    fn default() -> Self {
        HttpSettings {
            bind: "127.0.0.1:8765".into(),
            allowed_origins: Vec::new(),
            max_connections: 512,
            max_connections_per_peer: 256,
            header_timeout_secs: 10,
        }
    }
}
