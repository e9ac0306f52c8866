//! Preference tools: read and change the logged-in user's tidal-mcp preferences.

use rmcp::handler::server::wrapper::Parameters;
use rmcp::{tool, tool_router};
use serde_json::json;

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

fn user(ctx: &Ctx) -> Result<String, ToolError> {
    Ok(ctx.svc.active_user()?)
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
        let user = user(&ctx)?;
        Ok(Json(out::PreferencesOut {
            preferences: ctx.svc.preferences(&user),
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
        let user = user(&ctx)?;
        let changes = p.changes.into_map();
        if changes.is_empty() {
            return Err(ToolError::invalid(
                "changes is empty: name at least one preference to change",
            ));
        }
        ctx.svc.audit_local(
            "set_preferences",
            json!({"keys": changes.keys().collect::<Vec<_>>()}),
        )?;
        let preferences = ctx.svc.set_preferences(&user, &changes)?;
        Ok(Json(out::PreferencesOut { preferences }))
    }
}
