//! `login`, `status`, `logout` through the real binary against the fake, and S3: the test
//! tokens never show up in any output or file.

use crate::common::{TestEnv, contains};

#[test]
fn login_status_logout_end_to_end_without_leaking_tokens() {
    let env = TestEnv::new().with_env("TIDAL_MCP_LOG", "trace");
    let out = env
        .cmd()
        .args(["login", "--no-browser"])
        .timeout(std::time::Duration::from_secs(30))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("https://link.tidal.com") && err.contains("ABCDE"),
        "{err}"
    );
    assert!(
        err.contains("Logged in as someone@example.com (DE)"),
        "{err}"
    );

    let status = env.cmd().args(["status", "--json"]).output().unwrap();
    assert!(status.status.success());
    let v: serde_json::Value = serde_json::from_slice(&status.stdout).unwrap();
    assert_eq!(v["logged_in"], true);
    assert_eq!(v["user_id"], crate::common::fake_tidal::USER_ID.to_string());
    assert_eq!(v["country_code"], "DE");
    assert!(v["expires_at"].as_i64().unwrap() > 0);

    // A second login without a terminal needs --force.
    let again = env.cmd().args(["login", "--no-browser"]).output().unwrap();
    assert_eq!(again.status.code(), Some(2));

    let mut outputs = vec![out.stdout, out.stderr, status.stdout, status.stderr];
    let health = env
        .cmd()
        .args(["health", "--json", "--online"])
        .output()
        .unwrap();
    assert!(
        health.status.success(),
        "{}",
        String::from_utf8_lossy(&health.stdout)
    );
    outputs.extend([health.stdout, health.stderr]);
    let metrics = env.cmd().args(["metrics", "export"]).output().unwrap();
    outputs.extend([metrics.stdout, metrics.stderr]);
    let audit = env
        .cmd()
        .args(["audit", "show", "--json"])
        .output()
        .unwrap();
    outputs.extend([audit.stdout, audit.stderr]);

    let (access, refresh): (Vec<String>, Vec<String>) = {
        let f = env.fake();
        (
            f.access.keys().cloned().collect(),
            f.refresh.iter().cloned().collect(),
        )
    };
    assert!(!access.is_empty());
    for secret in access
        .iter()
        .chain(refresh.iter())
        .map(String::as_str)
        .chain([crate::common::fake_tidal::CLIENT_SECRET])
    {
        for o in &outputs {
            assert!(!contains(o, secret), "a token reached an output stream");
        }
        for (path, bytes) in env.all_file_bytes() {
            assert!(
                !contains(&bytes, secret),
                "a token is readable in {}",
                path.display()
            );
        }
    }
    // No raw user id in audit or metrics.
    let uid = crate::common::fake_tidal::USER_ID.to_string();
    assert!(
        !contains(&outputs[outputs.len() - 2], &uid),
        "user id in audit"
    );
    assert!(
        !contains(&outputs[outputs.len() - 4], &uid),
        "user id in metrics"
    );

    let out = env.cmd().arg("logout").output().unwrap();
    assert!(out.status.success());
    env.cmd().arg("status").assert().code(1);
    assert_eq!(env.fake().count("POST", "/v1/logout"), 1);
}

#[test]
fn login_without_credentials_says_how_to_configure_them() {
    let env = TestEnv::new();
    let out = env
        .cmd()
        .env_remove("TIDAL_CLIENT_ID")
        .env_remove("TIDAL_CLIENT_SECRET")
        .arg("login")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("TIDAL_CLIENT_ID"));
}

#[test]
fn ctrl_c_during_login_exits_130_and_stores_nothing() {
    use std::io::Read;
    let env = TestEnv::new();
    env.fake().poll_script = vec![crate::common::fake_tidal::Poll::Pending; 1000];
    let mut child = env
        .std_cmd()
        .args(["login", "--no-browser"])
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // Wait until it shows the code and polls at least once.
    let t = std::time::Instant::now();
    while env.fake().count("POST", "/v1/oauth2/token#urn") == 0 {
        assert!(
            t.elapsed() < std::time::Duration::from_secs(15),
            "login never polled"
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    // SAFETY: signalling our own child.
    unsafe { libc::kill(child.id() as i32, libc::SIGINT) };
    let status = child.wait().unwrap();
    let mut err = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut err)
        .unwrap();
    assert_eq!(status.code(), Some(130), "{err}");
    assert!(err.contains("ABCDE"));
    env.cmd().arg("status").assert().code(1);
    let polls = env.fake().count("POST", "/v1/oauth2/token#urn");
    std::thread::sleep(std::time::Duration::from_millis(2500));
    assert_eq!(
        env.fake().count("POST", "/v1/oauth2/token#urn"),
        polls,
        "the agent kept polling after Ctrl-C"
    );
}
