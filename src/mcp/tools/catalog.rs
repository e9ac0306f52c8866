//! Catalogue tools: search, tracks, albums, artists, radios, lyrics. Reads go through the cache
//! (catalogue kind, shared by users of one country).

use serde_json::{Value, json};

use super::params::*;
use super::{Ctx, ToolError, ToolResult, id, limit};
use crate::service::cache::Kind;
use crate::tidal::api::SEARCH_TYPES;

pub mod out {
    //! Output shapes (their schemas are the tools' outputSchema).
    use schemars::JsonSchema;
    use serde::Serialize;
    use serde_json::Value;

    use crate::tidal::model::{Album, Artist, Lyrics, Page, Playlist, Track};

    #[derive(Serialize, JsonSchema)]
    pub struct SearchOut {
        pub tracks: Page<Track>,
        pub albums: Page<Album>,
        pub artists: Page<Artist>,
        pub playlists: Page<Playlist>,
        pub videos: Page<Track>,
        pub top_hit: Option<Value>,
    }
    #[derive(Serialize, JsonSchema)]
    pub struct TrackOut {
        pub track: Track,
    }
    #[derive(Serialize, JsonSchema)]
    pub struct TracksOut {
        pub tracks: Vec<Track>,
    }
    #[derive(Serialize, JsonSchema)]
    pub struct AlbumOut {
        pub album: Album,
        pub tracks: Option<Page<Track>>,
    }
    #[derive(Serialize, JsonSchema)]
    pub struct ArtistOut {
        pub artist: Artist,
    }
    #[derive(Serialize, JsonSchema)]
    pub struct LyricsOut {
        pub lyrics: Lyrics,
    }
    pub type TrackPage = Page<Track>;
    pub type AlbumPage = Page<Album>;
    pub type ArtistPage = Page<Artist>;
}

fn to_value<T: serde::Serialize>(v: &T) -> Value {
    serde_json::to_value(v).expect("tool output serializes")
}

/// A catalogue read through the cache: `op` and `key` name the entry, `fetch` asks TIDAL.
async fn catalog<T, F>(ctx: &Ctx, op: &str, key: Value, fetch: impl FnOnce() -> F) -> ToolResult
where
    T: serde::Serialize,
    F: std::future::Future<Output = Result<T, crate::tidal::TidalError>>,
{
    ctx.state
        .service
        .cached(&ctx.state, Kind::Catalog, op, &key, &[], || async {
            Ok(to_value(&fetch().await?))
        })
        .await
}

pub async fn search(ctx: &Ctx, p: SearchParams) -> ToolResult {
    if p.query.trim().is_empty() {
        return Err(ToolError::invalid("query is empty"));
    }
    let prefs = ctx.state.service.prefs_for_active(&ctx.state);
    let types: Vec<String> = match &p.types {
        None => SEARCH_TYPES.iter().map(|s| s.to_string()).collect(),
        Some(t) => {
            let mut v = Vec::new();
            for x in t {
                let x = x.trim().to_ascii_lowercase();
                if !SEARCH_TYPES.contains(&x.as_str()) {
                    return Err(ToolError::invalid(format!(
                        "unknown type `{x}`; use {}",
                        SEARCH_TYPES.join(", ")
                    )));
                }
                v.push(x);
            }
            v
        }
    };
    let lim = limit(p.limit, prefs.search_limit, 50)?;
    let offset = p.offset.unwrap_or(0);
    let key = json!([p.query.trim(), types, lim, offset]);
    let mut v = ctx
        .state
        .service
        .cached(&ctx.state, Kind::Search, "search", &key, &[], || async {
            let t: Vec<&str> = types.iter().map(String::as_str).collect();
            let r = ctx
                .state
                .tidal
                .search(p.query.trim(), &t, lim, offset)
                .await?;
            Ok(to_value(&out::SearchOut {
                tracks: r.tracks,
                albums: r.albums,
                artists: r.artists,
                playlists: r.playlists,
                videos: r.videos,
                top_hit: r.top_hit,
            }))
        })
        .await?;
    if prefs.explicit_filter {
        for k in ["tracks", "albums", "videos"] {
            if let Some(items) = v[k]["items"].as_array_mut() {
                items.retain(|i| !i["explicit"].as_bool().unwrap_or(false));
            }
        }
    }
    Ok(v)
}

pub async fn get_track(ctx: &Ctx, p: TrackParams) -> ToolResult {
    let tid = id(&p.track_id, "track")?;
    catalog(ctx, "track", json!(tid), || async {
        Ok(out::TrackOut {
            track: ctx.state.tidal.track(&tid).await?,
        })
    })
    .await
}

