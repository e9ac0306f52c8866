//! TIDAL endpoints used by the MCP tools (v1 REST, form-encoded writes, ETag-guarded playlist
//! edits; v2 only where current clients use it). Each returns normalised objects.

use std::time::Duration;

use reqwest::Method;
use serde_json::Value;

use super::model::{self, Album, Artist, Lyrics, Mix, Page, Playlist, PlaylistItem, Track};
use super::{Call, TidalClient, TidalError};

/// Search result types as TIDAL names them.
pub const SEARCH_TYPES: &[&str] = &["artists", "albums", "tracks", "videos", "playlists"];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FavoriteKind {
    Tracks,
    Albums,
    Artists,
    Playlists,
    Videos,
    Mixes,
}

impl FavoriteKind {
    pub fn parse(s: &str) -> Option<FavoriteKind> {
        Some(match s.trim().to_ascii_lowercase().as_str() {
            "tracks" | "track" => FavoriteKind::Tracks,
            "albums" | "album" => FavoriteKind::Albums,
            "artists" | "artist" => FavoriteKind::Artists,
            "playlists" | "playlist" => FavoriteKind::Playlists,
            "videos" | "video" => FavoriteKind::Videos,
            "mixes" | "mix" => FavoriteKind::Mixes,
            _ => return None,
        })
    }
    pub fn path(self) -> &'static str {
        match self {
            FavoriteKind::Tracks => "tracks",
            FavoriteKind::Albums => "albums",
            FavoriteKind::Artists => "artists",
            FavoriteKind::Playlists => "playlists",
            FavoriteKind::Videos => "videos",
            FavoriteKind::Mixes => "mixes",
        }
    }
    /// The singular used in TIDAL URLs (`/browse/track/1`).
    pub fn url_kind(self) -> &'static str {
        match self {
            FavoriteKind::Mixes => "mix",
            k => k.path().trim_end_matches('s'),
        }
    }
    fn form_field(self) -> &'static str {
        match self {
            FavoriteKind::Tracks => "trackIds",
            FavoriteKind::Albums => "albumIds",
            FavoriteKind::Artists => "artistIds",
            FavoriteKind::Playlists => "uuids",
            FavoriteKind::Videos => "videoIds",
            FavoriteKind::Mixes => "mixIds",
        }
    }
}

/// Whole search answer.
pub struct SearchResult {
    pub tracks: Page<Track>,
    pub albums: Page<Album>,
    pub artists: Page<Artist>,
    pub playlists: Page<Playlist>,
    pub videos: Page<Track>,
    pub top_hit: Option<Value>,
}

fn page<T>(v: &Value, parse: impl Fn(&Value) -> Option<T>) -> Page<T> {
    let items = v
        .get("items")
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(|i| parse(model::unwrap_item(i)))
                .collect()
        })
        .unwrap_or_default();
    Page {
        items,
        offset: v.get("offset").and_then(Value::as_u64).unwrap_or(0),
        limit: v.get("limit").and_then(Value::as_u64).unwrap_or(0),
        total: v
            .get("totalNumberOfItems")
            .and_then(Value::as_u64)
            .unwrap_or(0),
    }
}

fn paged<T>(
    items: Vec<Value>,
    offset: u64,
    total: u64,
    parse: impl Fn(&Value) -> Option<T>,
) -> Page<T> {
    let items: Vec<T> = items
        .iter()
        .filter_map(|i| parse(model::unwrap_item(i)))
        .collect();
    Page {
        limit: items.len() as u64,
        items,
        offset,
        total,
    }
}

impl TidalClient {
    fn user_id(&self) -> Result<String, TidalError> {
        Ok(self.session().ok_or(TidalError::NotLoggedIn)?.user_id)
    }

