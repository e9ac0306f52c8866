//! Issue 23: long calls as tasks (MCP's tasks extension). A client that declares the extension
//! gets a task for a long call that outlasts `mcp.task_after_ms`, polls it, reads its progress
//! and result, and can stop it between steps; everyone else, and every quick call, is answered
//! in place as before.

use std::time::{Duration, Instant};

use rmcp::model::{
    CallToolRequestParams, CallToolResponse, CancelTaskParams, GetTaskParams, GetTaskResult,
    TaskPayload, TaskStatus,
};
use serde_json::{Value, json};

use crate::common::TestEnv;
use crate::common::inprocess::{Harness, harness_with, tasks_harness};
use crate::common::stdio::Mcp;

const BIG: &str = "5a5a5a5a-0000-4000-8000-0000000000b1";
const AT_ONCE: (&str, &str) = ("TIDAL_MCP_MCP__TASK_AFTER_MS", "0");

async fn call_once(h: &Harness, name: &str, args: Value) -> CallToolResponse {
    let Value::Object(args) = args else {
        unreachable!()
    };
    let params = CallToolRequestParams::new(name.to_string()).with_arguments(args);
    h.client.call_tool_once(params).await.unwrap()
}

/// The id of the task a call became (failing when it answered in place).
async fn started(h: &Harness, name: &str, args: Value) -> String {
    match call_once(h, name, args).await {
        CallToolResponse::Task(t) => {
            assert_eq!(t.task.status, TaskStatus::Working);
            assert!(t.task.ttl_ms.is_some() && t.task.poll_interval_ms.is_some());
            t.task.task_id
        }
        other => panic!("{name} did not become a task: {other:?}"),
    }
}

async fn get(h: &Harness, id: &str) -> GetTaskResult {
    h.client
        .get_task(GetTaskParams::new(id.to_string()))
        .await
        .unwrap()
}