pub async fn get_track_by_isrc(ctx: &Ctx, p: IsrcParams) -> ToolResult {
    let isrc = p.isrc.trim().to_ascii_uppercase();
    if isrc.len() != 12 || !isrc.chars().all(|c| c.is_ascii_alphanumeric()) {
        return Err(ToolError::invalid(format!(
            "`{}` is not an ISRC (12 letters and digits, e.g. USUM71703861)",
            p.isrc
        )));
    }
    catalog(ctx, "isrc", json!(isrc), || async {
        Ok(out::TracksOut {
            tracks: ctx.state.tidal.tracks_by_isrc(&isrc).await?,
        })
    })
    .await
}

pub async fn get_album(ctx: &Ctx, p: AlbumParams) -> ToolResult {
    let aid = id(&p.album_id, "album")?;
    let with_tracks = p.include_tracks.unwrap_or(false);
    catalog(ctx, "album", json!([aid, with_tracks]), || async {
        let album = ctx.state.tidal.album(&aid).await?;
        let tracks = if with_tracks {
            Some(ctx.state.tidal.album_tracks(&aid, 0, 1000).await?)
        } else {
            None
        };
        Ok(out::AlbumOut { album, tracks })
    })
    .await
}

pub async fn get_artist(ctx: &Ctx, p: ArtistParams) -> ToolResult {
    let aid = id(&p.artist_id, "artist")?;
    catalog(ctx, "artist", json!(aid), || async {
        Ok(out::ArtistOut {
            artist: ctx.state.tidal.artist(&aid).await?,
        })
    })
    .await
}

pub async fn artist_top_tracks(ctx: &Ctx, p: ArtistParams) -> ToolResult {
    let aid = id(&p.artist_id, "artist")?;
    let (lim, off) = (limit(p.limit, 20, 100)?, p.offset.unwrap_or(0));
    catalog(ctx, "artist_top", json!([aid, lim, off]), || {
        ctx.state.tidal.artist_top_tracks(&aid, off, lim)
    })
    .await
}

pub async fn artist_albums(ctx: &Ctx, p: ArtistParams) -> ToolResult {
    let aid = id(&p.artist_id, "artist")?;
    let filter = match p.filter.as_deref().map(str::to_ascii_lowercase).as_deref() {
        None | Some("albums") => None,
        Some("ep_singles") => Some("EPSANDSINGLES"),
        Some("other") => Some("COMPILATIONS"),
        Some(f) => {
            return Err(ToolError::invalid(format!(
                "unknown filter `{f}`; use albums, ep_singles or other"
            )));
        }
    };
    let (lim, off) = (limit(p.limit, 20, 100)?, p.offset.unwrap_or(0));
    catalog(ctx, "artist_albums", json!([aid, filter, lim, off]), || {
        ctx.state.tidal.artist_albums(&aid, filter, off, lim)
    })
    .await
}

pub async fn similar_artists(ctx: &Ctx, p: ArtistParams) -> ToolResult {
    let aid = id(&p.artist_id, "artist")?;
    let (lim, off) = (limit(p.limit, 20, 100)?, p.offset.unwrap_or(0));
    catalog(ctx, "similar_artists", json!([aid, lim, off]), || {
        ctx.state.tidal.similar_artists(&aid, off, lim)
    })
    .await
}

pub async fn artist_radio(ctx: &Ctx, p: ArtistParams) -> ToolResult {
    let aid = id(&p.artist_id, "artist")?;
    let lim = limit(p.limit, 20, 100)?;
    catalog(ctx, "artist_radio", json!([aid, lim]), || {
        ctx.state.tidal.artist_radio(&aid, lim)
    })
    .await
}

pub async fn similar_albums(ctx: &Ctx, p: AlbumParams) -> ToolResult {
    let aid = id(&p.album_id, "album")?;
    let lim = limit(p.limit, 20, 100)?;
    catalog(ctx, "similar_albums", json!([aid, lim]), || {
        ctx.state.tidal.similar_albums(&aid, lim)
    })
    .await
}

pub async fn track_radio(ctx: &Ctx, p: TrackParams) -> ToolResult {
    let tid = id(&p.track_id, "track")?;
    let lim = limit(p.limit, 20, 100)?;
    catalog(ctx, "track_radio", json!([tid, lim]), || {
        ctx.state.tidal.track_radio(&tid, lim)
    })
    .await
}

pub async fn lyrics(ctx: &Ctx, p: TrackParams) -> ToolResult {
    let tid = id(&p.track_id, "track")?;
    catalog(ctx, "lyrics", json!(tid), || async {
        Ok(out::LyricsOut {
            lyrics: ctx.state.tidal.lyrics(&tid).await?,
        })
    })
    .await
}
