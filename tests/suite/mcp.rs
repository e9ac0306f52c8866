//! MCP over stdio through the real binary against the fake TIDAL: tools, caching, pagination,
//! ETag retries, one refresh for many callers, the upstream quota, 429, stdout purity, exit.

use std::time::{Duration, Instant};

use serde_json::json;

use crate::common::TestEnv;
use crate::common::stdio::{Mcp, ok};

fn logged_in() -> TestEnv {
    let env = TestEnv::new();
    env.login();
    env
}

#[test]
fn tools_list_call_errors_and_cache() {
    let env = logged_in();
    let mut m = Mcp::spawn(&env);
    let tools = m.request("tools/list", json!({}));
    let names: Vec<&str> = tools["result"]["tools"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["name"].as_str().unwrap())
        .collect();
    for n in [
        "search",
        "get_track",
        "create_playlist",
        "add_to_playlist",
        "get_playlist",
        "remove_from_playlist",
        "recommend_tracks",
        "dedupe_playlist",
        "export_playlist",
    ] {
        assert!(names.contains(&n), "{n} missing");
    }
    for t in tools["result"]["tools"].as_array().unwrap() {
        assert!(
            t["outputSchema"].is_object() && t["annotations"].is_object(),
            "{}",
            t["name"]
        );
    }
    let before = env.fake().count("GET", "/v1/tracks/7");
    let r = m.call(
        "get_track",
        json!({"track_id": "https://tidal.com/browse/track/7"}),
    );
    assert_eq!(ok(&r)["track"]["id"], "7");
    assert_eq!(ok(&r)["track"]["artists"][0]["name"], "Artist 2");
    let r2 = m.call("get_track", json!({"track_id": "7"}));
    assert_eq!(ok(&r2), ok(&r));
    assert_eq!(
        env.fake().count("GET", "/v1/tracks/7") - before,
        1,
        "second call served from cache"
    );

    let bad = m.call("get_track", json!({"track_id": "7; rm"}));
    assert_eq!(bad["isError"], true);
    let bad = m.call("search", json!({"query": "x", "limit": 0}));
    assert_eq!(bad["isError"], true);
    let missing = m.call("get_track", json!({"track_id": "999999"}));
    assert_eq!(missing["isError"], true);
    assert!(
        missing["content"][0]["text"]
            .as_str()
            .unwrap()
            .contains("hint:")
    );
    let unknown = m.request(
        "tools/call",
        json!({"name": "no_such_tool", "arguments": {}}),
    );
    assert!(unknown["error"]["code"].is_number(), "{unknown}");
    let method = m.request("no/such/method", json!({}));
    assert_eq!(method["error"]["code"], -32601);
    assert!(
        m.close() < Duration::from_secs(2),
        "serve exits promptly on EOF (M3)"
    );
}

#[test]
fn playlists_read_whole_retry_412_and_show_writes() {
    let env = logged_in();
    env.fake().add_playlist(
        "11111111-2222-4333-8444-555555555555",
        "Big",
        (1..=230).collect(),
    );
    let mut m = Mcp::spawn(&env);
    let r = m.call("get_playlist", json!({"playlist_id": "https://tidal.com/browse/playlist/11111111-2222-4333-8444-555555555555", "all": true}));
    let items = ok(&r)["items"]["items"].as_array().unwrap().clone();
    assert_eq!(items.len(), 230);
    assert_eq!(items[229]["index"], 229);
    assert_eq!(items[229]["track"]["id"], "230");
    // every page request asked for at most 50
    assert!(
        env.fake()
            .log
            .iter()
            .filter(|l| l.path.ends_with("/items"))
            .all(|l| l.status == 200)
    );

    let created = m.call(
        "create_playlist",
        json!({"title": "Mine", "track_ids": ["1", "2"]}),
    );
    let pid = ok(&created)["playlist"]["id"].as_str().unwrap().to_string();
    assert_eq!(ok(&created)["added_ids"], json!(["1", "2"]));
    env.fake().fail_412 = 1;
    let added = m.call(
        "add_to_playlist",
        json!({"playlist_id": pid, "track_ids": ["3", "3", "1"]}),
    );
    assert_eq!(ok(&added)["added_ids"], json!(["3"]), "duplicates skipped");
    assert_eq!(
        env.fake().playlists[&pid].items,
        vec![1, 2, 3],
        "the add landed exactly once after a 412"
    );
    let read = m.call("get_playlist", json!({"playlist_id": pid}));
    assert_eq!(
        ok(&read)["items"]["items"].as_array().unwrap().len(),
        3,
        "read after write is fresh"
    );
    let removed = m.call(
        "remove_from_playlist",
        json!({"playlist_id": pid, "indices": [0]}),
    );
    assert_eq!(ok(&removed)["removed_indices"], json!([0]));
    let read = m.call("get_playlist", json!({"playlist_id": pid}));
    assert_eq!(ok(&read)["items"]["items"][0]["track"]["id"], "2");
    let oob = m.call(
        "remove_from_playlist",
        json!({"playlist_id": pid, "indices": [99]}),
    );
    assert_eq!(oob["isError"], true);
    let exported = m.call(
        "export_playlist",
        json!({"playlist_id": pid, "format": "m3u"}),
    );
    assert!(
        ok(&exported)["content"]
            .as_str()
            .unwrap()
            .starts_with("#EXTM3U")
    );
}

