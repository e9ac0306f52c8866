//! Playlist tools. Reads are cached per user and tagged with the playlist; every write drops
//! those tags, so a read after a write is never stale. Writes are audited and limited, and a
//! write that fails half-way reports what it did instead of hiding it behind an error.

use std::collections::{HashMap, HashSet};

use rmcp::handler::server::wrapper::Parameters;
use rmcp::{tool, tool_router};
use serde_json::json;

use super::params::*;
use super::{Cached, Ctx, Json, ToolError, id, ids};
use crate::mcp::TidalMcp;
use crate::service::cache::Kind;
use crate::service::limits::Category;
use crate::tidal::Playlists;
use crate::tidal::model::{Page, Playlist, PlaylistItem};

pub mod out;

pub(super) fn tag(pid: &str) -> String {
    format!("playlist:{pid}")
}
pub(super) const LIST_TAG: &str = "playlists";

/// A playlist and a page of its items (`limit: None` = every item) through the cache, with
/// progress while pages come in and a stop on cancellation.
pub(super) async fn read(
    ctx: &Ctx,
    pid: &str,
    limit: Option<u64>,
    offset: u64,
) -> Result<Cached<out::PlaylistOut>, ToolError> {
    let lim = limit.unwrap_or(u64::MAX);
    let t = tag(pid);
    let key = json!([pid, lim, offset]);
    ctx.cached(Kind::Library, "playlist", key, &[t.as_str()], || async {
        let (playlist, _) = ctx.svc.tidal.backend().playlist(pid).await?;
        let total_hint = playlist.number_of_tracks.unwrap_or(0);
        let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
        let api = ctx.svc.tidal.backend();
        let fetch = api.playlist_items(pid, offset, lim, move |done, total| {
            let _ = tx.send((done, total));
        });
        tokio::pin!(fetch);
        let items = loop {
            tokio::select! {
                r = &mut fetch => break r?,
                Some((done, total)) = rx.recv() => {
                    ctx.progress(done, Some(total.max(total_hint)), "reading playlist").await
                }
                _ = ctx.ct.cancelled() => return Err(ToolError::cancelled()),
            }
        };
        Ok(out::PlaylistOut { playlist, items })
    })
    .await
}

/// Every item of a playlist through the cache (for reads such as export).
pub(super) async fn all_items(
    ctx: &Ctx,
    pid: &str,
) -> Result<(Playlist, Page<PlaylistItem>), ToolError> {
    let v = read(ctx, pid, None, 0).await?.0;
    let whole: out::PlaylistOut =
        serde_json::from_value(v).map_err(|e| ToolError::invalid(e.to_string()))?;
    Ok((whole.playlist, whole.items))
}

/// Every item of a playlist straight from TIDAL: writes that name positions must never act on
/// a cached (possibly stale) order.
pub(super) async fn fresh_items(
    ctx: &Ctx,
    pid: &str,
) -> Result<(Playlist, Page<PlaylistItem>), ToolError> {
    let (playlist, _) = ctx.svc.tidal.backend().playlist(pid).await?;
    let items = ctx
        .svc
        .tidal
        .backend()
        .playlist_items(pid, 0, u64::MAX, |_, _| {})
        .await?;
    Ok((playlist, items))
}

/// The one rule for positions: 0 up to the item count (the count itself means the end).
fn check_position(name: &str, position: u64, count: u64) -> Result<(), ToolError> {
    if position > count {
        return Err(ToolError::invalid(format!(
            "{name} {position} is past the end: the playlist has {count} items, so use 0-{count} \
             (or leave it out to append)"
        )));
    }
    Ok(())
}

/// Adds `wanted` in chunks of 50 from `position`. Returns what was added, what TIDAL skipped
/// as unknown, and the error that stopped it part-way, if one did.
async fn add_in_chunks(
    ctx: &Ctx,
    pid: &str,
    wanted: &[String],
    mut position: Option<u64>,
    allow_duplicates: bool,
) -> (Vec<String>, Vec<out::Skipped>, Option<ToolError>) {
    let (mut added, mut skipped) = (Vec::new(), Vec::new());
    let total = wanted.len() as u64;
    for (n, chunk) in wanted.chunks(50).enumerate() {
        if let Err(e) = ctx.cancelled() {
            return (added, not_attempted(&wanted[n * 50..], skipped), Some(e));
        }
        let got = match ctx
            .svc
            .tidal
            .backend()
            .add_tracks(pid, chunk, position, allow_duplicates)
            .await
        {
            Ok(got) => got,
            Err(e) => {
                return (
                    added,
                    not_attempted(&wanted[n * 50..], skipped),
                    Some(e.into()),
                );
            }
        };
        // TIDAL skips ids it does not know (onArtifactNotFound=SKIP) and lists what it added.
        let mut left: HashMap<&str, usize> = HashMap::new();
        for g in &got {
            *left.entry(g.as_str()).or_default() += 1;
        }
        for t in chunk {
            match left.get_mut(t.as_str()) {
                Some(c) if *c > 0 => *c -= 1,
                _ => skipped.push(out::Skipped {
                    track_id: t.clone(),
                    reason: out::SkipReason::NotFound,
                }),
            }
        }
        position = position.map(|x| x + got.len() as u64);
        added.extend(got);
        ctx.progress(
            ((n as u64 + 1) * 50).min(total),
            Some(total),
            "adding tracks",
        )
        .await;
    }
    (added, skipped, None)
}

