//! The one-owner-of-state rule, permissions, durability and corrupt files (D1, D2, D3 groundwork, S1, S2).

use std::io::{BufRead, BufReader};
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::process::Stdio;
use std::time::Duration;

use crate::common::TestEnv;

#[test]
fn eight_concurrent_commands_start_exactly_one_agent() {
    let env = TestEnv::new();
    let children: Vec<_> = (0..8)
        .map(|_| {
            env.std_cmd()
                .args(["health", "--json"])
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    let mut pids = std::collections::BTreeSet::new();
    for c in children {
        let out = c.wait_with_output().unwrap();
        let v: serde_json::Value = serde_json::from_slice(&out.stdout)
            .unwrap_or_else(|_| panic!("{}", String::from_utf8_lossy(&out.stderr)));
        let agent = v["checks"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["name"] == "agent")
            .unwrap();
        assert_eq!(agent["status"], "ok", "{agent}");
        pids.insert(agent["detail"].as_str().unwrap().to_string());
    }
    assert_eq!(pids.len(), 1, "more than one agent: {pids:?}");
    // And the process table agrees: one agent process for this home.
    let home = env.home.display().to_string();
    let agents = std::fs::read_dir("/proc")
        .unwrap()
        .flatten()
        .filter(|p| p.file_name().to_string_lossy().parse::<u32>().is_ok())
        .filter(|p| {
            let cmdline = std::fs::read(p.path().join("cmdline")).unwrap_or_default();
            let args: Vec<&[u8]> = cmdline.split(|b| *b == 0).collect();
            args.contains(&b"agent".as_slice())
                && args.contains(&b"--detached".as_slice())
                && std::fs::read(p.path().join("environ"))
                    .is_ok_and(|e| crate::common::contains(&e, &home))
        })
        .count();
    assert_eq!(agents, 1, "agent processes for this home");
}

#[test]
fn every_created_file_is_0600_and_dir_0700() {
    let env = TestEnv::new();
    env.login();
    env.cmd().args(["health"]).assert().success();
    for (path, _) in env.all_file_bytes() {
        let m = std::fs::metadata(&path).unwrap();
        assert_eq!(m.mode() & 0o777, 0o600, "{}", path.display());
    }
    fn dirs(p: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
        out.push(p.to_path_buf());
        for e in std::fs::read_dir(p).unwrap().flatten() {
            if e.file_type().unwrap().is_dir() {
                dirs(&e.path(), out);
            }
        }
    }
    let mut all = Vec::new();
    dirs(&env.home, &mut all);
    for d in all {
        assert_eq!(
            std::fs::metadata(&d).unwrap().mode() & 0o777,
            0o700,
            "{}",
            d.display()
        );
    }
}

#[test]
fn an_open_or_symlinked_home_is_refused() {
    let env = TestEnv::new();
    std::fs::create_dir_all(&env.home).unwrap();
    std::fs::set_permissions(&env.home, std::fs::Permissions::from_mode(0o755)).unwrap();
    let out = env.cmd().arg("status").output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("open to group or others") && err.contains("chmod 700"),
        "{err}"
    );

    let env2 = TestEnv::new();
    let real = env2.dir.path().join("real");
    std::fs::create_dir(&real).unwrap();
    std::fs::set_permissions(&real, std::fs::Permissions::from_mode(0o700)).unwrap();
    std::os::unix::fs::symlink(&real, &env2.home).unwrap();
    let out = env2.cmd().arg("status").output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("is a symlink"));
}

/// D1/D2: a writer acknowledges writes one by one and is killed at random points; every
/// acknowledged write is there after reopening, and the store always reopens.
#[test]
fn kill_9_after_acknowledged_writes_loses_nothing() {
    let writer = crate::common::example("durability_writer");
    let t = tempfile::tempdir().unwrap();
    let store_dir = t.path().join("store");
    let cycles: u64 = std::env::var("TIDAL_MCP_SOAK")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(12);
    let mut next = 0u64;
    for cycle in 0..cycles {
        let mut child = std::process::Command::new(&writer)
            .arg(&store_dir)
            .arg(next.to_string())
            .stdout(Stdio::piped())
            .spawn()
            .unwrap();
        let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
        // Kill after a pseudo-random number of acknowledgements.
        let target = 5 + (cycle * 7919 % 40);
        let mut acked = None;
        for _ in 0..target {
            match lines.next() {
                Some(Ok(l)) => acked = l.strip_prefix("ack ").and_then(|n| n.parse::<u64>().ok()),
                _ => break,
            }
        }
        // SAFETY-free: SIGKILL via the std API.
        child.kill().unwrap();
        child.wait().unwrap();
        let acked = acked.expect("writer acknowledged something");
        let store = tidal_mcp::store::Store::open(&store_dir).expect("store reopens after kill -9");
        for n in 0..=acked {
            assert!(
                store.users().get(n.to_be_bytes()).unwrap().is_some(),
                "cycle {cycle}: acknowledged write {n} lost"
            );
        }
        next = acked + 1;
    }
}

