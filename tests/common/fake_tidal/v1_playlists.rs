//! The fake's v1 playlist routes (/v1/playlists/<uuid>/...): reads with real ETags, and writes
//! that take an `If-None-Match` naming the current ETag (or none, as tidalapi renames) and refuse
//! a stale one with 412/7002; `fail_412` refuses the next ones regardless.

use std::collections::HashMap;

use axum::Json;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

use super::{Fake, PlaylistState, err, playlist_json, track_json};

type Form = HashMap<String, String>;

pub(super) fn route(
    st: &mut Fake,
    m: &str,
    uuid: &str,
    rest: &[&str],
    q: &HashMap<String, String>,
    h: &HeaderMap,
    f: &Form,
) -> Response {
    let Some(p) = st.playlists.get(uuid) else {
        return err(404, 2001, "Playlist not found");
    };
    match (m, rest) {
        ("GET", []) => with_etag(playlist_json(uuid, p), p.etag),
        ("GET", ["items"]) => items(p, q),
        ("DELETE", []) => {
            st.playlists.remove(uuid);
            StatusCode::NO_CONTENT.into_response()
        }
        ("POST", [] | ["items"]) | ("DELETE" | "POST", ["items", _]) => {
            if !etag_ok(st, uuid, h) {
                return err(
                    412,
                    7002,
                    "You must send the correct Etag value in the If-None-Match header to modify a playlist",
                );
            }
            let Fake {
                tracks, playlists, ..
            } = st;
            let p = playlists.get_mut(uuid).unwrap();
            let answer = match (m, rest) {
                ("POST", []) => Ok(edit(p, f)),
                ("POST", ["items"]) => add(p, f, |id| tracks.contains_key(&id)),
                ("DELETE", ["items", list]) => Ok(remove(p, list)),
                (_, ["items", list]) => Ok(move_items(p, list, f)),
                _ => unreachable!(),
            };
            match answer {
                Ok(v) => {
                    p.etag += 1;
                    with_etag(v, p.etag)
                }
                Err(r) => *r,
            }
        }
        _ => err(404, 2001, "Not found"),
    }
}

fn with_etag(v: Value, etag: u64) -> Response {
    let mut r = Json(v).into_response();
    r.headers_mut()
        .insert("etag", format!("\"{etag}\"").parse().unwrap());
    r
}

/// A write without If-None-Match is taken (tidalapi renames without one, and works); a stale
/// ETag is refused.
fn etag_ok(st: &mut Fake, uuid: &str, h: &HeaderMap) -> bool {
    if st.fail_412 > 0 {
        st.fail_412 -= 1;
        return false;
    }
    match h.get("if-none-match").and_then(|v| v.to_str().ok()) {
        Some(sent) => sent.trim_matches('"') == st.playlists[uuid].etag.to_string(),
        None => true,
    }
}

/// One page of items: only the page asked for is built (a long playlist is read page by page).
fn items(p: &PlaylistState, q: &HashMap<String, String>) -> Response {
    let offset: usize = q.get("offset").and_then(|o| o.parse().ok()).unwrap_or(0);
    let limit: usize = q.get("limit").and_then(|l| l.parse().ok()).unwrap_or(10);
    if limit > 100 {
        return err(400, 1001, "Too big page, max page size is [100]");
    }
    let page: Vec<Value> = p
        .items
        .iter()
        .skip(offset)
        .take(limit)
        .map(|i| {
            let mut t = track_json(*i);
            t["dateAdded"] = json!(super::added_day(*i, ".000+0000"));
            json!({"item": t, "type": "track", "cut": null})
        })
        .collect();
    let v = json!({"limit": limit, "offset": offset, "totalNumberOfItems": p.items.len(), "items": page});
    with_etag(v, p.etag)
}

fn edit(p: &mut PlaylistState, f: &Form) -> Value {
    if let Some(t) = f.get("title") {
        p.title = t.clone();
    }
    if let Some(d) = f.get("description") {
        p.description = d.clone();
    }
    json!({})
}

/// Adds tracks at `toIndex` (the end by default); with `onDupes=SKIP` those already in are left
/// out, and unknown tracks are skipped with `onArtifactNotFound=SKIP`, refused otherwise.
fn add(
    p: &mut PlaylistState,
    f: &Form,
    known: impl Fn(u64) -> bool,
) -> Result<Value, Box<Response>> {
    let ids: Vec<u64> = f
        .get("trackIds")
        .map(|v| v.split(',').filter_map(|x| x.parse().ok()).collect())
        .unwrap_or_default();
    let skip_dupes = f.get("onDupes").map(String::as_str) == Some("SKIP");
    let (ids, unknown): (Vec<u64>, Vec<u64>) = ids.into_iter().partition(|i| known(*i));
    if !unknown.is_empty() && f.get("onArtifactNotFound").map(String::as_str) != Some("SKIP") {
        return Err(Box::new(err(
            404,
            2001,
            &format!("Track [{}] not found", unknown[0]),
        )));
    }
    let mut at = f
        .get("toIndex")
        .and_then(|x| x.parse::<usize>().ok())
        .unwrap_or(p.items.len())
        .min(p.items.len());
    let mut added = Vec::new();
    for id in ids {
        if skip_dupes && p.items.contains(&id) {
            continue;
        }
        p.items.insert(at, id);
        at += 1;
        added.push(id);
    }
    Ok(json!({"lastUpdated": 1, "addedItemIds": added}))
}

fn indices(list: &str) -> Vec<usize> {
    list.split(',').filter_map(|x| x.parse().ok()).collect()
}

/// Removes the entries at the listed indices, highest first.
fn remove_at(p: &mut PlaylistState, idx: &[usize]) {
    let mut sorted = idx.to_vec();
    sorted.sort_unstable_by(|a, b| b.cmp(a));
    for i in sorted {
        if i < p.items.len() {
            p.items.remove(i);
        }
    }
}

fn remove(p: &mut PlaylistState, list: &str) -> Value {
    remove_at(p, &indices(list));
    json!({})
}

/// Moves the entries at the listed indices before the one now at `toIndex`.
fn move_items(p: &mut PlaylistState, list: &str, f: &Form) -> Value {
    let idx = indices(list);
    let to: usize = f.get("toIndex").and_then(|x| x.parse().ok()).unwrap_or(0);
    let moving: Vec<u64> = idx
        .iter()
        .filter_map(|i| p.items.get(*i).copied())
        .collect();
    let before = p.items.get(to).copied();
    remove_at(p, &idx);
    let pos = before
        .and_then(|b| p.items.iter().position(|x| *x == b))
        .unwrap_or(p.items.len());
    for (k, id) in moving.into_iter().enumerate() {
        p.items.insert(pos + k, id);
    }
    json!({})
}
