//! Reading the official API's JSON:API documents into the normalised objects: `included`
//! resolved by type and id, relationships read only where the request included them (a resource
//! carries just the relationships its `include` named), unknown attributes, relationships and
//! types ignored, ISO 8601 durations, and media tags spelled as v1 spells audio quality.

use std::collections::HashMap;

use serde_json::Value;

use crate::tidal::model::{
    Album, AlbumRef, Artist, ArtistRef, Mix, Playlist, Track, known, known_bpm,
};

/// A document's `included` resources, by (type, id).
#[derive(Default)]
pub(super) struct Included(HashMap<(String, String), Value>);

impl Included {
    pub(super) fn of(doc: &Value) -> Included {
        let mut inc = Included::default();
        inc.add(doc);
        inc
    }
    /// Adds a page's `included` (a resource reached twice keeps the relationships of both).
    pub(super) fn add(&mut self, doc: &Value) {
        for r in doc["included"].as_array().into_iter().flatten() {
            if let (Some(t), Some(id)) = (r["type"].as_str(), r["id"].as_str()) {
                let key = (t.to_string(), id.to_string());
                match self.0.get_mut(&key) {
                    Some(old) => {
                        if let Some(rels) = r["relationships"].as_object() {
                            for (k, v) in rels {
                                old["relationships"][k] = v.clone();
                            }
                        }
                    }
                    None => {
                        self.0.insert(key, r.clone());
                    }
                }
            }
        }
    }
    pub(super) fn get(&self, ident: &Value) -> Option<&Value> {
        self.0.get(&(
            ident["type"].as_str()?.to_string(),
            ident["id"].as_str()?.to_string(),
        ))
    }
}

/// The resource identifiers of a relationship (one or many).
pub(super) fn related<'a>(res: &'a Value, rel: &str) -> Vec<&'a Value> {
    match &res["relationships"][rel]["data"] {
        Value::Array(a) => a.iter().collect(),
        v @ Value::Object(_) => vec![v],
        _ => Vec::new(),
    }
}

/// The cursor of a relationship's or a document's next page: `links.meta.nextCursor`, else the
/// `page[cursor]` of `links.next`.
pub(super) fn next_cursor(links: &Value) -> Option<String> {
    if let Some(c) = links["meta"]["nextCursor"]
        .as_str()
        .filter(|c| !c.is_empty())
    {
        return Some(c.to_string());
    }
    let next = links["next"].as_str().filter(|n| !n.is_empty())?;
    let query = next.split_once('?')?.1;
    url::form_urlencoded::parse(query.as_bytes())
        .find(|(k, _)| k == "page[cursor]")
        .map(|(_, v)| v.into_owned())
}

fn attr_s(res: &Value, k: &str) -> Option<String> {
    res["attributes"][k]
        .as_str()
        .filter(|s| !s.is_empty())
        .map(str::to_string)
}

/// ISO 8601 durations as TIDAL writes them (`PT4M44S`, `PT1H2M`, `P1DT2H`), in seconds.
pub fn iso_duration(s: &str) -> Option<u64> {
    let rest = s.strip_prefix('P')?;
    let (days, time) = match rest.split_once('T') {
        Some((d, t)) => (d, t),
        None => (rest, ""),
    };
    let mut total = 0f64;
    let mut num = String::new();
    for (part, is_time) in [(days, false), (time, true)] {
        for c in part.chars() {
            if c.is_ascii_digit() || c == '.' {
                num.push(c);
                continue;
            }
            let n: f64 = num.parse().ok()?;
            num.clear();
            total += n * match (c, is_time) {
                ('D', false) => 86_400.0,
                ('W', false) => 604_800.0,
                ('H', true) => 3_600.0,
                ('M', true) => 60.0,
                ('S', true) => 1.0,
                _ => return None,
            };
        }
    }
    num.is_empty().then_some(total.round() as u64)
}

