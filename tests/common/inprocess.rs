//! The MCP server in-process: an agent state against the fake TIDAL, served over
//! `tokio::io::duplex` to rmcp's own client, which records the log messages it is sent. `ok`
//! checks every structured result against the tool's advertised outputSchema.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

use rmcp::model::{CallToolRequestParams, CallToolResult};
use rmcp::service::NotificationContext;
use rmcp::{ClientHandler, RoleClient, ServiceExt};
use serde_json::Value;
use tidal_mcp::agent::state::AgentState;
use tidal_mcp::config::{Config, FlagOverrides};
use tidal_mcp::mcp::TidalMcp;
use tidal_mcp::vault::{SecretString, Session};

use crate::common::fake_tidal::{self, Fake};

/// A client that keeps the `notifications/message` it is sent, and counts the
/// `notifications/tools/list_changed`.
#[derive(Clone, Default)]
pub struct Recorder {
    pub messages: Arc<Mutex<Vec<Value>>>,
    pub tool_list_changed: Arc<std::sync::atomic::AtomicUsize>,
    /// Declares MCP's tasks extension.
    pub tasks: bool,
}

#[allow(deprecated)] // rmcp marks logging deprecated (SEP-2577); hosts still use it.
impl ClientHandler for Recorder {
    async fn on_logging_message(
        &self,
        params: rmcp::model::LoggingMessageNotificationParam,
        _context: NotificationContext<RoleClient>,
    ) {
        self.messages
            .lock()
            .unwrap()
            .push(serde_json::to_value(params).unwrap());
    }

    async fn on_tool_list_changed(&self, _context: NotificationContext<RoleClient>) {
        self.tool_list_changed
            .fetch_add(1, std::sync::atomic::Ordering::SeqCst);
    }

    fn get_info(&self) -> rmcp::model::ClientConfig {
        let mut info = rmcp::model::ClientConfig::default();
        if self.tasks {
            info.capabilities = rmcp::model::ClientCapabilities::builder()
                .enable_tasks()
                .build();
        }
        info
    }
}

pub struct Harness {
    _dir: tempfile::TempDir,
    pub fake: Arc<Mutex<Fake>>,
    pub client: rmcp::service::RunningService<RoleClient, Recorder>,
    pub recorder: Recorder,
    /// Output schemas by tool name, from `tools/list`.
    pub output_schemas: BTreeMap<String, Value>,
}

pub async fn harness(extra: &[(&str, &str)]) -> Harness {
    harness_with(extra, true).await
}

pub async fn harness_with(extra: &[(&str, &str)], logged_in: bool) -> Harness {
    build(
        extra,
        logged_in.then_some(tidal_mcp::vault::Api::V1),
        Recorder::default(),
    )
    .await
}

/// Logged in (v1), with a client that declares MCP's tasks extension.
pub async fn tasks_harness(extra: &[(&str, &str)]) -> Harness {
    let recorder = Recorder {
        tasks: true,
        ..Recorder::default()
    };
    build(extra, Some(tidal_mcp::vault::Api::V1), recorder).await
}

/// Logged in with a session for TIDAL's official API (as from a browser login).
pub async fn official_harness() -> Harness {
    official_harness_with(&[]).await
}

pub async fn official_harness_with(extra: &[(&str, &str)]) -> Harness {
    build(
        extra,
        Some(tidal_mcp::vault::Api::Official),
        Recorder::default(),
    )
    .await
}