#[test]
fn favorites_read_whole_through_a_short_page() {
    let env = logged_in();
    {
        let mut f = env.fake();
        f.favorites.insert(
            "tracks".into(),
            (1..=130)
                .map(|i| (i, "2026-01-01T00:00:00.000+0000".to_string()))
                .collect(),
        );
        f.short_page_drop = 0;
    }
    let mut m = Mcp::spawn(&env);
    let r = m.call("get_favorites", json!({"type": "tracks", "limit": 1000}));
    assert_eq!(ok(&r)["items"].as_array().unwrap().len(), 130);
    assert_eq!(ok(&r)["total"], 130);
    // With short pages (items unavailable in the country) the walk still ends and keeps going
    // by what it got, not by what it asked for.
    env.fake().short_page_drop = 3;
    let r = m.call("get_favorites", json!({"type": "albums", "limit": 5}));
    assert_eq!(ok(&r)["total"], 0);
    let before = env.fake().log.len();
    let r = m.call(
        "add_favorites",
        json!({"type": "albums", "ids": ["1", "2"]}),
    );
    assert_eq!(ok(&r)["added"], json!(["1", "2"]));
    assert!(
        env.fake().log[before..]
            .iter()
            .any(|l| l.method == "POST" && l.path.contains("/favorites/albums")),
        "the write reached TIDAL"
    );
    env.fake().favorites.insert(
        "artists".into(),
        (1..=130).map(|i| (i, "x".to_string())).collect(),
    );
    let r = m.call("get_favorites", json!({"type": "artists", "limit": 1000}));
    let n = ok(&r)["items"].as_array().unwrap().len();
    assert!(
        (120..130).contains(&n),
        "short pages were followed to the end: {n}"
    );
}

/// A2: three clients with twenty calls each in flight when the token expires: one refresh.
#[test]
fn many_concurrent_calls_at_expiry_make_one_refresh() {
    let env = TestEnv::new()
        .with_env("TIDAL_MCP_TIDAL__UPSTREAM_PER_SECOND", "200")
        .with_env("TIDAL_MCP_TIDAL__UPSTREAM_BURST", "100");
    {
        let mut f = env.fake();
        f.token_lifetime_s = 60; // exactly the 60 s refresh margin: due at once
        f.rotate_refresh = true; // reusing a refresh token would revoke the grant
    }
    env.login();
    env.fake().token_lifetime_s = 3600;
    crate::common::stdio::burst_of_track_reads(&env, 3, 20);
    assert_eq!(
        env.fake().count("POST", "/v1/oauth2/token#refresh_token"),
        1
    );
}

