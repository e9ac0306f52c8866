//! Playlist folders and the profile on the v1 API, as tidalapi 0.8.11 reaches them: the
//! folders through the legacy API's `/v2/my-collection/playlists/folders` calls (listed by
//! `folderId` with `includeOnly` FOLDER or PLAYLIST, changed by PUTs naming `trn`s), the
//! profile from `/v1/users/{id}`.

use reqwest::Method;
use serde_json::Value;

use super::parse;
use crate::tidal::backend::{Library, V1};
use crate::tidal::model::{Folder, FolderContents, Profile};
use crate::tidal::{Call, TidalError};

const FOLDERS: &str = "/v2/my-collection/playlists/folders";

/// How TIDAL names a folder or playlist in the folder calls.
fn trn(kind: &str, id: &str) -> String {
    format!("trn:{kind}:{id}")
}

/// A folder entry (`{"trn", "name", "data": {"id", "createdAt", ...}}`), as tidalapi's
/// `Folder.parse` reads it.
fn parse_folder(v: &Value) -> Option<Folder> {
    let data = v.get("data").filter(|d| d.is_object()).unwrap_or(v);
    let id = data.get("id").and_then(crate::tidal::model::id_of)?;
    let text = |o: &Value, k: &str| o.get(k).and_then(Value::as_str).map(str::to_string);
    Some(Folder {
        url: format!("https://listen.tidal.com/folder/{id}"),
        name: text(v, "name")
            .or_else(|| text(data, "name"))
            .unwrap_or_default(),
        number_of_items: data.get("totalNumberOfItems").and_then(Value::as_u64),
        created: text(data, "createdAt"),
        last_modified: text(data, "lastModifiedAt").or_else(|| text(v, "lastModifiedAt")),
        id,
    })
}

impl V1<'_> {
    /// One kind of entry (`FOLDER` or `PLAYLIST`) of a folder, every page, by name.
    fn folder_listing(&self, folder: &str, only: &str) -> Call {
        Call::get(self.api(FOLDERS), FOLDERS)
            .q("folderId", folder)
            .q("order", "NAME")
            .q("includeOnly", only)
    }

    fn folder_write(&self, action: &'static str, endpoint: &'static str) -> Call {
        Call::write(
            Method::PUT,
            self.api(&format!("{FOLDERS}/{action}")),
            endpoint,
        )
    }
}

impl Library for V1<'_> {
    async fn folder_contents(&self, folder: &str) -> Result<FolderContents, TidalError> {
        let all = u64::MAX;
        let (folders, _, _) = self
            .collect(
                &self.folder_listing(folder, "FOLDER"),
                0,
                all,
                |_, _| {},
                |_, raw| parse_folder(raw),
            )
            .await?;
        let (playlists, _, _) = self
            .collect(
                &self.folder_listing(folder, "PLAYLIST"),
                0,
                all,
                |_, _| {},
                |_, raw| raw.get("data").and_then(parse::parse_playlist),
            )
            .await?;
        Ok(FolderContents {
            folder_id: folder.to_string(),
            folders,
            playlists,
        })
    }

    async fn create_folder(&self, name: &str, parent: &str) -> Result<Folder, TidalError> {
        let call = self
            .folder_write(
                "create-folder",
                "/v2/my-collection/playlists/folders/create-folder",
            )
            .q("name", name)
            .q("folderId", parent);
        let b = self.send(&call).await?.body;
        parse_folder(&b).ok_or_else(|| TidalError::Protocol("created folder body".into()))
    }

    async fn rename_folder(&self, id: &str, name: &str) -> Result<(), TidalError> {
        let call = self
            .folder_write("rename", "/v2/my-collection/playlists/folders/rename")
            .q("trn", trn("folder", id))
            .q("name", name);
        self.send(&call).await.map(drop)
    }

    async fn delete_folder(&self, id: &str) -> Result<(), TidalError> {
        let call = self
            .folder_write("remove", "/v2/my-collection/playlists/folders/remove")
            .q("trns", trn("folder", id));
        self.send(&call).await.map(drop)
    }

    async fn move_playlists(
        &self,
        playlist_ids: &[String],
        folder: &str,
    ) -> Result<(), TidalError> {
        let trns: Vec<String> = playlist_ids.iter().map(|p| trn("playlist", p)).collect();
        let call = self
            .folder_write("move", "/v2/my-collection/playlists/folders/move")
            .q("folderId", folder)
            .q("trns", trns.join(","));
        self.send(&call).await.map(drop)
    }

    /// `/v1/users/{id}`, as tidalapi's `LoggedInUser` reads it.
    async fn profile(&self) -> Result<Profile, TidalError> {
        let uid = self.user_id()?;
        let b = self
            .send(&self.get(format!("/v1/users/{uid}"), "/v1/users/{id}"))
            .await?
            .body;
        let text = |k: &str| {
            b.get(k)
                .and_then(Value::as_str)
                .filter(|s| !s.is_empty())
                .map(str::to_string)
        };
        Ok(Profile {
            user_id: b
                .get("id")
                .and_then(crate::tidal::model::id_of)
                .unwrap_or(uid),
            username: text("username"),
            first_name: text("firstName"),
            last_name: text("lastName"),
            country_code: text("countryCode"),
        })
    }
}
