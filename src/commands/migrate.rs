//! `tidal-mcp migrate`: finds what older TIDAL MCP servers left in plaintext (sessions in their
//! usual places or named with `--from`, and the legacy YAML config), shows the plan
//! (`--dry-run` stops there), moves each session file aside (`.migrated`, 0600), has the agent
//! import it from there and read it back (putting it back if that fails, so a reported
//! failure changed nothing), then shreds it unless `--keep-original`. Only files of this user
//! that nobody else can write are taken: in a shared directory such as /tmp, another account's
//! file would make the assistant act on that person's TIDAL account. The
//! YAML config becomes `config.toml` when there is none yet. The store's schema is checked (the
//! agent refuses a store it cannot read; there is no older schema to upgrade from yet).

use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};

use serde::Serialize;
use serde_json::json;

use crate::agent::client::AdminClient;
use crate::agent::protocol::{AdminOp, Empty, SessionImported, StoppedWork};
use crate::agent::set_aside;
use crate::cli::MigrateArgs;
use crate::config::Config;
use crate::error::ExitStatus;
use crate::home::Home;
use crate::output::Printer;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
enum Kind {
    Session,
    Config,
}

#[derive(Debug, Serialize)]
struct Step {
    source: PathBuf,
    kind: Kind,
    /// What will happen, or what happened.
    result: String,
    ok: bool,
}

/// The usual places of legacy files.
fn default_sources() -> Vec<PathBuf> {
    let mut out = Vec::new();
    if let Some(home) = directories::BaseDirs::new().map(|b| b.home_dir().to_path_buf()) {
        out.push(home.join(".tidal-mcp/session.json"));
        out.push(home.join("tidal-session-oauth.json"));
        out.push(home.join(".tidal-mcp/config.yaml"));
        out.push(home.join(".tidal-mcp/config.yml"));
    }
    out.push(std::env::temp_dir().join("tidal-session-oauth.json"));
    out
}

fn kind_of(p: &Path) -> Kind {
    match p.extension().and_then(|e| e.to_str()) {
        Some("yaml" | "yml") => Kind::Config,
        _ => Kind::Session,
    }
}

pub fn run(args: MigrateArgs, config: Config, printer: Printer) -> anyhow::Result<ExitStatus> {
    for back in set_aside::undo_interrupted(&config.home)? {
        printer.info(&format!(
            "an interrupted migrate had set {} aside: it is back in place",
            back.display()
        ));
    }
    let named = !args.from.is_empty();
    let sources: Vec<PathBuf> = if named {
        args.from.iter().map(|p| crate::home::absolute(p)).collect()
    } else {
        default_sources()
            .into_iter()
            .filter(|p| p.is_file())
            .collect()
    };
    let config_file = config
        .file
        .clone()
        .unwrap_or_else(|| config.home.default_config_file());
    let mut steps = Vec::new();
    for src in &sources {
        let kind = kind_of(src);
        let planned = match not_ours(src)
            .map_or_else(|| std::fs::read(src).map_err(|e| e.to_string()), Err)
        {
            Err(e) => Err(format!("refused: {e}")),
            Ok(bytes) => match kind {
                Kind::Session => crate::tidal::legacy::parse(&bytes).map(|s| {
                    format!(
                        "import the {} session{} into the vault",
                        match s.format {
                            crate::tidal::legacy::Format::TidalMcpSession => "old tidal-mcp",
                            crate::tidal::legacy::Format::TidalapiSession => "tidalapi",
                        },
                        s.user_id
                            .map(|u| format!(" of user {u}"))
                            .unwrap_or_default()
                    )
                }),
                Kind::Config if config_file.exists() => Ok(format!(
                    "nothing: {} exists already (move it away to convert again)",
                    config_file.display()
                )),
                Kind::Config => crate::config::legacy::convert(
                    &String::from_utf8_lossy(&bytes),
                    &src.display().to_string(),
                )
                .map(|c| {
                    format!(
                        "write {} ({} options; not converted: {})",
                        config_file.display(),
                        c.mapped.len(),
                        if c.unmapped.is_empty() {
                            "none".into()
                        } else {
                            c.unmapped.join(", ")
                        }
                    )
                }),
            },
        };
        steps.push(Step {
            source: src.clone(),
            kind,
            ok: planned.is_ok(),
            result: planned.unwrap_or_else(|e| format!("cannot migrate: {e}")),
        });
    }
    if args.dry_run || steps.is_empty() {
        report(&args, &printer, &steps, args.dry_run);
        if steps.is_empty() {
            printer.info("nothing to migrate: no legacy session or config found");
        }
        return Ok(status(&steps));
    }
    super::block_on(async {
        let mut admin = AdminClient::connect(&config).await?;
        for step in steps.iter_mut().filter(|s| s.ok) {
            let outcome = match step.kind {
                Kind::Session => {
                    import(&mut admin, &config.home, &step.source, args.keep_original).await
                }
                Kind::Config => convert_config(&step.source, &config_file),
            };
            match outcome {
                Ok(text) => step.result = text,
                Err(e) => {
                    step.ok = false;
                    step.result = format!("failed, nothing changed: {e:#}");
                }
            }
        }
        let _: Empty = admin
            .call(AdminOp::record(
                StoppedWork::Migrate,
                json!({
                    "sessions": steps.iter().filter(|s| s.ok && s.kind == Kind::Session).count(),
                    "config": steps.iter().any(|s| s.ok && s.kind == Kind::Config),
                    "failed": steps.iter().filter(|s| !s.ok).count(),
                }),
            ))
            .await?;
        Ok::<_, anyhow::Error>(())
    })?;
    report(&args, &printer, &steps, false);
    printer.info(&format!(
        "store schema: version {} (current; nothing to upgrade)",
        crate::store::SCHEMA_VERSION
    ));
    Ok(status(&steps))
}

