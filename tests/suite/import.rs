//! Issue 22: importing a list of tracks (ISRCs, CSV, M3U) into a playlist or the favourites.
//! Each import lands exactly once, and its dry run reports what the real run then does.

use serde_json::{Value, json};

use crate::common::inprocess::{Harness, err, harness, official_harness_with, ok};

const SEED: &str = "5a5a5a5a-0000-4000-8000-000000000022";

/// The agent's quota of requests to TIDAL (10 a second by default, which makes the 500-ISRC
/// import about 50 s) raised: these tests count requests, not seconds.
const FAST: (&str, &str) = ("TIDAL_MCP_TIDAL__UPSTREAM_PER_SECOND", "10000");

fn ids(v: &Value) -> Vec<String> {
    serde_json::from_value(v.clone()).unwrap()
}

fn items(h: &Harness, pid: &str) -> Vec<String> {
    h.fake.lock().unwrap().playlists[pid]
        .items
        .iter()
        .map(u64::to_string)
        .collect()
}

/// 500 ISRCs (one named twice, one malformed, one unknown) into a new playlist: the dry run's
/// additions are the playlist afterwards, in order; a second import adds nothing.
async fn five_hundred_isrcs(h: &Harness) {
    let mut list: Vec<String> = (1..=500).map(|i| format!("TEST{i:08}")).collect();
    list.push("TEST00000007".into());
    list.push("not-an-isrc".into());
    list.push("ZZZZ99999999".into());
    let content = list.join("\n");
    let dry = ok(
        h,
        "import_tracks",
        json!({"content": content, "new_playlist_title": "Imported"}),
    )
    .await;
    assert_eq!(dry["dry_run"], true);
    assert_eq!(dry["entries"], 503);
    assert_eq!(dry["matched"].as_array().unwrap().len(), 501);
    let unmatched = dry["unmatched"].as_array().unwrap();
    assert_eq!(unmatched.len(), 2, "{unmatched:?}");
    assert!(
        unmatched[0]["reason"]
            .as_str()
            .unwrap()
            .contains("not an ISRC")
    );
    assert!(
        unmatched[1]["reason"]
            .as_str()
            .unwrap()
            .contains("ZZZZ99999999")
    );
    let planned = ids(&dry["added_ids"]);
    let expected: Vec<String> = (1..=500).map(|i| i.to_string()).collect();
    assert_eq!(planned, expected);
    assert_eq!(
        dry["skipped"],
        json!([{"track_id": "7", "reason": "repeated_in_request"}])
    );
    assert!(
        h.fake
            .lock()
            .unwrap()
            .playlists
            .values()
            .all(|p| p.title != "Imported"),
        "a dry run creates nothing"
    );

    let done = ok(
        h,
        "import_tracks",
        json!({"content": content, "new_playlist_title": "Imported", "dry_run": false}),
    )
    .await;
    assert_eq!(
        ids(&done["added_ids"]),
        planned,
        "the dry run said what happened"
    );
    assert_eq!(done["skipped"], dry["skipped"]);
    assert_eq!(done["unmatched"], dry["unmatched"]);
    let pid = done["playlist"]["id"].as_str().unwrap().to_string();
    assert_eq!(items(h, &pid), planned, "each track once, in order");
    assert_eq!(done["playlist"]["number_of_tracks"], 500);

    // Again, into the playlist it made: nothing to add, and nothing added.
    let again = json!({"content": content, "playlist_id": pid});
    let dry = ok(h, "import_tracks", again.clone()).await;
    assert_eq!(dry["added_ids"], json!([]));
    assert_eq!(dry["skipped"].as_array().unwrap().len(), 501);
    let mut real = again;
    real["dry_run"] = json!(false);
    let done = ok(h, "import_tracks", real).await;
    assert_eq!(done["added_ids"], json!([]));
    assert_eq!(items(h, &pid).len(), 500, "nothing landed twice");
}