    pub async fn search(
        &self,
        query: &str,
        types: &[&str],
        limit: u64,
        offset: u64,
    ) -> Result<SearchResult, TidalError> {
        let call = Call::get(self.api("/v1/search"), "/v1/search")
            .q("query", query)
            .q("types", types.join(",").to_uppercase())
            .q("limit", limit.min(50))
            .q("offset", offset);
        let b = self.send(&call).await?.body;
        Ok(SearchResult {
            tracks: page(&b["tracks"], model::parse_track),
            albums: page(&b["albums"], model::parse_album),
            artists: page(&b["artists"], model::parse_artist),
            playlists: page(&b["playlists"], model::parse_playlist),
            videos: page(&b["videos"], model::parse_track),
            top_hit: b.get("topHit").filter(|t| !t.is_null()).cloned(),
        })
    }

    pub async fn track(&self, id: &str) -> Result<Track, TidalError> {
        let b = self
            .send(&Call::get(
                self.api(&format!("/v1/tracks/{id}")),
                "/v1/tracks/{id}",
            ))
            .await?
            .body;
        model::parse_track(&b).ok_or_else(|| TidalError::Protocol("track body".into()))
    }

    /// Tracks with this ISRC (v2 filter, then the v1 object for each hit).
    pub async fn tracks_by_isrc(&self, isrc: &str) -> Result<Vec<Track>, TidalError> {
        let call = Call::get(self.api("/v2/tracks"), "/v2/tracks").q("filter[isrc]", isrc);
        let b = self.send(&call).await?.body;
        let ids: Vec<String> = b["data"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|d| d.get("id").and_then(model::id_of))
            .collect();
        let mut out = Vec::new();
        for id in ids {
            match self.track(&id).await {
                Ok(t) => out.push(t),
                Err(TidalError::NotFound(_)) => {}
                Err(e) => return Err(e),
            }
        }
        Ok(out)
    }

    pub async fn album(&self, id: &str) -> Result<Album, TidalError> {
        let b = self
            .send(&Call::get(
                self.api(&format!("/v1/albums/{id}")),
                "/v1/albums/{id}",
            ))
            .await?
            .body;
        model::parse_album(&b).ok_or_else(|| TidalError::Protocol("album body".into()))
    }

    pub async fn album_tracks(
        &self,
        id: &str,
        offset: u64,
        max: u64,
    ) -> Result<Page<Track>, TidalError> {
        let call = Call::get(
            self.api(&format!("/v1/albums/{id}/tracks")),
            "/v1/albums/{id}/tracks",
        );
        let (items, total, _) = self.collect(&call, offset, max, |_, _| {}).await?;
        Ok(paged(items, offset, total, model::parse_track))
    }

    pub async fn similar_albums(&self, id: &str, max: u64) -> Result<Page<Album>, TidalError> {
        let call = Call::get(
            self.api(&format!("/v1/albums/{id}/similar")),
            "/v1/albums/{id}/similar",
        );
        let (items, total, _) = self.collect(&call, 0, max, |_, _| {}).await?;
        Ok(paged(items, 0, total, model::parse_album))
    }

    pub async fn artist(&self, id: &str) -> Result<Artist, TidalError> {
        let b = self
            .send(&Call::get(
                self.api(&format!("/v1/artists/{id}")),
                "/v1/artists/{id}",
            ))
            .await?
            .body;
        model::parse_artist(&b).ok_or_else(|| TidalError::Protocol("artist body".into()))
    }

    pub async fn artist_top_tracks(
        &self,
        id: &str,
        offset: u64,
        max: u64,
    ) -> Result<Page<Track>, TidalError> {
        let call = Call::get(
            self.api(&format!("/v1/artists/{id}/toptracks")),
            "/v1/artists/{id}/toptracks",
        );
        let (items, total, _) = self.collect(&call, offset, max, |_, _| {}).await?;
        Ok(paged(items, offset, total, model::parse_track))
    }

    /// `filter`: None (albums), `EPSANDSINGLES` or `COMPILATIONS`.
    pub async fn artist_albums(
        &self,
        id: &str,
        filter: Option<&str>,
        offset: u64,
        max: u64,
    ) -> Result<Page<Album>, TidalError> {
        let mut call = Call::get(
            self.api(&format!("/v1/artists/{id}/albums")),
            "/v1/artists/{id}/albums",
        );
        if let Some(f) = filter {
            call = call.q("filter", f);
        }
        let (items, total, _) = self.collect(&call, offset, max, |_, _| {}).await?;
        Ok(paged(items, offset, total, model::parse_album))
    }

