//! Login tools: the login status and a non-blocking login (device flow or browser) that the
//! agent completes.

use super::{Ctx, Json, ToolError};
use crate::mcp::TidalMcp;
use crate::service::Service;
use rmcp::{tool, tool_router};

pub mod out {
    use schemars::JsonSchema;
    use serde::{Deserialize, Serialize};
    use serde_json::Value;

    #[derive(Serialize, Deserialize, JsonSchema)]
    pub struct AuthStatus {
        /// Whether a usable TIDAL session is stored.
        pub logged_in: bool,
        /// The TIDAL user id of the session.
        pub user_id: Option<String>,
        /// The session's country (ISO 3166-1 alpha-2); the catalogue depends on it.
        pub country_code: Option<String>,
        /// When the access token expires, in Unix seconds (it is refreshed on its own).
        pub expires_at: Option<i64>,
        /// A device login in progress (`state: pending`, with the code) or failed (`state:
        /// failed`, with `error` and `hint`), if any.
        pub login: Option<Value>,
    }

    #[derive(Serialize, Deserialize, JsonSchema)]
    pub struct LoginStarted {
        /// `device` (a code typed on TIDAL's page) or `pkce` (log in on TIDAL's page in the
        /// browser of this machine).
        pub flow: crate::service::session::LoginFlow,
        /// The page the user opens.
        pub url: String,
        /// Device flow: the code to enter, if the page does not show it already.
        pub user_code: Option<String>,
        /// Seconds until the login expires.
        pub expires_in_s: u64,
        /// What to tell the user.
        pub message: String,
    }
}

/// The login status, as the tool and the `tidal://me` resource answer it.
pub(in crate::mcp) fn status(svc: &Service) -> out::AuthStatus {
    let s = svc.current_session();
    out::AuthStatus {
        logged_in: s.as_ref().is_some_and(|s| !s.revoked),
        user_id: s.as_ref().map(|s| s.user_id.clone()),
        country_code: s.as_ref().map(|s| s.country_code.clone()),
        expires_at: s.as_ref().map(|s| s.expires_at),
        login: svc.login_progress(),
    }
}

#[tool_router(router = auth_router, vis = "pub(crate)")]
impl TidalMcp {
    /// Whether you are logged in to TIDAL, as whom and until when; shows a pending login.
    #[tool(
        title = "Login status",
        annotations(
            read_only_hint = true,
            destructive_hint = false,
            idempotent_hint = true,
            open_world_hint = false
        )
    )]
    pub(crate) async fn auth_status(&self, ctx: Ctx) -> Result<Json<out::AuthStatus>, ToolError> {
        Ok(Json(status(&ctx.svc)))
    }

    /// Starts a TIDAL login: returns a URL for the user to open. Then call auth_status.
    #[tool(
        title = "Start TIDAL login",
        annotations(
            read_only_hint = false,
            destructive_hint = false,
            idempotent_hint = false,
            open_world_hint = true
        )
    )]
    pub(crate) async fn auth_login(&self, ctx: Ctx) -> Result<Json<out::LoginStarted>, ToolError> {
        let info = ctx.svc.start_assistant_login().await?;
        let message = match (&info.user_code, &info.verification_uri) {
            (Some(code), Some(page)) => format!(
                "Open {} (or {page} and enter the code {code}). Then call auth_status.",
                info.url
            ),
            _ => format!(
                "Open {} in a browser on the machine tidal-mcp runs on and log in to TIDAL; it \
                 comes back to tidal-mcp by itself. Then call auth_status.",
                info.url
            ),
        };
        Ok(Json(out::LoginStarted {
            flow: info.flow,
            url: info.url,
            user_code: info.user_code,
            expires_in_s: info.expires_in_s,
            message,
        }))
    }

    /// Your TIDAL profile: user name, first and last name, country.
    #[tool(
        title = "Your profile",
        annotations(
            read_only_hint = true,
            destructive_hint = false,
            idempotent_hint = true,
            open_world_hint = true
        )
    )]
    pub(crate) async fn get_profile(
        &self,
        ctx: Ctx,
    ) -> Result<Json<super::Cached<crate::tidal::model::Profile>>, ToolError> {
        Ok(Json(ctx.svc.profile().await?))
    }
}
