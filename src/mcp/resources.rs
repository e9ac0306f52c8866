//! MCP resources: `tidal://me`, `tidal://playlists`, `tidal://playlist/{id}`,
//! `tidal://album/{id}`, `tidal://artist/{id}`, `tidal://mix/{id}`, `tidal://favorites/{type}`,
//! each one read of the service (and so of the cache), in the shape of the tool that reads the
//! same thing.

use rmcp::ErrorData as McpError;
use rmcp::model::*;
use serde_json::Value;
use tokio_util::sync::CancellationToken;

use super::TidalMcp;
use super::tools::{self, ArtistOut, Ctx, ToolError, auth, to_value};
use crate::failure::Failure;
use crate::service::favorites::{Direction, FavoriteOrder};
use crate::service::{Cached, ServiceError};
use crate::tidal::model::FavoriteKind;

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

pub async fn read(
    mcp: &TidalMcp,
    uri: &str,
    ct: CancellationToken,
) -> Result<ReadResourceResult, McpError> {
    let not_found = || McpError::resource_not_found(format!("unknown resource {uri}"), about(uri));
    let rest = uri.strip_prefix("tidal://").ok_or_else(not_found)?;
    let (what, arg) = rest.split_once('/').unwrap_or((rest, ""));
    let svc = mcp.service();
    let value = match (what, arg) {
        ("me", "") => Ok(to_value(&auth::status(svc))),
        ("playlists", "") => structured(svc.playlists(true, 0, 50).await),
        ("playlist", id) if !id.is_empty() => {
            let work = Ctx::new(svc.clone(), None, ct);
            match tools::id(id, "playlist") {
                Ok(pid) => structured(svc.playlist(&work, &pid, None, 0).await),
                Err(e) => Err(e),
            }
        }
        ("album", id) if !id.is_empty() => match tools::id(id, "album") {
            Ok(aid) => structured(svc.album(&aid, true).await),
            Err(e) => Err(e),
        },
        ("artist", id) if !id.is_empty() => match tools::id(id, "artist") {
            Ok(aid) => structured(
                svc.artist(&aid)
                    .await
                    .map(|a| a.within::<ArtistOut>("artist")),
            ),
            Err(e) => Err(e),
        },
        ("mix", id) if !id.is_empty() => match tools::id(id, "mix") {
            Ok(mid) => structured(svc.mix_items(&mid, 50).await),
            Err(e) => Err(e),
        },
        ("favorites", kind) if !kind.is_empty() => {
            let kind: FavoriteKind = serde_json::from_value(Value::from(kind)).map_err(|_| {
                McpError::resource_not_found(
                    format!(
                        "unknown favourite type `{kind}` in {uri}; use tracks, albums, artists, \
                         playlists, videos or mixes"
                    ),
                    about(uri),
                )
            })?;
            let (order, newest) = (FavoriteOrder::Date, Direction::Desc);
            structured(svc.favorites(kind, 0, 50, order, newest).await)
        }
        _ => return Err(not_found()),
    };
    match value {
        Ok(v) => Ok(ReadResourceResult::new(vec![
            ResourceContents::text(v.to_string(), uri).with_mime_type("application/json"),
        ])),
        Err(e) => Err(failed_read(uri, e)),
    }
}

/// The `data` of a failed read: the URI it was for (SEP-2164).
fn about(uri: &str) -> Option<Value> {
    Some(serde_json::json!({"uri": uri}))
}

/// A read that failed, with the code that says why: -32002 when there is no such resource,
/// -32602 for a malformed id in the URI, -32603 when TIDAL, the login or a limit stood in the
/// way (the resource may well exist); `data` names the URI and the failure's kind.
fn failed_read(uri: &str, e: ToolError) -> McpError {
    let data = Some(serde_json::json!({"uri": uri, "kind": e.kind.as_str()}));
    match e.kind {
        Failure::NotFound => McpError::resource_not_found(e.text(), data),
        Failure::InvalidArguments => McpError::invalid_params(e.text(), data),
        _ => McpError::internal_error(e.text(), data),
    }
}

/// A service answer as the resource's JSON, or its error as a tool's.
fn structured<T>(r: Result<Cached<T>, ServiceError>) -> Result<Value, ToolError> {
    r.map(|c| c.0).map_err(ToolError::from)
}

/// Whether `uri` names a resource that changes with the user's writes (what
/// `resources/subscribe` takes).
pub fn subscribable(uri: &str) -> bool {
    let Some(rest) = uri.strip_prefix("tidal://") else {
        return false;
    };
    match rest.split_once('/') {
        None => rest == "playlists",
        Some(("playlist", id)) => tools::id(id, "playlist").is_ok(),
        Some(("favorites", kind)) => {
            serde_json::from_value::<FavoriteKind>(Value::from(kind)).is_ok()
        }
        _ => false,
    }
}
