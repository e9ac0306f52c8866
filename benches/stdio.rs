//! `cargo bench`: the targets of docs/design.md section 12, measured from outside with raw JSON-RPC
//! lines over stdio against the release binary and the fake TIDAL server. Prints medians and
//! percentiles; asserts nothing (figures go into the issue notes).
#![allow(clippy::print_stdout)]

#[path = "../tests/common/fake_official.rs"]
mod fake_official;
#[path = "../tests/common/fake_tidal/mod.rs"]
#[allow(dead_code)]
mod fake_tidal;
#[path = "../tests/common/oas.rs"]
#[allow(dead_code)]
mod oas;
#[path = "support/stdio_client.rs"]
#[allow(dead_code)] // each benchmark uses part of the client
mod stdio_client;

use stdio_client::Server;

use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::Instant;

use serde_json::{Value, json};

const BIN: &str = env!("CARGO_BIN_EXE_tidal-mcp");

struct Env {
    _dir: tempfile::TempDir,
    vars: Vec<(String, String)>,
}

impl Env {
    fn cmd(&self) -> Command {
        let mut c = Command::new(BIN);
        c.env_remove("TIDAL_MCP_LOG");
        for (k, v) in &self.vars {
            c.env(k, v);
        }
        c
    }
}

fn pct(v: &mut [f64], p: f64) -> f64 {
    v.sort_by(|a, b| a.partial_cmp(b).unwrap());
    v[((v.len() as f64 - 1.0) * p).round() as usize]
}

fn rss_kb(pid: u32) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .unwrap_or_default()
        .lines()
        .find(|l| l.starts_with("VmRSS:"))
        .and_then(|l| l.split_whitespace().nth(1)?.parse().ok())
        .unwrap_or(0)
}

fn serve(env: &Env) -> Command {
    let mut c = env.cmd();
    c.arg("serve");
    c
}

