//! Catalogue reads: search, tracks (by id and by ISRC), albums, artists, radios, similar items,
//! lyrics. Each is one cache entry of the catalogue (or search) kind, shared by the users of one
//! country and counted against the API limits (and search's own) only when it reaches TIDAL.
//! The explicit filter of the user's preferences is applied to search answers as they are
//! served, so one cached search serves users with either setting.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use super::cache::{Cached, Kind};
use super::{Service, ServiceError};
use crate::tidal::model::{
    Album, AlbumReview, ArtKind, Artist, ArtistBio, Artwork, Lyrics, Page, PageView, SearchResult,
    SearchType, Suggestions, Track,
};
use crate::tidal::{Capability, Catalog};

// Which of an artist's releases to list: albums, EPs and singles, or the rest (compilations).
// Not a doc comment, here or on the variants: the parameter's schema is a plain `enum` that
// the tool describes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum AlbumFilter {
    Albums,
    EpSingles,
    Other,
}

impl AlbumFilter {
    /// TIDAL's filter value (albums are the unfiltered default).
    fn filter(self) -> Option<&'static str> {
        match self {
            AlbumFilter::Albums => None,
            AlbumFilter::EpSingles => Some("EPSANDSINGLES"),
            AlbumFilter::Other => Some("COMPILATIONS"),
        }
    }
}

/// An album, with its tracks when they were asked for.
#[derive(Serialize, Deserialize, JsonSchema)]
pub struct AlbumWithTracks {
    /// The album.
    pub album: Album,
    /// Its tracks, when include_tracks was set.
    pub tracks: Option<Page<Track>>,
}

/// An album's tracks are read up to this many.
const ALBUM_TRACKS_MAX: u64 = 1000;

impl Service {
    /// Searches the kinds `types` (none is refused: leave it out for every kind), `limit` per
    /// kind (the user's `search_limit` when `None`).
    pub async fn search(
        &self,
        query: &str,
        types: &[SearchType],
        limit: Option<u64>,
        offset: u64,
    ) -> Result<Cached<SearchResult>, ServiceError> {
        let query = query.trim();
        if query.is_empty() {
            return Err(ServiceError::Invalid("query is empty".into()));
        }
        if types.is_empty() {
            return Err(ServiceError::Invalid(
                "types is empty: leave it out to search every type".into(),
            ));
        }
        let prefs = self.prefs_for_active();
        let limit = limit.unwrap_or(prefs.search_limit);
        let mut found = self.search_all(query, types, limit, offset).await?;
        if prefs.explicit_filter {
            drop_explicit(&mut found.0);
        }
        Ok(found)
    }

    /// A search as TIDAL answers it, explicit items included (one cache entry with `search`).
    pub(super) async fn search_all(
        &self,
        query: &str,
        types: &[SearchType],
        limit: u64,
        offset: u64,
    ) -> Result<Cached<SearchResult>, ServiceError> {
        let key = json!([query, types, limit, offset]);
        self.read(Kind::Search, "search", key, &[], || async {
            let api = self.tidal.backend();
            Ok(api.search(query, types, limit, offset).await?)
        })
        .await
    }

    pub async fn track(&self, id: &str) -> Result<Cached<Track>, ServiceError> {
        self.read(Kind::Catalog, "track", json!(id), &[], || async {
            Ok(self.tidal.backend().track(id).await?)
        })
        .await
    }

    /// The tracks that carry an ISRC (one recording can be on several releases).
    pub async fn tracks_by_isrc(&self, isrc: &str) -> Result<Cached<Vec<Track>>, ServiceError> {
        let isrc = isrc.trim().to_ascii_uppercase();
        if isrc.len() != 12 || !isrc.chars().all(|c| c.is_ascii_alphanumeric()) {
            return Err(ServiceError::Invalid(format!(
                "`{isrc}` is not an ISRC (12 letters and digits, e.g. USUM71703861)"
            )));
        }
        self.read(Kind::Catalog, "isrc", json!(isrc), &[], || async {
            Ok(self.tidal.backend().tracks_by_isrc(&isrc).await?)
        })
        .await
    }

    pub async fn album(
        &self,
        id: &str,
        with_tracks: bool,
    ) -> Result<Cached<AlbumWithTracks>, ServiceError> {
        let key = json!([id, with_tracks]);
        self.read(Kind::Catalog, "album", key, &[], || async {
            let album = self.tidal.backend().album(id).await?;
            let tracks = if with_tracks {
                let api = self.tidal.backend();
                Some(api.album_tracks(id, 0, ALBUM_TRACKS_MAX).await?)
            } else {
                None
            };
            Ok(AlbumWithTracks { album, tracks })
        })
        .await
    }