#[test]
fn a_corrupt_vault_is_named_and_left_untouched() {
    let env = TestEnv::new();
    env.login();
    env.cmd().args(["agent", "stop"]).assert().success();
    let vault = env.home.join("data/vault/vault.age");
    let mut bytes = std::fs::read(&vault).unwrap();
    let mid = bytes.len() / 2;
    bytes[mid] ^= 0x10;
    std::fs::write(&vault, &bytes).unwrap();
    let out = env
        .cmd()
        .arg("status")
        .timeout(Duration::from_secs(20))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(&format!("vault corrupt: {}", vault.display())),
        "{err}"
    );
    assert!(err.contains("hint:"), "{err}");
    assert_eq!(
        std::fs::read(&vault).unwrap(),
        bytes,
        "the vault was changed"
    );
    // health reports it as critical instead of failing outright
    let out = env.cmd().args(["health", "--json"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["status"], "critical");
}

#[test]
fn agent_stop_and_version_mismatch_replace_the_agent() {
    let env = TestEnv::new();
    env.cmd().args(["agent", "status"]).assert().code(1);
    env.cmd().arg("health").assert().success();
    let first = env
        .cmd()
        .args(["agent", "status", "--json"])
        .output()
        .unwrap();
    let first: serde_json::Value = serde_json::from_slice(&first.stdout).unwrap();
    // A "newer" client asks the old agent to step aside and starts its own.
    let out = env
        .cmd()
        .env("TIDAL_MCP_TEST_VERSION", "9.9.9")
        .args(["agent", "status", "--json"])
        .output()
        .unwrap();
    // agent status never starts an agent, so it first reports the mismatch as an error...
    assert!(!out.status.success());
    env.cmd()
        .env("TIDAL_MCP_TEST_VERSION", "9.9.9")
        .arg("health")
        .assert()
        .success();
    let second = env
        .cmd()
        .env("TIDAL_MCP_TEST_VERSION", "9.9.9")
        .args(["agent", "status", "--json"])
        .output()
        .unwrap();
    let second: serde_json::Value = serde_json::from_slice(&second.stdout).unwrap();
    assert_eq!(second["version"], "9.9.9");
    assert_ne!(first["pid"], second["pid"]);
    env.cmd()
        .env("TIDAL_MCP_TEST_VERSION", "9.9.9")
        .args(["agent", "stop"])
        .assert()
        .success();
    env.cmd().args(["agent", "status"]).assert().code(1);
}

/// D1 through the agent: an acknowledged `prefs set` survives kill -9 of the agent.
#[test]
fn kill_9_of_the_agent_after_an_acknowledged_write_loses_nothing() {
    let env = TestEnv::new();
    env.login();
    for n in 1..=6 {
        env.cmd()
            .args(["prefs", "set", &format!("search_limit={}", n * 5)])
            .assert()
            .success();
        let out = env
            .cmd()
            .args(["agent", "status", "--json"])
            .output()
            .unwrap();
        let pid = serde_json::from_slice::<serde_json::Value>(&out.stdout).unwrap()["pid"]
            .as_i64()
            .unwrap();
        // SAFETY: killing the test's own agent process.
        unsafe { libc::kill(pid as i32, libc::SIGKILL) };
        let t = std::time::Instant::now();
        while std::path::Path::new(&format!("/proc/{pid}")).exists()
            && t.elapsed() < Duration::from_secs(5)
        {
            std::thread::sleep(Duration::from_millis(10));
        }
        let out = env.cmd().args(["prefs", "get", "--json"]).output().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let p: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(p["search_limit"], n * 5, "cycle {n}");
    }
}

