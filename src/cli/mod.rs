//! The command line, as clap types only: their doc comments are the help text. Each command
//! resolves these into its own settings and then works (see `commands/`).

use std::path::PathBuf;

use clap::{Args, CommandFactory, Parser, Subcommand, ValueEnum};

mod data_home;
pub use data_home::*;

/// Examples shown at the end of each command's `--help` and man page, by command path.
const EXAMPLES: &[(&str, &str)] = &[
    (
        "",
        "tidal-mcp login\ntidal-mcp status\ntidal-mcp health --json\ntidal-mcp serve    # what an MCP client starts",
    ),
    (
        "serve",
        "tidal-mcp serve\ntidal-mcp serve --http 127.0.0.1:8765",
    ),
    (
        "agent",
        "tidal-mcp agent    # in the foreground, e.g. under systemd or launchd\ntidal-mcp agent status --json\ntidal-mcp agent stop",
    ),
    (
        "agent status",
        "tidal-mcp agent status\ntidal-mcp agent status --json",
    ),
    ("agent stop", "tidal-mcp agent stop"),
    (
        "login",
        "export TIDAL_CLIENT_ID=your-client-id\ntidal-mcp login\ntidal-mcp login --pkce --no-browser    # over SSH: open the link elsewhere, paste back where it ended\ntidal-mcp login --device --force --json",
    ),
    ("logout", "tidal-mcp logout\ntidal-mcp logout --json"),
    ("status", "tidal-mcp status\ntidal-mcp status --json"),
    (
        "health",
        "tidal-mcp health\ntidal-mcp health --online --json",
    ),
    (
        "config",
        "tidal-mcp config show\ntidal-mcp config path\ntidal-mcp config example",
    ),
    (
        "config show",
        "tidal-mcp config show\ntidal-mcp config show --json --set cache.l1.max_entries=2000",
    ),
    (
        "config path",
        "tidal-mcp config path\ntidal-mcp config path --json",
    ),
    (
        "config example",
        "tidal-mcp config example > \"$(tidal-mcp config path --json | jq -r .config_file)\"",
    ),
    (
        "vault",
        "tidal-mcp vault rotate-key\ntidal-mcp vault accept",
    ),
    ("vault rotate-key", "tidal-mcp vault rotate-key"),
    ("vault accept", "tidal-mcp vault accept"),
    (
        "prefs",
        "tidal-mcp prefs get\ntidal-mcp prefs set search_limit=30 explicit_filter=true\ntidal-mcp prefs reset",
    ),
    (
        "prefs get",
        "tidal-mcp prefs get\ntidal-mcp prefs get --json",
    ),
    (
        "prefs set",
        "tidal-mcp prefs set search_limit=30\ntidal-mcp prefs set explicit_filter=true audio_quality=lossless language=de\n\nKeys and values:\n  search_limit     results per type when a search gives none, 1-50 (default 20)\n  explicit_filter  true or false: leave explicit items out (default false)\n  playlist_public  true or false: new playlists are public (default false)\n  audio_quality    LOW, HIGH, LOSSLESS or HI_RES_LOSSLESS, any case (default LOSSLESS)\n  language         a BCP 47 tag such as en or pt-BR (default en)\n  list_details     true or false: list items in tool answers carry ISRC, popularity, audio\n                   quality, track number and link (default false)",
    ),
    ("prefs reset", "tidal-mcp prefs reset"),
    (
        "audit",
        "tidal-mcp audit verify\ntidal-mcp audit show --since 2h",
    ),
    (
        "audit verify",
        "tidal-mcp audit verify\ntidal-mcp audit verify --json",
    ),
    (
        "audit show",
        "tidal-mcp audit show --since 2h\ntidal-mcp audit show --since 2026-11-25T22:00:00Z --limit 20 --json",
    ),
    (
        "metrics",
        "tidal-mcp metrics export\ntidal-mcp metrics export --json",
    ),
    (
        "metrics export",
        "tidal-mcp metrics export\ntidal-mcp metrics export --json\ntidal-mcp metrics export --output /var/lib/node_exporter/textfile/tidal_mcp.prom",
    ),
    (
        "backup",
        "tidal-mcp backup\ntidal-mcp backup --output /mnt/backups --keep 14 --json\ntidal-mcp backup --recipient age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p\n\nFrom cron (daily at 03:17):\n  17 3 * * * tidal-mcp backup --quiet && tidal-mcp verify-backups --quiet",
    ),
    (
        "verify-backups",
        "tidal-mcp verify-backups\ntidal-mcp verify-backups /mnt/backups --json",
    ),
    (
        "restore",
        "tidal-mcp restore ~/.local/share/tidal-mcp/backups/tidal-mcp-20261125T031700.000Z.backup.age\ntidal-mcp restore backup.age --identity other-machine-key.txt --yes",
    ),
    (
        "cleanup",
        "tidal-mcp cleanup --dry-run\ntidal-mcp cleanup --quiet    # from cron\ntidal-mcp cleanup --deep --json",
    ),
    (
        "export-user",
        "tidal-mcp export-user > my-data.json\ntidal-mcp export-user --user-id 123456 --output export-123456.json",
    ),
    (
        "delete-user",
        "tidal-mcp delete-user\ntidal-mcp delete-user --user-id 123456 --yes --json",
    ),
    (
        "migrate",
        "tidal-mcp migrate --dry-run\ntidal-mcp migrate\ntidal-mcp migrate --from ~/old/session.json --from ~/.tidal-mcp/config.yaml --keep-original",
    ),
    (
        "completions",
        "tidal-mcp completions bash > ~/.local/share/bash-completion/completions/tidal-mcp\ntidal-mcp completions zsh > ~/.zfunc/_tidal-mcp",
    ),
    (
        "man",
        "tidal-mcp man | man -l -\ntidal-mcp man --out-dir ~/.local/share/man/man1",
    ),
];

