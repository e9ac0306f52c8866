//! Playlist folders (v1 sessions; the official API keeps them for TIDAL's own apps): a folder's
//! contents read through the cache with the playlist list's tag, and writes on the playlist
//! road (limit, audit first, tags dropped). Deleting a folder never deletes a playlist: its
//! playlists are moved to the top first, so whatever TIDAL does with a folder's contents, none
//! is lost; a folder that holds folders is refused. A kill between the two steps leaves the
//! folder empty and its playlists at the top: deleting it again finishes the job.

use schemars::JsonSchema;
use serde::Serialize;
use serde_json::json;

use super::LIST_TAG;
use crate::service::cache::{Cached, Kind};
use crate::service::limits::Category;
use crate::service::{Service, ServiceError};
use crate::tidal::model::{Folder, FolderContents, ROOT_FOLDER};
use crate::tidal::{Capability, Library};

/// The cache tag of every folder's contents.
const FOLDERS_TAG: &str = "folders";

/// A deleted folder and the playlists moved out of it first.
#[derive(Serialize, JsonSchema)]
pub struct FolderDeleted {
    /// The folder deleted.
    pub deleted: String,
    /// Its playlists, now at the top of your collection.
    pub moved_to_top: Vec<String>,
}

impl Service {
    /// The folders and playlists in `folder` (`root` for the top).
    pub async fn folder(&self, folder: &str) -> Result<Cached<FolderContents>, ServiceError> {
        self.tidal.backend().require(Capability::Folders)?;
        self.read(
            Kind::Library,
            "folder",
            json!(folder),
            &[FOLDERS_TAG, LIST_TAG],
            || async { Ok(self.tidal.backend().folder_contents(folder).await?) },
        )
        .await
    }

    /// A new folder in `parent` (`root` for the top).
    pub async fn create_folder(&self, name: &str, parent: &str) -> Result<Folder, ServiceError> {
        let name = folder_name(name)?;
        self.folder_write().await?;
        let details = json!({"parent": parent});
        self.audited("create_folder", details, &[FOLDERS_TAG, LIST_TAG], async {
            Ok(self.tidal.backend().create_folder(name, parent).await?)
        })
        .await
    }

    pub async fn rename_folder(&self, id: &str, name: &str) -> Result<(), ServiceError> {
        let name = folder_name(name)?;
        self.folder_write().await?;
        let details = json!({"folder_id": id});
        self.audited("rename_folder", details, &[FOLDERS_TAG, LIST_TAG], async {
            Ok(self.tidal.backend().rename_folder(id, name).await?)
        })
        .await
    }

    /// Moves the folder's playlists to the top, then deletes the folder. A folder holding
    /// folders is refused (TIDAL's sources do not say what happens to them).
    pub async fn delete_folder(&self, id: &str) -> Result<FolderDeleted, ServiceError> {
        if id == ROOT_FOLDER {
            return Err(ServiceError::Invalid(
                "the top of your collection is not a folder that can be deleted".into(),
            ));
        }
        self.folder_write().await?;
        let api = self.tidal.backend();
        let inside = api.folder_contents(id).await?;
        if !inside.folders.is_empty() {
            return Err(ServiceError::Invalid(format!(
                "the folder holds {} folder(s); delete those first (list_folders with folder_id \
                 `{id}` shows them)",
                inside.folders.len()
            )));
        }
        let moved: Vec<String> = inside.playlists.into_iter().map(|p| p.id).collect();
        let details = json!({"folder_id": id, "playlists_moved": moved.len()});
        self.audited("delete_folder", details, &[FOLDERS_TAG, LIST_TAG], async {
            if !moved.is_empty() {
                api.move_playlists(&moved, ROOT_FOLDER).await?;
            }
            Ok(api.delete_folder(id).await?)
        })
        .await?;
        Ok(FolderDeleted {
            deleted: id.to_string(),
            moved_to_top: moved,
        })
    }

    /// Moves playlists into `folder` (`root` for the top).
    pub async fn move_to_folder(
        &self,
        playlist_ids: &[String],
        folder: &str,
    ) -> Result<(), ServiceError> {
        if playlist_ids.is_empty() {
            return Err(ServiceError::Invalid("no playlist to move".into()));
        }
        self.folder_write().await?;
        let details = json!({"folder_id": folder, "playlists": playlist_ids.len()});
        self.audited("move_to_folder", details, &[FOLDERS_TAG, LIST_TAG], async {
            Ok(self
                .tidal
                .backend()
                .move_playlists(playlist_ids, folder)
                .await?)
        })
        .await
    }

    /// `Ok` when the session's API has playlist folders (a tool asks before it asks the user
    /// to confirm a change that could not be made).
    pub fn folders_available(&self) -> Result<(), ServiceError> {
        Ok(self.tidal.backend().require(Capability::Folders)?)
    }

    /// A folder write is admitted: the API has folders and the playlist limit allows it.
    async fn folder_write(&self) -> Result<(), ServiceError> {
        self.folders_available()?;
        self.check_limit(Category::PlaylistOperations).await
    }
}

fn folder_name(name: &str) -> Result<&str, ServiceError> {
    match name.trim() {
        "" => Err(ServiceError::Invalid("the folder name is empty".into())),
        n => Ok(n),
    }
}
