//! Issue 20: every multi-step change of the data home (erasure, restore, key rotation, migrate,
//! compaction) killed at each of its steps (`TIDAL_MCP_CRASH_AT` makes the binary SIGKILL itself
//! at a named point), then started again: the next start (or running the command again)
//! finishes or undoes it, the audit chain verifies, and an erased person is readable nowhere
//! the home keeps, backups included.

use std::os::unix::process::ExitStatusExt;
use std::path::{Path, PathBuf};

use serde_json::{Value, json};

use crate::common::TestEnv;
use crate::common::stdio::Mcp;
use crate::operations::{json_out, logged_in, write_tidalapi_session};

const USER: &str = "424242";

/// Runs `args` with the crash point set, from a stopped agent (so an agent this run starts
/// carries the point too). A point in the command's own process kills it (SIGKILL); a point in
/// the agent kills the agent, and the command fails. Either way the run must not succeed, and
/// any agent left is stopped so the next command starts a fresh one.
fn crash(env: &TestEnv, point: &str, args: &[&str], in_agent: bool) {
    env.cmd().args(["agent", "stop"]).assert().success();
    let out = env
        .std_cmd()
        .env("TIDAL_MCP_CRASH_AT", point)
        .args(args)
        .output()
        .unwrap();
    if in_agent {
        assert!(!out.status.success(), "{point}: {args:?} went through");
        let status = env.cmd().args(["agent", "status"]).output().unwrap();
        assert!(
            !status.status.success(),
            "{point}: the agent should have died there"
        );
    } else {
        assert_eq!(
            out.status.signal(),
            Some(9),
            "{point}: {args:?} was not killed there: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        env.cmd().args(["agent", "stop"]).assert().success();
    }
}

fn backup(env: &TestEnv) -> PathBuf {
    PathBuf::from(
        json_out(env, &["backup", "--json"])["path"]
            .as_str()
            .unwrap(),
    )
}

/// Whether a backup holds anything about a person: a profile or preference record in its
/// store, a session or a data key in its vault.
fn backup_holds_someone(env: &TestEnv, path: &Path) -> bool {
    let id =
        tidal_mcp::vault::identity_from_file(&env.home.join("data/backup-identity.txt")).unwrap();
    let snap = tidal_mcp::store::archive::Snapshot::read(path, &[id]).unwrap();
    let records = ["users", "preferences"]
        .iter()
        .map(|t| snap.trees.get(*t).map_or(0, Vec::len))
        .sum::<usize>();
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("vault");
    std::os::unix::fs::DirBuilderExt::mode(&mut std::fs::DirBuilder::new(), 0o700)
        .create(&dir)
        .unwrap();
    for (name, bytes) in &snap.files {
        std::fs::write(dir.join(name), bytes).unwrap();
    }
    let vault = tidal_mcp::vault::Vault::open(&dir, 0, 0).unwrap();
    records > 0 || !vault.data().sessions.is_empty() || !vault.data().user_keys.is_empty()
}

fn pending_erasures(env: &TestEnv) -> usize {
    std::fs::read(env.home.join("data/erasures.json"))
        .ok()
        .and_then(|b| serde_json::from_slice::<Vec<Value>>(&b).ok())
        .unwrap_or_default()
        .iter()
        .filter(|e| e["pending"] == true)
        .count()
}

fn data_contains(env: &TestEnv, needle: &[u8]) -> Option<PathBuf> {
    env.all_file_bytes()
        .into_iter()
        .find(|(p, b)| {
            p.starts_with(env.home.join("data")) && b.windows(needle.len()).any(|w| w == needle)
        })
        .map(|(p, _)| p)
}

fn chain_verifies(env: &TestEnv) {
    let verdict = json_out(env, &["audit", "verify", "--json"]);
    assert_eq!(verdict["ok"], true, "{verdict}");
}

/// Items 1, 2 and 9: `delete-user` killed at each step. The erasure is in the ledger before
/// anything is erased; the next start finishes it: nobody is logged in, the backups in the
/// home's backup directory no longer hold the person (their tokens and data key are gone from
/// each backup's vault), nothing of theirs is under `data/`, the chain verifies. Running the
/// command again says they were erased; an older copy kept elsewhere, restored, is erased
/// again by the ledger.
#[test]
fn issue20_delete_user_killed_at_every_step_is_finished_and_reaches_every_backup() {
    for (point, in_agent) in [
        ("erase.ledger_written", true),
        ("erase.vault", false),
        ("compact.built", false),
        ("swap.store.aside", false),
        ("erase.compacted", false),
        ("erase.backup_rewritten", false),
        ("erase.backups", false),
    ] {
        let env = TestEnv::new();
        env.login();
        env.cmd()
            .args(["prefs", "set", "search_limit=41"])
            .assert()
            .success();
        let first = backup(&env);
        let offsite = env.dir.path().join("offsite.backup.age");
        std::fs::copy(&first, &offsite).unwrap();
        let second = backup(&env);
        assert!(
            backup_holds_someone(&env, &first),
            "{point}: the backup holds them"
        );

        crash(&env, point, &["delete-user", "--yes"], in_agent);
        if in_agent {
            assert_eq!(pending_erasures(&env), 1, "{point}: entered before erasing");
        }

        assert_eq!(logged_in(&env), Value::Bool(false), "{point}");
        assert_eq!(pending_erasures(&env), 0, "{point}: the start finished it");
        for b in [&first, &second] {
            assert!(
                !backup_holds_someone(&env, b),
                "{point}: {} still holds them",
                b.display()
            );
        }
        env.cmd().args(["agent", "stop"]).assert().success();
        if let Some(p) = data_contains(&env, USER.as_bytes()) {
            panic!("{point}: {} still holds the user id", p.display());
        }
        chain_verifies(&env);
        let again = json_out(&env, &["delete-user", "--user-id", USER, "--yes", "--json"]);
        assert!(
            again["erased"]["already_erased_at"].is_i64(),
            "{point}: {again}"
        );
        let restored = json_out(
            &env,
            &["restore", offsite.to_str().unwrap(), "--yes", "--json"],
        );
        assert_eq!(
            restored["restored"]["erased_users"], 1,
            "{point}: {restored}"
        );
        assert_eq!(logged_in(&env), Value::Bool(false), "{point}: stays erased");
        chain_verifies(&env);
    }
}

/// Item 5: `restore` killed at each step. Before its journal is written the old home stays
/// (undone); from then on the next start finishes both swaps: the backup's store and vault
/// together, never one beside the other. The backup was taken logged in with one preference,
/// the home then changed the preference and logged out, so a store restored beside the old
/// vault (or the reverse) shows as a mixed pair.
#[test]
fn issue20_restore_killed_at_every_step_is_finished_or_undone() {
    for (point, finished) in [
        ("restore.staged", false),
        ("swap.journal_written", true),
        ("swap.store.aside", true),
        ("swap.store.done", true),
        ("swap.vault.aside", true),
        ("swap.vault.done", true),
    ] {
        let env = TestEnv::new();
        env.login();
        let set = |v: u32| {
            env.cmd()
                .args(["prefs", "set", &format!("search_limit={v}")])
                .assert()
                .success();
        };
        set(33);
        let b = backup(&env);
        set(44);
        env.cmd().arg("logout").assert().success();
        crash(
            &env,
            point,
            &["restore", b.to_str().unwrap(), "--yes"],
            false,
        );

        let in_session = logged_in(&env);
        let audit = json_out(&env, &["audit", "verify", "--json"]);
        assert_eq!(audit["ok"], true, "{point}: {audit}");
        assert_eq!(
            in_session,
            Value::Bool(finished),
            "{point}: the vault is the backup's only when the restore was finished"
        );
        if finished {
            let prefs = json_out(&env, &["prefs", "get", "--json"]);
            assert_eq!(
                prefs["search_limit"], 33,
                "{point}: the backup's store: {prefs}"
            );
            let mut m = Mcp::spawn(&env);
            let r = m.call("get_track", json!({"track_id": "7"}));
            assert_eq!(
                r["isError"], false,
                "{point}: the restored session works: {r}"
            );
        }
        for leftover in [
            "data/store.new",
            "data/vault.new",
            "data/store.old",
            "data/vault.old",
            "data/swaps",
        ] {
            assert!(
                !env.home.join(leftover).exists(),
                "{point}: {leftover} left"
            );
        }
        let health = env.cmd().args(["health", "--json"]).output().unwrap();
        let health: Value = serde_json::from_slice(&health.stdout).unwrap();
        let check = health["checks"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["name"] == "interrupted_work")
            .cloned()
            .unwrap_or_default();
        assert_eq!(check["status"], "ok", "{point}: {health}");
    }
}

fn generations(env: &TestEnv) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(env.home.join("data/vault"))
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            p.file_name()
                .unwrap()
                .to_string_lossy()
                .strip_prefix("vault.age.")
                .is_some_and(|n| n.parse::<u32>().is_ok())
        })
        .collect();
    out.sort();
    out
}