const ENVIRONMENT: &str =
    "  TIDAL_CLIENT_ID, TIDAL_CLIENT_SECRET  your TIDAL app's credentials (none are shipped)
  TIDAL_MCP_HOME                        one directory for config, data, run files and backups
  TIDAL_MCP_CONFIG                      the config file (TOML)
  TIDAL_MCP_API_URL, TIDAL_MCP_AUTH_URL TIDAL's base URLs (also TIDAL_MCP_LOGIN_URL,
                                        TIDAL_MCP_OPENAPI_URL)
  TIDAL_MCP_LOG                         log filter for stderr, e.g. debug or tidal_mcp=trace
  TIDAL_MCP_<SECTION>__<KEY>            any config option (`tidal-mcp config example`)";

const EXIT_STATUS: &str =
    "  0 success, 1 failure or a failed check, 2 usage error, 130 interrupted (Ctrl-C)";

/// The command line with what every command's long help ends with: its examples, the
/// environment and the exit codes. `--help`, the man pages and the completions all come from
/// this.
pub fn command() -> clap::Command {
    decorate(Cli::command(), "")
}

/// Reads the two command lines that programs, not people, give on every start: an MCP host's
/// `serve` and a client's `agent --detached`, both without options. They skip building the
/// whole command line interface, a quarter of a millisecond of a starting process (issue 14);
/// anything else, `None`, goes through clap.
pub fn machine_invocation(args: &[std::ffi::OsString]) -> Option<Cli> {
    let command = match args.get(1..)? {
        [a] if a == "serve" => Command::Serve(ServeArgs { http: None }),
        [a, b] if a == "agent" && b == "--detached" => Command::Agent(AgentArgs {
            command: None,
            detached: true,
        }),
        _ => return None,
    };
    Some(Cli {
        config: None,
        set: Vec::new(),
        quiet: false,
        command,
    })
}

/// The examples of the command at `path` ("" for the top level, "prefs set", ...).
pub fn examples(path: &str) -> Option<&'static str> {
    EXAMPLES.iter().find(|(p, _)| *p == path).map(|(_, e)| *e)
}

