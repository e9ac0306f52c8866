//! Issue 12: backup, verify-backups, restore, export-user, delete-user and cleanup, driven
//! through the real binary while MCP clients work.

use serde_json::{Value, json};

use crate::common::TestEnv;
use crate::common::stdio::Mcp;

const MARKER: &str = "ZQXMARKER42";

pub(crate) fn json_out(env: &TestEnv, args: &[&str]) -> Value {
    let out = env.cmd().args(args).output().unwrap();
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

/// D4: a backup taken while three MCP clients are busy verifies, restores into a fresh home
/// with the same data, and one flipped byte in a copy is caught by name.
#[test]
fn issue12_backup_while_busy_verify_and_restore_into_a_fresh_home() {
    let env = TestEnv::new();
    env.login();
    env.cmd()
        .args(["prefs", "set", "search_limit=37"])
        .assert()
        .success();
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let workers: Vec<_> = (0..3)
        .map(|i| {
            let mut m = Mcp::spawn(&env);
            let stop = stop.clone();
            std::thread::spawn(move || {
                let mut calls = 0;
                while !stop.load(std::sync::atomic::Ordering::SeqCst) {
                    let r = m.call(
                        "get_track",
                        json!({"track_id": (i * 100 + calls % 50 + 1).to_string()}),
                    );
                    assert_eq!(r["isError"], false, "{r}");
                    if calls % 10 == 0 {
                        let r = m.call(
                            "create_playlist",
                            json!({"title": format!("busy {i} {calls}")}),
                        );
                        assert_eq!(r["isError"], false, "{r}");
                    }
                    calls += 1;
                }
                calls
            })
        })
        .collect();
    std::thread::sleep(std::time::Duration::from_millis(300));
    let made = json_out(&env, &["backup", "--json"]);
    stop.store(true, std::sync::atomic::Ordering::SeqCst);
    let calls: usize = workers.into_iter().map(|w| w.join().unwrap()).sum();
    assert!(calls > 3, "the clients were busy ({calls} calls)");
    let path = made["path"].as_str().unwrap().to_string();
    assert!(
        made["manifest"]["trees"]["audit"]["count"]
            .as_u64()
            .unwrap()
            > 0
    );

    let verdicts = json_out(&env, &["verify-backups", "--json"]);
    assert_eq!(verdicts[0]["ok"], true, "{verdicts}");

    // One flipped byte in a copy: verify-backups names it and exits 1.
    let bad_dir = env.dir.path().join("bad");
    std::fs::create_dir_all(&bad_dir).unwrap();
    let name = std::path::Path::new(&path).file_name().unwrap();
    let mut bytes = std::fs::read(&path).unwrap();
    let at = bytes.len() / 2;
    bytes[at] ^= 0x01;
    std::fs::write(bad_dir.join(name), &bytes).unwrap();
    let out = env
        .cmd()
        .args(["verify-backups"])
        .arg(&bad_dir)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let table = String::from_utf8_lossy(&out.stdout);
    assert!(
        table.contains(&name.to_string_lossy().to_string()) && table.contains("BAD"),
        "{table}"
    );

    // Restore into a fresh home (another machine: its own backup identity, given explicitly).
    let before_prefs = json_out(&env, &["prefs", "get", "--json"]);
    let before_status = json_out(&env, &["status", "--json"]);
    // Another home, talking to the same TIDAL.
    let mut fresh = TestEnv::new();
    fresh.url = env.url.clone();
    fresh.fake = env.fake.clone();
    let key = env.home.join("data/backup-identity.txt");
    fresh
        .cmd()
        .args(["restore", &path, "--identity"])
        .arg(&key)
        .assert()
        .success();
    fresh.cmd().args(["vault", "accept"]).assert().success();
    assert_eq!(json_out(&fresh, &["prefs", "get", "--json"]), before_prefs);
    let status = json_out(&fresh, &["status", "--json"]);
    assert_eq!(status["user_id"], before_status["user_id"], "{status}");
    let verdict = json_out(&fresh, &["audit", "verify", "--json"]);
    assert_eq!(verdict["ok"], true, "{verdict}");
    assert!(
        verdict["entries"].as_u64().unwrap()
            > made["manifest"]["trees"]["audit"]["count"]
                .as_u64()
                .unwrap(),
        "the backup's entries plus the restore's own"
    );
    let mut m = Mcp::spawn(&fresh);
    let r = m.call("get_track", json!({"track_id": "999"}));
    assert_eq!(r["isError"], false, "the restored session works: {r}");
}

/// G1 and G2: every marker seeded for the person is in their export; after delete-user no byte
/// of theirs is left under the data directory (the store is rewritten), a backup taken before
/// the erasure and restored yields nothing about them, and the audit chain verifies.
#[test]
fn issue12_export_holds_every_marker_and_delete_user_leaves_nothing() {
    let env = TestEnv::new();
    env.fake().username = Some(format!("{MARKER}@example.com"));
    env.login();
    env.cmd()
        .args(["prefs", "set", "search_limit=41"])
        .assert()
        .success();
    let mut m = Mcp::spawn(&env);
    let r = m.call("create_playlist", json!({"title": format!("{MARKER} mix")}));
    assert_eq!(r["isError"], false, "{r}");
    let r = m.call("list_playlists", json!({}));
    assert_eq!(r["isError"], false, "{r}");
    drop(m);

    let export = json_out(&env, &["export-user"]);
    let text = export.to_string();
    assert!(
        !text.contains("fake-access-") && !text.contains("fake-refresh-"),
        "no token"
    );
    assert_eq!(export["meta"]["schema_version"], 1);
    for k in ["purposes", "categories", "recipients", "retention"] {
        assert!(!export["meta"][k].is_null(), "meta.{k}");
    }
    let data = &export["data"];
    assert!(
        data["profile"].to_string().contains(MARKER),
        "profile: {}",
        data["profile"]
    );
    assert!(
        data["vault"]["session"].to_string().contains(MARKER),
        "{}",
        data["vault"]
    );
    // Audit details hold no titles (data minimisation); sealed ones come back decrypted.
    assert!(
        data["audit"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["action"] == "create_playlist" && e["details"]["tracks"] == 0),
        "audit details, decrypted: {}",
        data["audit"]
    );
    assert!(
        data["cache"].to_string().contains(MARKER),
        "cache: {}",
        data["cache"]
    );
    assert!(
        data["preferences"]["revisions"]
            .to_string()
            .contains("\"search_limit\":41"),
        "{}",
        data["preferences"]
    );
    // To a file: 0600.
    let file = env.dir.path().join("export.json");
    env.cmd()
        .args(["export-user", "--output"])
        .arg(&file)
        .assert()
        .success();
    use std::os::unix::fs::MetadataExt;
    assert_eq!(std::fs::metadata(&file).unwrap().mode() & 0o777, 0o600);

    // A backup from before the erasure, and a copy of it kept elsewhere; the raw bytes of the
    // sealed profile.
    let before = json_out(&env, &["backup", "--json"]);
    let backup = before["path"].as_str().unwrap().to_string();
    let elsewhere = env.dir.path().join("copy.backup.age");
    std::fs::copy(&backup, &elsewhere).unwrap();
    env.cmd().args(["agent", "stop"]).assert().success();
    let sealed_profile: Vec<u8> = {
        let store = tidal_mcp::store::Store::open(&env.home.join("data/store")).unwrap();
        let (_, v) = store.users().iter().next().unwrap().unwrap();
        v.to_vec()
    };
    let probe = &sealed_profile[sealed_profile.len() / 2..sealed_profile.len() / 2 + 24];
    assert!(
        raw_data_contains(&env, probe),
        "the sealed profile is on disk before the erasure"
    );

    // Without a terminal delete-user needs --yes.
    let out = env.cmd().arg("delete-user").output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--yes"));
    let erased = json_out(&env, &["delete-user", "--yes", "--json"]);
    assert_eq!(erased["erased"]["profile"], 1, "{erased}");
    assert!(erased["erased"]["preference_revisions"].as_u64().unwrap() >= 1);
    assert!(erased["erased"]["cache_entries"].as_u64().unwrap() >= 1);

    for needle in [MARKER.as_bytes(), probe, b"424242"] {
        assert!(
            !raw_data_contains(&env, needle),
            "{:?} is still under the data directory",
            String::from_utf8_lossy(needle)
        );
    }
    let verdict = json_out(&env, &["audit", "verify", "--json"]);
    assert_eq!(verdict["ok"], true, "{verdict}");
    assert_nothing_held(&env);

    // The erasure rewrote the backup in the backup directory; the copy elsewhere still held
    // them, and restored, the ledger erases them again: either way nothing comes back.
    assert_eq!(
        erased["finished"]["backups"]["rewritten"][0].as_str(),
        Some(backup.as_str()),
        "{erased}"
    );
    let restored = json_out(&env, &["restore", &backup, "--yes", "--json"]);
    assert_eq!(restored["restored"]["erased_users"], 0, "{restored}");
    assert_nothing_held(&env);
    let restored = json_out(
        &env,
        &["restore", elsewhere.to_str().unwrap(), "--yes", "--json"],
    );
    assert_eq!(restored["restored"]["erased_users"], 1, "{restored}");
    assert_nothing_held(&env);
    let out = env.cmd().args(["status", "--json"]).output().unwrap();
    let status: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        status["logged_in"], false,
        "nobody is logged in again: {status}"
    );
    let verdict = json_out(&env, &["audit", "verify", "--json"]);
    assert_eq!(verdict["ok"], true, "{verdict}");
    env.cmd().args(["agent", "stop"]).assert().success();
    assert!(!raw_data_contains(&env, MARKER.as_bytes()));
}