    pub async fn artist(&self, id: &str) -> Result<Cached<Artist>, ServiceError> {
        self.read(Kind::Catalog, "artist", json!(id), &[], || async {
            Ok(self.tidal.backend().artist(id).await?)
        })
        .await
    }

    pub async fn artist_top_tracks(
        &self,
        id: &str,
        offset: u64,
        limit: u64,
    ) -> Result<Cached<Page<Track>>, ServiceError> {
        let key = json!([id, limit, offset]);
        self.read(Kind::Catalog, "artist_top", key, &[], || async {
            let api = self.tidal.backend();
            Ok(api.artist_top_tracks(id, offset, limit).await?)
        })
        .await
    }

    pub async fn artist_albums(
        &self,
        id: &str,
        filter: AlbumFilter,
        offset: u64,
        limit: u64,
    ) -> Result<Cached<Page<Album>>, ServiceError> {
        let filter = filter.filter();
        let key = json!([id, filter, limit, offset]);
        self.read(Kind::Catalog, "artist_albums", key, &[], || async {
            let api = self.tidal.backend();
            Ok(api.artist_albums(id, filter, offset, limit).await?)
        })
        .await
    }

    pub async fn similar_artists(
        &self,
        id: &str,
        offset: u64,
        limit: u64,
    ) -> Result<Cached<Page<Artist>>, ServiceError> {
        let key = json!([id, limit, offset]);
        self.read(Kind::Catalog, "similar_artists", key, &[], || async {
            let api = self.tidal.backend();
            Ok(api.similar_artists(id, offset, limit).await?)
        })
        .await
    }

    pub async fn artist_radio(
        &self,
        id: &str,
        limit: u64,
    ) -> Result<Cached<Page<Track>>, ServiceError> {
        let key = json!([id, limit]);
        self.read(Kind::Catalog, "artist_radio", key, &[], || async {
            Ok(self.tidal.backend().artist_radio(id, limit).await?)
        })
        .await
    }

    pub async fn similar_albums(
        &self,
        id: &str,
        limit: u64,
    ) -> Result<Cached<Page<Album>>, ServiceError> {
        let key = json!([id, limit]);
        self.read(Kind::Catalog, "similar_albums", key, &[], || async {
            Ok(self.tidal.backend().similar_albums(id, limit).await?)
        })
        .await
    }

    /// Radio from a track, the seed first.
    pub async fn track_radio(
        &self,
        id: &str,
        limit: u64,
    ) -> Result<Cached<Page<Track>>, ServiceError> {
        let key = json!([id, limit]);
        self.read(Kind::Catalog, "track_radio", key, &[], || async {
            Ok(self.tidal.backend().track_radio(id, limit).await?)
        })
        .await
    }

    /// An artist's biography.
    pub async fn artist_bio(&self, id: &str) -> Result<Cached<ArtistBio>, ServiceError> {
        self.read(Kind::Catalog, "artist_bio", json!(id), &[], || async {
            Ok(self.tidal.backend().artist_bio(id).await?)
        })
        .await
    }

    /// An album's review; refused without a request where the session's API has none.
    pub async fn album_review(&self, id: &str) -> Result<Cached<AlbumReview>, ServiceError> {
        self.tidal.backend().require(Capability::AlbumReview)?;
        self.read(Kind::Catalog, "album_review", json!(id), &[], || async {
            Ok(self.tidal.backend().album_review(id).await?)
        })
        .await
    }

    /// An object's artwork at about `width` pixels, with every size TIDAL has (the sizes are
    /// cached with the catalogue; the choice is made per call).
    pub async fn artwork(
        &self,
        kind: ArtKind,
        id: &str,
        width: u32,
    ) -> Result<Artwork, ServiceError> {
        let key = json!([kind, id]);
        let sizes = self
            .read(Kind::Catalog, "images", key, &[], || async {
                Ok(self.tidal.backend().images(kind, id).await?)
            })
            .await?
            .decode()?;
        Ok(Artwork::choose(kind, id, sizes, width))
    }

