//! The user's library on the official API: their playlists (with creators) and favourited
//! playlists, a playlist's items with the item ids that removals and moves name, playlist
//! writes, and favourites of every kind the document gives developer apps (tracks, albums,
//! artists, playlists, videos), sorted by `sort` on the whole collection.

use reqwest::Method;
use serde_json::{Value, json};

use super::document::{self, Included};
use super::{Call, MOVE_CHUNK, TidalClient, TidalError, WRITE_CHUNK, seg};
use crate::tidal::model::FavoriteKind;
use crate::tidal::model::{Page, Playlist, PlaylistItem};

/// The collection resource of a kind of favourite, and the include paths its items need.
fn collection(kind: FavoriteKind) -> Result<(&'static str, &'static str), TidalError> {
    Ok(match kind {
        FavoriteKind::Tracks => (
            "userCollectionTracks",
            "items,items.artists,items.albums,items.usageRules",
        ),
        FavoriteKind::Albums => ("userCollectionAlbums", "items,items.artists"),
        FavoriteKind::Artists => ("userCollectionArtists", "items"),
        FavoriteKind::Playlists => ("userCollectionPlaylists", "items,items.owners"),
        FavoriteKind::Videos => ("userCollectionVideos", "items,items.artists"),
        FavoriteKind::Mixes => {
            return Err(crate::tidal::Capability::FavoriteMixes.unsupported());
        }
    })
}

/// v1's favourite order (`DATE`, `NAME`, ...) and direction as the collection's `sort` value.
fn sort_of(kind: FavoriteKind, order: &str, direction: &str) -> Result<String, TidalError> {
    let member = match (order, kind) {
        ("DATE", _) => "addedAt",
        ("NAME", FavoriteKind::Artists | FavoriteKind::Playlists) => "name",
        ("NAME", _) => "title",
        ("ARTIST", FavoriteKind::Tracks | FavoriteKind::Albums | FavoriteKind::Videos) => {
            "artists.name"
        }
        ("ALBUM", FavoriteKind::Tracks) => "albums.title",
        ("LENGTH", FavoriteKind::Tracks | FavoriteKind::Videos) => "duration",
        ("RELEASE_DATE", FavoriteKind::Albums) => "releaseDate",
        _ => {
            return Err(TidalError::NotOnOfficialApi(format!(
                "sorting favourite {} by {}",
                kind.path(),
                order.to_lowercase()
            )));
        }
    };
    Ok(if direction == "ASC" {
        member.to_string()
    } else {
        format!("-{member}")
    })
}

impl TidalClient {
    fn playlist_items_call(&self, id: &str, include: &str) -> Call {
        let call = self
            .official_get(
                &format!("/playlists/{}/relationships/items", seg(id)),
                "/playlists/{id}/relationships/items",
            )
            .country();
        if include.is_empty() {
            call
        } else {
            call.q("include", include)
        }
    }

    /// The user's own playlists (with their creator), and with `include_favorited` the ones
    /// they favourited after them.
    pub(crate) async fn official_user_playlists(
        &self,
        include_favorited: bool,
        offset: u64,
        max: u64,
    ) -> Result<Page<Playlist>, TidalError> {
        let want = offset.saturating_add(max);
        let call = self
            .official_get("/playlists", "/playlists")
            .country()
            .q("filter[owners.id]", "me")
            .q("include", "owners");
        let (data, _) = self.official_pages(call, want, |_, _| true, |_| {}).await?;
        let mut lists: Vec<Playlist> = data.iter().filter_map(document::playlist).collect();
        if include_favorited && (lists.len() as u64) < want {
            let favs = self
                .official_favorites(FavoriteKind::Playlists, 0, want, "DATE", "DESC")
                .await?;
            for f in favs.items {
                if let Ok(p) = serde_json::from_value::<Playlist>(f["item"].clone())
                    && !lists.iter().any(|l| l.id == p.id)
                {
                    lists.push(p);
                }
            }
        }
        let total = lists.len() as u64;
        lists.drain(..(offset as usize).min(lists.len()));
        lists.truncate(max as usize);
        Ok(Page {
            limit: lists.len() as u64,
            items: lists,
            offset,
            total,
        })
    }

    pub(crate) async fn official_playlist(&self, id: &str) -> Result<Playlist, TidalError> {
        let call = self
            .official_get(&format!("/playlists/{}", seg(id)), "/playlists/{id}")
            .country()
            .q("include", "owners");
        let doc = self.official_doc(&call).await?;
        document::playlist(&doc["data"])
            .ok_or_else(|| TidalError::Protocol("unexpected playlist document".into()))
    }

