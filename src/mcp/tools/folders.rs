//! Playlist folder tools (the `folders` toolset) over `service::playlists` folders: list,
//! create, rename, delete (playlists moved to the top first) and move playlists in and out.
//! On the official API each says that TIDAL keeps folders for its own apps.

use rmcp::handler::server::wrapper::Parameters;
use rmcp::{tool, tool_router};
use schemars::JsonSchema;
use serde::Serialize;

use super::params::*;
use super::{Cached, Ctx, Json, ToolError, id, ids};
use crate::mcp::TidalMcp;
use crate::service::playlists::FolderDeleted;
use crate::tidal::model::{Folder, FolderContents, ROOT_FOLDER};

#[derive(Serialize, JsonSchema)]
pub struct FolderRenamed {
    /// The folder.
    pub folder_id: String,
    /// Its new name.
    pub name: String,
}

#[derive(Serialize, JsonSchema)]
pub struct PlaylistsMoved {
    /// The folder they are in now (`root`: the top of your collection).
    pub folder_id: String,
    /// The playlists moved.
    pub moved: Vec<String>,
}

/// A folder id or link; none means the top of the collection.
fn folder(input: Option<&str>) -> Result<String, ToolError> {
    input.map_or(Ok(ROOT_FOLDER.to_string()), |f| id(f, "folder"))
}

#[tool_router(router = folders_router, vis = "pub(crate)")]
impl TidalMcp {
    /// The folders and playlists in one of your playlist folders (the top by default).
    #[tool(
        title = "Playlist folders",
        annotations(
            read_only_hint = true,
            destructive_hint = false,
            idempotent_hint = true,
            open_world_hint = true
        )
    )]
    pub(crate) async fn list_folders(
        &self,
        ctx: Ctx,
        Parameters(p): Parameters<ListFoldersParams>,
    ) -> Result<Json<Cached<FolderContents>>, ToolError> {
        let f = folder(p.folder_id.as_deref())?;
        Ok(Json(ctx.svc.folder(&f).await?))
    }

    /// Creates a playlist folder (at the top, or inside another folder).
    #[tool(
        title = "Create folder",
        annotations(
            read_only_hint = false,
            destructive_hint = false,
            idempotent_hint = false,
            open_world_hint = true
        )
    )]
    pub(crate) async fn create_folder(
        &self,
        ctx: Ctx,
        Parameters(p): Parameters<CreateFolderParams>,
    ) -> Result<Json<Folder>, ToolError> {
        let parent = folder(p.parent_id.as_deref())?;
        Ok(Json(ctx.svc.create_folder(&p.name, &parent).await?))
    }

    /// Renames a playlist folder.
    #[tool(
        title = "Rename folder",
        annotations(
            read_only_hint = false,
            destructive_hint = false,
            idempotent_hint = true,
            open_world_hint = true
        )
    )]
    pub(crate) async fn rename_folder(
        &self,
        ctx: Ctx,
        Parameters(p): Parameters<RenameFolderParams>,
    ) -> Result<Json<FolderRenamed>, ToolError> {
        let fid = id(&p.folder_id, "folder")?;
        ctx.svc.rename_folder(&fid, &p.name).await?;
        Ok(Json(FolderRenamed {
            folder_id: fid,
            name: p.name.trim().to_string(),
        }))
    }

    /// Deletes a playlist folder; its playlists are kept, moved to the top first.
    #[tool(
        title = "Delete folder",
        annotations(
            read_only_hint = false,
            destructive_hint = true,
            idempotent_hint = true,
            open_world_hint = true
        )
    )]
    pub(crate) async fn delete_folder(
        &self,
        ctx: Ctx,
        Parameters(p): Parameters<DeleteFolderParams>,
    ) -> Result<Json<FolderDeleted>, ToolError> {
        let fid = id(&p.folder_id, "folder")?;
        ctx.svc.folders_available()?;
        let what = format!("Delete the playlist folder {fid}? Its playlists are kept.");
        super::confirm::confirm(&ctx, "delete_folder", &what, p.confirm).await?;
        Ok(Json(ctx.svc.delete_folder(&fid).await?))
    }

    /// Moves playlists into a folder, or out to the top (`folder_id` left out).
    #[tool(
        title = "Move to folder",
        annotations(
            read_only_hint = false,
            destructive_hint = false,
            idempotent_hint = true,
            open_world_hint = true
        )
    )]
    pub(crate) async fn move_to_folder(
        &self,
        ctx: Ctx,
        Parameters(p): Parameters<MoveToFolderParams>,
    ) -> Result<Json<PlaylistsMoved>, ToolError> {
        let pids = ids(&p.playlist_ids, "playlist")?;
        let f = folder(p.folder_id.as_deref())?;
        ctx.svc.move_to_folder(&pids, &f).await?;
        Ok(Json(PlaylistsMoved {
            folder_id: f,
            moved: pids,
        }))
    }
}
