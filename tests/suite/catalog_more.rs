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
