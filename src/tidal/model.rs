//! Normalised TIDAL objects as tools return them, whichever API they came from (each backend
//! reads its own wire format into them: `v1/parse.rs`, `official/document.rs`), and the ids
//! and URLs a person gives for them.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::Value;

mod art;
mod browse;
mod library;

pub use art::{ArtKind, Artwork, Image, resource_image};
pub use browse::{EntryKind, PageEntry, PageRow, PageView, Suggestions};
pub use library::{Folder, FolderContents, Profile, ROOT_FOLDER};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct ArtistRef {
    /// Artist id.
    pub id: String,
    /// Artist name.
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct AlbumRef {
    /// Album id.
    pub id: String,
    /// Album title.
    pub title: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Track {
    /// Track id.
    pub id: String,
    /// Title.
    pub title: String,
    /// Version, e.g. "Remastered 2011".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    /// Artists, main artist first.
    pub artists: Vec<ArtistRef>,
    /// The album it is on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub album: Option<AlbumRef>,
    /// Length in seconds.
    pub duration_s: u64,
    /// Marked explicit.
    pub explicit: bool,
    /// ISRC of the recording.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub isrc: Option<String>,
    /// Best quality TIDAL has (LOW, HIGH, LOSSLESS, HI_RES_LOSSLESS).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub audio_quality: Option<String>,
    /// Popularity, 0-100.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub popularity: Option<i64>,
    /// Position on its album.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub track_number: Option<u64>,
    /// False when TIDAL says it cannot be streamed (e.g. not in your country).
    pub available: bool,
    /// Tempo in beats per minute, where TIDAL knows it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bpm: Option<f64>,
    /// Musical key (C, CSharp, D, Eb, E, F, FSharp, G, Ab, A, Bb, B), where TIDAL knows it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key: Option<String>,
    /// The key's scale (MAJOR, MINOR, DORIAN, ...).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key_scale: Option<String>,
    /// Tone tags TIDAL gives the track (moods such as "Happy"; the official API's only).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tone_tags: Vec<String>,
    /// TIDAL link.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub url: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Album {
    /// Album id.
    pub id: String,
    /// Title.
    pub title: String,
    /// Artists, main artist first.
    pub artists: Vec<ArtistRef>,
    /// Release date (YYYY-MM-DD).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub release_date: Option<String>,
    /// Number of tracks.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub number_of_tracks: Option<u64>,
    /// Length in seconds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duration_s: Option<u64>,
    /// Marked explicit.
    pub explicit: bool,
    /// ALBUM, EP or SINGLE.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub album_type: Option<String>,
    /// UPC barcode.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub upc: Option<String>,
    /// Best quality TIDAL has.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub audio_quality: Option<String>,
    /// TIDAL link.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub url: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Artist {
    /// Artist id.
    pub id: String,
    /// Name.
    pub name: String,
    /// Popularity, 0-100.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub popularity: Option<i64>,
    /// TIDAL link.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub url: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Playlist {
    /// Playlist id (UUID).
    pub id: String,
    /// Title.
    pub title: String,
    /// Description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Number of items.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub number_of_tracks: Option<u64>,
    /// Length in seconds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duration_s: Option<u64>,
    /// Whether others can see it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub public: Option<bool>,
    /// User id of its creator (absent for TIDAL editorial playlists).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub creator_id: Option<String>,
    /// USER, EDITORIAL, ...
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub playlist_type: Option<String>,
    /// When it last changed (ISO 8601).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_updated: Option<String>,
    /// TIDAL link.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub url: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Mix {
    /// Mix id.
    pub id: String,
    /// Title.
    pub title: String,
    /// Subtitle (often the artists in it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subtitle: Option<String>,
    /// Kind of mix, e.g. DISCOVERY_MIX.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mix_type: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Lyrics {
    /// The track.
    pub track_id: String,
    /// Plain lyrics.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    /// LRC-style timed lines, when TIDAL has them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub synced: Option<String>,
    /// Who provides them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provider: Option<String>,
}

/// One entry of a playlist, with its 0-based position.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct PlaylistItem {
    /// 0-based position in the playlist.
    pub index: u64,
    /// `track` or `video`.
    pub kind: String,
    /// The track (or video).
    pub track: Track,
    /// When it was added to the playlist (ISO 8601), where TIDAL says.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub added_at: Option<String>,
}

/// A kind of catalogue object that search returns, as TIDAL names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum SearchType {
    Tracks,
    Albums,
    Artists,
    Playlists,
    Videos,
}

