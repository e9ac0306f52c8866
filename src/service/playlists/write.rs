//! Playlist writes. Each takes the same road: admitted by the playlist-operations limit,
//! checked against the playlist as TIDAL has it now where it names positions, audited before
//! anything is sent ([`Service::audited`]), then sent, then the tags it changed dropped.
//! Positions run from 0 to the item count, the count meaning the end. Adding goes 50 tracks a
//! call and reports what it added and skipped, and why, when it stops part-way.

use std::collections::{HashMap, HashSet};

use schemars::JsonSchema;
use serde::Serialize;
use serde_json::json;

use super::{CAME_OR_WENT, LIST_TAG, tag};
use crate::service::limits::Category;
use crate::service::work::Work;
use crate::service::{Service, ServiceError};
use crate::tidal::Playlists;
use crate::tidal::model::Playlist;

/// TIDAL takes this many tracks in one addition.
const ADD_CHUNK: usize = 50;

/// A requested track that was not added.
#[derive(Serialize, JsonSchema)]
pub struct Skipped {
    /// The track id.
    pub track_id: String,
    /// Why it was not added.
    pub reason: SkipReason,
}

#[derive(Serialize, JsonSchema, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum SkipReason {
    /// Already in the playlist (allow_duplicates was not set).
    AlreadyInPlaylist,
    /// Named more than once in this call.
    RepeatedInRequest,
    /// TIDAL does not know it, or it is not available in your country.
    NotFound,
    /// Not attempted because adding stopped part-way (see `error`).
    NotAttempted,
}

/// What an addition did: the tracks added in order, the ones skipped, and the error that
/// stopped it part-way, if one did (the added ones stay added).
pub struct Added {
    pub added_ids: Vec<String>,
    pub skipped: Vec<Skipped>,
    pub error: Option<ServiceError>,
}

/// A new playlist (read back after the additions) and what adding its tracks did.
pub struct Created {
    pub playlist: Playlist,
    pub added: Added,
}

impl Service {
    /// Creates a playlist with `track_ids` (each once), public as asked or as the user's
    /// preference says. The playlist exists once this returns `Ok`, even with an error inside.
    pub async fn create_playlist(
        &self,
        work: &impl Work,
        title: &str,
        description: Option<&str>,
        public: Option<bool>,
        track_ids: &[String],
    ) -> Result<Created, ServiceError> {
        let title = title.trim();
        if title.is_empty() {
            return Err(ServiceError::Invalid("title is empty".into()));
        }
        self.check_limit(Category::PlaylistOperations).await?;
        let public = public.unwrap_or(self.prefs_for_active().playlist_public);
        let details = json!({"tracks": track_ids.len()});
        let api = self.tidal.backend();
        let mut playlist = self
            .audited(
                "create_playlist",
                details,
                &[LIST_TAG, CAME_OR_WENT],
                async {
                    Ok(api
                        .create_playlist(title, description.unwrap_or(""))
                        .await?)
                },
            )
            .await?;
        // A new playlist holds each track once, as add_to_playlist would keep it.
        let mut seen = HashSet::new();
        let (unique, repeated): (Vec<&String>, Vec<&String>) =
            track_ids.iter().partition(|t| seen.insert(t.as_str()));
        let skipped = repeated
            .into_iter()
            .map(|t| skip(t, SkipReason::RepeatedInRequest))
            .collect();
        let unique: Vec<String> = unique.into_iter().cloned().collect();
        let mut refused = None;
        if public && let Err(e) = api.set_playlist_public(&playlist.id, true).await {
            refused = Some(ServiceError::from(e));
        }
        let added = match refused {
            Some(e) => Added {
                added_ids: Vec::new(),
                skipped: not_attempted(&unique, skipped),
                error: Some(e),
            },
            None => {
                let mut added = self
                    .add_in_chunks(work, &playlist.id, &unique, None, false)
                    .await;
                added.skipped.splice(0..0, skipped);
                added
            }
        };
        // The answer to the create call predates the additions: read the counts back.
        match api.playlist(&playlist.id).await {
            Ok((fresh, _)) => playlist = fresh,
            Err(_) => {
                playlist.number_of_tracks = Some(added.added_ids.len() as u64);
                playlist.public = Some(public && added.error.is_none());
            }
        }
        Ok(Created { playlist, added })
    }

