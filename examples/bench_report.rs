//! The performance report (docs/PERFORMANCE.md), run by `scripts/bench`: everything measured
//! from outside over stdio with raw JSON-RPC lines against the binary named by `TIDAL_MCP_BIN`,
//! with the fake TIDAL on loopback; the same client workload against a Python peer
//! (`benches/peer/peer.py`, with `PEER_PYTHON`) and an echo floor (`ECHO_FLOOR`), with the
//! ratios. Medians of repeated runs; a markdown table on stdout. `--smoke`: a few iterations,
//! no peer (CI runs it so the report cannot rot). Asserts nothing about speed.
#![allow(clippy::print_stdout)]

#[path = "../tests/common/fake_official.rs"]
mod fake_official;
#[path = "../tests/common/fake_tidal/mod.rs"]
#[allow(dead_code)]
mod fake_tidal;
#[path = "../tests/common/oas.rs"]
#[allow(dead_code)]
mod oas;
#[path = "../benches/support/stdio_client.rs"]
mod stdio_client;

use stdio_client::Server;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::Instant;

use serde_json::{Value, json};

/// How many of each measurement: full run and `--smoke`.
struct Sizes {
    spawns_up: usize,
    spawns_down: usize,
    cached_calls: usize,
    uncached_calls: usize,
    cache_entries: u64,
    playlist_items: u64,
    store_entries: u32,
    backup_runs: usize,
}

const FULL: Sizes = Sizes {
    spawns_up: 30,
    spawns_down: 20,
    cached_calls: 5000,
    uncached_calls: 500,
    cache_entries: 10_000,
    playlist_items: 10_000,
    store_entries: 100_000,
    backup_runs: 3,
};

const SMOKE: Sizes = Sizes {
    spawns_up: 3,
    spawns_down: 2,
    cached_calls: 100,
    uncached_calls: 20,
    cache_entries: 200,
    playlist_items: 300,
    store_entries: 2_000,
    backup_runs: 1,
};

fn pct(v: &[f64], p: f64) -> f64 {
    let mut v = v.to_vec();
    v.sort_by(|a, b| a.partial_cmp(b).unwrap());
    v[((v.len() as f64 - 1.0) * p).round() as usize]
}

fn proc_kb(pid: u32, field: &str) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .unwrap_or_default()
        .lines()
        .find(|l| l.starts_with(field))
        .and_then(|l| l.split_whitespace().nth(1)?.parse().ok())
        .unwrap_or(0)
}

/// One of the servers compared.
#[derive(Clone)]
struct Subject {
    name: &'static str,
    command: Arc<dyn Fn() -> Command + Send + Sync>,
}

/// Latencies of `n` sequential cached calls on one connection, and the rate.
fn sequential(s: &mut Server, n: usize) -> (Vec<f64>, f64) {
    s.call("get_track", json!({"track_id": "1"}));
    let mut lat = Vec::with_capacity(n);
    let t0 = Instant::now();
    for _ in 0..n {
        let t = Instant::now();
        let r = s.call("get_track", json!({"track_id": "1"}));
        assert!(r.contains("\"result\""), "{r}");
        lat.push(t.elapsed().as_secs_f64() * 1000.0);
    }
    (lat, n as f64 / t0.elapsed().as_secs_f64())
}

/// Calls per second of `conns` connections calling at once, each sequentially.
fn parallel(subject: &Subject, conns: usize, n: usize) -> f64 {
    let mut servers: Vec<Server> = (0..conns)
        .map(|_| Server::start((subject.command)()).0)
        .collect();
    for s in &mut servers {
        s.call("get_track", json!({"track_id": "1"}));
    }
    let t0 = Instant::now();
    let handles: Vec<_> = servers
        .into_iter()
        .map(|mut s| {
            std::thread::spawn(move || {
                for _ in 0..n {
                    s.call("get_track", json!({"track_id": "1"}));
                }
                s.close();
            })
        })
        .collect();
    for h in handles {
        h.join().unwrap();
    }
    (conns * n) as f64 / t0.elapsed().as_secs_f64()
}

struct Table {
    rows: Vec<[String; 5]>,
}

