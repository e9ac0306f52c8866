//! Tool parameter types, one per tool (shared only where every field means the same for each
//! tool that takes it). Their doc comments and `schemars` bounds become the input schemas that
//! clients see and that arguments are validated against before a handler runs
//! (`mcp::schema`), so a handler never sees a value outside its declared range or set.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

pub use crate::service::catalog::AlbumFilter;
pub use crate::service::favorites::{Direction, FavoriteOrder};
pub use crate::service::tidy::ExportFormat;
pub use crate::tidal::model::{FavoriteKind, SearchType};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum AudioQuality {
    Low,
    High,
    Lossless,
    HiResLossless,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SearchParams {
    /// What to search for.
    #[schemars(length(min = 1, max = 500))]
    pub query: String,
    /// Result types (default: all).
    pub types: Option<Vec<SearchType>>,
    /// Results per type (default: search_limit preference).
    #[schemars(range(min = 1, max = 50))]
    pub limit: Option<u64>,
    /// How many to skip per type.
    pub offset: Option<u64>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TrackIdParams {
    /// Track id or URL.
    pub track_id: String,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TrackRadioParams {
    /// Track id or URL.
    pub track_id: String,
    /// How many tracks (default 20).
    #[schemars(range(min = 1, max = 100))]
    pub limit: Option<u64>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct IsrcParams {
    /// ISRC (12 characters).
    #[schemars(length(min = 12, max = 12))]
    pub isrc: String,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct GetAlbumParams {
    /// Album id or URL.
    pub album_id: String,
    /// Include every track of the album.
    pub include_tracks: Option<bool>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SimilarAlbumsParams {
    /// Album id or URL.
    pub album_id: String,
    /// How many albums (default 20).
    #[schemars(range(min = 1, max = 100))]
    pub limit: Option<u64>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ArtistIdParams {
    /// Artist id or URL.
    pub artist_id: String,
}

/// A page of an artist's tracks or related artists.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ArtistPageParams {
    /// Artist id or URL.
    pub artist_id: String,
    /// Page size (default 20).
    #[schemars(range(min = 1, max = 100))]
    pub limit: Option<u64>,
    /// How many to skip.
    pub offset: Option<u64>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ArtistAlbumsParams {
    /// Artist id or URL.
    pub artist_id: String,
    /// Releases (default albums; other: compilations).
    pub filter: Option<AlbumFilter>,
    /// Page size (default 20).
    #[schemars(range(min = 1, max = 100))]
    pub limit: Option<u64>,
    /// How many to skip.
    pub offset: Option<u64>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ArtistRadioParams {
    /// Artist id or URL.
    pub artist_id: String,
    /// How many tracks (default 20).
    #[schemars(range(min = 1, max = 100))]
    pub limit: Option<u64>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ListPlaylistsParams {
    /// Page size (default 50).
    #[schemars(range(min = 1, max = 50))]
    pub limit: Option<u64>,
    /// How many to skip.
    pub offset: Option<u64>,
    /// Also list playlists you follow.
    pub include_favorited: Option<bool>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct GetPlaylistParams {
    /// Playlist id or URL.
    pub playlist_id: String,
    /// Items per page (default 50).
    #[schemars(range(min = 1, max = 100))]
    pub limit: Option<u64>,
    /// How many to skip.
    pub offset: Option<u64>,
    /// Every item (ignores limit, offset).
    pub all: Option<bool>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CreatePlaylistParams {
    /// Title of the new playlist.
    #[schemars(length(min = 1, max = 200))]
    pub title: String,
    /// Description.
    #[schemars(length(max = 2000))]
    pub description: Option<String>,
    /// Public (default: playlist_public preference).
    pub public: Option<bool>,
    /// Track ids or URLs, in order.
    #[schemars(length(max = 5000))]
    pub track_ids: Option<Vec<String>>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdatePlaylistParams {
    /// Playlist id or URL.
    pub playlist_id: String,
    /// New title.
    #[schemars(length(min = 1, max = 200))]
    pub title: Option<String>,
    /// New description.
    #[schemars(length(max = 2000))]
    pub description: Option<String>,
    /// Public (true) or private (false).
    pub public: Option<bool>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PlaylistIdParams {
    /// Playlist id or URL.
    pub playlist_id: String,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AddToPlaylistParams {
    /// Playlist id or URL.
    pub playlist_id: String,
    /// Track ids or URLs, in order.
    #[schemars(length(min = 1, max = 5000))]
    pub track_ids: Vec<String>,
    /// 0-based position (default: the end).
    pub position: Option<u64>,
    /// Add tracks already there again (default false).
    pub allow_duplicates: Option<bool>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RemoveFromPlaylistParams {
    /// Playlist id or URL.
    pub playlist_id: String,
    /// 0-based positions (get_playlist `index`).
    pub indices: Option<Vec<u64>>,
    /// Tracks to remove wherever they are.
    pub track_ids: Option<Vec<String>>,
    /// For 10 or more: set only after the user agreed, for a client that cannot ask them.
    pub confirm: Option<bool>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MoveInPlaylistParams {
    /// Playlist id or URL.
    pub playlist_id: String,
    /// 0-based positions to move.
    #[schemars(length(min = 1))]
    pub indices: Vec<u64>,
    /// Target 0-based position (counted before the move).
    pub to_index: u64,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DedupeParams {
    /// Playlist id or URL.
    pub playlist_id: String,
    /// Only report (default true).
    pub dry_run: Option<bool>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ExportParams {
    /// Playlist id or URL.
    pub playlist_id: String,
    /// Output format.
    pub format: ExportFormat,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct GetFavoritesParams {
    /// Kind.
    #[serde(rename = "type")]
    pub kind: FavoriteKind,
    /// Page size (default 50).
    #[schemars(range(min = 1, max = 1000))]
    pub limit: Option<u64>,
    /// How many to skip.
    pub offset: Option<u64>,
    /// Sort key (default DATE).
    pub order: Option<FavoriteOrder>,
    /// Sort direction (default DESC).
    pub direction: Option<Direction>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FavoritesChangeParams {
    /// Kind.
    #[serde(rename = "type")]
    pub kind: FavoriteKind,
    /// Ids or URLs.
    #[schemars(length(min = 1, max = 1000))]
    pub ids: Vec<String>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FavoritesRemoveParams {
    /// Kind.
    #[serde(rename = "type")]
    pub kind: FavoriteKind,
    /// Ids or URLs.
    #[schemars(length(min = 1, max = 1000))]
    pub ids: Vec<String>,
    /// For 10 or more: set only after the user agreed, for a client that cannot ask them.
    pub confirm: Option<bool>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MixParams {
    /// Mix id or URL.
    pub mix_id: String,
    /// How many tracks (default 50).
    #[schemars(range(min = 1, max = 200))]
    pub limit: Option<u64>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RecommendParams {
    /// Seed tracks.
    #[schemars(length(max = 20))]
    pub seed_track_ids: Option<Vec<String>>,
    /// Seed artists.
    #[schemars(length(max = 20))]
    pub seed_artist_ids: Option<Vec<String>>,
    /// Also seed from your latest favourites.
    pub from_favorites: Option<bool>,
    /// How many tracks (default 20).
    #[schemars(range(min = 1, max = 100))]
    pub limit: Option<u64>,
    /// Leave out your favourite tracks.
    pub exclude_favorites: Option<bool>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SetPreferencesParams {
    /// Preferences to change.
    pub changes: PreferenceChanges,
}

/// Preference changes. With `preferences.strict_schema = false` other keys are ignored rather
/// than refused, so the raw map is kept for the service to judge.
#[derive(Debug, Deserialize, Serialize, JsonSchema)]
pub struct PreferenceChanges {
    /// Default search results per type.
    #[schemars(range(min = 1, max = 50))]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub search_limit: Option<u64>,
    /// Leave explicit items out.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub explicit_filter: Option<bool>,
    /// New playlists are public.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub playlist_public: Option<bool>,
    /// Preferred audio quality.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub audio_quality: Option<AudioQuality>,
    /// Answer language (BCP 47).
    #[schemars(length(min = 2, max = 35))]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
    /// List items in full (ISRC, link, ...).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub list_details: Option<bool>,
    #[serde(flatten)]
    #[schemars(skip)]
    pub other: Map<String, Value>,
}

impl PreferenceChanges {
    /// The changes as a key -> value map, as the preference service takes them.
    pub fn into_map(self) -> Map<String, Value> {
        match serde_json::to_value(self) {
            Ok(Value::Object(m)) => m,
            _ => Map::new(),
        }
    }
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ToolsetsParams {
    /// Toolsets to turn on for this conversation (leave out to only list them).
    pub enable: Option<Vec<crate::config::Toolset>>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ImportParams {
    /// The list: ISRCs, a CSV with a header row (isrc, track_id, title, artist, duration
    /// columns; export_playlist's csv works), or an M3U.
    #[schemars(length(min = 1, max = 2_000_000))]
    pub content: String,
    /// Its format (default: recognised from the content).
    pub format: Option<crate::service::import::parse::ImportFormat>,
    /// Add to this playlist (id or URL).
    pub playlist_id: Option<String>,
    /// Or create a playlist with this title.
    pub new_playlist_title: Option<String>,
    /// Or add to your favourite tracks.
    pub to_favorites: Option<bool>,
    /// Only report what would be matched and added (default true).
    pub dry_run: Option<bool>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CopyPlaylistParams {
    /// The playlist to copy (id or URL).
    pub source_playlist_id: String,
    /// Add its tracks to this playlist (id or URL).
    pub playlist_id: Option<String>,
    /// Or to a new playlist with this title.
    pub new_playlist_title: Option<String>,
    /// Also add tracks the target has already (default false).
    pub allow_duplicates: Option<bool>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AddAlbumParams {
    /// Playlist id or URL.
    pub playlist_id: String,
    /// Album id or URL.
    pub album_id: String,
    /// Also add tracks the playlist has already (default false).
    pub allow_duplicates: Option<bool>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ReorderParams {
    /// Playlist id or URL.
    pub playlist_id: String,
    /// The new order: reverse, shuffle, or sorted by title, artist, album, duration, date
    /// added or BPM.
    pub order: crate::service::playlists::Order,
    /// Sort from the largest (default false).
    pub descending: Option<bool>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ListFoldersParams {
    /// Folder id or link (default: the top of your collection).
    pub folder_id: Option<String>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateFolderParams {
    /// Folder name.
    #[schemars(length(min = 1, max = 200))]
    pub name: String,
    /// The folder to create it in (default: the top).
    pub parent_id: Option<String>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RenameFolderParams {
    /// Folder id or link.
    pub folder_id: String,
    /// New name.
    #[schemars(length(min = 1, max = 200))]
    pub name: String,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MoveToFolderParams {
    /// Playlist ids or links.
    #[schemars(length(min = 1, max = 50))]
    pub playlist_ids: Vec<String>,
    /// Destination folder id or link (default: the top).
    pub folder_id: Option<String>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct HistoryParams {
    /// Tracks per history mix (default 20).
    #[schemars(range(min = 1, max = 100))]
    pub tracks_per_mix: Option<u64>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct NewReleasesParams {
    /// How many days back (default 30).
    #[schemars(range(min = 1, max = 365))]
    pub days: Option<u64>,
    /// How many followed artists to look at, most recently followed first (default 50).
    #[schemars(range(min = 1, max = 200))]
    pub max_artists: Option<u64>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct UpcParams {
    /// The UPC / EAN barcode (8 to 14 digits).
    #[schemars(length(min = 8, max = 14))]
    pub upc: String,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ArtistVideosParams {
    /// Artist id or URL.
    pub artist_id: String,
    /// How many (default 20).
    #[schemars(range(min = 1, max = 100))]
    pub limit: Option<u64>,
    /// How many to skip.
    pub offset: Option<u64>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AlbumIdParams {
    /// Album id or URL.
    pub album_id: String,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ArtworkParams {
    /// What the artwork is of.
    #[serde(rename = "type")]
    pub kind: crate::tidal::model::ArtKind,
    /// Its id or URL.
    pub id: String,
    /// Wanted width in pixels (default 640); the nearest size TIDAL has at least this wide.
    #[schemars(range(min = 1, max = 3000))]
    pub size: Option<u32>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct BrowseParams {
    /// home, explore, for_you, genres, moods, videos, or a link's `page` (pages/...).
    #[schemars(length(min = 1, max = 200))]
    pub page: String,
    /// Entries per row (default 10).
    #[schemars(range(min = 1, max = 50))]
    pub per_row: Option<u64>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SuggestParams {
    /// What the user typed so far.
    #[schemars(length(min = 1, max = 256))]
    pub query: String,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DestructiveParams {
    /// Playlist id or URL.
    pub playlist_id: String,
    /// Set only after the user agreed, for a client that cannot ask them (one that can is
    /// asked instead).
    pub confirm: Option<bool>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DeleteFolderParams {
    /// Folder id or link.
    pub folder_id: String,
    /// Set only after the user agreed, for a client that cannot ask them (one that can is
    /// asked instead).
    pub confirm: Option<bool>,
}
