//! Playlist tools. Reads are cached per user and tagged with the playlist; every write drops
//! those tags, so a read after a write is never stale. Writes are audited and limited.

use std::collections::HashSet;

use serde_json::json;

use super::params::*;
use super::{Ctx, ToolError, ToolResult, id, ids, limit};
use crate::service::cache::Kind;
use crate::service::limits::Category;
use crate::tidal::model::{Page, Playlist, PlaylistItem};

pub mod out {
    use schemars::JsonSchema;
    use serde::Serialize;

    use crate::tidal::model::{Page, Playlist, PlaylistItem};

    pub type PlaylistPage = Page<Playlist>;
    #[derive(Serialize, JsonSchema)]
    pub struct PlaylistOut {
        pub playlist: Playlist,
        pub items: Page<PlaylistItem>,
    }
    #[derive(Serialize, JsonSchema)]
    pub struct PlaylistInfoOut {
        pub playlist: Playlist,
    }
    #[derive(Serialize, JsonSchema)]
    pub struct CreatedOut {
        pub playlist: Playlist,
        pub added_ids: Vec<String>,
    }
    #[derive(Serialize, JsonSchema)]
    pub struct DeletedOut {
        pub deleted: String,
    }
    #[derive(Serialize, JsonSchema)]
    pub struct AddedOut {
        pub playlist_id: String,
        pub added_ids: Vec<String>,
        pub skipped: u64,
    }
    #[derive(Serialize, JsonSchema)]
    pub struct RemovedOut {
        pub playlist_id: String,
        pub removed_indices: Vec<u64>,
    }
    #[derive(Serialize, JsonSchema)]
    pub struct MovedOut {
        pub playlist_id: String,
        pub moved: Vec<u64>,
        pub to_index: u64,
    }
    #[derive(Serialize, JsonSchema)]
    pub struct DedupeOut {
        pub playlist_id: String,
        pub duplicates: Vec<PlaylistItem>,
        pub unavailable: Vec<PlaylistItem>,
        pub removed: bool,
    }
    #[derive(Serialize, JsonSchema)]
    pub struct ExportOut {
        pub playlist_id: String,
        pub format: String,
        pub count: u64,
        pub content: String,
    }
}

pub(super) fn tag(pid: &str) -> String {
    format!("playlist:{pid}")
}
pub(super) const LIST_TAG: &str = "playlists";

/// Every item of a playlist through the cache (for reads such as export).
pub(super) async fn all_items(
    ctx: &Ctx,
    pid: &str,
) -> Result<(Playlist, Page<PlaylistItem>), ToolError> {
    let v = get(
        ctx,
        GetPlaylistParams {
            playlist_id: pid.to_string(),
            limit: None,
            offset: None,
            all: Some(true),
        },
    )
    .await?;
    Ok((from_json(&v["playlist"])?, from_json(&v["items"])?))
}

fn from_json<T: serde::de::DeserializeOwned>(v: &serde_json::Value) -> Result<T, ToolError> {
    serde_json::from_value(v.clone()).map_err(|e| ToolError::invalid(e.to_string()))
}

/// Every item of a playlist straight from TIDAL: writes that name positions must never act on
/// a cached (possibly stale) order.
pub(super) async fn fresh_items(
    ctx: &Ctx,
    pid: &str,
) -> Result<(Playlist, Page<PlaylistItem>), ToolError> {
    let (playlist, _) = ctx.state.tidal.playlist(pid).await?;
    let items = ctx
        .state
        .tidal
        .playlist_items(pid, 0, u64::MAX, |_, _| {})
        .await?;
    Ok((playlist, items))
}

pub async fn list(ctx: &Ctx, p: ListPlaylistsParams) -> ToolResult {
    let (lim, off, fav) = (
        limit(p.limit, 50, 50)?,
        p.offset.unwrap_or(0),
        p.include_favorited.unwrap_or(false),
    );
    ctx.state
        .service
        .cached(
            &ctx.state,
            Kind::Library,
            "playlists",
            &json!([lim, off, fav]),
            &[LIST_TAG],
            || async {
                Ok(
                    serde_json::to_value(ctx.state.tidal.user_playlists(fav, off, lim).await?)
                        .expect("serializes"),
                )
            },
        )
        .await
}

