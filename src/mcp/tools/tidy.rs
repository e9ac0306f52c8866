//! Tools that read a whole playlist and work on it (`service::tidy`): find (and remove)
//! duplicates and unavailable tracks, and export as json, csv or m3u.

use rmcp::handler::server::wrapper::Parameters;
use rmcp::{tool, tool_router};

use super::params::*;
use super::{Ctx, Json, ToolError, id};
use crate::mcp::TidalMcp;

pub mod out {
    use schemars::JsonSchema;
    use serde::Serialize;

    use super::ExportFormat;
    use crate::tidal::model::PlaylistItem;

    #[derive(Serialize, JsonSchema)]
    pub struct DedupeOut {
        /// The playlist.
        pub playlist_id: String,
        /// Later copies of a track (same id or same ISRC); the first of each stays.
        pub duplicates: Vec<PlaylistItem>,
        /// Tracks that cannot be streamed (e.g. not in your country).
        pub unavailable: Vec<PlaylistItem>,
        /// Whether they were removed (dry_run=false and something to remove).
        pub removed: bool,
    }
    #[derive(Serialize, JsonSchema)]
    pub struct ExportOut {
        /// The playlist.
        pub playlist_id: String,
        /// The format of `content`.
        pub format: ExportFormat,
        /// Items exported.
        pub count: u64,
        /// The exported text.
        pub content: String,
    }
}

#[tool_router(router = tidy_router, vis = "pub(crate)")]
impl TidalMcp {
    /// Finds duplicate and unavailable tracks in a playlist; dry_run=false removes them.
    #[tool(
        title = "Find duplicates",
        annotations(
            read_only_hint = false,
            destructive_hint = true,
            idempotent_hint = false,
            open_world_hint = true
        )
    )]
    pub(crate) async fn dedupe_playlist(
        &self,
        ctx: Ctx,
        Parameters(p): Parameters<DedupeParams>,
    ) -> Result<Json<out::DedupeOut>, ToolError> {
        let pid = id(&p.playlist_id, "playlist")?;
        let dry_run = p.dry_run.unwrap_or(true);
        let found = ctx.svc.dedupe_playlist(&ctx, &pid, dry_run).await?;
        Ok(Json(out::DedupeOut {
            playlist_id: pid,
            duplicates: found.duplicates,
            unavailable: found.unavailable,
            removed: found.removed,
        }))
    }

    /// A playlist as json, csv or m3u text.
    #[tool(
        title = "Export playlist",
        annotations(
            read_only_hint = true,
            destructive_hint = false,
            idempotent_hint = true,
            open_world_hint = true
        )
    )]
    pub(crate) async fn export_playlist(
        &self,
        ctx: Ctx,
        Parameters(p): Parameters<ExportParams>,
    ) -> Result<Json<out::ExportOut>, ToolError> {
        let pid = id(&p.playlist_id, "playlist")?;
        let whole = ctx.svc.whole_playlist(&ctx, &pid).await?;
        let items = &whole.items.items;
        Ok(Json(out::ExportOut {
            playlist_id: pid,
            format: p.format,
            count: items.len() as u64,
            content: p.format.render(&whole.playlist, items),
        }))
    }
}