/// Every generation and the vault decrypt with the vault's identity.
fn all_readable(env: &TestEnv) -> bool {
    let id =
        tidal_mcp::vault::identity_from_file(&env.home.join("data/vault/identity.txt")).unwrap();
    let mut files = generations(env);
    files.push(env.home.join("data/vault/vault.age"));
    files
        .iter()
        .all(|f| age::decrypt(&id, &std::fs::read(f).unwrap()).is_ok())
}

/// Item 6: `vault rotate-key` killed at each step. The next start finishes the rotation (no
/// `identity.txt.next` left), every generation still decrypts, none is dropped, the session
/// works; a second rotation afterwards keeps them all too.
#[test]
fn issue20_rotate_key_killed_at_every_step_keeps_every_generation() {
    for point in [
        "rotate.next_written",
        "rotate.generation",
        "rotate.vault_written",
    ] {
        let env = TestEnv::new();
        env.login();
        for _ in 0..2 {
            env.cmd()
                .args(["login", "--force", "--no-browser"])
                .assert()
                .success();
        }
        let before = generations(&env);
        assert!(
            before.len() >= 2,
            "{point}: generations to rotate: {before:?}"
        );
        crash(&env, point, &["vault", "rotate-key"], true);
        assert!(
            env.home.join("data/vault/identity.txt.next").exists(),
            "{point}: killed part-way through the rotation"
        );

        assert_eq!(logged_in(&env), Value::Bool(true), "{point}");
        assert!(
            !env.home.join("data/vault/identity.txt.next").exists(),
            "{point}: the rotation was finished"
        );
        assert_eq!(generations(&env), before, "{point}: no generation dropped");
        assert!(all_readable(&env), "{point}: every generation decrypts");
        env.cmd().args(["vault", "rotate-key"]).assert().success();
        assert_eq!(
            generations(&env),
            before,
            "{point}: after a second rotation"
        );
        assert!(all_readable(&env), "{point}: after a second rotation");
        chain_verifies(&env);
    }
}

