//! What the playlist tools answer: each type's schema is the tool's `outputSchema`.

use schemars::JsonSchema;
use serde::Serialize;

pub use crate::service::playlists::Skipped;
use crate::tidal::model::{Page, Playlist};

pub type PlaylistPage = Page<Playlist>;
#[derive(Serialize, JsonSchema)]
pub struct PlaylistInfoOut {
    /// The playlist as it is now.
    pub playlist: Playlist,
}
#[derive(Serialize, JsonSchema)]
pub struct CreatedOut {
    /// The new playlist, with its track count after the additions.
    pub playlist: Playlist,
    /// Track ids added, in order.
    pub added_ids: Vec<String>,
    /// Requested tracks that were not added, and why.
    pub skipped: Vec<Skipped>,
    /// Set when adding stopped part-way: what went wrong. The playlist exists; add the
    /// skipped tracks with add_to_playlist instead of creating it again.
    pub error: Option<String>,
}
#[derive(Serialize, JsonSchema)]
pub struct DeletedOut {
    /// Id of the deleted playlist.
    pub deleted: String,
}
#[derive(Serialize, JsonSchema)]
pub struct AddedOut {
    /// The playlist.
    pub playlist_id: String,
    /// Track ids added, in order.
    pub added_ids: Vec<String>,
    /// Requested tracks that were not added, and why.
    pub skipped: Vec<Skipped>,
    /// Set when adding stopped part-way: what went wrong (the added ones stay added).
    pub error: Option<String>,
}
#[derive(Serialize, JsonSchema)]
pub struct RemovedOut {
    /// The playlist.
    pub playlist_id: String,
    /// 0-based positions removed (before the removal).
    pub removed_indices: Vec<u64>,
}
#[derive(Serialize, JsonSchema)]
pub struct MovedOut {
    /// The playlist.
    pub playlist_id: String,
    /// 0-based positions moved (before the move).
    pub moved: Vec<u64>,
    /// Where they went (0-based position before the move).
    pub to_index: u64,
}

impl AddedOut {
    /// What an addition to `playlist_id` did, its error (if it stopped part-way) as text.
    pub fn of(playlist_id: String, added: crate::service::playlists::Added) -> AddedOut {
        AddedOut {
            playlist_id,
            added_ids: added.added_ids,
            skipped: added.skipped,
            error: super::error_text(added.error),
        }
    }
}