    /// The playlist's items from `offset` (tracks; videos are left out as on v1), each with its
    /// index; `progress(done, total)` after each page.
    pub(crate) async fn official_playlist_items(
        &self,
        id: &str,
        offset: u64,
        max: u64,
        mut progress: impl FnMut(u64, u64),
    ) -> Result<Page<PlaylistItem>, TidalError> {
        let call =
            self.playlist_items_call(id, "items,items.artists,items.albums,items.usageRules");
        let want = offset.saturating_add(max);
        let (idents, inc) = self
            .official_pages(call, want, |_, _| true, |n| progress(n, want.max(n)))
            .await?;
        let total = idents.len() as u64;
        let items: Vec<PlaylistItem> = idents
            .iter()
            .enumerate()
            .skip(offset as usize)
            .filter_map(|(i, ident)| {
                let t = document::track(inc.get(ident)?, &inc)?;
                Some(PlaylistItem {
                    index: i as u64,
                    kind: ident["type"]
                        .as_str()
                        .unwrap_or("tracks")
                        .trim_end_matches('s')
                        .to_string(),
                    track: t,
                    added_at: ident["meta"]["addedAt"].as_str().map(str::to_string),
                })
            })
            .collect();
        progress(total, total);
        Ok(Page {
            limit: items.len() as u64,
            items,
            offset,
            total,
        })
    }

    pub(crate) async fn official_create_playlist(
        &self,
        title: &str,
        description: &str,
    ) -> Result<Playlist, TidalError> {
        let doc = json!({"data": {"type": "playlists", "attributes": {
            "name": title, "description": description, "accessType": "UNLISTED"}}});
        let call = Call::jsonapi_write(
            Method::POST,
            self.openapi("/playlists"),
            "/playlists",
            Some(doc),
        );
        let body = self.send(&call).await?.body;
        document::playlist(&body["data"])
            .ok_or_else(|| TidalError::Protocol("unexpected created playlist document".into()))
    }

    pub(crate) async fn official_delete_playlist(&self, id: &str) -> Result<(), TidalError> {
        let call = Call::jsonapi_write(
            Method::DELETE,
            self.openapi(&format!("/playlists/{}", seg(id))),
            "/playlists/{id}",
            None,
        );
        self.send(&call).await?;
        Ok(())
    }

    /// Renames, re-describes or changes the visibility of a playlist.
    pub(crate) async fn official_edit_playlist(
        &self,
        id: &str,
        attributes: Value,
    ) -> Result<(), TidalError> {
        let doc = json!({"data": {"type": "playlists", "id": id, "attributes": attributes}});
        let call = Call::jsonapi_write(
            Method::PATCH,
            self.openapi(&format!("/playlists/{}", seg(id))),
            "/playlists/{id}",
            Some(doc),
        );
        self.send(&call).await?;
        Ok(())
    }

    /// The playlist's item identifiers (with `meta.itemId`), in order.
    async fn official_item_ids(&self, id: &str) -> Result<Vec<Value>, TidalError> {
        let call = self.playlist_items_call(id, "");
        Ok(self
            .official_pages(call, u64::MAX, |_, _| true, |_| {})
            .await?
            .0)
    }

    fn item_write(&self, method: Method, id: &str, doc: Value) -> Call {
        Call::jsonapi_write(
            method,
            self.openapi(&format!("/playlists/{}/relationships/items", seg(id))),
            "/playlists/{id}/relationships/items",
            Some(doc),
        )
    }

    /// Adds tracks (at `position`: before the item there; else at the end) in writes of at
    /// most 50, each with its own idempotency key; returns the ids the API did not skip.
    pub(crate) async fn official_add_tracks(
        &self,
        id: &str,
        track_ids: &[String],
        position: Option<u64>,
    ) -> Result<Vec<String>, TidalError> {
        let before = match position {
            Some(p) => self
                .official_item_ids(id)
                .await?
                .get(p as usize)
                .and_then(|v| v["meta"]["itemId"].as_str())
                .map(str::to_string),
            None => None,
        };
        let mut added = Vec::new();
        for chunk in track_ids.chunks(WRITE_CHUNK) {
            let data: Vec<Value> = chunk
                .iter()
                .map(|t| json!({"type": "tracks", "id": t}))
                .collect();
            let mut doc = json!({"data": data});
            if let Some(b) = &before {
                doc["meta"] = json!({"positionBefore": b});
            }
            let body = self
                .send(&self.item_write(Method::POST, id, doc))
                .await?
                .body;
            let skipped: Vec<&str> = body["meta"]["skipped"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|s| s["id"].as_str())
                .collect();
            added.extend(
                chunk
                    .iter()
                    .filter(|t| !skipped.contains(&t.as_str()))
                    .cloned(),
            );
        }
        Ok(added)
    }

    fn item_ref(ident: &Value) -> Value {
        json!({"type": ident["type"], "id": ident["id"], "meta": {"itemId": ident["meta"]["itemId"]}})
    }

    /// Removes the items at these 0-based positions, named by their item ids, 50 at a time.
    pub(crate) async fn official_remove_indices(
        &self,
        id: &str,
        indices: &[u64],
    ) -> Result<(), TidalError> {
        let items = self.official_item_ids(id).await?;
        let chosen: Vec<Value> = indices
            .iter()
            .filter_map(|i| items.get(*i as usize))
            .map(Self::item_ref)
            .collect();
        for chunk in chosen.chunks(WRITE_CHUNK) {
            self.send(&self.item_write(Method::DELETE, id, json!({"data": chunk})))
                .await?;
        }
        Ok(())
    }