pub async fn get(ctx: &Ctx, p: GetPlaylistParams) -> ToolResult {
    let pid = id(&p.playlist_id, "playlist")?;
    let all = p.all.unwrap_or(false);
    let (lim, off) = if all {
        (u64::MAX, 0)
    } else {
        (limit(p.limit, 50, 100)?, p.offset.unwrap_or(0))
    };
    let t = tag(&pid);
    ctx.state
        .service
        .cached(&ctx.state, Kind::Library, "playlist", &json!([pid, lim, off]), &[t.as_str()], || async {
            let (playlist, _) = ctx.state.tidal.playlist(&pid).await?;
            let total_hint = playlist.number_of_tracks;
            let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
            let fetch = ctx.state.tidal.playlist_items(&pid, off, lim, move |done, total| {
                let _ = tx.send((done, total));
            });
            tokio::pin!(fetch);
            let items = loop {
                tokio::select! {
                    r = &mut fetch => break r?,
                    Some((done, total)) = rx.recv() => ctx.progress(done, Some(total.max(total_hint.unwrap_or(0))), "reading playlist").await,
                    _ = ctx.ct.cancelled() => return Err(ToolError::cancelled()),
                }
            };
            Ok(serde_json::to_value(out::PlaylistOut { playlist, items }).expect("serializes"))
        })
        .await
}

pub async fn create(ctx: &Ctx, p: CreatePlaylistParams) -> ToolResult {
    let title = p.title.trim();
    if title.is_empty() {
        return Err(ToolError::invalid("title is empty"));
    }
    let track_ids = ids(p.track_ids.as_deref().unwrap_or_default(), "track")?;
    ctx.state
        .service
        .limits
        .check(&ctx.state, Category::PlaylistOperations)?;
    let prefs = ctx.state.service.prefs_for_active(&ctx.state);
    let public = p.public.unwrap_or(prefs.playlist_public);
    let tidal = &ctx.state.tidal;
    let mut playlist = tidal
        .create_playlist(title, p.description.as_deref().unwrap_or(""))
        .await?;
    if public {
        tidal.set_playlist_public(&playlist.id, true).await?;
        playlist.public = Some(true);
    }
    let added = if track_ids.is_empty() {
        Vec::new()
    } else {
        tidal
            .add_tracks(&playlist.id, &track_ids, None, false)
            .await?
    };
    ctx.state.service.invalidate(&ctx.state, &[LIST_TAG]);
    ctx.state.service.audit_write(
        &ctx.state,
        "create_playlist",
        json!({"playlist_id": playlist.id, "tracks": added.len()}),
    );
    Ok(serde_json::to_value(out::CreatedOut {
        playlist,
        added_ids: added,
    })
    .expect("serializes"))
}

pub async fn update(ctx: &Ctx, p: UpdatePlaylistParams) -> ToolResult {
    let pid = id(&p.playlist_id, "playlist")?;
    if p.title.is_none() && p.description.is_none() && p.public.is_none() {
        return Err(ToolError::invalid(
            "nothing to change: give title, description or public",
        ));
    }
    if p.title.as_deref().is_some_and(|t| t.trim().is_empty()) {
        return Err(ToolError::invalid("title is empty"));
    }
    ctx.state
        .service
        .limits
        .check(&ctx.state, Category::PlaylistOperations)?;
    let tidal = &ctx.state.tidal;
    if p.title.is_some() || p.description.is_some() {
        tidal
            .edit_playlist(
                &pid,
                p.title.as_deref().map(str::trim),
                p.description.as_deref(),
            )
            .await?;
    }
    if let Some(public) = p.public {
        tidal.set_playlist_public(&pid, public).await?;
    }
    ctx.state
        .service
        .invalidate(&ctx.state, &[&tag(&pid), LIST_TAG]);
    ctx.state
        .service
        .audit_write(&ctx.state, "update_playlist", json!({"playlist_id": pid}));
    let (playlist, _) = tidal.playlist(&pid).await?;
    Ok(serde_json::to_value(out::PlaylistInfoOut { playlist }).expect("serializes"))
}

pub async fn delete(ctx: &Ctx, p: PlaylistIdParams) -> ToolResult {
    let pid = id(&p.playlist_id, "playlist")?;
    ctx.state
        .service
        .limits
        .check(&ctx.state, Category::PlaylistOperations)?;
    ctx.state.tidal.delete_playlist(&pid).await?;
    ctx.state
        .service
        .invalidate(&ctx.state, &[&tag(&pid), LIST_TAG]);
    ctx.state
        .service
        .audit_write(&ctx.state, "delete_playlist", json!({"playlist_id": pid}));
    Ok(json!({"deleted": pid}))
}

