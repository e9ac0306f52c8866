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
