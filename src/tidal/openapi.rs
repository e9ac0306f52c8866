//! TIDAL's official API (`openapi.tidal.com/v2`, JSON:API) for sessions from a browser (PKCE)
//! login: the same normalised objects as the v1 client, from JSON:API documents read leniently
//! (unknown attributes and relationship types ignored, `included` resolved by type and id),
//! whole lists by following every `links.next`, ISO 8601 durations, writes as JSON:API
//! documents of at most 50 items with an `Idempotency-Key` each (so a write sent again after a
//! lost answer lands once). What the official API cannot serve yet says so
//! ([`TidalError::NotOnOfficialApi`]).

use std::collections::HashMap;

use reqwest::Method;
use serde_json::{Value, json};

use super::api::{FavoriteKind, SearchResult};
use super::model::{Album, Artist, Track};
use super::model::{
    AlbumRef, ArtistRef, Lyrics, Mix, Page, Playlist, PlaylistItem, SearchType, TopHit,
};
use super::{Call, TidalClient, TidalError};
use crate::vault::Api;

/// Most items a list-write carries (the API's own bound).
const WRITE_CHUNK: usize = 50;

/// A JSON:API document's `included` resources, by (type, id).
struct Included(HashMap<(String, String), Value>);

impl Included {
    fn of(doc: &Value) -> Included {
        let mut map = HashMap::new();
        for r in doc["included"].as_array().into_iter().flatten() {
            if let (Some(t), Some(id)) = (r["type"].as_str(), r["id"].as_str()) {
                map.insert((t.to_string(), id.to_string()), r.clone());
            }
        }
        Included(map)
    }
    fn extend(&mut self, other: Included) {
        self.0.extend(other.0);
    }
    fn get(&self, ident: &Value) -> Option<&Value> {
        self.0.get(&(
            ident["type"].as_str()?.to_string(),
            ident["id"].as_str()?.to_string(),
        ))
    }
}

/// The resource identifiers of a relationship (one or many).
fn related<'a>(res: &'a Value, rel: &str) -> Vec<&'a Value> {
    match &res["relationships"][rel]["data"] {
        Value::Array(a) => a.iter().collect(),
        v @ Value::Object(_) => vec![v],
        _ => Vec::new(),
    }
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

fn track(res: &Value, inc: &Included) -> Option<Track> {
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
        audio_quality: a["mediaTags"]
            .as_array()
            .and_then(|t| t.iter().find_map(Value::as_str))
            .map(str::to_string),
        popularity: popularity(res),
        track_number: None,
        available: a["availability"]
            .as_array()
            .is_none_or(|v| v.iter().any(|x| x == "STREAM")),
        id,
    })
}

fn album(res: &Value, inc: &Included) -> Option<Album> {
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
        audio_quality: None,
        id,
    })
}

fn artist(res: &Value) -> Option<Artist> {
    let id = res["id"].as_str()?.to_string();
    Some(Artist {
        url: format!("https://tidal.com/browse/artist/{id}"),
        name: attr_s(res, "name").unwrap_or_default(),
        popularity: popularity(res),
        id,
    })
}

