//! Issue 14: what a host pays in the model's context for tidal-mcp's tools: the model-visible
//! part of `tools/list` (each tool's name, description and input schema, as compact JSON).

use serde_json::{Value, json};

use crate::common::inprocess::{harness, harness_with, ok};

/// The budget of the tools a connection lists by default, in bytes of compact JSON (about
/// 3,000 tokens).
const DEFAULT_BUDGET: usize = 12_000;

const DEFAULT: (&str, &str) = ("TIDAL_MCP_MCP__TOOL_SET", "default");
const FULL: (&str, &str) = ("TIDAL_MCP_MCP__TOOL_SET", "full");
const LEAN: (&str, &str) = ("TIDAL_MCP_MCP__TOOL_SET", "lean");

async fn visible(extra: &[(&str, &str)]) -> (usize, Vec<(String, usize)>) {
    let h = harness_with(extra, true).await;
    let tools = h.client.list_all_tools().await.unwrap();
    let mut per_tool = Vec::new();
    let all: Vec<Value> = tools
        .iter()
        .map(|t| {
            let v = json!({"name": t.name, "description": t.description, "inputSchema": t.input_schema});
            per_tool.push((t.name.to_string(), v.to_string().len()));
            v
        })
        .collect();
    per_tool.sort_by_key(|(_, n)| std::cmp::Reverse(*n));
    (serde_json::to_string(&all).unwrap().len(), per_tool)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn issue14_the_model_visible_tool_list_stays_within_its_budget() {
    let (bytes, per_tool) = visible(&[DEFAULT]).await;
    let (full, all) = visible(&[FULL]).await;
    println!(
        "model-visible tools/list: default {bytes} bytes ({} tools), full {full} bytes ({} \
         tools); largest: {:?}",
        per_tool.len(),
        all.len(),
        &per_tool[..5]
    );
    assert!(
        bytes < DEFAULT_BUDGET,
        "tools/list grew to {bytes} bytes (budget {DEFAULT_BUDGET}); largest tools: {per_tool:?}"
    );
    assert!(
        per_tool.iter().any(|(n, _)| n == "toolsets"),
        "the default set lists the toolsets tool"
    );
}

/// `mcp.tool_set = "lean"`: the everyday tools, about half the context of the full set.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn issue14_the_lean_tool_set_is_half_the_size_and_keeps_the_everyday_tools() {
    let (full, _) = visible(&[FULL]).await;
    let (lean, tools) = visible(&[LEAN]).await;
    println!(
        "model-visible tools/list: full {full} bytes, lean {lean} bytes ({} tools)",
        tools.len()
    );
    assert!(
        lean * 100 < full * 60,
        "lean {lean} bytes against full {full}"
    );
    for needed in [
        "search",
        "get_playlist",
        "create_playlist",
        "add_to_playlist",
        "recommend_tracks",
        "auth_login",
    ] {
        assert!(
            tools.iter().any(|(n, _)| n == needed),
            "lean lacks {needed}"
        );
    }
}

/// Whether any field anywhere in `v` is null.
fn has_null(v: &Value) -> bool {
    match v {
        Value::Null => true,
        Value::Object(o) => o.values().any(has_null),
        Value::Array(a) => a.iter().any(has_null),
        _ => false,
    }
}

/// Optional result fields are off by default: list items leave out the detail fields and no
/// field is sent as null; the `list_details` preference brings the details back, and a single
/// object keeps them always. Both forms pass the tool's output schema (`ok` checks it).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn issue14_list_items_leave_out_details_unless_the_preference_asks() {
    let h = harness(&[]).await;
    let args = json!({"query": "track", "types": ["tracks"], "limit": 20});
    let lean = ok(&h, "search", args.clone()).await;
    let items = lean["tracks"]["items"].as_array().unwrap();
    assert_eq!(items.len(), 20);
    for t in items {
        for k in ["isrc", "popularity", "audio_quality", "track_number", "url"] {
            assert!(t.get(k).is_none(), "`{k}` in a list item: {t}");
        }
        assert!(
            t["artists"][0]["name"].is_string() && t["duration_s"].is_u64(),
            "{t}"
        );
    }
    assert!(!has_null(&lean), "{lean}");
    assert!(
        lean["top_hit"]["track"]["isrc"].is_string(),
        "the top hit is one object and keeps its details: {}",
        lean["top_hit"]
    );
    let one = ok(&h, "get_track", json!({"track_id": items[0]["id"]})).await;
    assert!(
        one["track"]["isrc"].is_string() && one["track"]["url"].is_string(),
        "{one}"
    );
    assert!(!has_null(&one), "{one}");

    ok(
        &h,
        "set_preferences",
        json!({"changes": {"list_details": true}}),
    )
    .await;
    let full = ok(&h, "search", args).await;
    let t = &full["tracks"]["items"][0];
    assert!(
        t["isrc"].is_string() && t["url"].is_string() && t["popularity"].is_i64(),
        "{t}"
    );
    let (lean_bytes, full_bytes) = (lean.to_string().len(), full.to_string().len());
    println!("search, 20 tracks: {lean_bytes} bytes by default, {full_bytes} with list_details");
    assert!(
        lean_bytes * 100 < full_bytes * 70,
        "{lean_bytes} against {full_bytes}"
    );
}
