//! The user's playlists. Reads go through the cache (library kind, per user), each tagged with
//! its playlist and the list tagged `playlists`; every write (`write.rs`) drops the tags it
//! changed, so a read after a write is never stale. A write that names positions reads the
//! playlist from TIDAL first, never from the cache, and a write that stops part-way says what
//! it did instead of hiding it behind an error.

mod folders;
mod whole;
mod write;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::json;

use super::cache::{Cached, Kind};
use super::work::Work;
use super::{Service, ServiceError};
use crate::tidal::Playlists;
use crate::tidal::model::{Page, Playlist, PlaylistItem};

pub use folders::FolderDeleted;
pub use whole::{CopyTarget, Order};
pub(in crate::service) use write::plan_additions;
pub use write::{Added, Created, SkipReason, Skipped};

/// The cache tag of one playlist's reads.
fn tag(pid: &str) -> String {
    format!("playlist:{pid}")
}

/// The cache tag of the list of playlists.
const LIST_TAG: &str = "playlists";

/// The change a playlist's creation or deletion is, besides `playlists` (which any change to
/// a playlist's title or tracks is too): no read carries it, subscribers hear the playlists
/// came or went.
pub const CAME_OR_WENT: &str = "playlists-set";

/// A playlist and a page of its items.
#[derive(Serialize, Deserialize, JsonSchema)]
pub struct PlaylistWithItems {
    /// The playlist.
    pub playlist: Playlist,
    /// Its items, each with its 0-based index.
    pub items: Page<PlaylistItem>,
}

impl PlaylistWithItems {
    /// The track ids of these items, in order.
    pub fn track_ids(&self) -> Vec<&str> {
        self.items
            .items
            .iter()
            .map(|i| i.track.id.as_str())
            .collect()
    }
}

impl Service {
    /// The user's playlists, and with `include_favorited` the ones they follow.
    pub async fn playlists(
        &self,
        include_favorited: bool,
        offset: u64,
        limit: u64,
    ) -> Result<Cached<Page<Playlist>>, ServiceError> {
        let key = json!([limit, offset, include_favorited]);
        self.read(Kind::Library, "playlists", key, &[LIST_TAG], || async {
            let api = self.tidal.backend();
            Ok(api.user_playlists(include_favorited, offset, limit).await?)
        })
        .await
    }

    /// A playlist and `limit` of its items from `offset` (`None`: every item), with progress
    /// while the pages come in and a stop when the caller gives up.
    pub async fn playlist(
        &self,
        work: &impl Work,
        pid: &str,
        limit: Option<u64>,
        offset: u64,
    ) -> Result<Cached<PlaylistWithItems>, ServiceError> {
        let limit = limit.unwrap_or(u64::MAX);
        let t = tag(pid);
        let key = json!([pid, limit, offset]);
        self.read(Kind::Library, "playlist", key, &[t.as_str()], || async {
            let (playlist, _) = self.tidal.backend().playlist(pid).await?;
            let total_hint = playlist.number_of_tracks.unwrap_or(0);
            let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
            let api = self.tidal.backend();
            let fetch = api.playlist_items(pid, offset, limit, move |done, total| {
                let _ = tx.send((done, total));
            });
            tokio::pin!(fetch);
            let items = loop {
                tokio::select! {
                    r = &mut fetch => break r?,
                    Some((done, total)) = rx.recv() => {
                        let total = Some(total.max(total_hint));
                        work.progress(done, total, "reading playlist").await
                    }
                    _ = work.cancellation().cancelled() => return Err(ServiceError::Cancelled),
                }
            };
            Ok(PlaylistWithItems { playlist, items })
        })
        .await
    }

    /// Every item of a playlist, through the cache (for reads such as an export).
    pub async fn whole_playlist(
        &self,
        work: &impl Work,
        pid: &str,
    ) -> Result<PlaylistWithItems, ServiceError> {
        self.playlist(work, pid, None, 0).await?.decode()
    }

    /// Every item of a playlist straight from TIDAL: a write that names positions must never
    /// act on a cached (possibly stale) order.
    pub(in crate::service) async fn fresh_playlist(
        &self,
        pid: &str,
    ) -> Result<PlaylistWithItems, ServiceError> {
        let api = self.tidal.backend();
        let (playlist, _) = api.playlist(pid).await?;
        let items = api.playlist_items(pid, 0, u64::MAX, |_, _| {}).await?;
        Ok(PlaylistWithItems { playlist, items })
    }
}
