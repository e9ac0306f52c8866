//! Catalogue tools: search, tracks, albums, artists, radios, lyrics. Reads go through the cache
//! (catalogue kind, shared by users of one country).

use rmcp::handler::server::wrapper::Parameters;
use rmcp::{tool, tool_router};
use serde_json::{Value, json};

use super::params::*;
use super::{Cached, Ctx, Json, ToolError, id};
use crate::mcp::TidalMcp;
use crate::service::cache::Kind;
use crate::tidal::model::{Album, Artist, Page, Track};
use crate::tidal::{Capability, Catalog};

pub mod out {
    //! Output shapes (their schemas are the tools' outputSchema).
    use schemars::JsonSchema;
    use serde::Serialize;

    use crate::tidal::model::{Album, Artist, Lyrics, Page, Playlist, TopHit, Track};

    #[derive(Serialize, JsonSchema)]
    pub struct SearchOut {
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
    #[derive(Serialize, JsonSchema)]
    pub struct TrackOut {
        /// The track.
        pub track: Track,
    }
    #[derive(Serialize, JsonSchema)]
    pub struct TracksOut {
        /// The tracks that carry the ISRC (one recording can be on several releases).
        pub tracks: Vec<Track>,
    }
    #[derive(Serialize, JsonSchema)]
    pub struct AlbumOut {
        /// The album.
        pub album: Album,
        /// Its tracks, when include_tracks was set.
        pub tracks: Option<Page<Track>>,
    }
    #[derive(Serialize, JsonSchema)]
    pub struct ArtistOut {
        /// The artist.
        pub artist: Artist,
    }
    #[derive(Serialize, JsonSchema)]
    pub struct LyricsOut {
        /// The lyrics.
        pub lyrics: Lyrics,
    }
}

#[tool_router(router = catalog_router, vis = "pub(crate)")]
impl TidalMcp {
    /// Searches TIDAL for tracks, albums, artists, playlists and videos.
    #[tool(
        title = "Search TIDAL",
        annotations(
            read_only_hint = true,
            destructive_hint = false,
            idempotent_hint = true,
            open_world_hint = true
        )
    )]
    pub(crate) async fn search(
        &self,
        ctx: Ctx,
        Parameters(p): Parameters<SearchParams>,
    ) -> Result<Json<Cached<out::SearchOut>>, ToolError> {
        let query = p.query.trim();
        if query.is_empty() {
            return Err(ToolError::invalid("query is empty"));
        }
        let prefs = ctx.svc.prefs_for_active();
        let types = p.types.unwrap_or_else(|| SearchType::ALL.to_vec());
        if types.is_empty() {
            return Err(ToolError::invalid(
                "types is empty: leave it out to search every type",
            ));
        }
        let limit = p.limit.unwrap_or(prefs.search_limit);
        let offset = p.offset.unwrap_or(0);
        let key = json!([query, types, limit, offset]);
        let mut found = ctx
            .cached(Kind::Search, "search", key, &[], || async {
                let r = ctx
                    .svc
                    .tidal
                    .backend()
                    .search(query, &types, limit, offset)
                    .await?;
                Ok(out::SearchOut {
                    tracks: r.tracks,
                    albums: r.albums,
                    artists: r.artists,
                    playlists: r.playlists,
                    videos: r.videos,
                    top_hit: r.top_hit,
                })
            })
            .await?;
        if prefs.explicit_filter {
            let v = &mut found.0;
            for k in ["tracks", "albums", "videos"] {
                if let Some(items) = v[k]["items"].as_array_mut() {
                    items.retain(|i| !i["explicit"].as_bool().unwrap_or(false));
                }
            }
            let hit_explicit = ["track", "album", "video"]
                .iter()
                .any(|k| v["top_hit"][k]["explicit"].as_bool().unwrap_or(false));
            if hit_explicit {
                v["top_hit"] = Value::Null;
            }
        }
        Ok(Json(found))
    }

    /// One track.
    #[tool(
        title = "Get track",
        annotations(
            read_only_hint = true,
            destructive_hint = false,
            idempotent_hint = true,
            open_world_hint = true
        )
    )]
    pub(crate) async fn get_track(
        &self,
        ctx: Ctx,
        Parameters(p): Parameters<TrackIdParams>,
    ) -> Result<Json<Cached<out::TrackOut>>, ToolError> {
        let tid = id(&p.track_id, "track")?;
        ctx.cached(Kind::Catalog, "track", json!(tid), &[], || async {
            Ok(out::TrackOut {
                track: ctx.svc.tidal.backend().track(&tid).await?,
            })
        })
        .await
        .map(Json)
    }

    /// The tracks that carry an ISRC.
    #[tool(
        title = "Find track by ISRC",
        annotations(
            read_only_hint = true,
            destructive_hint = false,
            idempotent_hint = true,
            open_world_hint = true
        )
    )]
    pub(crate) async fn get_track_by_isrc(
        &self,
        ctx: Ctx,
        Parameters(p): Parameters<IsrcParams>,
    ) -> Result<Json<Cached<out::TracksOut>>, ToolError> {
        let isrc = p.isrc.trim().to_ascii_uppercase();
        if isrc.len() != 12 || !isrc.chars().all(|c| c.is_ascii_alphanumeric()) {
            return Err(ToolError::invalid(format!(
                "`{}` is not an ISRC (12 letters and digits, e.g. USUM71703861)",
                p.isrc
            )));
        }
        ctx.cached(Kind::Catalog, "isrc", json!(isrc), &[], || async {
            Ok(out::TracksOut {
                tracks: ctx.svc.tidal.backend().tracks_by_isrc(&isrc).await?,
            })
        })
        .await
        .map(Json)
    }

    /// One album, optionally with its tracks.
    #[tool(
        title = "Get album",
        annotations(
            read_only_hint = true,
            destructive_hint = false,
            idempotent_hint = true,
            open_world_hint = true
        )
    )]
    pub(crate) async fn get_album(
        &self,
        ctx: Ctx,
        Parameters(p): Parameters<GetAlbumParams>,
    ) -> Result<Json<Cached<out::AlbumOut>>, ToolError> {
        let aid = id(&p.album_id, "album")?;
        let with_tracks = p.include_tracks.unwrap_or(false);
        ctx.cached(
            Kind::Catalog,
            "album",
            json!([aid, with_tracks]),
            &[],
            || async {
                let album = ctx.svc.tidal.backend().album(&aid).await?;
                let tracks = if with_tracks {
                    Some(ctx.svc.tidal.backend().album_tracks(&aid, 0, 1000).await?)
                } else {
                    None
                };
                Ok(out::AlbumOut { album, tracks })
            },
        )
        .await
        .map(Json)
    }

    /// One artist.
    #[tool(
        title = "Get artist",
        annotations(
            read_only_hint = true,
            destructive_hint = false,
            idempotent_hint = true,
            open_world_hint = true
        )
    )]
    pub(crate) async fn get_artist(
        &self,
        ctx: Ctx,
        Parameters(p): Parameters<ArtistIdParams>,
    ) -> Result<Json<Cached<out::ArtistOut>>, ToolError> {
        let aid = id(&p.artist_id, "artist")?;
        ctx.cached(Kind::Catalog, "artist", json!(aid), &[], || async {
            Ok(out::ArtistOut {
                artist: ctx.svc.tidal.backend().artist(&aid).await?,
            })
        })
        .await
        .map(Json)
    }

    /// An artist's most popular tracks.
    #[tool(
        title = "Artist top tracks",
        annotations(
            read_only_hint = true,
            destructive_hint = false,
            idempotent_hint = true,
            open_world_hint = true
        )
    )]
    pub(crate) async fn get_artist_top_tracks(
        &self,
        ctx: Ctx,
        Parameters(p): Parameters<ArtistPageParams>,
    ) -> Result<Json<Cached<Page<Track>>>, ToolError> {
        let aid = id(&p.artist_id, "artist")?;
        let (lim, off) = (p.limit.unwrap_or(20), p.offset.unwrap_or(0));
        ctx.cached(
            Kind::Catalog,
            "artist_top",
            json!([aid, lim, off]),
            &[],
            || async {
                Ok(ctx
                    .svc
                    .tidal
                    .backend()
                    .artist_top_tracks(&aid, off, lim)
                    .await?)
            },
        )
        .await
        .map(Json)
    }

    /// An artist's albums, EPs and singles, or compilations.
    #[tool(
        title = "Artist albums",
        annotations(
            read_only_hint = true,
            destructive_hint = false,
            idempotent_hint = true,
            open_world_hint = true
        )
    )]
    pub(crate) async fn get_artist_albums(
        &self,
        ctx: Ctx,
        Parameters(p): Parameters<ArtistAlbumsParams>,
    ) -> Result<Json<Cached<Page<Album>>>, ToolError> {
        let aid = id(&p.artist_id, "artist")?;
        let filter = match p.filter.unwrap_or(AlbumFilter::Albums) {
            AlbumFilter::Albums => None,
            AlbumFilter::EpSingles => Some("EPSANDSINGLES"),
            AlbumFilter::Other => Some("COMPILATIONS"),
        };
        let (lim, off) = (p.limit.unwrap_or(20), p.offset.unwrap_or(0));
        let key = json!([aid, filter, lim, off]);
        ctx.cached(Kind::Catalog, "artist_albums", key, &[], || async {
            Ok(ctx
                .svc
                .tidal
                .backend()
                .artist_albums(&aid, filter, off, lim)
                .await?)
        })
        .await
        .map(Json)
    }

    /// Artists similar to one.
    #[tool(
        title = "Similar artists",
        annotations(
            read_only_hint = true,
            destructive_hint = false,
            idempotent_hint = true,
            open_world_hint = true
        )
    )]
    pub(crate) async fn get_similar_artists(
        &self,
        ctx: Ctx,
        Parameters(p): Parameters<ArtistPageParams>,
    ) -> Result<Json<Cached<Page<Artist>>>, ToolError> {
        let aid = id(&p.artist_id, "artist")?;
        let (lim, off) = (p.limit.unwrap_or(20), p.offset.unwrap_or(0));
        let key = json!([aid, lim, off]);
        ctx.cached(Kind::Catalog, "similar_artists", key, &[], || async {
            Ok(ctx
                .svc
                .tidal
                .backend()
                .similar_artists(&aid, off, lim)
                .await?)
        })
        .await
        .map(Json)
    }

    /// Radio from an artist.
    #[tool(
        title = "Artist radio",
        annotations(
            read_only_hint = true,
            destructive_hint = false,
            idempotent_hint = true,
            open_world_hint = true
        )
    )]
    pub(crate) async fn get_artist_radio(
        &self,
        ctx: Ctx,
        Parameters(p): Parameters<ArtistRadioParams>,
    ) -> Result<Json<Cached<Page<Track>>>, ToolError> {
        let aid = id(&p.artist_id, "artist")?;
        let lim = p.limit.unwrap_or(20);
        ctx.cached(
            Kind::Catalog,
            "artist_radio",
            json!([aid, lim]),
            &[],
            || async { Ok(ctx.svc.tidal.backend().artist_radio(&aid, lim).await?) },
        )
        .await
        .map(Json)
    }

    /// Albums similar to one.
    #[tool(
        title = "Similar albums",
        annotations(
            read_only_hint = true,
            destructive_hint = false,
            idempotent_hint = true,
            open_world_hint = true
        )
    )]
    pub(crate) async fn get_similar_albums(
        &self,
        ctx: Ctx,
        Parameters(p): Parameters<SimilarAlbumsParams>,
    ) -> Result<Json<Cached<Page<Album>>>, ToolError> {
        let aid = id(&p.album_id, "album")?;
        let lim = p.limit.unwrap_or(20);
        ctx.cached(
            Kind::Catalog,
            "similar_albums",
            json!([aid, lim]),
            &[],
            || async { Ok(ctx.svc.tidal.backend().similar_albums(&aid, lim).await?) },
        )
        .await
        .map(Json)
    }

    /// Radio from a track (the seed first).
    #[tool(
        title = "Track radio",
        annotations(
            read_only_hint = true,
            destructive_hint = false,
            idempotent_hint = true,
            open_world_hint = true
        )
    )]
    pub(crate) async fn get_track_radio(
        &self,
        ctx: Ctx,
        Parameters(p): Parameters<TrackRadioParams>,
    ) -> Result<Json<Cached<Page<Track>>>, ToolError> {
        let tid = id(&p.track_id, "track")?;
        let lim = p.limit.unwrap_or(20);
        ctx.cached(
            Kind::Catalog,
            "track_radio",
            json!([tid, lim]),
            &[],
            || async { Ok(ctx.svc.tidal.backend().track_radio(&tid, lim).await?) },
        )
        .await
        .map(Json)
    }

    /// A track's lyrics (timed lines when available).
    #[tool(
        title = "Lyrics",
        annotations(
            read_only_hint = true,
            destructive_hint = false,
            idempotent_hint = true,
            open_world_hint = true
        )
    )]
    pub(crate) async fn get_lyrics(
        &self,
        ctx: Ctx,
        Parameters(p): Parameters<TrackIdParams>,
    ) -> Result<Json<Cached<out::LyricsOut>>, ToolError> {
        let tid = id(&p.track_id, "track")?;
        ctx.svc.tidal.backend().require(Capability::Lyrics)?;
        ctx.cached(Kind::Catalog, "lyrics", json!(tid), &[], || async {
            Ok(out::LyricsOut {
                lyrics: ctx.svc.tidal.backend().lyrics(&tid).await?,
            })
        })
        .await
        .map(Json)
    }
}
