//! Catalogue reads of the official API added for issue 22: albums by UPC (`filter[barcodeId]`,
//! as tidalapi asks it with device tokens too), a track's similar tracks and an artist's videos
//! (THIRD_PARTY relationships, with their resources included), artwork files, and search
//! suggestions with their direct hits.

use super::document;
use super::{TidalClient, TidalError, seg};
use serde_json::Value;

use crate::tidal::model::{Album, ArtKind, EntryKind, Image, Page, PageEntry, Suggestions, Track};

impl TidalClient {
    /// Albums with this UPC (barcode).
    pub(crate) async fn official_albums_by_upc(&self, upc: &str) -> Result<Vec<Album>, TidalError> {
        let call = self
            .official_get("/albums", "/albums")
            .country()
            .q("filter[barcodeId]", upc)
            .q("include", "artists");
        let (data, inc) = self.official_pages(call, 100, |_, _| true, |_| {}).await?;
        Ok(data
            .iter()
            .filter_map(|r| document::album(r, &inc))
            .collect())
    }

    pub(crate) async fn official_similar_tracks(
        &self,
        id: &str,
        max: u64,
    ) -> Result<Page<Track>, TidalError> {
        let call = self
            .official_get(
                &format!("/tracks/{}/relationships/similarTracks", seg(id)),
                "/tracks/{id}/relationships/similarTracks",
            )
            .country()
            .q(
                "include",
                "similarTracks,similarTracks.artists,similarTracks.albums",
            );
        self.official_related(
            call,
            0,
            max,
            |_, _| true,
            |_, r, inc| document::track(r, inc),
        )
        .await
    }

    pub(crate) async fn official_artist_videos(
        &self,
        id: &str,
        offset: u64,
        max: u64,
    ) -> Result<Page<Track>, TidalError> {
        let call = self
            .official_get(
                &format!("/artists/{}/relationships/videos", seg(id)),
                "/artists/{id}/relationships/videos",
            )
            .country()
            .q("include", "videos,videos.artists");
        self.official_related(
            call,
            offset,
            max,
            |_, _| true,
            |_, r, inc| document::video(r, inc),
        )
        .await
    }
}

impl TidalClient {
    /// The artwork files of an object, through its artwork relationship (`coverArt` of an
    /// album, a playlist or a mix; `profileArt` of an artist; a track's album's `coverArt`),
    /// the artworks included.
    pub(crate) async fn official_images(
        &self,
        kind: ArtKind,
        id: &str,
    ) -> Result<Vec<Image>, TidalError> {
        let (of, rel, endpoint, owner) = match kind {
            ArtKind::Album => (
                "albums",
                "coverArt",
                "/albums/{id}/relationships/coverArt",
                id.to_string(),
            ),
            ArtKind::Track => {
                let track = self.official_track(id).await?;
                let Some(album) = track.album else {
                    return Ok(Vec::new());
                };
                (
                    "albums",
                    "coverArt",
                    "/albums/{id}/relationships/coverArt",
                    album.id,
                )
            }
            ArtKind::Artist => (
                "artists",
                "profileArt",
                "/artists/{id}/relationships/profileArt",
                id.to_string(),
            ),
            ArtKind::Playlist | ArtKind::Mix => (
                "playlists",
                "coverArt",
                "/playlists/{id}/relationships/coverArt",
                id.to_string(),
            ),
        };
        let call = self
            .official_get(
                &format!("/{of}/{}/relationships/{rel}", seg(&owner)),
                endpoint,
            )
            .country()
            .q("include", rel);
        let (idents, inc) = self.official_pages(call, 20, |_, _| true, |_| {}).await?;
        Ok(idents
            .iter()
            .filter_map(|i| inc.get(i))
            .filter(|a| a["attributes"]["mediaType"] != "VIDEO")
            .flat_map(|a| {
                a["attributes"]["files"]
                    .as_array()
                    .cloned()
                    .unwrap_or_default()
            })
            .filter_map(|f| {
                Some(Image {
                    href: f["href"].as_str()?.to_string(),
                    width: f["meta"]["width"].as_u64()? as u32,
                    height: f["meta"]["height"].as_u64()? as u32,
                })
            })
            .collect())
    }
}

impl TidalClient {
    /// `GET /searchSuggestions?filter[query]=...&include=directHits`: the suggested queries and
    /// what the query names already.
    pub(crate) async fn official_suggestions(
        &self,
        query: &str,
    ) -> Result<Suggestions, TidalError> {
        let call = self
            .official_get("/searchSuggestions", "/searchSuggestions")
            .country()
            .q("filter[query]", query)
            .q("include", "directHits");
        let doc = self.official_doc(&call).await?;
        let inc = document::Included::of(&doc);
        let data = match &doc["data"] {
            Value::Array(a) => a.first().cloned().unwrap_or(Value::Null),
            v => v.clone(),
        };
        let suggestions = (data["attributes"]["suggestions"]
            .as_array()
            .into_iter()
            .flatten())
        .filter_map(|s| s["query"].as_str().map(str::to_string))
        .collect();
        let direct_hits = (document::related(&data, "directHits").into_iter())
            .filter_map(|ident| hit(ident["type"].as_str()?, inc.get(ident)?, &inc))
            .collect();
        Ok(Suggestions {
            query: query.to_string(),
            suggestions,
            direct_hits,
        })
    }
}

/// A direct hit as a page entry.
fn hit(kind: &str, r: &Value, inc: &document::Included) -> Option<PageEntry> {
    let names = |a: &[crate::tidal::model::ArtistRef]| {
        let n: Vec<&str> = a.iter().map(|x| x.name.as_str()).collect();
        (!n.is_empty()).then(|| n.join(", "))
    };
    let (kind, title, subtitle) = match kind {
        "tracks" => {
            let t = document::track(r, inc)?;
            (EntryKind::Track, t.title, names(&t.artists))
        }
        "videos" => {
            let t = document::video(r, inc)?;
            (EntryKind::Video, t.title, names(&t.artists))
        }
        "albums" => {
            let a = document::album(r, inc)?;
            (EntryKind::Album, a.title, names(&a.artists))
        }
        "artists" => (EntryKind::Artist, document::artist(r)?.name, None),
        "playlists" => (EntryKind::Playlist, document::playlist(r)?.title, None),
        _ => return None,
    };
    Some(PageEntry {
        kind,
        id: r["id"].as_str().map(str::to_string),
        title,
        subtitle,
        page: None,
    })
}
