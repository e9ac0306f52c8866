//! Issue 11: hostile and unlucky conditions, each reproduced first.

use crate::common::TestEnv;

/// Item 9: a symbolic link planted at `run/agent.log` or `run/agent.lock` is refused, not
/// followed out of the home.
#[test]
fn issue11_planted_links_in_the_run_dir_are_not_followed() {
    for name in ["agent.log", "agent.lock"] {
        let env = TestEnv::new();
        env.cmd().arg("status").assert().code(1);
        env.cmd().args(["agent", "stop"]).assert().success();
        let planted = env.home.join("run").join(name);
        let outside = env.dir.path().join(format!("outside-{name}"));
        let _ = std::fs::remove_file(&planted);
        std::os::unix::fs::symlink(&outside, &planted).unwrap();
        let out = env.cmd().arg("status").output().unwrap();
        assert_eq!(out.status.code(), Some(1), "{name}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains("is a symbolic link"), "{name}: {err}");
        assert!(
            !outside.exists(),
            "{name}: nothing was written through the link"
        );
    }
}

/// Item 6: the agent socket does not buffer a line of any size: a line past the cap closes
/// that connection, and the agent goes on serving.
#[test]
fn issue11_an_endless_admin_line_closes_the_connection_only() {
    use std::io::{BufRead, BufReader, Write};
    let env = TestEnv::new();
    env.login();
    let out = env
        .cmd()
        .args(["config", "path", "--json"])
        .output()
        .unwrap();
    let paths: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let socket = paths["socket"].as_str().unwrap();
    let mut s = std::os::unix::net::UnixStream::connect(socket).unwrap();
    let version = env!("CARGO_PKG_VERSION");
    writeln!(
        s,
        r#"{{"tidal_mcp": 1, "version": "{version}", "role": "admin"}}"#
    )
    .unwrap();
    let mut reader = BufReader::new(s.try_clone().unwrap());
    let mut hello = String::new();
    reader.read_line(&mut hello).unwrap();
    assert!(hello.contains("\"ok\":true"), "{hello}");
    s.set_write_timeout(Some(std::time::Duration::from_secs(10)))
        .unwrap();
    let chunk = vec![b'x'; 64 * 1024];
    let mut sent = 0usize;
    while sent < 8 * 1024 * 1024 {
        if s.write_all(&chunk).is_err() {
            break; // the agent closed the connection
        }
        sent += chunk.len();
    }
    assert!(
        sent < 8 * 1024 * 1024,
        "the agent closed the connection part-way (it took {sent} bytes)"
    );
    drop(reader);
    env.cmd().arg("status").assert().success();
}

/// Item 10: `serve` whose agent goes away says so and exits 1, instead of exiting 0 silently.
#[test]
fn issue11_serve_says_when_its_agent_goes_away() {
    use std::io::Write;
    use std::process::Stdio;
    let env = TestEnv::new();
    let mut child = env
        .std_cmd()
        .arg("serve")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    writeln!(stdin, r#"{{"jsonrpc":"2.0","id":1,"method":"ping"}}"#).unwrap();
    // Wait until the agent exists, then stop it under the running bridge.
    let started = std::time::Instant::now();
    while !env
        .cmd()
        .args(["agent", "status"])
        .output()
        .unwrap()
        .status
        .success()
    {
        assert!(started.elapsed().as_secs() < 10, "no agent");
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    env.cmd().args(["agent", "stop"]).assert().success();
    let out = child.wait_with_output().unwrap();
    drop(stdin);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("the tidal-mcp agent closed the connection"),
        "{err}"
    );
}

/// Item 10: JSON-RPC's own codes over stdio: not JSON -> -32700 with `id: null`; a known method
/// with malformed params keeps its id and gets -32602; the session goes on after each.
#[test]
fn issue11_bad_json_rpc_lines_get_their_codes_and_ids() {
    use serde_json::json;
    let env = TestEnv::new();
    env.login();
    let mut m = crate::common::stdio::Mcp::spawn(&env);
    let mut raw = |line: &str| {
        m.send_raw(line);
        m.read()
    };
    let v = raw("{\"jsonrpc\": \"2.0\", \"id\": 5, \"method\"");
    assert_eq!(
        (&v["id"], &v["error"]["code"]),
        (&json!(null), &json!(-32700)),
        "{v}"
    );
    let v = raw(r#"{"jsonrpc":"2.0","id":6,"method":"tools/call","params":{"name":123}}"#);
    assert_eq!(
        (&v["id"], &v["error"]["code"]),
        (&json!(6), &json!(-32602)),
        "{v}"
    );
    let v = raw(r#"{"jsonrpc":"2.0","id":"seven","method":"resources/read","params":[1]}"#);
    assert_eq!(
        (&v["id"], &v["error"]["code"]),
        (&json!("seven"), &json!(-32602)),
        "{v}"
    );
    let v = raw(r#"{"jsonrpc":"2.0","id":8,"method":"no/such","params":{}}"#);
    assert_eq!(
        (&v["id"], &v["error"]["code"]),
        (&json!(8), &json!(-32601)),
        "{v}"
    );
    let v = m.request("tools/list", json!({}));
    assert!(
        v["result"]["tools"]
            .as_array()
            .is_some_and(|t| !t.is_empty()),
        "{v}"
    );
}

/// Item 10: the bearer scheme in any case; ending a session answers 200, as clients expect.
#[test]
fn issue11_http_bearer_scheme_in_any_case_and_session_delete_is_200() {
    let env = TestEnv::new();
    let (mut server, addr) = env.serve_http();
    let token = std::fs::read_to_string(env.home.join("run/http-token")).unwrap();
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let url = format!("http://{addr}/mcp");
    let (init, delete) = rt.block_on(async {
        let c = reqwest::Client::new();
        let init = c
            .post(&url)
            .header("authorization", format!("bearer {token}"))
            .header("accept", "application/json, text/event-stream")
            .json(&serde_json::json!({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"protocolVersion": "2025-06-18", "capabilities": {}, "clientInfo": {"name": "t", "version": "1"}}}))
            .send()
            .await
            .unwrap();
        let session = init.headers().get("mcp-session-id").cloned();
        let status = init.status().as_u16();
        let mut del = c
            .delete(&url)
            .header("authorization", format!("Bearer {token}"));
        if let Some(s) = session {
            del = del.header("mcp-session-id", s);
        }
        (status, del.send().await.unwrap().status().as_u16())
    });
    let _ = server.kill();
    let _ = server.wait();
    assert_eq!((init, delete), (200, 200));
}

/// Item 4: logout purges the tokens from every kept vault generation: copying an older one
/// back does not log anyone in.
#[test]
fn issue11_logout_leaves_no_tokens_in_vault_generations() {
    let env = TestEnv::new();
    env.login();
    env.cmd()
        .args(["login", "--no-browser", "--force"])
        .assert()
        .success();
    let vault_dir = env.home.join("data/vault");
    let generations: Vec<_> = std::fs::read_dir(&vault_dir)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            let n = p.file_name().unwrap().to_string_lossy().to_string();
            n.starts_with("vault.age.") && n.trim_start_matches("vault.age.").parse::<u32>().is_ok()
        })
        .collect();
    assert!(!generations.is_empty(), "logins kept earlier generations");
    env.cmd().arg("logout").assert().success();
    env.cmd().args(["agent", "stop"]).assert().success();
    for g in generations.iter().filter(|g| g.exists()) {
        std::fs::copy(g, vault_dir.join("vault.age")).unwrap();
        let out = env.cmd().args(["status", "--json"]).output().unwrap();
        let s: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(s["logged_in"], false, "{} still logs in", g.display());
        env.cmd().args(["agent", "stop"]).assert().success();
    }
}

/// Item 1 / D5: on a full disk a write is refused before it reaches TIDAL (its audit entry
/// could not be stored); with space back and the agent restarted, data and chain are intact.
/// Runs where a small tmpfs can be mounted (root, as in CI); elsewhere it says so and passes.
#[test]
fn issue11_a_full_disk_refuses_writes_cleanly_and_recovers() {
    use serde_json::json;
    let env = TestEnv::new();
    let mnt = env.dir.path().join("small");
    let Some(_unmount) = crate::common::Tmpfs::mount(&mnt, "16m") else {
        println!("SKIPPED: cannot mount a tmpfs here (needs root)");
        return;
    };
    let env = env.with_env("TIDAL_MCP_HOME", mnt.join("home").to_str().unwrap());
    env.login();
    let mut m = crate::common::stdio::Mcp::spawn(&env);
    assert_eq!(
        m.call("create_playlist", json!({"title": "before"}))["isError"],
        false
    );
    // Fill the disk.
    let filler = mnt.join("filler");
    {
        use std::io::Write;
        let mut f = std::fs::File::create(&filler).unwrap();
        let block = vec![0u8; 64 * 1024];
        while f.write_all(&block).and_then(|_| f.sync_all()).is_ok() {}
    }
    // sled has room left in its current segment: write until a write is refused.
    let posts = env
        .fake()
        .count("PUT", "/v2/my-collection/playlists/folders/create-playlist");
    let mut acknowledged = 0;
    let refusal = loop {
        let r = m.call("create_playlist", json!({"title": "while full"}));
        if r["isError"] == true {
            break r["content"][0]["text"].as_str().unwrap().to_string();
        }
        acknowledged += 1;
        assert!(acknowledged < 2000, "the full disk never refused a write");
    };
    assert!(refusal.contains("could not be stored"), "{refusal}");
    assert_eq!(
        env.fake()
            .count("PUT", "/v2/my-collection/playlists/folders/create-playlist"),
        posts + acknowledged,
        "the refused write never reached TIDAL"
    );
    // Space back: the same agent and the same client write again, with no restart (the store
    // is reopened in place; attempts are at most one a second).
    std::fs::remove_file(&filler).unwrap();
    let started = std::time::Instant::now();
    loop {
        let r = m.call("create_playlist", json!({"title": "after"}));
        if r["isError"] == false {
            break;
        }
        assert!(
            started.elapsed() < std::time::Duration::from_secs(5),
            "the store never came back: {r}"
        );
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    env.cmd()
        .args(["prefs", "set", "search_limit=33"])
        .assert()
        .success();
    drop(m);
    env.cmd().args(["audit", "verify"]).assert().success();
}

/// Item 8: a client that meets an agent dying (kill -9 while it connects or asks) gets a new
/// agent and its answer, never `Connection reset by peer`. The race is real: each cycle kills
/// the agent while `status` is on its way.
#[test]
fn issue11_a_dying_agent_is_replaced_for_read_only_commands() {
    let env = TestEnv::new();
    env.login();
    let cycles: usize = std::env::var("TIDAL_MCP_SOAK")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(15);
    for cycle in 0..cycles {
        let out = env
            .cmd()
            .args(["agent", "status", "--json"])
            .output()
            .unwrap();
        let pid = serde_json::from_slice::<serde_json::Value>(&out.stdout).unwrap()["pid"]
            .as_i64()
            .unwrap_or(0) as i32;
        let status = env
            .std_cmd()
            .args(["status", "--json"])
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        if pid > 0 {
            // SAFETY: signalling the agent this test started.
            unsafe { libc::kill(pid, libc::SIGKILL) };
        }
        let out = status.wait_with_output().unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "cycle {cycle}: {err}");
        assert!(!err.contains("reset by peer"), "cycle {cycle}: {err}");
    }
}

/// Item 2 / S5: idle connections to the HTTP port, past every cap, lock nobody out: the owner's
/// commands answer at once, the idle ones are closed after the header deadline, and a real
/// client gets in again. (`TIDAL_MCP_SOAK` raises the count.)
#[test]
fn issue11_idle_http_connections_lock_nobody_out() {
    let idle: usize = std::env::var("TIDAL_MCP_SOAK")
        .ok()
        .and_then(|v| v.parse::<usize>().ok())
        .map(|n| n * 20)
        .unwrap_or(300);
    let env = TestEnv::new()
        .with_env("TIDAL_MCP_HTTP__HEADER_TIMEOUT_SECS", "1")
        .with_env("TIDAL_MCP_HTTP__MAX_CONNECTIONS_PER_PEER", "16");
    env.login();
    env.cmd().args(["agent", "stop"]).assert().success();
    let (mut server, addr) = env.serve_http();
    let conns: Vec<_> = (0..idle)
        .filter_map(|_| std::net::TcpStream::connect(&addr).ok())
        .collect();
    assert!(conns.len() > 100, "opened {}", conns.len());
    let t = std::time::Instant::now();
    env.cmd().arg("status").assert().success();
    let took = t.elapsed();
    println!(
        "status with {} idle HTTP connections: {took:?}",
        conns.len()
    );
    assert!(took.as_secs() < 5, "the owner was kept waiting {took:?}");
    // The idle ones are closed by the agent after the header deadline.
    let mut probe = conns.into_iter().next().unwrap();
    probe
        .set_read_timeout(Some(std::time::Duration::from_secs(10)))
        .unwrap();
    let mut buf = [0u8; 1];
    assert_eq!(
        std::io::Read::read(&mut probe, &mut buf).unwrap_or(0),
        0,
        "closed"
    );
    // And a real request gets through again.
    let token = std::fs::read_to_string(env.home.join("run/http-token")).unwrap();
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let status = rt.block_on(async {
        let c = reqwest::Client::new();
        let started = std::time::Instant::now();
        loop {
            let r = c
                .post(format!("http://{addr}/mcp"))
                .bearer_auth(token.trim())
                .header("accept", "application/json, text/event-stream")
                .json(&serde_json::json!({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"protocolVersion": "2025-06-18", "capabilities": {}, "clientInfo": {"name": "t", "version": "1"}}}))
                .send()
                .await;
            match r {
                Ok(r) if r.status() == 200 => return 200,
                _ if started.elapsed().as_secs() >= 10 => return 0,
                _ => tokio::time::sleep(std::time::Duration::from_millis(50)).await,
            }
        }
    });
    assert_eq!(status, 200, "a real client got in again");
    let _ = server.kill();
    let _ = server.wait();
}

/// Item 5: listeners share the agent's one token, written only once a listener is up; a failed
/// listener changes nothing; a listener lives as long as its `serve --http`; `/healthz` and
/// `/metrics` are on it behind the same token.
#[test]
fn issue11_http_listeners_token_lifetime_and_status_routes() {
    let env = TestEnv::new();
    env.login();
    env.cmd().args(["agent", "stop"]).assert().success();
    let token_file = env.home.join("run/http-token");
    let (mut first, a) = env.serve_http();
    let token = std::fs::read_to_string(&token_file).unwrap();

    // A busy port: that `serve --http` fails and the token file is as it was.
    let busy = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let busy_addr = busy.local_addr().unwrap().to_string();
    let out = env
        .cmd()
        .args(["serve", "--http", &busy_addr])
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert_eq!(std::fs::read_to_string(&token_file).unwrap(), token);

    // A second listener of the same agent shares the token; it stops with its process.
    let (mut second, b) = env.serve_http();
    assert_eq!(std::fs::read_to_string(&token_file).unwrap(), token);
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let get = |addr: &str, path: &str, auth: bool| {
        rt.block_on(async {
            let mut r = reqwest::Client::new().get(format!("http://{addr}{path}"));
            if auth {
                r = r.bearer_auth(token.trim());
            }
            let r = r.send().await.unwrap();
            (r.status().as_u16(), r.text().await.unwrap())
        })
    };
    for addr in [&a, &b] {
        let (code, body) = get(addr, "/healthz", true);
        assert_eq!(code, 200, "{body}");
        assert!(body.contains("\"checks\""), "{body}");
        // Issue 20 (14): the overall status, as `health --json` has it.
        let v: serde_json::Value = serde_json::from_str(&body).unwrap();
        assert!(
            ["healthy", "warning"].contains(&v["status"].as_str().unwrap_or("")),
            "{body}"
        );
        let (code, body) = get(addr, "/metrics", true);
        assert_eq!(code, 200);
        assert!(body.contains("tidal_mcp_"), "{body}");
        assert_eq!(get(addr, "/healthz", false).0, 401);
    }
    let _ = second.kill();
    let _ = second.wait();
    let started = std::time::Instant::now();
    while std::net::TcpStream::connect(&b).is_ok() {
        assert!(
            started.elapsed().as_secs() < 10,
            "{b} still listens after its serve ended"
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    assert_eq!(
        get(&a, "/healthz", true).0,
        200,
        "the first listener goes on"
    );
    let _ = first.kill();
    let _ = first.wait();
}

/// Issue 20, item 15: idle connections from another local user (a process running as another
/// uid) fill only that user's share; the owner's request still gets an answer. Before, every
/// loopback peer counted against one per-address cap, and the owner got 503.
#[test]
fn issue20_another_users_connections_leave_the_owner_room() {
    let env = TestEnv::new()
        .with_env("TIDAL_MCP_HTTP__MAX_CONNECTIONS", "40")
        .with_env("TIDAL_MCP_HTTP__MAX_CONNECTIONS_PER_PEER", "20")
        .with_env("TIDAL_MCP_HTTP__HEADER_TIMEOUT_SECS", "60");
    env.login();
    env.cmd().args(["agent", "stop"]).assert().success();
    let (_server, addr) = env.serve_http();
    let (host, port) = addr.rsplit_once(':').unwrap();
    // Another account's process: 40 idle connections, held until its stdin closes.
    let script = format!(
        "import os, socket, sys, encodings.idna\n\
         os.setgroups([]); os.setgid(54321); os.setuid(54321)\n\
         held = [socket.create_connection(('{host}', {port})) for _ in range(40)]\n\
         print('held', flush=True)\n\
         sys.stdin.read()\n"
    );
    let mut other = match std::process::Command::new("python3")
        .args(["-c", &script])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
    {
        Ok(c) => crate::common::Reaped(c),
        Err(e) => panic!("python3: {e}"),
    };
    let mut line = String::new();
    std::io::BufRead::read_line(
        &mut std::io::BufReader::new(other.stdout.take().unwrap()),
        &mut line,
    )
    .unwrap();
    if line.trim() != "held" {
        let mut err = String::new();
        std::io::Read::read_to_string(&mut other.stderr.take().unwrap(), &mut err).unwrap();
        if err.contains("PermissionError") {
            println!("SKIPPED: cannot run a process as another user here (needs root)");
            return;
        }
        panic!("the other user's process: {line} {err}");
    }
    std::thread::sleep(std::time::Duration::from_millis(200));
    let token = std::fs::read_to_string(env.home.join("run/http-token")).unwrap();
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let status = rt.block_on(async {
        reqwest::Client::new()
            .get(format!("http://{addr}/healthz"))
            .bearer_auth(token.trim())
            .send()
            .await
            .map(|r| r.status().as_u16())
            .unwrap_or(0)
    });
    assert_eq!(
        status, 200,
        "the owner was refused while another user held connections"
    );
}
