//! Issue 22: operations on a whole playlist (clear, copy and merge, add an album, reverse,
//! shuffle and sort), on both APIs, each checked against what the fake holds afterwards; a
//! reorder that fails part-way leaves the playlist as it was.

use serde_json::{Value, json};

use crate::common::inprocess::{Harness, err, harness, official_harness_with, ok};

const SEED: &str = "5a5a5a5a-0000-4000-8000-000000000023";
const OTHER: &str = "5a5a5a5a-0000-4000-8000-000000000024";
const FAST: (&str, &str) = ("TIDAL_MCP_TIDAL__UPSTREAM_PER_SECOND", "10000");

fn items(h: &Harness, pid: &str) -> Vec<u64> {
    h.fake.lock().unwrap().playlists[pid].items.clone()
}

fn strings(v: &[u64]) -> Value {
    json!(v.iter().map(u64::to_string).collect::<Vec<_>>())
}

async fn whole_playlist_operations(h: &Harness) {
    {
        let mut f = h.fake.lock().unwrap();
        // Durations are 180 + id % 60: 61 -> 181 s, 2 -> 182 s, 30 -> 210 s.
        f.add_playlist(SEED, "Seed", vec![30, 61, 2, 2, 5]);
        f.add_playlist(OTHER, "Other", vec![5, 7]);
    }
    let r = ok(
        h,
        "reorder_playlist",
        json!({"playlist_id": SEED, "order": "reverse"}),
    )
    .await;
    assert_eq!(items(h, SEED), [5, 2, 2, 61, 30]);
    assert_eq!(r["track_ids"], strings(&[5, 2, 2, 61, 30]));
    ok(
        h,
        "reorder_playlist",
        json!({"playlist_id": SEED, "order": "duration"}),
    )
    .await;
    assert_eq!(items(h, SEED), [61, 2, 2, 5, 30]);
    ok(
        h,
        "reorder_playlist",
        json!({"playlist_id": SEED, "order": "duration", "descending": true}),
    )
    .await;
    assert_eq!(items(h, SEED), [30, 5, 2, 2, 61]);
    // Added on day 1 + (id * 7) % 28 of January (30 and 2 on the 15th, 5 and 61 on the 8th);
    // BPM 90 + id % 60. Equal keys keep their order.
    for (order, descending, want) in [
        ("added", false, [5, 61, 30, 2, 2]),
        ("added", true, [30, 2, 2, 5, 61]),
        ("bpm", false, [61, 2, 2, 5, 30]),
        ("bpm", true, [30, 5, 2, 2, 61]),
    ] {
        let args = json!({"playlist_id": SEED, "order": order, "descending": descending});
        ok(h, "reorder_playlist", args).await;
        assert_eq!(items(h, SEED), want, "{order} descending={descending}");
    }
    let shuffled = ok(
        h,
        "reorder_playlist",
        json!({"playlist_id": SEED, "order": "shuffle"}),
    )
    .await;
    let mut now = items(h, SEED);
    assert_eq!(strings(&now), shuffled["track_ids"]);
    now.sort_unstable();
    assert_eq!(
        now,
        [2, 2, 5, 30, 61],
        "a shuffle keeps every item, repeats too"
    );

    // A merge skips what the target has; a copy into a new playlist takes everything once.
    let merged = ok(
        h,
        "copy_playlist",
        json!({"source_playlist_id": SEED, "playlist_id": OTHER}),
    )
    .await;
    assert_eq!(merged["playlist_id"], OTHER);
    let mut other = items(h, OTHER);
    assert_eq!(&other[..2], [5, 7]);
    other.sort_unstable();
    assert_eq!(other, [2, 5, 7, 30, 61]);
    assert_eq!(merged["skipped"].as_array().unwrap().len(), 2, "{merged}");
    let copy = ok(
        h,
        "copy_playlist",
        json!({"source_playlist_id": OTHER, "new_playlist_title": "Copy"}),
    )
    .await;
    let copy_id = copy["playlist"]["id"].as_str().unwrap().to_string();
    assert_eq!(items(h, &copy_id), items(h, OTHER));
    assert_eq!(copy["playlist_id"], copy_id);
    let itself = err(
        h,
        "copy_playlist",
        json!({"source_playlist_id": OTHER, "playlist_id": OTHER}),
    )
    .await;
    assert!(itself.contains("into itself"), "{itself}");

    // An album, in order; again, nothing (already there).
    let album = ok(
        h,
        "add_album_to_playlist",
        json!({"playlist_id": copy_id, "album_id": "5001"}),
    )
    .await;
    let added: Vec<String> = serde_json::from_value(album["added_ids"].clone()).unwrap();
    assert!(!added.is_empty(), "{album}");
    assert!(
        items(h, &copy_id).ends_with(
            &added
                .iter()
                .map(|i| i.parse::<u64>().unwrap())
                .collect::<Vec<_>>()
        )
    );
    let again = ok(
        h,
        "add_album_to_playlist",
        json!({"playlist_id": copy_id, "album_id": "5001"}),
    )
    .await;
    assert_eq!(again["added_ids"], json!([]));

    let cleared = ok(
        h,
        "clear_playlist",
        json!({"playlist_id": copy_id, "confirm": true}),
    )
    .await;
    assert_eq!(
        cleared["removed"].as_u64().unwrap() as usize,
        5 + added.len()
    );
    assert!(items(h, &copy_id).is_empty());
    let empty = err(
        h,
        "copy_playlist",
        json!({"source_playlist_id": copy_id, "new_playlist_title": "Nothing"}),
    )
    .await;
    assert!(empty.contains("nothing to copy"), "{empty}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn issue22_whole_playlist_operations() {
    let h = harness(&[FAST]).await;
    whole_playlist_operations(&h).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn issue22_whole_playlist_operations_on_the_official_api() {
    let h = official_harness_with(&[FAST]).await;
    whole_playlist_operations(&h).await;
}

/// A reorder whose second addition fails takes the first back: nothing lost, nothing doubled.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn issue22_a_reorder_that_fails_part_way_leaves_the_playlist_as_it_was() {
    let h = harness(&[FAST]).await;
    let before: Vec<u64> = (1..=120).collect();
    {
        let mut f = h.fake.lock().unwrap();
        f.add_playlist(SEED, "Seed", before.clone());
        f.fail_nth_item_post = 2;
    }
    let why = err(
        &h,
        "reorder_playlist",
        json!({"playlist_id": SEED, "order": "reverse"}),
    )
    .await;
    assert!(!why.is_empty());
    assert_eq!(items(&h, SEED), before);
}