pub async fn add(ctx: &Ctx, p: AddToPlaylistParams) -> ToolResult {
    let pid = id(&p.playlist_id, "playlist")?;
    if p.track_ids.is_empty() {
        return Err(ToolError::invalid("track_ids is empty"));
    }
    let tids = ids(&p.track_ids, "track")?;
    ctx.state
        .service
        .limits
        .check(&ctx.state, Category::PlaylistOperations)?;
    let allow = p.allow_duplicates.unwrap_or(false);
    let tidal = &ctx.state.tidal;
    // TIDAL's onDupes=SKIP only compares with what is there; also drop repeats inside the call.
    let wanted: Vec<String> = if allow {
        tids.clone()
    } else {
        let existing: HashSet<String> = fresh_items(ctx, &pid)
            .await?
            .1
            .items
            .into_iter()
            .map(|i| i.track.id)
            .collect();
        let mut seen = HashSet::new();
        tids.iter()
            .filter(|t| !existing.contains(*t) && seen.insert((*t).clone()))
            .cloned()
            .collect()
    };
    let mut added = Vec::new();
    let total = wanted.len() as u64;
    let mut position = p.position;
    for (n, chunk) in wanted.chunks(50).enumerate() {
        ctx.cancelled()?;
        let got = tidal.add_tracks(&pid, chunk, position, allow).await?;
        position = position.map(|x| x + got.len() as u64);
        added.extend(got);
        ctx.progress(
            ((n + 1) * 50).min(total as usize) as u64,
            Some(total),
            "adding tracks",
        )
        .await;
    }
    ctx.state
        .service
        .invalidate(&ctx.state, &[&tag(&pid), LIST_TAG]);
    ctx.state.service.audit_write(
        &ctx.state,
        "add_to_playlist",
        json!({"playlist_id": pid, "added": added.len()}),
    );
    let skipped = tids.len() as u64 - added.len() as u64;
    Ok(serde_json::to_value(out::AddedOut {
        playlist_id: pid,
        added_ids: added,
        skipped,
    })
    .expect("serializes"))
}

pub async fn remove(ctx: &Ctx, p: RemoveFromPlaylistParams) -> ToolResult {
    let pid = id(&p.playlist_id, "playlist")?;
    let mut indices: Vec<u64> = p.indices.clone().unwrap_or_default();
    let by_track = ids(p.track_ids.as_deref().unwrap_or_default(), "track")?;
    if indices.is_empty() && by_track.is_empty() {
        return Err(ToolError::invalid("give indices or track_ids"));
    }
    ctx.state
        .service
        .limits
        .check(&ctx.state, Category::PlaylistOperations)?;
    let items = fresh_items(ctx, &pid).await?.1;
    let count = items.total.max(items.items.len() as u64);
    if let Some(bad) = indices.iter().find(|i| **i >= count) {
        return Err(ToolError::invalid(format!(
            "index {bad} is out of range: the playlist has {count} items (0..{})",
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
        ctx.state.tidal.remove_indices(&pid, &indices).await?;
    }
    ctx.state
        .service
        .invalidate(&ctx.state, &[&tag(&pid), LIST_TAG]);
    ctx.state.service.audit_write(
        &ctx.state,
        "remove_from_playlist",
        json!({"playlist_id": pid, "removed": indices.len()}),
    );
    Ok(serde_json::to_value(out::RemovedOut {
        playlist_id: pid,
        removed_indices: indices,
    })
    .expect("serializes"))
}

pub async fn move_items(ctx: &Ctx, p: MoveInPlaylistParams) -> ToolResult {
    let pid = id(&p.playlist_id, "playlist")?;
    if p.indices.is_empty() {
        return Err(ToolError::invalid("indices is empty"));
    }
    ctx.state
        .service
        .limits
        .check(&ctx.state, Category::PlaylistOperations)?;
    let (playlist, items) = fresh_items(ctx, &pid).await?;
    let count = items.total.max(playlist.number_of_tracks.unwrap_or(0));
    if let Some(bad) = p.indices.iter().find(|i| **i >= count) {
        return Err(ToolError::invalid(format!(
            "index {bad} is out of range: the playlist has {count} items"
        )));
    }
    if p.to_index > count {
        return Err(ToolError::invalid(format!(
            "to_index {} is past the end: the playlist has {count} items",
            p.to_index
        )));
    }
    ctx.state
        .tidal
        .move_indices(&pid, &p.indices, p.to_index)
        .await?;
    ctx.state.service.invalidate(&ctx.state, &[&tag(&pid)]);
    ctx.state.service.audit_write(
        &ctx.state,
        "move_in_playlist",
        json!({"playlist_id": pid, "moved": p.indices.len()}),
    );
    Ok(serde_json::to_value(out::MovedOut {
        playlist_id: pid,
        moved: p.indices,
        to_index: p.to_index,
    })
    .expect("serializes"))
}