fn playlist(res: &Value) -> Option<Playlist> {
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

fn page_of<T>(items: Vec<T>, offset: u64, total: u64) -> Page<T> {
    Page {
        limit: items.len() as u64,
        items,
        offset,
        total,
    }
}

impl TidalClient {
    /// Whether the active session is for the official API.
    pub(crate) fn official(&self) -> bool {
        self.session().is_some_and(|s| s.api == Api::Official)
    }

    fn v2(&self, path: &str, endpoint: &'static str) -> Call {
        Call::get(self.openapi(path), endpoint).jsonapi()
    }

    /// One document.
    async fn v2_doc(&self, call: Call) -> Result<Value, TidalError> {
        Ok(self.send(&call).await?.body)
    }

    /// Follows `links.next` from `first`, collecting the primary data (up to `max` resources)
    /// and everything included.
    async fn v2_all(&self, first: Call, max: u64) -> Result<(Vec<Value>, Included), TidalError> {
        let endpoint = first.endpoint;
        let mut call = first;
        let mut data = Vec::new();
        let mut inc = Included(HashMap::new());
        loop {
            let doc = self.v2_doc(call).await?;
            inc.extend(Included::of(&doc));
            match &doc["data"] {
                Value::Array(a) => data.extend(a.iter().cloned()),
                v @ Value::Object(_) => data.push(v.clone()),
                _ => {}
            }
            if data.len() as u64 >= max {
                data.truncate(max as usize);
                break;
            }
            let Some(next) = doc["links"]["next"].as_str().filter(|n| !n.is_empty()) else {
                break;
            };
            // `next` is relative to the API's base (or absolute).
            let url = if next.starts_with("http") {
                next.to_string()
            } else {
                self.openapi(next)
            };
            call = Call::get(url, endpoint).jsonapi();
        }
        self.resolve_related(&data, &mut inc).await?;
        Ok((data, inc))
    }

    /// The official API includes one level only (`include=items`, not `items.artists`): the
    /// artists and albums the included tracks and albums name are fetched by id, 20 at a time,
    /// so every track carries its artists' names and its album's title.
    async fn resolve_related(&self, data: &[Value], inc: &mut Included) -> Result<(), TidalError> {
        let mut missing: std::collections::BTreeMap<&'static str, Vec<String>> = Default::default();
        let resources: Vec<Value> = data
            .iter()
            .map(|d| inc.get(d).cloned().unwrap_or_else(|| d.clone()))
            .collect();
        for r in &resources {
            for (rel, kind) in [("artists", "artists"), ("albums", "albums")] {
                for ident in related(r, rel) {
                    if inc.get(ident).is_none()
                        && let Some(id) = ident["id"].as_str()
                    {
                        let list = missing.entry(kind).or_default();
                        if !list.iter().any(|x| x == id) {
                            list.push(id.to_string());
                        }
                    }
                }
            }
        }
        for (kind, ids) in missing {
            for chunk in ids.chunks(20) {
                let endpoint = if kind == "artists" {
                    "/v2/artists"
                } else {
                    "/v2/albums"
                };
                let call = self
                    .v2(&format!("/{kind}"), endpoint)
                    .q("filter[id]", chunk.join(","));
                let doc = self.v2_doc(call).await?;
                for r in doc["data"].as_array().into_iter().flatten() {
                    if let (Some(t), Some(id)) = (r["type"].as_str(), r["id"].as_str()) {
                        inc.0.insert((t.to_string(), id.to_string()), r.clone());
                    }
                }
            }
        }
        Ok(())
    }

    pub(crate) async fn v2_validate(&self) -> Result<Value, TidalError> {
        self.v2_doc(self.v2("/users/me", "/v2/users/me")).await
    }

    pub(crate) async fn v2_search(
        &self,
        query: &str,
        types: &[SearchType],
        limit: u64,
    ) -> Result<SearchResult, TidalError> {
        let call = self
            .v2("/searchResults", "/v2/searchResults")
            .q("filter[query]", query)
            .q("include", "tracks,albums,artists,playlists,topHits");
        let doc = self.v2_doc(call).await?;
        let mut inc = Included::of(&doc);
        let res = &doc["data"];
        let found: Vec<Value> = ["tracks", "albums", "topHits"]
            .iter()
            .flat_map(|rel| related(res, rel))
            .cloned()
            .collect();
        self.resolve_related(&found, &mut inc).await?;
        let wanted = |t: SearchType| types.is_empty() || types.contains(&t);
        let take = |rel: &str| -> Vec<&Value> {
            related(res, rel)
                .into_iter()
                .filter_map(|i| inc.get(i))
                .take(limit as usize)
                .collect()
        };
        let tracks: Vec<Track> = if wanted(SearchType::Tracks) {
            take("tracks")
                .into_iter()
                .filter_map(|r| track(r, &inc))
                .collect()
        } else {
            Vec::new()
        };
        let albums: Vec<Album> = if wanted(SearchType::Albums) {
            take("albums")
                .into_iter()
                .filter_map(|r| album(r, &inc))
                .collect()
        } else {
            Vec::new()
        };
        let artists: Vec<Artist> = if wanted(SearchType::Artists) {
            take("artists").into_iter().filter_map(artist).collect()
        } else {
            Vec::new()
        };
        let playlists: Vec<Playlist> = if wanted(SearchType::Playlists) {
            take("playlists").into_iter().filter_map(playlist).collect()
        } else {
            Vec::new()
        };
        let top_hit = related(res, "topHits").first().and_then(|ident| {
            let r = inc.get(ident)?;
            let mut hit = TopHit {
                kind: SearchType::Tracks,
                track: None,
                album: None,
                artist: None,
                playlist: None,
                video: None,
            };
            match ident["type"].as_str()? {
                "tracks" => hit.track = Some(track(r, &inc)?),
                "albums" => {
                    hit.kind = SearchType::Albums;
                    hit.album = Some(album(r, &inc)?);
                }
                "artists" => {
                    hit.kind = SearchType::Artists;
                    hit.artist = Some(artist(r)?);
                }
                "playlists" => {
                    hit.kind = SearchType::Playlists;
                    hit.playlist = Some(playlist(r)?);
                }
                _ => return None,
            }
            Some(hit)
        });
        let n = |len: usize| len as u64;
        Ok(SearchResult {
            tracks: page_of(tracks.clone(), 0, n(tracks.len())),
            albums: page_of(albums.clone(), 0, n(albums.len())),
            artists: page_of(artists.clone(), 0, n(artists.len())),
            playlists: page_of(playlists.clone(), 0, n(playlists.len())),
            videos: page_of(Vec::new(), 0, 0),
            top_hit,
        })
    }

    pub(crate) async fn v2_track(&self, id: &str) -> Result<Track, TidalError> {
        let call = self
            .v2(&format!("/tracks/{id}"), "/v2/tracks/{id}")
            .q("include", "albums,artists");
        let doc = self.v2_doc(call).await?;
        track(&doc["data"], &Included::of(&doc))
            .ok_or_else(|| TidalError::Protocol("unexpected track document".into()))
    }

    pub(crate) async fn v2_tracks_by_isrc(&self, isrc: &str) -> Result<Vec<Track>, TidalError> {
        let call = self
            .v2("/tracks", "/v2/tracks")
            .q("filter[isrc]", isrc)
            .q("include", "albums,artists");
        let (data, inc) = self.v2_all(call, 100).await?;
        Ok(data.iter().filter_map(|r| track(r, &inc)).collect())
    }

    pub(crate) async fn v2_album(&self, id: &str) -> Result<Album, TidalError> {
        let call = self
            .v2(&format!("/albums/{id}"), "/v2/albums/{id}")
            .q("include", "artists");
        let doc = self.v2_doc(call).await?;
        album(&doc["data"], &Included::of(&doc))
            .ok_or_else(|| TidalError::Protocol("unexpected album document".into()))
    }

    pub(crate) async fn v2_album_tracks(
        &self,
        id: &str,
        max: u64,
    ) -> Result<Page<Track>, TidalError> {
        let call = self
            .v2(
                &format!("/albums/{id}/relationships/items"),
                "/v2/albums/{id}/relationships/items",
            )
            .q("include", "items");
        let (idents, inc) = self.v2_all(call, max).await?;
        let tracks: Vec<Track> = idents
            .iter()
            .filter(|i| i["type"] == "tracks")
            .filter_map(|i| inc.get(i).and_then(|r| track(r, &inc)))
            .collect();
        let total = tracks.len() as u64;
        Ok(page_of(tracks, 0, total))
    }

    pub(crate) async fn v2_artist(&self, id: &str) -> Result<Artist, TidalError> {
        let doc = self
            .v2_doc(self.v2(&format!("/artists/{id}"), "/v2/artists/{id}"))
            .await?;
        artist(&doc["data"])
            .ok_or_else(|| TidalError::Protocol("unexpected artist document".into()))
    }

    pub(crate) async fn v2_user_playlists(&self, max: u64) -> Result<Page<Playlist>, TidalError> {
        let call = self
            .v2("/playlists", "/v2/playlists")
            .q("filter[owners.id]", "me");
        let (data, _) = self.v2_all(call, max).await?;
        let lists: Vec<Playlist> = data.iter().filter_map(playlist).collect();
        let total = lists.len() as u64;
        Ok(page_of(lists, 0, total))
    }

    pub(crate) async fn v2_playlist(&self, id: &str) -> Result<Playlist, TidalError> {
        let doc = self
            .v2_doc(self.v2(&format!("/playlists/{id}"), "/v2/playlists/{id}"))
            .await?;
        playlist(&doc["data"])
            .ok_or_else(|| TidalError::Protocol("unexpected playlist document".into()))
    }

    /// The playlist's items (tracks; videos are left out as on v1), each with its index and
    /// its item id (what removals and moves name).
    pub(crate) async fn v2_playlist_items(
        &self,
        id: &str,
        offset: u64,
        max: u64,
        mut progress: impl FnMut(u64, u64),
    ) -> Result<Page<PlaylistItem>, TidalError> {
        let call = self
            .v2(
                &format!("/playlists/{id}/relationships/items"),
                "/v2/playlists/{id}/relationships/items",
            )
            .q("include", "items");
        let (idents, inc) = self.v2_all(call, offset + max).await?;
        progress(idents.len() as u64, idents.len() as u64);
        let total = idents.len() as u64;
        let items: Vec<PlaylistItem> = idents
            .iter()
            .enumerate()
            .skip(offset as usize)
            .filter_map(|(i, ident)| {
                let t = track(inc.get(ident)?, &inc)?;
                Some(PlaylistItem {
                    index: i as u64,
                    kind: ident["type"]
                        .as_str()
                        .unwrap_or("tracks")
                        .trim_end_matches('s')
                        .to_string(),
                    track: t,
                })
            })
            .collect();
        Ok(page_of(items, offset, total))
    }

    pub(crate) async fn v2_create_playlist(
        &self,
        title: &str,
        description: &str,
    ) -> Result<Playlist, TidalError> {
        let doc = json!({"data": {"type": "playlists", "attributes": {
            "name": title, "description": description, "accessType": "UNLISTED"}}});
        let call = Call::jsonapi_write(
            Method::POST,
            self.openapi("/playlists"),
            "/v2/playlists",
            doc,
        );
        let body = self.send(&call).await?.body;
        playlist(&body["data"])
            .ok_or_else(|| TidalError::Protocol("unexpected created playlist document".into()))
    }

    pub(crate) async fn v2_delete_playlist(&self, id: &str) -> Result<(), TidalError> {
        let call = Call {
            jsonapi: true,
            ..Call::write(
                Method::DELETE,
                self.openapi(&format!("/playlists/{id}")),
                "/v2/playlists/{id}",
            )
        };
        self.send(&call).await?;
        Ok(())
    }

    /// Adds tracks (at `position`: before the item there; else at the end) in writes of at
    /// most 50, each with its own idempotency key; returns the ids the API did not skip.
    pub(crate) async fn v2_add_tracks(
        &self,
        id: &str,
        track_ids: &[String],
        position: Option<u64>,
    ) -> Result<Vec<String>, TidalError> {
        let before = match position {
            Some(p) => self
                .v2_item_ids(id)
                .await?
                .get(p as usize)
                .and_then(|v| v["meta"]["itemId"].as_str())
                .map(str::to_string),
            None => None,
        };
        let mut added = Vec::new();
        for chunk in track_ids.chunks(WRITE_CHUNK) {
            let data: Vec<Value> = chunk
                .iter()
                .map(|t| json!({"type": "tracks", "id": t}))
                .collect();
            let mut doc = json!({"data": data});
            if let Some(b) = &before {
                doc["meta"] = json!({"positionBefore": b});
            }
            let call = Call::jsonapi_write(
                Method::POST,
                self.openapi(&format!("/playlists/{id}/relationships/items")),
                "/v2/playlists/{id}/relationships/items",
                doc,
            );
            let body = self.send(&call).await?.body;
            let skipped: Vec<String> = body["meta"]["skipped"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|s| s["id"].as_str().or(s.as_str()).map(str::to_string))
                .collect();
            added.extend(chunk.iter().filter(|t| !skipped.contains(t)).cloned());
        }
        Ok(added)
    }

    /// Resources related to one (an artist's albums, similar artists, ...), from `offset`, up to
    /// `max`, parsed by `parse`.
    async fn v2_related<T>(
        &self,
        call: Call,
        offset: u64,
        max: u64,
        parse: impl Fn(&Value, &Included) -> Option<T>,
    ) -> Result<Page<T>, TidalError> {
        let (idents, inc) = self.v2_all(call, offset + max).await?;
        let total = idents.len() as u64;
        let items = idents
            .iter()
            .skip(offset as usize)
            .filter_map(|i| parse(inc.get(i)?, &inc))
            .collect();
        Ok(page_of(items, offset, total))
    }

    pub(crate) async fn v2_artist_tracks(
        &self,
        id: &str,
        offset: u64,
        max: u64,
    ) -> Result<Page<Track>, TidalError> {
        let call = self
            .v2(
                &format!("/artists/{id}/relationships/tracks"),
                "/v2/artists/{id}/relationships/tracks",
            )
            .q("collapseBy", "FINGERPRINT")
            .q("include", "tracks");
        self.v2_related(call, offset, max, track).await
    }

    /// An artist's albums; `filter` is v1's (ALBUMS, EPSANDSINGLES, COMPILATIONS), applied to
    /// the album type.
    pub(crate) async fn v2_artist_albums(
        &self,
        id: &str,
        filter: Option<&str>,
        offset: u64,
        max: u64,
    ) -> Result<Page<Album>, TidalError> {
        let call = self
            .v2(
                &format!("/artists/{id}/relationships/albums"),
                "/v2/artists/{id}/relationships/albums",
            )
            .q("include", "albums");
        let wanted = |a: &Album| {
            let t = a.album_type.as_deref().unwrap_or("ALBUM");
            match filter {
                Some("ALBUMS") => t == "ALBUM",
                Some("EPSANDSINGLES") => t == "EP" || t == "SINGLE",
                Some("COMPILATIONS") => t == "COMPILATION",
                _ => true,
            }
        };
        self.v2_related(call, offset, max, |r, inc| album(r, inc).filter(wanted))
            .await
    }

    pub(crate) async fn v2_similar_artists(
        &self,
        id: &str,
        offset: u64,
        max: u64,
    ) -> Result<Page<Artist>, TidalError> {
        let call = self
            .v2(
                &format!("/artists/{id}/relationships/similarArtists"),
                "/v2/artists/{id}/relationships/similarArtists",
            )
            .q("include", "similarArtists");
        self.v2_related(call, offset, max, |r, _| artist(r)).await
    }

    pub(crate) async fn v2_similar_albums(
        &self,
        id: &str,
        max: u64,
    ) -> Result<Page<Album>, TidalError> {
        let call = self
            .v2(
                &format!("/albums/{id}/relationships/similarAlbums"),
                "/v2/albums/{id}/relationships/similarAlbums",
            )
            .q("include", "similarAlbums");
        self.v2_related(call, 0, max, album).await
    }

    /// Radio of an artist or a track: the official API answers with a mix (a playlist), whose
    /// tracks are the radio.
    pub(crate) async fn v2_radio(
        &self,
        of: &str,
        id: &str,
        max: u64,
    ) -> Result<Page<Track>, TidalError> {
        let endpoint = if of == "artists" {
            "/v2/artists/{id}/relationships/radio"
        } else {
            "/v2/tracks/{id}/relationships/radio"
        };
        let call = self.v2(&format!("/{of}/{id}/relationships/radio"), endpoint);
        let (idents, _) = self.v2_all(call, 1).await?;
        let mix = idents
            .first()
            .and_then(|m| m["id"].as_str())
            .ok_or_else(|| TidalError::NotFound(format!("no radio for {id}")))?
            .to_string();
        self.v2_mix_items(&mix, max).await
    }

    pub(crate) async fn v2_lyrics(&self, id: &str) -> Result<Lyrics, TidalError> {
        let call = self
            .v2(
                &format!("/tracks/{id}/relationships/lyrics"),
                "/v2/tracks/{id}/relationships/lyrics",
            )
            .q("include", "lyrics");
        let doc = self.v2_doc(call).await?;
        let inc = Included::of(&doc);
        let first = match &doc["data"] {
            Value::Array(a) => a.first().cloned(),
            v @ Value::Object(_) => Some(v.clone()),
            _ => None,
        };
        let res = first
            .as_ref()
            .and_then(|i| inc.get(i))
            .ok_or_else(|| TidalError::NotFound(format!("no lyrics for track {id}")))?;
        Ok(Lyrics {
            track_id: id.to_string(),
            text: attr_s(res, "text"),
            synced: attr_s(res, "lrcText"),
            provider: res["attributes"]["provider"]["name"]
                .as_str()
                .map(str::to_string)
                .or_else(|| attr_s(res, "provider")),
        })
    }

    /// The user's recommended mixes: their own mixes, discovery and new arrivals.
    pub(crate) async fn v2_mixes(&self) -> Result<Vec<Mix>, TidalError> {
        let call = self
            .v2("/userRecommendations/me", "/v2/userRecommendations/me")
            .q("include", "myMixes,discoveryMixes,newArrivalMixes");
        let doc = self.v2_doc(call).await?;
        let inc = Included::of(&doc);
        let mut out = Vec::new();
        for (rel, kind) in [
            ("myMixes", "MY_MIX"),
            ("discoveryMixes", "DISCOVERY_MIX"),
            ("newArrivalMixes", "NEW_ARRIVAL_MIX"),
        ] {
            for ident in related(&doc["data"], rel) {
                let Some(r) = inc.get(ident) else { continue };
                out.push(Mix {
                    id: ident["id"].as_str().unwrap_or_default().to_string(),
                    title: attr_s(r, "name").unwrap_or_default(),
                    subtitle: attr_s(r, "description"),
                    mix_type: Some(kind.to_string()),
                });
            }
        }
        Ok(out)
    }

    /// A mix's tracks (mixes are playlists on the official API).
    pub(crate) async fn v2_mix_items(&self, id: &str, max: u64) -> Result<Page<Track>, TidalError> {
        let call = self
            .v2(
                &format!("/playlists/{id}/relationships/items"),
                "/v2/playlists/{id}/relationships/items",
            )
            .q("include", "items");
        self.v2_related(call, 0, max, track).await
    }

    /// Renames, re-describes or changes the visibility of a playlist.
    pub(crate) async fn v2_edit_playlist(
        &self,
        id: &str,
        attributes: Value,
    ) -> Result<(), TidalError> {
        let doc = json!({"data": {"type": "playlists", "id": id, "attributes": attributes}});
        let call = Call::jsonapi_write(
            Method::PATCH,
            self.openapi(&format!("/playlists/{id}")),
            "/v2/playlists/{id}",
            doc,
        );
        self.send(&call).await?;
        Ok(())
    }

    /// The playlist's item identifiers (with `meta.itemId`), in order.
    async fn v2_item_ids(&self, id: &str) -> Result<Vec<Value>, TidalError> {
        let call = self.v2(
            &format!("/playlists/{id}/relationships/items"),
            "/v2/playlists/{id}/relationships/items",
        );
        Ok(self.v2_all(call, u64::MAX).await?.0)
    }

    fn item_ref(ident: &Value) -> Value {
        json!({"type": ident["type"], "id": ident["id"], "meta": {"itemId": ident["meta"]["itemId"]}})
    }

    /// Removes the items at these 0-based positions, named by their item ids, 50 at a time.
    pub(crate) async fn v2_remove_indices(
        &self,
        id: &str,
        indices: &[u64],
    ) -> Result<(), TidalError> {
        let items = self.v2_item_ids(id).await?;
        let chosen: Vec<Value> = indices
            .iter()
            .filter_map(|i| items.get(*i as usize))
            .map(Self::item_ref)
            .collect();
        for chunk in chosen.chunks(WRITE_CHUNK) {
            let call = Call::jsonapi_write(
                Method::DELETE,
                self.openapi(&format!("/playlists/{id}/relationships/items")),
                "/v2/playlists/{id}/relationships/items",
                json!({"data": chunk}),
            );
            self.send(&call).await?;
        }
        Ok(())
    }

    /// Moves the items at `indices` so they start at `to_index` of the list without them:
    /// before the first item there that is not moved (at the end when there is none), 20 at a
    /// time (the API's bound for a move).
    pub(crate) async fn v2_move_indices(
        &self,
        id: &str,
        indices: &[u64],
        to_index: u64,
    ) -> Result<(), TidalError> {
        let items = self.v2_item_ids(id).await?;
        let moving: Vec<Value> = indices
            .iter()
            .filter_map(|i| items.get(*i as usize))
            .map(Self::item_ref)
            .collect();
        let rest: Vec<&Value> = items
            .iter()
            .enumerate()
            .filter(|(i, _)| !indices.contains(&(*i as u64)))
            .map(|(_, v)| v)
            .collect();
        let before = rest
            .get(to_index as usize)
            .and_then(|v| v["meta"]["itemId"].as_str())
            .map(str::to_string);
        for chunk in moving.chunks(20) {
            let mut doc = json!({"data": chunk});
            if let Some(b) = &before {
                doc["meta"] = json!({"positionBefore": b});
            }
            let call = Call::jsonapi_write(
                Method::PATCH,
                self.openapi(&format!("/playlists/{id}/relationships/items")),
                "/v2/playlists/{id}/relationships/items",
                doc,
            );
            self.send(&call).await?;
        }
        Ok(())
    }

    pub(crate) async fn v2_favorites(
        &self,
        kind: FavoriteKind,
        max: u64,
    ) -> Result<Page<Value>, TidalError> {
        let (path, endpoint) = collection(kind)?;
        let call = self
            .v2(&format!("{path}/relationships/items"), endpoint)
            .q("include", "items");
        let (idents, inc) = self.v2_all(call, max).await?;
        let items: Vec<Value> = idents
            .iter()
            .filter_map(|ident| {
                let r = inc.get(ident)?;
                let v = match kind {
                    FavoriteKind::Tracks => serde_json::to_value(track(r, &inc)?),
                    FavoriteKind::Albums => serde_json::to_value(album(r, &inc)?),
                    FavoriteKind::Artists => serde_json::to_value(artist(r)?),
                    FavoriteKind::Playlists => serde_json::to_value(playlist(r)?),
                    _ => return None,
                }
                .ok()?;
                Some(json!({"added": ident["meta"]["addedAt"], "item": v}))
            })
            .collect();
        let total = items.len() as u64;
        Ok(page_of(items, 0, total))
    }

    pub(crate) async fn v2_change_favorites(
        &self,
        kind: FavoriteKind,
        ids: &[String],
        add: bool,
    ) -> Result<(), TidalError> {
        let (path, endpoint) = collection(kind)?;
        for chunk in ids.chunks(WRITE_CHUNK) {
            let data: Vec<Value> = chunk
                .iter()
                .map(|i| json!({"type": kind.path(), "id": i}))
                .collect();
            let call = Call::jsonapi_write(
                if add { Method::POST } else { Method::DELETE },
                self.openapi(&format!("{path}/relationships/items")),
                endpoint,
                json!({"data": data}),
            );
            self.send(&call).await?;
        }
        Ok(())
    }
}

fn collection(kind: FavoriteKind) -> Result<(&'static str, &'static str), TidalError> {
    Ok(match kind {
        FavoriteKind::Tracks => (
            "/userCollectionTracks/me",
            "/v2/userCollectionTracks/me/relationships/items",
        ),
        FavoriteKind::Albums => (
            "/userCollectionAlbums/me",
            "/v2/userCollectionAlbums/me/relationships/items",
        ),
        FavoriteKind::Artists => (
            "/userCollectionArtists/me",
            "/v2/userCollectionArtists/me/relationships/items",
        ),
        FavoriteKind::Playlists => (
            "/userCollectionPlaylists/me",
            "/v2/userCollectionPlaylists/me/relationships/items",
        ),
        FavoriteKind::Videos | FavoriteKind::Mixes => {
            return Err(TidalError::NotOnOfficialApi(format!(
                "favourite {}",
                kind.path()
            )));
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

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
                    "explicit": true, "popularity": 0.777, "newThing": {"x": 1}},
                "relationships": {
                    "albums": {"data": [{"id": "75413011", "type": "albums"}]},
                    "artists": {"data": [{"id": "7", "type": "artists"}]},
                    "somethingNew": {"data": [{"id": "1", "type": "unknownType"}]}}},
            "included": [
                {"id": "75413011", "type": "albums", "attributes": {"title": "4:44"}},
                {"id": "7", "type": "artists", "attributes": {"name": "JAY-Z"}}]
        });
        let t = track(&doc["data"], &Included::of(&doc)).unwrap();
        assert_eq!(t.duration_s, 284);
        assert_eq!(t.popularity, Some(78));
        assert_eq!(t.album.unwrap().title, "4:44");
        assert_eq!(t.artists[0].name, "JAY-Z");
        assert!(t.explicit && t.available);
    }
}