/// A3: the upstream quota holds across clients, and nothing is sent before a Retry-After ends.
#[test]
fn upstream_quota_and_retry_after() {
    let env = TestEnv::new()
        .with_env("TIDAL_MCP_TIDAL__UPSTREAM_PER_SECOND", "20")
        .with_env("TIDAL_MCP_TIDAL__UPSTREAM_BURST", "2");
    env.login();
    let mut a = Mcp::spawn(&env);
    let mut b = Mcp::spawn(&env);
    let start = env.fake().log.len();
    let ia: Vec<u64> = (100..115)
        .map(|i| a.call_async("get_track", json!({"track_id": i.to_string()})))
        .collect();
    let ib: Vec<u64> = (200..215)
        .map(|i| b.call_async("get_track", json!({"track_id": i.to_string()})))
        .collect();
    ia.into_iter()
        .for_each(|i| assert_eq!(a.read_id(i)["result"]["isError"], false));
    ib.into_iter()
        .for_each(|i| assert_eq!(b.read_id(i)["result"]["isError"], false));
    let times: Vec<Instant> = env.fake().log[start..].iter().map(|l| l.at).collect();
    assert_eq!(times.len(), 30);
    for (i, t) in times.iter().enumerate() {
        let in_window = times[i..]
            .iter()
            .filter(|u| u.duration_since(*t) < Duration::from_secs(1))
            .count();
        assert!(
            in_window <= 22,
            "{in_window} requests within one second (quota 20/s, burst 2)"
        );
    }

    {
        let mut f = env.fake();
        f.fail_429 = 1;
        f.retry_after_s = 1;
    }
    let start = env.fake().log.len();
    let r = a.call("get_track", json!({"track_id": "321"}));
    assert_eq!(r["isError"], false, "{r}");
    let log = env.fake().log[start..].to_vec();
    assert_eq!(log[0].status, 429);
    assert!(
        log[1].at.duration_since(log[0].at) >= Duration::from_millis(990),
        "request sent before Retry-After ended"
    );
}

/// S4 and M3: at trace level stdout is only JSON-RPC; SIGTERM ends serve within 2 s.
#[test]
fn stdout_is_protocol_only_and_sigterm_exits() {
    let env = logged_in();
    let mut m = Mcp::spawn_with(&env, &[("TIDAL_MCP_LOG", "trace")]);
    for _ in 0..3 {
        m.call("search", json!({"query": "Track 1"}));
    }
    m.request("resources/read", json!({"uri": "tidal://me"}));
    m.request("prompts/list", json!({}));
    let pid = m.child.id() as i32;
    // SAFETY: sending SIGTERM to our own child.
    unsafe { libc::kill(pid, libc::SIGTERM) };
    let t = Instant::now();
    while m.child.try_wait().unwrap().is_none() {
        assert!(
            t.elapsed() < Duration::from_secs(2),
            "serve did not exit within 2 s of SIGTERM"
        );
        std::thread::sleep(Duration::from_millis(10));
    }
}

/// M1/M2 with the official Python MCP SDK (pinned in tests/python/requirements.txt; .ci/run
/// installs it into .venv and sets TIDAL_MCP_PYTHON).
#[test]
fn python_sdk_conformance() {
    let python = crate::common::python();
    let env = logged_in();
    let script =
        std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/python/conformance.py");
    let mut cmd = std::process::Command::new(python);
    cmd.arg(script).arg(crate::common::bin());
    for (k, v) in env.envs() {
        cmd.env(k, v);
    }
    let out = cmd.output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.contains(" passed, 0 failed"), "{stdout}");
    println!("{stdout}");
}

/// notifications/cancelled stops a long read: no response for it, no more pages fetched.
#[test]
fn a_cancelled_call_stops_fetching() {
    let env = logged_in();
    env.fake().add_playlist(
        "cccccccc-0000-4000-8000-000000000003",
        "Huge",
        (1..=1000).cycle().take(3000).collect(),
    );
    let mut m = Mcp::spawn(&env);
    let id = m.call_async(
        "get_playlist",
        json!({"playlist_id": "cccccccc-0000-4000-8000-000000000003", "all": true}),
    );
    // 60 pages at the default 10 requests/s take seconds; cancel after the first few.
    let t = Instant::now();
    while env.fake().count(
        "GET",
        "/v1/playlists/cccccccc-0000-4000-8000-000000000003/items",
    ) < 3
    {
        assert!(t.elapsed() < Duration::from_secs(10));
        std::thread::sleep(Duration::from_millis(10));
    }
    m.send(&json!({"jsonrpc": "2.0", "method": "notifications/cancelled", "params": {"requestId": id, "reason": "test"}}));
    let pong = m.request("ping", json!({}));
    assert!(pong.get("result").is_some(), "{pong}");
    let pages = env.fake().count(
        "GET",
        "/v1/playlists/cccccccc-0000-4000-8000-000000000003/items",
    );
    std::thread::sleep(Duration::from_millis(600));
    let later = env.fake().count(
        "GET",
        "/v1/playlists/cccccccc-0000-4000-8000-000000000003/items",
    );
    assert!(
        later <= pages + 1,
        "kept fetching after cancel: {pages} -> {later}"
    );
    assert!(later < 60, "fetched the whole playlist");
    let r = m.request("tools/list", json!({}));
    assert!(r.get("result").is_some());
    assert!(!m.has_response(id), "a cancelled request got a response");
}
