//! TIDAL's official API (`openapi.tidal.com/v2`, JSON:API) for sessions from a browser (PKCE)
//! login, as TIDAL's OpenAPI document describes it (a copy is in `tests/reference/tidal-oas/`,
//! and the test suite holds every request and answer to it): related resources only through
//! `include`, with nested paths relative to the request's root (`items.artists`, at most 3
//! levels and 10 resources); cursor pages, each next page asked with the first request's
//! `include` and filters plus `page[cursor]`; `countryCode` only where an operation declares
//! it; writes as JSON:API documents of at most 50 items (moves 20) with an `Idempotency-Key`
//! each, so a write sent again after a lost answer lands once. `catalog` and `library` hold the
//! endpoints, `document` the reading of answers. What the official API does not offer a
//! developer app says so ([`TidalError::NotOnOfficialApi`]).

mod account;
mod catalog;
mod document;
mod library;
mod more;

use serde_json::Value;

use document::Included;

use super::backend::{Catalog, Favorites, Official, Playlists};
use super::model::{self, Album, Artist, Lyrics, Mix, Page, Playlist, PlaylistItem, Track};
use super::model::{FavoriteKind, SearchResult};
use super::{Call, TidalClient, TidalError};
use crate::vault::Api;

/// Most items a list write carries, and a move (the document's bounds).
const WRITE_CHUNK: usize = 50;
const MOVE_CHUNK: usize = 20;

/// The path segment for an id TIDAL gave us (ids are opaque: it may need escaping).
fn seg(id: &str) -> String {
    url::form_urlencoded::byte_serialize(id.as_bytes()).collect()
}

/// The same request for the page at `cursor`: TIDAL's next link carries only the cursor, so
/// the first request's `include` and filters are sent again with it.
fn page_call(first: &Call, cursor: &str) -> Call {
    let mut call = Call::get(first.url.clone(), first.endpoint).jsonapi();
    call.country = first.country;
    call.query = first
        .query
        .iter()
        .filter(|(k, _)| k != "page[cursor]")
        .cloned()
        .collect();
    call.query.push(("page[cursor]".into(), cursor.into()));
    call
}

impl TidalClient {
    /// Whether the active session is for the official API.
    pub(crate) fn official(&self) -> bool {
        self.session().is_some_and(|s| s.api == Api::Official)
    }

    /// A GET of the official API (add `.country()` where the operation declares `countryCode`).
    fn official_get(&self, path: &str, endpoint: &'static str) -> Call {
        Call::get(self.openapi(path), endpoint).jsonapi()
    }

    async fn official_doc(&self, call: &Call) -> Result<Value, TidalError> {
        Ok(self.send(call).await?.body)
    }

    /// Follows the cursor from `first`, collecting the primary data and everything included
    /// until `max` resources that `keep` accepts were seen (or the last page). `on_page` gets
    /// the count so far.
    async fn official_pages(
        &self,
        first: Call,
        max: u64,
        keep: impl Fn(&Value, &Included) -> bool,
        mut on_page: impl FnMut(u64),
    ) -> Result<(Vec<Value>, Included), TidalError> {
        let mut data = Vec::new();
        let mut inc = Included::default();
        let mut kept = 0u64;
        let mut call = first;
        loop {
            let doc = self.official_doc(&call).await?;
            inc.add(&doc);
            let page: Vec<Value> = match &doc["data"] {
                Value::Array(a) => a.clone(),
                v @ Value::Object(_) => vec![v.clone()],
                _ => Vec::new(),
            };
            for d in page {
                if kept >= max {
                    break;
                }
                if keep(&d, &inc) {
                    kept += 1;
                    data.push(d);
                }
            }
            on_page(kept);
            if kept >= max {
                break;
            }
            match document::next_cursor(&doc["links"]) {
                Some(c) => call = page_call(&call, &c),
                None => break,
            }
        }
        Ok((data, inc))
    }

    pub(crate) async fn official_validate(&self) -> Result<Value, TidalError> {
        self.official_doc(&self.official_get("/users/me", "/users/me"))
            .await
    }
}

