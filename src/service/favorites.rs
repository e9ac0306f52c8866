//! Favourites: a page of one kind, read through the cache (library kind, per user, tagged
//! `favorites`), and additions and removals, each limited as an API call, audited before it is
//! sent, and dropping the tag so the next read is fresh. Favourite mixes are asked of the
//! session's API first: the official API has none.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use super::cache::{Cached, Kind};
use super::limits::Category;
use super::{Service, ServiceError};
use crate::tidal::model::FavoriteKind;
use crate::tidal::{Capability, Favorites};

/// The cache tag every favourites read carries and every change drops.
pub(super) const TAG: &str = "favorites";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum FavoriteOrder {
    Date,
    Name,
    Artist,
    Album,
    Length,
    ReleaseDate,
}

impl FavoriteOrder {
    pub fn as_str(self) -> &'static str {
        match self {
            FavoriteOrder::Date => "DATE",
            FavoriteOrder::Name => "NAME",
            FavoriteOrder::Artist => "ARTIST",
            FavoriteOrder::Album => "ALBUM",
            FavoriteOrder::Length => "LENGTH",
            FavoriteOrder::ReleaseDate => "RELEASE_DATE",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "UPPERCASE")]
pub enum Direction {
    Asc,
    Desc,
}

impl Direction {
    pub fn as_str(self) -> &'static str {
        match self {
            Direction::Asc => "ASC",
            Direction::Desc => "DESC",
        }
    }
}

/// A page of favourites.
#[derive(Serialize, Deserialize, JsonSchema)]
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

/// An addition or a removal.
#[derive(Clone, Copy)]
enum Change {
    Add,
    Remove,
}

impl Service {
    pub async fn favorites(
        &self,
        kind: FavoriteKind,
        offset: u64,
        limit: u64,
        order: FavoriteOrder,
        direction: Direction,
    ) -> Result<Cached<FavoritesPage>, ServiceError> {
        if kind == FavoriteKind::Mixes {
            self.tidal.backend().require(Capability::FavoriteMixes)?;
        }
        let (order, direction) = (order.as_str(), direction.as_str());
        let key = json!([kind.path(), limit, offset, order, direction]);
        self.read(Kind::Library, "favorites", key, &[TAG], || async {
            let api = self.tidal.backend();
            let page = api.favorites(kind, offset, limit, order, direction).await?;
            Ok(FavoritesPage {
                items: page.items,
                offset: page.offset,
                limit: page.limit,
                total: page.total,
            })
        })
        .await
    }

    /// Adds `ids` (already checked for their kind's shape) to the favourites.
    pub async fn add_favorites(
        &self,
        kind: FavoriteKind,
        ids: &[String],
    ) -> Result<(), ServiceError> {
        self.change_favorites(kind, ids, Change::Add).await
    }

    pub async fn remove_favorites(
        &self,
        kind: FavoriteKind,
        ids: &[String],
    ) -> Result<(), ServiceError> {
        self.change_favorites(kind, ids, Change::Remove).await
    }

    async fn change_favorites(
        &self,
        kind: FavoriteKind,
        ids: &[String],
        change: Change,
    ) -> Result<(), ServiceError> {
        if ids.is_empty() {
            return Err(ServiceError::Invalid("ids is empty".into()));
        }
        self.check_limit(Category::ApiCalls).await?;
        let action = match change {
            Change::Add => "add_favorites",
            Change::Remove => "remove_favorites",
        };
        self.audit_write(action, json!({"type": kind.path(), "count": ids.len()}))?;
        let api = self.tidal.backend();
        match change {
            Change::Add => api.add_favorites(kind, ids).await?,
            Change::Remove => api.remove_favorites(kind, ids).await?,
        }
        self.invalidate(&[TAG]);
        Ok(())
    }
}
