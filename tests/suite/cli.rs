//! The command line as a user meets it: help text, generated files, usage errors.

use std::path::PathBuf;

use crate::common::{TestEnv, bin};

const COMMANDS: &[&[&str]] = &[
    &[],
    &["serve"],
    &["agent"],
    &["agent", "status"],
    &["agent", "stop"],
    &["login"],
    &["logout"],
    &["status"],
    &["health"],
    &["config", "show"],
    &["config", "path"],
    &["vault", "rotate-key"],
    &["vault", "accept"],
    &["prefs", "get"],
    &["prefs", "set"],
    &["prefs", "reset"],
    &["audit", "verify"],
    &["audit", "show"],
    &["metrics", "export"],
    &["backup"],
    &["verify-backups"],
    &["restore"],
    &["cleanup"],
    &["export-user"],
    &["delete-user"],
    &["migrate"],
    &["completions"],
    &["man"],
];

fn snapshot_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/snapshots/help")
}

/// `UPDATE_SNAPSHOTS=1 cargo test` rewrites the snapshots.
#[test]
fn help_of_every_command_matches_its_snapshot() {
    let update = std::env::var_os("UPDATE_SNAPSHOTS").is_some();
    let mut stale = Vec::new();
    for cmd in COMMANDS {
        let out = std::process::Command::new(bin())
            .args(*cmd)
            .arg("--help")
            .env("COLUMNS", "100")
            .output()
            .unwrap();
        assert!(out.status.success(), "{cmd:?} --help failed");
        let text = String::from_utf8(out.stdout).unwrap();
        let name = if cmd.is_empty() {
            "tidal-mcp".to_string()
        } else {
            cmd.join("-")
        };
        let path = snapshot_dir().join(format!("{name}.txt"));
        if update {
            std::fs::write(&path, &text).unwrap();
        } else if std::fs::read_to_string(&path).ok().as_deref() != Some(text.as_str()) {
            stale.push(name);
        }
    }
    assert!(
        stale.is_empty(),
        "help changed for {stale:?}; review and run UPDATE_SNAPSHOTS=1 cargo test"
    );
}

#[test]
fn committed_completions_and_man_pages_are_current() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let update = std::env::var_os("UPDATE_SNAPSHOTS").is_some();
    for (shell, file) in [
        ("bash", "tidal-mcp.bash"),
        ("zsh", "_tidal-mcp"),
        ("fish", "tidal-mcp.fish"),
        ("elvish", "tidal-mcp.elv"),
        ("powershell", "_tidal-mcp.ps1"),
    ] {
        let out = std::process::Command::new(bin())
            .args(["completions", shell])
            .output()
            .unwrap();
        assert!(out.status.success());
        let path = root.join("completions").join(file);
        if update {
            std::fs::write(&path, &out.stdout).unwrap();
        } else {
            assert_eq!(
                std::fs::read(&path).unwrap_or_default(),
                out.stdout,
                "{file} is stale: run UPDATE_SNAPSHOTS=1 cargo test"
            );
        }
    }
    let t = tempfile::tempdir().unwrap();
    let st = std::process::Command::new(bin())
        .args(["man", "--out-dir"])
        .arg(t.path())
        .status()
        .unwrap();
    assert!(st.success());
    let mut names: Vec<_> = std::fs::read_dir(t.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    names.sort();
    assert!(
        names.len() >= 20,
        "one page per subcommand, got {}",
        names.len()
    );
    // A committed page with no command behind it any more is stale too.
    for committed in std::fs::read_dir(root.join("man")).unwrap().flatten() {
        let n = committed.file_name();
        if !names.contains(&n) {
            if update {
                std::fs::remove_file(committed.path()).unwrap();
            } else {
                panic!("man/{n:?} documents no command: run UPDATE_SNAPSHOTS=1 cargo test");
            }
        }
    }
    for n in names {
        let fresh = std::fs::read(t.path().join(&n)).unwrap();
        let committed = root.join("man").join(&n);
        if update {
            std::fs::write(&committed, &fresh).unwrap();
        } else {
            assert_eq!(
                std::fs::read(&committed).unwrap_or_default(),
                fresh,
                "man/{n:?} is stale: run UPDATE_SNAPSHOTS=1 cargo test"
            );
        }
    }
}

#[test]
fn usage_errors_exit_2_with_a_hint() {
    let env = TestEnv::new();
    env.cmd().arg("frobnicate").assert().code(2);
    let out = env
        .cmd()
        .args(["--set", "nonsense", "status"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("hint:"));
    let cfg = env.dir.path().join("bad.toml");
    std::fs::write(&cfg, "[cache.l1]\nmax_entrys = 3\n").unwrap();
    let out = env
        .cmd()
        .arg("--config")
        .arg(&cfg)
        .arg("status")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("cache.l1.max_entrys") && err.contains("bad.toml"),
        "{err}"
    );
}

#[test]
fn config_show_masks_the_secret_and_names_sources() {
    let env = TestEnv::new();
    let out = env
        .cmd()
        .args(["config", "show", "--json"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(!text.contains(crate::common::fake_tidal::CLIENT_SECRET));
    let v: serde_json::Value = serde_json::from_str(&text).unwrap();
    let api = v["settings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["key"] == "tidal.api_url")
        .unwrap();
    assert_eq!(api["source"], "env");
}

/// Issue 10, list 6: every command's `--help` (and so its man page) has its own examples, the
/// environment and the exit codes.
#[test]
fn every_command_has_examples_environment_and_exit_codes() {
    fn walk(cmd: &mut clap::Command, path: &str, seen: &mut Vec<String>) {
        let help = cmd.render_long_help().to_string();
        for part in [
            "Examples:\n  ",
            "Environment:\n  TIDAL_CLIENT_ID",
            "Exit status:\n  0 success",
        ] {
            assert!(help.contains(part), "`{path}` --help lacks {part:?}");
        }
        assert!(
            tidal_mcp::cli::examples(path).is_some(),
            "`{path}` has no examples of its own"
        );
        seen.push(path.to_string());
        let names: Vec<String> = cmd
            .get_subcommands()
            .filter(|s| !s.is_hide_set() && s.get_name() != "help")
            .map(|s| s.get_name().to_string())
            .collect();
        for n in names {
            let sub = cmd.find_subcommand_mut(&n).unwrap();
            let p = if path.is_empty() {
                n.clone()
            } else {
                format!("{path} {n}")
            };
            walk(sub, &p, seen);
        }
    }
    let mut cmd = tidal_mcp::cli::command();
    cmd.build();
    let mut seen = Vec::new();
    walk(&mut cmd, "", &mut seen);
    assert!(seen.len() >= 25, "{seen:?}");
    let help = std::process::Command::new(bin())
        .args(["prefs", "set", "--help"])
        .output()
        .unwrap();
    let help = String::from_utf8_lossy(&help.stdout);
    for key in [
        "search_limit",
        "explicit_filter",
        "playlist_public",
        "audio_quality",
        "language",
    ] {
        assert!(help.contains(key), "prefs set --help lists {key}");
    }
}
