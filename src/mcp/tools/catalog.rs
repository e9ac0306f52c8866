//! Catalogue tools: search, tracks, albums, artists, radios, lyrics, each one read of the
//! service's catalogue (`service::catalog`, cached per country).

use rmcp::handler::server::wrapper::Parameters;
use rmcp::{tool, tool_router};

use super::params::*;
use super::{Cached, Ctx, Json, ToolError, id};
use crate::mcp::TidalMcp;
use crate::service::catalog::AlbumWithTracks;
use crate::tidal::model::{
    Album, AlbumReview, Artist, ArtistBio, Artwork, Page, SearchResult, Suggestions, Track,
};

pub mod out {
    //! Output shapes (their schemas are the tools' outputSchema).
    use schemars::JsonSchema;
    use serde::Serialize;

    use crate::tidal::model::{Artist, Lyrics, Track};

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
    pub struct ArtistOut {
        /// The artist.
        pub artist: Artist,
    }
    #[derive(Serialize, JsonSchema)]
    pub struct AlbumsOut {
        /// The albums that carry the UPC (a release can be listed more than once).
        pub albums: Vec<crate::tidal::model::Album>,
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
    ) -> Result<Json<Cached<SearchResult>>, ToolError> {
        let types = p.types.unwrap_or_else(|| SearchType::ALL.to_vec());
        let offset = p.offset.unwrap_or(0);
        let found = ctx.svc.search(&p.query, &types, p.limit, offset).await?;
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
        Ok(Json(ctx.svc.track(&tid).await?.within("track")))
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
        Ok(Json(
            ctx.svc.tracks_by_isrc(&p.isrc).await?.within("tracks"),
        ))
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
    ) -> Result<Json<Cached<AlbumWithTracks>>, ToolError> {
        let aid = id(&p.album_id, "album")?;
        let with_tracks = p.include_tracks.unwrap_or(false);
        Ok(Json(ctx.svc.album(&aid, with_tracks).await?))
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
        Ok(Json(ctx.svc.artist(&aid).await?.within("artist")))
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
        Ok(Json(ctx.svc.artist_top_tracks(&aid, off, lim).await?))
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
        let filter = p.filter.unwrap_or(AlbumFilter::Albums);
        let (lim, off) = (p.limit.unwrap_or(20), p.offset.unwrap_or(0));
        Ok(Json(ctx.svc.artist_albums(&aid, filter, off, lim).await?))
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
        Ok(Json(ctx.svc.similar_artists(&aid, off, lim).await?))
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
        Ok(Json(
            ctx.svc.artist_radio(&aid, p.limit.unwrap_or(20)).await?,
        ))
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
        Ok(Json(
            ctx.svc.similar_albums(&aid, p.limit.unwrap_or(20)).await?,
        ))
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
        Ok(Json(
            ctx.svc.track_radio(&tid, p.limit.unwrap_or(20)).await?,
        ))
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
        Ok(Json(ctx.svc.lyrics(&tid).await?.within("lyrics")))
    }

    /// An artist's biography.
    #[tool(
        title = "Artist biography",
        annotations(
            read_only_hint = true,
            destructive_hint = false,
            idempotent_hint = true,
            open_world_hint = true
        )
    )]
    pub(crate) async fn get_artist_bio(
        &self,
        ctx: Ctx,
        Parameters(p): Parameters<ArtistIdParams>,
    ) -> Result<Json<Cached<ArtistBio>>, ToolError> {
        let aid = id(&p.artist_id, "artist")?;
        Ok(Json(ctx.svc.artist_bio(&aid).await?))
    }

    /// An album's review (device-client logins; TIDAL's official API has none).
    #[tool(
        title = "Album review",
        annotations(
            read_only_hint = true,
            destructive_hint = false,
            idempotent_hint = true,
            open_world_hint = true
        )
    )]
    pub(crate) async fn get_album_review(
        &self,
        ctx: Ctx,
        Parameters(p): Parameters<AlbumIdParams>,
    ) -> Result<Json<Cached<AlbumReview>>, ToolError> {
        let aid = id(&p.album_id, "album")?;
        Ok(Json(ctx.svc.album_review(&aid).await?))
    }

    /// The albums that carry a UPC / EAN barcode.
    #[tool(
        title = "Find album by UPC",
        annotations(
            read_only_hint = true,
            destructive_hint = false,
            idempotent_hint = true,
            open_world_hint = true
        )
    )]
    pub(crate) async fn get_album_by_upc(
        &self,
        ctx: Ctx,
        Parameters(p): Parameters<UpcParams>,
    ) -> Result<Json<Cached<out::AlbumsOut>>, ToolError> {
        let upc = p.upc.trim();
        if !upc.chars().all(|c| c.is_ascii_digit()) {
            return Err(ToolError::invalid(format!(
                "`{upc}` is not a UPC: give the barcode's 8 to 14 digits"
            )));
        }
        Ok(Json(ctx.svc.albums_by_upc(upc).await?.within("albums")))
    }

    /// Tracks like one track (TIDAL's similar tracks, not a radio).
    #[tool(
        title = "Similar tracks",
        annotations(
            read_only_hint = true,
            destructive_hint = false,
            idempotent_hint = true,
            open_world_hint = true
        )
    )]
    pub(crate) async fn get_similar_tracks(
        &self,
        ctx: Ctx,
        Parameters(p): Parameters<TrackRadioParams>,
    ) -> Result<Json<Cached<Page<Track>>>, ToolError> {
        let tid = id(&p.track_id, "track")?;
        Ok(Json(
            ctx.svc.similar_tracks(&tid, p.limit.unwrap_or(20)).await?,
        ))
    }

    /// An artist's videos.
    #[tool(
        title = "Artist videos",
        annotations(
            read_only_hint = true,
            destructive_hint = false,
            idempotent_hint = true,
            open_world_hint = true
        )
    )]
    pub(crate) async fn get_artist_videos(
        &self,
        ctx: Ctx,
        Parameters(p): Parameters<ArtistVideosParams>,
    ) -> Result<Json<Cached<Page<Track>>>, ToolError> {
        let aid = id(&p.artist_id, "artist")?;
        let (limit, offset) = (p.limit.unwrap_or(20), p.offset.unwrap_or(0));
        Ok(Json(ctx.svc.artist_videos(&aid, offset, limit).await?))
    }

    /// Cover or picture URLs of a track, album, artist, playlist or mix, at a chosen size.
    #[tool(
        title = "Artwork",
        annotations(
            read_only_hint = true,
            destructive_hint = false,
            idempotent_hint = true,
            open_world_hint = true
        )
    )]
    pub(crate) async fn get_artwork(
        &self,
        ctx: Ctx,
        Parameters(p): Parameters<ArtworkParams>,
    ) -> Result<Json<Artwork>, ToolError> {
        let oid = id(&p.id, p.kind.id_kind())?;
        let width = p.size.unwrap_or(640);
        Ok(Json(ctx.svc.artwork(p.kind, &oid, width).await?))
    }

    /// Search suggestions for a query: completions, a corrected spelling ("did you mean"),
    /// and what it already names.
    #[tool(
        title = "Search suggestions",
        annotations(
            read_only_hint = true,
            destructive_hint = false,
            idempotent_hint = true,
            open_world_hint = true
        )
    )]
    pub(crate) async fn search_suggestions(
        &self,
        ctx: Ctx,
        Parameters(p): Parameters<SuggestParams>,
    ) -> Result<Json<Cached<Suggestions>>, ToolError> {
        Ok(Json(ctx.svc.suggestions(&p.query).await?))
    }
}
