//! A raw MCP client over a child's stdio, for the benchmarks (`benches/stdio.rs` and the report
//! of `scripts/bench`): JSON-RPC lines in and out, nothing in between.

use std::io::{BufRead, BufReader, Write};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

/// An MCP server on the other end of a pipe pair.
pub struct Server {
    pub child: Child,
    out: BufReader<std::process::ChildStdout>,
    next: u64,
}

impl Server {
    /// Spawns `cmd` and completes `initialize`; returns the time from spawn to its result.
    pub fn start(mut cmd: Command) -> (Server, Duration) {
        let t = Instant::now();
        let mut child = cmd
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("server starts");
        let out = BufReader::new(child.stdout.take().unwrap());
        let mut s = Server {
            child,
            out,
            next: 0,
        };
        s.send(&json!({"jsonrpc": "2.0", "id": 0, "method": "initialize", "params": {"protocolVersion": "2025-06-18", "capabilities": {}, "clientInfo": {"name": "bench", "version": "1"}}}));
        let first = s.line();
        assert!(first.contains("\"result\""), "initialize failed: {first}");
        let took = t.elapsed();
        s.send(&json!({"jsonrpc": "2.0", "method": "notifications/initialized"}));
        (s, took)
    }
    pub fn send(&mut self, v: &Value) {
        let stdin = self.child.stdin.as_mut().unwrap();
        writeln!(stdin, "{v}").unwrap();
        stdin.flush().unwrap();
    }
    pub fn line(&mut self) -> String {
        let mut l = String::new();
        self.out.read_line(&mut l).unwrap();
        l
    }
    pub fn call(&mut self, name: &str, args: Value) -> String {
        self.next += 1;
        self.send(&json!({"jsonrpc": "2.0", "id": self.next, "method": "tools/call", "params": {"name": name, "arguments": args}}));
        loop {
            let l = self.line();
            // Skip notifications (logging) on the way.
            if l.contains("\"id\"") || l.is_empty() {
                return l;
            }
        }
    }
    pub fn request(&mut self, method: &str) -> Value {
        self.next += 1;
        self.send(&json!({"jsonrpc": "2.0", "id": self.next, "method": method, "params": {}}));
        serde_json::from_str(&self.line()).unwrap()
    }
    pub fn close(mut self) {
        drop(self.child.stdin.take());
        let _ = self.child.wait();
    }
}