/// `export-user` for the test user is refused: nothing is held about them.
fn assert_nothing_held(env: &TestEnv) {
    let out = env
        .cmd()
        .args(["export-user", "--user-id", "424242"])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(2),
        "something is still held: {}",
        String::from_utf8_lossy(&out.stdout)
    );
}

/// Whether any file under the data directory (store, vault, ledger; backups are elsewhere
/// and encrypted) contains `needle`.
fn raw_data_contains(env: &TestEnv, needle: &[u8]) -> bool {
    env.all_file_bytes().iter().any(|(p, b)| {
        p.starts_with(env.home.join("data")) && b.windows(needle.len()).any(|w| w == needle)
    })
}

/// Cleanup from the command line: a dry run lists and removes nothing; rotation keeps the
/// newest `backup.keep` backups.
#[test]
fn issue12_cleanup_dry_run_and_backup_rotation() {
    let env = TestEnv::new().with_env("TIDAL_MCP_BACKUP__KEEP", "2");
    env.login();
    for _ in 0..3 {
        env.cmd().args(["backup", "--keep", "5"]).assert().success();
    }
    let dir = env.home.join("backups");
    let count = || std::fs::read_dir(&dir).unwrap().count();
    assert_eq!(count(), 3);
    let dry = json_out(&env, &["cleanup", "--dry-run", "--json"]);
    assert_eq!(
        dry["removed"]["backups"].as_array().unwrap().len(),
        1,
        "{dry}"
    );
    assert_eq!(count(), 3);
    let done = json_out(&env, &["cleanup", "--json"]);
    assert_eq!(
        done["removed"]["backups"].as_array().unwrap().len(),
        1,
        "{done}"
    );
    assert!(
        done["compacted"].is_null(),
        "the first cleanup does not stop the agent to compact (issue 20, item 13): {done}"
    );
    assert_eq!(count(), 2);
    let deep = json_out(&env, &["cleanup", "--deep", "--json"]);
    assert!(!deep["compacted"].is_null(), "--deep compacts: {deep}");
}

