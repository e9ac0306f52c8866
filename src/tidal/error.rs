//! What can go wrong talking to TIDAL, as typed variants with messages a person can act on.

use crate::failure::Failure;

#[derive(Debug, Clone, thiserror::Error)]
pub enum TidalError {
    #[error("not logged in to TIDAL")]
    NotLoggedIn,
    #[error("the TIDAL session has expired or was revoked")]
    SessionExpired,
    #[error("no TIDAL app credentials configured")]
    NoCredentials,
    #[error("TIDAL rejected the app credentials: {0}")]
    BadCredentials(String),
    /// The session is kept: its refresh token may be good, the refresh itself was refused.
    #[error("cannot refresh the TIDAL session: {0}")]
    CannotRefresh(String),
    #[error("not found on TIDAL: {0}")]
    NotFound(String),
    #[error("TIDAL is rate limiting requests; retry in {wait_s}s")]
    RateLimited { wait_s: u64 },
    #[error("the playlist changed while it was being edited (412) and retries ran out")]
    PreconditionFailed,
    #[error("TIDAL refused the request: {0}")]
    BadRequest(String),
    #[error("TIDAL is unavailable: {0}")]
    Unavailable(String),
    #[error("the login code expired before it was used")]
    LoginExpired,
    #[error("the login was denied")]
    LoginDenied,
    /// The device flow is refused to this app: it is not a "Limited Input Device" client.
    #[error("this TIDAL app cannot use the device login: {0}")]
    NotDeviceClient(String),
    #[error(
        "the browser came back with the answer to another login (state mismatch); nothing was stored"
    )]
    LoginMismatch,
    #[error("TIDAL refused the authorization code: {0}")]
    CodeRejected(String),
    #[error("the browser login failed: {0}")]
    LoginFailed(String),
    /// What a session from a browser (PKCE) login cannot do yet on TIDAL's official API.
    #[error(
        "{0} is not available on TIDAL's official API, which this session (a browser login) uses"
    )]
    NotOnOfficialApi(String),
    #[error("unexpected answer from TIDAL: {0}")]
    Protocol(String),
    #[error("could not store the session: {0}")]
    Storage(String),
}

impl TidalError {
    pub fn hint(&self) -> Option<String> {
        Some(match self {
            TidalError::NotLoggedIn => "run `tidal-mcp login` (or call the auth_login tool)".into(),
            TidalError::SessionExpired => "run `tidal-mcp login` to log in again".into(),
            TidalError::NoCredentials => format!(
                "register an app at developer.tidal.com (or use your own device-flow client) and set {} \
                 (and {} if it has one), or [tidal] client_id in the config file",
                crate::env_vars::CLIENT_ID,
                crate::env_vars::CLIENT_SECRET
            ),
            TidalError::BadCredentials(_) => format!(
                "check {} / {}; TIDAL's device login needs a 'Limited Input Device' client",
                crate::env_vars::CLIENT_ID,
                crate::env_vars::CLIENT_SECRET
            ),
            TidalError::CannotRefresh(_) => format!(
                "the session is kept; check the app credentials it was issued to ({} / {}), \
                 or run `tidal-mcp login` again",
                crate::env_vars::CLIENT_ID,
                crate::env_vars::CLIENT_SECRET
            ),
            TidalError::NotFound(_) => {
                "check the id; the item may also be unavailable in your country".into()
            }
            TidalError::RateLimited { wait_s } => format!("wait {wait_s} seconds and try again"),
            TidalError::PreconditionFailed => "read the playlist again and retry the change".into(),
            TidalError::Unavailable(_) => {
                "check your network; TIDAL may be down, try again later".into()
            }
            TidalError::LoginExpired => "run `tidal-mcp login` again and finish it sooner; if \
                 TIDAL's page refused the redirect URI, register tidal.redirect_uri in your app \
                 at developer.tidal.com first"
                .into(),
            TidalError::LoginDenied => "run `tidal-mcp login` again and approve the request".into(),
            TidalError::NotDeviceClient(_) => {
                "log in in the browser instead: `tidal-mcp login --pkce` (or tidal.auth_flow = \"auto\")"
                    .into()
            }
            TidalError::LoginMismatch => {
                "run `tidal-mcp login` again and finish it with the link it prints".into()
            }
            TidalError::CodeRejected(_) => {
                "the code expired or was used already; run `tidal-mcp login` again".into()
            }
            TidalError::NotOnOfficialApi(_) => "everything else works with this session; for this, \
                 log in with a TIDAL device client (`tidal-mcp login --device`)"
                .into(),
            TidalError::LoginFailed(_) => "if TIDAL says the redirect URI is not allowed, register \
                 tidal.redirect_uri (default http://localhost:8912/callback) in your app at \
                 developer.tidal.com, then run `tidal-mcp login` again"
                .into(),
            _ => return None,
        })
    }

    /// What kind of failure this is (`crate::failure`).
    pub fn kind(&self) -> Failure {
        match self {
            TidalError::NotLoggedIn => Failure::NotLoggedIn,
            TidalError::SessionExpired => Failure::SessionExpired,
            TidalError::NoCredentials => Failure::NoCredentials,
            TidalError::BadCredentials(_) => Failure::BadCredentials,
            TidalError::CannotRefresh(_) => Failure::CannotRefresh,
            TidalError::NotFound(_) => Failure::NotFound,
            TidalError::RateLimited { .. } => Failure::RateLimited,
            TidalError::PreconditionFailed => Failure::PreconditionFailed,
            TidalError::BadRequest(_) => Failure::BadRequest,
            TidalError::Unavailable(_) => Failure::Unavailable,
            TidalError::LoginExpired => Failure::LoginExpired,
            TidalError::LoginDenied => Failure::LoginDenied,
            TidalError::NotDeviceClient(_) => Failure::NotDeviceClient,
            TidalError::LoginMismatch => Failure::LoginMismatch,
            TidalError::CodeRejected(_) => Failure::CodeRejected,
            TidalError::LoginFailed(_) => Failure::LoginFailed,
            TidalError::NotOnOfficialApi(_) => Failure::NotOnOfficialApi,
            TidalError::Protocol(_) => Failure::Protocol,
            TidalError::Storage(_) => Failure::Storage,
        }
    }
}
