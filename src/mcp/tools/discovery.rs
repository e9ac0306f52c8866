//! Discovery tools: the mixes TIDAL made for you, their tracks, and recommendations fanned out
//! from seed radios (`service::discovery`).

use rmcp::handler::server::wrapper::Parameters;
use rmcp::{tool, tool_router};

use super::params::*;
use super::{Cached, Ctx, Json, ToolError, id, ids};
use crate::mcp::TidalMcp;
use crate::service::account::ListeningHistory;
use crate::service::discovery::{FromFavorites, Seed};
use crate::service::releases::NewReleases;
use crate::tidal::model::{Page, PageView, Track};

pub mod out {
    use schemars::JsonSchema;
    use serde::Serialize;

    use crate::tidal::model::{Mix, Track};

    #[derive(Serialize, JsonSchema)]
    pub struct MixesOut {
        /// Your mixes (daily discovery, new arrivals, per-artist mixes, ...).
        pub mixes: Vec<Mix>,
    }
    #[derive(Serialize, JsonSchema)]
    pub struct RecommendOut {
        /// Recommended tracks, the seeds' radios interleaved.
        pub tracks: Vec<Track>,
        /// Seeds used, as `track:<id>` or `artist:<id>`.
        pub seeds_used: Vec<String>,
        /// Seeds that could not be used (not found, no radio, rate limited), with the reason.
        pub seeds_skipped: Vec<String>,
    }
}

#[tool_router(router = discovery_router, vis = "pub(crate)")]
impl TidalMcp {
    /// The mixes TIDAL made for you.
    #[tool(
        title = "Your mixes",
        annotations(
            read_only_hint = true,
            destructive_hint = false,
            idempotent_hint = true,
            open_world_hint = true
        )
    )]
    pub(crate) async fn get_mixes(
        &self,
        ctx: Ctx,
    ) -> Result<Json<Cached<out::MixesOut>>, ToolError> {
        Ok(Json(ctx.svc.mixes().await?.within("mixes")))
    }

    /// The tracks of a mix.
    #[tool(
        title = "Mix tracks",
        annotations(
            read_only_hint = true,
            destructive_hint = false,
            idempotent_hint = true,
            open_world_hint = true
        )
    )]
    pub(crate) async fn get_mix_items(
        &self,
        ctx: Ctx,
        Parameters(p): Parameters<MixParams>,
    ) -> Result<Json<Cached<Page<Track>>>, ToolError> {
        let mid = id(&p.mix_id, "mix")?;
        Ok(Json(ctx.svc.mix_items(&mid, p.limit.unwrap_or(50)).await?))
    }

    /// Tracks recommended from seed tracks, artists or your favourites.
    #[tool(
        title = "Recommend tracks",
        annotations(
            read_only_hint = true,
            destructive_hint = false,
            idempotent_hint = true,
            open_world_hint = true
        )
    )]
    pub(crate) async fn recommend_tracks(
        &self,
        ctx: Ctx,
        Parameters(p): Parameters<RecommendParams>,
    ) -> Result<Json<out::RecommendOut>, ToolError> {
        let tracks = ids(p.seed_track_ids.as_deref().unwrap_or_default(), "track")?;
        let artists = ids(p.seed_artist_ids.as_deref().unwrap_or_default(), "artist")?;
        let seeds = (tracks.into_iter().map(Seed::Track))
            .chain(artists.into_iter().map(Seed::Artist))
            .collect();
        let favorites = FromFavorites {
            seed: p.from_favorites.unwrap_or(false),
            exclude: p.exclude_favorites.unwrap_or(false),
        };
        let limit = p.limit.unwrap_or(20);
        let r = ctx.svc.recommend(&ctx, seeds, favorites, limit).await?;
        Ok(Json(out::RecommendOut {
            tracks: r.tracks,
            seeds_used: r.seeds_used,
            seeds_skipped: r.seeds_skipped,
        }))
    }

    /// What you listened to most, by month, year and ever (TIDAL's history mixes).
    #[tool(
        title = "Listening history",
        annotations(
            read_only_hint = true,
            destructive_hint = false,
            idempotent_hint = true,
            open_world_hint = true
        )
    )]
    pub(crate) async fn get_listening_history(
        &self,
        ctx: Ctx,
        Parameters(p): Parameters<HistoryParams>,
    ) -> Result<Json<Cached<ListeningHistory>>, ToolError> {
        let per_mix = p.tracks_per_mix.unwrap_or(20);
        Ok(Json(ctx.svc.listening_history(per_mix).await?))
    }

    /// New albums, EPs and singles from the artists you follow, newest first.
    #[tool(
        title = "New releases",
        annotations(
            read_only_hint = true,
            destructive_hint = false,
            idempotent_hint = true,
            open_world_hint = true
        )
    )]
    pub(crate) async fn get_new_releases(
        &self,
        ctx: Ctx,
        Parameters(p): Parameters<NewReleasesParams>,
    ) -> Result<Json<NewReleases>, ToolError> {
        let (days, artists) = (p.days.unwrap_or(30), p.max_artists.unwrap_or(50));
        Ok(Json(ctx.svc.new_releases(&ctx, days, artists).await?))
    }

    /// TIDAL's pages: home, explore, for_you, genres, moods, videos, or a linked page; each row's
    /// tracks, albums, artists, playlists, mixes and links to more pages.
    #[tool(
        title = "Browse TIDAL",
        annotations(
            read_only_hint = true,
            destructive_hint = false,
            idempotent_hint = true,
            open_world_hint = true
        )
    )]
    pub(crate) async fn browse(
        &self,
        ctx: Ctx,
        Parameters(p): Parameters<BrowseParams>,
    ) -> Result<Json<PageView>, ToolError> {
        let per_row = p.per_row.unwrap_or(10) as usize;
        Ok(Json(ctx.svc.browse(&p.page, per_row).await?))
    }
}