impl SearchType {
    pub const ALL: [SearchType; 5] = [
        SearchType::Artists,
        SearchType::Albums,
        SearchType::Tracks,
        SearchType::Videos,
        SearchType::Playlists,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            SearchType::Tracks => "tracks",
            SearchType::Albums => "albums",
            SearchType::Artists => "artists",
            SearchType::Playlists => "playlists",
            SearchType::Videos => "videos",
        }
    }
}

/// A kind of favourite, as tools and TIDAL name it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum FavoriteKind {
    Tracks,
    Albums,
    Artists,
    Playlists,
    Videos,
    Mixes,
}

impl FavoriteKind {
    pub const ALL: [FavoriteKind; 6] = [
        FavoriteKind::Tracks,
        FavoriteKind::Albums,
        FavoriteKind::Artists,
        FavoriteKind::Playlists,
        FavoriteKind::Videos,
        FavoriteKind::Mixes,
    ];

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
}

/// What a search found, one page per kind (an empty page for a kind not asked for).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct SearchResult {
    /// Matching tracks.
    pub tracks: Page<Track>,
    /// Matching albums.
    pub albums: Page<Album>,
    /// Matching artists.
    pub artists: Page<Artist>,
    /// Matching playlists.
    pub playlists: Page<Playlist>,
    /// Matching videos.
    pub videos: Page<Track>,
    /// TIDAL's best match, if it named one (and it passes your explicit filter).
    pub top_hit: Option<TopHit>,
}

/// The best match of a search, normalised like every other item: exactly one of the object
/// fields is set, the one `type` names.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct TopHit {
    /// Which kind of object the best match is.
    #[serde(rename = "type")]
    pub kind: SearchType,
    /// The track, when `type` is tracks.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub track: Option<Track>,
    /// The album, when `type` is albums.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub album: Option<Album>,
    /// The artist, when `type` is artists.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub artist: Option<Artist>,
    /// The playlist, when `type` is playlists.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub playlist: Option<Playlist>,
    /// The video, when `type` is videos.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub video: Option<Track>,
}

impl TopHit {
    /// Whether the hit is marked explicit (tracks, albums and videos can be).
    pub fn explicit(&self) -> bool {
        self.track.as_ref().is_some_and(|t| t.explicit)
            || self.video.as_ref().is_some_and(|t| t.explicit)
            || self.album.as_ref().is_some_and(|a| a.explicit)
    }
}

/// A page of a longer list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Page<T> {
    /// The items of this page.
    pub items: Vec<T>,
    /// Items skipped before this page.
    pub offset: u64,
    /// Page size.
    pub limit: u64,
    /// How many there are in all.
    pub total: u64,
}

/// An artist's biography.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct ArtistBio {
    /// The artist.
    pub artist_id: String,
    /// The biography, as plain text (TIDAL's links to other artists and albums kept as
    /// their names).
    pub text: String,
    /// Where TIDAL has it from (e.g. TiVo).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
}

/// An album's review.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct AlbumReview {
    /// The album.
    pub album_id: String,
    /// The review, as plain text (TIDAL's links kept as their names).
    pub text: String,
    /// Where TIDAL has it from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
}

impl AlbumReview {
    pub fn new(album_id: &str, text: &str, source: Option<String>) -> AlbumReview {
        AlbumReview {
            album_id: album_id.to_string(),
            text: plain_text(text),
            source: source.filter(|s| !s.is_empty()),
        }
    }
}

impl ArtistBio {
    /// A biography from TIDAL's text, its `[wimpLink ...]Name[/wimpLink]` markup read as
    /// the names.
    pub fn new(artist_id: &str, text: &str, source: Option<String>) -> ArtistBio {
        ArtistBio {
            artist_id: artist_id.to_string(),
            text: plain_text(text),
            source: source.filter(|s| !s.is_empty()),
        }
    }
}

