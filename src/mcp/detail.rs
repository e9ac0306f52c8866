//! How much of each list item a tool answer carries. A model reads every byte of a result, and a
//! list of 100 tracks spends most of them on fields it rarely needs, so list items leave out the
//! detail fields unless the user's `list_details` preference asks for them (issue 14). A single
//! object (the track of `get_track`, the album of `get_album`) always keeps every field.
//!
//! The output schemas allow both forms: every detail field is optional there.

use rmcp::model::{CallToolResult, ContentBlock};
use serde_json::Value;

/// Fields of a track, album, artist or playlist that list items leave out by default.
pub const DETAIL_FIELDS: &[&str] = &[
    "isrc",
    "upc",
    "popularity",
    "audio_quality",
    "track_number",
    "url",
];

/// Whether `result` has list items with detail fields, which [`compact`] would remove.
pub fn has_details(result: &CallToolResult) -> bool {
    result
        .structured_content
        .as_ref()
        .is_some_and(list_has_detail)
}

/// Removes the detail fields from every list item of `result` (and from the objects inside an
/// item, such as a playlist entry's track), and rewrites its text to match.
pub fn compact(result: &mut CallToolResult) {
    let Some(v) = result.structured_content.as_mut() else {
        return;
    };
    // The old text goes first: for a long list it is megabytes.
    result.content.clear();
    walk_lists_mut(v, false);
    let text = v.to_string();
    result.content = vec![ContentBlock::text(text)];
}

fn has_detail(v: &Value) -> bool {
    match v {
        Value::Object(o) => {
            DETAIL_FIELDS.iter().any(|k| o.contains_key(*k)) || o.values().any(has_detail)
        }
        Value::Array(a) => a.iter().any(has_detail),
        _ => false,
    }
}

/// Whether an object in a list anywhere in `v` has a detail field (or holds one that has).
fn list_has_detail(v: &Value) -> bool {
    match v {
        Value::Object(o) => o.values().any(list_has_detail),
        Value::Array(a) => a.iter().any(|item| item.is_object() && has_detail(item)),
        _ => false,
    }
}

fn walk_lists_mut(v: &mut Value, in_list: bool) {
    match v {
        Value::Object(o) => {
            if in_list {
                o.retain(|k, _| !DETAIL_FIELDS.contains(&k.as_str()));
            }
            for x in o.values_mut() {
                walk_lists_mut(x, in_list);
            }
        }
        Value::Array(a) => {
            for item in a {
                walk_lists_mut(item, true);
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn result(v: Value) -> CallToolResult {
        CallToolResult::structured(v)
    }

    #[test]
    fn list_items_lose_their_details_and_single_objects_keep_them() {
        let mut r = result(json!({
            "album": {"id": "1", "title": "A", "upc": "123", "url": "https://tidal.com/album/1"},
            "tracks": {"items": [
                {"id": "2", "title": "T", "isrc": "X", "popularity": 5, "track_number": 1,
                 "audio_quality": "LOSSLESS", "url": "u", "artists": [{"id": "3", "name": "N"}],
                 "album": {"id": "1", "title": "A"}}
            ], "total": 1}
        }));
        assert!(has_details(&r));
        compact(&mut r);
        let v = r.structured_content.clone().unwrap();
        assert_eq!(
            v["album"]["upc"], "123",
            "a single object keeps its details"
        );
        assert_eq!(
            v["tracks"]["items"][0],
            json!({"id": "2", "title": "T", "artists": [{"id": "3", "name": "N"}],
                   "album": {"id": "1", "title": "A"}})
        );
        let text = r.content[0].as_text().unwrap().text.clone();
        assert_eq!(serde_json::from_str::<Value>(&text).unwrap(), v);
        assert!(!has_details(&r));
    }

    #[test]
    fn the_objects_inside_a_list_item_lose_theirs_too() {
        let mut r = result(json!({"items": [{"index": 0, "kind": "track",
            "track": {"id": "1", "title": "T", "isrc": "X", "url": "u"}}]}));
        assert!(has_details(&r));
        compact(&mut r);
        assert_eq!(
            r.structured_content.unwrap()["items"][0]["track"],
            json!({"id": "1", "title": "T"})
        );
    }

    #[test]
    fn a_result_without_lists_of_details_is_left_alone() {
        let r = result(
            json!({"track": {"id": "1", "isrc": "X", "artists": [{"id": "2", "name": "N"}]}}),
        );
        assert!(!has_details(&r));
    }
}
