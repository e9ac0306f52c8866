//! Issue 10: a new user's first ten minutes. The session keeps the app it was issued to, the
//! agent follows the settings of its callers, errors and help say what to do.

use serde_json::json;

use crate::common::TestEnv;
use crate::common::stdio::Mcp;

/// No client id in the serving process (the README's Cursor snippet passes no env).
const NO_CLIENT: &[(&str, &str)] = &[("TIDAL_CLIENT_ID", ""), ("TIDAL_CLIENT_SECRET", "")];

fn expire_every_token(env: &TestEnv) {
    for v in env.fake().access.values_mut() {
        v.1 = 0;
    }
}

fn session_json(env: &TestEnv) -> serde_json::Value {
    let out = env.cmd().args(["status", "--json"]).output().unwrap();
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn issue10_a_refresh_uses_the_client_the_session_was_issued_to() {
    let env = TestEnv::new();
    env.login();
    env.cmd().args(["agent", "stop"]).assert().success();
    let mut m = Mcp::spawn_with(&env, NO_CLIENT);
    expire_every_token(&env);
    let r = m.call("get_track", json!({"track_id": "5"}));
    assert_eq!(r["isError"], false, "{r}");
    assert_eq!(
        env.fake().count("POST", "/v1/oauth2/token#refresh_token"),
        1
    );

    // TIDAL refuses the app: the call fails saying why, and the session stays.
    env.fake().refuse_clients = true;
    expire_every_token(&env);
    let r = m.call("get_track", json!({"track_id": "6"}));
    assert_eq!(r["isError"], true, "{r}");
    let text = r["content"][0]["text"].as_str().unwrap();
    assert!(
        text.contains("cannot refresh the TIDAL session: bad client"),
        "{text}"
    );
    assert!(text.contains("the session is kept"), "{text}");
    drop(m);
    let s = session_json(&env);
    assert_eq!(s["revoked"], false, "{s}");
    assert_eq!(s["logged_in"], true, "{s}");

    // With the app accepted again, the same session works: nothing was lost.
    env.fake().refuse_clients = false;
    let mut m = Mcp::spawn_with(&env, NO_CLIENT);
    let r = m.call("get_track", json!({"track_id": "7"}));
    assert_eq!(r["isError"], false, "{r}");
}
