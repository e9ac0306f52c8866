//! Issue 23: what MCP clients see at the protocol's edges: resource errors with the code that
//! says why and the URI in `data` (SEP-2164), and arguments read as a client means them.

use rmcp::model::ReadResourceRequestParams;
use rmcp::service::ServiceError;
use serde_json::{Value, json};

use crate::common::inprocess::{err, harness, ok};

async fn read_error(h: &crate::common::inprocess::Harness, uri: &str) -> (i32, Value) {
    match h
        .client
        .read_resource(ReadResourceRequestParams::new(uri))
        .await
    {
        Err(ServiceError::McpError(e)) => (e.code.0, e.data.unwrap_or(Value::Null)),
        other => panic!("{uri}: expected an error, got {other:?}"),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn issue23_resource_errors_say_why_and_name_the_uri() {
    let h = harness(&[("TIDAL_MCP_TIDAL__MAX_RETRIES", "0")]).await;
    let (code, data) = read_error(&h, "tidal://nope").await;
    assert_eq!(
        (code, &data["uri"]),
        (-32002, &json!("tidal://nope")),
        "{data}"
    );
    let (code, data) = read_error(&h, "tidal://favorites/songs").await;
    assert_eq!(
        (code, &data["uri"]),
        (-32002, &json!("tidal://favorites/songs"))
    );
    let (code, data) = read_error(&h, "tidal://playlist/not-a-uuid").await;
    assert_eq!(
        (code, &data["kind"]),
        (-32602, &json!("invalid_arguments")),
        "{data}"
    );
    let missing = "tidal://playlist/00000000-0000-4000-8000-00000000dead";
    let (code, data) = read_error(&h, missing).await;
    assert_eq!((code, &data["uri"]), (-32002, &json!(missing)), "{data}");
    // TIDAL down is not "not found": the resource may well exist.
    h.fake.lock().unwrap().fail_5xx = 1000;
    let (code, data) = read_error(&h, "tidal://album/5001").await;
    assert_eq!(code, -32603, "{data}");
    assert_eq!(data["uri"], "tidal://album/5001");
    assert_eq!(data["kind"], "unavailable");
}

/// Ids sent as JSON numbers are read as their digits (the Inspector CLI and models send them
/// so), in lists too; a null or an empty list for an optional argument is the argument left out.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn issue23_numeric_ids_and_empty_lists_are_read_as_meant() {
    let h = harness(&[]).await;
    let t = ok(&h, "get_track", json!({"track_id": 100})).await;
    assert_eq!(t["track"]["id"], "100");
    let r = ok(
        &h,
        "recommend_tracks",
        json!({"seed_track_ids": [5, "6"], "limit": 3}),
    )
    .await;
    assert_eq!(r["seeds_used"], json!(["track:5", "track:6"]), "{r}");
    let s = ok(
        &h,
        "search",
        json!({"query": "Track 1", "types": [], "offset": null}),
    )
    .await;
    assert!(
        s["artists"]["total"].as_u64().unwrap() > 0,
        "every type searched: {s}"
    );
}

/// Issue 23: a removal of ten items or more is confirmed like a deletion (here, a client that
/// cannot ask: `confirm` is required); fewer is everyday editing and goes through.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn issue23_a_bulk_removal_is_confirmed() {
    const PID: &str = "5a5a5a5a-0000-4000-8000-0000000000c1";
    let h = harness(&[]).await;
    {
        let mut f = h.fake.lock().unwrap();
        f.add_playlist(PID, "Bulk", (1..=30).collect());
        let now = "2026-01-01T00:00:00.000+0000".to_string();
        let tracks = (1..=12).map(|id| (id, now.clone())).collect();
        f.favorites.insert("tracks".into(), tracks);
    }
    let items =
        |h: &crate::common::inprocess::Harness| h.fake.lock().unwrap().playlists[PID].items.len();
    let nine: Vec<u64> = (0..9).collect();
    ok(
        &h,
        "remove_from_playlist",
        json!({"playlist_id": PID, "indices": nine}),
    )
    .await;
    assert_eq!(items(&h), 21);
    let ten: Vec<u64> = (0..10).collect();
    let args = json!({"playlist_id": PID, "indices": ten});
    let refused = err(&h, "remove_from_playlist", args.clone()).await;
    assert!(
        refused.contains("confirm=true")
            && refused.contains("Remove 10 items from the playlist “Bulk” (21 tracks)"),
        "{refused}"
    );
    assert_eq!(items(&h), 21, "nothing removed");
    let mut confirmed = args;
    confirmed["confirm"] = json!(true);
    ok(&h, "remove_from_playlist", confirmed).await;
    assert_eq!(items(&h), 11);

    let ids: Vec<String> = (1..=12).map(|i| i.to_string()).collect();
    let args = json!({"type": "tracks", "ids": ids});
    let refused = err(&h, "remove_favorites", args.clone()).await;
    assert!(
        refused.contains("Remove 12 tracks from your favourites"),
        "{refused}"
    );
    assert_eq!(h.fake.lock().unwrap().favorites["tracks"].len(), 12);
    let mut confirmed = args;
    confirmed["confirm"] = json!(true);
    ok(&h, "remove_favorites", confirmed).await;
    assert!(h.fake.lock().unwrap().favorites["tracks"].is_empty());
}
