//! Favourite tools: read, add and remove tracks, albums, artists, playlists, videos and mixes.

use rmcp::handler::server::wrapper::Parameters;
use rmcp::{tool, tool_router};
use serde_json::json;

use super::params::*;
use super::{Cached, Ctx, Json, ToolError, ids};
use crate::mcp::TidalMcp;
use crate::service::cache::Kind;
use crate::service::limits::Category;
use crate::tidal::{Capability, Favorites};

pub mod out {
    use schemars::JsonSchema;
    use serde::Serialize;
    use serde_json::Value;

    use crate::tidal::v1::FavoriteKind;

    /// A page of favourites.
    #[derive(Serialize, JsonSchema)]
    pub struct FavoritesPage {
        /// `{added, item}` with `item` a track, album, artist, playlist or video as the
        /// other tools return them; for mixes, the mix objects themselves.
        pub items: Vec<Value>,
        /// Items skipped.
        pub offset: u64,
        /// Page size asked for.
        pub limit: u64,
        /// How many there are in all.
        pub total: u64,
    }
    #[derive(Serialize, JsonSchema)]
    pub struct FavoritesAdded {
        /// Kind.
        #[serde(rename = "type")]
        pub kind: FavoriteKind,
        /// Ids now in your favourites.
        pub added: Vec<String>,
    }
    #[derive(Serialize, JsonSchema)]
    pub struct FavoritesRemoved {
        /// Kind.
        #[serde(rename = "type")]
        pub kind: FavoriteKind,
        /// Ids no longer in your favourites.
        pub removed: Vec<String>,
    }
}

pub(super) const FAV_TAG: &str = "favorites";

/// Checks a change's ids and limits, and runs it; the caller audits.
async fn change(ctx: &Ctx, p: &FavoritesChangeParams, add: bool) -> Result<Vec<String>, ToolError> {
    if p.ids.is_empty() {
        return Err(ToolError::invalid("ids is empty"));
    }
    let list = ids(&p.ids, p.kind.url_kind())?;
    ctx.svc.check_limit(Category::ApiCalls).await?;
    let action = if add {
        "add_favorites"
    } else {
        "remove_favorites"
    };
    ctx.svc
        .audit_write(action, json!({"type": p.kind.path(), "count": list.len()}))?;
    if add {
        ctx.svc.tidal.backend().add_favorites(p.kind, &list).await?;
    } else {
        ctx.svc
            .tidal
            .backend()
            .remove_favorites(p.kind, &list)
            .await?;
    }
    ctx.svc.invalidate(&[FAV_TAG]);
    Ok(list)
}

#[tool_router(router = favorites_router, vis = "pub(crate)")]
impl TidalMcp {
    /// Your favourites of one kind.
    #[tool(
        title = "Your favourites",
        annotations(
            read_only_hint = true,
            destructive_hint = false,
            idempotent_hint = true,
            open_world_hint = true
        )
    )]
    pub(crate) async fn get_favorites(
        &self,
        ctx: Ctx,
        Parameters(p): Parameters<GetFavoritesParams>,
    ) -> Result<Json<Cached<out::FavoritesPage>>, ToolError> {
        let (lim, off) = (p.limit.unwrap_or(50), p.offset.unwrap_or(0));
        let order = p.order.unwrap_or(FavoriteOrder::Date).as_str();
        let dir = p.direction.unwrap_or(Direction::Desc).as_str();
        let key = json!([p.kind.path(), lim, off, order, dir]);
        if p.kind == FavoriteKind::Mixes {
            ctx.svc.tidal.backend().require(Capability::FavoriteMixes)?;
        }
        ctx.cached(Kind::Library, "favorites", key, &[FAV_TAG], || async {
            let page = ctx
                .svc
                .tidal
                .backend()
                .favorites(p.kind, off, lim, order, dir)
                .await?;
            Ok(out::FavoritesPage {
                items: page.items,
                offset: page.offset,
                limit: page.limit,
                total: page.total,
            })
        })
        .await
        .map(Json)
    }

    /// Adds items to your favourites.
    #[tool(
        title = "Add favourites",
        annotations(
            read_only_hint = false,
            destructive_hint = false,
            idempotent_hint = true,
            open_world_hint = true
        )
    )]
    pub(crate) async fn add_favorites(
        &self,
        ctx: Ctx,
        Parameters(p): Parameters<FavoritesChangeParams>,
    ) -> Result<Json<out::FavoritesAdded>, ToolError> {
        let added = change(&ctx, &p, true).await?;
        Ok(Json(out::FavoritesAdded {
            kind: p.kind,
            added,
        }))
    }

    /// Removes items from your favourites.
    #[tool(
        title = "Remove favourites",
        annotations(
            read_only_hint = false,
            destructive_hint = true,
            idempotent_hint = true,
            open_world_hint = true
        )
    )]
    pub(crate) async fn remove_favorites(
        &self,
        ctx: Ctx,
        Parameters(p): Parameters<FavoritesChangeParams>,
    ) -> Result<Json<out::FavoritesRemoved>, ToolError> {
        let removed = change(&ctx, &p, false).await?;
        Ok(Json(out::FavoritesRemoved {
            kind: p.kind,
            removed,
        }))
    }
}