/// Items 9 and 3: `migrate` killed after setting the plaintext aside, and after importing it.
/// The set-aside file is journaled: `health` is critical about it while the agent that saw the
/// crash runs, and the next `migrate` puts it back and imports it, leaving no plaintext.
#[test]
fn issue20_migrate_killed_at_every_step_leaves_no_plaintext_behind() {
    for point in ["migrate.set_aside", "migrate.imported"] {
        let env = TestEnv::new();
        let (a, r) = env.fake().issue(3600);
        let file = env.dir.path().join("tidal-session-oauth.json");
        write_tidalapi_session(&file, "s-api", &a, &r);
        let aside = env.dir.path().join("tidal-session-oauth.json.migrated");
        env.cmd().arg("status").output().unwrap();
        let out = env
            .std_cmd()
            .env("TIDAL_MCP_CRASH_AT", point)
            .args(["migrate", "--from", file.to_str().unwrap()])
            .output()
            .unwrap();
        assert_eq!(out.status.signal(), Some(9), "{point}: {out:?}");
        assert!(
            aside.exists() && !file.exists(),
            "{point}: set aside when killed"
        );

        let health = env.cmd().args(["health", "--json"]).output().unwrap();
        assert_eq!(health.status.code(), Some(1), "{point}");
        let text = String::from_utf8_lossy(&health.stdout).to_string();
        assert!(text.contains("interrupted migrate"), "{point}: {text}");

        let done = json_out(
            &env,
            &["migrate", "--from", file.to_str().unwrap(), "--json"],
        );
        assert!(
            done.to_string().contains("imported user")
                || done.to_string().contains("already has a session"),
            "{point}: {done}"
        );
        assert!(
            !file.exists() && !aside.exists(),
            "{point}: no plaintext left"
        );
        assert_eq!(logged_in(&env), Value::Bool(true), "{point}");
    }
}