/// TIDAL's editorial text with its `[wimpLink ...]Name[/wimpLink]` markup read as the names.
fn plain_text(text: &str) -> String {
    let mut plain = String::new();
    let mut rest = text;
    while let Some(start) = rest.find("[wimpLink") {
        plain.push_str(&rest[..start]);
        let after = &rest[start..];
        match after.find(']') {
            Some(end) => rest = &after[end + 1..],
            None => {
                rest = "";
                break;
            }
        }
    }
    plain.push_str(rest);
    plain.replace("[/wimpLink]", "").trim().to_string()
}

/// A known key or scale: TIDAL writes `UNKNOWN` (or nothing) where it does not know.
pub fn known(v: Option<String>) -> Option<String> {
    v.filter(|k| !k.is_empty() && k != "UNKNOWN")
}

/// A tempo TIDAL knows (it writes 0 where it does not).
pub fn known_bpm(v: Option<f64>) -> Option<f64> {
    v.filter(|b| *b > 0.0)
}

impl Track {
    /// The artists' names joined with `sep` ("A, B").
    pub fn artist_names(&self, sep: &str) -> String {
        self.artists
            .iter()
            .map(|a| a.name.as_str())
            .collect::<Vec<_>>()
            .join(sep)
    }
}

pub fn id_of(v: &Value) -> Option<String> {
    match v {
        Value::String(s) if !s.is_empty() => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// Accepts TIDAL URLs (`https://tidal.com/browse/track/123`, `listen.tidal.com/album/1`,
/// `tidal://track/1`) as well as bare ids; `kind` is the expected path segment. The id is checked
/// for its kind's shape (digits for tracks, albums, artists and videos; a UUID for playlists;
/// letters and digits for mixes), so a malformed one never reaches TIDAL.
pub fn parse_id(input: &str, kind: &str) -> Result<String, String> {
    let t = input.trim();
    if t.is_empty() {
        return Err(format!("the {kind} id is empty"));
    }
    let id = if t.contains('/') {
        let parts: Vec<&str> = t.split(['/', '?', '#']).filter(|p| !p.is_empty()).collect();
        match parts.iter().position(|p| *p == kind) {
            Some(i) if i + 1 < parts.len() => parts[i + 1],
            _ => {
                return Err(format!(
                    "`{t}` is not a TIDAL {kind} link (expected https://tidal.com/browse/{kind}/<id>)"
                ));
            }
        }
    } else {
        t
    };
    let (ok, shape) = match kind {
        "folder" if id == ROOT_FOLDER => (true, ""),
        "playlist" | "folder" => (
            is_uuid(id),
            "a UUID such as 3c08a484-5b03-4719-953f-46018772af42",
        ),
        "mix" => (
            id.len() <= 64 && id.chars().all(|c| c.is_ascii_alphanumeric()),
            "letters and digits",
        ),
        _ => (
            id.len() <= 20 && id.chars().all(|c| c.is_ascii_digit()),
            "digits only",
        ),
    };
    if ok {
        Ok(id.to_string())
    } else {
        Err(format!(
            "`{id}` is not a valid {kind} id ({shape}); give a {kind} id or a TIDAL {kind} URL"
        ))
    }
}

fn is_uuid(s: &str) -> bool {
    let groups: Vec<&str> = s.split('-').collect();
    groups.iter().map(|g| g.len()).eq([8, 4, 4, 4, 12])
        && groups
            .iter()
            .all(|g| g.chars().all(|c| c.is_ascii_hexdigit()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_and_urls() {
        assert_eq!(parse_id("123", "track").unwrap(), "123");
        assert_eq!(
            parse_id("https://tidal.com/browse/track/123", "track").unwrap(),
            "123"
        );
        assert_eq!(
            parse_id("https://listen.tidal.com/album/77?u", "album").unwrap(),
            "77"
        );
        assert_eq!(
            parse_id(
                "https://tidal.com/browse/playlist/3c08a484-5b03-4719-953f-46018772af42",
                "playlist"
            )
            .unwrap(),
            "3c08a484-5b03-4719-953f-46018772af42"
        );
        assert!(parse_id("https://tidal.com/browse/album/1", "track").is_err());
        assert!(parse_id("1; DROP", "track").is_err());
        assert!(parse_id("abc", "track").is_err());
        assert!(parse_id("not-a-uuid", "playlist").is_err());
        assert_eq!(parse_id("mix001", "mix").unwrap(), "mix001");
        assert!(parse_id("", "track").is_err());
    }
}