/// Issue 20, item 13: while offline work holds the agent's lock (a compaction, a restore), a
/// `health` or `metrics export` waits for it and then answers, rather than failing with "no
/// agent running".
#[test]
fn issue20_commands_wait_for_offline_work() {
    let env = TestEnv::new();
    env.login();
    env.cmd().args(["agent", "stop"]).assert().success();
    let lock = tidal_mcp::agent::lock::FileLock::acquire(
        &env.home.join("run/agent.lock"),
        std::time::Duration::from_secs(5),
    )
    .unwrap()
    .unwrap();
    let release = std::thread::spawn(move || {
        std::thread::sleep(std::time::Duration::from_millis(1500));
        drop(lock);
    });
    for args in [&["health", "--json"][..], &["metrics", "export"][..]] {
        let out = env.cmd().args(args).output().unwrap();
        assert!(
            out.status.code() != Some(2)
                && !String::from_utf8_lossy(&out.stderr).contains("no tidal-mcp agent"),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(!out.stdout.is_empty(), "{args:?} answered");
    }
    release.join().unwrap();
}

/// A session file as tidalapi writes it (`session.save_session_to_file`).
pub(crate) fn write_tidalapi_session(
    path: &std::path::Path,
    session_id: &str,
    access: &str,
    refresh: &str,
) {
    std::fs::write(
        path,
        json!({"token_type": {"data": "Bearer"}, "session_id": {"data": session_id},
               "access_token": {"data": access}, "refresh_token": {"data": refresh}, "is_pkce": {"data": false}})
        .to_string(),
    )
    .unwrap();
}

/// Both legacy session formats and the YAML config migrate; `--dry-run` changes nothing; the
/// plaintext is gone afterwards unless kept; a second run is harmless.
#[test]
fn issue12_migrate_legacy_sessions_and_yaml_config() {
    let base = tempfile::tempdir().unwrap();
    let user_home = base.path().join("user");
    let tmp = base.path().join("tmp");
    std::fs::create_dir_all(user_home.join(".tidal-mcp")).unwrap();
    std::fs::create_dir_all(&tmp).unwrap();
    let env = TestEnv::new()
        .with_env("HOME", user_home.to_str().unwrap())
        .with_env("TMPDIR", tmp.to_str().unwrap());
    let (a1, r1) = env.fake().issue(3600);
    let (a2, r2) = env.fake().issue(3600);
    let old = user_home.join(".tidal-mcp/session.json");
    std::fs::write(
        &old,
        json!({"access_token": a1, "refresh_token": r1, "session_id": "s-old", "user_id": 424242,
               "country_code": "DE", "expires_at": "2099-01-01T00:00:00"})
        .to_string(),
    )
    .unwrap();
    let tidalapi = tmp.join("tidal-session-oauth.json");
    write_tidalapi_session(&tidalapi, "s-api", &a2, &r2);
    let yaml = user_home.join(".tidal-mcp/config.yaml");
    std::fs::write(
        &yaml,
        "caching:\n  l1:\n    max_entries: 2345\nmonitoring:\n  dsn: x\n",
    )
    .unwrap();

    // The plan changes nothing.
    let plan = json_out(&env, &["migrate", "--dry-run", "--json"]);
    assert_eq!(plan["steps"].as_array().unwrap().len(), 3, "{plan}");
    assert!(old.exists() && tidalapi.exists());
    assert!(!env.home.join("config.toml").exists());
    assert!(!env.home.join("data/vault/vault.age").exists());

    // The old tidal-mcp file: imported, read back, shredded.
    let done = json_out(
        &env,
        &["migrate", "--from", old.to_str().unwrap(), "--json"],
    );
    assert!(
        done["steps"][0]["result"]
            .as_str()
            .unwrap()
            .contains("imported user 424242"),
        "{done}"
    );
    assert!(!old.exists() && !user_home.join(".tidal-mcp/session.json.migrated").exists());
    let status = json_out(&env, &["status", "--json"]);
    assert_eq!(status["user_id"], "424242", "{status}");
    assert_eq!(
        json_out(&env, &["prefs", "get", "--json"])["search_limit"],
        20
    );
    let mut m = Mcp::spawn(&env);
    assert_eq!(
        m.call("get_track", json!({"track_id": "3"}))["isError"],
        false
    );
    drop(m);

    // The rest from their usual places, keeping the plaintext aside.
    let done = json_out(&env, &["migrate", "--keep-original", "--json"]);
    let text = done.to_string();
    assert!(text.contains("already has a session"), "{done}");
    assert!(text.contains("not converted: monitoring.dsn"), "{done}");
    let kept = tmp.join("tidal-session-oauth.json.migrated");
    use std::os::unix::fs::PermissionsExt;
    assert_eq!(
        std::fs::metadata(&kept).unwrap().permissions().mode() & 0o777,
        0o600
    );
    assert!(!tidalapi.exists());
    let shown = json_out(&env, &["config", "show", "--json"]);
    assert!(shown.to_string().contains("2345"), "{shown}");

    // Nothing left to do: harmless (the YAML stays, the TOML from it is kept as it is).
    let toml_before = std::fs::read(env.home.join("config.toml")).unwrap();
    let again = json_out(&env, &["migrate", "--json"]);
    assert_eq!(again["steps"].as_array().unwrap().len(), 1, "{again}");
    assert!(again.to_string().contains("exists already"), "{again}");
    assert_eq!(
        std::fs::read(env.home.join("config.toml")).unwrap(),
        toml_before
    );
    std::fs::remove_file(&yaml).unwrap();
    let again = env.cmd().args(["migrate"]).output().unwrap();
    assert!(again.status.success());
    assert!(String::from_utf8_lossy(&again.stderr).contains("nothing to migrate"));
    // No token in any output above, nor in the audit trail.
    for t in [&a1, &a2, &r1, &r2] {
        assert!(!text.contains(t.as_str()));
    }
}

/// `health` warns until a backup exists and has been verified, and when the backup directory
/// cannot be written.
#[test]
fn issue12_health_warns_about_missing_unverified_and_unwritable_backups() {
    let env = TestEnv::new();
    env.login();
    let backup_check = |env: &TestEnv| -> Value {
        let out = env.cmd().args(["health", "--json"]).output().unwrap();
        let v: Value = serde_json::from_slice(&out.stdout).unwrap();
        v["checks"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["name"] == "backup")
            .cloned()
            .unwrap_or_else(|| panic!("no backup check: {v}"))
    };
    let c = backup_check(&env);
    assert_eq!(c["status"], "warning", "{c}");
    assert!(c["detail"].as_str().unwrap().contains("no backup"), "{c}");
    env.cmd().arg("backup").assert().success();
    let c = backup_check(&env);
    assert!(
        c["detail"].as_str().unwrap().contains("never verified"),
        "{c}"
    );
    env.cmd()
        .args(["verify-backups", "--quiet"])
        .assert()
        .success()
        .stdout("");
    let c = backup_check(&env);
    assert_eq!(c["status"], "ok", "{c}");
    let unwritable = env.dir.path().join("ro");
    std::fs::create_dir_all(&unwritable).unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&unwritable, std::fs::Permissions::from_mode(0o500)).unwrap();
    if std::fs::write(unwritable.join("x"), b"").is_ok() {
        println!("SKIPPED the unwritable part: permissions do not bind this user (root)");
        return;
    }
    env.cmd().args(["agent", "stop"]).assert().success();
    let env = env.with_env("TIDAL_MCP_BACKUP__DIR", unwritable.to_str().unwrap());
    let c = backup_check(&env);
    assert!(
        c["detail"].as_str().unwrap().contains("not writable"),
        "{c}"
    );
}

