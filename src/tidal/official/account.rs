//! The user's side of the official API: the profile (`/users/me`), and playlist folders, which
//! the document keeps for TIDAL's own apps (`userCollectionFolders` is tier INTERNAL).

use serde_json::Value;

use crate::tidal::backend::{Library, Official};
use crate::tidal::model::{Folder, FolderContents, Profile};
use crate::tidal::{Capability, TidalError};

impl Library for Official<'_> {
    async fn folder_contents(&self, _folder: &str) -> Result<FolderContents, TidalError> {
        Err(Capability::Folders.unsupported())
    }

    async fn create_folder(&self, _name: &str, _parent: &str) -> Result<Folder, TidalError> {
        Err(Capability::Folders.unsupported())
    }

    async fn rename_folder(&self, _id: &str, _name: &str) -> Result<(), TidalError> {
        Err(Capability::Folders.unsupported())
    }

    async fn delete_folder(&self, _id: &str) -> Result<(), TidalError> {
        Err(Capability::Folders.unsupported())
    }

    async fn move_playlists(&self, _ids: &[String], _folder: &str) -> Result<(), TidalError> {
        Err(Capability::Folders.unsupported())
    }

    /// `GET /users/me`: the `users` resource's attributes.
    async fn profile(&self) -> Result<Profile, TidalError> {
        let doc = self.official_validate().await?;
        let d = &doc["data"];
        let a = &d["attributes"];
        let text = |k: &str| {
            a.get(k)
                .and_then(Value::as_str)
                .filter(|s| !s.is_empty())
                .map(str::to_string)
        };
        let user_id = d
            .get("id")
            .and_then(crate::tidal::model::id_of)
            .ok_or_else(|| TidalError::Protocol("unexpected body from /users/me".into()))?;
        Ok(Profile {
            user_id,
            username: text("username"),
            first_name: text("firstName"),
            last_name: text("lastName"),
            country_code: text("country"),
        })
    }
}
