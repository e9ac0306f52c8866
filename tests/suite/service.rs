//! The service layer through the real binary: rate limits and persisted penalties, audit
//! coverage of every sensitive operation, preferences applied by tools, several clients on one
//! agent (D3), and HTTP mode's guards (S5).

use std::time::Duration;

use serde_json::{Value, json};

use crate::common::stdio::{Mcp, ok};
use crate::common::{TestEnv, contains, fake_tidal};

fn limited_wait(r: &Value) -> u64 {
    assert_eq!(r["isError"], true, "expected a rate limit: {r}");
    let text = r["content"][0]["text"].as_str().unwrap();
    assert!(text.contains("search_queries"), "{text}");
    text.split("wait ")
        .nth(1)
        .and_then(|t| t.split(' ').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no wait in {text}"))
}

#[test]
fn searches_are_limited_and_the_penalty_escalates_and_survives_a_restart() {
    // 10 a minute: a slot frees every 6 s, more than a burst is held back (2 s), so the 11th
    // search is refused rather than smoothed.
    let env = TestEnv::new()
        .with_env("TIDAL_MCP_RATE_LIMITS__SEARCH_QUERIES__BURST", "0")
        .with_env("TIDAL_MCP_RATE_LIMITS__SEARCH_QUERIES__PER_MINUTE", "10");
    env.login();
    let mut m = Mcp::spawn(&env);
    for i in 0..10 {
        let r = m.call("search", json!({"query": format!("Track {i}")}));
        ok(&r);
    }
    let w1 = limited_wait(&m.call("search", json!({"query": "Track 21"})));
    // The searches above took part of the 6 s already.
    assert!((3..=6).contains(&w1), "wait {w1}");
    // A cached answer is still served while limited.
    ok(&m.call("search", json!({"query": "Track 0"})));
    let w2 = limited_wait(&m.call("search", json!({"query": "Track 22"})));
    let w3 = limited_wait(&m.call("search", json!({"query": "Track 23"})));
    assert!(
        w2 >= 2 * w1 - 1 && w3 >= 2 * w2 - 1,
        "escalates: {w1} {w2} {w3}"
    );
    drop(m);
    env.cmd().args(["agent", "stop"]).assert().success();
    let mut m = Mcp::spawn(&env);
    let w4 = limited_wait(&m.call("search", json!({"query": "Track 24"})));
    assert!(w4 >= w3, "the penalty survived the restart: {w3} then {w4}");
}

#[test]
fn every_sensitive_operation_is_audited_without_raw_user_ids() {
    let env = TestEnv::new().with_env(
        "TIDAL_MCP_RATE_LIMITS__PLAYLIST_OPERATIONS__PER_MINUTE",
        "100",
    );
    env.fake().token_lifetime_s = 60; // the first call refreshes
    env.login();
    env.fake().token_lifetime_s = 3600;
    let mut m = Mcp::spawn(&env);
    let p = m.call(
        "create_playlist",
        json!({"title": "A", "track_ids": ["1", "2", "3"]}),
    );
    let pid = ok(&p)["playlist"]["id"].as_str().unwrap().to_string();
    ok(&m.call(
        "update_playlist",
        json!({"playlist_id": pid, "title": "B", "public": true}),
    ));
    ok(&m.call(
        "add_to_playlist",
        json!({"playlist_id": pid, "track_ids": ["4"]}),
    ));
    ok(&m.call(
        "move_in_playlist",
        json!({"playlist_id": pid, "indices": [0], "to_index": 2}),
    ));
    ok(&m.call(
        "remove_from_playlist",
        json!({"playlist_id": pid, "track_ids": ["4"]}),
    ));
    ok(&m.call(
        "add_to_playlist",
        json!({"playlist_id": pid, "track_ids": ["1"], "allow_duplicates": true}),
    ));
    ok(&m.call(
        "dedupe_playlist",
        json!({"playlist_id": pid, "dry_run": false}),
    ));
    ok(&m.call(
        "delete_playlist",
        json!({"playlist_id": pid, "confirm": true}),
    ));
    ok(&m.call("add_favorites", json!({"type": "tracks", "ids": ["5"]})));
    ok(&m.call("remove_favorites", json!({"type": "tracks", "ids": ["5"]})));
    ok(&m.call("set_preferences", json!({"changes": {"search_limit": 7}})));
    drop(m);
    env.cmd().args(["vault", "rotate-key"]).assert().success();
    env.cmd()
        .args(["prefs", "set", "explicit_filter=true"])
        .assert()
        .success();
    env.cmd().arg("logout").assert().success();
    let out = env
        .cmd()
        .args(["audit", "show", "--json", "--limit", "1000"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let actions: Vec<&str> = v["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    for needed in [
        "login",
        "token_refresh",
        "create_playlist",
        "update_playlist",
        "add_to_playlist",
        "move_in_playlist",
        "remove_from_playlist",
        "dedupe_playlist",
        "delete_playlist",
        "add_favorites",
        "remove_favorites",
        "set_preferences",
        "vault.rotate_key",
        "prefs.set",
        "logout",
    ] {
        assert!(
            actions.contains(&needed),
            "{needed} not audited; have {actions:?}"
        );
    }
    assert!(
        !contains(&out.stdout, &fake_tidal::USER_ID.to_string()),
        "raw user id in the audit"
    );
    env.cmd().args(["audit", "verify"]).assert().success();
    for (path, bytes) in env.all_file_bytes() {
        if path.ends_with("agent.log") {
            assert!(
                !contains(&bytes, &fake_tidal::USER_ID.to_string()),
                "raw user id in the agent log"
            );
        }
    }
}

#[test]
fn preferences_shape_tool_answers() {
    let env = TestEnv::new();
    env.login();
    env.cmd()
        .args(["prefs", "set", "search_limit=3", "explicit_filter=true"])
        .assert()
        .success();
    let out = env.cmd().args(["prefs", "get", "--json"]).output().unwrap();
    let p: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(p["search_limit"], 3);
    env.cmd()
        .args(["prefs", "set", "search_limit=500"])
        .assert()
        .code(2);
    env.cmd()
        .args(["prefs", "set", "colour=blue"])
        .assert()
        .code(2);
    let mut m = Mcp::spawn(&env);
    let r = m.call("search", json!({"query": "Track 7"}));
    let items = ok(&r)["tracks"]["items"].as_array().unwrap().clone();
    assert!(items.len() <= 3 && !items.is_empty(), "{items:?}");
    assert!(
        items.iter().all(|t| t["explicit"] == false),
        "explicit filter"
    );
    let prefs = m.call("get_preferences", json!({}));
    assert_eq!(ok(&prefs)["preferences"]["search_limit"], 3);
    let bad = m.call(
        "set_preferences",
        json!({"changes": {"search_limit": "many"}}),
    );
    assert_eq!(bad["isError"], true);
}

/// D3: three MCP clients plus admin calls at once, all served by one agent.
#[test]
fn three_clients_and_admin_calls_share_one_agent() {
    let env = TestEnv::new();
    env.login();
    let mut clients: Vec<Mcp> = (0..3).map(|_| Mcp::spawn(&env)).collect();
    let admin: Vec<_> = ["health", "status"]
        .iter()
        .map(|c| {
            env.std_cmd()
                .arg(c)
                .stdout(std::process::Stdio::null())
                .stderr(std::process::Stdio::null())
                .spawn()
                .unwrap()
        })
        .collect();
    for (i, m) in clients.iter_mut().enumerate() {
        ok(&m.call("get_track", json!({"track_id": (i + 1).to_string()})));
    }
    for mut a in admin {
        assert!(a.wait().unwrap().success());
    }
    let out = env
        .cmd()
        .args(["agent", "status", "--json"])
        .output()
        .unwrap();
    let s: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(
        s["clients"].as_u64().unwrap() >= 4,
        "3 MCP clients + this admin call on one agent: {s}"
    );
}

/// S5: HTTP mode binds loopback, refuses a foreign Origin (403) and a missing token (401).
#[test]
fn http_mode_requires_the_token_and_a_local_origin() {
    let env = TestEnv::new();
    env.login();
    env.cmd().args(["agent", "stop"]).assert().success();
    let port = crate::common::free_port();
    let addr = format!("127.0.0.1:{port}");
    let mut server = env
        .std_cmd()
        .args(["serve", "--http", &addr])
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let token_file = env.home.join("run/http-token");
    let t = std::time::Instant::now();
    while !token_file.exists() && t.elapsed() < Duration::from_secs(10) {
        std::thread::sleep(Duration::from_millis(20));
    }
    let token = std::fs::read_to_string(&token_file).unwrap();
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let url = format!("http://{addr}/mcp");
    let init = json!({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"protocolVersion": "2025-06-18", "capabilities": {}, "clientInfo": {"name": "t", "version": "1"}}});
    let statuses = rt.block_on(async {
        let c = reqwest::Client::new();
        let post = |auth: Option<&str>, origin: Option<&str>| {
            let mut r = c
                .post(&url)
                .header("accept", "application/json, text/event-stream")
                .json(&init);
            if let Some(a) = auth {
                r = r.bearer_auth(a);
            }
            if let Some(o) = origin {
                r = r.header("origin", o);
            }
            r.send()
        };
        let mut out = Vec::new();
        for _ in 0..50 {
            if post(None, None).await.is_ok() {
                break;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        out.push(post(None, None).await.unwrap().status().as_u16());
        out.push(
            post(Some(&token), Some("http://evil.example"))
                .await
                .unwrap()
                .status()
                .as_u16(),
        );
        out.push(post(Some(&token), None).await.unwrap().status().as_u16());
        out
    });
    let _ = server.kill();
    let _ = server.wait();
    assert_eq!(statuses, vec![401, 403, 200]);
}
