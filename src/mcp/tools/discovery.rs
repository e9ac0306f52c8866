//! Discovery tools: the mixes TIDAL made for you, their tracks, and recommendations fanned out
//! from seed radios.

use std::collections::HashSet;

use rmcp::handler::server::wrapper::Parameters;
use rmcp::{tool, tool_router};
use serde_json::json;

use super::params::*;
use super::{Cached, Ctx, Json, ToolError, id, ids};
use crate::mcp::TidalMcp;
use crate::service::cache::Kind;
use crate::tidal::TidalError;
use crate::tidal::model::{Page, Track};
use crate::tidal::v1::FavoriteKind;
use crate::tidal::{Catalog, Favorites};

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
        ctx.cached(Kind::Library, "mixes", json!(null), &[], || async {
            Ok(out::MixesOut {
                mixes: ctx.svc.tidal.backend().mixes().await?,
            })
        })
        .await
        .map(Json)
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
        let lim = p.limit.unwrap_or(50);
        ctx.cached(
            Kind::Library,
            "mix_items",
            json!([mid, lim]),
            &[],
            || async { Ok(ctx.svc.tidal.backend().mix_items(&mid, lim).await?) },
        )
        .await
        .map(Json)
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
        let lim = p.limit.unwrap_or(20);
        let mut seeds: Vec<(String, String)> = Vec::new();
        for t in ids(p.seed_track_ids.as_deref().unwrap_or_default(), "track")? {
            seeds.push(("track".into(), t));
        }
        for a in ids(p.seed_artist_ids.as_deref().unwrap_or_default(), "artist")? {
            seeds.push(("artist".into(), a));
        }
        let tidal = &ctx.svc.tidal;
        let mut exclude: HashSet<String> = HashSet::new();
        if p.from_favorites.unwrap_or(false) || p.exclude_favorites.unwrap_or(false) {
            let favs = tidal
                .backend()
                .favorites(FavoriteKind::Tracks, 0, 200, "DATE", "DESC")
                .await?;
            let fav_ids: Vec<String> = favs
                .items
                .iter()
                .filter_map(|f| f["item"]["id"].as_str().map(str::to_string))
                .collect();
            if p.from_favorites.unwrap_or(false) {
                seeds.extend(
                    fav_ids
                        .iter()
                        .take(5)
                        .map(|t| ("track".to_string(), t.clone())),
                );
            }
            if p.exclude_favorites.unwrap_or(false) {
                exclude.extend(fav_ids);
            }
        }
        if seeds.is_empty() {
            return Err(ToolError::invalid(
                "give seed_track_ids, seed_artist_ids or from_favorites=true",
            ));
        }
        exclude.extend(
            seeds
                .iter()
                .filter(|(k, _)| k == "track")
                .map(|(_, id)| id.clone()),
        );
        let per_seed = (lim / seeds.len() as u64 + 5).min(100);
        let mut pools: Vec<Vec<Track>> = Vec::new();
        let (mut used, mut skipped) = (Vec::new(), Vec::new());
        for (n, (k, sid)) in seeds.iter().enumerate() {
            ctx.cancelled()?;
            let r = if k == "track" {
                tidal.backend().track_radio(sid, per_seed).await
            } else {
                tidal.backend().artist_radio(sid, per_seed).await
            };
            match r {
                Ok(page) => {
                    used.push(format!("{k}:{sid}"));
                    pools.push(page.items);
                }
                Err(TidalError::RateLimited { wait_s }) => {
                    skipped.push(format!("{k}:{sid} (rate limited, retry in {wait_s}s)"));
                    break;
                }
                Err(TidalError::NotFound(m)) => skipped.push(format!("{k}:{sid} ({m})")),
                Err(e) => return Err(e.into()),
            }
            ctx.progress(n as u64 + 1, Some(seeds.len() as u64), "reading radios")
                .await;
        }
        // Interleave the seeds' radios so every seed is represented.
        let mut picked: Vec<Track> = Vec::new();
        let mut seen = exclude;
        let explicit_filter = ctx.svc.prefs_for_active().explicit_filter;
        let longest = pools.iter().map(Vec::len).max().unwrap_or(0);
        'fill: for i in 0..longest {
            for pool in &pools {
                if let Some(t) = pool.get(i) {
                    if (explicit_filter && t.explicit) || !seen.insert(t.id.clone()) {
                        continue;
                    }
                    picked.push(t.clone());
                    if picked.len() as u64 >= lim {
                        break 'fill;
                    }
                }
            }
        }
        Ok(Json(out::RecommendOut {
            tracks: picked,
            seeds_used: used,
            seeds_skipped: skipped,
        }))
    }
}
