//! MCP resources: `tidal://me`, `tidal://playlists`, `tidal://playlist/{id}`,
//! `tidal://album/{id}`, `tidal://artist/{id}`, `tidal://favorites/{type}`, each read through the
//! same handlers (and cache) as the tools.

use rmcp::ErrorData as McpError;
use rmcp::model::*;
use serde_json::{Map, Value, json};

use super::tools::{self, Ctx};

pub fn list() -> ListResourcesResult {
    ListResourcesResult::with_all_items(vec![
        Resource::new("tidal://me", "me")
            .with_description("Your TIDAL login: user, country, expiry")
            .with_mime_type("application/json"),
        Resource::new("tidal://playlists", "playlists")
            .with_description("Your playlists")
            .with_mime_type("application/json"),
    ])
}

pub fn templates() -> ListResourceTemplatesResult {
    let t = |uri: &str, name: &str, d: &str| {
        ResourceTemplate::new(uri, name)
            .with_description(d)
            .with_mime_type("application/json")
    };
    ListResourceTemplatesResult::with_all_items(vec![
        t(
            "tidal://playlist/{id}",
            "playlist",
            "A playlist with all its items",
        ),
        t("tidal://album/{id}", "album", "An album with its tracks"),
        t("tidal://artist/{id}", "artist", "An artist"),
        t(
            "tidal://favorites/{type}",
            "favorites",
            "Your favourites of a type: tracks, albums, artists, playlists, videos, mixes",
        ),
    ])
}

pub async fn read(ctx: &Ctx, uri: &str) -> Result<ReadResourceResult, McpError> {
    let rest = uri
        .strip_prefix("tidal://")
        .ok_or_else(|| McpError::resource_not_found(format!("unknown resource {uri}"), None))?;
    let (what, arg) = rest.split_once('/').unwrap_or((rest, ""));
    let args = |pairs: &[(&str, Value)]| -> Map<String, Value> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.clone()))
            .collect()
    };
    let call = match (what, arg) {
        ("me", "") => tools::call("auth_status", Map::new(), ctx).await,
        ("playlists", "") => {
            tools::call(
                "list_playlists",
                args(&[("include_favorited", json!(true))]),
                ctx,
            )
            .await
        }
        ("playlist", id) if !id.is_empty() => {
            tools::call(
                "get_playlist",
                args(&[("playlist_id", json!(id)), ("all", json!(true))]),
                ctx,
            )
            .await
        }
        ("album", id) if !id.is_empty() => {
            tools::call(
                "get_album",
                args(&[("album_id", json!(id)), ("include_tracks", json!(true))]),
                ctx,
            )
            .await
        }
        ("artist", id) if !id.is_empty() => {
            tools::call("get_artist", args(&[("artist_id", json!(id))]), ctx).await
        }
        ("favorites", kind) if !kind.is_empty() => {
            tools::call("get_favorites", args(&[("type", json!(kind))]), ctx).await
        }
        _ => {
            return Err(McpError::resource_not_found(
                format!("unknown resource {uri}"),
                None,
            ));
        }
    };
    match call {
        Ok(v) => Ok(ReadResourceResult::new(vec![
            ResourceContents::text(v.to_string(), uri).with_mime_type("application/json"),
        ])),
        Err(e) => Err(McpError::resource_not_found(e.text(), None)),
    }
}
