//! The v1 API backend (`V1`, for device-flow sessions), as tidalapi 0.8.11 speaks it: v1 REST,
//! form-encoded writes, ETag-guarded playlist edits, the legacy API's own `/v2/` paths only
//! where tidalapi uses them. Each endpoint returns normalised objects. `Catalog` (search, the
//! catalogue, mixes) is implemented here; `playlists` and `favorites` implement the rest.

mod art;
mod favorites;
mod library;
mod pages;
mod parse;
mod playlists;

use serde_json::Value;

use super::model::{self, Album, Artist, Lyrics, Mix, Page, Track};
use super::{Call, TidalClient, TidalError};
use crate::tidal::backend::{Catalog, V1};

pub(super) fn page<T>(v: &Value, parse: impl Fn(&Value) -> Option<T>) -> Page<T> {
    let items = v
        .get("items")
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(|i| parse(parse::unwrap_item(i)))
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

impl TidalClient {
    pub(super) fn get(&self, path: String, endpoint: &'static str) -> Call {
        Call::get(self.api(&path), endpoint)
    }

    /// GETs one object and parses it.
    pub(super) async fn object<T>(
        &self,
        path: String,
        endpoint: &'static str,
        parse: fn(&Value) -> Option<T>,
    ) -> Result<T, TidalError> {
        let body = self.send(&self.get(path, endpoint)).await?.body;
        parse(&body).ok_or_else(|| TidalError::Protocol(format!("unexpected body from {endpoint}")))
    }

    /// Walks a list endpoint from `offset`, up to `max` items, and parses them.
    pub(super) async fn list<T>(
        &self,
        call: Call,
        offset: u64,
        max: u64,
        parse: fn(&Value) -> Option<T>,
    ) -> Result<Page<T>, TidalError> {
        let (items, total, _) = self
            .collect(
                &call,
                offset,
                max,
                |_, _| {},
                |_, raw| parse(parse::unwrap_item(raw)),
            )
            .await?;
        Ok(Page {
            limit: items.len() as u64,
            items,
            offset,
            total,
        })
    }

    pub(super) fn user_id(&self) -> Result<String, TidalError> {
        Ok(self.session().ok_or(TidalError::NotLoggedIn)?.user_id)
    }
}

impl V1<'_> {
    /// The mixes in every module of a page (`/v1/pages/{page}`).
    async fn page_mixes(&self, page: &str) -> Result<Vec<Mix>, TidalError> {
        let call = Call::get(self.api(&format!("/v1/pages/{page}")), "/v1/pages/{page}")
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
                    if let Some(m) = parse::parse_mix(item) {
                        out.push(m);
                    }
                }
            }
        }
        Ok(out)
    }
}