/// Issue 20, item 8: an export onto an existing 0644 file replaces it with a 0600 one (not the
/// old file rewritten with its mode); a fifo or a directory is refused at once instead of
/// hanging; a relative name works; on a full disk a failed export leaves no file behind.
#[test]
fn issue20_exports_are_new_private_files_and_leave_nothing_when_they_fail() {
    use std::os::unix::fs::{FileTypeExt, MetadataExt, PermissionsExt};
    let env = TestEnv::new();
    env.login();
    let old = env.dir.path().join("old.json");
    std::fs::write(&old, "someone else's words").unwrap();
    std::fs::set_permissions(&old, std::fs::Permissions::from_mode(0o644)).unwrap();
    let before = std::fs::metadata(&old).unwrap().ino();
    env.cmd()
        .args(["export-user", "--output"])
        .arg(&old)
        .assert()
        .success();
    let m = std::fs::metadata(&old).unwrap();
    assert_eq!(m.mode() & 0o777, 0o600);
    assert_ne!(m.ino(), before, "a new file took its place");
    let text = std::fs::read_to_string(&old).unwrap();
    assert!(
        text.contains("\"data\"") && !text.contains("someone else"),
        "{text}"
    );

    let fifo = env.dir.path().join("fifo");
    assert!(
        std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    let out = env
        .cmd()
        .args(["export-user", "--output"])
        .arg(&fifo)
        .timeout(std::time::Duration::from_secs(20))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("not a regular file"),
        "{out:?}"
    );
    assert!(
        std::fs::symlink_metadata(&fifo)
            .unwrap()
            .file_type()
            .is_fifo()
    );
    let out = env
        .cmd()
        .args(["export-user", "--output"])
        .arg(env.dir.path())
        .output()
        .unwrap();
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("is a directory"),
        "{out:?}"
    );

    env.cmd()
        .current_dir(env.dir.path())
        .args(["export-user", "--output", "relative.json"])
        .assert()
        .success();
    assert!(env.dir.path().join("relative.json").exists());

    let mnt = env.dir.path().join("full");
    let Some(_unmount) = crate::common::Tmpfs::mount(&mnt, "64k") else {
        println!("SKIPPED (full disk): cannot mount a tmpfs here (needs root)");
        return;
    };
    {
        use std::io::Write;
        let mut filler = std::fs::File::create(mnt.join("filler")).unwrap();
        while filler.write_all(&[0u8; 4096]).is_ok() {}
        let _ = filler.sync_all();
    }
    let target = mnt.join("export.json");
    let out = env
        .cmd()
        .args(["export-user", "--output"])
        .arg(&target)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    let left: Vec<_> = std::fs::read_dir(&mnt)
        .unwrap()
        .flatten()
        .map(|e| e.file_name())
        .filter(|n| n != "filler")
        .collect();
    assert!(left.is_empty(), "a failed export left {left:?}");
}

