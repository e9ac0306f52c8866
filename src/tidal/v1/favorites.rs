//! Favourites: read, add and remove tracks, albums, artists, playlists, videos (v1) and mixes (v2).

use reqwest::Method;
use serde_json::Value;

use crate::tidal::backend::{Favorites, V1};
use crate::tidal::model::{FavoriteKind, Page};
use crate::tidal::{Call, TidalClient, TidalError};

/// The form field a v1 add names its ids in, as tidalapi sends it (comma-joined).
fn form_field(kind: FavoriteKind) -> &'static str {
    match kind {
        FavoriteKind::Tracks => "trackId",
        FavoriteKind::Albums => "albumId",
        FavoriteKind::Artists => "artistId",
        FavoriteKind::Videos => "videoIds",
        // Playlists and mixes are favourited through the v2 collection calls.
        FavoriteKind::Playlists | FavoriteKind::Mixes => "",
    }
}

/// Favourite mixes come 50 to a page.
const MIX_PAGE: u64 = 50;

impl TidalClient {}

impl TidalClient {
    /// Favourite mixes (v2, as tidalapi reads them): pages of 50 from `offset` until `max` or
    /// a short page.
    async fn favorite_mixes(
        &self,
        offset: u64,
        max: u64,
        order: &str,
        direction: &str,
    ) -> Result<Page<Value>, TidalError> {
        let mut items = Vec::new();
        let mut at = offset;
        while (items.len() as u64) < max {
            let want = (max - items.len() as u64).min(MIX_PAGE);
            let call = Call::get(self.api("/v2/favorites/mixes"), "/v2/favorites/mixes")
                .q("limit", want)
                .q("offset", at)
                .q("order", order)
                .q("orderDirection", direction);
            let b = self.send(&call).await?.body;
            let page = b["items"].as_array().cloned().unwrap_or_default();
            let n = page.len() as u64;
            items.extend(page.iter().filter_map(|m| {
                super::parse::parse_mix(m).map(|m| serde_json::to_value(m).unwrap_or_default())
            }));
            at += n;
            if n < want {
                break;
            }
        }
        let total = offset + items.len() as u64;
        Ok(Page {
            limit: items.len() as u64,
            items,
            offset,
            total,
        })
    }

    /// Adds or removes favourite mixes (v2, failing on an unknown mix, as tidalapi asks).
    async fn change_favorite_mixes(&self, ids: &[String], add: bool) -> Result<(), TidalError> {
        let (url, endpoint) = if add {
            ("/v2/favorites/mixes/add", "/v2/favorites/mixes/add")
        } else {
            ("/v2/favorites/mixes/remove", "/v2/favorites/mixes/remove")
        };
        for chunk in ids.chunks(50) {
            let call = Call::write(Method::PUT, self.api(url), endpoint)
                .q("mixIds", chunk.join(","))
                .q("onArtifactNotFound", "FAIL");
            self.send(&call).await?;
        }
        Ok(())
    }
}

fn favorite_endpoint(kind: FavoriteKind) -> &'static str {
    match kind {
        FavoriteKind::Tracks => "/v1/users/{id}/favorites/tracks",
        FavoriteKind::Albums => "/v1/users/{id}/favorites/albums",
        FavoriteKind::Artists => "/v1/users/{id}/favorites/artists",
        FavoriteKind::Playlists => "/v1/users/{id}/favorites/playlists",
        FavoriteKind::Videos => "/v1/users/{id}/favorites/videos",
        FavoriteKind::Mixes => "/v2/favorites/mixes",
    }
}

impl Favorites for V1<'_> {
    async fn favorites(
        &self,
        kind: FavoriteKind,
        offset: u64,
        max: u64,
        order: &str,
        direction: &str,
    ) -> Result<Page<Value>, TidalError> {
        if kind == FavoriteKind::Mixes {
            return self.favorite_mixes(offset, max, order, direction).await;
        }
        let uid = self.user_id()?;
        let call = Call::get(
            self.api(&format!("/v1/users/{uid}/favorites/{}", kind.path())),
            favorite_endpoint(kind),
        )
        .q("order", order)
        .q("orderDirection", direction);
        let (parsed, total, _) = self
            .collect(
                &call,
                offset,
                max,
                |_, _| {},
                |_, raw| {
                    let item = super::parse::unwrap_item(raw);
                    let v = match kind {
                        FavoriteKind::Tracks | FavoriteKind::Videos => {
                            serde_json::to_value(super::parse::parse_track(item)?)
                        }
                        FavoriteKind::Albums => {
                            serde_json::to_value(super::parse::parse_album(item)?)
                        }
                        FavoriteKind::Artists => {
                            serde_json::to_value(super::parse::parse_artist(item)?)
                        }
                        FavoriteKind::Playlists => {
                            serde_json::to_value(super::parse::parse_playlist(item)?)
                        }
                        FavoriteKind::Mixes => return None,
                    }
                    .ok()?;
                    Some(serde_json::json!({"added": raw.get("created"), "item": v}))
                },
            )
            .await?;
        Ok(Page {
            limit: parsed.len() as u64,
            items: parsed,
            offset,
            total,
        })
    }

    async fn add_favorites(&self, kind: FavoriteKind, ids: &[String]) -> Result<(), TidalError> {
        if kind == FavoriteKind::Mixes {
            return self.change_favorite_mixes(ids, true).await;
        }
        if kind == FavoriteKind::Playlists {
            // Into the collection's root folder, as tidalapi adds them.
            for chunk in ids.chunks(50) {
                let call = Call::write(
                    Method::PUT,
                    self.api("/v2/my-collection/playlists/folders/add-favorites"),
                    "/v2/my-collection/playlists/folders/add-favorites",
                )
                .q("folderId", "root")
                .q("uuids", chunk.join(","));
                self.send(&call).await?;
            }
            return Ok(());
        }
        let uid = self.user_id()?;
        for chunk in ids.chunks(50) {
            let call = Call::write(
                Method::POST,
                self.api(&format!("/v1/users/{uid}/favorites/{}", kind.path())),
                favorite_endpoint(kind),
            )
            .form(vec![(form_field(kind), chunk.join(","))]);
            self.send(&call).await?;
        }
        Ok(())
    }

    async fn remove_favorites(&self, kind: FavoriteKind, ids: &[String]) -> Result<(), TidalError> {
        if kind == FavoriteKind::Mixes {
            return self.change_favorite_mixes(ids, false).await;
        }
        if kind == FavoriteKind::Playlists {
            for chunk in ids.chunks(50) {
                let trns: Vec<String> = chunk.iter().map(|u| format!("trn:playlist:{u}")).collect();
                let call = Call::write(
                    Method::PUT,
                    self.api("/v2/my-collection/playlists/folders/remove"),
                    "/v2/my-collection/playlists/folders/remove",
                )
                .q("trns", trns.join(","));
                self.send(&call).await?;
            }
            return Ok(());
        }
        let uid = self.user_id()?;
        for id in ids {
            let call = Call::write(
                Method::DELETE,
                self.api(&format!("/v1/users/{uid}/favorites/{}/{id}", kind.path())),
                "/v1/users/{id}/favorites/{kind}/{id}",
            );
            self.send(&call).await?;
        }
        Ok(())
    }
}