/// Why a file is not taken: it must be a regular file of this user that nobody else can write.
fn not_ours(path: &Path) -> Option<String> {
    let m = match std::fs::symlink_metadata(path) {
        Ok(m) => m,
        Err(e) => return Some(format!("cannot read it: {e}")),
    };
    if m.file_type().is_symlink() {
        return Some("it is a symbolic link; name the file itself".into());
    }
    if !m.is_file() {
        return Some("it is not a regular file".into());
    }
    if m.uid() != crate::home::current_uid() {
        return Some(format!(
            "it belongs to another user (uid {}), so its tokens are theirs: only your own \
             files are imported",
            m.uid()
        ));
    }
    if m.mode() & 0o022 != 0 {
        return Some(format!(
            "others can write it (mode {:04o}), so anyone on this machine could have put a \
             session there; if it is yours, `chmod go-w {}` and migrate again",
            m.mode() & 0o7777,
            path.display()
        ));
    }
    None
}

fn status(steps: &[Step]) -> ExitStatus {
    if steps.iter().all(|s| s.ok) {
        ExitStatus::Success
    } else {
        ExitStatus::Failure
    }
}

fn report(args: &MigrateArgs, printer: &Printer, steps: &[Step], plan: bool) {
    if args.json {
        printer.json(&json!({"dry_run": plan, "steps": steps}));
        return;
    }
    if steps.is_empty() {
        return;
    }
    let rows = steps
        .iter()
        .map(|s| {
            vec![
                s.source.display().to_string(),
                format!("{:?}", s.kind).to_lowercase(),
                s.result.clone(),
            ]
        })
        .collect();
    printer.table(
        &["source", "kind", if plan { "plan" } else { "result" }],
        rows,
    );
}

/// Moves the session file aside, imports it from there (back in place if that fails), then
/// shreds it unless `keep`. Once the import is done the step succeeded: a shredding that fails
/// is said, not reported as a failed import.
async fn import(
    admin: &mut AdminClient,
    home: &Home,
    path: &Path,
    keep: bool,
) -> anyhow::Result<String> {
    if let Some(why) = not_ours(path) {
        anyhow::bail!("refused: {why}");
    }
    let aside = set_aside(home, path)?;
    let r: SessionImported = match admin.call(AdminOp::session_import(aside.clone())).await {
        Ok(r) => r,
        Err(e) => {
            std::fs::rename(&aside, path)?;
            set_aside::forget(home, path)?;
            return Err(e);
        }
    };
    crate::fault::crash_point("migrate.imported");
    let mut text = if r.imported {
        format!(
            "imported user {} ({}), read back",
            r.user_id, r.country_code
        )
    } else {
        format!(
            "user {} already has a session in the vault; kept it",
            r.user_id
        )
    };
    if r.preferences_created {
        text.push_str("; default preferences created");
    }
    if r.imported && r.client_id.is_none() {
        text.push_str(
            "; no TIDAL_CLIENT_ID configured: set the app it was issued to before it expires",
        );
    }
    text.push_str(&if keep {
        format!("; plaintext kept as {}", aside.display())
    } else {
        match set_aside::shred(&aside) {
            Ok(()) => "; plaintext shredded".into(),
            Err(e) => format!(
                "; the plaintext could not be shredded ({e}): remove {} yourself",
                aside.display()
            ),
        }
    });
    set_aside::forget(home, path)?;
    Ok(text)
}

/// Moves the plaintext to `<file>.migrated` (0600), journaled first (`agent/set_aside.rs`).
fn set_aside(home: &Home, path: &Path) -> anyhow::Result<PathBuf> {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(".migrated");
    let aside = path.with_file_name(name);
    set_aside::record(home, path, &aside)?;
    std::fs::rename(path, &aside)?;
    crate::fault::crash_point("migrate.set_aside");
    std::fs::set_permissions(&aside, std::fs::Permissions::from_mode(0o600))?;
    Ok(aside)
}

fn convert_config(source: &Path, target: &Path) -> anyhow::Result<String> {
    if target.exists() {
        return Ok(format!("nothing: {} exists already", target.display()));
    }
    let yaml = std::fs::read_to_string(source)?;
    let c = crate::config::legacy::convert(&yaml, &source.display().to_string())
        .map_err(anyhow::Error::msg)?;
    if let Some(dir) = target.parent() {
        crate::home::ensure_private_dir(dir)?;
    }
    crate::home::write_atomic(target, c.toml.as_bytes())?;
    Ok(format!(
        "wrote {} ({} options){}",
        target.display(),
        c.mapped.len(),
        if c.unmapped.is_empty() {
            String::new()
        } else {
            format!("; not converted: {}", c.unmapped.join(", "))
        }
    ))
}