/// Issue 20, item 7: rotation counts only good backups of this home. With two good backups and
/// a truncated newer one, `backup --keep 2` used to delete both good ones; now it keeps two good
/// ones, leaves the damaged file and another home's backup in the same directory alone, and
/// says so. `cleanup` rotates by the same rule.
#[test]
fn issue20_rotation_counts_only_good_backups_of_this_home() {
    let env = TestEnv::new();
    env.login();
    let dir = env.dir.path().join("shared-backups");
    let env = env.with_env("TIDAL_MCP_BACKUP__DIR", dir.to_str().unwrap());
    let made = |env: &TestEnv| -> std::path::PathBuf {
        json_out(env, &["backup", "--json", "--keep", "9"])["path"]
            .as_str()
            .unwrap()
            .into()
    };
    let good1 = made(&env);
    let good2 = made(&env);
    // Another home's backup, in the same directory.
    let other = TestEnv::new();
    other.login();
    let other = other.with_env("TIDAL_MCP_BACKUP__DIR", dir.to_str().unwrap());
    let foreign = made(&other);
    let broken = made(&env);
    let len = std::fs::metadata(&broken).unwrap().len();
    std::fs::OpenOptions::new()
        .write(true)
        .open(&broken)
        .unwrap()
        .set_len(len / 2)
        .unwrap();

    let out = env.cmd().args(["backup", "--keep", "2"]).output().unwrap();
    assert!(out.status.success(), "{out:?}");
    let said = String::from_utf8_lossy(&out.stderr);
    let newest = std::path::PathBuf::from(String::from_utf8_lossy(&out.stdout).trim());
    assert!(!good1.exists(), "the oldest good backup went");
    for kept in [&good2, &newest, &broken, &foreign] {
        assert!(kept.exists(), "{} was removed: {said}", kept.display());
    }
    assert!(said.contains("rotation removed 1 older backup"), "{said}");
    for left in [&broken, &foreign] {
        assert!(said.contains(&left.display().to_string()), "{said}");
    }

    // cleanup follows the same rule: with keep 1, good2 goes, the others stay.
    let env = env.with_env("TIDAL_MCP_BACKUP__KEEP", "1");
    env.cmd().arg("cleanup").assert().success();
    assert!(!good2.exists());
    for kept in [&newest, &broken, &foreign] {
        assert!(kept.exists(), "cleanup removed {}", kept.display());
    }
}

