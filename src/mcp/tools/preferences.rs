//! Preference tools: read and change the logged-in user's tidal-mcp preferences.

use rmcp::handler::server::wrapper::Parameters;
use rmcp::{tool, tool_router};

use super::params::*;
use super::{Ctx, Json, ToolError};
use crate::mcp::TidalMcp;

pub mod out {
    use schemars::JsonSchema;
    use serde::Serialize;

    #[derive(Serialize, JsonSchema)]
    pub struct PreferencesOut {
        /// Your preferences after the call.
        pub preferences: crate::service::prefs::Preferences,
    }
}

#[tool_router(router = preferences_router, vis = "pub(crate)")]
impl TidalMcp {
    /// Your tidal-mcp preferences.
    #[tool(
        title = "Your preferences",
        annotations(
            read_only_hint = true,
            destructive_hint = false,
            idempotent_hint = true,
            open_world_hint = false
        )
    )]
    pub(crate) async fn get_preferences(
        &self,
        ctx: Ctx,
    ) -> Result<Json<out::PreferencesOut>, ToolError> {
        Ok(Json(out::PreferencesOut {
            preferences: ctx.svc.preferences(&ctx.svc.active_user()?),
        }))
    }

    /// Changes tidal-mcp preferences.
    #[tool(
        title = "Change preferences",
        annotations(
            read_only_hint = false,
            destructive_hint = false,
            idempotent_hint = true,
            open_world_hint = false
        )
    )]
    pub(crate) async fn set_preferences(
        &self,
        ctx: Ctx,
        Parameters(p): Parameters<SetPreferencesParams>,
    ) -> Result<Json<out::PreferencesOut>, ToolError> {
        let preferences = ctx.svc.change_preferences(&p.changes.into_map())?;
        Ok(Json(out::PreferencesOut { preferences }))
    }
}