impl Catalog for V1<'_> {
    async fn search(
        &self,
        query: &str,
        types: &[model::SearchType],
        limit: u64,
        offset: u64,
    ) -> Result<model::SearchResult, TidalError> {
        let types: Vec<&str> = types.iter().map(|t| t.as_str()).collect();
        let call = Call::get(self.api("/v1/search"), "/v1/search")
            .q("query", query)
            .q("types", types.join(",").to_uppercase())
            .q("limit", limit.min(50))
            .q("offset", offset);
        let b = self.send(&call).await?.body;
        Ok(model::SearchResult {
            tracks: page(&b["tracks"], parse::parse_track),
            albums: page(&b["albums"], parse::parse_album),
            artists: page(&b["artists"], parse::parse_artist),
            playlists: page(&b["playlists"], parse::parse_playlist),
            videos: page(&b["videos"], parse::parse_track),
            top_hit: b.get("topHit").and_then(parse::parse_top_hit),
        })
    }

    async fn track(&self, id: &str) -> Result<Track, TidalError> {
        self.object(
            format!("/v1/tracks/{id}"),
            "/v1/tracks/{id}",
            parse::parse_track,
        )
        .await
    }

    /// Tracks with this ISRC, from the official API (which takes device-flow tokens too).
    async fn tracks_by_isrc(&self, isrc: &str) -> Result<Vec<Track>, TidalError> {
        self.official_tracks_by_isrc(isrc).await
    }

    async fn album(&self, id: &str) -> Result<Album, TidalError> {
        self.object(
            format!("/v1/albums/{id}"),
            "/v1/albums/{id}",
            parse::parse_album,
        )
        .await
    }

    async fn album_tracks(
        &self,
        id: &str,
        offset: u64,
        max: u64,
    ) -> Result<Page<Track>, TidalError> {
        self.list(
            self.get(format!("/v1/albums/{id}/tracks"), "/v1/albums/{id}/tracks"),
            offset,
            max,
            parse::parse_track,
        )
        .await
    }

    async fn similar_albums(&self, id: &str, max: u64) -> Result<Page<Album>, TidalError> {
        self.list(
            self.get(
                format!("/v1/albums/{id}/similar"),
                "/v1/albums/{id}/similar",
            ),
            0,
            max,
            parse::parse_album,
        )
        .await
    }

    async fn artist(&self, id: &str) -> Result<Artist, TidalError> {
        self.object(
            format!("/v1/artists/{id}"),
            "/v1/artists/{id}",
            parse::parse_artist,
        )
        .await
    }

    async fn artist_top_tracks(
        &self,
        id: &str,
        offset: u64,
        max: u64,
    ) -> Result<Page<Track>, TidalError> {
        self.list(
            self.get(
                format!("/v1/artists/{id}/toptracks"),
                "/v1/artists/{id}/toptracks",
            ),
            offset,
            max,
            parse::parse_track,
        )
        .await
    }

    /// `filter`: None (albums), `EPSANDSINGLES` or `COMPILATIONS`.
    async fn artist_albums(
        &self,
        id: &str,
        filter: Option<&str>,
        offset: u64,
        max: u64,
    ) -> Result<Page<Album>, TidalError> {
        let mut call = self.get(
            format!("/v1/artists/{id}/albums"),
            "/v1/artists/{id}/albums",
        );
        if let Some(f) = filter {
            call = call.q("filter", f);
        }
        self.list(call, offset, max, parse::parse_album).await
    }

    async fn similar_artists(
        &self,
        id: &str,
        offset: u64,
        max: u64,
    ) -> Result<Page<Artist>, TidalError> {
        self.list(
            self.get(
                format!("/v1/artists/{id}/similar"),
                "/v1/artists/{id}/similar",
            ),
            offset,
            max,
            parse::parse_artist,
        )
        .await
    }

    async fn artist_radio(&self, id: &str, max: u64) -> Result<Page<Track>, TidalError> {
        self.list(
            self.get(format!("/v1/artists/{id}/radio"), "/v1/artists/{id}/radio"),
            0,
            max,
            parse::parse_track,
        )
        .await
    }

    async fn track_radio(&self, id: &str, max: u64) -> Result<Page<Track>, TidalError> {
        self.list(
            self.get(format!("/v1/tracks/{id}/radio"), "/v1/tracks/{id}/radio"),
            0,
            max,
            parse::parse_track,
        )
        .await
    }

    async fn lyrics(&self, id: &str) -> Result<Lyrics, TidalError> {
        let b = self
            .send(&Call::get(
                self.api(&format!("/v1/tracks/{id}/lyrics")),
                "/v1/tracks/{id}/lyrics",
            ))
            .await?
            .body;
        Ok(parse::parse_lyrics(id, &b))
    }

    /// As tidalapi's `Artist.get_bio`: `GET /v1/artists/{id}/bio`, its `text` and `source`.
    async fn artist_bio(&self, id: &str) -> Result<model::ArtistBio, TidalError> {
        let call = Call::get(
            self.api(&format!("/v1/artists/{id}/bio")),
            "/v1/artists/{id}/bio",
        );
        let b = self.send(&call).await?.body;
        let text = b["text"].as_str().ok_or_else(|| {
            TidalError::Protocol("unexpected body from /v1/artists/{id}/bio".into())
        })?;
        let source = b["source"].as_str().map(str::to_string);
        Ok(model::ArtistBio::new(id, text, source))
    }

    /// As tidalapi's `Album.review`: `GET /v1/albums/{id}/review`, its `text` and `source`.
    async fn album_review(&self, id: &str) -> Result<model::AlbumReview, TidalError> {
        let call = self.get(format!("/v1/albums/{id}/review"), "/v1/albums/{id}/review");
        let b = self.send(&call).await?.body;
        let text = b["text"].as_str().ok_or_else(|| {
            TidalError::Protocol("unexpected body from /v1/albums/{id}/review".into())
        })?;
        let source = b["source"].as_str().map(str::to_string);
        Ok(model::AlbumReview::new(id, text, source))
    }

    async fn images(
        &self,
        kind: model::ArtKind,
        id: &str,
    ) -> Result<Vec<model::Image>, TidalError> {
        self.v1_images(kind, id).await
    }

    /// From the official API (v1 has no suggestions a source documents).
    async fn suggestions(&self, query: &str) -> Result<model::Suggestions, TidalError> {
        self.official_suggestions(query).await
    }

    async fn page(&self, path: &str) -> Result<model::PageView, TidalError> {
        self.v1_page(path).await
    }

    /// From the official API, as tidalapi's `get_albums_by_barcode` asks it.
    async fn albums_by_upc(&self, upc: &str) -> Result<Vec<Album>, TidalError> {
        self.official_albums_by_upc(upc).await
    }

    /// From the official API: v1 has no similar-tracks list (tidalapi has none), and device
    /// tokens are taken there (tidalapi's ISRC and UPC lookups rely on it).
    async fn similar_tracks(&self, id: &str, max: u64) -> Result<Page<Track>, TidalError> {
        self.official_similar_tracks(id, max).await
    }

    /// As tidalapi's `Artist.get_videos`.
    async fn artist_videos(
        &self,
        id: &str,
        offset: u64,
        max: u64,
    ) -> Result<Page<Track>, TidalError> {
        self.list(
            self.get(
                format!("/v1/artists/{id}/videos"),
                "/v1/artists/{id}/videos",
            ),
            offset,
            max,
            parse::parse_track,
        )
        .await
    }

    /// The user's mixes, from the `my_collection_my_mixes` page.
    async fn mixes(&self) -> Result<Vec<Mix>, TidalError> {
        self.page_mixes("my_collection_my_mixes").await
    }

    /// The history mixes (monthly, yearly, all-time) of the user's mixes page and of the home
    /// page (`pages/home`, tidalapi's legacy home), each once.
    async fn history_mixes(&self) -> Result<Vec<Mix>, TidalError> {
        let mut out: Vec<Mix> = Vec::new();
        for page in ["my_collection_my_mixes", "home"] {
            for m in self.page_mixes(page).await? {
                let history = m
                    .mix_type
                    .as_deref()
                    .is_some_and(|t| t.starts_with("HISTORY_"));
                if history && !out.iter().any(|o| o.id == m.id) {
                    out.push(m);
                }
            }
        }
        Ok(out)
    }

    async fn mix_items(&self, id: &str, max: u64) -> Result<Page<Track>, TidalError> {
        // The mix's page, as tidalapi reads a mix: a header, then the track list.
        let call = Call::get(self.api("/v1/pages/mix"), "/v1/pages/mix")
            .q("mixId", id)
            .q("deviceType", "BROWSER");
        let b = self.send(&call).await?.body;
        let mut items: Vec<Track> = b["rows"]
            .as_array()
            .into_iter()
            .flatten()
            .flat_map(|row| row["modules"].as_array().into_iter().flatten())
            .filter(|m| m["type"] == "TRACK_LIST")
            .flat_map(|m| m["pagedList"]["items"].as_array().into_iter().flatten())
            .filter_map(|t| parse::parse_track(parse::unwrap_item(t)))
            .collect();
        let total = items.len() as u64;
        items.truncate(max as usize);
        Ok(Page {
            limit: items.len() as u64,
            items,
            offset: 0,
            total,
        })
    }

    /// Validates the session against TIDAL (`health --online`).
    async fn validate(&self) -> Result<Value, TidalError> {
        Ok(self
            .send(&Call::get(self.api("/v1/sessions"), "/v1/sessions"))
            .await?
            .body)
    }
}