async fn build(
    extra: &[(&str, &str)],
    login: Option<tidal_mcp::vault::Api>,
    recorder: Recorder,
) -> Harness {
    let fake = Arc::new(Mutex::new(Fake::new()));
    let url = fake_tidal::start(fake.clone());
    let dir = tempfile::Builder::new()
        .prefix("tmi")
        .tempdir_in("/tmp")
        .unwrap();
    let mut env: BTreeMap<String, String> = BTreeMap::new();
    env.insert(
        "TIDAL_MCP_HOME".into(),
        dir.path().join("home").display().to_string(),
    );
    env.insert("TIDAL_MCP_API_URL".into(), url.clone());
    env.insert("TIDAL_MCP_OPENAPI_URL".into(), format!("{url}/openapi/v2"));
    env.insert("TIDAL_MCP_AUTH_URL".into(), url);
    env.insert("TIDAL_CLIENT_ID".into(), fake_tidal::CLIENT_ID.into());
    env.insert(
        "TIDAL_CLIENT_SECRET".into(),
        fake_tidal::CLIENT_SECRET.into(),
    );
    env.insert("TIDAL_MCP_RATE_LIMITS__ENABLED".into(), "false".into());
    env.insert("TIDAL_MCP_MCP__TOOL_SET".into(), "full".into());
    for (k, v) in extra {
        env.insert(k.to_string(), v.to_string());
    }
    let config = Config::load_with(&FlagOverrides::default(), &env).unwrap();
    config.home.ensure().unwrap();
    let state = Arc::new(AgentState::open(config).unwrap());
    let (access, refresh) = fake.lock().unwrap().issue(3600);
    if login == Some(tidal_mcp::vault::Api::Official) {
        let mut f = fake.lock().unwrap();
        f.third_party.insert(access.clone());
        f.third_party.insert(refresh.clone());
        let scopes: Vec<String> = tidal_mcp::config::TidalSettings::default()
            .pkce_scope
            .split_whitespace()
            .map(str::to_string)
            .collect();
        f.granted_scopes.insert(access.clone(), scopes.clone());
        f.granted_scopes.insert(refresh.clone(), scopes);
    }
    if let Some(api) = login {
        let mut v = state.vault();
        let uid = fake_tidal::USER_ID.to_string();
        v.data_mut().sessions.insert(
            uid.clone(),
            Session {
                user_id: uid.clone(),
                country_code: "DE".into(),
                username: None,
                session_id: None,
                token_type: "Bearer".into(),
                access_token: SecretString::new(access),
                refresh_token: Some(SecretString::new(refresh)),
                expires_at: i64::MAX / 2,
                revoked: false,
                client: None,
                api,
            },
        );
        v.data_mut().active_user = Some(uid);
        v.save().unwrap();
    }
    let (server_io, client_io) = tokio::io::duplex(1 << 20);
    tokio::spawn(async move {
        let mcp = TidalMcp::new(&state.mcp_env());
        if let Ok(running) = mcp.serve(server_io).await {
            let _ = running.waiting().await;
        }
    });
    let client = recorder.clone().serve(client_io).await.unwrap();
    let output_schemas = client
        .list_all_tools()
        .await
        .unwrap()
        .into_iter()
        .filter_map(|t| {
            Some((
                t.name.to_string(),
                Value::Object((*t.output_schema?).clone()),
            ))
        })
        .collect();
    Harness {
        _dir: dir,
        fake,
        client,
        recorder,
        output_schemas,
    }
}

pub async fn call(h: &Harness, name: &str, args: Value) -> CallToolResult {
    let Value::Object(obj) = args else {
        panic!("args must be an object")
    };
    h.client
        .call_tool(CallToolRequestParams::new(name.to_string()).with_arguments(obj))
        .await
        .unwrap()
}

pub async fn ok(h: &Harness, name: &str, args: Value) -> Value {
    let r = call(h, name, args).await;
    assert_eq!(r.is_error, Some(false), "{name}: {r:?}");
    let v = r
        .structured_content
        .clone()
        .unwrap_or_else(|| panic!("{name}: no structuredContent"));
    let text = r.content[0].as_text().unwrap().text.clone();
    assert_eq!(
        serde_json::from_str::<Value>(&text).unwrap(),
        v,
        "{name}: text differs from structuredContent"
    );
    let schema = &h.output_schemas[name];
    let problems: Vec<String> = jsonschema::draft202012::new(schema)
        .unwrap()
        .iter_errors(&v)
        .map(|e| format!("{}: {e}", e.instance_path()))
        .collect();
    assert!(
        problems.is_empty(),
        "{name}: output does not match its outputSchema: {problems:?}"
    );
    v
}

impl Drop for Harness {
    fn drop(&mut self) {
        fake_tidal::assert_contract(&self.fake);
    }
}

/// A tool error's text (asserting that it is one).
pub async fn err(h: &Harness, name: &str, args: Value) -> String {
    let r = call(h, name, args).await;
    assert_eq!(r.is_error, Some(true), "{name}: {r:?}");
    r.content[0].as_text().unwrap().text.clone()
}
