//! Issue 22: new releases from the followed artists on both APIs (albums and EPs/singles within
//! the days asked, newest first), and the prompts built on the new breadth: a mood or tempo
//! playlist from BPM, key and tone tags, and the weekly digest.

use rmcp::model::GetPromptRequestParams;
use serde_json::json;

use crate::common::inprocess::{Harness, harness, official_harness, ok};

async fn new_releases(h: &Harness) {
    let none = ok(h, "get_new_releases", json!({})).await;
    assert_eq!(none["artists_checked"], 0);
    assert_eq!(none["releases"], json!([]));
    ok(
        h,
        "add_favorites",
        json!({"type": "artists", "ids": ["9001"]}),
    )
    .await;
    ok(
        h,
        "add_favorites",
        json!({"type": "artists", "ids": ["9003"]}),
    )
    .await;
    // The fake's new ones: for artist n, single 5090 + n % 5 (3 (n % 5 + 1) days ago) and
    // album 5095 + n % 5 (3 (n % 5 + 6) days ago).
    let r = ok(h, "get_new_releases", json!({"days": 30})).await;
    assert_eq!(r["artists_checked"], 2);
    let ids: Vec<&str> = (r["releases"].as_array().unwrap().iter())
        .map(|a| a["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["5091", "5093", "5096", "5098"], "{r}");
    let week = ok(h, "get_new_releases", json!({"days": 7})).await;
    let ids: Vec<&str> = (week["releases"].as_array().unwrap().iter())
        .map(|a| a["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["5091"], "{week}");
    let one = ok(h, "get_new_releases", json!({"days": 30, "max_artists": 1})).await;
    assert_eq!(one["artists_checked"], 1);
    assert_eq!(
        one["releases"][0]["id"], "5093",
        "the most recently followed: {one}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn issue22_new_releases_from_followed_artists_on_the_v1_api() {
    new_releases(&harness(&[]).await).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn issue22_new_releases_from_followed_artists_on_the_official_api() {
    new_releases(&official_harness().await).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn issue22_mood_tempo_and_digest_prompts_name_tools_that_exist() {
    let h = harness(&[]).await;
    let tools = tidal_mcp::mcp::tool_names();
    for (name, args, must) in [
        (
            "mood_tempo_playlist",
            json!({"mood": "running", "bpm": "150-170", "key": "minor"}),
            vec![
                "150-170",
                "minor",
                "recommend_tracks",
                "reorder_playlist",
                "create_playlist",
            ],
        ),
        (
            "weekly_digest",
            json!({}),
            vec!["7 days", "get_new_releases", "add_album_to_playlist"],
        ),
    ] {
        let serde_json::Value::Object(a) = args else {
            unreachable!()
        };
        let p = h
            .client
            .get_prompt(GetPromptRequestParams::new(name).with_arguments(a))
            .await
            .unwrap();
        let text = format!("{p:?}");
        for word in must {
            assert!(text.contains(word), "{name}: {word} missing in {text}");
            if word.contains('_') {
                assert!(
                    tools.iter().any(|t| t == word),
                    "{name} names {word}, not a tool"
                );
            }
        }
    }
    let missing = h
        .client
        .get_prompt(GetPromptRequestParams::new("mood_tempo_playlist"))
        .await;
    assert!(missing.is_err(), "the mood is required");
}
