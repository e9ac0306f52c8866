//! Playlist tools over the service's playlists (`service::playlists`: the cache and its tags,
//! the write sequence, positions checked against TIDAL's current order). A write that stops
//! part-way reports what it did instead of hiding it behind an error.

use rmcp::handler::server::wrapper::Parameters;
use rmcp::{tool, tool_router};

use super::params::*;
use super::{Cached, Ctx, Json, ToolError, id, ids};
use crate::mcp::TidalMcp;
use crate::service::playlists::{Added, PlaylistWithItems};

pub mod out;

/// An error that travels inside an answer (the write did part of its work), as text.
fn error_text(e: Option<crate::service::ServiceError>) -> Option<String> {
    e.map(|e| ToolError::from(e).text())
}

#[tool_router(router = playlists_router, vis = "pub(crate)")]
impl TidalMcp {
    /// Your playlists (optionally the followed ones).
    #[tool(
        title = "Your playlists",
        annotations(
            read_only_hint = true,
            destructive_hint = false,
            idempotent_hint = true,
            open_world_hint = true
        )
    )]
    pub(crate) async fn list_playlists(
        &self,
        ctx: Ctx,
        Parameters(p): Parameters<ListPlaylistsParams>,
    ) -> Result<Json<Cached<out::PlaylistPage>>, ToolError> {
        let (lim, off) = (p.limit.unwrap_or(50), p.offset.unwrap_or(0));
        let fav = p.include_favorited.unwrap_or(false);
        Ok(Json(ctx.svc.playlists(fav, off, lim).await?))
    }

    /// A playlist and its items, each with its 0-based index.
    #[tool(
        title = "Get playlist",
        annotations(
            read_only_hint = true,
            destructive_hint = false,
            idempotent_hint = true,
            open_world_hint = true
        )
    )]
    pub(crate) async fn get_playlist(
        &self,
        ctx: Ctx,
        Parameters(p): Parameters<GetPlaylistParams>,
    ) -> Result<Json<Cached<PlaylistWithItems>>, ToolError> {
        let pid = id(&p.playlist_id, "playlist")?;
        let (limit, offset) = if p.all.unwrap_or(false) {
            (None, 0)
        } else {
            (Some(p.limit.unwrap_or(50)), p.offset.unwrap_or(0))
        };
        Ok(Json(ctx.svc.playlist(&ctx, &pid, limit, offset).await?))
    }

    /// Creates a playlist, optionally with tracks; says which tracks could not be added.
    #[tool(
        title = "Create playlist",
        annotations(
            read_only_hint = false,
            destructive_hint = false,
            idempotent_hint = false,
            open_world_hint = true
        )
    )]
    pub(crate) async fn create_playlist(
        &self,
        ctx: Ctx,
        Parameters(p): Parameters<CreatePlaylistParams>,
    ) -> Result<Json<out::CreatedOut>, ToolError> {
        let track_ids = ids(p.track_ids.as_deref().unwrap_or_default(), "track")?;
        let description = p.description.as_deref();
        let created = ctx
            .svc
            .create_playlist(&ctx, &p.title, description, p.public, &track_ids)
            .await?;
        let Added {
            added_ids,
            skipped,
            error,
        } = created.added;
        Ok(Json(out::CreatedOut {
            playlist: created.playlist,
            added_ids,
            skipped,
            error: error_text(error),
        }))
    }

    /// Changes a playlist's title, description or visibility.
    #[tool(
        title = "Edit playlist",
        annotations(
            read_only_hint = false,
            destructive_hint = true,
            idempotent_hint = true,
            open_world_hint = true
        )
    )]
    pub(crate) async fn update_playlist(
        &self,
        ctx: Ctx,
        Parameters(p): Parameters<UpdatePlaylistParams>,
    ) -> Result<Json<out::PlaylistInfoOut>, ToolError> {
        let pid = id(&p.playlist_id, "playlist")?;
        let (title, description) = (p.title.as_deref(), p.description.as_deref());
        let playlist = ctx
            .svc
            .update_playlist(&pid, title, description, p.public)
            .await?;
        Ok(Json(out::PlaylistInfoOut { playlist }))
    }

    /// Deletes one of your playlists (cannot be undone); the user confirms it.
    #[tool(
        title = "Delete playlist",
        annotations(
            read_only_hint = false,
            destructive_hint = true,
            idempotent_hint = true,
            open_world_hint = true
        )
    )]
    pub(crate) async fn delete_playlist(
        &self,
        ctx: Ctx,
        Parameters(p): Parameters<DestructiveParams>,
    ) -> Result<Json<out::DeletedOut>, ToolError> {
        let pid = id(&p.playlist_id, "playlist")?;
        let what = super::playlist_summary(&ctx, &pid).await?;
        let what = format!("Delete the playlist {what}? This cannot be undone.");
        super::confirm::confirm(&ctx, "delete_playlist", &what, p.confirm).await?;
        ctx.svc.delete_playlist(&pid).await?;
        Ok(Json(out::DeletedOut { deleted: pid }))
    }

    /// Adds tracks to a playlist; says which were skipped and why.
    #[tool(
        title = "Add to playlist",
        annotations(
            read_only_hint = false,
            destructive_hint = false,
            idempotent_hint = false,
            open_world_hint = true
        )
    )]
    pub(crate) async fn add_to_playlist(
        &self,
        ctx: Ctx,
        Parameters(p): Parameters<AddToPlaylistParams>,
    ) -> Result<Json<out::AddedOut>, ToolError> {
        let pid = id(&p.playlist_id, "playlist")?;
        let tids = ids(&p.track_ids, "track")?;
        let allow = p.allow_duplicates.unwrap_or(false);
        let added = ctx
            .svc
            .add_to_playlist(&ctx, &pid, &tids, p.position, allow)
            .await?;
        Ok(Json(out::AddedOut::of(pid, added)))
    }

    /// Removes items by index or by track.
    #[tool(
        title = "Remove from playlist",
        annotations(
            read_only_hint = false,
            destructive_hint = true,
            idempotent_hint = false,
            open_world_hint = true
        )
    )]
    pub(crate) async fn remove_from_playlist(
        &self,
        ctx: Ctx,
        Parameters(p): Parameters<RemoveFromPlaylistParams>,
    ) -> Result<Json<out::RemovedOut>, ToolError> {
        let pid = id(&p.playlist_id, "playlist")?;
        let indices = p.indices.as_deref().unwrap_or_default();
        let by_track = ids(p.track_ids.as_deref().unwrap_or_default(), "track")?;
        let asked = indices.len() + by_track.len();
        if asked >= super::confirm::BULK {
            let what = super::playlist_summary(&ctx, &pid).await?;
            let what = format!("Remove {asked} items from the playlist {what}?");
            super::confirm::confirm(&ctx, "remove_from_playlist", &what, p.confirm).await?;
        }
        let removed_indices = ctx
            .svc
            .remove_from_playlist(&pid, indices, &by_track)
            .await?;
        Ok(Json(out::RemovedOut {
            playlist_id: pid,
            removed_indices,
        }))
    }

    /// Moves items to another position.
    #[tool(
        title = "Reorder playlist",
        annotations(
            read_only_hint = false,
            destructive_hint = false,
            idempotent_hint = false,
            open_world_hint = true
        )
    )]
    pub(crate) async fn move_in_playlist(
        &self,
        ctx: Ctx,
        Parameters(p): Parameters<MoveInPlaylistParams>,
    ) -> Result<Json<out::MovedOut>, ToolError> {
        let pid = id(&p.playlist_id, "playlist")?;
        ctx.svc
            .move_in_playlist(&pid, &p.indices, p.to_index)
            .await?;
        Ok(Json(out::MovedOut {
            playlist_id: pid,
            moved: p.indices,
            to_index: p.to_index,
        }))
    }
}
