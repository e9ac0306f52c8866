//! The shared test environment: a private home, a fake TIDAL on loopback, the real binary.
#![allow(dead_code)]

pub mod fake_official;
pub mod fake_tidal;
pub mod inprocess;
pub mod oas;
pub mod schema_lint;
pub mod stdio;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};

use fake_tidal::{Fake, Shared};

/// Waits (up to 10 s) until something accepts connections at `addr`.
pub fn wait_listening(addr: &str) {
    let started = std::time::Instant::now();
    while std::net::TcpStream::connect(addr).is_err() {
        assert!(started.elapsed().as_secs() < 10, "{addr} never listened");
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
}

/// A loopback port that was free a moment ago.
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// An example of this crate, which `cargo test` builds beside the test binary:
/// `<target>/<profile>/{deps,examples}`.
pub fn example(name: &str) -> PathBuf {
    let path = std::env::current_exe()
        .unwrap()
        .parent()
        .and_then(|deps| deps.parent())
        .unwrap()
        .join("examples")
        .join(name);
    assert!(
        path.exists(),
        "cargo test builds examples: {}",
        path.display()
    );
    path
}

pub fn bin() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_tidal-mcp"))
}

/// A small tmpfs mounted at a directory (which it creates), unmounted when dropped: a disk that
/// fills. `None` where mounting is not allowed (it needs root).
pub struct Tmpfs(PathBuf);

impl Tmpfs {
    pub fn mount(dir: &Path, size: &str) -> Option<Tmpfs> {
        std::fs::create_dir_all(dir).unwrap();
        let mounted = Command::new("mount")
            .args([
                "-t",
                "tmpfs",
                "-o",
                &format!("size={size},mode=0700"),
                "tmpfs",
            ])
            .arg(dir)
            .status()
            .is_ok_and(|s| s.success());
        mounted.then(|| Tmpfs(dir.to_path_buf()))
    }
}

impl Drop for Tmpfs {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg("-l").arg(&self.0).status();
    }
}

/// A child process killed and waited for when dropped.
pub struct Reaped(pub std::process::Child);

impl std::ops::Deref for Reaped {
    type Target = std::process::Child;
    fn deref(&self) -> &Self::Target {
        &self.0
    }
}

impl std::ops::DerefMut for Reaped {
    fn deref_mut(&mut self) -> &mut Self::Target {
        &mut self.0
    }
}

impl Drop for Reaped {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

pub struct TestEnv {
    pub dir: tempfile::TempDir,
    pub home: PathBuf,
    pub fake: Shared,
    pub url: String,
    pub extra_env: Vec<(String, String)>,
}

impl TestEnv {
    pub fn new() -> TestEnv {
        let dir = tempfile::Builder::new()
            .prefix("tm")
            .tempdir_in("/tmp")
            .unwrap();
        let home = dir.path().join("home");
        let fake = Arc::new(Mutex::new(Fake::new()));
        let url = fake_tidal::start(fake.clone());
        TestEnv {
            dir,
            home,
            fake,
            url,
            extra_env: Vec::new(),
        }
    }

    pub fn with_env(mut self, k: &str, v: &str) -> TestEnv {
        self.extra_env.push((k.into(), v.into()));
        self
    }

    pub fn envs(&self) -> Vec<(String, String)> {
        let mut v = vec![
            (
                "TIDAL_MCP_HOME".to_string(),
                self.home.display().to_string(),
            ),
            ("TIDAL_MCP_API_URL".into(), self.url.clone()),
            ("TIDAL_MCP_AUTH_URL".into(), self.url.clone()),
            ("TIDAL_MCP_LOGIN_URL".into(), self.url.clone()),
            (
                "TIDAL_MCP_OPENAPI_URL".into(),
                format!("{}/openapi/v2", self.url),
            ),
            ("TIDAL_CLIENT_ID".into(), fake_tidal::CLIENT_ID.into()),
            (
                "TIDAL_CLIENT_SECRET".into(),
                fake_tidal::CLIENT_SECRET.into(),
            ),
            ("TIDAL_MCP_AGENT__IDLE_TIMEOUT_SECS".into(), "60".into()),
            // Most tests use every tool; the default set is tested on its own (footprint.rs,
            // and the SDK scripts, which turn toolsets on as a model would).
            ("TIDAL_MCP_MCP__TOOL_SET".into(), "full".into()),
        ];
        v.extend(self.extra_env.iter().cloned());
        v
    }

    pub fn std_cmd(&self) -> Command {
        let mut c = Command::new(bin());
        c.env_remove("TIDAL_MCP_CONFIG").env_remove("TIDAL_MCP_LOG");
        for (k, v) in self.envs() {
            c.env(k, v);
        }
        c.stdin(Stdio::null());
        c
    }

    pub fn cmd(&self) -> assert_cmd::Command {
        assert_cmd::Command::from_std(self.std_cmd())
    }

    /// Starts `serve --http` on a free loopback port and waits until it listens and its token
    /// file is there; returns the process (killed when dropped, so a failing test leaves no
    /// server holding its output open) and the address.
    pub fn serve_http(&self) -> (Reaped, String) {
        let addr = format!("127.0.0.1:{}", free_port());
        let child = self
            .std_cmd()
            .args(["serve", "--http", &addr])
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        wait_listening(&addr);
        // The token file is written just after the port is bound.
        let token = self.home.join("run/http-token");
        let started = std::time::Instant::now();
        while !token.exists() {
            assert!(started.elapsed().as_secs() < 10, "no token file");
            std::thread::sleep(std::time::Duration::from_millis(10));
        }
        (Reaped(child), addr)
    }

    /// Logs in through the real binary (device flow against the fake).
    pub fn login(&self) {
        self.cmd()
            .arg("login")
            .arg("--no-browser")
            .timeout(std::time::Duration::from_secs(30))
            .assert()
            .success();
    }

    pub fn fake(&self) -> std::sync::MutexGuard<'_, Fake> {
        self.fake.lock().unwrap()
    }

    /// Every byte of every file under the home.
    pub fn all_file_bytes(&self) -> Vec<(PathBuf, Vec<u8>)> {
        fn walk(p: &Path, out: &mut Vec<(PathBuf, Vec<u8>)>) {
            if let Ok(rd) = std::fs::read_dir(p) {
                for e in rd.flatten() {
                    let path = e.path();
                    if path.is_dir() {
                        walk(&path, out);
                    } else if let Ok(b) = std::fs::read(&path) {
                        out.push((path, b));
                    }
                }
            }
        }
        let mut out = Vec::new();
        walk(&self.home, &mut out);
        out
    }
}

impl Drop for TestEnv {
    fn drop(&mut self) {
        fake_tidal::assert_contract(&self.fake);
        let _ = self
            .std_cmd()
            .args(["agent", "stop"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status();
    }
}

pub fn contains(hay: &[u8], needle: &str) -> bool {
    hay.windows(needle.len()).any(|w| w == needle.as_bytes())
}

/// The Python with tests/python/requirements.txt (.ci/run installs it into .venv and sets
/// TIDAL_MCP_PYTHON).
pub fn python() -> String {
    match std::env::var("TIDAL_MCP_PYTHON") {
        Ok(p) => p,
        Err(_) if std::env::var_os("CI").is_some() => {
            panic!("CI must set TIDAL_MCP_PYTHON (see .ci/run)")
        }
        Err(_) => {
            let venv =
                std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(".venv/bin/python");
            assert!(
                venv.exists(),
                "run .ci/run once, or set TIDAL_MCP_PYTHON to a Python with tests/python/requirements.txt"
            );
            venv.display().to_string()
        }
    }
}
