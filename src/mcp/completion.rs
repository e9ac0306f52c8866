//! `completion/complete`: values for prompt arguments and resource-template parameters, from
//! the user's own library through the cached tool handlers (playlists by title or id, mixes,
//! favourite albums and artists) and from closed sets (favourite kinds). Anything unknown, and
//! anything while logged out, completes to an empty list rather than an error.

use rmcp::handler::server::wrapper::Parameters;
use rmcp::model::{CompleteRequestParams, CompleteResult, CompletionInfo, Reference};
use serde_json::Value;
use tokio_util::sync::CancellationToken;

use super::TidalMcp;
use super::tools::Ctx;
use super::tools::params::{FavoriteKind, GetFavoritesParams, ListPlaylistsParams};

/// A candidate: what is inserted, and the name a prefix may also match.
struct Candidate {
    value: String,
    name: String,
}

pub async fn complete(
    mcp: &TidalMcp,
    req: &CompleteRequestParams,
    ct: CancellationToken,
) -> CompleteResult {
    let arg = req.argument.name.as_str();
    let prefix = req.argument.value.trim().to_lowercase();
    let ctx = || Ctx::new(mcp.service().clone(), None, ct.clone());
    let candidates = match (&req.r#ref, arg) {
        (Reference::Prompt(p), "playlist") if p.name == "clean_up_playlist" => {
            playlists(mcp, ctx(), false).await
        }
        (Reference::Prompt(p), "artist") if p.name == "discover_similar" => {
            favorites(mcp, ctx(), FavoriteKind::Artists, "name", false).await
        }
        (Reference::Prompt(p), "length") if p.name == "build_playlist" => ["10", "25", "50", "100"]
            .iter()
            .map(|n| Candidate {
                value: n.to_string(),
                name: n.to_string(),
            })
            .collect(),
        (Reference::Resource(r), "id") => match r.uri.as_str() {
            "tidal://playlist/{id}" => playlists(mcp, ctx(), true).await,
            "tidal://mix/{id}" => mixes(mcp, ctx()).await,
            "tidal://album/{id}" => {
                favorites(mcp, ctx(), FavoriteKind::Albums, "title", true).await
            }
            "tidal://artist/{id}" => {
                favorites(mcp, ctx(), FavoriteKind::Artists, "name", true).await
            }
            _ => Vec::new(),
        },
        (Reference::Resource(r), "type") if r.uri == "tidal://favorites/{type}" => [
            "tracks",
            "albums",
            "artists",
            "playlists",
            "videos",
            "mixes",
        ]
        .iter()
        .map(|k| Candidate {
            value: k.to_string(),
            name: k.to_string(),
        })
        .collect(),
        _ => Vec::new(),
    };
    let mut values: Vec<String> = candidates
        .into_iter()
        .filter(|c| {
            c.value.to_lowercase().starts_with(&prefix)
                || c.name.to_lowercase().starts_with(&prefix)
        })
        .map(|c| c.value)
        .collect();
    values.dedup();
    let total = values.len();
    values.truncate(CompletionInfo::MAX_VALUES);
    let shown = values.len();
    let info = CompletionInfo::with_pagination(values, Some(total as u32), total > shown)
        .unwrap_or_default();
    CompleteResult::new(info)
}

/// Your playlists: their ids (`by_id`) or titles, matched by title or id.
async fn playlists(mcp: &TidalMcp, ctx: Ctx, by_id: bool) -> Vec<Candidate> {
    let p = ListPlaylistsParams {
        limit: None,
        offset: None,
        include_favorited: Some(true),
    };
    let Ok(page) = mcp.list_playlists(ctx, Parameters(p)).await else {
        return Vec::new();
    };
    items(&page.0.0["items"], |p| {
        candidate(p, if by_id { "id" } else { "title" }, "title")
    })
}

async fn mixes(mcp: &TidalMcp, ctx: Ctx) -> Vec<Candidate> {
    let Ok(found) = mcp.get_mixes(ctx).await else {
        return Vec::new();
    };
    items(&found.0.0["mixes"], |m| candidate(m, "id", "title"))
}

/// Favourite albums or artists: their ids (`by_id`) or names.
async fn favorites(
    mcp: &TidalMcp,
    ctx: Ctx,
    kind: FavoriteKind,
    name: &str,
    by_id: bool,
) -> Vec<Candidate> {
    let p = GetFavoritesParams {
        kind,
        limit: Some(200),
        offset: None,
        order: None,
        direction: None,
    };
    let Ok(page) = mcp.get_favorites(ctx, Parameters(p)).await else {
        return Vec::new();
    };
    items(&page.0.0["items"], |f| {
        candidate(&f["item"], if by_id { "id" } else { name }, name)
    })
}

fn items(list: &Value, f: impl Fn(&Value) -> Option<Candidate>) -> Vec<Candidate> {
    list.as_array()
        .into_iter()
        .flatten()
        .filter_map(f)
        .collect()
}

fn candidate(v: &Value, value: &str, name: &str) -> Option<Candidate> {
    Some(Candidate {
        value: v.get(value)?.as_str()?.to_string(),
        name: v
            .get(name)
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string(),
    })
}