/// Polls until the task is done.
async fn settled(h: &Harness, id: &str) -> GetTaskResult {
    let started = Instant::now();
    loop {
        let t = get(h, id).await;
        if t.task.status().is_terminal() {
            return t;
        }
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "task {id} never settled"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

fn result_of(t: &GetTaskResult) -> Value {
    match &t.task.payload {
        TaskPayload::Completed { result } => Value::Object(result.clone()),
        other => panic!("not completed: {other:?}"),
    }
}

fn seed(h: &Harness, n: u64) {
    h.fake
        .lock()
        .unwrap()
        .add_playlist(BIG, "Big", (1..=n).collect());
}

#[tokio::test]
async fn issue23_a_long_call_becomes_a_task_the_client_polls_for_its_result() {
    let h = tasks_harness(&[AT_ONCE]).await;
    seed(&h, 300);
    let id = started(&h, "get_playlist", json!({"playlist_id": BIG, "all": true})).await;
    // Known at once (no race between the answer and the first poll).
    assert_eq!(get(&h, &id).await.task.task.task_id, id);
    let done = settled(&h, &id).await;
    assert_eq!(done.task.status(), TaskStatus::Completed);
    let result = result_of(&done);
    assert_eq!(result["isError"], false, "{result}");
    let page = &result["structuredContent"]["items"];
    assert_eq!(page["total"], 300, "{result}");
    assert_eq!(page["items"].as_array().unwrap().len(), 300);
    // A quick tool is never a task.
    let r = call_once(&h, "get_track", json!({"track_id": "5"})).await;
    assert!(matches!(r, CallToolResponse::Complete(_)), "{r:?}");
    // An id the agent never gave out.
    let e = h
        .client
        .get_task(GetTaskParams::new("no-such-task".to_string()))
        .await
        .unwrap_err();
    assert!(e.to_string().contains("no-such-task"), "{e}");
}

#[tokio::test]
async fn issue23_quick_calls_and_clients_without_tasks_are_answered_in_place() {
    // Declares tasks; the call answers within the default second.
    let h = tasks_harness(&[]).await;
    seed(&h, 20);
    let r = call_once(&h, "get_playlist", json!({"playlist_id": BIG})).await;
    assert!(matches!(r, CallToolResponse::Complete(_)), "{r:?}");
    // Does not declare tasks: never one, and tasks/* are refused for it.
    let h = harness_with(&[AT_ONCE], true).await;
    seed(&h, 20);
    let r = call_once(&h, "get_playlist", json!({"playlist_id": BIG})).await;
    assert!(matches!(r, CallToolResponse::Complete(_)), "{r:?}");
    let e = h
        .client
        .get_task(GetTaskParams::new("x".to_string()))
        .await
        .unwrap_err();
    assert!(
        e.to_string().contains("-32021") || e.to_string().contains("capabilit"),
        "{e}"
    );
}

/// A copy stopped part-way: the work stops between two writes, and the task completes with
/// what was added (the copy's `error` says why it stopped); the playlist holds exactly that.
/// A read stopped part-way has nothing to report: the task is cancelled.
#[tokio::test]
async fn issue23_a_cancelled_task_stops_between_steps_and_says_what_it_did() {
    let h = tasks_harness(&[AT_ONCE]).await;
    seed(&h, 1000);
    h.fake.lock().unwrap().latency = Duration::from_millis(15);
    let args = json!({"source_playlist_id": BIG, "new_playlist_title": "Copy"});
    let id = started(&h, "copy_playlist", args).await;
    // Its progress is the task's status message.
    let started_at = Instant::now();
    loop {
        let t = get(&h, &id).await;
        let message = t.task.task.status_message.clone().unwrap_or_default();
        if message.starts_with("adding tracks") {
            break;
        }
        assert!(
            !t.task.status().is_terminal(),
            "finished before it was stopped"
        );
        assert!(
            started_at.elapsed() < Duration::from_secs(20),
            "no progress: {t:?}"
        );
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    h.client
        .cancel_task(CancelTaskParams::new(id.clone()))
        .await
        .unwrap();
    let done = settled(&h, &id).await;
    let result = result_of(&done);
    let out = &result["structuredContent"];
    assert!(
        out["error"].as_str().unwrap().contains("cancelled"),
        "{out}"
    );
    let added = out["added_ids"].as_array().unwrap().len();
    assert!(
        added > 0 && added < 1000 && added.is_multiple_of(50),
        "{added} added"
    );
    let copy = out["playlist_id"].as_str().unwrap();
    assert_eq!(h.fake.lock().unwrap().playlists[copy].items.len(), added);
    // Cancelling a finished task is answered the same way.
    h.client
        .cancel_task(CancelTaskParams::new(id.clone()))
        .await
        .unwrap();

    // Another playlist: the copy's read of the first is in the cache.
    let other = "5a5a5a5a-0000-4000-8000-0000000000b2";
    h.fake
        .lock()
        .unwrap()
        .add_playlist(other, "Other", (1..=1000).collect());
    let id = started(
        &h,
        "get_playlist",
        json!({"playlist_id": other, "all": true}),
    )
    .await;
    h.client
        .cancel_task(CancelTaskParams::new(id.clone()))
        .await
        .unwrap();
    assert_eq!(settled(&h, &id).await.task.status(), TaskStatus::Cancelled);
}

/// An agent with a running task is not idle: a client starts a long copy as a task and leaves;
/// the agent's idle limit (1 s) passes while the copy runs, yet the copy is whole, and the
/// agent exits once it is done.
#[test]
fn issue23_a_running_task_keeps_the_agent_until_it_is_done() {
    let env = TestEnv::new()
        .with_env("TIDAL_MCP_AGENT__IDLE_TIMEOUT_SECS", "1")
        .with_env("TIDAL_MCP_MCP__TASK_AFTER_MS", "0")
        .with_env("TIDAL_MCP_RATE_LIMITS__ENABLED", "false")
        .with_env("TIDAL_MCP_TIDAL__UPSTREAM_PER_SECOND", "10000");
    env.login();
    env.fake().add_playlist(BIG, "Big", (1..=1000).collect());
    let mut m = Mcp::spawn_declaring(
        &env,
        json!({"extensions": {"io.modelcontextprotocol/tasks": {}}}),
    );
    // About 30 requests: two seconds of work.
    env.fake().latency = Duration::from_millis(70);
    let args = json!({"source_playlist_id": BIG, "new_playlist_title": "Copy"});
    let r = m.request(
        "tools/call",
        json!({"name": "copy_playlist", "arguments": args}),
    );
    assert_eq!(r["result"]["resultType"], "task", "{r}");
    let left = Instant::now();
    m.close();
    while env.home.join("run/agent.sock").exists() {
        assert!(
            left.elapsed() < Duration::from_secs(30),
            "the agent never exited"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    assert!(
        left.elapsed() > Duration::from_secs(1),
        "it waited for the task"
    );
    let f = env.fake();
    let copy = f
        .playlists
        .values()
        .find(|p| p.title == "Copy")
        .expect("the copy");
    assert_eq!(copy.items.len(), 1000, "the copy is whole");
}
