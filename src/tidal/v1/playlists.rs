//! Playlist endpoints: the user's lists, reading with ETags, and writes guarded by
//! If-None-Match with fresh-ETag retries on 412.

use std::time::Duration;

use reqwest::Method;
use serde_json::Value;

use crate::tidal::backend::{Playlists, V1};
use crate::tidal::model::{self, Page, Playlist, PlaylistItem};
use crate::tidal::{Call, TidalClient, TidalError};

impl TidalClient {
    /// Runs a playlist write made from the playlist as it is now, with its current ETag in
    /// If-None-Match; on 412 it reads it again and tries again (bounded, with backoff), so a
    /// write lands at most once.
    async fn with_etag(
        &self,
        id: &str,
        make: impl Fn(&Playlist) -> Call,
    ) -> Result<Value, TidalError> {
        let mut attempt = 0u32;
        loop {
            let (now, etag) = V1(self).playlist(id).await?;
            match self.send(&make(&now).etag(etag)).await {
                Ok(r) => return Ok(r.body),
                Err(TidalError::PreconditionFailed) if attempt < self.settings.max_etag_retries => {
                    self.clock
                        .sleep(Duration::from_millis(100u64 << attempt.min(6)))
                        .await;
                    attempt += 1;
                }
                Err(e) => return Err(e),
            }
        }
    }
}

/// Positions as TIDAL takes them in a path: `3,1,0`.
fn index_list(indices: &[u64]) -> String {
    indices
        .iter()
        .map(u64::to_string)
        .collect::<Vec<_>>()
        .join(",")
}

