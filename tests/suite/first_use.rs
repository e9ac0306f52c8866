//! Issue 10: a new user's first ten minutes. The session keeps the app it was issued to, the
//! agent follows the settings of its callers, errors and help say what to do.

use serde_json::json;

use crate::common::TestEnv;
use crate::common::stdio::Mcp;

/// No client id in the serving process (the README's Cursor snippet passes no env).
const NO_CLIENT: &[(&str, &str)] = &[("TIDAL_CLIENT_ID", ""), ("TIDAL_CLIENT_SECRET", "")];

fn expire_every_token(env: &TestEnv) {
    for v in env.fake().access.values_mut() {
        v.1 = 0;
    }
}

fn session_json(env: &TestEnv) -> serde_json::Value {
    let out = env.cmd().args(["status", "--json"]).output().unwrap();
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn issue10_a_refresh_uses_the_client_the_session_was_issued_to() {
    let env = TestEnv::new();
    env.login();
    env.cmd().args(["agent", "stop"]).assert().success();
    let mut m = Mcp::spawn_with(&env, NO_CLIENT);
    expire_every_token(&env);
    let r = m.call("get_track", json!({"track_id": "5"}));
    assert_eq!(r["isError"], false, "{r}");
    assert_eq!(
        env.fake().count("POST", "/v1/oauth2/token#refresh_token"),
        1
    );

    // TIDAL refuses the app: the call fails saying why, and the session stays.
    env.fake().refuse_clients = true;
    expire_every_token(&env);
    let r = m.call("get_track", json!({"track_id": "6"}));
    assert_eq!(r["isError"], true, "{r}");
    let text = r["content"][0]["text"].as_str().unwrap();
    assert!(
        text.contains("cannot refresh the TIDAL session: bad client"),
        "{text}"
    );
    assert!(text.contains("the session is kept"), "{text}");
    drop(m);
    let s = session_json(&env);
    assert_eq!(s["revoked"], false, "{s}");
    assert_eq!(s["logged_in"], true, "{s}");

    // With the app accepted again, the same session works: nothing was lost.
    env.fake().refuse_clients = false;
    let mut m = Mcp::spawn_with(&env, NO_CLIENT);
    let r = m.call("get_track", json!({"track_id": "7"}));
    assert_eq!(r["isError"], false, "{r}");
}

#[test]
fn issue10_an_agent_started_without_a_client_id_logs_in_with_the_callers() {
    let env = TestEnv::new();
    // `status` before TIDAL_CLIENT_ID was exported starts an agent without one.
    env.cmd()
        .args(["status"])
        .env("TIDAL_CLIENT_ID", "")
        .env("TIDAL_CLIENT_SECRET", "")
        .assert()
        .code(1);
    env.login();
    env.cmd().args(["status"]).assert().success();
}

#[test]
fn issue10_the_agent_follows_the_settings_of_its_callers() {
    let env = TestEnv::new();
    let nowhere = [("TIDAL_MCP_API_URL", "http://127.0.0.1:9")];
    env.login();
    // An idle agent with other settings makes way, and the caller is told in one line.
    env.cmd().args(["status"]).envs(nowhere).assert().success();
    let mut m = Mcp::spawn_with(&env, &[]);
    let r = m.call("get_track", json!({"track_id": "5"}));
    assert_eq!(
        r["isError"], false,
        "the agent uses the caller's API URL: {r}"
    );

    // A busy one refuses, naming the setting and what to do.
    let out = env.cmd().args(["status"]).envs(nowhere).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("other settings (tidal.api_url)"), "{err}");
    assert!(err.contains("tidal-mcp agent stop"), "{err}");
    // `config show` says what the running agent uses, without disturbing it.
    let out = env
        .cmd()
        .args(["config", "show", "--json"])
        .envs(nowhere)
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["agent"]["differs"], json!(["tidal.api_url"]), "{v}");
    drop(m);

    let out = env.cmd().args(["status"]).envs(nowhere).output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("restarting the agent to use these settings (tidal.api_url)"),
        "{err}"
    );
}