fn not_attempted(rest: &[String], mut skipped: Vec<out::Skipped>) -> Vec<out::Skipped> {
    skipped.extend(rest.iter().map(|t| out::Skipped {
        track_id: t.clone(),
        reason: out::SkipReason::NotAttempted,
    }));
    skipped
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
        let (lim, off, fav) = (
            p.limit.unwrap_or(50),
            p.offset.unwrap_or(0),
            p.include_favorited.unwrap_or(false),
        );
        let key = json!([lim, off, fav]);
        ctx.cached(Kind::Library, "playlists", key, &[LIST_TAG], || async {
            Ok(ctx
                .svc
                .tidal
                .backend()
                .user_playlists(fav, off, lim)
                .await?)
        })
        .await
        .map(Json)
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
    ) -> Result<Json<Cached<out::PlaylistOut>>, ToolError> {
        let pid = id(&p.playlist_id, "playlist")?;
        let page = if p.all.unwrap_or(false) {
            (None, 0)
        } else {
            (Some(p.limit.unwrap_or(50)), p.offset.unwrap_or(0))
        };
        read(&ctx, &pid, page.0, page.1).await.map(Json)
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
        let title = p.title.trim();
        if title.is_empty() {
            return Err(ToolError::invalid("title is empty"));
        }
        let track_ids = ids(p.track_ids.as_deref().unwrap_or_default(), "track")?;
        ctx.svc.check_limit(Category::PlaylistOperations).await?;
        ctx.svc
            .audit_write("create_playlist", json!({"tracks": track_ids.len()}))?;
        let prefs = ctx.svc.prefs_for_active();
        let public = p.public.unwrap_or(prefs.playlist_public);
        let tidal = &ctx.svc.tidal;
        let mut playlist = tidal
            .backend()
            .create_playlist(title, p.description.as_deref().unwrap_or(""))
            .await?;
        ctx.svc.invalidate(&[LIST_TAG]);
        let mut error = None;
        if public
            && let Err(e) = tidal
                .backend()
                .set_playlist_public(&playlist.id, true)
                .await
        {
            error = Some(ToolError::from(e));
        }
        // A new playlist holds each track once, as add_to_playlist would keep it.
        let mut seen = HashSet::new();
        let (unique, repeated): (Vec<String>, Vec<String>) =
            track_ids.into_iter().partition(|t| seen.insert(t.clone()));
        let mut skipped: Vec<out::Skipped> = repeated
            .into_iter()
            .map(|t| out::Skipped {
                track_id: t,
                reason: out::SkipReason::RepeatedInRequest,
            })
            .collect();
        let added = if error.is_some() {
            skipped = not_attempted(&unique, skipped);
            Vec::new()
        } else {
            let (added, not_added, e) =
                add_in_chunks(&ctx, &playlist.id, &unique, None, false).await;
            skipped.extend(not_added);
            error = e;
            added
        };
        // The answer to the create call predates the additions: read the counts back.
        match tidal.backend().playlist(&playlist.id).await {
            Ok((fresh, _)) => playlist = fresh,
            Err(_) => {
                playlist.number_of_tracks = Some(added.len() as u64);
                playlist.public = Some(public && error.is_none());
            }
        }
        Ok(Json(out::CreatedOut {
            playlist,
            added_ids: added,
            skipped,
            error: error.map(|e| e.text()),
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
        if p.title.is_none() && p.description.is_none() && p.public.is_none() {
            return Err(ToolError::invalid(
                "nothing to change: give title, description or public",
            ));
        }
        if p.title.as_deref().is_some_and(|t| t.trim().is_empty()) {
            return Err(ToolError::invalid("title is empty"));
        }
        ctx.svc.check_limit(Category::PlaylistOperations).await?;
        ctx.svc
            .audit_write("update_playlist", json!({"playlist_id": pid}))?;
        let tidal = &ctx.svc.tidal;
        if p.title.is_some() || p.description.is_some() {
            tidal
                .backend()
                .edit_playlist(
                    &pid,
                    p.title.as_deref().map(str::trim),
                    p.description.as_deref(),
                )
                .await?;
        }
        if let Some(public) = p.public {
            tidal.backend().set_playlist_public(&pid, public).await?;
        }
        ctx.svc.invalidate(&[&tag(&pid), LIST_TAG]);
        let (playlist, _) = tidal.backend().playlist(&pid).await?;
        Ok(Json(out::PlaylistInfoOut { playlist }))
    }

    /// Deletes one of your playlists (cannot be undone).
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
        Parameters(p): Parameters<PlaylistIdParams>,
    ) -> Result<Json<out::DeletedOut>, ToolError> {
        let pid = id(&p.playlist_id, "playlist")?;
        ctx.svc.check_limit(Category::PlaylistOperations).await?;
        ctx.svc
            .audit_write("delete_playlist", json!({"playlist_id": pid}))?;
        ctx.svc.tidal.backend().delete_playlist(&pid).await?;
        ctx.svc.invalidate(&[&tag(&pid), LIST_TAG]);
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
        if p.track_ids.is_empty() {
            return Err(ToolError::invalid("track_ids is empty"));
        }
        let tids = ids(&p.track_ids, "track")?;
        ctx.svc.check_limit(Category::PlaylistOperations).await?;
        let allow = p.allow_duplicates.unwrap_or(false);
        let (playlist, items) = fresh_items(&ctx, &pid).await?;
        let count = items.total.max(items.items.len() as u64);
        if let Some(pos) = p.position {
            check_position(
                "position",
                pos,
                count.max(playlist.number_of_tracks.unwrap_or(0)),
            )?;
        }
        let mut skipped = Vec::new();
        let wanted: Vec<String> = if allow {
            tids.clone()
        } else {
            // TIDAL's onDupes=SKIP only compares with what is there; repeats inside the call
            // are dropped here.
            let existing: HashSet<&str> = items.items.iter().map(|i| i.track.id.as_str()).collect();
            let mut seen = HashSet::new();
            let mut wanted = Vec::new();
            for t in &tids {
                let reason = if existing.contains(t.as_str()) {
                    out::SkipReason::AlreadyInPlaylist
                } else if !seen.insert(t.as_str()) {
                    out::SkipReason::RepeatedInRequest
                } else {
                    wanted.push(t.clone());
                    continue;
                };
                skipped.push(out::Skipped {
                    track_id: t.clone(),
                    reason,
                });
            }
            wanted
        };
        ctx.svc.audit_write(
            "add_to_playlist",
            json!({"playlist_id": pid, "tracks": wanted.len()}),
        )?;
        let (added, not_added, error) = add_in_chunks(&ctx, &pid, &wanted, p.position, allow).await;
        skipped.extend(not_added);
        if added.is_empty()
            && let Some(e) = error
        {
            return Err(e);
        }
        ctx.svc.invalidate(&[&tag(&pid), LIST_TAG]);
        Ok(Json(out::AddedOut {
            playlist_id: pid,
            added_ids: added,
            skipped,
            error: error.map(|e| e.text()),
        }))
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
        let mut indices: Vec<u64> = p.indices.clone().unwrap_or_default();
        let by_track = ids(p.track_ids.as_deref().unwrap_or_default(), "track")?;
        if indices.is_empty() && by_track.is_empty() {
            return Err(ToolError::invalid("give indices or track_ids"));
        }
        ctx.svc.check_limit(Category::PlaylistOperations).await?;
        let items = fresh_items(&ctx, &pid).await?.1;
        let count = items.total.max(items.items.len() as u64);
        if let Some(bad) = indices.iter().find(|i| **i >= count) {
            return Err(ToolError::invalid(format!(
                "index {bad} is out of range: the playlist has {count} items (0-{})",
                count.saturating_sub(1)
            )));
        }
        if !by_track.is_empty() {
            let wanted: HashSet<&String> = by_track.iter().collect();
            indices.extend(
                items
                    .items
                    .iter()
                    .filter(|i| wanted.contains(&i.track.id))
                    .map(|i| i.index),
            );
        }
        indices.sort_unstable();
        indices.dedup();
        if !indices.is_empty() {
            ctx.svc.audit_write(
                "remove_from_playlist",
                json!({"playlist_id": pid, "removed": indices.len()}),
            )?;
            ctx.svc
                .tidal
                .backend()
                .remove_indices(&pid, &indices)
                .await?;
        }
        ctx.svc.invalidate(&[&tag(&pid), LIST_TAG]);
        Ok(Json(out::RemovedOut {
            playlist_id: pid,
            removed_indices: indices,
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
        if p.indices.is_empty() {
            return Err(ToolError::invalid("indices is empty"));
        }
        ctx.svc.check_limit(Category::PlaylistOperations).await?;
        let (playlist, items) = fresh_items(&ctx, &pid).await?;
        let count = items.total.max(playlist.number_of_tracks.unwrap_or(0));
        if let Some(bad) = p.indices.iter().find(|i| **i >= count) {
            return Err(ToolError::invalid(format!(
                "index {bad} is out of range: the playlist has {count} items (0-{})",
                count.saturating_sub(1)
            )));
        }
        check_position("to_index", p.to_index, count)?;
        ctx.svc.audit_write(
            "move_in_playlist",
            json!({"playlist_id": pid, "moved": p.indices.len()}),
        )?;
        ctx.svc
            .tidal
            .backend()
            .move_indices(&pid, &p.indices, p.to_index)
            .await?;
        ctx.svc.invalidate(&[&tag(&pid)]);
        Ok(Json(out::MovedOut {
            playlist_id: pid,
            moved: p.indices,
            to_index: p.to_index,
        }))
    }
}