impl Playlists for V1<'_> {
    async fn user_playlists(
        &self,
        include_favorited: bool,
        offset: u64,
        max: u64,
    ) -> Result<Page<Playlist>, TidalError> {
        let uid = self.user_id()?;
        let (path, endpoint) = if include_favorited {
            (
                format!("/v1/users/{uid}/playlistsAndFavoritePlaylists"),
                "/v1/users/{id}/playlistsAndFavoritePlaylists",
            )
        } else {
            (
                format!("/v1/users/{uid}/playlists"),
                "/v1/users/{id}/playlists",
            )
        };
        // Favourited playlists come wrapped in `{"playlist": {...}}`.
        self.list(Call::get(self.api(&path), endpoint), offset, max, |v| {
            super::parse::parse_playlist(v.get("playlist").filter(|p| p.is_object()).unwrap_or(v))
        })
        .await
    }

    /// The playlist and its current ETag.
    async fn playlist(&self, id: &str) -> Result<(Playlist, Option<String>), TidalError> {
        let r = self
            .send(&Call::get(
                self.api(&format!("/v1/playlists/{id}")),
                "/v1/playlists/{id}",
            ))
            .await?;
        let etag = r.etag();
        Ok((
            super::parse::parse_playlist(&r.body)
                .ok_or_else(|| TidalError::Protocol("playlist body".into()))?,
            etag,
        ))
    }

    /// Items from `offset`, up to `max`, each with its index. `progress(done, total)`.
    async fn playlist_items(
        &self,
        id: &str,
        offset: u64,
        max: u64,
        progress: impl FnMut(u64, u64),
    ) -> Result<Page<PlaylistItem>, TidalError> {
        let call = Call::get(
            self.api(&format!("/v1/playlists/{id}/items")),
            "/v1/playlists/{id}/items",
        );
        let (out, total, _) = self
            .collect(&call, offset, max, progress, |index, raw| {
                let track = super::parse::parse_track(super::parse::unwrap_item(raw))?;
                let kind = raw
                    .get("type")
                    .and_then(Value::as_str)
                    .unwrap_or("track")
                    .to_ascii_lowercase();
                // tidalapi reads `dateAdded` on the item's media object.
                let added_at = (super::parse::unwrap_item(raw).get("dateAdded"))
                    .or_else(|| raw.get("dateAdded"))
                    .and_then(Value::as_str)
                    .map(str::to_string);
                Some(PlaylistItem {
                    index,
                    kind,
                    track,
                    added_at,
                })
            })
            .await?;
        Ok(Page {
            limit: out.len() as u64,
            items: out,
            offset,
            total,
        })
    }

    async fn create_playlist(
        &self,
        title: &str,
        description: &str,
    ) -> Result<Playlist, TidalError> {
        // In the collection's root folder, as tidalapi creates playlists (since October 2024).
        let call = Call::write(
            Method::PUT,
            self.api("/v2/my-collection/playlists/folders/create-playlist"),
            "/v2/my-collection/playlists/folders/create-playlist",
        )
        .q("name", title)
        .q("description", description)
        .q("folderId", "root");
        let b = self.send(&call).await?.body;
        super::parse::parse_playlist(&b["data"])
            .ok_or_else(|| TidalError::Protocol("created playlist body".into()))
    }

    async fn set_playlist_public(&self, id: &str, public: bool) -> Result<(), TidalError> {
        let action = if public { "set-public" } else { "set-private" };
        let endpoint = if public {
            "/v2/playlists/{id}/set-public"
        } else {
            "/v2/playlists/{id}/set-private"
        };
        self.send(&Call::write(
            Method::PUT,
            self.api(&format!("/v2/playlists/{id}/{action}")),
            endpoint,
        ))
        .await?;
        Ok(())
    }

    async fn delete_playlist(&self, id: &str) -> Result<(), TidalError> {
        self.send(&Call::write(
            Method::DELETE,
            self.api(&format!("/v1/playlists/{id}")),
            "/v1/playlists/{id}",
        ))
        .await?;
        Ok(())
    }

    async fn edit_playlist(
        &self,
        id: &str,
        title: Option<&str>,
        description: Option<&str>,
    ) -> Result<(), TidalError> {
        // Title and description both, the one not changed as it is (as tidalapi edits).
        let url = self.api(&format!("/v1/playlists/{id}"));
        self.with_etag(id, |now| {
            let form = vec![
                (
                    "title",
                    title.map_or_else(|| now.title.clone(), str::to_string),
                ),
                (
                    "description",
                    description.map_or_else(
                        || now.description.clone().unwrap_or_default(),
                        str::to_string,
                    ),
                ),
            ];
            Call::write(Method::POST, url.clone(), "/v1/playlists/{id}").form(form)
        })
        .await?;
        Ok(())
    }

    /// Adds tracks at `position` (None: append). Returns the ids TIDAL reports as added.
    async fn add_tracks(
        &self,
        id: &str,
        track_ids: &[String],
        position: Option<u64>,
        allow_duplicates: bool,
    ) -> Result<Vec<String>, TidalError> {
        let mut added = Vec::new();
        let mut at = position;
        for chunk in track_ids.chunks(50) {
            let url = self.api(&format!("/v1/playlists/{id}/items"));
            let body = self
                .with_etag(id, |now| {
                    // Always a position, the end when none is asked (as tidalapi sends it).
                    let to = at.unwrap_or_else(|| now.number_of_tracks.unwrap_or(0));
                    let form = vec![
                        ("onArtifactNotFound", "SKIP".to_string()),
                        ("trackIds", chunk.join(",")),
                        ("toIndex", to.to_string()),
                        (
                            "onDupes",
                            if allow_duplicates { "ADD" } else { "SKIP" }.to_string(),
                        ),
                    ];
                    Call::write(Method::POST, url.clone(), "/v1/playlists/{id}/items").form(form)
                })
                .await?;
            let ids: Vec<String> = body["addedItemIds"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(model::id_of)
                .collect();
            at = at.map(|p| p + ids.len() as u64);
            added.extend(ids);
        }
        Ok(added)
    }

    /// Removes items by 0-based index. Highest indices go first so the rest stay valid.
    async fn remove_indices(&self, id: &str, indices: &[u64]) -> Result<(), TidalError> {
        let mut sorted: Vec<u64> = indices.to_vec();
        sorted.sort_unstable_by(|a, b| b.cmp(a));
        sorted.dedup();
        for chunk in sorted.chunks(50) {
            let list = index_list(chunk);
            let url = self.api(&format!("/v1/playlists/{id}/items/{list}"));
            self.with_etag(id, |_| {
                Call::write(
                    Method::DELETE,
                    url.clone(),
                    "/v1/playlists/{id}/items/{indices}",
                )
            })
            .await?;
        }
        Ok(())
    }

    async fn move_indices(
        &self,
        id: &str,
        indices: &[u64],
        to_index: u64,
    ) -> Result<(), TidalError> {
        let list = index_list(indices);
        let url = self.api(&format!("/v1/playlists/{id}/items/{list}"));
        self.with_etag(id, |_| {
            Call::write(
                Method::POST,
                url.clone(),
                "/v1/playlists/{id}/items/{indices}",
            )
            .form(vec![("toIndex", to_index.to_string())])
        })
        .await?;
        Ok(())
    }
}