#[test]
fn issue10_read_only_is_per_connection() {
    let env = TestEnv::new();
    env.login();
    let mut ro = Mcp::spawn_with(&env, &[("TIDAL_MCP_MCP__READ_ONLY", "true")]);
    let mut rw = Mcp::spawn(&env);
    let names = |m: &mut Mcp| -> Vec<String> {
        m.request("tools/list", json!({}))["result"]["tools"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t["name"].as_str().unwrap().to_string())
            .collect()
    };
    let (ro_tools, rw_tools) = (names(&mut ro), names(&mut rw));
    assert!(!ro_tools.contains(&"create_playlist".to_string()));
    assert!(rw_tools.contains(&"create_playlist".to_string()));
    let mut all = tidal_mcp::mcp::tool_names();
    let mut listed = rw_tools.clone();
    all.sort();
    listed.sort();
    assert_eq!(
        listed, all,
        "a read-write connection lists the whole catalogue"
    );
    let r = ro.request(
        "tools/call",
        json!({"name": "create_playlist", "arguments": {"title": "x"}}),
    );
    assert!(
        r.get("error").is_some(),
        "a read-only client cannot write: {r}"
    );
    let r = rw.call("create_playlist", json!({"title": "x"}));
    assert_eq!(r["isError"], false, "{r}");
}

/// Issue 10, list 4: config errors name the real key, where the value came from, and what is
/// allowed; unknown variables are errors with a did-you-mean; hints point at `config example`.
#[test]
fn issue10_config_errors_say_which_key_where_and_what_is_allowed() {
    let env = TestEnv::new();
    let stderr = |out: std::process::Output| {
        assert_eq!(out.status.code(), Some(2));
        String::from_utf8_lossy(&out.stderr).to_string()
    };
    let e = stderr(
        env.cmd()
            .args(["config", "show", "--set", "cache.l1.max_entries=-5"])
            .output()
            .unwrap(),
    );
    assert!(
        e.contains("config key `cache.l1.max_entries` in --set cache.l1.max_entries=-5: expected a whole number from 0 to 4294967295, found -5"),
        "{e}"
    );
    assert!(e.contains("`tidal-mcp config example`"), "{e}");
    assert!(
        !e.contains("config/tidal-mcp.toml"),
        "no source-tree path: {e}"
    );

    let e = stderr(
        env.cmd()
            .args(["config", "show"])
            .env("TIDAL_MCP_CACHE__L1__MAX_ENTRYS", "5")
            .output()
            .unwrap(),
    );
    assert!(
        e.contains("unknown environment variable TIDAL_MCP_CACHE__L1__MAX_ENTRYS"),
        "{e}"
    );
    assert!(
        e.contains("did you mean TIDAL_MCP_CACHE__L1__MAX_ENTRIES?"),
        "{e}"
    );

    let file = env.dir.path().join("bad.toml");
    std::fs::write(&file, "[cache]\n\n[cache.l1]\nmax_entriess = 3\n").unwrap();
    let e = stderr(
        env.cmd()
            .args(["config", "show"])
            .env("TIDAL_MCP_CONFIG", &file)
            .output()
            .unwrap(),
    );
    assert!(
        e.contains(&format!(
            "unknown config key `cache.l1.max_entriess` in {} line 4, column 1",
            file.display()
        )),
        "{e}"
    );
    assert!(e.contains("did you mean `cache.l1.max_entries`?"), "{e}");

    std::fs::write(&file, "[cache\nx = 1\n").unwrap();
    let e = stderr(
        env.cmd()
            .args(["config", "show"])
            .env("TIDAL_MCP_CONFIG", &file)
            .output()
            .unwrap(),
    );
    assert!(e.contains("is not valid TOML at line 1, column 7"), "{e}");

    // The hint's command works whatever the configuration.
    let out = env
        .cmd()
        .args(["config", "example"])
        .env("TIDAL_MCP_CONFIG", &file)
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).contains("max_entries"));
}

