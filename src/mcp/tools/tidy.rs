//! Tools that read a whole playlist and work on it: find (and remove) duplicates and
//! unavailable tracks, and export as json, csv or m3u.

use std::collections::HashSet;

use serde_json::json;

use super::params::*;
use super::playlists::{LIST_TAG, all_items, fresh_items, out, tag};
use super::{Ctx, ToolError, ToolResult, id};
use crate::service::limits::Category;

pub async fn dedupe(ctx: &Ctx, p: DedupeParams) -> ToolResult {
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
        ctx.state
            .service
            .limits
            .check(&ctx.state, Category::PlaylistOperations)?;
        let idx: Vec<u64> = duplicates
            .iter()
            .chain(unavailable.iter())
            .map(|i| i.index)
            .collect();
        ctx.state.tidal.remove_indices(&pid, &idx).await?;
        ctx.state
            .service
            .invalidate(&ctx.state, &[&tag(&pid), LIST_TAG]);
        ctx.state.service.audit_write(
            &ctx.state,
            "dedupe_playlist",
            json!({"playlist_id": pid, "removed": idx.len()}),
        );
    }
    Ok(serde_json::to_value(out::DedupeOut {
        playlist_id: pid,
        duplicates,
        unavailable,
        removed,
    })
    .expect("serializes"))
}

pub async fn export(ctx: &Ctx, p: ExportParams) -> ToolResult {
    let pid = id(&p.playlist_id, "playlist")?;
    let format = p.format.trim().to_ascii_lowercase();
    if !["json", "csv", "m3u"].contains(&format.as_str()) {
        return Err(ToolError::invalid(format!(
            "unknown format `{}`; use json, csv or m3u",
            p.format
        )));
    }
    let (playlist, items) = all_items(ctx, &pid).await?;
    let content = match format.as_str() {
        "json" => {
            serde_json::to_string_pretty(&json!({"playlist": playlist, "items": items.items}))
                .expect("serializes")
        }
        "csv" => {
            let mut s = String::from("index,track_id,title,artists,album,duration_s,isrc,url\n");
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
        _ => {
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
    Ok(
        json!({"playlist_id": pid, "format": format, "count": items.items.len(), "content": content}),
    )
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
