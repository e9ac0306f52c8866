//! The fake's playlist folders, as tidalapi 0.8.11 reaches them on the legacy API's
//! `/v2/my-collection/playlists/folders`: listed by `folderId` with `includeOnly` FOLDER or
//! PLAYLIST (entries wrapping their `data`), created, renamed, moved and removed by PUTs naming
//! `trn`s. Removing a folder removes the playlists still in it, the harshest reading of a
//! behaviour no source describes.

use std::collections::HashMap;

use axum::Json;
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

use super::{Fake, err, items_page, playlist_json};

type Q = HashMap<String, String>;

const AT: &str = "2026-01-01T00:00:00.000+0000";

/// A folder of the fake: its name and parent (`root` at the top).
pub struct FolderState {
    pub name: String,
    pub parent: String,
}

fn folder_entry(id: &str, f: &FolderState, items: usize) -> Value {
    json!({"trn": format!("trn:folder:{id}"), "itemType": "FOLDER", "addedAt": AT, "lastModifiedAt": AT,
        "name": f.name, "parent": null,
        "data": {"trn": format!("trn:folder:{id}"), "itemType": "FOLDER", "id": id, "name": f.name,
            "createdAt": AT, "lastModifiedAt": AT, "totalNumberOfItems": items}})
}

/// The folder a playlist is in (`root` unless moved).
fn folder_of<'a>(st: &'a Fake, uuid: &str) -> &'a str {
    st.playlist_folder.get(uuid).map_or("root", String::as_str)
}

fn items_in(st: &Fake, folder: &str) -> usize {
    st.folders.values().filter(|f| f.parent == folder).count()
        + st.playlists
            .keys()
            .filter(|u| folder_of(st, u) == folder)
            .count()
}

pub(super) fn route(st: &mut Fake, m: &str, action: Option<&str>, q: &Q) -> Option<Response> {
    let arg = |k: &str| q.get(k).cloned().unwrap_or_default();
    Some(match (m, action) {
        ("GET", None) => list(st, q),
        ("PUT", Some("create-folder")) => {
            let parent = arg("folderId");
            if parent != "root" && !st.folders.contains_key(&parent) {
                return Some(err(404, 2001, "Folder not found"));
            }
            st.counter += 1;
            let id = format!("f0000000-0000-4000-8000-{:012}", st.counter);
            st.folders.insert(
                id.clone(),
                FolderState {
                    name: arg("name"),
                    parent,
                },
            );
            Json(folder_entry(&id, &st.folders[&id], 0)).into_response()
        }
        ("PUT", Some("rename")) => {
            let id = arg("trn").trim_start_matches("trn:folder:").to_string();
            match st.folders.get_mut(&id) {
                Some(f) => {
                    f.name = arg("name");
                    Json(json!({})).into_response()
                }
                None => err(404, 2001, "Folder not found"),
            }
        }
        ("PUT", Some("move")) => {
            let to = arg("folderId");
            if to != "root" && !st.folders.contains_key(&to) {
                return Some(err(404, 2001, "Folder not found"));
            }
            for trn in arg("trns").split(',') {
                if let Some(uuid) = trn.strip_prefix("trn:playlist:") {
                    st.playlist_folder.insert(uuid.to_string(), to.clone());
                }
            }
            Json(json!({})).into_response()
        }
        ("PUT", Some("remove")) if arg("trns").starts_with("trn:folder:") => {
            for trn in arg("trns").split(',') {
                let id = trn.trim_start_matches("trn:folder:").to_string();
                st.folders.remove(&id);
                let inside: Vec<String> = (st.playlist_folder.iter())
                    .filter(|(_, f)| **f == id)
                    .map(|(u, _)| u.clone())
                    .collect();
                for u in inside {
                    st.playlists.remove(&u);
                    st.playlist_folder.remove(&u);
                }
            }
            Json(json!({})).into_response()
        }
        _ => return None,
    })
}

/// One page of a folder's folders or playlists, by name.
fn list(st: &Fake, q: &Q) -> Response {
    let folder = q.get("folderId").map_or("root", String::as_str);
    if folder != "root" && !st.folders.contains_key(folder) {
        return err(404, 2001, "Folder not found");
    }
    let mut all: Vec<(String, Value)> = match q.get("includeOnly").map(String::as_str) {
        Some("FOLDER") => (st.folders.iter())
            .filter(|(_, f)| f.parent == folder)
            .map(|(id, f)| (f.name.clone(), folder_entry(id, f, items_in(st, id))))
            .collect(),
        Some("PLAYLIST") => (st.playlists.iter())
            .filter(|(u, _)| folder_of(st, u) == folder)
            .map(|(u, p)| {
                let entry = json!({"trn": format!("trn:playlist:{u}"), "itemType": "PLAYLIST",
                    "addedAt": AT, "lastModifiedAt": AT, "name": p.title, "parent": null,
                    "data": playlist_json(u, p)});
                (p.title.clone(), entry)
            })
            .collect(),
        _ => return err(400, 1002, "includeOnly must be FOLDER or PLAYLIST here"),
    };
    all.sort_by(|a, b| a.0.cmp(&b.0));
    match items_page(all.into_iter().map(|(_, v)| v).collect(), q, 50) {
        Ok(v) => Json(v).into_response(),
        Err(r) => *r,
    }
}
