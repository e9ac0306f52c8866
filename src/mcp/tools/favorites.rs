//! Favourite tools: read, add and remove tracks, albums, artists, playlists, videos and mixes,
//! through the service's favourites (`service::favorites`).

use rmcp::handler::server::wrapper::Parameters;
use rmcp::{tool, tool_router};

use super::params::*;
use super::{Cached, Ctx, Json, ToolError, ids};
use crate::mcp::TidalMcp;
use crate::service::favorites::FavoritesPage;

pub mod out {
    use schemars::JsonSchema;
    use serde::Serialize;

    use crate::tidal::model::FavoriteKind;

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
    ) -> Result<Json<Cached<FavoritesPage>>, ToolError> {
        let (lim, off) = (p.limit.unwrap_or(50), p.offset.unwrap_or(0));
        let order = p.order.unwrap_or(FavoriteOrder::Date);
        let dir = p.direction.unwrap_or(Direction::Desc);
        Ok(Json(ctx.svc.favorites(p.kind, off, lim, order, dir).await?))
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
        let added = ids(&p.ids, p.kind.url_kind())?;
        ctx.svc.add_favorites(p.kind, &added).await?;
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
        Parameters(p): Parameters<FavoritesRemoveParams>,
    ) -> Result<Json<out::FavoritesRemoved>, ToolError> {
        let removed = ids(&p.ids, p.kind.url_kind())?;
        if removed.len() >= super::confirm::BULK {
            let what = format!(
                "Remove {} {} from your favourites?",
                removed.len(),
                p.kind.path()
            );
            super::confirm::confirm(&ctx, "remove_favorites", &what, p.confirm).await?;
        }
        ctx.svc.remove_favorites(p.kind, &removed).await?;
        Ok(Json(out::FavoritesRemoved {
            kind: p.kind,
            removed,
        }))
    }
}