    /// Moves the items at `indices` to `to_index`, counted before the move (as on v1): before
    /// the item at `to_index` now, or the first one after it that is not moved (at the end when
    /// there is none), 20 at a time (the document's bound for a move).
    pub(crate) async fn official_move_indices(
        &self,
        id: &str,
        indices: &[u64],
        to_index: u64,
    ) -> Result<(), TidalError> {
        let items = self.official_item_ids(id).await?;
        let moving: Vec<Value> = indices
            .iter()
            .filter_map(|i| items.get(*i as usize))
            .map(Self::item_ref)
            .collect();
        let before = items
            .iter()
            .enumerate()
            .skip(to_index as usize)
            .find(|(i, _)| !indices.contains(&(*i as u64)))
            .and_then(|(_, v)| v["meta"]["itemId"].as_str())
            .map(str::to_string);
        for chunk in moving.chunks(MOVE_CHUNK) {
            let mut doc = json!({"data": chunk});
            if let Some(b) = &before {
                doc["meta"] = json!({"positionBefore": b});
            }
            self.send(&self.item_write(Method::PATCH, id, doc)).await?;
        }
        Ok(())
    }

    /// Favourites from `offset`, up to `max`, in v1's order, each with when it was added.
    pub(crate) async fn official_favorites(
        &self,
        kind: FavoriteKind,
        offset: u64,
        max: u64,
        order: &str,
        direction: &str,
    ) -> Result<Page<Value>, TidalError> {
        let (resource, include) = collection(kind)?;
        let mut call = self
            .official_get(
                &format!("/{resource}/me/relationships/items"),
                favorites_endpoint(kind),
            )
            .q("include", include)
            .q("sort", sort_of(kind, order, direction)?);
        if kind == FavoriteKind::Playlists {
            // Folders flattened: the playlists themselves.
            call = call.q("collectionView", "FLAT");
        }
        let (idents, inc) = self
            .official_pages(call, offset.saturating_add(max), |_, _| true, |_| {})
            .await?;
        let total = idents.len() as u64;
        let items: Vec<Value> = idents
            .iter()
            .skip(offset as usize)
            .filter_map(|ident| {
                let v = favorite(kind, inc.get(ident)?, &inc)?;
                Some(json!({"added": ident["meta"]["addedAt"], "item": v}))
            })
            .collect();
        Ok(Page {
            limit: items.len() as u64,
            items,
            offset,
            total,
        })
    }

    pub(crate) async fn official_change_favorites(
        &self,
        kind: FavoriteKind,
        ids: &[String],
        add: bool,
    ) -> Result<(), TidalError> {
        let (resource, _) = collection(kind)?;
        for chunk in ids.chunks(WRITE_CHUNK) {
            let data: Vec<Value> = chunk
                .iter()
                .map(|i| json!({"type": kind.path(), "id": i}))
                .collect();
            let call = Call::jsonapi_write(
                if add { Method::POST } else { Method::DELETE },
                self.openapi(&format!("/{resource}/me/relationships/items")),
                favorites_endpoint(kind),
                Some(json!({"data": data})),
            );
            self.send(&call).await?;
        }
        Ok(())
    }
}

fn favorite(kind: FavoriteKind, r: &Value, inc: &Included) -> Option<Value> {
    match kind {
        FavoriteKind::Tracks => serde_json::to_value(document::track(r, inc)?),
        FavoriteKind::Videos => serde_json::to_value(document::video(r, inc)?),
        FavoriteKind::Albums => serde_json::to_value(document::album(r, inc)?),
        FavoriteKind::Artists => serde_json::to_value(document::artist(r)?),
        FavoriteKind::Playlists => serde_json::to_value(document::playlist(r)?),
        FavoriteKind::Mixes => return None,
    }
    .ok()
}

fn favorites_endpoint(kind: FavoriteKind) -> &'static str {
    match kind {
        FavoriteKind::Tracks => "/userCollectionTracks/me/relationships/items",
        FavoriteKind::Albums => "/userCollectionAlbums/me/relationships/items",
        FavoriteKind::Artists => "/userCollectionArtists/me/relationships/items",
        FavoriteKind::Playlists => "/userCollectionPlaylists/me/relationships/items",
        FavoriteKind::Videos => "/userCollectionVideos/me/relationships/items",
        FavoriteKind::Mixes => "/favorites/mixes",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn v1_orders_become_the_collections_sort_values() {
        let s = |k, o, d| sort_of(k, o, d).unwrap();
        assert_eq!(s(FavoriteKind::Tracks, "DATE", "DESC"), "-addedAt");
        assert_eq!(s(FavoriteKind::Artists, "NAME", "ASC"), "name");
        assert_eq!(s(FavoriteKind::Tracks, "ALBUM", "ASC"), "albums.title");
        assert_eq!(
            s(FavoriteKind::Albums, "RELEASE_DATE", "DESC"),
            "-releaseDate"
        );
        assert!(sort_of(FavoriteKind::Artists, "LENGTH", "ASC").is_err());
    }
}
