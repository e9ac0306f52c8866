//! Which toolset each tool belongs to (`mcp.toolsets`, `mcp.tool_set` and the `toolsets` tool):
//! one table, which a test holds to the catalogue (every tool in exactly one toolset). The
//! `core` set is what everyday requests need and what a connection lists by default, within the
//! context budget of docs/design.md section 12; the model turns on the others when it needs them.

use crate::config::Toolset;

const TABLE: &[(Toolset, &[&str])] = &[
    (
        Toolset::Core,
        &[
            "toolsets",
            "auth_status",
            "auth_login",
            "search",
            "get_track",
            "get_album",
            "get_artist",
            "list_playlists",
            "get_playlist",
            "create_playlist",
            "add_to_playlist",
            "remove_from_playlist",
            "get_favorites",
            "add_favorites",
            "remove_favorites",
            "get_mixes",
            "get_mix_items",
            "recommend_tracks",
        ],
    ),
    (
        Toolset::Discovery,
        &[
            "get_track_by_isrc",
            "get_artist_top_tracks",
            "get_artist_albums",
            "get_similar_artists",
            "get_artist_radio",
            "get_similar_albums",
            "get_track_radio",
            "get_lyrics",
            "get_artist_bio",
            "get_new_releases",
            "get_album_review",
            "get_album_by_upc",
            "get_similar_tracks",
            "get_artist_videos",
            "get_artwork",
            "browse",
            "search_suggestions",
        ],
    ),
    (
        Toolset::Curation,
        &[
            "update_playlist",
            "delete_playlist",
            "move_in_playlist",
            "dedupe_playlist",
            "export_playlist",
            "import_tracks",
            "clear_playlist",
            "copy_playlist",
            "add_album_to_playlist",
            "reorder_playlist",
        ],
    ),
    (
        Toolset::Folders,
        &[
            "list_folders",
            "create_folder",
            "rename_folder",
            "delete_folder",
            "move_to_folder",
        ],
    ),
    (Toolset::History, &["get_listening_history"]),
    (
        Toolset::Account,
        &["get_profile", "get_preferences", "set_preferences"],
    ),
];

/// The toolset a tool belongs to; `None` for a name the table does not know (a test keeps every
/// tool of the catalogue in it).
pub fn of(tool: &str) -> Option<Toolset> {
    TABLE
        .iter()
        .find(|(_, tools)| tools.contains(&tool))
        .map(|(set, _)| *set)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every tool of the catalogue is in exactly one toolset, and the table names no other.
    #[test]
    fn every_tool_is_in_exactly_one_toolset() {
        let tools = crate::mcp::tool_names();
        for t in &tools {
            let sets: Vec<_> = TABLE
                .iter()
                .filter(|(_, ts)| ts.contains(&t.as_str()))
                .collect();
            assert_eq!(sets.len(), 1, "{t} is in {} toolsets", sets.len());
        }
        for (set, ts) in TABLE {
            for t in *ts {
                assert!(
                    tools.iter().any(|x| x == t),
                    "{set:?} names unknown tool {t}"
                );
            }
        }
    }
}