fn main() {
    if std::env::args().any(|a| a == "--list") {
        return;
    }
    let fake = Arc::new(Mutex::new(fake_tidal::Fake::new()));
    {
        let mut f = fake.lock().unwrap();
        for id in 1001..=11_000 {
            f.tracks.insert(id, fake_tidal::track_json(id));
        }
    }
    let url = fake_tidal::start(fake.clone());
    let dir = tempfile::Builder::new()
        .prefix("tmb")
        .tempdir_in("/tmp")
        .unwrap();
    let env = Env {
        vars: vec![
            (
                "TIDAL_MCP_HOME".into(),
                dir.path().join("home").display().to_string(),
            ),
            ("TIDAL_MCP_API_URL".into(), url.clone()),
            ("TIDAL_MCP_AUTH_URL".into(), url),
            ("TIDAL_CLIENT_ID".into(), fake_tidal::CLIENT_ID.into()),
            (
                "TIDAL_CLIENT_SECRET".into(),
                fake_tidal::CLIENT_SECRET.into(),
            ),
            (
                "TIDAL_MCP_TIDAL__UPSTREAM_PER_SECOND".into(),
                "100000".into(),
            ),
            ("TIDAL_MCP_TIDAL__UPSTREAM_BURST".into(), "100000".into()),
            ("TIDAL_MCP_RATE_LIMITS__ENABLED".into(), "false".into()),
        ],
        _dir: dir,
    };
    assert!(
        env.cmd()
            .args(["login", "--no-browser"])
            .stderr(Stdio::null())
            .status()
            .unwrap()
            .success()
    );

    // health --json, agent up / down
    let mut up = Vec::new();
    let mut down = Vec::new();
    for _ in 0..10 {
        let t = Instant::now();
        env.cmd()
            .args(["health", "--json"])
            .stdout(Stdio::null())
            .status()
            .unwrap();
        up.push(t.elapsed().as_secs_f64() * 1000.0);
    }
    for _ in 0..5 {
        env.cmd()
            .args(["agent", "stop"])
            .stderr(Stdio::null())
            .status()
            .unwrap();
        let t = Instant::now();
        env.cmd()
            .args(["health", "--json"])
            .stdout(Stdio::null())
            .status()
            .unwrap();
        down.push(t.elapsed().as_secs_f64() * 1000.0);
    }
    println!(
        "health --json cold start: agent up median {:.2} ms, agent down median {:.2} ms",
        pct(&mut up, 0.5),
        pct(&mut down, 0.5)
    );

    // spawn to initialize result
    let mut up = Vec::new();
    let mut down = Vec::new();
    for _ in 0..20 {
        let (s, took) = Server::start(serve(&env));
        up.push(took.as_secs_f64() * 1000.0);
        s.close();
    }
    for _ in 0..5 {
        env.cmd()
            .args(["agent", "stop"])
            .stderr(Stdio::null())
            .status()
            .unwrap();
        let (s, took) = Server::start(serve(&env));
        down.push(took.as_secs_f64() * 1000.0);
        s.close();
    }
    println!(
        "serve spawn -> initialize result: agent up median {:.2} ms, agent down median {:.2} ms",
        pct(&mut up, 0.5),
        pct(&mut down, 0.5)
    );

    // cached tool call round trip
    let (mut s, _) = Server::start(serve(&env));
    s.call("get_track", json!({"track_id": "1"}));
    let n = 5000;
    let mut lat = Vec::with_capacity(n);
    let t0 = Instant::now();
    for _ in 0..n {
        let t = Instant::now();
        s.call("get_track", json!({"track_id": "1"}));
        lat.push(t.elapsed().as_secs_f64() * 1000.0);
    }
    let rate = n as f64 / t0.elapsed().as_secs_f64();
    println!(
        "cached get_track over stdio: p50 {:.3} ms, p95 {:.3} ms, {:.0} calls/s (one sequential client)",
        pct(&mut lat, 0.5),
        pct(&mut lat, 0.95),
        rate
    );

    // memory with 10,000 cache entries: default L1 (1,000 in memory, the rest in L2), then all in L1
    s.close();
    for l1 in ["1000", "20000"] {
        env.cmd()
            .args(["agent", "stop"])
            .stderr(Stdio::null())
            .status()
            .unwrap();
        let mut c = env.cmd();
        c.env("TIDAL_MCP_CACHE__L1__MAX_ENTRIES", l1);
        let (mut s, _) = Server::start({
            let mut c = c;
            c.arg("serve");
            c
        });
        let agent_pid: u32 = {
            let out = env
                .cmd()
                .args(["agent", "status", "--json"])
                .output()
                .unwrap();
            serde_json::from_slice::<Value>(&out.stdout).unwrap()["pid"]
                .as_u64()
                .unwrap() as u32
        };
        let before = rss_kb(agent_pid);
        let t = Instant::now();
        for id in 1001..=11_000 {
            s.call("get_track", json!({"track_id": id.to_string()}));
        }
        println!(
            "agent RSS with cache.l1.max_entries = {l1}: {:.1} MB idle, {:.1} MB with 10,000 cache entries (filled in {:.1} s); serve bridge RSS {:.1} MB",
            before as f64 / 1024.0,
            rss_kb(agent_pid) as f64 / 1024.0,
            t.elapsed().as_secs_f64(),
            rss_kb(s.child.id()) as f64 / 1024.0
        );
        s.close();
    }

    // vault load
    let vault_dir = env.vars[0].1.clone() + "/data/vault";
    let mut lat = Vec::new();
    for _ in 0..200 {
        let t = Instant::now();
        let v = tidal_mcp::vault::Vault::open(std::path::Path::new(&vault_dir), 5, 0).unwrap();
        lat.push(t.elapsed().as_secs_f64() * 1000.0);
        drop(v);
    }
    println!(
        "vault load (open + decrypt): median {:.3} ms",
        pct(&mut lat, 0.5)
    );

    // replay of a realistic session, twice ("today" and "tomorrow"), for the cache hit ratio
    env.cmd()
        .args(["agent", "stop"])
        .stderr(Stdio::null())
        .status()
        .unwrap();
    let (mut s, _) = Server::start(serve(&env));
    let cache_counts = |env: &Env| {
        let m = env
            .cmd()
            .args(["metrics", "export", "--format", "json"])
            .output()
            .unwrap();
        let v: Value = serde_json::from_slice(&m.stdout).unwrap();
        let series = v["tidal_mcp_cache_requests_total"]["series"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        let get = |r: &str| {
            series
                .iter()
                .find(|x| x["labels"]["result"] == r)
                .and_then(|x| x["value"].as_f64())
                .unwrap_or(0.0)
        };
        (get("hit"), get("miss"))
    };
    let mut day1 = (0.0, 0.0);
    for day in 0..2 {
        if day == 1 {
            day1 = cache_counts(&env);
        }
        for q in ["Track 1", "Track 2", "Track 3"] {
            s.call("search", json!({"query": q, "limit": 10}));
        }
        for a in 5001..5011 {
            s.call(
                "get_album",
                json!({"album_id": a.to_string(), "include_tracks": true}),
            );
        }
        for t in 10..40 {
            s.call("get_track", json!({"track_id": t.to_string()}));
        }
        let p: Value = serde_json::from_str(&s.call(
            "create_playlist",
            json!({"title": "replay", "track_ids": ["10", "11", "12"]}),
        ))
        .unwrap();
        let pid = p["result"]["structuredContent"]["playlist"]["id"]
            .as_str()
            .unwrap_or("")
            .to_string();
        for _ in 0..5 {
            s.call("get_playlist", json!({"playlist_id": pid}));
        }
        s.call(
            "add_to_playlist",
            json!({"playlist_id": pid, "track_ids": ["13", "14"]}),
        );
        for _ in 0..5 {
            s.call("get_playlist", json!({"playlist_id": pid}));
        }
        s.call("get_artist", json!({"artist_id": "9001"}));
        s.call("get_artist_top_tracks", json!({"artist_id": "9001"}));
    }
    let (hits, misses) = cache_counts(&env);
    s.close();
    let (h2, m2) = (hits - day1.0, misses - day1.1);
    println!(
        "replay day 2 alone: cache hit ratio {:.1}% ({h2} hits, {m2} misses)",
        100.0 * h2 / (h2 + m2).max(1.0)
    );
    let store_bytes: u64 = walk(&std::path::Path::new(&env.vars[0].1).join("data/store"));
    println!(
        "replay (two days of one session): cache hit ratio {:.1}% ({hits} hits, {misses} misses); store on disk {:.2} MB",
        100.0 * hits / (hits + misses).max(1.0),
        store_bytes as f64 / 1e6
    );
    env.cmd()
        .args(["agent", "stop"])
        .stderr(Stdio::null())
        .status()
        .unwrap();
    cache_hits_in_process(&env);
}

/// Cache lookups inside the agent, in-process: L1 hits, then L2 hits from a fresh agent state.
fn cache_hits_in_process(env: &Env) {
    let vars: std::collections::BTreeMap<String, String> = env.vars.iter().cloned().collect();
    let open = || {
        let config = tidal_mcp::config::Config::load_with(
            &tidal_mcp::config::FlagOverrides::default(),
            &vars,
        )
        .unwrap();
        tidal_mcp::agent::state::AgentState::open(config).unwrap()
    };
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    // Tracks the fake knows (1001..): the first pass fetches each once, the rest are hits.
    let id = |k: u64| (1001 + k).to_string();
    let keys = 1000;
    let (l1, l2) = rt.block_on(async {
        let state = open();
        for k in 0..keys {
            state.service.track(&id(k)).await.unwrap();
        }
        let mut l1 = Vec::new();
        for i in 0..20_000 {
            let t = Instant::now();
            state.service.track(&id(i % keys)).await.unwrap();
            l1.push(t.elapsed().as_secs_f64() * 1e6);
        }
        state.flush_all();
        drop(state);
        let state = open();
        let mut l2 = Vec::new();
        for k in 0..keys {
            let t = Instant::now();
            state.service.track(&id(k)).await.unwrap();
            l2.push(t.elapsed().as_secs_f64() * 1e6);
        }
        (l1, l2)
    });
    let (mut l1, mut l2) = (l1, l2);
    println!(
        "cache hit inside the agent: L1 p50 {:.1} us, p95 {:.1} us; L2 p50 {:.1} us, p95 {:.1} us",
        pct(&mut l1, 0.5),
        pct(&mut l1, 0.95),
        pct(&mut l2, 0.5),
        pct(&mut l2, 0.95)
    );
}

fn walk(p: &std::path::Path) -> u64 {
    std::fs::read_dir(p)
        .map(|rd| {
            rd.flatten()
                .map(|e| {
                    if e.path().is_dir() {
                        walk(&e.path())
                    } else {
                        e.metadata().map(|m| m.len()).unwrap_or(0)
                    }
                })
                .sum()
        })
        .unwrap_or(0)
}
