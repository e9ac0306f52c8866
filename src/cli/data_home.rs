//! The arguments of the commands that work on the data home as a whole: backups and their
//! checks, restore, cleanup, a person's export and erasure, migration.

use std::path::PathBuf;

use clap::Args;

#[derive(Debug, Args)]
pub struct BackupArgs {
    /// The directory to write to (default: `backup.dir`, else the home's `backups`)
    #[arg(long, short, value_name = "DIR")]
    pub output: Option<PathBuf>,
    /// Keep the newest N backups in that directory (default: `backup.keep`)
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
    pub keep: Option<u32>,
    /// Also encrypt to this age recipient (age1...), to restore on another machine; repeatable
    #[arg(long = "recipient", value_name = "AGE_RECIPIENT")]
    pub recipients: Vec<String>,
    /// Print JSON instead of a message
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct VerifyBackupsArgs {
    /// A directory of backups, or one backup file (default: the backup directory)
    #[arg(value_name = "DIR")]
    pub dir: Option<PathBuf>,
    /// Print JSON instead of a table
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct RestoreArgs {
    /// The backup file
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// Replace a home that holds data without asking
    #[arg(long, short)]
    pub yes: bool,
    /// The age identity file the backup was encrypted to (a backup from another machine)
    #[arg(long, value_name = "FILE")]
    pub identity: Option<PathBuf>,
    /// Print JSON instead of a message
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct CleanupArgs {
    /// Say what would be removed; remove nothing
    #[arg(long)]
    pub dry_run: bool,
    /// Also compact the store now (the agent is stopped for that moment)
    #[arg(long)]
    pub deep: bool,
    /// Print JSON instead of a table
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct ExportUserArgs {
    /// The TIDAL user id (default: the logged-in user)
    #[arg(long, value_name = "ID")]
    pub user_id: Option<String>,
    /// Write to this file (created 0600) instead of stdout
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct DeleteUserArgs {
    /// The TIDAL user id (default: the logged-in user)
    #[arg(long, value_name = "ID")]
    pub user_id: Option<String>,
    /// Do not ask for confirmation (required without a terminal)
    #[arg(long, short)]
    pub yes: bool,
    /// Print JSON instead of a table
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct MigrateArgs {
    /// Print the plan; change nothing
    #[arg(long)]
    pub dry_run: bool,
    /// A legacy session file or YAML config to import (repeatable; default: the usual places)
    #[arg(long = "from", value_name = "FILE")]
    pub from: Vec<PathBuf>,
    /// Leave the plaintext as a 0600 `.migrated` file instead of shredding it
    #[arg(long)]
    pub keep_original: bool,
    /// Print JSON instead of a table
    #[arg(long)]
    pub json: bool,
}