    pub async fn similar_artists(
        &self,
        id: &str,
        offset: u64,
        max: u64,
    ) -> Result<Page<Artist>, TidalError> {
        let call = Call::get(
            self.api(&format!("/v1/artists/{id}/similar")),
            "/v1/artists/{id}/similar",
        );
        let (items, total, _) = self.collect(&call, offset, max, |_, _| {}).await?;
        Ok(paged(items, offset, total, model::parse_artist))
    }

    pub async fn artist_radio(&self, id: &str, max: u64) -> Result<Page<Track>, TidalError> {
        let call = Call::get(
            self.api(&format!("/v1/artists/{id}/radio")),
            "/v1/artists/{id}/radio",
        );
        let (items, total, _) = self.collect(&call, 0, max, |_, _| {}).await?;
        Ok(paged(items, 0, total, model::parse_track))
    }

    pub async fn track_radio(&self, id: &str, max: u64) -> Result<Page<Track>, TidalError> {
        let call = Call::get(
            self.api(&format!("/v1/tracks/{id}/radio")),
            "/v1/tracks/{id}/radio",
        );
        let (items, total, _) = self.collect(&call, 0, max, |_, _| {}).await?;
        Ok(paged(items, 0, total, model::parse_track))
    }

    pub async fn lyrics(&self, id: &str) -> Result<Lyrics, TidalError> {
        let b = self
            .send(&Call::get(
                self.api(&format!("/v1/tracks/{id}/lyrics")),
                "/v1/tracks/{id}/lyrics",
            ))
            .await?
            .body;
        Ok(model::parse_lyrics(id, &b))
    }

    /// The user's mixes, from the `my_collection_my_mixes` page.
    pub async fn mixes(&self) -> Result<Vec<Mix>, TidalError> {
        let call = Call::get(
            self.api("/v1/pages/my_collection_my_mixes"),
            "/v1/pages/my_collection_my_mixes",
        )
        .q("deviceType", "BROWSER");
        let b = self.send(&call).await?.body;
        let mut out = Vec::new();
        for row in b["rows"].as_array().into_iter().flatten() {
            for module in row["modules"].as_array().into_iter().flatten() {
                for item in module["pagedList"]["items"]
                    .as_array()
                    .into_iter()
                    .flatten()
                {
                    if let Some(m) = model::parse_mix(item) {
                        out.push(m);
                    }
                }
            }
        }
        Ok(out)
    }

    pub async fn mix_items(&self, id: &str, max: u64) -> Result<Page<Track>, TidalError> {
        let call = Call::get(
            self.api(&format!("/v1/mixes/{id}/items")),
            "/v1/mixes/{id}/items",
        );
        let (items, total, _) = self.collect(&call, 0, max, |_, _| {}).await?;
        Ok(paged(items, 0, total, model::parse_track))
    }

    pub async fn user_playlists(
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
        let call = Call::get(self.api(&path), endpoint);
        let (items, total, _) = self.collect(&call, offset, max, |_, _| {}).await?;
        Ok(paged(items, offset, total, |v| {
            model::parse_playlist(v.get("playlist").filter(|p| p.is_object()).unwrap_or(v))
        }))
    }

    /// The playlist and its current ETag.
    pub async fn playlist(&self, id: &str) -> Result<(Playlist, Option<String>), TidalError> {
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
        let call = Call::get(
            self.api(&format!("/v1/playlists/{id}/items")),
            "/v1/playlists/{id}/items",
        );
        let (items, total, _) = self.collect(&call, offset, max, progress).await?;
        let mut out = Vec::new();
        for (i, raw) in items.iter().enumerate() {
            if let Some(track) = model::parse_track(model::unwrap_item(raw)) {
                let kind = raw
                    .get("type")
                    .and_then(Value::as_str)
                    .unwrap_or("track")
                    .to_ascii_lowercase();
                out.push(PlaylistItem {
                    index: offset + i as u64,
                    kind,
                    track,
                });
            }
        }
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
        let uid = self.user_id()?;
        let call = Call::write(
            Method::POST,
            self.api(&format!("/v1/users/{uid}/playlists")),
            "/v1/users/{id}/playlists",
        )
        .form(vec![
            ("title", title.to_string()),
            ("description", description.to_string()),
        ]);
        let b = self.send(&call).await?.body;
        model::parse_playlist(&b)
            .ok_or_else(|| TidalError::Protocol("created playlist body".into()))
    }

