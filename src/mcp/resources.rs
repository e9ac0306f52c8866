//! MCP resources: `tidal://me`, `tidal://playlists`, `tidal://playlist/{id}`,
//! `tidal://album/{id}`, `tidal://artist/{id}`, `tidal://mix/{id}`, `tidal://favorites/{type}`,
//! each read through the typed tool handlers (and so the cache).

use rmcp::ErrorData as McpError;
use rmcp::handler::server::wrapper::Parameters;
use rmcp::model::*;
use serde_json::Value;
use tokio_util::sync::CancellationToken;

use super::TidalMcp;
use super::tools::params::*;
use super::tools::{Ctx, IntoStructured, Json, ToolError};

pub fn list() -> ListResourcesResult {
    ListResourcesResult::with_all_items(vec![
        Resource::new("tidal://me", "me")
            .with_description("Your TIDAL login: user, country, expiry")
            .with_mime_type("application/json"),
        Resource::new("tidal://playlists", "playlists")
            .with_description("Your playlists and the ones you follow")
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
        t("tidal://mix/{id}", "mix", "The tracks of one of your mixes"),
        t(
            "tidal://favorites/{type}",
            "favorites",
            "Your favourites of a type: tracks, albums, artists, playlists, videos, mixes",
        ),
    ])
}

fn json<T: IntoStructured>(r: Result<Json<T>, ToolError>) -> Result<Value, ToolError> {
    r.map(|j| j.0.into_structured())
}

pub async fn read(
    mcp: &TidalMcp,
    uri: &str,
    ct: CancellationToken,
) -> Result<ReadResourceResult, McpError> {
    let not_found = || McpError::resource_not_found(format!("unknown resource {uri}"), None);
    let rest = uri.strip_prefix("tidal://").ok_or_else(not_found)?;
    let (what, arg) = rest.split_once('/').unwrap_or((rest, ""));
    let ctx = Ctx::new(mcp.service().clone(), None, ct);
    let value = match (what, arg) {
        ("me", "") => json(mcp.auth_status(ctx).await),
        ("playlists", "") => {
            let p = ListPlaylistsParams {
                limit: None,
                offset: None,
                include_favorited: Some(true),
            };
            json(mcp.list_playlists(ctx, Parameters(p)).await)
        }
        ("playlist", id) if !id.is_empty() => {
            let p = GetPlaylistParams {
                playlist_id: id.into(),
                limit: None,
                offset: None,
                all: Some(true),
            };
            json(mcp.get_playlist(ctx, Parameters(p)).await)
        }
        ("album", id) if !id.is_empty() => {
            let p = GetAlbumParams {
                album_id: id.into(),
                include_tracks: Some(true),
            };
            json(mcp.get_album(ctx, Parameters(p)).await)
        }
        ("artist", id) if !id.is_empty() => {
            let p = ArtistIdParams {
                artist_id: id.into(),
            };
            json(mcp.get_artist(ctx, Parameters(p)).await)
        }
        ("mix", id) if !id.is_empty() => {
            let p = MixParams {
                mix_id: id.into(),
                limit: None,
            };
            json(mcp.get_mix_items(ctx, Parameters(p)).await)
        }
        ("favorites", kind) if !kind.is_empty() => {
            let kind: FavoriteKind = serde_json::from_value(Value::from(kind)).map_err(|_| {
                McpError::resource_not_found(
                    format!(
                        "unknown favourite type `{kind}` in {uri}; use tracks, albums, artists, \
                         playlists, videos or mixes"
                    ),
                    None,
                )
            })?;
            let p = GetFavoritesParams {
                kind,
                limit: None,
                offset: None,
                order: None,
                direction: None,
            };
            json(mcp.get_favorites(ctx, Parameters(p)).await)
        }
        _ => return Err(not_found()),
    };
    match value {
        Ok(v) => Ok(ReadResourceResult::new(vec![
            ResourceContents::text(v.to_string(), uri).with_mime_type("application/json"),
        ])),
        Err(e) => Err(McpError::resource_not_found(e.text(), None)),
    }
}
