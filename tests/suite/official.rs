//! Issue 19: a browser-login session against a fake that follows TIDAL's OpenAPI document (and
//! is held to it by the contract check, `common/oas.rs`): every list gives every item its
//! artists, long lists are read across cursor pages, and what the official API cannot do is
//! said plainly.

use serde_json::{Value, json};

use crate::common::inprocess::{err, official_harness, ok};

/// Every track-shaped object in a result (it has a duration and artists).
fn tracks_in(v: &Value) -> Vec<&Value> {
    let mut out = Vec::new();
    fn walk<'a>(v: &'a Value, out: &mut Vec<&'a Value>) {
        match v {
            Value::Object(m) => {
                if m.contains_key("duration_s") && m.contains_key("artists") {
                    out.push(v);
                }
                m.values().for_each(|c| walk(c, out));
            }
            Value::Array(a) => a.iter().for_each(|c| walk(c, out)),
            _ => {}
        }
    }
    walk(v, &mut out);
    out
}

/// Each track names its artists (and, where it says so, its album) by name.
fn assert_named(what: &str, v: &Value, at_least: usize) {
    let tracks = tracks_in(v);
    assert!(
        tracks.len() >= at_least,
        "{what}: {} tracks in {v}",
        tracks.len()
    );
    for t in tracks {
        let artists = t["artists"].as_array().unwrap();
        assert!(
            !artists.is_empty()
                && artists
                    .iter()
                    .all(|a| a["name"].as_str().is_some_and(|n| !n.is_empty())),
            "{what}: a track without artist names: {t}"
        );
        if let Some(album) = t.get("album") {
            assert!(
                album["title"].as_str().is_some_and(|n| !n.is_empty()),
                "{what}: album without a title: {t}"
            );
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn issue19_every_list_names_its_artists_on_the_official_api() {
    let h = official_harness().await;
    let big = "19191919-0000-4000-8000-000000000230";
    {
        let mut f = h.fake.lock().unwrap();
        f.add_playlist(big, "Two thirty", (1..=230).collect());
        f.favorites.insert(
            "tracks".into(),
            (1..=60)
                .map(|i| (i, format!("2026-01-{:02}T00:00:00Z", i % 28 + 1)))
                .collect(),
        );
    }
    // Search: a collection of one searchResults resource; its tracks with artists and albums.
    let found = ok(
        &h,
        "search",
        json!({"query": "Track 12", "types": ["tracks"], "limit": 10}),
    )
    .await;
    let titles: Vec<&str> = found["tracks"]["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["title"].as_str().unwrap())
        .collect();
    assert_eq!(titles.len(), 10, "{found}");
    assert!(titles.iter().all(|t| t.contains("Track 12")), "{titles:?}");
    assert_named("search", &found, 10);
    // Offset pages through the cursor: the next ten, not page one again.
    let later = ok(
        &h,
        "search",
        json!({"query": "Track 1", "types": ["tracks"], "limit": 10, "offset": 25}),
    )
    .await;
    let first = ok(
        &h,
        "search",
        json!({"query": "Track 1", "types": ["tracks"], "limit": 35}),
    )
    .await;
    assert_eq!(
        later["tracks"]["items"].as_array().unwrap()[..],
        first["tracks"]["items"].as_array().unwrap()[25..35],
        "search offset pages"
    );

    let album = ok(
        &h,
        "get_album",
        json!({"album_id": "5004", "include_tracks": true}),
    )
    .await;
    assert_named("album tracks", &album, 10);

    let list = ok(&h, "get_playlist", json!({"playlist_id": big, "all": true})).await;
    let items = list["items"]["items"].as_array().unwrap();
    assert_eq!(items.len(), 230, "the 230-item playlist read whole");
    assert_named("playlist", &list, 230);
    assert_eq!(
        list["playlist"]["creator_id"],
        crate::common::fake_tidal::USER_ID.to_string(),
        "playlists carry their creator"
    );

    let top = ok(
        &h,
        "get_artist_top_tracks",
        json!({"artist_id": "9001", "limit": 30}),
    )
    .await;
    assert_named("artist tracks", &top, 30);
    let mix = ok(&h, "get_mix_items", json!({"mix_id": "mixmy1"})).await;
    assert_named("mix", &mix, 40);
    let radio = ok(&h, "get_track_radio", json!({"track_id": "7", "limit": 30})).await;
    assert_named("radio", &radio, 30);
    let mixes = ok(&h, "get_mixes", json!({})).await;
    assert_eq!(mixes["mixes"].as_array().map(Vec::len), Some(3), "{mixes}");

    let favs = ok(&h, "get_favorites", json!({"type": "tracks", "limit": 100})).await;
    assert_eq!(
        favs["items"].as_array().map(Vec::len),
        Some(60),
        "60 favourites across pages"
    );
    assert_named("favourites", &favs, 60);
    // The collection sorts the whole of it: oldest first.
    let asc = ok(
        &h,
        "get_favorites",
        json!({"type": "tracks", "limit": 100, "direction": "ASC"}),
    )
    .await;
    let added: Vec<&str> = asc["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["added"].as_str().unwrap())
        .collect();
    assert!(added.windows(2).all(|w| w[0] <= w[1]), "{added:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn issue19_albums_videos_lyrics_and_playlists_as_the_document_has_them() {
    let h = official_harness().await;
    // Albums only by default (the fake's artist has albums, EPs and singles), filtered before
    // paging, so a page is full.
    let albums = ok(
        &h,
        "get_artist_albums",
        json!({"artist_id": "9001", "limit": 5}),
    )
    .await;
    let types: Vec<&str> = albums["albums"]["items"]
        .as_array()
        .or(albums["items"].as_array())
        .unwrap()
        .iter()
        .map(|a| a["album_type"].as_str().unwrap_or("?"))
        .collect();
    assert_eq!(types, ["ALBUM"; 5], "{albums}");
    let eps = ok(
        &h,
        "get_artist_albums",
        json!({"artist_id": "9001", "filter": "ep_singles", "limit": 5}),
    )
    .await;
    assert!(!eps.to_string().contains("\"ALBUM\""), "{eps}");
    let why = err(
        &h,
        "get_artist_albums",
        json!({"artist_id": "9001", "filter": "other"}),
    )
    .await;
    assert!(
        why.contains("not available on TIDAL's official API"),
        "{why}"
    );

    // Favourite videos: add, list, remove.
    ok(
        &h,
        "add_favorites",
        json!({"type": "videos", "ids": ["3", "4"]}),
    )
    .await;
    let v = ok(&h, "get_favorites", json!({"type": "videos"})).await;
    assert_eq!(v["items"].as_array().map(Vec::len), Some(2), "{v}");
    assert_named("videos", &v, 2);
    ok(
        &h,
        "remove_favorites",
        json!({"type": "videos", "ids": ["3"]}),
    )
    .await;
    let v = ok(&h, "get_favorites", json!({"type": "videos"})).await;
    assert_eq!(v["items"].as_array().map(Vec::len), Some(1), "{v}");

    // Lyrics are tier INTERNAL: said plainly, nothing sent.
    let why = err(&h, "get_lyrics", json!({"track_id": "7"})).await;
    assert!(
        why.contains("lyrics") && why.contains("official API"),
        "{why}"
    );
    assert_eq!(
        h.fake
            .lock()
            .unwrap()
            .count("GET", "/openapi/v2/tracks/7/relationships/lyrics"),
        0
    );

    // Own and favourited playlists, each with its creator.
    {
        let mut f = h.fake.lock().unwrap();
        f.add_playlist("19191919-0000-4000-8000-000000000001", "Mine", vec![1, 2]);
        f.favorite_playlists
            .push(("mixdiscovery1".into(), "2026-01-01T00:00:00Z".into()));
    }
    let mine = ok(&h, "list_playlists", json!({})).await;
    assert!(mine.to_string().contains("\"creator_id\""), "{mine}");
    let all = ok(&h, "list_playlists", json!({"include_favorited": true})).await;
    assert!(all.to_string().contains("mixdiscovery1"), "{all}");
    // The playlists resource lists favourited ones too: it reads on this session now.
    let read = h
        .client
        .read_resource(rmcp::model::ReadResourceRequestParams::new(
            "tidal://playlists",
        ))
        .await
        .unwrap();
    let text = format!("{read:?}");
    assert!(
        text.contains("Mine") && text.contains("mixdiscovery1"),
        "{text}"
    );
}

/// A resent write whose first send TIDAL is still processing (409) waits and gets the first
/// send's answer; it is applied once. A DELETE of a playlist carries its Idempotency-Key.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn issue19_a_resent_write_still_processing_lands_once() {
    let h = official_harness().await;
    let pid = "19191919-0000-4000-8000-000000000409";
    h.fake.lock().unwrap().add_playlist(pid, "Busy", vec![1]);
    {
        let mut f = h.fake.lock().unwrap();
        f.drop_v2_write_answers = 1;
        f.in_progress_answers = 1;
    }
    ok(
        &h,
        "add_to_playlist",
        json!({"playlist_id": pid, "track_ids": ["5"]}),
    )
    .await;
    assert_eq!(h.fake.lock().unwrap().playlists[pid].items, [1, 5]);
    ok(
        &h,
        "delete_playlist",
        json!({"playlist_id": pid, "confirm": true}),
    )
    .await;
    assert!(!h.fake.lock().unwrap().playlists.contains_key(pid));
}
