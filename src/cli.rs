//! The command line, as clap types only: their doc comments are the help text. Each command
//! resolves these into its own settings and then works (see `commands/`).

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// Drive a TIDAL music account from an AI assistant: an MCP server with an encrypted token
/// vault, a shared local agent, caching, rate limits and an audit trail.
#[derive(Debug, Parser)]
#[command(
    name = "tidal-mcp",
    version,
    propagate_version = true,
    max_term_width = 100
)]
pub struct Cli {
    /// Config file to read (default: $TIDAL_MCP_CONFIG, else config.toml in the config dir)
    #[arg(long, global = true, value_name = "FILE")]
    pub config: Option<PathBuf>,

    /// Set a config option for this run, e.g. `--set cache.l1.max_entries=2000` (repeatable)
    #[arg(long = "set", global = true, value_name = "KEY=VALUE")]
    pub set: Vec<String>,

    /// Print no progress or spinners
    #[arg(short, long, global = true)]
    pub quiet: bool,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the MCP server on stdio (what MCP clients start), or on streamable HTTP
    Serve(ServeArgs),
    /// Run the state-owning agent in the foreground, or manage the running one
    Agent(AgentArgs),
    /// Log in to TIDAL with the device flow and store the tokens in the vault
    Login(LoginArgs),
    /// Forget the stored TIDAL session
    Logout(LogoutArgs),
    /// Show whether you are logged in, as whom, and until when
    Status(JsonArgs),
    /// Check config, permissions, vault, store, agent and disk
    Health(HealthArgs),
    /// Show the effective configuration or the paths in use
    #[command(subcommand)]
    Config(ConfigCommand),
    /// Manage the encrypted vault
    #[command(subcommand)]
    Vault(VaultCommand),
    /// Read or change your preferences (search limit, explicit filter, ...)
    #[command(subcommand)]
    Prefs(PrefsCommand),
    /// Inspect and verify the hash-chained audit log
    #[command(subcommand)]
    Audit(AuditCommand),
    /// Export metrics
    #[command(subcommand)]
    Metrics(MetricsCommand),
    /// Print a shell completion script to stdout
    Completions(CompletionsArgs),
    /// Write man pages (one per subcommand) into a directory
    Man(ManArgs),
}

#[derive(Debug, Args)]
pub struct JsonArgs {
    /// Print JSON instead of a table
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Serve streamable HTTP on this address instead of stdio (loopback recommended)
    #[arg(long, value_name = "ADDR", num_args = 0..=1, default_missing_value = "")]
    pub http: Option<String>,
}

#[derive(Debug, Args)]
pub struct AgentArgs {
    #[command(subcommand)]
    pub command: Option<AgentCommand>,

    /// Started on demand by another tidal-mcp process (internal)
    #[arg(long, hide = true)]
    pub detached: bool,
}

#[derive(Debug, Subcommand)]
pub enum AgentCommand {
    /// Show the running agent: pid, version, uptime, clients
    Status(JsonArgs),
    /// Stop the running agent after flushing everything
    Stop,
}

#[derive(Debug, Args)]
pub struct LoginArgs {
    /// Log in again even if a session exists, without asking
    #[arg(long)]
    pub force: bool,
    /// Do not try to open a browser
    #[arg(long)]
    pub no_browser: bool,
}

#[derive(Debug, Args)]
pub struct LogoutArgs {
    /// Print JSON instead of a message
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct HealthArgs {
    /// Print JSON: {"status": "healthy|warning|critical", "checks": [...]}
    #[arg(long)]
    pub json: bool,
    /// Also reach TIDAL and validate the session
    #[arg(long)]
    pub online: bool,
}

#[derive(Debug, Subcommand)]
pub enum ConfigCommand {
    /// Print every setting with its value and where it came from (secrets masked)
    Show(JsonArgs),
    /// Print the config file and data directories in use
    Path(JsonArgs),
    /// Print a config file with every option, its default and what it does (works even when
    /// the current configuration is broken)
    Example,
}

#[derive(Debug, Subcommand)]
pub enum VaultCommand {
    /// Re-encrypt the vault (and its kept generations) to a new identity
    RotateKey,
    /// Accept a vault that was copied from another machine
    Accept,
}

#[derive(Debug, Subcommand)]
pub enum PrefsCommand {
    /// Print your preferences
    Get(JsonArgs),
    /// Change preferences: KEY=VALUE pairs, e.g. `search_limit=30 explicit_filter=true`
    Set(PrefsSetArgs),
    /// Go back to the default preferences
    Reset(JsonArgs),
}

#[derive(Debug, Args)]
pub struct PrefsSetArgs {
    /// KEY=VALUE pairs
    #[arg(required = true, value_name = "KEY=VALUE")]
    pub pairs: Vec<String>,
    /// Print JSON instead of a table
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Subcommand)]
pub enum AuditCommand {
    /// Verify the hash chain; exit 1 with the first bad index on failure
    Verify(JsonArgs),
    /// Print audit entries
    Show(AuditShowArgs),
}

#[derive(Debug, Args)]
pub struct AuditShowArgs {
    /// Only entries at or after this time (RFC 3339, or a duration like 2h, 7d)
    #[arg(long, value_name = "WHEN")]
    pub since: Option<String>,
    /// At most this many entries (newest)
    #[arg(long, default_value_t = 100)]
    pub limit: usize,
    /// Print JSON instead of a table
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Subcommand)]
pub enum MetricsCommand {
    /// Print or write the metrics (Prometheus text format by default)
    Export(MetricsExportArgs),
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum MetricsFormat {
    Prometheus,
    Json,
}

#[derive(Debug, Args)]
pub struct MetricsExportArgs {
    #[arg(long, value_enum, default_value = "prometheus")]
    pub format: MetricsFormat,
    /// Write to this file atomically (for the node_exporter textfile collector)
    #[arg(long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to generate for
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

#[derive(Debug, Args)]
pub struct ManArgs {
    /// Directory to write the pages into (created if missing)
    #[arg(long, value_name = "DIR")]
    pub out_dir: PathBuf,
}