/// A 300-line CSV (title, artist, duration) into an existing playlist, matched through search;
/// rows by another artist or of another length are reported, not added.
async fn three_hundred_csv_rows(h: &Harness) {
    h.fake
        .lock()
        .unwrap()
        .add_playlist(SEED, "Seed", vec![601, 602]);
    let mut csv = String::from("Track Name,Artist Name(s),Duration (ms)\n");
    for n in 501..=800u64 {
        let (artist, secs) = match n {
            700 => ("Nobody".to_string(), 180 + n % 60),
            701 => (format!("Artist {}", n % 5), 180 + n % 60 + 30),
            _ => (format!("Artist {}", n % 5), 180 + n % 60),
        };
        csv.push_str(&format!("\"Track {n}\",\"{artist}\",{}\n", secs * 1000));
    }
    let args = json!({"content": csv, "playlist_id": SEED});
    let dry = ok(h, "import_tracks", args.clone()).await;
    assert_eq!(dry["entries"], 300);
    let unmatched = dry["unmatched"].as_array().unwrap();
    assert_eq!(unmatched.len(), 2, "{unmatched:?}");
    assert!(
        unmatched[0]["reason"]
            .as_str()
            .unwrap()
            .contains("only by Artist 0"),
        "{unmatched:?}"
    );
    assert!(
        unmatched[1]["reason"].as_str().unwrap().contains("lasts"),
        "{unmatched:?}"
    );
    assert!(
        dry["matched"]
            .as_array()
            .unwrap()
            .iter()
            .all(|m| m["by"] == "search")
    );
    let planned = ids(&dry["added_ids"]);
    assert_eq!(planned.len(), 296, "298 matched, 2 already in the playlist");
    assert_eq!(dry["skipped"].as_array().unwrap().len(), 2);
    assert_eq!(items(h, SEED), ["601", "602"], "a dry run changes nothing");

    let mut real = args;
    real["dry_run"] = json!(false);
    let done = ok(h, "import_tracks", real.clone()).await;
    assert_eq!(ids(&done["added_ids"]), planned);
    let mut expected = vec!["601".to_string(), "602".to_string()];
    expected.extend(planned);
    assert_eq!(items(h, SEED), expected);
    let again = ok(h, "import_tracks", real).await;
    assert_eq!(again["added_ids"], json!([]));
    assert_eq!(items(h, SEED).len(), 298, "nothing landed twice");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn issue22_imports_land_exactly_once_as_their_dry_run_said() {
    let h = harness(&[FAST]).await;
    five_hundred_isrcs(&h).await;
    three_hundred_csv_rows(&h).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn issue22_imports_land_exactly_once_on_the_official_api() {
    let h = official_harness_with(&[FAST]).await;
    five_hundred_isrcs(&h).await;
    three_hundred_csv_rows(&h).await;
}

/// An M3U with TIDAL links and #EXTINF names into the favourites; bad input says what to do.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn issue22_an_m3u_imports_into_the_favourites_and_bad_input_is_explained() {
    let h = harness(&[]).await;
    let m3u = "#EXTM3U\n#EXTINF:192,Artist 2 - Track 12\nhttps://tidal.com/browse/track/12\n\
               #EXTINF:193,Artist 3 - Track 13\n/music/13.flac\n/music/nothing.flac\n";
    let args = json!({"content": m3u, "to_favorites": true, "dry_run": false});
    let done = ok(&h, "import_tracks", args).await;
    assert_eq!(done["added_ids"], json!(["12", "13"]));
    assert_eq!(done["matched"][0]["by"], "track_id");
    assert_eq!(done["matched"][1]["by"], "search");
    assert_eq!(done["unmatched"][0]["line"], 6);
    let favs = ok(&h, "get_favorites", json!({"type": "tracks"})).await;
    let fav_ids: Vec<&str> = favs["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["item"]["id"].as_str().unwrap())
        .collect();
    assert!(
        fav_ids.contains(&"12") && fav_ids.contains(&"13"),
        "{fav_ids:?}"
    );

    let both = err(
        &h,
        "import_tracks",
        json!({"content": "TEST00000001", "to_favorites": true, "playlist_id": SEED}),
    )
    .await;
    assert!(both.contains("exactly one of"), "{both}");
    let csv = err(
        &h,
        "import_tracks",
        json!({"content": "a,b\n1,2\n", "format": "csv", "to_favorites": true}),
    )
    .await;
    assert!(csv.contains("no isrc, track_id or title column"), "{csv}");
    let none = err(
        &h,
        "import_tracks",
        json!({"content": "ZZZZ99999999", "to_favorites": true, "dry_run": false}),
    )
    .await;
    assert!(none.contains("nothing was changed"), "{none}");
}
