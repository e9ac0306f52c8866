//! The fixture tools the official conformance suite's tasks and SSE-polling scenarios call
//! (`greet`, `slow_compute`, `failing_job`, `protocol_error_job`, `confirm_delete`,
//! `multi_input`, `test_tool_with_task`, `test_reconnection`), served by tidal-mcp's own MCP
//! pieces: its tasks layer (`mcp::tasks`, what turns a long call into a task) and its
//! streamable HTTP listener (`mcp::http::guarded_mcp`, with its Origin and bearer-token rules).
//! Those scenarios cannot run against the TIDAL tools, whose names and behaviour are not the
//! suite's; `tests/suite/clients.rs` runs them against this, and the rest against `serve`.
//!
//! usage: conformance_fixtures <address> <token-file>; writes a fresh bearer token to the
//! file once the address is bound.

use std::os::unix::fs::OpenOptionsExt;
use std::time::Duration;

use rmcp::model::*;
use rmcp::service::RequestContext;
use rmcp::{ErrorData as McpError, RoleServer, ServerHandler};
use serde_json::{Value, json};
use tidal_mcp::mcp::http::{guarded_mcp, loopback_origins};
use tidal_mcp::mcp::tasks::{Answer, Link, Support, Tasks};
use tokio_util::sync::CancellationToken;

/// Every call that may become a task does at once, as the scenarios expect.
const AT_ONCE: Duration = Duration::ZERO;

#[derive(Clone)]
struct Fixtures {
    tasks: Tasks,
}

fn text(t: impl Into<String>) -> CallToolResult {
    CallToolResult::success(vec![ContentBlock::text(t.into())])
}

fn tool(name: &'static str, description: &'static str, properties: Value) -> Tool {
    let schema = json!({"type": "object", "properties": properties});
    let Value::Object(schema) = schema else {
        unreachable!()
    };
    Tool::new(name, description, schema)
}

fn tools() -> Vec<Tool> {
    let none = json!({});
    vec![
        tool(
            "greet",
            "Says hello (never a task)",
            json!({"name": {"type": "string"}}),
        ),
        tool(
            "slow_compute",
            "Sleeps `seconds`, then answers (may be a task)",
            json!({"seconds": {"type": "number"}, "label": {"type": "string"}}),
        ),
        tool(
            "failing_job",
            "Fails as a tool after a second (task only)",
            none.clone(),
        ),
        tool(
            "protocol_error_job",
            "Fails as a protocol error (may be a task)",
            none.clone(),
        ),
        tool(
            "confirm_delete",
            "Asks the client to confirm (task only)",
            json!({"filename": {"type": "string"}}),
        ),
        tool(
            "multi_input",
            "Asks the client two things at once (task only)",
            none.clone(),
        ),
        tool(
            "test_tool_with_task",
            "Asks a name, then works as a task",
            none.clone(),
        ),
        tool("test_reconnection", "Answers after a moment", none),
    ]
}

/// An elicitation of one form field.
fn ask(message: &str, field: &str, kind: &str) -> InputRequest {
    let schema = json!({
        "type": "object",
        "properties": {field: {"type": kind}},
        "required": [field],
    });
    InputRequest::Elicitation(ElicitRequest::new(
        ElicitRequestParams::FormElicitationParams {
            meta: None,
            message: message.into(),
            requested_schema: serde_json::from_value(schema).expect("a valid form"),
        },
    ))
}

/// A form answer's `field`.
fn answered(v: &Value, field: &str) -> Value {
    v.get("content")
        .and_then(|c| c.get(field))
        .cloned()
        .unwrap_or(Value::Null)
}

/// What a cancelled or refused question ends the work with.
fn stopped() -> CallToolResult {
    CallToolResult::error(vec![ContentBlock::text("stopped before an answer came")])
}

async fn slow_compute(args: JsonObject, ct: CancellationToken) -> Answer {
    let seconds = args.get("seconds").and_then(Value::as_f64).unwrap_or(1.0);
    let label = args
        .get("label")
        .and_then(Value::as_str)
        .unwrap_or("compute");
    tokio::select! {
        _ = ct.cancelled() => Ok(CallToolResult::error(vec![ContentBlock::text("cancelled")])),
        _ = tokio::time::sleep(Duration::from_secs_f64(seconds.max(0.0))) => {
            Ok(text(format!("slow_compute({label}) done after {seconds}s")))
        }
    }
}

async fn confirm_delete(args: JsonObject, link: Option<Link>) -> Answer {
    let Some(link) = link else {
        return Ok(stopped());
    };
    let file = args
        .get("filename")
        .and_then(Value::as_str)
        .unwrap_or("file.txt");
    let Ok(answer) = link
        .ask(
            "confirm",
            ask(&format!("Delete {file}?"), "confirm", "boolean"),
        )
        .await
    else {
        return Ok(stopped());
    };
    let confirmed = answered(&answer, "confirm") == Value::Bool(true);
    Ok(text(format!(
        "confirm_delete({file}): confirmed = {confirmed}"
    )))
}

async fn multi_input(link: Option<Link>) -> Answer {
    let Some(link) = link else {
        return Ok(stopped());
    };
    let (a, b) = tokio::join!(
        link.ask("input-a", ask("Provide value A", "value", "string")),
        link.ask("input-b", ask("Provide value B", "value", "string")),
    );
    let (Ok(a), Ok(b)) = (a, b) else {
        return Ok(stopped());
    };
    let (a, b) = (answered(&a, "value"), answered(&b, "value"));
    Ok(text(format!("multi_input: a = {a}, b = {b}")))
}