    pub async fn set_playlist_public(&self, id: &str, public: bool) -> Result<(), TidalError> {
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
        self.send(&Call::write(
            Method::DELETE,
            self.api(&format!("/v1/playlists/{id}")),
            "/v1/playlists/{id}",
        ))
        .await?;
        Ok(())
    }

    /// Runs a playlist write with the current ETag in If-None-Match; on 412 it reads a fresh
    /// ETag and tries again (bounded, with backoff), so a write lands at most once.
    async fn with_etag(
        &self,
        id: &str,
        make: impl Fn(Option<String>) -> Call,
    ) -> Result<Value, TidalError> {
        let mut attempt = 0u32;
        loop {
            let (_, etag) = self.playlist(id).await?;
            match self.send(&make(etag)).await {
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
        let mut form = Vec::new();
        if let Some(t) = title {
            form.push(("title", t.to_string()));
        }
        if let Some(d) = description {
            form.push(("description", d.to_string()));
        }
        let url = self.api(&format!("/v1/playlists/{id}"));
        self.with_etag(id, |etag| {
            Call::write(Method::POST, url.clone(), "/v1/playlists/{id}")
                .form(form.clone())
                .etag(etag)
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
        let mut added = Vec::new();
        let mut at = position;
        for chunk in track_ids.chunks(50) {
            let url = self.api(&format!("/v1/playlists/{id}/items"));
            let mut form = vec![
                ("trackIds", chunk.join(",")),
                ("onArtifactNotFound", "SKIP".to_string()),
                (
                    "onDupes",
                    if allow_duplicates { "ADD" } else { "SKIP" }.to_string(),
                ),
            ];
            if let Some(p) = at {
                form.push(("toIndex", p.to_string()));
            }
            let body = self
                .with_etag(id, |etag| {
                    Call::write(Method::POST, url.clone(), "/v1/playlists/{id}/items")
                        .form(form.clone())
                        .etag(etag)
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
        let mut sorted: Vec<u64> = indices.to_vec();
        sorted.sort_unstable_by(|a, b| b.cmp(a));
        sorted.dedup();
        for chunk in sorted.chunks(50) {
            let list = chunk
                .iter()
                .map(u64::to_string)
                .collect::<Vec<_>>()
                .join(",");
            let url = self.api(&format!("/v1/playlists/{id}/items/{list}"));
            self.with_etag(id, |etag| {
                Call::write(
                    Method::DELETE,
                    url.clone(),
                    "/v1/playlists/{id}/items/{indices}",
                )
                .etag(etag)
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
        let list = indices
            .iter()
            .map(u64::to_string)
            .collect::<Vec<_>>()
            .join(",");
        let url = self.api(&format!("/v1/playlists/{id}/items/{list}"));
        self.with_etag(id, |etag| {
            Call::write(
                Method::POST,
                url.clone(),
                "/v1/playlists/{id}/items/{indices}",
            )
            .form(vec![("toIndex", to_index.to_string())])
            .etag(etag)
        })
        .await?;
        Ok(())
    }

    pub async fn favorites(
        &self,
        kind: FavoriteKind,
        offset: u64,
        max: u64,
        order: &str,
        direction: &str,
    ) -> Result<Page<Value>, TidalError> {
        if kind == FavoriteKind::Mixes {
            let call = Call::get(self.api("/v2/favorites/mixes"), "/v2/favorites/mixes")
                .q("limit", max.min(50));
            let b = self.send(&call).await?.body;
            let items: Vec<Value> = b["items"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|m| {
                    model::parse_mix(m).map(|m| serde_json::to_value(m).unwrap_or_default())
                })
                .collect();
            let total = items.len() as u64;
            return Ok(Page {
                limit: total,
                items,
                offset: 0,
                total,
            });
        }
        let uid = self.user_id()?;
        let call = Call::get(
            self.api(&format!("/v1/users/{uid}/favorites/{}", kind.path())),
            favorite_endpoint(kind),
        )
        .q("order", order)
        .q("orderDirection", direction);
        let (items, total, _) = self.collect(&call, offset, max, |_, _| {}).await?;
        let parsed = items
            .iter()
            .filter_map(|raw| {
                let item = model::unwrap_item(raw);
                let v = match kind {
                    FavoriteKind::Tracks | FavoriteKind::Videos => {
                        serde_json::to_value(model::parse_track(item)?)
                    }
                    FavoriteKind::Albums => serde_json::to_value(model::parse_album(item)?),
                    FavoriteKind::Artists => serde_json::to_value(model::parse_artist(item)?),
                    FavoriteKind::Playlists => serde_json::to_value(model::parse_playlist(item)?),
                    FavoriteKind::Mixes => return None,
                }
                .ok()?;
                Some(serde_json::json!({"added": raw.get("created"), "item": v}))
            })
            .collect::<Vec<_>>();
        Ok(Page {
            limit: parsed.len() as u64,
            items: parsed,
            offset,
            total,
        })
    }

    pub async fn add_favorites(
        &self,
        kind: FavoriteKind,
        ids: &[String],
    ) -> Result<(), TidalError> {
        if kind == FavoriteKind::Mixes {
            let call = Call::write(
                Method::PUT,
                self.api("/v2/favorites/mixes/add"),
                "/v2/favorites/mixes/add",
            )
            .q("mixIds", ids.join(","))
            .q("onArtifactNotFound", "FAIL");
            self.send(&call).await?;
            return Ok(());
        }
        let uid = self.user_id()?;
        for chunk in ids.chunks(50) {
            let call = Call::write(
                Method::POST,
                self.api(&format!("/v1/users/{uid}/favorites/{}", kind.path())),
                favorite_endpoint(kind),
            )
            .form(vec![(kind.form_field(), chunk.join(","))]);
            self.send(&call).await?;
        }
        Ok(())
    }

    pub async fn remove_favorites(
        &self,
        kind: FavoriteKind,
        ids: &[String],
    ) -> Result<(), TidalError> {
        if kind == FavoriteKind::Mixes {
            let call = Call::write(
                Method::PUT,
                self.api("/v2/favorites/mixes/remove"),
                "/v2/favorites/mixes/remove",
            )
            .q("mixIds", ids.join(","));
            self.send(&call).await?;
            return Ok(());
        }
        let uid = self.user_id()?;
        for id in ids {
            let call = Call::write(
                Method::DELETE,
                self.api(&format!("/v1/users/{uid}/favorites/{}/{id}", kind.path())),
                "/v1/users/{id}/favorites/{kind}/{id}",
            );
            self.send(&call).await?;
        }
        Ok(())
    }

    /// Validates the session against TIDAL (`health --online`).
    pub async fn validate(&self) -> Result<Value, TidalError> {
        Ok(self
            .send(&Call::get(self.api("/v1/sessions"), "/v1/sessions"))
            .await?
            .body)
    }
}

fn favorite_endpoint(kind: FavoriteKind) -> &'static str {
    match kind {
        FavoriteKind::Tracks => "/v1/users/{id}/favorites/tracks",
        FavoriteKind::Albums => "/v1/users/{id}/favorites/albums",
        FavoriteKind::Artists => "/v1/users/{id}/favorites/artists",
        FavoriteKind::Playlists => "/v1/users/{id}/favorites/playlists",
        FavoriteKind::Videos => "/v1/users/{id}/favorites/videos",
        FavoriteKind::Mixes => "/v2/favorites/mixes",
    }
}
