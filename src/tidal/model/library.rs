//! The user's side of the model: playlist folders and the profile.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::Playlist;

/// The id TIDAL gives the top of the folder tree.
pub const ROOT_FOLDER: &str = "root";

/// A playlist folder.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Folder {
    /// Folder id.
    pub id: String,
    /// Name.
    pub name: String,
    /// How many playlists and folders it holds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub number_of_items: Option<u64>,
    /// When it was created (ISO 8601).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created: Option<String>,
    /// When it last changed (ISO 8601).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_modified: Option<String>,
    /// TIDAL link.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub url: String,
}

/// What one folder holds: its folders, then its playlists.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct FolderContents {
    /// The folder listed (`root` for the top).
    pub folder_id: String,
    /// Its folders, by name.
    pub folders: Vec<Folder>,
    /// Its playlists, by name.
    pub playlists: Vec<Playlist>,
}

/// The logged-in user as TIDAL describes them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Profile {
    /// User id.
    pub user_id: String,
    /// User name (often the e-mail address the account was made with).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub username: Option<String>,
    /// First name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_name: Option<String>,
    /// Last name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_name: Option<String>,
    /// The country TIDAL serves the account in (ISO 3166-1 alpha-2).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country_code: Option<String>,
}