/// Issue 20, item 11: an agent-side `--set` reaches the agent the way the environment does, so a
/// cron line with `--set` runs: when no agent runs, when one runs with other settings (it makes
/// way), and again against the agent it started.
#[test]
fn issue20_set_flags_reach_the_agent() {
    let env = TestEnv::new();
    env.login();
    env.cmd().args(["agent", "stop"]).assert().success();
    for _ in 0..2 {
        let out = env
            .cmd()
            .args(["--set", "backup.keep=3", "backup", "--quiet"])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    // An agent with other settings is running: it makes way, and the flag's agent answers.
    env.cmd().args(["agent", "stop"]).assert().success();
    env.cmd().args(["status"]).assert().success();
    let out = env
        .cmd()
        .args(["--set", "backup.keep=2", "health", "--json"])
        .output()
        .unwrap();
    let health: Value = serde_json::from_slice(&out.stdout).unwrap();
    let agent = health["checks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == "agent")
        .unwrap()
        .clone();
    assert_eq!(agent["status"], "ok", "{health}");
}

/// `status --json`'s `logged_in` (status exits 1 when nobody is).
pub(crate) fn logged_in(env: &TestEnv) -> Value {
    let out = env.cmd().args(["status", "--json"]).output().unwrap();
    serde_json::from_slice::<Value>(&out.stdout).unwrap()["logged_in"].clone()
}

/// Issue 20, item 3: another local user's session file in a shared directory is not imported
/// (it would make the assistant act on their account), nor is one that others can write; the
/// refusal says why, the vault is not touched, and the file is left where it was.
#[test]
fn issue20_migrate_takes_only_our_own_files() {
    use std::os::unix::fs::PermissionsExt;
    let base = tempfile::tempdir().unwrap();
    let tmp = base.path().join("tmp");
    std::fs::create_dir_all(&tmp).unwrap();
    let env = TestEnv::new()
        .with_env("HOME", base.path().join("user").to_str().unwrap())
        .with_env("TMPDIR", tmp.to_str().unwrap());
    let (a, r) = env.fake().issue(3600);
    let planted = tmp.join("tidal-session-oauth.json");
    write_tidalapi_session(&planted, "s-api", &a, &r);
    std::fs::set_permissions(&planted, std::fs::Permissions::from_mode(0o644)).unwrap();
    let owned_by_other = std::os::unix::fs::chown(&planted, Some(54321), Some(54321)).is_ok();
    if owned_by_other {
        let out = env.cmd().args(["migrate", "--json"]).output().unwrap();
        assert_eq!(out.status.code(), Some(1), "{out:?}");
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(text.contains("belongs to another user"), "{text}");
        assert!(planted.exists(), "the file is left where it was");
        assert_eq!(logged_in(&env), Value::Bool(false));
        std::os::unix::fs::chown(&planted, Some(tidal_mcp::home::current_uid()), None).unwrap();
    } else {
        println!("SKIPPED (foreign owner): chown needs root");
    }
    // Ours, but others can write it.
    std::fs::set_permissions(&planted, std::fs::Permissions::from_mode(0o666)).unwrap();
    let out = env
        .cmd()
        .args(["migrate", "--json", "--from"])
        .arg(&planted)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("others can write it"),
        "{out:?}"
    );
    assert_eq!(logged_in(&env), Value::Bool(false));
    // Made private, it is ours to import.
    std::fs::set_permissions(&planted, std::fs::Permissions::from_mode(0o600)).unwrap();
    let done = json_out(&env, &["migrate", "--json"]);
    assert!(done.to_string().contains("imported user"), "{done}");
    assert!(!planted.exists());
}

/// Issue 20, item 12: an operator's import, export and erasure of one person are audited in
/// that person's record, whoever is logged in: their export holds them, the active user's does
/// not.
#[test]
fn issue20_admin_operations_about_a_person_are_in_their_record() {
    let env = TestEnv::new();
    env.login();
    let (a, r) = env.fake().issue_for(777, 3600);
    let file = env.dir.path().join("tidal-session-oauth.json");
    write_tidalapi_session(&file, "s-b", &a, &r);
    let done = json_out(
        &env,
        &["migrate", "--json", "--from", file.to_str().unwrap()],
    );
    assert!(done.to_string().contains("imported user 777"), "{done}");
    let theirs = json_out(&env, &["export-user", "--user-id", "777"]);
    let mine = json_out(&env, &["export-user"]);
    let actions = |v: &Value| -> Vec<String> {
        v["data"]["audit"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["action"].as_str().unwrap_or("").to_string())
            .collect()
    };
    let (theirs, mine) = (actions(&theirs), actions(&mine));
    assert!(
        theirs.contains(&"session_imported".to_string()),
        "{theirs:?}"
    );
    assert!(theirs.iter().any(|a| a.contains("export")), "{theirs:?}");
    assert!(!mine.contains(&"session_imported".to_string()), "{mine:?}");
    assert_eq!(
        mine.iter().filter(|a| a.contains("export")).count(),
        1,
        "only the active user's own export: {mine:?}"
    );
}

/// Issue 20, item 10: `verify-backups` checks the vault inside a backup (present, and opening
/// with the identity beside it) and refuses files the manifest does not name and bytes after
/// the archive's end; each crafted backup used to pass, and would then have bricked the home
/// on restore.
#[test]
fn issue20_verify_backups_checks_the_vault_and_refuses_extras() {
    use sha2::Digest;
    use tidal_mcp::store::archive::{self, Snapshot, Sum};
    let env = TestEnv::new();
    env.login();
    let good = std::path::PathBuf::from(
        json_out(&env, &["backup", "--json"])["path"]
            .as_str()
            .unwrap(),
    );
    let id =
        tidal_mcp::vault::identity_from_file(&env.home.join("data/backup-identity.txt")).unwrap();
    let ids = vec![id.clone()];
    let dir = env.dir.path().join("crafted");
    std::fs::create_dir_all(&dir).unwrap();
    let mut n = 0;
    let mut craft = |change: &dyn Fn(&mut Snapshot)| {
        let mut snap = Snapshot::read(&good, &ids).unwrap();
        change(&mut snap);
        n += 1;
        let path = dir.join(archive::file_name(1_800_000_000_000 + n));
        let to: Vec<Box<dyn age::Recipient + Send>> = vec![Box::new(id.to_public())];
        snap.write(&path, &to).unwrap();
        path
    };
    let sum = |b: &[u8]| Sum {
        count: b.len() as u64,
        sha256: hex::encode(sha2::Sha256::digest(b)),
    };
    let no_vault = craft(&|s| {
        s.files.clear();
        s.manifest.files.clear();
    });
    let other_identity = craft(&|s| {
        let fresh = age::x25519::Identity::generate();
        let text = format!(
            "{}\n",
            age::secrecy::ExposeSecret::expose_secret(&fresh.to_string())
        );
        s.manifest
            .files
            .insert("identity.txt".into(), sum(text.as_bytes()));
        s.files.insert("identity.txt".into(), text.into_bytes());
    });
    let extra_file = craft(&|s| {
        s.files.insert("notes.txt".into(), b"unlisted".to_vec());
    });
    // Bytes after the archive's end: another gzip member in the encrypted payload.
    let trailing = {
        let mut plain = Vec::new();
        let d = age::Decryptor::new(std::fs::File::open(&good).unwrap()).unwrap();
        std::io::Read::read_to_end(
            &mut d
                .decrypt(std::iter::once(&id as &dyn age::Identity))
                .unwrap(),
            &mut plain,
        )
        .unwrap();
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        std::io::Write::write_all(&mut gz, b"more").unwrap();
        plain.extend(gz.finish().unwrap());
        let e = age::Encryptor::with_recipients(std::iter::once(
            &id.to_public() as &dyn age::Recipient
        ))
        .unwrap();
        let path = dir.join(archive::file_name(1_800_000_009_000));
        let mut w = e
            .wrap_output(std::fs::File::create(&path).unwrap())
            .unwrap();
        std::io::Write::write_all(&mut w, &plain).unwrap();
        w.finish().unwrap();
        path
    };
    // A home that never saved a vault backs up its identity alone: that is a usable backup.
    let identity_only = craft(&|s| {
        s.files.remove("vault.age");
        s.manifest.files.remove("vault.age");
    });
    let verify = |p: &std::path::Path| {
        env.cmd()
            .args(["verify-backups", "--json"])
            .arg(p)
            .output()
            .unwrap()
    };
    assert!(verify(&good).status.success(), "{:?}", verify(&good));
    assert!(
        verify(&identity_only).status.success(),
        "{:?}",
        verify(&identity_only)
    );
    for (path, why) in [
        (&no_vault, "not the vault and its identity"),
        (&other_identity, "does not open with the identity"),
        (&extra_file, "not in the manifest"),
        (&trailing, "bytes after the archive's end"),
    ] {
        let out = verify(path);
        let said = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(!out.status.success(), "{} passed: {said}", path.display());
        assert!(said.contains(why), "{}: {said}", path.display());
    }
    // restore checks the same before it replaces anything.
    let vault = env.home.join("data/vault/vault.age");
    let before = std::fs::read(&vault).unwrap();
    let out = env
        .cmd()
        .args(["restore", "--yes"])
        .arg(&no_vault)
        .output()
        .unwrap();
    assert!(!out.status.success(), "{out:?}");
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("not the vault and its identity"),
        "{out:?}"
    );
    assert_eq!(
        std::fs::read(&vault).unwrap(),
        before,
        "nothing was replaced"
    );
    assert_eq!(logged_in(&env), Value::Bool(true));
}

