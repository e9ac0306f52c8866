//! Issue 22: playlist folders, the listening history and the profile. Folders and history on
//! the v1 API as tidalapi 0.8.11 reaches them; on the official API each tool says plainly that
//! TIDAL keeps them for its own apps. A deleted folder never takes a playlist with it.

use serde_json::json;

use crate::common::inprocess::{err, harness, official_harness, ok};

const P1: &str = "00000000-0000-4000-8000-00000000a001";
const P2: &str = "00000000-0000-4000-8000-00000000a002";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn issue22_playlist_folders_on_the_v1_api() {
    let h = harness(&[]).await;
    {
        let mut f = h.fake.lock().unwrap();
        f.add_playlist(P1, "Alpha", vec![1, 2]);
        f.add_playlist(P2, "Beta", vec![3]);
    }
    let top = ok(&h, "list_folders", json!({})).await;
    assert_eq!(top["folder_id"], "root");
    assert_eq!(top["folders"], json!([]));
    assert_eq!(top["playlists"].as_array().unwrap().len(), 2, "{top}");

    let made = ok(&h, "create_folder", json!({"name": "  Road trips "})).await;
    assert_eq!(made["name"], "Road trips");
    let fid = made["id"].as_str().unwrap().to_string();
    let inner = ok(
        &h,
        "create_folder",
        json!({"name": "Inner", "parent_id": fid}),
    )
    .await;

    let moved = ok(
        &h,
        "move_to_folder",
        json!({"playlist_ids": [P1, format!("https://tidal.com/browse/playlist/{P2}")], "folder_id": fid}),
    )
    .await;
    assert_eq!(moved["moved"], json!([P1, P2]));
    // The listing after a write is TIDAL's, not the cache's.
    let top = ok(&h, "list_folders", json!({})).await;
    assert_eq!(top["playlists"], json!([]), "{top}");
    assert_eq!(top["folders"][0]["name"], "Road trips");
    assert_eq!(top["folders"][0]["number_of_items"], 3);
    let inside = ok(&h, "list_folders", json!({"folder_id": fid})).await;
    let titles: Vec<&str> = (inside["playlists"].as_array().unwrap().iter())
        .map(|p| p["title"].as_str().unwrap())
        .collect();
    assert_eq!(titles, ["Alpha", "Beta"]);
    assert_eq!(inside["folders"][0]["name"], "Inner");

    ok(
        &h,
        "rename_folder",
        json!({"folder_id": fid, "name": "Trips"}),
    )
    .await;
    let top = ok(&h, "list_folders", json!({})).await;
    assert_eq!(top["folders"][0]["name"], "Trips");

    // A folder holding a folder is refused; once empty of folders, deleting it keeps the
    // playlists (the fake deletes whatever is still inside a removed folder).
    let refused = err(
        &h,
        "delete_folder",
        json!({"folder_id": fid, "confirm": true}),
    )
    .await;
    assert!(refused.contains("holds 1 folder"), "{refused}");
    ok(
        &h,
        "delete_folder",
        json!({"folder_id": inner["id"], "confirm": true}),
    )
    .await;
    let gone = ok(
        &h,
        "delete_folder",
        json!({"folder_id": fid, "confirm": true}),
    )
    .await;
    assert_eq!(gone["moved_to_top"], json!([P1, P2]));
    let top = ok(&h, "list_folders", json!({})).await;
    assert_eq!(top["folders"], json!([]));
    assert_eq!(
        top["playlists"].as_array().unwrap().len(),
        2,
        "none lost: {top}"
    );
    assert_eq!(h.fake.lock().unwrap().playlists.len(), 2);

    // Bad input names the problem.
    let bad = err(&h, "list_folders", json!({"folder_id": "nope"})).await;
    assert!(bad.contains("not a valid folder id"), "{bad}");
    let top_del = err(
        &h,
        "delete_folder",
        json!({"folder_id": "root", "confirm": true}),
    )
    .await;
    assert!(
        top_del.contains("cannot be deleted") || top_del.contains("not a folder"),
        "{top_del}"
    );
    let blank = err(&h, "create_folder", json!({"name": "   "})).await;
    assert!(blank.contains("empty"), "{blank}");
    let missing = err(
        &h,
        "move_to_folder",
        json!({"playlist_ids": [P1], "folder_id": "f0000000-0000-4000-8000-000000000999"}),
    )
    .await;
    assert!(missing.to_lowercase().contains("not found"), "{missing}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn issue22_listening_history_and_profile_on_the_v1_api() {
    let h = harness(&[]).await;
    let hist = ok(&h, "get_listening_history", json!({"tracks_per_mix": 5})).await;
    let mixes = hist["mixes"].as_array().unwrap();
    let types: Vec<&str> = mixes
        .iter()
        .map(|m| m["mix"]["mix_type"].as_str().unwrap())
        .collect();
    assert_eq!(
        types,
        ["HISTORY_MONTHLY_MIX", "HISTORY_YEARLY_MIX"],
        "{hist}"
    );
    assert_eq!(mixes[0]["tracks"]["items"].as_array().unwrap().len(), 5);
    let me = ok(&h, "get_profile", json!({})).await;
    assert_eq!(me["user_id"], "424242");
    assert_eq!(me["first_name"], "Some");
    assert_eq!(me["country_code"], "DE");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn issue22_folders_and_history_say_why_not_on_the_official_api() {
    let h = official_harness().await;
    for (tool, args) in [
        ("list_folders", json!({})),
        ("create_folder", json!({"name": "X"})),
        ("rename_folder", json!({"folder_id": P1, "name": "X"})),
        ("delete_folder", json!({"folder_id": P1, "confirm": true})),
        ("move_to_folder", json!({"playlist_ids": [P1]})),
    ] {
        let e = err(&h, tool, args).await;
        assert!(
            e.contains("playlist folders") && e.contains("device client"),
            "{tool}: {e}"
        );
    }
    let e = err(&h, "get_listening_history", json!({})).await;
    assert!(e.contains("listening history"), "{e}");
    assert!(
        h.fake
            .lock()
            .unwrap()
            .log
            .iter()
            .all(|l| !l.path.contains("folders"))
    );
    let me = ok(&h, "get_profile", json!({})).await;
    assert_eq!(me["user_id"], "424242");
    assert!(me["username"].is_string(), "{me}");
}

/// TIDAL's pages on v1: a page by name, its links followed, rows of every kind that carries
/// entries read (the text block left out), rows cut to `per_row`; on the official API the tool
/// says why not.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn issue22_browse_pages_genres_and_moods() {
    let h = harness(&[]).await;
    let explore = ok(&h, "browse", json!({"page": "explore"})).await;
    assert_eq!(explore["page"], "pages/explore");
    let rows = explore["rows"].as_array().unwrap();
    assert_eq!(rows.len(), 2, "the text block has no entries: {explore}");
    assert_eq!(
        rows[0]["entries"][0],
        json!({"type": "link", "title": "Pop", "page": "pages/genre_pop"})
    );
    assert_eq!(rows[1]["entries"][0]["type"], "album");
    assert_eq!(rows[1]["entries"][0]["id"], "5003");

    let genres = ok(&h, "browse", json!({"page": "genres"})).await;
    let names: Vec<&str> = (genres["rows"][0]["entries"].as_array().unwrap().iter())
        .map(|e| e["title"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["Pop", "Jazz", "Blues"]);
    let pop = ok(
        &h,
        "browse",
        json!({"page": "pages/genre_pop", "per_row": 4}),
    )
    .await;
    assert_eq!(
        pop["rows"][0]["entries"].as_array().unwrap().len(),
        4,
        "{pop}"
    );
    assert_eq!(pop["rows"][0]["more"], "pages/genre_pop_playlists");
    assert_eq!(pop["rows"][1]["entries"][0]["subtitle"], "Artist 1");
    let moods = ok(&h, "browse", json!({"page": "moods"})).await;
    assert_eq!(moods["rows"][0]["entries"][1]["page"], "pages/moods_party");

    let you = ok(&h, "browse", json!({"page": "for_you"})).await;
    let kinds: Vec<&str> = (you["rows"][0]["entries"].as_array().unwrap().iter())
        .map(|e| e["type"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["album", "artist", "mix"]);
    assert_eq!(you["rows"][1]["entries"][0]["id"], "42");
    let home = ok(&h, "browse", json!({"page": "home"})).await;
    assert_eq!(home["rows"][1]["title"], "New releases");
    ok(&h, "browse", json!({"page": "videos"})).await;

    for bad in ["nowhere", "pages/../v1/users", "https://tidal.com"] {
        let e = err(&h, "browse", json!({"page": bad})).await;
        assert!(e.contains("is not a page"), "{bad}: {e}");
    }
    let gone = err(&h, "browse", json!({"page": "pages/nothing_here"})).await;
    assert!(gone.to_lowercase().contains("not found"), "{gone}");

    let official = official_harness().await;
    let e = err(&official, "browse", json!({"page": "genres"})).await;
    assert!(
        e.contains("genres and moods") && e.contains("official API"),
        "{e}"
    );
}
