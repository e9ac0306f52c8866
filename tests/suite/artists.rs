//! Issue 22: an artist's biography and a track's tempo, key and tone tags, on both APIs (the
//! v1 API as tidalapi 0.8.11 reads them, the official API through THIRD_PARTY operations).

use serde_json::json;

use crate::common::inprocess::{Harness, err, harness, official_harness, ok};

async fn bio_and_tags(h: &Harness) {
    let bio = ok(h, "get_artist_bio", json!({"artist_id": "9002"})).await;
    assert_eq!(bio["artist_id"], "9002");
    assert_eq!(
        bio["text"], "Artist 2 grew up with Artist 1.",
        "links read as names"
    );
    assert_eq!(bio["source"], "TiVo");
    let missing = err(h, "get_artist_bio", json!({"artist_id": "424242"})).await;
    assert!(
        missing.contains("not found") || missing.contains("no biography"),
        "{missing}"
    );

    let t = ok(h, "get_track", json!({"track_id": "12"})).await;
    assert_eq!(t["track"]["bpm"], 102.0);
    assert!(t["track"]["key"].is_string(), "{t}");
    assert!(t["track"]["key_scale"].is_string(), "{t}");
    // Tempo and key stay in list items: a mood or tempo playlist is built from them.
    let found = ok(
        h,
        "search",
        json!({"query": "Track 12", "types": ["tracks"]}),
    )
    .await;
    assert!(found["tracks"]["items"][0]["bpm"].is_number(), "{found}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn issue22_artist_bio_and_track_tempo_and_key_on_the_v1_api() {
    let h = harness(&[]).await;
    bio_and_tags(&h).await;
    let t = ok(&h, "get_track", json!({"track_id": "12"})).await;
    assert!(t["track"].get("tone_tags").is_none(), "v1 has no tone tags");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn issue22_artist_bio_and_track_tags_on_the_official_api() {
    let h = official_harness().await;
    bio_and_tags(&h).await;
    let t = ok(&h, "get_track", json!({"track_id": "12"})).await;
    assert_eq!(t["track"]["tone_tags"], json!(["Happy", "Energetic"]));
}