/// Item 9: what crashed processes leave in the data home (a vault or a ledger half written,
/// scratch copies of a store) is removed at the next start.
#[test]
fn issue20_leftovers_of_crashed_work_are_removed_at_the_next_start() {
    let env = TestEnv::new();
    env.login();
    env.cmd().args(["agent", "stop"]).assert().success();
    let mut gone = std::process::Command::new("true").spawn().unwrap();
    let dead = gone.id();
    gone.wait().unwrap();
    let data = env.home.join("data");
    let leftovers = [
        data.join(format!(".erasures.json.tmp-{dead}")),
        data.join(format!("vault/.vault.age.tmp-{dead}")),
        data.join(format!(".scratch-{dead}-0a1b2c/store/db")),
        data.join(".scratch-0a1b2c3d4e5f/store/db"),
    ];
    for f in &leftovers {
        std::fs::create_dir_all(f.parent().unwrap()).unwrap();
        std::fs::write(f, "left by a crash").unwrap();
    }
    // A temp file of a live process is not touched.
    let live = data.join(format!(".erasures.json.tmp-{}", std::process::id()));
    std::fs::write(&live, "being written").unwrap();
    assert_eq!(logged_in(&env), Value::Bool(true));
    for f in &leftovers {
        assert!(!f.exists(), "{} is still there", f.display());
    }
    assert!(!data.join(format!(".scratch-{dead}-0a1b2c")).exists());
    assert!(live.exists(), "a live process's temp file stays");
    std::fs::remove_file(live).unwrap();
    // Left while the agent runs: `cleanup` finds them.
    let scratch = data.join(format!(".scratch-{dead}-3d4e5f"));
    let temp = data.join(format!("vault/.vault.age.tmp-{dead}"));
    std::fs::create_dir_all(&scratch).unwrap();
    std::fs::write(&temp, "left by a crash").unwrap();
    let report = json_out(&env, &["cleanup", "--json"]);
    assert!(!scratch.exists() && !temp.exists(), "{report}");
    assert!(report.to_string().contains(".vault.age.tmp-"), "{report}");
}

