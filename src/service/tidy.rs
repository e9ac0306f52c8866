//! Work on a whole playlist: its duplicates (the same track, or the same recording under
//! another id by ISRC) and unavailable tracks, found and, when asked, removed in one audited
//! write; and its export as JSON, CSV or M3U text.

use std::collections::HashSet;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::json;

use super::limits::Category;
use super::work::Work;
use super::{Service, ServiceError};
use crate::tidal::model::{Playlist, PlaylistItem};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum ExportFormat {
    Json,
    Csv,
    M3u,
}

impl ExportFormat {
    /// The playlist and its items as text in this format.
    pub fn render(self, playlist: &Playlist, items: &[PlaylistItem]) -> String {
        match self {
            ExportFormat::Json => {
                serde_json::to_string_pretty(&json!({"playlist": playlist, "items": items}))
                    .expect("a playlist serializes")
            }
            ExportFormat::Csv => {
                let mut s =
                    String::from("index,track_id,title,artists,album,duration_s,isrc,url\n");
                for i in items {
                    let album = i.track.album.as_ref().map(|a| a.title.as_str());
                    let row = [
                        i.index.to_string(),
                        i.track.id.clone(),
                        i.track.title.clone(),
                        i.track.artist_names("; "),
                        album.unwrap_or("").to_string(),
                        i.track.duration_s.to_string(),
                        i.track.isrc.clone().unwrap_or_default(),
                        i.track.url.clone(),
                    ];
                    let row: Vec<String> = row.iter().map(|f| csv_field(f)).collect();
                    s.push_str(&row.join(","));
                    s.push('\n');
                }
                s
            }
            ExportFormat::M3u => {
                let mut s = format!("#EXTM3U\n#PLAYLIST:{}\n", playlist.title.replace('\n', " "));
                for i in items {
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
        }
    }
}

/// What a playlist's clean-up found (and removed, unless it was a dry run).
pub struct Tidied {
    /// Later copies of a track; the first of each stays.
    pub duplicates: Vec<PlaylistItem>,
    /// Tracks that cannot be streamed.
    pub unavailable: Vec<PlaylistItem>,
    /// Whether they were removed.
    pub removed: bool,
}

impl Service {
    /// Finds a playlist's duplicates and unavailable tracks; without `dry_run`, removes them.
    pub async fn dedupe_playlist(
        &self,
        work: &impl Work,
        pid: &str,
        dry_run: bool,
    ) -> Result<Tidied, ServiceError> {
        // A dry run may use the cache; removing by position needs the current order.
        let items = if dry_run {
            self.whole_playlist(work, pid).await?.items.items
        } else {
            self.fresh_playlist(pid).await?.items.items
        };
        let mut seen = HashSet::new();
        let (mut duplicates, mut unavailable) = (Vec::new(), Vec::new());
        for it in items {
            let key = it.track.isrc.clone().unwrap_or_else(|| it.track.id.clone());
            if !seen.insert(key) {
                duplicates.push(it);
            } else if !it.track.available {
                unavailable.push(it);
            }
        }
        let removed = !dry_run && (!duplicates.is_empty() || !unavailable.is_empty());
        if removed {
            self.check_limit(Category::PlaylistOperations).await?;
            let indices: Vec<u64> = duplicates
                .iter()
                .chain(&unavailable)
                .map(|i| i.index)
                .collect();
            self.remove_items(pid, "dedupe_playlist", &indices).await?;
        }
        Ok(Tidied {
            duplicates,
            unavailable,
            removed,
        })
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
