//! The MCP server in-process: an agent state against the fake TIDAL, served over
//! `tokio::io::duplex` to rmcp's own client, calling every tool, the resources and the prompts,
//! and checking read-only mode and the 5xx rules.

use rmcp::model::{CallToolRequestParams, GetPromptRequestParams, ReadResourceRequestParams};
use serde_json::json;

use crate::common::inprocess::{call, harness, ok};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_tool_resources_and_prompts_over_duplex() {
    let h = harness(&[]).await;
    h.fake.lock().unwrap().add_playlist(
        "aaaaaaaa-0000-4000-8000-000000000001",
        "Seed",
        vec![1, 2, 2, 97, 3],
    );
    h.fake.lock().unwrap().favorites.insert(
        "tracks".into(),
        (20..30).map(|i| (i, "x".to_string())).collect(),
    );
    let seed = "aaaaaaaa-0000-4000-8000-000000000001";
    let tools: Vec<String> = h
        .client
        .list_all_tools()
        .await
        .unwrap()
        .iter()
        .map(|t| t.name.to_string())
        .collect();
    let mut covered = Vec::new();
    let mut run = |name: &str| covered.push(name.to_string());

    run("auth_status");
    assert_eq!(ok(&h, "auth_status", json!({})).await["logged_in"], true);
    run("search");
    assert!(
        ok(
            &h,
            "search",
            json!({"query": "Track 1", "types": ["tracks", "artists"], "limit": 3})
        )
        .await["tracks"]["items"]
            .as_array()
            .unwrap()
            .len()
            == 3
    );
    run("get_track");
    assert_eq!(
        ok(&h, "get_track", json!({"track_id": "5"})).await["track"]["isrc"],
        "TEST00000005"
    );
    run("get_track_by_isrc");
    assert_eq!(
        ok(&h, "get_track_by_isrc", json!({"isrc": "TEST00000005"})).await["tracks"][0]["id"],
        "5"
    );
    run("get_album");
    assert_eq!(
        ok(
            &h,
            "get_album",
            json!({"album_id": "5001", "include_tracks": true})
        )
        .await["tracks"]["items"]
            .as_array()
            .unwrap()
            .len(),
        10
    );
    run("get_artist");
    assert_eq!(
        ok(
            &h,
            "get_artist",
            json!({"artist_id": "https://tidal.com/browse/artist/9001"})
        )
        .await["artist"]["id"],
        "9001"
    );
    for (name, args) in [
        (
            "get_artist_top_tracks",
            json!({"artist_id": "9001", "limit": 5}),
        ),
        (
            "get_artist_albums",
            json!({"artist_id": "9001", "filter": "ep_singles"}),
        ),
        ("get_similar_artists", json!({"artist_id": "9001"})),
        ("get_artist_radio", json!({"artist_id": "9001", "limit": 5})),
        ("get_similar_albums", json!({"album_id": "5001"})),
        ("get_track_radio", json!({"track_id": "5", "limit": 5})),
        ("get_mix_items", json!({"mix_id": "mix001", "limit": 5})),
    ] {
        run(name);
        assert!(
            !ok(&h, name, args).await["items"]
                .as_array()
                .unwrap()
                .is_empty(),
            "{name}"
        );
    }
    run("get_lyrics");
    assert_eq!(
        ok(&h, "get_lyrics", json!({"track_id": "5"})).await["lyrics"]["text"],
        "la la la"
    );
    run("list_playlists");
    assert_eq!(ok(&h, "list_playlists", json!({})).await["total"], 1);
    run("get_playlist");
    assert_eq!(
        ok(&h, "get_playlist", json!({"playlist_id": seed})).await["items"]["total"],
        5
    );
    run("create_playlist");
    let created = ok(
        &h,
        "create_playlist",
        json!({"title": "New", "description": "d", "public": true, "track_ids": ["7", "8"]}),
    )
    .await;
    let pid = created["playlist"]["id"].as_str().unwrap().to_string();
    assert_eq!(created["playlist"]["public"], true);
    run("update_playlist");
    assert_eq!(
        ok(
            &h,
            "update_playlist",
            json!({"playlist_id": pid, "title": "Renamed"})
        )
        .await["playlist"]["title"],
        "Renamed"
    );
    run("add_to_playlist");
    assert_eq!(
        ok(
            &h,
            "add_to_playlist",
            json!({"playlist_id": pid, "track_ids": ["9"], "position": 0})
        )
        .await["added_ids"],
        json!(["9"])
    );
    run("move_in_playlist");
    ok(
        &h,
        "move_in_playlist",
        json!({"playlist_id": pid, "indices": [0], "to_index": 3}),
    )
    .await;
    assert_eq!(h.fake.lock().unwrap().playlists[&pid].items, vec![7, 8, 9]);
    run("remove_from_playlist");
    ok(
        &h,
        "remove_from_playlist",
        json!({"playlist_id": pid, "track_ids": ["8"]}),
    )
    .await;
    run("dedupe_playlist");
    let d = ok(&h, "dedupe_playlist", json!({"playlist_id": seed})).await;
    assert_eq!(d["duplicates"].as_array().unwrap().len(), 1);
    assert_eq!(d["unavailable"][0]["track"]["id"], "97");
    assert_eq!(d["removed"], false);
    assert_eq!(
        h.fake.lock().unwrap().playlists[seed].items.len(),
        5,
        "dry run changes nothing"
    );
    run("export_playlist");
    let csv = ok(
        &h,
        "export_playlist",
        json!({"playlist_id": pid, "format": "csv"}),
    )
    .await;
    assert!(
        csv["content"]
            .as_str()
            .unwrap()
            .starts_with("index,track_id,title")
    );
    // The export reads back in: every row matches the track it came from, already there.
    run("import_tracks");
    let back = ok(
        &h,
        "import_tracks",
        json!({"content": csv["content"], "playlist_id": pid}),
    )
    .await;
    assert_eq!(back["unmatched"], json!([]), "{back}");
    assert_eq!(back["added_ids"], json!([]), "{back}");
    run("reorder_playlist");
    let before = ok(&h, "get_playlist", json!({"playlist_id": pid, "all": true})).await;
    let reversed = ok(
        &h,
        "reorder_playlist",
        json!({"playlist_id": pid, "order": "reverse"}),
    )
    .await;
    let mut ids: Vec<serde_json::Value> = before["items"]["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["track"]["id"].clone())
        .collect();
    ids.reverse();
    assert_eq!(reversed["track_ids"], json!(ids));
    run("add_album_to_playlist");
    ok(
        &h,
        "add_album_to_playlist",
        json!({"playlist_id": pid, "album_id": "5001"}),
    )
    .await;
    run("copy_playlist");
    let copy = ok(
        &h,
        "copy_playlist",
        json!({"source_playlist_id": pid, "new_playlist_title": "Copy"}),
    )
    .await;
    run("clear_playlist");
    ok(
        &h,
        "clear_playlist",
        json!({"playlist_id": copy["playlist_id"], "confirm": true}),
    )
    .await;
    run("delete_playlist");
    ok(
        &h,
        "delete_playlist",
        json!({"playlist_id": pid, "confirm": true}),
    )
    .await;
    assert!(!h.fake.lock().unwrap().playlists.contains_key(&pid));
    run("get_favorites");
    assert_eq!(
        ok(
            &h,
            "get_favorites",
            json!({"type": "tracks", "order": "NAME", "direction": "ASC"})
        )
        .await["total"],
        10
    );
    run("add_favorites");
    ok(
        &h,
        "add_favorites",
        json!({"type": "mixes", "ids": ["mix005"]}),
    )
    .await;
    assert_eq!(
        ok(&h, "get_favorites", json!({"type": "mixes"})).await["items"][0]["id"],
        "mix005"
    );
    run("remove_favorites");
    ok(
        &h,
        "remove_favorites",
        json!({"type": "albums", "ids": ["1"]}),
    )
    .await;
    run("get_mixes");
    assert_eq!(
        ok(&h, "get_mixes", json!({})).await["mixes"][0]["id"],
        "mix001"
    );
    run("recommend_tracks");
    let rec = ok(&h, "recommend_tracks", json!({"seed_track_ids": ["5"], "seed_artist_ids": ["9001"], "from_favorites": true, "exclude_favorites": true, "limit": 10})).await;
    let ids: Vec<&str> = rec["tracks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids.len(), 10);
    assert!(
        ids.iter()
            .all(|i| !(20..30).contains(&i.parse::<u64>().unwrap())),
        "favourites excluded: {ids:?}"
    );
    let mut dedup = ids.clone();
    dedup.sort();
    dedup.dedup();
    assert_eq!(dedup.len(), ids.len(), "deduplicated");
    run("set_preferences");
    ok(
        &h,
        "set_preferences",
        json!({"changes": {"search_limit": 4}}),
    )
    .await;
    run("get_preferences");
    assert_eq!(
        ok(&h, "get_preferences", json!({})).await["preferences"]["search_limit"],
        4
    );
    run("get_artist_bio");
    let bio = ok(&h, "get_artist_bio", json!({"artist_id": "9001"})).await;
    assert!(bio["text"].as_str().unwrap().contains("Artist 1"), "{bio}");
    run("get_new_releases");
    ok(
        &h,
        "add_favorites",
        json!({"type": "artists", "ids": ["9002"]}),
    )
    .await;
    let new = ok(&h, "get_new_releases", json!({"days": 30})).await;
    assert_eq!(new["releases"][0]["id"], "5092", "{new}");
    for (tool, args) in [
        ("get_album_review", json!({"album_id": "5003"})),
        ("get_album_by_upc", json!({"upc": "0060253705007"})),
        ("get_similar_tracks", json!({"track_id": "10"})),
        ("get_artist_videos", json!({"artist_id": "9002"})),
        ("get_artwork", json!({"type": "track", "id": "10"})),
        ("browse", json!({"page": "explore"})),
        ("search_suggestions", json!({"query": "tra"})),
    ] {
        run(tool);
        let v = ok(&h, tool, args).await;
        assert!(v.as_object().is_some_and(|o| !o.is_empty()), "{tool}: {v}");
    }
    run("get_profile");
    assert_eq!(ok(&h, "get_profile", json!({})).await["user_id"], "424242");
    run("get_listening_history");
    let hist = ok(&h, "get_listening_history", json!({"tracks_per_mix": 2})).await;
    assert_eq!(hist["mixes"].as_array().unwrap().len(), 2, "{hist}");
    for tool in [
        "create_folder",
        "list_folders",
        "move_to_folder",
        "rename_folder",
        "delete_folder",
    ] {
        run(tool);
    }
    let folder = ok(&h, "create_folder", json!({"name": "Duplex"})).await;
    let fid = folder["id"].as_str().unwrap();
    ok(
        &h,
        "rename_folder",
        json!({"folder_id": fid, "name": "Duplex 2"}),
    )
    .await;
    let pid = "00000000-0000-4000-8000-0000000f0001";
    h.fake
        .lock()
        .unwrap()
        .add_playlist(pid, "Foldered", vec![1]);
    ok(
        &h,
        "move_to_folder",
        json!({"playlist_ids": [pid], "folder_id": fid}),
    )
    .await;
    let inside = ok(&h, "list_folders", json!({"folder_id": fid})).await;
    assert_eq!(inside["playlists"][0]["id"], pid, "{inside}");
    let gone = ok(
        &h,
        "delete_folder",
        json!({"folder_id": fid, "confirm": true}),
    )
    .await;
    assert_eq!(gone["moved_to_top"], json!([pid]));
    run("toolsets");
    let sets = ok(&h, "toolsets", json!({})).await;
    assert!(
        sets["toolsets"]
            .as_array()
            .unwrap()
            .iter()
            .all(|t| t["enabled"] == true),
        "the full set has every toolset on: {sets}"
    );
    run("auth_login");
    let login = ok(&h, "auth_login", json!({})).await;
    assert_eq!(login["user_code"], "ABCDE");
    assert_eq!(login["flow"], "device");
    assert!(ok(&h, "auth_status", json!({})).await["login"]["state"] == "pending");

    let mut missing: Vec<&String> = tools.iter().filter(|t| !covered.contains(t)).collect();
    missing.sort();
    assert!(missing.is_empty(), "tools without a test: {missing:?}");

    // Resources and prompts.
    let res = h.client.list_resources(None).await.unwrap();
    assert!(res.resources.iter().any(|r| r.uri == "tidal://me"));
    let templates = h.client.list_resource_templates(None).await.unwrap();
    assert_eq!(templates.resource_templates.len(), 5);
    let read = h
        .client
        .read_resource(ReadResourceRequestParams::new(format!(
            "tidal://playlist/{seed}"
        )))
        .await
        .unwrap();
    assert!(format!("{read:?}").contains("Track 97"));
    assert!(
        h.client
            .read_resource(ReadResourceRequestParams::new("tidal://nope"))
            .await
            .is_err()
    );
    let prompts = h.client.list_prompts(None).await.unwrap();
    assert_eq!(prompts.prompts.len(), 5);
    let mut args = serde_json::Map::new();
    args.insert("mood".into(), json!("rainy sunday jazz"));
    let p = h
        .client
        .get_prompt(GetPromptRequestParams::new("build_playlist").with_arguments(args))
        .await
        .unwrap();
    assert!(format!("{p:?}").contains("rainy sunday jazz"));
    assert!(
        h.client
            .get_prompt(GetPromptRequestParams::new("build_playlist"))
            .await
            .is_err(),
        "missing argument"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reads_retry_5xx_and_writes_do_not() {
    let h = harness(&[]).await;
    h.fake.lock().unwrap().fail_5xx = 2;
    ok(&h, "get_track", json!({"track_id": "3"})).await;
    h.fake.lock().unwrap().fail_5xx = 1;
    let before = h.fake.lock().unwrap().playlists.len();
    let r = call(&h, "create_playlist", json!({"title": "x"})).await;
    assert_eq!(r.is_error, Some(true));
    assert!(format!("{r:?}").contains("unavailable"), "{r:?}");
    assert_eq!(
        h.fake.lock().unwrap().playlists.len(),
        before,
        "a failed write was not repeated"
    );
    assert_eq!(
        h.fake
            .lock()
            .unwrap()
            .count("PUT", "/v2/my-collection/playlists/folders/create-playlist"),
        1
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn read_only_mode_and_hidden_groups_list_fewer_tools() {
    let h = harness(&[
        ("TIDAL_MCP_MCP__READ_ONLY", "true"),
        ("TIDAL_MCP_MCP__HIDDEN_GROUPS", "favorites,preferences"),
    ])
    .await;
    let tools = h.client.list_all_tools().await.unwrap();
    let names: Vec<&str> = tools.iter().map(|t| t.name.as_ref()).collect();
    for gone in [
        "create_playlist",
        "delete_playlist",
        "add_to_playlist",
        "get_favorites",
        "add_favorites",
        "set_preferences",
    ] {
        assert!(!names.contains(&gone), "{gone} listed");
    }
    for kept in ["search", "get_playlist", "auth_login", "export_playlist"] {
        assert!(names.contains(&kept), "{kept} missing");
    }
    assert!(
        tools
            .iter()
            .all(|t| t.annotations.as_ref().unwrap().destructive_hint != Some(true))
    );
    assert!(
        h.client
            .call_tool(
                CallToolRequestParams::new("delete_playlist")
                    .with_arguments(serde_json::Map::new())
            )
            .await
            .is_err(),
        "a hidden tool is unknown"
    );
}

/// Positions shift when a playlist changes elsewhere (the TIDAL app): a removal must act on the
/// current order, not on a cached one.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn writes_by_position_never_use_a_stale_cached_order() {
    let h = harness(&[]).await;
    let pid = "bbbbbbbb-0000-4000-8000-000000000002";
    h.fake
        .lock()
        .unwrap()
        .add_playlist(pid, "Shifting", vec![1, 2, 3]);
    ok(&h, "get_playlist", json!({"playlist_id": pid})).await;
    h.fake.lock().unwrap().playlists.get_mut(pid).unwrap().items = vec![9, 1, 2, 3];
    let r = ok(
        &h,
        "remove_from_playlist",
        json!({"playlist_id": pid, "track_ids": ["2"]}),
    )
    .await;
    assert_eq!(r["removed_indices"], json!([2]));
    assert_eq!(h.fake.lock().unwrap().playlists[pid].items, vec![9, 1, 3]);
}

/// Issue 9: the language and audio-quality preferences are read, by the prompts.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn prompts_follow_the_users_preferences() {
    let h = harness(&[]).await;
    ok(
        &h,
        "set_preferences",
        json!({"changes": {"language": "de", "audio_quality": "HI_RES_LOSSLESS"}}),
    )
    .await;
    let mut args = serde_json::Map::new();
    args.insert("mood".into(), json!("rainy"));
    let p = h
        .client
        .get_prompt(GetPromptRequestParams::new("build_playlist").with_arguments(args))
        .await
        .unwrap();
    let text = format!("{p:?}");
    assert!(text.contains("HI_RES_LOSSLESS or better"), "{text}");
    assert!(text.contains("tag `de`"), "{text}");
}