/// Issue 20, item 4: with a store the agent refuses (its schema record gone), the way out the
/// error names works: `verify-backups` checks the backups without the agent, and `restore`
/// keeps the broken store and vault aside (it cannot back them up) and puts the backup in
/// place; the home works again, logged in.
#[test]
fn issue20_a_broken_store_is_left_by_verify_backups_and_restore() {
    let env = TestEnv::new();
    env.login();
    let made = json_out(&env, &["backup", "--json"]);
    let path = made["path"].as_str().unwrap().to_string();
    env.cmd().args(["agent", "stop"]).assert().success();
    {
        let store = tidal_mcp::store::Store::open(&env.home.join("data/store")).unwrap();
        store.meta().remove(b"schema_version").unwrap();
        store.flush().unwrap();
    }
    let out = env.cmd().arg("status").output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr).to_string();
    assert!(
        !out.status.success() && err.contains("verify-backups"),
        "{err}"
    );

    let out = env
        .cmd()
        .args(["verify-backups", "--json"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let verdicts: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(verdicts[0]["ok"], true, "{verdicts}");
    assert!(String::from_utf8_lossy(&out.stderr).contains("without it"));

    let restored = json_out(&env, &["restore", &path, "--yes", "--json"]);
    let kept = std::path::PathBuf::from(restored["kept_aside"].as_str().unwrap());
    assert!(kept.join("store").is_dir() && kept.join("vault/vault.age").is_file());
    assert_eq!(logged_in(&env), Value::Bool(true));
    let verdict = json_out(&env, &["audit", "verify", "--json"]);
    assert_eq!(verdict["ok"], true, "{verdict}");
}

/// Issue 20, item 13: restore's safety backup is kept apart from the rotated ones, so cron's
/// backups with `--keep 1` never remove it.
#[test]
fn issue20_the_restore_safety_backup_outlives_rotation() {
    let env = TestEnv::new();
    env.login();
    let made = json_out(&env, &["backup", "--json"]);
    let restored = json_out(
        &env,
        &["restore", made["path"].as_str().unwrap(), "--yes", "--json"],
    );
    let safety = std::path::PathBuf::from(restored["safety_backup"].as_str().unwrap());
    for _ in 0..3 {
        env.cmd().args(["backup", "--keep", "1"]).assert().success();
    }
    assert!(safety.exists(), "{} was rotated away", safety.display());
    let out = env
        .cmd()
        .args(["verify-backups", "--json"])
        .arg(&safety)
        .output()
        .unwrap();
    assert!(out.status.success(), "the safety backup verifies: {out:?}");
}