impl Table {
    fn row(
        &mut self,
        what: &str,
        ours: String,
        peer: Option<String>,
        floor: Option<String>,
        ratio: Option<String>,
    ) {
        let dash = || "-".to_string();
        self.rows.push([
            what.to_string(),
            ours,
            peer.unwrap_or_else(dash),
            floor.unwrap_or_else(dash),
            ratio.unwrap_or_else(dash),
        ]);
    }
    fn print(&self) {
        println!("| measurement | tidal-mcp | Python peer | echo floor | ratios |");
        println!("|---|---|---|---|---|");
        for r in &self.rows {
            println!("| {} | {} | {} | {} | {} |", r[0], r[1], r[2], r[3], r[4]);
        }
    }
}

fn ms(v: f64) -> String {
    if v < 1.0 {
        format!("{v:.3} ms")
    } else {
        format!("{v:.1} ms")
    }
}

fn main() {
    let smoke = std::env::args().any(|a| a == "--smoke");
    let sizes = if smoke { &SMOKE } else { &FULL };
    let bin =
        PathBuf::from(std::env::var("TIDAL_MCP_BIN").expect("TIDAL_MCP_BIN names the binary"));
    let floor_bin = std::env::var("ECHO_FLOOR").ok().map(PathBuf::from);
    let peer_python = if smoke {
        None
    } else {
        std::env::var("PEER_PYTHON").ok().map(PathBuf::from)
    };

    // The fake TIDAL: 11,000 tracks and a playlist to read whole.
    let fake = Arc::new(Mutex::new(fake_tidal::Fake::new()));
    let big_playlist = "99999999-2222-4333-8444-555555555555";
    {
        let mut f = fake.lock().unwrap();
        for id in 1001..=11_000 {
            f.tracks.insert(id, fake_tidal::track_json(id));
        }
        f.add_playlist(big_playlist, "Big", (1..=sizes.playlist_items).collect());
    }
    let url = fake_tidal::start(fake.clone());
    let dir = tempfile::Builder::new()
        .prefix("tmr")
        .tempdir_in("/tmp")
        .unwrap();
    let home = dir.path().join("home");
    let vars: Vec<(String, String)> = vec![
        ("TIDAL_MCP_HOME".into(), home.display().to_string()),
        ("TIDAL_MCP_API_URL".into(), url.clone()),
        ("TIDAL_MCP_AUTH_URL".into(), url.clone()),
        ("TIDAL_MCP_OPENAPI_URL".into(), format!("{url}/openapi/v2")),
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
    ];
    let cmd = {
        let (bin, vars) = (bin.clone(), vars.clone());
        move |args: &[&str]| {
            let mut c = Command::new(&bin);
            c.env_remove("TIDAL_MCP_LOG").env_remove("TIDAL_MCP_CONFIG");
            for (k, v) in &vars {
                c.env(k, v);
            }
            c.args(args);
            c
        }
    };
    let run = |args: &[&str]| {
        let out = cmd(args).stdin(Stdio::null()).output().unwrap();
        assert!(
            out.status.success(),
            "tidal-mcp {args:?} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        out.stdout
    };
    run(&["login", "--no-browser"]);
    let ours = Subject {
        name: "tidal-mcp",
        command: Arc::new({
            let cmd = cmd.clone();
            move || cmd(&["serve"])
        }),
    };
    let mut others: Vec<Subject> = Vec::new();
    if let Some(py) = &peer_python {
        let py = py.clone();
        let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("benches/peer/peer.py");
        others.push(Subject {
            name: "peer",
            command: Arc::new(move || {
                let mut c = Command::new(&py);
                c.arg(&script);
                c
            }),
        });
    }
    if let Some(fb) = &floor_bin {
        let fb = fb.clone();
        others.push(Subject {
            name: "floor",
            command: Arc::new(move || Command::new(&fb)),
        });
    }
    let other = |name: &str| others.iter().find(|s| s.name == name).cloned();
    let mut t = Table { rows: Vec::new() };

    // 1. Spawn to initialize result.
    let spawn_times = |s: &Subject, n: usize| -> Vec<f64> {
        (0..n)
            .map(|_| {
                let (srv, took) = Server::start((s.command)());
                srv.close();
                took.as_secs_f64() * 1000.0
            })
            .collect()
    };
    let up = spawn_times(&ours, sizes.spawns_up);
    let mut down = Vec::new();
    let mut down_list = Vec::new();
    for _ in 0..sizes.spawns_down {
        run(&["agent", "stop"]);
        down.extend(spawn_times(&ours, 1));
        // What a host waits for before it can offer the tools: the first `tools/list` of a
        // fresh agent, which builds the tool catalogue.
        run(&["agent", "stop"]);
        let t = Instant::now();
        let (mut srv, _) = Server::start((ours.command)());
        let list = srv.request("tools/list");
        assert!(list["result"]["tools"].is_array(), "{list}");
        down_list.push(t.elapsed().as_secs_f64() * 1000.0);
        srv.close();
    }
    let peer_spawn = other("peer").map(|p| pct(&spawn_times(&p, sizes.spawns_down.max(5)), 0.5));
    let floor_spawn = other("floor").map(|f| pct(&spawn_times(&f, sizes.spawns_up), 0.5));
    let up50 = pct(&up, 0.5);
    t.row(
        "`serve` spawn to `initialize` result, agent up",
        ms(up50),
        peer_spawn.map(ms),
        floor_spawn.map(ms),
        peer_spawn.map(|p| format!("peer / tidal-mcp = {:.0}x", p / up50)),
    );
    t.row(
        "`serve` spawn to `initialize` result, agent down (starts it)",
        ms(pct(&down, 0.5)),
        None,
        None,
        None,
    );
    t.row(
        "`serve` spawn to the first `tools/list` result, agent down",
        ms(pct(&down_list, 0.5)),
        None,
        None,
        None,
    );

    // 2. Cached tool call round trip, one connection, and eight at once.
    let (mut srv, _) = Server::start((ours.command)());
    let (lat, rate) = sequential(&mut srv, sizes.cached_calls);
    let seq = |s: &Subject| {
        let (mut srv, _) = Server::start((s.command)());
        let r = sequential(&mut srv, sizes.cached_calls);
        srv.close();
        r
    };
    let peer_seq = other("peer").map(|p| seq(&p));
    let floor_seq = other("floor").map(|f| seq(&f));
    let (p50, p95, p99) = (pct(&lat, 0.5), pct(&lat, 0.95), pct(&lat, 0.99));
    let show = |r: &Option<(Vec<f64>, f64)>| {
        r.as_ref().map(|(l, _)| {
            format!(
                "{} / {} / {}",
                ms(pct(l, 0.5)),
                ms(pct(l, 0.95)),
                ms(pct(l, 0.99))
            )
        })
    };
    let mut ratio = Vec::new();
    if let Some((l, _)) = &peer_seq {
        ratio.push(format!("peer / tidal-mcp = {:.1}x", pct(l, 0.5) / p50));
    }
    if let Some((l, _)) = &floor_seq {
        ratio.push(format!("tidal-mcp / floor = {:.2}x", p50 / pct(l, 0.5)));
    }
    t.row(
        "cached `get_track` round trip p50 / p95 / p99, one connection",
        format!("{} / {} / {}", ms(p50), ms(p95), ms(p99)),
        show(&peer_seq),
        show(&floor_seq),
        (!ratio.is_empty()).then(|| ratio.join("; ")),
    );
    let per_conn = (sizes.cached_calls / 8).max(10);
    let eight = parallel(&ours, 8, per_conn);
    let peer_eight = other("peer").map(|p| parallel(&p, 8, per_conn));
    let floor_eight = other("floor").map(|f| parallel(&f, 8, per_conn));
    t.row(
        "cached calls per second, one connection",
        format!("{rate:.0}"),
        peer_seq.as_ref().map(|(_, r)| format!("{r:.0}")),
        floor_seq.as_ref().map(|(_, r)| format!("{r:.0}")),
        peer_seq
            .as_ref()
            .map(|(_, r)| format!("tidal-mcp / peer = {:.1}x", rate / r)),
    );
    t.row(
        "cached calls per second, 8 connections at once",
        format!("{eight:.0} ({:.2}x one)", eight / rate),
        peer_eight.map(|r| format!("{r:.0}")),
        floor_eight.map(|r| format!("{r:.0}")),
        peer_eight.map(|r| format!("tidal-mcp / peer = {:.1}x", eight / r)),
    );

    // 3. Uncached call overhead: the call minus the upstream request it makes.
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let http = reqwest::Client::new();
    let direct: Vec<f64> = (0..sizes.uncached_calls)
        .map(|i| {
            let u = format!("{url}/v1/tracks/{}?countryCode=DE", 2001 + i);
            let (access, _) = fake.lock().unwrap().issue(3600);
            let t0 = Instant::now();
            rt.block_on(http.get(&u).bearer_auth(access).send())
                .unwrap();
            t0.elapsed().as_secs_f64() * 1000.0
        })
        .collect();
    let uncached: Vec<f64> = (0..sizes.uncached_calls)
        .map(|i| {
            let t0 = Instant::now();
            let r = srv.call("get_track", json!({"track_id": (3001 + i).to_string()}));
            assert!(r.contains("\"isError\":false"), "{r}");
            t0.elapsed().as_secs_f64() * 1000.0
        })
        .collect();
    let (u50, d50) = (pct(&uncached, 0.5), pct(&direct, 0.5));
    t.row(
        "uncached `get_track`: call / the upstream request alone / overhead (p50)",
        format!("{} / {} / {}", ms(u50), ms(d50), ms(u50 - d50)),
        None,
        None,
        None,
    );

    // 4. Memory: the agent with 10,000 cache entries, and the bridge.
    let agent_pid = || -> u32 {
        let v: Value = serde_json::from_slice(&run(&["agent", "status", "--json"])).unwrap();
        v["pid"].as_u64().unwrap() as u32
    };
    let pid = agent_pid();
    let idle = proc_kb(pid, "VmRSS:");
    for id in 0..sizes.cache_entries {
        srv.call("get_track", json!({"track_id": (1001 + id).to_string()}));
    }
    t.row(
        &format!(
            "agent RSS idle / with {} cache entries; `serve` bridge RSS",
            sizes.cache_entries
        ),
        format!(
            "{:.1} MB / {:.1} MB; {:.1} MB",
            idle as f64 / 1024.0,
            proc_kb(pid, "VmRSS:") as f64 / 1024.0,
            proc_kb(srv.child.id(), "VmRSS:") as f64 / 1024.0
        ),
        None,
        None,
        None,
    );

    // 5. A 10,000-track playlist read whole (uncached).
    let before = proc_kb(pid, "VmHWM:");
    let t0 = Instant::now();
    let r = srv.call(
        "get_playlist",
        json!({"playlist_id": big_playlist, "all": true}),
    );
    let took = t0.elapsed();
    let v: Value = serde_json::from_str(&r).unwrap();
    let got = v["result"]["structuredContent"]["items"]["items"]
        .as_array()
        .map_or(0, Vec::len);
    assert_eq!(got as u64, sizes.playlist_items, "read whole");
    t.row(
        &format!(
            "{}-track playlist read whole: time; agent peak RSS before / after",
            sizes.playlist_items
        ),
        format!(
            "{}; {:.1} MB / {:.1} MB",
            ms(took.as_secs_f64() * 1000.0),
            before as f64 / 1024.0,
            proc_kb(pid, "VmHWM:") as f64 / 1024.0
        ),
        None,
        None,
        None,
    );

    // 6. The model-visible size of tools/list.
    let tools = srv.request("tools/list");
    let visible: Vec<Value> = tools["result"]["tools"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| json!({"name": t["name"], "description": t["description"], "inputSchema": t["inputSchema"]}))
        .collect();
    let text = serde_json::to_string(&visible).unwrap();
    let tokens = count_tokens(&text);
    t.row(
        &format!(
            "model-visible `tools/list` ({} tools: names, descriptions, input schemas)",
            visible.len()
        ),
        format!("{} bytes, {tokens}", text.len()),
        None,
        None,
        None,
    );
    srv.close();
    run(&["agent", "stop"]);

    // 7. Backup and verify-backups of a store with 100,000 entries.
    let (backup, verify, size) = backup_figures(&bin, dir.path(), sizes);
    t.row(
        &format!(
            "`backup` / `verify-backups` of a store with {} entries; archive size",
            sizes.store_entries
        ),
        format!(
            "{} / {}; {:.1} MB",
            ms(backup),
            ms(verify),
            size as f64 / 1_048_576.0
        ),
        None,
        None,
        None,
    );

    t.print();
    if smoke {
        println!("\n(smoke run: a few iterations, no peer; the figures mean nothing)");
    }
}

/// Tokens by a real tokenizer when `TOKENIZER_PYTHON` has one (scripts/bench installs it),
/// else an estimate (bytes / 4), said as such.
fn count_tokens(text: &str) -> String {
    let Ok(py) = std::env::var("TOKENIZER_PYTHON") else {
        return format!("~{} tokens (estimate: bytes / 4)", text.len() / 4);
    };
    let script = "import sys, anthropic\nprint(anthropic.Anthropic(api_key='unused').count_tokens(sys.stdin.read()))";
    let out = Command::new(py)
        .args(["-c", script])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .and_then(|mut c| {
            c.stdin.take().unwrap().write_all(text.as_bytes())?;
            c.wait_with_output()
        });
    match out {
        Ok(o) if o.status.success() => format!(
            "{} tokens (Claude tokenizer of the `anthropic` 0.34 package)",
            String::from_utf8_lossy(&o.stdout).trim()
        ),
        _ => format!("~{} tokens (estimate: bytes / 4)", text.len() / 4),
    }
}

/// Medians of `backup` and `verify-backups` (ms, round trips of the CLI with the agent up) and
/// the archive size, for a store seeded with cache-like entries of realistic size.
fn backup_figures(bin: &Path, dir: &Path, sizes: &Sizes) -> (f64, f64, u64) {
    let home = dir.join("backup-home");
    {
        let store = tidal_mcp::store::Store::open(&home.join("data/store")).unwrap();
        let mut batch = sled::Batch::default();
        let mut noise = vec![0u8; 300];
        for i in 0..sizes.store_entries {
            rand::RngCore::fill_bytes(&mut rand::thread_rng(), &mut noise);
            let mut v = format!(
                r#"{{"id":{i},"title":"Track {i}","artist":{{"id":{},"name":"Artist {}"}},"duration":{},"isrc":"TEST{i:08}"}}"#,
                i % 977,
                i % 977,
                180 + i % 60
            )
            .into_bytes();
            v.extend_from_slice(&noise);
            use sha2::Digest;
            let k: [u8; 32] = sha2::Sha256::digest(i.to_be_bytes()).into();
            batch.insert(&k[..], v);
        }
        store.cache().apply_batch(batch).unwrap();
        store.flush().unwrap();
    }
    let cmd = |args: &[&str]| {
        let mut c = Command::new(bin);
        c.env("TIDAL_MCP_HOME", &home)
            .env("TIDAL_MCP_BACKUP__KEEP", "2")
            .env_remove("TIDAL_MCP_LOG")
            .env_remove("TIDAL_MCP_CONFIG")
            .args(args)
            .stderr(Stdio::null());
        c
    };
    let _ = cmd(&["health"]).output();
    let (mut b, mut v, mut size) = (Vec::new(), Vec::new(), 0);
    for _ in 0..sizes.backup_runs {
        let t = Instant::now();
        let out = cmd(&["backup", "--json"]).output().unwrap();
        b.push(t.elapsed().as_secs_f64() * 1000.0);
        let made: Value = serde_json::from_slice(&out.stdout).unwrap();
        size = made["bytes"].as_u64().unwrap();
        let t = Instant::now();
        let ok = cmd(&["verify-backups", made["path"].as_str().unwrap()])
            .stdout(Stdio::null())
            .status()
            .unwrap();
        v.push(t.elapsed().as_secs_f64() * 1000.0);
        assert!(ok.success(), "the backup verifies");
    }
    let _ = cmd(&["agent", "stop"]).output();
    (pct(&b, 0.5), pct(&v, 0.5), size)
}
