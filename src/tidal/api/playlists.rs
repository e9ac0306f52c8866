//! Playlist endpoints: the user's lists, reading with ETags, and writes guarded by
//! If-None-Match with fresh-ETag retries on 412.

use std::time::Duration;

use reqwest::Method;
use serde_json::Value;

use crate::tidal::model::{self, Page, Playlist, PlaylistItem};
use crate::tidal::{Call, TidalClient, TidalError};

impl TidalClient {
    pub async fn user_playlists(
        &self,
        include_favorited: bool,
        offset: u64,
        max: u64,
    ) -> Result<Page<Playlist>, TidalError> {
        if self.official() {
            return self.v2_user_playlists(include_favorited, offset, max).await;
        }
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
            model::parse_playlist(v.get("playlist").filter(|p| p.is_object()).unwrap_or(v))
        })
        .await
    }

    /// The playlist and its current ETag.
    pub async fn playlist(&self, id: &str) -> Result<(Playlist, Option<String>), TidalError> {
        if self.official() {
            return Ok((self.v2_playlist(id).await?, None));
        }
        let r = self
            .send(&Call::get(
                self.api(&format!("/v1/playlists/{id}")),
                "/v1/playlists/{id}",
            ))
            .await?;
        let etag = r.etag();
        Ok((
            model::parse_playlist(&r.body)
                .ok_or_else(|| TidalError::Protocol("playlist body".into()))?,
            etag,
        ))
    }

    /// Items from `offset`, up to `max`, each with its index. `progress(done, total)`.
    pub async fn playlist_items(
        &self,
        id: &str,
        offset: u64,
        max: u64,
        progress: impl FnMut(u64, u64),
    ) -> Result<Page<PlaylistItem>, TidalError> {
        if self.official() {
            return self.v2_playlist_items(id, offset, max, progress).await;
        }
        let call = Call::get(
            self.api(&format!("/v1/playlists/{id}/items")),
            "/v1/playlists/{id}/items",
        );
        let (out, total, _) = self
            .collect(&call, offset, max, progress, |index, raw| {
                let track = model::parse_track(model::unwrap_item(raw))?;
                let kind = raw
                    .get("type")
                    .and_then(Value::as_str)
                    .unwrap_or("track")
                    .to_ascii_lowercase();
                Some(PlaylistItem { index, kind, track })
            })
            .await?;
        Ok(Page {
            limit: out.len() as u64,
            items: out,
            offset,
            total,
        })
    }

    pub async fn create_playlist(
        &self,
        title: &str,
        description: &str,
    ) -> Result<Playlist, TidalError> {
        if self.official() {
            return self.v2_create_playlist(title, description).await;
        }
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
        model::parse_playlist(&b["data"])
            .ok_or_else(|| TidalError::Protocol("created playlist body".into()))
    }

    pub async fn set_playlist_public(&self, id: &str, public: bool) -> Result<(), TidalError> {
        if self.official() {
            let access = if public { "PUBLIC" } else { "UNLISTED" };
            return self
                .v2_edit_playlist(id, serde_json::json!({"accessType": access}))
                .await;
        }
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

    pub async fn delete_playlist(&self, id: &str) -> Result<(), TidalError> {
        if self.official() {
            return self.v2_delete_playlist(id).await;
        }
        self.send(&Call::write(
            Method::DELETE,
            self.api(&format!("/v1/playlists/{id}")),
            "/v1/playlists/{id}",
        ))
        .await?;
        Ok(())
    }

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
            let (now, etag) = self.playlist(id).await?;
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

    pub async fn edit_playlist(
        &self,
        id: &str,
        title: Option<&str>,
        description: Option<&str>,
    ) -> Result<(), TidalError> {
        if self.official() {
            let mut attributes = serde_json::Map::new();
            if let Some(t) = title {
                attributes.insert("name".into(), t.into());
            }
            if let Some(d) = description {
                attributes.insert("description".into(), d.into());
            }
            return self.v2_edit_playlist(id, attributes.into()).await;
        }
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
    pub async fn add_tracks(
        &self,
        id: &str,
        track_ids: &[String],
        position: Option<u64>,
        allow_duplicates: bool,
    ) -> Result<Vec<String>, TidalError> {
        if self.official() {
            // Duplicates were already left out by the caller unless allowed.
            return self.v2_add_tracks(id, track_ids, position).await;
        }
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
    pub async fn remove_indices(&self, id: &str, indices: &[u64]) -> Result<(), TidalError> {
        if self.official() {
            return self.v2_remove_indices(id, indices).await;
        }
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

    pub async fn move_indices(
        &self,
        id: &str,
        indices: &[u64],
        to_index: u64,
    ) -> Result<(), TidalError> {
        if self.official() {
            return self.v2_move_indices(id, indices, to_index).await;
        }
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

/// Positions as TIDAL takes them in a path: `3,1,0`.
fn index_list(indices: &[u64]) -> String {
    indices
        .iter()
        .map(u64::to_string)
        .collect::<Vec<_>>()
        .join(",")
}