fn check_status(env: &TestEnv, name: &str) -> (Value, i32) {
    let out = env.cmd().args(["health", "--json"]).output().unwrap();
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    let check = report["checks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == name)
        .cloned()
        .unwrap_or_default();
    (check, out.status.code().unwrap_or(-1))
}

/// Item 2: `delete-user` killed after the agent erased the person but before the rest, while
/// that agent runs on: `health` is critical and names the command, and the command (nobody is
/// logged in any more) finishes the erasure.
#[test]
fn issue20_an_interrupted_erasure_is_named_by_health_and_finished_by_the_command() {
    let env = TestEnv::new();
    env.login();
    let b = backup(&env);
    let out = env
        .std_cmd()
        .env("TIDAL_MCP_CRASH_AT", "erase.live_done")
        .args(["delete-user", "--yes"])
        .output()
        .unwrap();
    assert_eq!(out.status.signal(), Some(9), "{out:?}");
    assert!(
        backup_holds_someone(&env, &b),
        "the backup is not rewritten yet"
    );
    let (check, code) = check_status(&env, "interrupted_work");
    assert_eq!(check["status"], "critical", "{check}");
    assert_eq!(code, 1);
    let hint = check["detail"].as_str().unwrap_or_default().to_string();
    assert!(hint.contains("tidal-mcp delete-user --yes"), "{check}");
    let out = env.cmd().args(["delete-user", "--yes"]).output().unwrap();
    assert!(out.status.success(), "{out:?}");
    let said = String::from_utf8_lossy(&out.stderr).to_string();
    assert!(
        said.contains("already erased") && said.contains("now finished"),
        "{said}"
    );
    assert!(!backup_holds_someone(&env, &b));
    assert_eq!(pending_erasures(&env), 0);
    assert_eq!(check_status(&env, "interrupted_work").0["status"], "ok");
    chain_verifies(&env);
}

/// Compaction (`cleanup --deep`) killed at each step: the next start has the store whole (the
/// preference readable, the session there), no half-built or set-aside directory, and the
/// chain verifies.
#[test]
fn issue20_compaction_killed_at_every_step_leaves_the_store_whole() {
    for point in ["compact.built", "swap.store.aside"] {
        let env = TestEnv::new();
        env.login();
        env.cmd()
            .args(["prefs", "set", "search_limit=37"])
            .assert()
            .success();
        crash(&env, point, &["cleanup", "--deep"], false);
        assert_eq!(logged_in(&env), Value::Bool(true), "{point}");
        assert_eq!(
            json_out(&env, &["prefs", "get", "--json"])["search_limit"],
            37,
            "{point}"
        );
        for leftover in ["data/store.new", "data/store.old"] {
            assert!(
                !env.home.join(leftover).exists(),
                "{point}: {leftover} left"
            );
        }
        chain_verifies(&env);
    }
}

/// Item 1: the erasure reaches every copy the home keeps, not only the rotated backups:
/// restore's safety backups, the store and vault a restore kept aside, and a half-written
/// backup a killed process left.
#[test]
fn issue20_an_erasure_reaches_safety_backups_and_homes_kept_aside() {
    let env = TestEnv::new();
    env.login();
    let b = backup(&env);
    env.cmd().args(["agent", "stop"]).assert().success();
    {
        let store = tidal_mcp::store::Store::open(&env.home.join("data/store")).unwrap();
        store.meta().remove(b"schema_version").unwrap();
        store.flush().unwrap();
    }
    let kept = json_out(&env, &["restore", b.to_str().unwrap(), "--yes", "--json"]);
    let kept_vault = PathBuf::from(kept["kept_aside"].as_str().unwrap()).join("vault");
    let safety = json_out(&env, &["restore", b.to_str().unwrap(), "--yes", "--json"]);
    let safety = PathBuf::from(safety["safety_backup"].as_str().unwrap());
    assert!(backup_holds_someone(&env, &safety));
    let holds = |dir: &Path| {
        let v = tidal_mcp::vault::Vault::open(dir, 0, 0).unwrap();
        !v.data().sessions.is_empty() || !v.data().user_keys.is_empty()
    };
    assert!(holds(&kept_vault));
    // A backup a killed process was writing: what of it decrypts could hold the person.
    let mut gone = std::process::Command::new("true").spawn().unwrap();
    let dead = gone.id();
    gone.wait().unwrap();
    let partial = b.with_file_name(format!(
        "{}.partial-{dead}",
        b.file_name().unwrap().to_string_lossy()
    ));
    std::fs::copy(&b, &partial).unwrap();

    let erased = json_out(&env, &["delete-user", "--yes", "--json"]);
    assert!(!backup_holds_someone(&env, &safety), "{erased}");
    assert!(!holds(&kept_vault), "{erased}");
    assert!(!partial.exists(), "{erased}");
    chain_verifies(&env);
}

/// An erasure whose backups cannot be rewritten (a full disk under the backup directory, or
/// one that refuses writes) is done in the live home and stays pending: the command says so and
/// fails, the agent still starts, `health` names it, and a second run once there is room
/// finishes it.
#[test]
fn issue20_an_erasure_that_cannot_rewrite_the_backups_stays_pending() {
    use std::os::unix::fs::PermissionsExt;
    let base = tempfile::tempdir().unwrap();
    let mnt = base.path().join("backups");
    let root = tidal_mcp::home::current_uid() == 0;
    let _unmount = if root {
        match crate::common::Tmpfs::mount(&mnt, "256k") {
            Some(m) => Some(m),
            None => {
                println!("SKIPPED (full backup disk): cannot mount a tmpfs");
                return;
            }
        }
    } else {
        std::os::unix::fs::DirBuilderExt::mode(&mut std::fs::DirBuilder::new(), 0o700)
            .create(&mnt)
            .unwrap();
        None
    };
    let env = TestEnv::new().with_env("TIDAL_MCP_BACKUP__DIR", mnt.to_str().unwrap());
    env.login();
    let b = backup(&env);
    let filler = mnt.join("filler");
    let block = |on: bool| {
        if root {
            if on {
                // Fill what is left, a KB at a time, until the disk refuses.
                use std::io::Write;
                let mut f = std::fs::File::create(&filler).unwrap();
                while f.write_all(&[0u8; 1024]).is_ok() && f.sync_all().is_ok() {}
            } else {
                std::fs::remove_file(&filler).unwrap();
            }
        } else {
            let mode = if on { 0o500 } else { 0o700 };
            std::fs::set_permissions(&mnt, std::fs::Permissions::from_mode(mode)).unwrap();
        }
    };
    block(true);
    let out = env.cmd().args(["delete-user", "--yes"]).output().unwrap();
    block(false);
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("backups could not all be rewritten"),
        "{out:?}"
    );
    assert_eq!(pending_erasures(&env), 1);
    assert_eq!(
        logged_in(&env),
        Value::Bool(false),
        "erased in the live home"
    );
    let (check, _) = check_status(&env, "interrupted_work");
    assert_eq!(check["status"], "critical", "{check}");
    let out = env.cmd().args(["delete-user", "--yes"]).output().unwrap();
    assert!(out.status.success(), "{out:?}");
    assert_eq!(pending_erasures(&env), 0);
    assert!(!backup_holds_someone(&env, &b));
}
