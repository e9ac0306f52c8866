//! Tools that work on a whole playlist (`service::tidy`, `service::import`): find (and remove)
//! duplicates and unavailable tracks, export as json, csv or m3u, and import such a list.

use rmcp::handler::server::wrapper::Parameters;
use rmcp::{tool, tool_router};

use super::params::*;
use super::playlists::out::AddedOut;
use super::{Ctx, Json, ToolError, id};
use crate::mcp::TidalMcp;
use crate::service::import::ImportTarget;
use crate::service::playlists::CopyTarget;

pub mod out {
    use schemars::JsonSchema;
    use serde::Serialize;

    use super::ExportFormat;
    use crate::service::import::{Matched, Unmatched};
    use crate::service::playlists::Skipped;
    use crate::tidal::model::{Playlist, PlaylistItem};

    #[derive(Serialize, JsonSchema)]
    pub struct ClearedOut {
        /// The playlist.
        pub playlist_id: String,
        /// How many items were removed.
        pub removed: u64,
    }

    #[derive(Serialize, JsonSchema)]
    pub struct CopiedOut {
        /// The playlist the tracks went to.
        pub playlist_id: String,
        /// Track ids added, in order.
        pub added_ids: Vec<String>,
        /// Tracks not added, and why.
        pub skipped: Vec<Skipped>,
        /// The playlist the copy created.
        pub playlist: Option<Playlist>,
        /// Set when adding stopped part-way: what went wrong (the added ones stay added).
        pub error: Option<String>,
    }

    #[derive(Serialize, JsonSchema)]
    pub struct ReorderedOut {
        /// The playlist.
        pub playlist_id: String,
        /// Its track ids in the new order.
        pub track_ids: Vec<String>,
    }

    #[derive(Serialize, JsonSchema)]
    pub struct ImportOut {
        /// Whether this was a dry run (nothing changed).
        pub dry_run: bool,
        /// Entries read from the list.
        pub entries: u64,
        /// Entries matched to a TIDAL track.
        pub matched: Vec<Matched>,
        /// Entries that did not match, with the reason.
        pub unmatched: Vec<Unmatched>,
        /// Tracks added, in order (on a dry run: the tracks that would be added).
        pub added_ids: Vec<String>,
        /// Matched tracks not added (already there, named twice), and why.
        pub skipped: Vec<Skipped>,
        /// The playlist the import created.
        pub playlist: Option<Playlist>,
        /// Set when adding stopped part-way: what went wrong (the added ones stay added).
        pub error: Option<String>,
    }

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

