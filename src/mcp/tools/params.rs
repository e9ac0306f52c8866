//! Tool parameter types. Their doc comments become the input schemas clients see.

use schemars::JsonSchema;
use serde::Deserialize;

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct NoParams {}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SearchParams {
    /// What to search for.
    pub query: String,
    /// Result types: tracks, albums, artists, playlists, videos (default: all).
    pub types: Option<Vec<String>>,
    /// Results per type, 1-50 (default: your search_limit preference).
    pub limit: Option<u64>,
    /// Skip this many results per type.
    pub offset: Option<u64>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TrackParams {
    /// A track id or TIDAL track URL.
    pub track_id: String,
    /// At most this many results (where the tool returns a list), 1-100.
    pub limit: Option<u64>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct IsrcParams {
    /// An ISRC such as USUM71703861.
    pub isrc: String,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AlbumParams {
    /// An album id or TIDAL album URL.
    pub album_id: String,
    /// Include the album's tracks.
    pub include_tracks: Option<bool>,
    /// At most this many results (where the tool returns a list), 1-100.
    pub limit: Option<u64>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ArtistParams {
    /// An artist id or TIDAL artist URL.
    pub artist_id: String,
    /// At most this many results, 1-100.
    pub limit: Option<u64>,
    /// Skip this many results.
    pub offset: Option<u64>,
    /// For get_artist_albums: albums (default), ep_singles or other (compilations).
    pub filter: Option<String>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ListPlaylistsParams {
    /// At most this many playlists, 1-50.
    pub limit: Option<u64>,
    pub offset: Option<u64>,
    /// Also list playlists you follow.
    pub include_favorited: Option<bool>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct GetPlaylistParams {
    /// A playlist id (UUID) or TIDAL playlist URL.
    pub playlist_id: String,
    /// Items per page, 1-100 (default 50).
    pub limit: Option<u64>,
    pub offset: Option<u64>,
    /// Return every item, however many (pages through TIDAL's 50-item pages).
    pub all: Option<bool>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CreatePlaylistParams {
    pub title: String,
    pub description: Option<String>,
    /// Make it public (default: your playlist_public preference).
    pub public: Option<bool>,
    /// Tracks (ids or URLs) to add right away.
    pub track_ids: Option<Vec<String>>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdatePlaylistParams {
    pub playlist_id: String,
    pub title: Option<String>,
    pub description: Option<String>,
    pub public: Option<bool>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PlaylistIdParams {
    pub playlist_id: String,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AddToPlaylistParams {
    pub playlist_id: String,
    /// Track ids or URLs, in order.
    pub track_ids: Vec<String>,
    /// 0-based position to insert at (default: the end).
    pub position: Option<u64>,
    /// Add tracks already in the playlist again (default false: they are skipped).
    pub allow_duplicates: Option<bool>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RemoveFromPlaylistParams {
    pub playlist_id: String,
    /// 0-based positions to remove (see get_playlist's `index`).
    pub indices: Option<Vec<u64>>,
    /// Remove every occurrence of these tracks.
    pub track_ids: Option<Vec<String>>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MoveInPlaylistParams {
    pub playlist_id: String,
    /// 0-based positions to move.
    pub indices: Vec<u64>,
    /// Where they go (0-based position before the move).
    pub to_index: u64,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DedupeParams {
    pub playlist_id: String,
    /// Only report (default true); false removes duplicates and unavailable tracks.
    pub dry_run: Option<bool>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ExportParams {
    pub playlist_id: String,
    /// json, csv or m3u.
    pub format: String,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct GetFavoritesParams {
    /// tracks, albums, artists, playlists, videos or mixes.
    #[serde(rename = "type")]
    pub kind: String,
    pub limit: Option<u64>,
    pub offset: Option<u64>,
    /// DATE (default), NAME, ARTIST, ALBUM, LENGTH, RELEASE_DATE.
    pub order: Option<String>,
    /// ASC or DESC (default).
    pub direction: Option<String>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FavoritesChangeParams {
    /// tracks, albums, artists, playlists, videos or mixes.
    #[serde(rename = "type")]
    pub kind: String,
    /// Ids or TIDAL URLs.
    pub ids: Vec<String>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MixParams {
    pub mix_id: String,
    pub limit: Option<u64>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RecommendParams {
    /// Seed tracks (ids or URLs).
    pub seed_track_ids: Option<Vec<String>>,
    /// Seed artists (ids or URLs).
    pub seed_artist_ids: Option<Vec<String>>,
    /// Also seed from your latest favourite tracks.
    pub from_favorites: Option<bool>,
    /// How many tracks to return, 1-100 (default 20).
    pub limit: Option<u64>,
    /// Leave out tracks you already have as favourites.
    pub exclude_favorites: Option<bool>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SetPreferencesParams {
    /// Changes as key -> value, e.g. {"search_limit": 30, "explicit_filter": true}.
    pub changes: serde_json::Map<String, serde_json::Value>,
}
