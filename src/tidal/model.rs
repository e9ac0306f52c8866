//! Normalised TIDAL objects as tools return them, parsed leniently from the v1 wire format
//! (unknown fields ignored, nulls and missing fields tolerated, ids as strings whatever their
//! wire type; see docs/reference/tidal-api.md section 4 item 9).

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::Value;

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

/// TIDAL's `topHit` (`{"type": "ARTISTS", "value": {...}}`), or `None` for a kind this version
/// does not know.
pub fn parse_top_hit(v: &Value) -> Option<TopHit> {
    let value = v.get("value")?;
    let mut hit = TopHit {
        kind: SearchType::Tracks,
        track: None,
        album: None,
        artist: None,
        playlist: None,
        video: None,
    };
    match v.get("type")?.as_str()? {
        "TRACKS" => hit.track = Some(parse_track(value)?),
        "ALBUMS" => {
            hit.kind = SearchType::Albums;
            hit.album = Some(parse_album(value)?);
        }
        "ARTISTS" => {
            hit.kind = SearchType::Artists;
            hit.artist = Some(parse_artist(value)?);
        }
        "PLAYLISTS" => {
            hit.kind = SearchType::Playlists;
            hit.playlist = Some(parse_playlist(value)?);
        }
        "VIDEOS" => {
            hit.kind = SearchType::Videos;
            hit.video = Some(parse_track(value)?);
        }
        _ => return None,
    }
    Some(hit)
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

fn s(v: &Value, k: &str) -> Option<String> {
    v.get(k)
        .and_then(|x| x.as_str())
        .filter(|x| !x.is_empty())
        .map(str::to_string)
}

fn u(v: &Value, k: &str) -> Option<u64> {
    v.get(k)
        .and_then(|x| x.as_u64().or_else(|| x.as_f64().map(|f| f as u64)))
}

fn artists(v: &Value) -> Vec<ArtistRef> {
    let mut out: Vec<ArtistRef> = v
        .get("artists")
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(|x| {
                    Some(ArtistRef {
                        id: id_of(x.get("id")?)?,
                        name: s(x, "name").unwrap_or_default(),
                    })
                })
                .collect()
        })
        .unwrap_or_default();
    if out.is_empty()
        && let Some(a) = v.get("artist").filter(|a| a.is_object())
        && let Some(id) = a.get("id").and_then(id_of)
    {
        out.push(ArtistRef {
            id,
            name: s(a, "name").unwrap_or_default(),
        });
    }
    out
}

pub fn parse_track(v: &Value) -> Option<Track> {
    let id = id_of(v.get("id")?)?;
    let album = v.get("album").filter(|a| a.is_object()).and_then(|a| {
        Some(AlbumRef {
            id: id_of(a.get("id")?)?,
            title: s(a, "title").unwrap_or_default(),
        })
    });
    Some(Track {
        url: format!("https://tidal.com/browse/track/{id}"),
        title: s(v, "title").unwrap_or_default(),
        version: s(v, "version"),
        artists: artists(v),
        album,
        duration_s: u(v, "duration").unwrap_or(0),
        explicit: v.get("explicit").and_then(Value::as_bool).unwrap_or(false),
        isrc: s(v, "isrc"),
        audio_quality: s(v, "audioQuality"),
        popularity: v.get("popularity").and_then(Value::as_i64),
        track_number: u(v, "trackNumber"),
        available: v
            .get("streamReady")
            .and_then(Value::as_bool)
            .unwrap_or(true)
            && v.get("allowStreaming")
                .and_then(Value::as_bool)
                .unwrap_or(true),
        id,
    })
}

pub fn parse_album(v: &Value) -> Option<Album> {
    let id = id_of(v.get("id")?)?;
    Some(Album {
        url: format!("https://tidal.com/browse/album/{id}"),
        title: s(v, "title").unwrap_or_default(),
        artists: artists(v),
        release_date: s(v, "releaseDate"),
        number_of_tracks: u(v, "numberOfTracks"),
        duration_s: u(v, "duration"),
        explicit: v.get("explicit").and_then(Value::as_bool).unwrap_or(false),
        album_type: s(v, "type"),
        upc: s(v, "upc"),
        audio_quality: s(v, "audioQuality"),
        id,
    })
}

pub fn parse_artist(v: &Value) -> Option<Artist> {
    let id = id_of(v.get("id")?)?;
    Some(Artist {
        url: format!("https://tidal.com/browse/artist/{id}"),
        name: s(v, "name").unwrap_or_default(),
        popularity: v.get("popularity").and_then(Value::as_i64),
        id,
    })
}

pub fn parse_playlist(v: &Value) -> Option<Playlist> {
    let id = v
        .get("uuid")
        .and_then(id_of)
        .or_else(|| v.get("id").and_then(id_of))?;
    Some(Playlist {
        url: format!("https://tidal.com/browse/playlist/{id}"),
        title: s(v, "title").unwrap_or_default(),
        description: s(v, "description"),
        number_of_tracks: u(v, "numberOfTracks"),
        duration_s: u(v, "duration"),
        public: v.get("publicPlaylist").and_then(Value::as_bool),
        creator_id: v.get("creator").and_then(|c| c.get("id")).and_then(id_of),
        playlist_type: s(v, "type"),
        last_updated: s(v, "lastUpdated"),
        id,
    })
}

pub fn parse_mix(v: &Value) -> Option<Mix> {
    Some(Mix {
        id: id_of(v.get("id")?)?,
        title: s(v, "title").unwrap_or_default(),
        subtitle: s(v, "subTitle").or_else(|| s(v, "subtitle")),
        mix_type: s(v, "mixType"),
    })
}

pub fn parse_lyrics(track_id: &str, v: &Value) -> Lyrics {
    Lyrics {
        track_id: track_id.to_string(),
        text: s(v, "lyrics"),
        synced: s(v, "subtitles"),
        provider: s(v, "lyricsProvider"),
    }
}

/// The `item` of a wrapped list entry (`{item, type}` or `{created, item}`), or the entry itself.
pub fn unwrap_item(v: &Value) -> &Value {
    v.get("item").filter(|i| i.is_object()).unwrap_or(v)
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
        "playlist" => (
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
    use serde_json::json;

    #[test]
    fn lenient_track_parsing() {
        let t = parse_track(&json!({
            "id": 35132878, "title": "Test Drive", "duration": 156, "version": null,
            "artist": {"id": 55092, "name": "Some Composer"},
            "album": {"id": 35132867, "title": "Soundtrack"},
            "audioQuality": "LOSSLESS", "isrc": "US3M51001211", "newField": {"x": 1}, "explicit": null
        }))
        .unwrap();
        assert_eq!(t.id, "35132878");
        assert_eq!(
            t.artists,
            vec![ArtistRef {
                id: "55092".into(),
                name: "Some Composer".into()
            }]
        );
        assert_eq!(t.album.unwrap().id, "35132867");
        assert!(!t.explicit);
        assert!(parse_track(&json!({"title": "no id"})).is_none());
    }

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
