//! Search suggestions, and TIDAL's editorial pages (home, explore, for you, genres, moods and the pages they link to),
//! read as rows of entries: each a track, album, artist, playlist, mix or video by id and title,
//! or a link to another page.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// What an entry of a page is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum EntryKind {
    Track,
    Album,
    Artist,
    Playlist,
    Mix,
    Video,
    /// A link to another page: give its `page` to `browse`.
    Link,
}

/// One entry of a page row.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct PageEntry {
    /// What it is.
    #[serde(rename = "type")]
    pub kind: EntryKind,
    /// Its id (absent for a link).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// Title or name.
    pub title: String,
    /// The artists, or the line TIDAL shows under the title.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subtitle: Option<String>,
    /// A link's page, to pass to `browse`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page: Option<String>,
}

/// One row of a page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct PageRow {
    /// The row's heading.
    pub title: String,
    /// Its entries.
    pub entries: Vec<PageEntry>,
    /// The page with all of the row's entries, when TIDAL shows only some.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub more: Option<String>,
}

/// An editorial page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct PageView {
    /// The page asked for.
    pub page: String,
    /// Its title.
    pub title: String,
    /// Its rows, in order (rows of a kind tidal-mcp does not read are left out).
    pub rows: Vec<PageRow>,
}

/// What TIDAL suggests for a query being typed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Suggestions {
    /// The query.
    pub query: String,
    /// Queries to search for instead: completions, and a corrected spelling ("did you mean").
    pub suggestions: Vec<String>,
    /// Tracks, artists, albums, playlists or videos the query already names.
    pub direct_hits: Vec<PageEntry>,
}
