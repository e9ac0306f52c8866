//! Issue 22: album reviews (v1; the official API has none and says so), albums by UPC, similar
//! tracks and an artist's videos, on both APIs.

use serde_json::json;

use crate::common::inprocess::{Harness, err, harness, official_harness, ok};

async fn upc_similar_and_videos(h: &Harness) {
    let found = ok(h, "get_album_by_upc", json!({"upc": "0060253705007"})).await;
    assert_eq!(found["albums"][0]["id"], "5007", "{found}");
    let none = ok(h, "get_album_by_upc", json!({"upc": "99999999"})).await;
    assert_eq!(none["albums"], json!([]));
    let bad = err(h, "get_album_by_upc", json!({"upc": "12345abc90"})).await;
    assert!(bad.contains("not a UPC"), "{bad}");

    let similar = ok(
        h,
        "get_similar_tracks",
        json!({"track_id": "10", "limit": 3}),
    )
    .await;
    let ids: Vec<&str> = (similar["items"].as_array().unwrap().iter())
        .map(|t| t["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["11", "12", "13"], "{similar}");

    let videos = ok(
        h,
        "get_artist_videos",
        json!({"artist_id": "9002", "limit": 4}),
    )
    .await;
    let ids: Vec<&str> = (videos["items"].as_array().unwrap().iter())
        .map(|t| t["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["2", "7", "12", "17"], "{videos}");
    assert!(
        videos["items"][0]["title"]
            .as_str()
            .unwrap()
            .starts_with("Video")
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn issue22_reviews_upc_similar_tracks_and_videos_on_the_v1_api() {
    let h = harness(&[]).await;
    upc_similar_and_videos(&h).await;
    let r = ok(&h, "get_album_review", json!({"album_id": "5003"})).await;
    assert_eq!(
        r["text"], "Album 3 is a fine record.",
        "links read as names"
    );
    assert_eq!(r["source"], "TiVo");
    let none = err(&h, "get_album_review", json!({"album_id": "5050"})).await;
    assert!(none.to_lowercase().contains("not found"), "{none}");
    // UPC lookups and similar tracks go to the official API, as tidalapi's barcode lookup does.
    let f = h.fake.lock().unwrap();
    assert_eq!(f.count("GET", "/openapi/v2/albums"), 2);
    assert_eq!(
        f.count("GET", "/openapi/v2/tracks/10/relationships/similarTracks"),
        1
    );
    assert_eq!(f.count("GET", "/v1/artists/9002/videos"), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn issue22_upc_similar_tracks_and_videos_on_the_official_api() {
    let h = official_harness().await;
    upc_similar_and_videos(&h).await;
    let why = err(&h, "get_album_review", json!({"album_id": "5003"})).await;
    assert!(
        why.contains("album reviews") && why.contains("official API"),
        "{why}"
    );
}

/// Artwork at a chosen size: the smallest at least that wide, else the largest; every size
/// listed; an object without artwork answers with none rather than an error.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn issue22_artwork_on_the_v1_api() {
    let h = harness(&[]).await;
    let cover = "https://resources.tidal.com/images/0a1b2c3d/0000/4000/8000/000000000001";
    let a = ok(
        &h,
        "get_artwork",
        json!({"type": "album", "id": "5001", "size": 500}),
    )
    .await;
    assert_eq!(a["image"]["href"], format!("{cover}/640x640.jpg"), "{a}");
    assert_eq!(a["sizes"].as_array().unwrap().len(), 5);
    let t = ok(&h, "get_artwork", json!({"type": "track", "id": "15"})).await;
    assert_eq!(
        t["image"]["href"],
        format!("{cover}/640x640.jpg"),
        "a track's is its album's"
    );
    let big = ok(
        &h,
        "get_artwork",
        json!({"type": "artist", "id": "9002", "size": 3000}),
    )
    .await;
    assert_eq!(
        big["image"]["width"], 750,
        "the largest when none is that big: {big}"
    );
    let none = ok(&h, "get_artwork", json!({"type": "artist", "id": "9100"})).await;
    assert!(
        none.get("image").is_none() && none["sizes"] == json!([]),
        "{none}"
    );
    h.fake.lock().unwrap().add_playlist(P, "Art", vec![1]);
    let wide = ok(
        &h,
        "get_artwork",
        json!({"type": "playlist", "id": P, "size": 400}),
    )
    .await;
    assert_eq!(
        (
            wide["image"]["width"].as_u64(),
            wide["image"]["height"].as_u64()
        ),
        (Some(480), Some(320)),
        "{wide}"
    );
    let mix = ok(
        &h,
        "get_artwork",
        json!({"type": "mix", "id": "mix001", "size": 320}),
    )
    .await;
    assert_eq!(
        mix["image"]["href"], "https://images.example/mix.jpg",
        "{mix}"
    );
    let bad = err(&h, "get_artwork", json!({"type": "playlist", "id": "5001"})).await;
    assert!(bad.contains("not a valid playlist id"), "{bad}");
}

const P: &str = "00000000-0000-4000-8000-0000000a0001";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn issue22_artwork_on_the_official_api() {
    let h = official_harness().await;
    h.fake.lock().unwrap().add_playlist(P, "Art", vec![1]);
    for (kind, id, owner) in [
        ("album", "5001", "albums-5001"),
        ("track", "15", "albums-5001"),
        ("artist", "9002", "artists-9002"),
        ("playlist", P, &format!("playlists-{P}")),
    ] {
        let a = ok(
            &h,
            "get_artwork",
            json!({"type": kind, "id": id, "size": 300}),
        )
        .await;
        let want = format!("https://resources.tidal.com/images/{owner}/320x320.jpg");
        assert_eq!(a["image"]["href"], want, "{kind}: {a}");
        assert_eq!(a["sizes"].as_array().unwrap().len(), 3);
    }
}

async fn suggestions(h: &Harness) {
    let s = ok(h, "search_suggestions", json!({"query": "tra"})).await;
    assert_eq!(s["suggestions"], json!(["track 1", "track 2"]), "{s}");
    let hits: Vec<&str> = (s["direct_hits"].as_array().unwrap().iter())
        .map(|e| e["type"].as_str().unwrap())
        .collect();
    assert_eq!(hits, ["track", "track", "track"], "{s}");
    let typo = ok(h, "search_suggestions", json!({"query": "trak 12"})).await;
    assert_eq!(
        typo["suggestions"],
        json!(["track 12"]),
        "did you mean: {typo}"
    );
    let artist = ok(h, "search_suggestions", json!({"query": "artist 3"})).await;
    assert_eq!(artist["direct_hits"][0]["type"], "artist", "{artist}");
    assert_eq!(artist["direct_hits"][0]["id"], "9003");
    let blank = err(h, "search_suggestions", json!({"query": "   "})).await;
    assert!(blank.contains("empty"), "{blank}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn issue22_search_suggestions_on_both_apis() {
    let v1 = harness(&[]).await;
    suggestions(&v1).await;
    assert!(
        v1.fake
            .lock()
            .unwrap()
            .count("GET", "/openapi/v2/searchSuggestions")
            >= 3
    );
    suggestions(&official_harness().await).await;
}
