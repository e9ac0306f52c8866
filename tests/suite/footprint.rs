//! Issue 14: what a host pays in the model's context for tidal-mcp's tools: the model-visible
//! part of `tools/list` (each tool's name, description and input schema, as compact JSON).

use serde_json::{Value, json};

use crate::common::inprocess::{harness, harness_with};

/// The budget of the full tool set, in bytes of compact JSON (about 3,000 tokens).
const FULL_BUDGET: usize = 12_000;

async fn visible(extra: &[(&str, &str)]) -> (usize, Vec<(String, usize)>) {
    let h = if extra.is_empty() {
        harness(&[]).await
    } else {
        harness_with(extra, true).await
    };
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
    let (bytes, per_tool) = visible(&[]).await;
    println!(
        "model-visible tools/list: {bytes} bytes; largest: {:?}",
        &per_tool[..5]
    );
    assert!(
        bytes < FULL_BUDGET,
        "tools/list grew to {bytes} bytes (budget {FULL_BUDGET}); largest tools: {per_tool:?}"
    );
}

/// `mcp.tool_set = "lean"`: the everyday tools, about half the context of the full set.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn issue14_the_lean_tool_set_is_half_the_size_and_keeps_the_everyday_tools() {
    let (full, _) = visible(&[]).await;
    let (lean, tools) = visible(&[("TIDAL_MCP_MCP__TOOL_SET", "lean")]).await;
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