fn decorate(mut cmd: clap::Command, path: &str) -> clap::Command {
    let names: Vec<String> = cmd
        .get_subcommands()
        .map(|s| s.get_name().to_string())
        .collect();
    for name in names {
        let sub_path = if path.is_empty() {
            name.clone()
        } else {
            format!("{path} {name}")
        };
        cmd = cmd.mut_subcommand(&name, |s| decorate(s, &sub_path));
    }
    let examples = examples(path)
        .unwrap_or("")
        .lines()
        .map(|l| {
            if l.is_empty() || l.starts_with("  ") || l.ends_with(':') {
                l.to_string()
            } else {
                format!("  {l}")
            }
        })
        .collect::<Vec<_>>()
        .join("\n");
    cmd.after_long_help(format!(
        "Examples:\n{examples}\n\nEnvironment:\n{ENVIRONMENT}\n\nExit status:\n{EXIT_STATUS}"
    ))
}

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
    /// Log in to TIDAL (device flow, or in the browser with PKCE) and keep the tokens in the vault
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
    /// Copy the store and the vault into one encrypted archive, safely while servers run
    ///
    /// Writes pause for the moment the store is copied. The archive is encrypted with age to
    /// this home's backup identity (`data/backup-identity.txt`) and to every --recipient, holds
    /// a manifest with a checksum per tree, and is named by its UTC time. Older backups beyond
    /// the rotation (`backup.keep`) are removed.
    Backup(BackupArgs),
    /// Check backups: decrypt, compare checksums, restore into a scratch store, verify the audit
    /// chain
    ///
    /// Exits 1 when any backup is bad, naming it and why.
    VerifyBackups(VerifyBackupsArgs),
    /// Replace the store and the vault with a backup's
    ///
    /// The agent is stopped meanwhile (connected MCP clients reconnect). A home that holds data
    /// needs confirmation (--yes without a terminal) and gets a safety backup first. People
    /// erased with delete-user after the backup was taken are erased from it again.
    Restore(RestoreArgs),
    /// Remove what is past retention or rotation
    ///
    /// Expired cache entries, audit entries and metrics past retention, old vault generations
    /// and backups beyond rotation, stale run files and scratch directories. With
    /// `cleanup.weekly_deep_clean` it also compacts the store once a week (stopping the agent
    /// for that moment); --deep compacts now.
    Cleanup(CleanupArgs),
    /// Export everything held about a person (GDPR Art. 15 and 20) as versioned JSON
    ///
    /// `meta` says why and how long each category is kept and who receives it; `data` holds
    /// the profile, session metadata (never a token), preferences and their revisions, audit
    /// entries about them (decrypted), their cache entries and limits.
    ExportUser(ExportUserArgs),
    /// Erase a person everywhere (GDPR Art. 17) and compact the store
    ///
    /// Removes their session and data key from the vault and its generations (whatever stays
    /// sealed anywhere, backups included, becomes unreadable), their profile, preferences,
    /// limits and cache; records a pseudonymous `user_deleted` audit entry; rewrites the store
    /// so no byte of theirs stays on disk (the agent is stopped for that). A later restore of
    /// an older backup erases them again.
    DeleteUser(DeleteUserArgs),
    /// Import plaintext sessions and the YAML config of older TIDAL MCP servers; upgrade the
    /// store
    ///
    /// Finds the old `~/.tidal-mcp/session.json` and tidalapi session files
    /// (`tidal-session-oauth.json` in the temp dir and the home directory), or the files named
    /// with --from; imports each session into the vault, reads it back, creates default
    /// preferences, then moves the plaintext aside (`.migrated`, 0600) and shreds it unless
    /// --keep-original. A legacy YAML storage configuration (`~/.tidal-mcp/config.yaml`, or
    /// named with --from) becomes `config.toml`. Store upgrades run stepwise after an automatic
    /// backup. A second run finds nothing to do.
    Migrate(MigrateArgs),
    /// Print a shell completion script to stdout
    Completions(CompletionsArgs),
    /// Print the man page, or write one per subcommand into a directory
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
    /// Do not try to open a browser; for a browser login, also accept the address the browser
    /// ended on, pasted here (e.g. when the browser runs on another machine)
    #[arg(long)]
    pub no_browser: bool,
    /// Log in in the browser (authorization code + PKCE): apps from developer.tidal.com
    #[arg(long, conflicts_with = "device")]
    pub pkce: bool,
    /// Use the device flow (a code typed on TIDAL's page): TIDAL's own device clients
    #[arg(long)]
    pub device: bool,
    /// Print the result as JSON on stdout (the URL and code still go to stderr)
    #[arg(long)]
    pub json: bool,
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
    /// Output format
    #[arg(long, value_enum, default_value = "prometheus")]
    pub format: MetricsFormat,
    /// The same as --format json
    #[arg(long, conflicts_with = "format")]
    pub json: bool,
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
    /// Write every page into this directory (created if missing); without it, print the
    /// top-level page to stdout
    #[arg(long, value_name = "DIR")]
    pub out_dir: Option<PathBuf>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn clap_reads(args: &[&str]) -> String {
        let m = command().try_get_matches_from(args).expect("parses");
        format!(
            "{:?}",
            <Cli as clap::FromArgMatches>::from_arg_matches(&m).unwrap()
        )
    }

    fn os(args: &[&str]) -> Vec<std::ffi::OsString> {
        args.iter().map(Into::into).collect()
    }

    #[test]
    fn machine_invocations_read_as_clap_reads_them() {
        for args in [
            &["tidal-mcp", "serve"][..],
            &["tidal-mcp", "agent", "--detached"],
        ] {
            let fast = machine_invocation(&os(args)).expect("a machine invocation");
            assert_eq!(format!("{fast:?}"), clap_reads(args), "{args:?}");
        }
    }

    #[test]
    fn anything_else_goes_through_clap() {
        for args in [
            &["tidal-mcp"][..],
            &["tidal-mcp", "serve", "--http"],
            &["tidal-mcp", "--quiet", "serve"],
            &["tidal-mcp", "serve", "--set", "mcp.read_only=true"],
            &["tidal-mcp", "agent"],
            &["tidal-mcp", "agent", "--detached", "--quiet"],
            &["tidal-mcp", "status"],
        ] {
            assert!(machine_invocation(&os(args)).is_none(), "{args:?}");
        }
    }
}
