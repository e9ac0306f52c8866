//! Every environment variable tidal-mcp reads, named once. Config options also have a generated
//! `TIDAL_MCP_<SECTION>__<KEY>` form (see `config::env_name_for`); the names below are the
//! documented public ones (docs/design.md section 10).

/// One directory for all state (config, data, run, backups), overriding the platform defaults.
pub const HOME: &str = "TIDAL_MCP_HOME";
/// Path of the TOML config file.
pub const CONFIG: &str = "TIDAL_MCP_CONFIG";
/// Base URL of TIDAL's REST API (default `https://api.tidal.com`).
pub const API_URL: &str = "TIDAL_MCP_API_URL";
/// Base URL of TIDAL's OAuth server (default `https://auth.tidal.com`).
pub const AUTH_URL: &str = "TIDAL_MCP_AUTH_URL";
/// Where the browser logs in for a PKCE login (default `https://login.tidal.com`).
pub const LOGIN_URL: &str = "TIDAL_MCP_LOGIN_URL";
/// Base URL of TIDAL's official API (default `https://openapi.tidal.com/v2`).
pub const OPENAPI_URL: &str = "TIDAL_MCP_OPENAPI_URL";
/// The user's own TIDAL app client id. Never shipped with the binary.
pub const CLIENT_ID: &str = "TIDAL_CLIENT_ID";
/// The user's own TIDAL app client secret, if the app has one.
pub const CLIENT_SECRET: &str = "TIDAL_CLIENT_SECRET";
/// Tracing filter for logs on stderr (e.g. `info`, `tidal_mcp=debug`, `trace`).
pub const LOG: &str = "TIDAL_MCP_LOG";
/// Prefix of the generated per-option variables.
pub const OPTION_PREFIX: &str = "TIDAL_MCP_";
/// Tests only: the version the binary claims in the agent hello (to exercise version mismatch).
pub const VERSION_OVERRIDE: &str = "TIDAL_MCP_TEST_VERSION";
/// Tests only: the crash point (`fault::crash_point`) at which the binary kills itself.
pub const CRASH_AT: &str = "TIDAL_MCP_CRASH_AT";
/// Read by the test suite, not the binary: the Python with the MCP SDK (`scripts/test` sets it).
pub const TEST_PYTHON: &str = "TIDAL_MCP_PYTHON";
/// Read by the test suite, not the binary: kill cycles of the soak tests.
pub const TEST_SOAK: &str = "TIDAL_MCP_SOAK";
/// Read by the benchmarks (`scripts/bench`, `cargo bench`), not the binary: the build measured.
pub const BENCH_BIN: &str = "TIDAL_MCP_BIN";

/// Every `TIDAL_MCP_*` name above; any other one must name a config option.
pub const ALL: &[&str] = &[
    HOME,
    CONFIG,
    API_URL,
    AUTH_URL,
    LOGIN_URL,
    OPENAPI_URL,
    LOG,
    VERSION_OVERRIDE,
    CRASH_AT,
    TEST_PYTHON,
    TEST_SOAK,
    BENCH_BIN,
];
