//! A raw MCP client over the stdio of `tidal-mcp serve`: JSON-RPC lines in and out.

use std::io::{BufRead, BufReader, Write};
use std::process::{Child, ChildStdin, ChildStdout, Stdio};
use std::time::Duration;

use serde_json::{Value, json};

use super::TestEnv;

pub struct Mcp {
    pub child: Child,
    stdin: Option<ChildStdin>,
    out: BufReader<ChildStdout>,
    next: u64,
    /// Responses that arrived before they were asked for (calls run concurrently).
    early: std::collections::HashMap<u64, Value>,
}

impl Mcp {
    pub fn spawn(env: &TestEnv) -> Mcp {
        Self::spawn_with(env, &[])
    }

    pub fn spawn_with(env: &TestEnv, extra: &[(&str, &str)]) -> Mcp {
        Self::start(env, extra, json!({}))
    }

    /// A client that declares `capabilities` at `initialize`.
    pub fn spawn_declaring(env: &TestEnv, capabilities: Value) -> Mcp {
        Self::start(env, &[], capabilities)
    }

    fn start(env: &TestEnv, extra: &[(&str, &str)], capabilities: Value) -> Mcp {
        let mut c = env.std_cmd();
        c.arg("serve")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null());
        for (k, v) in extra {
            c.env(k, v);
        }
        let mut child = c.spawn().unwrap();
        let stdin = child.stdin.take();
        let out = BufReader::new(child.stdout.take().unwrap());
        let mut m = Mcp {
            child,
            stdin,
            out,
            next: 100,
            early: Default::default(),
        };
        let init = m.request("initialize", json!({"protocolVersion": "2025-06-18", "capabilities": capabilities, "clientInfo": {"name": "test", "version": "1"}}));
        assert_eq!(init["result"]["serverInfo"]["name"], "tidal-mcp", "{init}");
        m.send(&json!({"jsonrpc": "2.0", "method": "notifications/initialized"}));
        m
    }

    pub fn send(&mut self, v: &Value) {
        let stdin = self.stdin.as_mut().expect("stdin open");
        writeln!(stdin, "{v}").unwrap();
        stdin.flush().unwrap();
    }

    /// Sends one line exactly as given (bad JSON included).
    pub fn send_raw(&mut self, line: &str) {
        let stdin = self.stdin.as_mut().expect("stdin open");
        writeln!(stdin, "{line}").unwrap();
        stdin.flush().unwrap();
    }

    pub fn read(&mut self) -> Value {
        let mut line = String::new();
        assert!(
            self.out.read_line(&mut line).unwrap() > 0,
            "serve closed stdout"
        );
        serde_json::from_str(&line)
            .unwrap_or_else(|e| panic!("not JSON-RPC on stdout: {line:?}: {e}"))
    }

    /// Reads until the response with `id` (skipping notifications).
    pub fn read_id(&mut self, id: u64) -> Value {
        if let Some(v) = self.early.remove(&id) {
            return v;
        }
        loop {
            let v = self.read();
            match v["id"].as_u64() {
                Some(got) if got == id => return v,
                Some(got) => {
                    self.early.insert(got, v);
                }
                None => {}
            }
        }
    }

    pub fn request(&mut self, method: &str, params: Value) -> Value {
        self.next += 1;
        let id = self.next;
        self.send(&json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        self.read_id(id)
    }

    /// Whether a response for `id` arrived while reading others.
    pub fn has_response(&self, id: u64) -> bool {
        self.early.contains_key(&id)
    }

    /// Sends a tools/call and returns its id without waiting.
    pub fn call_async(&mut self, name: &str, args: Value) -> u64 {
        self.next += 1;
        let id = self.next;
        self.send(&json!({"jsonrpc": "2.0", "id": id, "method": "tools/call", "params": {"name": name, "arguments": args}}));
        id
    }

    pub fn call(&mut self, name: &str, args: Value) -> Value {
        let id = self.call_async(name, args);
        self.read_id(id)["result"].clone()
    }

    /// Closes stdin and returns how long serve took to exit.
    pub fn close(mut self) -> Duration {
        drop(self.stdin.take());
        let t = std::time::Instant::now();
        loop {
            if self.child.try_wait().unwrap().is_some() {
                return t.elapsed();
            }
            if t.elapsed() > Duration::from_secs(10) {
                let _ = self.child.kill();
                return t.elapsed();
            }
            std::thread::sleep(Duration::from_millis(10));
        }
    }
}

/// `clients` MCP clients each send `per` `get_track` calls at once (all in flight together),
/// and every one succeeds. The clients are returned, still connected.
pub fn burst_of_track_reads(env: &TestEnv, clients: usize, per: usize) -> Vec<Mcp> {
    let mut all: Vec<Mcp> = (0..clients).map(|_| Mcp::spawn(env)).collect();
    let ids: Vec<Vec<u64>> = all
        .iter_mut()
        .enumerate()
        .map(|(c, m)| {
            (0..per)
                .map(|i| {
                    m.call_async(
                        "get_track",
                        json!({"track_id": (c * per + i + 1).to_string()}),
                    )
                })
                .collect()
        })
        .collect();
    for (m, ids) in all.iter_mut().zip(ids) {
        for id in ids {
            let r = m.read_id(id);
            assert_eq!(r["result"]["isError"], false, "{r}");
        }
    }
    all
}

/// The structured result of a successful tool call.
pub fn ok(result: &Value) -> &Value {
    assert_eq!(result["isError"], json!(false), "tool failed: {result}");
    &result["structuredContent"]
}