impl Fixtures {
    /// `test_tool_with_task`: a name asked in the call itself (an input-required answer), then
    /// the work as a task.
    async fn with_task(
        &self,
        request: CallToolRequestParams,
        context: &RequestContext<RoleServer>,
    ) -> Result<CallToolResponse, McpError> {
        let name = (request.input_responses.as_ref())
            .and_then(|r| r.get("user_name"))
            .map(|v| answered(v, "name"));
        let Some(name) = name else {
            let mut asked = InputRequests::new();
            asked.insert(
                "user_name".into(),
                ask("What is your name?", "name", "string"),
            );
            return Ok(InputRequiredResult::from_input_requests(asked).into());
        };
        let name = name.as_str().unwrap_or("friend").to_string();
        self.tasks
            .run(
                Support::Required,
                AT_ONCE,
                context,
                move |_, _| async move {
                    tokio::time::sleep(Duration::from_millis(200)).await;
                    Ok(text(format!("Hello, {name}! (async)")))
                },
            )
            .await
    }
}

impl ServerHandler for Fixtures {
    fn get_info(&self) -> ServerConfig {
        ServerConfig::new(
            ServerCapabilities::builder()
                .enable_tools()
                .enable_tasks()
                .build(),
        )
        .with_server_info(Implementation::new("tidal-mcp-conformance-fixtures", "0"))
    }

    async fn list_tools(
        &self,
        _request: Option<PaginatedRequestParams>,
        _context: RequestContext<RoleServer>,
    ) -> Result<ListToolsResult, McpError> {
        Ok(ListToolsResult::with_all_items(tools()))
    }

    async fn call_tool(
        &self,
        request: CallToolRequestParams,
        context: RequestContext<RoleServer>,
    ) -> Result<CallToolResponse, McpError> {
        let args = request.arguments.clone().unwrap_or_default();
        match request.name.as_ref() {
            "greet" => {
                let who = args.get("name").and_then(Value::as_str).unwrap_or("friend");
                Ok(text(format!("Hello, {who}!")).into())
            }
            "test_reconnection" => {
                tokio::time::sleep(Duration::from_millis(100)).await;
                Ok(text("Reconnection test completed").into())
            }
            "slow_compute" => {
                let work = move |ct, _| slow_compute(args, ct);
                self.tasks
                    .run(Support::Optional, AT_ONCE, &context, work)
                    .await
            }
            "failing_job" => {
                let work = |_, _| async {
                    tokio::time::sleep(Duration::from_secs(1)).await;
                    Ok(CallToolResult::error(vec![ContentBlock::text(
                        "failing_job: a tool error, as asked",
                    )]))
                };
                self.tasks
                    .run(Support::Required, AT_ONCE, &context, work)
                    .await
            }
            "protocol_error_job" => {
                let work = |_, _| async {
                    tokio::time::sleep(Duration::from_millis(200)).await;
                    Err(McpError::internal_error(
                        "protocol_error_job: as asked",
                        None,
                    ))
                };
                self.tasks
                    .run(Support::Optional, AT_ONCE, &context, work)
                    .await
            }
            "confirm_delete" => {
                let work = move |_, link| confirm_delete(args, link);
                self.tasks
                    .run(Support::Required, AT_ONCE, &context, work)
                    .await
            }
            "multi_input" => {
                let work = move |_, link| multi_input(link);
                self.tasks
                    .run(Support::Required, AT_ONCE, &context, work)
                    .await
            }
            "test_tool_with_task" => self.with_task(request, &context).await,
            other => Err(McpError::invalid_params(
                format!("unknown tool: {other}"),
                None,
            )),
        }
    }

    async fn get_task(
        &self,
        request: GetTaskParams,
        _context: RequestContext<RoleServer>,
    ) -> Result<GetTaskResult, McpError> {
        self.tasks.get(&request.task_id).map(GetTaskResult::new)
    }

    async fn cancel_task(
        &self,
        request: CancelTaskParams,
        _context: RequestContext<RoleServer>,
    ) -> Result<(), McpError> {
        self.tasks.cancel(&request.task_id)
    }

    async fn update_task(
        &self,
        request: UpdateTaskParams,
        _context: RequestContext<RoleServer>,
    ) -> Result<(), McpError> {
        self.tasks.update(&request.task_id, request.input_responses)
    }
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    let (Some(addr), Some(token_file)) = (args.next(), args.next()) else {
        anyhow::bail!("usage: conformance_fixtures <address> <token-file>");
    };
    let listener = tokio::net::TcpListener::bind(&addr).await?;
    let port = listener.local_addr()?.port();
    let mut raw = [0u8; 32];
    rand::RngCore::fill_bytes(&mut rand::rngs::OsRng, &mut raw);
    let token = hex::encode(raw);
    // Readable by its owner only, as the agent's own token file is.
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(&token_file)?;
    std::io::Write::write_all(&mut file, token.as_bytes())?;
    let fixtures = Fixtures {
        tasks: Tasks::default(),
    };
    let shutdown = CancellationToken::new();
    let app = guarded_mcp(
        move || Ok(fixtures.clone()),
        &shutdown,
        axum::Router::new(),
        loopback_origins(port),
        token,
    );
    axum::serve(listener, app).await?;
    Ok(())
}