#[test]
fn an_idle_background_agent_exits_and_flushes() {
    let env = TestEnv::new().with_env("TIDAL_MCP_AGENT__IDLE_TIMEOUT_SECS", "1");
    env.cmd().arg("health").assert().success();
    let t = std::time::Instant::now();
    while env.home.join("run/agent.sock").exists() {
        assert!(
            t.elapsed() < Duration::from_secs(10),
            "agent did not exit when idle"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    let log = std::fs::read_to_string(env.home.join("run/agent.log")).unwrap();
    assert!(log.contains("no clients for 1s, exiting"), "{log}");
}

/// D2: a damaged store refuses the start with a message naming it, never a silent reset.
#[test]
fn a_damaged_store_is_named_and_not_reset() {
    let env = TestEnv::new();
    env.login();
    env.cmd().args(["agent", "stop"]).assert().success();
    let store = env.home.join("data/store");
    let db = store.join("db");
    let mut bytes = std::fs::read(&db).unwrap();
    for i in (0..bytes.len()).step_by(97) {
        bytes[i] ^= 0xff;
    }
    std::fs::write(&db, &bytes).unwrap();
    let out = env.cmd().arg("status").output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    if out.status.success() {
        // sled could still read it: then the data must all be there.
        assert!(
            String::from_utf8_lossy(&out.stderr).contains("Logged in"),
            "{err}"
        );
    } else {
        assert!(
            err.contains(&format!("store at {} is corrupt", store.display())),
            "{err}"
        );
        assert!(err.contains("hint:") && err.contains("backup"), "{err}");
    }
}

/// A home so deep that `run/agent.sock` would pass the Unix socket path limit still works: the
/// socket moves to a private per-user directory.
#[test]
fn a_very_long_home_path_still_gets_a_socket() {
    let mut env = TestEnv::new();
    env.home = env
        .dir
        .path()
        .join("a-rather-long-directory-name-for-testing".repeat(3))
        .join("home");
    env.cmd().args(["health", "--json"]).assert().success();
    let out = env
        .cmd()
        .args(["agent", "status", "--json"])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let socket = std::path::PathBuf::from(v["socket"].as_str().unwrap());
    assert!(socket.as_os_str().len() < 108, "{}", socket.display());
    assert!(!socket.starts_with(&env.home));
    let dir = socket.parent().unwrap();
    assert_eq!(std::fs::metadata(dir).unwrap().mode() & 0o777, 0o700);
    assert_eq!(
        std::fs::metadata(dir.parent().unwrap()).unwrap().mode() & 0o777,
        0o700
    );
}

/// An agent that `serve` starts leaves the caller's session (it calls `setsid` itself, so that
/// it can be spawned without a fork): the Ctrl-C that ends the MCP host's process group ends
/// `serve`, never the agent other clients share.
#[test]
fn an_agent_started_by_serve_survives_ctrl_c_to_the_hosts_process_group() {
    use std::io::Write;
    use std::os::unix::process::CommandExt;

    let env = TestEnv::new();
    let mut serve = env
        .std_cmd()
        .arg("serve")
        .process_group(0)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut stdin = serve.stdin.take().unwrap();
    writeln!(
        stdin,
        r#"{{"jsonrpc":"2.0","id":1,"method":"initialize","params":{{"protocolVersion":"2025-06-18","capabilities":{{}},"clientInfo":{{"name":"t","version":"1"}}}}}}"#
    )
    .unwrap();
    let mut line = String::new();
    BufReader::new(serve.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    assert!(line.contains("\"result\""), "{line}");
    let status = |env: &TestEnv| -> serde_json::Value {
        let out = env
            .cmd()
            .args(["agent", "status", "--json"])
            .output()
            .unwrap();
        serde_json::from_slice(&out.stdout).unwrap()
    };
    let agent = status(&env)["pid"].as_u64().expect("an agent runs") as i32;
    let serve_pid = serve.id() as i32;
    // SAFETY: getsid and kill on pids this test started.
    unsafe {
        assert_eq!(
            libc::getsid(agent),
            agent,
            "the agent leads its own session"
        );
        assert_ne!(libc::getsid(agent), libc::getsid(serve_pid));
        libc::kill(-serve_pid, libc::SIGINT);
    }
    serve.wait().unwrap();
    let after = status(&env);
    assert_eq!(after["pid"].as_u64(), Some(agent as u64), "{after}");
    env.cmd().args(["agent", "stop"]).assert().success();
}

/// Issue 21, item 4: `delete-user` on a corrupt vault says what the vault says to do (copy a
/// previous generation ...), not a generic storage hint.
#[test]
fn issue21_delete_user_on_a_corrupt_vault_prints_the_vaults_hint() {
    let env = TestEnv::new();
    env.login();
    env.cmd().args(["agent", "stop"]).assert().success();
    let vault = env.home.join("data/vault/vault.age");
    let mut bytes = std::fs::read(&vault).unwrap();
    let mid = bytes.len() / 2;
    bytes[mid] ^= 0x10;
    std::fs::write(&vault, &bytes).unwrap();
    let out = env.cmd().args(["delete-user", "--yes"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("copy a previous generation"), "{err}");
    assert!(!err.contains("free disk space"), "{err}");
}
