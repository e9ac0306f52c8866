//! Editorial pages on the v1 API (`/v1/pages/{name}?deviceType=BROWSER`, as tidalapi's
//! `Page.get` reads them): each row's first module, read the way tidalapi's `PageCategory`
//! does for the kinds that carry entries: item lists (`ALBUM_LIST`, `TRACK_LIST`, ...,
//! `MIXED_TYPES_LIST`, `HIGHLIGHT_MODULE`), page links (`PAGE_LINKS`, `PAGE_LINKS_CLOUD`) and
//! promotions (`FEATURED_PROMOTIONS`, `MULTIPLE_TOP_PROMOTIONS`). Other modules are left out.

use serde_json::Value;

use super::parse;
use crate::tidal::backend::V1;
use crate::tidal::model::{EntryKind, PageEntry, PageRow, PageView, id_of};
use crate::tidal::{Call, TidalError};

fn text(v: &Value, k: &str) -> Option<String> {
    v.get(k)
        .and_then(Value::as_str)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
}

/// An entry of one kind from its object.
fn entry(kind: EntryKind, v: &Value) -> Option<PageEntry> {
    let (title, subtitle) = match kind {
        EntryKind::Track | EntryKind::Video => {
            let t = parse::parse_track(v)?;
            let by = t.artist_names(", ");
            (t.title, (!by.is_empty()).then_some(by))
        }
        EntryKind::Album => {
            let a = parse::parse_album(v)?;
            let by: Vec<String> = a.artists.into_iter().map(|x| x.name).collect();
            (a.title, (!by.is_empty()).then(|| by.join(", ")))
        }
        EntryKind::Artist => (parse::parse_artist(v)?.name, None),
        EntryKind::Playlist => (parse::parse_playlist(v)?.title, text(v, "description")),
        EntryKind::Mix => {
            let m = parse::parse_mix(v)?;
            (m.title, m.subtitle)
        }
        EntryKind::Link => return None,
    };
    let id = v.get("uuid").or_else(|| v.get("id")).and_then(id_of)?;
    Some(PageEntry {
        kind,
        id: Some(id),
        title,
        subtitle,
        page: None,
    })
}

/// `ALBUM` / `ALBUMS` / `ALBUM_LIST` and the like as an entry kind.
fn kind_of(name: &str) -> Option<EntryKind> {
    let n = name.trim_end_matches("_LIST").trim_end_matches('S');
    Some(match n {
        "TRACK" => EntryKind::Track,
        "ALBUM" => EntryKind::Album,
        "ARTIST" => EntryKind::Artist,
        "PLAYLIST" => EntryKind::Playlist,
        "MIX" => EntryKind::Mix,
        "VIDEO" => EntryKind::Video,
        _ => return None,
    })
}

fn items(m: &Value) -> impl Iterator<Item = &Value> {
    m["pagedList"]["items"].as_array().into_iter().flatten()
}

/// The entries of one module, or `None` for a kind that carries none.
fn row(m: &Value) -> Option<PageRow> {
    let kind = m["type"].as_str()?;
    let entries: Vec<PageEntry> = match kind {
        "PAGE_LINKS" | "PAGE_LINKS_CLOUD" => items(m)
            .filter_map(|l| {
                Some(PageEntry {
                    kind: EntryKind::Link,
                    id: None,
                    title: text(l, "title")?,
                    subtitle: None,
                    page: text(l, "apiPath"),
                })
            })
            .collect(),
        "FEATURED_PROMOTIONS" | "MULTIPLE_TOP_PROMOTIONS" => (m["items"].as_array().into_iter())
            .flatten()
            .filter_map(|p| {
                Some(PageEntry {
                    kind: kind_of(p["type"].as_str()?)?,
                    id: p.get("artifactId").and_then(id_of),
                    title: text(p, "header").or_else(|| text(p, "shortHeader"))?,
                    subtitle: text(p, "shortSubHeader"),
                    page: None,
                })
            })
            .collect(),
        "MIXED_TYPES_LIST" => items(m)
            .filter_map(|i| entry(kind_of(i["type"].as_str()?)?, &i["item"]))
            .collect(),
        "HIGHLIGHT_MODULE" => (m["highlights"].as_array().into_iter().flatten())
            .filter_map(|h| entry(kind_of(h["item"]["type"].as_str()?)?, &h["item"]["item"]))
            .collect(),
        list => {
            let k = kind_of(list)?;
            items(m)
                .filter_map(|i| entry(k, parse::unwrap_item(i)))
                .collect()
        }
    };
    let more = m["showMore"]["apiPath"]
        .as_str()
        .or_else(|| m["viewAll"].as_str())
        .map(str::to_string);
    Some(PageRow {
        title: text(m, "title").unwrap_or_default(),
        entries,
        more,
    })
}

impl V1<'_> {
    /// A page by its path (`pages/explore`, `pages/genre_pop`, ...).
    pub(super) async fn v1_page(&self, path: &str) -> Result<PageView, TidalError> {
        let call = Call::get(self.api(&format!("/v1/{path}")), "/v1/pages/{page}")
            .q("deviceType", "BROWSER");
        let b = self.send(&call).await?.body;
        let rows = (b["rows"].as_array().into_iter().flatten())
            .filter_map(|r| r["modules"].as_array()?.first())
            .filter_map(row)
            .filter(|r| !r.entries.is_empty())
            .collect();
        Ok(PageView {
            page: path.to_string(),
            title: text(&b, "title").unwrap_or_default(),
            rows,
        })
    }
}