/// The best audio quality among a resource's media tags, spelled as v1 spells `audioQuality`
/// (`HIRES_LOSSLESS` is v1's `HI_RES_LOSSLESS`); other tags (`DOLBY_ATMOS`, ...) are formats,
/// not qualities.
fn audio_quality(res: &Value) -> Option<String> {
    let tags: Vec<&str> = res["attributes"]["mediaTags"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .collect();
    [
        ("HIRES_LOSSLESS", "HI_RES_LOSSLESS"),
        ("LOSSLESS", "LOSSLESS"),
        ("HIGH", "HIGH"),
        ("LOW", "LOW"),
    ]
    .iter()
    .find(|(tag, _)| tags.contains(tag))
    .map(|(_, v1)| v1.to_string())
}

/// Whether the track may be streamed on a subscription: its `usageRules` when included
/// (`availability` is deprecated in their favour); unknown counts as available.
fn streamable(res: &Value, inc: &Included) -> bool {
    related(res, "usageRules")
        .first()
        .and_then(|i| inc.get(i))
        .and_then(|rules| rules["attributes"]["subscription"].as_array())
        .is_none_or(|uses| uses.iter().any(|u| u == "STREAM"))
}

fn artist_refs(res: &Value, inc: &Included) -> Vec<ArtistRef> {
    related(res, "artists")
        .into_iter()
        .filter_map(|ident| {
            Some(ArtistRef {
                id: ident["id"].as_str()?.to_string(),
                name: inc
                    .get(ident)
                    .and_then(|a| attr_s(a, "name"))
                    .unwrap_or_default(),
            })
        })
        .collect()
}

fn popularity(res: &Value) -> Option<i64> {
    res["attributes"]["popularity"]
        .as_f64()
        .map(|p| (p * 100.0).round() as i64)
}

pub(super) fn track(res: &Value, inc: &Included) -> Option<Track> {
    let id = res["id"].as_str()?.to_string();
    let album = related(res, "albums").first().and_then(|ident| {
        Some(AlbumRef {
            id: ident["id"].as_str()?.to_string(),
            title: inc
                .get(ident)
                .and_then(|a| attr_s(a, "title"))
                .unwrap_or_default(),
        })
    });
    let a = &res["attributes"];
    Some(Track {
        url: format!("https://tidal.com/browse/track/{id}"),
        title: attr_s(res, "title").unwrap_or_default(),
        version: attr_s(res, "version"),
        artists: artist_refs(res, inc),
        album,
        duration_s: a["duration"].as_str().and_then(iso_duration).unwrap_or(0),
        explicit: a["explicit"].as_bool().unwrap_or(false),
        isrc: attr_s(res, "isrc"),
        audio_quality: audio_quality(res),
        popularity: popularity(res),
        track_number: None,
        available: streamable(res, inc),
        bpm: known_bpm(a["bpm"].as_f64()),
        key: known(attr_s(res, "key")),
        key_scale: known(attr_s(res, "keyScale")),
        tone_tags: a["toneTags"]
            .as_array()
            .map(|t| {
                t.iter()
                    .filter_map(|x| x.as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default(),
        id,
    })
}

/// A video, in the track shape v1's video favourites have.
pub(super) fn video(res: &Value, inc: &Included) -> Option<Track> {
    let mut t = track(res, inc)?;
    t.url = format!("https://tidal.com/browse/video/{}", t.id);
    Some(t)
}

pub(super) fn album(res: &Value, inc: &Included) -> Option<Album> {
    let id = res["id"].as_str()?.to_string();
    let a = &res["attributes"];
    Some(Album {
        url: format!("https://tidal.com/browse/album/{id}"),
        title: attr_s(res, "title").unwrap_or_default(),
        artists: artist_refs(res, inc),
        release_date: attr_s(res, "releaseDate"),
        number_of_tracks: a["numberOfItems"].as_u64(),
        duration_s: a["duration"].as_str().and_then(iso_duration),
        explicit: a["explicit"].as_bool().unwrap_or(false),
        album_type: attr_s(res, "albumType"),
        upc: attr_s(res, "barcodeId"),
        audio_quality: audio_quality(res),
        id,
    })
}

pub(super) fn artist(res: &Value) -> Option<Artist> {
    let id = res["id"].as_str()?.to_string();
    Some(Artist {
        url: format!("https://tidal.com/browse/artist/{id}"),
        name: attr_s(res, "name").unwrap_or_default(),
        popularity: popularity(res),
        id,
    })
}

pub(super) fn playlist(res: &Value) -> Option<Playlist> {
    let id = res["id"].as_str()?.to_string();
    let a = &res["attributes"];
    Some(Playlist {
        url: format!("https://tidal.com/browse/playlist/{id}"),
        title: attr_s(res, "name").unwrap_or_default(),
        description: attr_s(res, "description"),
        number_of_tracks: a["numberOfItems"].as_u64(),
        duration_s: a["duration"].as_str().and_then(iso_duration),
        public: a["accessType"].as_str().map(|t| t == "PUBLIC"),
        creator_id: related(res, "owners")
            .first()
            .and_then(|o| o["id"].as_str().map(str::to_string)),
        playlist_type: attr_s(res, "playlistType"),
        last_updated: attr_s(res, "lastModifiedAt"),
        id,
    })
}

/// A mix: on the official API a playlist of type MIX.
pub(super) fn mix(res: &Value, mix_type: &str) -> Option<Mix> {
    Some(Mix {
        id: res["id"].as_str()?.to_string(),
        title: attr_s(res, "name").unwrap_or_default(),
        subtitle: attr_s(res, "description"),
        mix_type: Some(mix_type.to_string()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn iso_8601_durations() {
        assert_eq!(iso_duration("PT4M44S"), Some(284));
        assert_eq!(iso_duration("PT1H2M3S"), Some(3723));
        assert_eq!(iso_duration("PT45.6S"), Some(46));
        assert_eq!(iso_duration("P1DT1S"), Some(86_401));
        assert_eq!(iso_duration("PT"), Some(0));
        assert_eq!(iso_duration("4:44"), None);
        assert_eq!(iso_duration("PT4X"), None);
    }

    #[test]
    fn documents_are_read_leniently_with_included_resolved() {
        let doc = json!({
            "data": {"id": "75413016", "type": "tracks",
                "attributes": {"title": "4:44", "isrc": "QMJMT1701237", "duration": "PT4M44S",
                    "explicit": true, "popularity": 0.777, "newThing": {"x": 1},
                    "mediaTags": ["DOLBY_ATMOS", "LOSSLESS", "HIRES_LOSSLESS"]},
                "relationships": {
                    "albums": {"data": [{"id": "75413011", "type": "albums"}]},
                    "artists": {"data": [{"id": "7", "type": "artists"}]},
                    "usageRules": {"data": {"id": "u1", "type": "usageRules"}},
                    "somethingNew": {"data": [{"id": "1", "type": "unknownType"}]}}},
            "included": [
                {"id": "75413011", "type": "albums", "attributes": {"title": "4:44"}},
                {"id": "7", "type": "artists", "attributes": {"name": "JAY-Z"}},
                {"id": "u1", "type": "usageRules", "attributes": {"countryCode": "DE", "subscription": ["DJ"]}}]
        });
        let t = track(&doc["data"], &Included::of(&doc)).unwrap();
        assert_eq!(t.duration_s, 284);
        assert_eq!(t.popularity, Some(78));
        assert_eq!(t.album.unwrap().title, "4:44");
        assert_eq!(t.artists[0].name, "JAY-Z");
        assert_eq!(t.audio_quality.as_deref(), Some("HI_RES_LOSSLESS"));
        assert!(t.explicit && !t.available, "no STREAM in the usage rules");
    }

    #[test]
    fn the_next_cursor_comes_from_meta_or_from_the_next_link() {
        assert_eq!(
            next_cursor(&json!({"meta": {"nextCursor": "abc="}})).as_deref(),
            Some("abc=")
        );
        assert_eq!(
            next_cursor(&json!({"next": "/playlists/x/relationships/items?page[cursor]=b%3D"}))
                .as_deref(),
            Some("b=")
        );
        assert_eq!(next_cursor(&json!({"self": "/x"})), None);
    }
}
