//! The floor for scripts/bench: a process that answers MCP's `initialize` and `tools/call` on
//! stdio with canned results and does nothing else, so a measured round trip is only the pipes,
//! the process switches and reading one JSON line.

use std::io::{BufRead, Write};

fn main() {
    let stdin = std::io::stdin();
    let mut out = std::io::stdout().lock();
    for line in stdin.lock().lines() {
        let Ok(line) = line else { break };
        let Ok(msg) = serde_json::from_str::<serde_json::Value>(&line) else {
            continue;
        };
        let Some(id) = msg.get("id") else { continue };
        let result = match msg["method"].as_str() {
            Some("initialize") => serde_json::json!({
                "protocolVersion": "2025-06-18", "capabilities": {"tools": {}},
                "serverInfo": {"name": "echo-floor", "version": "1"}}),
            _ => serde_json::json!({"content": [{"type": "text", "text": "{}"}], "isError": false}),
        };
        let reply = serde_json::json!({"jsonrpc": "2.0", "id": id, "result": result});
        if writeln!(out, "{reply}").and_then(|_| out.flush()).is_err() {
            break;
        }
    }
}