    /// Imports ISRCs, a CSV or an M3U into a playlist or your favourites, matching by ISRC,
    /// then title and artist; dry_run (the default) reports what would be added.
    #[tool(
        title = "Import tracks",
        annotations(
            read_only_hint = false,
            destructive_hint = false,
            idempotent_hint = false,
            open_world_hint = true
        )
    )]
    pub(crate) async fn import_tracks(
        &self,
        ctx: Ctx,
        Parameters(p): Parameters<ImportParams>,
    ) -> Result<Json<out::ImportOut>, ToolError> {
        let target = match (&p.playlist_id, &p.new_playlist_title, p.to_favorites) {
            (Some(pid), None, None | Some(false)) => ImportTarget::Playlist(id(pid, "playlist")?),
            (None, Some(title), None | Some(false)) => ImportTarget::NewPlaylist(title.clone()),
            (None, None, Some(true)) => ImportTarget::Favorites,
            _ => {
                return Err(ToolError::invalid(
                    "give exactly one of playlist_id, new_playlist_title or to_favorites=true",
                ));
            }
        };
        let dry_run = p.dry_run.unwrap_or(true);
        let done = ctx
            .svc
            .import_tracks(&ctx, &p.content, p.format, target, dry_run)
            .await?;
        Ok(Json(out::ImportOut {
            dry_run,
            entries: done.entries,
            matched: done.matched,
            unmatched: done.unmatched,
            added_ids: done.added.added_ids,
            skipped: done.added.skipped,
            playlist: done.playlist,
            error: done.added.error.map(|e| ToolError::from(e).text()),
        }))
    }

    /// Removes every item of a playlist (cannot be undone).
    #[tool(
        title = "Clear playlist",
        annotations(
            read_only_hint = false,
            destructive_hint = true,
            idempotent_hint = true,
            open_world_hint = true
        )
    )]
    pub(crate) async fn clear_playlist(
        &self,
        ctx: Ctx,
        Parameters(p): Parameters<DestructiveParams>,
    ) -> Result<Json<out::ClearedOut>, ToolError> {
        let pid = id(&p.playlist_id, "playlist")?;
        let what = super::playlist_summary(&ctx, &pid).await?;
        let what = format!("Remove every track from the playlist {what}?");
        super::confirm::confirm(&ctx, "clear_playlist", &what, p.confirm).await?;
        let removed = ctx.svc.clear_playlist(&pid).await?;
        Ok(Json(out::ClearedOut {
            playlist_id: pid,
            removed,
        }))
    }

    /// Copies a playlist's tracks into another playlist (a merge) or a new one.
    #[tool(
        title = "Copy playlist",
        annotations(
            read_only_hint = false,
            destructive_hint = false,
            idempotent_hint = false,
            open_world_hint = true
        )
    )]
    pub(crate) async fn copy_playlist(
        &self,
        ctx: Ctx,
        Parameters(p): Parameters<CopyPlaylistParams>,
    ) -> Result<Json<out::CopiedOut>, ToolError> {
        let source = id(&p.source_playlist_id, "playlist")?;
        let target = match (&p.playlist_id, &p.new_playlist_title) {
            (Some(pid), None) => CopyTarget::Playlist(id(pid, "playlist")?),
            (None, Some(title)) => CopyTarget::NewPlaylist(title.clone()),
            _ => {
                return Err(ToolError::invalid(
                    "give exactly one of playlist_id or new_playlist_title",
                ));
            }
        };
        let target_id = match &target {
            CopyTarget::Playlist(pid) => Some(pid.clone()),
            CopyTarget::NewPlaylist(_) => None,
        };
        let allow = p.allow_duplicates.unwrap_or(false);
        let (added, playlist) = ctx.svc.copy_playlist(&ctx, &source, target, allow).await?;
        let playlist_id = target_id
            .or_else(|| playlist.as_ref().map(|p| p.id.clone()))
            .unwrap_or_default();
        Ok(Json(out::CopiedOut {
            playlist_id,
            added_ids: added.added_ids,
            skipped: added.skipped,
            playlist,
            error: added.error.map(|e| ToolError::from(e).text()),
        }))
    }

    /// Adds every track of an album to a playlist, in order.
    #[tool(
        title = "Add album to playlist",
        annotations(
            read_only_hint = false,
            destructive_hint = false,
            idempotent_hint = false,
            open_world_hint = true
        )
    )]
    pub(crate) async fn add_album_to_playlist(
        &self,
        ctx: Ctx,
        Parameters(p): Parameters<AddAlbumParams>,
    ) -> Result<Json<AddedOut>, ToolError> {
        let pid = id(&p.playlist_id, "playlist")?;
        let aid = id(&p.album_id, "album")?;
        let allow = p.allow_duplicates.unwrap_or(false);
        let added = ctx
            .svc
            .add_album_to_playlist(&ctx, &pid, &aid, allow)
            .await?;
        Ok(Json(AddedOut::of(pid, added)))
    }

    /// Puts a playlist in a new order: reversed, shuffled, or sorted by a field.
    #[tool(
        title = "Reorder playlist",
        annotations(
            read_only_hint = false,
            destructive_hint = false,
            idempotent_hint = false,
            open_world_hint = true
        )
    )]
    pub(crate) async fn reorder_playlist(
        &self,
        ctx: Ctx,
        Parameters(p): Parameters<ReorderParams>,
    ) -> Result<Json<out::ReorderedOut>, ToolError> {
        let pid = id(&p.playlist_id, "playlist")?;
        let descending = p.descending.unwrap_or(false);
        let track_ids = ctx
            .svc
            .reorder_playlist(&ctx, &pid, p.order, descending)
            .await?;
        Ok(Json(out::ReorderedOut {
            playlist_id: pid,
            track_ids,
        }))
    }
}
