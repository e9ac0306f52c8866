//! The fake's editorial pages on the v1 API, shaped as tidalapi's `Page` reads them: rows of
//! one module each, of the kinds TIDAL uses (page links, promotions, item lists, mixed lists,
//! highlights, and a text block no entry comes from).

use serde_json::{Value, json};

use super::{album_json, artist_json, mix_json, track_json};

fn paged(items: Vec<Value>) -> Value {
    json!({"limit": 50, "offset": 0, "totalNumberOfItems": items.len(), "items": items})
}

fn links(names: &[(&str, &str)]) -> Value {
    let items = names
        .iter()
        .map(|(title, path)| json!({"title": title, "icon": "", "apiPath": path, "imageId": "0a1b2c3d-0000-4000-8000-000000000003"}))
        .collect();
    paged(items)
}

fn editorial_playlist(n: u64) -> Value {
    json!({"uuid": format!("e0000000-0000-4000-8000-{n:012}"), "title": format!("Editorial {n}"),
        "description": "Picked by TIDAL", "numberOfTracks": 20, "type": "EDITORIAL", "creator": {"id": 0}})
}

/// A page by name, or `None` for one the fake does not have.
pub(super) fn page(name: &str) -> Option<Value> {
    let row = |m: Value| json!({"modules": [m]});
    Some(match name {
        "explore" => json!({"title": "Explore", "rows": [
            row(json!({"type": "PAGE_LINKS_CLOUD", "title": "Genres",
                "pagedList": links(&[("Pop", "pages/genre_pop"), ("Jazz", "pages/genre_jazz")])})),
            row(json!({"type": "FEATURED_PROMOTIONS", "title": "Featured", "description": "", "items": [
                {"header": "Album of the week", "shortHeader": "AOTW", "shortSubHeader": "Artist 1", "imageId": "x",
                 "type": "ALBUM", "artifactId": "5003", "text": "", "featured": true}]})),
            row(json!({"type": "TEXT_BLOCK", "title": "About", "text": "Nothing to list"})),
        ]}),
        "genre_page" => json!({"title": "Genres", "rows": [
            row(json!({"type": "PAGE_LINKS_CLOUD", "title": "Genres",
                "pagedList": links(&[("Pop", "pages/genre_pop"), ("Jazz", "pages/genre_jazz"), ("Blues", "pages/genre_blues")])})),
        ]}),
        "moods" => json!({"title": "Moods", "rows": [
            row(json!({"type": "PAGE_LINKS", "title": "Moods",
                "pagedList": links(&[("Relax", "pages/moods_relax"), ("Party", "pages/moods_party")])})),
        ]}),
        "genre_pop" | "genre_jazz" | "genre_blues" | "moods_relax" | "moods_party" => {
            json!({"title": name, "rows": [
                row(json!({"type": "PLAYLIST_LIST", "title": "Playlists", "showMore": {"apiPath": format!("pages/{name}_playlists"), "title": "View all"},
                    "pagedList": paged((1..=15).map(editorial_playlist).collect())})),
                row(json!({"type": "TRACK_LIST", "title": "Popular tracks", "pagedList": paged((1..=5).map(track_json).collect())})),
            ]})
        }
        "for_you" => json!({"title": "For You", "rows": [
            row(json!({"type": "MIXED_TYPES_LIST", "title": "Because you listened", "pagedList": paged(vec![
                json!({"type": "ALBUM", "item": album_json(5004)}),
                json!({"type": "ARTIST", "item": artist_json(9003)}),
                json!({"type": "MIX", "item": mix_json("mix002", "My Mix 2", "DISCOVERY_MIX")})])})),
            row(json!({"type": "HIGHLIGHT_MODULE", "title": "Highlights", "highlights": [
                {"title": "New", "item": {"type": "TRACK", "item": track_json(42)}}]})),
        ]}),
        "videos" => json!({"title": "Videos", "rows": [
            row(json!({"type": "VIDEO_LIST", "title": "New videos", "pagedList": paged(vec![
                json!({"id": 7, "title": "Video 7", "duration": 207, "artists": [artist_json(9002)], "artist": artist_json(9002)})])})),
        ]}),
        _ => return None,
    })
}
