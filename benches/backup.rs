//! `cargo bench --bench backup`: `tidal-mcp backup` and `verify-backups` of a store with
//! 100,000 entries (docs/design.md section 12: backup under 3 s, verify under 5 s), measured
//! from outside on the release binary. The store is seeded through the library with cache-like
//! entries of a realistic size (about 600 bytes, half of them sealed-looking random bytes).
//! Prints medians of repeated runs and the archive size; asserts nothing.
#![allow(clippy::print_stdout)]

use std::process::Command;
use std::time::Instant;

const BIN: &str = env!("CARGO_BIN_EXE_tidal-mcp");

fn main() {
    let entries: u32 = std::env::var("BENCH_ENTRIES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100_000);
    let runs: usize = std::env::var("BENCH_RUNS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(5);
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path().join("home");
    {
        let store = tidal_mcp::store::Store::open(&home.join("data/store")).unwrap();
        let mut batch = sled::Batch::default();
        let mut noise = vec![0u8; 300];
        for i in 0..entries {
            rand::RngCore::fill_bytes(&mut rand::thread_rng(), &mut noise);
            let mut v = format!(
                r#"{{"id":{i},"title":"Track {i}","artist":{{"id":{},"name":"Artist {}"}},"duration":{},"isrc":"TEST{i:08}"}}"#,
                i % 977,
                i % 977,
                180 + i % 60
            )
            .into_bytes();
            v.extend_from_slice(&noise);
            batch.insert(&sha(i)[..], v);
        }
        store.cache().apply_batch(batch).unwrap();
        store.flush().unwrap();
    }
    let cmd = |args: &[&str]| {
        let mut c = Command::new(BIN);
        c.env("TIDAL_MCP_HOME", &home)
            .env("TIDAL_MCP_BACKUP__KEEP", "2")
            .env_remove("TIDAL_MCP_LOG")
            .args(args);
        c
    };
    // Start the agent once, so the figures are the operations, not the agent's start.
    assert!(cmd(&["agent", "status"]).output().unwrap().status.code() == Some(1));
    let _ = cmd(&["health"]).output().unwrap();
    let mut backup_ms = Vec::new();
    let mut verify_ms = Vec::new();
    let mut size = 0;
    let mut paused = Vec::new();
    for _ in 0..runs {
        let t = Instant::now();
        let out = cmd(&["backup", "--json"]).output().unwrap();
        backup_ms.push(t.elapsed().as_secs_f64() * 1000.0);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let made: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        size = made["bytes"].as_u64().unwrap();
        paused.push(made["paused_ms"].as_f64().unwrap());
        let path = made["path"].as_str().unwrap().to_string();
        let t = Instant::now();
        let out = cmd(&["verify-backups", &path, "--json"]).output().unwrap();
        verify_ms.push(t.elapsed().as_secs_f64() * 1000.0);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stdout)
        );
    }
    let _ = cmd(&["agent", "stop"]).output();
    let median = |v: &mut Vec<f64>| {
        v.sort_by(|a, b| a.partial_cmp(b).unwrap());
        v[v.len() / 2]
    };
    println!("store entries                 {entries}");
    println!(
        "backup (CLI round trip)       {:.0} ms median of {runs}",
        median(&mut backup_ms)
    );
    println!(
        "  writes paused while copying {:.0} ms median",
        median(&mut paused)
    );
    println!(
        "verify-backups (one archive)  {:.0} ms median of {runs}",
        median(&mut verify_ms)
    );
    println!(
        "archive size                  {:.1} MB",
        size as f64 / 1_048_576.0
    );
}

fn sha(i: u32) -> [u8; 32] {
    use sha2::Digest;
    sha2::Sha256::digest(i.to_be_bytes()).into()
}
