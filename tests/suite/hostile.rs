//! Issue 11: hostile and unlucky conditions, each reproduced first.

use crate::common::TestEnv;

/// Item 9: a symbolic link planted at `run/agent.log` or `run/agent.lock` is refused, not
/// followed out of the home.
#[test]
fn issue11_planted_links_in_the_run_dir_are_not_followed() {
    for name in ["agent.log", "agent.lock"] {
        let env = TestEnv::new();
        env.cmd().arg("status").assert().code(1);
        env.cmd().args(["agent", "stop"]).assert().success();
        let planted = env.home.join("run").join(name);
        let outside = env.dir.path().join(format!("outside-{name}"));
        let _ = std::fs::remove_file(&planted);
        std::os::unix::fs::symlink(&outside, &planted).unwrap();
        let out = env.cmd().arg("status").output().unwrap();
        assert_eq!(out.status.code(), Some(1), "{name}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains("is a symbolic link"), "{name}: {err}");
        assert!(
            !outside.exists(),
            "{name}: nothing was written through the link"
        );
    }
}

/// Item 6: the agent socket does not buffer a line of any size: a line past the cap closes
/// that connection, and the agent goes on serving.
#[test]
fn issue11_an_endless_admin_line_closes_the_connection_only() {
    use std::io::{BufRead, BufReader, Write};
    let env = TestEnv::new();
    env.login();
    let out = env.cmd().args(["config", "path", "--json"]).output().unwrap();
    let paths: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let socket = paths["socket"].as_str().unwrap();
    let mut s = std::os::unix::net::UnixStream::connect(socket).unwrap();
    let version = env!("CARGO_PKG_VERSION");
    writeln!(s, r#"{{"tidal_mcp": 1, "version": "{version}", "role": "admin"}}"#).unwrap();
    let mut reader = BufReader::new(s.try_clone().unwrap());
    let mut hello = String::new();
    reader.read_line(&mut hello).unwrap();
    assert!(hello.contains("\"ok\":true"), "{hello}");
    s.set_write_timeout(Some(std::time::Duration::from_secs(10)))
        .unwrap();
    let chunk = vec![b'x'; 64 * 1024];
    let mut sent = 0usize;
    while sent < 8 * 1024 * 1024 {
        if s.write_all(&chunk).is_err() {
            break; // the agent closed the connection
        }
        sent += chunk.len();
    }
    assert!(
        sent < 8 * 1024 * 1024,
        "the agent closed the connection part-way (it took {sent} bytes)"
    );
    drop(reader);
    env.cmd().arg("status").assert().success();
}