impl Catalog for Official<'_> {
    async fn search(
        &self,
        query: &str,
        types: &[model::SearchType],
        limit: u64,
        offset: u64,
    ) -> Result<SearchResult, TidalError> {
        self.official_search(query, types, limit, offset).await
    }

    async fn track(&self, id: &str) -> Result<Track, TidalError> {
        self.official_track(id).await
    }

    async fn tracks_by_isrc(&self, isrc: &str) -> Result<Vec<Track>, TidalError> {
        self.official_tracks_by_isrc(isrc).await
    }

    async fn album(&self, id: &str) -> Result<Album, TidalError> {
        self.official_album(id).await
    }

    async fn album_tracks(
        &self,
        id: &str,
        offset: u64,
        max: u64,
    ) -> Result<Page<Track>, TidalError> {
        self.official_album_tracks(id, offset, max).await
    }

    async fn similar_albums(&self, id: &str, max: u64) -> Result<Page<Album>, TidalError> {
        self.official_similar_albums(id, max).await
    }

    async fn artist(&self, id: &str) -> Result<Artist, TidalError> {
        self.official_artist(id).await
    }

    async fn artist_top_tracks(
        &self,
        id: &str,
        offset: u64,
        max: u64,
    ) -> Result<Page<Track>, TidalError> {
        self.official_artist_tracks(id, offset, max).await
    }

    async fn artist_albums(
        &self,
        id: &str,
        filter: Option<&str>,
        offset: u64,
        max: u64,
    ) -> Result<Page<Album>, TidalError> {
        self.official_artist_albums(id, filter, offset, max).await
    }

    async fn similar_artists(
        &self,
        id: &str,
        offset: u64,
        max: u64,
    ) -> Result<Page<Artist>, TidalError> {
        self.official_similar_artists(id, offset, max).await
    }

    async fn artist_radio(&self, id: &str, max: u64) -> Result<Page<Track>, TidalError> {
        self.official_radio("artists", id, max).await
    }

    async fn track_radio(&self, id: &str, max: u64) -> Result<Page<Track>, TidalError> {
        self.official_radio("tracks", id, max).await
    }

    async fn lyrics(&self, id: &str) -> Result<Lyrics, TidalError> {
        self.official_lyrics(id).await
    }

    async fn artist_bio(&self, id: &str) -> Result<model::ArtistBio, TidalError> {
        self.official_artist_bio(id).await
    }

    async fn mixes(&self) -> Result<Vec<Mix>, TidalError> {
        self.official_mixes().await
    }

    async fn album_review(&self, _id: &str) -> Result<model::AlbumReview, TidalError> {
        Err(crate::tidal::Capability::AlbumReview.unsupported())
    }

    async fn images(
        &self,
        kind: model::ArtKind,
        id: &str,
    ) -> Result<Vec<model::Image>, TidalError> {
        self.official_images(kind, id).await
    }

    async fn albums_by_upc(&self, upc: &str) -> Result<Vec<Album>, TidalError> {
        self.official_albums_by_upc(upc).await
    }

    async fn similar_tracks(&self, id: &str, max: u64) -> Result<Page<Track>, TidalError> {
        self.official_similar_tracks(id, max).await
    }

    async fn artist_videos(
        &self,
        id: &str,
        offset: u64,
        max: u64,
    ) -> Result<Page<Track>, TidalError> {
        self.official_artist_videos(id, offset, max).await
    }

    /// From the official API (v1 has no suggestions a source documents).
    async fn suggestions(&self, query: &str) -> Result<model::Suggestions, TidalError> {
        self.official_suggestions(query).await
    }

    async fn page(&self, _path: &str) -> Result<model::PageView, TidalError> {
        Err(crate::tidal::Capability::Pages.unsupported())
    }

    async fn history_mixes(&self) -> Result<Vec<Mix>, TidalError> {
        Err(crate::tidal::Capability::History.unsupported())
    }

    async fn mix_items(&self, id: &str, max: u64) -> Result<Page<Track>, TidalError> {
        self.official_mix_items(id, max).await
    }

    async fn validate(&self) -> Result<Value, TidalError> {
        self.official_validate().await
    }
}

impl Playlists for Official<'_> {
    async fn user_playlists(
        &self,
        include_favorited: bool,
        offset: u64,
        max: u64,
    ) -> Result<Page<Playlist>, TidalError> {
        self.official_user_playlists(include_favorited, offset, max)
            .await
    }

    async fn playlist(&self, id: &str) -> Result<(Playlist, Option<String>), TidalError> {
        Ok((self.official_playlist(id).await?, None))
    }

    async fn playlist_items(
        &self,
        id: &str,
        offset: u64,
        max: u64,
        progress: impl FnMut(u64, u64),
    ) -> Result<Page<PlaylistItem>, TidalError> {
        self.official_playlist_items(id, offset, max, progress)
            .await
    }

    async fn create_playlist(
        &self,
        title: &str,
        description: &str,
    ) -> Result<Playlist, TidalError> {
        self.official_create_playlist(title, description).await
    }

    async fn set_playlist_public(&self, id: &str, public: bool) -> Result<(), TidalError> {
        let access = if public { "PUBLIC" } else { "UNLISTED" };
        self.official_edit_playlist(id, serde_json::json!({"accessType": access}))
            .await
    }

    async fn delete_playlist(&self, id: &str) -> Result<(), TidalError> {
        self.official_delete_playlist(id).await
    }

    async fn edit_playlist(
        &self,
        id: &str,
        title: Option<&str>,
        description: Option<&str>,
    ) -> Result<(), TidalError> {
        let mut attributes = serde_json::Map::new();
        if let Some(t) = title {
            attributes.insert("name".into(), t.into());
        }
        if let Some(d) = description {
            attributes.insert("description".into(), d.into());
        }
        self.official_edit_playlist(id, attributes.into()).await
    }

    async fn add_tracks(
        &self,
        id: &str,
        track_ids: &[String],
        position: Option<u64>,
        _allow_duplicates: bool,
    ) -> Result<Vec<String>, TidalError> {
        // Duplicates were already left out by the caller unless allowed.
        self.official_add_tracks(id, track_ids, position).await
    }

    async fn remove_indices(&self, id: &str, indices: &[u64]) -> Result<(), TidalError> {
        self.official_remove_indices(id, indices).await
    }

    async fn move_indices(
        &self,
        id: &str,
        indices: &[u64],
        to_index: u64,
    ) -> Result<(), TidalError> {
        self.official_move_indices(id, indices, to_index).await
    }
}

impl Favorites for Official<'_> {
    async fn favorites(
        &self,
        kind: FavoriteKind,
        offset: u64,
        max: u64,
        order: &str,
        direction: &str,
    ) -> Result<Page<Value>, TidalError> {
        self.official_favorites(kind, offset, max, order, direction)
            .await
    }

    async fn add_favorites(&self, kind: FavoriteKind, ids: &[String]) -> Result<(), TidalError> {
        self.official_change_favorites(kind, ids, true).await
    }

    async fn remove_favorites(&self, kind: FavoriteKind, ids: &[String]) -> Result<(), TidalError> {
        self.official_change_favorites(kind, ids, false).await
    }
}