    /// An editorial page by name (`home`, `explore`, `for_you`, `genres`, `moods`, `videos`)
    /// or by a path a link gave (`pages/genre_pop`), each row cut to `per_row` entries.
    /// Personal pages (for you, home) make it a per-user read.
    pub async fn browse(&self, page: &str, per_row: usize) -> Result<PageView, ServiceError> {
        let path = page_path(page)?;
        self.tidal.backend().require(Capability::Pages)?;
        let mut view = self
            .read(Kind::Library, "page", json!(path), &[], || async {
                Ok(self.tidal.backend().page(&path).await?)
            })
            .await?
            .decode()?;
        for row in &mut view.rows {
            row.entries.truncate(per_row);
        }
        Ok(view)
    }

    /// Suggested queries ("did you mean") and direct hits for what the user is typing.
    pub async fn suggestions(&self, query: &str) -> Result<Cached<Suggestions>, ServiceError> {
        let query = query.trim();
        if query.is_empty() {
            return Err(ServiceError::Invalid("the query is empty".into()));
        }
        self.read(Kind::Search, "suggestions", json!(query), &[], || async {
            Ok(self.tidal.backend().suggestions(query).await?)
        })
        .await
    }

    /// The albums carrying a UPC (barcode).
    pub async fn albums_by_upc(&self, upc: &str) -> Result<Cached<Vec<Album>>, ServiceError> {
        self.read(Kind::Catalog, "albums_by_upc", json!(upc), &[], || async {
            Ok(self.tidal.backend().albums_by_upc(upc).await?)
        })
        .await
    }

    pub async fn similar_tracks(
        &self,
        id: &str,
        limit: u64,
    ) -> Result<Cached<Page<Track>>, ServiceError> {
        self.read(
            Kind::Catalog,
            "similar_tracks",
            json!([id, limit]),
            &[],
            || async { Ok(self.tidal.backend().similar_tracks(id, limit).await?) },
        )
        .await
    }

    pub async fn artist_videos(
        &self,
        id: &str,
        offset: u64,
        limit: u64,
    ) -> Result<Cached<Page<Track>>, ServiceError> {
        let key = json!([id, limit, offset]);
        self.read(Kind::Catalog, "artist_videos", key, &[], || async {
            Ok(self
                .tidal
                .backend()
                .artist_videos(id, offset, limit)
                .await?)
        })
        .await
    }

    /// A track's lyrics; refused without a request where the session's API has none.
    pub async fn lyrics(&self, id: &str) -> Result<Cached<Lyrics>, ServiceError> {
        self.tidal.backend().require(Capability::Lyrics)?;
        self.read(Kind::Catalog, "lyrics", json!(id), &[], || async {
            Ok(self.tidal.backend().lyrics(id).await?)
        })
        .await
    }
}

/// Leaves explicit tracks, albums and videos out of a search answer, and an explicit top hit.
fn drop_explicit(v: &mut Value) {
    for k in ["tracks", "albums", "videos"] {
        if let Some(items) = v[k]["items"].as_array_mut() {
            items.retain(|i| !i["explicit"].as_bool().unwrap_or(false));
        }
    }
    let hit_explicit = ["track", "album", "video"]
        .iter()
        .any(|k| v["top_hit"][k]["explicit"].as_bool().unwrap_or(false));
    if hit_explicit {
        v["top_hit"] = Value::Null;
    }
}

/// The pages `browse` knows by name, and their paths.
pub const PAGES: &[(&str, &str)] = &[
    ("home", "pages/home"),
    ("explore", "pages/explore"),
    ("for_you", "pages/for_you"),
    ("genres", "pages/genre_page"),
    ("moods", "pages/moods"),
    ("videos", "pages/videos"),
];

/// A page's path from its name or from a link's `page` (`pages/...`, letters, digits, `_`,
/// `-` and `/`).
fn page_path(page: &str) -> Result<String, ServiceError> {
    let page = page.trim();
    if let Some((_, path)) = PAGES.iter().find(|(name, _)| *name == page) {
        return Ok(path.to_string());
    }
    let rest = page.strip_prefix("pages/").unwrap_or("");
    let fine = !rest.is_empty()
        && !rest.contains("..")
        && rest
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '/'));
    if fine {
        Ok(page.to_string())
    } else {
        let names: Vec<&str> = PAGES.iter().map(|(n, _)| *n).collect();
        Err(ServiceError::Invalid(format!(
            "`{page}` is not a page: give one of {} or a `page` from a link (pages/...)",
            names.join(", ")
        )))
    }
}