    /// Changes a playlist's title, description or visibility; answers it as it is now.
    pub async fn update_playlist(
        &self,
        pid: &str,
        title: Option<&str>,
        description: Option<&str>,
        public: Option<bool>,
    ) -> Result<Playlist, ServiceError> {
        if title.is_none() && description.is_none() && public.is_none() {
            return Err(ServiceError::Invalid(
                "nothing to change: give title, description or public".into(),
            ));
        }
        let title = title.map(str::trim);
        if title.is_some_and(str::is_empty) {
            return Err(ServiceError::Invalid("title is empty".into()));
        }
        self.check_limit(Category::PlaylistOperations).await?;
        let api = self.tidal.backend();
        let details = json!({"playlist_id": pid});
        self.audited("update_playlist", details, &[&tag(pid), LIST_TAG], async {
            if title.is_some() || description.is_some() {
                api.edit_playlist(pid, title, description).await?;
            }
            if let Some(public) = public {
                api.set_playlist_public(pid, public).await?;
            }
            Ok(())
        })
        .await?;
        Ok(api.playlist(pid).await?.0)
    }

    pub async fn delete_playlist(&self, pid: &str) -> Result<(), ServiceError> {
        self.check_limit(Category::PlaylistOperations).await?;
        let details = json!({"playlist_id": pid});
        self.audited(
            "delete_playlist",
            details,
            &[&tag(pid), LIST_TAG, CAME_OR_WENT],
            async { Ok(self.tidal.backend().delete_playlist(pid).await?) },
        )
        .await
    }

    /// Adds tracks at `position` (the end when `None`). Without `allow_duplicates`, tracks
    /// already there or named twice are skipped with their reason. An error is returned only
    /// when nothing was added; otherwise it travels in the answer.
    pub async fn add_to_playlist(
        &self,
        work: &impl Work,
        pid: &str,
        track_ids: &[String],
        position: Option<u64>,
        allow_duplicates: bool,
    ) -> Result<Added, ServiceError> {
        if track_ids.is_empty() {
            return Err(ServiceError::Invalid("track_ids is empty".into()));
        }
        self.check_limit(Category::PlaylistOperations).await?;
        let now = self.fresh_playlist(pid).await?;
        let count = now.items.total.max(now.items.items.len() as u64);
        if let Some(pos) = position {
            let count = count.max(now.playlist.number_of_tracks.unwrap_or(0));
            check_position("position", pos, count)?;
        }
        let (wanted, skipped) = plan_additions(&now.track_ids(), track_ids, allow_duplicates);
        let details = json!({"playlist_id": pid, "tracks": wanted.len()});
        let mut added = self
            .audited("add_to_playlist", details, &[&tag(pid), LIST_TAG], async {
                Ok(self
                    .add_in_chunks(work, pid, &wanted, position, allow_duplicates)
                    .await)
            })
            .await?;
        if added.added_ids.is_empty()
            && let Some(e) = added.error
        {
            return Err(e);
        }
        added.skipped.splice(0..0, skipped);
        Ok(added)
    }

    /// Removes the items at `indices` and those holding any of `track_ids`; answers the
    /// positions removed (before the removal), in order.
    pub async fn remove_from_playlist(
        &self,
        pid: &str,
        indices: &[u64],
        track_ids: &[String],
    ) -> Result<Vec<u64>, ServiceError> {
        if indices.is_empty() && track_ids.is_empty() {
            return Err(ServiceError::Invalid("give indices or track_ids".into()));
        }
        self.check_limit(Category::PlaylistOperations).await?;
        let items = self.fresh_playlist(pid).await?.items;
        let count = items.total.max(items.items.len() as u64);
        check_indices(indices, count)?;
        let wanted: HashSet<&String> = track_ids.iter().collect();
        let mut indices: Vec<u64> = indices.to_vec();
        indices.extend(
            items
                .items
                .iter()
                .filter(|i| wanted.contains(&i.track.id))
                .map(|i| i.index),
        );
        indices.sort_unstable();
        indices.dedup();
        self.remove_items(pid, "remove_from_playlist", &indices)
            .await?;
        Ok(indices)
    }

    /// Removes the items at `indices` (already checked against the playlist as it is now),
    /// audited as `action`; nothing to remove sends nothing.
    pub(in crate::service) async fn remove_items(
        &self,
        pid: &str,
        action: &str,
        indices: &[u64],
    ) -> Result<(), ServiceError> {
        if indices.is_empty() {
            return Ok(());
        }
        let details = json!({"playlist_id": pid, "removed": indices.len()});
        self.audited(action, details, &[&tag(pid), LIST_TAG], async {
            Ok(self.tidal.backend().remove_indices(pid, indices).await?)
        })
        .await
    }

