//! The fake's v1 API as tidalapi 0.8.11 reads it: /v1/sessions, a small catalogue, search, pages,
//! the user's playlists (their own routes in `v1_playlists.rs`), favourites and the v2 collection
//! calls tidalapi makes; per-endpoint page caps (400/1001), a missing countryCode (400/1002),
//! 404/2001. In front of both APIs, the gate every request passes: injected 429s and 5xxs, and
//! the bearer token's checks.

use std::collections::HashMap;

use axum::Json;
use axum::body::Bytes;
use axum::http::{HeaderMap, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

use super::{
    Fake, USER_ID, artist_json, bearer_of, err, form, items_page, mix_json, now_s, official_gate,
    playlist_json, track_json, v1_folders, v1_pages, v1_playlists,
};

type Q = HashMap<String, String>;

const ADDED_AT: &str = "2026-01-01T00:00:00.000+0000";

pub(super) fn route(
    st: &mut Fake,
    method: &Method,
    path: &str,
    raw_query: &str,
    q: &Q,
    h: &HeaderMap,
    body: &Bytes,
) -> Response {
    if let Some(r) = injected_failure(st, method, path) {
        return r;
    }
    let bearer = bearer_of(h);
    if let Some(r) = refused_token(st, bearer, path) {
        return r;
    }
    if path.starts_with("/openapi/v2/") {
        return official_gate::route(st, method, path, raw_query, h, body);
    }
    if path == "/v1/sessions" {
        // Whose the token is.
        let user = st.access.get(bearer).map_or(USER_ID, |(u, _)| *u);
        return Json(json!({"sessionId": "2b8e2f0c", "userId": user, "countryCode": "DE", "channelId": 70, "partnerId": 1})).into_response();
    }
    if path == "/v1/logout" {
        st.access.remove(bearer);
        return StatusCode::NO_CONTENT.into_response();
    }
    if q.get("countryCode").is_none_or(|c| c.is_empty()) {
        return err(400, 1002, "countryCode parameter missing");
    }
    let seg: Vec<&str> = path.trim_start_matches('/').split('/').collect();
    let m = method.as_str();
    match seg.as_slice() {
        ["v1", "playlists", uuid, rest @ ..] => {
            v1_playlists::route(st, m, uuid, rest, q, h, &form(body))
        }
        ["v1", "users", _, "favorites", kind, rest @ ..] => {
            favorites(st, m, kind, rest, q, &form(body))
        }
        ["v1", "users", rest @ ..] if m == "GET" => user(st, rest, q),
        ["v1", "search"] if m == "GET" => search(st, q),
        ["v1", "pages", page] if m == "GET" => pages(page, q),
        ["v1", rest @ ..] if m == "GET" => catalog(st, rest, q),
        ["v2", rest @ ..] => collection(st, m, rest, q),
        _ => not_found(),
    }
}

fn not_found() -> Response {
    err(404, 2001, "Not found")
}

fn ok(v: Value) -> Response {
    Json(v).into_response()
}

/// One page of `all` (at most `cap` items), or the answer to a page above the cap.
fn page(all: Vec<Value>, q: &Q, cap: usize) -> Response {
    match items_page(all, q, cap) {
        Ok(v) => ok(v),
        Err(r) => *r,
    }
}

/// A 429 with Retry-After or a 5xx the test asked for, in the API's own error shape, and the
/// nth playlist-items POST failing.
fn injected_failure(st: &mut Fake, method: &Method, path: &str) -> Option<Response> {
    let official = path.starts_with("/openapi/v2/");
    if st.fail_429 > 0 {
        st.fail_429 -= 1;
        let mut r = if official {
            official_gate::error(429, "RATE_LIMITED", "Too many requests")
        } else {
            err(429, 0, "Too many requests")
        };
        r.headers_mut()
            .insert("retry-after", st.retry_after_s.to_string().parse().unwrap());
        return Some(r);
    }
    if st.fail_5xx > 0 {
        st.fail_5xx -= 1;
        return Some(if official {
            official_gate::error(503, "SERVICE_UNAVAILABLE", "Service unavailable")
        } else {
            err(503, 0, "Service unavailable")
        });
    }
    if st.fail_nth_item_post > 0 && method == Method::POST && path.ends_with("/items") {
        st.fail_nth_item_post -= 1;
        if st.fail_nth_item_post == 0 {
            return Some(err(503, 0, "Service unavailable"));
        }
    }
    None
}

/// An unknown or expired token (401), or a developer app's token on /v1 (403).
fn refused_token(st: &Fake, bearer: &str, path: &str) -> Option<Response> {
    match st.access.get(bearer) {
        None => return Some(err(401, 11002, "Token has invalid payload")),
        Some((_, exp)) if *exp <= now_s() => {
            return Some(err(401, 11003, "The token has expired. (Expired on time)"));
        }
        _ => {}
    }
    (st.third_party.contains(bearer) && path.starts_with("/v1/")).then(|| {
        err(
            403,
            0,
            "Third-party apps use the TIDAL API at openapi.tidal.com",
        )
    })
}

/// Tracks, albums and artists with their lists (GET /v1/...).
fn catalog(st: &Fake, seg: &[&str], q: &Q) -> Response {
    let num = |id: &str| id.parse::<u64>().unwrap_or(0);
    match seg {
        ["tracks", id] => id
            .parse::<u64>()
            .ok()
            .and_then(|i| st.tracks.get(&i).cloned())
            .map(ok)
            .unwrap_or_else(not_found),
        ["tracks" | "artists", id, "radio"] => {
            let base: u64 = id.parse().unwrap_or(1) % 900;
            page((base + 1..base + 41).map(track_json).collect(), q, 100)
        }
        ["tracks", id, "lyrics"] => ok(
            json!({"trackId": num(id), "lyricsProvider": "Fake", "providerCommontrackId": "1", "providerLyricsId": "2",
                "lyrics": "la la la", "subtitles": "[00:01.00] la", "isRightToLeft": false}),
        ),
        ["albums", id] => ok(super::album_json(num(id))),
        ["albums", id, "tracks"] => {
            let a = num(id).saturating_sub(5000);
            let tracks = (a * 10..a * 10 + 10).filter(|i| *i > 0).map(track_json);
            page(tracks.collect(), q, 50)
        }
        ["albums", id, "review"] if (5000..5010).contains(&num(id)) => ok(
            json!({"source": "TiVo", "lastUpdated": "2020-01-01T00:00:00.000+0000",
            "text": format!("Album {} is a [wimpLink artistId=\"9001\"]fine[/wimpLink] record.", num(id) % 5000),
            "summary": ""}),
        ),
        ["albums", _, "review"] => err(404, 2001, "Review not found"),
        ["albums", _, "similar"] => {
            page((0..5).map(|i| super::album_json(5050 + i)).collect(), q, 50)
        }
        ["artists", id] => ok(artist_json(num(id))),
        ["artists", id, "bio"] if !(9000..9005).contains(&num(id)) => {
            err(404, 2001, "Artist not found")
        }
        ["artists", id, "bio"] => ok(
            json!({"source": "TiVo", "lastUpdated": "2020-01-01T00:00:00.000+0000",
            "text": format!("Artist {} grew up with [wimpLink artistId=\"9001\"]Artist 1[/wimpLink].", num(id) % 9000),
            "summary": ""}),
        ),
        ["artists", id, "videos"] => page(
            (1..=100).filter(|v| v % 5 == num(id) % 5).map(|v| {
                json!({"id": v, "title": format!("Video {v}"), "duration": 200 + v, "explicit": false,
                    "type": "Music Video", "quality": "MP4_1080P", "imageId": "0a1b2c3d-0000-4000-8000-000000000002",
                    "streamReady": true, "allowStreaming": true, "popularity": 10,
                    "artist": artist_json(num(id)), "artists": [artist_json(num(id))], "album": null})
            }).collect(),
            q,
            50,
        ),
        ["artists", _, "toptracks"] => page((1..=30).map(track_json).collect(), q, 50),
        // Three old albums and a new one; EPs and singles: a new single.
        ["artists", id, "albums"] => {
            let new = num(id) % 5;
            let ids: Vec<u64> = match q.get("filter").map(String::as_str) {
                Some("EPSANDSINGLES") => vec![5090 + new],
                _ => vec![5000, 5001, 5002, 5095 + new],
            };
            page(ids.into_iter().map(super::album_json).collect(), q, 50)
        }
        ["artists", _, "similar"] => page(
            (0..4)
                .map(|i| json!({"id": 9100 + i, "name": format!("Similar {i}")}))
                .collect(),
            q,
            50,
        ),
        _ => not_found(),
    }
}

/// Tracks whose title holds the query; a query that names a track gets that track as its top
/// hit, others an artist.
fn search(st: &Fake, q: &Q) -> Response {
    let query = q.get("query").cloned().unwrap_or_default().to_lowercase();
    let hits: Vec<Value> = st
        .tracks
        .values()
        .filter(|t| {
            let title = t["title"].as_str().unwrap_or("");
            title.to_lowercase().contains(&query)
        })
        .cloned()
        .collect();
    let top_hit = match hits.first() {
        Some(t) if query.starts_with("track") => json!({"type": "TRACKS", "value": t}),
        _ => json!({"type": "ARTISTS", "value": artist_json(9001)}),
    };
    let tracks = items_page(hits, q, 300).unwrap_or_default();
    let empty = json!({"limit": 10, "offset": 0, "totalNumberOfItems": 0, "items": []});
    ok(json!({
        "artists": {"limit": 10, "offset": 0, "totalNumberOfItems": 1, "items": [artist_json(9001)]},
        "albums": empty, "playlists": empty, "videos": empty, "tracks": tracks, "topHit": top_hit,
    }))
}

/// The user's mixes page, and a mix's page: its header, then its tracks (how tidalapi reads a
/// mix).
fn pages(page: &str, q: &Q) -> Response {
    match page {
        "my_collection_my_mixes" => ok(
            json!({"title": "My Mixes", "rows": [{"modules": [{"type": "MIX_LIST", "title": "My Mixes",
                "pagedList": {"limit": 50, "offset": 0, "totalNumberOfItems": 1, "items": [mix_json("mix001", "My Mix 1", "DISCOVERY_MIX")]}}]}]}),
        ),
        "home" => {
            let history = [
                (
                    "hist_m",
                    "My Most Listened: November",
                    "HISTORY_MONTHLY_MIX",
                ),
                ("hist_y", "My Most Listened: 2025", "HISTORY_YEARLY_MIX"),
                ("mix001", "My Mix 1", "DISCOVERY_MIX"),
            ];
            let mixes: Vec<Value> = history.iter().map(|(i, t, k)| mix_json(i, t, k)).collect();
            ok(json!({"title": "Home", "rows": [
                {"modules": [{"type": "MIX_LIST", "title": "Your history", "pagedList": {"limit": 50, "offset": 0, "totalNumberOfItems": 3, "items": mixes}}]},
                {"modules": [{"type": "ALBUM_LIST", "title": "New releases", "pagedList": {"limit": 50, "offset": 0, "totalNumberOfItems": 2,
                    "items": [super::album_json(5001), super::album_json(5002)]}}]}]}))
        }
        "mix" => {
            let id = q.get("mixId").cloned().unwrap_or_default();
            let tracks: Vec<Value> = (1..=20).map(track_json).collect();
            ok(json!({"title": "Mix", "rows": [
                {"modules": [{"type": "MIX_HEADER", "title": "", "mix": mix_json(&id, &format!("Mix {id}"), "DISCOVERY_MIX")}]},
                {"modules": [{"type": "TRACK_LIST", "title": "Tracks", "pagedList": {"limit": 100, "offset": 0, "totalNumberOfItems": 20, "items": tracks}}]}]}))
        }
        other => v1_pages::page(other).map_or_else(not_found, ok),
    }
}

/// The user (GET /v1/users/<id>) and their playlists.
fn user(st: &Fake, seg: &[&str], q: &Q) -> Response {
    match seg {
        [id] if id.parse::<u64>() == Ok(USER_ID) => {
            let name = st.username.clone().unwrap_or("someone@example.com".into());
            ok(
                json!({"id": USER_ID, "username": name, "email": name, "firstName": "Some", "lastName": "One", "countryCode": "DE", "picture": null}),
            )
        }
        [_, "playlists" | "playlistsAndFavoritePlaylists"] => {
            let all = st.playlists.iter().map(|(u, p)| playlist_json(u, p));
            page(all.collect(), q, 50)
        }
        _ => not_found(),
    }
}

/// The v2 calls tidalapi makes: playlists in the collection's folders, favourite mixes, a
/// playlist's visibility.
fn collection(st: &mut Fake, m: &str, seg: &[&str], q: &Q) -> Response {
    match (m, seg) {
        ("PUT", ["my-collection", "playlists", "folders", "create-playlist"]) => {
            create_playlist(st, q)
        }
        (_, ["my-collection", "playlists", "folders", rest @ ..])
            if let Some(r) = v1_folders::route(st, m, rest.first().copied(), q) =>
        {
            r
        }
        ("PUT", ["my-collection", "playlists", "folders", action]) => {
            favorite_playlists(st, action, q)
        }
        ("GET", ["favorites", "mixes"]) => ok(json!({"items": favorite_mixes(st), "cursor": null})),
        ("PUT", ["favorites", "mixes", action]) => change_favorite_mixes(st, action, q),
        ("PUT", ["playlists", uuid, action]) => match st.playlists.get_mut(*uuid) {
            Some(p) => {
                p.public = *action == "set-public";
                ok(json!({}))
            }
            None => not_found(),
        },
        _ => not_found(),
    }
}

fn create_playlist(st: &mut Fake, q: &Q) -> Response {
    st.counter += 1;
    let uuid = format!("00000000-0000-4000-8000-{:012}", st.counter);
    st.add_playlist(&uuid, q.get("name").map_or("", String::as_str), vec![]);
    st.playlists.get_mut(&uuid).unwrap().description =
        q.get("description").cloned().unwrap_or_default();
    ok(
        json!({"trn": format!("trn:playlist:{uuid}"), "itemType": "PLAYLIST", "addedAt": ADDED_AT,
        "data": playlist_json(&uuid, &st.playlists[&uuid])}),
    )
}

/// Favourites playlists (`add-favorites`, by uuid) or takes them out (`remove`, by trn).
fn favorite_playlists(st: &mut Fake, action: &str, q: &Q) -> Response {
    if !matches!(action, "add-favorites" | "remove") {
        return not_found();
    }
    let ids: Vec<String> = q
        .get(if action == "remove" { "trns" } else { "uuids" })
        .map(|v| {
            v.split(',')
                .map(|x| x.trim_start_matches("trn:playlist:").to_string())
                .collect()
        })
        .unwrap_or_default();
    for id in ids {
        st.favorite_playlists.retain(|(x, _)| *x != id);
        if action == "add-favorites" {
            st.favorite_playlists.insert(0, (id, ADDED_AT.into()));
        }
    }
    ok(json!({}))
}

fn favorite_mixes(st: &Fake) -> Vec<Value> {
    let image = json!({"url": "https://images.example/mix.jpg"});
    let images = json!({"SMALL": image, "MEDIUM": image, "LARGE": image});
    let mixes = st.favorites.get("mixes").cloned().unwrap_or_default();
    mixes
        .iter()
        .map(|(id, _)| {
            let text = json!({"text": format!("Mix {id}"), "color": "#FFFFFF"});
            json!({"id": format!("mix{id:03}"), "title": format!("Mix {id}"), "subTitle": "A, B", "mixType": "ARTIST_MIX",
                "images": images, "detailImages": images, "master": false, "titleTextInfo": text, "subTitleTextInfo": text,
                "dateAdded": ADDED_AT, "updated": ADDED_AT})
        })
        .collect()
}

fn change_favorite_mixes(st: &mut Fake, action: &str, q: &Q) -> Response {
    let ids: Vec<u64> = q
        .get("mixIds")
        .map(|v| {
            v.split(',')
                .filter_map(|x| x.trim_start_matches("mix").parse().ok())
                .collect()
        })
        .unwrap_or_default();
    let list = st.favorites.entry("mixes".into()).or_default();
    for id in ids {
        list.retain(|(i, _)| *i != id);
        if action == "add" {
            list.push((id, ADDED_AT.into()));
        }
    }
    ok(json!({}))
}

/// The user's favourites of one kind: listed (with short pages when `short_page_drop` is set),
/// added by the names tidalapi sends (comma-joined ids; playlists go through the v2 folders),
/// removed one at a time.
fn favorites(
    st: &mut Fake,
    m: &str,
    kind: &str,
    rest: &[&str],
    q: &Q,
    f: &HashMap<String, String>,
) -> Response {
    match (m, rest) {
        ("GET", []) => list_favorites(st, kind, q),
        ("POST", []) => {
            let field = ["trackId", "albumId", "artistId", "videoIds"];
            let ids: Vec<u64> = field
                .iter()
                .filter_map(|k| f.get(*k))
                .flat_map(|v| v.split(',').filter_map(|x| x.parse().ok()))
                .collect();
            let list = st.favorites.entry(kind.to_string()).or_default();
            for id in ids {
                if !list.iter().any(|(i, _)| *i == id) {
                    list.insert(0, (id, ADDED_AT.into()));
                }
            }
            ok(json!({}))
        }
        ("DELETE", [id]) => {
            if let (Some(list), Ok(id)) = (st.favorites.get_mut(kind), id.parse::<u64>()) {
                list.retain(|(i, _)| *i != id);
            }
            ok(json!({}))
        }
        _ => not_found(),
    }
}

fn list_favorites(st: &Fake, kind: &str, q: &Q) -> Response {
    let list = st.favorites.get(kind).cloned().unwrap_or_default();
    let offset: usize = q.get("offset").and_then(|o| o.parse().ok()).unwrap_or(0);
    let items: Vec<Value> = list
        .iter()
        .map(|(id, created)| {
            let item = if kind == "tracks" {
                track_json(*id)
            } else {
                json!({"id": id, "title": format!("{kind} {id}"), "name": format!("{kind} {id}")})
            };
            json!({"created": created, "item": item})
        })
        .collect();
    match items_page(items, q, 50) {
        Ok(mut v) => {
            // A short page: items unavailable in the country are left out.
            if st.short_page_drop > 0 && offset > 0 {
                let arr = v["items"].as_array_mut().unwrap();
                let keep = arr.len().saturating_sub(st.short_page_drop);
                arr.truncate(keep);
            }
            ok(v)
        }
        Err(r) => *r,
    }
}
