//! The catalogue on the official API: search, tracks (also by ISRC), albums and their tracks,
//! artists with their tracks, albums and similar artists, similar albums, radio, the user's
//! mixes and a mix's tracks. Each asks, through nested `include` paths, for the artists and
//! albums its tracks name, so every track carries their names.

use serde_json::Value;

use super::document::{self, Included, related};
use super::{Call, TidalClient, TidalError, page_call, seg};
use crate::tidal::model::{Album, Artist, Lyrics, Mix, Page, SearchType, Track};
use crate::tidal::model::{ArtistBio, SearchResult};

/// The include paths that give tracks their artists, albums and usage rules, below `rel`.
fn track_paths(rel: &str) -> String {
    format!("{rel},{rel}.artists,{rel}.albums,{rel}.usageRules")
}

/// Search's include tree, within the document's bound of 10 resources: each wanted kind with
/// what its items need, then the top hits with as much as still fits.
fn search_paths(wanted: impl Fn(SearchType) -> bool) -> Vec<&'static str> {
    let kinds: [(SearchType, &[&'static str]); 5] = [
        (
            SearchType::Tracks,
            &["tracks", "tracks.artists", "tracks.albums"],
        ),
        (SearchType::Albums, &["albums", "albums.artists"]),
        (SearchType::Artists, &["artists"]),
        (SearchType::Playlists, &["playlists"]),
        (SearchType::Videos, &["videos", "videos.artists"]),
    ];
    let mut paths: Vec<&'static str> = kinds
        .iter()
        .filter(|(t, _)| wanted(*t))
        .flat_map(|(_, p)| p.iter().copied())
        .collect();
    for p in ["topHits", "topHits.artists", "topHits.albums"] {
        if paths.len() < 10 {
            paths.push(p);
        }
    }
    paths
}

/// The search relationship of each kind, and the include paths its own pages need.
fn search_rel(t: SearchType) -> (&'static str, &'static str) {
    match t {
        SearchType::Tracks => ("tracks", "tracks,tracks.artists,tracks.albums"),
        SearchType::Albums => ("albums", "albums,albums.artists"),
        SearchType::Artists => ("artists", "artists"),
        SearchType::Playlists => ("playlists", "playlists"),
        SearchType::Videos => ("videos", "videos,videos.artists"),
    }
}

fn window<T>(items: Vec<T>, offset: u64, total: u64) -> Page<T> {
    Page {
        limit: items.len() as u64,
        items,
        offset,
        total,
    }
}

impl TidalClient {
    /// Search: one `searchResults` resource (the answer is a collection of exactly one), its
    /// relationships followed by cursor to `offset + limit` for each wanted kind.
    pub(crate) async fn official_search(
        &self,
        query: &str,
        types: &[SearchType],
        limit: u64,
        offset: u64,
    ) -> Result<SearchResult, TidalError> {
        let wanted = |t: SearchType| types.is_empty() || types.contains(&t);
        let call = self
            .official_get("/searchResults", "/searchResults")
            .country()
            .q("filter[query]", query)
            .q("include", search_paths(wanted).join(","));
        let doc = self.official_doc(&call).await?;
        let mut inc = Included::of(&doc);
        let res = doc["data"]
            .as_array()
            .and_then(|a| a.first())
            .cloned()
            .unwrap_or(Value::Null);
        let id = res["id"].as_str().unwrap_or_default().to_string();
        let mut lists: Vec<(SearchType, Vec<Value>)> = Vec::new();
        for t in SearchType::ALL.into_iter().filter(|t| wanted(*t)) {
            let (rel, paths) = search_rel(t);
            let mut idents: Vec<Value> = related(&res, rel).into_iter().cloned().collect();
            let mut cursor = document::next_cursor(&res["relationships"][rel]["links"]);
            let first = self
                .official_get(
                    &format!("/searchResults/{}/relationships/{rel}", seg(&id)),
                    "/searchResults/{id}/relationships/{rel}",
                )
                .country()
                .q("include", paths);
            while (idents.len() as u64) < offset + limit
                && let Some(c) = cursor.take()
            {
                let page = self.official_doc(&page_call(&first, &c)).await?;
                inc.add(&page);
                idents.extend(page["data"].as_array().into_iter().flatten().cloned());
                cursor = document::next_cursor(&page["links"]);
            }
            lists.push((t, idents));
        }
        let take = |t: SearchType| -> (Vec<Value>, u64) {
            let idents = lists
                .iter()
                .find(|(k, _)| *k == t)
                .map(|(_, v)| v.as_slice())
                .unwrap_or_default();
            let found = idents
                .iter()
                .skip(offset as usize)
                .take(limit as usize)
                .filter_map(|i| inc.get(i).cloned())
                .collect();
            (found, idents.len() as u64)
        };
        let (tracks, nt) = take(SearchType::Tracks);
        let (albums, na) = take(SearchType::Albums);
        let (artists, nar) = take(SearchType::Artists);
        let (playlists, np) = take(SearchType::Playlists);
        let (videos, nv) = take(SearchType::Videos);
        let top_hit = related(&res, "topHits")
            .first()
            .and_then(|i| top_hit(i, &inc));
        Ok(SearchResult {
            tracks: window(
                tracks
                    .iter()
                    .filter_map(|r| document::track(r, &inc))
                    .collect(),
                offset,
                nt,
            ),
            albums: window(
                albums
                    .iter()
                    .filter_map(|r| document::album(r, &inc))
                    .collect(),
                offset,
                na,
            ),
            artists: window(
                artists.iter().filter_map(document::artist).collect(),
                offset,
                nar,
            ),
            playlists: window(
                playlists.iter().filter_map(document::playlist).collect(),
                offset,
                np,
            ),
            videos: window(
                videos
                    .iter()
                    .filter_map(|r| document::video(r, &inc))
                    .collect(),
                offset,
                nv,
            ),
            top_hit,
        })
    }

    pub(crate) async fn official_track(&self, id: &str) -> Result<Track, TidalError> {
        let call = self
            .official_get(&format!("/tracks/{}", seg(id)), "/tracks/{id}")
            .country()
            .q("include", "albums,artists,usageRules");
        let doc = self.official_doc(&call).await?;
        document::track(&doc["data"], &Included::of(&doc))
            .ok_or_else(|| TidalError::Protocol("unexpected track document".into()))
    }

    pub(crate) async fn official_tracks_by_isrc(
        &self,
        isrc: &str,
    ) -> Result<Vec<Track>, TidalError> {
        let call = self
            .official_get("/tracks", "/tracks")
            .country()
            .q("filter[isrc]", isrc)
            .q("include", "albums,artists,usageRules");
        let (data, inc) = self.official_pages(call, 100, |_, _| true, |_| {}).await?;
        Ok(data
            .iter()
            .filter_map(|r| document::track(r, &inc))
            .collect())
    }

    pub(crate) async fn official_album(&self, id: &str) -> Result<Album, TidalError> {
        let call = self
            .official_get(&format!("/albums/{}", seg(id)), "/albums/{id}")
            .country()
            .q("include", "artists");
        let doc = self.official_doc(&call).await?;
        document::album(&doc["data"], &Included::of(&doc))
            .ok_or_else(|| TidalError::Protocol("unexpected album document".into()))
    }

    /// Resources related to one (`call` names the relationship endpoint and its include), from
    /// `offset`, up to `max` that `keep` accepts, parsed by `parse`.
    pub(super) async fn official_related<T>(
        &self,
        call: Call,
        offset: u64,
        max: u64,
        keep: impl Fn(&Value, &Included) -> bool,
        parse: impl Fn(&Value, &Value, &Included) -> Option<T>,
    ) -> Result<Page<T>, TidalError> {
        let keep_resource =
            |ident: &Value, inc: &Included| inc.get(ident).is_some_and(|r| keep(r, inc));
        let (idents, inc) = self
            .official_pages(call, offset.saturating_add(max), keep_resource, |_| {})
            .await?;
        let total = idents.len() as u64;
        let items = idents
            .iter()
            .skip(offset as usize)
            .filter_map(|i| parse(i, inc.get(i)?, &inc))
            .collect();
        Ok(window(items, offset, total))
    }

    pub(crate) async fn official_album_tracks(
        &self,
        id: &str,
        offset: u64,
        max: u64,
    ) -> Result<Page<Track>, TidalError> {
        let call = self
            .official_get(
                &format!("/albums/{}/relationships/items", seg(id)),
                "/albums/{id}/relationships/items",
            )
            .country()
            .q("include", track_paths("items"));
        let is_track = |r: &Value, _: &Included| r["type"] == "tracks";
        self.official_related(call, offset, max, is_track, |ident, r, inc| {
            let mut t = document::track(r, inc)?;
            t.track_number = ident["meta"]["trackNumber"].as_u64();
            Some(t)
        })
        .await
    }

    pub(crate) async fn official_artist(&self, id: &str) -> Result<Artist, TidalError> {
        let call = self
            .official_get(&format!("/artists/{}", seg(id)), "/artists/{id}")
            .country();
        let doc = self.official_doc(&call).await?;
        document::artist(&doc["data"])
            .ok_or_else(|| TidalError::Protocol("unexpected artist document".into()))
    }

    /// The biography through the artist's relationship (THIRD_PARTY; the biography resource
    /// itself is INTERNAL), the resource included. The document makes it a to-one
    /// relationship (one identifier or null); a list is read too, by its first identifier,
    /// since JSON:API servers differ there. An artist without one answers `NotFound`.
    pub(crate) async fn official_artist_bio(&self, id: &str) -> Result<ArtistBio, TidalError> {
        let call = self
            .artist_rel(id, "biography", "/artists/{id}/relationships/biography")
            .q("include", "biography");
        let doc = self.official_doc(&call).await?;
        let inc = Included::of(&doc);
        let ident = match &doc["data"] {
            Value::Array(list) => list.first().cloned().unwrap_or(Value::Null),
            one => one.clone(),
        };
        let bio = inc
            .get(&ident)
            .ok_or_else(|| TidalError::NotFound(format!("artist {id} has no biography")))?;
        let a = &bio["attributes"];
        let text = a["text"].as_str().unwrap_or("");
        Ok(ArtistBio::new(
            id,
            text,
            a["source"].as_str().map(str::to_string),
        ))
    }

    fn artist_rel(&self, id: &str, rel: &str, endpoint: &'static str) -> Call {
        self.official_get(
            &format!("/artists/{}/relationships/{rel}", seg(id)),
            endpoint,
        )
        .country()
    }

    pub(crate) async fn official_artist_tracks(
        &self,
        id: &str,
        offset: u64,
        max: u64,
    ) -> Result<Page<Track>, TidalError> {
        let call = self
            .artist_rel(id, "tracks", "/artists/{id}/relationships/tracks")
            .q("collapseBy", "FINGERPRINT")
            .q("include", track_paths("tracks"));
        self.official_related(
            call,
            offset,
            max,
            |_, _| true,
            |_, r, inc| document::track(r, inc),
        )
        .await
    }

    /// An artist's albums of v1's `filter`: albums (the default), or EPs and singles. The
    /// official API types albums as ALBUM, EP or SINGLE only, so it has no compilations; the
    /// filter is applied while paging, so `offset` counts matching albums.
    pub(crate) async fn official_artist_albums(
        &self,
        id: &str,
        filter: Option<&str>,
        offset: u64,
        max: u64,
    ) -> Result<Page<Album>, TidalError> {
        let types: &[&str] = match filter {
            None | Some("ALBUMS") => &["ALBUM"],
            Some("EPSANDSINGLES") => &["EP", "SINGLE"],
            Some(other) => {
                return Err(TidalError::NotOnOfficialApi(format!(
                    "an artist's {} (it types albums as ALBUM, EP or SINGLE only)",
                    other.to_lowercase()
                )));
            }
        };
        let call = self
            .artist_rel(id, "albums", "/artists/{id}/relationships/albums")
            .q("include", "albums,albums.artists");
        let of_type = |r: &Value, _: &Included| {
            types.contains(&r["attributes"]["albumType"].as_str().unwrap_or("ALBUM"))
        };
        self.official_related(call, offset, max, of_type, |_, r, inc| {
            document::album(r, inc)
        })
        .await
    }

    pub(crate) async fn official_similar_artists(
        &self,
        id: &str,
        offset: u64,
        max: u64,
    ) -> Result<Page<Artist>, TidalError> {
        let call = self
            .artist_rel(
                id,
                "similarArtists",
                "/artists/{id}/relationships/similarArtists",
            )
            .q("include", "similarArtists");
        self.official_related(
            call,
            offset,
            max,
            |_, _| true,
            |_, r, _| document::artist(r),
        )
        .await
    }

    pub(crate) async fn official_similar_albums(
        &self,
        id: &str,
        max: u64,
    ) -> Result<Page<Album>, TidalError> {
        let call = self
            .official_get(
                &format!("/albums/{}/relationships/similarAlbums", seg(id)),
                "/albums/{id}/relationships/similarAlbums",
            )
            .country()
            .q("include", "similarAlbums,similarAlbums.artists");
        self.official_related(
            call,
            0,
            max,
            |_, _| true,
            |_, r, inc| document::album(r, inc),
        )
        .await
    }

    /// Radio of an artist or a track: the official API answers with a mix (a playlist), whose
    /// tracks are the radio.
    pub(crate) async fn official_radio(
        &self,
        of: &str,
        id: &str,
        max: u64,
    ) -> Result<Page<Track>, TidalError> {
        let path = format!("/{of}/{}/relationships/radio", seg(id));
        // Only the artist's radio declares `countryCode`.
        let call = if of == "artists" {
            self.official_get(&path, "/artists/{id}/relationships/radio")
                .country()
        } else {
            self.official_get(&path, "/tracks/{id}/relationships/radio")
        };
        let doc = self.official_doc(&call).await?;
        let mix = doc["data"]
            .as_array()
            .and_then(|a| a.first())
            .and_then(|m| m["id"].as_str())
            .ok_or_else(|| TidalError::NotFound(format!("no radio for {id}")))?
            .to_string();
        self.official_mix_items(&mix, max).await
    }

    /// Lyrics are tier INTERNAL in TIDAL's document: a developer app is refused them.
    pub(crate) async fn official_lyrics(&self, _id: &str) -> Result<Lyrics, TidalError> {
        Err(crate::tidal::Capability::Lyrics.unsupported())
    }

    /// The user's mixes: the daily, discovery and new-release mixes (each a collection of
    /// playlists of type MIX; `userRecommendations` is deprecated in their favour).
    pub(crate) async fn official_mixes(&self) -> Result<Vec<Mix>, TidalError> {
        let mut out = Vec::new();
        for (resource, endpoint, mix_type) in [
            (
                "userDailyMixes",
                "/userDailyMixes/me/relationships/items",
                "DAILY_MIX",
            ),
            (
                "userDiscoveryMixes",
                "/userDiscoveryMixes/me/relationships/items",
                "DISCOVERY_MIX",
            ),
            (
                "userNewReleaseMixes",
                "/userNewReleaseMixes/me/relationships/items",
                "NEW_RELEASE_MIX",
            ),
        ] {
            let call = self
                .official_get(&format!("/{resource}/me/relationships/items"), endpoint)
                .q("include", "items");
            let (idents, inc) = self
                .official_pages(call, u64::MAX, |_, _| true, |_| {})
                .await?;
            out.extend(
                idents
                    .iter()
                    .filter_map(|i| inc.get(i))
                    .filter_map(|r| document::mix(r, mix_type)),
            );
        }
        Ok(out)
    }

    /// A mix's tracks (mixes are playlists on the official API).
    pub(crate) async fn official_mix_items(
        &self,
        id: &str,
        max: u64,
    ) -> Result<Page<Track>, TidalError> {
        let call = self
            .official_get(
                &format!("/playlists/{}/relationships/items", seg(id)),
                "/playlists/{id}/relationships/items",
            )
            .country()
            .q("include", track_paths("items"));
        let is_track = |r: &Value, _: &Included| r["type"] == "tracks";
        self.official_related(call, 0, max, is_track, |_, r, inc| document::track(r, inc))
            .await
    }
}

/// A top hit: a track, album, artist or playlist, from the included resources.
fn top_hit(ident: &Value, inc: &Included) -> Option<crate::tidal::model::TopHit> {
    use crate::tidal::model::TopHit;
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
        "tracks" => hit.track = Some(document::track(r, inc)?),
        "albums" => {
            hit.kind = SearchType::Albums;
            hit.album = Some(document::album(r, inc)?);
        }
        "artists" => {
            hit.kind = SearchType::Artists;
            hit.artist = Some(document::artist(r)?);
        }
        "playlists" => {
            hit.kind = SearchType::Playlists;
            hit.playlist = Some(document::playlist(r)?);
        }
        "videos" => {
            hit.kind = SearchType::Videos;
            hit.video = Some(document::video(r, inc)?);
        }
        _ => return None,
    }
    Some(hit)
}
