//! The v1 wire format read into the normalised model, leniently: unknown fields ignored, nulls
//! and missing fields tolerated, ids as strings whatever their wire type (docs/reference/
//! tidal-api.md section 4 item 9).

use serde_json::Value;

use crate::tidal::model::*;

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
        bpm: known_bpm(v.get("bpm").and_then(Value::as_f64)),
        key: known(s(v, "key")),
        key_scale: known(s(v, "keyScale")),
        tone_tags: Vec::new(),
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
}
