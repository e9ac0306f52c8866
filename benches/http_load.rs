//! `cargo bench --bench http_load`: 50 MCP clients over streamable HTTP, 20 `get_track` calls
//! each over 300 ids, against the fake TIDAL, with the default rate limits. Prints errors,
//! throughput, latency percentiles and the upstream requests made. `TIDAL_MCP_BIN` measures
//! another build of the binary (to compare before and after a change). Asserts nothing.
#![allow(clippy::print_stdout)]

#[path = "../tests/common/fake_official.rs"]
mod fake_official;
#[path = "../tests/common/fake_tidal/mod.rs"]
#[allow(dead_code)]
mod fake_tidal;
#[path = "../tests/common/oas.rs"]
#[allow(dead_code)]
mod oas;

use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::json;

const CLIENTS: usize = 50;
const CALLS: usize = 20;
const IDS: u64 = 300;

fn main() {
    if std::env::args().any(|a| a == "--list") {
        return;
    }
    let bin = std::env::var("TIDAL_MCP_BIN")
        .unwrap_or_else(|_| env!("CARGO_BIN_EXE_tidal-mcp").to_string());
    let fake = Arc::new(Mutex::new(fake_tidal::Fake::new()));
    let url = fake_tidal::start(fake.clone());
    let dir = tempfile::Builder::new()
        .prefix("tml")
        .tempdir_in("/tmp")
        .unwrap();
    let home = dir.path().join("home");
    let cmd = || {
        let mut c = Command::new(&bin);
        c.env_remove("TIDAL_MCP_LOG")
            .env("TIDAL_MCP_HOME", &home)
            .env("TIDAL_MCP_API_URL", &url)
            .env("TIDAL_MCP_AUTH_URL", &url)
            .env("TIDAL_CLIENT_ID", fake_tidal::CLIENT_ID)
            .env("TIDAL_CLIENT_SECRET", fake_tidal::CLIENT_SECRET);
        c
    };
    assert!(
        cmd()
            .args(["login", "--no-browser"])
            .status()
            .unwrap()
            .success()
    );
    let _ = cmd().args(["agent", "stop"]).status();
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let addr = format!("127.0.0.1:{port}");
    let mut server = cmd()
        .args(["serve", "--http", &addr])
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let started = Instant::now();
    while std::net::TcpStream::connect(&addr).is_err()
        && started.elapsed() < Duration::from_secs(10)
    {
        std::thread::sleep(Duration::from_millis(10));
    }
    std::thread::sleep(Duration::from_millis(200));
    let token = std::fs::read_to_string(home.join("run/http-token")).unwrap();
    let before = fake.lock().unwrap().count("GET", "/v1/tracks/");
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let endpoint = format!("http://{addr}/mcp");
    let t0 = Instant::now();
    let results: Vec<(Vec<f64>, usize)> = rt.block_on(async {
        let client = reqwest::Client::new();
        let tasks = (0..CLIENTS).map(|c| {
            let (client, endpoint, token) = (client.clone(), endpoint.clone(), token.trim().to_string());
            tokio::spawn(async move {
                let post = |body: serde_json::Value, session: Option<String>| {
                    let mut r = client
                        .post(&endpoint)
                        .bearer_auth(&token)
                        .header("accept", "application/json, text/event-stream")
                        .header("mcp-protocol-version", "2025-06-18")
                        .json(&body);
                    if let Some(s) = session {
                        r = r.header("mcp-session-id", s);
                    }
                    r.send()
                };
                let init = post(json!({"jsonrpc": "2.0", "id": 0, "method": "initialize", "params": {"protocolVersion": "2025-06-18", "capabilities": {}, "clientInfo": {"name": "load", "version": "1"}}}), None).await.unwrap();
                let session = init.headers().get("mcp-session-id").and_then(|v| v.to_str().ok()).map(str::to_string);
                let _ = init.text().await;
                let _ = post(json!({"jsonrpc": "2.0", "method": "notifications/initialized"}), session.clone()).await;
                let (mut lat, mut errors) = (Vec::new(), 0);
                for i in 0..CALLS {
                    let id = 1 + ((c * 7919 + i * 104_729) as u64 % IDS);
                    let t = Instant::now();
                    let r = post(json!({"jsonrpc": "2.0", "id": i + 1, "method": "tools/call", "params": {"name": "get_track", "arguments": {"track_id": id.to_string()}}}), session.clone()).await;
                    let ok = match r {
                        Ok(r) => r.text().await.map(|b| b.contains("\"isError\":false")).unwrap_or(false),
                        Err(_) => false,
                    };
                    lat.push(t.elapsed().as_secs_f64() * 1000.0);
                    if !ok {
                        errors += 1;
                    }
                }
                (lat, errors)
            })
        });
        futures::future::join_all(tasks).await.into_iter().map(Result::unwrap).collect()
    });
    let elapsed = t0.elapsed();
    let upstream = fake.lock().unwrap().count("GET", "/v1/tracks/") - before;
    let _ = server.kill();
    let _ = server.wait();
    let mut lat: Vec<f64> = results
        .iter()
        .flat_map(|(l, _)| l.iter().copied())
        .collect();
    let errors: usize = results.iter().map(|(_, e)| e).sum();
    lat.sort_by(|a, b| a.partial_cmp(b).unwrap());
    let p = |q: f64| lat[((lat.len() as f64 - 1.0) * q).round() as usize];
    println!(
        "http load: {CLIENTS} clients x {CALLS} get_track over {IDS} ids: {} calls, {errors} errors, {:.0} calls/s, p50 {:.2} ms, p95 {:.2} ms, p99 {:.2} ms, {upstream} upstream requests",
        lat.len(),
        lat.len() as f64 / elapsed.as_secs_f64(),
        p(0.5),
        p(0.95),
        p(0.99)
    );
}