    /// Moves the items at `indices` to `to_index` (both counted before the move).
    pub async fn move_in_playlist(
        &self,
        pid: &str,
        indices: &[u64],
        to_index: u64,
    ) -> Result<(), ServiceError> {
        if indices.is_empty() {
            return Err(ServiceError::Invalid("indices is empty".into()));
        }
        self.check_limit(Category::PlaylistOperations).await?;
        let now = self.fresh_playlist(pid).await?;
        let count = now
            .items
            .total
            .max(now.playlist.number_of_tracks.unwrap_or(0));
        check_indices(indices, count)?;
        check_position("to_index", to_index, count)?;
        let details = json!({"playlist_id": pid, "moved": indices.len()});
        self.audited("move_in_playlist", details, &[&tag(pid)], async {
            let api = self.tidal.backend();
            Ok(api.move_indices(pid, indices, to_index).await?)
        })
        .await
    }

    /// Adds `wanted` in chunks from `position`: what was added, what TIDAL skipped as
    /// unknown, and the error that stopped it part-way, if one did.
    pub(super) async fn add_in_chunks(
        &self,
        work: &impl Work,
        pid: &str,
        wanted: &[String],
        mut position: Option<u64>,
        allow_duplicates: bool,
    ) -> Added {
        let (mut added_ids, mut skipped) = (Vec::new(), Vec::new());
        let total = wanted.len() as u64;
        let api = self.tidal.backend();
        for (n, chunk) in wanted.chunks(ADD_CHUNK).enumerate() {
            let got = match work.check() {
                Ok(()) => api
                    .add_tracks(pid, chunk, position, allow_duplicates)
                    .await
                    .map_err(ServiceError::from),
                Err(e) => Err(e),
            };
            let got = match got {
                Ok(got) => got,
                Err(e) => {
                    return Added {
                        added_ids,
                        skipped: not_attempted(&wanted[n * ADD_CHUNK..], skipped),
                        error: Some(e),
                    };
                }
            };
            // TIDAL skips ids it does not know (onArtifactNotFound=SKIP) and lists what it
            // added.
            let mut left: HashMap<&str, usize> = HashMap::new();
            for g in &got {
                *left.entry(g.as_str()).or_default() += 1;
            }
            for t in chunk {
                match left.get_mut(t.as_str()) {
                    Some(c) if *c > 0 => *c -= 1,
                    _ => skipped.push(skip(t, SkipReason::NotFound)),
                }
            }
            position = position.map(|x| x + got.len() as u64);
            added_ids.extend(got);
            let done = ((n + 1) * ADD_CHUNK) as u64;
            work.progress(done.min(total), Some(total), "adding tracks")
                .await;
        }
        Added {
            added_ids,
            skipped,
            error: None,
        }
    }
}

/// What an addition of `track_ids` to a playlist holding `existing` sends, and what it skips:
/// without `allow_duplicates`, tracks already there and repeats inside the call (TIDAL's
/// onDupes=SKIP compares only with what is there). A dry run and the real addition both plan
/// with this, so what one reports is what the other does.
pub(in crate::service) fn plan_additions(
    existing: &[&str],
    track_ids: &[String],
    allow_duplicates: bool,
) -> (Vec<String>, Vec<Skipped>) {
    if allow_duplicates {
        return (track_ids.to_vec(), Vec::new());
    }
    let existing: HashSet<&str> = existing.iter().copied().collect();
    let mut seen = HashSet::new();
    let (mut wanted, mut skipped) = (Vec::new(), Vec::new());
    for t in track_ids {
        if existing.contains(t.as_str()) {
            skipped.push(skip(t, SkipReason::AlreadyInPlaylist));
        } else if !seen.insert(t.as_str()) {
            skipped.push(skip(t, SkipReason::RepeatedInRequest));
        } else {
            wanted.push(t.clone());
        }
    }
    (wanted, skipped)
}

fn skip(track_id: &str, reason: SkipReason) -> Skipped {
    Skipped {
        track_id: track_id.to_string(),
        reason,
    }
}

fn not_attempted(rest: &[String], mut skipped: Vec<Skipped>) -> Vec<Skipped> {
    skipped.extend(rest.iter().map(|t| skip(t, SkipReason::NotAttempted)));
    skipped
}

/// The one rule for positions: 0 up to the item count (the count itself means the end).
fn check_position(name: &str, position: u64, count: u64) -> Result<(), ServiceError> {
    if position > count {
        return Err(ServiceError::Invalid(format!(
            "{name} {position} is past the end: the playlist has {count} items, so use 0-{count} \
             (or leave it out to append)"
        )));
    }
    Ok(())
}

/// Every index names an item of a playlist of `count`.
fn check_indices(indices: &[u64], count: u64) -> Result<(), ServiceError> {
    match indices.iter().find(|i| **i >= count) {
        Some(bad) => Err(ServiceError::Invalid(format!(
            "index {bad} is out of range: the playlist has {count} items (0-{})",
            count.saturating_sub(1)
        ))),
        None => Ok(()),
    }
}