/// Issue 10, lists 5 and 6: what a user sees at once.
#[test]
fn issue10_small_things_a_user_sees() {
    let env = TestEnv::new();
    let out = env
        .cmd()
        .args(["login", "--no-browser", "--json"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let done: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(done["username"], "someone@example.com");
    // The second login names the user the same way as the first.
    let out = env.cmd().args(["login", "--no-browser"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("already logged in as someone@example.com")
    );

    // Times as local date-time and relative.
    let out = env.cmd().arg("status").output().unwrap();
    let msg = String::from_utf8_lossy(&out.stderr);
    assert!(
        msg.contains("expires 20") && msg.contains("(in 59 min)"),
        "{msg}"
    );
    assert!(!msg.contains("(unix)"), "{msg}");
    let out = env
        .cmd()
        .args(["audit", "show", "--since", "2020-01-01T00:00:00Z"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let table = String::from_utf8_lossy(&out.stdout);
    assert!(
        table.contains("time") && !table.contains("unix ms") && table.contains("(now)"),
        "{table}"
    );

    // Closed sets in any case; JSON where data is printed.
    env.cmd()
        .args(["prefs", "set", "audio_quality=lossless"])
        .assert()
        .success();
    let out = env
        .cmd()
        .args(["metrics", "export", "--json"])
        .output()
        .unwrap();
    assert!(serde_json::from_slice::<serde_json::Value>(&out.stdout).is_ok());
    let out = env.cmd().arg("man").output().unwrap();
    assert!(
        String::from_utf8_lossy(&out.stdout).starts_with(".ie"),
        "a roff page on stdout"
    );

    // An unreachable TIDAL is named; a bad order lists the good ones.
    let mut m = Mcp::spawn(&env);
    let r = m.call(
        "get_favorites",
        json!({"type": "tracks", "order": "POPULARITY"}),
    );
    let text = r["content"][0]["text"].as_str().unwrap();
    assert!(
        text.contains("`order`") && text.contains("\"RELEASE_DATE\""),
        "{text}"
    );
    drop(m);
    let mut m = Mcp::spawn_with(&env, &[("TIDAL_MCP_API_URL", "http://127.0.0.1:9")]);
    let r = m.call("get_track", json!({"track_id": "12"}));
    let text = r["content"][0]["text"].as_str().unwrap();
    assert!(
        text.contains("could not connect to http://127.0.0.1:9"),
        "{text}"
    );
}

#[test]
fn issue10_a_broken_config_fits_the_health_table() {
    let env = TestEnv::new();
    let out = env
        .cmd()
        .args(["health", "--set", "cache.l1.max_entries=-5"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let table = String::from_utf8_lossy(&out.stdout);
    assert!(table.contains("max_entries"), "{table}");
    for line in table.lines() {
        assert!(
            line.chars().count() <= 100,
            "{} columns: {line}",
            line.chars().count()
        );
    }
}

/// Issue 10, list 5: `serve` typed at a terminal says what it waits for instead of looking
/// hung (a pseudo-terminal from util-linux `script`, where it is installed).
#[test]
fn issue10_serve_on_a_terminal_says_what_it_waits_for() {
    let env = TestEnv::new();
    let mut cmd = std::process::Command::new("script");
    cmd.args(["-qec"])
        .arg(format!(
            "timeout 3 {} serve",
            crate::common::bin().display()
        ))
        .arg("/dev/null")
        .stdin(std::process::Stdio::null());
    for (k, v) in env.envs() {
        cmd.env(k, v);
    }
    let Ok(out) = cmd.output() else {
        println!("SKIPPED: no `script` to give serve a terminal");
        return;
    };
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("speaks MCP"), "{text}");
    env.cmd().args(["agent", "stop"]).assert().success();
}
