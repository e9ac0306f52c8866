//! Tools that read a whole playlist and work on it: find (and remove) duplicates and
//! unavailable tracks, and export as json, csv or m3u.

use std::collections::HashSet;

use rmcp::handler::server::wrapper::Parameters;
use rmcp::{tool, tool_router};
use serde_json::json;

use super::params::*;
use super::playlists::{LIST_TAG, all_items, fresh_items, tag};
use super::{Ctx, Json, ToolError, id};
use crate::mcp::TidalMcp;
use crate::service::limits::Category;
use crate::tidal::Playlists;

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
        let ctx = &ctx;
        let pid = id(&p.playlist_id, "playlist")?;
        let dry_run = p.dry_run.unwrap_or(true);
        // A dry run may use the cache; removing by position needs the current order.
        let items = if dry_run {
            all_items(ctx, &pid).await?.1.items
        } else {
            fresh_items(ctx, &pid).await?.1.items
        };
        let mut seen = HashSet::new();
        let mut duplicates = Vec::new();
        let mut unavailable = Vec::new();
        for it in items {
            // Same id, or the same recording under another id (same ISRC).
            let key = it.track.isrc.clone().unwrap_or_else(|| it.track.id.clone());
            if !seen.insert(key) {
                duplicates.push(it);
            } else if !it.track.available {
                unavailable.push(it);
            }
        }
        let removed = !dry_run && (!duplicates.is_empty() || !unavailable.is_empty());
        if removed {
            ctx.svc.check_limit(Category::PlaylistOperations).await?;
            let idx: Vec<u64> = duplicates
                .iter()
                .chain(unavailable.iter())
                .map(|i| i.index)
                .collect();
            ctx.svc.audit_write(
                "dedupe_playlist",
                json!({"playlist_id": pid, "removed": idx.len()}),
            )?;
            ctx.svc.tidal.backend().remove_indices(&pid, &idx).await?;
            ctx.svc.invalidate(&[&tag(&pid), LIST_TAG]);
        }
        Ok(Json(out::DedupeOut {
            playlist_id: pid,
            duplicates,
            unavailable,
            removed,
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
        let ctx = &ctx;
        let pid = id(&p.playlist_id, "playlist")?;
        let (playlist, items) = all_items(ctx, &pid).await?;
        let content = match p.format {
            ExportFormat::Json => {
                serde_json::to_string_pretty(&json!({"playlist": playlist, "items": items.items}))
                    .expect("serializes")
            }
            ExportFormat::Csv => {
                let mut s =
                    String::from("index,track_id,title,artists,album,duration_s,isrc,url\n");
                for i in &items.items {
                    let artists = i.track.artist_names("; ");
                    let album = i
                        .track
                        .album
                        .as_ref()
                        .map(|a| a.title.as_str())
                        .unwrap_or("");
                    let row = [
                        i.index.to_string(),
                        i.track.id.clone(),
                        i.track.title.clone(),
                        artists,
                        album.to_string(),
                        i.track.duration_s.to_string(),
                        i.track.isrc.clone().unwrap_or_default(),
                        i.track.url.clone(),
                    ];
                    s.push_str(
                        &row.iter()
                            .map(|f| csv_field(f))
                            .collect::<Vec<_>>()
                            .join(","),
                    );
                    s.push('\n');
                }
                s
            }
            ExportFormat::M3u => {
                let mut s = format!("#EXTM3U\n#PLAYLIST:{}\n", playlist.title.replace('\n', " "));
                for i in &items.items {
                    let artists = i.track.artist_names(", ");
                    s.push_str(&format!(
                        "#EXTINF:{},{} - {}\n{}\n",
                        i.track.duration_s,
                        artists.replace('\n', " "),
                        i.track.title.replace('\n', " "),
                        i.track.url
                    ));
                }
                s
            }
        };
        Ok(Json(out::ExportOut {
            playlist_id: pid,
            format: p.format,
            count: items.items.len() as u64,
            content,
        }))
    }
}

fn csv_field(f: &str) -> String {
    if f.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", f.replace('"', "\"\""))
    } else {
        f.to_string()
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn csv_quoting() {
        assert_eq!(super::csv_field("a,b"), "\"a,b\"");
        assert_eq!(super::csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(super::csv_field("plain"), "plain");
    }
}
