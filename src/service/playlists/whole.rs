//! Operations on a whole playlist, each on the safe write path (admitted, checked against the
//! playlist as TIDAL has it now, audited first, tags dropped): clear it, copy or merge another
//! playlist into it (or into a new one), add a whole album, and put it in a new order
//! (reversed, shuffled, sorted). A new order is written by appending the items in that order
//! and then removing the old block, so a failure part-way never loses a track: the appended
//! part is taken back and the playlist is as it was. (A kill of the agent between the two
//! steps cannot take anything back: the playlist then holds its old items followed by the new
//! order, every track still there; running the reorder again or dedupe_playlist tidies it.)

use rand::seq::SliceRandom;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::json;

use super::write::Added;
use super::{LIST_TAG, tag};
use crate::service::limits::Category;
use crate::service::work::Work;
use crate::service::{Service, ServiceError};
use crate::tidal::Playlists;
use crate::tidal::model::{Playlist, PlaylistItem};

/// A new order for a playlist.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Order {
    Reverse,
    Shuffle,
    Title,
    Artist,
    Album,
    Duration,
    /// When each item was added (items TIDAL gives no date for go last).
    Added,
    /// Tempo (tracks without a known BPM go last).
    Bpm,
}

/// Where a copy goes.
pub enum CopyTarget {
    Playlist(String),
    NewPlaylist(String),
}

impl Service {
    /// Removes every item; answers how many there were.
    pub async fn clear_playlist(&self, pid: &str) -> Result<u64, ServiceError> {
        self.check_limit(Category::PlaylistOperations).await?;
        let count = self.fresh_playlist(pid).await?.items.items.len() as u64;
        let all: Vec<u64> = (0..count).collect();
        self.remove_items(pid, "clear_playlist", &all).await?;
        Ok(count)
    }

    /// Adds every track of `source`, in its order, to a playlist or a new one (without
    /// `allow_duplicates`, those already there and repeats are skipped, as add_to_playlist).
    pub async fn copy_playlist(
        &self,
        work: &impl Work,
        source: &str,
        target: CopyTarget,
        allow_duplicates: bool,
    ) -> Result<(Added, Option<Playlist>), ServiceError> {
        let from = self.fresh_playlist(source).await?;
        let ids: Vec<String> = from.track_ids().into_iter().map(str::to_string).collect();
        if ids.is_empty() {
            return Err(ServiceError::Invalid(format!(
                "playlist {source} is empty: there is nothing to copy"
            )));
        }
        match target {
            CopyTarget::Playlist(pid) if pid == source => Err(ServiceError::Invalid(
                "a playlist cannot be copied into itself".into(),
            )),
            CopyTarget::Playlist(pid) => {
                let added = self
                    .add_to_playlist(work, &pid, &ids, None, allow_duplicates)
                    .await?;
                Ok((added, None))
            }
            CopyTarget::NewPlaylist(title) => {
                let description = format!("A copy of {}", from.playlist.title);
                let created = self
                    .create_playlist(work, &title, Some(&description), None, &ids)
                    .await?;
                Ok((created.added, Some(created.playlist)))
            }
        }
    }

    /// Adds an album's tracks, in order, to a playlist.
    pub async fn add_album_to_playlist(
        &self,
        work: &impl Work,
        pid: &str,
        album_id: &str,
        allow_duplicates: bool,
    ) -> Result<Added, ServiceError> {
        let album = self.album(album_id, true).await?.decode()?;
        let ids: Vec<String> = album
            .tracks
            .map(|p| p.items.into_iter().map(|t| t.id).collect())
            .unwrap_or_default();
        if ids.is_empty() {
            return Err(ServiceError::Invalid(format!(
                "album {album_id} has no tracks available to you"
            )));
        }
        self.add_to_playlist(work, pid, &ids, None, allow_duplicates)
            .await
    }

    /// Puts a playlist in a new order; answers the track ids in that order.
    pub async fn reorder_playlist(
        &self,
        work: &impl Work,
        pid: &str,
        order: Order,
        descending: bool,
    ) -> Result<Vec<String>, ServiceError> {
        self.check_limit(Category::PlaylistOperations).await?;
        let mut items = self.fresh_playlist(pid).await?.items.items;
        let count = items.len() as u64;
        if count < 2 {
            return Ok(items.into_iter().map(|i| i.track.id).collect());
        }
        arrange(&mut items, order, descending);
        let ids: Vec<String> = items.into_iter().map(|i| i.track.id).collect();
        let details = json!({"playlist_id": pid, "items": count, "order": order});
        self.audited("reorder_playlist", details, &[&tag(pid), LIST_TAG], async {
            let added = self.add_in_chunks(work, pid, &ids, None, true).await;
            let api = self.tidal.backend();
            if let Some(e) = added.error {
                // Take the appended part back: the playlist is as it was.
                let appended = added.added_ids.len() as u64;
                let back: Vec<u64> = (count..count + appended).collect();
                if let Err(undo) = api.remove_indices(pid, &back).await {
                    return Err(ServiceError::Invalid(format!(
                        "reordering stopped part-way ({e}) and taking it back failed ({undo}): \
                         the playlist holds its {count} items followed by {appended} of the new \
                         order; remove items {count}-{} to undo",
                        count + appended - 1
                    )));
                }
                return Err(e);
            }
            let old: Vec<u64> = (0..count).collect();
            api.remove_indices(pid, &old).await?;
            Ok(())
        })
        .await?;
        Ok(ids)
    }
}

/// When an item was added, in ms since the epoch (TIDAL writes `+0000` or `Z` offsets).
fn added_ms(i: &PlaylistItem) -> Option<i64> {
    let at = i.added_at.as_deref()?;
    chrono::DateTime::parse_from_rfc3339(at)
        .or_else(|_| chrono::DateTime::parse_from_str(at, "%Y-%m-%dT%H:%M:%S%.f%z"))
        .ok()
        .map(|t| t.timestamp_millis())
}

/// Sorts (stably, so equal items keep their order) or shuffles the items.
fn arrange(items: &mut [PlaylistItem], order: Order, descending: bool) {
    let lower = |s: &str| s.to_lowercase();
    match order {
        Order::Reverse => items.reverse(),
        Order::Shuffle => items.shuffle(&mut rand::thread_rng()),
        Order::Title => items.sort_by_key(|i| lower(&i.track.title)),
        Order::Artist => items.sort_by_key(|i| lower(&i.track.artist_names(", "))),
        Order::Album => items.sort_by_key(|i| {
            let album = i.track.album.as_ref().map(|a| lower(&a.title));
            (album, i.track.track_number)
        }),
        Order::Duration => items.sort_by_key(|i| i.track.duration_s),
        Order::Added => items.sort_by_key(|i| {
            let ms = added_ms(i);
            (ms.is_none(), ms.map(|m| if descending { -m } else { m }))
        }),
        Order::Bpm => items.sort_by(|a, b| match (a.track.bpm, b.track.bpm) {
            (Some(x), Some(y)) if descending => y.total_cmp(&x),
            (Some(x), Some(y)) => x.total_cmp(&y),
            (x, y) => x.is_none().cmp(&y.is_none()),
        }),
    }
    // Added and BPM sort descending themselves, so their unknowns stay last.
    let either_way = matches!(
        order,
        Order::Reverse | Order::Shuffle | Order::Added | Order::Bpm
    );
    if descending && !either_way {
        items.reverse();
    }
}
