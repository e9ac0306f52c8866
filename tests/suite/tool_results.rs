//! Issue 8: schemas every client accepts, argument errors in words, tool results that tell the
//! truth, log messages and completions, through the in-process server and rmcp's client.

#![allow(deprecated)] // rmcp marks logging deprecated (SEP-2577); hosts still use it.

use rmcp::model::{CallToolRequestParams, LoggingLevel, SetLevelRequestParams};
use serde_json::{Value, json};

use crate::common::inprocess::{err, harness, harness_with, ok};
use crate::common::schema_lint;

const SEED: &str = "aaaaaaaa-0000-4000-8000-000000000001";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn issue8_live_lists_pass_the_schema_lint() {
    let h = harness(&[]).await;
    let tools: Vec<Value> = h
        .client
        .list_all_tools()
        .await
        .unwrap()
        .iter()
        .map(|t| serde_json::to_value(t).unwrap())
        .collect();
    assert_eq!(tools.len(), tidal_mcp::mcp::tool_names().len());
    let problems = schema_lint::tools(&tools);
    assert!(problems.is_empty(), "{problems:#?}");
    let prompts: Vec<Value> = h
        .client
        .list_all_prompts()
        .await
        .unwrap()
        .iter()
        .map(|p| serde_json::to_value(p).unwrap())
        .collect();
    let templates: Vec<Value> = h
        .client
        .list_all_resource_templates()
        .await
        .unwrap()
        .iter()
        .map(|t| serde_json::to_value(t).unwrap())
        .collect();
    let problems = schema_lint::prompts_and_templates(&prompts, &templates);
    assert!(problems.is_empty(), "{problems:#?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn issue8_argument_errors_name_the_argument_and_never_reach_tidal() {
    let h = harness(&[]).await;
    let e = err(&h, "get_track", json!({"track_id": "abc"})).await;
    assert!(e.contains("`abc` is not a valid track id"), "{e}");
    assert_eq!(h.fake.lock().unwrap().count("GET", "/v1/tracks"), 0);
    let e = err(&h, "search", json!({"query": "x", "limit": -1})).await;
    assert!(e.contains("`limit`") && e.contains("minimum of 1"), "{e}");
    let e = err(&h, "get_favorites", json!({"type": "songs"})).await;
    assert!(e.contains("`type`") && e.contains("\"tracks\""), "{e}");
    let e = err(&h, "get_album", json!({"album_id": "1", "limit": 1000})).await;
    assert!(e.contains("'limit' was unexpected"), "{e}");
    let e = err(
        &h,
        "add_to_playlist",
        json!({"playlist_id": SEED, "track_ids": "5"}),
    )
    .await;
    assert!(e.contains("`track_ids`") && e.contains("\"array\""), "{e}");
    let e = err(&h, "get_playlist", json!({})).await;
    assert!(e.contains("\"playlist_id\" is a required property"), "{e}");
    assert_eq!(
        h.fake.lock().unwrap().count("GET", "/v1/"),
        0,
        "nothing reached TIDAL"
    );
    // A null for an optional argument is the same as leaving it out.
    ok(
        &h,
        "search",
        json!({"query": "Track 1", "limit": null, "types": null}),
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn issue8_create_playlist_reports_what_it_did() {
    let h = harness(&[]).await;
    let e = err(
        &h,
        "create_playlist",
        json!({"title": "T", "track_ids": ["5", "abc"]}),
    )
    .await;
    assert!(e.contains("not a valid track id"), "{e}");
    assert_eq!(
        h.fake
            .lock()
            .unwrap()
            .count("PUT", "/v2/my-collection/playlists/folders/create-playlist"),
        0,
        "no playlist was made"
    );

    let many: Vec<String> = (1..=120).map(|i| i.to_string()).collect();
    let c = ok(
        &h,
        "create_playlist",
        json!({"title": "Big", "track_ids": many}),
    )
    .await;
    assert_eq!(c["added_ids"].as_array().unwrap().len(), 120);
    assert_eq!(c["playlist"]["number_of_tracks"], 120, "{c}");
    assert!(c["playlist"]["duration_s"].as_u64().is_some());

    let c = ok(
        &h,
        "create_playlist",
        json!({"title": "Odd", "track_ids": ["5", "5000", "5"]}),
    )
    .await;
    assert_eq!(c["added_ids"], json!(["5"]));
    assert_eq!(
        c["skipped"],
        json!([{"track_id": "5", "reason": "repeated_in_request"}, {"track_id": "5000", "reason": "not_found"}])
    );

    // TIDAL fails on the second chunk of 50: the playlist and the first 50 stay, and say so.
    h.fake.lock().unwrap().fail_nth_item_post = 2;
    let many: Vec<String> = (1..=120).map(|i| i.to_string()).collect();
    let r = ok(
        &h,
        "create_playlist",
        json!({"title": "Half", "track_ids": many}),
    )
    .await;
    assert_eq!(r["added_ids"].as_array().unwrap().len(), 50);
    assert_eq!(r["skipped"].as_array().unwrap().len(), 70);
    assert_eq!(r["skipped"][0]["reason"], "not_attempted");
    assert!(r["error"].as_str().unwrap().contains("unavailable"), "{r}");
    let pid = r["playlist"]["id"].as_str().unwrap();
    assert_eq!(h.fake.lock().unwrap().playlists[pid].items.len(), 50);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn issue8_add_to_playlist_says_which_and_why_and_positions_follow_one_rule() {
    let h = harness(&[]).await;
    h.fake
        .lock()
        .unwrap()
        .add_playlist(SEED, "Seed", vec![1, 2, 2, 97, 3]);
    let a = ok(
        &h,
        "add_to_playlist",
        json!({"playlist_id": SEED, "track_ids": ["9", "9", "5000", "1"]}),
    )
    .await;
    assert_eq!(a["added_ids"], json!(["9"]));
    assert_eq!(
        a["skipped"],
        json!([
            {"track_id": "9", "reason": "repeated_in_request"},
            {"track_id": "1", "reason": "already_in_playlist"},
            {"track_id": "5000", "reason": "not_found"}
        ])
    );
    let add = err(
        &h,
        "add_to_playlist",
        json!({"playlist_id": SEED, "track_ids": ["8"], "position": 9999}),
    )
    .await;
    let mv = err(
        &h,
        "move_in_playlist",
        json!({"playlist_id": SEED, "indices": [0], "to_index": 9999}),
    )
    .await;
    for (e, name) in [(&add, "position"), (&mv, "to_index")] {
        assert!(
            e.contains(&format!(
                "{name} 9999 is past the end: the playlist has 6 items, so use 0-6"
            )),
            "{e}"
        );
    }
    ok(
        &h,
        "add_to_playlist",
        json!({"playlist_id": SEED, "track_ids": ["8"], "position": 6}),
    )
    .await;
    assert_eq!(
        h.fake.lock().unwrap().playlists[SEED].items,
        vec![1, 2, 2, 97, 3, 9, 8]
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn issue8_search_top_hit_is_normalised_and_filtered() {
    let h = harness(&[]).await;
    let s = ok(
        &h,
        "search",
        json!({"query": "Track 7", "types": ["tracks"]}),
    )
    .await;
    let hit = &s["top_hit"];
    assert_eq!(hit["type"], "tracks", "{hit}");
    assert_eq!(hit["track"]["id"], "7");
    assert_eq!(hit["track"]["url"], "https://tidal.com/browse/track/7");
    assert!(
        hit["track"].get("audioQuality").is_none(),
        "no raw TIDAL fields: {hit}"
    );
    assert_eq!(
        ok(&h, "search", json!({"query": "Artist"})).await["top_hit"]["artist"]["id"],
        "9001"
    );
    ok(
        &h,
        "set_preferences",
        json!({"changes": {"explicit_filter": true}}),
    )
    .await;
    let s = ok(
        &h,
        "search",
        json!({"query": "Track 7", "types": ["tracks"]}),
    )
    .await;
    assert_eq!(s["top_hit"], Value::Null, "track 7 is explicit");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn issue8_favourite_changes_say_what_they_did() {
    let h = harness(&[]).await;
    let a = ok(
        &h,
        "add_favorites",
        json!({"type": "albums", "ids": ["5001"]}),
    )
    .await;
    assert_eq!(a, json!({"type": "albums", "added": ["5001"]}));
    let r = ok(
        &h,
        "remove_favorites",
        json!({"type": "albums", "ids": ["5001"]}),
    )
    .await;
    assert_eq!(r, json!({"type": "albums", "removed": ["5001"]}));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn issue8_log_messages_reach_the_client_at_its_level() {
    let h = harness_with(&[], false).await;
    let e = err(&h, "search", json!({"query": "x"})).await;
    assert!(e.contains("not logged in"), "{e}");
    tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    let first = h.recorder.messages.lock().unwrap().clone();
    assert_eq!(first.len(), 1, "{first:?}");
    assert_eq!(first[0]["level"], "error");
    assert_eq!(first[0]["data"]["kind"], "not_logged_in");
    assert!(
        first[0]["data"]["message"]
            .as_str()
            .unwrap()
            .contains("tidal-mcp login")
    );
    h.client
        .set_level(SetLevelRequestParams::new(LoggingLevel::Critical))
        .await
        .unwrap();
    err(&h, "search", json!({"query": "x"})).await;
    tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    assert_eq!(
        h.recorder.messages.lock().unwrap().len(),
        1,
        "below the level: not sent"
    );
    let unknown = h
        .client
        .call_tool(CallToolRequestParams::new("no_such_tool"))
        .await;
    assert!(unknown.is_err(), "an unknown tool is a protocol error");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn issue8_completions_offer_the_users_own_ids() {
    let h = harness(&[]).await;
    h.fake
        .lock()
        .unwrap()
        .add_playlist(SEED, "Seed", vec![1, 2]);
    let c = &h.client;
    assert_eq!(
        c.complete_resource_simple("tidal://playlist/{id}", "id", "se")
            .await
            .unwrap(),
        vec![SEED]
    );
    assert_eq!(
        c.complete_resource_simple("tidal://playlist/{id}", "id", "aaaa")
            .await
            .unwrap(),
        vec![SEED]
    );
    assert!(
        c.complete_resource_simple("tidal://playlist/{id}", "id", "zz")
            .await
            .unwrap()
            .is_empty()
    );
    assert_eq!(
        c.complete_prompt_simple("clean_up_playlist", "playlist", "S")
            .await
            .unwrap(),
        vec!["Seed"]
    );
    assert_eq!(
        c.complete_resource_simple("tidal://mix/{id}", "id", "")
            .await
            .unwrap(),
        vec!["mix001"]
    );
    assert_eq!(
        c.complete_resource_simple("tidal://favorites/{type}", "type", "a")
            .await
            .unwrap(),
        vec!["albums", "artists"]
    );
    assert!(
        c.complete_prompt_simple("no_such_prompt", "x", "")
            .await
            .unwrap()
            .is_empty()
    );
    assert!(
        c.complete_prompt_simple("build_playlist", "nope", "")
            .await
            .unwrap()
            .is_empty()
    );
}

/// Issue 11, item 11: identical reads in flight at the same time make one upstream request.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn issue11_identical_reads_in_flight_are_merged() {
    let h = harness(&[]).await;
    let calls =
        (0..50).map(|_| crate::common::inprocess::call(&h, "get_track", json!({"track_id": "5"})));
    let results = futures::future::join_all(calls).await;
    assert!(results.iter().all(|r| r.is_error == Some(false)));
    assert_eq!(h.fake.lock().unwrap().count("GET", "/v1/tracks/5"), 1);
}
